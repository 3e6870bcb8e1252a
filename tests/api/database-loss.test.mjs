// Losing the database (PostgreSQL only: SQLite is a file inside the process).
// While the database refuses connections the API answers 503 with a clear
// message; when it is back the server reconnects by itself. A connection cut
// by a restart or failover is noticed before the next statement, which then
// runs on a new connection.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PG, startServer, Client, raw, assertProblem, sqlJson, sqlCluster, dbName, unitByName, createDb, dropDb } from './lib.mjs';

const skip = !PG && 'PostgreSQL only (LANGSO_TEST_PG)';
let s; let admin; let team;
before(async () => {
  if (!PG) return;
  s = await startServer();
  admin = await Client.login(s.url, 'admin');
  const hoaMuc = await unitByName(admin, 'Xã Hoà Mục');
  team = (await admin.ok(`/api/v1/units/${hoaMuc.id}/teams`)).items[0];
});
after(async () => {
  if (s) sqlCluster(`ALTER DATABASE ${dbName(s.db)} ALLOW_CONNECTIONS true`);
  await s?.stop();
});

// Cuts the server's connections and waits (up to 5 s each) until they are gone.
function cut(db) {
  const rows = sqlJson(db.replace(/\/[^/]*$/, '/postgres'), `SELECT pg_terminate_backend(pid, 5000) AS cut FROM pg_stat_activity
    WHERE datname = '${dbName(db)}' AND application_name = 'langso'`);
  assert.ok(rows.length >= 1 && rows.every((r) => r.cut === true), `the server's connection was cut: ${JSON.stringify(rows)}`);
}

test('database unreachable: 503 with a clear message, then recovery without a restart', { skip }, async () => {
  assert.equal((await raw(s.url, 'GET', '/healthz')).status, 200);
  sqlCluster(`ALTER DATABASE ${dbName(s.db)} ALLOW_CONNECTIONS false`);
  cut(s.db);
  for (const r of [await raw(s.url, 'GET', '/healthz'), await admin.get(`/api/v1/teams/${team.id}`),
    await admin.patch(`/api/v1/teams/${team.id}`, { notes: 'không được lưu' })]) {
    const p = assertProblem(r, 503, 'unavailable');
    assert.match(p.detail, /thử lại/);
    assert.equal(r.headers['retry-after'], '5');
  }
  sqlCluster(`ALTER DATABASE ${dbName(s.db)} ALLOW_CONNECTIONS true`);
  assert.equal((await raw(s.url, 'GET', '/healthz')).status, 200);
  // Statements prepared on the old connection are prepared again on the new one.
  assert.equal((await admin.ok(`/api/v1/teams/${team.id}`)).id, team.id);
  const w = await admin.patch(`/api/v1/teams/${team.id}`, { notes: 'sau khi có lại cơ sở dữ liệu' });
  assert.equal(w.status, 200, w.text);
  assert.deepEqual(sqlJson(s.db, `SELECT notes FROM teams WHERE id = ${team.id}`), [{ notes: 'sau khi có lại cơ sở dữ liệu' }]);
});

test('a connection cut by the server is replaced before the next statement: no error at all', { skip }, async () => {
  cut(s.db);
  assert.equal((await raw(s.url, 'GET', '/healthz')).status, 200);
  cut(s.db);
  const w = await admin.patch(`/api/v1/teams/${team.id}`, { notes: 'sau khi máy chủ CSDL khởi động lại' });
  assert.equal(w.status, 200, w.text);
  assert.deepEqual(sqlJson(s.db, `SELECT notes FROM teams WHERE id = ${team.id}`), [{ notes: 'sau khi máy chủ CSDL khởi động lại' }]);
});

test('an instance that cannot connect at start (database refusing, or full) waits for it instead of exiting', { skip, timeout: 60000 }, async () => {
  const db = createDb(mkdtempSync(join(tmpdir(), 'langso-wait-')));
  sqlCluster(`ALTER DATABASE ${dbName(db)} ALLOW_CONNECTIONS false`);
  const allow = setTimeout(() => sqlCluster(`ALTER DATABASE ${dbName(db)} ALLOW_CONNECTIONS true`), 2000);
  let late;
  try {
    const t0 = Date.now();
    late = await startServer({ db, args: ['--connect-wait', '20'] });
    assert.ok(Date.now() - t0 >= 1500, 'it started only once the database let it in');
    assert.match(late.stderr(), /"event":"db_wait"/);
    assert.equal((await raw(late.url, 'GET', '/healthz')).status, 200);
  } finally {
    clearTimeout(allow);
    sqlCluster(`ALTER DATABASE ${dbName(db)} ALLOW_CONNECTIONS true`);
    await late?.stop();
    dropDb(db);
  }
});
