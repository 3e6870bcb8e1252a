// Shared helpers for the browser tests: start a real langso server with the
// demo data on a random port, drive Debian's Chromium through playwright-core.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHOTS = join(ROOT, 'build', 'screenshots');
export const PASSWORD = 'demo1234';
/** The date the demo data describes (Huyện Chợ Mới: 14/14 communes). */
export const DEMO_DATE = '2022-05-04';

// playwright-core is a devDependency of web/ (one `npm ci` there installs it).
const require = createRequire(join(ROOT, 'web', 'package.json'));
const { chromium } = require('playwright-core');
import { startServer as startApiServer } from '../api/lib.mjs';

// The same real server as the API tests, serving the built web app too.
export async function startServer() {
  const dist = join(ROOT, 'web', 'dist');
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist}/index.html is missing: run npm run build in web/`);
  return startApiServer({ args: ['--web', 'web/dist'] });
}

export async function startBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const VN_TIMEZONE = 'Asia/Ho_Chi_Minh';
// The tests' own "today" (new Date() in Node) is Vietnam's too, as the
// server's and the browser's are: every browser test imports this module.
process.env.TZ = VN_TIMEZONE;

/** A phone-sized page (360x740) on the server. */
export async function newPage(browser, baseURL) {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
    locale: 'vi-VN',
    // The people are in Vietnam (UTC+7), as the server's today is: from
    // 17:00 UTC a browser on UTC would still be on the previous day.
    timezoneId: VN_TIMEZONE,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  return page;
}

export async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, name + '.png'), fullPage: true });
}

export async function login(page, who, password = PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập hoặc số điện thoại').fill(who);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { name: 'Tìm đơn vị' }).waitFor();
}

export async function setDate(page, iso) {
  const input = page.locator('#date');
  // Officers find it folded away ("Xem theo cơ cấu hành chính của một ngày khác").
  if (!(await input.isVisible())) await page.locator('details:has(#date) > summary').click();
  await input.fill(iso);
  await input.dispatchEvent('change');
}

/** The scorecard folds the indicators without a target away ("Các chỉ số khác"); open them. */
export async function showAllIndicators(page) {
  await page.locator('#pillars').waitFor();
  const others = page.locator('#others');
  if ((await others.count()) && !(await others.evaluate((d) => d.open))) await others.locator('> summary').click();
}

/** Search from the home page and open the result whose name matches. */
export async function searchAndOpen(page, q, name) {
  await page.getByRole('link', { name: 'Langso' }).click();
  await page.locator('#q').fill(q);
  await page.getByRole('heading', { name: 'Kết quả tìm kiếm' }).waitFor();
  const link = page.locator('#main .list a.item').filter({ hasText: name }).first();
  await link.waitFor();
  await link.click();
  await page.locator('#main h1').filter({ hasText: name }).waitFor();
}

/** Log in through the API from Node; returns { cookie, csrf, user } or the problem. */
export async function apiLogin(baseURL, loginName, password = PASSWORD) {
  const r = await fetch(baseURL + '/api/v1/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: new URL(baseURL).origin },
    body: JSON.stringify({ login: loginName, password }),
  });
  const body = await r.json().catch(() => null);
  const cookie = (r.headers.get('set-cookie') || '').split(';')[0];
  return { status: r.status, body, cookie, csrf: body && body.csrf_token };
}

// One real server, one browser and a phone-sized page for a test file.
export async function openSession() {
  const server = await startServer();
  const browser = await startBrowser();
  const page = await newPage(browser, server.url);
  return { server, browser, page };
}

export async function closeSession(server, browser) {
  await browser?.close();
  await server?.stop();
}

/** Slow 3G (400 kbit/s each way, 400 ms round trip) and a CPU slowed 4×, through CDP: a cheap phone in a village. */
export const SLOW_3G = { offline: false, latency: 400, downloadThroughput: (400 * 1000) / 8, uploadThroughput: (400 * 1000) / 8 };
export async function throttle(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  return cdp;
}
