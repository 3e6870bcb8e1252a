// The 2025 reorganisation in the browser: Chợ Mới's communes under Thái
// Nguyên today, old names saying what they became, the inherited teams a new
// commune merges, the scorecard linking the same period across structures,
// and an administrator confirming the scope of an account whose unit ended.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { shot, login, searchAndOpen, openSession, closeSession } from './helpers.mjs';

let server, browser, page;
before(async () => ({ server, browser, page } = await openSession()));
after(() => closeSession(server, browser));

test('an old name finds what it became; the unit page says so and links on', async () => {
  await login(page, 'thainguyen');
  await page.locator('#q').fill('nhu co');
  const hit = page.locator('#main .list a.item').filter({ hasText: 'Xã Như Cố' }).first();
  await hit.waitFor();
  assert.match(await hit.textContent(), /đã sáp nhập vào Xã Chợ Mới, tỉnh Thái Nguyên, từ 01\/07\/2025/);
  await shot(page, '60-tim-ten-cu');
  await hit.click();
  await page.locator('#unit-fate').waitFor();
  assert.match(await page.locator('#unit-fate').textContent(), /theo cơ cấu hành chính ngày 30\/06\/2025/);
  await page.locator('#unit-fate a', { hasText: 'Xã Chợ Mới' }).click();
  await page.locator('#main h1', { hasText: 'Xã Chợ Mới' }).waitFor();
  const from = await page.locator('#formed-from').textContent();
  for (const n of ['Thị trấn Đồng Tâm', 'Xã Quảng Chu', 'Xã Như Cố']) assert.ok(from.includes(n), from);
  assert.match(await page.locator('#main .crumbs').textContent(), /Tỉnh Thái Nguyên/);
  await shot(page, '61-xa-cho-moi-moi');
});

test('a new commune merges the commune-level teams it inherited', async () => {
  await searchAndOpen(page, 'thanh thinh', 'Xã Thanh Thịnh');
  const section = page.locator('section', { has: page.locator('#inherited-h') });
  await section.getByRole('heading', { name: /2 cần hợp nhất hoặc giải thể/ }).waitFor();
  await shot(page, '62-to-thua-ke');
  await page.locator('#merge-teams').click();
  await section.getByRole('status').filter({ hasText: /Đã hợp nhất 2 tổ thành Tổ CNSCĐ xã Thanh Thịnh \(6 thành viên\)/ }).waitFor();
  await section.getByRole('heading', { name: /0 cần hợp nhất/ }).waitFor();
  // The new team, active; the merged ones stay listed where they counted, closed.
  await page.locator('#team-list a', { hasText: 'Tổ CNSCĐ xã Thanh Thịnh' }).filter({ hasNotText: 'không hoạt động' }).waitFor();
  assert.equal(await page.locator('#team-list a', { hasText: 'Tổ CNSCĐ xã Nông Hạ' }).filter({ hasText: 'không hoạt động' }).count(), 1);
  assert.equal((await page.locator('#cov-communes').textContent()).trim(), '1/1');
});

test('the scorecard of a new commune links the same period on the old structure', async () => {
  await page.goto('/units/' + (await page.evaluate(() => location.pathname.split('/')[2])) + '/scorecard?p=custom&from=2022-01-01&to=2022-12-31');
  await page.locator('#pillars').waitFor();
  const other = page.locator('#other-structure');
  assert.match(await other.textContent(), /Cùng kỳ theo cơ cấu trước 01\/07\/2025: Xã Nông Hạ, Xã Thanh Thịnh/);
  await other.getByRole('link', { name: 'Xã Nông Hạ' }).click();
  await page.locator('#main h1', { hasText: 'Bảng chỉ tiêu: Xã Nông Hạ' }).waitFor();
  await page.locator('#period-line', { hasText: 'Từ 01/01/2022 đến 31/12/2022 · cơ cấu hành chính ngày 30/06/2025' }).waitFor();
  await shot(page, '63-bang-chi-tieu-co-cau-cu');
});

async function relogin(who) {
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  await login(page, who);
}

test('an account whose unit ended is told; an administrator confirms its new scope', async () => {
  await relogin('hoamuc');
  const notice = page.locator('#main .msg.warn').first();
  await notice.waitFor();
  assert.match(await notice.textContent(), /Xã Hoà Mục không còn từ 01\/07\/2025/);
  assert.match(await notice.textContent(), /Xã Tân Kỳ/);
  await relogin('admin');
  await page.getByRole('link', { name: 'Người dùng' }).click();
  const row = page.locator('#user-list li', { hasText: 'hoamuc' });
  await row.getByRole('button', { name: 'Xác nhận Xã Tân Kỳ' }).click();
  await row.filter({ hasText: 'Xã Tân Kỳ › Tỉnh Thái Nguyên' }).waitFor();
  assert.equal(await row.locator('.msg.warn').count(), 0);
  await shot(page, '64-xac-nhan-pham-vi');
  await relogin('hoamuc');
  assert.equal(await page.locator('#main .msg.warn').count(), 0);
  await page.locator('#main .list a.item', { hasText: 'Xã Tân Kỳ' }).first().waitFor();
});
