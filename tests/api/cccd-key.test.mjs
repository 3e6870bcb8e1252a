// The CCCD digests' key (auth/cccd_key.h, issue 12): a file outside the
// database, created private on first start; a server given another key than
// the one its database was digested with refuses to start (it would miss
// every duplicate), and with the right key duplicates are still refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, loginAll, fieldSetting, assertProblem, sql, newKey } from './lib.mjs';
import { PG } from './testdb.mjs';

const key = () => ({ headers: { 'Idempotency-Key': newKey('ck') } });

async function halt(s) {  // stops the process, keeps its database
  if (s.proc.exitCode === null && s.proc.signalCode === null) {
    const done = once(s.proc, 'exit');
    s.proc.kill('SIGTERM');
    await done;
  }
}

test('the CCCD key lives outside the database; another key is refused at start, the right one finds duplicates', async () => {
  const s = await startServer();
  try {
    if (!PG) {  // beside the SQLite file (PostgreSQL: var/cccd.key under the server's working directory)
      const keyFile = `${s.db}.cccd-key`;
      assert.ok(existsSync(keyFile), 'the key file was created');
      assert.equal(statSync(keyFile).mode & 0o777, 0o600, 'readable by the server\'s user only');
    }
    const c = await loginAll(s.url);
    const { naPau } = await fieldSetting(c.admin);
    const hh = await c.thanhvien.post('/api/v1/households', { unit_id: naPau.id, hamlet: 'Xóm Khoá', house_number: '1' }, key());
    assert.equal(hh.status, 201, hh.text);
    const person = { full_name: 'Nông Văn Khoá', birth_year: 1980, sex: 'nam', from: '2022-01-01', cccd: '006180007777' };
    const p = await c.thanhvien.post(`/api/v1/households/${hh.json.id}/residents`, person, key());
    assert.equal(p.status, 201, p.text);
    const digest = sql(s.db, `SELECT cccd_digest FROM residents WHERE id = ${p.json.id}`).trim();
    assert.match(digest, /^[0-9a-f]{32}$/, '128 bits of the keyed MAC, in hex (migration 18)');
    assert.equal(sql(s.db, 'SELECT COUNT(*) FROM cccd_key').trim(), '1', 'the database names its key');
    await halt(s);

    // Another key: the server does not start, and nothing was re-keyed.
    const other = join(s.dir, 'another.key');
    await assert.rejects(startServer({ db: s.db, demo: false, args: ['--cccd-key', other] }), /khoá CCCD không khớp/);
    assert.equal(sql(s.db, `SELECT cccd_digest FROM residents WHERE id = ${p.json.id}`).trim(), digest);
    // A key file that is not a key: a clear refusal too.
    await assert.rejects(startServer({ db: s.db, demo: false, args: ['--cccd-key', new URL(import.meta.url).pathname] }),
      /không phải một khoá/);

    // The right key (the default place again): the same CCCD elsewhere is a duplicate.
    const s2 = await startServer({ db: s.db, demo: false });
    try {
      const c2 = await loginAll(s2.url);
      const hh2 = await c2.thanhvien.post('/api/v1/households', { unit_id: naPau.id, hamlet: 'Xóm Khoá', house_number: '2' }, key());
      assert.equal(hh2.status, 201, hh2.text);
      assertProblem(await c2.thanhvien.post(`/api/v1/households/${hh2.json.id}/residents`,
        { ...person, full_name: 'Người Khác' }, key()), 409, 'cccd_duplicate');
    } finally {
      await halt(s2);
    }
  } finally {
    await s.stop();
  }
});
