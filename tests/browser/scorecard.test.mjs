// A commune's scorecard: yearly targets set by an officer show as target,
// status text and progress; the custom period is checked; the trend chart
// has its numbers as a table; the report links download real files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { shot, login, searchAndOpen, openSession, closeSession, showAllIndicators } from './helpers.mjs';

let server, browser, page;
const HOA_MUC = /Xã H(oà|òa) Mục/;
// Xã Hoà Mục ended on 30/06/2025: its scorecard opens as of that day, and its
// periods and targets are those of 2025.
const YEAR = 2025;

before(async () => ({ server, browser, page } = await openSession()));
after(() => closeSession(server, browser));

const row = (code) => page.locator(`#pillars li[data-code="${code}"]`);

test('an officer sets a yearly target and the scorecard measures against it', async () => {
  await login(page, 'chomoi');
  await searchAndOpen(page, 'hoa muc', HOA_MUC);
  await page.locator('#unit-scorecard').click();
  await page.locator('#main h1', { hasText: /Bảng chỉ tiêu: Xã H(oà|òa) Mục/ }).waitFor();
  await page.locator('#period-line', { hasText: 'Từ 01/07/2024 đến 30/06/2025 · cơ cấu hành chính ngày 30/06/2025' }).waitFor();
  await showAllIndicators(page);
  await row('vi_dien_tu').locator('.badge', { hasText: 'Chưa có chỉ tiêu' }).waitFor();

  await page.getByRole('link', { name: `Chỉ tiêu năm ${YEAR}` }).click();
  await page.locator('#main h1', { hasText: `Chỉ tiêu năm ${YEAR}` }).waitFor();
  const form = page.getByRole('form', { name: `Chỉ tiêu năm ${YEAR}` });
  const input = form.getByLabel('Tài khoản ví điện tử mở mới', { exact: true });
  // The client refuses what is not a number, and a rate above 100%.
  await input.fill('nhiều');
  const rate = form.getByLabel('Tỷ lệ thôn, tổ dân phố có tổ công nghệ số cộng đồng', { exact: true });
  await rate.fill('120');
  await form.getByRole('button', { name: /^Lưu chỉ tiêu/ }).click();
  await form.locator('.field-err', { hasText: 'Nhập một số không âm' }).waitFor();
  await form.locator('.field-err', { hasText: 'Tỷ lệ không quá 100%' }).waitFor();
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  await shot(page, '30-chi-tieu-sai');

  await input.fill('5.000'); // typed the Vietnamese way
  await rate.fill('');
  await form.getByRole('button', { name: /^Lưu chỉ tiêu/ }).click();
  await form.getByRole('status').filter({ hasText: `Đã lưu chỉ tiêu năm ${YEAR}` }).waitFor();
  await shot(page, '31-chi-tieu-da-luu');

  // Back to the scorecard (in the app): a prorated target, a status in words, a bar.
  await page.getByRole('navigation', { name: 'Đường dẫn' }).getByRole('link', { name: 'Bảng chỉ tiêu' }).click();
  // With a target it moves up, among the targets given ("Chỉ tiêu được giao").
  const r = page.locator('#targets li[data-code="vi_dien_tu"]');
  await r.locator('.muted', { hasText: 'chỉ tiêu' }).waitFor();
  const badge = (await r.locator('.badge').textContent()).trim();
  assert.match(badge, /Đạt|Đúng tiến độ|Chậm/, 'status in words: ' + badge);
  assert.equal(await r.locator('.pbar').count(), 1, 'a progress bar where a target exists');
  assert.equal(await r.locator('.pbar').getAttribute('aria-hidden'), 'true', 'the bar repeats the numbers, hidden from screen readers');
  await shot(page, '32-bang-chi-tieu-xa');
});

test('the period picker: presets and a checked custom range', async () => {
  await page.getByRole('button', { name: 'Tháng này' }).click();
  await page.locator('#period-line', { hasText: `Từ 01/06/${YEAR} đến 30/06/${YEAR}` }).waitFor();
  // The address follows in an effect after the render: wait for it rather than race it.
  await page.waitForURL(/p=month/);

  await page.getByRole('button', { name: 'Tuỳ chọn' }).click();
  await page.locator('#sc-from').fill(`${YEAR}-06-30`);
  await page.locator('#sc-to').fill(`${YEAR}-06-01`);
  await page.getByRole('button', { name: 'Xem', exact: true }).click();
  await page.getByText('Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.').waitFor();
  await page.locator('#sc-from').fill(`${YEAR}-06-01`);
  await page.locator('#sc-to').fill(`${YEAR}-06-30`);
  await page.getByRole('button', { name: 'Xem', exact: true }).click();
  await page.locator('#period-line', { hasText: `Từ 01/06/${YEAR} đến 30/06/${YEAR}` }).waitFor();
  await shot(page, '33-ky-tuy-chon');

  // The report links follow the period's end.
  const links = await page.locator('.reports a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(links.some((h) => h.endsWith(`period=${YEAR}-06&format=xlsx`)), links.join(' '));
  assert.ok(links.some((h) => h.endsWith(`period=${YEAR}-Q2&format=csv`)), links.join(' '));
  assert.ok(links.some((h) => h.endsWith(`period=${YEAR}&format=xlsx`)), links.join(' '));
  // Xã Hoà Mục ended on 01/07/2025 and its scorecard opens on its last day:
  // these are reports of a period it lived in, its own, marked historical.
  const xlsx = await page.request.get(links.find((h) => h.includes('format=xlsx')));
  assert.equal(xlsx.status(), 200);
  assert.match(xlsx.headers()['content-type'], /spreadsheetml/);
  const csv = await page.request.get(links.find((h) => h.includes('format=csv')));
  assert.equal(csv.status(), 200);
  assert.match(await csv.text(), /CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM[\s\S]*Báo cáo lịch sử: Xã Hoà Mục/);
});

test('the trend chart is an image with a summary and a table of its numbers', async () => {
  await page.getByRole('button', { name: 'Năm nay' }).click();
  await showAllIndicators(page);
  await page.locator('#pillars li[data-code="so_thanh_vien"] .ind-name').click();
  await page.getByRole('button', { name: '24 tháng' }).click();
  const svg = page.locator('.chart svg[role="img"]');
  await svg.waitFor();
  const title = await svg.locator('title').textContent();
  assert.match(title, /Thành viên/, title);
  await page.getByText('Xem bảng số liệu').click();
  assert.equal(await page.locator('.chart table.data tbody tr').count(), 24);
  await page.locator('#trend').scrollIntoViewIfNeeded();
  await shot(page, '34-xu-huong-24-thang');
});

// What is drawn, not only the DOM: each month a column standing on the axis,
// its height in proportion to its value (a stylesheet rule once made every
// column an 8-pixel dash floating at its value).
async function columns() {
  return page.locator('.chart svg').evaluate((svg) => {
    const axis = svg.querySelector('line.ax').getBoundingClientRect();
    return [...svg.querySelectorAll('rect.col')].map((r) => {
      const b = r.getBoundingClientRect();
      return { value: Number(r.dataset.value), height: b.height, bottom: b.bottom, axis: axis.top };
    });
  });
}

for (const [w, h] of [[360, 740], [1366, 768]]) {
  test(`the trend chart draws columns from zero, heights in proportion to values (${w}×${h})`, async () => {
    await page.setViewportSize({ width: w, height: h });
    await showAllIndicators(page);
    await page.locator('#pillars li[data-code="nguoi_tuyen_truyen"] .ind-name').click();
    await page.getByRole('button', { name: '36 tháng' }).click();
    await page.locator('.chart rect.col').first().waitFor();
    const cols = await columns();
    assert.ok(cols.length >= 3, `several months with a value: ${cols.length}`);
    const perUnit = cols.map((c) => c.height / c.value);
    const k = perUnit.reduce((a, b) => a + b, 0) / perUnit.length;
    for (const c of cols) {
      assert.ok(Math.abs(c.bottom - c.axis) <= 1.5, `a column stands on the axis: ${JSON.stringify(c)}`);
      assert.ok(Math.abs(c.height - c.value * k) <= 1.5, `height ∝ value: ${JSON.stringify(c)} (×${k.toFixed(3)})`);
    }
    const tallest = cols.reduce((a, b) => (b.value > a.value ? b : a));
    assert.ok(tallest.height > 40, `the largest month is drawn tall: ${tallest.height}px`);
    await page.locator('#trend').scrollIntoViewIfNeeded();
    await shot(page, `35-cot-xu-huong-${w}`);
  });
}
