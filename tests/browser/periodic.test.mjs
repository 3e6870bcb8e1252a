// Periodic reports in the web app (issue 15): from the navigation, a
// commune's officer sees its months with their status and submits June 2022;
// the district returns it with a reason (shown to the commune), the commune
// resubmits, the district approves all ready communes in one tap; the
// history names who did what; from the scorecard, one tap reaches the units
// that have not reported, with their officers' contacts. At a phone's
// 360×740 (nothing wider than the screen) and a desktop's 1366×768, with
// screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { shot, login, newPage, openSession, closeSession } from './helpers.mjs';

let server, browser, page;
before(async () => { ({ server, browser, page } = await openSession()); });
after(() => closeSession(server, browser));

async function noSideScroll(p) {
  const [sw, w] = await p.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(sw <= w, `nothing wider than the screen: ${sw} > ${w}`);
}

/** A card of the page (Section: its heading carries the id). */
const card = (p, id) => p.locator(`section[aria-labelledby="${id}"]`);
const status = (p, period) => p.locator(`.periods li:has([data-period="${period}"]) [data-status]`).getAttribute('data-status');

test('phone: the commune submits June 2022; the district returns it with a reason; the commune sees why and resubmits', async () => {
  await login(page, 'hoamuc');
  await page.locator('#nav-periodic').click();
  await page.locator('#main h1', { hasText: 'Báo cáo định kỳ – Xã Hoà Mục' }).waitFor();
  // The demo's year 2026 has no months for an ended commune: go to 2022.
  await page.goto(page.url().split('?')[0] + '?period=2022-06');
  await card(page, 'periodic-report').waitFor();
  assert.equal(await status(page, '2022-09'), 'approved', 'the demo approved September');
  assert.equal(await status(page, '2022-06'), 'draft');
  await noSideScroll(page);
  await shot(page, '70-bao-cao-dinh-ky-xa');
  await page.locator('[data-step="submit"]').click();
  await card(page, 'periodic-report').locator('[data-status="submitted"]').waitFor();
  assert.match(await card(page, 'periodic-history').textContent(), /Gửi báo cáo — Công chức VH-XH xã Hoà Mục/);

  const hm = await hoaMucId();
  page = await newPage(browser, server.url);
  await login(page, 'chomoi');
  await page.goto('/periodic/' + hm + '?period=2022-06');
  await page.locator('[data-step="return"]').click();
  await page.locator('[data-confirm="return"]').click();
  await page.locator('.reason-form .field-err', { hasText: 'Vui lòng nêu lý do' }).waitFor();
  await page.getByLabel('Lý do (trả lại)').fill('Thiếu số liệu thôn Nà Pầu');
  await page.locator('[data-confirm="return"]').click();
  await card(page, 'periodic-report').locator('[data-status="draft"]').waitFor();
  await shot(page, '71-bao-cao-tra-lai');

  page = await newPage(browser, server.url);
  await login(page, 'hoamuc');
  await page.goto('/periodic/' + hm + '?period=2022-06');
  assert.match(await page.locator('#returned-reason').textContent(), /Thiếu số liệu thôn Nà Pầu/);
  await page.locator('[data-step="submit"]').click();
  await card(page, 'periodic-report').locator('[data-status="submitted"]').waitFor();
  const history = await card(page, 'periodic-history').locator('li').allTextContents();
  assert.equal(history.length, 3);
  assert.match(history[1], /^Trả lại — Phòng VH-TT huyện Chợ Mới, \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}: Thiếu số liệu thôn Nà Pầu/);
  await noSideScroll(page);
  // January 2022, before the teams: a validation rule broken, explained before it is sent.
  await page.goto('/periodic/' + hm + '?period=2022-01');
  const rule = page.locator('#violations textarea[data-rule="co_hoat_dong"]');
  await rule.waitFor();
  await page.locator('[data-step="submit"]').click();
  await page.locator('.msg.err', { hasText: 'Hãy giải trình từng điểm' }).waitFor();
  await shot(page, '75-giai-trinh-phone');
  for (const t of await page.locator('#violations textarea').all()) await t.fill('Các tổ được thành lập cuối tháng 4/2022');
  await page.locator('[data-step="submit"]').click();
  await card(page, 'periodic-report').locator('[data-status="submitted"]').waitFor();
  assert.match(await page.locator('#violations').textContent(), /Giải trình của đơn vị:.*Các tổ được thành lập cuối tháng 4\/2022/);
});

let hoaMuc = null;
async function hoaMucId() {
  if (hoaMuc) return hoaMuc;
  hoaMuc = await page.evaluate(async () => {
    const r = await fetch('/api/v1/units?code=02098&date=2022-05-31', { credentials: 'same-origin' });
    return (await r.json()).items[0].id;
  });
  return hoaMuc;
}

test('desktop: the district approves its ready communes in one tap; the scorecard links to who has not reported', async () => {
  const ctx = await browser.newContext({ baseURL: server.url, viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
  const desk = await ctx.newPage();
  desk.setDefaultTimeout(15000);
  await login(desk, 'chomoi');
  await desk.locator('#nav-periodic').click();
  await desk.locator('#main h1', { hasText: 'Báo cáo định kỳ – Huyện Chợ Mới' }).waitFor();
  const district = desk.url().match(/\/periodic\/(\d+)/)[1];
  await desk.goto(`/periodic/${district}?period=2022-06`);
  const children = card(desk, 'periodic-children');
  await children.waitFor();
  assert.equal(await children.locator('.children-list > li').count(), 14);
  await children.locator('[data-step="approve-children"]').click();
  await desk.locator('.msg.ok', { hasText: 'Đã duyệt 1 báo cáo' }).waitFor();
  assert.equal(await children.locator('[data-status="approved"]').count(), 1);
  await shot(desk, '72-bao-cao-huyen-desktop');
  // November: the demo's commune that did not report, from the scorecard's rate.
  await desk.goto(`/units/${district}/scorecard?p=custom&from=2022-11-01&to=2022-11-30`);
  await desk.locator('[data-missing="ty_le_bao_cao"]').click();
  const missing = card(desk, 'periodic-missing');
  await missing.waitFor();
  assert.match(await missing.locator('h2').textContent(), /^Chưa báo cáo tháng 11\/2022 \(1\)/);
  await shot(desk, '73-chua-bao-cao-desktop');
  await ctx.close();
  // The same on a phone (the first test left it logged in as the district).
  page = await newPage(browser, server.url);
  await login(page, 'chomoi');
  await page.goto(`/periodic/${district}?missing=1&period=2022-11`);
  await card(page, 'periodic-missing').waitFor();
  await noSideScroll(page);
  await shot(page, '74-chua-bao-cao-phone');
});

test('phone: the district follows up a value the submission flagged — "đã sửa" with a note — and the flag closes on the report', async () => {
  page = await newPage(browser, server.url);
  await login(page, 'chomoi');
  // A commune's report of the demo with an open flag (the submission flagged it).
  const found = await page.evaluate(async () => {
    const get = async (u) => (await fetch('/api/v1' + u, { credentials: 'same-origin' })).json();
    const district = (await get('/units?code=065&date=2022-05-31')).items[0];
    const communes = (await get(`/units/${district.id}/children?date=2022-10-31`)).items;
    for (const period of ['2022-10', '2022-11', '2022-08', '2022-09'])
      for (const c of communes) {
        const r = await get(`/units/${c.id}/periodic/hoat_dong_to_cnscd/${period}`);
        const o = (r.outliers || []).find((x) => x.open);
        if (o) return { unit: c.id, period, indicator: o.indicator };
      }
    return null;
  });
  assert.ok(found, 'the demo has a report with an open flag');
  await page.goto(`/periodic/${found.unit}?period=${found.period}`);
  const item = card(page, 'periodic-outliers').locator(`li[data-indicator="${found.indicator}"]`);
  await item.waitFor();
  assert.match(await card(page, 'periodic-outliers').locator('h2').textContent(), /Giá trị bất thường \(\d+ chưa xử lý\)/);
  await item.getByLabel('Đã sửa').check();
  await item.getByRole('button', { name: 'Ghi nhận' }).click();
  await item.locator('.field-err', { hasText: 'Vui lòng ghi chú' }).waitFor();
  await item.getByLabel('Ghi chú').fill('Tổ nhập trùng một buổi tuyên truyền; đã xoá bản ghi trùng.');
  await noSideScroll(page);
  await shot(page, '77-bat-thuong-phone');
  await item.getByRole('button', { name: 'Ghi nhận' }).click();
  await item.locator('.msg.tag.ok', { hasText: 'Đã sửa' }).waitFor();
  assert.match(await item.textContent(), /Đã sửa — Phòng VH-TT huyện Chợ Mới, \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}: .*đã xoá bản ghi trùng/);
  await shot(page, '78-bat-thuong-da-xu-ly');
});
