// The bell and the notifications list (issue 14): Chợ Mới's officer has the
// demo plans' notifications (its own plan issued, the province's tasks given
// to it); opening one marks it read and opens the plan at the task; "mark all
// read" empties the bell. Phone (360 px) and desktop (1366 px) screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { shot, login, openSession, closeSession } from './helpers.mjs';

let server, browser, page;
before(async () => ({ server, browser, page } = await openSession()));
after(() => closeSession(server, browser));

const count = async () => Number((await page.locator('#bell-count').textContent()) || 0);

test('the bell counts unread notifications; the list opens a plan at its task; mark all read', async () => {
  await login(page, 'chomoi');
  await page.locator('#bell-count').waitFor();
  const before = await count();
  assert.ok(before >= 4, `unread ${before}: plan 45 issued, three tasks from 265`);
  assert.match(await page.locator('#bell').getAttribute('aria-label'), /Thông báo: \d+ chưa đọc/);
  await page.locator('#bell').click();
  await page.getByRole('heading', { name: 'Thông báo' }).waitFor();
  await page.locator('#notices li').first().waitFor();
  assert.ok(await page.locator('#notices li.unread').count() >= 4);
  const text = await page.locator('#notices').textContent();
  assert.match(text, /Nhiệm vụ mới: /);
  assert.match(text, /Kế hoạch mới: 45\/KH-UBND/);
  assert.match(text, /\d{2}\/\d{2}\/\d{4}/, 'dates dd/mm/yyyy');
  await shot(page, '60-thong-bao-360');

  const task = page.locator('#notices li[data-kind="task_assigned"] a').first();
  await task.click();
  await page.waitForURL(/\/plans\/\d+#task-\d+$/);
  await page.locator('#main h1').filter({ hasText: 'Kế hoạch số 265/KH-UBND' }).waitFor();
  await page.waitForFunction((n) => Number(document.querySelector('#bell-count')?.textContent || 0) === n - 1, before);

  await page.locator('#bell').click();
  await page.locator('#notices li').first().waitFor();
  await page.setViewportSize({ width: 1366, height: 800 });
  await shot(page, '61-thong-bao-1366');
  await page.getByRole('button', { name: 'Đánh dấu đã đọc tất cả' }).click();
  await page.locator('#bell-count').waitFor({ state: 'detached' });
  assert.equal(await page.locator('#notices li.unread').count(), 0);
  await page.setViewportSize({ width: 360, height: 740 });
});
