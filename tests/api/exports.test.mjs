// Formula injection in exports: user text that a spreadsheet would run as a
// formula (a village named "=cmd|' /C calc'!A0", an indicator named "=1+2")
// is neutralised in every CSV cell of text, and is always a string cell in
// .xlsx, never a formula.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, loginAll, parseCsv } from './lib.mjs';
import { unzip, xmlText } from './zip.mjs';

const EVIL = "=cmd|' /C calc'!A0";
const PERIOD = '2022-05';
let s; let c;
let hoaMuc; let village;

before(async () => {
  s = await startServer();
  c = await loginAll(s.url);
  [hoaMuc] = (await c.admin.ok('/api/v1/units?code=02098&date=2022-05-04')).items;
  // The type word is put before the name ("Thôn =cmd…"); the report's
  // place-and-date line starts with the name without it.
  const r = await c.admin.post(`/api/v1/units/${hoaMuc.id}/villages`, { name: EVIL, type: 'thon', valid_from: '2022-01-01' });
  assert.equal(r.status, 201, r.text);
  village = r.json;
  assert.equal(village.name, `Thôn ${EVIL}`);
  // An indicator's name and unit become the report's column headings.
  const ind = await c.backan.post('/api/v1/indicators', {
    code: 'cong_thuc', name: '=1+2', unit: '@SUM(A1)', pillar: 'kinh_te_so', kind: 'sum', type: 'vi_dien_tu', field: 'accounts',
  });
  assert.equal(ind.status, 201, ind.text);
});
after(async () => { await s?.stop(); });

const report = (client, unit, format) =>
  client.get(`/api/v1/units/${unit.id}/report?period=${PERIOD}&format=${format}&structure_date=2022-05-31`);

const FORMULA_START = /^[=+\-@\t\r]/;

test('CSV report: the place-and-date line and the column headings holding user text start with an apostrophe', async () => {
  const r = await report(c.admin, village, 'csv');
  assert.equal(r.status, 200, r.text);
  const rows = parseCsv(r.text);
  const cells = rows.flat();
  const place = cells.find((x) => x.includes(', ngày '));
  assert.ok(place, `a place-and-date cell: ${r.text.slice(0, 400)}`);
  assert.ok(place.startsWith(`'${EVIL}, ngày `), `neutralised: ${place}`);
  const head = rows.find((x) => x[0] === 'STT');
  assert.ok(head.includes("'=1+2 (@SUM(A1))"), `indicator heading neutralised: ${head}`);
  // No cell of the file starts like a formula.
  for (const x of cells) assert.doesNotMatch(x, FORMULA_START, `cell ${JSON.stringify(x)}`);
  // Figures stay numbers (no apostrophe) in the numeric columns.
  const total = rows.find((x) => x[1] === 'Tổng cộng');
  assert.ok(total.slice(2).every((x) => x === '' || /^-?\d+(\.\d+)?$/.test(x)), `numeric cells: ${total}`);
});

test('CSV report of the commune: the village row keeps its name ("Thôn =cmd…" is not a formula); no cell starts like one', async () => {
  const r = await report(c.admin, hoaMuc, 'csv');
  assert.equal(r.status, 200, r.text);
  const rows = parseCsv(r.text);
  assert.ok(rows.some((x) => x[1] === `Thôn ${EVIL}`), 'the village row');
  for (const x of rows.flat()) assert.doesNotMatch(x, FORMULA_START, `cell ${JSON.stringify(x)}`);
  assert.equal(rows.find((x) => x[1] === `Thôn ${EVIL}`)[0].match(/^\d+$/)?.length, 1, 'STT stays a number');
});

test('XLSX report: the cell holding the name is a string cell (shared string), and the sheet has no formula', async () => {
  const r = await report(c.admin, village, 'xlsx');
  assert.equal(r.status, 200, r.text.slice(0, 200));
  const files = unzip(r.body);
  // The body sheet and the appendix sheet, read as one.
  const sheetNames = Object.keys(files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
  assert.ok(sheetNames.length >= 1, `a worksheet: ${Object.keys(files)}`);
  const sheet = sheetNames.map((n) => files[n].toString('utf8')).join('\n');
  assert.doesNotMatch(sheet, /<f[\s>]/, 'no formula in the sheets');
  // The shared strings, in order; a cell t="s" holds the index of one.
  const shared = [...(files['xl/sharedStrings.xml']?.toString('utf8') || '').matchAll(/<si>([\s\S]*?)<\/si>/g)]
    .map((m) => xmlText([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join('')));
  const cells = [...sheet.matchAll(/<c ([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)].map((m) => ({
    attrs: m[1], body: m[2] || '',
    text: / t="s"/.test(m[1]) ? shared[Number(/<v>(\d+)<\/v>/.exec(m[2] || '')?.[1])]
      : / t="inlineStr"/.test(m[1]) ? xmlText(/<t[^>]*>([\s\S]*?)<\/t>/.exec(m[2] || '')?.[1] || '') : undefined,
  }));
  for (const needle of [`${EVIL}, ngày`, '=1+2 (@SUM(A1))']) {
    const cell = cells.find((x) => x.text?.startsWith(needle));
    assert.ok(cell, `a string cell holding "${needle}"; strings: ${shared.filter((x) => x.includes('=')).join(' | ')}`);
    assert.match(cell.attrs, / t="(s|inlineStr)"/, `string cell: <c ${cell.attrs}>`);
    assert.doesNotMatch(cell.body, /<f[\s>]/);
  }
  // Text is shown as typed in the workbook (no apostrophe there: a string cell is never run).
  assert.ok(shared.some((x) => x.startsWith(EVIL)), 'the name as typed');
});

test('the activity template is written through the same text cells (headings quoted where needed, none like a formula)', async () => {
  const r = await c.hoamuc.get('/api/v1/activities/template');
  assert.equal(r.status, 200);
  const rows = parseCsv(r.text);
  assert.equal(rows[0][0], 'ma_to');
  for (const x of rows.slice(0, 2).flat()) assert.doesNotMatch(x, FORMULA_START, x);
});
