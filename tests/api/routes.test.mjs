// Happy path of every route in docs/api.md, checking response bodies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  ROOT, DEMO_DATE, startServer, Client, raw, loginAll, unitByName, sql, sqlCount, freshPhone,
} from './lib.mjs';

let s; let c; // server, clients by login
let choMoi; let hoaMuc; let yenCu; let naPau; let khuoiDeng; let bacKan;

const CHO_MOI_COMMUNES = [
  'Xã Bình Văn', 'Xã Cao Kỳ', 'Thị trấn Đồng Tâm', 'Xã Hoà Mục', 'Xã Mai Lạp', 'Xã Như Cố', 'Xã Nông Hạ',
  'Xã Quảng Chu', 'Xã Tân Sơn', 'Xã Thanh Mai', 'Xã Thanh Thịnh', 'Xã Thanh Vận', 'Xã Yên Cư', 'Xã Yên Hân',
];

function assertUnit(u, { name, level, code, parent_id } = {}) {
  for (const k of ['id', 'code', 'name', 'type', 'type_name', 'level', 'path', 'path_text']) assert.ok(k in u, `unit has ${k}: ${JSON.stringify(u)}`);
  assert.ok('parent_id' in u && 'valid_from' in u && 'valid_to' in u);
  assert.ok(['province', 'district', 'commune', 'village'].includes(u.level));
  assert.equal(u.path[0].id, u.id);
  assert.equal(u.path[0].name, u.name);
  assert.equal(u.path_text, u.path.map((p) => p.name).join(' › '));
  if (u.path.length > 1) assert.equal(u.parent_id, u.path[1].id);
  else assert.equal(u.parent_id, null);
  if (name !== undefined) assert.equal(u.name, name);
  if (level !== undefined) assert.equal(u.level, level);
  if (code !== undefined) assert.equal(u.code, code);
  if (parent_id !== undefined) assert.equal(u.parent_id, parent_id);
}

function assertTeam(t) {
  for (const k of ['id', 'unit_id', 'unit', 'name', 'decision', 'active_from', 'active_to', 'zalo', 'notes', 'member_count']) {
    assert.ok(k in t, `team has ${k}: ${JSON.stringify(t)}`);
  }
  assert.equal(t.unit.id, t.unit_id);
  assertUnit(t.unit);
  for (const k of ['number', 'date', 'issuer']) assert.ok(k in t.decision);
  for (const k of ['link', 'members']) assert.ok(k in t.zalo);
  assert.equal(typeof t.member_count, 'number');
}

function assertMember(m, { phone = true } = {}) {
  for (const k of ['id', 'team_id', 'person_id', 'full_name', 'role', 'role_name', 'affiliation', 'affiliation_name', 'joined_on', 'left_on', 'trained_on']) {
    assert.ok(k in m, `member has ${k}: ${JSON.stringify(m)}`);
  }
  if (phone) assert.match(m.phone, /^(0\d{9}|\+84\d{9})$/);
  else assert.ok(!('phone' in m), `no phone for this reader: ${JSON.stringify(m)}`);
}

function assertUser(u) {
  for (const k of ['id', 'login', 'phone', 'full_name', 'role', 'role_name', 'unit_id', 'unit']) assert.ok(k in u, `user has ${k}: ${JSON.stringify(u)}`);
  assert.ok(!('password' in u) && !('password_hash' in u), 'user JSON carries no password');
  if (u.unit_id !== null) assert.equal(u.unit.id, u.unit_id);
}

before(async () => {
  s = await startServer();
  c = await loginAll(s.url);
  choMoi = await unitByName(c.admin, 'Huyện Chợ Mới');
  hoaMuc = await unitByName(c.admin, 'Xã Hoà Mục');
  yenCu = await unitByName(c.admin, 'Xã Yên Cư');
  naPau = await unitByName(c.admin, 'Thôn Nà Pầu');
  khuoiDeng = await unitByName(c.admin, 'Thôn Khuổi Đeng');
  bacKan = await unitByName(c.admin, 'Tỉnh Bắc Kạn');
});
after(async () => { await s?.stop(); });

test('GET /healthz needs no session and answers {"status":"ok","primary":"ok"}', async () => {
  const r = await raw(s.url, 'GET', '/healthz');
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /^application\/json/);
  assert.deepEqual(r.json, { status: 'ok', primary: 'ok' });
});

test('POST /api/v1/session logs in by login name and by phone number', async () => {
  const a = new Client(s.url);
  const r = await a.login('hoamuc');
  assert.equal(r.status, 200);
  assert.match(r.json.csrf_token, /^\S{16,}$/);
  assertUser(r.json.user);
  assert.equal(r.json.user.login, 'hoamuc');
  assert.equal(r.json.user.role, 'commune_officer');
  assert.equal(r.json.user.role_name, 'Cán bộ xã');
  assert.equal(r.json.user.unit_id, hoaMuc.id);
  assert.equal(r.json.user.unit.name, 'Xã Hoà Mục');
  assert.ok(a.cookie && a.cookie.startsWith('langso_session='));

  const b = new Client(s.url);
  const r2 = await b.login(r.json.user.phone);
  assert.equal(r2.status, 200, r2.text);
  assert.equal(r2.json.user.login, 'hoamuc');
  assert.notEqual(b.cookie, a.cookie, 'each log-in gets its own session');
  assert.notEqual(r2.json.csrf_token, r.json.csrf_token);
  await a.del('/api/v1/session');
  await b.del('/api/v1/session');
});

test('GET /api/v1/session returns the current user and the same CSRF token', async () => {
  const r = await c.chomoi.get('/api/v1/session');
  assert.equal(r.status, 200);
  assert.equal(r.json.csrf_token, c.chomoi.csrf);
  assertUser(r.json.user);
  assert.equal(r.json.user.login, 'chomoi');
  assert.equal(r.json.user.role, 'district_officer');
  assert.equal(r.json.user.unit_id, choMoi.id);
  const adm = await c.admin.ok('/api/v1/session');
  assert.equal(adm.user.role, 'admin');
  assert.equal(adm.user.role_name, 'Quản trị hệ thống');
});

test('DELETE /api/v1/session ends the session at once (204, then 401)', async () => {
  const x = await Client.login(s.url, 'xem');
  assert.equal((await x.get('/api/v1/session')).status, 200);
  const r = await x.del('/api/v1/session');
  assert.equal(r.status, 204);
  assert.equal(r.text, '');
  const after = await x.get('/api/v1/session');
  assert.equal(after.status, 401);
  assert.equal(after.json.code, 'unauthenticated');
  assert.equal((await x.get('/api/v1/meta')).status, 401);
});

test('GET /api/v1/meta lists the enumerations with Vietnamese labels and today', async () => {
  const m = await c.xem.ok('/api/v1/meta');
  for (const k of ['roles', 'unit_types', 'member_roles', 'affiliations']) {
    assert.ok(Array.isArray(m[k]) && m[k].length > 0, k);
    for (const e of m[k]) { assert.equal(typeof e.code, 'string'); assert.equal(typeof e.name, 'string'); }
  }
  const roles = Object.fromEntries(m.roles.map((r) => [r.code, r.name]));
  assert.deepEqual(roles, {
    admin: 'Quản trị hệ thống', province_officer: 'Cán bộ tỉnh', district_officer: 'Cán bộ huyện',
    commune_officer: 'Cán bộ xã', team_member: 'Thành viên tổ', viewer: 'Người xem',
  });
  const mr = Object.fromEntries(m.member_roles.map((r) => [r.code, r.name]));
  assert.deepEqual(mr, { to_truong: 'Tổ trưởng', to_pho: 'Tổ phó', thanh_vien: 'Thành viên' });
  const types = Object.fromEntries(m.unit_types.map((r) => [r.code, r.name]));
  assert.equal(types.xa, 'Xã');
  assert.equal(types.thon, 'Thôn');
  assert.equal(types.to_dan_pho, 'Tổ dân phố');
  assert.equal(types.ban, 'Bản');
  assert.ok(m.affiliations.some((a) => a.code === 'truong_thon'));
  assert.match(m.today, /^\d{4}-\d{2}-\d{2}$/);
  const diff = Math.abs(Date.parse(m.today) - Date.now());
  assert.ok(diff < 2 * 86400000, `today ${m.today} is today`);
});

test('GET /api/v1/units without q/code gives the caller\'s top units', async () => {
  const a = await c.admin.ok(`/api/v1/units?date=${DEMO_DATE}`);
  assert.ok(a.items.length >= 1);
  for (const u of a.items) assertUnit(u, { level: 'province' });
  assert.ok(a.items.some((u) => u.name === 'Tỉnh Bắc Kạn' && u.code === '06'));
  // Today Bắc Kạn is part of Thái Nguyên.
  assert.deepEqual((await c.admin.ok('/api/v1/units')).items.map((u) => u.name), ['Tỉnh Thái Nguyên']);
  const d = await c.chomoi.ok('/api/v1/units');
  assert.deepEqual(d.items.map((u) => u.id), [choMoi.id]);
  assertUnit(d.items[0], { name: 'Huyện Chợ Mới', code: '065', level: 'district' });
  const h = await c.hoamuc.ok(`/api/v1/units?date=${DEMO_DATE}`);
  assert.deepEqual(h.items.map((u) => u.name), ['Xã Hoà Mục']);
  const t = await c.thanhvien.ok('/api/v1/units');
  assert.deepEqual(t.items.map((u) => u.name), ['Thôn Nà Pầu']);
  const v = await c.xem.ok('/api/v1/units');
  assert.deepEqual(v.items.map((u) => u.name), ['Tỉnh Bắc Kạn']);
});

test('GET /api/v1/units?q= finds by name', async () => {
  const r = await c.admin.ok(`/api/v1/units?q=${encodeURIComponent('Yên Cư')}&date=${DEMO_DATE}`);
  assert.equal(r.items[0].name, 'Xã Yên Cư');
  assertUnit(r.items[0], { level: 'commune', parent_id: choMoi.id });
  assert.equal(r.items[0].path_text, 'Xã Yên Cư › Huyện Chợ Mới › Tỉnh Bắc Kạn');
});

test('GET /api/v1/units?code= finds the unit carrying a GSO or village code', async () => {
  const r = await c.admin.ok(`/api/v1/units?code=02098&date=${DEMO_DATE}`);
  assert.equal(r.items.length, 1);
  assertUnit(r.items[0], { name: 'Xã Hoà Mục', code: '02098', level: 'commune', parent_id: choMoi.id });
  const d = await c.admin.ok(`/api/v1/units?code=065&date=${DEMO_DATE}`);
  assert.deepEqual(d.items.map((u) => u.name), ['Huyện Chợ Mới']);
  const v = await c.admin.ok(`/api/v1/units?code=02098-01&date=${DEMO_DATE}`);
  assert.deepEqual(v.items.map((u) => u.name), ['Thôn Nà Pầu']);
  assertUnit(v.items[0], { level: 'village', parent_id: hoaMuc.id });
  const none = await c.admin.ok('/api/v1/units?code=99999');
  assert.deepEqual(none.items, []);
});

test('GET /api/v1/units/{id} adds children_count', async () => {
  const u = await c.admin.ok(`/api/v1/units/${choMoi.id}`);
  assertUnit(u, { name: 'Huyện Chợ Mới', code: '065', level: 'district', parent_id: bacKan.id });
  assert.equal(u.type, 'huyen');
  assert.equal(u.type_name, 'Huyện');
  assert.equal(u.children_count, 14);
  assert.equal(u.path_text, 'Huyện Chợ Mới › Tỉnh Bắc Kạn');
  const h = await c.hoamuc.ok(`/api/v1/units/${hoaMuc.id}?date=${DEMO_DATE}`);
  assertUnit(h, { name: 'Xã Hoà Mục', code: '02098', level: 'commune', parent_id: choMoi.id });
  assert.equal(h.type, 'xa');
  assert.equal(h.type_name, 'Xã');
  assert.equal(h.children_count, 4);
  assert.deepEqual(h.path.map((p) => p.name), ['Xã Hoà Mục', 'Huyện Chợ Mới', 'Tỉnh Bắc Kạn']);
  const p = await c.backan.ok(`/api/v1/units/${bacKan.id}`);
  assert.equal(p.children_count, 8);
  assert.equal(p.level, 'province');
});

test('GET /api/v1/units/{id}/children in Vietnamese order (type word ignored)', async () => {
  const r = await c.chomoi.ok(`/api/v1/units/${choMoi.id}/children?date=${DEMO_DATE}`);
  assert.deepEqual(r.items.map((u) => u.name), CHO_MOI_COMMUNES);
  for (const u of r.items) assertUnit(u, { level: 'commune', parent_id: choMoi.id });
  const today = await c.chomoi.ok(`/api/v1/units/${choMoi.id}/children`);
  assert.deepEqual(today.items.map((u) => u.name), CHO_MOI_COMMUNES);
  const v = await c.hoamuc.ok(`/api/v1/units/${hoaMuc.id}/children?date=${DEMO_DATE}`);
  assert.deepEqual(v.items.map((u) => u.name), ['Thôn Bản Lắc', 'Thôn Khuổi Đeng', 'Thôn Nà Lẹng', 'Thôn Nà Pầu']);
  assert.deepEqual(v.items.map((u) => u.code).sort(), ['02098-01', '02098-02', '02098-03', '02098-04']);
  for (const u of v.items) assertUnit(u, { level: 'village', parent_id: hoaMuc.id });
  const p = await c.backan.ok(`/api/v1/units/${bacKan.id}/children`);
  assert.equal(p.items.length, 8);
  assert.ok(p.items.every((u) => u.level === 'district'));
});

test('GET /api/v1/units/{id}/coverage: Chợ Mới on 2022-05-04 and 2022-04-01', async () => {
  const r = await c.chomoi.ok(`/api/v1/units/${choMoi.id}/coverage?date=2022-05-04`);
  assert.equal(r.date, '2022-05-04');
  assert.equal(r.unit.id, choMoi.id);
  assertUnit(r.unit, { name: 'Huyện Chợ Mới' });
  assert.deepEqual(r.communes, { total: 14, with_team: 14, percent: 100 });
  assert.deepEqual(r.villages, { total: 56, with_team: 14, percent: 25 });
  assert.deepEqual(r.communes_without_team, []);

  const e = await c.chomoi.ok(`/api/v1/units/${choMoi.id}/coverage?date=2022-04-01`);
  assert.equal(e.date, '2022-04-01');
  assert.deepEqual(e.communes, { total: 14, with_team: 0, percent: 0 });
  assert.deepEqual(e.villages, { total: 56, with_team: 0, percent: 0 });
  assert.equal(e.communes_without_team.length, 14);
  assert.deepEqual(e.communes_without_team.map((u) => u.name).sort(), [...CHO_MOI_COMMUNES].sort());
  for (const u of e.communes_without_team) assertUnit(u, { level: 'commune' });
});

test('coverage on an intermediate date agrees with the teams\' active_from', async () => {
  const date = '2022-04-28';
  const teams = (await c.chomoi.ok(`/api/v1/units/${choMoi.id}/teams`)).items;
  const active = teams.filter((t) => t.active_from <= date && (t.active_to === null || t.active_to >= date));
  const communes = active.filter((t) => t.unit.level === 'commune').length;
  const villages = active.filter((t) => t.unit.level === 'village').length;
  assert.ok(communes > 0 && communes < 14, 'the demo spreads establishment dates');
  const r = await c.chomoi.ok(`/api/v1/units/${choMoi.id}/coverage?date=${date}`);
  assert.equal(r.communes.with_team, communes);
  assert.equal(r.villages.with_team, villages);
  assert.equal(r.communes_without_team.length, 14 - communes);
  assert.ok(Math.abs(r.communes.percent - (100 * communes) / 14) < 0.051, `percent ${r.communes.percent}`);
  const withoutIds = new Set(r.communes_without_team.map((u) => u.id));
  for (const t of active.filter((x) => x.unit.level === 'commune')) assert.ok(!withoutIds.has(t.unit_id));
});

test('coverage of a commune counts the commune itself; province counts all its communes', async () => {
  const h = await c.hoamuc.ok(`/api/v1/units/${hoaMuc.id}/coverage?date=${DEMO_DATE}`);
  assert.deepEqual(h.communes, { total: 1, with_team: 1, percent: 100 });
  assert.deepEqual(h.villages, { total: 4, with_team: 1, percent: 25 });
  const v = await c.thanhvien.ok(`/api/v1/units/${naPau.id}/coverage?date=${DEMO_DATE}`);
  assert.deepEqual(v.villages, { total: 1, with_team: 1, percent: 100 });
  assert.equal(v.communes.total, 0);
  assert.deepEqual(v.communes_without_team, []);
  const kd = await c.hoamuc.ok(`/api/v1/units/${khuoiDeng.id}/coverage?date=${DEMO_DATE}`);
  assert.deepEqual(kd.villages, { total: 1, with_team: 0, percent: 0 });
  const p = await c.backan.ok(`/api/v1/units/${bacKan.id}/coverage?date=${DEMO_DATE}`);
  assert.equal(p.communes.total, 108);
  assert.equal(p.communes.with_team, 14);
  assert.equal(p.communes_without_team.length, 94);
  assert.equal(p.villages.total, 56);
  // Default date is today: the demo teams are still active.
  const t = await c.chomoi.ok(`/api/v1/units/${choMoi.id}/coverage`);
  assert.equal(t.communes.with_team, 14);
  assert.match(t.date, /^\d{4}-\d{2}-\d{2}$/);
});

test('GET /api/v1/units/{id}/teams: all teams under the unit, date filter', async () => {
  const all = (await c.chomoi.ok(`/api/v1/units/${choMoi.id}/teams`)).items;
  assert.equal(all.length, 28);
  for (const t of all) {
    assertTeam(t);
    assert.equal(t.member_count, 3);
    assert.ok(t.unit.path.some((p) => p.id === choMoi.id));
    assert.ok(t.active_from >= '2022-04-26' && t.active_from <= '2022-05-04', t.active_from);
  }
  assert.equal(all.filter((t) => t.unit.level === 'commune').length, 14);
  assert.equal(all.filter((t) => t.unit.level === 'village').length, 14);
  const none = await c.chomoi.ok(`/api/v1/units/${choMoi.id}/teams?date=2022-04-01`);
  assert.deepEqual(none.items, []);
  const mid = (await c.chomoi.ok(`/api/v1/units/${choMoi.id}/teams?date=2022-04-28`)).items;
  assert.deepEqual(mid.map((t) => t.id).sort(), all.filter((t) => t.active_from <= '2022-04-28').map((t) => t.id).sort());
  const h = (await c.hoamuc.ok(`/api/v1/units/${hoaMuc.id}/teams`)).items;
  assert.deepEqual(h.map((t) => t.unit.name).sort(), ['Thôn Nà Pầu', 'Xã Hoà Mục']);
  const v = (await c.thanhvien.ok(`/api/v1/units/${naPau.id}/teams`)).items;
  assert.deepEqual(v.map((t) => t.unit.name), ['Thôn Nà Pầu']);
});

test('GET /api/v1/units/{id}/teams is ordered by unit path (a commune\'s teams together, the commune first)', async () => {
  const all = (await c.chomoi.ok(`/api/v1/units/${choMoi.id}/teams`)).items;
  // Root-first path of names; consecutive teams must be in path order.
  const communeOf = (t) => (t.unit.level === 'commune' ? t.unit.id : t.unit.parent_id);
  const seen = [];
  for (const t of all) {
    const cid = communeOf(t);
    if (seen[seen.length - 1] !== cid) {
      assert.ok(!seen.includes(cid), `teams of commune ${cid} are not together: ${all.map((x) => x.unit.path_text).join(' | ')}`);
      seen.push(cid);
      assert.equal(t.unit.level, 'commune', `the commune's own team comes before its villages' teams: ${t.unit.path_text}`);
    }
  }
});

test('POST /api/v1/units/{id}/villages creates a village with code <commune>-NN', async () => {
  const r = await c.hoamuc.post(`/api/v1/units/${hoaMuc.id}/villages`, { name: 'Thôn Nà Pài', type: 'thon', valid_from: '2022-01-01' });
  assert.equal(r.status, 201, r.text);
  assertUnit(r.json, { name: 'Thôn Nà Pài', level: 'village', code: '02098-05' });
  assert.equal(r.json.type, 'thon');
  assert.equal(r.json.type_name, 'Thôn');
  assert.equal(r.json.valid_from, '2022-01-01');
  assert.equal(r.json.valid_to, null);
  // Hoà Mục ended on 30/06/2025: the new village moves with it into Xã Tân Kỳ.
  assert.equal(r.json.path_text, 'Thôn Nà Pài › Xã Tân Kỳ › Tỉnh Thái Nguyên');
  assert.equal((await c.hoamuc.ok(`/api/v1/units/${r.json.id}?date=${DEMO_DATE}`)).path_text, 'Thôn Nà Pài › Xã Hoà Mục › Huyện Chợ Mới › Tỉnh Bắc Kạn');
  const got = await c.hoamuc.ok(`/api/v1/units/${r.json.id}`);
  assert.equal(got.name, 'Thôn Nà Pài');
  assert.equal(got.children_count, 0);
  const kids = await c.hoamuc.ok(`/api/v1/units/${hoaMuc.id}/children`);
  assert.ok(kids.items.some((u) => u.id === r.json.id));
  assert.equal((await c.hoamuc.ok(`/api/v1/units/${hoaMuc.id}`)).children_count, 5);
  const byCode = await c.admin.ok('/api/v1/units?code=02098-05');
  assert.deepEqual(byCode.items.map((u) => u.id), [r.json.id]);
  // Not alive before valid_from.
  const early = await c.admin.ok('/api/v1/units?code=02098-05&date=2021-12-31');
  assert.deepEqual(early.items, []);
  const earlyKids = await c.admin.ok(`/api/v1/units/${hoaMuc.id}/children?date=2021-12-31`);
  assert.ok(!earlyKids.items.some((u) => u.id === r.json.id));

  // Without valid_from, another type; the next number; by a district officer and by an admin.
  const r2 = await c.chomoi.post(`/api/v1/units/${hoaMuc.id}/villages`, { name: 'Bản Khuổi Nộc', type: 'ban' });
  assert.equal(r2.status, 201, r2.text);
  assert.equal(r2.json.code, '02098-06');
  assert.equal(r2.json.type_name, 'Bản');
  const r3 = await c.admin.post(`/api/v1/units/${yenCu.id}/villages`, { name: 'Tổ dân phố 1', type: 'to_dan_pho' });
  assert.equal(r3.status, 201, r3.text);
  assert.match(r3.json.code, /^02110-\d{2}$/);
  assert.equal(r3.json.code, '02110-05');
});

let team; // created in the next test, used by the member tests

test('POST /api/v1/teams creates a team (201 Team)', async () => {
  const body = {
    unit_id: khuoiDeng.id, name: 'Tổ CNSCĐ thôn Khuổi Đeng',
    decision_number: '45/QĐ-UBND', decision_date: '2022-04-28', decision_issuer: 'UBND xã Hoà Mục',
    active_from: '2022-04-28', active_to: null, zalo_link: 'https://zalo.me/g/abc', zalo_members: 35, notes: 'Ghi chú',
  };
  const r = await c.hoamuc.post('/api/v1/teams', body);
  assert.equal(r.status, 201, r.text);
  assertTeam(r.json);
  assert.equal(r.json.unit_id, khuoiDeng.id);
  assert.equal(r.json.unit.name, 'Thôn Khuổi Đeng');
  assert.equal(r.json.name, body.name);
  assert.deepEqual(r.json.decision, { number: '45/QĐ-UBND', date: '2022-04-28', issuer: 'UBND xã Hoà Mục' });
  assert.equal(r.json.active_from, '2022-04-28');
  assert.equal(r.json.active_to, null);
  assert.deepEqual(r.json.zalo, { link: 'https://zalo.me/g/abc', members: 35 });
  assert.equal(r.json.notes, 'Ghi chú');
  assert.equal(r.json.member_count, 0);
  team = r.json;
  const list = (await c.hoamuc.ok(`/api/v1/units/${hoaMuc.id}/teams`)).items;
  assert.equal(list.length, 3);
  const cov = await c.hoamuc.ok(`/api/v1/units/${hoaMuc.id}/coverage?date=2022-05-04`);
  assert.equal(cov.villages.with_team, 2);

  // Only the required fields.
  const m = await c.admin.post('/api/v1/teams', { unit_id: hoaMuc.id, name: 'Tổ tối giản', active_from: '2023-01-01' });
  assert.equal(m.status, 201, m.text);
  assert.equal(m.json.active_to, null);
  assert.equal(m.json.member_count, 0);
  assert.equal((await c.admin.del(`/api/v1/teams/${m.json.id}`)).status, 204);
});

test('GET /api/v1/teams/{id}', async () => {
  const t = await c.hoamuc.ok(`/api/v1/teams/${team.id}`);
  assert.deepEqual(t, team);
  const demo = await c.xem.ok(`/api/v1/teams/${team.id}`);
  assert.equal(demo.name, team.name);
});

test('PATCH /api/v1/teams/{id} changes fields and keeps the others', async () => {
  const r = await c.hoamuc.patch(`/api/v1/teams/${team.id}`, {
    name: 'Tổ CNSCĐ thôn Khuổi Đeng (kiện toàn)', active_to: '2025-06-30', zalo_members: 40, notes: '',
  });
  assert.equal(r.status, 200, r.text);
  assertTeam(r.json);
  assert.equal(r.json.name, 'Tổ CNSCĐ thôn Khuổi Đeng (kiện toàn)');
  assert.equal(r.json.active_to, '2025-06-30');
  assert.equal(r.json.zalo.members, 40);
  assert.equal(r.json.zalo.link, 'https://zalo.me/g/abc');
  assert.equal(r.json.notes, '');
  assert.deepEqual(r.json.decision, team.decision);
  assert.equal(r.json.unit_id, khuoiDeng.id);
  const g = await c.hoamuc.ok(`/api/v1/teams/${team.id}`);
  assert.deepEqual(g, r.json);
  const r2 = await c.chomoi.patch(`/api/v1/teams/${team.id}`, { active_to: null, decision_number: '46/QĐ-UBND' });
  assert.equal(r2.status, 200, r2.text);
  assert.equal(r2.json.active_to, null);
  assert.equal(r2.json.decision.number, '46/QĐ-UBND');
  team = r2.json;
});

let member;
test('POST /api/v1/teams/{id}/members adds a member (201 Member)', async () => {
  const phone = freshPhone();
  const r = await c.hoamuc.post(`/api/v1/teams/${team.id}/members`, {
    full_name: 'Trần Văn Đức', phone, role: 'to_truong', affiliation: 'truong_thon',
    joined_on: '2022-04-28', trained_on: '2022-05-10',
  });
  assert.equal(r.status, 201, r.text);
  assertMember(r.json);
  assert.equal(r.json.team_id, team.id);
  assert.equal(r.json.full_name, 'Trần Văn Đức');
  assert.equal(r.json.phone, phone);
  assert.equal(r.json.role, 'to_truong');
  assert.equal(r.json.role_name, 'Tổ trưởng');
  assert.equal(r.json.affiliation, 'truong_thon');
  assert.equal(r.json.affiliation_name, 'Trưởng thôn / Tổ trưởng tổ dân phố');
  assert.equal(r.json.joined_on, '2022-04-28');
  assert.equal(r.json.left_on, null);
  assert.equal(r.json.trained_on, '2022-05-10');
  member = r.json;
  for (const [name, role, aff] of [['Lê Thị Dung', 'to_pho', 'doan_thanh_nien'], ['Phạm Văn Bình', 'thanh_vien', 'viettel'], ['Nông Thị Ánh', 'thanh_vien', 'khac']]) {
    const x = await c.hoamuc.post(`/api/v1/teams/${team.id}/members`, { full_name: name, phone: freshPhone(), role, affiliation: aff, joined_on: '2022-05-01' });
    assert.equal(x.status, 201, x.text);
  }
  assert.equal((await c.hoamuc.ok(`/api/v1/teams/${team.id}`)).member_count, 4);
  // A +84 number is accepted.
  const intl = await c.hoamuc.post(`/api/v1/teams/${team.id}/members`, { full_name: 'Hà Văn Giang', phone: '+84977000111', role: 'thanh_vien', affiliation: 'vnpt', joined_on: '2022-05-01' });
  assert.equal(intl.status, 201, intl.text);
  assert.equal((await c.hoamuc.del(`/api/v1/members/${intl.json.id}`)).status, 204);
});

test('GET /api/v1/teams/{id}/members in Vietnamese order of given name', async () => {
  const r = await c.hoamuc.ok(`/api/v1/teams/${team.id}/members`);
  assert.deepEqual(r.items.map((m) => m.full_name), ['Nông Thị Ánh', 'Phạm Văn Bình', 'Lê Thị Dung', 'Trần Văn Đức']);
  for (const m of r.items) { assertMember(m); assert.equal(m.team_id, team.id); }
  const demo = await c.hoamuc.ok(`/api/v1/teams/${(await c.hoamuc.ok(`/api/v1/units/${naPau.id}/teams`)).items[0].id}/members`);
  assert.equal(demo.items.length, 3);
  const given = demo.items.map((m) => m.full_name.split(' ').pop());
  assert.equal(new Set(demo.items.map((m) => m.role)).size, 3, 'demo teams have a leader, a deputy and a member');
  assert.ok(given.length === 3);
});

test('GET /api/v1/members/{id}', async () => {
  const m = await c.hoamuc.ok(`/api/v1/members/${member.id}`);
  assert.deepEqual(m, member);
});

test('PATCH /api/v1/members/{id} changes member fields', async () => {
  const r = await c.hoamuc.patch(`/api/v1/members/${member.id}`, { role: 'to_pho', affiliation: 'cong_an', left_on: '2024-12-31' });
  assert.equal(r.status, 200, r.text);
  assertMember(r.json);
  assert.equal(r.json.role, 'to_pho');
  assert.equal(r.json.role_name, 'Tổ phó');
  assert.equal(r.json.affiliation, 'cong_an');
  assert.equal(r.json.affiliation_name, 'Công an');
  assert.equal(r.json.left_on, '2024-12-31');
  assert.equal(r.json.full_name, member.full_name);
  assert.equal(r.json.phone, member.phone);
  assert.equal(r.json.joined_on, member.joined_on);
  assert.deepEqual(await c.hoamuc.ok(`/api/v1/members/${member.id}`), r.json);
  const r2 = await c.hoamuc.patch(`/api/v1/members/${member.id}`, { left_on: null, full_name: 'Trần Văn Đức Anh' });
  assert.equal(r2.status, 200, r2.text);
  assert.equal(r2.json.left_on, null);
  assert.equal(r2.json.full_name, 'Trần Văn Đức Anh');
  member = r2.json;
});

test('the same phone number is the same person; DELETE a membership keeps the person', async () => {
  const other = (await c.hoamuc.ok(`/api/v1/units/${hoaMuc.id}/teams`)).items.find((t) => t.unit.level === 'commune');
  const r = await c.hoamuc.post(`/api/v1/teams/${other.id}/members`, {
    full_name: member.full_name, phone: member.phone, role: 'thanh_vien', affiliation: 'truong_thon', joined_on: '2022-06-01',
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.person_id, member.person_id, 'same phone → same person');
  assert.equal(r.json.team_id, other.id);
  assert.equal(sqlCount(s.db, `SELECT count(*) FROM persons WHERE phone='${member.phone}'`), 1);

  const d = await c.hoamuc.del(`/api/v1/members/${r.json.id}`);
  assert.equal(d.status, 204);
  assert.equal(d.text, '');
  const gone = await c.hoamuc.get(`/api/v1/members/${r.json.id}`);
  assert.equal(gone.status, 404);
  assert.equal(gone.json.code, 'not_found');
  assert.ok(!(await c.hoamuc.ok(`/api/v1/teams/${other.id}/members`)).items.some((m) => m.id === r.json.id));
  assert.equal((await c.hoamuc.ok(`/api/v1/teams/${other.id}`)).member_count, 3);
  // The person still sits in the first team.
  assert.equal((await c.hoamuc.ok(`/api/v1/members/${member.id}`)).person_id, member.person_id);
  assert.equal(sqlCount(s.db, `SELECT count(*) FROM persons WHERE id=${member.person_id}`), 1);
});

test('DELETE /api/v1/teams/{id} deletes the team and its memberships', async () => {
  const before = await c.hoamuc.ok(`/api/v1/teams/${team.id}/members`);
  assert.equal(before.items.length, 4);
  const r = await c.hoamuc.del(`/api/v1/teams/${team.id}`);
  assert.equal(r.status, 204);
  assert.equal(r.text, '');
  const g = await c.hoamuc.get(`/api/v1/teams/${team.id}`);
  assert.equal(g.status, 404);
  assert.equal(g.json.code, 'not_found');
  assert.equal((await c.hoamuc.get(`/api/v1/teams/${team.id}/members`)).status, 404);
  assert.equal((await c.hoamuc.get(`/api/v1/members/${member.id}`)).status, 404);
  assert.equal(sqlCount(s.db, `SELECT count(*) FROM memberships WHERE team_id=${team.id}`), 0);
  const list = (await c.hoamuc.ok(`/api/v1/units/${hoaMuc.id}/teams`)).items;
  assert.equal(list.length, 2);
});

let newUser;
test('GET /api/v1/users lists users whose scope unit is inside the caller\'s scope', async () => {
  const a = (await c.admin.ok('/api/v1/users')).items;
  for (const u of a) assertUser(u);
  for (const l of ['admin', 'backan', 'chomoi', 'hoamuc', 'thanhvien', 'xem']) assert.ok(a.some((u) => u.login === l), l);
  const p = (await c.backan.ok('/api/v1/users')).items.map((u) => u.login).sort();
  assert.deepEqual(p, ['backan', 'chomoi', 'hoamuc', 'thanhvien', 'xem']);
  const d = (await c.chomoi.ok('/api/v1/users')).items.map((u) => u.login).sort();
  assert.deepEqual(d, ['chomoi', 'hoamuc', 'thanhvien']);
  const h = (await c.hoamuc.ok('/api/v1/users')).items.map((u) => u.login).sort();
  assert.deepEqual(h, ['hoamuc', 'thanhvien']);
  const admin = a.find((u) => u.login === 'admin');
  assert.equal(admin.unit_id, null);
  assert.equal(admin.role_name, 'Quản trị hệ thống');
  const th = a.find((u) => u.login === 'thanhvien');
  assert.equal(th.role, 'team_member');
  assert.equal(th.role_name, 'Thành viên tổ');
  assert.equal(th.unit.name, 'Thôn Nà Pầu');
});

test('POST /api/v1/users creates a user (201 User) who can log in', async () => {
  const phone = freshPhone();
  const r = await c.chomoi.post('/api/v1/users', {
    login: 'yencu.xa', password: 'suối-trong-đá-xanh', full_name: 'Cán bộ xã Yên Cư', phone, role: 'commune_officer', unit_id: yenCu.id,
  });
  assert.equal(r.status, 201, r.text);
  assertUser(r.json);
  assert.equal(r.json.login, 'yencu.xa');
  assert.equal(r.json.full_name, 'Cán bộ xã Yên Cư');
  assert.equal(r.json.phone, phone);
  assert.equal(r.json.role, 'commune_officer');
  assert.equal(r.json.role_name, 'Cán bộ xã');
  assert.equal(r.json.unit_id, yenCu.id);
  assert.equal(r.json.unit.name, 'Xã Yên Cư');
  newUser = r.json;
  const u = await Client.login(s.url, 'yencu.xa', 'suối-trong-đá-xanh');
  assert.equal(u.user.id, newUser.id);
  const top = await u.ok('/api/v1/units');
  assert.deepEqual(top.items.map((x) => x.id), [yenCu.id]);
  assert.ok((await c.chomoi.ok('/api/v1/users')).items.some((x) => x.id === newUser.id));
  await u.del('/api/v1/session');
});

test('GET /api/v1/users/{id}', async () => {
  const u = await c.chomoi.ok(`/api/v1/users/${newUser.id}`);
  assert.equal(u.login, newUser.login);
  assert.equal(u.unit_id, yenCu.id);
  assertUser(u);
  const self = await c.hoamuc.ok(`/api/v1/users/${c.hoamuc.user.id}`);
  assert.equal(self.login, 'hoamuc');
});

// Xã Yên Cư ended on 30/06/2025: its accounts wait for an administrator to
// confirm their new scope, and until then only an administrator changes them
// (passwords.test.mjs has what officers may not do).
test('PATCH /api/v1/users/{id} changes full_name, phone, role, unit_id, password, active', async () => {
  const phone = freshPhone();
  const r = await c.admin.patch(`/api/v1/users/${newUser.id}`, { full_name: 'Người xem Yên Cư', phone, role: 'viewer', unit_id: yenCu.id });
  assert.equal(r.status, 200, r.text);
  assertUser(r.json);
  assert.equal(r.json.full_name, 'Người xem Yên Cư');
  assert.equal(r.json.phone, phone);
  assert.equal(r.json.role, 'viewer');
  assert.equal(r.json.role_name, 'Người xem');
  assert.equal(r.json.login, 'yencu.xa');
  assert.deepEqual(await c.chomoi.ok(`/api/v1/users/${newUser.id}`), r.json);
  const r2 = await c.admin.patch(`/api/v1/users/${newUser.id}`, { password: 'đồi-chè-xanh-mới-2', unit_id: hoaMuc.id });
  assert.equal(r2.status, 200, r2.text);
  assert.equal(r2.json.unit_id, hoaMuc.id);
  assert.ok(!('password' in r2.json));
  const bad = await new Client(s.url).login('yencu.xa', 'suối-trong-đá-xanh');
  assert.equal(bad.status, 401, 'the old password no longer works');
  const good = await Client.login(s.url, 'yencu.xa', 'đồi-chè-xanh-mới-2');
  assert.equal(good.user.unit_id, hoaMuc.id);
  await good.del('/api/v1/session');
  newUser = r2.json;
});

test('DELETE /api/v1/users/{id} deactivates the user and ends their sessions', async () => {
  const u = await Client.login(s.url, 'yencu.xa', 'đồi-chè-xanh-mới-2');
  assert.equal((await u.get('/api/v1/session')).status, 200);
  const r = await c.admin.del(`/api/v1/users/${newUser.id}`);
  assert.equal(r.status, 204);
  assert.equal(r.text, '');
  assert.equal((await u.get('/api/v1/session')).status, 401, 'their session ended');
  const again = await new Client(s.url).login('yencu.xa', 'đồi-chè-xanh-mới-2');
  assert.equal(again.status, 401, 'a deactivated user cannot log in');
  assert.equal(sqlCount(s.db, `SELECT active FROM users WHERE id=${newUser.id}`), 0);
  assert.equal(sqlCount(s.db, `SELECT count(*) FROM sessions WHERE user_id=${newUser.id}`), 0);
  // Re-activation through PATCH active.
  const re = await c.admin.patch(`/api/v1/users/${newUser.id}`, { active: true });
  assert.equal(re.status, 200, re.text);
  const back = await Client.login(s.url, 'yencu.xa', 'đồi-chè-xanh-mới-2');
  assert.equal(back.user.id, newUser.id);
});

test('every ### route in docs/api.md is served (no 404 route / 405 for its method)', async () => {
  const doc = readFileSync(join(ROOT, 'docs', 'api.md'), 'utf8');
  const routes = [...doc.matchAll(/^### (GET|POST|PATCH|DELETE|PUT) (\S+)\s*$/gm)].map((m) => [m[1], m[2]]);
  assert.ok(routes.length >= 20, `found ${routes.length} routes`);
  const fresh = await Client.login(s.url, 'admin');
  const unknown = await fresh.get('/api/v1/no-such-route');
  for (const [method, path] of routes) {
    if (method === 'DELETE' && path === '/api/v1/session') continue; // would log us out
    const p = path.replace(/\{id\}/g, '999999');
    const r = await fresh.request(method, p, method === 'GET' || method === 'DELETE' ? undefined : {});
    assert.notEqual(r.status, 405, `${method} ${path}: ${r.text}`);
    assert.ok(r.status < 500, `${method} ${path}: ${r.status} ${r.text}`);
    if (!path.includes('{id}')) assert.notEqual(r.status, 404, `${method} ${path} is served`);
    else assert.ok(r.status === 404 ? r.text === unknown.text || r.json?.code === 'not_found' : true);
  }
});

test('coverage and teams?date= ignore a team whose active_to is before the date', async () => {
  const own = (await c.chomoi.ok(`/api/v1/units/${yenCu.id}/teams`)).items.find((t) => t.unit_id === yenCu.id);
  const r = await c.chomoi.patch(`/api/v1/teams/${own.id}`, { active_to: '2022-05-03' });
  assert.equal(r.status, 200, r.text);
  try {
    const cov = await c.chomoi.ok(`/api/v1/units/${choMoi.id}/coverage?date=2022-05-04`);
    assert.equal(cov.communes.with_team, 13);
    assert.deepEqual(cov.communes_without_team.map((u) => u.name), ['Xã Yên Cư']);
    assert.ok(Math.abs(cov.communes.percent - 92.9) < 0.06, `percent ${cov.communes.percent}`);
    const same = await c.chomoi.ok(`/api/v1/units/${choMoi.id}/coverage?date=2022-05-03`);
    assert.equal(same.communes.with_team, 14, 'active_to is inclusive');
    const teams = (await c.chomoi.ok(`/api/v1/units/${yenCu.id}/teams?date=2022-05-04`)).items;
    assert.ok(!teams.some((t) => t.id === own.id));
    assert.ok((await c.chomoi.ok(`/api/v1/units/${yenCu.id}/teams`)).items.some((t) => t.id === own.id), 'without date= all teams');
  } finally {
    assert.equal((await c.chomoi.patch(`/api/v1/teams/${own.id}`, { active_to: null })).status, 200);
  }
});

test('a person who left a team may join it again; left_on before joined_on is refused', async () => {
  const own = (await c.hoamuc.ok(`/api/v1/units/${hoaMuc.id}/teams`)).items.find((t) => t.unit_id === hoaMuc.id);
  const [m0, m1] = (await c.hoamuc.ok(`/api/v1/teams/${own.id}/members`)).items;
  const bad = await c.hoamuc.patch(`/api/v1/members/${m1.id}`, { left_on: '2020-01-01' });
  assert.equal(bad.status, 422, bad.text);
  assert.ok(bad.json.errors.some((e) => e.field === 'left_on'));
  assert.equal((await c.hoamuc.patch(`/api/v1/members/${m0.id}`, { left_on: '2023-01-01' })).status, 200);
  const again = await c.hoamuc.post(`/api/v1/teams/${own.id}/members`, {
    full_name: m0.full_name, phone: m0.phone, role: 'thanh_vien', affiliation: 'khac', joined_on: '2024-01-01',
  });
  assert.equal(again.status, 201, `only an active member is a duplicate: ${again.text}`);
  assert.equal(again.json.person_id, m0.person_id);
});

test('JSON answers are gzipped for a client that accepts it, and only then', async () => {
  const path = `/api/v1/units/${choMoi.id}/teams`;
  const plain = await c.chomoi.get(path);
  const zipped = await c.chomoi.get(path, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(zipped.headers['content-encoding'], 'gzip');
  assert.match(String(zipped.headers.vary), /Accept-Encoding/);
  assert.ok(zipped.body.length * 3 < plain.body.length, `${zipped.body.length} bytes against ${plain.body.length}`);
  assert.deepEqual(JSON.parse(gunzipSync(zipped.body).toString('utf8')), plain.json);
  const refused = await c.chomoi.get(path, { headers: { 'Accept-Encoding': 'gzip;q=0, identity' } });
  assert.equal(refused.headers['content-encoding'], undefined, 'gzip;q=0 is a refusal');
  const small = await raw(s.url, 'GET', '/healthz', { headers: { 'Accept-Encoding': 'gzip' } });
  assert.equal(small.headers['content-encoding'], undefined, 'a small answer is sent as it is');
  assert.equal(small.json.status, 'ok');
});
