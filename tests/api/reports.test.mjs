// Official reports (issue 11): GET /units/{id}/report as .csv, .xlsx and
// .docx — the body of a Vietnamese administrative report (Decree 30/2020:
// heading, issuing body, number, place and date, title, sections I–IV,
// Kính gửi, Nơi nhận, signature) with the figures as an appendix that is the
// scorecard over the same dates; the report documents officers write
// (/units/{id}/reports/{period}) and the report settings of a unit
// (/units/{id}/report-settings), with scope, roles and field errors; and the
// files rendered by LibreOffice to PDF, read back and measured.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ROOT, DEMO_LOGINS, startServer, loginAll, assertProblem, scoreIndicator, parseCsv, unchanged,
} from './lib.mjs';
import { unzip, xmlText } from './zip.mjs';

let s; let c;
const u = {};
let catalogue; let communes; let thaiNguyen;
const NONE = 999999;
const HEADING = 'CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM';
const MOTTO = 'Độc lập - Tự do - Hạnh phúc';
const REPORT_TABLES = ['report_settings', 'report_documents', 'report_sections', 'report_recipients'];
const FORMULA_START = /^[=+\-@\t\r]/;
// Today in Vietnam (the server's calendar), and the quarter it is in.
const TODAY = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
const vn = (iso) => iso.split('-').reverse().join('/');
const YEAR = TODAY.slice(0, 4);
const QUARTER = Math.floor((Number(TODAY.slice(5, 7)) - 1) / 3) + 1;
const QUARTER_START = `${YEAR}-${String((QUARTER - 1) * 3 + 1).padStart(2, '0')}-01`;
const QUARTER_END = new Date(Date.UTC(Number(YEAR), QUARTER * 3, 0)).toISOString().slice(0, 10);

before(async () => {
  s = await startServer();
  c = await loginAll(s.url, [...DEMO_LOGINS, 'thainguyen']);
  for (const code of ['06', '065', '02098', '02110']) {
    const r = await c.admin.ok(`/api/v1/units?code=${code}&date=2022-05-31`);
    u[code] = r.items[0];
  }
  [thaiNguyen] = (await c.admin.ok('/api/v1/units?code=19')).items;
  catalogue = await c.admin.ok('/api/v1/indicators');
  communes = (await c.chomoi.ok(`/api/v1/units/${u['065'].id}/children?date=2022-05-04`)).items;
  assert.equal(communes.length, 14);
});
after(async () => { await s?.stop(); });

const report = (client, unit, q) => client.get(`/api/v1/units/${unit.id}/report?${q}`);
const docPath = (unit, period) => `/api/v1/units/${unit.id}/reports/${period}`;
const settingsPath = (unit) => `/api/v1/units/${unit.id}/report-settings`;
// The catalogue in the order the report's table shows it: grouped by pillar.
const tableOrder = () => {
  const pillars = catalogue.pillars.map((p) => p.code);
  return pillars.flatMap((p) => catalogue.items.filter((d) => d.pillar === p));
};
const lineOf = (rows) => rows.map((x) => x.join(' ').trim());

/** The table of a CSV report: header index, the child rows and the total row. */
function csvTable(rows) {
  const h = rows.findIndex((x) => x[0] === 'STT');
  assert.ok(h > 0, 'table header');
  const end = rows.findIndex((x, i) => i > h && x[1] === 'Tổng cộng');
  assert.ok(end > h, 'total row');
  return { h, head: rows[h], body: rows.slice(h + 1, end), total: rows[end], groups: rows[h - 1] };
}

test('CSV of the demo\'s saved report (Chợ Mới, May 2022): heading, number, date, title, the running label, the historical mark, sections, Kính gửi, Nơi nhận, signature', async () => {
  const r = await report(c.chomoi, u['065'], 'period=2022-05&format=csv');
  assert.equal(r.status, 200, r.text);
  assert.match(String(r.headers['content-type']), /^text\/csv\b.*charset=utf-8/i);
  assert.deepEqual([...r.body.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM for Excel');
  const rows = parseCsv(r.text);
  const lines = lineOf(rows);
  // Decree 30's heading: the issuing body top left, the national heading and motto right.
  assert.deepEqual(rows[0], ['UỶ BAN NHÂN DÂN', '', HEADING]);
  assert.deepEqual(rows[1], ['HUYỆN CHỢ MỚI', '', MOTTO]);
  assert.deepEqual(rows[2], ['Số: 112/BC-UBND', '', 'Chợ Mới, ngày 04 tháng 5 năm 2022'], 'the number the officer typed, the report\'s date');
  const at = (text) => lines.indexOf(text);
  const title = at('BÁO CÁO');
  assert.ok(title > 2, 'BÁO CÁO');
  assert.equal(lines[title + 1], 'Kết quả hoạt động của Tổ công nghệ số cộng đồng trên địa bàn huyện Chợ Mới tháng 5 năm 2022',
    'the title names the unit inside the sentence in lower case');
  // Dated 04/05/2022, inside the month: labelled as what it covers.
  assert.equal(lines[title + 2], 'Từ 01/05/2022 đến 04/05/2022 (số liệu đến ngày 04/05/2022)');
  assert.match(lines[title + 3], /^Báo cáo lịch sử: Huyện Chợ Mới — không còn; nay thuộc .*Xã Tân Kỳ.*tỉnh Thái Nguyên, từ 01\/07\/2025$/);
  assert.deepEqual(lines.slice(title + 4, title + 7), ['Kính gửi:', "'- UBND tỉnh Bắc Kạn;", "'- Sở Thông tin và Truyền thông tỉnh Bắc Kạn."]);
  const heads = ['I. KẾT QUẢ THỰC HIỆN', 'II. KHÓ KHĂN, VƯỚNG MẮC', 'III. ĐỀ XUẤT, KIẾN NGHỊ', 'IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI'];
  const pos = heads.map(at);
  assert.ok(pos.every((p, i) => p > title && (i === 0 || p > pos[i - 1])), `sections in order: ${pos}`);
  assert.match(lines[pos[0] + 1], /Kế hoạch số 265\/KH-UBND ngày 25\/4\/2022/);
  assert.ok(lines.slice(pos[0], pos[1]).some((l) => l.includes('14 tổ cấp xã và 14 tổ cấp thôn')));
  assert.match(lines[pos[3] + 1], /\.\/\.$/, 'the body ends with "./."');
  // Nơi nhận on the left, the signature on the right.
  const n = rows.findIndex((x) => x[0] === 'Nơi nhận:');
  assert.ok(n > pos[3]);
  assert.deepEqual(rows.slice(n, n + 6).map((x) => x[0]), ['Nơi nhận:', "'- Như trên;", "'- Thường trực Huyện uỷ, HĐND huyện;",
    "'- Chủ tịch, các Phó Chủ tịch UBND huyện;", "'- UBND các xã, thị trấn;", "'- Lưu: VT."]);
  assert.deepEqual(rows.slice(n, n + 5).map((x) => x[2]), ['TM. UỶ BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', '', 'Nguyễn Văn A']);
  assert.ok(at('Phụ lục: SỐ LIỆU CHI TIẾT') > n, 'the appendix after the signature');
  assert.ok(lines.includes('(Kèm theo Báo cáo số 112/BC-UBND ngày 04/05/2022 của UBND huyện Chợ Mới)'));
  for (const x of rows.flat()) assert.doesNotMatch(x, FORMULA_START, `no cell starts like a formula: ${JSON.stringify(x)}`);
  // One tone-mark style for the app's own words (Hoà, Uỷ, as the app writes Tuỳ, Huỷ, Xoá).
  assert.doesNotMatch(r.text, /CỘNG HÒA|ỦY BAN|Huyện ủy/);
});

test('the appendix is the scorecard over the report\'s dates: one row per commune, a total row, columns grouped by pillar', async () => {
  const r = await report(c.chomoi, u['065'], 'period=2022-05&format=csv');
  const rows = parseCsv(r.text);
  const { head, body, total, groups } = csvTable(rows);
  const defs = tableOrder();
  assert.deepEqual(head.slice(0, 2), ['STT', 'Đơn vị']);
  assert.deepEqual(head.slice(2), defs.map((d) => `${d.name} (${d.unit})`), 'one column per indicator, "name (unit)", by pillar');
  assert.deepEqual(groups.slice(2).filter(Boolean), catalogue.pillars.map((p) => p.name), 'a pillar heading over its columns');
  assert.deepEqual(body.map((x) => x[0]), Array.from({ length: 14 }, (_, i) => String(i + 1)), 'STT 1..14');
  assert.deepEqual(body.map((x) => x[1]), communes.map((x) => x.name), 'communes in Vietnamese order');
  // The report is dated 04/05/2022: its figures are the scorecard from 01/05 to 04/05.
  const sc = await c.chomoi.ok(`/api/v1/units/${u['065'].id}/scorecard?from=2022-05-01&to=2022-05-04&structure_date=2022-05-04`);
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
  assert.equal(total[col('so_to')], '28', '14 commune and 14 village teams on 04/05/2022');
  assert.equal(total[col('so_thanh_vien')], '84');
  assert.equal(Number(total[col('phu_song_xa')]), 100);
  assert.equal(Number(total[col('phu_song_thon')]), 25);
  const hm = body.find((x) => x[1] === 'Xã Hoà Mục');
  const hsc = await c.hoamuc.ok(`/api/v1/units/${u['02098'].id}/scorecard?from=2022-05-01&to=2022-05-04&structure_date=2022-05-04`);
  assert.equal(Number(hm[col('vi_dien_tu')]), scoreIndicator(hsc, 'vi_dien_tu').value, 'a commune row = the commune scorecard');
  assert.equal(hm[col('so_to')], '2');
});

test('a quarter and a year that have ended are labelled as the whole period; a commune\'s default settings; a village\'s report is issued by its team', async () => {
  const q = await report(c.chomoi, u['065'], 'period=2022-Q2&format=csv');
  assert.equal(q.status, 200, q.text);
  const ql = lineOf(parseCsv(q.text));
  assert.ok(ql.includes('Kết quả hoạt động của Tổ công nghệ số cộng đồng trên địa bàn huyện Chợ Mới quý 2 năm 2022'));
  assert.ok(ql.includes('Từ 01/04/2022 đến 30/06/2022'), 'no "số liệu đến ngày" for a period that has ended');
  const y = await report(c.backan, u['06'], 'period=2022&format=csv');
  assert.equal(y.status, 200, y.text);
  const yr = parseCsv(y.text);
  assert.deepEqual([yr[0][0], yr[1][0]], ['UỶ BAN NHÂN DÂN', 'TỈNH BẮC KẠN']);
  assert.ok(lineOf(yr).includes('Kết quả hoạt động của Tổ công nghệ số cộng đồng trên địa bàn tỉnh Bắc Kạn năm 2022'));
  assert.equal(csvTable(yr).body.length, 8, 'the 8 districts and a total');
  const hm = await report(c.hoamuc, u['02098'], 'period=2022-05&format=csv');
  assert.equal(hm.status, 200, hm.text);
  const hr = parseCsv(hm.text);
  assert.deepEqual([hr[0][0], hr[1][0], hr[2][0]], ['UỶ BAN NHÂN DÂN', 'XÃ HOÀ MỤC', 'Số:         /BC-UBND'], 'a number left blank to fill by hand');
  assert.ok(hr.some((x) => x[2] === 'CHỦ TỊCH') && !hr.some((x) => x[2] === 'KT. CHỦ TỊCH'), 'signed by the chairman by default');
  assert.ok(csvTable(hr).body.some((x) => x[1] === 'Thôn Nà Pầu'), 'villages as rows');
  assert.match(hm.text, /địa giới hành chính ngày 31\/05\/2022/, 'structure_date defaults to the period\'s last day');
  const village = (await c.hoamuc.ok(`/api/v1/units/${u['02098'].id}/children?date=2022-05-31`)).items[0];
  const vr = parseCsv((await report(c.hoamuc, village, 'period=2022-05&format=csv')).text);
  assert.deepEqual([vr[0][0], vr[1][0]], ['UBND XÃ HOÀ MỤC', `TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG ${village.name.toLocaleUpperCase('vi')}`]);
  assert.ok(vr.some((x) => x[2] === 'TỔ TRƯỞNG'));
  assert.equal((await report(c.xem, u['065'], 'period=2022-05&format=csv')).status, 200, 'the viewer may download reports');
});

test('a period still running: "từ … đến today (số liệu đến ngày today)", the scorecard to today, issued by Sở KH&CN, file name and filename*', async () => {
  const r = await report(c.thainguyen, thaiNguyen, `period=${YEAR}-Q${QUARTER}&format=csv`);
  assert.equal(r.status, 200, r.text);
  const rows = parseCsv(r.text);
  const lines = lineOf(rows);
  assert.deepEqual([rows[0][0], rows[1][0], rows[2][0]], ['UBND TỈNH THÁI NGUYÊN', 'SỞ KHOA HỌC VÀ CÔNG NGHỆ', 'Số:         /BC-SKHCN']);
  const [y, m, d] = TODAY.split('-').map(Number);
  const month = m <= 2 ? String(m).padStart(2, '0') : String(m);
  assert.equal(rows[2][2], `Thái Nguyên, ngày ${String(d).padStart(2, '0')} tháng ${month} năm ${y}`);
  assert.ok(lines.includes(`Kết quả hoạt động của Tổ công nghệ số cộng đồng trên địa bàn tỉnh Thái Nguyên quý ${QUARTER} năm ${YEAR}`));
  const running = TODAY < QUARTER_END;
  assert.ok(lines.includes(running ? `Từ ${vn(QUARTER_START)} đến ${vn(TODAY)} (số liệu đến ngày ${vn(TODAY)})` : `Từ ${vn(QUARTER_START)} đến ${vn(QUARTER_END)}`),
    `the running quarter is labelled for what it covers: ${lines.slice(3, 8).join(' | ')}`);
  assert.ok(!lines.some((l) => l.startsWith('Báo cáo lịch sử')), 'a unit that exists is not historical');
  const n = rows.findIndex((x) => x[0] === 'Nơi nhận:');
  assert.deepEqual(rows.slice(n, n + 4).map((x) => x[2]), ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC', '', 'Lê Văn C'], 'a department: no "TM."');
  const { total } = csvTable(rows);
  const sc = await c.thainguyen.ok(`/api/v1/units/${thaiNguyen.id}/scorecard?from=${QUARTER_START}&to=${running ? TODAY : QUARTER_END}`);
  tableOrder().forEach((def, j) => {
    const v = scoreIndicator(sc, def.code).value;
    assert.equal(total[j + 2] === '' ? null : Number(total[j + 2]), v, `${def.code} = the scorecard to today`);
  });
  const x = await report(c.thainguyen, thaiNguyen, `period=${YEAR}-Q${QUARTER}&format=xlsx`);
  const cd = String(x.headers['content-disposition']);
  assert.match(cd, new RegExp(`^attachment; filename="bao-cao-quy-${QUARTER}-${YEAR}-tinh-thai-nguyen\\.xlsx"; filename\\*=UTF-8''`));
  const star = decodeURIComponent(cd.split("filename*=UTF-8''")[1]);
  assert.equal(star, `Báo cáo quý ${QUARTER} năm ${YEAR} - Tỉnh Thái Nguyên.xlsx`);
  const m5 = await report(c.chomoi, u['065'], 'period=2022-05&format=docx');
  assert.match(String(m5.headers['content-disposition']), /filename="bao-cao-thang-5-2022-huyen-cho-moi\.docx"/);
  assert.match(String((await report(c.backan, u['06'], 'period=2022&format=csv')).headers['content-disposition']), /filename="bao-cao-nam-2022-tinh-bac-kan\.csv"/);
});

test('a unit that ended: a later period is issued in its successor\'s name, or refused when it became several units or the successor is out of scope; a period it lived in is historical', async () => {
  const period = `${YEAR}-Q${QUARTER}`;
  const r = await report(c.thainguyen, u['06'], `period=${period}&format=csv`);
  assert.equal(r.status, 200, r.text);
  const rows = parseCsv(r.text);
  assert.deepEqual([rows[0][0], rows[1][0]], ['UBND TỈNH THÁI NGUYÊN', 'SỞ KHOA HỌC VÀ CÔNG NGHỆ'], 'issued by what Bắc Kạn became');
  assert.ok(lineOf(rows).includes(`Tỉnh Bắc Kạn — đã sáp nhập vào Tỉnh Thái Nguyên, từ 01/07/2025; báo cáo kỳ này do Tỉnh Thái Nguyên ban hành.`));
  assert.match(String(r.headers['content-disposition']), /tinh-thai-nguyen\.csv/);
  const same = await report(c.thainguyen, thaiNguyen, `period=${period}&format=csv`);
  assert.deepEqual(csvTable(rows).total, csvTable(parseCsv(same.text)).total, 'the same figures as Thái Nguyên\'s own report');
  // Bắc Kạn's officer, whose account waits for its new scope, does not see Thái Nguyên.
  const p = assertProblem(await report(c.backan, u['06'], `period=${period}&format=csv`), 409, 'unit_ended');
  assert.match(p.detail, /Tỉnh Bắc Kạn — đã sáp nhập vào Tỉnh Thái Nguyên, từ 01\/07\/2025/);
  // Chợ Mới became five communes: no one unit issues its report.
  const q = assertProblem(await report(c.admin, u['065'], `period=${period}&format=xlsx`), 409, 'unit_ended');
  assert.match(q.detail, /Xã Tân Kỳ/);
  assertProblem(await c.chomoi.get(docPath(u['065'], period)), 409, 'unit_ended');
  // 2025: Bắc Kạn existed until 30/06/2025; its report says so and stops there.
  const y = await report(c.backan, u['06'], 'period=2025&format=csv');
  assert.equal(y.status, 200, y.text);
  const yl = lineOf(parseCsv(y.text));
  assert.ok(yl.includes('Từ 01/01/2025 đến 30/06/2025 (số liệu đến ngày 30/06/2025)'), yl.slice(0, 8).join(' | '));
  assert.ok(yl.includes('Báo cáo lịch sử: Tỉnh Bắc Kạn — đã sáp nhập vào Tỉnh Thái Nguyên, từ 01/07/2025'));
});

/** The appendix's page widths as the .xlsx lays them out: pillars in pieces of at most
 *  8 indicators, a page per piece unless it fits beside the previous ones. */
function appendixPages() {
  const pieces = catalogue.pillars.map((p) => ({ names: [p.name], count: catalogue.items.filter((d) => d.pillar === p.code).length }))
    .filter((g) => g.count > 0)
    .flatMap((g) => Array.from({ length: Math.ceil(g.count / 8) }, (_, i) => ({ names: g.names, count: Math.min(8, g.count - i * 8) })));
  const pages = [];
  for (const g of pieces) {
    const last = pages.at(-1);
    if (last && last.count + g.count <= 8) { last.count += g.count; last.names.push(...g.names); } else pages.push({ names: [...g.names], count: g.count });
  }
  return pages;
}

/** Styles of an .xlsx: the number format code of each cell style (cellXfs index). */
function numberFormats(files) {
  const styles = files['xl/styles.xml'].toString('utf8');
  const custom = Object.fromEntries([...styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"/g)].map((m) => [m[1], xmlText(m[2])]));
  const xfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)[1];
  return [...xfs.matchAll(/<xf ([^>]*?)\/?>/g)].map((m) => {
    const id = /numFmtId="(\d+)"/.exec(m[1])?.[1] || '0';
    return custom[id] || (id === '0' ? 'General' : `builtin ${id}`);
  });
}

test('XLSX: a portrait body sheet and a landscape appendix with print areas, repeated header rows and columns, a page per pillar, number formats 339 and 12,5', async () => {
  // The quarter has whole figures and rates such as 66,7 %.
  const r = await report(c.chomoi, u['065'], 'period=2022-Q2&format=xlsx');
  assert.equal(r.status, 200, r.text.slice(0, 200));
  assert.equal(String(r.headers['content-type']).split(';')[0], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.equal(r.body.subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'a ZIP archive');
  const files = unzip(r.body);
  const wb = files['xl/workbook.xml'].toString('utf8');
  assert.deepEqual([...wb.matchAll(/<sheet name="([^"]+)"/g)].map((m) => m[1]), ['Báo cáo', 'Phụ lục']);
  const names = Object.fromEntries([...wb.matchAll(/<definedName name="([^"]+)" localSheetId="(\d)"[^>]*>([^<]+)<\/definedName>/g)].map((m) => [`${m[1]}@${m[2]}`, xmlText(m[3])]));
  assert.ok(names['_xlnm.Print_Area@0'], `the body has a print area: ${JSON.stringify(names)}`);
  assert.ok(names['_xlnm.Print_Area@1'], 'the appendix has a print area');
  assert.match(names['_xlnm.Print_Titles@1'], /^'Phụ lục'!\$A:\$B,'Phụ lục'!\$\d+:\$\d+$/, 'STT and unit columns, and the header rows, on every page');
  const body = files['xl/worksheets/sheet1.xml'].toString('utf8');
  const appx = files['xl/worksheets/sheet2.xml'].toString('utf8');
  assert.match(body, /<pageSetup [^>]*paperSize="9"[^>]*orientation="portrait"/);
  assert.match(appx, /<pageSetup [^>]*paperSize="9"[^>]*orientation="landscape"/);
  assert.doesNotMatch(appx, /fitToPage/, 'the appendix prints at 100 %, not shrunk to one page');
  const breaks = [...appx.matchAll(/<brk id="(\d+)"/g)].map((m) => Number(m[1]));
  assert.equal(breaks.length, appendixPages().length - 1, `a page width per pillar (or pillars that fit together): ${breaks}`);
  for (const x of [body, appx]) assert.doesNotMatch(x, /<f[\s>]/, 'no formula');
  // Whole numbers "#,##0" (339, 1.234), others "#,##0.0" (12,5); never "#,##0.#" (which shows "339,").
  const fmts = numberFormats(files);
  assert.ok(!fmts.includes('#,##0.#'));
  const cells = [...appx.matchAll(/<c r="([A-Z]+)(\d+)"(?: s="(\d+)")?(?: t="(\w+)")?>(?:<v>([^<]*)<\/v>)?/g)]
    .filter((m) => m[5] !== undefined && m[4] === undefined && m[1] !== 'A');
  assert.ok(cells.length > 14 * 20, `numeric cells: ${cells.length}`);
  let whole = 0; let decimal = 0;
  for (const m of cells) {
    const v = Number(m[5]); const f = fmts[Number(m[3] || 0)];
    if (Number.isInteger(v)) { assert.equal(f, '#,##0', `${m[1]}${m[2]}=${v}: ${f}`); whole++; } else { assert.equal(f, '#,##0.0', `${m[1]}${m[2]}=${v}: ${f}`); decimal++; }
  }
  assert.ok(whole > 0 && decimal > 0, `both kinds of figures: ${whole} whole, ${decimal} decimal`);
  const shared = xmlText(files['xl/sharedStrings.xml'].toString('utf8'));
  for (const needle of [HEADING, MOTTO, 'UỶ BAN NHÂN DÂN', 'HUYỆN CHỢ MỚI', 'Số:         /BC-UBND', 'BÁO CÁO', 'I. KẾT QUẢ THỰC HIỆN',
    'Đến ngày 30/06/2022, trên địa bàn huyện Chợ Mới có 28 Tổ công nghệ số cộng đồng', 'Nơi nhận:', 'TM. UỶ BAN NHÂN DÂN',
    'Nguyễn Văn A', 'Tổng cộng', 'Xã Hoà Mục', 'Kinh tế số']) {
    assert.ok(shared.includes(needle), `the workbook contains "${needle}"`);
  }
});

test('DOCX: a zip of WordprocessingML with a portrait body section and a landscape appendix whose tables repeat their header row', async () => {
  const r = await report(c.chomoi, u['065'], 'period=2022-05&format=docx');
  assert.equal(r.status, 200, r.text.slice(0, 200));
  assert.equal(String(r.headers['content-type']), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  const files = unzip(r.body);
  for (const f of ['[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'word/styles.xml', 'word/_rels/document.xml.rels']) {
    assert.ok(files[f], `${f}: ${Object.keys(files)}`);
  }
  const doc = files['word/document.xml'].toString('utf8');
  const sects = [...doc.matchAll(/<w:sectPr>([\s\S]*?)<\/w:sectPr>/g)].map((m) => m[1]);
  assert.equal(sects.length, 2, 'two sections');
  assert.match(sects[0], /<w:pgSz w:w="11906" w:h="16838"\/>/, 'A4 portrait body');
  assert.match(sects[1], /<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/, 'A4 landscape appendix');
  const used = catalogue.pillars.filter((p) => catalogue.items.some((d) => d.pillar === p.code));
  assert.equal((doc.match(/<w:tblHeader\/>/g) || []).length, used.length, 'each pillar\'s table repeats its header row');
  const text = xmlText([...doc.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('\n'));
  for (const needle of [HEADING, MOTTO, 'UỶ BAN NHÂN DÂN', 'HUYỆN CHỢ MỚI', 'Số: 112/BC-UBND', 'Chợ Mới, ngày 04 tháng 5 năm 2022',
    'BÁO CÁO', 'Từ 01/05/2022 đến 04/05/2022 (số liệu đến ngày 04/05/2022)', 'Kính gửi:', 'I. KẾT QUẢ THỰC HIỆN',
    'IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI', 'Nơi nhận:', '- Như trên;', 'TM. UỶ BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH',
    'Nguyễn Văn A', 'Phụ lục', `Bảng 1. ${catalogue.pillars.find((p) => catalogue.items.some((d) => d.pillar === p.code)).name}`, 'Tổng cộng', 'Xã Yên Hân']) {
    assert.ok(text.includes(needle), `the document contains "${needle}"`);
  }
  assert.ok(text.indexOf('Nguyễn Văn A') < text.indexOf('SỐ LIỆU CHI TIẾT'), 'the signature ends the body, before the appendix');
  // Figures as Vietnamese numbers in the text: 28 teams, 84 members; 66,7 % trained by the end of June.
  assert.match(text, /\n28\n84\n/);
  const q2 = unzip((await report(c.chomoi, u['065'], 'period=2022-Q2&format=docx')).body)['word/document.xml'].toString('utf8');
  assert.match(q2, />66,7</);
});

function which(cmd) {
  try { return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || null; } catch { return null; }
}
const TOOLS = ['soffice', 'pdftotext', 'pdftoppm', 'pdfinfo'];

/** Converts a file with LibreOffice; returns {pages:[{width,height,words:[{text,h}]}], text, pdf}. */
function toPdf(dir, name, bytes) {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  const home = join(dir, 'home'); mkdirSync(home, { recursive: true });
  execFileSync('soffice', ['--headless', '--norestore', `-env:UserInstallation=file://${home}/lo`, '--convert-to', 'pdf', '--outdir', dir, file], {
    env: { ...process.env, HOME: home }, timeout: 200000, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pdf = file.replace(/\.\w+$/, '.pdf');
  assert.ok(existsSync(pdf), `LibreOffice wrote ${pdf}`);
  const bbox = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const pages = [...bbox.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)].map((m) => ({
    width: Number(m[1]), height: Number(m[2]),
    words: [...m[3].matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)]
      .map((w) => ({ text: xmlText(w[5]), h: Number(w[4]) - Number(w[2]) })),
  }));
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  assert.equal(Number(/Pages:\s+(\d+)/.exec(info)[1]), pages.length);
  return { pages, pdf, text: execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }) };
}

const median = (xs) => { const a = [...xs].sort((x, y) => x - y); return a[Math.floor(a.length / 2)]; };
const flat = (p) => p.words.map((w) => w.text).join(' ');

/** Every page A4; text not tiny (word boxes of Liberation Serif are ~1.1 × the font size). */
function assertReadable(pages, label) {
  for (const [i, p] of pages.entries()) {
    assert.ok([Math.round(p.width), Math.round(p.height)].sort().join('x') === '595x842', `${label} page ${i + 1} is A4: ${p.width}x${p.height}`);
    const hs = p.words.map((w) => w.h);
    assert.ok(hs.length > 0, `${label} page ${i + 1} has text`);
    assert.ok(Math.min(...hs) >= 9.5, `${label} page ${i + 1}: smallest text ${Math.min(...hs).toFixed(1)} pt high (≥ 9 pt type)`);
    assert.ok(median(hs) >= 11.5, `${label} page ${i + 1}: typical text ${median(hs).toFixed(1)} pt high`);
  }
}

test('XLSX and DOCX rendered by LibreOffice: A4, the body portrait, the appendix landscape with its header on every page, text at a readable size', { timeout: 300000 }, async (t) => {
  const missing = TOOLS.filter((x) => !which(x));
  if (missing.length) {
    t.skip(`LibreOffice check skipped: ${missing.join(', ')} not installed (apt: libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils)`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'langso-report-'));
  try {
    const x = toPdf(dir, 'bao-cao.xlsx', (await report(c.chomoi, u['065'], 'period=2022-05&format=xlsx')).body);
    assertReadable(x.pages, 'xlsx');
    const bodyPages = x.pages.filter((p) => p.height > p.width);
    const appx = x.pages.filter((p) => p.width > p.height);
    assert.ok(bodyPages.length >= 1 && bodyPages.length <= 2, `the body on portrait pages: ${bodyPages.length}`);
    assert.deepEqual(x.pages.slice(0, bodyPages.length), bodyPages, 'the body first');
    const widths = appendixPages();
    assert.equal(appx.length, widths.length, 'one landscape page per page width for 14 communes');
    for (const [i, p] of appx.entries()) {
      assert.ok(p.width > p.height, `appendix page ${i + 1} is landscape`);
      const text = flat(p);
      for (const needle of ['STT', 'Đơn vị', 'Xã Bình Văn', 'Tổng cộng', 'Phụ lục: SỐ LIỆU CHI TIẾT']) {
        assert.ok(text.includes(needle), `appendix page ${i + 1} shows "${needle}"`);
      }
      for (const name of widths[i].names) assert.ok(text.includes(name), `appendix page ${i + 1} shows the pillar ${name}`);
      const dangling = p.words.filter((w) => /^\d[\d.,]*[.,]$/.test(w.text)).map((w) => w.text);
      assert.deepEqual(dangling, [], `no whole number printed as "339," (or "339." in LibreOffice's locale): page ${i + 1}`);
    }
    const body = bodyPages.map(flat).join(' ');
    // Nơi nhận and the whole signature on one page, whatever the length of the body before them.
    const together = (pages, label) => {
      const at = pages.findIndex((p) => flat(p).includes('Nguyễn Văn A'));
      assert.ok(at >= 0, `${label}: the signer's name is printed`);
      for (const needle of ['Nơi nhận:', 'TM. UỶ BAN NHÂN DÂN', 'PHÓ CHỦ TỊCH']) {
        assert.ok(flat(pages[at]).includes(needle), `${label}: "${needle}" on the signer's page (${at + 1})`);
      }
    };
    together(bodyPages, 'May');
    const q2 = toPdf(dir, 'quy-2.xlsx', (await report(c.chomoi, u['065'], 'period=2022-Q2&format=xlsx')).body);
    together(q2.pages.filter((p) => p.height > p.width), 'Q2');
    for (const needle of [HEADING, 'UỶ BAN NHÂN DÂN', 'HUYỆN CHỢ MỚI', 'Số: 112/BC-UBND', 'BÁO CÁO', 'I. KẾT QUẢ THỰC HIỆN', 'Nơi nhận:', 'Nguyễn Văn A']) {
      assert.ok(body.replace(/\s+/g, ' ').includes(needle), `the body page shows "${needle}":\n${x.text.slice(0, 1200)}`);
    }
    mkdirSync(join(ROOT, 'build'), { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', x.pdf, join(ROOT, 'build', 'report-page')]);
    const kinhTe = bodyPages.length + 2;  // the widest pillar
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', String(kinhTe), '-l', String(kinhTe), '-singlefile', x.pdf, join(ROOT, 'build', 'report-appendix')]);
    assert.ok(readFileSync(join(ROOT, 'build', 'report-appendix.png')).length > 1000);

    // 37 communes: each pillar runs over two pages, and the second repeats the header rows and the unit column.
    const tn = toPdf(dir, 'tinh.xlsx', (await report(c.thainguyen, thaiNguyen, `period=${YEAR}-Q${QUARTER}&format=xlsx`)).body);
    assertReadable(tn.pages, 'Thái Nguyên xlsx');
    const tnAppx = tn.pages.filter((p) => p.width > p.height);
    assert.ok(tnAppx.length >= 2 * appendixPages().length, `pages: ${tnAppx.length}`);
    for (const [i, p] of tnAppx.entries()) {
      const text = flat(p);
      assert.ok(text.includes('STT') && text.includes('Đơn vị'), `page ${i + 1} repeats the header rows`);
      assert.ok(/ (Xã|Phường) /.test(` ${text} `), `page ${i + 1} repeats the unit column`);
    }

    const w = toPdf(dir, 'bao-cao.docx', (await report(c.chomoi, u['065'], 'period=2022-05&format=docx')).body);
    assertReadable(w.pages, 'docx');
    together(w.pages, 'docx');
    assert.ok(w.pages[0].height > w.pages[0].width && w.pages.at(-1).width > w.pages.at(-1).height, 'portrait body, landscape appendix');
    const all = w.text.replace(/\s+/g, ' ');
    for (const needle of [HEADING, MOTTO, 'UỶ BAN NHÂN DÂN', 'Số: 112/BC-UBND', 'Chợ Mới, ngày 04 tháng 5 năm 2022', 'BÁO CÁO',
      'I. KẾT QUẢ THỰC HIỆN', 'Nơi nhận:', 'TM. UỶ BAN NHÂN DÂN', 'Nguyễn Văn A', 'Phụ lục', 'Tổng cộng', 'Xã Hoà Mục']) {
      assert.ok(all.includes(needle), `the .docx PDF shows "${needle}"`);
    }
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', w.pdf, join(ROOT, 'build', 'report-docx-page')]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('report documents: the default draft has the engine\'s results paragraph; an officer saves number, date, sections and recipients; the export follows; a stale version is refused', async () => {
  const hm = u['02098'];
  const draft = await c.hoamuc.ok(docPath(hm, '2022-06'));
  assert.equal(draft.saved, false);
  assert.equal(draft.version, 0);
  assert.deepEqual(draft.sections.map((x) => x.code), ['ket_qua', 'kho_khan', 'de_xuat', 'phuong_huong']);
  assert.deepEqual(draft.sections.map((x) => x.heading), ['I. KẾT QUẢ THỰC HIỆN', 'II. KHÓ KHĂN, VƯỚNG MẮC', 'III. ĐỀ XUẤT, KIẾN NGHỊ', 'IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI']);
  assert.equal(draft.sections[0].text, draft.generated.ket_qua, 'section I defaults to the generated paragraph');
  const sc = await c.hoamuc.ok(`/api/v1/units/${hm.id}/scorecard?from=2022-06-01&to=2022-06-30&structure_date=2022-06-30`);
  assert.match(draft.generated.ket_qua, new RegExp(`^Đến ngày 30/06/2022, trên địa bàn xã Hoà Mục có ${scoreIndicator(sc, 'so_to').value} Tổ công nghệ số cộng đồng`));
  const vi = scoreIndicator(sc, 'vi_dien_tu').value;
  if (vi > 0) assert.ok(draft.generated.ket_qua.includes(`hướng dẫn mở ${vi} tài khoản ví điện tử`), 'figures from the scorecard');
  assert.deepEqual(draft.sections.slice(1).map((x) => x.text), ['', '', '']);
  assert.deepEqual(draft.recipient_options.map((x) => x.name), ['UBND huyện Chợ Mới', 'UBND tỉnh Bắc Kạn'], 'the parent units, nearest first');
  assert.deepEqual(draft.signer, { title: 'Chủ tịch', name: '', lines: ['TM. UỶ BAN NHÂN DÂN', 'CHỦ TỊCH'], from: 'settings' });

  const body = {
    number: '07', date: '2022-07-05',
    sections: { ket_qua: 'Kết quả tháng 6.\n=1+2 không phải công thức', kho_khan: 'Sóng yếu ở thôn Nà Pầu.', de_xuat: '', phuong_huong: 'Tập huấn tiếp.' },
    recipients: [{ unit_id: u['065'].id, name: 'UBND huyện Chợ Mới', addressed: true }, { name: 'Đảng uỷ xã' }],
    version: 0,
  };
  const r = await c.hoamuc.put(docPath(hm, '2022-06'), body);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.saved, true);
  assert.equal(r.json.version, 1);
  assert.equal(r.json.sections[1].text, 'Sóng yếu ở thôn Nà Pầu.');
  assert.deepEqual(r.json.recipients, [{ unit_id: u['065'].id, name: 'UBND huyện Chợ Mới', addressed: true }, { unit_id: null, name: 'Đảng uỷ xã', addressed: false }]);
  assert.deepEqual(await c.hoamuc.ok(docPath(hm, '2022-06')), r.json, 'read back as saved');
  const csv = await report(c.hoamuc, hm, 'period=2022-06&format=csv');
  const rows = parseCsv(csv.text);
  const lines = lineOf(rows);
  assert.equal(rows[2][0], 'Số: 07/BC-UBND');
  assert.equal(rows[2][2], 'Hoà Mục, ngày 05 tháng 7 năm 2022');
  assert.ok(lines.includes('Kính gửi: UBND huyện Chợ Mới.'));
  assert.ok(lines.includes("'=1+2 không phải công thức"), 'narrative text is neutralised in CSV');
  assert.ok(lines.includes('Tập huấn tiếp./.'));
  assert.ok(rows.some((x) => x[0] === "'- Đảng uỷ xã;"));
  for (const x of rows.flat()) assert.doesNotMatch(x, FORMULA_START, JSON.stringify(x));
  assert.ok((await c.hoamuc.ok(`/api/v1/units/${hm.id}/reports`)).items.some((x) => x.period === '2022-06' && x.number === '07' && x.version === 1));

  const again = await c.hoamuc.put(docPath(hm, '2022-06'), { ...body, number: '08', version: 1 });
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.version, 2);
  // A second tab still at version 1: refused, nothing changed.
  await unchanged(s.db, async () => {
    assertProblem(await c.hoamuc.put(docPath(hm, '2022-06'), { ...body, number: '09', version: 1 }), 409, 'conflict');
  }, { tables: REPORT_TABLES });
  assert.equal((await c.hoamuc.ok(docPath(hm, '2022-06'))).number, '08');
  // The officer of the district sees and edits it; deleting brings back the default.
  assert.equal((await c.chomoi.ok(docPath(hm, '2022-06'))).number, '08');
  assert.equal((await c.hoamuc.del(docPath(hm, '2022-06'))).status, 204);
  assert.equal((await c.hoamuc.ok(docPath(hm, '2022-06'))).saved, false);
  assertProblem(await c.hoamuc.del(docPath(hm, '2022-06')), 404, 'not_found');
});

test('report documents: bad input is 422 with every field and saves nothing; 20,000 characters a section is the limit', async () => {
  const hm = u['02098'];
  const long = 'ế'.repeat(20001);
  await unchanged(s.db, async () => {
    const p = assertProblem(await c.hoamuc.put(docPath(hm, '2022-07'), {
      number: '12/BC-UBND', date: '2022-06-30',
      sections: { ket_qua: long, ghi_chu: 'x', kho_khan: 5 },
      recipients: [{ addressed: true }, { unit_id: u['02110'].id, name: 'UBND xã Yên Hân' }, 'x'],
      colour: 'red',
    }), 422, 'validation_failed', {
      fieldCodes: {
        number: 'invalid_value', date: 'invalid_value', 'sections.ket_qua': 'too_long', 'sections.ghi_chu': 'unknown_field',
        'sections.kho_khan': 'invalid_type', 'recipients[0].name': 'missing_field', 'recipients[1].unit_id': 'invalid_value',
        'recipients[2]': 'invalid_type', colour: 'unknown_field',
      },
    });
    assert.match(p.errors.find((e) => e.field === 'sections.ket_qua').message, /Mục I\. Kết quả thực hiện: dài quá 20\.000 ký tự \(đang có 20\.001\)/);
    assertProblem(await c.hoamuc.put(docPath(hm, '2022-07'), { date: '2099-01-01' }), 422, 'validation_failed', { fieldCodes: { date: 'invalid_value' } });
    assertProblem(await c.hoamuc.put(docPath(hm, '2022-07'), { recipients: Array.from({ length: 31 }, () => ({ name: 'x' })) }), 422, 'validation_failed', { fields: ['recipients'] });
    assertProblem(await c.hoamuc.put(docPath(hm, '2022-07'), { version: 3 }), 409, 'conflict');
  }, { tables: REPORT_TABLES });
  const ok = await c.hoamuc.put(docPath(hm, '2022-07'), { sections: { ket_qua: 'ế'.repeat(20000) } });
  assert.equal(ok.status, 201, ok.text.slice(0, 300));
  assert.equal([...ok.json.sections[0].text].length, 20000);
  for (const bad of ['2022-13', '2022-Q5', '22', '2099-01']) {
    assertProblem(await c.hoamuc.get(docPath(hm, bad)), 400, 'bad_query', { msg: bad });
    assertProblem(await c.hoamuc.put(docPath(hm, bad), {}), 400, 'bad_query', { msg: bad });
  }
});

test('report documents and settings: outside the subtree is 404 as for a missing unit; viewers and team members read but do not write (403)', async () => {
  const other = u['02110'];
  for (const path of [docPath(other, '2022-05'), settingsPath(other), `/api/v1/units/${other.id}/reports`]) {
    const a = await c.hoamuc.get(path);
    const b = await c.hoamuc.get(path.replace(`/units/${other.id}/`, `/units/${NONE}/`));
    assertProblem(a, 404, 'not_found', { msg: path });
    assert.equal(a.text, b.text);
  }
  await unchanged(s.db, async () => {
    assertProblem(await c.hoamuc.put(docPath(other, '2022-05'), { number: '1' }), 404, 'not_found');
    assertProblem(await c.hoamuc.put(settingsPath(other), { issuer_kind: 'ubnd' }), 404, 'not_found');
    for (const who of ['xem', 'thanhvien']) {
      const unit = who === 'xem' ? u['065'] : { id: c.thanhvien.user.unit_id };
      assertProblem(await c[who].put(docPath(unit, '2022-05'), { number: '1' }), 403, 'forbidden', { msg: who });
      assertProblem(await c[who].del(docPath(unit, '2022-05')), 403, 'forbidden', { msg: who });
      assertProblem(await c[who].put(settingsPath(unit), {}), 403, 'forbidden', { msg: who });
    }
  }, { tables: REPORT_TABLES });
  const seen = await c.xem.ok(docPath(u['065'], '2022-05'));
  assert.equal(seen.saved, true);
  assert.equal(seen.can_edit, false);
  assert.equal((await c.xem.ok(settingsPath(u['065']))).can_edit, false);
  assert.equal((await c.thanhvien.get(`/api/v1/units/${c.thanhvien.user.unit_id}/report?period=2022-05&format=csv`)).status, 200);
});

test('report settings: the demo\'s, defaults for a unit without any, a change by the unit\'s officer that the report follows, and 422s that save nothing', async () => {
  const cm = await c.chomoi.ok(settingsPath(u['065']));
  assert.equal(cm.saved, true);
  assert.deepEqual(
    { kind: cm.issuer_kind, abbr: cm.abbreviation, head: cm.head_title, title: cm.signer_title, name: cm.signer_name, place: cm.place },
    { kind: 'ubnd', abbr: 'UBND', head: 'Chủ tịch', title: 'Phó Chủ tịch', name: 'Nguyễn Văn A', place: 'Chợ Mới' },
  );
  assert.deepEqual(cm.preview.signature, ['TM. UỶ BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH']);
  assert.deepEqual(cm.preview.issuer, [{ text: 'UỶ BAN NHÂN DÂN', bold: true }, { text: 'HUYỆN CHỢ MỚI', bold: true }]);
  const tn = await c.thainguyen.ok(settingsPath(thaiNguyen));
  assert.deepEqual(tn.preview.issuer, [{ text: 'UBND TỈNH THÁI NGUYÊN', bold: false }, { text: 'SỞ KHOA HỌC VÀ CÔNG NGHỆ', bold: true }]);
  assert.equal(tn.preview.number, 'Số:         /BC-SKHCN');
  assert.deepEqual(tn.preview.signature, ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC']);
  const hm = await c.hoamuc.ok(settingsPath(u['02098']));
  assert.equal(hm.saved, false);
  assert.equal(hm.signer_title, 'Chủ tịch');
  assert.equal(hm.place, 'Hoà Mục');
  assert.equal(hm.can_edit, true);

  const good = { issuer_kind: 'ubnd', abbreviation: 'UBND', head_title: 'Chủ tịch', signer_title: 'Phó Chủ tịch', signer_name: 'Hoàng Văn D', place: 'Hoà Mục' };
  await unchanged(s.db, async () => {
    assertProblem(await c.hoamuc.put(settingsPath(u['02098']), { ...good, issuer_kind: 'co_quan', abbreviation: 'BC/X', head_title: '', shade: 1 }), 422, 'validation_failed', {
      fieldCodes: { issuer_name: 'missing_field', abbreviation: 'invalid_value', head_title: 'missing_field', shade: 'unknown_field' },
    });
    assertProblem(await c.hoamuc.put(settingsPath(u['02098']), { ...good, issuer_kind: 'hdnd' }), 422, 'validation_failed', { fieldCodes: { issuer_kind: 'invalid_value' } });
    const village = (await c.hoamuc.ok(`/api/v1/units/${u['02098'].id}/children?date=2022-05-31`)).items[0];
    assertProblem(await c.hoamuc.put(settingsPath(village), good), 422, 'validation_failed', { fieldCodes: { issuer_kind: 'invalid_value' } });
  }, { tables: REPORT_TABLES });
  const r = await c.hoamuc.put(settingsPath(u['02098']), good);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.saved, true);
  assert.deepEqual(r.json.preview.signature, ['TM. UỶ BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH']);
  const rows = parseCsv((await report(c.hoamuc, u['02098'], 'period=2022-05&format=csv')).text);
  assert.ok(rows.some((x) => x[2] === 'KT. CHỦ TỊCH') && rows.some((x) => x[2] === 'Hoàng Văn D'), 'the report follows the settings');
  assert.equal((await c.hoamuc.ok(docPath(u['02098'], '2022-05'))).signer.name, 'Hoàng Văn D');
  // A body under the committee, as Thái Nguyên's Sở: the heading and signature adapt.
  const body = await c.hoamuc.put(settingsPath(u['02098']), { ...good, issuer_kind: 'co_quan', issuer_name: 'Ban Chỉ đạo chuyển đổi số', abbreviation: 'BCĐ', head_title: 'Trưởng ban', signer_title: 'Trưởng ban' });
  assert.equal(body.status, 200, body.text);
  assert.deepEqual(body.json.preview.issuer.map((x) => x.text), ['UBND XÃ HOÀ MỤC', 'BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ']);
  assert.deepEqual(body.json.preview.signature, ['TRƯỞNG BAN']);
  assert.equal(body.json.preview.number, 'Số:         /BC-BCĐ');
});

test('report: bad period or format → 400 bad_query; a period not begun yet → 400; out of scope → 404', async () => {
  for (const q of ['period=2022-13&format=csv', 'period=2022-Q5&format=csv', 'period=22&format=csv', 'period=2022-05-01&format=csv', 'period=05/2022&format=csv', 'format=csv', 'period=2022-05&format=odt', 'period=2022-05&format=csv&structure_date=2022-02-30', `period=${Number(YEAR) + 1}&format=csv`]) {
    assertProblem(await report(c.chomoi, u['065'], q), 400, 'bad_query', { msg: q });
  }
  const a = await report(c.hoamuc, u['02110'], 'period=2022-05&format=csv');
  const b = await c.hoamuc.get(`/api/v1/units/${NONE}/report?period=2022-05&format=csv`);
  assertProblem(a, 404, 'not_found');
  assert.equal(a.text, b.text);
});
