// CSV import (template, row-level errors from the server, a repeated file is
// not counted twice) and correcting or deleting a logged activity.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, shot, login, openSession, closeSession } from './helpers.mjs';

let server, browser, page;

before(async () => ({ server, browser, page } = await openSession()));
after(() => closeSession(server, browser));

const vn = (d) => d.toLocaleDateString('en-GB'); // dd/mm/yyyy
const today = new Date();
const sheet = (rows) => 'ma_to,ma_don_vi,loai,ngay,phan_loai,vi_dien_tu.accounts,ghi_chu\r\n' + rows.join('\r\n') + '\r\n';

test('an officer imports a CSV: row errors first, then the rows once', async () => {
  await login(page, 'hoamuc');
  await page.locator('#quick-log').click();
  await page.getByRole('heading', { name: 'Ghi hoạt động' }).waitFor();
  await page.getByRole('link', { name: 'Nhập nhiều hoạt động từ tệp CSV' }).click();
  await page.getByRole('heading', { name: 'Nhập hoạt động từ tệp CSV' }).waitFor();

  // The template downloads and is the server's.
  const tpl = await page.request.get(await page.getByRole('link', { name: 'Tải tệp mẫu (CSV)' }).getAttribute('href'));
  assert.equal(tpl.status(), 200);
  assert.match(await tpl.text(), /^\uFEFF?ma_to,ma_don_vi,loai,ngay/);

  // The team numbers to write are listed.
  await page.getByText(/Mã tổ và mã đơn vị để điền/).click();
  const teamId = (await page.locator('table.codes tbody tr td').first().textContent()).trim();
  assert.match(teamId, /^\d+$/);

  // Nothing chosen: the client says so.
  await page.getByRole('button', { name: 'Nhập', exact: true }).click();
  await page.locator('[data-testid="form-error"].err', { hasText: 'Vui lòng chọn tệp CSV.' }).waitFor();

  const bad = sheet([`${teamId},,vi_dien_tu,31/02/${today.getFullYear()},viettel_money,3,`, `${teamId},,vi_dien_tu,${vn(today)},viettel_money,abc,`]);
  await page.locator('#csv-file').setInputFiles({ name: 'sai.csv', mimeType: 'text/csv', buffer: Buffer.from('\uFEFF' + bad) });
  await page.getByRole('button', { name: 'Nhập', exact: true }).click();
  const errs = page.locator('#import-errors > li');
  await errs.first().waitFor();
  assert.equal(await errs.count(), 2);
  assert.equal(await errs.nth(0).getAttribute('data-row'), '2');
  assert.match(await errs.nth(0).textContent(), /31\/02/);
  assert.equal(await errs.nth(1).getAttribute('data-row'), '3');
  await page.locator('[data-testid="form-error"].err', { hasText: 'chưa dòng nào được lưu' }).waitFor();
  await shot(page, '40-nhap-csv-loi');

  const good = sheet([`${teamId},,vi_dien_tu,${vn(today)},vnpt_money,4,nhập từ tệp`]);
  const file = { name: 'dung.csv', mimeType: 'text/csv', buffer: Buffer.from('\uFEFF' + good) };
  await page.locator('#csv-file').setInputFiles(file);
  await page.getByRole('button', { name: 'Nhập', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Đã nhập 1 hoạt động.' }).waitFor();
  await shot(page, '41-nhap-csv-xong');
  // The same file again: nothing is counted twice.
  await page.locator('#csv-file').setInputFiles(file);
  await page.getByRole('button', { name: 'Nhập', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Đã nhập 0 hoạt động; 1 dòng đã nhập từ trước' }).waitFor();

  // A file saved by Excel as plain "CSV" (not UTF-8) is refused with advice.
  await page.locator('#csv-file').setInputFiles({ name: 'ansi.csv', mimeType: 'text/csv', buffer: Buffer.from([0x6d, 0x61, 0xe0, 0x0a]) });
  await page.getByRole('button', { name: 'Nhập', exact: true }).click();
  await page.locator('[data-testid="form-error"].err', { hasText: 'CSV UTF-8' }).waitFor();
});

test('a team member corrects and deletes their own activity', async () => {
  const member = await newPage(browser, server.url);
  await login(member, 'thanhvien');
  await member.locator('#quick-log').click();
  await member.getByRole('radio', { name: 'Hỗ trợ kích hoạt định danh điện tử VNeID mức 2' }).click();
  await member.getByLabel('Số người được kích hoạt').fill('11');
  await member.getByRole('button', { name: 'Lưu', exact: true }).click();
  await member.locator('#saved', { hasText: 'Đã lưu' }).waitFor();
  const item = member.locator('#recent > li').filter({ hasText: '11 người' }).first();
  await item.getByRole('button', { name: /^Sửa/ }).click();
  const ef = member.getByRole('form', { name: /^Sửa hoạt động/ });
  await ef.getByLabel('Số người được kích hoạt').fill('99999');
  await ef.getByRole('button', { name: 'Lưu', exact: true }).click();
  await ef.locator('.field-err', { hasText: 'phải từ 0 đến 5000' }).waitFor();
  await ef.getByLabel('Số người được kích hoạt').fill('12');
  await ef.getByRole('button', { name: 'Lưu', exact: true }).click();
  await member.getByText('Đã lưu thay đổi.').waitFor();
  const edited = member.locator('#recent > li').filter({ hasText: '12 người' }).first();
  await edited.waitFor();
  await shot(member, '42-sua-hoat-dong');
  const id = await edited.getAttribute('data-id');
  member.once('dialog', (d) => d.accept());
  await edited.getByRole('button', { name: /^Xoá/ }).click();
  await member.getByText('Đã xoá hoạt động.').waitFor();
  // The list is fetched again after the deletion: wait for the row to go.
  await member.locator(`#recent > li[data-id="${id}"]`).waitFor({ state: 'detached', timeout: 5000 });
  assert.equal(await member.locator(`#recent > li[data-id="${id}"]`).count(), 0);
  await member.context().close();
});
