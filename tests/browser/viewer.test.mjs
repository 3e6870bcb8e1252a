// A viewer (xem, Tỉnh Bắc Kạn) reads but sees no phone numbers and no write controls.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { shot, login, setDate, searchAndOpen, DEMO_DATE, openSession, closeSession } from './helpers.mjs';

let server, browser, page;
before(async () => ({ server, browser, page } = await openSession()));
after(() => closeSession(server, browser));

const PHONE = /(\+84|\b0)\d{9}\b/;
const WRITE = /^(Thêm tổ|Thêm thôn\/tổ dân phố|Thêm thành viên|Sửa|Xoá|Xoá tổ|Tạo mới)$/;

test('viewer sees no phones and no write controls', async () => {
  await login(page, 'xem');
  assert.equal(await page.getByRole('link', { name: 'Người dùng' }).count(), 0);
  await setDate(page, DEMO_DATE);
  await searchAndOpen(page, 'cho moi', 'Huyện Chợ Mới');
  // A district lists its communes first; its teams fold away.
  await page.locator('#teams-fold summary').click();
  await page.locator('#team-list a').first().waitFor();
  await page.locator('#cov-villages').waitFor();
  assert.equal(await page.getByRole('button', { name: WRITE }).count(), 0, 'no write buttons on the unit page');
  await shot(page, '12-nguoi-xem-huyen');

  // A team that has members.
  await page.locator('#team-list a').filter({ hasNotText: '· 0 thành viên' }).first().click();
  await page.locator('#members tbody tr').first().waitFor();
  const text = await page.locator('#main').textContent();
  assert.doesNotMatch(text, PHONE, 'no phone number on the team page');
  assert.equal(await page.locator('a[href^="tel:"]').count(), 0);
  assert.equal(await page.getByRole('button', { name: WRITE }).count(), 0, 'no write buttons on the team page');
  await shot(page, '13-nguoi-xem-to');
});
