// Many requests at once on a server with several threads: GET requests run
// together under the app's read lock and share the one database connection,
// which must take their calls one at a time (on SQLite and on PostgreSQL).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, raw, unitByName, sqlCount } from './lib.mjs';

let s; let admin; let team; let hoaMuc;
before(async () => {
  s = await startServer({ args: ['--threads', '8'] });
  admin = await Client.login(s.url, 'admin');
  hoaMuc = await unitByName(admin, 'Xã Hoà Mục');
  team = (await admin.ok(`/api/v1/units/${hoaMuc.id}/teams`)).items.find((t) => t.unit_id === hoaMuc.id);
});
after(async () => { await s?.stop(); });

test('200 concurrent reads (one of them journalling personal data each) all succeed and all are journalled', async () => {
  const journalled = () => sqlCount(s.db, `SELECT COUNT(*) FROM personal_data_access WHERE user_id = ${admin.user.id}`);
  const before = journalled();
  const paths = [`/api/v1/teams/${team.id}/members`, `/api/v1/teams/${team.id}`, `/api/v1/units/${hoaMuc.id}/teams`, '/healthz'];
  const rounds = 50;
  const answers = await Promise.all(Array.from({ length: rounds * paths.length }, (_, i) => {
    const p = paths[i % paths.length];
    return p === '/healthz' ? raw(s.url, 'GET', p) : admin.get(p);
  }));
  const failed = answers.map((r, i) => [paths[i % paths.length], r.status, r.text.slice(0, 200)]).filter(([, st]) => st !== 200);
  assert.deepEqual(failed, [], 'every request answered 200');
  const members = answers.filter((_, i) => i % paths.length === 0).map((r) => JSON.stringify(r.json));
  assert.equal(new Set(members).size, 1, 'every read of the members saw the same answer');
  assert.equal(journalled(), before + rounds, 'one journal row per read of the members');
});
