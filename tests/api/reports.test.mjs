// GET /units/{id}/report: the Vietnamese administrative report as CSV and XLSX,
// and (when LibreOffice is installed) the XLSX rendered to PDF.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ROOT, startServer, loginAll, assertProblem, scoreIndicator, parseCsv,
} from './lib.mjs';
import { unzip, xmlText } from './zip.mjs';

let s; let c;
const u = {};
let catalogue; let communes;
const NONE = 999999;
const HEADING = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
const MOTTO = 'Độc lập - Tự do - Hạnh phúc';

before(async () => {
  s = await startServer();
  c = await loginAll(s.url);
  for (const code of ['06', '065', '02098', '02110']) {
    const r = await c.admin.ok(`/api/v1/units?code=${code}&date=2022-05-31`);
    u[code] = r.items[0];
  }
  catalogue = await c.admin.ok('/api/v1/indicators');
  communes = (await c.chomoi.ok(`/api/v1/units/${u['065'].id}/children?date=2022-05-31`)).items;
  assert.equal(communes.length, 14);
});
after(async () => { await s?.stop(); });

const report = (client, unit, q) => client.get(`/api/v1/units/${unit.id}/report?${q}`);


test('report CSV (month): national heading, issuing body, number and date line, one row per commune and a total row', async () => {
  const r = await report(c.chomoi, u['065'], 'period=2022-05&format=csv');
  assert.equal(r.status, 200, r.text);
  assert.match(String(r.headers['content-type']), /^text\/csv\b.*charset=utf-8/i);
  assert.match(String(r.headers['content-disposition']), /attachment;.*filename=.*\.csv/);
  assert.deepEqual([...r.body.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM for Excel');
  const rows = parseCsv(r.text);
  const lines = rows.map((x) => x.join(' ').trim());
  const at = (re) => lines.findIndex((l) => re.test(l));
  assert.ok(at(/^UBND HUYỆN CHỢ MỚI\b/) === 0, `issuing body top left: ${lines[0]}`);
  assert.ok(rows[0].includes(HEADING), 'national heading on the first line');
  assert.ok(rows[1].includes(MOTTO), 'motto on the second line');
  assert.ok(rows[1].some((x) => /^Số:\s.*\/BC-UBND$/.test(x)), `number line: ${rows[1]}`);
  assert.ok(at(/Chợ Mới, ngày \d{2} tháng \d{1,2} năm \d{4}/) > 0, 'place and date line');
  const title = at(/^BÁO CÁO$/);
  assert.ok(title > 0, 'BÁO CÁO');
  assert.ok(at(/Tháng 0?5 năm 2022/) > title, 'the period');
  assert.ok(lines.some((l) => l.includes('Huyện Chợ Mới')));
  const h = rows.findIndex((x) => x[0] === 'STT');
  assert.ok(h > title, 'table header');
  assert.equal(rows[h][1], 'Đơn vị');
  const cols = rows[h].slice(2);
  const defs = catalogue.items;
  assert.deepEqual(cols, defs.map((d) => `${d.name} (${d.unit})`), 'one column per indicator, "name (unit)"');
  const body = rows.slice(h + 1, h + 15);
  assert.deepEqual(body.map((x) => x[0]), Array.from({ length: 14 }, (_, i) => String(i + 1)), 'STT 1..14');
  assert.deepEqual(body.map((x) => x[1]), communes.map((x) => x.name), 'communes in Vietnamese order');
  const total = rows[h + 15];
  assert.equal(total[1], 'Tổng cộng');
  // The total row equals the district's scorecard for the month; flows add up over the communes.
  const sc = await c.chomoi.ok(`/api/v1/units/${u['065'].id}/scorecard?from=2022-05-01&to=2022-05-31&structure_date=2022-05-31`);
  defs.forEach((d, j) => {
    const i = scoreIndicator(sc, d.code);
    const cell = total[j + 2];
    if (i.value === null) assert.equal(cell, '', d.code);
    else assert.equal(Number(cell), i.value, `${d.code}: total ${cell} = scorecard ${i.value}`);
    if (['sum', 'count', 'teams', 'members', 'trained_members'].includes(d.kind)) {
      assert.equal(body.reduce((a, x) => a + Number(x[j + 2]), 0), Number(cell), `${d.code}: Σ communes = total`);
    }
  });
  const col = (code) => defs.findIndex((d) => d.code === code) + 2;
  assert.equal(total[col('so_to')], '28');
  assert.equal(total[col('so_thanh_vien')], '84');
  assert.equal(Number(total[col('phu_song_xa')]), 100);
  assert.equal(Number(total[col('phu_song_thon')]), 25);
  const hm = body.find((x) => x[1] === 'Xã Hoà Mục');
  const hsc = await c.hoamuc.ok(`/api/v1/units/${u['02098'].id}/scorecard?from=2022-05-01&to=2022-05-31&structure_date=2022-05-31`);
  assert.equal(Number(hm[col('vi_dien_tu')]), scoreIndicator(hsc, 'vi_dien_tu').value, 'a commune row = the commune scorecard');
  assert.equal(hm[col('so_to')], '2');
});

test('report CSV: quarter and year periods, a commune\'s report (villages), the structure_date line', async () => {
  const q = await report(c.chomoi, u['065'], 'period=2022-Q2&format=csv');
  assert.equal(q.status, 200, q.text);
  assert.match(q.text, /Quý 2 năm 2022/);
  assert.match(q.text, /01\/04\/2022/);
  assert.match(q.text, /30\/06\/2022/);
  const y = await report(c.backan, u['06'], 'period=2022&format=csv');
  assert.equal(y.status, 200, y.text);
  const rows = parseCsv(y.text);
  assert.ok(rows[0][0].startsWith('UBND TỈNH BẮC KẠN'), rows[0][0]);
  assert.match(y.text, /Năm 2022/);
  const h = rows.findIndex((x) => x[0] === 'STT');
  assert.equal(rows[h + 9][1], 'Tổng cộng', 'the 8 districts and a total');
  const hm = await report(c.hoamuc, u['02098'], 'period=2022-05&format=csv');
  assert.equal(hm.status, 200, hm.text);
  assert.match(hm.text, /UBND XÃ HOÀ MỤC|UBND XÃ HÒA MỤC/);
  assert.match(hm.text, /Thôn Nà Pầu/);
  assert.match(hm.text, /31\/05\/2022/, 'structure_date defaults to the period\'s last day');
  const viewer = await report(c.xem, u['065'], 'period=2022-05&format=csv');
  assert.equal(viewer.status, 200, 'the viewer may download reports');
});

test('report XLSX: content type, a ZIP (PK) workbook holding the heading, the communes and the total', async () => {
  const r = await report(c.chomoi, u['065'], 'period=2022-05&format=xlsx');
  assert.equal(r.status, 200, r.text.slice(0, 200));
  assert.equal(String(r.headers['content-type']).split(';')[0], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.match(String(r.headers['content-disposition']), /attachment;.*filename=.*\.xlsx/);
  assert.equal(r.body.subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'a ZIP archive');
  const files = unzip(r.body);
  for (const f of ['[Content_Types].xml', 'xl/workbook.xml']) assert.ok(files[f], `${f} in the workbook: ${Object.keys(files)}`);
  const text = xmlText(Object.entries(files).filter(([n]) => n.startsWith('xl/')).map(([, b]) => b.toString('utf8')).join('\n'));
  for (const needle of [HEADING, MOTTO, 'UBND HUYỆN CHỢ MỚI', 'BÁO CÁO', 'Tổng cộng', 'Xã Hoà Mục', 'Xã Yên Hân', '/BC-UBND']) {
    assert.ok(text.includes(needle), `the workbook contains "${needle}"`);
  }
});

test('report: bad period or format → 400 bad_query; out of scope → 404', async () => {
  for (const q of ['period=2022-13&format=csv', 'period=2022-Q5&format=csv', 'period=22&format=csv', 'period=2022-05-01&format=csv', 'period=05/2022&format=csv', 'format=csv', 'period=2022-05&format=pdf', 'period=2022-05&format=csv&structure_date=2022-02-30']) {
    assertProblem(await report(c.chomoi, u['065'], q), 400, 'bad_query', { msg: q });
  }
  const a = await report(c.hoamuc, u['02110'], 'period=2022-05&format=csv');
  const b = await c.hoamuc.get(`/api/v1/units/${NONE}/report?period=2022-05&format=csv`);
  assertProblem(a, 404, 'not_found');
  assert.equal(a.text, b.text);
});

function which(cmd) {
  try { return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || null; } catch { return null; }
}

test('report XLSX opens in LibreOffice: PDF text has the heading, issuing body, title, communes and total', { timeout: 240000 }, async (t) => {
  const soffice = which('soffice'); const pdftotext = which('pdftotext'); const pdftoppm = which('pdftoppm');
  if (!soffice || !pdftotext || !pdftoppm) {
    t.skip(`LibreOffice check skipped: ${[!soffice && 'soffice', !pdftotext && 'pdftotext', !pdftoppm && 'pdftoppm'].filter(Boolean).join(', ')} not installed (apt: libreoffice-calc-nogui, poppler-utils)`);
    return;
  }
  const r = await report(c.chomoi, u['065'], 'period=2022-05&format=xlsx');
  assert.equal(r.status, 200);
  const dir = mkdtempSync(join(tmpdir(), 'langso-report-'));
  try {
    const xlsx = join(dir, 'bao-cao.xlsx');
    writeFileSync(xlsx, r.body);
    const home = join(dir, 'home'); mkdirSync(home);
    execFileSync(soffice, ['--headless', '--norestore', `-env:UserInstallation=file://${home}/lo`, '--convert-to', 'pdf', '--outdir', dir, xlsx], {
      env: { ...process.env, HOME: home }, timeout: 200000, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const pdf = join(dir, 'bao-cao.pdf');
    assert.ok(existsSync(pdf), 'LibreOffice wrote the PDF');
    const text = execFileSync(pdftotext, ['-layout', pdf, '-'], { encoding: 'utf8' });
    const flat = text.replace(/\s+/g, ' ');
    for (const needle of [HEADING, MOTTO, 'UBND HUYỆN CHỢ MỚI', 'BÁO CÁO', 'Tổng cộng']) {
      assert.ok(flat.includes(needle), `the PDF shows "${needle}":\n${text.slice(0, 1500)}`);
    }
    assert.ok(communes.some((x) => flat.includes(x.name)), 'the PDF shows a commune name');
    assert.ok(flat.includes('Xã Hoà Mục') || flat.includes('Xã Hòa Mục'), 'Xã Hoà Mục');
    mkdirSync(join(ROOT, 'build'), { recursive: true });
    const png = join(ROOT, 'build', 'report-page');
    execFileSync(pdftoppm, ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdf, png]);
    assert.ok(existsSync(`${png}.png`), 'build/report-page.png');
    assert.ok(readFileSync(`${png}.png`).length > 1000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
