// The activity import's error messages name the row as the spreadsheet shows
// it ("dòng N: …", the header being row 1, a cell with a line break still one
// row); and every write route answers 403 to a role that may not write,
// whatever the body (role before body).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEMO_DATE, startServer, loginAll, assertProblem, unchanged, ALL_TABLES, newKey, parseCsv,
} from './lib.mjs';

let s; let c;
const u = {};
const t = {};
let header; let headLines;

before(async () => {
  s = await startServer();
  c = await loginAll(s.url);
  for (const code of ['02098', '02098-01']) {
    [u[code]] = (await c.admin.ok(`/api/v1/units?code=${code}&date=${DEMO_DATE}`)).items;
  }
  const teams = (await c.admin.ok(`/api/v1/units/${u['02098'].id}/teams`)).items;
  t.hm = teams.find((x) => x.unit_id === u['02098'].id);
  t.np = teams.find((x) => x.unit_id === u['02098-01'].id);
  const tpl = await c.hoamuc.get('/api/v1/activities/template');
  assert.equal(tpl.status, 200);
  header = parseCsv(tpl.text)[0];
  headLines = tpl.text.replace(/^\uFEFF/, '').split(/\r?\n/).slice(0, 2);
});
after(async () => { await s?.stop(); });

function row(values) {
  return header.map((h) => {
    const v = values[h] === undefined ? '' : String(values[h]);
    return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  }).join(',');
}
const csvOf = (rows) => [...headLines, ...rows.map(row)].join('\r\n') + '\r\n';
const importCsv = (client, csv, key = newKey('imp')) =>
  client.post('/api/v1/activities/import', { csv }, { headers: { 'Idempotency-Key': key } });
const good = (extra = {}) => ({ ma_to: t.hm.id, ma_don_vi: '02098', loai: 'vneid', ngay: '02/05/2022', 'vneid.people': 3, ...extra });

/** Every error names its row the same way in field and message: "dòng N." / "dòng N: ". */
function rowsOf(p) {
  const rows = new Set();
  for (const e of p.errors) {
    const f = /^dòng (\d+)(\.|$)/.exec(e.field);
    const m = /^dòng (\d+): \S/.exec(e.message);
    assert.ok(f, `field names the row: ${JSON.stringify(e)}`);
    assert.ok(m, `message starts "dòng N: ": ${JSON.stringify(e)}`);
    assert.equal(m[1], f[1], `field and message name the same row: ${JSON.stringify(e)}`);
    assert.doesNotMatch(e.message, /dòng \d+\.:/);
    rows.add(Number(f[1]));
  }
  assert.doesNotMatch(p.detail, /dòng \d+\.:/);
  return [...rows].sort((a, b) => a - b);
}

test('import errors give the spreadsheet row: a note with a line break above does not shift the count', async () => {
  const csv = csvOf([
    good({ ghi_chu: 'Ghi chú\ncó hai dòng' }), // row 3, physical lines 3–4
    good({ ngay: '31/02/2022' }), // row 4 (line 5 in a text editor)
    good({ ma_don_vi: '99999' }), // row 5: no such unit in scope
    good({ 'vneid.people': 'nhiều' }), // row 6: not a number
  ]);
  const r = await unchanged(s.db, () => importCsv(c.hoamuc, csv), { tables: ALL_TABLES });
  const p = assertProblem(r, 422, 'validation_failed');
  assert.deepEqual(rowsOf(p), [4, 5, 6], r.text);
  assert.ok(p.errors.some((e) => e.field === 'dòng 4.ngay'), r.text);
  assert.ok(p.errors.some((e) => e.field === 'dòng 5.ma_don_vi' && e.message.startsWith('dòng 5: không có đơn vị mã')), r.text);
  assert.match(p.detail, /^dòng 4: /);
});

test('import errors found when saving (a value over the limit, a key used for another row) also read "dòng N: …"', async () => {
  const key = newKey('imp');
  const first = await importCsv(c.hoamuc, csvOf([good(), good({ 'vneid.people': 4 })]), key);
  assert.equal(first.status, 200, first.text);
  // The same file key with row 4 changed: that row's key was used for another activity.
  const again = await unchanged(s.db, () => importCsv(c.hoamuc, csvOf([good(), good({ 'vneid.people': 5 }), good({ 'vneid.people': 99999 })]), key), { tables: ALL_TABLES });
  const p = assertProblem(again, 422, 'validation_failed');
  assert.deepEqual(rowsOf(p), [4, 5], again.text);
  assert.ok(p.errors.some((e) => e.field === 'dòng 4.key' && e.code === 'idempotency_key_reused'), again.text);
});

test('import: a file that is not the template is refused at "dòng 1"; a file without rows names the csv field', async () => {
  const bad = assertProblem(await importCsv(c.hoamuc, 'a,b,c\r\n1,2,3\r\n'), 422, 'validation_failed');
  assert.deepEqual(rowsOf(bad), [1]);
  const unknown = assertProblem(await importCsv(c.hoamuc, headLines[0] + ',cot_la\r\n'), 422, 'validation_failed');
  assert.ok(unknown.errors.some((e) => e.field === 'dòng 1.cot_la' && e.code === 'unknown_field'), JSON.stringify(unknown));
  const empty = assertProblem(await importCsv(c.hoamuc, csvOf([])), 422, 'validation_failed', { fieldCodes: { csv: 'missing_field' } });
  assert.match(empty.detail, /không có dòng hoạt động nào/);
});

test('a viewer gets 403 from the import, the batch and the single log, whatever the body and with or without a key', async () => {
  const bodies = [{}, { csv: '' }, { csv: 5 }, { csv: 'a,b\r\n' }, { items: 'x' }, { items: [] }, { unknown: true }];
  for (const path of ['/api/v1/activities/import', '/api/v1/activities/batch', '/api/v1/activities']) {
    for (const body of bodies) {
      for (const headers of [{}, { 'Idempotency-Key': newKey('v') }]) {
        const r = await unchanged(s.db, () => c.xem.post(path, body, { headers }), { tables: ALL_TABLES });
        assertProblem(r, 403, 'forbidden', { msg: `${path} ${JSON.stringify(body)} ${Object.keys(headers)}` });
      }
    }
  }
});

test('every write route answers 403 before looking at the body to a role that may not use it', async () => {
  const [np] = (await c.admin.ok(`/api/v1/units?code=02098-01&date=${DEMO_DATE}`)).items;
  const members = (await c.admin.ok(`/api/v1/teams/${t.hm.id}/members`)).items;
  const acts = (await c.admin.ok(`/api/v1/activities?unit_id=${u['02098'].id}&from=2022-01-01&to=2022-12-31&limit=1`)).items;
  assert.ok(members.length && acts.length, 'a member and an activity of Hoà Mục');
  const th = c.thanhvien.user;
  const routes = [
    // [caller, method, path]: the caller sees the object (scope) but its role may not do this.
    [c.xem, 'POST', `/api/v1/units/${u['02098'].id}/villages`],
    [c.xem, 'POST', '/api/v1/teams'],
    [c.xem, 'PATCH', `/api/v1/teams/${t.hm.id}`],
    [c.xem, 'DELETE', `/api/v1/teams/${t.hm.id}`],
    [c.thanhvien, 'POST', `/api/v1/teams/${t.np.id}/members`],
    [c.xem, 'POST', `/api/v1/teams/${t.hm.id}/members`],
    [c.xem, 'PATCH', `/api/v1/members/${members[0].id}`],
    [c.xem, 'DELETE', `/api/v1/members/${members[0].id}`],
    [c.thanhvien, 'POST', '/api/v1/users'],
    [c.xem, 'PATCH', `/api/v1/users/${th.id}`],
    [c.xem, 'DELETE', `/api/v1/users/${th.id}`],
    [c.xem, 'PATCH', `/api/v1/activities/${acts[0].id}`],
    [c.xem, 'DELETE', `/api/v1/activities/${acts[0].id}`],
    [c.hoamuc, 'POST', '/api/v1/indicators'],
    [c.xem, 'PUT', `/api/v1/units/${u['02098'].id}/targets`],
    [c.xem, 'PUT', `/api/v1/villages/${np.id}/assignment`],
    [c.xem, 'POST', `/api/v1/units/${u['02098'].id}/inherited-teams/merge`],
    [c.hoamuc, 'POST', `/api/v1/users/${th.id}/scope`],
  ];
  const bodies = [{}, { name: 5, unit_id: 'x', items: 'x', year: 'x', commune_id: 'x', unit: null }, { unknown: true }];
  for (const [client, method, path] of routes) {
    for (const body of method === 'DELETE' ? [undefined] : bodies) {
      const r = await unchanged(s.db, () => client.request(method, path, body), { tables: ALL_TABLES });
      assertProblem(r, 403, 'forbidden', { msg: `${client.user.login} ${method} ${path} ${JSON.stringify(body)}` });
    }
  }
});
