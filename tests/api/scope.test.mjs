// Scope: outside the caller's subtree everything answers 404 exactly as if it did not exist,
// and nothing changes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEMO_DATE, startServer, Client, loginAll, unitByName, assertProblem, unchanged, dbSnapshot, freshPhone,
} from './lib.mjs';

let s; let c;
const NONE = 999999;
// Units, teams, members, users of the demo (looked up as admin).
const u = {}; const t = {}; const m = {}; const users = {};

before(async () => {
  s = await startServer();
  c = await loginAll(s.url);
  for (const name of ['Tỉnh Bắc Kạn', 'Huyện Chợ Mới', 'Huyện Na Rì', 'Xã Hoà Mục', 'Xã Yên Cư', 'Thôn Nà Pầu']) {
    u[name] = await unitByName(c.admin, name);
  }
  u.ycVillages = (await c.admin.ok(`/api/v1/units/${u['Xã Yên Cư'].id}/children?date=${DEMO_DATE}`)).items;
  assert.equal(u.ycVillages.length, 4);
  u.naRiCommunes = (await c.admin.ok(`/api/v1/units/${u['Huyện Na Rì'].id}/children`)).items;
  assert.ok(u.naRiCommunes.length > 0);
  const yc = (await c.admin.ok(`/api/v1/units/${u['Xã Yên Cư'].id}/teams`)).items;
  t.ycCommune = yc.find((x) => x.unit.level === 'commune');
  t.ycVillage = yc.find((x) => x.unit.level === 'village');
  const hm = (await c.admin.ok(`/api/v1/units/${u['Xã Hoà Mục'].id}/teams`)).items;
  t.hmCommune = hm.find((x) => x.unit.level === 'commune');
  t.hmVillage = hm.find((x) => x.unit.level === 'village');
  m.ycCommune = (await c.admin.ok(`/api/v1/teams/${t.ycCommune.id}/members`)).items[0];
  m.ycVillage = (await c.admin.ok(`/api/v1/teams/${t.ycVillage.id}/members`)).items[0];
  m.hmCommune = (await c.admin.ok(`/api/v1/teams/${t.hmCommune.id}/members`)).items[0];
  // A team with a member in another district (Na Rì), made by the admin.
  const nr = await c.admin.post('/api/v1/teams', { unit_id: u.naRiCommunes[0].id, name: 'Tổ CNSCĐ Na Rì', active_from: '2022-06-01' });
  assert.equal(nr.status, 201, nr.text);
  t.naRi = nr.json;
  const nm = await c.admin.post(`/api/v1/teams/${t.naRi.id}/members`, { full_name: 'Hoàng Văn Nam', phone: freshPhone(), role: 'to_truong', affiliation: 'khac', joined_on: '2022-06-01' });
  assert.equal(nm.status, 201, nm.text);
  m.naRi = nm.json;
  // Users scoped elsewhere.
  const all = (await c.admin.ok('/api/v1/users')).items;
  for (const x of all) users[x.login] = x;
  const mk = async (login, role, unit) => {
    const r = await c.admin.post('/api/v1/users', { login, password: 'đồi-chè-xanh-2022', full_name: `Người dùng ${login}`, phone: freshPhone(), role, unit_id: unit.id });
    assert.equal(r.status, 201, r.text);
    users[login] = r.json;
  };
  await mk('yencu', 'commune_officer', u['Xã Yên Cư']);
  await mk('yencu.thon', 'team_member', u.ycVillages[0]);
  await mk('nari', 'district_officer', u['Huyện Na Rì']);
});
after(async () => { await s?.stop(); });

/**
 * The request on the foreign id and on an id that does not exist must both be
 * 404 not_found, with byte-identical bodies, and change nothing.
 */
async function hidden(client, method, path, foreignId, body, label) {
  const snap = dbSnapshot(s.db);
  const a = await client.request(method, path.replace('{id}', String(foreignId)), typeof body === 'function' ? body(foreignId) : body);
  const b = await client.request(method, path.replace('{id}', String(NONE)), typeof body === 'function' ? body(NONE) : body);
  const after = dbSnapshot(s.db);
  const what = `${client.user.login}: ${method} ${path} (${label || foreignId})`;
  // A role that may not write at all (team member, viewer) may be refused before the
  // scope is looked at (403 forbidden) — as long as both answers are the same.
  const readOnly = ['team_member', 'viewer'].includes(client.user.role) && method !== 'GET';
  if (readOnly && a.status === 403) {
    assertProblem(a, 403, 'forbidden', { msg: what });
  } else {
    assertProblem(a, 404, 'not_found', { msg: what });
  }
  assertProblem(b, a.status, a.json?.code, { msg: `${what} with ${NONE}` });
  assert.equal(a.text, b.text, `${what}: the answer differs from the one for an id that does not exist`);
  assert.equal(a.headers['content-type'], b.headers['content-type']);
  assert.equal(a.headers['content-length'], b.headers['content-length']);
  assert.equal(after, snap, `${what}: the database changed`);
}

const VILLAGE = { name: 'Thôn Lạ', type: 'thon' };
const TEAM_PATCH = { name: 'Tổ bị đổi tên', notes: 'x' };
const MEMBER = () => ({ full_name: 'Người Lạ', phone: freshPhone(), role: 'thanh_vien', affiliation: 'khac', joined_on: '2022-05-01' });

async function unitRoutesHidden(client, unit, label) {
  await hidden(client, 'GET', '/api/v1/units/{id}', unit.id, undefined, label);
  await hidden(client, 'GET', `/api/v1/units/{id}?date=${DEMO_DATE}`, unit.id, undefined, label);
  await hidden(client, 'GET', '/api/v1/units/{id}/children', unit.id, undefined, label);
  await hidden(client, 'GET', `/api/v1/units/{id}/children?date=${DEMO_DATE}`, unit.id, undefined, label);
  await hidden(client, 'GET', `/api/v1/units/{id}/coverage?date=${DEMO_DATE}`, unit.id, undefined, label);
  await hidden(client, 'GET', '/api/v1/units/{id}/coverage', unit.id, undefined, label);
  await hidden(client, 'GET', '/api/v1/units/{id}/teams', unit.id, undefined, label);
  await hidden(client, 'GET', `/api/v1/units/{id}/teams?date=${DEMO_DATE}`, unit.id, undefined, label);
  await hidden(client, 'POST', '/api/v1/units/{id}/villages', unit.id, VILLAGE, label);
  await hidden(client, 'POST', '/api/v1/teams', unit.id, (id) => ({ unit_id: id, name: 'Tổ lạ', active_from: '2022-05-01' }), `POST /teams unit_id=${label}`);
  await hidden(client, 'POST', '/api/v1/users', unit.id,
    (id) => ({ login: `la${id}`, password: 'đồi-chè-xanh-2022', full_name: 'Người lạ', phone: '0970000999', role: 'viewer', unit_id: id }), `POST /users unit_id=${label}`);
}

async function teamRoutesHidden(client, team, label) {
  await hidden(client, 'GET', '/api/v1/teams/{id}', team.id, undefined, label);
  await hidden(client, 'PATCH', '/api/v1/teams/{id}', team.id, TEAM_PATCH, label);
  await hidden(client, 'GET', '/api/v1/teams/{id}/members', team.id, undefined, label);
  await hidden(client, 'POST', '/api/v1/teams/{id}/members', team.id, MEMBER(), label);
  await hidden(client, 'DELETE', '/api/v1/teams/{id}', team.id, undefined, label);
}

async function memberRoutesHidden(client, member, label) {
  await hidden(client, 'GET', '/api/v1/members/{id}', member.id, undefined, label);
  await hidden(client, 'PATCH', '/api/v1/members/{id}', member.id, { role: 'to_pho', full_name: 'Tên mới' }, label);
  await hidden(client, 'DELETE', '/api/v1/members/{id}', member.id, undefined, label);
}

async function userRoutesHidden(client, user) {
  await hidden(client, 'GET', '/api/v1/users/{id}', user.id, undefined, user.login);
  await hidden(client, 'PATCH', '/api/v1/users/{id}', user.id, { full_name: 'Bị đổi' }, user.login);
  await hidden(client, 'PATCH', '/api/v1/users/{id}', user.id, { password: 'đồi-chè-xanh-mới-1' }, `${user.login} password`);
  await hidden(client, 'PATCH', '/api/v1/users/{id}', user.id, { active: false }, `${user.login} active`);
  await hidden(client, 'DELETE', '/api/v1/users/{id}', user.id, undefined, user.login);
}

async function searchExcludes(client, names, codes) {
  for (const name of names) {
    for (const q of [name, name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D')]) {
      const r = await client.ok(`/api/v1/units?q=${encodeURIComponent(q)}&limit=100&date=${DEMO_DATE}`);
      assert.ok(!r.items.some((x) => x.name === name), `${client.user.login}: search ${q} must not show ${name}`);
      const r2 = await client.ok(`/api/v1/units?q=${encodeURIComponent(q)}&limit=100`);
      assert.ok(!r2.items.some((x) => x.name === name), `${client.user.login}: search ${q} (today) must not show ${name}`);
    }
  }
  for (const code of codes) {
    const r = await client.ok(`/api/v1/units?code=${encodeURIComponent(code)}&date=${DEMO_DATE}`);
    assert.deepEqual(r.items, [], `${client.user.login}: code ${code} is outside the scope`);
    const r2 = await client.ok(`/api/v1/units?code=${encodeURIComponent(code)}`);
    assert.deepEqual(r2.items, [], `${client.user.login}: code ${code} (today) is outside the scope`);
  }
}

test('commune officer: another commune (Xã Yên Cư) and its villages are invisible through unit routes', async () => {
  await unitRoutesHidden(c.hoamuc, u['Xã Yên Cư'], 'Xã Yên Cư');
  for (const v of u.ycVillages) await unitRoutesHidden(c.hoamuc, v, v.name);
});

test('commune officer: units above the scope (district, province) and other districts are invisible too', async () => {
  await unitRoutesHidden(c.hoamuc, u['Huyện Chợ Mới'], 'Huyện Chợ Mới');
  await unitRoutesHidden(c.hoamuc, u['Tỉnh Bắc Kạn'], 'Tỉnh Bắc Kạn');
  await unitRoutesHidden(c.hoamuc, u.naRiCommunes[0], u.naRiCommunes[0].name);
});

test('commune officer: another commune\'s teams, their members and memberships are invisible', async () => {
  await teamRoutesHidden(c.hoamuc, t.ycCommune, 'team of Xã Yên Cư');
  await teamRoutesHidden(c.hoamuc, t.ycVillage, 'team of a Yên Cư village');
  await teamRoutesHidden(c.hoamuc, t.naRi, 'team in Na Rì');
  await memberRoutesHidden(c.hoamuc, m.ycCommune, 'member in Xã Yên Cư');
  await memberRoutesHidden(c.hoamuc, m.ycVillage, 'member in a Yên Cư village');
  await memberRoutesHidden(c.hoamuc, m.naRi, 'member in Na Rì');
});

test('commune officer: users scoped elsewhere (above or beside) are invisible', async () => {
  for (const login of ['yencu', 'yencu.thon', 'chomoi', 'backan', 'xem', 'admin', 'nari']) await userRoutesHidden(c.hoamuc, users[login]);
  const list = (await c.hoamuc.ok('/api/v1/users')).items.map((x) => x.login).sort();
  assert.deepEqual(list, ['hoamuc', 'thanhvien']);
});

test('commune officer: moving an in-scope user or writing a village team elsewhere is refused like a missing unit', async () => {
  await hidden(c.hoamuc, 'PATCH', `/api/v1/users/${users.thanhvien.id}`, u['Xã Yên Cư'].id, (id) => ({ unit_id: id }), 'move thanhvien to Yên Cư');
  await hidden(c.hoamuc, 'PATCH', `/api/v1/users/${users.thanhvien.id}`, u['Huyện Chợ Mới'].id, (id) => ({ unit_id: id }), 'move thanhvien up to the district');
});

test('commune officer: search results and code look-ups exclude other communes', async () => {
  await searchExcludes(c.hoamuc, ['Xã Yên Cư', 'Huyện Chợ Mới', 'Tỉnh Bắc Kạn', 'Xã Cao Kỳ', u.ycVillages[0].name === 'Thôn Nà Pầu' ? u.ycVillages[1].name : u.ycVillages[0].name],
    ['02110', '02110-01', '02110-02', '065', '06', u.naRiCommunes[0].code]);
  // Broad searches never leak a unit outside Xã Hoà Mục.
  for (const q of ['xa', 'thon', 'na', 'yen', 'cho', 'bac kan', 'a']) {
    const r = await c.hoamuc.ok(`/api/v1/units?q=${encodeURIComponent(q)}&limit=100&date=${DEMO_DATE}`);
    for (const x of r.items) assert.ok(x.id === u['Xã Hoà Mục'].id || x.parent_id === u['Xã Hoà Mục'].id, `${q}: ${x.path_text}`);
  }
  // Its own units are found.
  const own = await c.hoamuc.ok(`/api/v1/units?q=${encodeURIComponent('Nà Pầu')}&date=${DEMO_DATE}`);
  assert.deepEqual(own.items.map((x) => x.name), ['Thôn Nà Pầu']);
  const code = await c.hoamuc.ok(`/api/v1/units?code=02098-01&date=${DEMO_DATE}`);
  assert.deepEqual(code.items.map((x) => x.name), ['Thôn Nà Pầu']);
});

test('commune officer: lists inside the scope hold nothing from outside', async () => {
  const teams = (await c.hoamuc.ok(`/api/v1/units/${u['Xã Hoà Mục'].id}/teams`)).items;
  assert.deepEqual(teams.map((x) => x.id).sort(), [t.hmCommune.id, t.hmVillage.id].sort());
  const top = (await c.hoamuc.ok('/api/v1/units')).items;
  assert.deepEqual(top.map((x) => x.id), [u['Xã Hoà Mục'].id]);
  const cov = await c.hoamuc.ok(`/api/v1/units/${u['Xã Hoà Mục'].id}/coverage?date=${DEMO_DATE}`);
  assert.equal(cov.communes.total, 1);
  // The commune's path names its district and province (for display) — that is all.
  assert.deepEqual(cov.unit.path.map((p) => p.name), ['Xã Hoà Mục', 'Huyện Chợ Mới', 'Tỉnh Bắc Kạn']);
});

test('commune officer: adding a member by a phone number known elsewhere does not touch the person outside the scope', async () => {
  const before = await c.admin.ok(`/api/v1/members/${m.ycVillage.id}`);
  const r = await c.hoamuc.post(`/api/v1/teams/${t.hmVillage.id}/members`, {
    full_name: 'Tên Do Xã Hoà Mục Đặt', phone: m.ycVillage.phone, role: 'thanh_vien', affiliation: 'khac', joined_on: '2022-06-01',
  });
  assert.ok([201, 409, 422].includes(r.status), r.text);
  if (r.status === 201) {
    assert.equal(r.json.team_id, t.hmVillage.id);
    const p = await c.hoamuc.patch(`/api/v1/members/${r.json.id}`, { full_name: 'Tên Đổi Lần Hai' });
    assert.ok([200, 409, 422].includes(p.status), p.text);
  }
  const afterwards = await c.admin.ok(`/api/v1/members/${m.ycVillage.id}`);
  assert.deepEqual(afterwards, before, 'the Yên Cư member (full name, phone, …) was changed by an officer of Xã Hoà Mục');
});

test('team member: only their village; the commune team and other villages are invisible', async () => {
  await teamRoutesHidden(c.thanhvien, t.hmCommune, 'commune team above the village');
  await memberRoutesHidden(c.thanhvien, m.hmCommune, 'member of the commune team');
  await unitRoutesHidden(c.thanhvien, u['Xã Hoà Mục'], 'Xã Hoà Mục');
  const own = (await c.thanhvien.ok(`/api/v1/units/${u['Thôn Nà Pầu'].id}/teams`)).items;
  assert.deepEqual(own.map((x) => x.id), [t.hmVillage.id]);
});

test('district officer: another district of Bắc Kạn (Huyện Na Rì) is invisible', async () => {
  const ch = c.chomoi;
  await unitRoutesHidden(ch, u['Huyện Na Rì'], 'Huyện Na Rì');
  await unitRoutesHidden(ch, u.naRiCommunes[0], u.naRiCommunes[0].name);
  await unitRoutesHidden(ch, u['Tỉnh Bắc Kạn'], 'Tỉnh Bắc Kạn');
  await teamRoutesHidden(ch, t.naRi, 'team in Na Rì');
  await memberRoutesHidden(ch, m.naRi, 'member in Na Rì');
  for (const login of ['nari', 'backan', 'xem', 'admin']) await userRoutesHidden(ch, users[login]);
  await searchExcludes(ch, ['Huyện Na Rì', u.naRiCommunes[0].name, 'Tỉnh Bắc Kạn'], ['06', u['Huyện Na Rì'].code, u.naRiCommunes[0].code]);
  const list = (await ch.ok('/api/v1/users')).items.map((x) => x.login).sort();
  assert.deepEqual(list, ['chomoi', 'hoamuc', 'thanhvien', 'yencu', 'yencu.thon']);
  // But the whole of Chợ Mới is visible.
  assert.equal((await ch.ok(`/api/v1/teams/${t.ycVillage.id}`)).id, t.ycVillage.id);
  assert.equal((await ch.ok(`/api/v1/members/${m.ycCommune.id}`)).id, m.ycCommune.id);
  assert.equal((await ch.ok(`/api/v1/users/${users.yencu.id}`)).login, 'yencu');
});

test('province officer and province viewer see the whole province, but not the country-wide admin', async () => {
  for (const who of ['backan', 'xem']) {
    const p = c[who];
    assert.equal((await p.ok(`/api/v1/units/${u['Huyện Na Rì'].id}`)).name, 'Huyện Na Rì');
    assert.equal((await p.ok(`/api/v1/units/${u['Xã Yên Cư'].id}`)).name, 'Xã Yên Cư');
    assert.equal((await p.ok(`/api/v1/units/${u['Tỉnh Bắc Kạn'].id}/children`)).items.length, 8);
    assert.equal((await p.ok(`/api/v1/units/${u['Tỉnh Bắc Kạn'].id}/teams`)).items.length, 29);
    assert.equal((await p.ok(`/api/v1/teams/${t.naRi.id}`)).id, t.naRi.id);
    assert.equal((await p.ok(`/api/v1/teams/${t.ycVillage.id}/members`)).items.length, 3);
    assert.equal((await p.ok(`/api/v1/members/${m.naRi.id}`)).id, m.naRi.id);
    const s1 = await p.ok(`/api/v1/units?q=${encodeURIComponent('yen cu')}&date=${DEMO_DATE}`);
    assert.ok(s1.items.some((x) => x.name === 'Xã Yên Cư'));
    const s2 = await p.ok(`/api/v1/units?code=02110-01&date=${DEMO_DATE}`);
    assert.equal(s2.items.length, 1);
  }
  const users1 = (await c.backan.ok('/api/v1/users')).items.map((x) => x.login).sort();
  assert.deepEqual(users1, ['backan', 'chomoi', 'hoamuc', 'nari', 'thanhvien', 'xem', 'yencu', 'yencu.thon']);
  await userRoutesHidden(c.backan, users.admin);
  const v = await c.backan.post(`/api/v1/units/${u.naRiCommunes[0].id}/villages`, { name: 'Thôn Mới Na Rì', type: 'thon' });
  assert.equal(v.status, 201, v.text);
  assert.equal(v.json.code, `${u.naRiCommunes[0].code}-01`);
  const nu = await c.backan.post('/api/v1/users', { login: 'nari.xa', password: 'đồi-chè-xanh-2022', full_name: 'Cán bộ xã Na Rì', phone: freshPhone(), role: 'commune_officer', unit_id: u.naRiCommunes[0].id });
  assert.equal(nu.status, 201, nu.text);
  const pt = await c.backan.patch(`/api/v1/teams/${t.naRi.id}`, { notes: 'Tỉnh đã xem' });
  assert.equal(pt.status, 200, pt.text);
});

test('a user reaching outside: nothing changed at all (final cross-check)', async () => {
  // The foreign team, its members and users are exactly as the admin sees them.
  const tm = await c.admin.ok(`/api/v1/teams/${t.ycCommune.id}`);
  assert.equal(tm.name, t.ycCommune.name);
  assert.equal(tm.member_count, 3);
  assert.equal((await c.admin.ok(`/api/v1/units/${u['Xã Yên Cư'].id}`)).children_count, 4);
  for (const login of ['yencu', 'chomoi', 'backan', 'xem', 'admin', 'nari']) {
    const x = await c.admin.ok(`/api/v1/users/${users[login].id}`);
    assert.equal(x.full_name, users[login].full_name);
    assert.equal(x.active, true);
  }
  const y = await Client.login(s.url, 'yencu', 'đồi-chè-xanh-2022');
  assert.equal(y.user.login, 'yencu');
});
