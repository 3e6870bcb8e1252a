// Log-in, throttling, log-out, and the session cookie.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, Client, raw, unitByName, assertProblem, unchanged, sql, sqlWrite, freshPhone,
} from './lib.mjs';

let s; let admin; let bacKan;

before(async () => {
  s = await startServer();
  admin = await Client.login(s.url, 'admin');
  bacKan = await unitByName(admin, 'Tỉnh Bắc Kạn');
});
after(async () => { await s?.stop(); });

async function throwaway(login, password) {
  const phone = freshPhone();
  const r = await admin.post('/api/v1/users', { login, password, full_name: 'Tài khoản thử', phone, role: 'viewer', unit_id: bacKan.id });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

test('the session cookie is HttpOnly, SameSite=Strict, Path=/, with a Max-Age', async () => {
  const c = new Client(s.url);
  const r = await c.login('xem');
  assert.equal(r.status, 200);
  const all = [].concat(r.headers['set-cookie'] || []);
  const sc = all.filter((x) => x.startsWith('langso_session='));
  assert.equal(sc.length, 1, `one session cookie: ${all}`);
  // The other is the device cookie (auth/throttle.h), sent to log-in only.
  const device = all.find((x) => x.startsWith('langso_device='));
  assert.ok(device, `a device cookie: ${all}`);
  assert.match(device, /HttpOnly/i);
  assert.match(device, /SameSite=Strict/i);
  assert.match(device, /Path=\/api\/v1\/session(;|$)/);
  const parts = sc[0].split(';').map((x) => x.trim());
  const [nv, ...attrs] = parts;
  assert.match(nv, /^langso_session=[^;\s]{32,}$/, 'a long random token');
  const lower = attrs.map((a) => a.toLowerCase());
  assert.ok(lower.includes('httponly'), `HttpOnly in ${sc[0]}`);
  assert.ok(lower.includes('samesite=strict'), `SameSite=Strict in ${sc[0]}`);
  assert.ok(lower.includes('path=/'), `Path=/ in ${sc[0]}`);
  const ma = lower.find((a) => a.startsWith('max-age='));
  assert.ok(ma, `Max-Age in ${sc[0]}`);
  const secs = Number(ma.slice(8));
  assert.ok(Number.isInteger(secs) && secs > 0 && secs <= 30 * 86400, `Max-Age ${secs}`);
  assert.ok(!lower.some((a) => a.startsWith('domain=')), 'no Domain attribute (host-only cookie)');
  // The token is not the CSRF token and is not stored in clear in the database.
  const token = nv.split('=')[1];
  assert.notEqual(token, r.json.csrf_token);
  assert.equal(sql(s.db, `SELECT count(*) FROM sessions WHERE token_hash='${token}'`).trim(), '0');
  // Log-out clears the cookie.
  const out = await c.del('/api/v1/session');
  assert.equal(out.status, 204);
  const clear = [].concat(out.headers['set-cookie'] || []).find((x) => x.startsWith('langso_session='));
  assert.ok(clear, 'log-out sends a Set-Cookie that clears the cookie');
  assert.match(clear, /Max-Age=0|Expires=Thu, 01 Jan 1970/i);
});

test('wrong password and unknown login both answer 401 login_failed, identically', async () => {
  const a = await unchanged(s.db, () => raw(s.url, 'POST', '/api/v1/session', { body: { login: 'xem', password: 'not-the-password' } }));
  const p = assertProblem(a, 401, 'login_failed');
  assert.ok(!a.headers['set-cookie'], 'no cookie on failure');
  const b = await raw(s.url, 'POST', '/api/v1/session', { body: { login: 'khong-ton-tai', password: 'not-the-password' } });
  assertProblem(b, 401, 'login_failed');
  assert.equal(b.text, a.text, 'an unknown login is indistinguishable from a wrong password');
  assert.ok(!JSON.stringify(p).includes('not-the-password'));
});

test('throttling: 5 failures give 401, then 429 login_locked with Retry-After; the right password is refused too', async () => {
  const user = await throwaway('thu.khoa', 'dung-mat-khau');
  const c = new Client(s.url);
  for (let i = 1; i <= 5; i++) {
    const r = await c.login('thu.khoa', `sai-${i}`);
    assertProblem(r, 401, 'login_failed', { msg: `failure ${i}` });
  }
  const r6 = await c.login('thu.khoa', 'sai-6');
  const p = assertProblem(r6, 429, 'login_locked');
  const ra = Number(r6.headers['retry-after']);
  assert.ok(Number.isInteger(ra) && ra >= 1, `Retry-After header: ${r6.headers['retry-after']}`);
  assert.equal(p.retry_after, ra, 'retry_after equals the Retry-After header');
  // While slowed down, even the right password is refused.
  const right = await c.login('thu.khoa', 'dung-mat-khau');
  assertProblem(right, 429, 'login_locked');
  assert.ok(!right.headers['set-cookie']);
  // Other logins are not affected.
  assert.equal((await new Client(s.url).login('xem')).status, 200);

  // After the wait, one more failure; the wait grows (or stays).
  await sleep(ra * 1000 + 100);
  const r7 = await c.login('thu.khoa', 'sai-7');
  assertProblem(r7, 401, 'login_failed', { msg: 'after the wait the password is checked again' });
  const r8 = await c.login('thu.khoa', 'sai-8');
  assertProblem(r8, 429, 'login_locked');
  assert.ok(Number(r8.headers['retry-after']) >= ra);
  assert.equal(user.login, 'thu.khoa');
});

test('throttling: after 10 failures the login is locked for about 15 minutes, even with the right password', async () => {
  const u = await throwaway('thukhoa10', 'dung-mat-khau');
  // Waiting out the growing back-off between failures 5..10 takes half a minute; instead the
  // test records 9 earlier failures (long ago, so no wait is pending), then fails once more.
  // Failures are counted per account: the key is "user:<id>".
  const past = Math.floor(Date.now() / 1000) - 3600;
  sqlWrite(s.db, `DELETE FROM login_failures WHERE login = 'user:${u.id}';
    INSERT INTO login_failures(login, failures, last_failure, locked_until) VALUES ('user:${u.id}', 9, ${past}, 0);`);
  const c = new Client(s.url);
  const tenth = await c.login('thukhoa10', 'sai-10');
  assert.ok([401, 429].includes(tenth.status), `10th failure: ${tenth.status} ${tenth.text}`);
  const right = await c.login('thukhoa10', 'dung-mat-khau');
  const p = assertProblem(right, 429, 'login_locked');
  const ra = Number(right.headers['retry-after']);
  assert.ok(ra > 14 * 60 && ra <= 15 * 60, `locked ~15 minutes, Retry-After ${right.headers['retry-after']}`);
  assert.equal(p.retry_after, ra);
});

test('throttling counts failures of the account, not of the spelling: the phone number is locked too', async () => {
  const u = await throwaway('thu.sodt', 'dung-mat-khau');
  const c = new Client(s.url);
  for (let i = 1; i <= 5; i++) assertProblem(await c.login('thu.sodt', `sai-${i}`), 401, 'login_failed');
  assertProblem(await c.login('thu.sodt', 'sai-6'), 429, 'login_locked');
  const byPhone = await c.login(u.phone, 'dung-mat-khau');
  assertProblem(byPhone, 429, 'login_locked', { msg: 'the same account through its phone number' });
  const upper = await c.login('THU.SODT', 'dung-mat-khau');
  assert.notEqual(upper.status, 200, `the same account with another case: ${upper.status}`);
});

test('log-out ends the session: GET /api/v1/session → 401, the old cookie and token are dead', async () => {
  const c = await Client.login(s.url, 'backan');
  const cookie = c.cookie; const csrf = c.csrf;
  assert.equal((await c.get('/api/v1/session')).status, 200);
  const r = await c.del('/api/v1/session');
  assert.equal(r.status, 204);
  assertProblem(await c.get('/api/v1/session'), 401, 'unauthenticated');
  const replay = await unchanged(s.db, () => raw(s.url, 'POST', `/api/v1/units/${bacKan.id}/villages`, {
    headers: { Cookie: cookie, 'X-CSRF-Token': csrf }, body: { name: 'Thôn Ma', type: 'thon' },
  }));
  assertProblem(replay, 401, 'unauthenticated');
  assert.equal(sql(s.db, `SELECT count(*) FROM sessions WHERE user_id=${c.user.id}`).trim(), '0');
  // Logging out again without a session is 401.
  assertProblem(await c.del('/api/v1/session'), 401, 'unauthenticated');
});

test('a new log-in gets a fresh session; a session cookie sent at log-in is not reused', async () => {
  const a = await Client.login(s.url, 'xem');
  const r = await raw(s.url, 'POST', '/api/v1/session', { headers: { Cookie: a.cookie }, body: { login: 'xem', password: 'demo1234' } });
  assert.equal(r.status, 200);
  const sc = [].concat(r.headers['set-cookie'] || []).find((x) => x.startsWith('langso_session='));
  assert.ok(sc);
  assert.notEqual(sc.split(';')[0], a.cookie, 'session fixation: a new token at each log-in');
});

test('the users list is in login order, byte by byte, whatever the database\'s collation', async () => {
  // A Vietnamese (or any ICU) collation puts "_" before digits; bytes put it after.
  await throwaway('zz_a', 'mat-khau-zz-1');
  await throwaway('zz0', 'mat-khau-zz-2');
  const logins = (await admin.ok('/api/v1/users')).items.map((u) => u.login);
  assert.deepEqual(logins, [...logins].sort());
  assert.ok(logins.indexOf('zz0') < logins.indexOf('zz_a'));
});
