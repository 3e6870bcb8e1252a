// Lists at the scale of the nation (docs/api.md "Paged lists", "Downloads"):
// teams of a unit and activities paged with opaque cursors, filters, unit
// search with its total, natural order of names, and the .xlsx downloads of
// members, teams and activities within scope.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, loginAll, assertProblem, sqlJson, sqlCount, newKey, DEMO_DATE } from './lib.mjs';
import { readSheet } from './zip.mjs';

let s; let c;
let choMoi; let hoaMuc; let tanKy; let binhVan;
const NUMBERED = [10, 2, 1, 11, 3];  // villages "Thôn N" created in this order

before(async () => {
  s = await startServer();
  c = await loginAll(s.url, ['admin', 'backan', 'chomoi', 'hoamuc', 'thanhvien', 'xem', 'tanky']);
  [choMoi] = (await c.admin.ok(`/api/v1/units?code=065&date=${DEMO_DATE}`)).items;
  [hoaMuc] = (await c.admin.ok(`/api/v1/units?code=02098&date=${DEMO_DATE}`)).items;
  [binhVan] = (await c.admin.ok(`/api/v1/units?code=02101&date=${DEMO_DATE}`)).items;
  tanKy = (await c.admin.ok('/api/v1/units?code=02104')).items.find((u) => u.name === 'Xã Tân Kỳ');
  assert.ok(choMoi && hoaMuc && binhVan && tanKy, 'demo units');
  for (const n of NUMBERED) {
    const v = await c.admin.post(`/api/v1/units/${hoaMuc.id}/villages`, { name: `Thôn ${n}`, type: 'thon', valid_from: '2022-01-01' });
    assert.equal(v.status, 201, v.text);
    const t = await c.admin.post('/api/v1/teams', { unit_id: v.json.id, name: `Tổ CNSCĐ Thôn ${n}`, active_from: '2022-05-01' });
    assert.equal(t.status, 201, t.text);
  }
});
after(async () => { await s?.stop(); });

/** Every page of a list: its rows in order and the pages' answers. */
async function walk(client, path, { max = 1000, between } = {}) {
  const rows = []; const pages = [];
  let cursor = null;
  for (let i = 0; i < max; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const page = await client.ok(path + (cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''));
    pages.push(page);
    rows.push(...page.items);
    cursor = page.next_cursor;
    if (!cursor) return { rows, pages };
    if (between) await between(i);
  }
  assert.fail(`${path}: more than ${max} pages`);
}

const edit = (cursor) => {
  // Change one character of the position part: still base64url, no longer the cursor the server gave.
  const i = 3;
  return cursor.slice(0, i) + (cursor[i] === 'A' ? 'B' : 'A') + cursor.slice(i + 1);
};

// ---- teams of a unit

test('teams of a unit: 50 by default, a total count, and rows that name their unit and commune', async () => {
  const page = await c.chomoi.ok(`/api/v1/units/${choMoi.id}/teams`);
  assert.equal(page.count, 28 + NUMBERED.length);
  assert.equal(page.items.length, Math.min(50, page.count));
  const small = await c.chomoi.ok(`/api/v1/units/${choMoi.id}/teams?limit=5`);
  assert.equal(small.items.length, 5);
  assert.equal(small.count, page.count);
  assert.equal(typeof small.next_cursor, 'string');
  const napau = page.items.find((t) => t.name === 'Tổ CNSCĐ Thôn Nà Pầu');
  assert.equal(napau.place, 'Thôn Nà Pầu, Xã Hoà Mục');
  assert.deepEqual(napau.commune, { id: hoaMuc.id, name: 'Xã Hoà Mục' });
  const commune = page.items.find((t) => t.name === 'Tổ CNSCĐ xã Hoà Mục');
  assert.equal(commune.place, 'Xã Hoà Mục');
  assert.equal(typeof commune.member_count, 'number');
  assert.ok(commune.member_count > 0, 'member counts on the page');
});

test('teams of a unit: paging visits every team once in tree order, villages in natural order', async () => {
  const all = (await c.chomoi.ok(`/api/v1/units/${choMoi.id}/teams?limit=200`)).items;
  const { rows, pages } = await walk(c.chomoi, `/api/v1/units/${choMoi.id}/teams?limit=4`);
  assert.deepEqual(rows.map((t) => t.id), all.map((t) => t.id));
  assert.equal(pages.length, Math.ceil(all.length / 4));
  // A commune's own team, then its villages' teams: Thôn 1, 2, 3, 10, 11 (not 1, 10, 11, 2, 3).
  const hm = rows.filter((t) => t.commune?.id === hoaMuc.id).map((t) => t.name);
  assert.equal(hm[0], 'Tổ CNSCĐ xã Hoà Mục');
  const numbered = hm.filter((n) => /Thôn \d+$/.test(n));
  assert.deepEqual(numbered, [1, 2, 3, 10, 11].map((n) => `Tổ CNSCĐ Thôn ${n}`));
});

test('teams of a unit: rows added between pages never make a team repeat or go missing', async () => {
  const before0 = (await c.chomoi.ok(`/api/v1/units/${choMoi.id}/teams?limit=200`)).items.map((t) => t.id);
  let added = 0;
  const { rows } = await walk(c.chomoi, `/api/v1/units/${choMoi.id}/teams?limit=3`, {
    between: async (i) => {
      if (i % 3) return;
      // Teams that sort first (Xã Bình Văn) and last (Xã Yên Cư) in the tree.
      for (const unit of [binhVan.id, hoaMuc.id]) {
        const r = await c.chomoi.post('/api/v1/teams', { unit_id: unit, name: `Tổ CNSCĐ bổ sung ${i}`, active_from: '2022-05-01' });
        assert.equal(r.status, 201, r.text);
        added++;
      }
    },
  });
  const ids = rows.map((t) => t.id);
  assert.equal(new Set(ids).size, ids.length, 'no team twice');
  for (const id of before0) assert.ok(ids.includes(id), `team ${id} listed`);
  assert.ok(added >= 4);
  // Tidy up: the other tests count Chợ Mới's teams.
  const now = (await c.chomoi.ok(`/api/v1/units/${choMoi.id}/teams?limit=200`)).items;
  for (const t of now.filter((x) => x.name.startsWith('Tổ CNSCĐ bổ sung'))) assert.equal((await c.chomoi.del(`/api/v1/teams/${t.id}`)).status, 204);
});

test('teams of a unit: q finds team, village and commune names without diacritics', async () => {
  const napau = await c.chomoi.ok(`/api/v1/units/${choMoi.id}/teams?q=${encodeURIComponent('NA PAU')}`);
  assert.deepEqual(napau.items.map((t) => t.name), ['Tổ CNSCĐ Thôn Nà Pầu']);
  assert.equal(napau.count, 1);
  const hm = await c.chomoi.ok(`/api/v1/units/${choMoi.id}/teams?q=${encodeURIComponent('hòa mục')}`);
  assert.equal(hm.count, 2 + NUMBERED.length, hm.items.map((t) => t.name).join(', '));
  assert.ok(hm.items.every((t) => t.commune.id === hoaMuc.id));
  const none = await c.chomoi.ok(`/api/v1/units/${choMoi.id}/teams?q=khong%20co%20to%20nao`);
  assert.deepEqual([none.count, none.items, none.next_cursor], [0, [], null]);
  assertProblem(await c.chomoi.get(`/api/v1/units/${choMoi.id}/teams?q=${'a'.repeat(201)}`), 400, 'bad_query');
});

test('teams of a unit: date= keeps teams active that day (the existing semantics)', async () => {
  const early = await c.chomoi.ok(`/api/v1/units/${choMoi.id}/teams?date=2022-04-27&limit=200`);
  const all = await c.chomoi.ok(`/api/v1/units/${choMoi.id}/teams?limit=200`);
  assert.ok(early.count > 0 && early.count < all.count, `${early.count} of ${all.count}`);
  assert.ok(early.items.every((t) => t.active_from <= '2022-04-27'));
});

test('teams of a unit: bad limit, forged and foreign cursors are 400; a unit outside scope is 404', async () => {
  const base = `/api/v1/units/${choMoi.id}/teams`;
  for (const l of ['0', '201', 'abc', '-1', '1.5', '']) assertProblem(await c.chomoi.get(`${base}?limit=${l}`), 400, 'bad_query', { msg: l });
  const { next_cursor: cur } = await c.chomoi.ok(`${base}?limit=2`);
  assert.equal((await c.chomoi.get(`${base}?limit=2&cursor=${cur}`)).status, 200);
  assertProblem(await c.chomoi.get(`${base}?limit=2&cursor=${edit(cur)}`), 400, 'invalid_cursor');
  assertProblem(await c.chomoi.get(`${base}?limit=2&cursor=garbage`), 400, 'invalid_cursor');
  assertProblem(await c.chomoi.get(`${base}?limit=2&cursor=${cur}x`), 400, 'invalid_cursor');
  // Another list, other filters, another account.
  assertProblem(await c.chomoi.get(`/api/v1/units/${hoaMuc.id}/teams?limit=2&cursor=${cur}`), 400, 'invalid_cursor');
  assertProblem(await c.chomoi.get(`${base}?limit=2&q=thon&cursor=${cur}`), 400, 'invalid_cursor');
  assertProblem(await c.backan.get(`${base}?limit=2&cursor=${cur}`), 400, 'invalid_cursor');
  assertProblem(await c.chomoi.get(`/api/v1/activities?cursor=${cur}`), 400, 'invalid_cursor');
  assertProblem(await c.hoamuc.get(`${base}`), 404, 'not_found');
});

// ---- activities

test('activities: a page names who logged it, the team and the place', async () => {
  const keys = [newKey('mine'), newKey('mine'), newKey('mine')];
  const team = (await c.thanhvien.ok(`/api/v1/units/${c.thanhvien.user.unit_id}/teams`)).items[0];
  for (const [i, key] of keys.entries()) {
    const r = await c.thanhvien.post('/api/v1/activities', { team_id: team.id, type: 'tuyen_truyen', date: `2024-03-0${i + 1}`, quantities: { households: 5 + i } },
      { headers: { 'Idempotency-Key': key } });
    assert.equal(r.status, 201, r.text);
  }
  const mine = await c.thanhvien.ok('/api/v1/activities?mine=1');
  assert.equal(mine.items.length, 3);
  assert.equal(mine.next_cursor, null);
  assert.deepEqual(mine.items.map((a) => a.date), ['2024-03-03', '2024-03-02', '2024-03-01']);
  for (const a of mine.items) {
    assert.deepEqual(a.author, { id: c.thanhvien.user.id, name: c.thanhvien.user.full_name });
    assert.deepEqual(a.team, { id: team.id, name: team.name });
    assert.equal(a.place, 'Thôn Nà Pầu, Xã Hoà Mục');
  }
  // The same rows by author_id, seen by the district officer.
  const byAuthor = await c.chomoi.ok(`/api/v1/activities?unit_id=${choMoi.id}&author_id=${c.thanhvien.user.id}`);
  assert.deepEqual(byAuthor.items.map((a) => a.id), mine.items.map((a) => a.id));
});

test('activities: the nation, paged, lists every live activity exactly once while others are logged between pages', async () => {
  const want = sqlJson(s.db, 'SELECT id FROM activities WHERE deleted_at IS NULL').map((r) => Number(r.id));
  assert.ok(want.length > 500, `${want.length} activities in the demo`);
  // Thôn Nà Pầu: a village of Xã Hoà Mục, of Xã Tân Kỳ since 2025.
  const napau = (await c.chomoi.ok(`/api/v1/units/${choMoi.id}/teams?q=na%20pau`)).items[0].unit_id;
  let logged = 0;
  const { rows, pages } = await walk(c.admin, '/api/v1/activities?limit=173', {
    between: async (i) => {
      if (i % 4) return;
      // Some newer than every page, some older than the one just read.
      const items = ['2026-01-05', '2023-02-01', '2022-05-03'].map((date, k) => ({
        key: newKey(`between-${i}-${k}`), unit_id: napau, type: 'tuyen_truyen', date, quantities: { households: 1 },
      }));
      const r = await c.chomoi.post('/api/v1/activities/batch', { items });
      assert.equal(r.status, 200, r.text);
      logged += items.length;
    },
  });
  const ids = rows.map((a) => a.id);
  assert.equal(new Set(ids).size, ids.length, 'no activity twice');
  const seen = new Set(ids);
  for (const id of want) assert.ok(seen.has(id), `activity ${id} listed`);
  assert.ok(logged > 0 && pages.length > 4);
  // Newest first: by date, then id.
  for (let i = 1; i < rows.length; i++) {
    const [a, b] = [rows[i - 1], rows[i]];
    assert.ok(a.date > b.date || (a.date === b.date && a.id > b.id), `order at ${i}: ${a.date}/${a.id} then ${b.date}/${b.id}`);
  }
});

test("activities: a unit's list is its subtree's activities, with those of the communes it was formed from", async () => {
  const units = [tanKy.id, ...tanKy.formed_from.map((u) => u.id), ...(await c.tanky.ok(`/api/v1/units/${tanKy.id}/children`)).items.map((u) => u.id)];
  const want = sqlJson(s.db, `SELECT id FROM activities WHERE deleted_at IS NULL AND unit_id IN (${units.join(',')})`).map((r) => Number(r.id));
  assert.ok(want.length > 20);
  const { rows } = await walk(c.admin, `/api/v1/activities?unit_id=${tanKy.id}&limit=17`);
  assert.deepEqual(rows.map((a) => a.id).sort((a, b) => a - b), want.sort((a, b) => a - b));
  // The officer of the new commune sees the same.
  const own = await walk(c.tanky, '/api/v1/activities?limit=50');
  assert.deepEqual(own.rows.map((a) => a.id), rows.map((a) => a.id));
});

test('activities: filters by type, team and dates', async () => {
  const type = await walk(c.chomoi, `/api/v1/activities?type=vi_dien_tu&limit=40`);
  assert.ok(type.rows.length > 0 && type.rows.every((a) => a.type === 'vi_dien_tu'));
  const napau = (await c.chomoi.ok(`/api/v1/units/${choMoi.id}/teams?q=na%20pau`)).items[0];
  const team = await walk(c.tanky, `/api/v1/activities?team_id=${napau.id}&limit=25`);
  assert.ok(team.rows.length > 0 && team.rows.every((a) => a.team_id === napau.id));
  const count = (where) => sqlCount(s.db, `SELECT COUNT(*) FROM activities WHERE deleted_at IS NULL AND team_id = ${napau.id} ${where}`);
  assert.equal(team.rows.length, count(''));
  // Huyện Chợ Mới ended on 30/06/2025: its officer's lists stop on its last day unless asked otherwise.
  const old = await walk(c.chomoi, `/api/v1/activities?team_id=${napau.id}&limit=25`);
  assert.equal(old.rows.length, count("AND date <= '2025-06-30'"));
  assert.ok(old.rows.length < team.rows.length);
  const later = await walk(c.chomoi, `/api/v1/activities?team_id=${napau.id}&to=2026-12-31&limit=100`);
  assert.ok(later.rows.length > old.rows.length);
  const q = await walk(c.chomoi, '/api/v1/activities?from=2023-01-01&to=2023-03-31&limit=30');
  assert.ok(q.rows.length > 0 && q.rows.every((a) => a.date >= '2023-01-01' && a.date <= '2023-03-31'));
  const both = await walk(c.chomoi, `/api/v1/activities?from=2023-01-01&to=2023-12-31&type=vi_dien_tu&team_id=${napau.id}`);
  assert.ok(both.rows.every((a) => a.type === 'vi_dien_tu' && a.team_id === napau.id && a.date.startsWith('2023')));
});

test('activities: bad input is 400, a unit or team outside scope is 404, a cursor belongs to its filters and account', async () => {
  for (const l of ['0', '501', 'x']) assertProblem(await c.chomoi.get(`/api/v1/activities?limit=${l}`), 400, 'bad_query', { msg: l });
  assertProblem(await c.chomoi.get('/api/v1/activities?unit_id=abc'), 400, 'bad_query');
  assertProblem(await c.chomoi.get('/api/v1/activities?type=khong_co'), 400, 'bad_query');
  assertProblem(await c.chomoi.get('/api/v1/activities?from=2024-02-30'), 400, 'bad_query');
  assertProblem(await c.chomoi.get('/api/v1/activities?from=2024-03-01&to=2024-02-01'), 400, 'bad_query');
  assertProblem(await c.chomoi.get('/api/v1/activities?mine=2'), 400, 'bad_query');
  assertProblem(await c.thanhvien.get(`/api/v1/activities?mine=1&author_id=${c.chomoi.user.id}`), 400, 'bad_query');
  // Outside the caller's scope: the parent district, a team of another commune.
  assertProblem(await c.hoamuc.get(`/api/v1/activities?unit_id=${choMoi.id}`), 404, 'not_found');
  const other = (await c.chomoi.ok(`/api/v1/units/${binhVan.id}/teams`)).items[0];
  assertProblem(await c.hoamuc.get(`/api/v1/activities?team_id=${other.id}`), 404, 'not_found');
  assertProblem(await c.hoamuc.get('/api/v1/activities?unit_id=999999'), 404, 'not_found');
  const { next_cursor: cur } = await c.chomoi.ok(`/api/v1/activities?unit_id=${choMoi.id}&limit=3`);
  assert.ok(cur);
  assert.equal((await c.chomoi.get(`/api/v1/activities?unit_id=${choMoi.id}&limit=3&cursor=${cur}`)).status, 200);
  assertProblem(await c.chomoi.get(`/api/v1/activities?unit_id=${choMoi.id}&limit=3&cursor=${edit(cur)}`), 400, 'invalid_cursor');
  assertProblem(await c.chomoi.get(`/api/v1/activities?unit_id=${choMoi.id}&type=vi_dien_tu&cursor=${cur}`), 400, 'invalid_cursor');
  assertProblem(await c.chomoi.get(`/api/v1/activities?unit_id=${hoaMuc.id}&cursor=${cur}`), 400, 'invalid_cursor');
  assertProblem(await c.backan.get(`/api/v1/activities?unit_id=${choMoi.id}&limit=3&cursor=${cur}`), 400, 'invalid_cursor');
  assertProblem(await c.chomoi.get(`/api/v1/units/${choMoi.id}/teams?cursor=${cur}`), 400, 'invalid_cursor');
});

// ---- unit search and natural order

test('unit search: total of all matches, pages that visit each once, natural order', async () => {
  const first = await c.admin.ok('/api/v1/units?q=thon&limit=7');
  assert.equal(first.items.length, 7);
  assert.ok(first.total > 7, `total ${first.total}`);
  const { rows, pages } = await walk(c.admin, '/api/v1/units?q=thon&limit=7');
  assert.equal(rows.length, first.total);
  assert.equal(new Set(rows.map((u) => u.id)).size, rows.length);
  assert.ok(pages.every((p) => p.total === first.total));
  const numbered = rows.map((u) => u.name).filter((n) => /^Thôn \d+$/.test(n));
  assert.deepEqual(numbered, [1, 2, 3, 10, 11].map((n) => `Thôn ${n}`));
  // Scope: the commune officer's total counts only what they may see.
  const mine = await c.hoamuc.ok('/api/v1/units?q=thon&limit=100');
  assert.ok(mine.total < first.total && mine.total === mine.items.length);
  assert.equal(mine.next_cursor, null);
  assertProblem(await c.admin.get(`/api/v1/units?q=thon&limit=7&cursor=${edit(first.next_cursor)}`), 400, 'invalid_cursor');
  assertProblem(await c.admin.get(`/api/v1/units?q=xa&limit=7&cursor=${first.next_cursor}`), 400, 'invalid_cursor');
  assertProblem(await c.admin.get('/api/v1/units?q=thon&limit=101'), 400, 'bad_query');
});

test("a commune's children sort in natural order", async () => {
  const kids = (await c.hoamuc.ok(`/api/v1/units/${hoaMuc.id}/children?date=${DEMO_DATE}`)).items.map((u) => u.name);
  assert.deepEqual(kids.filter((n) => /^Thôn \d+$/.test(n)), [1, 2, 3, 10, 11].map((n) => `Thôn ${n}`));
});

// ---- downloads

const excelDate = (iso) => Math.round((Date.parse(iso + 'T00:00:00Z') - Date.UTC(1899, 11, 30)) / 86400000);

function disposition(r) {
  const d = r.headers['content-disposition'];
  const ascii = /filename="([^"]+)"/.exec(d)?.[1];
  const utf8 = decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(d)?.[1] || '');
  return { ascii, utf8 };
}

test("a team's members as .xlsx: Vietnamese headers, phones for officers only, every download journalled", async () => {
  const team = (await c.hoamuc.ok(`/api/v1/units/${hoaMuc.id}/teams?q=na%20pau`)).items[0];
  const members = (await c.hoamuc.ok(`/api/v1/teams/${team.id}/members`)).items;
  const journal = () => sqlCount(s.db, `SELECT COUNT(*) FROM personal_data_access WHERE entity = 'team_members' AND entity_id = ${team.id}`);
  const before0 = journal();
  const r = await c.hoamuc.get(`/api/v1/teams/${team.id}/members.xlsx`);
  assert.equal(journal(), before0 + 1, 'the download is journalled like a read');
  const rows = readSheet(r);
  assert.deepEqual(disposition(r), { ascii: 'thanh-vien-to-cnscd-thon-na-pau.xlsx', utf8: 'Thành viên Tổ CNSCĐ Thôn Nà Pầu.xlsx' });
  const head = rows.find((x) => x[0]?.text === 'STT').map((x) => x.text);
  assert.deepEqual(head, ['STT', 'Họ và tên', 'Điện thoại', 'Vai trò', 'Thành phần', 'Ngày tham gia', 'Ngày rời tổ', 'Ngày tập huấn']);
  const body = rows.slice(rows.findIndex((x) => x[0]?.text === 'STT') + 1);
  assert.equal(body.length, members.length);
  const first = members[0];
  const row = body.find((x) => x[1].text === first.full_name);
  assert.equal(row[2].text, first.phone, 'the phone is a text cell (its leading 0 kept)');
  const joined = row.find((x) => x.col === 'F');
  assert.equal(joined.number, excelDate(first.joined_on));
  assert.equal(joined.format, 'dd/mm/yyyy');
  // A viewer's sheet has no phone column, and nothing is journalled.
  const v0 = journal();
  const vr = readSheet(await c.xem.get(`/api/v1/teams/${team.id}/members.xlsx`));
  assert.equal(journal(), v0);
  assert.ok(!vr.flat().some((x) => x.text === 'Điện thoại' || /^0\d{9}$/.test(x.text || '')), 'no phone in a viewer\'s sheet');
  assertProblem(await c.hoamuc.get(`/api/v1/teams/${(await c.chomoi.ok(`/api/v1/units/${binhVan.id}/teams`)).items[0].id}/members.xlsx`), 404, 'not_found');
});

test("a unit's teams and members as .xlsx: the same rows as the list, with its filter", async () => {
  const list = (await c.chomoi.ok(`/api/v1/units/${choMoi.id}/teams?q=hoa%20muc&limit=200`)).items;
  const r = await c.chomoi.get(`/api/v1/units/${choMoi.id}/teams.xlsx?q=hoa%20muc`);
  const rows = readSheet(r);
  assert.equal(disposition(r).ascii, 'to-cnscd-huyen-cho-moi.xlsx');
  const at = rows.findIndex((x) => x[0]?.text === 'STT');
  assert.deepEqual(rows[at].slice(0, 4).map((x) => x.text), ['STT', 'Tên tổ', 'Địa bàn', 'Xã, phường']);
  assert.deepEqual(rows.slice(at + 1).map((x) => x[1].text), list.map((t) => t.name));
  const from = rows[at + 1].find((x) => x.col === 'H');
  assert.equal(from.number, excelDate(list[0].active_from));
  assert.equal(from.format, 'dd/mm/yyyy');
  const journal = () => sqlCount(s.db, `SELECT COUNT(*) FROM personal_data_access WHERE entity = 'unit_members' AND entity_id = ${choMoi.id}`);
  const j0 = journal();
  const m = await c.chomoi.get(`/api/v1/units/${choMoi.id}/members.xlsx?q=hoa%20muc`);
  assert.equal(journal(), j0 + 1);
  const mrows = readSheet(m);
  assert.equal(disposition(m).ascii, 'thanh-vien-huyen-cho-moi.xlsx');
  const mh = mrows.findIndex((x) => x[0]?.text === 'STT');
  assert.ok(mrows[mh].some((x) => x.text === 'Điện thoại') && mrows[mh].some((x) => x.text === 'Tổ'));
  const teamsInSheet = new Set(mrows.slice(mh + 1).map((x) => x.find((y) => y.col === 'I')?.text));
  for (const t of teamsInSheet) assert.ok(list.some((l) => l.name === t), `member of ${t}, a listed team`);
  assertProblem(await c.hoamuc.get(`/api/v1/units/${choMoi.id}/teams.xlsx`), 404, 'not_found');
  assertProblem(await c.hoamuc.get(`/api/v1/units/${choMoi.id}/members.xlsx`), 404, 'not_found');
});

test('activities as .xlsx: the same filters, every page, text never a formula', async () => {
  // A note a spreadsheet would run.
  const team = (await c.thanhvien.ok(`/api/v1/units/${c.thanhvien.user.unit_id}/teams`)).items[0];
  const evil = await c.thanhvien.post('/api/v1/activities', { team_id: team.id, type: 'tuyen_truyen', date: '2024-03-05', quantities: { households: 1234 }, note: "=cmd|' /C calc'!A0" },
    { headers: { 'Idempotency-Key': newKey('evil') } });
  assert.equal(evil.status, 201, evil.text);
  const q = `unit_id=${hoaMuc.id}&from=2024-01-01&to=2024-12-31`;
  const { rows: list } = await walk(c.chomoi, `/api/v1/activities?${q}&limit=100`);
  const r = await c.chomoi.get(`/api/v1/activities.xlsx?${q}`);
  const rows = readSheet(r);
  assert.equal(disposition(r).ascii, 'hoat-dong-xa-hoa-muc.xlsx');
  assert.match(rows[0][0].text, /Hoạt động của Tổ CNSCĐ — Xã Hoà Mục \(từ 01\/01\/2024 đến 31\/12\/2024\)/);
  const at = rows.findIndex((x) => x[0]?.text === 'STT');
  assert.deepEqual(rows[at].map((x) => x.text), ['STT', 'Ngày', 'Loại hoạt động', 'Phân loại', 'Số lượng', 'Tổ', 'Địa bàn', 'Người ghi', 'Ghi chú']);
  const body = rows.slice(at + 1);
  assert.equal(body.length, list.length);
  assert.deepEqual(body.map((x) => x[1].number), list.map((a) => excelDate(a.date)));
  assert.ok(body.every((x) => x[1].format === 'dd/mm/yyyy'));
  const row = body.find((x) => x.some((y) => y.text === "=cmd|' /C calc'!A0"));
  assert.ok(row, 'the note is a string cell, as typed');
  assert.ok(row.some((y) => y.text === '1.234 hộ'), row.map((y) => y.text).join('|'));
  assert.ok(row.some((y) => y.text === c.thanhvien.user.full_name));
  // Filters the list refuses, the download refuses too.
  assertProblem(await c.hoamuc.get(`/api/v1/activities.xlsx?unit_id=${choMoi.id}`), 404, 'not_found');
  assertProblem(await c.chomoi.get('/api/v1/activities.xlsx?type=khong_co'), 400, 'bad_query');
  const nation = await c.admin.get('/api/v1/activities.xlsx?from=2024-03-01&to=2024-03-31');
  assert.equal(disposition(nation).ascii, 'hoat-dong-toan-quoc.xlsx');
});
