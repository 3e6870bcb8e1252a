// The report document in the web app (issue 11): from the scorecard's "Tải
// báo cáo", an officer opens the report of the month, writes the sections,
// chooses the recipients from the parent units and free text, saves, and
// downloads the .docx holding what was typed; the unit's settings form
// changes the signer the report shows. At a phone's 360×740 (nothing wider
// than the screen, the heading blocks stacked) and a desktop's 1366×768 (the
// demo's report of Chợ Mới, side by side), with screenshots; a viewer reads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { shot, login, searchAndOpen, startServer, startBrowser, newPage, VN_TIMEZONE } from './helpers.mjs';
import { unzip, xmlText } from '../api/zip.mjs';

let server, browser, page;
before(async () => {
  server = await startServer();
  browser = await startBrowser();
  page = await newPage(browser, server.url);
});
after(async () => { await browser?.close(); await server?.stop(); });

const TODAY = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
const MONTH = TODAY.slice(0, 7);
/** A button pressed as from a keyboard: focused, then Enter. */
async function press(button) {
  await button.focus();
  await button.press('Enter');
}

async function noSideScroll(p) {
  const [sw, w] = await p.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(sw <= w, `nothing wider than the screen: ${sw} > ${w}`);
}

test('phone: an officer opens this month\'s report from the scorecard, writes it, picks recipients, saves and downloads the .docx', async () => {
  await login(page, 'tanky');
  await searchAndOpen(page, 'tan ky', 'Xã Tân Kỳ');
  await page.locator('#unit-scorecard').click();
  await page.locator('#main h1', { hasText: 'Bảng chỉ tiêu: Xã Tân Kỳ' }).waitFor();
  const open = page.locator(`#report-h ~ * a[href$="/reports/${MONTH}"], .reports a[href$="/reports/${MONTH}"]`).first();
  await open.click();
  await page.locator('#main h1', { hasText: /^Báo cáo tháng \d+ năm \d{4}/ }).waitFor();
  const form = page.getByRole('form', { name: /^Báo cáo tháng/ });
  const results = form.getByLabel('I. Kết quả thực hiện');
  await results.waitFor();
  // A draft: section I is the paragraph written from the figures.
  assert.match(await results.inputValue(), /^Đến ngày \d{2}\/\d{2}\/\d{4}, trên địa bàn xã Tân Kỳ có \d+ Tổ công nghệ số cộng đồng/);
  assert.match(await page.locator('#doc-range').textContent(), /\(số liệu đến ngày \d{2}\/\d{2}\/\d{4}\)/, 'a month still running says so');
  await noSideScroll(page);
  await shot(page, '60-bao-cao-nhap');

  await form.getByLabel('Số văn bản').fill('15/BC');
  await form.getByLabel('II. Khó khăn, vướng mắc').fill('Thôn Nà Pầu sóng yếu.');
  await form.getByRole('button', { name: 'Lưu báo cáo' }).click();
  await form.locator('.field-err', { hasText: 'Chỉ nhập số' }).waitFor();
  await form.getByLabel('Số văn bản').fill('15');
  await form.getByLabel('III. Đề xuất, kiến nghị').fill('Đề nghị tập huấn thêm cho thành viên tổ.');
  await form.getByLabel('IV. Phương hướng, nhiệm vụ kỳ tới').fill('Hướng dẫn người dân dùng dịch vụ công trực tuyến.');
  // Recipients: a parent unit (addressed: the first one is), then free text.
  const options = await page.locator('#recip-pick option').allTextContents();
  assert.ok(options.includes('UBND tỉnh Thái Nguyên') && options.includes('Sở Khoa học và Công nghệ tỉnh Thái Nguyên'), options.join(' | '));
  await page.locator('#recip-pick').selectOption('Sở Khoa học và Công nghệ tỉnh Thái Nguyên');
  // Pressed from the keyboard: on a phone the sticky save bar (with the form's message) can sit over the
  // place the page scrolls a button to, and a pointer click there would land on the bar.
  await press(page.locator('#doc-recipients').getByRole('button', { name: 'Thêm' }).first());
  await page.locator('#recip-free').fill('Đảng uỷ xã Tân Kỳ');
  await page.locator('#recip-free').press('Enter');
  const rows = page.locator('#doc-recipients .recips > li');
  assert.equal(await rows.count(), 2);
  assert.equal(await rows.nth(0).getByLabel('Kính gửi').isChecked(), true);
  assert.equal(await rows.nth(1).getByLabel('Kính gửi').isChecked(), false);
  await page.locator('#doc-files-h').scrollIntoViewIfNeeded();
  await page.getByText('Có thay đổi chưa lưu').waitFor();
  await form.getByRole('button', { name: 'Lưu báo cáo' }).click();
  await form.getByRole('status').filter({ hasText: 'Đã lưu báo cáo' }).waitFor();
  assert.match(await page.locator('#doc-state').textContent(), /^Đã lưu/);
  assert.equal(await page.getByText('Có thay đổi chưa lưu').count(), 0);
  await noSideScroll(page);
  await shot(page, '61-bao-cao-da-luu');

  // The file holds what was typed.
  const href = await page.locator('#dl-docx').getAttribute('href');
  const r = await page.request.get(href);
  assert.equal(r.status(), 200);
  assert.match(r.headers()['content-disposition'], /filename="bao-cao-thang-\d+-\d{4}-xa-tan-ky\.docx"/);
  const doc = unzip(Buffer.from(await r.body()))['word/document.xml'].toString('utf8');
  const text = xmlText([...doc.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('\n'));
  for (const needle of ['Số: 15/BC-UBND', 'Thôn Nà Pầu sóng yếu.', 'Kính gửi: Sở Khoa học và Công nghệ tỉnh Thái Nguyên.', '- Đảng uỷ xã Tân Kỳ;', 'TM. UỶ BAN NHÂN DÂN']) {
    assert.ok(text.includes(needle), `the .docx holds "${needle}"`);
  }
});

test('phone: the unit\'s settings form sets the signer, and the report shows it', async () => {
  await page.locator('#to-settings').click();
  await page.locator('#main h1', { hasText: 'Thông tin ban hành báo cáo' }).waitFor();
  const form = page.getByRole('form', { name: 'Thông tin ban hành báo cáo' });
  await form.getByLabel(/^Địa danh/).fill('');
  await form.getByLabel(/^Chữ viết tắt/).fill('BC UB');
  await press(form.getByRole('button', { name: 'Lưu thông tin ban hành' }));
  await form.locator('.field-err', { hasText: 'Vui lòng nhập địa danh' }).waitFor();
  await form.locator('.field-err', { hasText: 'Không có dấu cách' }).waitFor();
  await form.getByLabel(/^Địa danh/).fill('Tân Kỳ');
  await form.getByLabel(/^Chữ viết tắt/).fill('UBND');
  await form.getByLabel(/^Chức danh người ký/).fill('Phó Chủ tịch');
  await form.getByLabel(/^Họ và tên người ký/).fill('Phạm Văn E');
  await press(form.getByRole('button', { name: 'Lưu thông tin ban hành' }));
  await form.getByRole('status').filter({ hasText: 'Đã lưu thông tin ban hành' }).waitFor();
  const preview = page.locator('#settings-preview');
  await preview.getByText('KT. CHỦ TỊCH').waitFor();
  await preview.getByText('Phạm Văn E').waitFor();
  await noSideScroll(page);
  // At 360 px the two heading blocks stack: the national heading sits below the issuer.
  const left = await preview.getByText('UỶ BAN NHÂN DÂN', { exact: true }).boundingBox();
  const right = await preview.getByText('CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM').boundingBox();
  assert.ok(right.y > left.y + left.height, `stacked on a phone: ${JSON.stringify([left, right])}`);
  await shot(page, '62-thong-tin-ban-hanh');
  await page.goBack();
  await page.locator('#doc-signer').getByText('Phạm Văn E').waitFor();
  await page.locator('#doc-signer').getByText('KT. CHỦ TỊCH').waitFor();
});

test('desktop 1366×768: the demo\'s report of Chợ Mới for May 2022, historical, side-by-side heading; a viewer reads it', async () => {
  const ctx = await browser.newContext({ timezoneId: VN_TIMEZONE, baseURL: server.url, viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
  const desk = await ctx.newPage();
  try {
    await login(desk, 'chomoi');
    const id = (await (await desk.request.get('/api/v1/units?code=065&date=2022-05-04')).json()).items[0].id;
    await desk.goto(`/units/${id}/reports/2022-05`);
    await desk.locator('#main h1', { hasText: 'Báo cáo tháng 5 năm 2022' }).waitFor();
    await desk.getByText(/^Báo cáo lịch sử: Huyện Chợ Mới — không còn/).waitFor();
    const form = desk.getByRole('form', { name: 'Báo cáo tháng 5 năm 2022' });
    assert.equal(await form.getByLabel('Số văn bản').inputValue(), '112');
    assert.equal(await form.getByLabel('Ngày báo cáo').inputValue(), '04/05/2022');
    assert.match(await form.getByLabel('I. Kết quả thực hiện').inputValue(), /Kế hoạch số 265\/KH-UBND/);
    assert.equal(await desk.locator('#doc-recipients .recips > li').count(), 5);
    assert.equal(await desk.locator('#doc-range').textContent(), 'Từ 01/05/2022 đến 04/05/2022 (số liệu đến ngày 04/05/2022)');
    assert.match(await desk.locator('#doc-state').textContent(), /^Đã lưu lúc \d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4}\./);
    const left = await desk.locator('.doc-head').getByText('HUYỆN CHỢ MỚI').boundingBox();
    const right = await desk.locator('.doc-head').getByText('Độc lập - Tự do - Hạnh phúc').boundingBox();
    assert.ok(Math.abs(left.y - right.y) < 4 && right.x > left.x + left.width, `side by side on a desktop: ${JSON.stringify([left, right])}`);
    await desk.locator('#doc-signer').getByText('Nguyễn Văn A').waitFor();
    await shot(desk, '63-bao-cao-cho-moi-desktop');

    await desk.getByRole('button', { name: 'Đăng xuất' }).click();
    await desk.getByLabel('Tên đăng nhập hoặc số điện thoại').waitFor();
    await login(desk, 'xem');
    await desk.goto(`/units/${id}/reports/2022-05`);
    await desk.locator('#main h1', { hasText: 'Báo cáo tháng 5 năm 2022' }).waitFor();
    await desk.getByText('Bạn đang xem; chỉ cán bộ của đơn vị sửa được báo cáo.').waitFor();
    assert.equal(await desk.locator('textarea').count(), 0, 'no editor for a viewer');
    await desk.getByText(/Thực hiện Kế hoạch số 265\/KH-UBND/).waitFor();
    assert.equal((await desk.request.get(await desk.locator('#dl-xlsx').getAttribute('href'))).status(), 200);
    await shot(desk, '64-bao-cao-nguoi-xem-desktop');
  } finally {
    await ctx.close();
  }
});
