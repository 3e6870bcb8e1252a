// A village team member logs an activity on a phone in a few taps; the
// district officer's scorecard counts it at once; the ranking puts lagging
// communes first; the server's refusal of a bad quantity is shown; a retry
// after a lost answer reuses the Idempotency-Key and is not counted twice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, newPage, shot, login, apiLogin, showAllIndicators } from './helpers.mjs';

let server, browser, officer, member;
const TYPE = 'Hướng dẫn mở tài khoản ví điện tử';
const FIELD = 'Số tài khoản mở mới';
const IND = 'vi_dien_tu';
const N = 7;

before(async () => {
  server = await startServer();
  browser = await startBrowser();
  officer = await newPage(browser, server.url);
  member = await newPage(browser, server.url);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const num = (s) => Number(String(s).trim().replace(/%$/, '').replace(/\./g, '').replace(',', '.'));

async function indicatorValue(page, code) {
  const v = page.locator(`#pillars li[data-code="${code}"] .ind-val`);
  await v.waitFor();
  return num(await v.textContent());
}

/** From the home page to Huyện Chợ Mới's scorecard, by taps only. */
async function openChoMoiScorecard(page) {
  await page.getByRole('link', { name: 'Langso' }).click();
  await page.locator('#main .list a.item').filter({ hasText: 'Huyện Chợ Mới' }).first().click();
  await page.locator('#main h1', { hasText: 'Huyện Chợ Mới' }).waitFor();
  await page.locator('#unit-scorecard').click();
  await page.locator('#main h1', { hasText: 'Bảng chỉ tiêu: Huyện Chợ Mới' }).waitFor();
  await page.locator('#pillars').waitFor();
  // Chợ Mới ended on 30/06/2025 and opens as of that day; this year's
  // activities show on its structure through the period picker.
  await page.getByRole('button', { name: 'Tuỳ chọn' }).click();
  const y = new Date().getFullYear();
  await page.locator('#sc-from').fill(`${y}-01-01`);
  await page.locator('#sc-to').fill(new Date().toLocaleDateString('sv-SE'));
  await page.getByRole('button', { name: 'Xem', exact: true }).click();
  await page.locator('#period-line', { hasText: `Từ 01/01/${y}` }).waitFor();
  await showAllIndicators(page);
}

let before0;

test('district officer reads the scorecard before', async () => {
  await login(officer, 'chomoi');
  await openChoMoiScorecard(officer);
  // The three pillars and the teams' organisation, each with text statuses.
  for (const name of ['Chính quyền số', 'Kinh tế số', 'Xã hội số']) {
    await officer.getByRole('heading', { name, exact: true }).waitFor();
  }
  await officer.locator('#pillars h2, #pillars h3', { hasText: /Tổ CNSCĐ|Tổ chức/ }).first().waitFor();
  assert.ok(await officer.locator('#pillars .badge').count() > 5, 'statuses are shown as text badges');
  before0 = await indicatorValue(officer, IND);
  await shot(officer, '20-bang-chi-tieu-cho-moi');
});

test('team member logs an activity in a few taps', async () => {
  await login(member, 'thanhvien');
  const t0 = Date.now();
  let taps = 0;
  const tap = async (locator) => { taps++; await locator.click(); };
  const type = async (locator, text) => { taps++; await locator.fill(text); };

  await tap(member.getByRole('link', { name: 'Ghi hoạt động' }).first());
  await member.getByRole('heading', { name: 'Ghi hoạt động' }).waitFor();
  // The team is preselected: the member's village team, named, no choice to make.
  await member.locator('#log-team', { hasText: /Nà Pầu/ }).waitFor();
  await shot(member, '21-ghi-hoat-dong');
  await tap(member.getByRole('radio', { name: TYPE }));
  await tap(member.getByText('Viettel Money', { exact: true }));
  const qty = member.getByLabel(FIELD);
  assert.equal(await qty.getAttribute('inputmode'), 'numeric');
  assert.equal(await member.locator('form input[placeholder="dd/mm/yyyy"]').inputValue(), new Date().toLocaleDateString('vi-VN', { day: '2-digit', month: '2-digit', year: 'numeric' }), 'today by default, as dd/mm/yyyy');
  await type(qty, String(N));
  await shot(member, '22-ghi-hoat-dong-dien');
  await tap(member.getByRole('button', { name: 'Lưu', exact: true }));
  await member.locator('#saved', { hasText: 'Đã lưu' }).waitFor();
  const seconds = (Date.now() - t0) / 1000;
  assert.ok(taps <= 8, `logged in ${taps} interactions`);
  assert.ok(seconds < 30, `logged in ${seconds} s`);
  console.log(`# logged an activity in ${taps} interactions, ${seconds.toFixed(1)} s`);

  // In the recent list at once, with edit and delete for its author.
  const row = member.locator('#recent > li').filter({ hasText: 'Viettel Money' }).filter({ hasText: `${N} tài khoản` }).first();
  await row.waitFor();
  await row.getByRole('button', { name: /^Sửa/ }).waitFor();
  await row.getByRole('button', { name: /^Xoá/ }).waitFor();
  // The form is ready for the next one of the same type.
  assert.equal(await qty.inputValue(), '');
  await shot(member, '23-da-luu');
});

test('a quantity over the maximum shows the server\'s message', async () => {
  // What the server says about 99999 accounts (max 5000)...
  const s = await apiLogin(server.url, 'thanhvien');
  const r = await fetch(server.url + '/api/v1/activities', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.url, Cookie: s.cookie, 'X-CSRF-Token': s.csrf, 'Idempotency-Key': 'probe-' + Date.now() },
    body: JSON.stringify({ team_id: (await teamOf(s)).id, type: 'vi_dien_tu', category: 'viettel_money', date: new Date().toLocaleDateString('sv-SE'), quantities: { accounts: 99999 } }),
  });
  assert.equal(r.status, 422);
  const problem = await r.json();
  const fieldMsg = problem.errors.find((e) => /accounts/.test(e.field))?.message;
  assert.ok(fieldMsg, 'the server names the quantity field: ' + JSON.stringify(problem.errors));

  // ...is what the form shows, at the field and in the summary.
  const qty = member.getByLabel(FIELD);
  await qty.fill('99999');
  await member.getByRole('button', { name: 'Lưu', exact: true }).click();
  const form = member.getByRole('form', { name: 'Ghi hoạt động' });
  await form.locator('[data-testid="form-error"].err', { hasText: problem.detail }).waitFor();
  await form.locator('.field-err', { hasText: fieldMsg }).waitFor();
  assert.equal(await qty.getAttribute('aria-invalid'), 'true');
  await shot(member, '24-so-luong-qua-lon');
  await qty.fill('');
});

async function teamOf(s) {
  const r = await fetch(`${server.url}/api/v1/units/${s.body.user.unit_id}/teams`, { headers: { Cookie: s.cookie } });
  return (await r.json()).items[0];
}

test('a lost answer goes to the outbox with its key and counts once', async () => {
  const keys = [], synced = [];
  let first = true;
  await member.route('**/api/v1/activities', async (route) => {
    const req = route.request();
    if (req.method() !== 'POST') return route.continue();
    keys.push(req.headers()['idempotency-key']);
    if (first) {
      first = false;
      await route.fetch(); // the server saves it ...
      return route.abort('failed'); // ... and the answer is lost on the way back
    }
    return route.continue();
  });
  await member.route('**/api/v1/sync', (route) => {
    for (const e of route.request().postDataJSON()?.entries || []) synced.push(e.key);
    return route.continue();
  });
  const recent = member.locator('#recent > li');
  const countBefore = await recent.filter({ hasText: 'VNPT Money' }).count();
  await member.getByText('VNPT Money', { exact: true }).click();
  await member.getByLabel(FIELD).fill('3');
  await member.getByRole('button', { name: 'Lưu', exact: true }).click();
  // A team member's form keeps the change on the phone (the outbox) rather than asking to send again.
  await member.locator('#queued', { hasText: 'Đã lưu trên máy, sẽ gửi khi có mạng' }).waitFor();
  await shot(member, '25-mat-ket-noi');
  await member.waitForFunction(() => !document.querySelector('#sync-link .badge'));  // the outbox was sent
  await member.unroute('**/api/v1/activities');
  await member.unroute('**/api/v1/sync');
  assert.equal(keys.length, 1);
  assert.match(keys[0], /^[A-Za-z0-9_-]{8,100}$/);
  assert.ok(synced.includes(keys[0]), 'the outbox carries the same Idempotency-Key');
  await member.reload();
  await member.locator('#recent').waitFor();
  await member.waitForFunction((n) => document.querySelectorAll('#recent > li').length > 0 &&
    [...document.querySelectorAll('#recent > li')].filter((li) => li.textContent.includes('VNPT Money')).length === n + 1, countBefore);
  assert.equal(await recent.filter({ hasText: 'VNPT Money' }).count(), countBefore + 1, 'saved once');
});

test('the officer\'s scorecard counts the new activity; ranking shows lagging communes first', async () => {
  // In-app navigation back to the scorecard: fresh totals, no reload.
  await openChoMoiScorecard(officer);
  await officer.waitForFunction(
    ([code, want]) => {
      const el = document.querySelector(`#pillars li[data-code="${code}"] .ind-val`);
      return el && Number(el.textContent.trim().replace(/\./g, '')) === want;
    },
    [IND, before0 + N + 3],
  );
  assert.equal(await indicatorValue(officer, IND), before0 + N + 3);

  // Rank the communes on that indicator: lagging first.
  await officer.locator('#rank-ind').selectOption(IND);
  await officer.locator('#rank-list > li').first().waitFor();
  const rows = await officer.locator('#rank-list > li').evaluateAll((lis) => lis.map((li) => ({
    name: li.querySelector('strong').textContent,
    value: Number(li.querySelector('.rank-val').textContent.trim().replace(/\./g, '')),
  })));
  assert.equal(rows.length, 14, 'the 14 communes of Chợ Mới');
  for (let i = 1; i < rows.length; i++) assert.ok(rows[i - 1].value <= rows[i].value, 'ascending: ' + JSON.stringify(rows));
  const hoaMuc = rows.find((r) => /H(oà|òa) Mục/.test(r.name));
  assert.ok(hoaMuc && hoaMuc.value >= N + 3, 'Hoà Mục has the new accounts');
  await shot(officer, '26-xep-hang-xa');

  // The trend chart is drawn, with its numbers as a table too.
  await officer.locator('.chart svg[role="img"]').waitFor();
  await shot(officer, '27-xu-huong');

  // Down the hierarchy: a commune's own scorecard.
  await officer.locator('#rank-list a', { hasText: /H(oà|òa) Mục/ }).click();
  await officer.locator('#main h1', { hasText: /Bảng chỉ tiêu: Xã H(oà|òa) Mục/ }).waitFor();
  assert.ok((await indicatorValue(officer, IND)) >= N + 3);
  assert.match(new URL(officer.url()).search, /ind=vi_dien_tu/);
});
