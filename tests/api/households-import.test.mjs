// The village's own list into the register (issue 12): a template with the
// export's columns, .csv and .xlsx read all or nothing with row errors in
// Vietnamese, a second run of the same file changes nothing, an export
// imported back changes nothing, hostile files refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, loginAll, fieldSetting, assertProblem, unchanged, sql, sqlCount, newKey } from './lib.mjs';
import { readSheet, zipFiles, unzip } from './zip.mjs';

const REG = ['households', 'residents', 'residencies', 'citizen_statuses', 'visits', 'activities', 'audit_log'];
let s; let c; let naPau; let otherVillage; let hoaMuc;

before(async () => {
  s = await startServer();
  c = await loginAll(s.url);
  ({ hoaMuc, naPau, otherVillage } = await fieldSetting(c.admin));
});
after(async () => { await s?.stop(); });

const HEAD = ['STT', 'Hộ số', 'Thôn', 'Xóm', 'Số nhà', 'Mô tả địa chỉ', 'Cáp quang', 'Thiết bị thông minh', 'Chủ hộ', 'Họ và tên',
  'Ngày sinh', 'Giới tính', 'Dân tộc', 'Điện thoại', 'CCCD', 'Ngày đồng ý đăng ký', 'Có điện thoại thông minh'];
const post = (client, unit, bytes, extra = {}) => client.upload(`/api/v1/units/${unit.id}/register-import`, bytes,
  { name: 'so-ho.csv', ...extra });
const csvOf = (rows) => rows.map((r) => r.map((x) => (/[",\n]/.test(String(x)) ? `"${String(x).replace(/"/g, '""')}"` : x)).join(',')).join('\r\n');

// A list as a village keeps it: the address on the head's row only, a year
// instead of a birth date, statuses as the day they became true.
const LIST = [
  ['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Dân tộc', 'Xóm', 'Số nhà', 'Chủ hộ', 'Cáp quang', 'Điện thoại', 'Số CCCD',
    'Có điện thoại thông minh', 'Có tài khoản thanh toán không dùng tiền mặt', 'Nhà cung cấp (Có tài khoản thanh toán không dùng tiền mặt)', 'Ghi chú'],
  ['1', 'Nông Văn Nhập', '12/03/1975', 'Nam', 'Tày', 'Xóm Nhập Thử', '7', 'x', 'có', '0987 000 111', '006075000111', '15/04/2023', '', '', 'trưởng xóm'],
  ['2', 'Hà Thị Nhập', '1979', 'Nữ', 'Tày', '', '', '', '', '', '', '20/05/2024', '01/06/2024', 'Viettel Money', ''],
  ['3', 'Nông Văn Bé', '02/09/2015', 'Nam', 'Tày', '', '', '', '', '', '', '', '', '', ''],
  ['', '', '', '', '', '', '', '', '', '', '', '', '', '', ''],
  ['4', 'Lý Thị Một', '1990', 'nữ', 'Nùng', 'Xóm Nhập Thử', '9', 'x', '', '', '', '01/02/2022', '', '', ''],
];

const households = async (client, unit) => (await client.ok(`/api/v1/units/${unit.id}/households`)).items;

test('the template has the export\'s columns; only the roles that write the register get it', async () => {
  const r = await c.thanhvien.get(`/api/v1/units/${naPau.id}/register-template.xlsx`);
  const rows = readSheet(r);
  assert.match(r.headers['content-disposition'], /^attachment; filename="mau-so-ho-/);
  assert.match(rows[0][0].text, /^Mẫu sổ hộ — Thôn Nà Pầu/);
  assert.deepEqual(rows[1].map((x) => x.text).slice(0, HEAD.length), HEAD);
  assert.equal(rows.length, 2, 'header only: nothing to import by mistake');
  const exp = readSheet(await c.thanhvien.get(`/api/v1/units/${naPau.id}/register.xlsx`));
  assert.deepEqual(exp[1].map((x) => x.text), rows[1].map((x) => x.text), 'the export has the same columns');
  assertProblem(await c.chomoi.get(`/api/v1/units/${naPau.id}/register-template.xlsx`), 403, 'forbidden');
  assertProblem(await c.thanhvien.get(`/api/v1/units/${otherVillage.id}/register-template.xlsx`), 404, 'not_found');
  assertProblem(await c.hoamuc.get(`/api/v1/units/${hoaMuc.id}/register-template.xlsx`), 422, 'validation_failed');
});

test('a .csv list: a dry run changes nothing, the import writes it all, a second run changes nothing', async () => {
  const csv = csvOf(LIST);
  const dry = await unchanged(s.db, () => post(c.thanhvien, naPau, csv, { dry_run: 1 }), { tables: REG });
  assert.equal(dry.status, 200, dry.text);
  assert.deepEqual({ ...dry.json, unit_id: undefined }, {
    unit_id: undefined, dry_run: true, households: 2, persons: 4, households_created: 2, households_updated: 0, households_unchanged: 0,
    persons_created: 4, persons_updated: 0, persons_unchanged: 0, statuses_added: 4,
  });
  const before = sqlCount(s.db, 'SELECT COUNT(*) FROM residents');
  const journalBefore = sqlCount(s.db, 'SELECT MAX(id) FROM audit_log');
  const r = await post(c.thanhvien, naPau, csv);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.persons_created, 4);
  assert.equal(sqlCount(s.db, 'SELECT COUNT(*) FROM residents'), before + 4);
  const mine = (await households(c.thanhvien, naPau)).filter((h) => h.hamlet === 'Xóm Nhập Thử');
  assert.deepEqual(mine.map((h) => [h.house_number, h.members, h.head_name, h.fibre]),
    [['7', 3, 'Nông Văn Nhập', true], ['9', 1, 'Lý Thị Một', false]], 'walking order; the rows without an address joined the household above');
  const hh = await c.thanhvien.ok(`/api/v1/households/${mine[0].id}`);
  const wife = hh.residents.find((p) => p.full_name === 'Hà Thị Nhập');
  assert.equal(wife.birth_year, 1979);
  assert.equal(wife.sex, 'nu');
  assert.equal(wife.ethnic, 'tay');
  const pay = wife.statuses.find((x) => x.type === 'thanh_toan_khong_tien_mat');
  assert.deepEqual([pay.option, pay.gained_on, pay.source], ['viettel_money', '2024-06-01', 'import']);
  const head = hh.residents.find((p) => p.full_name === 'Nông Văn Nhập');
  assert.equal(head.cccd, '********0111', 'the CCCD masked after entry');
  assert.equal(head.phone, '0987000111');
  assert.equal(sqlCount(s.db, `SELECT COUNT(*) FROM residents WHERE cccd_digest LIKE '%006075000111%' OR cccd_last4 = '006075000111'`), 0, 'no CCCD in clear');
  // One journal row for the list (engine/register_audit.h): the village, the ids it wrote as ranges, no one named.
  const journal = () => JSON.parse(`[${sql(s.db, `SELECT after_json FROM audit_log WHERE entity='register_import' AND entity_id=${naPau.id} ORDER BY id`).trim().split('\n').join(',')}]`);
  assert.equal(sqlCount(s.db, `SELECT COUNT(*) FROM audit_log WHERE id > ${journalBefore}`), 1, 'one journal row for the whole list');
  const [row] = journal();
  assert.equal(row.unit_id, naPau.id);
  const expand = (ranges) => ranges.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, k) => a + k));
  const newPeople = sql(s.db, `SELECT r.id FROM residents r JOIN residencies x ON x.resident_id = r.id JOIN households h ON h.id = x.household_id WHERE h.hamlet = 'Xóm Nhập Thử' ORDER BY r.id`).trim().split('\n').map(Number);
  assert.deepEqual(expand(row.created.resident), newPeople);
  assert.deepEqual(expand(row.residents), newPeople);
  assert.deepEqual(expand(row.created.household), mine.map((h) => h.id).sort((x, y) => x - y));
  assert.equal(expand(row.created.citizen_status).length, 4);
  assert.deepEqual(row.updated, []);
  assert.doesNotMatch(sql(s.db, `SELECT after_json FROM audit_log WHERE id > ${journalBefore}`), /Nhập|Nông|0987000111|006075000111/, 'the journal names no one');
  // The same file again: nothing written, not even the journal.
  const again = await unchanged(s.db, () => post(c.thanhvien, naPau, csv), { tables: REG });
  assert.equal(again.status, 200, again.text);
  assert.deepEqual([again.json.persons_created, again.json.persons_updated, again.json.persons_unchanged, again.json.statuses_added,
    again.json.households_created, again.json.households_unchanged], [0, 0, 4, 0, 0, 2]);
  // A correction: a phone added, a new status, a new person; the rest left as it is.
  const edited = LIST.map((row) => [...row]);
  edited[2][9] = '0912000222';
  edited[3][11] = '01/10/2025';
  edited.push(['5', 'Lý Văn Hai', '05/05/1988', 'Nam', 'Nùng', '', '', '', '', '', '', '', '', '', '']);
  const third = await post(c.thanhvien, naPau, csvOf(edited));
  assert.equal(third.status, 200, third.text);
  assert.deepEqual([third.json.persons_created, third.json.persons_updated, third.json.persons_unchanged, third.json.statuses_added,
    third.json.households_updated], [1, 1, 3, 1, 0]);
  const corrected = journal().at(-1);
  assert.equal(journal().length, 2, 'the correction is one more row');
  assert.deepEqual(corrected.updated.map((u) => [u.entity, u.id]), [['resident', newPeople[1]]], 'the person whose phone was added');
  assert.deepEqual(Object.keys(corrected.updated[0].before).sort(), Object.keys(corrected.updated[0].after).sort());
  assert.equal(expand(corrected.created.resident).length, 1);
  assert.equal(expand(corrected.created.citizen_status).length, 1);
  assert.ok(expand(corrected.residents).includes(newPeople[2]), 'the person given a status is named');
  const after = (await households(c.thanhvien, naPau)).filter((h) => h.hamlet === 'Xóm Nhập Thử');
  assert.deepEqual(after.map((h) => h.members), [3, 2]);
});

test('an exported register imported back changes nothing (masked CCCDs, dates as Excel stores them)', async () => {
  const exp = await c.thanhvien.get(`/api/v1/units/${naPau.id}/register.xlsx`);
  assert.equal(exp.status, 200);
  const r = await unchanged(s.db, () => c.thanhvien.upload(`/api/v1/units/${naPau.id}/register-import`,
    exp.body, { name: 'so-ho.xlsx' }), { tables: REG });
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.persons >= 5, `${r.json.persons} persons read`);
  assert.deepEqual([r.json.persons_created, r.json.persons_updated, r.json.households_created, r.json.households_updated, r.json.statuses_added],
    [0, 0, 0, 0, 0]);
  assert.equal(r.json.persons_unchanged, r.json.persons);
  // The same file edited in a spreadsheet program (the sheet rebuilt): a new person.
  const files = unzip(exp.body);
  const sheet = files['xl/worksheets/sheet1.xml'].toString('utf8');
  const last = [...sheet.matchAll(/<row r="(\d+)"/g)].pop()[1];
  const n = Number(last) + 1;
  const cell = (col, t) => `<c r="${col}${n}" t="inlineStr"><is><t>${t}</t></is></c>`;
  const row = `<row r="${n}">${cell('B', '900')}${cell('D', 'Xóm Excel')}${cell('E', '1')}${cell('I', 'x')}${cell('J', 'Triệu Thị Excel')}<c r="K${n}"><v>32874</v></c>${cell('L', 'Nữ')}${cell('M', 'Dao')}</row>`;
  files['xl/worksheets/sheet1.xml'] = Buffer.from(sheet.replace('</sheetData>', `${row}</sheetData>`));
  const r2 = await c.thanhvien.upload(`/api/v1/units/${naPau.id}/register-import`, zipFiles(files), { name: 'so-ho.xlsx' });
  assert.equal(r2.status, 200, r2.text);
  assert.deepEqual([r2.json.persons_created, r2.json.households_created, r2.json.persons_updated], [1, 1, 0]);
  const h = (await households(c.thanhvien, naPau)).find((x) => x.hamlet === 'Xóm Excel');
  const p = (await c.thanhvien.ok(`/api/v1/households/${h.id}`)).residents[0];
  assert.deepEqual([p.full_name, p.birth_date, p.ethnic], ['Triệu Thị Excel', '1990-01-01', 'dao'], 'serial 32874 is 01/01/1990');
});

test('row errors in Vietnamese, all or nothing', async () => {
  const bad = [
    LIST[0],
    ['1', 'Đinh Văn Lỗi', '31/02/1990', 'Nam', 'Tày', 'Xóm Lỗi', '1', 'x', '', '', '', '', '', '', ''],
    ['2', 'Đinh Thị Lỗi', '01/01/2090', 'Nữ', 'Kinh', '', '', '', '', '', '12345', '', '', '', ''],
    ['3', 'Đinh Văn Ba', '1980', 'Nam', 'Người Sao Hoả', '', '', '', 'hay', '', '', '01/01/2019', '01/06/2024', '', ''],
    ['4', '', '1980', '', 'Tày', '', '', '', '', '', '', '', '', '', ''],
    ['5', 'Đinh Văn Tốt', '1980', 'Nam', 'Tày', 'Xóm Lỗi', '2', 'x', '', '', '', '32/13/2024', '', 'Viettel Money', ''],
  ];
  const r = await unchanged(s.db, () => post(c.thanhvien, naPau, csvOf(bad)), { tables: REG });
  const p = assertProblem(r, 422, 'validation_failed');
  const msgs = p.errors.map((e) => e.message);
  const has = (re) => assert.ok(msgs.some((m) => re.test(m)), `${re} in ${JSON.stringify(msgs, null, 1)}`);
  has(/^dòng 2: ngày sinh "31\/02\/1990" không hợp lệ/);
  has(/^dòng 3: Ngày sinh không được ở tương lai/);
  has(/^dòng 3: Số CCCD phải gồm đúng 12 chữ số/);
  has(/^dòng 4: dân tộc "Người Sao Hoả" không có trong danh mục/);
  has(/^dòng 4: cột Cáp quang ghi "có"/);
  has(/^dòng 4: Có điện thoại thông minh: ngày phải từ 01\/01\/2020/);
  has(/^dòng 4: Có tài khoản thanh toán không dùng tiền mặt: cần ghi Nhà cung cấp/);
  has(/^dòng 5: thiếu họ và tên/);
  has(/^dòng 5: thiếu giới tính/);
  has(/^dòng 6: Có điện thoại thông minh: ngày "32\/13\/2024" không hợp lệ/);
  has(/^dòng 6: Có tài khoản thanh toán không dùng tiền mặt: có Nhà cung cấp nhưng thiếu ngày/);
  assert.ok(p.errors.every((e) => /^dòng \d+\./.test(e.field)), 'each error names its row');

  assertProblem(await post(c.thanhvien, naPau, 'a,b\n1,2\n'), 422, 'validation_failed', { fieldCodes: { bang: 'missing_header' } });
  assertProblem(await post(c.thanhvien, naPau, 'Họ và tên,Giới tính\nA,Nam\n'), 422, 'validation_failed', { fieldCodes: { bang: 'missing_column' } });
  assertProblem(await post(c.thanhvien, naPau, csvOf([LIST[0]])), 422, 'validation_failed', { fieldCodes: { bang: 'empty' } });
  // Another village's name in the Thôn column.
  const other = csvOf([['Thôn', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Xóm'], [otherVillage.name, 'A B', '1980', 'Nam', 'X']]);
  assertProblem(await post(c.thanhvien, naPau, other), 422, 'validation_failed', { fieldCodes: { 'dòng 2.thon': 'invalid_value' } });
});

test('a list of 1,500 households, checked in two halves: every error in row order, and a dry run counts them all', async () => {
  const head = ['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Xóm', 'Số nhà'];
  const rows = Array.from({ length: 1500 }, (_, i) => [String(i + 1), `Hà Văn Nửa ${i + 1}`, '1970', 'Nam', 'Xóm Hai Nửa', String(i + 1)]);
  const r = await unchanged(s.db, () => post(c.thanhvien, naPau, csvOf([head, ...rows]), { dry_run: 1 }), { tables: REG });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.households, r.json.persons, r.json.households_created, r.json.persons_created], [1500, 1500, 1500, 1500]);
  // Errors of the forms' checks in the first half, across the middle and at the end.
  for (const k of [2, 749, 750, 1499]) rows[k][2] = '01/01/2090';
  const bad = assertProblem(await unchanged(s.db, () => post(c.thanhvien, naPau, csvOf([head, ...rows])), { tables: REG }), 422, 'validation_failed');
  assert.deepEqual(bad.errors.map((e) => e.field), ['dòng 4.birth_date', 'dòng 751.birth_date', 'dòng 752.birth_date', 'dòng 1501.birth_date']);
  assert.ok(bad.errors.every((e) => /Ngày sinh không được ở tương lai$/.test(e.message)), JSON.stringify(bad.errors));
});

test('a CCCD already in langso is refused without saying where; a person of another household is not moved by a file', async () => {
  // A person of another village, entered by the commune.
  const hh = await c.hoamuc.post('/api/v1/households', { unit_id: otherVillage.id, hamlet: 'Xóm Xa', house_number: '3' }, { headers: { 'Idempotency-Key': newKey('i') } });
  assert.equal(hh.status, 201, hh.text);
  const pr = await c.hoamuc.post(`/api/v1/households/${hh.json.id}/residents`, { full_name: 'Người Xa', birth_year: 1970, sex: 'nam', cccd: '006070999888' },
    { headers: { 'Idempotency-Key': newKey('i') } });
  assert.equal(pr.status, 201, pr.text);
  const rows = [['Họ và tên', 'Ngày sinh', 'Giới tính', 'Xóm', 'Số nhà', 'CCCD'], ['Người Gần', '1971', 'Nam', 'Xóm Gần', '1', '006070999888'],
    ['Người Gần Hai', '1972', 'Nam', '', '', '006070999777'], ['Người Gần Ba', '1973', 'Nam', '', '', '006070999777']];
  const r = await unchanged(s.db, () => post(c.thanhvien, naPau, csvOf(rows)), { tables: REG });
  const p = assertProblem(r, 422, 'validation_failed');
  const cccd = p.errors.find((e) => e.field === 'dòng 2.cccd');
  assert.equal(cccd.code, 'cccd_duplicate');
  assert.equal(cccd.message, 'dòng 2: số CCCD này đã được ghi cho một người khác trong langso');
  assert.doesNotMatch(JSON.stringify(p), new RegExp(`${otherVillage.name}|Người Xa|Xóm Xa`), 'nothing of the other unit');
  assert.equal(p.errors.find((e) => e.field === 'dòng 4.cccd').message, 'dòng 4: số CCCD trùng với dòng 3');
  // Alone in a file (no other row error to make the import ask first), the held CCCD is refused by the
  // database's unique index as the rows are written, and the import asks again: the same error, nothing saved.
  const alone = assertProblem(await unchanged(s.db, () => post(c.thanhvien, naPau, csvOf(rows.slice(0, 3))), { tables: REG }), 422, 'validation_failed');
  assert.deepEqual(alone.errors.map((e) => [e.field, e.code, e.message]), [['dòng 2.cccd', 'cccd_duplicate', 'dòng 2: số CCCD này đã được ghi cho một người khác trong langso']]);
  // The same for a person of the village's register the file gives that CCCD (an update, not a new row).
  const given = assertProblem(await unchanged(s.db, () => post(c.thanhvien, naPau, csvOf([['Họ và tên', 'Ngày sinh', 'Giới tính', 'Xóm', 'Số nhà', 'CCCD'],
    ['Lý Văn Hai', '05/05/1988', 'Nam', 'Xóm Nhập Thử', '9', '006070999888']])), { tables: REG }), 422, 'validation_failed');
  assert.deepEqual(given.errors.map((e) => [e.field, e.code]), [['dòng 2.cccd', 'cccd_duplicate']]);
  // Lý Văn Hai lives at Xóm Nhập Thử 9 (the second test); a file that puts him at number 7 is refused.
  const moved = csvOf([['Họ và tên', 'Ngày sinh', 'Giới tính', 'Xóm', 'Số nhà'], ['Nông Văn Nhập', '12/03/1975', 'Nam', 'Xóm Nhập Thử', '7'], ['Lý Văn Hai', '05/05/1988', 'Nam', '', '']]);
  const m = assertProblem(await unchanged(s.db, () => post(c.thanhvien, naPau, moved), { tables: REG }), 422, 'validation_failed');
  assert.match(m.errors[0].message, /^dòng 3: người này đang ở hộ Xóm Nhập Thử, 9 trong sổ; hãy chuyển hộ trên ứng dụng/);
});

test('hostile and oversize files, scope and roles: a clear 4xx and nothing saved', async () => {
  await unchanged(s.db, async () => {
    const notSheet = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 7)]);
    assertProblem(await post(c.thanhvien, naPau, notSheet), 422, 'validation_failed', { fieldCodes: { file: 'invalid_file' } });
    const bomb = zipFiles({ 'xl/worksheets/sheet1.xml': '<worksheet><sheetData>' + ' '.repeat(70 * 1024 * 1024) + '</sheetData></worksheet>' });
    assertProblem(await post(c.thanhvien, naPau, bomb), 422, 'validation_failed', { fieldCodes: { file: 'invalid_file' } });
    const laughs = zipFiles({ 'xl/worksheets/sheet1.xml': '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet><sheetData><row><c t="inlineStr"><is><t>&a;</t></is></c></row></sheetData></worksheet>' });
    assertProblem(await post(c.thanhvien, naPau, laughs), 422, 'validation_failed', { fieldCodes: { file: 'invalid_file' } });
    assertProblem(await post(c.thanhvien, naPau, Buffer.from([0xc3, 0x28, 0x2c, 0x41])), 422, 'validation_failed', { fieldCodes: { file: 'invalid_file' } });
    assertProblem(await post(c.thanhvien, naPau, Buffer.alloc(2 * 1024 * 1024 + 10, 0x41)), 413, 'file_too_large');
    // No file; a parameter that is not 1 or 0; one the route does not take; the file wrapped in JSON as before (an old app).
    assertProblem(await post(c.thanhvien, naPau, Buffer.alloc(0)), 422, 'validation_failed', { fieldCodes: { file: 'missing_field' } });
    assertProblem(await post(c.thanhvien, naPau, 'Họ và tên', { dry_run: 'yes' }), 422, 'validation_failed', { fieldCodes: { dry_run: 'invalid_value' } });
    assertProblem(await post(c.thanhvien, naPau, 'Họ và tên', { khac: '1' }), 422, 'validation_failed');
    assertProblem(await c.thanhvien.post(`/api/v1/units/${naPau.id}/register-import`, { name: 'a.csv', content_base64: 'QQ==' }), 415, 'unsupported_media_type');
    const many = csvOf([['Họ và tên', 'Ngày sinh', 'Giới tính', 'Xóm'], ...Array.from({ length: 20001 }, (_, i) => [`Người ${i}`, '1980', 'Nam', `X${i}`])]);
    assertProblem(await post(c.thanhvien, naPau, many), 422, 'validation_failed', { fieldCodes: { bang: 'too_many_rows' } });
    const csv = csvOf(LIST);
    assertProblem(await post(c.thanhvien, otherVillage, csv), 404, 'not_found');
    assertProblem(await post(c.chomoi, naPau, csv), 403, 'forbidden');
    assertProblem(await post(c.xem, naPau, csv), 403, 'forbidden');
    assertProblem(await post(c.hoamuc, hoaMuc, csv), 422, 'validation_failed');
  }, { tables: REG });
  assert.equal(sql(s.db, 'SELECT 1').trim(), '1', 'the server and database are still fine');
  assert.equal((await c.thanhvien.get('/api/v1/session')).status, 200);
});

test('age bands on the period\'s last day, digital citizens (all four parts), Decision 411\'s dated targets, villages without a register', async () => {
  const { scoreIndicator } = await import('./lib.mjs');
  const kids = (await c.hoamuc.ok(`/api/v1/units/${hoaMuc.id}/children`)).items.filter((u) => u.level === 'village');
  const card = async (unit, from, to) => c.hoamuc.ok(`/api/v1/units/${unit.id}/scorecard?from=${from}&to=${to}`);
  let empty = null;
  for (const v of kids) {
    if (v.id === naPau.id || v.id === otherVillage.id) continue;
    if (!scoreIndicator(await card(v, '2026-01-01', '2026-06-30'), 'cd_dan_so_so_ho').value) { empty = v; break; }
  }
  assert.ok(empty, 'a village of Hoà Mục without a register');
  const missing = async () => scoreIndicator(await card(hoaMuc, '2026-01-01', '2026-06-30'), 'cd_thon_chua_co_so_ho').value;
  const before = await missing();
  const S = { vneid: 'Đã kích hoạt định danh điện tử VNeID mức 2', phone: 'Có điện thoại thông minh', skill: 'Được phổ cập kỹ năng số cơ bản',
    pay: 'Có tài khoản thanh toán không dùng tiền mặt', health: 'Có hồ sơ sức khoẻ điện tử' };
  const head = ['Hộ số', 'Xóm', 'Họ và tên', 'Ngày sinh', 'Giới tính', S.vneid, S.phone, S.skill, `Nơi học (${S.skill})`, S.pay, `Nhà cung cấp (${S.pay})`, S.health];
  const d = '01/01/2025';
  const rows = [head,
    ['1', 'Xóm Tuổi', 'Người Đủ Bốn', '01/01/1990', 'Nam', d, d, d, 'Bình dân học vụ số', d, 'Ngân hàng', ''],
    ['1', 'Xóm Tuổi', 'Người Cao Tuổi', '01/06/1950', 'Nữ', '', '', d, 'Lớp của tổ công nghệ số', '', '', ''],
    ['1', 'Xóm Tuổi', 'Người Mười Sáu', '01/03/2010', 'Nam', '', '', '', '', d, 'Viettel Money', ''],
    ['2', 'Xóm Tuổi', 'Người Thiếu Một', '1985', 'Nữ', d, d, d, 'OneTouch', '', '', ''],
    ['2', 'Xóm Tuổi', 'Người Bé', '01/01/2020', 'Nam', '', '', '', '', '', '', d]];
  const r = await post(c.hoamuc, empty, csvOf(rows));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.persons_created, 5);
  const sc = await card(empty, '2026-01-01', '2026-06-30');
  const val = (code) => Math.round(scoreIndicator(sc, code).value * 10) / 10;
  assert.equal(val('cd_smartphone'), 66.7, 'adults (18+): 2 of 3');
  assert.equal(val('cd_thanh_toan'), 50, 'aged 15+: 2 of 4 (the 16-year-old counts)');
  assert.equal(val('cd_ky_nang_so'), 66.7, 'working age 15–59: 2 of 3 (the 76-year-old is not counted)');
  assert.equal(val('cd_ho_so_suc_khoe'), 20, 'everyone: 1 of 5');
  assert.equal(val('cd_cong_dan_so'), 33.3, 'digital citizens: all four parts, 1 of 3 adults');
  assert.equal(scoreIndicator(sc, 'cd_smartphone').target, 95, "after 2025, Decision 411's 2030 target");
  const old = await card(empty, '2024-01-01', '2024-12-31');
  assert.equal(scoreIndicator(old, 'cd_smartphone').target, 80, "until 2025, its 2025 target");
  assert.equal(scoreIndicator(old, 'cd_cong_dan_so').value, 0, 'before 2025 nobody held the statuses: 0 of the adults of that day');
  assert.equal(Math.round(scoreIndicator(old, 'cd_ho_so_suc_khoe').value * 10) / 10, 0);
  assert.equal(await missing(), before - 1, 'one village fewer without a register');
});
