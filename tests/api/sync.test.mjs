// Offline sync (issue 13): POST /api/v1/sync applies a phone's outbox entry by
// entry through the normal routes and answers what changed in the user's area
// since its cursor; GET /api/v1/sync/conflicts lists concurrent edits the
// field-by-field rule could not decide.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  PG, startServer, loginAll, fieldSetting, raw, assertProblem, unchanged, sqlCount, newKey,
} from './lib.mjs';

const TABLES = ['households', 'residents', 'residencies', 'citizen_statuses', 'visits', 'activities', 'sync_entries', 'sync_conflicts'];
let s; let c; let hoaMuc; let naPau; let otherVillage; let team; let today;

before(async () => {
  s = await startServer();
  c = await loginAll(s.url);
  ({ hoaMuc, naPau, otherVillage, team } = await fieldSetting(c.admin));
  today = (await c.admin.ok('/api/v1/meta')).today;
});
after(async () => { await s?.stop(); });

const sync = (client, body) => client.post('/api/v1/sync', body);
async function syncOk(client, body) {
  const r = await sync(client, body);
  assert.equal(r.status, 200, r.text);
  return r.json;
}
const activity = (key, body = {}) => ({
  key, type: 'activity.create',
  fields: { team_id: team.id, type: 'vi_dien_tu', date: today, category: 'viettel_money', quantities: { accounts: 2 }, ...body },
});
const household = (key, body = {}) => ({ key, type: 'household.create', fields: { unit_id: naPau.id, hamlet: 'Xóm Sync', house_number: '7', ...body } });

test('a first sync downloads only the member\'s village, with a cursor bound to the user', async () => {
  const first = await syncOk(c.thanhvien, {});
  assert.equal(first.changes.full, true);
  assert.equal(first.changes.area.id, naPau.id);
  assert.deepEqual(first.changes.units.map((u) => u.id), [naPau.id]);
  assert.ok(first.changes.households.every((h) => h.unit_id === naPau.id));
  assert.ok(first.changes.teams.some((t) => t.id === team.id), 'the village\'s team');
  assert.ok(first.changes.teams.every((t) => t.unit_id === naPau.id));
  assert.match(first.cursor, /^c1\./);
  assert.equal(first.server_date, today);
  // An officer asks for the commune (or one village of it); a member cannot ask for another village.
  const commune = await syncOk(c.hoamuc, {});
  assert.equal(commune.changes.area.id, hoaMuc.id);
  assert.ok(commune.changes.units.some((u) => u.id === otherVillage.id));
  const village = await syncOk(c.hoamuc, { area_id: naPau.id });
  assert.deepEqual(village.changes.units.map((u) => u.id), [naPau.id]);
  assertProblem(await sync(c.thanhvien, { area_id: otherVillage.id }), 422, 'validation_failed', { fields: ['area_id'] });
  // Roles without field work have no outbox.
  assertProblem(await sync(c.admin, {}), 403, 'forbidden');
  assertProblem(await sync(c.xem, {}), 403, 'forbidden');
});

test('an outbox: each entry saved once through the normal routes, in order, with references to earlier entries; a replay changes nothing', async () => {
  const start = await syncOk(c.thanhvien, {});
  const hk = newKey('hh');
  const entries = [
    household(hk),
    { key: newKey('p'), type: 'person.create', household_key: hk, fields: { full_name: 'Lục Thị Đồng Bộ', birth_year: 1990, sex: 'nu', from: '2024-01-01' } },
    activity(newKey('a')),
    { key: newKey('v'), type: 'visit.create', household_key: hk, fields: { date: today, team_id: team.id, note: 'Đến hộ khi mất sóng' } },
  ];
  const before = { hh: sqlCount(s.db, 'SELECT COUNT(*) FROM households'), act: sqlCount(s.db, 'SELECT COUNT(*) FROM activities') };
  const r = await syncOk(c.thanhvien, { cursor: start.cursor, entries });
  assert.deepEqual(r.results.map((x) => x.status), ['ok', 'ok', 'ok', 'ok'], JSON.stringify(r.results));
  assert.equal(r.saved, 4);
  assert.equal(r.refused, 0);
  const [h, p, a, v] = r.results.map((x) => x.id);
  assert.ok(h && p && a && v);
  assert.equal(sqlCount(s.db, 'SELECT COUNT(*) FROM households'), before.hh + 1);
  assert.equal(sqlCount(s.db, 'SELECT COUNT(*) FROM activities'), before.act + 1);
  assert.equal(sqlCount(s.db, `SELECT COUNT(*) FROM residencies WHERE resident_id = ${p} AND household_id = ${h}`), 1);
  assert.equal(sqlCount(s.db, `SELECT COUNT(*) FROM visits WHERE id = ${v} AND household_id = ${h}`), 1);
  // What the phone sent comes back among the changes (its own rows, now with ids).
  assert.ok(r.changes.households.some((x) => x.id === h));
  assert.ok(r.changes.residents.some((x) => x.id === p && x.household_id === h));
  assert.ok(r.changes.activities.some((x) => x.id === a));
  assert.equal(r.changes.full, false);
  // The same request again (the answer was lost on the way): nothing changes, the same ids.
  const again = await unchanged(s.db, () => syncOk(c.thanhvien, { cursor: start.cursor, entries }), { tables: TABLES });
  assert.deepEqual(again.results.map((x) => [x.status, x.id, x.replayed]), r.results.map((x) => ['ok', x.id, true]));
  assert.equal(again.replayed, 4);
  assert.equal(again.saved, 0);
  // The same key with other fields is refused, the rest of the batch goes on.
  const mixed = await syncOk(c.thanhvien, { cursor: r.cursor, entries: [{ ...entries[2], fields: { ...entries[2].fields, note: 'khác' } }, activity(newKey('a'))] });
  assert.deepEqual(mixed.results.map((x) => x.status), ['refused', 'ok']);
  assert.equal(mixed.results[0].code, 'idempotency_key_reused');
});

test('changes since the cursor: another user\'s write in the area comes down, nothing outside it', async () => {
  const start = await syncOk(c.thanhvien, {});
  const inside = await c.hoamuc.post('/api/v1/households', { unit_id: naPau.id, hamlet: 'Xóm Giữa', house_number: '99' }, { headers: { 'Idempotency-Key': newKey('hh') } });
  assert.equal(inside.status, 201, inside.text);
  const outside = await c.hoamuc.post('/api/v1/households', { unit_id: otherVillage.id, hamlet: 'Xóm Ngoài', house_number: '1' }, { headers: { 'Idempotency-Key': newKey('hh') } });
  assert.equal(outside.status, 201, outside.text);
  const next = await syncOk(c.thanhvien, { cursor: start.cursor });
  assert.equal(next.changes.full, false);
  const ids = next.changes.households.map((h) => h.id);
  assert.ok(ids.includes(inside.json.id), 'the new household of Nà Pầu');
  assert.ok(!ids.includes(outside.json.id), 'nothing of another village');
  assert.ok('teams' in next.changes);
  // The officer's commune download has both.
  const officer = await syncOk(c.hoamuc, {});
  const all = officer.changes.households.map((h) => h.id);
  assert.ok(all.includes(inside.json.id) && all.includes(outside.json.id));
  // A deleted household is named among the removed ones.
  assert.equal((await c.hoamuc.del(`/api/v1/households/${inside.json.id}`)).status, 204);
  const after = await syncOk(c.thanhvien, { cursor: next.cursor });
  assert.ok(after.changes.removed.households.includes(inside.json.id));
  assert.ok(!after.changes.households.some((h) => h.id === inside.json.id));
});

test('a list imported into the village comes down at the next sync: its households and people, from the one journal row of the import', async () => {
  const start = await syncOk(c.thanhvien, {});
  const csv = [['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Xóm', 'Số nhà', 'Chủ hộ'],
    ['1', 'Lục Văn Đồng Bộ', '1980', 'Nam', 'Xóm Nhập Sync', '3', 'x'], ['2', 'Bế Thị Đồng Bộ', '1983', 'Nữ', '', '', '']]
    .map((r) => r.join(',')).join('\r\n');
  const imp = await c.hoamuc.upload(`/api/v1/units/${naPau.id}/register-import`, csv, { name: 'sync.csv' });
  assert.equal(imp.status, 200, imp.text);
  assert.equal(imp.json.persons_created, 2);
  const next = await syncOk(c.thanhvien, { cursor: start.cursor });
  assert.equal(next.changes.full, false, 'not the whole area again');
  const got = next.changes.households.filter((h) => h.hamlet === 'Xóm Nhập Sync');
  assert.equal(got.length, 1, JSON.stringify(next.changes.households.map((h) => h.hamlet)));
  const names = next.changes.residents.map((p) => p.full_name);
  assert.ok(names.includes('Lục Văn Đồng Bộ') && names.includes('Bế Thị Đồng Bộ'), JSON.stringify(names));
});

test('refusals come back per entry with a stable code and a Vietnamese reason; nothing is saved outside the sender\'s scope', async () => {
  const start = await syncOk(c.thanhvien, {});
  const otherCount = () => sqlCount(s.db, `SELECT COUNT(*) FROM households WHERE unit_id = ${otherVillage.id}`);
  const n = otherCount();
  const foreignHousehold = (await c.hoamuc.post('/api/v1/households', { unit_id: otherVillage.id, hamlet: 'Xóm Xa', house_number: '3' },
    { headers: { 'Idempotency-Key': newKey('hh') } })).json;
  const tomorrow = new Date(Date.parse(today) + 86400000).toISOString().slice(0, 10);
  const entries = [
    { key: newKey('x'), type: 'person.delete', fields: {} },
    { key: newKey('x'), type: 'activity.create', fields: 'không phải đối tượng' },
    { key: 'ngắn', type: 'activity.create', fields: {} },
    activity(newKey('a'), { date: tomorrow }),
    activity(newKey('a'), { quantities: { accounts: 'bảy' } }),
    household(newKey('hh'), { unit_id: otherVillage.id }),
    { key: newKey('v'), type: 'visit.create', fields: { household_id: foreignHousehold.id, date: today, team_id: team.id } },
    { key: newKey('e'), type: 'household.edit', id: foreignHousehold.id, base: { phone: null }, fields: { phone: '0912000111' } },
    { key: newKey('p'), type: 'person.create', household_key: 'chua-dong-bo-1', fields: { full_name: 'A', birth_year: 1990, sex: 'nam' } },
    42,
    activity(newKey('a')),
  ];
  const r = await syncOk(c.thanhvien, { cursor: start.cursor, entries });
  const codes = r.results.map((x) => x.status === 'refused' ? x.code : x.status);
  assert.deepEqual(codes, ['unknown_type', 'invalid_entry', 'invalid_key', 'validation_failed', 'validation_failed',
    'not_found', 'not_found', 'not_found', 'unknown_reference', 'invalid_entry', 'ok']);
  for (const x of r.results.filter((y) => y.status === 'refused')) {
    assert.ok(x.detail && /[ạảãáàâăấầẩẫậắằẳẵặđêếềểễệôốồổỗộơớờởỡợưứừửữự]/i.test(x.title + x.detail), `Vietnamese: ${x.detail}`);
  }
  assert.ok(r.results[3].errors.some((e) => e.field === 'date'), 'the future date is named');
  assert.equal(r.refused, 10);
  assert.equal(r.saved, 1);
  assert.equal(otherCount(), n + 1, 'only the officer\'s own household is there');
  assert.equal(sqlCount(s.db, `SELECT COUNT(*) FROM visits WHERE household_id = ${foreignHousehold.id}`), 0);
  assert.equal(sqlCount(s.db, `SELECT COUNT(*) FROM households WHERE id = ${foreignHousehold.id} AND phone = '0912000111'`), 0);
});

test('limits and malformed requests: a clear 4xx and nothing changed', async () => {
  const mine = await syncOk(c.thanhvien, {});
  const theirs = await syncOk(c.hoamuc, {});
  const fiftyOne = Array.from({ length: 51 }, () => activity(newKey('a')));
  const tenThousand = Array.from({ length: 10000 }, () => activity(newKey('a')));
  await unchanged(s.db, async () => {
    const big = await sync(c.thanhvien, { entries: fiftyOne });
    assertProblem(big, 413, 'sync_too_many_entries');
    assert.match(big.json.detail, /tối đa 50/);
    const huge = await sync(c.thanhvien, { entries: tenThousand });
    assert.equal(huge.status, 413, huge.text);
    assertProblem(await sync(c.thanhvien, { cursor: theirs.cursor }), 403, 'sync_cursor_foreign');
    assertProblem(await sync(c.thanhvien, { cursor: mine.cursor.slice(0, -1) + (mine.cursor.endsWith('0') ? '1' : '0') }), 400, 'sync_cursor_invalid');
    assertProblem(await sync(c.thanhvien, { cursor: 'c1.1.2.3.4.5' }), 400, 'sync_cursor_invalid');
    assertProblem(await sync(c.thanhvien, { entries: 'tất cả' }), 422, 'validation_failed', { fields: ['entries'] });
    assertProblem(await sync(c.thanhvien, { cursor: 12 }), 422, 'validation_failed', { fields: ['cursor'] });
    assertProblem(await sync(c.thanhvien, { entries: [], extra: 1 }), 422, 'validation_failed', { fields: ['extra'] });
    const bad = await raw(s.url, 'POST', '/api/v1/sync', {
      headers: { Cookie: c.thanhvien.cookie, 'X-CSRF-Token': c.thanhvien.csrf, 'Content-Type': 'application/json', Origin: s.url },
      body: Buffer.from('{"entries":[{"key":"\xff\xfe"}]}', 'latin1'),
    });
    assertProblem(bad, 400, 'invalid_utf8');
    const big1e400 = await raw(s.url, 'POST', '/api/v1/sync', {
      headers: { Cookie: c.thanhvien.cookie, 'X-CSRF-Token': c.thanhvien.csrf, 'Content-Type': 'application/json', Origin: s.url },
      body: '{"entries":[{"key":"abcdefgh1","type":"activity.create","fields":{"quantities":{"accounts":1e400}}}]}',
    });
    assertProblem(big1e400, 400, 'bad_json');
  }, { tables: TABLES });
  // The server is still up.
  await syncOk(c.thanhvien, { cursor: mine.cursor });
});

test('concurrent edits of one household and one person: field by field, first synced wins, the conflict is recorded and shown', async () => {
  const created = await syncOk(c.thanhvien, { entries: [household(newKey('hh'), { phone: '0912111222', hamlet: 'Xóm Cũ' })] });
  const id = created.results[0].id;
  const down = await syncOk(c.thanhvien, {});
  const base = down.changes.households.find((h) => h.id === id);
  assert.equal(base.phone, '0912111222');
  // The officer's phone syncs first: a new phone number.
  const first = await syncOk(c.hoamuc, { entries: [{ key: newKey('e'), type: 'household.edit', id, base: { phone: base.phone }, fields: { phone: '0988000111' } }] });
  assert.equal(first.results[0].status, 'ok', JSON.stringify(first.results));
  // The member's phone, from the same base: another phone number (conflict) and the hamlet (only theirs: applied).
  const key = newKey('e');
  const entry = { key, type: 'household.edit', id, base: { phone: base.phone, hamlet: base.hamlet, fibre: base.fibre }, fields: { phone: '0977000222', hamlet: 'Xóm Mới', fibre: base.fibre } };
  const second = await syncOk(c.thanhvien, { entries: [entry] });
  const res = second.results[0];
  assert.equal(res.status, 'conflict');
  assert.deepEqual(res.applied, ['hamlet']);
  assert.deepEqual(res.conflicts.map((x) => [x.field, x.label, x.mine, x.kept, x.base]), [['phone', 'Số điện thoại', '0977000222', '0988000111', '0912111222']]);
  const now = await c.hoamuc.ok(`/api/v1/households/${id}`);
  assert.equal(now.phone, '0988000111', 'first synced wins');
  assert.equal(now.hamlet, 'Xóm Mới', 'the field only the member changed is applied');
  // Replayed: the same answer, no second conflict row.
  const again = await unchanged(s.db, () => syncOk(c.thanhvien, { entries: [entry] }), { tables: TABLES });
  assert.equal(again.results[0].replayed, true);
  assert.equal(again.results[0].status, 'conflict');
  // Shown to the member and to the commune officer; not to a viewer.
  const mine = (await c.thanhvien.ok('/api/v1/sync/conflicts')).items;
  const row = mine.find((x) => x.key === key);
  assert.ok(row, 'the member sees it');
  assert.deepEqual([row.entity, row.entity_id, row.field, row.mine, row.kept, row.label], ['household', id, 'phone', '0977000222', '0988000111', 'Số điện thoại']);
  assert.equal(row.user_id, c.thanhvien.user.id);
  const officer = (await c.hoamuc.ok('/api/v1/sync/conflicts')).items;
  assert.ok(officer.some((x) => x.key === key), 'the commune officer sees it');
  assert.ok((await c.hoamuc.get('/api/v1/sync/conflicts')).status === 200);
  assert.equal(sqlCount(s.db, `SELECT COUNT(*) FROM sync_conflicts WHERE idem_key = '${key}'`), 1);

  // A person: two phones change the name and the ethnic group.
  const p = await syncOk(c.thanhvien, { entries: [{ key: newKey('p'), type: 'person.create', fields: { household_id: id, full_name: 'Nông Văn Gốc', birth_year: 1970, sex: 'nam', ethnic: 'tay' } }] });
  const pid = p.results[0].id;
  const pb = { full_name: 'Nông Văn Gốc', ethnic: 'tay' };
  const a = await syncOk(c.hoamuc, { entries: [{ key: newKey('e'), type: 'person.edit', id: pid, base: pb, fields: { full_name: 'Nông Văn Gốc A' } }] });
  assert.equal(a.results[0].status, 'ok');
  const b = await syncOk(c.thanhvien, { entries: [{ key: newKey('e'), type: 'person.edit', id: pid, base: pb, fields: { full_name: 'Nông Văn Gốc B', ethnic: 'nung' } }] });
  assert.equal(b.results[0].status, 'conflict');
  const person = await c.hoamuc.ok(`/api/v1/residents/${pid}`);
  assert.deepEqual([person.full_name, person.ethnic], ['Nông Văn Gốc A', 'nung']);
  // An edit without its base is refused (it would be last write wins).
  const nb = await syncOk(c.thanhvien, { entries: [{ key: newKey('e'), type: 'person.edit', id: pid, fields: { full_name: 'X' } }] });
  assert.equal(nb.results[0].code, 'base_missing');
  const cccd = await syncOk(c.thanhvien, { entries: [{ key: newKey('e'), type: 'person.edit', id: pid, base: { cccd: null }, fields: { cccd: '001090000001' } }] });
  assert.equal(cccd.results[0].code, 'invalid_field');
  // A status from the field.
  const st = await syncOk(c.thanhvien, { entries: [{ key: newKey('s'), type: 'person.status', id: pid, fields: { type: 'smartphone', gained_on: today } }] });
  assert.equal(st.results[0].status, 'ok', JSON.stringify(st.results));
  assert.equal(sqlCount(s.db, `SELECT COUNT(*) FROM citizen_statuses WHERE resident_id = ${pid} AND type = 'smartphone'`), 1);
});

test('the database away in the middle of a sync: 503 for the whole sync, nothing refused, all saved when it is back', { skip: PG && 'SQLite: a lock held by another process' }, async () => {
  const entries = [activity(newKey('a')), activity(newKey('a'))];
  // Another process holds the write lock longer than the server waits for it.
  const lock = spawn('sqlite3', [s.db], { stdio: ['pipe', 'ignore', 'ignore'] });
  lock.stdin.write('BEGIN IMMEDIATE;\n');
  await new Promise((ok) => setTimeout(ok, 300));
  try {
    const r = await sync(c.thanhvien, { entries });
    assertProblem(r, 503, 'unavailable');
  } finally {
    lock.stdin.end('ROLLBACK;\n');
    await new Promise((ok) => lock.once('exit', ok));
  }
  assert.equal(sqlCount(s.db, `SELECT COUNT(*) FROM sync_entries WHERE idem_key IN ('${entries[0].key}', '${entries[1].key}')`), 0);
  const again = await syncOk(c.thanhvien, { entries });
  assert.deepEqual(again.results.map((x) => x.status), ['ok', 'ok']);
});
