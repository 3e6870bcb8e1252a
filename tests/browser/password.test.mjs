// Changing one's own password in the web app (Tài khoản): the server's field
// messages (wrong current password, a common new one) show beside the fields;
// after the change this browser stays logged in and the other sessions end.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { shot, apiLogin, login, openSession, closeSession, PASSWORD } from './helpers.mjs';

let server, browser, page;
before(async () => ({ server, browser, page } = await openSession()));
after(() => closeSession(server, browser));

const NEW = 'Bản Nà Pầu mùa lúa chín';

test('a team member changes their own password from the Tài khoản page', async () => {
  const elsewhere = await apiLogin(server.url, 'thanhvien');
  assert.equal(elsewhere.status, 200);
  await login(page, 'thanhvien');
  await page.getByRole('link', { name: 'Tài khoản' }).click();
  await page.getByRole('heading', { name: 'Tài khoản', level: 1 }).waitFor();
  const form = page.getByRole('form', { name: 'Đổi mật khẩu' });
  const current = form.getByLabel('Mật khẩu hiện tại');
  const fresh = form.getByLabel(/^Mật khẩu mới/);
  const again = form.getByLabel('Nhập lại mật khẩu mới');
  const submit = form.getByRole('button', { name: 'Đổi mật khẩu' });

  await current.fill(PASSWORD);
  await fresh.fill(NEW);
  await again.fill(NEW + '!');
  await submit.click();
  await form.locator('.field-err', { hasText: 'Hai lần nhập mật khẩu mới không khớp.' }).waitFor();

  await current.fill('sai-mat-khau-1');
  await again.fill(NEW);
  await submit.click();
  await form.locator('.field-err', { hasText: 'Mật khẩu hiện tại không đúng' }).waitFor();
  assert.equal(await current.getAttribute('aria-invalid'), 'true');

  await current.fill(PASSWORD);
  await fresh.fill('anhyeuem2024');
  await again.fill('anhyeuem2024');
  await submit.click();
  await form.locator('.field-err', { hasText: 'quá phổ biến' }).waitFor();
  await shot(page, '30-mat-khau-pho-bien');

  await fresh.fill(NEW);
  await again.fill(NEW);
  await submit.click();
  await form.getByRole('status').filter({ hasText: 'Đã đổi mật khẩu' }).waitFor();
  assert.equal(await current.inputValue(), '', 'the fields are emptied');
  await shot(page, '31-da-doi-mat-khau');

  // The other session ended; this one goes on.
  const other = await fetch(server.url + '/api/v1/session', { headers: { Cookie: elsewhere.cookie } });
  assert.equal(other.status, 401);
  await page.getByRole('link', { name: 'Langso' }).click();
  await page.getByRole('heading', { name: 'Tìm đơn vị' }).waitFor();
  assert.equal((await apiLogin(server.url, 'thanhvien')).status, 401, 'the old password no longer works');
  assert.equal((await apiLogin(server.url, 'thanhvien', NEW)).status, 200);
});
