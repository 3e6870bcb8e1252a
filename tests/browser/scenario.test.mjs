// The main scenario: a district officer (chomoi) finds Huyện Chợ Mới, checks
// its coverage on 04/05/2022, opens Xã Hoà Mục, sets up a team for a village
// without one, adds two members and sees the village coverage go up by one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { shot, login, setDate, searchAndOpen, DEMO_DATE, openSession, closeSession } from './helpers.mjs';

let server, browser, page;
const HOA_MUC = /Xã H(oà|òa) Mục/;

before(async () => ({ server, browser, page } = await openSession()));
after(() => closeSession(server, browser));

const villageCoverage = async () => {
  const t = (await page.locator('#cov-villages').textContent()).trim();
  const m = /^([\d.]+)\/([\d.]+)$/.exec(t);
  assert.ok(m, 'village coverage reads x/y: ' + t);
  return [Number(m[1].replace(/\./g, '')), Number(m[2].replace(/\./g, ''))];
};

test('district officer sets up a village team in Xã Hoà Mục', async () => {
  await page.goto('/');
  await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  assert.match(new URL(page.url()).pathname, /^\/login/);
  await shot(page, '01-login');

  await login(page, 'chomoi');
  await shot(page, '02-home');
  // The officer's own unit is listed when the search box is empty.
  await page.locator('#main .list a.item').filter({ hasText: 'Huyện Chợ Mới' }).first().waitFor();

  await setDate(page, DEMO_DATE);
  await page.locator('#q').fill('cho moi');
  await page.getByRole('heading', { name: 'Kết quả tìm kiếm' }).waitFor();
  const hit = page.locator('#main .list a.item').filter({ hasText: 'Huyện Chợ Mới' }).first();
  await hit.waitFor();
  assert.match(await hit.textContent(), /Bắc Kạn/, 'the result shows its path');
  await shot(page, '03-search-cho-moi');
  await hit.click();

  await page.locator('#main h1', { hasText: 'Huyện Chợ Mới' }).waitFor();
  assert.equal(await page.locator('#date').inputValue(), '04/05/2022');
  await page.locator('#cov-communes', { hasText: '14/14' }).waitFor();
  assert.equal((await page.locator('#cov-communes-pct').textContent()).trim(), '100,0%');
  assert.equal(await page.locator('#child-list > li').count(), 14, '14 communes listed');
  await shot(page, '04-huyen-cho-moi');

  await searchAndOpen(page, 'hoa muc', HOA_MUC);
  assert.match(new URL(page.url()).search, /date=2022-05-04/);
  await page.locator('#cov-villages').waitFor();
  await page.locator('#child-list').waitFor();
  await page.locator('#team-list').waitFor();
  const [before, total] = await villageCoverage();
  await shot(page, '05-xa-hoa-muc');

  await page.getByRole('button', { name: 'Thêm tổ' }).click();
  const form = page.getByRole('form', { name: 'Thêm tổ' });
  const unitSelect = form.getByLabel('Đơn vị của tổ');
  const free = await unitSelect.locator('option').evaluateAll((opts) =>
    opts.filter((o) => o.value && !o.textContent.includes('đã có tổ') && /^(Thôn|Bản|Tổ|Khu|Xóm|Làng|Ấp)/.test(o.textContent))
      .map((o) => ({ value: o.value, label: o.textContent })));
  let villageName;
  let expectTotal = total;
  if (free.length) {
    villageName = free[0].label;
    await unitSelect.selectOption(free[0].value);
  } else {
    // Every village has a team: create a new one first.
    await form.getByRole('button', { name: 'Huỷ' }).click();
    await page.getByRole('button', { name: 'Thêm thôn/tổ dân phố' }).click();
    const vf = page.getByRole('form', { name: 'Thêm thôn/tổ dân phố' });
    villageName = 'Thôn Nà Pài Mới';
    await vf.getByLabel('Tên thôn/tổ dân phố').fill(villageName);
    await vf.getByRole('button', { name: 'Thêm thôn' }).click();
    await page.locator('#child-list a', { hasText: villageName }).waitFor();
    expectTotal = total + 1;
    await page.getByRole('button', { name: 'Thêm tổ' }).click();
    await unitSelect.selectOption({ label: villageName });
  }
  const teamName = 'Tổ CNSCĐ ' + villageName.replace(/\s*\(.*$/, '');
  await form.getByLabel('Tên tổ').fill(teamName);
  await form.getByLabel('Số quyết định').fill('52/QĐ-UBND');
  await form.getByLabel('Ngày quyết định').fill('2022-05-02');
  await form.getByLabel('Cơ quan ban hành').fill('UBND xã Hoà Mục');
  assert.equal(await form.getByLabel('Hoạt động từ ngày').inputValue(), '04/05/2022');
  await form.getByLabel('Hoạt động từ ngày').fill('2022-05-02');
  await form.getByLabel('Liên kết nhóm Zalo').fill('https://zalo.me/g/thuthu1');
  await form.getByLabel('Số thành viên nhóm Zalo').fill('42');
  await shot(page, '06-them-to');
  await form.getByRole('button', { name: 'Thêm tổ' }).click();

  await page.waitForURL(/\/teams\/\d+/);
  await page.locator('#main h1', { hasText: teamName }).waitFor();
  await page.getByText('52/QĐ-UBND').waitFor();
  assert.match(await page.locator('.dl').textContent(), /02\/05\/2022/);
  await shot(page, '07-to-moi');

  await page.getByRole('button', { name: 'Thêm thành viên' }).click();
  const mf = page.getByRole('form', { name: 'Thêm thành viên' });
  const add = async (name, phone, role) => {
    await mf.getByLabel('Họ và tên').fill(name);
    await mf.getByLabel('Số điện thoại').fill(phone);
    await mf.getByLabel('Vai trò trong tổ').selectOption({ label: role });
    await mf.getByRole('button', { name: 'Thêm thành viên' }).click();
    await mf.getByRole('status').filter({ hasText: 'Đã thêm ' + name }).waitFor();
  };
  await add('Hoàng Văn Thử', '0987650001', 'Tổ trưởng');
  await add('Lường Thị Nghiệm', '+84987650002', 'Thành viên');
  await page.locator('#members tbody tr').nth(1).waitFor();
  assert.equal(await page.locator('#members tbody tr').count(), 2);
  await page.locator('#member-count', { hasText: '2' }).waitFor();
  const table = await page.locator('#members').textContent();
  assert.match(table, /0987650001/);
  assert.match(table, /Tổ trưởng/);
  await mf.getByRole('button', { name: 'Đóng' }).click();
  await shot(page, '08-thanh-vien');

  // Back to the commune through the breadcrumb: one more village has a team.
  await page.locator('.crumbs a').filter({ hasText: HOA_MUC }).click();
  await page.locator('#main h1').filter({ hasText: HOA_MUC }).waitFor();
  assert.equal(await page.locator('#date').inputValue(), '04/05/2022');
  await page.locator('#cov-villages', { hasText: `${before + 1}/` }).waitFor();
  const [afterCount, afterTotal] = await villageCoverage();
  assert.equal(afterCount, before + 1);
  assert.equal(afterTotal, expectTotal);
  await page.locator('#team-list a', { hasText: teamName }).waitFor();
  await shot(page, '09-xa-hoa-muc-sau');

  // And the browser's back button lands on pages that reload their data.
  await page.goBack();
  await page.locator('#main h1', { hasText: teamName }).waitFor();

  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  await page.goto('/users');
  await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
});
