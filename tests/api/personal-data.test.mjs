// Personal data: phones hidden from viewers, reads journalled, nothing personal in the access log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, raw, loginAll, unitByName, sql, sqlCount, freshPhone } from './lib.mjs';

let s; let c; let hoaMuc; let naPau; let team; let villageTeam;
const SECRET = 'Mat-khau-rat-bi-mat-9137';

before(async () => {
  s = await startServer();
  c = await loginAll(s.url);
  hoaMuc = await unitByName(c.admin, 'Xã Hoà Mục');
  naPau = await unitByName(c.admin, 'Thôn Nà Pầu');
  const teams = (await c.admin.ok(`/api/v1/units/${hoaMuc.id}/teams`)).items;
  team = teams.find((t) => t.unit_id === hoaMuc.id);
  villageTeam = teams.find((t) => t.unit_id === naPau.id);
});
after(async () => { await s?.stop(); });

const journal = (userId) => sql(s.db, `SELECT entity, entity_id, records FROM personal_data_access WHERE user_id=${userId} ORDER BY id`)
  .trim().split('\n').filter(Boolean).map((l) => { const [entity, id, n] = l.split('|'); return { entity, entity_id: Number(id), records: Number(n) }; });

test('a viewer gets members without phone; officers and team members get the phone', async () => {
  const v = await c.xem.ok(`/api/v1/teams/${team.id}/members`);
  assert.equal(v.items.length, 3);
  for (const m of v.items) {
    assert.ok(!('phone' in m), `viewer sees no phone: ${JSON.stringify(m)}`);
    assert.ok(m.full_name && m.role_name, 'the rest is there');
  }
  const one = await c.xem.ok(`/api/v1/members/${v.items[0].id}`);
  assert.ok(!('phone' in one), `viewer sees no phone on GET /members/{id}: ${JSON.stringify(one)}`);
  const vr = await c.xem.get(`/api/v1/teams/${team.id}/members`);
  assert.doesNotMatch(vr.text, /0\d{9}|\+84\d{9}/, 'no phone-like number anywhere in the viewer\'s answer');

  for (const who of ['hoamuc', 'chomoi', 'backan', 'admin']) {
    const o = await c[who].ok(`/api/v1/teams/${team.id}/members`);
    for (const m of o.items) assert.match(m.phone, /^0\d{9}$/, `${who} sees phones`);
    assert.match((await c[who].ok(`/api/v1/members/${o.items[0].id}`)).phone, /^0\d{9}$/);
  }
  const tm = await c.thanhvien.ok(`/api/v1/teams/${villageTeam.id}/members`);
  for (const m of tm.items) assert.match(m.phone, /^0\d{9}$/, 'team members see phones');
});

test('a viewer\'s user list / user reads are refused or carry no member phones', async () => {
  const ids = (await c.admin.ok(`/api/v1/teams/${team.id}/members`)).items.map((m) => m.phone);
  for (const p of [`/api/v1/teams/${team.id}`, `/api/v1/units/${hoaMuc.id}/teams`]) {
    const r = await c.xem.get(p);
    assert.equal(r.status, 200);
    for (const ph of ids) assert.ok(!r.text.includes(ph), `${p} leaks ${ph}`);
  }
});

test('each officer read of members adds a row to personal_data_access', async () => {
  for (const who of ['hoamuc', 'chomoi', 'admin']) {
    const cl = c[who];
    const before = journal(cl.user.id);
    const list = await cl.ok(`/api/v1/teams/${team.id}/members`);
    const afterList = journal(cl.user.id);
    assert.equal(afterList.length, before.length + 1, `${who}: one row for the list`);
    const row = afterList[afterList.length - 1];
    assert.equal(row.entity_id, team.id, `${who}: the row names the team: ${JSON.stringify(row)}`);
    assert.equal(row.records, list.items.length, `${who}: the row counts the records read`);
    await cl.ok(`/api/v1/members/${list.items[0].id}`);
    const afterOne = journal(cl.user.id);
    assert.equal(afterOne.length, afterList.length + 1, `${who}: one row for GET /members/{id}`);
    const r1 = afterOne[afterOne.length - 1];
    assert.equal(r1.records, 1);
    assert.ok([list.items[0].id, list.items[0].person_id, team.id].includes(r1.entity_id), JSON.stringify(r1));
    // A second read is journalled again.
    await cl.ok(`/api/v1/teams/${team.id}/members`);
    assert.equal(journal(cl.user.id).length, afterOne.length + 1, `${who}: every read counts`);
  }
  // A team member's read shows phones too, so it is journalled.
  const tb = journal(c.thanhvien.user.id).length;
  await c.thanhvien.ok(`/api/v1/teams/${villageTeam.id}/members`);
  assert.equal(journal(c.thanhvien.user.id).length, tb + 1);
  // Rows carry a time.
  const at = sqlCount(s.db, `SELECT max(at) FROM personal_data_access WHERE user_id=${c.admin.user.id}`);
  assert.ok(Math.abs(at - Date.now() / 1000) < 3600, `at=${at} is a Unix time of now`);
});

test('a refused read (out of scope) is not journalled as a read of personal data', async () => {
  const yc = await unitByName(c.admin, 'Xã Yên Cư');
  const other = (await c.admin.ok(`/api/v1/units/${yc.id}/teams`)).items[0];
  const before = journal(c.hoamuc.user.id).length;
  assert.equal((await c.hoamuc.get(`/api/v1/teams/${other.id}/members`)).status, 404);
  assert.equal(journal(c.hoamuc.user.id).length, before);
});

test('the access log: one JSON line per request, with no password, member phone or token', async () => {
  const countLines = () => s.jsonLines().filter((l) => l.msg && typeof l.msg === 'object' && 'method' in l.msg).length;
  const settle = () => new Promise((r) => setTimeout(r, 150));
  // A user with a distinctive password logs in (good and bad attempts).
  const phone = freshPhone();
  const mk = await c.admin.post('/api/v1/users', { login: 'nhatky', password: SECRET, full_name: 'Nhật ký', phone, role: 'commune_officer', unit_id: hoaMuc.id });
  assert.equal(mk.status, 201, mk.text);
  await settle();
  const n0 = countLines();
  let requests = 0;
  const bad = await raw(s.url, 'POST', '/api/v1/session', { body: { login: 'nhatky', password: SECRET + 'x' } }); requests++;
  assert.equal(bad.status, 401);
  const u = await Client.login(s.url, 'nhatky', SECRET); requests++;
  const memberPhone = freshPhone();
  const add = await u.post(`/api/v1/teams/${team.id}/members`, { full_name: 'Lý Thị Nhật', phone: memberPhone, role: 'thanh_vien', affiliation: 'khac', joined_on: '2022-05-01' }); requests++;
  assert.equal(add.status, 201, add.text);
  const list = await u.get(`/api/v1/teams/${team.id}/members`); requests++;
  assert.equal(list.status, 200);
  await u.get(`/api/v1/members/${add.json.id}`); requests++;
  await u.patch(`/api/v1/members/${add.json.id}`, { phone: freshPhone() }); requests++;
  await u.patch(`/api/v1/users/${u.user.id}`, { password: SECRET + '2', current_password: SECRET }); requests++;
  await u.get('/api/v1/nothing-here'); requests++;
  await raw(s.url, 'GET', '/healthz'); requests++;
  await raw(s.url, 'POST', '/api/v1/session', { body: '{"login":"nhatky","password":"' + SECRET, headers: { 'Content-Type': 'application/json' } }); requests++;
  await settle();
  assert.equal(countLines() - n0, requests, 'one access-log line per request');

  const lines = s.stderr().split('\n').filter((l) => l.includes('"method"'));
  for (const l of lines) {
    const j = JSON.parse(l); // each is JSON
    const msg = j.msg;
    assert.equal(typeof msg.method, 'string');
    assert.equal(typeof msg.path, 'string');
    assert.equal(typeof msg.status, 'number');
  }
  const everything = s.stderr();
  const allPhones = new Set();
  for (const t of (await c.admin.ok(`/api/v1/units/${hoaMuc.id}/teams`)).items) {
    for (const m of (await c.admin.ok(`/api/v1/teams/${t.id}/members`)).items) allPhones.add(m.phone);
  }
  allPhones.add(memberPhone);
  for (const ph of allPhones) {
    assert.ok(!everything.includes(ph), `member phone ${ph} in the server log`);
    assert.ok(!everything.includes(ph.slice(1)), `member phone ${ph} (without 0) in the server log`);
  }
  for (const secret of [SECRET, u.csrf, u.cookie.split('=')[1], c.admin.csrf, c.admin.cookie.split('=')[1]]) {
    assert.ok(!everything.includes(secret), `a secret (${secret.slice(0, 6)}…) in the server log`);
  }
  // The log names the requests it saw.
  const last = lines.slice(-requests).map((l) => JSON.parse(l).msg);
  assert.deepEqual(last.map((m) => m.status), [401, 200, 201, 200, 200, 200, 200, 404, 200, 400]);
  assert.equal(last[0].path, '/api/v1/session');
});

test('a query string with a phone number is not logged verbatim', async () => {
  const m = (await c.admin.ok(`/api/v1/teams/${team.id}/members`)).items[0];
  const r = await c.admin.get(`/api/v1/units?q=${m.phone}`);
  assert.equal(r.status, 200);
  await new Promise((ok) => setTimeout(ok, 150));
  assert.ok(!s.stderr().includes(m.phone), 'the phone number in ?q= appears in the access log');
});
