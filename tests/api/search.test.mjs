// Unit search: case, diacritics and tone-mark placement are ignored; ranking; limit; date.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_DATE, startServer, Client, loginAll } from './lib.mjs';

let s; let c;
const HOA_MUC_PATH = 'Xã Hoà Mục › Huyện Chợ Mới › Tỉnh Bắc Kạn';

before(async () => {
  s = await startServer();
  c = await loginAll(s.url, ['admin', 'chomoi', 'xem']);
});
after(async () => { await s?.stop(); });

const search = async (client, q, extra = '') => (await client.ok(`/api/v1/units?q=${encodeURIComponent(q)}${extra}`)).items;

test('hoa muc, Hòa Mục, Hoà Mục, HOA MUC all find Xã Hoà Mục', async () => {
  const variants = ['hoa muc', 'Hòa Mục', 'Hoà Mục', 'HOA MUC', 'hoà mục', 'HÒA MỤC', 'Hoa Muc', '  hoa   muc  ',
    'Hòa Mục'.normalize('NFD'), 'xa hoa muc', 'Xã Hòa Mục'];
  for (const q of variants) {
    for (const client of [c.admin, c.chomoi, c.xem]) {
      const items = await search(client, q, `&date=${DEMO_DATE}`);
      assert.ok(items.length >= 1, `${client.user.login}: ${JSON.stringify(q)} finds something`);
      assert.equal(items[0].name, 'Xã Hoà Mục', `${JSON.stringify(q)}: ${items.map((u) => u.name)}`);
      assert.equal(items[0].path_text, HOA_MUC_PATH);
      assert.equal(items[0].code, '02098');
      assert.equal(items[0].level, 'commune');
    }
  }
  // Without date= (today) it is found too.
  assert.equal((await search(c.admin, 'hoa muc'))[0].path_text, HOA_MUC_PATH);
});

test('other tone-mark placements and đ: Thuỵ/Thụy-style, Đồng Tâm / dong tam', async () => {
  const a = await search(c.admin, 'dong tam', `&date=${DEMO_DATE}`);
  assert.equal(a[0].name, 'Thị trấn Đồng Tâm');
  const b = await search(c.admin, 'ĐỒNG TÂM', `&date=${DEMO_DATE}`);
  assert.equal(b[0].name, 'Thị trấn Đồng Tâm');
  const k = await search(c.admin, 'khuoi deng', `&date=${DEMO_DATE}`);
  assert.equal(k[0].name, 'Thôn Khuổi Đeng');
  assert.equal(k[0].path_text, 'Thôn Khuổi Đeng › Xã Hoà Mục › Huyện Chợ Mới › Tỉnh Bắc Kạn');
  const q = await search(c.admin, 'Quảng Chu', `&date=${DEMO_DATE}`);
  assert.equal(q[0].name, 'Xã Quảng Chu');
  const qn = await search(c.admin, 'quang chu', `&date=${DEMO_DATE}`);
  assert.deepEqual(qn.map((u) => u.id), q.map((u) => u.id));
});

test('ranking: exact name, then name prefix, then word match', async () => {
  const exact = await search(c.admin, 'Thanh Mai', `&date=${DEMO_DATE}`);
  assert.equal(exact[0].name, 'Xã Thanh Mai');
  const items = await search(c.admin, 'thanh', `&limit=100&date=${DEMO_DATE}`);
  const names = items.map((u) => u.name);
  const prefix = ['Xã Thanh Mai', 'Xã Thanh Thịnh', 'Xã Thanh Vận'];
  const word = ['Xã Bằng Thành', 'Xã Mỹ Thanh', 'Xã Sơn Thành'].filter((n) => names.includes(n));
  for (const p of prefix) assert.ok(names.includes(p), `${p} in ${names}`);
  assert.ok(word.length > 0, `some word matches in ${names}`);
  const lastPrefix = Math.max(...prefix.map((p) => names.indexOf(p)));
  const firstWord = Math.min(...word.map((w) => names.indexOf(w)));
  assert.ok(lastPrefix < firstWord, `prefix matches before word matches: ${names}`);
  // Within a rank: Vietnamese order (the 2025 communes of the same names come after, as units of another structure).
  assert.deepEqual(items.filter((u) => prefix.includes(u.name) && !u.valid_from).map((u) => u.name), prefix);
  const later = items.findIndex((u) => u.valid_from === '2025-07-01');
  assert.ok(later > lastPrefix, 'units of another structure after those of the date');
  // "yen": Yên Cư and Yên Hân (prefix) before any unit where yen is a later word.
  const yen = (await search(c.admin, 'yen', `&limit=100&date=${DEMO_DATE}`)).map((u) => u.name);
  assert.ok(yen.indexOf('Xã Yên Cư') >= 0 && yen.indexOf('Xã Yên Hân') >= 0, yen.join(', '));
});

test('limit: default 20, 1..100', async () => {
  const def = await search(c.admin, 'xa', `&date=${DEMO_DATE}`);
  assert.equal(def.length, 20, 'default limit 20 ("xa" matches > 20 communes)');
  const one = await search(c.admin, 'xa', `&limit=1&date=${DEMO_DATE}`);
  assert.equal(one.length, 1);
  const many = await search(c.admin, 'xa', `&limit=100&date=${DEMO_DATE}`);
  assert.ok(many.length > 20 && many.length <= 100, `${many.length}`);
  const thon = await search(c.admin, 'thon', `&limit=100&date=${DEMO_DATE}`);
  assert.ok(thon.filter((u) => u.level === 'village').length > 20, 'more than 20 villages named Thôn …');
});

test('search and code honour date=: a village created later is not found before it exists', async () => {
  const hm = (await search(c.admin, 'hoa muc', `&date=${DEMO_DATE}`))[0];
  const r = await c.admin.post(`/api/v1/units/${hm.id}/villages`, { name: 'Thôn Pác Ngòi', type: 'thon', valid_from: '2023-01-01' });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual((await search(c.admin, 'pac ngoi', '&date=2023-01-01')).map((u) => u.id), [r.json.id]);
  // Before it exists it is still found, as a unit of another structure (valid_from tells).
  assert.deepEqual((await search(c.admin, 'pac ngoi', '&date=2022-12-31')).map((u) => u.valid_from), ['2023-01-01']);
  assert.deepEqual((await c.admin.ok(`/api/v1/units?code=${r.json.code}&date=2022-12-31`)).items, []);
  assert.equal((await c.admin.ok(`/api/v1/units?code=${r.json.code}&date=2023-01-01`)).items[0].name, 'Thôn Pác Ngòi');
  assert.equal((await search(c.admin, 'Pác Ngòi', '&date=2024-01-01'))[0].path_text, 'Thôn Pác Ngòi › Xã Hoà Mục › Huyện Chợ Mới › Tỉnh Bắc Kạn');
  assert.equal((await search(c.admin, 'Pác Ngòi'))[0].path_text, 'Thôn Pác Ngòi › Xã Tân Kỳ › Tỉnh Thái Nguyên');
});

test('no match → empty list; a viewer finds within the province', async () => {
  assert.deepEqual(await search(c.admin, 'khong co dau ca'), []);
  const v = await search(c.xem, 'cho moi', `&date=${DEMO_DATE}`);
  assert.equal(v[0].name, 'Huyện Chợ Mới');
  assert.equal(v[0].path_text, 'Huyện Chợ Mới › Tỉnh Bắc Kạn');
});
