#!/usr/bin/env node
// The field app's budgets (issue 13), measured — no assertions (the numbers go
// to docs/performance.md). A demo server with a village of 300 households and
// 1,200 people (Thôn Nà Pầu, made through the API), Chromium emulating a cheap
// phone on slow 3G (400 kbit/s each way, 400 ms round trip, CPU slowed 4×,
// 360×740) through CDP:
//   - first visit: the log-in screen usable (typed address → form), nothing cached;
//   - log-in → the "Đồng bộ" screen with the village downloaded (the first sync);
//   - the village download: the /api/v1/sync answer's bytes on the wire and its time;
//   - from cache: the app reopened offline (service worker) → the screen usable;
//   - a sync of 20 changes queued offline, from the connection's return to 0 waiting;
//   - from cache on slow 3G (online): the app reopened → the screen usable;
//   - the field screens' JavaScript as sent (compressed);
//   - installability as Chromium reports it (Page.getInstallabilityErrors), in the test's
//     incognito context and in a real profile on each field screen.
//
//   node bench/offline.mjs        (after cmake --build build and npm run build in web/)
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { startServer, loginAll, unitByName, newKey, ROOT } from '../tests/api/lib.mjs';
import { SLOW_3G, throttle } from '../tests/browser/helpers.mjs';

const require = createRequire(join(ROOT, 'web', 'package.json'));
const { chromium } = require('playwright-core');
const HOUSEHOLDS = 300, PEOPLE_PER_HOUSEHOLD = 4;

const server = await startServer({ args: ['--web', 'web/dist'] });
const out = {};
try {
  const c = await loginAll(server.url, ['thanhvien']);
  const naPau = await unitByName(c.thanhvien, 'Thôn Nà Pầu');
  const t0 = Date.now();
  const names = ['Hoàng Văn', 'Nông Thị', 'Lục Văn', 'Ma Thị', 'Triệu Văn', 'Đàm Thị'];
  for (let h = 1; h <= HOUSEHOLDS; h++) {
    const hh = await c.thanhvien.post('/api/v1/households', { unit_id: naPau.id, hamlet: `Xóm ${1 + (h % 6)}`, house_number: String(h), phone: null, fibre: h % 3 === 0 },
      { headers: { 'Idempotency-Key': newKey('bh') } });
    if (hh.status !== 201) throw new Error(hh.text);
    for (let p = 0; p < PEOPLE_PER_HOUSEHOLD; p++) {
      const r = await c.thanhvien.post(`/api/v1/households/${hh.json.id}/residents`,
        { full_name: `${names[(h + p) % names.length]} Thử ${h}-${p}`, birth_year: 1950 + ((h * 7 + p * 13) % 70), sex: p % 2 ? 'nu' : 'nam', ethnic: 'tay', from: '2024-01-01' },
        { headers: { 'Idempotency-Key': newKey('bp') } });
      if (r.status !== 201) throw new Error(r.text);
    }
  }
  out.seed_s = Math.round((Date.now() - t0) / 100) / 10;

  // The server's own time for the download, without the network.
  const s0 = Date.now();
  const direct = await c.thanhvien.post('/api/v1/sync', {});
  out.server_download_ms = Date.now() - s0;
  out.download_households = direct.json.changes.households.length;
  out.download_people = direct.json.changes.residents.length;
  out.download_json_kb = Math.round(Buffer.byteLength(direct.text) / 1024);
  out.download_gzip_kb = Math.round(gzipSync(direct.text).length / 1024);

  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'vi-VN' });
  const page = await context.newPage();
  page.setDefaultTimeout(60000);
  const cdp = await throttle(context, page);
  const answers = [];
  const urls = new Map();
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, { url: e.response.url.replace(server.url, ''), type: e.type }));
  cdp.on('Network.loadingFinished', (e) => {
    const u = urls.get(e.requestId);
    if (u) answers.push({ ...u, bytes: e.encodedDataLength });
  });

  let t = Date.now();
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập hoặc số điện thoại').waitFor();
  out.first_visit_ms = Date.now() - t;
  out.first_visit_js_kb = Math.round(answers.filter((a) => a.url.endsWith('.js')).reduce((s, a) => s + a.bytes, 0) / 102.4) / 10;

  answers.length = 0;
  t = Date.now();
  await page.getByLabel('Tên đăng nhập hoặc số điện thoại').fill('thanhvien');
  await page.getByLabel('Mật khẩu').fill('demo1234');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { name: 'Tìm đơn vị' }).waitFor();
  await page.goto('/offline');
  await page.locator('#area-counts', { hasText: `${HOUSEHOLDS} hộ` }).waitFor();
  out.login_to_village_ms = Date.now() - t;
  const syncs = answers.filter((a) => a.url.startsWith('/api/v1/sync'));
  out.village_download_kb = Math.round(Math.max(...syncs.map((a) => a.bytes)) / 102.4) / 10;

  // The field screens' JavaScript: what /offline loads, as sent.
  answers.length = 0;
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await page.evaluate(() => navigator.serviceWorker.getRegistrations().then((rs) => Promise.all(rs.map((r) => r.unregister()))));
  await page.reload();
  await page.locator('#area-counts', { hasText: `${HOUSEHOLDS} hộ` }).waitFor();
  out.field_js_kb = Math.round(answers.filter((a) => a.url.endsWith('.js') && !a.url.includes('sw.js')).reduce((s, a) => s + a.bytes, 0) / 102.4) / 10;
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
  await page.reload();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForFunction(() => !!navigator.serviceWorker.controller);
  await page.locator('#area-counts', { hasText: `${HOUSEHOLDS} hộ` }).waitFor();

  // Installable: what Chromium itself says (no errors: the install prompt can show).
  const inst = await cdp.send('Page.getInstallabilityErrors');
  out.installability_errors = JSON.stringify(inst.installabilityErrors.map((e) => e.errorId));
  const manifest = await cdp.send('Page.getAppManifest');
  out.manifest_errors = JSON.stringify(manifest.errors.map((e) => e.message));

  // From cache, offline: the app reopened.
  await cdp.send('Network.emulateNetworkConditions', { ...SLOW_3G, offline: true });
  await context.setOffline(true);
  t = Date.now();
  await page.reload();
  await page.locator('#area-counts', { hasText: `${HOUSEHOLDS} hộ` }).waitFor();
  out.from_cache_ms = Date.now() - t;

  // 20 changes queued offline, then the connection returns.
  const form = page.locator('#offline-activity');
  await form.locator('#oa-type').selectOption('vi_dien_tu');
  for (let i = 1; i <= 20; i++) {
    await form.locator('#oa-q-accounts').fill(String(i));
    await form.getByRole('button', { name: 'Lưu hoạt động' }).click();
    await page.waitForFunction((n) => document.querySelector('#pending-count').textContent.trim() === String(n), i);
  }
  answers.length = 0;
  t = Date.now();
  await context.setOffline(false);
  await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
  await page.waitForFunction(() => document.querySelector('#pending-count').textContent.trim() === '0');
  out.sync_20_ms = Date.now() - t;

  // From cache with the slow connection on: the app opens from the service
  // worker and the phone's data; the session check and the sync run behind.
  t = Date.now();
  await page.reload();
  await page.locator('#area-counts', { hasText: `${HOUSEHOLDS} hộ` }).waitFor();
  out.from_cache_online_ms = Date.now() - t;
  await browser.close();

  // Installable in a real (not incognito) profile: what Chromium says on each field screen.
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const profile = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'langso-install-')), {
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox'],
    baseURL: server.url, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true,
  });
  const p2 = profile.pages()[0] || await profile.newPage();
  await p2.goto('/login');
  await p2.getByLabel('Tên đăng nhập hoặc số điện thoại').fill('thanhvien');
  await p2.getByLabel('Mật khẩu').fill('demo1234');
  await p2.getByRole('button', { name: 'Đăng nhập' }).click();
  await p2.waitForFunction(() => location.pathname !== '/login');
  await p2.evaluate(() => navigator.serviceWorker.ready);
  const cdp2 = await profile.newCDPSession(p2);
  const installable = {};
  for (const path of ['/offline', '/activities/new', `/units/${naPau.id}/households`]) {
    await p2.goto(path);
    await p2.waitForFunction(() => !!navigator.serviceWorker.controller);
    await p2.locator('#main h1').waitFor();
    installable[path] = (await cdp2.send('Page.getInstallabilityErrors')).installabilityErrors.map((e) => e.errorId);
  }
  out.installability_errors_profile = JSON.stringify(installable);
  await profile.close();
} finally {
  await server.stop();
}
for (const [k, v] of Object.entries(out)) console.log(`${k}: ${v}`);
