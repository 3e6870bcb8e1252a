// Passwords: the policy (NIST SP 800-63B rev. 3, src/auth/password_policy.h)
// wherever a password is set (POST /users, PATCH /users/{id}, `langso user
// add`); the current password for changing one's own; which sessions end; and
// accounts waiting for an administrator to confirm their scope after the 2025
// reorganisation, which only an administrator may change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BIN, PASSWORD, startServer, loginAll, Client, raw, assertProblem, unchanged, freshPhone, sqlCount,
  createDb, dropDb,
} from './lib.mjs';

let s; let c;
let tanKy;

before(async () => {
  s = await startServer();
  c = await loginAll(s.url, ['admin', 'hoamuc', 'tanky', 'thainguyen', 'xem', 'chomoi']);
  tanKy = c.tanky.user.unit;
  assert.equal(tanKy.name, 'Xã Tân Kỳ');
  assert.equal(c.tanky.user.scope_change, null, 'tanky works on a unit of today');
  assert.equal(c.hoamuc.user.scope_change?.pending, true, 'hoamuc waits for its new scope');
});
after(async () => { await s?.stop(); });

/** Log-in as a browser would (the Origin of the site). */
const logIn = (login, password) =>
  raw(s.url, 'POST', '/api/v1/session', { body: { login, password }, headers: { Origin: s.url } });

const NFD = (x) => x.normalize('NFD');
const GOOD = 'Đồi chè Tân Cương xanh mướt';
let seq = 0;
/** A new viewer of Xã Tân Kỳ, created by tanky. */
async function newViewer(password = GOOD, extra = {}) {
  const login = `xem.moi${++seq}`;
  const r = await c.tanky.post('/api/v1/users', { login, password, full_name: 'Hà Thị Lụa', phone: freshPhone(), role: 'viewer', unit_id: tanKy.id, ...extra });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

test('POST /users refuses, with one Vietnamese message each, what NIST SP 800-63B says to refuse; nothing is created', async () => {
  const phone = freshPhone();
  const long = [...'Mây trắng bay qua đồi chè xanh, suối reo bên bản nhỏ. '.repeat(4)];
  const cases = [
    ['Mây.Núi', 'too_short', /ít nhất 8 ký tự/],
    ['Kie\u0302\u0301n.Nh', 'too_short', /ít nhất 8 ký tự/], // 9 code points as typed, 7 after NFC
    [long.slice(0, 129).join(''), 'too_long', /dài quá 128 ký tự/],
    ['        ', 'whitespace_only', /chỉ gồm dấu cách/],
    ['aaaaaaaa', 'repetitive', /lặp lại hoặc liên tiếp/],
    ['12345678', 'repetitive', /lặp lại hoặc liên tiếp/],
    ['abcdefgh', 'repetitive', /lặp lại hoặc liên tiếp/],
    ['123456789', 'repetitive', /lặp lại hoặc liên tiếp/],
    ['password', 'common_password', /quá phổ biến/],
    ['iloveyou', 'common_password', /quá phổ biến/],
    ['anhyeuem', 'common_password', /quá phổ biến/],
    ['MatKhau123', 'common_password', /quá phổ biến/],
    ['Mật khẩu 2024', 'common_password', /quá phổ biến/],
    ['cb.moi.xa', 'context_specific', /tên đăng nhập/], // the login itself
    [`x${phone}y`, 'context_specific', /số điện thoại/],
    ['Hà Thị Lụa 1990', 'context_specific', /họ tên/],
    ['langso2025', 'context_specific', /tên hệ thống/],
    ['LangSo.vn!', 'context_specific', /tên hệ thống/],
    ['ĐồiTânKỳ@1', 'context_specific', /tên đơn vị/],
  ];
  for (const [password, code, message] of cases) {
    const r = await unchanged(s.db, () => c.tanky.post('/api/v1/users', {
      login: 'cb.moi.xa', password, full_name: 'Hà Thị Lụa', phone, role: 'viewer', unit_id: tanKy.id,
    }));
    const p = assertProblem(r, 422, 'validation_failed', { fieldCodes: { password: code }, msg: JSON.stringify(password) });
    assert.match(p.errors.find((e) => e.field === 'password').message, message, `${password}: ${r.text}`);
  }
  assertProblem(await c.tanky.post('/api/v1/users', { login: 'cb.moi.xa', full_name: 'X', role: 'viewer', unit_id: tanKy.id }),
    422, 'validation_failed', { fieldCodes: { password: 'missing_field' } });
  assertProblem(await c.tanky.post('/api/v1/users', { login: 'cb.moi.xa', password: 12345678, full_name: 'X', role: 'viewer', unit_id: tanKy.id }),
    422, 'validation_failed', { fieldCodes: { password: 'invalid_type' } });
});

test('POST /users accepts a passphrase (no composition rules, up to 128 characters); both Unicode forms of it log in', async () => {
  for (const password of [GOOD, 'toi thich an pho bo', '40718293', [...'Mây trắng bay qua đồi chè xanh, suối reo bên bản nhỏ. '.repeat(4)].slice(0, 128).join('')]) {
    const u = await newViewer(password);
    const r = await logIn(u.login, password);
    assert.equal(r.status, 200, `${u.login} ${r.text}`);
  }
  const u = await newViewer(NFD(GOOD)); // typed decomposed
  assert.equal((await logIn(u.login, GOOD.normalize('NFC'))).status, 200, 'precomposed logs in');
  assert.equal((await logIn(u.login, NFD(GOOD))).status, 200, 'decomposed logs in');
  assert.equal((await logIn(u.login, GOOD.toLowerCase())).status, 401, 'but the case counts');
});

test('an officer resets another account\'s password: the same rules, no current password; that account\'s sessions end', async () => {
  const u = await newViewer();
  const theirs = await Client.login(s.url, u.login, GOOD);
  const weak = await unchanged(s.db, () => c.tanky.patch(`/api/v1/users/${u.id}`, { password: 'matkhau2024' }));
  assertProblem(weak, 422, 'validation_failed', { fieldCodes: { password: 'common_password' } });
  const r = await c.tanky.patch(`/api/v1/users/${u.id}`, { password: 'Suối Mơ trong vắt' });
  assert.equal(r.status, 200, r.text);
  assert.equal((await theirs.get('/api/v1/session')).status, 401, 'their session ended');
  assert.equal((await c.tanky.get('/api/v1/session')).status, 200, 'the officer\'s own session is untouched');
  assert.equal((await logIn(u.login, GOOD)).status, 401);
  assert.equal((await logIn(u.login, 'Suối Mơ trong vắt')).status, 200);
  // current_password belongs to changing one's own password only.
  assertProblem(await c.tanky.patch(`/api/v1/users/${u.id}`, { password: 'Suối Mơ trong vắt 2', current_password: 'x' }),
    422, 'validation_failed', { fieldCodes: { current_password: 'unknown_field' } });
});

test('changing one\'s own password needs the current one; this session stays, the others end', async () => {
  const u = await newViewer();
  const here = await Client.login(s.url, u.login, GOOD);
  const there = await Client.login(s.url, u.login, GOOD);
  const NEW = 'Bản Nà Pài mùa lúa chín';
  const missing = await unchanged(s.db, () => here.patch(`/api/v1/users/${u.id}`, { password: NEW }));
  assertProblem(missing, 422, 'validation_failed', { fieldCodes: { current_password: 'missing_field' } });
  const wrong = await unchanged(s.db, () => here.patch(`/api/v1/users/${u.id}`, { password: NEW, current_password: GOOD + '!' }));
  const p = assertProblem(wrong, 422, 'validation_failed', { fieldCodes: { current_password: 'wrong_password' } });
  assert.match(p.detail, /Mật khẩu hiện tại không đúng/);
  const weak = await unchanged(s.db, () => here.patch(`/api/v1/users/${u.id}`, { password: 'iloveyou2024', current_password: GOOD }));
  assertProblem(weak, 422, 'validation_failed', { fieldCodes: { password: 'common_password' } });
  assert.equal((await there.get('/api/v1/session')).status, 200, 'nothing changed yet');
  // A viewer may change only their own password, nothing else of their account.
  assertProblem(await unchanged(s.db, () => here.patch(`/api/v1/users/${u.id}`, { password: NEW, current_password: GOOD, full_name: 'Khác' })), 403, 'forbidden');

  const r = await here.patch(`/api/v1/users/${u.id}`, { password: NEW, current_password: GOOD });
  assert.equal(r.status, 200, r.text);
  assert.equal((await here.get('/api/v1/session')).status, 200, 'the session that changed it stays');
  assert.equal((await there.get('/api/v1/session')).status, 401, 'the other session ended');
  assert.equal(sqlCount(s.db, `SELECT count(*) FROM sessions WHERE user_id=${u.id}`), 1);
  // The kept session still writes (its CSRF token is unchanged).
  const again = await here.patch(`/api/v1/users/${u.id}`, { password: GOOD, current_password: NEW });
  assert.equal(again.status, 200, again.text);
  assert.equal((await logIn(u.login, NEW)).status, 401);
  assert.equal((await logIn(u.login, GOOD)).status, 200);
});

test('wrong current passwords count as failed log-ins: soon 429 login_locked, for the log-in too', async () => {
  const u = await newViewer();
  const me = await Client.login(s.url, u.login, GOOD);
  const NEW = 'Bản Nà Pài mùa lúa chín';
  const change = (current) => me.patch(`/api/v1/users/${u.id}`, { password: NEW, current_password: current });
  // A right answer clears the count, as a successful log-in does.
  for (let i = 0; i < 4; i++) assert.equal((await change(`sai-${i}`)).status, 422);
  assert.equal((await change(GOOD)).status, 200);
  const statuses = [];
  for (let i = 0; i < 9 && !statuses.includes(429); i++) statuses.push((await change(`sai-lan-nua-${i}`)).status);
  assert.ok(statuses.filter((x) => x === 422).length >= 5, `5 free failures: ${statuses}`);
  assert.equal(statuses.at(-1), 429, `then throttled: ${statuses}`);
  const right = await change(NEW);
  assertProblem(right, 429, 'login_locked', { msg: 'the right one too, while throttled' });
  assertProblem(await logIn(u.login, NEW), 429, 'login_locked', { msg: 'the account\'s log-in is throttled too' });
});

test('an account waiting for its new scope: the successor commune\'s officer sees it but may not change it; an administrator may', async () => {
  const hm = c.hoamuc.user;
  const seen = await c.tanky.get(`/api/v1/users/${hm.id}`);
  assert.equal(seen.status, 200, `tanky sees the account of Xã Hoà Mục (merged into Xã Tân Kỳ): ${seen.text}`);
  assert.equal(seen.json.scope_change.pending, true);
  for (const body of [{ password: 'Suối Mơ trong vắt' }, { role: 'viewer' }, { unit_id: tanKy.id }, { active: false }, { full_name: 'Đổi tên' }]) {
    const r = await unchanged(s.db, () => c.tanky.patch(`/api/v1/users/${hm.id}`, body));
    const p = assertProblem(r, 403, 'forbidden', { msg: JSON.stringify(body) });
    assert.match(p.detail, /chờ quản trị viên xác nhận phạm vi mới/);
  }
  assertProblem(await unchanged(s.db, () => c.tanky.del(`/api/v1/users/${hm.id}`)), 403, 'forbidden');
  assert.equal((await c.hoamuc.get('/api/v1/session')).status, 200, 'hoamuc is still logged in');
  // The same for the province: thainguyen and the accounts of Bắc Kạn's old units.
  for (const who of [c.chomoi.user, c.xem.user]) {
    assert.equal((await c.thainguyen.get(`/api/v1/users/${who.id}`)).status, 200, `thainguyen sees ${who.login}`);
    assertProblem(await unchanged(s.db, () => c.thainguyen.del(`/api/v1/users/${who.id}`)), 403, 'forbidden');
    assertProblem(await unchanged(s.db, () => c.thainguyen.patch(`/api/v1/users/${who.id}`, { password: 'Suối Mơ trong vắt' })), 403, 'forbidden');
  }
  // Its owner may still change their own password.
  const own = await c.hoamuc.patch(`/api/v1/users/${hm.id}`, { password: 'Hoa mận trắng Bắc Kạn', current_password: PASSWORD });
  assert.equal(own.status, 200, own.text);
  // An administrator resets it and deactivates it (and back).
  const reset = await c.admin.patch(`/api/v1/users/${hm.id}`, { password: 'Suối Mơ trong vắt' });
  assert.equal(reset.status, 200, reset.text);
  assert.equal((await c.hoamuc.get('/api/v1/session')).status, 401, 'a reset ends the owner\'s sessions');
  assert.equal((await c.admin.patch(`/api/v1/users/${hm.id}`, { active: false })).status, 200);
  assert.equal((await c.admin.patch(`/api/v1/users/${hm.id}`, { active: true })).status, 200);
  assert.equal((await logIn('hoamuc', 'Suối Mơ trong vắt')).status, 200);
});

test('`langso user add` applies the same policy: a refused password is named and nothing is created', () => {
  const dir = mkdtempSync(join(tmpdir(), 'langso-pw-'));
  const db = createDb(dir, 'cli.db');
  const add = (login, password, ...extra) => spawnSync(BIN, ['user', 'add', '--db', db, '--login', login, '--role', 'admin', ...extra], {
    env: { ...process.env, LANGSO_PASSWORD: password }, encoding: 'utf8',
  });
  try {
    for (const [login, password, message] of [
      ['quantri', 'matkhau123', /quá phổ biến/],
      ['quantri', 'quantri2025', /tên đăng nhập/],
      ['quantri', 'abcdefgh', /lặp lại hoặc liên tiếp/],
      ['quantri', 'ngắn', /ít nhất 8 ký tự/],
    ]) {
      const r = add(login, password);
      assert.notEqual(r.status, 0, `${password} refused: ${r.stdout}`);
      assert.match(r.stderr, message, r.stderr);
    }
    const name = add('quantri2', 'Trần Văn Quang 1990', '--name', 'Trần Văn Quang');
    assert.notEqual(name.status, 0);
    assert.match(name.stderr, /họ tên/);
    const ok = add('quantri', GOOD);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(sqlCount(db, 'SELECT count(*) FROM users'), 1, 'only the accepted one');
  } finally {
    dropDb(db);
    rmSync(dir, { recursive: true, force: true });
  }
});
