// A failed log-in shows the server's own message (problem+json `detail`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { shot, apiLogin, login, openSession, closeSession } from './helpers.mjs';

let server, browser, page;
before(async () => ({ server, browser, page } = await openSession()));
after(() => closeSession(server, browser));

test('wrong password shows the server detail', async () => {
  const expected = await apiLogin(server.url, 'backan', 'sai-mat-khau');
  assert.equal(expected.status, 401);
  assert.ok(expected.body.detail, 'server gives a detail');

  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập hoặc số điện thoại').fill('backan');
  await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  const alert = page.locator('[data-testid="form-error"]');
  await alert.filter({ hasText: expected.body.detail }).waitFor();
  assert.match(new URL(page.url()).pathname, /^\/login/);
  await shot(page, '10-dang-nhap-sai');
});

test('empty fields are caught before the server', async () => {
  await page.goto('/login');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByText('Vui lòng nhập mật khẩu.').waitFor();
  assert.equal(await page.getByLabel('Mật khẩu').getAttribute('aria-invalid'), 'true');
});

test('a deep link survives the log-in and the session survives a reload', async () => {
  await page.goto('/users');
  await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  assert.match(page.url(), /\/login\?next=%2Fusers/);
  await page.getByLabel('Tên đăng nhập hoặc số điện thoại').fill('backan');
  await page.getByLabel('Mật khẩu').fill('demo1234');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { name: 'Người dùng', level: 1 }).waitFor();
  await page.locator('#user-list li').first().waitFor();
  await page.reload();
  await page.getByRole('heading', { name: 'Người dùng', level: 1 }).waitFor();
  await shot(page, '11-nguoi-dung');
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  await login(page, 'chomoi');
});
