// The budget of issue 11, on generated national data (`langso gen`: 34
// provinces, 3,321 communes, 99,630 villages, 102,951 teams, 514,781 members)
// in Chromium emulating a cheap phone on slow 3G — 400 kbit/s each way, 400 ms
// round trip, the CPU slowed 4× — at 360×740: every screen an officer of Hà
// Nội (the province with most teams) and an administrator (the nation) open is
// usable within 3 s, and no answer is over 200 KB as sent (compressed).
//
// "Usable" is the screen's own content on it (not a spinner): the summary on
// the home page, the unit's children, the first page of teams, the targets and
// the ranking of the scorecard, the first activities, a team's members, the
// search's results. Time runs from the tap (or the address typed) to that;
// the first screen of a cold start (login) includes downloading the app, the
// later ones reuse it from the HTTP cache as a phone would. Each screen's time,
// the bytes it moved and its largest answer are printed (the figures in
// docs/performance.md come from this test:
// `node --test tests/browser/budget.test.mjs`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer as startApiServer, BIN } from '../api/lib.mjs';
import { ROOT, startBrowser, shot, throttle, VN_TIMEZONE } from './helpers.mjs';

const DATA = resolve(ROOT, '..', 'shared', 'data');
const PASSWORD = 'Ngan-sach-3G-2026';
const BUDGET_MS = 3000;
const MAX_ANSWER = 200 * 1024;

let dir, server, browser;
const results = [];

before(async () => {
  assert.ok(existsSync(join(DATA, 'reform2025_provinces.csv')) || existsSync(DATA), `${DATA}: the national lists are needed beside the clone`);
  dir = mkdtempSync(join(tmpdir(), 'langso-budget-'));
  const db = join(dir, 'national.db');
  execFileSync(BIN, ['gen', '--db', db, '--data', DATA, '--activities', '100000'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const env = { ...process.env, LANGSO_PASSWORD: PASSWORD };
  execFileSync(BIN, ['user', 'add', '--db', db, '--login', 'hanoi', '--role', 'province_officer', '--unit', '01', '--name', 'Cán bộ Sở KH&CN Hà Nội'], { env, stdio: 'ignore' });
  execFileSync(BIN, ['user', 'add', '--db', db, '--login', 'quantri', '--role', 'admin', '--name', 'Quản trị hệ thống'], { env, stdio: 'ignore' });
  server = await startApiServer({ demo: false, db, args: ['--web', 'web/dist'] });
  browser = await startBrowser();
});

after(async () => {
  for (const r of results) console.log(`# ${r.screen}: ${r.ms} ms, ${Math.round(r.bytes / 1024)} KB moved, largest answer ${Math.round(r.largest / 1024)} KB (${r.largestUrl})`);
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A throttled phone; every answer's transferred size is recorded per screen. */
async function slowPhone() {
  const context = await browser.newContext({ timezoneId: VN_TIMEZONE,
    baseURL: server.url, viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'vi-VN',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  const cdp = await throttle(context, page);
  const answers = [];
  // encodedDataLength: the bytes of the answer as sent (headers and the
  // compressed body); a cached asset moves none.
  const urls = new Map();
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, { url: e.response.url, cached: e.response.fromDiskCache || e.response.fromMemoryCache }));
  cdp.on('Network.loadingFinished', (e) => {
    const u = urls.get(e.requestId);
    if (u) answers.push({ url: u.url.replace(server.url, ''), bytes: e.encodedDataLength, cached: u.cached });
  });
  return { page, context, answers };
}

/** Time `go` until `ready` is visible, and check what it downloaded. */
async function screen(phone, name, go, ready) {
  phone.answers.length = 0;
  const t0 = Date.now();
  await go();
  await phone.page.locator(ready).first().waitFor({ state: 'visible' });
  const ms = Date.now() - t0;
  // Answers still in flight when the screen became usable count for it too.
  await phone.page.waitForLoadState('networkidle').catch(() => {});
  await shot(phone.page, 'budget-' + name.replace(/[^a-z0-9]+/gi, '-').toLowerCase());
  const bytes = phone.answers.reduce((s, a) => s + a.bytes, 0);
  const largest = phone.answers.reduce((m, a) => (a.bytes > m.bytes ? a : m), { bytes: 0, url: '' });
  results.push({ screen: name, ms, bytes, largest: largest.bytes, largestUrl: largest.url });
  for (const a of phone.answers) assert.ok(a.bytes <= MAX_ANSWER, `${name}: ${a.url} sent ${a.bytes} bytes (over 200 KB)`);
  assert.ok(ms <= BUDGET_MS, `${name}: usable after ${ms} ms on slow 3G (budget ${BUDGET_MS} ms)`);
  return ms;
}

async function logIn(phone, who) {
  const { page } = phone;
  await screen(phone, `${who}: đăng nhập (tải ứng dụng)`, () => page.goto('/login'), '#main button[type=submit]');
  await page.getByLabel('Tên đăng nhập hoặc số điện thoại').fill(who);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
}

test('a provincial officer of Hà Nội: every screen within 3 s on slow 3G, no answer over 200 KB', async () => {
  const phone = await slowPhone();
  const { page } = phone;
  await logIn(phone, 'hanoi');
  // The first screen after logging in: Hà Nội's summary, what lags first.
  await screen(phone, 'hanoi: trang đầu (tóm tắt)', () => page.getByRole('button', { name: 'Đăng nhập' }).click(), '#summary #sum-counts');
  assert.match(await page.locator('#summary h2').innerText(), /Hà Nội/);
  // The unit page: its communes (126 of them), the teams folded away.
  const unitPath = await page.locator('#summary a.btn', { hasText: 'Đơn vị và các tổ' }).getAttribute('href');
  assert.match(unitPath, /^\/units\/\d+$/);
  await screen(phone, 'hanoi: trang tỉnh', () => page.goto(unitPath), '#main .list a.item');
  // 3,9 thousand teams: the first 50 of them when the fold is opened.
  await screen(phone, 'hanoi: mở danh sách tổ', () => page.locator('#teams-fold > summary').click(), '#team-list li');
  assert.match(await page.locator('#main').innerText(), /50 \/ [\d.]+ tổ/);
  // The scorecard: targets, the ranking of its communes.
  await screen(phone, 'hanoi: bảng chỉ tiêu', () => page.goto(unitPath + '/scorecard'), '#targets');
  await page.locator('#rank-list li').first().waitFor();
  // The activities of the province, newest first.
  const id = unitPath.split('/').pop();
  await screen(phone, 'hanoi: danh sách hoạt động', () => page.goto('/activities/list?unit=' + id), '#act-list li');
  // A team, its members.
  await page.goto(unitPath);
  await page.locator('#teams-fold > summary').click();
  const team = await page.locator('#team-list a.item').first().getAttribute('href');
  await screen(phone, 'hanoi: một tổ', () => page.goto(team), '#main h1');
  // The search of units.
  await page.goto('/');
  await page.locator('#summary').waitFor();
  await screen(phone, 'hanoi: tìm "phuc"', () => page.locator('#q').fill('phuc'), '#main section:has(#res-h:text("Kết quả tìm kiếm")) a.item');
  await phone.context.close();
});

test('the administrator: the nation and the ranking of every commune within 3 s on slow 3G', async () => {
  const phone = await slowPhone();
  const { page } = phone;
  await logIn(phone, 'quantri');
  await screen(phone, 'quantri: trang đầu (cả nước)', () => page.getByRole('button', { name: 'Đăng nhập' }).click(), '#summary #sum-counts');
  await screen(phone, 'quantri: bảng chỉ tiêu cả nước', () => page.goto('/units/0/scorecard'), '#targets');
  await page.locator('#rank-list li').first().waitFor();
  // All 3,321 communes of the nation ranked, 50 at a time.
  await screen(phone, 'quantri: xếp hạng tất cả xã', () => page.locator('#ranking button.chip', { hasText: 'Tất cả xã' }).click(),
    '#rank-more:has-text("xã")');
  assert.match(await page.locator('#rank-more').innerText(), /^50 \/ 3\.\d{3} xã/);
  await screen(phone, 'quantri: xếp hạng — xem thêm', () => page.locator('#rank-more button', { hasText: 'Xem thêm' }).click(),
    '#rank-list li:nth-child(100)');
  assert.match(await page.locator('#rank-more').innerText(), /^100 \/ 3\.\d{3} xã/);
  await phone.context.close();
});
