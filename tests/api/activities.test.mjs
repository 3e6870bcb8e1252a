// Activities: the catalogue, logging with Idempotency-Key, corrections and the journal,
// bad input (nothing saved), batches, the CSV template and the import.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEMO_DATE, startServer, loginAll, assertProblem, unchanged, ALL_TABLES, sqlCount, sqlJson,
  newKey, scoreIndicator, parseCsv,
} from './lib.mjs';

let s; let c;
const u = {}; // units by code
const t = {}; // teams: hm (Xã Hoà Mục), np (Thôn Nà Pầu), yc (Xã Yên Cư)
let types; // the activity-type catalogue
let today;
const NONE = 999999;
const LIVE = 'SELECT count(*) FROM activities WHERE deleted_at IS NULL';

async function unitByCode(code) {
  const r = await c.admin.ok(`/api/v1/units?code=${encodeURIComponent(code)}&date=${DEMO_DATE}`);
  assert.equal(r.items.length, 1, `unit ${code}`);
  return r.items[0];
}

before(async () => {
  s = await startServer();
  c = await loginAll(s.url);
  for (const code of ['06', '065', '02098', '02098-01', '02098-02', '02110']) u[code] = await unitByCode(code);
  const hm = (await c.admin.ok(`/api/v1/units/${u['02098'].id}/teams`)).items;
  t.hm = hm.find((x) => x.unit_id === u['02098'].id);
  t.np = hm.find((x) => x.unit_id === u['02098-01'].id);
  t.yc = (await c.admin.ok(`/api/v1/units/${u['02110'].id}/teams`)).items.find((x) => x.unit_id === u['02110'].id);
  assert.ok(t.hm && t.np && t.yc, 'demo teams of Hoà Mục, Nà Pầu and Yên Cư');
  assert.equal(c.thanhvien.user.unit_id, u['02098-01'].id, 'thanhvien is scoped to Thôn Nà Pầu');
  today = (await c.admin.ok('/api/v1/meta')).today;
  assert.match(today, /^\d{4}-\d{2}-\d{2}$/);
});
after(async () => { await s?.stop(); });

/** POST /activities with a key (a fresh one unless given). */
function logActivity(client, body, key = newKey()) {
  return client.post('/api/v1/activities', body, { headers: key === null ? {} : { 'Idempotency-Key': key } });
}

/** The value of indicator `code` on the scorecard of `unit` over [from, to]. */
async function value(client, unit, code, from = '2022-05-01', to = '2022-05-31') {
  const sc = await client.ok(`/api/v1/units/${unit.id}/scorecard?from=${from}&to=${to}`);
  const i = scoreIndicator(sc, code);
  assert.ok(i, `${code} on the scorecard of ${unit.name}`);
  return i.value;
}

/** Values of several indicators seen by chomoi (district) and backan (province), and by thanhvien (village). */
async function totals(codes = ['vi_dien_tu', 'vi_viettel_money', 'vi_vnpt_money']) {
  const out = {};
  for (const code of codes) {
    out[`065.${code}`] = await value(c.chomoi, u['065'], code);
    out[`06.${code}`] = await value(c.backan, u['06'], code);
    out[`02098-01.${code}`] = await value(c.thanhvien, u['02098-01'], code);
  }
  return out;
}

function plus(base, deltas) {
  const out = { ...base };
  for (const [k, d] of Object.entries(deltas)) {
    for (const level of ['065', '06', '02098-01']) out[`${level}.${k}`] += d;
  }
  return out;
}

// ---------------------------------------------------------------------------
// 1. The catalogue

test('GET /activity-types: 10 types with bounded integer fields; categories for e-commerce and e-wallets', async () => {
  const r = await c.thanhvien.ok('/api/v1/activity-types');
  types = r.items;
  assert.equal(types.length, 10, `10 types: ${types.map((x) => x.code)}`);
  const codes = types.map((x) => x.code);
  assert.equal(new Set(codes).size, 10, 'codes are unique');
  for (const code of ['tuyen_truyen', 'thong_tin_hop', 'nhom_zalo', 'dich_vu_cong', 'thuong_mai_dien_tu', 'vi_dien_tu', 'hoi_nghi_tap_huan', 'vneid', 'ky_nang_so', 'an_toan_mang']) {
    assert.ok(codes.includes(code), `type ${code} present`);
  }
  for (const ty of types) {
    assert.equal(typeof ty.name, 'string'); assert.ok(ty.name.length > 0);
    assert.ok(['village', 'commune'].includes(ty.level), `${ty.code}.level = ${ty.level}`);
    assert.ok(Array.isArray(ty.fields) && ty.fields.length >= 1, `${ty.code} has fields`);
    for (const f of ty.fields) {
      assert.match(f.code, /^[a-z_]+$/);
      assert.ok(f.name && f.unit, `${ty.code}.${f.code} has name and unit`);
      assert.ok(Number.isInteger(f.min) && Number.isInteger(f.max), `${ty.code}.${f.code} bounds are integers`);
      assert.ok(f.min >= 0 && f.max > f.min, `${ty.code}.${f.code} bounds [${f.min}, ${f.max}]`);
    }
    if (!['thuong_mai_dien_tu', 'vi_dien_tu'].includes(ty.code)) assert.equal(ty.category, null, `${ty.code} has no category`);
  }
  const tmdt = types.find((x) => x.code === 'thuong_mai_dien_tu');
  assert.ok(tmdt.category && tmdt.category.code && tmdt.category.name);
  assert.deepEqual(tmdt.category.options.map((o) => o.code).sort(), ['khac', 'postmart', 'voso']);
  assert.deepEqual(tmdt.fields.map((f) => f.code).sort(), ['accounts', 'products', 'stores']);
  const vi = types.find((x) => x.code === 'vi_dien_tu');
  assert.deepEqual(vi.category.options.map((o) => o.code).sort(), ['khac', 'viettel_money', 'vnpt_money']);
  assert.equal(vi.category.options.find((o) => o.code === 'viettel_money').name, 'Viettel Money');
  assert.deepEqual(vi.fields.map((f) => f.code), ['accounts']);
  assert.equal(vi.fields[0].max, 5000);
});

// ---------------------------------------------------------------------------
// 2. Logging, replay, correction, deletion, journal

const VI = () => ({ team_id: t.np.id, type: 'vi_dien_tu', date: '2022-05-03', category: 'viettel_money', quantities: { accounts: 7 }, note: 'Hướng dẫn tại nhà văn hoá thôn' });
let act; let base; let mainKey;

test('POST /activities as thanhvien: 201 Activity; totals of village, district and province move at once', async () => {
  base = await totals();
  mainKey = newKey('vi');
  const r = await logActivity(c.thanhvien, VI(), mainKey);
  assert.equal(r.status, 201, r.text);
  act = r.json;
  assert.ok(Number.isInteger(act.id));
  assert.equal(act.team_id, t.np.id);
  assert.equal(act.unit_id, u['02098-01'].id, 'unit defaults to the team\'s unit');
  assert.equal(act.unit.id, u['02098-01'].id);
  assert.equal(act.unit.name, 'Thôn Nà Pầu');
  assert.equal(act.type, 'vi_dien_tu');
  assert.equal(act.type_name, types.find((x) => x.code === 'vi_dien_tu').name);
  assert.equal(act.date, '2022-05-03');
  assert.equal(act.category, 'viettel_money');
  assert.equal(act.category_name, 'Viettel Money');
  assert.deepEqual(act.quantities, { accounts: 7 });
  assert.equal(act.note, 'Hướng dẫn tại nhà văn hoá thôn');
  assert.equal(act.author_id, c.thanhvien.user.id);
  assert.match(act.created_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)$/);
  assert.match(act.updated_at, /^\d{4}-\d{2}-\d{2}T/);
  const g = await c.thanhvien.ok(`/api/v1/activities/${act.id}`);
  assert.deepEqual(g, act, 'GET /activities/{id} answers the same Activity');
  assert.deepEqual(await totals(), plus(base, { vi_dien_tu: 7, vi_viettel_money: 7 }), 'scorecards on the very next request');
  const list = await c.hoamuc.ok(`/api/v1/activities?unit_id=${u['02098'].id}&from=2022-05-01&to=2022-05-31&limit=500`);
  assert.ok(list.items.some((x) => x.id === act.id), 'the commune officer sees it in GET /activities');
});

test('same Idempotency-Key, same body → 200, Idempotent-Replayed: true, same activity, nothing counted twice', async () => {
  const n = sqlCount(s.db, LIVE);
  const before = await totals();
  const r = await logActivity(c.thanhvien, VI(), mainKey);
  assert.equal(r.status, 200, r.text);
  assert.equal(String(r.headers['idempotent-replayed']).toLowerCase(), 'true', 'Idempotent-Replayed header');
  assert.equal(r.json.id, act.id);
  assert.deepEqual(r.json, act, 'the replay answers the same activity');
  assert.equal(sqlCount(s.db, LIVE), n, 'no new row');
  assert.deepEqual(await totals(), before, 'totals did not change');
});

test('same Idempotency-Key, another body → 409 idempotency_key_reused, nothing saved', async () => {
  const before = await totals();
  const r = await unchanged(s.db, () => logActivity(c.thanhvien, { ...VI(), quantities: { accounts: 8 } }, mainKey), { tables: ALL_TABLES });
  assertProblem(r, 409, 'idempotency_key_reused');
  assert.equal(r.headers['idempotent-replayed'], undefined);
  const r2 = await unchanged(s.db, () => logActivity(c.thanhvien, { ...VI(), date: '2022-05-04' }, mainKey), { tables: ALL_TABLES });
  assertProblem(r2, 409, 'idempotency_key_reused', { msg: 'other date' });
  assert.deepEqual(await totals(), before);
});

test('missing Idempotency-Key → 400 idempotency_key_required; malformed key → 400; nothing saved', async () => {
  const r = await unchanged(s.db, () => logActivity(c.thanhvien, VI(), null), { tables: ALL_TABLES });
  assertProblem(r, 400, 'idempotency_key_required');
  for (const bad of ['short', 'abc def ghi', 'khoa.tieng.viet', 'a/b/c/d/e/f', 'x'.repeat(101), 'key;drop-table']) {
    const x = await unchanged(s.db, () => logActivity(c.thanhvien, VI(), bad), { tables: ALL_TABLES });
    assert.equal(x.status, 400, `key ${JSON.stringify(bad)}: ${x.status} ${x.text}`);
    assertProblem(x, 400, x.json?.code, { msg: `key ${bad}` });
    assert.match(x.json.code, /idempotency_key/, `code names the key: ${x.json.code}`);
  }
  for (const good of ['12345678', 'A_b-9'.padEnd(100, 'z')]) {
    const x = await logActivity(c.thanhvien, { ...VI(), quantities: { accounts: 1 } }, good);
    assert.equal(x.status, 201, `key ${good} is valid: ${x.text}`);
    assert.equal((await c.thanhvien.del(`/api/v1/activities/${x.json.id}`)).status, 204);
  }
});

test('PATCH moves the totals; category change moves them between indicators; DELETE restores them', async () => {
  const p = await c.thanhvien.patch(`/api/v1/activities/${act.id}`, { quantities: { accounts: 10 }, note: 'Đã sửa' });
  assert.equal(p.status, 200, p.text);
  assert.deepEqual(p.json.quantities, { accounts: 10 });
  assert.equal(p.json.note, 'Đã sửa');
  assert.equal(p.json.id, act.id);
  assert.equal(p.json.created_at, act.created_at);
  assert.deepEqual(await totals(), plus(base, { vi_dien_tu: 10, vi_viettel_money: 10 }), 'after PATCH quantities');
  // An officer in scope corrects it too.
  const q = await c.hoamuc.patch(`/api/v1/activities/${act.id}`, { category: 'vnpt_money' });
  assert.equal(q.status, 200, q.text);
  assert.equal(q.json.category, 'vnpt_money');
  assert.equal(q.json.category_name, 'VNPT Money');
  assert.deepEqual(await totals(), plus(base, { vi_dien_tu: 10, vi_vnpt_money: 10 }), 'after PATCH category');
  // Out of the range: the May totals go back.
  const d = await c.chomoi.patch(`/api/v1/activities/${act.id}`, { date: '2022-06-02' });
  assert.equal(d.status, 200, d.text);
  assert.deepEqual(await totals(), base, 'moved to June');
  const back = await c.thanhvien.patch(`/api/v1/activities/${act.id}`, { date: '2022-05-03', category: 'viettel_money' });
  assert.equal(back.status, 200, back.text);
  assert.deepEqual(await totals(), plus(base, { vi_dien_tu: 10, vi_viettel_money: 10 }));

  const del = await c.thanhvien.del(`/api/v1/activities/${act.id}`);
  assert.equal(del.status, 204, del.text);
  assert.equal(del.text, '');
  assert.deepEqual(await totals(), base, 'after DELETE the totals are back to the original');
  assertProblem(await c.thanhvien.get(`/api/v1/activities/${act.id}`), 404, 'not_found', { msg: 'deleted activity' });
  assertProblem(await c.thanhvien.patch(`/api/v1/activities/${act.id}`, { note: 'x' }), 404, 'not_found', { msg: 'PATCH deleted' });
  assertProblem(await c.thanhvien.del(`/api/v1/activities/${act.id}`), 404, 'not_found', { msg: 'DELETE twice' });
  const list = await c.hoamuc.ok(`/api/v1/activities?unit_id=${u['02098'].id}&from=2022-05-01&to=2022-05-31&limit=500`);
  assert.ok(!list.items.some((x) => x.id === act.id), 'a deleted activity leaves GET /activities');
  const row = sqlJson(s.db, `SELECT deleted_at FROM activities WHERE id = ${act.id}`);
  assert.equal(row.length, 1, 'soft delete: the row stays');
  assert.ok(row[0].deleted_at, 'deleted_at is set');
});

test('audit_log journals create, update and delete with before/after JSON', async () => {
  const rows = sqlJson(s.db, `SELECT action, user_id, before_json, after_json FROM audit_log WHERE entity = 'activity' AND entity_id = ${act.id} ORDER BY id`);
  assert.deepEqual(rows.map((r) => r.action), ['create', 'update', 'update', 'update', 'update', 'delete'], JSON.stringify(rows));
  const j = (x) => (x == null || x === '' ? null : JSON.parse(x));
  const [cr, u1, u2, u3, u4, de] = rows;
  assert.equal(cr.user_id, c.thanhvien.user.id);
  assert.equal(j(cr.before_json), null);
  assert.deepEqual(j(cr.after_json).quantities, { accounts: 7 });
  assert.equal(j(cr.after_json).category, 'viettel_money');
  assert.equal(j(cr.after_json).date, '2022-05-03');
  assert.deepEqual(j(u1.before_json).quantities, { accounts: 7 });
  assert.deepEqual(j(u1.after_json).quantities, { accounts: 10 });
  assert.equal(j(u1.after_json).note, 'Đã sửa');
  assert.equal(u2.user_id, c.hoamuc.user.id, 'the officer\'s correction is journaled under the officer');
  assert.equal(j(u2.before_json).category, 'viettel_money');
  assert.equal(j(u2.after_json).category, 'vnpt_money');
  assert.equal(u3.user_id, c.chomoi.user.id);
  assert.equal(j(u3.before_json).date, '2022-05-03');
  assert.equal(j(u3.after_json).date, '2022-06-02');
  assert.equal(j(u4.after_json).date, '2022-05-03');
  assert.equal(de.user_id, c.thanhvien.user.id);
  assert.deepEqual(j(de.before_json).quantities, { accounts: 10 });
  assert.equal(j(de.after_json), null);
});

test('PATCH merges quantities by field; read-only fields and bad values → 422, unchanged', async () => {
  const r = await logActivity(c.thanhvien, { team_id: t.np.id, type: 'thuong_mai_dien_tu', date: '2022-05-05', category: 'postmart', quantities: { accounts: 3, stores: 2 } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.quantities.accounts, 3);
  assert.equal(r.json.quantities.stores, 2);
  const p = await c.thanhvien.patch(`/api/v1/activities/${r.json.id}`, { quantities: { stores: 9 } });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.quantities.accounts, 3, 'accounts kept');
  assert.equal(p.json.quantities.stores, 9, 'stores replaced');
  const id = r.json.id;
  const bad = [
    [{ quantities: { stores: -1 } }, 'quantities.stores'],
    [{ quantities: { stores: 2001 } }, 'quantities.stores'],
    [{ quantities: { colour: 1 } }, 'quantities.colour'],
    [{ quantities: { accounts: 0, stores: 0, products: 0 } }, 'quantities'],
    [{ date: '2022-02-30' }, 'date'],
    [{ date: '2099-01-01' }, 'date'],
    [{ date: '2022-04-01' }, 'date'],
    [{ category: 'momo' }, 'category'],
    [{ type: 'vneid' }, 'type'],
    [{ team_id: t.hm.id }, 'team_id'],
    [{ colour: 'đỏ' }, 'colour'],
    [{ note: 'x'.repeat(1001) }, 'note'],
  ];
  for (const [body, field] of bad) {
    const x = await unchanged(s.db, () => c.thanhvien.patch(`/api/v1/activities/${id}`, body), { tables: ALL_TABLES });
    assertProblem(x, 422, 'validation_failed', { fields: [field], msg: `PATCH ${JSON.stringify(body)}` });
  }
  const v = await unchanged(s.db, () => c.xem.patch(`/api/v1/activities/${id}`, { note: 'x' }), { tables: ALL_TABLES });
  assertProblem(v, 403, 'forbidden', { msg: 'viewer PATCH' });
  const vd = await unchanged(s.db, () => c.xem.del(`/api/v1/activities/${id}`), { tables: ALL_TABLES });
  assertProblem(vd, 403, 'forbidden', { msg: 'viewer DELETE' });
  assert.equal((await c.thanhvien.del(`/api/v1/activities/${id}`)).status, 204);
});

test('an activity outside the caller\'s scope is invisible (404, same as a missing id)', async () => {
  const r = await logActivity(c.admin, { team_id: t.yc.id, type: 'vneid', date: '2022-05-05', quantities: { people: 2 } });
  assert.equal(r.status, 201, r.text);
  for (const [m, body] of [['GET'], ['PATCH', { note: 'x' }], ['DELETE']]) {
    const a = await unchanged(s.db, () => c.hoamuc.request(m, `/api/v1/activities/${r.json.id}`, body), { tables: ALL_TABLES });
    const b = await c.hoamuc.request(m, `/api/v1/activities/${NONE}`, body);
    assertProblem(a, 404, 'not_found', { msg: `${m} Yên Cư activity as hoamuc` });
    assert.equal(a.text, b.text, `${m}: same answer as for an id that does not exist`);
  }
  const list = await c.hoamuc.ok('/api/v1/activities?from=2022-05-01&to=2022-05-31&limit=500');
  assert.ok(!list.items.some((x) => x.id === r.json.id));
  assert.ok(list.items.length > 0 && list.items.every((x) => x.unit.path.some((p) => p.id === u['02098'].id)), 'only Hoà Mục activities');
  const dates = list.items.map((x) => x.date);
  assert.deepEqual(dates, [...dates].sort().reverse(), 'newest first');
  assertProblem(await c.hoamuc.get(`/api/v1/activities?unit_id=${u['02110'].id}`), 404, 'not_found', { msg: 'list of Yên Cư' });
  assert.equal((await c.admin.del(`/api/v1/activities/${r.json.id}`)).status, 204);
});

// ---------------------------------------------------------------------------
// 3. Bad input: a 4xx problem and nothing saved

async function rejected(client, body, status, code, { fields, fieldCodes, msg } = {}) {
  const r = await unchanged(s.db, () => logActivity(client, body), { tables: ALL_TABLES });
  return assertProblem(r, status, code, { fields, fieldCodes, msg: msg || JSON.stringify(body) });
}

test('bad quantities → 422 on quantities.<field>, nothing saved', async () => {
  const b = (q) => ({ ...VI(), quantities: q });
  await rejected(c.thanhvien, b({ accounts: -1 }), 422, 'validation_failed', { fields: ['quantities.accounts'], msg: 'negative' });
  await rejected(c.thanhvien, b({ accounts: 5001 }), 422, 'validation_failed', { fields: ['quantities.accounts'], msg: 'over max' });
  await rejected(c.thanhvien, b({ accounts: 1.5 }), 422, 'validation_failed', { fieldCodes: { 'quantities.accounts': 'invalid_type' }, msg: 'non-integer' });
  await rejected(c.thanhvien, b({ accounts: '5' }), 422, 'validation_failed', { fieldCodes: { 'quantities.accounts': 'invalid_type' }, msg: 'string' });
  await rejected(c.thanhvien, b({ accounts: 1, stores: 1 }), 422, 'validation_failed', { fieldCodes: { 'quantities.stores': 'unknown_field' }, msg: 'unknown quantity field' });
  await rejected(c.thanhvien, b({ accounts: 0 }), 422, 'validation_failed', { fields: ['quantities'], msg: 'all zero' });
  await rejected(c.thanhvien, b({}), 422, 'validation_failed', { fields: ['quantities'], msg: 'empty' });
  await rejected(c.thanhvien, { ...VI(), type: 'thuong_mai_dien_tu', category: 'voso', quantities: { accounts: 0, stores: 0, products: 0 } }, 422, 'validation_failed', { fields: ['quantities'], msg: 'all zero (3 fields)' });
});

test('bad type / category / fields → 422, nothing saved', async () => {
  await rejected(c.thanhvien, { ...VI(), type: 'bay_luon' }, 422, 'validation_failed', { fields: ['type'], msg: 'unknown type' });
  const { category, ...noCat } = VI();
  await rejected(c.thanhvien, noCat, 422, 'validation_failed', { fieldCodes: { category: 'missing_field' }, msg: 'missing category' });
  await rejected(c.thanhvien, { ...VI(), category: 'momo' }, 422, 'validation_failed', { fields: ['category'], msg: 'unknown category' });
  await rejected(c.thanhvien, { ...VI(), category: 'postmart' }, 422, 'validation_failed', { fields: ['category'], msg: 'category of another type' });
  await rejected(c.thanhvien, { ...VI(), colour: 'đỏ' }, 422, 'validation_failed', { fieldCodes: { colour: 'unknown_field' }, msg: 'unknown body field' });
  const { type, ...noType } = VI();
  await rejected(c.thanhvien, noType, 422, 'validation_failed', { fieldCodes: { type: 'missing_field' }, msg: 'missing type' });
  const { date, ...noDate } = VI();
  await rejected(c.thanhvien, noDate, 422, 'validation_failed', { fieldCodes: { date: 'missing_field' }, msg: 'missing date' });
  const { team_id, ...noTeam } = VI();
  await rejected(c.thanhvien, noTeam, 422, 'validation_failed', { fields: ['team_id'], msg: 'team member without team_id' });
  await rejected(c.thanhvien, { ...VI(), note: 'ạ'.repeat(1001) }, 422, 'validation_failed', { fieldCodes: { note: 'too_long' }, msg: 'note > 1000' });
});

test('bad dates → 422 on date, nothing saved', async () => {
  const future = new Date(Date.parse(`${today}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);
  await rejected(c.thanhvien, { ...VI(), date: future }, 422, 'validation_failed', { fields: ['date'], msg: `tomorrow ${future}` });
  await rejected(c.thanhvien, { ...VI(), date: '2099-12-31' }, 422, 'validation_failed', { fields: ['date'], msg: 'far future' });
  // Thôn Nà Pầu's team was established on 2022-05-01.
  assert.equal(t.np.active_from, '2022-05-01');
  await rejected(c.thanhvien, { ...VI(), date: '2022-04-01' }, 422, 'validation_failed', { fields: ['date'], msg: 'before the team was established' });
  await rejected(c.thanhvien, { ...VI(), date: '2022-04-30' }, 422, 'validation_failed', { fields: ['date'], msg: 'the day before the team was established' });
  await rejected(c.hoamuc, { ...VI(), team_id: t.hm.id, date: '2019-12-31' }, 422, 'validation_failed', { fields: ['date'], msg: 'before 2020' });
  await rejected(c.thanhvien, { ...VI(), date: '2022-02-30' }, 422, 'validation_failed', { fieldCodes: { date: 'invalid_date' }, msg: '2022-02-30' });
  for (const bad of ['03/05/2022', '2022-5-3', '2022-13-01', 'hôm qua', 20220503]) {
    await rejected(c.thanhvien, { ...VI(), date: bad }, 422, 'validation_failed', { fields: ['date'], msg: `date ${bad}` });
  }
  // The first day of the team is fine.
  const ok = await logActivity(c.thanhvien, { ...VI(), date: '2022-05-01', quantities: { accounts: 1 } });
  assert.equal(ok.status, 201, ok.text);
  assert.equal((await c.thanhvien.del(`/api/v1/activities/${ok.json.id}`)).status, 204);
  // A team that has ended: nothing after active_to.
  const ended = await c.hoamuc.post('/api/v1/teams', { unit_id: u['02098-02'].id, name: 'Tổ đã giải thể', active_from: '2022-06-01', active_to: '2022-12-31' });
  assert.equal(ended.status, 201, ended.text);
  await rejected(c.hoamuc, { team_id: ended.json.id, type: 'vneid', date: '2023-01-01', quantities: { people: 1 } }, 422, 'validation_failed', { fields: ['date'], msg: 'after the team ended' });
  assert.equal((await c.hoamuc.del(`/api/v1/teams/${ended.json.id}`)).status, 204);
});

test('scope: a team or unit outside the scope is 404 exactly like a missing one; unit outside the team\'s area → 422', async () => {
  const body = { team_id: t.yc.id, type: 'vneid', date: '2022-05-05', quantities: { people: 1 } };
  const a = await rejected(c.hoamuc, body, 404, 'not_found', { msg: 'hoamuc logs for the Xã Yên Cư team' });
  const b = await rejected(c.hoamuc, { ...body, team_id: NONE }, 404, 'not_found', { msg: 'nonexistent team' });
  assert.deepEqual(a, b, 'identical answers for a foreign and a nonexistent team');
  const cu = await rejected(c.hoamuc, { ...body, team_id: t.hm.id, unit_id: u['02110'].id }, 404, 'not_found', { msg: 'unit_id of Xã Yên Cư' });
  const cn = await rejected(c.hoamuc, { ...body, team_id: t.hm.id, unit_id: NONE }, 404, 'not_found', { msg: 'nonexistent unit_id' });
  assert.deepEqual(cu, cn, 'identical answers for a foreign and a nonexistent unit');
  // Inside the scope but outside the team's area.
  await rejected(c.hoamuc, { ...body, team_id: t.np.id, unit_id: u['02098'].id }, 422, 'validation_failed', { fields: ['unit_id'], msg: 'village team, commune unit' });
  await rejected(c.hoamuc, { ...body, team_id: t.np.id, unit_id: u['02098-02'].id }, 422, 'validation_failed', { fields: ['unit_id'], msg: 'village team, another village' });
  // A commune team may log for a village of its commune.
  const ok = await logActivity(c.hoamuc, { ...body, team_id: t.hm.id, unit_id: u['02098-02'].id });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.unit_id, u['02098-02'].id);
  assert.equal((await c.hoamuc.del(`/api/v1/activities/${ok.json.id}`)).status, 204);
});

test('roles: thanhvien may not log for another team of the commune; the viewer may not log', async () => {
  const body = { team_id: t.hm.id, type: 'vneid', date: '2022-05-05', quantities: { people: 1 } };
  const r = await unchanged(s.db, () => logActivity(c.thanhvien, body), { tables: ALL_TABLES });
  assert.ok([403, 404].includes(r.status), `thanhvien for the commune team: ${r.status} ${r.text}`);
  assertProblem(r, r.status, r.status === 403 ? 'forbidden' : 'not_found');
  await rejected(c.xem, { ...VI() }, 403, 'forbidden', { msg: 'viewer' });
  await rejected(c.xem, { ...VI(), team_id: NONE }, 403, 'forbidden', { msg: 'viewer, nonexistent team' });
  // Officers may log without a team.
  const ok = await logActivity(c.hoamuc, { unit_id: u['02098'].id, type: 'hoi_nghi_tap_huan', date: '2022-05-06', quantities: { sessions: 1, participants: 40 } });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.team_id, null);
  assert.equal((await c.hoamuc.del(`/api/v1/activities/${ok.json.id}`)).status, 204);
});

// ---------------------------------------------------------------------------
// 4. Batch

const item = (key, date, people) => ({ key, team_id: t.np.id, type: 'vneid', date, quantities: { people } });

test('batch: 3 items → created 3; the same again → replayed 3, created 0, totals unchanged', async () => {
  const v0 = await value(c.chomoi, u['065'], 'vneid_kich_hoat');
  const n0 = sqlCount(s.db, LIVE);
  const k = newKey('b');
  const items = [item(`${k}-1`, '2022-05-02', 3), item(`${k}-2`, '2022-05-03', 4), item(`${k}-3`, '2022-05-04', 5)];
  const r = await c.thanhvien.post('/api/v1/activities/batch', { items });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.created, 3);
  assert.equal(r.json.replayed, 0);
  assert.equal(r.json.ids.length, 3);
  assert.equal(sqlCount(s.db, LIVE), n0 + 3);
  assert.equal(await value(c.chomoi, u['065'], 'vneid_kich_hoat'), v0 + 12);
  for (const id of r.json.ids) assert.equal((await c.thanhvien.ok(`/api/v1/activities/${id}`)).type, 'vneid');
  const again = await c.thanhvien.post('/api/v1/activities/batch', { items });
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.created, 0);
  assert.equal(again.json.replayed, 3);
  assert.equal(sqlCount(s.db, LIVE), n0 + 3);
  assert.equal(await value(c.chomoi, u['065'], 'vneid_kich_hoat'), v0 + 12, 'nothing counted twice');
  // One old and one new item.
  const mixed = await c.thanhvien.post('/api/v1/activities/batch', { items: [items[0], item(`${k}-4`, '2022-05-05', 1)] });
  assert.equal(mixed.status, 200, mixed.text);
  assert.equal(mixed.json.created, 1);
  assert.equal(mixed.json.replayed, 1);
  assert.equal(await value(c.chomoi, u['065'], 'vneid_kich_hoat'), v0 + 13);
});

test('batch: 600 items cross the store\'s 250-row statements; each id is its own item, replays are found by key', async () => {
  const v0 = await value(c.chomoi, u['065'], 'vneid_kich_hoat');
  const n0 = sqlCount(s.db, LIVE);
  const k = newKey('big');
  const items = Array.from({ length: 600 }, (_, i) => item(`${k}-${i}`, `2022-05-${String(1 + (i % 28)).padStart(2, '0')}`, 1 + (i % 9)));
  const r = await c.thanhvien.post('/api/v1/activities/batch', { items });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.created, 600);
  assert.equal(new Set(r.json.ids).size, 600);
  assert.equal(sqlCount(s.db, LIVE), n0 + 600);
  const total = items.reduce((sum, x) => sum + x.quantities.people, 0);
  assert.equal(await value(c.chomoi, u['065'], 'vneid_kich_hoat'), v0 + total);
  for (const i of [0, 1, 249, 250, 251, 499, 500, 599]) {
    const got = await c.thanhvien.ok(`/api/v1/activities/${r.json.ids[i]}`);
    assert.deepEqual([got.date, got.quantities.people], [items[i].date, items[i].quantities.people], `item ${i}`);
  }
  const again = await c.thanhvien.post('/api/v1/activities/batch', { items: [...items.slice(100, 400), item(`${k}-new`, '2022-05-09', 2)] });
  assert.equal(again.status, 200, again.text);
  assert.deepEqual([again.json.created, again.json.replayed], [1, 300]);
  assert.equal(await value(c.chomoi, u['065'], 'vneid_kich_hoat'), v0 + total + 2);
});

test('batch: one invalid item → 422 with errors[].field items[1].date, and nothing saved', async () => {
  const k = newKey('bx');
  const items = [item(`${k}-1`, '2022-05-02', 3), item(`${k}-2`, '2022-02-30', 4), item(`${k}-3`, '2022-05-04', 5)];
  const r = await unchanged(s.db, () => c.thanhvien.post('/api/v1/activities/batch', { items }), { tables: ALL_TABLES });
  const p = assertProblem(r, 422, 'validation_failed', { fields: ['items[1].date'] });
  assert.ok(p.errors.every((e) => e.field.startsWith('items[1]')), `only item 1 is wrong: ${r.text}`);
  const items2 = [item(`${k}-4`, '2022-05-02', 3), item(`${k}-5`, '2022-05-02', 3), { ...item(`${k}-6`, '2022-05-02', 3), quantities: { people: 5001 } }, { ...item(`${k}-7`, '2022-05-02', 1), type: 'nope' }];
  const r2 = await unchanged(s.db, () => c.thanhvien.post('/api/v1/activities/batch', { items: items2 }), { tables: ALL_TABLES });
  assertProblem(r2, 422, 'validation_failed', { fields: ['items[2].quantities.people', 'items[3].type'] });
  // The valid items of the refused batch were not saved: posting them alone creates them.
  const ok = await c.thanhvien.post('/api/v1/activities/batch', { items: [items[0], items[2]] });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.created, 2, 'the keys of a refused batch were not used');
  assert.equal(ok.json.replayed, 0);
});

test('batch: item without key, 0 or more than 1000 items → 422, nothing saved', async () => {
  const { key, ...noKey } = item('x', '2022-05-02', 1);
  const r = await unchanged(s.db, () => c.thanhvien.post('/api/v1/activities/batch', { items: [noKey] }), { tables: ALL_TABLES });
  assertProblem(r, 422, 'validation_failed', { fields: ['items[0].key'] });
  const bk = await unchanged(s.db, () => c.thanhvien.post('/api/v1/activities/batch', { items: [item('bad key', '2022-05-02', 1)] }), { tables: ALL_TABLES });
  assertProblem(bk, 422, 'validation_failed', { fields: ['items[0].key'], msg: 'malformed item key' });
  const e = await unchanged(s.db, () => c.thanhvien.post('/api/v1/activities/batch', { items: [] }), { tables: ALL_TABLES });
  assertProblem(e, 422, 'validation_failed', { fields: ['items'] });
  // 1001 minimal items: the count alone is refused (small body, so not a 413).
  const many = Array.from({ length: 1001 }, (_, i) => ({ key: `m${String(i).padStart(7, '0')}` }));
  const m = await unchanged(s.db, () => c.thanhvien.post('/api/v1/activities/batch', { items: many }), { tables: ALL_TABLES });
  assertProblem(m, 422, 'validation_failed', { fields: ['items'], msg: '1001 items' });
  const nb = await unchanged(s.db, () => c.thanhvien.post('/api/v1/activities/batch', { items: 'x' }), { tables: ALL_TABLES });
  assertProblem(nb, 422, 'validation_failed', { fields: ['items'], msg: 'items not an array' });
});

test('batch: 1001 valid items (about 90 KiB) → 422, nothing saved', async () => {
  const k = newKey('many');
  const many = Array.from({ length: 1001 }, (_, i) => item(`${k}-${i}`, '2022-06-01', 1));
  const body = JSON.stringify({ items: many });
  assert.ok(body.length > 64 * 1024, `${body.length} bytes`);
  const r = await unchanged(s.db, () => c.thanhvien.post('/api/v1/activities/batch', body, { headers: { 'Content-Type': 'application/json' } }), { tables: ALL_TABLES });
  assertProblem(r, 422, 'validation_failed', { fields: ['items'], msg: `1001 items, ${body.length} bytes` });
});

test('body limits: 600 items (64 KiB < body < 4 MiB) are accepted on /activities/batch; the same size on POST /activities → 413', async () => {
  const k = newKey('big');
  const note = 'Hướng dẫn kích hoạt VNeID tại nhà văn hoá thôn';
  const items = Array.from({ length: 600 }, (_, i) => ({ ...item(`${k}-${i}`, '2022-06-01', 1), note }));
  const body = JSON.stringify({ items });
  const size = Buffer.byteLength(body);
  assert.ok(size > 64 * 1024 && size < 4 * 1024 * 1024, `body of ${size} bytes`);
  const v0 = await value(c.chomoi, u['065'], 'vneid_kich_hoat', '2022-06-01', '2022-06-01');
  const r = await c.thanhvien.post('/api/v1/activities/batch', body, { headers: { 'Content-Type': 'application/json' } });
  assert.equal(r.status, 200, `POST /activities/batch with ${size} bytes: ${r.status} ${r.text.slice(0, 300)}`);
  assert.equal(r.json.created, 600);
  assert.equal(await value(c.chomoi, u['065'], 'vneid_kich_hoat', '2022-06-01', '2022-06-01'), v0 + 600);
  // The same size on the single route: 413.
  const single = JSON.stringify({ ...VI(), note: 'x'.repeat(size) });
  let one;
  try {
    one = await unchanged(s.db, () => logActivity(c.thanhvien, single), { tables: ALL_TABLES });
  } catch (e) {
    if (!e.early) throw e;
    assert.fail('the connection was closed without a 413 answer');
  }
  assertProblem(one, 413, 'payload_too_large', { msg: `POST /activities with ${Buffer.byteLength(single)} bytes` });
});

test('batch: body over 4 MiB → 413', async () => {
  const body = JSON.stringify({ items: [{ ...item(newKey('h'), '2022-06-01', 1), note: 'x'.repeat(4 * 1024 * 1024 + 10) }] });
  let r;
  try {
    r = await unchanged(s.db, () => c.thanhvien.post('/api/v1/activities/batch', body, { headers: { 'Content-Type': 'application/json' } }), { tables: ALL_TABLES });
  } catch (e) {
    if (!e.early) throw e;
    return; // refused before the whole body was read: acceptable
  }
  assertProblem(r, 413, 'payload_too_large');
});

// ---------------------------------------------------------------------------
// 5. Template and import

let tpl; // {text, rows}

test('GET /activities/template: CSV with BOM, ma_to,ma_don_vi,loai,ngay,phan_loai, <type>.<field> columns, ghi_chu, Vietnamese second line', async () => {
  const r = await c.hoamuc.get('/api/v1/activities/template');
  assert.equal(r.status, 200, r.text);
  assert.match(String(r.headers['content-type']), /^text\/csv\b/);
  assert.match(String(r.headers['content-type']), /charset=utf-8/i);
  assert.deepEqual([...r.body.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  assert.match(String(r.headers['content-disposition'] || ''), /attachment;.*filename=.*\.csv/);
  const rows = parseCsv(r.text);
  assert.ok(rows.length >= 2, 'two header lines');
  const h = rows[0];
  assert.deepEqual(h.slice(0, 5), ['ma_to', 'ma_don_vi', 'loai', 'ngay', 'phan_loai']);
  assert.equal(h[h.length - 1], 'ghi_chu');
  const expected = types.flatMap((ty) => ty.fields.map((f) => `${ty.code}.${f.code}`));
  assert.deepEqual(h.slice(5, -1), expected, 'one column per quantity, in catalogue order');
  assert.equal(rows[1].length, h.length, 'the Vietnamese line names every column');
  assert.ok(rows[1].every((x) => x.trim().length > 0));
  assert.match(rows[1].join(' '), /[ạàáảãăâđêôơư]/i, 'Vietnamese names');
  assert.match(rows[1][3], /dd\/mm\/yyyy/);
  tpl = { text: r.text.replace(/^\uFEFF/, ''), header: h, eol: r.text.includes('\r\n') ? '\r\n' : '\n' };
});

/** A CSV data row for the template's header. */
function csvRow(values) {
  return tpl.header.map((h) => {
    const v = values[h] === undefined ? '' : String(values[h]);
    return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  }).join(',');
}
/** The template's two header lines plus data rows, joined with `eol`. */
function filled(rows, eol = '\n') {
  const head = tpl.text.split(/\r?\n/).slice(0, 2);
  return [...head, ...rows.map(csvRow)].join(eol) + eol;
}
function importCsv(client, csv, key = newKey('imp')) {
  return client.post('/api/v1/activities/import', { csv }, { headers: { 'Idempotency-Key': key } });
}

const HM_ROWS = () => [
  { ma_to: t.hm.id, ma_don_vi: '02098', loai: 'vneid', ngay: '02/05/2022', 'vneid.people': 11 },
  { ma_to: t.np.id, ma_don_vi: '02098-01', loai: 'vi_dien_tu', ngay: '03/05/2022', phan_loai: 'vnpt_money', 'vi_dien_tu.accounts': 6, ghi_chu: 'Nhập từ Excel, có dấu phẩy' },
  { ma_to: t.hm.id, ma_don_vi: '02098-02', loai: 'thuong_mai_dien_tu', ngay: '04/05/2022', phan_loai: 'postmart', 'thuong_mai_dien_tu.accounts': 2, 'thuong_mai_dien_tu.stores': 1 },
];

test('POST /activities/import as hoamuc: a filled template → created n; the same key again → replayed n', async () => {
  const v0 = { vneid: await value(c.hoamuc, u['02098'], 'vneid_kich_hoat'), vnpt: await value(c.hoamuc, u['02098'], 'vi_vnpt_money'), stores: await value(c.hoamuc, u['02098'], 'tmdt_gian_hang_postmart') };
  const n0 = sqlCount(s.db, LIVE);
  const key = newKey('imp');
  const csv = '\uFEFF' + filled(HM_ROWS());
  const r = await importCsv(c.hoamuc, csv, key);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.created, 3);
  assert.equal(r.json.replayed, 0);
  assert.equal(sqlCount(s.db, LIVE), n0 + 3);
  assert.equal(await value(c.hoamuc, u['02098'], 'vneid_kich_hoat'), v0.vneid + 11);
  assert.equal(await value(c.hoamuc, u['02098'], 'vi_vnpt_money'), v0.vnpt + 6);
  assert.equal(await value(c.hoamuc, u['02098'], 'tmdt_gian_hang_postmart'), v0.stores + 1);
  const rows = sqlJson(s.db, `SELECT team_id, unit_id, type, date, category, note FROM activities WHERE deleted_at IS NULL ORDER BY id DESC LIMIT 3`).reverse();
  assert.deepEqual(rows.map((x) => [x.team_id, x.unit_id, x.type, x.date, x.category]), [
    [t.hm.id, u['02098'].id, 'vneid', '2022-05-02', null],
    [t.np.id, u['02098-01'].id, 'vi_dien_tu', '2022-05-03', 'vnpt_money'],
    [t.hm.id, u['02098-02'].id, 'thuong_mai_dien_tu', '2022-05-04', 'postmart'],
  ]);
  assert.equal(rows[1].note, 'Nhập từ Excel, có dấu phẩy');
  const again = await importCsv(c.hoamuc, csv, key);
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.created, 0);
  assert.equal(again.json.replayed, 3);
  assert.equal(sqlCount(s.db, LIVE), n0 + 3, 'nothing imported twice');
  const missing = await unchanged(s.db, () => c.hoamuc.post('/api/v1/activities/import', { csv }), { tables: ALL_TABLES });
  assertProblem(missing, 400, 'idempotency_key_required');
});

test('import accepts the template exactly as downloaded (its own CRLF line endings, as Excel saves it)', async () => {
  assert.equal(tpl.eol, '\r\n', 'the template is served with CRLF line endings');
  const rows = HM_ROWS().map((x) => ({ ...x, ngay: '06/05/2022' }));
  const r = await importCsv(c.hoamuc, '\uFEFF' + filled(rows, '\r\n'));
  assert.equal(r.status, 200, `CRLF import: ${r.status} ${r.text}`);
  assert.equal(r.json.created, 3);
});

test('import with two bad rows → 422 naming both rows ("dòng N"), nothing saved', async () => {
  const rows = [
    HM_ROWS()[0],
    { ...HM_ROWS()[0], 'vneid.people': 5001 }, // line 4: over max
    HM_ROWS()[1],
    { ...HM_ROWS()[1], phan_loai: '' }, // line 6: missing category
    HM_ROWS()[2],
  ];
  const r = await unchanged(s.db, () => importCsv(c.hoamuc, filled(rows)), { tables: ALL_TABLES });
  const p = assertProblem(r, 422, 'validation_failed');
  const lines = new Set(p.errors.map((e) => (/^(?:dòng|row) (\d+)\b/.exec(e.field) || [])[1]));
  assert.deepEqual([...lines].sort(), ['4', '6'], `rows 4 and 6 (file lines): ${r.text}`);
  assert.match(p.detail, /dòng 4/);
  assert.match(p.detail, /dòng 6/);
});

test('import lists every bad row, even when one row has an unreadable date and another a bad quantity', async () => {
  const rows = [
    HM_ROWS()[0],
    { ...HM_ROWS()[0], ngay: '30/02/2022' }, // line 4: impossible date
    { ...HM_ROWS()[0], 'vneid.people': -5 }, // line 5: negative
  ];
  const r = await unchanged(s.db, () => importCsv(c.hoamuc, filled(rows)), { tables: ALL_TABLES });
  const p = assertProblem(r, 422, 'validation_failed');
  const lines = new Set(p.errors.map((e) => (/^(?:dòng|row) (\d+)\b/.exec(e.field) || [])[1]));
  assert.deepEqual([...lines].sort(), ['4', '5'], `every bad row is listed: ${r.text}`);
});

test('import: a team of another commune, unknown columns, or a viewer → refused, nothing saved', async () => {
  const foreign = await unchanged(s.db, () => importCsv(c.hoamuc, filled([{ ...HM_ROWS()[0], ma_to: t.yc.id, ma_don_vi: '02110' }])), { tables: ALL_TABLES });
  assert.ok([404, 422].includes(foreign.status), `foreign team: ${foreign.status} ${foreign.text}`);
  if (foreign.status === 422) assert.ok(foreign.json.errors.some((e) => /^(dòng|row) 3\b/.test(e.field)), foreign.text);
  const noHeader = await unchanged(s.db, () => importCsv(c.hoamuc, 'a,b,c\n1,2,3\n'), { tables: ALL_TABLES });
  assertProblem(noHeader, 422, 'validation_failed', { msg: 'not the template' });
  const viewer = await unchanged(s.db, () => importCsv(c.xem, filled([HM_ROWS()[0]])), { tables: ALL_TABLES });
  assertProblem(viewer, 403, 'forbidden');
});
