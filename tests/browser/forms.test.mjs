// Forms refuse bad values: the client's validator message, and the server's
// own problem+json detail / field messages when the server refuses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { shot, login, setDate, searchAndOpen, DEMO_DATE, openSession, closeSession } from './helpers.mjs';

let server, browser, page;
before(async () => ({ server, browser, page } = await openSession()));
after(() => closeSession(server, browser));

const HOA_MUC = /Xã H(oà|òa) Mục/;
const CLIENT_SUMMARY = 'Vui lòng sửa các trường được đánh dấu.';

test('commune officer: bad phone, duplicate member, new village', async () => {
  await login(page, 'hoamuc');
  await setDate(page, DEMO_DATE);
  await searchAndOpen(page, 'hoa muc', HOA_MUC);

  // A new village: the name is required, then it appears among the children.
  await page.getByRole('button', { name: 'Thêm thôn/tổ dân phố' }).click();
  const vf = page.getByRole('form', { name: 'Thêm thôn/tổ dân phố' });
  await vf.getByRole('button', { name: 'Thêm thôn' }).click();
  await vf.getByText('Vui lòng nhập tên thôn/tổ dân phố.').waitFor();
  const before = await page.locator('#child-list > li').count();
  await vf.getByLabel('Tên thôn/tổ dân phố').fill('Thôn Khuổi Thử');
  await vf.getByLabel('Có hiệu lực từ ngày').fill('2022-01-01');
  await vf.getByRole('button', { name: 'Thêm thôn' }).click();
  await page.locator('#child-list a', { hasText: 'Thôn Khuổi Thử' }).waitFor();
  assert.equal(await page.locator('#child-list > li').count(), before + 1);

  // The commune's team: open it and try members.
  const teamLink = page.locator('#team-list a').first();
  await teamLink.waitFor();
  await teamLink.click();
  await page.waitForURL(/\/teams\/\d+/);
  await page.getByRole('button', { name: 'Thêm thành viên' }).click();
  const mf = page.getByRole('form', { name: 'Thêm thành viên' });
  await mf.getByLabel('Họ và tên').fill('Nông Văn Sai');
  await mf.getByLabel('Số điện thoại').fill('12345');
  await mf.getByRole('button', { name: 'Thêm thành viên' }).click();
  await mf.locator('.field-err', { hasText: 'Số điện thoại không hợp lệ' }).waitFor();
  assert.equal(await mf.getByLabel('Số điện thoại').getAttribute('aria-invalid'), 'true');
  await shot(page, '14-so-dien-thoai-sai');

  // Added once, then again: the server refuses (409) and its detail is shown.
  await mf.getByLabel('Số điện thoại').fill('0911222333');
  await mf.getByRole('button', { name: 'Thêm thành viên' }).click();
  await mf.getByRole('status').filter({ hasText: 'Đã thêm Nông Văn Sai' }).waitFor();
  await mf.getByLabel('Họ và tên').fill('Nông Văn Sai');
  await mf.getByLabel('Số điện thoại').fill('0911222333');
  await mf.getByRole('button', { name: 'Thêm thành viên' }).click();
  const alert = mf.locator('[data-testid="form-error"].err');
  await alert.waitFor();
  const msg = (await alert.textContent()).trim();
  assert.ok(msg.length > 0 && msg !== CLIENT_SUMMARY, 'server detail shown: ' + msg);
  await shot(page, '15-trung-thanh-vien');

  // The team form: an end date before the start date is refused.
  await page.getByRole('button', { name: 'Sửa', exact: true }).first().click();
  const tf = page.getByRole('form', { name: 'Sửa thông tin tổ' });
  await tf.getByLabel('Hoạt động đến ngày').fill('2020-01-01');
  await tf.getByRole('button', { name: 'Lưu' }).click();
  await tf.locator('.field-err', { hasText: 'Ngày kết thúc phải từ ngày bắt đầu trở đi.' }).waitFor();
  await shot(page, '16-ngay-sai');
});

test('the team edit form saves, and the users form shows the server refusal', async () => {
  let tf = page.getByRole('form', { name: 'Sửa thông tin tổ' });
  await tf.getByRole('button', { name: 'Huỷ' }).click();
  await page.getByRole('button', { name: 'Sửa', exact: true }).first().click();
  tf = page.getByRole('form', { name: 'Sửa thông tin tổ' });
  await tf.getByLabel('Ghi chú').fill('x'.repeat(2001));
  await tf.getByRole('button', { name: 'Lưu' }).click();
  await tf.locator('.field-err', { hasText: 'Tối đa 2000 ký tự.' }).waitFor();
  await tf.getByLabel('Ghi chú').fill('Họp tổ ngày 10 hằng tháng');
  await tf.getByRole('button', { name: 'Lưu' }).click();
  await page.getByRole('status').filter({ hasText: 'Đã lưu thông tin tổ.' }).waitFor();
  await page.locator('.dl', { hasText: 'Họp tổ ngày 10 hằng tháng' }).waitFor();

  // A login that already exists: only the server knows; its detail is shown.
  await page.getByRole('link', { name: 'Người dùng' }).click();
  await page.getByRole('heading', { name: 'Người dùng', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Tạo mới' }).click();
  const uf = page.getByRole('form', { name: 'Tạo người dùng' });
  await uf.getByLabel('Tên đăng nhập').fill('hoamuc');
  await uf.getByLabel('Họ và tên').fill('Người Trùng Tên');
  await uf.getByLabel('Số điện thoại').fill('0977000111');
  await uf.getByLabel('Vai trò').selectOption('viewer');
  await uf.getByLabel('Mật khẩu').fill('ngan');
  await uf.getByRole('button', { name: 'Tạo người dùng' }).click();
  await uf.locator('.field-err', { hasText: 'Mật khẩu phải có ít nhất 8 ký tự.' }).waitFor();
  await uf.getByLabel('Mật khẩu').fill('matkhau-dai-du');
  await uf.getByRole('button', { name: 'Tạo người dùng' }).click();
  const alert = uf.locator('[data-testid="form-error"].err').filter({ hasNotText: CLIENT_SUMMARY });
  await alert.waitFor();
  const msg = (await alert.textContent()).trim();
  assert.ok(msg.length > 0 && msg !== CLIENT_SUMMARY, 'server detail shown: ' + msg);
  await shot(page, '17-trung-ten-dang-nhap');

  await uf.getByLabel('Tên đăng nhập').fill('hoamuc.xem');
  await uf.getByRole('button', { name: 'Tạo người dùng' }).click();
  await uf.getByRole('status').filter({ hasText: 'Đã tạo người dùng hoamuc.xem.' }).waitFor();
  await page.locator('#user-list', { hasText: 'hoamuc.xem' }).waitFor();
});
