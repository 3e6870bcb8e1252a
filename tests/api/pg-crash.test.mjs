// No acknowledged write is lost when PostgreSQL stops hard in the middle of a
// burst (`pg_ctl stop -m immediate`, as a crash or a failover does) and comes
// back: every activity that got a 2xx is there afterwards, and the server
// recovers by itself. PostgreSQL only; on a cluster of its own with durable
// settings (the suite's shared cluster runs with fsync and synchronous_commit
// off for speed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PG, startServer, Client, raw, sqlJson, unitByName, newKey, freePort, pgTool, clusterStart, clusterStop,
} from './lib.mjs';

const skip = !PG && 'PostgreSQL only (LANGSO_TEST_PG)';
const DURABLE = '-c fsync=on -c synchronous_commit=on -c full_page_writes=on -c shared_buffers=128MB -c max_connections=50';
let dir; let port; let s; let admin; let team;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  if (!PG) return;
  dir = mkdtempSync(join(tmpdir(), 'langso-crash-'));
  port = await freePort();
  clusterStart(dir, port, DURABLE);
  pgTool('createdb', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'crash');
  s = await startServer({ db: `postgresql://postgres@127.0.0.1:${port}/crash` });
  admin = await Client.login(s.url, 'admin');
  const hoaMuc = await unitByName(admin, 'Xã Hoà Mục');
  team = (await admin.ok(`/api/v1/units/${hoaMuc.id}/teams?date=2022-06-15`)).items.find((t) => t.unit_id !== hoaMuc.id);  // a village team
});
after(async () => {
  await s?.stop();
  if (dir) {
    clusterStop(dir);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('PostgreSQL stopped with -m immediate mid-burst: every 2xx is there afterwards', { skip }, async () => {
  const acked = [];
  const statuses = {};
  let crashed = false;
  const post = async () => {
    const r = await admin.post('/api/v1/activities',
      { team_id: team.id, unit_id: team.unit_id, type: 'dich_vu_cong', date: '2022-06-15', quantities: { people: 1 } },
      { headers: { 'Idempotency-Key': newKey('crash') } });
    statuses[r.status] = (statuses[r.status] || 0) + 1;
    if (r.status === 201) acked.push(r.json.id);
    else assert.equal(r.status, 503, `a failed write is a 503, not ${r.status}: ${r.text}`);
  };
  // Six clients write one activity after another; the cluster stops hard after 60 acknowledgements.
  const workers = Array.from({ length: 6 }, async () => {
    for (let i = 0; i < 40; i++) {
      await post();
      if (!crashed && acked.length >= 60) {
        crashed = true;
        pgTool('pg_ctl', '-D', dir, '-m', 'immediate', 'stop');
      }
    }
  });
  await Promise.all(workers);
  assert.ok(crashed, 'the cluster was stopped mid-burst');
  assert.ok(statuses[503] > 0, `writes after the crash were refused: ${JSON.stringify(statuses)}`);

  clusterStart(dir, port, DURABLE);
  let healthy = false;
  for (let i = 0; i < 100 && !healthy; i++) {
    healthy = (await raw(s.url, 'GET', '/healthz')).status === 200;
    if (!healthy) await sleep(200);
  }
  assert.ok(healthy, 'the server recovered without a restart');
  await post();  // and writes again
  assert.equal(statuses[201], acked.length);

  const found = sqlJson(s.db, `SELECT id FROM activities WHERE id IN (${acked.join(',')})`).map((r) => Number(r.id));
  assert.equal(found.length, acked.length, `acknowledged ${acked.length}, found ${found.length}`);
});
