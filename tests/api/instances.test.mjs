// Several instances on one database (issue 5): a write through instance A
// shows in instance B's rollups, coverage and structure within 1 s. Runs on
// SQLite (two processes on one file) and, in api_pg, on PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, Client, raw, unitByName, scoreIndicator, newKey, freshPhone, sqlJson, within } from './lib.mjs';
import { createDb } from './testdb.mjs';

let a; let b; let ca; let cb;
before(async () => {
  a = await startServer();
  b = await startServer({ demo: false, db: a.db });
  ca = await Client.login(a.url, 'admin');
  cb = await Client.login(b.url, 'admin');
});
after(async () => { await b?.stop(); await a?.stop(); });

test('an activity logged through A is in B\'s scorecard within 1 s; its edit and deletion too', async () => {
  const village = await unitByName(ca, 'Thôn Nà Pầu');
  const team = (await ca.ok(`/api/v1/units/${village.id}/teams?date=2022-06-15`)).items.find((t) => t.unit_id === village.id);
  const q = `/api/v1/units/${village.id}/scorecard?from=2022-06-01&to=2022-06-30&structure_date=2022-06-30`;
  const value = async (c) => scoreIndicator(await c.ok(q), 'dvc_huong_dan').value;
  const before = await value(cb);
  const r = await ca.post('/api/v1/activities', { team_id: team.id, unit_id: village.id, type: 'dich_vu_cong', date: '2022-06-15', quantities: { people: 7 } },
    { headers: { 'Idempotency-Key': newKey('inst') } });
  assert.equal(r.status, 201, r.text);
  assert.equal(await value(ca), before + 7);
  const ms = await within(1000, async () => (await value(cb)) === before + 7);
  assert.ok(ms <= 1000);
  assert.equal((await ca.patch(`/api/v1/activities/${r.json.id}`, { quantities: { people: 9 } })).status, 200);
  await within(1000, async () => (await value(cb)) === before + 9);
  assert.equal((await ca.del(`/api/v1/activities/${r.json.id}`)).status, 204);
  await within(1000, async () => (await value(cb)) === before);
  // And the other way round: B writes, A sees.
  const r2 = await cb.post('/api/v1/activities', { team_id: team.id, unit_id: village.id, type: 'dich_vu_cong', date: '2022-06-16', quantities: { people: 3 } },
    { headers: { 'Idempotency-Key': newKey('inst') } });
  assert.equal(r2.status, 201, r2.text);
  await within(1000, async () => (await value(ca)) === before + 3);
});

test('a new member, a new village and a new team through A show in B within 1 s', async () => {
  const hoaMuc = await unitByName(ca, 'Xã Hoà Mục');
  const v = await ca.post(`/api/v1/units/${hoaMuc.id}/villages`, { name: 'Thôn Nhiều Máy', type: 'thon', valid_from: '2022-01-01' });
  assert.equal(v.status, 201, v.text);
  await within(1000, async () => (await cb.ok(`/api/v1/units/${hoaMuc.id}/children?date=2022-06-30`)).items.some((u) => u.id === v.json.id));
  const cov = async (c) => (await c.ok(`/api/v1/units/${hoaMuc.id}/coverage?date=2022-06-30`)).villages.with_team;
  const covered = await cov(cb);
  const t = await ca.post('/api/v1/teams', { unit_id: v.json.id, name: 'Tổ CNSCĐ Thôn Nhiều Máy', active_from: '2022-05-20' });
  assert.equal(t.status, 201, t.text);
  await within(1000, async () => (await cov(cb)) === covered + 1);
  const members = async (c) => scoreIndicator(await c.ok(`/api/v1/units/${v.json.id}/scorecard?from=2022-06-01&to=2022-06-30&structure_date=2022-06-30`), 'so_thanh_vien').value;
  const m = await ca.post(`/api/v1/teams/${t.json.id}/members`, { full_name: 'Lò Văn Máy', phone: freshPhone(), role: 'to_truong', affiliation: 'truong_thon', joined_on: '2022-05-20' });
  assert.equal(m.status, 201, m.text);
  await within(1000, async () => (await members(cb)) === 1);
});

test('two instances started at the same moment on a new database migrate it once and both serve', async () => {
  const fresh = createDb(mkdtempSync(join(tmpdir(), 'langso-two-')), 'two.db');
  const started = await Promise.allSettled([startServer({ demo: false, db: fresh }), startServer({ demo: false, db: fresh })]);
  const [x, y] = started.map((r) => (r.status === 'fulfilled' ? r.value : null));
  try {
    for (const r of started) assert.equal(r.status, 'fulfilled', `both started: ${r.reason}`);
    for (const srv of [x, y]) assert.equal((await raw(srv.url, 'GET', '/healthz')).status, 200);
    const versions = sqlJson(fresh, 'SELECT version FROM schema_version ORDER BY version').map((r) => Number(r.version));
    assert.deepEqual(versions, [...new Set(versions)], `each version once: ${versions}`);
    assert.ok(versions.length >= 4);
  } finally {
    await x?.stop();
    await y?.stop();
  }
});

test('a visit through A is in B\'s register indicators and activity totals within 1 s; its deletion too', async () => {
  const village = await unitByName(ca, 'Thôn Nà Pầu');
  const officerA = await Client.login(a.url, 'hoamuc');
  const team = (await ca.ok(`/api/v1/units/${village.id}/teams?date=2024-06-15`)).items.find((t) => t.unit_id === village.id);
  const q = `/api/v1/units/${village.id}/scorecard?from=2024-01-01&to=2024-12-31&structure_date=2024-12-31`;
  const figures = async (c) => { const sc = await c.ok(q); return [scoreIndicator(sc, 'cd_dan_so_so_ho').value, scoreIndicator(sc, 'vneid_kich_hoat').value]; };
  const [people, vneid] = await figures(cb);
  const key = () => ({ headers: { 'Idempotency-Key': newKey('inst') } });
  const h = await officerA.post('/api/v1/households', { unit_id: village.id, hamlet: 'Xóm Hai Máy' }, key());
  assert.equal(h.status, 201, h.text);
  const p = await officerA.post(`/api/v1/households/${h.json.id}/residents`, { full_name: 'Lò Thị Máy', birth_year: 1990, sex: 'nu', from: '2023-01-01' }, key());
  assert.equal(p.status, 201, p.text);
  await within(1000, async () => (await figures(cb))[0] === people + 1);
  const v = await officerA.post(`/api/v1/households/${h.json.id}/visits`,
    { date: '2024-06-15', team_id: team.id, changes: [{ resident_id: p.json.id, type: 'vneid_muc_2' }] }, key());
  assert.equal(v.status, 201, v.text);
  await within(1000, async () => (await figures(cb))[1] === vneid + 1);
  const share = async (c) => scoreIndicator(await c.ok(q), 'cd_vneid').value;
  assert.equal(await share(cb), await share(ca), 'the same share on both');
  assert.equal((await officerA.del(`/api/v1/visits/${v.json.id}`)).status, 204);
  await within(1000, async () => (await figures(cb))[1] === vneid);
  assert.equal(await share(cb), await share(ca));
});

test('a list imported through A is in B\'s register figures within 1 s, from the import\'s one journal row', async () => {
  const village = await unitByName(ca, 'Thôn Nà Pầu');
  const officerA = await Client.login(a.url, 'hoamuc');
  const q = `/api/v1/units/${village.id}/scorecard?from=2024-01-01&to=2024-12-31&structure_date=2024-12-31`;
  const figures = async (c) => { const sc = await c.ok(q); return [scoreIndicator(sc, 'cd_dan_so_so_ho').value, scoreIndicator(sc, 'cd_smartphone').value]; };
  const [people] = await figures(cb);
  const csv = [['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Xóm', 'Số nhà', 'Chủ hộ', 'Có điện thoại thông minh'],
    ['1', 'Ma Văn Hai Máy', '1970', 'Nam', 'Xóm Nhập Hai Máy', '1', 'x', '01/03/2023'],
    ['2', 'Triệu Thị Hai Máy', '1972', 'Nữ', '', '', '', ''],
    ['3', 'Ma Văn Nhỏ', '2001', 'Nam', '', '', '', '15/08/2024']].map((r) => r.join(',')).join('\r\n');
  const r = await officerA.upload(`/api/v1/units/${village.id}/register-import`, csv, { name: 'hai-may.csv' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.persons_created, 3);
  await within(1000, async () => (await figures(cb))[0] === people + 3);
  assert.deepEqual(await figures(cb), await figures(ca), 'the same figures on both');
});

test('a periodic report submitted through A counts in B\'s reporting rate within 1 s (B\'s index follows the journal); its return too', async () => {
  const hoaMuc = await unitByName(ca, 'Xã Hoà Mục');
  const cm = await Client.login(a.url, 'hoamuc');
  const district = await unitByName(ca, 'Huyện Chợ Mới');
  const path = (unit, action = '') => `/api/v1/units/${unit}/periodic/hoat_dong_to_cnscd/2023-03${action ? `/${action}` : ''}`;
  const rate = async (c) => scoreIndicator(await c.ok(`/api/v1/units/${district.id}/scorecard?from=2023-03-01&to=2023-03-31&structure_date=2023-03-31`), 'ty_le_bao_cao').value;
  const report = await cm.ok(path(hoaMuc.id));
  assert.equal(report.status, 'draft');
  const before = await rate(cb);
  const explanations = Object.fromEntries(report.violations.map((v) => [v.rule, 'Đã kiểm tra']));
  const r = await cm.post(path(hoaMuc.id, 'submit'), Object.keys(explanations).length ? { explanations } : {});
  assert.equal(r.status, 200, r.text);
  const after = await rate(ca);
  assert.ok(after > before, `${after} > ${before}`);
  await within(1000, async () => (await rate(cb)) === after);
  const chomoi = await Client.login(b.url, 'chomoi');
  assert.equal((await chomoi.post(path(hoaMuc.id, 'return'), { reason: 'Thiếu số liệu thôn Nà Pầu' })).status, 200);
  await within(1000, async () => (await rate(ca)) === before);
});
