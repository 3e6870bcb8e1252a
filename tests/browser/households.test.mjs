// The register door to door on a phone (issue 12): a village team member opens
// the village's register, adds a household and a person, taps the statuses
// gained and saves the visit; the chips show what the person holds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { shot, login, searchAndOpen, startServer, startBrowser, newPage } from './helpers.mjs';

let server, browser, page;
before(async () => {
  server = await startServer();
  browser = await startBrowser();
  page = await newPage(browser, server.url);
});
after(async () => { await browser?.close(); await server?.stop(); });

test('phone: a team member records a household, a person and a visit in a few taps', async () => {
  await login(page, 'thanhvien');
  await searchAndOpen(page, 'na pau', 'Thôn Nà Pầu');
  await page.locator('#unit-households').click();
  await page.locator('#main h1', { hasText: 'Sổ hộ gia đình' }).waitFor();
  await page.locator('#hh-add').click();
  const form = page.locator('#hh-form');
  await form.getByLabel('Xóm').fill('Xóm Nà Pầu');
  await form.getByLabel('Số nhà').fill('5');
  await form.getByRole('button', { name: 'Lưu hộ' }).click();
  const item = page.locator('#hh-list a.item', { hasText: 'Xóm Nà Pầu, số 5' });
  await item.waitFor();
  assert.match(await page.locator('#hh-counts').textContent(), /1 hộ · 0 nhân khẩu/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#hh-export').click()]);
  assert.match(download.suggestedFilename(), /^Sổ hộ Thôn Nà Pầu\.xlsx$/, 'the register downloads as .xlsx');
  await item.click();
  await page.locator('#main h1', { hasText: 'Xóm Nà Pầu, số 5' }).waitFor();
  const pf = page.locator('#person-form');
  await pf.getByLabel('Họ và tên').fill('Hoàng Văn Thử');
  await pf.getByLabel('Năm sinh').fill('1985');
  await pf.getByRole('button', { name: 'Thêm' }).click();
  const card = page.locator('section.card', { has: page.getByRole('heading', { name: 'Hoàng Văn Thử' }) });
  await card.waitFor();
  await card.locator('label.chip', { hasText: 'Đã kích hoạt định danh điện tử VNeID mức 2' }).click();
  await card.locator('label.chip', { hasText: 'Có điện thoại thông minh' }).click();
  await page.locator('#visit-save').click();
  await page.locator('.msg.ok', { hasText: /Đã lưu lượt đến hộ ngày \d{2}\/\d{2}\/\d{4} \(2 thay đổi\)/ }).waitFor();
  // Held statuses show as chips that are on and cannot be tapped again.
  const vneid = card.locator('label.chip.on', { hasText: 'VNeID' });
  await vneid.waitFor();
  assert.equal(await vneid.locator('input').isDisabled(), true);
  const [sw, w] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(sw <= w, `nothing wider than the screen: ${sw} > ${w}`);
  await shot(page, '70-so-ho');
});
