// 4xx answers: the problem+json shape, and that a failed request changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import {
  DEMO_DATE, startServer, Client, raw, loginAll, unitByName, assertProblem, unchanged, sqlCount, freshPhone,
} from './lib.mjs';

let s; let c;
let hoaMuc; let naPau; let team; let members;

before(async () => {
  s = await startServer();
  c = await loginAll(s.url);
  hoaMuc = await unitByName(c.admin, 'Xã Hoà Mục');
  naPau = await unitByName(c.admin, 'Thôn Nà Pầu');
  team = (await c.admin.ok(`/api/v1/units/${hoaMuc.id}/teams`)).items.find((t) => t.unit_id === hoaMuc.id);
  members = (await c.admin.ok(`/api/v1/teams/${team.id}/members`)).items;
});
after(async () => { await s?.stop(); });

const TEAM_BODY = () => ({ unit_id: hoaMuc.id, name: 'Tổ thử', active_from: '2022-05-01' });

/** POST /api/v1/teams with a bad body must fail and leave everything as it was. */
async function failsUnchanged(fn) {
  const before = await c.admin.ok(`/api/v1/units/${hoaMuc.id}/teams`);
  const r = await unchanged(s.db, fn);
  const after = await c.admin.ok(`/api/v1/units/${hoaMuc.id}/teams`);
  assert.deepEqual(after, before, 'the unit\'s teams are unchanged');
  return r;
}

test('malformed JSON → 400 bad_json', async () => {
  const r = await failsUnchanged(() => c.admin.post('/api/v1/teams', '{"unit_id": 1, "name": "x",', { headers: { 'Content-Type': 'application/json' } }));
  assertProblem(r, 400, 'bad_json');
  const r2 = await failsUnchanged(() => c.admin.patch(`/api/v1/teams/${team.id}`, 'name=x', { headers: { 'Content-Type': 'application/json' } }));
  assertProblem(r2, 400, 'bad_json');
  const r3 = await failsUnchanged(() => c.admin.post('/api/v1/teams', '', { headers: { 'Content-Type': 'application/json' } }));
  assertProblem(r3, 400, 'bad_json', { msg: 'empty body' });
});

test('a JSON array / scalar body → 400 bad_json', async () => {
  const r = await failsUnchanged(() => c.admin.post('/api/v1/teams', JSON.stringify([TEAM_BODY()]), { headers: { 'Content-Type': 'application/json' } }));
  assertProblem(r, 400, 'bad_json');
  for (const b of ['"x"', '42', 'null', 'true']) {
    const x = await failsUnchanged(() => c.admin.post('/api/v1/teams', b, { headers: { 'Content-Type': 'application/json' } }));
    assertProblem(x, 400, 'bad_json', { msg: b });
  }
});

test('unknown field → 422 validation_failed, errors[].code unknown_field', async () => {
  const r = await failsUnchanged(() => c.admin.post('/api/v1/teams', { ...TEAM_BODY(), colour: 'đỏ' }));
  assertProblem(r, 422, 'validation_failed', { fieldCodes: { colour: 'unknown_field' } });
  const p = await failsUnchanged(() => c.admin.patch(`/api/v1/teams/${team.id}`, { name: 'Đổi tên', unit_id: naPau.id }));
  assert.equal(p.status, 422, `unit_id may not be changed: ${p.text}`);
  assertProblem(p, 422, 'validation_failed', { fields: ['unit_id'] });
  assert.equal((await c.admin.ok(`/api/v1/teams/${team.id}`)).name, team.name);
  const m = await unchanged(s.db, () => c.admin.patch(`/api/v1/members/${members[0].id}`, { nickname: 'x' }));
  assertProblem(m, 422, 'validation_failed', { fieldCodes: { nickname: 'unknown_field' } });
  const l = await unchanged(s.db, () => raw(s.url, 'POST', '/api/v1/session', { body: { login: 'admin', password: 'demo1234', stay: true } }));
  assertProblem(l, 422, 'validation_failed', { fieldCodes: { stay: 'unknown_field' } });
});

test('wrong types → 422 invalid_type', async () => {
  const r = await failsUnchanged(() => c.admin.post('/api/v1/teams', { unit_id: String(hoaMuc.id), name: 7, active_from: 20220501, zalo_members: '35' }));
  assertProblem(r, 422, 'validation_failed', {
    fieldCodes: { unit_id: 'invalid_type', name: 'invalid_type', active_from: 'invalid_type', zalo_members: 'invalid_type' },
  });
  const m = await unchanged(s.db, () => c.admin.post(`/api/v1/teams/${team.id}/members`, {
    full_name: ['An'], phone: 912345678, role: 'thanh_vien', affiliation: 'khac', joined_on: '2022-05-01',
  }));
  assertProblem(m, 422, 'validation_failed', { fieldCodes: { full_name: 'invalid_type', phone: 'invalid_type' } });
  const u = await unchanged(s.db, () => c.admin.patch(`/api/v1/users/${c.xem.user.id}`, { active: 'no' }));
  assertProblem(u, 422, 'validation_failed', { fieldCodes: { active: 'invalid_type' } });
});

test('missing required fields → 422 missing_field', async () => {
  const r = await failsUnchanged(() => c.admin.post('/api/v1/teams', {}));
  assertProblem(r, 422, 'validation_failed', { fieldCodes: { unit_id: 'missing_field', name: 'missing_field', active_from: 'missing_field' } });
  const m = await unchanged(s.db, () => c.admin.post(`/api/v1/teams/${team.id}/members`, { role: 'thanh_vien' }));
  assertProblem(m, 422, 'validation_failed', { fieldCodes: { full_name: 'missing_field', phone: 'missing_field', joined_on: 'missing_field' } });
  const v = await unchanged(s.db, () => c.admin.post(`/api/v1/units/${hoaMuc.id}/villages`, { type: 'thon' }));
  assertProblem(v, 422, 'validation_failed', { fieldCodes: { name: 'missing_field' } });
  const u = await unchanged(s.db, () => c.admin.post('/api/v1/users', { login: 'abc' }));
  assertProblem(u, 422, 'validation_failed', { fields: ['password', 'full_name', 'role'] });
  const l = await raw(s.url, 'POST', '/api/v1/session', { body: { login: 'admin' } });
  assertProblem(l, 422, 'validation_failed', { fieldCodes: { password: 'missing_field' } });
});

test('impossible date 2022-02-30 → 422 invalid_date on the field', async () => {
  const r = await failsUnchanged(() => c.admin.post('/api/v1/teams', { ...TEAM_BODY(), active_from: '2022-02-30' }));
  // docs/api.md shows both a top-level code "invalid_date" (example) and "validation_failed" (table).
  assertProblem(r, 422, ['validation_failed', 'invalid_date'], { fieldCodes: { active_from: 'invalid_date' } });
  assert.match(r.json.detail, /active_from/);
  for (const bad of ['2022-2-3', '30/02/2022', '2022-13-01', '2021-02-29', '2022-04-31', 'hôm nay']) {
    const x = await failsUnchanged(() => c.admin.patch(`/api/v1/teams/${team.id}`, { decision_date: bad }));
    assertProblem(x, 422, ['validation_failed', 'invalid_date'], { fieldCodes: { decision_date: 'invalid_date' }, msg: bad });
  }
  const m = await unchanged(s.db, () => c.admin.patch(`/api/v1/members/${members[0].id}`, { joined_on: '2022-02-30' }));
  assertProblem(m, 422, ['validation_failed', 'invalid_date'], { fieldCodes: { joined_on: 'invalid_date' } });
  const leap = await c.admin.patch(`/api/v1/teams/${team.id}`, { active_to: '2024-02-29' });
  assert.equal(leap.status, 200, `29/02/2024 exists: ${leap.text}`);
  assert.equal(leap.json.active_to, '2024-02-29');
  assert.equal((await c.admin.patch(`/api/v1/teams/${team.id}`, { active_to: team.active_to })).status, 200);
});

test('active_to before active_from → 422 on active_to', async () => {
  const r = await failsUnchanged(() => c.admin.post('/api/v1/teams', { ...TEAM_BODY(), active_from: '2022-05-01', active_to: '2022-04-30' }));
  assertProblem(r, 422, 'validation_failed', { fields: ['active_to'] });
  const p = await failsUnchanged(() => c.admin.patch(`/api/v1/teams/${team.id}`, { active_to: '2020-01-01' }));
  assertProblem(p, 422, 'validation_failed', { fields: ['active_to'] });
  const q = await failsUnchanged(() => c.admin.patch(`/api/v1/teams/${team.id}`, { active_from: '2030-01-01', active_to: '2029-12-31' }));
  assertProblem(q, 422, 'validation_failed', { fields: ['active_to'] });
});

test('other invalid values → 422 (too_long, invalid_value)', async () => {
  const long = await failsUnchanged(() => c.admin.post('/api/v1/teams', { ...TEAM_BODY(), name: 'x'.repeat(201) }));
  assertProblem(long, 422, 'validation_failed', { fieldCodes: { name: 'too_long' } });
  const notes = await failsUnchanged(() => c.admin.patch(`/api/v1/teams/${team.id}`, { notes: 'ạ'.repeat(2001) }));
  assertProblem(notes, 422, 'validation_failed', { fieldCodes: { notes: 'too_long' } });
  const zalo = await failsUnchanged(() => c.admin.patch(`/api/v1/teams/${team.id}`, { zalo_link: 'javascript:alert(1)' }));
  assertProblem(zalo, 422, 'validation_failed', { fieldCodes: { zalo_link: 'invalid_value' } });
  const zm = await failsUnchanged(() => c.admin.patch(`/api/v1/teams/${team.id}`, { zalo_members: 100001 }));
  assertProblem(zm, 422, 'validation_failed', { fieldCodes: { zalo_members: 'invalid_value' } });
  const neg = await failsUnchanged(() => c.admin.patch(`/api/v1/teams/${team.id}`, { zalo_members: -1 }));
  assertProblem(neg, 422, 'validation_failed', { fieldCodes: { zalo_members: 'invalid_value' } });
  const empty = await failsUnchanged(() => c.admin.patch(`/api/v1/teams/${team.id}`, { name: '' }));
  assertProblem(empty, 422, 'validation_failed', { fields: ['name'] });
  const district = await unitByName(c.admin, 'Huyện Chợ Mới');
  const prov = await failsUnchanged(() => c.admin.post('/api/v1/teams', { ...TEAM_BODY(), unit_id: district.id }));
  assertProblem(prov, 422, 'validation_failed', { fields: ['unit_id'], msg: 'a team sits on a commune or a village' });
  const phone = await unchanged(s.db, () => c.admin.post(`/api/v1/teams/${team.id}/members`, {
    full_name: 'Hà Thị Mai', phone: '12345', role: 'thanh_vien', affiliation: 'khac', joined_on: '2022-05-01',
  }));
  assertProblem(phone, 422, 'validation_failed', { fieldCodes: { phone: 'invalid_value' } });
  const role = await unchanged(s.db, () => c.admin.patch(`/api/v1/members/${members[0].id}`, { role: 'chu_tich' }));
  assertProblem(role, 422, 'validation_failed', { fieldCodes: { role: 'invalid_value' } });
  const aff = await unchanged(s.db, () => c.admin.patch(`/api/v1/members/${members[0].id}`, { affiliation: 'mafia' }));
  assertProblem(aff, 422, 'validation_failed', { fieldCodes: { affiliation: 'invalid_value' } });
  const vt = await unchanged(s.db, () => c.admin.post(`/api/v1/units/${hoaMuc.id}/villages`, { name: 'Thôn X', type: 'xa' }));
  assertProblem(vt, 422, 'validation_failed', { fieldCodes: { type: 'invalid_value' } });
  const pw = await unchanged(s.db, () => c.admin.post('/api/v1/users', {
    login: 'ngan', password: 'short', full_name: 'Mật khẩu ngắn', phone: freshPhone(), role: 'viewer', unit_id: hoaMuc.id,
  }));
  assertProblem(pw, 422, 'validation_failed', { fields: ['password'] });
  const ur = await unchanged(s.db, () => c.admin.post('/api/v1/users', {
    login: 'vaitro', password: 'đồi-chè-xanh-2022', full_name: 'Vai trò lạ', phone: freshPhone(), role: 'king', unit_id: hoaMuc.id,
  }));
  assertProblem(ur, 422, 'validation_failed', { fieldCodes: { role: 'invalid_value' } });
});

test('villages only under a commune', async () => {
  const r = await unchanged(s.db, () => c.admin.post(`/api/v1/units/${naPau.id}/villages`, { name: 'Xóm con', type: 'xom' }));
  assert.ok([404, 422].includes(r.status), r.text);
  assertProblem(r, r.status, r.status === 404 ? 'not_found' : 'validation_failed');
});

test('body over 64 KiB → 413 payload_too_large', async () => {
  const big = JSON.stringify({ ...TEAM_BODY(), notes: 'a'.repeat(66 * 1024) });
  const r = await failsUnchanged(() => c.admin.post('/api/v1/teams', Buffer.from(big), { headers: { 'Content-Type': 'application/json' } }));
  assertProblem(r, 413, 'payload_too_large');
  // Exactly at the limit is not "over" it: it may fail validation, but not with 413.
  const pad = 64 * 1024 - Buffer.byteLength(JSON.stringify({ ...TEAM_BODY(), notes: '' }));
  const edge = JSON.stringify({ ...TEAM_BODY(), notes: 'a'.repeat(pad) });
  assert.equal(Buffer.byteLength(edge), 64 * 1024);
  const e = await failsUnchanged(() => c.admin.post('/api/v1/teams', edge, { headers: { 'Content-Type': 'application/json' } }));
  assertProblem(e, 422, 'validation_failed', { fieldCodes: { notes: 'too_long' } });
  // The server still works afterwards.
  assert.equal((await c.admin.get('/api/v1/session')).status, 200);
});

/** Sends bytes on a socket of its own and reads the answer to its end. */
function sendRaw(bytes) {
  return new Promise((ok, fail) => {
    const u = new URL(s.url);
    const sock = net.connect(Number(u.port), u.hostname, () => sock.end(bytes));
    const chunks = [];
    sock.on('data', (d) => chunks.push(d));
    sock.on('error', (e) => (chunks.length ? ok(Buffer.concat(chunks).toString('utf8')) : fail(e)));
    sock.on('close', () => ok(Buffer.concat(chunks).toString('utf8')));
  });
}

test('a URL over 8 KiB → 414, headers over 16 KiB → 431, malformed HTTP → 400: answered, not dropped', async () => {
  for (const size of [20 * 1024, 1024 * 1024]) {
    const url = await sendRaw(`GET /api/v1/units?q=${'a'.repeat(size)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    assert.match(url, /^HTTP\/1\.1 414 /, `a ${size}-byte URL: ${url.slice(0, 80)}`);
    assert.match(url, /"code":"uri_too_long"/);
    const head = await sendRaw(`GET /api/v1/meta HTTP/1.1\r\nHost: x\r\nX-Pad: ${'b'.repeat(size)}\r\n\r\n`);
    assert.match(head, /^HTTP\/1\.1 431 /, `a ${size}-byte header: ${head.slice(0, 80)}`);
    assert.match(head, /"code":"headers_too_large"/);
  }
  // Under the limits, a long query is fine.
  assert.equal((await c.admin.get(`/api/v1/meta?pad=${'a'.repeat(7000)}`)).status, 200);
  const bad = await sendRaw('GET /api/v1/meta HTTP/9.9\r\nHost: x\r\n\r\n');
  assert.match(bad, /^HTTP\/1\.1 400 /, bad.slice(0, 80));
  assert.equal((await raw(s.url, 'GET', '/healthz')).status, 200, 'still serving');
});

test('invalid UTF-8 body → 400 invalid_utf8; invalid UTF-8 query → 400 invalid_utf8', async () => {
  const body = Buffer.concat([Buffer.from('{"unit_id":' + hoaMuc.id + ',"name":"T'), Buffer.from([0xff, 0xfe]), Buffer.from('","active_from":"2022-05-01"}')]);
  const r = await failsUnchanged(() => c.admin.post('/api/v1/teams', body, { headers: { 'Content-Type': 'application/json' } }));
  assertProblem(r, 400, 'invalid_utf8');
  // Overlong encoding of '/' and a lone surrogate (CESU) are not UTF-8 either.
  for (const bytes of [[0xc0, 0xaf], [0xed, 0xa0, 0x80]]) {
    const b = Buffer.concat([Buffer.from('{"name":"'), Buffer.from(bytes), Buffer.from('"}')]);
    const x = await failsUnchanged(() => c.admin.patch(`/api/v1/teams/${team.id}`, b, { headers: { 'Content-Type': 'application/json' } }));
    assertProblem(x, 400, 'invalid_utf8', { msg: bytes.join(',') });
  }
  const q = await c.admin.get('/api/v1/units?q=%C3%28');
  assertProblem(q, 400, 'invalid_utf8');
});

test('wrong content-type → 415 unsupported_media_type', async () => {
  const body = JSON.stringify(TEAM_BODY());
  for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
    const r = await failsUnchanged(() => c.admin.post('/api/v1/teams', body, { headers: { 'Content-Type': ct } }));
    assertProblem(r, 415, 'unsupported_media_type', { msg: ct });
  }
  const none = await failsUnchanged(() => c.admin.post('/api/v1/teams', body));
  assertProblem(none, 415, 'unsupported_media_type', { msg: 'no content-type' });
  const ok = await c.admin.post('/api/v1/teams', body, { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
  assert.equal(ok.status, 201, `charset parameter is fine: ${ok.text}`);
  assert.equal((await c.admin.del(`/api/v1/teams/${ok.json.id}`)).status, 204);
});

test('bad query parameters → 400 bad_query', async () => {
  const cases = [
    `/api/v1/units/${hoaMuc.id}/children?date=2022-02-30`,
    `/api/v1/units/${hoaMuc.id}?date=yesterday`,
    `/api/v1/units/${hoaMuc.id}/coverage?date=04/05/2022`,
    `/api/v1/units/${hoaMuc.id}/teams?date=2022-5-4`,
    '/api/v1/units?code=02098&date=20220504',
    '/api/v1/units?q=hoa&limit=0',
    '/api/v1/units?q=hoa&limit=101',
    '/api/v1/units?q=hoa&limit=abc',
    // 1/0 flags: anything else is refused, not read as 0 (Ctx::flag).
    '/api/v1/notifications?unread=yes',
    '/api/v1/notifications?unread=true',
    `/api/v1/units/${hoaMuc.id}/plans?below=2`,
    `/api/v1/units/${hoaMuc.id}/plans?below=`,
  ];
  for (const p of cases) {
    const r = await c.admin.get(p);
    assertProblem(r, 400, 'bad_query', { msg: p });
  }
  const ok = await c.admin.ok(`/api/v1/units?q=hoa&limit=100&date=${DEMO_DATE}`);
  assert.ok(Array.isArray(ok.items));
});

test('non-numeric or unknown id → 404 not_found', async () => {
  const ref = await c.admin.get('/api/v1/teams/999999');
  assertProblem(ref, 404, 'not_found');
  for (const p of ['/api/v1/teams/abc', '/api/v1/teams/7abc', '/api/v1/teams/-1', '/api/v1/teams/1.5', '/api/v1/units/x/children',
    '/api/v1/members/%20', '/api/v1/users/0x10', '/api/v1/units/99999999999999999999999']) {
    const r = await c.admin.get(p);
    assertProblem(r, 404, 'not_found', { msg: p });
  }
  const d = await unchanged(s.db, () => c.admin.del('/api/v1/teams/abc'));
  assertProblem(d, 404, 'not_found');
});

test('unknown route → 404, wrong method → 405', async () => {
  for (const p of ['/api/v1/nothing', '/api/v2/units', '/api/v1/units/1/parents', '/api/v1/teams/1/members/2']) {
    const r = await c.admin.get(p);
    assertProblem(r, 404, 'not_found', { msg: p });
  }
  const cases = [['PUT', `/api/v1/teams/${team.id}`], ['POST', `/api/v1/teams/${team.id}`], ['DELETE', '/api/v1/units'],
    ['PATCH', '/api/v1/session'], ['POST', '/healthz'], ['DELETE', `/api/v1/units/${hoaMuc.id}/coverage`], ['PATCH', '/api/v1/users']];
  for (const [m, p] of cases) {
    const r = await unchanged(s.db, () => c.admin.request(m, p, m === 'DELETE' ? undefined : {}));
    assertProblem(r, 405, 'method_not_allowed', { msg: `${m} ${p}` });
  }
});

test('missing or bad session → 401 unauthenticated on every protected route', async () => {
  const anon = new Client(s.url);
  for (const p of ['/api/v1/session', '/api/v1/meta', '/api/v1/units', `/api/v1/units/${hoaMuc.id}`, `/api/v1/teams/${team.id}`,
    `/api/v1/teams/${team.id}/members`, `/api/v1/members/${members[0].id}`, '/api/v1/users', `/api/v1/users/${c.xem.user.id}`]) {
    assertProblem(await anon.get(p), 401, 'unauthenticated', { msg: p });
  }
  const w = await unchanged(s.db, () => anon.post('/api/v1/teams', TEAM_BODY()));
  assertProblem(w, 401, 'unauthenticated');
  const forged = await unchanged(s.db, () => raw(s.url, 'DELETE', `/api/v1/teams/${team.id}`, { headers: { Cookie: 'langso_session=' + 'a'.repeat(64), 'X-CSRF-Token': c.admin.csrf } }));
  assertProblem(forged, 401, 'unauthenticated');
});

test('missing or wrong CSRF token → 403 csrf_failed', async () => {
  const n = await failsUnchanged(() => c.admin.post('/api/v1/teams', TEAM_BODY(), { csrf: false }));
  assertProblem(n, 403, 'csrf_failed');
  const w = await failsUnchanged(() => c.admin.patch(`/api/v1/teams/${team.id}`, { name: 'Bị giả mạo' }, { headers: { 'X-CSRF-Token': 'x'.repeat(64) } }));
  assertProblem(w, 403, 'csrf_failed');
  // Another session's token does not fit this session.
  const o = await failsUnchanged(() => c.admin.del(`/api/v1/teams/${team.id}`, { headers: { 'X-CSRF-Token': c.hoamuc.csrf } }));
  assertProblem(o, 403, 'csrf_failed');
  const m = await unchanged(s.db, () => c.admin.del(`/api/v1/members/${members[0].id}`, { csrf: false }));
  assertProblem(m, 403, 'csrf_failed');
  const u = await unchanged(s.db, () => c.admin.post('/api/v1/users', { login: 'x1', password: 'đồi-chè-xanh-2022', full_name: 'X', phone: freshPhone(), role: 'viewer', unit_id: hoaMuc.id }, { csrf: false }));
  assertProblem(u, 403, 'csrf_failed');
  const logout = await c.xem.del('/api/v1/session', { csrf: false });
  assertProblem(logout, 403, 'csrf_failed', { msg: 'log-out is state-changing too' });
  assert.equal((await c.xem.get('/api/v1/session')).status, 200, 'still logged in');
});

test('a foreign Origin header → 403 csrf_failed, even with the right token', async () => {
  const r = await failsUnchanged(() => c.admin.post('/api/v1/teams', TEAM_BODY(), { headers: { Origin: 'https://evil.example' } }));
  assertProblem(r, 403, 'csrf_failed');
  const p = await failsUnchanged(() => c.admin.patch(`/api/v1/teams/${team.id}`, { name: 'X' }, { headers: { Origin: 'http://127.0.0.1.evil.example' } }));
  assertProblem(p, 403, 'csrf_failed');
  const d = await failsUnchanged(() => c.admin.del(`/api/v1/teams/${team.id}`, { headers: { Origin: 'null' } }));
  assertProblem(d, 403, 'csrf_failed', { msg: 'Origin: null' });
  const port = await failsUnchanged(() => c.admin.del(`/api/v1/teams/${team.id}`, { headers: { Origin: 'http://127.0.0.1:1' } }));
  assertProblem(port, 403, 'csrf_failed', { msg: 'another port is another origin' });
  const login = await raw(s.url, 'POST', '/api/v1/session', { body: { login: 'admin', password: 'demo1234' }, headers: { Origin: 'https://evil.example' } });
  assertProblem(login, 403, 'csrf_failed', { msg: 'log-in from a foreign page' });
  // Our own origin is fine.
  const ok = await c.admin.patch(`/api/v1/teams/${team.id}`, { notes: team.notes }, { headers: { Origin: s.url } });
  assert.equal(ok.status, 200, ok.text);
});

test('a write without an Origin, or from this host with another scheme → 403 csrf_failed', async () => {
  const none = await failsUnchanged(() => c.admin.post('/api/v1/teams', TEAM_BODY(), { headers: { Origin: null } }));
  assertProblem(none, 403, 'csrf_failed', { msg: 'no Origin' });
  assert.match(none.json.detail, /Origin/);
  const https = await failsUnchanged(() => c.admin.post('/api/v1/teams', TEAM_BODY(), { headers: { Origin: s.url.replace('http:', 'https:') } }));
  assertProblem(https, 403, 'csrf_failed', { msg: 'https is another origin (no trusted proxy says so)' });
  const login = await raw(s.url, 'POST', '/api/v1/session', { body: { login: 'admin', password: 'demo1234' }, headers: { Origin: null } });
  assertProblem(login, 403, 'csrf_failed', { msg: 'log-in without an Origin' });
});

test('a body nested 100,000 levels deep → 400 bad_json, and the server stays up', async () => {
  const deep = '{"items":' + '['.repeat(100000) + ']'.repeat(100000) + '}';
  const r = await c.admin.post('/api/v1/activities/batch', deep, { headers: { 'Content-Type': 'application/json' } });
  assertProblem(r, 400, 'bad_json');
  assert.match(r.json.detail, /lồng nhau/);
  // Brackets inside strings are text, not nesting.
  const text = await c.admin.post('/api/v1/teams', { ...TEAM_BODY(), name: 'Tổ ngoặc vuông', notes: '[{'.repeat(500) });
  assert.equal(text.status, 201, `a note of brackets is text, not nesting: ${text.text}`);
  assert.equal((await c.admin.del(`/api/v1/teams/${text.json.id}`)).status, 204);
  assert.equal((await raw(s.url, 'GET', '/healthz')).status, 200, 'still serving');
});

test('a number beyond a double (1e400) → 400 bad_json, before log-in too, and the server stays up', async () => {
  for (const body of ['{"login":"x","password":1e999}', '{"login":"x","password":-1e400}', '{"login":1e309,"password":"x"}']) {
    const r = await raw(s.url, 'POST', '/api/v1/session', { body, headers: { 'Content-Type': 'application/json' } });
    assertProblem(r, 400, 'bad_json', { msg: body });
  }
  const r = await failsUnchanged(() => c.admin.post('/api/v1/teams', '{"unit_id":1e400,"name":"x","active_from":"2022-05-01"}', { headers: { 'Content-Type': 'application/json' } }));
  assertProblem(r, 400, 'bad_json');
  assert.equal((await raw(s.url, 'GET', '/healthz')).status, 200, 'still serving');
  assert.equal(s.proc.exitCode, null, 'the process is alive');
});

test('viewer and team member may not write → 403 forbidden', async () => {
  for (const who of ['xem', 'thanhvien']) {
    const u = c[who];
    const own = (await u.ok(`/api/v1/units/${naPau.id}/teams`)).items[0];
    const mem = (await u.ok(`/api/v1/teams/${own.id}/members`)).items[0];
    const reqs = [
      () => u.post('/api/v1/teams', { unit_id: naPau.id, name: 'Tổ mới', active_from: '2022-05-01' }),
      () => u.patch(`/api/v1/teams/${own.id}`, { name: 'Đổi' }),
      () => u.del(`/api/v1/teams/${own.id}`),
      () => u.post(`/api/v1/teams/${own.id}/members`, { full_name: 'Hà Văn Em', phone: freshPhone(), role: 'thanh_vien', affiliation: 'khac', joined_on: '2022-05-01' }),
      () => u.patch(`/api/v1/members/${mem.id}`, { role: 'to_pho' }),
      () => u.del(`/api/v1/members/${mem.id}`),
      () => u.post(`/api/v1/units/${naPau.id}/villages`, { name: 'Thôn Mới', type: 'thon' }),
      () => u.post('/api/v1/users', { login: 'x' + who, password: 'đồi-chè-xanh-2022', full_name: 'X', phone: freshPhone(), role: 'viewer', unit_id: naPau.id }),
    ];
    if (who === 'xem') reqs.push(() => u.post(`/api/v1/units/${hoaMuc.id}/villages`, { name: 'Thôn Mới', type: 'thon' }));
    for (const [i, f] of reqs.entries()) {
      const r = await unchanged(s.db, f);
      assertProblem(r, 403, 'forbidden', { msg: `${who} #${i}` });
    }
    const list = await u.get('/api/v1/users');
    assertProblem(list, 403, 'forbidden', { msg: `${who} lists users` });
  }
});

test('duplicate member phone in the same team → 409 conflict', async () => {
  const m = members[0];
  const r = await unchanged(s.db, () => c.admin.post(`/api/v1/teams/${team.id}/members`, {
    full_name: 'Người trùng', phone: m.phone, role: 'thanh_vien', affiliation: 'khac', joined_on: '2022-06-01',
  }));
  assertProblem(r, 409, 'conflict');
  assert.equal((await c.admin.ok(`/api/v1/teams/${team.id}`)).member_count, members.length);
  // The same number written as +84… is the same person.
  const intl = await unchanged(s.db, () => c.admin.post(`/api/v1/teams/${team.id}/members`, {
    full_name: 'Người trùng', phone: '+84' + m.phone.slice(1), role: 'thanh_vien', affiliation: 'khac', joined_on: '2022-06-01',
  }));
  assertProblem(intl, 409, 'conflict', { msg: '+84 form of the same number' });
  // PATCH another member onto an existing phone of the same team.
  const p = await unchanged(s.db, () => c.admin.patch(`/api/v1/members/${members[1].id}`, { phone: m.phone }));
  assertProblem(p, 409, 'conflict', { msg: 'PATCH phone onto a team-mate' });
});

test('duplicate login → 409 conflict', async () => {
  const r = await unchanged(s.db, () => c.admin.post('/api/v1/users', {
    login: 'hoamuc', password: 'đồi-chè-xanh-2022', full_name: 'Trùng tên', phone: freshPhone(), role: 'viewer', unit_id: hoaMuc.id,
  }));
  assertProblem(r, 409, 'conflict');
  const ci = await unchanged(s.db, () => c.admin.post('/api/v1/users', {
    login: 'HoaMuc', password: 'đồi-chè-xanh-2022', full_name: 'Trùng tên', phone: freshPhone(), role: 'viewer', unit_id: hoaMuc.id,
  }));
  assert.ok(ci.status === 409 || ci.status === 422, `a login differing only in case is refused: ${ci.status} ${ci.text}`);
  const ph = await unchanged(s.db, () => c.admin.post('/api/v1/users', {
    login: 'trungso', password: 'đồi-chè-xanh-2022', full_name: 'Trùng số', phone: c.hoamuc.user.phone, role: 'viewer', unit_id: hoaMuc.id,
  }));
  assertProblem(ph, 409, 'conflict', { msg: 'duplicate user phone (phones are log-ins)' });
});

test('officers may not grant admin or exceed their own role → 403 forbidden', async () => {
  const bodies = [
    [c.backan, { login: 'gia.admin', role: 'admin', unit_id: (await unitByName(c.admin, 'Tỉnh Bắc Kạn')).id }],
    [c.chomoi, { login: 'gia.tinh', role: 'province_officer', unit_id: (await unitByName(c.admin, 'Huyện Chợ Mới')).id }],
    [c.hoamuc, { login: 'gia.huyen', role: 'district_officer', unit_id: hoaMuc.id }],
    [c.hoamuc, { login: 'gia.admin2', role: 'admin', unit_id: hoaMuc.id }],
  ];
  for (const [u, b] of bodies) {
    const r = await unchanged(s.db, () => u.post('/api/v1/users', { password: 'đồi-chè-xanh-2022', full_name: 'Leo thang', phone: freshPhone(), ...b }));
    assertProblem(r, 403, 'forbidden', { msg: `${u.user.login} → ${b.role}` });
  }
  // PATCH a user in scope up to admin, or oneself up.
  const p = await unchanged(s.db, () => c.chomoi.patch(`/api/v1/users/${c.thanhvien.user.id}`, { role: 'admin' }));
  assertProblem(p, 403, 'forbidden', { msg: 'PATCH role admin' });
  const self = await unchanged(s.db, () => c.hoamuc.patch(`/api/v1/users/${c.hoamuc.user.id}`, { role: 'province_officer' }));
  assertProblem(self, 403, 'forbidden', { msg: 'PATCH oneself up' });
  assert.equal(sqlCount(s.db, "SELECT count(*) FROM users WHERE role='admin'"), 1);
});

test('self-check: unchanged() notices a real change (so the checks above mean something)', async () => {
  await assert.rejects(
    unchanged(s.db, () => c.admin.patch(`/api/v1/teams/${team.id}`, { notes: 'đổi để kiểm tra' })),
    /the database changed/,
  );
  assert.equal((await c.admin.patch(`/api/v1/teams/${team.id}`, { notes: team.notes })).status, 200);
});
