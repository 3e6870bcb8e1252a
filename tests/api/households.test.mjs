// The household register (issue 12): households, residents with a history of
// residence, digital-citizen statuses, visits that count in the activity
// totals, scope and personal data (Decree 13/2023).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, loginAll, unitByName, fieldSetting, raw, assertProblem, unchanged, sql, sqlCount, newKey, scoreIndicator,
} from './lib.mjs';

const REG = ['households', 'residents', 'residencies', 'citizen_statuses', 'visits', 'activities', 'audit_log'];
let s; let s2; let c; let hoaMuc; let naPau; let otherVillage; let team; let member; let otherTeam;

before(async () => {
  s = await startServer();
  c = await loginAll(s.url);
  ({ hoaMuc, naPau, otherVillage, team, otherTeam } = await fieldSetting(c.admin));
  member = (await c.hoamuc.ok(`/api/v1/teams/${team.id}/members`)).items[0];
});
after(async () => { await s2?.stop(); await s?.stop(); });

const key = () => ({ headers: { 'Idempotency-Key': newKey('hh') } });
const journal = (userId) => sql(s.db, `SELECT entity, entity_id, records FROM personal_data_access WHERE user_id=${userId} ORDER BY id`)
  .trim().split('\n').filter(Boolean).map((l) => { const [entity, id, n] = l.split('|'); return { entity, entity_id: Number(id), records: Number(n) }; });

async function newHousehold(client = c.thanhvien, body = {}) {
  const r = await client.post('/api/v1/households', { unit_id: naPau.id, hamlet: 'Xóm Trên', house_number: '12', fibre: true, ...body }, key());
  assert.equal(r.status, 201, r.text);
  return r.json;
}
async function newResident(hh, body = {}, client = c.thanhvien) {
  const r = await client.post(`/api/v1/households/${hh.id}/residents`,
    { full_name: 'Hoàng Văn Thử', birth_year: 1980, sex: 'nam', ethnic: 'tay', from: '2022-01-01', ...body }, key());
  assert.equal(r.status, 201, r.text);
  return r.json;
}

test('the catalogues: status types are data (with their activity), ethnic groups', async () => {
  const t = (await c.thanhvien.ok('/api/v1/citizen-status-types')).items;
  const codes = t.map((x) => x.code);
  for (const code of ['smartphone', 'vneid_muc_2', 'tai_khoan_dvc', 'thanh_toan_khong_tien_mat', 'thuong_mai_dien_tu',
    'ky_nang_so', 'chu_ky_so', 'ho_so_suc_khoe']) assert.ok(codes.includes(code), code);
  const pay = t.find((x) => x.code === 'thanh_toan_khong_tien_mat');
  assert.deepEqual(pay.options.map((o) => o.code), ['viettel_money', 'vnpt_money', 'ngan_hang', 'khac']);
  assert.equal(t.find((x) => x.code === 'vneid_muc_2').activity_type, 'vneid');
  assert.deepEqual(t.find((x) => x.code === 'ky_nang_so').options.map((o) => o.code), ['lop_cua_to', 'onetouch', 'binh_dan_hoc_vu_so']);
  assert.equal(sqlCount(s.db, 'SELECT COUNT(*) FROM citizen_status_types'), t.length, 'kept in the database');
  const e = (await c.thanhvien.ok('/api/v1/ethnic-groups')).items.map((x) => x.name);
  for (const n of ['Kinh', 'Tày', 'Nùng', 'Dao', "H'Mông", 'Thái', 'Mường', 'Sán Chay', 'Sán Dìu', 'Hoa']) assert.ok(e.includes(n), n);
});

test('a household: created once per key, listed in walking order, changed, journalled', async () => {
  const k = newKey('hh');
  const body = { unit_id: naPau.id, hamlet: 'Xóm Dưới', house_number: '2', phone: '0912 345 678', smart_device: true };
  const r1 = await c.thanhvien.post('/api/v1/households', body, { headers: { 'Idempotency-Key': k } });
  assert.equal(r1.status, 201, r1.text);
  assert.equal(r1.json.phone, '0912345678');
  assert.equal(r1.json.fibre, false);
  assert.equal(r1.json.smart_device, true);
  const r2 = await c.thanhvien.post('/api/v1/households', body, { headers: { 'Idempotency-Key': k } });
  assert.equal(r2.status, 200);
  assert.equal(r2.headers['idempotent-replayed'], 'true');
  assert.equal(r2.json.id, r1.json.id);
  assertProblem(await c.thanhvien.post('/api/v1/households', { ...body, house_number: '3' }, { headers: { 'Idempotency-Key': k } }),
    409, 'idempotency_key_reused');
  assertProblem(await c.thanhvien.post('/api/v1/households', body), 400, 'idempotency_key_required');
  const h10 = await newHousehold(c.thanhvien, { hamlet: 'Xóm Dưới', house_number: '10' });
  const list = await c.thanhvien.ok(`/api/v1/units/${naPau.id}/households`);
  const mine = list.items.filter((h) => [r1.json.id, h10.id].includes(h.id)).map((h) => h.house_number);
  assert.deepEqual(mine, ['2', '10'], 'house 2 before house 10');
  const p = await c.hoamuc.patch(`/api/v1/households/${h10.id}`, { fibre: true, address_note: 'Cạnh nhà văn hoá' });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.fibre, true);
  assert.equal(p.json.address_note, 'Cạnh nhà văn hoá');
  assert.equal(sqlCount(s.db, `SELECT COUNT(*) FROM audit_log WHERE entity='household' AND entity_id=${h10.id}`), 2);
  const del = await c.hoamuc.del(`/api/v1/households/${h10.id}`);
  assert.equal(del.status, 204);
  assert.equal(sqlCount(s.db, `SELECT COUNT(*) FROM households WHERE id=${h10.id}`), 0);
});

test('bad household input is refused and saves nothing', async () => {
  await unchanged(s.db, async () => {
    const r = await raw(s.url, 'POST', '/api/v1/households', {
      headers: { Cookie: c.thanhvien.cookie, 'X-CSRF-Token': c.thanhvien.csrf, 'Content-Type': 'application/json', 'Idempotency-Key': newKey() },
      body: '{"unit_id": 1,',
    });
    assert.equal(r.status, 400, r.text);
    assertProblem(await c.thanhvien.post('/api/v1/households', { unit_id: 'x', fibre: 'có', extra: 1 }, key()), 422, 'validation_failed',
      { fields: ['unit_id', 'fibre', 'extra'] });
    assertProblem(await c.thanhvien.post('/api/v1/households', { unit_id: naPau.id }, key()), 422, 'validation_failed', { fields: ['address_note'] });
    assertProblem(await c.thanhvien.post('/api/v1/households', { unit_id: naPau.id, hamlet: 'X', phone: '123' }, key()), 422, 'validation_failed', { fields: ['phone'] });
    // Another village is out of a village team member's scope; a commune is not a village.
    assertProblem(await c.thanhvien.post('/api/v1/households', { unit_id: otherVillage.id, hamlet: 'X' }, key()), 404, 'not_found');
    assertProblem(await c.hoamuc.post('/api/v1/households', { unit_id: hoaMuc.id, hamlet: 'X' }, key()), 422, 'validation_failed', { fields: ['unit_id'] });
    // Viewers and district officers do not write the register.
    assertProblem(await c.xem.post('/api/v1/households', { unit_id: naPau.id, hamlet: 'X' }, key()), 403, 'forbidden');
    assertProblem(await c.chomoi.post('/api/v1/households', { unit_id: naPau.id, hamlet: 'X' }, key()), 403, 'forbidden');
  }, { tables: REG });
});

test('residents: NFC names, CCCD validated, masked, stored as a digest, never twice', async () => {
  const hh = await newHousehold();
  const decomposed = 'Nông Thị Hoa'.normalize('NFD');
  const r = await newResident(hh, { full_name: decomposed, birth_date: '1990-03-04', birth_year: undefined, sex: 'nu', cccd: '006190001234', phone: '0987654321' });
  assert.equal(r.full_name, 'Nông Thị Hoa'.normalize('NFC'));
  assert.equal(r.cccd, '********1234');
  assert.equal(r.birth_year, 1990);
  assert.equal(r.ethnic_name, 'Tày');
  assert.equal(r.household_id, hh.id);
  assert.equal(sqlCount(s.db, "SELECT COUNT(*) FROM residents WHERE cccd_digest LIKE '%006190001234%'"), 0, 'no clear CCCD');
  assert.doesNotMatch(sql(s.db, 'SELECT * FROM residents; SELECT * FROM audit_log'), /006190001234/, 'not in any row or journal');
  assert.doesNotMatch(sql(s.db, 'SELECT after_json FROM audit_log WHERE entity=\'resident\''), /Nông|0987654321/, 'journal names nobody');
  await unchanged(s.db, async () => {
    // The same CCCD anywhere: refused without saying where.
    const dup = assertProblem(await c.thanhvien.post(`/api/v1/households/${hh.id}/residents`,
      { full_name: 'Người Khác', birth_year: 1970, sex: 'nam', cccd: '006190001234' }, key()), 409, 'cccd_duplicate');
    assert.doesNotMatch(JSON.stringify(dup), /Nông|Hoa/);
    for (const [body, field] of [
      [{ cccd: '12345' }, 'cccd'], [{ cccd: '00619000123X' }, 'cccd'], [{ cccd: '999190001234' }, 'cccd'],
      [{ birth_date: '2999-01-01' }, 'birth_date'], [{ birth_date: '2022-02-30' }, 'birth_date'], [{ birth_date: '1850-01-01' }, 'birth_date'],
      [{ birth_year: 1850 }, 'birth_year'], [{ sex: 'x' }, 'sex'], [{ ethnic: 'klingon' }, 'ethnic'], [{ full_name: '' }, 'full_name'],
      [{ birth_year: 'năm 80' }, 'birth_year'], [{ from: '2999-01-01' }, 'from'],
    ]) {
      const res = await c.thanhvien.post(`/api/v1/households/${hh.id}/residents`, { full_name: 'Thử Lỗi', birth_year: 1980, sex: 'nam', ...body }, key());
      assertProblem(res, 422, 'validation_failed', { fields: [field], msg: JSON.stringify(body) });
    }
    const noBirth = await c.thanhvien.post(`/api/v1/households/${hh.id}/residents`, { full_name: 'Thử', sex: 'nam' }, key());
    assertProblem(noBirth, 422, 'validation_failed', { fields: ['birth_date'] });
  }, { tables: REG });
  // A CCCD changed to another's is refused too.
  const other = await newResident(hh, { full_name: 'Lục Văn Bảy' });
  assertProblem(await c.thanhvien.patch(`/api/v1/residents/${other.id}`, { cccd: '006190001234' }), 409, 'cccd_duplicate');
  const ok = await c.thanhvien.patch(`/api/v1/residents/${other.id}`, { cccd: '006 080 005 678', phone: '0911222333' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.cccd, '********5678');
});

test('personal data: team members of the village and commune officers see it, logged; others get counts only', async () => {
  const hh = await newHousehold();
  const p = await newResident(hh, { full_name: 'Ma Thị Lan', phone: '0977000111' });
  for (const who of ['thanhvien', 'hoamuc']) {
    const cl = c[who];
    const before = journal(cl.user.id).length;
    const list = await cl.ok(`/api/v1/units/${naPau.id}/households`);
    assert.ok(list.items.some((h) => h.id === hh.id));
    const one = await cl.ok(`/api/v1/households/${hh.id}`);
    assert.equal(one.residents.find((x) => x.id === p.id).phone, '0977000111');
    await cl.ok(`/api/v1/residents/${p.id}`);
    const rows = journal(cl.user.id).slice(before);
    assert.deepEqual(rows.map((x) => x.entity), ['unit_households', 'household', 'resident'], who);
    assert.equal(rows[0].entity_id, naPau.id);
    assert.equal(rows[0].records, list.items.length);
    assert.deepEqual([rows[1].entity_id, rows[1].records], [hh.id, 2]);
    assert.deepEqual([rows[2].entity_id, rows[2].records], [p.id, 1]);
  }
  for (const who of ['xem', 'chomoi', 'backan', 'admin']) {
    const cl = c[who];
    const before = journal(cl.user.id).length;
    const counts = await cl.get(`/api/v1/units/${naPau.id}/households`);
    assert.equal(counts.status, 200, counts.text);
    assert.ok(!('items' in counts.json), `${who}: counts only`);
    assert.ok(counts.json.households >= 1 && counts.json.residents >= 1);
    assert.doesNotMatch(counts.text, /Ma Thị Lan|0977000111/);
    assertProblem(await cl.get(`/api/v1/households/${hh.id}`), 403, 'register_counts_only', { msg: who });
    assertProblem(await cl.get(`/api/v1/residents/${p.id}`), 403, 'register_counts_only', { msg: who });
    assert.equal(journal(cl.user.id).length, before, `${who}: nothing personal read`);
  }
  // Another village's team member cannot reach it at all (scope: 404, as if absent).
  const hoaMucTeamMember = c.thanhvien; // scoped to Nà Pầu
  const foreign = await c.hoamuc.post('/api/v1/households', { unit_id: otherVillage.id, hamlet: 'Xóm Khác' }, key());
  assert.equal(foreign.status, 201, foreign.text);
  assertProblem(await hoaMucTeamMember.get(`/api/v1/households/${foreign.json.id}`), 404, 'not_found');
  assertProblem(await hoaMucTeamMember.get(`/api/v1/units/${otherVillage.id}/households`), 404, 'not_found');
});

test('a move keeps the history: the person counts in each household on its own dates', async () => {
  const a = await newHousehold(c.thanhvien, { house_number: '31' });
  const b = await newHousehold(c.thanhvien, { house_number: '32' });
  const p = await newResident(a, { full_name: 'Triệu Văn Chuyển', from: '2022-01-01' });
  await unchanged(s.db, async () => {
    assertProblem(await c.thanhvien.post(`/api/v1/residents/${p.id}/move`, { household_id: b.id, date: '2021-12-01' }), 422, 'validation_failed', { fields: ['date'] });
    assertProblem(await c.thanhvien.post(`/api/v1/residents/${p.id}/move`, { household_id: a.id, date: '2023-01-01' }), 422, 'validation_failed', { fields: ['household_id'] });
    assertProblem(await c.thanhvien.post(`/api/v1/residents/${p.id}/move`, { household_id: 999999, date: '2023-01-01' }), 404, 'not_found');
  }, { tables: REG });
  const m = await c.thanhvien.post(`/api/v1/residents/${p.id}/move`, { household_id: b.id, date: '2023-06-01' });
  assert.equal(m.status, 200, m.text);
  assert.deepEqual(m.json.residencies.map((x) => [x.household_id, x.from, x.to]),
    [[a.id, '2022-01-01', '2023-06-01'], [b.id, '2023-06-01', null]]);
  const on = async (h, d) => (await c.thanhvien.ok(`/api/v1/households/${h.id}?date=${d}`)).residents.map((x) => x.id);
  assert.deepEqual(await on(a, '2023-05-31'), [p.id]);
  assert.deepEqual(await on(b, '2023-05-31'), []);
  assert.deepEqual(await on(a, '2023-06-01'), []);
  assert.deepEqual(await on(b, '2023-06-01'), [p.id]);
  // An end (died) removes them from the count from that day on.
  const e = await c.thanhvien.patch(`/api/v1/residents/${p.id}`, { ended_on: '2024-02-01', end_reason: 'qua_doi' });
  assert.equal(e.status, 200, e.text);
  assert.deepEqual(await on(b, '2024-01-31'), [p.id]);
  assert.deepEqual(await on(b, '2024-02-01'), []);
  assertProblem(await c.thanhvien.patch(`/api/v1/residents/${p.id}`, { ended_on: '2024-02-01', end_reason: 'bay_di' }), 422, 'validation_failed', { fields: ['end_reason'] });
  assertProblem(await c.hoamuc.del(`/api/v1/households/${a.id}`), 409, 'household_in_use');
});

test('statuses: dated, with team, member and source; once at a time; out of scope refused', async () => {
  const hh = await newHousehold();
  const p = await newResident(hh);
  const r = await c.thanhvien.post(`/api/v1/residents/${p.id}/statuses`,
    { type: 'thanh_toan_khong_tien_mat', option: 'ngan_hang', gained_on: '2023-04-05', team_id: team.id, member_id: member.id, source: 'self' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.option_name, 'Ngân hàng');
  assert.equal(r.json.source, 'self');
  await unchanged(s.db, async () => {
    const post = (b) => c.thanhvien.post(`/api/v1/residents/${p.id}/statuses`, { gained_on: '2023-04-05', ...b });
    assertProblem(await post({ type: 'thanh_toan_khong_tien_mat', option: 'vnpt_money' }), 422, 'validation_failed', { fields: ['type'] });
    assertProblem(await post({ type: 'thanh_toan_khong_tien_mat' }), 422, 'validation_failed', { fields: ['option'] });
    assertProblem(await post({ type: 'smartphone', option: 'x' }), 422, 'validation_failed', { fields: ['option'] });
    assertProblem(await post({ type: 'bay_tren_may' }), 422, 'validation_failed', { fields: ['type'] });
    assertProblem(await post({ type: 'smartphone', gained_on: '2999-01-01' }), 422, 'validation_failed', { fields: ['gained_on'] });
    assertProblem(await post({ type: 'smartphone', source: 'visit' }), 422, 'validation_failed', { fields: ['source'] });
    assertProblem(await post({ type: 'smartphone', team_id: team.id, member_id: 999999 }), 422, 'validation_failed', { fields: ['member_id'] });
    assertProblem(await post({ type: 'smartphone', team_id: otherTeam.id }), 404, 'not_found', { msg: 'the commune team is outside a village member\'s scope' });
    assertProblem(await c.xem.post(`/api/v1/residents/${p.id}/statuses`, { type: 'smartphone', gained_on: '2023-01-01' }), 403, 'forbidden');
  }, { tables: REG });
  const lost = await c.thanhvien.patch(`/api/v1/citizen-statuses/${r.json.id}`, { lost_on: '2024-01-01' });
  assert.equal(lost.status, 200, lost.text);
  assert.equal(lost.json.lost_on, '2024-01-01');
  const again = await c.thanhvien.post(`/api/v1/residents/${p.id}/statuses`, { type: 'thanh_toan_khong_tien_mat', option: 'vnpt_money', gained_on: '2024-03-01' });
  assert.equal(again.status, 201, 'gained again after it was lost');
  assert.equal((await c.thanhvien.del(`/api/v1/citizen-statuses/${again.json.id}`)).status, 204);
});

// The register's count of statuses gained in visits, and the activity totals, over 2024.
const from = '2024-01-01'; const to = '2024-12-31';
async function activityTotals(unit) {
  const sc = await c.hoamuc.ok(`/api/v1/units/${unit.id}/scorecard?from=${from}&to=${to}`);
  return {
    vneid: scoreIndicator(sc, 'vneid_kich_hoat').value,
    viettel: scoreIndicator(sc, 'vi_viettel_money').value,
    wallet: scoreIndicator(sc, 'vi_dien_tu').value,
  };
}
function registerCounts(unit) {
  const q = (type, option) => sqlCount(s.db, `SELECT COUNT(*) FROM citizen_statuses st JOIN visits v ON v.id = st.visit_id
    WHERE v.unit_id IN (SELECT child_id FROM unit_links WHERE parent_id = ${unit.id} UNION SELECT ${unit.id})
    AND st.type = '${type}' ${option ? `AND st.option_code = '${option}'` : ''} AND st.gained_on BETWEEN '${from}' AND '${to}'`);
  return { vneid: q('vneid_muc_2'), viettel: q('thanh_toan_khong_tien_mat', 'viettel_money'), wallet: q('thanh_toan_khong_tien_mat', 'viettel_money') + q('thanh_toan_khong_tien_mat', 'vnpt_money') + q('thanh_toan_khong_tien_mat', 'khac') };
}
async function agree(base) {
  for (const u of [naPau, hoaMuc]) {
    const act = await activityTotals(u); const reg = registerCounts(u);
    for (const k of Object.keys(reg)) assert.equal(act[k] - base[u.id][k], reg[k] - base[u.id].reg[k], `${u.name} ${k}: activity totals and register agree`);
  }
}

test('a visit: statuses gained count in the activity totals once; editing and deleting the visit changes both', async () => {
  const base = {};
  for (const u of [naPau, hoaMuc]) base[u.id] = { ...(await activityTotals(u)), reg: registerCounts(u) };
  const hh = await newHousehold(c.thanhvien, { house_number: '77' });
  const a = await newResident(hh, { full_name: 'Hà Văn Một', birth_year: 1970 });
  const b = await newResident(hh, { full_name: 'Hà Thị Hai', birth_year: 1975, sex: 'nu' });
  const k = newKey('visit');
  const body = {
    date: '2024-05-06', team_id: team.id, member_id: member.id, present: [a.id, b.id], note: 'Đến hộ buổi tối',
    changes: [
      { resident_id: a.id, type: 'vneid_muc_2' }, { resident_id: b.id, type: 'vneid_muc_2' },
      { resident_id: a.id, type: 'thanh_toan_khong_tien_mat', option: 'viettel_money' },
      { resident_id: b.id, type: 'thanh_toan_khong_tien_mat', option: 'ngan_hang' },
      { resident_id: b.id, type: 'smartphone' },
    ],
  };
  const v = await c.thanhvien.post(`/api/v1/households/${hh.id}/visits`, body, { headers: { 'Idempotency-Key': k } });
  assert.equal(v.status, 201, v.text);
  assert.equal(v.json.changes.length, 5);
  const replayed = await c.thanhvien.post(`/api/v1/households/${hh.id}/visits`, body, { headers: { 'Idempotency-Key': k } });
  assert.equal(replayed.status, 200);
  assert.equal(replayed.json.id, v.json.id);
  let now = await activityTotals(naPau);
  assert.equal(now.vneid - base[naPau.id].vneid, 2, 'two VNeID activations');
  assert.equal(now.viettel - base[naPau.id].viettel, 1, 'one Viettel Money account; a bank account is no e-wallet');
  assert.equal((await activityTotals(hoaMuc)).vneid - base[hoaMuc.id].vneid, 2, 'rolls up to the commune');
  await agree(base);
  const statuses = (await c.thanhvien.ok(`/api/v1/households/${hh.id}`)).residents.find((x) => x.id === a.id).statuses;
  const vneid = statuses.find((x) => x.type === 'vneid_muc_2');
  assert.deepEqual([vneid.source, vneid.visit_id, vneid.team_id, vneid.member_id, vneid.gained_on], ['visit', v.json.id, team.id, member.id, '2024-05-06']);
  // The derived activity changes only with its visit.
  const acts = sql(s.db, `SELECT id FROM activities WHERE visit_id = ${v.json.id} AND deleted_at IS NULL`).trim().split('\n');
  assert.equal(acts.length, 2, 'one activity per type and category');
  assertProblem(await c.hoamuc.patch(`/api/v1/activities/${acts[0]}`, { note: 'sửa' }), 409, 'activity_from_visit');
  assertProblem(await c.hoamuc.del(`/api/v1/activities/${acts[0]}`), 409, 'activity_from_visit');
  assertProblem(await c.thanhvien.patch(`/api/v1/citizen-statuses/${vneid.id}`, { lost_on: '2024-06-01' }), 409, 'status_from_visit');
  // A second VNeID for the same person is refused; bad visits save nothing.
  await unchanged(s.db, async () => {
    const post = (b2) => c.thanhvien.post(`/api/v1/households/${hh.id}/visits`, { date: '2024-07-01', team_id: team.id, ...b2 }, key());
    assertProblem(await post({ changes: [{ resident_id: a.id, type: 'vneid_muc_2' }] }), 422, 'validation_failed', { fields: ['changes[0].type'] });
    assertProblem(await post({ changes: [{ resident_id: 999999, type: 'smartphone' }] }), 422, 'validation_failed', { fields: ['changes[0].resident_id'] });
    assertProblem(await post({ changes: [{ resident_id: a.id, type: 'chu_ky_so' }, { resident_id: a.id, type: 'chu_ky_so' }] }), 422, 'validation_failed', { fields: ['changes[1].type'] });
    assertProblem(await post({ date: '2999-01-01' }), 422, 'validation_failed', { fields: ['date'] });
    assertProblem(await post({ date: '2024-02-30' }), 422, 'validation_failed', { fields: ['date'] });
    assertProblem(await post({ present: [999999] }), 422, 'validation_failed', { fields: ['present'] });
    assertProblem(await post({ changes: 'tất cả' }), 422, 'validation_failed', { fields: ['changes'] });
    assertProblem(await post({ team_id: otherTeam.id }), 404, 'not_found');
    assertProblem(await c.thanhvien.post(`/api/v1/households/${hh.id}/visits`, { date: '2024-07-01' }, key()), 422, 'validation_failed', { fields: ['team_id'] });
  }, { tables: REG });
  // Edit: one VNeID fewer, the date moves within 2024.
  const edited = await c.thanhvien.patch(`/api/v1/visits/${v.json.id}`, { date: '2024-05-07', changes: body.changes.slice(1) });
  assert.equal(edited.status, 200, edited.text);
  now = await activityTotals(naPau);
  assert.equal(now.vneid - base[naPau.id].vneid, 1);
  assert.equal(now.viettel - base[naPau.id].viettel, 1);
  await agree(base);
  // Moved out of 2024: out of both.
  assert.equal((await c.thanhvien.patch(`/api/v1/visits/${v.json.id}`, { date: '2023-12-30' })).status, 200);
  now = await activityTotals(naPau);
  assert.equal(now.vneid - base[naPau.id].vneid, 0);
  await agree(base);
  assert.equal((await c.thanhvien.patch(`/api/v1/visits/${v.json.id}`, { date: '2024-05-08' })).status, 200);
  await agree(base);
  // Delete: both back to where they were, statuses gone.
  assertProblem(await c.xem.del(`/api/v1/visits/${v.json.id}`), 403, 'forbidden');
  assert.equal((await c.thanhvien.del(`/api/v1/visits/${v.json.id}`)).status, 204);
  now = await activityTotals(naPau);
  assert.equal(now.vneid, base[naPau.id].vneid);
  assert.equal(now.viettel, base[naPau.id].viettel);
  await agree(base);
  assert.equal(sqlCount(s.db, `SELECT COUNT(*) FROM citizen_statuses WHERE resident_id IN (${a.id}, ${b.id})`), 0);
  assert.equal(sqlCount(s.db, `SELECT COUNT(*) FROM activities WHERE note LIKE '%#${v.json.id}' AND deleted_at IS NULL`), 0);
});

test('the door-to-door list shows the village\'s progress: households visited, digital citizens as the scorecard has them', async () => {
  const list = () => c.thanhvien.ok(`/api/v1/units/${naPau.id}/households`);
  const before = await list();
  const day = before.date;
  const visitedInDb = () => sqlCount(s.db, `SELECT COUNT(DISTINCT v.household_id) FROM visits v JOIN households h ON h.id = v.household_id
    WHERE h.unit_id = ${naPau.id} AND v.date <= '${day}'`);
  assert.equal(before.households_visited, visitedInDb());
  const hh = await newHousehold(c.thanhvien, { hamlet: 'Xóm Tiến Độ', house_number: '1' });
  const p = await newResident(hh, { full_name: 'Lục Văn Tiến', birth_year: 1980 });
  const mid = await list();
  assert.equal(mid.households_visited, before.households_visited, 'a new household is not visited yet');
  assert.equal(mid.items.find((h) => h.id === hh.id).last_visit, null);
  // One adult gains all four parts of a digital citizen in one visit.
  const changes = [{ resident_id: p.id, type: 'vneid_muc_2' }, { resident_id: p.id, type: 'smartphone' },
    { resident_id: p.id, type: 'ky_nang_so', option: 'lop_cua_to' }, { resident_id: p.id, type: 'thanh_toan_khong_tien_mat', option: 'viettel_money' }];
  const v = await c.thanhvien.post(`/api/v1/households/${hh.id}/visits`, { date: day, team_id: team.id, present: [p.id], changes }, key());
  assert.equal(v.status, 201, v.text);
  const after = await list();
  assert.equal(after.households_visited, before.households_visited + 1);
  assert.equal(after.households_visited, visitedInDb());
  assert.equal(after.items.find((h) => h.id === hh.id).last_visit, day);
  // One number: the list's share is the scorecard's for the same day, and the visit moved it.
  const sc = await c.hoamuc.ok(`/api/v1/units/${naPau.id}/scorecard?from=${day}&to=${day}`);
  const cell = scoreIndicator(sc, 'cd_cong_dan_so');
  assert.ok(cell, 'the scorecard has the digital citizens');
  assert.deepEqual([after.digital_citizens.value, after.digital_citizens.status], [cell.value, cell.status]);
  assert.ok(after.digital_citizens.value > mid.digital_citizens.value, `${mid.digital_citizens.value} → ${after.digital_citizens.value}`);
  // A role that sees counts only gets the progress (aggregates) and no households.
  const viewer = await c.xem.ok(`/api/v1/units/${naPau.id}/households`);
  assert.deepEqual([viewer.households_visited, viewer.digital_citizens.value, viewer.items], [after.households_visited, after.digital_citizens.value, undefined]);
  // The visit deleted: not visited any more.
  assert.equal((await c.thanhvien.del(`/api/v1/visits/${v.json.id}`)).status, 204);
  const gone = await list();
  assert.deepEqual([gone.households_visited, gone.items.find((h) => h.id === hh.id).last_visit], [before.households_visited, null]);
});

test('visits survive a restart: the engine reloads the derived activities', async () => {
  const hh = await newHousehold(c.thanhvien, { house_number: '88' });
  const p = await newResident(hh, { full_name: 'Nông Văn Khởi' });
  const before = (await activityTotals(naPau)).vneid;
  const v = await c.thanhvien.post(`/api/v1/households/${hh.id}/visits`,
    { date: '2024-08-08', team_id: team.id, changes: [{ resident_id: p.id, type: 'vneid_muc_2' }] }, key());
  assert.equal(v.status, 201, v.text);
  // Stop the server (keeping its database) and start another on it.
  const done = new Promise((r) => s.proc.once('exit', r));
  s.proc.kill('SIGTERM');
  await done;
  s2 = await startServer({ db: s.db });
  c = await loginAll(s2.url);
  assert.equal((await activityTotals(naPau)).vneid, before + 1);
  assert.equal((await c.thanhvien.ok(`/api/v1/households/${hh.id}`)).residents[0].statuses[0].type, 'vneid_muc_2');
});

test('indicators from the register: shares of adults on the last day, rolled up, ranked, in series', async () => {
  const v = otherVillage;
  const post = async (path, body) => { const r = await c.hoamuc.post(path, body, key()); assert.equal(r.status, 201, r.text); return r.json; };
  const h1 = await post('/api/v1/households', { unit_id: v.id, hamlet: 'Bản Chỉ Số', house_number: '1' });
  const h2 = await post('/api/v1/households', { unit_id: v.id, hamlet: 'Bản Chỉ Số', house_number: '2' });
  assert.equal((await c.hoamuc.patch(`/api/v1/households/${h1.id}`, { fibre: true })).status, 200);
  const a = await post(`/api/v1/households/${h1.id}/residents`, { full_name: 'Lương Văn An', birth_year: 1980, sex: 'nam', from: '2021-01-01' });
  const b = await post(`/api/v1/households/${h1.id}/residents`, { full_name: 'Lương Thị Bích', birth_date: '2005-06-15', sex: 'nu', from: '2021-01-01' });
  await post(`/api/v1/households/${h2.id}/residents`, { full_name: 'Lương Văn Cường', birth_year: 2015, sex: 'nam', from: '2021-01-01' });
  await post(`/api/v1/residents/${a.id}/statuses`, { type: 'smartphone', gained_on: '2023-01-01' });
  await post(`/api/v1/residents/${b.id}/statuses`, { type: 'vneid_muc_2', gained_on: '2022-01-01' });
  const card = async (unit, d) => {
    const sc = await c.hoamuc.ok(`/api/v1/units/${unit.id}/scorecard?from=${d.slice(0, 4)}-01-01&to=${d}`);
    const val = (code) => scoreIndicator(sc, code)?.value ?? null;
    return { residents: val('cd_dan_so_so_ho'), smartphone: val('cd_smartphone'), vneid: val('cd_vneid'), fibre: val('cd_cap_quang'), sc };
  };
  // 2022: B is 17, so only A is an adult; the child never counts among adults.
  let k = await card(v, '2022-12-31');
  assert.deepEqual([k.residents, k.smartphone, k.vneid, k.fibre], [3, 0, 0, 50]);
  // 15/06/2023 B turns 18: two adults, one with a smartphone, one with VNeID.
  k = await card(v, '2023-06-14');
  assert.deepEqual([k.smartphone, k.vneid], [100, 0]);
  k = await card(v, '2023-12-31');
  assert.deepEqual([k.smartphone, k.vneid], [50, 50]);
  const smart = scoreIndicator(k.sc, 'cd_smartphone');
  assert.equal(smart.target, 80, "Decision 411's 2025 target is the default");
  assert.equal(smart.status, 'cham');
  // B moves away on 01/03/2024: from then on only A.
  assert.equal((await c.hoamuc.patch(`/api/v1/residents/${b.id}`, { ended_on: '2024-03-01', end_reason: 'chuyen_di' })).status, 200);
  k = await card(v, '2024-02-29');
  assert.deepEqual([k.residents, k.smartphone, k.vneid], [3, 50, 50]);
  k = await card(v, '2024-12-31');
  assert.deepEqual([k.residents, k.smartphone, k.vneid], [2, 100, 0]);
  // The commune's figures are its villages' together.
  const kids = (await c.hoamuc.ok(`/api/v1/units/${hoaMuc.id}/children?date=2024-12-31`)).items;
  let sum = 0;
  for (const u of kids) sum += (await card(u, '2024-12-31')).residents ?? 0;
  assert.equal((await card(hoaMuc, '2024-12-31')).residents, sum);
  assert.ok(sum >= 2);
  const district = await unitByName(c.admin, 'Huyện Chợ Mới');
  const chomoi = await c.chomoi.ok(`/api/v1/units/${district.id}/scorecard?from=2024-01-01&to=2024-12-31&structure_date=2024-12-31`);
  let communes = 0;
  for (const u of (await c.chomoi.ok(`/api/v1/units/${district.id}/children?date=2024-12-31`)).items) {
    communes += scoreIndicator(await c.chomoi.ok(`/api/v1/units/${u.id}/scorecard?from=2024-01-01&to=2024-12-31`), 'cd_dan_so_so_ho').value ?? 0;
  }
  assert.ok(communes > sum, "the demo's register of Cao Kỳ and Tân Sơn counts too");
  assert.equal(scoreIndicator(chomoi, 'cd_dan_so_so_ho').value, communes, "the district's count is its communes' together (and no names)");
  // Ranking and series work on them like on any indicator.
  const rank = await c.hoamuc.ok(`/api/v1/units/${hoaMuc.id}/ranking?indicator=cd_smartphone&from=2024-01-01&to=2024-12-31&level=village`);
  assert.equal(rank.items.find((x) => x.unit.id === v.id).value, 100);
  const series = await c.hoamuc.ok(`/api/v1/units/${v.id}/series?indicator=cd_vneid&from=2023-01-01&to=2024-12-31&interval=quarter`);
  assert.deepEqual(series.points.map((p) => p.value), [0, 50, 50, 50, 0, 0, 0, 0], 'B is adult from Q2 2023 and gone by the end of Q1 2024');
});

test('a province adds its own register indicator: a status type as data, no new build', async () => {
  const body = { code: 'cd_so_ho_so_suc_khoe_tinh', name: 'Người trưởng thành có hồ sơ sức khoẻ điện tử (tỉnh)', unit: '%', pillar: 'xa_hoi_so', kind: 'register_adults_share', status: 'ho_so_suc_khoe' };
  const r = await c.backan.post('/api/v1/indicators', body);
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.spec, { kind: 'register_adults_share', status: 'ho_so_suc_khoe' });
  assertProblem(await c.backan.post('/api/v1/indicators', { ...body, code: 'cd_khong_co', status: 'khong_co' }), 422, 'validation_failed');
});

test('either structure: the same people on Hoà Mục (2024 structure) and on Xã Tân Kỳ (2025)', async () => {
  const tanKy = await unitByName(c.admin, 'Xã Tân Kỳ', '2025-12-31');
  const count = async (unit, structure) => scoreIndicator(
    await c.admin.ok(`/api/v1/units/${unit.id}/scorecard?from=2025-01-01&to=2025-12-31&structure_date=${structure}`), 'cd_dan_so_so_ho').value;
  let old = 0;
  for (const name of ['Xã Hoà Mục', 'Xã Cao Kỳ', 'Xã Tân Sơn']) old += await count(await unitByName(c.admin, name, '2025-06-30'), '2025-06-30');
  assert.ok(old >= 1000, `Hoà Mục's, Cao Kỳ's and Tân Sơn's register on the old structure: ${old}`);
  assert.equal(await count(tanKy, '2025-12-31'), old, 'their villages count in Tân Kỳ after 01/07/2025');
  // The published population is the denominator of completeness and of team
  // members per 100 residents; the demo publishes none for Tân Kỳ: no value rather than a wrong one.
  const sc = await c.admin.ok(`/api/v1/units/${tanKy.id}/scorecard?from=2025-01-01&to=2025-12-31&structure_date=2025-12-31`);
  const val = (code) => scoreIndicator(sc, code).value;
  assert.equal(val('dan_so'), null);
  assert.equal(val('cd_do_day_du_so_ho'), null);
  assert.equal(val('thanh_vien_tren_100_dan'), null);
});

test('the register as .xlsx: a village\'s or a commune\'s, people with their statuses, counts-only roles refused, every export logged', async () => {
  const { readSheet } = await import('./zip.mjs');
  const hh = await newHousehold(c.thanhvien, { hamlet: 'Xóm Xuất', house_number: '3' });
  const p = await newResident(hh, { full_name: 'Lục Thị Xuất', birth_date: '1990-03-04', birth_year: 1990, sex: 'nu', cccd: '006199004321', phone: '0912345678' });
  const st = await c.thanhvien.post(`/api/v1/residents/${p.id}/statuses`, { type: 'smartphone', gained_on: '2024-02-01', source: 'self' });
  assert.equal(st.status, 201, st.text);
  for (const [cl, unit] of [[c.thanhvien, naPau], [c.hoamuc, hoaMuc]]) {
    const before = journal(cl.user.id).length;
    const r = await cl.get(`/api/v1/units/${unit.id}/register.xlsx?date=2024-06-01`);
    const rows = readSheet(r);
    assert.match(r.headers['content-disposition'], /^attachment; filename="so-ho-/);
    assert.match(rows[0][0].text, new RegExp(`^Sổ hộ gia đình và công dân số — ${unit.name} \\(ngày 01/06/2024\\)$`));
    const head = rows[1].map((x) => x.text);
    assert.deepEqual(head.slice(0, 10), ['STT', 'Hộ số', 'Thôn', 'Xóm', 'Số nhà', 'Mô tả địa chỉ', 'Cáp quang', 'Thiết bị thông minh', 'Chủ hộ', 'Họ và tên']);
    const mine = rows.find((row) => row.some((x) => x.text === 'Lục Thị Xuất'));
    assert.ok(mine, 'the person is listed');
    const cell = (name) => mine.find((x) => x.col === String.fromCharCode(65 + head.indexOf(name)));
    assert.equal(cell('Thôn').text, 'Thôn Nà Pầu');
    assert.equal(cell('CCCD').text, '********4321', 'the CCCD masked, never in clear');
    assert.equal(cell('Ngày sinh').format, 'dd/mm/yyyy');
    assert.equal(cell('Có điện thoại thông minh').format, 'dd/mm/yyyy', 'the day the status was gained, as a date');
    const persons = rows.length - 2;
    const logged = journal(cl.user.id).slice(before);
    assert.deepEqual(logged, [{ entity: 'register_export', entity_id: unit.id, records: persons }]);
  }
  assertProblem(await c.chomoi.get(`/api/v1/units/${hoaMuc.id}/register.xlsx`), 403, 'register_counts_only');
  assertProblem(await c.xem.get(`/api/v1/units/${naPau.id}/register.xlsx`), 403, 'register_counts_only');
  assertProblem(await c.thanhvien.get(`/api/v1/units/${otherVillage.id}/register.xlsx`), 404, 'not_found');
  const district = await unitByName(c.admin, 'Huyện Chợ Mới');
  assertProblem(await c.admin.get(`/api/v1/units/${district.id}/register.xlsx`), 403, 'register_counts_only');
});

test('search a person by a name typed without diacritics, within scope; every search logged', async () => {
  const hh = await newHousehold();
  await newResident(hh, { full_name: 'Triệu Thị Tìm Kiếm', birth_year: 1977, sex: 'nu' });
  const before = journal(c.thanhvien.user.id).length;
  const r = await c.thanhvien.ok(`/api/v1/units/${naPau.id}/residents?q=${encodeURIComponent('trieu tim')}`);
  assert.deepEqual(r.items.map((x) => x.full_name), ['Triệu Thị Tìm Kiếm']);
  assert.equal(r.items[0].household.id, hh.id);
  assert.equal(r.items[0].statuses, undefined, 'a search lists people, not their statuses');
  assert.deepEqual(journal(c.thanhvien.user.id).slice(before), [{ entity: 'resident_search', entity_id: naPau.id, records: 1 }]);
  const commune = await c.hoamuc.ok(`/api/v1/units/${hoaMuc.id}/residents?q=TRIEU%20THI%20TIM`);
  assert.equal(commune.items.length, 1, 'the commune finds the people of its villages');
  assert.equal((await c.thanhvien.ok(`/api/v1/units/${naPau.id}/residents?q=khong%20ai%20ten%20the`)).items.length, 0);
  assertProblem(await c.thanhvien.get(`/api/v1/units/${otherVillage.id}/residents?q=trieu`), 404, 'not_found');
  assertProblem(await c.chomoi.get(`/api/v1/units/${naPau.id}/residents?q=trieu`), 403, 'register_counts_only');
  assertProblem(await c.thanhvien.get(`/api/v1/units/${naPau.id}/residents?q=t`), 422, 'validation_failed');
  assertProblem(await c.thanhvien.get(`/api/v1/units/${naPau.id}/residents?q=${'a'.repeat(101)}`), 422, 'validation_failed');
});

test("the commune officer reads who read the commune's people: when, what, how many", async () => {
  const hh = await newHousehold();
  await c.thanhvien.ok(`/api/v1/households/${hh.id}`);
  await c.thanhvien.get(`/api/v1/units/${naPau.id}/register.xlsx`);
  const log = await c.hoamuc.ok(`/api/v1/units/${hoaMuc.id}/personal-data-log`);
  const mine = log.items.filter((x) => x.user_id === c.thanhvien.user.id);
  assert.ok(mine.length >= 2, JSON.stringify(log.items.slice(0, 3)));
  assert.deepEqual(mine.slice(0, 2).map((x) => x.entity), ['register_export', 'household']);
  const read = mine[1];
  assert.equal(read.entity_id, hh.id);
  assert.equal(read.unit.id, naPau.id);
  assert.equal(read.records, 1);
  assert.ok(read.user_name && read.role === 'team_member' && Math.abs(read.at - Date.now() / 1000) < 600);
  assert.ok(log.items.every((x, i) => i === 0 || x.id < log.items[i - 1].id), 'newest first');
  // Paging, and nobody else's commune.
  const next = await c.hoamuc.ok(`/api/v1/units/${hoaMuc.id}/personal-data-log?before=${log.items[0].id}`);
  assert.equal(next.items[0].id, log.items[1].id);
  assertProblem(await c.thanhvien.get(`/api/v1/units/${naPau.id}/personal-data-log`), 403, 'forbidden');
  assertProblem(await c.chomoi.get(`/api/v1/units/${hoaMuc.id}/personal-data-log`), 403, 'forbidden');
  assertProblem(await c.hoamuc.get(`/api/v1/units/${hoaMuc.id}/personal-data-log?before=x`), 400, 'bad_query');
  const district = await unitByName(c.admin, 'Huyện Chợ Mới');
  assertProblem(await c.hoamuc.get(`/api/v1/units/${district.id}/personal-data-log`), 404, 'not_found');
  // The administrator reads a commune's log or a village's; a district has no register of its own to log.
  assert.ok((await c.admin.ok(`/api/v1/units/${hoaMuc.id}/personal-data-log`)).items.length > 0);
  assertProblem(await c.admin.get(`/api/v1/units/${district.id}/personal-data-log`), 422, 'validation_failed', { fieldCodes: { id: 'invalid_value' } });
});

test('consent and erasure (Decree 13/2023): the identifying data go, the counts stay', async () => {
  const hh = await newHousehold();
  const p = await newResident(hh, { full_name: 'Ma Văn Xoá', birth_date: '1980-05-05', sex: 'nam', phone: '0911222333', cccd: '006080555666', consent_on: '2023-02-01' });
  assert.equal(p.consent_on, '2023-02-01');
  assertProblem(await c.thanhvien.patch(`/api/v1/residents/${p.id}`, { consent_on: '2099-01-01' }), 422, 'validation_failed', { fields: ['consent_on'] });
  assertProblem(await c.thanhvien.patch(`/api/v1/residents/${p.id}`, { consent_on: '1970-01-01' }), 422, 'validation_failed', { fields: ['consent_on'] });
  const st = await c.thanhvien.post(`/api/v1/residents/${p.id}/statuses`, { type: 'smartphone', gained_on: '2023-03-01' });
  assert.equal(st.status, 201, st.text);
  const figures = async () => {
    const sc = await c.hoamuc.ok(`/api/v1/units/${naPau.id}/scorecard?from=2024-01-01&to=2024-12-31`);
    return ['cd_dan_so_so_ho', 'cd_smartphone', 'cd_cong_dan_so', 'cd_thanh_toan'].map((k) => scoreIndicator(sc, k).value);
  };
  const before = await figures();
  assertProblem(await c.thanhvien.post(`/api/v1/residents/${p.id}/erase`, { reason: 'Đơn đề nghị ngày 01/12/2026' }), 403, 'forbidden');
  assertProblem(await c.hoamuc.post(`/api/v1/residents/${p.id}/erase`, {}), 422, 'validation_failed');
  const r = await c.hoamuc.post(`/api/v1/residents/${p.id}/erase`, { reason: 'Đơn đề nghị ngày 01/12/2026' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.erased, true);
  assert.equal(r.json.full_name, '(đã xoá theo yêu cầu)');
  assert.deepEqual([r.json.phone, r.json.cccd, r.json.ethnic], [null, null, null]);
  assert.equal(sql(s.db, `SELECT full_name, phone, CASE WHEN cccd_digest IS NULL THEN 1 ELSE 0 END, cccd_last4, ethnic, birth_date FROM residents WHERE id = ${p.id}`).trim(),
    '(đã xoá theo yêu cầu)||1|||1980-05-05', 'nothing identifying left; the birth date stays for the counts');
  assert.deepEqual(await figures(), before, 'past totals unchanged');
  assertProblem(await c.hoamuc.post(`/api/v1/residents/${p.id}/erase`, { reason: 'lần hai' }), 409, 'resident_erased');
  assertProblem(await c.thanhvien.patch(`/api/v1/residents/${p.id}`, { full_name: 'Ma Văn Xoá' }), 409, 'resident_erased');
  // The CCCD is free again: the erased person no longer holds it.
  await newResident(hh, { full_name: 'Người Khác', birth_year: 1990, sex: 'nu', cccd: '006080555666' });
  assert.equal(sqlCount(s.db, `SELECT COUNT(*) FROM audit_log WHERE action='erase' AND entity='resident' AND entity_id=${p.id}`), 1, 'the erasure is journalled');
  const journalled = sql(s.db, `SELECT before_json, after_json FROM audit_log WHERE entity='resident' AND entity_id=${p.id}`);
  assert.match(journalled, /"has_ethnic":true/);
  assert.doesNotMatch(journalled, /tay|Xoá|0911222333|555666/, 'the journal keeps no name, phone, CCCD or ethnic group of the erased person');
});

test('duplicates: the same person entered twice is shown, merged with both histories and all statuses; different CCCDs never merge', async () => {
  const h1 = await newHousehold(c.thanhvien, { hamlet: 'Xóm Trùng', house_number: '1' });
  const h2 = await newHousehold(c.thanhvien, { hamlet: 'Xóm Trùng', house_number: '2' });
  const a = await newResident(h1, { full_name: 'Hoàng Thị Trùng', birth_year: 1966, sex: 'nu', phone: '0977000111', from: '2021-01-01' });
  assert.deepEqual(a.likely_duplicates, []);
  const r = await c.thanhvien.post(`/api/v1/households/${h2.id}/residents`,
    { full_name: 'Hoang Thi Trung', birth_year: 1966, sex: 'nu', cccd: '006066777888', from: '2023-06-01' }, key());
  assert.equal(r.status, 201, r.text);
  const b = r.json;
  assert.deepEqual(b.likely_duplicates.map((x) => x.id), [a.id], 'shown at entry as a likely duplicate, not refused');
  const dups = await c.hoamuc.ok(`/api/v1/units/${hoaMuc.id}/duplicates`);
  const group = dups.groups.find((g) => g.some((x) => x.id === a.id));
  assert.deepEqual(group.map((x) => x.id).sort(), [a.id, b.id].sort());
  // Statuses on both records.
  assert.equal((await c.thanhvien.post(`/api/v1/residents/${a.id}/statuses`, { type: 'smartphone', gained_on: '2022-01-01' })).status, 201);
  assert.equal((await c.thanhvien.post(`/api/v1/residents/${b.id}/statuses`, { type: 'vneid_muc_2', gained_on: '2024-01-01' })).status, 201);
  const people = async (d) => scoreIndicator(await c.hoamuc.ok(`/api/v1/units/${naPau.id}/scorecard?from=${d}&to=${d}`), 'cd_dan_so_so_ho').value;
  // A different CCCD is a different person.
  const other = await newResident(h2, { full_name: 'Hoàng Thị Trùng', birth_year: 1966, sex: 'nu', cccd: '006066777999' });
  const [p22, p24] = [await people('2022-06-30'), await people('2024-06-30')];
  assertProblem(await c.thanhvien.post(`/api/v1/residents/${b.id}/merge`, { duplicate_id: other.id }), 409, 'different_cccd');
  assertProblem(await c.thanhvien.post(`/api/v1/residents/${a.id}/merge`, { duplicate_id: a.id }), 422, 'validation_failed');
  assertProblem(await c.chomoi.post(`/api/v1/residents/${a.id}/merge`, { duplicate_id: b.id }), 403, 'forbidden');
  const m = await c.thanhvien.post(`/api/v1/residents/${a.id}/merge`, { duplicate_id: b.id });
  assert.equal(m.status, 200, m.text);
  assert.deepEqual(m.json.statuses.map((x) => x.type).sort(), ['smartphone', 'vneid_muc_2'], 'all statuses kept');
  assert.equal(m.json.cccd, '********7888', 'the kept person takes the CCCD it lacked');
  assert.equal(m.json.phone, '0977000111');
  assert.deepEqual(m.json.residencies.map((x) => [x.household_id, x.from]), [[h1.id, '2021-01-01']],
    "the duplicate's stay at number 2 overlapped the kept one's: the kept one stays");
  assert.equal(await people('2022-06-30'), p22, 'one person in 2022 as before');
  assert.equal(await people('2024-06-30'), p24 - 1, 'counted once from 2023 on');
  assertProblem(await c.thanhvien.get(`/api/v1/residents/${b.id}`), 404, 'not_found');
  assert.equal(sql(s.db, `SELECT merged_into FROM residents WHERE id = ${b.id}`).trim(), String(a.id));
  assert.equal(sqlCount(s.db, `SELECT COUNT(*) FROM audit_log WHERE action='merge' AND entity_id=${a.id}`), 1);
  const after = await c.hoamuc.ok(`/api/v1/units/${hoaMuc.id}/duplicates`);
  assert.ok(!after.groups.some((g) => g.some((x) => x.id === a.id) && g.some((x) => x.id === b.id)));
});

test('households split and merged on a date: every person keeps their history, the counts follow the dates', async () => {
  const h = await newHousehold(c.thanhvien, { hamlet: 'Xóm Tách', house_number: '1' });
  const [a, b, d] = [await newResident(h, { full_name: 'Tô Văn Cha', birth_year: 1960 }), await newResident(h, { full_name: 'Tô Văn Con', birth_year: 1988 }),
    await newResident(h, { full_name: 'Tô Thị Dâu', birth_year: 1990, sex: 'nu' })];
  assert.equal((await c.thanhvien.patch(`/api/v1/households/${h.id}`, { head_id: b.id })).status, 200);
  const count = async (day) => {
    const sc = await c.hoamuc.ok(`/api/v1/units/${naPau.id}/scorecard?from=${day}&to=${day}`);
    const lived = (await c.thanhvien.ok(`/api/v1/units/${naPau.id}/households?date=${day}`)).items.filter((x) => x.members > 0).length;
    return lived + '/' + scoreIndicator(sc, 'cd_dan_so_so_ho').value;
  };
  const before = await count('2024-06-30');
  const january = await count('2024-01-31');
  const body = { date: '2024-03-01', resident_ids: [b.id, d.id], hamlet: 'Xóm Tách', house_number: '1B' };
  await unchanged(s.db, async () => {
    assertProblem(await c.thanhvien.post(`/api/v1/households/${h.id}/split`, { ...body, resident_ids: [a.id, b.id, d.id] }), 422, 'validation_failed');
    assertProblem(await c.thanhvien.post(`/api/v1/households/${h.id}/split`, { ...body, date: '2099-01-01' }), 422, 'validation_failed');
    assertProblem(await c.thanhvien.post(`/api/v1/households/${h.id}/split`, { ...body, date: '2021-06-01' }), 422, 'validation_failed');
    assertProblem(await c.thanhvien.post(`/api/v1/households/${h.id}/split`, { ...body, resident_ids: [999999] }), 422, 'validation_failed');
    assertProblem(await c.thanhvien.post(`/api/v1/households/${h.id}/split`, { ...body, resident_ids: 'x' }), 422, 'validation_failed');
    assertProblem(await c.chomoi.post(`/api/v1/households/${h.id}/split`, body), 403, 'forbidden');
  }, { tables: REG });
  const r = await c.thanhvien.post(`/api/v1/households/${h.id}/split`, body);
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.residents.map((x) => x.full_name).sort(), ['Tô Thị Dâu', 'Tô Văn Con']);
  assert.equal(r.json.head_id, b.id, 'the head goes with them');
  const [hh, pp] = before.split('/').map(Number);
  assert.equal(await count('2024-06-30'), `${hh + 1}/${pp}`, 'one household more, the same people');
  assert.equal(await count('2024-01-31'), january, 'before the split nothing changed');
  const old = await c.thanhvien.ok(`/api/v1/households/${h.id}?date=2024-06-30`);
  assert.deepEqual(old.residents.map((x) => x.full_name), ['Tô Văn Cha']);
  assert.equal(old.head_id, null);
  // Merged back on 01/01/2025.
  assertProblem(await c.thanhvien.post(`/api/v1/households/${r.json.id}/merge`, { into_id: r.json.id, date: '2025-01-01' }), 422, 'validation_failed');
  assertProblem(await c.thanhvien.post(`/api/v1/households/${r.json.id}/merge`, { into_id: h.id, date: '2024-02-01' }), 422, 'validation_failed');
  const m = await c.thanhvien.post(`/api/v1/households/${r.json.id}/merge`, { into_id: h.id, date: '2025-01-01' });
  assert.equal(m.status, 200, m.text);
  assert.equal(m.json.residents.length, 3);
  const son = await c.thanhvien.ok(`/api/v1/residents/${b.id}`);
  assert.deepEqual(son.residencies.map((x) => [x.household_id, x.from, x.to]),
    [[h.id, '2022-01-01', '2024-03-01'], [r.json.id, '2024-03-01', '2025-01-01'], [h.id, '2025-01-01', null]], 'the whole history kept');
  assert.equal(await count('2024-06-30'), `${hh + 1}/${pp}`, 'the past stays as it was');
  assert.equal(sqlCount(s.db, `SELECT COUNT(*) FROM audit_log WHERE entity='household' AND action IN ('split','merge') AND entity_id IN (${h.id},${r.json.id})`), 2);
});

test('the household list counts as the scorecard does: a household once someone lives there', async () => {
  const list = async () => (await c.hoamuc.ok(`/api/v1/units/${naPau.id}/households`));
  const before = await list();
  const hh = await newHousehold(c.thanhvien, { hamlet: 'Xóm Đếm', house_number: '1' });
  const empty = await list();
  assert.deepEqual([empty.households, empty.households_empty, empty.residents],
    [before.households, before.households_empty + 1, before.residents], 'listed, not counted');
  assert.ok(empty.items.some((h) => h.id === hh.id && h.members === 0), 'still on the list, with nobody');
  await newResident(hh, { full_name: 'Lục Văn Đếm', birth_year: 1977, sex: 'nam', from: '2022-01-01' });
  const lived = await list();
  assert.deepEqual([lived.households, lived.households_empty, lived.residents],
    [before.households + 1, before.households_empty, before.residents + 1]);
  const viewer = (await c.xem.ok(`/api/v1/units/${naPau.id}/households`));
  assert.deepEqual([viewer.households, viewer.households_empty, viewer.residents], [lived.households, lived.households_empty, lived.residents],
    'a viewer sees the same counts');
});
