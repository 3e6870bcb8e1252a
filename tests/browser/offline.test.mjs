// The field app without a connection (issue 13), on a phone-sized Chromium:
// the app opens offline from the service worker's cache, activities and
// visits wait in the outbox across a closed page, are saved exactly once
// when the connection returns (even when it is cut in the middle of a sync),
// a refused change shows its reason, two phones editing one person follow the
// conflict rule, and an app update keeps what is queued.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, shot, login, startBrowser, apiLogin, VN_TIMEZONE } from './helpers.mjs';
import { startServer as startApiServer, sqlCount, sqlWrite, scoreIndicator, freePort, createDb, dropDb } from '../api/lib.mjs';

let server, browser, port, web, dbDir, naPau, team, household, person, today;
const NOTE = 'ngoai-tuyen';

// The built app, copied so that a "new version" can be served later (the update test).
function copyDist() {
  const dir = mkdtempSync(join(tmpdir(), 'langso-web-'));
  cpSync(join(ROOT, 'web', 'dist'), dir, { recursive: true });
  return dir;
}
async function start(db) {
  return startApiServer({ args: ['--web', web], listen: `127.0.0.1:${port}`, db });
}

async function api(who, method, path, body, key) {
  const s = await apiLogin(server.url, who);
  const headers = { Cookie: s.cookie, 'X-CSRF-Token': s.csrf, Origin: server.url, 'Content-Type': 'application/json' };
  if (key) headers['Idempotency-Key'] = key;
  const r = await fetch(server.url + '/api/v1' + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : null };
}

before(async () => {
  port = await freePort();
  web = copyDist();
  // A database of this file's own: the update test restarts the server on it and the data stays.
  dbDir = mkdtempSync(join(tmpdir(), 'langso-offline-db-'));
  server = await start(createDb(dbDir));
  browser = await startBrowser();
  const units = (await api('admin', 'GET', '/units?limit=100&date=2022-05-04&q=' + encodeURIComponent('Nà Pầu'))).json;
  naPau = units.items.find((u) => u.name === 'Thôn Nà Pầu');
  assert.ok(naPau, 'Thôn Nà Pầu');
  today = (await api('admin', 'GET', '/meta')).json.today;
  const teams = (await api('admin', 'GET', `/units/${naPau.id}/teams`)).json.items;
  team = teams.find((t) => t.unit_id === naPau.id);
  household = (await api('thanhvien', 'POST', '/households', { unit_id: naPau.id, hamlet: 'Xóm Khuổi', house_number: '3' }, 'hh-offline-1')).json;
  person = (await api('thanhvien', 'POST', `/households/${household.id}/residents`, { full_name: 'Ma Văn Gốc', birth_year: 1975, sex: 'nam' }, 'p-offline-1')).json;
  assert.ok(household.id && person.id);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (server) dropDb(server.db);
  rmSync(dbDir, { recursive: true, force: true });
});

async function phone(extra = {}) {
  const context = await browser.newContext({
    baseURL: server.url, viewport: { width: 360, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'vi-VN',
    serviceWorkers: 'allow', ...extra,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  return { context, page };
}

/** Logs in, waits for the first sync and for the service worker to hold the app. */
async function fieldLogin(page, who) {
  await login(page, who);
  await page.goto('/offline');
  await page.locator('#last-sync', { hasText: 'Lần đồng bộ cuối' }).waitFor();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForFunction(() => !!navigator.serviceWorker.controller);
  await page.locator('#area-counts').waitFor();
}

// What the phone's copy of Nà Pầu must show: the server's households (lived in or not) and residents today.
const areaCounts = async () => {
  const l = (await api('thanhvien', 'GET', `/units/${naPau.id}/households`)).json;
  return `${(l.households + l.households_empty).toLocaleString('vi-VN')} hộ · ${l.residents.toLocaleString('vi-VN')} nhân khẩu`;
};
const pending = async (page) => Number((await page.locator('#pending-count').textContent()).replace(/\./g, ''));
const count = (q) => sqlCount(server.db, q);
const accountsToday = async () => {
  // The phone's today may be the server's yesterday (the server counts in Vietnam time).
  const from = new Date(Date.parse(today) - 86400000).toISOString().slice(0, 10);
  const sc = (await api('thanhvien', 'GET', `/units/${naPau.id}/scorecard?from=${from}&to=${today}`)).json;
  return scoreIndicator(sc, 'vi_dien_tu')?.value ?? 0;
};

async function logActivity(page, accounts, { date } = {}) {
  const form = page.locator('#offline-activity');
  await form.locator('#oa-type').selectOption('vi_dien_tu');
  if (date) await form.locator('#oa-date').fill(date.split('-').reverse().join('/'));
  await form.locator('#oa-q-accounts').fill(String(accounts));
  await form.locator('#oa-note').fill(NOTE);
  const before = await pending(page);
  await form.getByRole('button', { name: 'Lưu hoạt động' }).click();
  await page.waitForFunction((n) => Number(document.querySelector('#pending-count').textContent.replace(/\./g, '')) > n
    || document.querySelector('#refused-count'), before);
}

async function logVisit(page, note) {
  const form = page.locator('#offline-visit');
  await form.locator('#ov-hh').selectOption(String(household.id));  // the village has other households too
  await form.locator('#ov-note').fill(note);
  const before = await pending(page);
  await form.getByRole('button', { name: 'Lưu lượt đến hộ' }).click();
  await page.waitForFunction((n) => Number(document.querySelector('#pending-count').textContent.replace(/\./g, '')) > n, before);
}

test('offline: the app opens, 5 activities and 3 visits wait across a closed page, then are saved exactly once and counted', async () => {
  const { context, page } = await phone();
  await fieldLogin(page, 'thanhvien');
  const accounts0 = await accountsToday();
  const acts0 = count(`SELECT COUNT(*) FROM activities WHERE note = '${NOTE}' AND deleted_at IS NULL`);
  const visits0 = count(`SELECT COUNT(*) FROM visits WHERE household_id = ${household.id}`);

  await context.setOffline(true);
  await page.reload();
  await page.locator('#main h1', { hasText: 'Đồng bộ' }).waitFor();
  await page.locator('h2', { hasText: 'Đang ngoại tuyến' }).waitFor();
  const counts = await areaCounts();
  assert.ok((await page.locator('#area-counts').textContent()).startsWith(counts), `offline: ${counts}`);
  for (let i = 1; i <= 5; i++) await logActivity(page, i);
  // No household is chosen for the member: saved as it opens, the form asks which, and nothing waits.
  const visitForm = page.locator('#offline-visit');
  assert.equal(await visitForm.locator('#ov-hh').inputValue(), '');
  await visitForm.getByRole('button', { name: 'Lưu lượt đến hộ' }).click();
  await visitForm.getByRole('alert').filter({ hasText: 'Hãy chọn hộ đã đến' }).waitFor();
  assert.equal(await pending(page), 5);
  // The household's own button in the list chooses it for the form.
  await page.locator('#household-list summary', { hasText: 'Số 3, Xóm Khuổi' }).click();
  await page.locator('#household-list').getByRole('button', { name: 'Ghi lượt đến hộ này' }).first().click();
  await page.waitForFunction((id) => document.querySelector('#ov-hh').value === id, String(household.id));
  await shot(page, '90b-ngoai-tuyen-chon-ho');
  await visitForm.locator('#ov-hh').selectOption('');
  for (let i = 1; i <= 3; i++) await logVisit(page, `Lượt ${i}`);
  assert.equal(await pending(page), 8);
  assert.match(await page.locator('#sync-link').textContent(), /8/);
  await shot(page, '90-ngoai-tuyen-cho-gui');

  // Close the page, open the app again, still offline: still queued.
  await page.close();
  const again = await context.newPage();
  await again.goto('/');
  await again.locator('#main h1', { hasText: 'Đồng bộ' }).waitFor();
  await again.locator('#sync-link').click();
  await again.locator('#pending-list li').nth(7).waitFor();
  assert.equal(await pending(again), 8);
  assert.equal(count(`SELECT COUNT(*) FROM activities WHERE note = '${NOTE}'`), acts0, 'nothing reached the server');

  // The connection returns: each saved once, counted in the village's totals.
  await context.setOffline(false);
  await again.waitForFunction(() => document.querySelector('#pending-count').textContent.trim() === '0');
  assert.equal(count(`SELECT COUNT(*) FROM activities WHERE note = '${NOTE}' AND deleted_at IS NULL`), acts0 + 5);
  assert.equal(count(`SELECT COUNT(*) FROM visits WHERE household_id = ${household.id}`), visits0 + 3);
  assert.equal(await accountsToday(), accounts0 + 1 + 2 + 3 + 4 + 5);
  await again.locator('#last-sync', { hasText: 'Lần đồng bộ cuối' }).waitFor();
  await shot(again, '91-da-dong-bo');

  // The connection is cut in the middle of a sync: the server saved, the answer was lost.
  await context.setOffline(true);
  await logActivity(again, 7);
  await logActivity(again, 8);
  let cut = 0;
  await context.route('**/api/v1/sync', async (route) => {
    await route.fetch();  // reaches the server, which saves both
    cut++;
    await route.abort('connectionreset');
  });
  await context.setOffline(false);
  await again.waitForFunction(() => true);
  await again.locator('#sync-now').click();
  await new Promise((ok) => { const t = setInterval(() => { if (cut > 0) { clearInterval(t); ok(); } }, 50); });
  assert.equal(count(`SELECT COUNT(*) FROM activities WHERE note = '${NOTE}' AND deleted_at IS NULL`), acts0 + 7, 'saved by the server');
  await again.waitForFunction(() => !document.querySelector('[role="status"]')?.textContent.includes('Đang đồng bộ'));
  assert.equal(await pending(again), 2, 'the answer was lost: both still queued on the phone');
  await context.unroute('**/api/v1/sync');
  await again.locator('#sync-now').click();
  await again.waitForFunction(() => document.querySelector('#pending-count').textContent.trim() === '0');
  assert.equal(count(`SELECT COUNT(*) FROM activities WHERE note = '${NOTE}' AND deleted_at IS NULL`), acts0 + 7, 'nothing doubled');
  assert.equal(await accountsToday(), accounts0 + 15 + 7 + 8);
  await context.close();
});

test('a change the server refuses shows its reason and stays to fix or discard', async () => {
  const { context, page } = await phone();
  await fieldLogin(page, 'thanhvien');
  await context.setOffline(true);
  const tomorrow = new Date(Date.parse(today) + 2 * 86400000).toISOString().slice(0, 10);
  await logActivity(page, 3, { date: tomorrow });
  await context.setOffline(false);
  const item = page.locator('#refused-list li');
  await item.waitFor();
  assert.match(await item.textContent(), /tương lai/);
  assert.equal(await page.locator('#refused-count').textContent(), '1');
  await shot(page, '92-bi-tu-choi');
  await item.getByRole('button', { name: 'Bỏ thay đổi này' }).click();
  await page.locator('#refused-list').waitFor({ state: 'detached' });
  await context.close();
});

test('a session that expires while offline keeps the outbox; after logging in again it is sent', async () => {
  const { context, page } = await phone();
  await fieldLogin(page, 'thanhvien');
  const mine = () => count(`SELECT COUNT(*) FROM activities WHERE note = '${NOTE}' AND q1 = 33 AND deleted_at IS NULL`);
  const before0 = mine();
  await context.setOffline(true);
  await logActivity(page, 33);
  // Meanwhile the session ends on the server (expired, or ended by an administrator).
  const me = (await api('thanhvien', 'GET', '/session')).json.user.id;
  sqlWrite(server.db, `DELETE FROM sessions WHERE user_id = ${me}`);
  await context.route('**/api/v1/session', (route) => (route.request().method() === 'GET' ? route.abort('connectionrefused') : route.continue()));
  await page.waitForTimeout(6000);  // past the server's session cache (App::kSessionCacheSeconds)
  await context.setOffline(false);
  // The server's session cache lasts a few seconds: the app finds out at its next request
  // (the sync says "Đăng nhập lại"; any other screen's request opens the log-in).
  const relogin = page.getByRole('button', { name: 'Đăng nhập lại' });
  const form = page.getByLabel('Tên đăng nhập hoặc số điện thoại');
  for (let i = 0; i < 60 && !(await relogin.isVisible()) && !(await form.isVisible()); i++) {
    const b = page.locator('#sync-now');
    if ((await b.count()) && (await b.isEnabled())) await b.click().catch(() => undefined);
    await page.waitForTimeout(250);
  }
  await context.unroute('**/api/v1/session');
  assert.equal(mine(), before0, 'nothing saved without a session');
  if (await relogin.isVisible()) {
    assert.equal(await pending(page), 1, 'kept');
    await shot(page, '96-phien-het-han');
    await relogin.click();
  }
  await form.fill('thanhvien');
  await page.getByLabel('Mật khẩu').fill('demo1234');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForFunction(() => location.pathname === '/offline' || location.pathname === '/');
  await page.goto('/offline');
  // The count reads 0 for a moment while the page opens (before the outbox is read): wait for the server's row.
  for (let i = 0; i < 120 && mine() !== before0 + 1; i++) await page.waitForTimeout(250);
  await page.waitForFunction(() => document.querySelector('#pending-count')?.textContent.trim() === '0');
  assert.equal(mine(), before0 + 1, 'sent once after the log-in');
  await context.close();
});

test('two phones edit the same person offline: first synced wins, the other sees the conflict, the officer too', async () => {
  const a = await phone();
  const b = await phone();
  await fieldLogin(a.page, 'hoamuc');
  await fieldLogin(b.page, 'thanhvien');
  await a.context.setOffline(true);
  await b.context.setOffline(true);
  for (const [p, name] of [[a.page, 'Ma Văn Gốc (xã sửa)'], [b.page, 'Ma Văn Gốc (thôn sửa)']]) {
    await p.locator('#household-list summary', { hasText: 'Số 3, Xóm Khuổi' }).click();
    const row = p.locator(`li.person[data-id="${person.id}"]`);
    await row.getByRole('button', { name: /Sửa/ }).click();
    await row.getByLabel('Họ và tên').fill(name);
    await row.getByRole('button', { name: 'Lưu' }).click();
    await p.waitForFunction(() => document.querySelector('#pending-count').textContent.trim() === '1');
  }
  await a.context.setOffline(false);
  await a.page.waitForFunction(() => document.querySelector('#pending-count').textContent.trim() === '0');
  await b.context.setOffline(false);
  await b.page.waitForFunction(() => document.querySelector('#pending-count').textContent.trim() === '0');
  const conflict = b.page.locator('#conflict-list li');
  await conflict.waitFor();
  assert.match(await conflict.textContent(), /Họ và tên: bạn ghi «Ma Văn Gốc \(thôn sửa\)», đang giữ «Ma Văn Gốc \(xã sửa\)»/);
  const now = (await api('hoamuc', 'GET', `/residents/${person.id}`)).json;
  assert.equal(now.full_name, 'Ma Văn Gốc (xã sửa)', 'first synced wins');
  // The officer's screen lists the commune's conflicts.
  await a.page.locator('#sync-now').click();
  await a.page.locator('#commune-conflicts li', { hasText: 'Ma Văn Gốc (thôn sửa)' }).waitFor();
  await shot(a.page, '97-xung-dot-cua-xa');
  const officer = (await api('hoamuc', 'GET', '/sync/conflicts')).json.items;
  assert.ok(officer.some((c) => c.entity_id === person.id && c.field === 'full_name' && c.mine === 'Ma Văn Gốc (thôn sửa)'));
  await shot(b.page, '93-xung-dot');
  await a.context.close();
  await b.context.close();
});

// The main "Ghi hoạt động" form, as a member fills it in the village.
async function logMain(page, accounts, note) {
  const tile = page.getByRole('radio', { name: 'Hướng dẫn mở tài khoản ví điện tử' });
  if (await tile.isVisible()) await tile.click();
  await page.getByText('Viettel Money', { exact: true }).click();
  await page.getByLabel('Số tài khoản mở mới').fill(String(accounts));
  await page.getByLabel('Ghi chú (không bắt buộc)').fill(note);
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
}

// Every text #pending-count shows from the page's first paint (a MutationObserver
// sees each render, however short): the count must never read a false "0".
const recordCounts = () => {
  window.__counts = [];
  new MutationObserver(() => {
    const t = document.querySelector('#pending-count')?.textContent;
    if (t !== undefined && window.__counts[window.__counts.length - 1] !== t) window.__counts.push(t);
  }).observe(document, { subtree: true, childList: true, characterData: true });
};

test('the main "Ghi hoạt động" form and the household screen work offline: one outbox, each saved once, counted', async () => {
  const { context, page } = await phone();
  await fieldLogin(page, 'thanhvien');
  const MAIN = 'bieu-mau-chinh';
  const mine = () => count(`SELECT COUNT(*) FROM activities WHERE note = '${MAIN}' AND deleted_at IS NULL`);
  const visits = () => count(`SELECT COUNT(*) FROM visits WHERE household_id = ${household.id}`);
  const acts0 = mine(), visits0 = visits(), accounts0 = await accountsToday();
  const badge = () => page.locator('#sync-link .badge');

  // Online, but the answer is lost on the way (the server did save it): the
  // form puts it in the outbox with the same key; the sync is answered as a replay.
  await page.goto('/activities/new');
  await page.locator('#log-team').waitFor();
  let lost = 0;
  await context.route('**/api/v1/activities', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    await route.fetch();
    lost++;
    await route.abort('connectionreset');
  });
  await logMain(page, 11, MAIN);
  await page.locator('#queued', { hasText: 'Đã lưu trên máy, sẽ gửi khi có mạng' }).waitFor();
  assert.equal(lost, 1);
  await context.unroute('**/api/v1/activities');
  await page.waitForFunction(() => !document.querySelector('#sync-link .badge'));  // sent: the outbox is empty
  assert.equal(mine(), acts0 + 1, 'the lost attempt and its sync: saved once');

  // No connection at all: the main form opens from the phone and queues.
  await context.setOffline(true);
  await page.reload();
  await page.locator('#log-team', { hasText: /Nà Pầu/ }).waitFor();
  await logMain(page, 12, MAIN);
  await page.locator('#queued', { hasText: 'Đã lưu trên máy, sẽ gửi khi có mạng' }).waitFor();
  await badge().filter({ hasText: '1' }).waitFor();
  await shot(page, '98-ghi-hoat-dong-ngoai-tuyen');

  // The door-to-door screen, offline: the household from the phone, the visit into the same outbox.
  await page.goto(`/households/${household.id}`);
  await page.locator('#main h1', { hasText: 'Xóm Khuổi, số 3' }).waitFor();
  const card = page.locator('section.card', { has: page.getByRole('heading', { name: /Ma Văn Gốc/ }) });
  await card.locator('label.chip', { hasText: 'Có điện thoại thông minh' }).click();
  await page.locator('#visit-save').click();
  await page.locator('.msg.ok', { hasText: /Đã lưu trên máy, sẽ gửi khi có mạng.*1 thay đổi/ }).waitFor();
  await badge().filter({ hasText: '2' }).waitFor();
  await shot(page, '99-den-ho-ngoai-tuyen');

  // Reopened offline: still queued.
  await page.goto('/offline');
  await page.locator('#pending-list li').nth(1).waitFor();
  assert.equal(await pending(page), 2);

  // While the outbox cannot be read yet (another tab holds it in a write), the
  // count says "…", never a false "0"; then the real count.
  const other = await context.newPage();
  await other.goto('/offline');
  await other.locator('#pending-list li').nth(1).waitFor();
  await other.evaluate(() => new Promise((ok) => {
    const r = indexedDB.open('langso-offline');
    r.onsuccess = () => {
      const st = r.result.transaction('outbox', 'readwrite').objectStore('outbox');
      let hold = true;
      window.__release = () => { hold = false; };
      const spin = () => { if (hold) st.get(0).onsuccess = spin; };
      spin();
      ok();
    };
  }));
  await context.addInitScript(recordCounts);
  await page.reload();
  await page.locator('#pending-count').waitFor();
  assert.equal(await page.locator('#pending-count').textContent(), '…', 'not read yet');
  await other.evaluate(() => window.__release());
  await page.waitForFunction(() => document.querySelector('#pending-count').textContent === '2');
  const seen = await page.evaluate(() => window.__counts);
  assert.ok(!seen.includes('0'), `never a false 0: ${seen}`);
  await other.close();
  const labels = await page.locator('#pending-list li').allTextContents();
  assert.ok(labels.some((l) => /Hướng dẫn mở tài khoản ví điện tử · .* · 12 tài khoản/.test(l)), labels.join(' | '));
  assert.ok(labels.some((l) => /Đến hộ Xóm Khuổi, số 3/.test(l)), labels.join(' | '));
  assert.equal(mine(), acts0 + 1, 'nothing reached the server');
  assert.equal(visits(), visits0);

  // Online: each saved once, counted in the village's totals.
  await context.setOffline(false);
  await page.waitForFunction(() => document.querySelector('#pending-count').textContent.trim() === '0');
  assert.equal(mine(), acts0 + 2);
  assert.equal(visits(), visits0 + 1);
  assert.equal(await accountsToday(), accounts0 + 11 + 12);
  const hh = (await api('thanhvien', 'GET', `/households/${household.id}`)).json;
  assert.equal(hh.visits.filter((v) => v.changes.length === 1).length, 1, 'the visit with its status change');
  await context.close();
});

test('reopened on a connection that hardly answers, the field app paints from the phone; the session is checked behind it', async () => {
  const { context, page } = await phone();
  await fieldLogin(page, 'thanhvien');
  let release;
  const held = new Promise((ok) => { release = ok; });
  let asked = 0;
  await context.route('**/api/v1/session', async (route) => {
    if (route.request().method() !== 'GET') return route.continue();
    asked++;
    await held;  // no answer yet: the slow connection
    await route.continue().catch(() => undefined);
  });
  await page.reload();
  await page.locator('#area-counts', { hasText: await areaCounts() }).waitFor();
  await page.locator('#offline-activity #oa-type').waitFor();  // the catalogue from the phone too
  assert.equal(asked, 1, 'the session check is still unanswered');
  release();
  await page.locator('#last-sync', { hasText: 'Lần đồng bộ cuối' }).waitFor();
  await context.unroute('**/api/v1/session');
  await context.close();
});

// Waits (bounded) for the server to hold `want` rows of the query.
async function serverRows(q, want, tries = 120) {
  for (let i = 0; i < tries && count(q) !== want; i++) await new Promise((ok) => setTimeout(ok, 250));
  return count(q);
}

test('Background Sync: a change queued offline is sent by the service worker once the connection returns, the page closed', async () => {
  const { context, page } = await phone();
  await fieldLogin(page, 'thanhvien');
  assert.ok(await page.evaluate(async () => !!(await navigator.serviceWorker.ready).sync), 'this Chromium has Background Sync');
  const q = `SELECT COUNT(*) FROM activities WHERE note = '${NOTE}' AND q1 = 55 AND deleted_at IS NULL`;
  const before0 = count(q);
  await context.setOffline(true);
  await logActivity(page, 55);
  assert.deepEqual(await page.evaluate(async () => (await navigator.serviceWorker.ready).sync.getTags()), ['langso-outbox'], 'a sync is asked for');
  await page.close();
  assert.equal(context.pages().length, 0, 'no page of the app is open');
  await context.setOffline(false);
  // Only the service worker can send it now: the browser fires its sync event when the connection is back.
  assert.equal(await serverRows(q, before0 + 1), before0 + 1, 'sent by the service worker');
  // Opened later: nothing waits, nothing is sent twice.
  const again = await context.newPage();
  await again.goto('/offline');
  await again.waitForFunction(() => document.querySelector('#pending-count')?.textContent.trim() === '0');
  assert.equal(count(q), before0 + 1);
  await context.close();
});

test('without Background Sync (Firefox, Safari): sent on the online event, and on opening the app', async () => {
  const { context, page } = await phone();
  // The browser lacks the API (ours is untouched): only the page's fallbacks send.
  await context.addInitScript(() => { delete ServiceWorkerRegistration.prototype.sync; });
  await fieldLogin(page, 'thanhvien');
  assert.equal(await page.evaluate(async () => 'sync' in (await navigator.serviceWorker.ready)), false);
  const q = (n) => `SELECT COUNT(*) FROM activities WHERE note = '${NOTE}' AND q1 = ${n} AND deleted_at IS NULL`;
  const a0 = count(q(56)), b0 = count(q(57));
  // The page open: the online event sends it.
  await context.setOffline(true);
  await logActivity(page, 56);
  await context.setOffline(false);
  await page.waitForFunction(() => document.querySelector('#pending-count').textContent.trim() === '0');
  assert.equal(count(q(56)), a0 + 1, 'sent on the online event');
  // The page closed while offline: sent when the app is opened again.
  await context.setOffline(true);
  await logActivity(page, 57);
  await page.close();
  await context.setOffline(false);
  assert.equal(count(q(57)), b0, 'nothing sends it with the app closed');
  const again = await context.newPage();
  await again.goto('/');
  assert.equal(await serverRows(q(57), b0 + 1), b0 + 1, 'sent on opening the app');
  await context.close();
});

test('an app update with a queued change and a half-filled form keeps both', async () => {
  const { context, page } = await phone();
  await fieldLogin(page, 'thanhvien');
  const q4 = () => count(`SELECT COUNT(*) FROM activities WHERE note = '${NOTE}' AND q1 = 44 AND deleted_at IS NULL`);
  const before0 = q4();
  await context.setOffline(true);
  await logActivity(page, 44);
  await page.locator('#ov-note').fill('Đang điền dở');
  // A new version of the app is deployed (the server restarts with it).
  await server.stop();
  const sw = join(web, 'sw.js');
  writeFileSync(sw, readFileSync(sw, 'utf8') + '\n// phiên bản mới\n');
  writeFileSync(sw + '.gz', gzipSync(readFileSync(sw)));
  server = await start(server.db);
  // The change stays queued while the update happens (the sync is held back here).
  await context.route('**/api/v1/sync', (route) => route.abort('connectionrefused'));
  await context.setOffline(false);
  await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
  await page.locator('#update-ready').waitFor();
  await shot(page, '94-ban-moi');
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Cập nhật' }).click()]);
  // The server restarted: this session may be gone. The outbox waits for the log-in again.
  const h1 = page.locator('#main h1');
  await h1.filter({ hasText: /Đồng bộ|Đăng nhập/ }).waitFor();
  if ((await h1.textContent()).includes('Đăng nhập')) {
    await login(page, 'thanhvien');
    await page.goto('/offline');
  }
  await h1.filter({ hasText: 'Đồng bộ' }).waitFor();
  await shot(page, '95-sau-cap-nhat');
  await page.locator('#pending-list li').first().waitFor();
  assert.equal(await pending(page), 1, 'the queued change survived the update');
  assert.equal(await page.locator('#ov-note').inputValue(), 'Đang điền dở', 'the half-filled form survived');
  assert.equal(await page.locator('#update-ready').count(), 0, 'the new version runs');
  await context.unroute('**/api/v1/sync');
  await page.locator('#sync-now').click();
  await page.waitForFunction(() => document.querySelector('#pending-count').textContent.trim() === '0');
  assert.equal(q4(), before0 + 1, 'saved once');
  await context.close();
});

test('Zalo: the village\'s week is shared as Vietnamese text with 1.234.567 numbers; without the share sheet it is copied or shown', async () => {
  const units = (await api('admin', 'GET', '/units?limit=100&date=2022-05-04&q=' + encodeURIComponent('Nà Pầu'))).json;
  const village = units.items.find((u) => u.name === 'Thôn Nà Pầu');
  const t = (await api('admin', 'GET', `/units/${village.id}/teams`)).json.items.find((x) => x.unit_id === village.id);
  const type = (await api('thanhvien', 'GET', '/activity-types')).json.items.find((x) => x.code === 'vi_dien_tu');
  const day = new Date(Date.parse(today) - 86400000).toISOString().slice(0, 10);
  const made = await api('thanhvien', 'POST', '/activities', { team_id: t.id, type: 'vi_dien_tu', category: type.category.options[0].code, date: day, quantities: { accounts: 1234 } }, 'share-week-1');
  assert.equal(made.status, 201, JSON.stringify(made.json));
  // The week's number as the scorecard counts it: one number for one thing.
  const from = new Date(Date.parse(today) - 6 * 86400000).toISOString().slice(0, 10);
  const week = scoreIndicator((await api('thanhvien', 'GET', `/units/${village.id}/scorecard?from=${from}&to=${today}`)).json, 'vi_dien_tu').value;
  assert.ok(week >= 1234);
  const dotted = String(week).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const vnDate = (iso) => iso.split('-').reverse().join('/');

  // A phone with a share sheet (Zalo is in it): what our page hands to navigator.share.
  const a = await phone({ timezoneId: VN_TIMEZONE });
  await a.context.addInitScript(() => {
    window.__shared = [];
    Object.defineProperty(Navigator.prototype, 'share', { configurable: true, value: async (d) => { window.__shared.push(d); } });
  });
  await fieldLogin(a.page, 'thanhvien');
  await a.page.locator('#share-week').click();
  await a.page.waitForFunction(() => window.__shared.length === 1);
  const shared = (await a.page.evaluate(() => window.__shared))[0];
  assert.equal(shared.title, 'Tiến độ tuần');
  const lines = shared.text.split('\n');
  assert.equal(lines[0], `Tiến độ tuần ${vnDate(from)}–${vnDate(today)} · Thôn Nà Pầu`);
  const line = lines.find((l) => l.startsWith('- Hướng dẫn mở tài khoản ví điện tử: '));
  assert.match(line, new RegExp(`^- Hướng dẫn mở tài khoản ví điện tử: \\d+ lần, ${dotted.replace(/\./g, '\\.')} tài khoản$`), shared.text);
  assert.equal(lines[lines.length - 1], '(Gửi từ Langso)');
  await a.context.close();

  // No share sheet (a desktop browser): copied to the clipboard, the screen says so.
  const b = await phone({ timezoneId: VN_TIMEZONE });
  await b.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await b.context.addInitScript(() => { delete Navigator.prototype.share; });
  await fieldLogin(b.page, 'thanhvien');
  await b.page.locator('#share-week').click();
  await b.page.getByRole('status').filter({ hasText: 'Đã chép nội dung; dán vào nhóm Zalo của tổ.' }).waitFor();
  assert.equal(await b.page.evaluate(() => navigator.clipboard.readText()), shared.text, 'the same text');
  await b.context.close();

  // Neither share sheet nor clipboard: the text is shown to copy by hand.
  const c = await phone({ timezoneId: VN_TIMEZONE });
  await c.context.addInitScript(() => { delete Navigator.prototype.share; delete Navigator.prototype.clipboard; });
  await fieldLogin(c.page, 'thanhvien');
  await c.page.locator('#share-week').click();
  const shown = c.page.getByRole('status').filter({ hasText: 'hãy chép tay' });
  await shown.waitFor();
  assert.ok((await shown.textContent()).includes(`${dotted} tài khoản`), await shown.textContent());
  await shot(c.page, '9a-chia-se-chep-tay');
  await c.context.close();
});
