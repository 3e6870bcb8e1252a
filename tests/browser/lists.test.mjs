// Lists that hold a nation, on a phone (360×740) and a desktop (1366×768):
// a district's teams load only when their fold is opened, come 50 at a time
// with "50 / 53 tổ" and "Xem thêm", name their village and commune, and can
// be searched; villages sort in natural order (Thôn 2 before Thôn 10); the
// unit search says how many it found; the activity list pages, filters and
// names who logged each row.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, newPage, shot, login, setDate, apiLogin, DEMO_DATE, VN_TIMEZONE } from './helpers.mjs';

let server, browser, phone, desk;
const VILLAGES = 25;

async function call(s, method, path, body) {
  const r = await fetch(server.url + path, {
    method,
    headers: { 'Content-Type': 'application/json', Origin: server.url, Cookie: s.cookie, 'X-CSRF-Token': s.csrf },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  assert.ok(r.status < 300, `${method} ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

before(async () => {
  server = await startServer();
  browser = await startBrowser();
  phone = await newPage(browser, server.url);
  const ctx = await browser.newContext({ timezoneId: VN_TIMEZONE, baseURL: server.url, viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
  desk = await ctx.newPage();
  desk.setDefaultTimeout(15000);
  // Xã Hoà Mục gets 25 more villages, each with its team: Huyện Chợ Mới then
  // has 53 teams, more than a page.
  const admin = await apiLogin(server.url, 'admin');
  const [hoaMuc] = (await call(admin, 'GET', '/api/v1/units?code=02098&date=' + DEMO_DATE)).items;
  for (let i = VILLAGES; i >= 1; i--) {
    const v = await call(admin, 'POST', `/api/v1/units/${hoaMuc.id}/villages`, { name: `Thôn ${i}`, type: 'thon', valid_from: '2022-01-01' });
    await call(admin, 'POST', '/api/v1/teams', { unit_id: v.id, name: `Tổ CNSCĐ Thôn ${i}`, active_from: '2022-05-01' });
  }
  // One activity logged by the district officer, for "Chỉ hoạt động tôi ghi".
  const chomoi = await apiLogin(server.url, 'chomoi');
  const r = await fetch(server.url + '/api/v1/activities', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.url, Cookie: chomoi.cookie, 'X-CSRF-Token': chomoi.csrf, 'Idempotency-Key': 'lists-browser-1' },
    body: JSON.stringify({ unit_id: hoaMuc.id, type: 'tuyen_truyen', date: '2022-05-03', quantities: { households: 12 }, note: 'Họp thôn' }),
  });
  assert.equal(r.status, 201, await r.text());
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function openChoMoi(page) {
  await page.goto('/');
  await page.locator('#q').fill('cho moi');
  await page.locator('#main .list a.item', { hasText: 'Huyện Chợ Mới' }).first().click();
  await page.locator('#main h1', { hasText: 'Huyện Chợ Mới' }).waitFor();
}

test("phone: a district's teams load when opened, 50 at a time, with their place", async () => {
  await login(phone, 'chomoi');
  await setDate(phone, DEMO_DATE);
  const asked = [];
  phone.on('request', (r) => { if (/\/api\/v1\/units\/\d+\/teams/.test(r.url())) asked.push(r.url()); });
  await openChoMoi(phone);
  await phone.locator('#child-list').waitFor();
  assert.deepEqual(asked, [], 'no team is fetched before the list is opened');
  await phone.locator('#teams-fold summary').click();
  await phone.locator('#team-list a').first().waitFor();
  assert.equal(asked.length, 1);
  assert.match(asked[0], /limit=50/);
  assert.equal(await phone.locator('#team-list a').count(), 50);
  await phone.locator('#team-more', { hasText: '50 / 53 tổ' }).waitFor();
  assert.match(await phone.locator('#teams-fold summary').textContent(), /Danh sách tổ \(53\)/);
  // Each row names its village and commune.
  const napau = phone.locator('#team-list a', { hasText: 'Tổ CNSCĐ Thôn Nà Pầu' });
  assert.match(await napau.textContent(), /Thôn Nà Pầu, Xã Hoà Mục/);
  await phone.locator('#team-more').scrollIntoViewIfNeeded();
  await shot(phone, '80-ds-to-huyen-dien-thoai');
  await phone.getByRole('button', { name: 'Xem thêm' }).click();
  await phone.locator('#team-more', { hasText: '53 / 53 tổ' }).waitFor();
  assert.equal(await phone.locator('#team-list a').count(), 53);
  assert.equal(await phone.locator('#team-more').getByRole('button', { name: 'Xem thêm' }).count(), 0);
  // Tree order with villages in natural order: Thôn 1, Thôn 2, …, Thôn 10, … Thôn 25.
  const names = await phone.locator('#team-list a strong').allTextContents();
  const numbered = names.filter((n) => /^Tổ CNSCĐ Thôn \d+$/.test(n)).map((n) => Number(n.split(' ').pop()));
  assert.deepEqual(numbered, Array.from({ length: VILLAGES }, (_, i) => i + 1));
});

test('phone: the team search narrows the list and the downloads carry it', async () => {
  await phone.locator('#team-q').fill('thon 1');
  await phone.locator('#team-more', { hasText: /^\s*\d+ \/ \d+ tổ/ }).waitFor();
  await phone.waitForFunction(() => document.querySelector('#team-more')?.textContent?.includes('/ 11 tổ'));
  // Thôn 1 and Thôn 10–19: every word is a prefix of a word of the team's name or place.
  const names = await phone.locator('#team-list a strong').allTextContents();
  assert.deepEqual(names, ['Tổ CNSCĐ Thôn 1', ...Array.from({ length: 10 }, (_, i) => `Tổ CNSCĐ Thôn ${10 + i}`)]);
  assert.match(await phone.locator('#teams-xlsx').getAttribute('href'), /teams\.xlsx\?q=thon%201$/);
  assert.match(await phone.locator('#members-xlsx').getAttribute('href'), /members\.xlsx\?q=thon%201$/);
  await shot(phone, '81-tim-to-dien-thoai');
});

test("phone: a commune's villages in natural order", async () => {
  await phone.locator('#team-list a', { hasText: 'Tổ CNSCĐ Thôn 1' }).first().click();
  await phone.locator('#main h1', { hasText: 'Tổ CNSCĐ Thôn 1' }).waitFor();
  await phone.locator('#main .crumbs a', { hasText: 'Xã Hoà Mục' }).click();
  await phone.locator('#main h1', { hasText: 'Xã Hoà Mục' }).waitFor();
  const kids = (await phone.locator('#child-list a strong').allTextContents()).filter((n) => /^Thôn \d+$/.test(n));
  assert.deepEqual(kids, Array.from({ length: VILLAGES }, (_, i) => `Thôn ${i + 1}`));
  // A commune's teams are open at once.
  await phone.locator('#team-list a').first().waitFor();
});

test('phone: the unit search says how many it found and loads more', async () => {
  await phone.goto('/');
  await phone.locator('#q').fill('thon');
  const more = phone.locator('#search-more');
  await more.waitFor();
  const m = /20 \/ (\d+) kết quả/.exec(await more.textContent());
  assert.ok(m, await more.textContent());
  const total = Number(m[1].replace(/\./g, ''));
  assert.ok(total > 40, `total ${total}`);
  assert.equal(await phone.locator('#main .list a.item').count(), 20);
  await shot(phone, '82-tim-don-vi-tong-so');
  await more.getByRole('button', { name: 'Xem thêm' }).click();
  await phone.locator('#search-more', { hasText: `40 / ${m[1]} kết quả` }).waitFor();
  assert.equal(await phone.locator('#main .list a.item').count(), 40);
});

test('phone: activities of a unit, with who logged them, filters and "Xem thêm"', async () => {
  await openChoMoi(phone);
  await phone.locator('#unit-activities').click();
  await phone.locator('#main h1', { hasText: 'Hoạt động · Huyện Chợ Mới' }).waitFor();
  await phone.locator('#act-list li').first().waitFor();
  assert.equal(await phone.locator('#act-list li').count(), 50);
  await phone.locator('#act-more', { hasText: '50 hoạt động (còn nữa)' }).waitFor();
  const first = await phone.locator('#act-list li').first().textContent();
  assert.match(first, /Người ghi:/);
  await shot(phone, '83-hoat-dong-dien-thoai');
  await phone.locator('#act-more').getByRole('button', { name: 'Xem thêm' }).click();
  await phone.waitForFunction(() => document.querySelectorAll('#act-list li').length > 50);
  const ids = await phone.locator('#act-list li').evaluateAll((ls) => ls.map((l) => l.dataset.id));
  assert.equal(new Set(ids).size, ids.length, 'no row twice');
  // One type only.
  await phone.locator('#flt-type').selectOption('tuyen_truyen');
  await phone.waitForURL(/type=tuyen_truyen/);
  await phone.locator('#act-list li').first().waitFor();
  const kinds = await phone.locator('#act-list li strong').allTextContents();
  assert.ok(kinds.length > 0 && kinds.every((k) => k.startsWith('Tuyên truyền chủ trương')), kinds.join('|'));
  // What I logged: the one activity, with my name.
  await phone.locator('#flt-mine').check();
  await phone.waitForURL(/mine=1/);
  await phone.locator('#act-more', { hasText: /^\s*1 hoạt động\s*$/ }).waitFor();
  assert.match(await phone.locator('#act-list li').first().textContent(), /Người ghi: Phòng VH-TT huyện Chợ Mới/);
  assert.match(await phone.locator('#act-list li').first().textContent(), /Xã Hoà Mục/);
  assert.match(await phone.locator('#acts-xlsx').getAttribute('href'), /activities\.xlsx\?.*type=tuyen_truyen.*mine=1/);
  await shot(phone, '84-hoat-dong-cua-toi-dien-thoai');
});

test("phone: a team's page links to its activities", async () => {
  await phone.goto('/');
  await phone.locator('#q').fill('na pau');
  await phone.locator('#main .list a.item', { hasText: 'Thôn Nà Pầu' }).first().click();
  await phone.locator('#team-list a', { hasText: 'Tổ CNSCĐ Thôn Nà Pầu' }).click();
  await phone.locator('#main h1', { hasText: 'Tổ CNSCĐ Thôn Nà Pầu' }).waitFor();
  assert.match(await phone.locator('#team-members-xlsx').getAttribute('href'), /\/api\/v1\/teams\/\d+\/members\.xlsx$/);
  await phone.locator('#team-activities').click();
  await phone.locator('.tag', { hasText: 'Tổ: Tổ CNSCĐ Thôn Nà Pầu' }).waitFor();
  await phone.locator('#act-list li').first().waitFor();
  const teams = await phone.locator('#act-list li a[href^="/teams/"]').allTextContents();
  assert.ok(teams.length > 0 && teams.every((t) => t === 'Tổ CNSCĐ Thôn Nà Pầu'), teams.join('|'));
});

test('desktop: the district page with its teams opened, and the activity list', async () => {
  await login(desk, 'chomoi');
  await setDate(desk, DEMO_DATE);
  await openChoMoi(desk);
  await desk.locator('#teams-fold summary').click();
  await desk.locator('#team-more', { hasText: '50 / 53 tổ' }).waitFor();
  await shot(desk, '85-ds-to-huyen-may-tinh');
  await desk.locator('#unit-activities').click();
  await desk.locator('#act-list li').first().waitFor();
  // The filters sit on one row on a wide screen.
  const [a, b] = await Promise.all(['#flt-type', '#flt-from'].map((s) => desk.locator(s).boundingBox()));
  assert.ok(Math.abs(a.y - b.y) < 4, `type and date filters side by side: ${a.y} ${b.y}`);
  await shot(desk, '86-hoat-dong-may-tinh');
});
