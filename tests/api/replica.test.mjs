// Read replicas (issue 5): an instance started with --read-db builds its
// indexes from a streaming replica, follows the journal there and answers GET
// requests from it; it writes to the primary. PostgreSQL only: a primary and a
// replica of their own on loopback, the replica made with pg_basebackup.
//
// Replay on the replica is paused to tell where a read came from: what the
// primary has and the replica has not yet replayed is invisible to the
// replica-backed instance until replay resumes, except the instance's own
// writes and sessions, which it reads from the primary until they arrive.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, chmodSync, chownSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PG, BIN, startServer, Client, unitByName, scoreIndicator, newKey, within, freePort, pgTool, clusterStart, clusterStop,
} from './lib.mjs';

const skip = !PG && 'PostgreSQL only (LANGSO_TEST_PG)';
const CONF = '-c fsync=off -c synchronous_commit=on -c shared_buffers=128MB -c max_connections=50 -c hot_standby_feedback=on';
let root; let primaryPort; let replicaPort; let a; let b; let ca; let cb; let village; let team;

const onReplica = (query) => pgTool('psql', '-h', '127.0.0.1', '-p', String(replicaPort), '-U', 'postgres', '-d', 'rep', '-qAtc', query).trim();
const url = (port) => `postgresql://postgres@127.0.0.1:${port}/rep`;

before(async () => {
  if (!PG) return;
  root = mkdtempSync(join(tmpdir(), 'langso-replica-'));
  chmodSync(root, 0o755);
  [primaryPort, replicaPort] = [await freePort(), await freePort()];
  clusterStart(join(root, 'primary'), primaryPort, CONF);
  pgTool('createdb', '-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', 'rep');
  const replicaDir = join(root, 'replica');
  mkdirSync(replicaDir, { mode: 0o700 });
  if (process.getuid() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(replicaDir, uid, gid);
  }
  // -R writes standby.signal and primary_conninfo: the copy starts as a hot standby.
  pgTool('pg_basebackup', '-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', replicaDir, '-R', '-X', 'stream', '--checkpoint=fast');
  clusterStart(join(root, 'replica'), replicaPort, CONF);
  assert.equal(onReplica('SELECT pg_is_in_recovery()'), 't', 'the second cluster is a standby');

  a = await startServer({ db: url(primaryPort) });  // migrates and seeds the demo on the primary
  b = await startServer({ demo: false, db: url(primaryPort), args: ['--read-db', url(replicaPort)] });
  ca = await Client.login(a.url, 'admin');
  cb = await Client.login(b.url, 'admin');
  village = await unitByName(ca, 'Thôn Nà Pầu');
  team = (await ca.ok(`/api/v1/units/${village.id}/teams?date=2022-06-15`)).items.find((t) => t.unit_id === village.id);
});
after(async () => {
  await b?.stop();
  await a?.stop();
  if (root) {
    for (const d of ['replica', 'primary']) clusterStop(join(root, d));
    rmSync(root, { recursive: true, force: true });
  }
});

const scorecard = () => `/api/v1/units/${village.id}/scorecard?from=2022-06-01&to=2022-06-30&structure_date=2022-06-30`;
const people = async (c) => scoreIndicator(await c.ok(scorecard()), 'dvc_huong_dan').value;
const listed = async (c, id) => (await c.ok(`/api/v1/activities?unit_id=${village.id}&from=2022-06-01&to=2022-06-30&limit=500`)).items.some((x) => x.id === id);
const log = (c, n) => c.post('/api/v1/activities',
  { team_id: team.id, unit_id: village.id, type: 'dich_vu_cong', date: '2022-06-15', quantities: { people: n } },
  { headers: { 'Idempotency-Key': newKey('rep') } });

test('the replica-backed instance built its indexes from the replica and serves the demo', { skip }, async () => {
  assert.ok(Number(onReplica("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'langso'")) >= 1,
    'instance B holds a connection to the replica');
  assert.equal(await people(cb), await people(ca));
  const health = await cb.get('/healthz');
  assert.equal(health.status, 200);
});

test('a write through the primary reaches the replica-backed instance through the replica, not around it', { skip }, async () => {
  const before = await people(cb);
  onReplica('SELECT pg_wal_replay_pause()');
  let id;
  try {
    const r = await log(ca, 9);
    assert.equal(r.status, 201, r.text);
    id = r.json.id;
    // The primary has it; the paused replica has not: B does not see it, in its rollups or its lists.
    await new Promise((res) => setTimeout(res, 800));
    assert.equal(await people(cb), before, 'B follows the replica, which has not replayed the write');
    assert.equal(await listed(cb, id), false, 'B lists activities from the replica');
    assert.equal((await cb.get(`/api/v1/activities/${id}`)).status, 404);
  } finally {
    onReplica('SELECT pg_wal_replay_resume()');
  }
  const ms = await within(1500, async () => (await people(cb)) === before + 9);
  assert.ok(ms <= 1500, `seen ${ms} ms after replay resumed`);
  assert.equal(await listed(cb, id), true);
  assert.equal((await cb.ok(`/api/v1/activities/${id}`)).quantities.people, 9);
});

test('the instance reads its own writes and new sessions from the primary until the replica has them', { skip }, async () => {
  const before = await people(cb);
  onReplica('SELECT pg_wal_replay_pause()');
  try {
    // A session opened through A is not on the replica yet: B asks the primary.
    const fresh = await Client.login(a.url, 'hoamuc');
    const asB = Object.assign(new Client(b.url), { cookie: fresh.cookie, csrf: fresh.csrf });
    assert.equal((await asB.get('/api/v1/session')).status, 200, 'a session opened elsewhere is accepted');

    const other = await log(ca, 2);  // through A: on the primary, not yet on the paused replica
    assert.equal(other.status, 201, other.text);
    const r = await log(cb, 4);  // through B, to the primary
    assert.equal(r.status, 201, r.text);
    assert.equal(await people(cb), before + 4, 'its own write is in its rollups at once');
    assert.equal(await listed(cb, r.json.id), true, 'and in its lists, read from the primary');
    // B now reads lists from the primary, which also holds A's write; its
    // totals do not have that one yet, and so its lists leave it out too.
    assert.equal(await listed(cb, other.json.id), false, 'the list shows what the totals count, no more');
    assert.equal((await cb.ok(`/api/v1/activities/${r.json.id}`)).quantities.people, 4);
    await within(1000, async () => (await people(ca)) === before + 6);  // A learns of B's write within 1 s
  } finally {
    onReplica('SELECT pg_wal_replay_resume()');
  }
  await within(1500, async () => (await people(cb)) === before + 6);
});

test('writes are refused by the replica itself: only the primary is written', { skip }, async () => {
  assert.throws(() => onReplica("INSERT INTO audit_log(at, action, entity, entity_id) VALUES (0, 'x', 'x', 0)"), /read-only/);
});

test('--read-db is refused without a PostgreSQL primary, and with --demo', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'langso-replica-cli-'));
  try {
    for (const [args, msg] of [
      [['--db', join(dir, 'x.db'), '--read-db', url(replicaPort)], /--read-db cần --db là PostgreSQL/],
      [['--db', url(primaryPort), '--read-db', url(replicaPort), '--demo'], /--demo/],
      [['--db', url(primaryPort), '--read-db', join(dir, 'y.db')], /--read-db phải là URL PostgreSQL/],
    ]) {
      let err;
      try {
        execFileSync(BIN, ['serve', ...args, '--listen', '127.0.0.1:0'], { encoding: 'utf8', stdio: 'pipe', timeout: 20000 });
      } catch (e) { err = e; }
      assert.ok(err, `refused: ${args.join(' ')}`);
      assert.match(err.stderr, msg);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the replica down: the instance says so in its health (200, degraded), reads the primary meanwhile, and returns to the replica', { skip, timeout: 120000 }, async () => {
  clusterStop(join(root, 'replica'));
  try {
    await within(10000, async () => (await cb.get('/healthz')).json?.replica === 'unavailable');
    const health = await cb.get('/healthz');
    assert.equal(health.status, 200, 'a load balancer keeps the instance: it can serve');
    assert.deepEqual(health.json, { status: 'degraded', primary: 'ok', replica: 'unavailable' });
    // Reads and the journal go to the primary: a write through A reaches B.
    const before = await people(cb);
    const r = await log(ca, 3);
    assert.equal(r.status, 201, r.text);
    await within(3000, async () => (await people(cb)) === before + 3);
    assert.equal(await listed(cb, r.json.id), true, 'listed from the primary');
    assert.equal((await log(cb, 1)).status, 201, 'writes go on');
  } finally {
    clusterStart(join(root, 'replica'), replicaPort, CONF);
  }
  await within(20000, async () => (await cb.get('/healthz')).json?.replica === 'ok');
  assert.deepEqual((await cb.get('/healthz')).json, { status: 'ok', primary: 'ok', replica: 'ok' });
});
