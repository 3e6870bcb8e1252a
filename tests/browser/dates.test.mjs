// Dates are shown and typed dd/mm/yyyy whatever the phone's language: on an
// English phone a native date field would show mm/dd/yyyy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, login, shot, VN_TIMEZONE } from './helpers.mjs';

let server, browser, page;
before(async () => {
  server = await startServer();
  browser = await startBrowser();
  const ctx = await browser.newContext({ timezoneId: VN_TIMEZONE, baseURL: server.url, viewport: { width: 360, height: 740 }, locale: 'en-US', isMobile: true, hasTouch: true });
  page = await ctx.newPage();
  page.setDefaultTimeout(15000);
});
after(async () => { await browser?.close(); await server?.stop(); });

test('on an English phone the activity date reads and takes dd/mm/yyyy, and the calendar is Vietnamese', async () => {
  await login(page, 'thanhvien');
  await page.locator('#quick-log').click();
  await page.getByRole('radio').first().click();  // a type: the rest of the form appears
  const date = page.locator('form input[placeholder="dd/mm/yyyy"]');
  await date.waitFor();
  assert.match(await date.inputValue(), /^\d{2}\/\d{2}\/\d{4}$/, 'shown as dd/mm/yyyy');
  assert.equal(await date.getAttribute('type'), 'text', 'not the phone-language date field');
  await date.fill('04052022');
  await date.blur();
  assert.equal(await date.inputValue(), '04/05/2022', 'typed as digits, read day first');
  await date.fill('31/02/2022');
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  await page.locator('.field-err', { hasText: 'Ngày không hợp lệ (dd/mm/yyyy).' }).first().waitFor();
  // The calendar: months and days in Vietnamese, Monday first; a tap picks the day.
  await page.getByRole('button', { name: 'Chọn ngày trên lịch' }).first().click();
  const cal = page.locator('.dateinput-cal .air-datepicker');
  await cal.waitFor();
  assert.match(await cal.textContent(), /Tháng \d+/);
  assert.equal((await cal.locator('.air-datepicker-body--day-name').first().textContent()).trim(), 'T2');
  await cal.locator('.air-datepicker-cell.-day-:not(.-other-month-)', { hasText: /^15$/ }).click();
  await page.waitForFunction(() => /^15\/\d{2}\/\d{4}$/.test(document.querySelector('form input[placeholder="dd/mm/yyyy"]').value));
  assert.equal(await page.locator('.dateinput-cal').count(), 0, 'the calendar closes on a pick');
  await shot(page, '70-ngay-dd-mm-yyyy');
});
