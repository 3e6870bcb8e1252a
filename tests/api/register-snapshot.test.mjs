// The register's snapshot (issue 12, start within 60 s at national scale):
// the engine's counts of each village are saved in the database and read
// back at the next start, and only what the journal names after them is
// counted again. The figures never differ from a count of the register: a
// restart after a clean stop, after a crash, with saved counts tampered
// with, garbled or of another shape, gives the same numbers as before.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, loginAll, unitByName, sql, sqlWrite, newKey, scoreIndicator } from './lib.mjs';

let first; let s; let c; let naPau; let resident; let villages; let signature;
const CODES = ['cd_dan_so_so_ho', 'cd_smartphone', 'cd_vneid', 'cd_chu_ky_so', 'cd_cap_quang', 'cd_cong_dan_so', 'cd_thanh_toan'];

// Several units, both structures, a few days: what a leader would read.
async function figures() {
  const out = {};
  const units = [[await unitByName(c.admin, 'Huyện Chợ Mới', '2025-06-30'), '2025-06-30'],
    [await unitByName(c.admin, 'Xã Tân Kỳ', '2025-12-31'), '2025-12-31'], [naPau, '2025-06-30']];
  for (const [u, structure] of units) {
    for (const to of ['2023-12-31', '2025-06-30']) {
      const sc = await c.admin.ok(`/api/v1/units/${u.id}/scorecard?from=${to.slice(0, 4)}-01-01&to=${to}&structure_date=${structure}`);
      for (const code of CODES) out[`${u.name} ${to} ${code}`] = scoreIndicator(sc, code)?.value ?? null;
    }
  }
  return out;
}

const loaded = (server) => server.jsonLines().find((l) => l.msg?.event === 'register_loaded')?.msg;
const saved = () => Number(sql(s.db, 'SELECT COUNT(*) FROM register_counts').trim());

async function restart({ kill = 'SIGTERM', args = ['--register-save-every', '3600'] } = {}) {
  const done = new Promise((r) => s.proc.once('exit', r));
  s.proc.kill(kill);
  await done;
  if (s !== first) await s.stop();  // its database stays (it was given one)
  s = await startServer({ db: first.db, demo: false, args });
  c = await loginAll(s.url);
  return loaded(s);
}

before(async () => {
  first = s = await startServer({ args: ['--register-save-every', '3600'] });
  c = await loginAll(s.url);
  naPau = await unitByName(c.admin, 'Thôn Nà Pầu', '2025-06-30');
  // The demo's register is in Cao Kỳ and Tân Sơn; Nà Pầu's team starts one.
  const post = async (path, body) => {
    const r = await c.thanhvien.post(path, body, { headers: { 'Idempotency-Key': newKey('snap') } });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  const h = await post('/api/v1/households', { unit_id: naPau.id, hamlet: 'Xóm Trên', house_number: '7', fibre: true });
  resident = await post(`/api/v1/households/${h.id}/residents`, { full_name: 'Hoàng Văn Tám', birth_year: 1979, sex: 'nam', from: '2021-01-01' });
  await post(`/api/v1/households/${h.id}/residents`, { full_name: 'Nông Thị Chín', birth_date: '2008-03-09', sex: 'nu', from: '2021-01-01' });
  villages = Number(sql(s.db, 'SELECT COUNT(DISTINCT unit_id) FROM households').trim());
  assert.ok(villages >= 3, `the demo has a register in several villages: ${villages}`);
  assert.ok(resident, 'an adult of Nà Pầu without a digital signature');
});
after(async () => { await s?.stop(); if (s !== first) await first.stop(); });

test('a clean stop saves every village; the next start reads them and counts nothing again', async () => {
  const want = await figures();
  assert.equal(saved(), 0, 'nothing saved before the first save is due');
  const l = await restart();
  assert.equal(saved(), villages, 'the stop saved every village with a register');
  // Nà Pầu was written less than five minutes before the save: a transaction
  // committing late could hide there, so it is counted again; no other.
  assert.deepEqual([l.full, l.villages, l.saved, l.recounted], [false, villages, villages - 1, 1]);
  assert.equal(l.checked, Math.min(villages - 1, 16), 'a few saved villages (all of them here) are counted again to compare');
  assert.deepEqual(await figures(), want, 'the same figures from the saved counts');
});

test('after a crash the villages the journal names since the save are counted again', async () => {
  const before = await figures();
  const r = await c.thanhvien.post(`/api/v1/residents/${resident.id}/statuses`, { type: 'chu_ky_so', gained_on: '2024-05-01' },
    { headers: { 'Idempotency-Key': newKey('snap') } });
  assert.equal(r.status, 201, r.text);
  signature = r.json;
  const want = await figures();
  assert.notDeepEqual(want, before, 'the signature counts');
  const key = `${naPau.name} 2025-06-30 cd_chu_ky_so`;
  assert.ok(want[key] > (before[key] ?? 0));
  const l = await restart({ kill: 'SIGKILL' });  // no save on the way down
  assert.equal(l.full, false);
  assert.ok(l.recounted >= 1 && l.recounted < villages, `only the changed village is counted again (${l.recounted})`);
  assert.deepEqual(await figures(), want);
});

test('saved counts that differ from the register, garbled, or of another shape are not believed', async () => {
  const want = await figures();
  await restart();  // everything saved
  // Villages the journal leaves alone (Nà Pầu was written to minutes ago: counted again anyway).
  const ids = sql(s.db, `SELECT village_id FROM register_counts WHERE village_id <> ${naPau.id} ORDER BY village_id`)
    .trim().split('\n').map(Number);
  // One village given another's counts: well-formed, wrong.
  const [a, b] = [ids[0], ids[ids.length - 1]];
  sqlWrite(s.db, `UPDATE register_counts SET counts = (SELECT counts FROM register_counts WHERE village_id = ${b}) WHERE village_id = ${a}`);
  let l = await restart({ kill: 'SIGKILL' });
  assert.equal(l.full, true, 'a spot check found the difference and the whole register was counted');
  assert.ok(s.jsonLines().some((x) => x.msg?.event === 'register_snapshot_mismatch'));
  assert.deepEqual(await figures(), want);

  await restart();
  sqlWrite(s.db, `UPDATE register_counts SET counts = 'not base64 at all!' WHERE village_id = ${a}`);
  sqlWrite(s.db, `UPDATE register_counts SET counts = 'AAAA' WHERE village_id = ${b}`);  // base64, not counts
  l = await restart({ kill: 'SIGKILL' });
  assert.equal(l.full, false);
  assert.ok(l.recounted >= 2, 'the two unreadable villages are counted');
  assert.deepEqual(await figures(), want);

  await restart();
  sqlWrite(s.db, "UPDATE register_counts SET shape = 'counts-v0 of another build'");
  l = await restart({ kill: 'SIGKILL' });
  assert.equal(l.full, true, 'counts of another shape are never read');
  assert.deepEqual(await figures(), want);
});

test('the server saves what changed while it runs, as far as the journal was applied', async () => {
  await restart({ args: ['--register-save-every', '0.2'] });
  const before = await figures();
  const r = await c.thanhvien.patch(`/api/v1/citizen-statuses/${signature.id}`, { gained_on: '2023-05-01' });
  assert.equal(r.status, 200, r.text);
  const written = Number(sql(s.db, 'SELECT MAX(id) FROM audit_log').trim());
  const asOf = () => Number(sql(s.db, `SELECT as_of_id FROM register_counts WHERE village_id = ${naPau.id}`).trim());
  const deadline = Date.now() + 10000;
  while (asOf() < written && Date.now() < deadline) await new Promise((ok) => setTimeout(ok, 100));
  assert.ok(asOf() >= written, `the village was saved past the write (${asOf()} ≥ ${written})`);
  const want = await figures();
  assert.notDeepEqual(want, before, 'a signature from 2023 on: in 2023 too');
  const l = await restart({ kill: 'SIGKILL' });
  assert.equal(l.full, false);
  assert.deepEqual(await figures(), want);
});

test('a list imported after the save is counted again at the next start from its one journal row', async () => {
  await restart();
  await restart();  // everything saved, as far as the journal goes (this server started at its end)
  assert.equal(Number(sql(s.db, `SELECT as_of_id FROM register_counts WHERE village_id = ${naPau.id}`).trim()),
    Number(sql(s.db, 'SELECT MAX(id) FROM audit_log').trim()), 'Nà Pầu saved as of the last journal row');
  // Everything before is an hour old: only the import is recent.
  sqlWrite(s.db, 'UPDATE audit_log SET at = at - 3600');
  const csv = [['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Xóm', 'Số nhà', 'Chủ hộ', 'Có điện thoại thông minh'],
    ['1', 'Lương Văn Khởi Động', '1966', 'Nam', 'Xóm Khởi Động', '2', 'x', '10/10/2023'],
    ['2', 'Hà Thị Khởi Động', '1968', 'Nữ', '', '', '', '']].map((r) => r.join(',')).join('\r\n');
  const before = await figures();
  const r = await c.thanhvien.upload(`/api/v1/units/${naPau.id}/register-import`, csv, { name: 'khoi-dong.csv' });
  assert.equal(r.status, 200, r.text);
  const want = await figures();
  assert.notDeepEqual(want, before, 'the two persons count');
  const l = await restart({ kill: 'SIGKILL' });
  assert.deepEqual([l.full, l.recounted, l.saved], [false, 1, villages - 1], 'Nà Pầu alone, for the import, is counted again');
  assert.deepEqual(await figures(), want);
});
