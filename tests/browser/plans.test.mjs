// Plans on a phone (issue 14): Hoà Mục's officer opens the task Chợ Mới gave
// it from the bell, reports it done with a note and a link; Chợ Mới's officer
// must give a reason to send it back, does, and Hoà Mục's bell tells it.
// Chợ Mới's officer creates a plan on the phone, issues it, gives a target by
// a table whose sum is checked as it is typed, and a task.
// Screenshots at 360 px and 1366 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { shot, login, openSession, closeSession, newPage, setDate, searchAndOpen, DEMO_DATE } from './helpers.mjs';

let server, browser, page;
before(async () => ({ server, browser, page } = await openSession()));
after(() => closeSession(server, browser));

async function openTaskFromBell(p, title) {
  await p.locator('#bell').click();
  const link = p.locator('#notices li[data-kind="task_assigned"] a').filter({ hasText: title }).first();
  await link.click();
  await p.waitForURL(/\/plans\/\d+#task-\d+$/);
  const id = new URL(p.url()).hash.slice(1);
  const item = p.locator('#' + id);
  await item.waitFor();
  return item;
}

test('a commune reports its task; the district sends it back with a reason; the commune is told', async () => {
  await login(page, 'hoamuc');
  const task = await openTaskFromBell(page, 'Thành lập Tổ CNSCĐ của xã');
  await task.getByRole('button', { name: 'Báo cáo tiến độ' }).click();
  await task.getByLabel('Tình trạng').selectOption('done');
  await task.getByLabel('Kết quả thực hiện').fill('Đã có quyết định thành lập tổ của xã và thôn Nà Pầu');
  await task.getByLabel('Liên kết minh chứng').fill('ftp://sai');
  await task.getByRole('button', { name: 'Gửi báo cáo' }).click();
  await task.locator('.field-err').filter({ hasText: 'https://' }).waitFor();
  await shot(page, '62-nhiem-vu-bao-cao-loi-360');
  await task.getByLabel('Liên kết minh chứng').fill('https://hoamuc.example.vn/qd-to');
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200)]);
  await task.locator('input[type="file"]').setInputFiles({ name: 'ảnh quyết định.png', mimeType: 'image/png', buffer: png });
  await task.getByRole('button', { name: 'Gửi báo cáo' }).click();
  await task.locator('.task-status').filter({ hasText: 'Đã hoàn thành' }).waitFor();
  await task.locator('.files a').filter({ hasText: 'ảnh quyết định.png' }).waitFor();
  await shot(page, '63-nhiem-vu-da-bao-cao-360');

  const district = await newPage(browser, server.url);
  await district.setViewportSize({ width: 1366, height: 800 });
  await login(district, 'chomoi');
  await district.locator('#bell').click();
  await district.locator('#notices li[data-kind="task_done"] a').first().click();
  const id = new URL((await district.waitForURL(/#task-\d+$/), district.url())).hash.slice(1);
  const item = district.locator('#' + id);
  await item.getByRole('button', { name: 'Nghiệm thu / trả lại' }).click();
  await item.getByRole('button', { name: 'Trả lại' }).click();
  await item.locator('.field-err').filter({ hasText: 'lý do' }).waitFor();
  await item.getByLabel('Lý do trả lại (nếu trả lại)').fill('Thiếu quyết định của thôn Nà Pầu');
  await item.getByRole('button', { name: 'Trả lại' }).click();
  await item.locator('.task-status').filter({ hasText: 'Đang thực hiện' }).waitFor();
  await shot(district, '64-nhiem-vu-tra-lai-1366');
  await district.context().close();

  await page.reload();
  await page.locator('#bell').click();
  const back = page.locator('#notices li[data-kind="task_returned"]').first();
  await back.waitFor();
  assert.match(await back.textContent(), /Lý do: Thiếu quyết định của thôn Nà Pầu/);
  await shot(page, '65-thong-bao-tra-lai-360');
});

test('a district creates a plan, a target by table (the sum checked live) and a task, on a phone', async () => {
  await page.context().close();
  page = await newPage(browser, server.url);
  await login(page, 'chomoi');
  await setDate(page, DEMO_DATE);
  await searchAndOpen(page, 'cho moi', 'Huyện Chợ Mới');
  await page.locator('#unit-plans').click();
  await page.locator('#new-plan').click();
  const form = page.locator('#plan-form');
  await form.getByLabel('Số kế hoạch').fill('88/KH-UBND');
  await form.getByLabel('Cơ quan ban hành').fill('UBND huyện Chợ Mới');
  await form.getByLabel('Trích yếu').fill('Kế hoạch phát triển thành viên tổ công nghệ số năm 2022');
  await form.locator('input[name="issued_on"]').fill('01/05/2022');
  await form.locator('input[name="start_on"]').fill('01/05/2022');
  await form.locator('input[name="end_on"]').fill('30/04/2022');
  await form.getByRole('button', { name: 'Tạo kế hoạch' }).click();
  await form.locator('.field-err').filter({ hasText: 'không được trước ngày bắt đầu' }).waitFor();
  await form.locator('input[name="end_on"]').fill('31/12/2022');
  await form.getByLabel('Trạng thái').selectOption('issued');
  await shot(page, '66-tao-ke-hoach-360');
  await form.getByRole('button', { name: 'Tạo kế hoạch' }).click();
  await page.locator('#main h1').filter({ hasText: 'Kế hoạch số 88/KH-UBND' }).waitFor();

  await page.getByRole('button', { name: 'Thêm chỉ tiêu' }).click();
  const t = page.locator('#target-form');
  await t.getByLabel('Chỉ số').selectOption('so_thanh_vien');
  await t.getByLabel(/^Chỉ tiêu/).fill('140');
  await t.getByLabel('Giao xuống đơn vị cấp dưới').selectOption('table');
  const inputs = t.locator('#parts input[type="number"]');
  await inputs.first().waitFor();
  const n = await inputs.count();
  assert.ok(n >= 10, `${n} communes`);
  for (let i = 0; i < n; i++) await inputs.nth(i).fill(i === 0 ? '20' : '5');
  const sum = t.locator('#parts-sum');
  assert.match(await sum.textContent(), /chưa khớp/);
  await t.getByRole('button', { name: 'Giao chỉ tiêu' }).click();
  await t.locator('.field-err').filter({ hasText: 'khác tổng' }).waitFor();
  await t.getByLabel(/^Chỉ tiêu/).fill(String(20 + 5 * (n - 1)));
  await sum.filter({ hasText: 'khớp' }).filter({ hasNotText: 'chưa' }).waitFor();
  await shot(page, '67-chi-tieu-theo-bang-360');
  // The same table from a file filled in Excel: a file with a row error fills nothing; the right one fills every row.
  const codes = await page.evaluate(async () => {
    const plan = await (await fetch(`/api/v1/plans/${location.pathname.split('/')[2]}`)).json();
    const kids = await (await fetch(`/api/v1/units/${plan.unit.id}/children?date=${plan.start_on}`)).json();
    return kids.items.map((k) => k.code);
  });
  const csv = (v) => Buffer.from('Mã đơn vị,Tên đơn vị,Chỉ tiêu\n' + codes.map((c, i) => `${c},,${v(i)}`).join('\n') + '\n');
  await t.locator('#table-file').setInputFiles({ name: 'bang.csv', mimeType: 'text/csv', buffer: csv((i) => (i === 1 ? 'mười' : '10')) });
  await t.locator('#table-file-status').filter({ hasText: 'dòng 3' }).waitFor();
  assert.equal(await inputs.nth(1).inputValue(), '5', 'nothing is filled from a file with an error');
  await shot(page, '67b-bang-tu-tep-loi-360');
  await t.locator('#table-file').setInputFiles({ name: 'bang.csv', mimeType: 'text/csv', buffer: csv(() => '10') });
  await t.locator('#table-file-status').filter({ hasText: `Đã đọc ${n} đơn vị` }).waitFor();
  for (let i = 0; i < n; i++) assert.equal(await inputs.nth(i).inputValue(), '10');
  await t.locator('input[name="value"]').fill(String(10 * n));
  await sum.filter({ hasText: 'khớp' }).filter({ hasNotText: 'chưa' }).waitFor();
  await t.getByRole('button', { name: 'Giao chỉ tiêu' }).click();
  await t.waitFor({ state: 'detached' });

  await page.getByRole('button', { name: 'Giao nhiệm vụ' }).click();
  const k = page.locator('#task-form');
  await k.getByLabel('Giao cho').selectOption({ label: 'Xã Hoà Mục' });
  await k.getByLabel('Nội dung nhiệm vụ').fill('Kết nạp thêm 15 thành viên tổ công nghệ số');
  await k.locator('input[name="due_on"]').fill('30/06/2022');
  await k.getByRole('button', { name: 'Giao nhiệm vụ' }).click();
  await page.locator('#main li').filter({ hasText: 'Kết nạp thêm 15 thành viên' }).waitFor();
  await page.setViewportSize({ width: 1366, height: 800 });
  await shot(page, '68-ke-hoach-moi-1366');
  await page.setViewportSize({ width: 360, height: 740 });
});

test('Bảng điều hành: the province\'s open plans, the chart, the units behind; printable', async () => {
  await page.context().close();
  page = await newPage(browser, server.url);
  await login(page, 'backan');
  await setDate(page, '2022-05-25');
  await searchAndOpen(page, 'bac kan', 'Tỉnh Bắc Kạn');
  await page.locator('#unit-plans').click();
  await page.locator('#plan-board').click();
  await page.locator('#main h1').filter({ hasText: 'Bảng điều hành' }).waitFor();
  await page.locator('#board-chart .fbar-row').first().waitFor();
  const text = await page.locator('#main').textContent();
  assert.match(text, /265\/KH-UBND/);
  assert.match(text, /25\/05\/2022/);
  assert.match(text, /Nhiệm vụ quá hạn/);
  await shot(page, '69-bang-dieu-hanh-360');
  await page.setViewportSize({ width: 1366, height: 900 });
  await shot(page, '70-bang-dieu-hanh-1366');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.top').isVisible(), false, 'no app header on paper');
  await shot(page, '71-bang-dieu-hanh-in');
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  assert.ok(pdf.length > 10000 && pdf.subarray(0, 5).toString() === '%PDF-');
  await page.emulateMedia({ media: 'screen' });
  await page.setViewportSize({ width: 360, height: 740 });
});

test('the scorecard says which plan a target comes from, and links to it', async () => {
  await page.context().close();
  page = await newPage(browser, server.url);
  await login(page, 'chomoi');
  await setDate(page, DEMO_DATE);
  await searchAndOpen(page, 'cho moi', 'Huyện Chợ Mới');
  await page.locator('#unit-scorecard').click();
  await page.waitForURL(/\/scorecard/);
  await page.goto(new URL(page.url()).pathname + '?from=2022-01-01&to=2022-05-04');
  // Chợ Mới's own plan 45 (by 31/05/2022) is the nearer milestone than the province's 265 (by 30/06/2022).
  const row = page.locator('li.ind[data-code="phu_song_xa"]').first();
  await row.waitFor();
  const link = row.locator('a.target-plan');
  assert.match(await link.textContent(), /theo KH 45\/KH-UBND, hạn 31\/05\/2022/);
  await row.scrollIntoViewIfNeeded();
  await shot(page, '72-chi-tieu-theo-ke-hoach-360');
  await link.click();
  await page.locator('#main h1').filter({ hasText: 'Kế hoạch số 45/KH-UBND' }).waitFor();
});
