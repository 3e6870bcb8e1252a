// Sessions a person keeps on a phone they trust ("Ghi nhớ trên thiết bị
// này"), and ending them: longer only when asked for, longer for a team
// member than for an officer, listed for their owner, revocable one by one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, raw, assertProblem } from './lib.mjs';

let s;
before(async () => { s = await startServer(); });
after(async () => { await s?.stop(); });

const maxAge = (r) => Number(/Max-Age=(\d+)/.exec([].concat(r.headers['set-cookie']).find((x) => x.startsWith('langso_session=')))[1]);
const loginAs = (login, extra = {}, ua = 'Mozilla/5.0 (Linux; Android 10) Chrome/120.0 Mobile') =>
  raw(s.url, 'POST', '/api/v1/session', { body: { login, password: 'demo1234', ...extra }, headers: { 'User-Agent': ua } });

test('a session lasts 12 hours; remembered, 30 days for a team member and 7 for an officer', async () => {
  assert.equal(maxAge(await loginAs('thanhvien')), 12 * 3600);
  assert.equal(maxAge(await loginAs('thanhvien', { remember: true })), 30 * 86400);
  assert.equal(maxAge(await loginAs('chomoi', { remember: true })), 7 * 86400);
  assert.equal(maxAge(await loginAs('xem', { remember: false })), 12 * 3600);
  assertProblem(await loginAs('xem', { remember: 'yes' }), 422, 'validation_failed', { fieldCodes: { remember: 'invalid_type' } });
});

test('a person sees their sessions and ends one: that one is logged out, the others are not', async () => {
  const phone = new Client(s.url);
  await phone.login('thanhvien');
  const laptop = await Client.login(s.url, 'thanhvien');
  const other = await Client.login(s.url, 'hoamuc');
  const mine = (await laptop.ok('/api/v1/sessions')).items;
  assert.ok(mine.length >= 2);
  const current = mine.filter((x) => x.current);
  assert.equal(current.length, 1, 'the session asking is marked');
  assert.ok(mine.every((x) => /^[0-9a-f]{16}$/.test(x.id) && x.label && x.created_on && x.expires_on));
  const theirs = (await other.ok('/api/v1/sessions')).items;
  assert.ok(!theirs.some((x) => mine.some((m) => m.id === x.id)), 'nobody sees another\'s sessions');
  // End every other session of mine.
  for (const x of mine.filter((m) => !m.current)) assert.equal((await laptop.del(`/api/v1/sessions/${x.id}`)).status, 204);
  assert.equal((await phone.get('/api/v1/session')).status, 401, 'the phone is logged out');
  assert.equal((await laptop.get('/api/v1/session')).status, 200, 'the laptop is not');
  // Another person's session, or a made-up one: not found, nothing ended.
  assertProblem(await laptop.del(`/api/v1/sessions/${theirs[0].id}`), 404, 'not_found');
  assertProblem(await laptop.del('/api/v1/sessions/0123456789abcdef'), 404, 'not_found');
  assert.equal((await other.get('/api/v1/session')).status, 200);
});

test('sessions are labelled by what they were opened from', async () => {
  const c = new Client(s.url);
  const r = await raw(s.url, 'POST', '/api/v1/session', { body: { login: 'backan', password: 'demo1234' }, headers: { 'User-Agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120 Safari/537.36 Edg/120' } });
  c.cookie = [].concat(r.headers['set-cookie']).find((x) => x.startsWith('langso_session=')).split(';')[0];
  const list = (await c.ok('/api/v1/sessions')).items;
  assert.equal(list.find((x) => x.current).label, 'Edge · Windows');
});
