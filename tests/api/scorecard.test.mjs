// Scorecards, rankings, series, targets and indicators (docs/api.md, "Activities, indicators, scorecards").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEMO_DATE, startServer, loginAll, assertProblem, unchanged, ALL_TABLES, newKey, scoreIndicator,
} from './lib.mjs';

let s; let c;
const u = {};
let today; let catalogue;
const NONE = 999999;
const PILLARS = ['tong_hop', 'chinh_quyen_so', 'kinh_te_so', 'xa_hoi_so', 'to_chuc'];
const STATUS_NAMES = { dat: 'Đạt', dung_tien_do: 'Đúng tiến độ', cham: 'Chậm', chua_co_chi_tieu: 'Chưa có chỉ tiêu' };

async function unitByCode(code, date = DEMO_DATE) {
  const r = await c.admin.ok(`/api/v1/units?code=${encodeURIComponent(code)}&date=${date}`);
  assert.equal(r.items.length, 1, `unit ${code}`);
  return r.items[0];
}

before(async () => {
  s = await startServer();
  c = await loginAll(s.url);
  for (const code of ['06', '065', '02098', '02098-01', '02110', '02116']) u[code] = await unitByCode(code);
  today = (await c.admin.ok('/api/v1/meta')).today;
  catalogue = await c.admin.ok('/api/v1/indicators');
});
after(async () => { await s?.stop(); });

const days = (a, b) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400000) + 1;
const isLeap = (y) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

function scorecard(client, unit, q = '') {
  return client.ok(`/api/v1/units/${unit.id}/scorecard${q ? `?${q}` : ''}`);
}

/**
 * Check every indicator of a scorecard against the documented status rules.
 * yearly: {code: yearly target} to check proration (flows: target × days/365; stocks: the yearly target).
 */
function checkStatuses(sc, { yearly } = {}) {
  const { from, to } = sc;
  const running = to >= today && from <= today;
  const year = Number(to.slice(0, 4));
  for (const p of sc.pillars) {
    for (const i of p.indicators) {
      const w = `${sc.unit.name} ${from}..${to} ${i.code}: value ${i.value}, target ${i.target}, status ${i.status}`;
      assert.ok(Object.keys(STATUS_NAMES).includes(i.status), w);
      assert.equal(i.status_name, STATUS_NAMES[i.status], `status_name ${w}`);
      if (i.target === null || i.target === undefined) { assert.equal(i.status, 'chua_co_chi_tieu', w); continue; }
      assert.equal(typeof i.target, 'number', w);
      if (i.value === null) continue; // not applicable here (e.g. a ratio with no denominator)
      if (yearly && yearly[i.code] !== undefined) {
        const flow = i.kind === 'flow';
        const expect = flow ? yearly[i.code] * days(from, to) / (isLeap(year) ? 366 : 365) : yearly[i.code];
        assert.ok(Math.abs(i.target - expect) <= 0.1 + 1e-9 || (flow && Math.abs(i.target - yearly[i.code] * days(from, to) / 365) <= 0.1), `${w}: prorated target ≈ ${expect.toFixed(2)}`);
      }
      if (i.lower_is_better) { assert.equal(i.status, i.value <= i.target ? 'dat' : 'cham', `${w} (lower is better)`); continue; }
      if (i.value >= i.target) { assert.equal(i.status, 'dat', w); continue; }
      if (!running) { assert.equal(i.status, 'cham', `${w} (closed period)`); continue; }
      const share = i.kind === 'flow' ? days(from, today) / days(from, to) : days(`${year}-01-01`, today) / (isLeap(year) ? 366 : 365);
      const pace = i.target * share;
      if (Math.abs(i.value - pace) < 0.5) continue; // too close to call with rounded numbers
      assert.equal(i.status, i.value >= pace ? 'dung_tien_do' : 'cham', `${w} (running, pace ${pace.toFixed(1)})`);
    }
  }
}

// ---------------------------------------------------------------------------
// Scorecard

test('scorecard: four pillars with their indicators; values numbers; from/to/structure_date echoed', async () => {
  const sc = await scorecard(c.chomoi, u['065'], `from=2022-01-01&to=${DEMO_DATE}&structure_date=${DEMO_DATE}`);
  assert.equal(sc.unit.id, u['065'].id);
  assert.equal(sc.unit.name, 'Huyện Chợ Mới');
  assert.equal(sc.from, '2022-01-01');
  assert.equal(sc.to, DEMO_DATE);
  assert.equal(sc.structure_date, DEMO_DATE);
  assert.deepEqual(sc.pillars.map((p) => p.code), PILLARS);
  const names = Object.fromEntries(catalogue.pillars.map((p) => [p.code, p.name]));
  for (const p of sc.pillars) {
    assert.equal(p.name, names[p.code]);
    const expected = catalogue.items.filter((i) => i.pillar === p.code).map((i) => i.code);
    assert.deepEqual(p.indicators.map((i) => i.code), expected, `indicators of ${p.code}`);
    for (const i of p.indicators) {
      const def = catalogue.items.find((x) => x.code === i.code);
      assert.equal(i.name, def.name);
      assert.equal(i.unit, def.unit);
      assert.ok(i.value === null || typeof i.value === 'number', `${i.code} value`);
    }
  }
  for (const code of ['dvc_huong_dan', 'vneid_kich_hoat']) assert.equal(scoreIndicator(sc, code).pillar, 'chinh_quyen_so');
  for (const code of ['vi_dien_tu', 'tmdt_gian_hang']) assert.equal(scoreIndicator(sc, code).pillar, 'kinh_te_so');
  for (const code of ['ho_tuyen_truyen', 'hoc_vien_ky_nang_so']) assert.equal(scoreIndicator(sc, code).pillar, 'xa_hoi_so');
  for (const code of ['so_to', 'so_thanh_vien', 'phu_song_xa', 'phu_song_thon']) assert.equal(scoreIndicator(sc, code).pillar, 'to_chuc');
  // Flows add up: vi_dien_tu = viettel + vnpt + khac (there is no other wallet category).
  const vi = scoreIndicator(sc, 'vi_dien_tu').value;
  assert.ok(vi > 0, 'the demo has e-wallet activities before 04/05/2022');
  assert.ok(scoreIndicator(sc, 'vi_viettel_money').value + scoreIndicator(sc, 'vi_vnpt_money').value <= vi);
});

test('scorecard: Huyện Chợ Mới stocks on 04/05/2022 — 28 teams, 84 members, 100% communes, 25% villages; on 20/04/2022 nothing', async () => {
  const sc = await scorecard(c.chomoi, u['065'], `from=2022-01-01&to=${DEMO_DATE}&structure_date=${DEMO_DATE}`);
  const v = (code) => scoreIndicator(sc, code).value;
  assert.equal(v('so_to'), 28);
  assert.equal(v('so_thanh_vien'), 84);
  assert.equal(v('phu_song_xa'), 100);
  assert.equal(v('phu_song_thon'), 25, '14 of 56 villages');
  assert.equal(v('thanh_vien_tap_huan'), 0, 'training was on 10/05/2022');
  assert.equal(v('ty_le_tap_huan'), 0);
  const trained = await scorecard(c.chomoi, u['065'], `from=2022-05-01&to=2022-05-10&structure_date=${DEMO_DATE}`);
  assert.equal(scoreIndicator(trained, 'thanh_vien_tap_huan').value, 56);
  assert.equal(scoreIndicator(trained, 'ty_le_tap_huan').value, 66.7);
  const early = await scorecard(c.chomoi, u['065'], 'from=2022-01-01&to=2022-04-20&structure_date=2022-04-20');
  assert.equal(scoreIndicator(early, 'so_to').value, 0);
  assert.equal(scoreIndicator(early, 'so_thanh_vien').value, 0);
  assert.equal(scoreIndicator(early, 'phu_song_xa').value, 0);
  // The province: Chợ Mới's teams are its only teams in the demo.
  const bk = await scorecard(c.backan, u['06'], `from=2022-01-01&to=${DEMO_DATE}&structure_date=${DEMO_DATE}`);
  assert.equal(scoreIndicator(bk, 'so_to').value, 28);
  assert.equal(scoreIndicator(bk, 'so_thanh_vien').value, 84);
  assert.equal(scoreIndicator(bk, 'phu_song_xa').value, Math.round(14 / 108 * 1000) / 10, '14 of 108 communes');
  assert.equal(scoreIndicator(bk, 'vi_dien_tu').value, scoreIndicator(sc, 'vi_dien_tu').value, 'province flows = Chợ Mới flows');
});

test('scorecard: a flow is the total over [from, to]; the district equals the sum of its communes', async () => {
  const q = `from=2022-01-01&to=2022-12-31&structure_date=${DEMO_DATE}`;
  const d = await scorecard(c.chomoi, u['065'], q);
  const children = (await c.chomoi.ok(`/api/v1/units/${u['065'].id}/children?date=${DEMO_DATE}`)).items;
  assert.equal(children.length, 14);
  const sum = {};
  for (const ch of children) {
    const sc = await scorecard(c.chomoi, ch, q);
    for (const code of ['vi_dien_tu', 'dvc_huong_dan', 'ho_tuyen_truyen', 'so_to', 'so_thanh_vien']) sum[code] = (sum[code] || 0) + scoreIndicator(sc, code).value;
  }
  for (const code of Object.keys(sum)) assert.equal(scoreIndicator(d, code).value, sum[code], `${code}: district = Σ communes`);
  const h1 = await scorecard(c.chomoi, u['065'], `from=2022-01-01&to=2022-06-30&structure_date=${DEMO_DATE}`);
  const h2 = await scorecard(c.chomoi, u['065'], `from=2022-07-01&to=2022-12-31&structure_date=${DEMO_DATE}`);
  for (const code of ['vi_dien_tu', 'dvc_huong_dan', 'hoat_dong']) {
    assert.equal(scoreIndicator(h1, code).value + scoreIndicator(h2, code).value, scoreIndicator(d, code).value, `${code}: H1 + H2 = year`);
  }
  assert.equal(scoreIndicator(h1, 'so_to').value, 28, 'a stock is the value on `to`, not a sum');
});

test('scorecard status rules: closed past periods (dat iff value ≥ target, else cham), proration of flow targets', async () => {
  const targets = await c.chomoi.ok(`/api/v1/units/${u['065'].id}/targets?year=2022`);
  const yearly = Object.fromEntries(targets.items.filter((x) => x.value !== null).map((x) => [x.indicator, x.value]));
  assert.equal(yearly.vi_dien_tu, 1100, 'the demo target of Chợ Mới for 2022');
  for (const q of [`from=2022-01-01&to=${DEMO_DATE}`, 'from=2022-01-01&to=2022-12-31', 'from=2022-05-01&to=2022-05-31', 'from=2022-04-01&to=2022-06-30']) {
    const sc = await scorecard(c.chomoi, u['065'], `${q}&structure_date=${DEMO_DATE}`);
    checkStatuses(sc, { yearly });
  }
  const sc = await scorecard(c.chomoi, u['065'], `from=2022-01-01&to=${DEMO_DATE}&structure_date=${DEMO_DATE}`);
  const vi = scoreIndicator(sc, 'vi_dien_tu');
  assert.equal(vi.target, Math.round(1100 * 124 / 365 * 10) / 10, 'a flow target prorated to 124 days');
  assert.equal(vi.status, vi.value >= vi.target ? 'dat' : 'cham');
  const xa = scoreIndicator(sc, 'phu_song_xa');
  assert.equal(xa.target, 100, 'stock target (national) not prorated');
  assert.equal(xa.status, 'dat');
  const thon = scoreIndicator(sc, 'phu_song_thon');
  assert.equal(thon.status, 'cham', '25% < 100% in a closed period');
  const year = await scorecard(c.chomoi, u['065'], `from=2022-01-01&to=2022-12-31&structure_date=${DEMO_DATE}`);
  assert.equal(scoreIndicator(year, 'vi_dien_tu').target, 1100, 'the whole year: the yearly target');
  // Other years and the province as well.
  for (const y of [2023, 2024]) {
    const ty = await c.backan.ok(`/api/v1/units/${u['06'].id}/targets?year=${y}`);
    const yy = Object.fromEntries(ty.items.filter((x) => x.value !== null).map((x) => [x.indicator, x.value]));
    checkStatuses(await scorecard(c.backan, u['06'], `from=${y}-01-01&to=${y}-12-31`), { yearly: yy });
  }
});

test('scorecard status rules: the running year (dung_tien_do when on pace), default from/to', async () => {
  const y = today.slice(0, 4);
  // The default view: the twelve months up to the as-of date (today, or the
  // last day of a unit that ended), on that date's structure.
  const def = await scorecard(c.chomoi, u['065']);
  assert.equal(def.to, '2025-06-30', 'Chợ Mới ended on 30/06/2025: as of its last day');
  assert.equal(def.from, '2024-07-01', 'the twelve months up to it');
  assert.equal(def.structure_date, '2025-06-30');
  checkStatuses(def);
  const root = (await c.admin.ok('/api/v1/units')).items.find((x) => x.valid_to === null || x.valid_to === undefined);
  const live = await scorecard(c.admin, root);
  assert.equal(live.to, today, 'a living unit: as of today');
  const [yy, mm] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  const start = new Date(Date.UTC(yy, mm - 1 - 11, 1)).toISOString().slice(0, 10);
  assert.equal(live.from, start, 'from the first day of the month eleven months before');
  assert.equal(live.structure_date, today);
  const full = await scorecard(c.chomoi, u['065'], `from=${y}-01-01&to=${y}-12-31`);
  checkStatuses(full);
  const ty = await c.chomoi.ok(`/api/v1/units/${u['065'].id}/targets?year=${y}`);
  const yearly = Object.fromEntries(ty.items.filter((x) => x.value !== null).map((x) => [x.indicator, x.value]));
  checkStatuses(full, { yearly });
  // Make the status deterministic: a target the value already meets, and one far ahead.
  const vi = scoreIndicator(full, 'vi_dien_tu').value;
  const hoc = scoreIndicator(full, 'hoc_vien_ky_nang_so').value;
  const share = days(`${y}-01-01`, today) / days(`${y}-01-01`, `${y}-12-31`);
  const onPace = Math.floor(hoc / share) - 1; // value ≥ target × share, value < target
  const put = await c.chomoi.put(`/api/v1/units/${u['065'].id}/targets`, { year: Number(y), values: { vi_dien_tu: Math.max(1, vi), hoc_vien_ky_nang_so: onPace > hoc ? onPace : null, dvc_huong_dan: 1e7 } });
  assert.equal(put.status, 200, put.text);
  const again = await scorecard(c.chomoi, u['065'], `from=${y}-01-01&to=${y}-12-31`);
  checkStatuses(again);
  assert.equal(scoreIndicator(again, 'vi_dien_tu').status, 'dat');
  assert.equal(scoreIndicator(again, 'dvc_huong_dan').status, 'cham');
  if (onPace > hoc) assert.equal(scoreIndicator(again, 'hoc_vien_ky_nang_so').status, 'dung_tien_do', `value ${hoc}, target ${onPace}, share ${share}`);
  const restore = await c.chomoi.put(`/api/v1/units/${u['065'].id}/targets`, { year: Number(y), values: { vi_dien_tu: yearly.vi_dien_tu ?? null, hoc_vien_ky_nang_so: yearly.hoc_vien_ky_nang_so ?? null, dvc_huong_dan: yearly.dvc_huong_dan ?? null } });
  assert.equal(restore.status, 200, restore.text);
});

test('scorecard of a village (thanhvien, Thôn Nà Pầu): its own team and activities', async () => {
  const sc = await scorecard(c.thanhvien, u['02098-01'], `from=2022-01-01&to=2022-12-31&structure_date=${DEMO_DATE}`);
  assert.equal(sc.unit.id, u['02098-01'].id);
  assert.deepEqual(sc.pillars.map((p) => p.code), PILLARS);
  assert.equal(scoreIndicator(sc, 'so_to').value, 1);
  assert.equal(scoreIndicator(sc, 'so_thanh_vien').value, 3);
  assert.equal(scoreIndicator(sc, 'thanh_vien_tap_huan').value, 2);
  assert.equal(scoreIndicator(sc, 'phu_song_thon').value, 100);
  assert.ok(scoreIndicator(sc, 'vi_dien_tu').value >= 0);
  checkStatuses(sc);
  const commune = await scorecard(c.hoamuc, u['02098'], `from=2022-01-01&to=2022-12-31&structure_date=${DEMO_DATE}`);
  assert.equal(scoreIndicator(commune, 'so_to').value, 2);
  assert.equal(scoreIndicator(commune, 'phu_song_xa').value, 100);
  assert.equal(scoreIndicator(commune, 'phu_song_thon').value, 25);
  assert.ok(scoreIndicator(commune, 'vi_dien_tu').value >= scoreIndicator(sc, 'vi_dien_tu').value);
});

test('scorecard: bad queries → 400 bad_query; out of scope → 404 like a missing unit', async () => {
  const v = await c.hoamuc.post(`/api/v1/units/${u['02098'].id}/villages`, { name: 'Thôn Mới Lập', type: 'thon', valid_from: '2023-01-01' });
  assert.equal(v.status, 201, v.text);
  const ok = await c.hoamuc.get(`/api/v1/units/${v.json.id}/scorecard?from=2023-01-01&to=2023-12-31&structure_date=2023-06-01`);
  assert.equal(ok.status, 200, ok.text);
  const gone = await c.hoamuc.get(`/api/v1/units/${v.json.id}/scorecard?from=2022-01-01&to=2022-12-31&structure_date=${DEMO_DATE}`);
  assertProblem(gone, 400, 'bad_query', { msg: 'unit not in the structure of structure_date' });
  const base = `/api/v1/units/${u['065'].id}/scorecard`;
  for (const q of ['from=2022-05-05&to=2022-05-04', 'from=2022-02-30&to=2022-05-04', 'from=2022-01-01&to=04/05/2022', 'structure_date=hôm-nay', 'from=x']) {
    assertProblem(await c.chomoi.get(`${base}?${q}`), 400, 'bad_query', { msg: q });
  }
  const a = await c.hoamuc.get(`/api/v1/units/${u['02110'].id}/scorecard?from=2022-01-01&to=2022-12-31`);
  const b = await c.hoamuc.get(`/api/v1/units/${NONE}/scorecard?from=2022-01-01&to=2022-12-31`);
  assertProblem(a, 404, 'not_found', { msg: 'hoamuc, Xã Yên Cư' });
  assert.equal(a.text, b.text);
  assertProblem(await c.hoamuc.get(`/api/v1/units/${u['065'].id}/scorecard`), 404, 'not_found', { msg: 'hoamuc, the district above' });
  assertProblem(await c.thanhvien.get(`/api/v1/units/${u['02098'].id}/scorecard`), 404, 'not_found', { msg: 'thanhvien, the commune above' });
});

// ---------------------------------------------------------------------------
// Ranking

const RANK_Q = `from=2022-01-01&to=2022-12-31&structure_date=${DEMO_DATE}`;

test('ranking: the 14 communes of Chợ Mới, best first, ranks consistent with values, values = their scorecards', async () => {
  const r = await c.chomoi.ok(`/api/v1/units/${u['065'].id}/ranking?indicator=vi_dien_tu&${RANK_Q}`);
  assert.equal(r.indicator.code, 'vi_dien_tu');
  assert.equal(r.items.length, 14);
  assert.ok(r.items.every((x) => x.unit.parent_id === u['065'].id && x.unit.level === 'commune'));
  assert.equal(new Set(r.items.map((x) => x.unit.id)).size, 14);
  for (let i = 0; i < r.items.length; i++) {
    const x = r.items[i];
    if (i > 0) assert.ok(r.items[i - 1].value >= x.value, `values descend at ${i}`);
    const expectRank = 1 + r.items.filter((y) => y.value > x.value).length;
    assert.equal(x.rank, expectRank, `${x.unit.name} (${x.value}) rank`);
    assert.ok(Object.keys(STATUS_NAMES).includes(x.status));
    assert.equal(x.status_name, STATUS_NAMES[x.status]);
  }
  const sample = [r.items[0], r.items[7], r.items[13]];
  for (const x of sample) {
    const sc = await scorecard(c.chomoi, x.unit, RANK_Q);
    const i = scoreIndicator(sc, 'vi_dien_tu');
    assert.equal(x.value, i.value, `${x.unit.name}: ranking value = scorecard value`);
    assert.equal(x.target, i.target);
    assert.equal(x.status, i.status);
  }
  const d = await scorecard(c.chomoi, u['065'], RANK_Q);
  assert.equal(r.items.reduce((a, x) => a + x.value, 0), scoreIndicator(d, 'vi_dien_tu').value, 'Σ children = district');
  // The province ranks its 8 districts.
  const p = await c.backan.ok(`/api/v1/units/${u['06'].id}/ranking?indicator=so_to&${RANK_Q}`);
  assert.equal(p.items.length, 8);
  assert.equal(p.items[0].unit.id, u['065'].id);
  assert.equal(p.items[0].value, 28);
  assert.equal(p.items[0].rank, 1);
  assert.ok(p.items.slice(1).every((x) => x.value === 0 && x.rank === 2));
});

test('ranking: order=asc puts the lowest share of target first', async () => {
  const desc = await c.chomoi.ok(`/api/v1/units/${u['065'].id}/ranking?indicator=vi_dien_tu&${RANK_Q}`);
  const top = desc.items[0]; const bottom = desc.items[13];
  // The best commune gets a huge target (lowest share), the weakest one a target it has met.
  for (const [unit, v] of [[top.unit, top.value * 100 + 100], [bottom.unit, Math.max(1, Math.floor(bottom.value / 2))]]) {
    const r = await c.chomoi.put(`/api/v1/units/${unit.id}/targets`, { year: 2022, values: { vi_dien_tu: v } });
    assert.equal(r.status, 200, r.text);
  }
  const asc = await c.chomoi.ok(`/api/v1/units/${u['065'].id}/ranking?indicator=vi_dien_tu&${RANK_Q}&order=asc`);
  assert.equal(asc.items.length, 14);
  assert.equal(asc.items[0].unit.id, top.unit.id, `lowest share first: ${asc.items.map((x) => `${x.unit.name} ${x.value}/${x.target}`).join('; ')}`);
  assert.equal(asc.items[0].status, 'cham');
  const met = asc.items.find((x) => x.unit.id === bottom.unit.id);
  assert.equal(met.status, 'dat');
  assert.deepEqual(new Set(asc.items.map((x) => x.unit.id)), new Set(desc.items.map((x) => x.unit.id)));
  const again = await c.chomoi.ok(`/api/v1/units/${u['065'].id}/ranking?indicator=vi_dien_tu&${RANK_Q}`);
  assert.equal(again.items[0].unit.id, top.unit.id, 'desc still best value first');
  for (const x of [top, bottom]) {
    const r = await c.chomoi.put(`/api/v1/units/${x.unit.id}/targets`, { year: 2022, values: { vi_dien_tu: null } });
    assert.equal(r.status, 200, r.text);
  }
});

test('ranking: unknown or missing indicator, bad order → 400; out of scope → 404', async () => {
  const base = `/api/v1/units/${u['065'].id}/ranking`;
  assertProblem(await c.chomoi.get(`${base}?indicator=khong_co&${RANK_Q}`), 400, 'bad_query', { msg: 'unknown indicator' });
  assertProblem(await c.chomoi.get(`${base}?${RANK_Q}`), 400, 'bad_query', { msg: 'missing indicator' });
  assertProblem(await c.chomoi.get(`${base}?indicator=vi_dien_tu&order=sideways`), 400, 'bad_query', { msg: 'bad order' });
  assertProblem(await c.chomoi.get(`${base}?indicator=vi_dien_tu&from=2022-12-31&to=2022-01-01`), 400, 'bad_query', { msg: 'from > to' });
  const a = await c.hoamuc.get(`/api/v1/units/${u['02110'].id}/ranking?indicator=vi_dien_tu`);
  const b = await c.hoamuc.get(`/api/v1/units/${NONE}/ranking?indicator=vi_dien_tu`);
  assertProblem(a, 404, 'not_found');
  assert.equal(a.text, b.text);
});

// ---------------------------------------------------------------------------
// Series

test('series: monthly and quarterly points; Σ monthly flow over a year = the year\'s scorecard value', async () => {
  const q = `from=2022-01-01&to=2022-12-31&structure_date=${DEMO_DATE}`;
  const m = await c.chomoi.ok(`/api/v1/units/${u['065'].id}/series?indicator=vi_dien_tu&${q}&interval=month`);
  assert.equal(m.indicator.code, 'vi_dien_tu');
  assert.equal(m.points.length, 12);
  m.points.forEach((p, i) => {
    const mm = String(i + 1).padStart(2, '0');
    assert.equal(p.period, `2022-${mm}`);
    assert.equal(p.from, `2022-${mm}-01`);
    assert.equal(p.to, new Date(Date.UTC(2022, i + 1, 0)).toISOString().slice(0, 10));
    assert.equal(typeof p.value, 'number');
  });
  assert.equal(m.points[1].to, '2022-02-28');
  const year = await scorecard(c.chomoi, u['065'], q);
  const total = scoreIndicator(year, 'vi_dien_tu').value;
  assert.equal(m.points.reduce((a, p) => a + p.value, 0), total, 'Σ months = year');
  const may = await scorecard(c.chomoi, u['065'], `from=2022-05-01&to=2022-05-31&structure_date=${DEMO_DATE}`);
  assert.equal(m.points[4].value, scoreIndicator(may, 'vi_dien_tu').value, 'May point = May scorecard');
  const qs = await c.chomoi.ok(`/api/v1/units/${u['065'].id}/series?indicator=vi_dien_tu&${q}&interval=quarter`);
  assert.deepEqual(qs.points.map((p) => p.period), ['2022-Q1', '2022-Q2', '2022-Q3', '2022-Q4']);
  assert.deepEqual(qs.points.map((p) => [p.from, p.to]), [['2022-01-01', '2022-03-31'], ['2022-04-01', '2022-06-30'], ['2022-07-01', '2022-09-30'], ['2022-10-01', '2022-12-31']]);
  assert.equal(qs.points.reduce((a, p) => a + p.value, 0), total, 'Σ quarters = year');
  assert.equal(qs.points[1].value, m.points[3].value + m.points[4].value + m.points[5].value, 'Q2 = Apr + May + Jun');
  // A stock: the value at each period's end.
  const st = await c.chomoi.ok(`/api/v1/units/${u['065'].id}/series?indicator=so_to&${q}&interval=quarter`);
  assert.deepEqual(st.points.map((p) => p.value), [0, 28, 28, 28]);
  const sm = await c.chomoi.ok(`/api/v1/units/${u['065'].id}/series?indicator=so_to&from=2022-03-01&to=2022-05-31&structure_date=${DEMO_DATE}&interval=month`);
  assert.deepEqual(sm.points.map((p) => p.value), [0, 16, 28], 'teams active on 31/03, 30/04 (16 founded 26–30/04), 31/05');
});

test('series: at most 120 points; bad interval or indicator → 400', async () => {
  const base = `/api/v1/units/${u['065'].id}/series`;
  const ok = await c.chomoi.ok(`${base}?indicator=so_to&from=2010-01-01&to=2019-12-31&interval=month`);
  assert.equal(ok.points.length, 120);
  assertProblem(await c.chomoi.get(`${base}?indicator=so_to&from=2010-01-01&to=2020-01-31&interval=month`), 400, 'bad_query', { msg: '121 months' });
  assertProblem(await c.chomoi.get(`${base}?indicator=so_to&from=1990-01-01&to=2022-12-31&interval=quarter`), 400, 'bad_query', { msg: '132 quarters' });
  assertProblem(await c.chomoi.get(`${base}?indicator=so_to&from=2022-01-01&to=2022-12-31&interval=week`), 400, 'bad_query', { msg: 'interval=week' });
  assertProblem(await c.chomoi.get(`${base}?indicator=khong_co&from=2022-01-01&to=2022-12-31&interval=month`), 400, 'bad_query', { msg: 'unknown indicator' });
  assertProblem(await c.chomoi.get(`${base}?indicator=so_to&from=2022-12-01&to=2022-01-01&interval=month`), 400, 'bad_query', { msg: 'from > to' });
});

// ---------------------------------------------------------------------------
// Targets

test('targets: GET shows the unit\'s own and the national targets with their source', async () => {
  const t = await c.chomoi.ok(`/api/v1/units/${u['065'].id}/targets?year=2022`);
  assert.equal(t.year, 2022);
  assert.deepEqual(t.items.map((x) => x.indicator), catalogue.items.map((x) => x.code), 'every indicator');
  const by = Object.fromEntries(t.items.map((x) => [x.indicator, x]));
  assert.deepEqual([by.vi_dien_tu.value, by.vi_dien_tu.source], [1100, 'unit']);
  for (const code of ['dvc_huong_dan', 'tmdt_gian_hang', 'ho_tuyen_truyen', 'hoc_vien_ky_nang_so', 'vneid_kich_hoat']) assert.equal(by[code].source, 'unit', code);
  assert.deepEqual([by.phu_song_xa.value, by.phu_song_xa.source], [100, 'national']);
  assert.deepEqual([by.dvc_ho_so.value, by.dvc_ho_so.source], [null, null]);
  const bk = await c.xem.ok(`/api/v1/units/${u['06'].id}/targets?year=2023`);
  assert.equal(bk.items.find((x) => x.indicator === 'vi_dien_tu').source, 'unit', 'the viewer reads targets');
  const commune = await c.hoamuc.ok(`/api/v1/units/${u['02098'].id}/targets?year=2022`);
  assert.deepEqual(commune.items.find((x) => x.indicator === 'vi_dien_tu').source, null, 'no commune target in the demo');
  const def = await c.chomoi.ok(`/api/v1/units/${u['065'].id}/targets`);
  assert.equal(def.year, Number(today.slice(0, 4)), 'default year: this year');
  assertProblem(await c.chomoi.get(`/api/v1/units/${u['065'].id}/targets?year=hai-nghin`), 400, 'bad_query');
});

test('targets: PUT as chomoi sets and clears a commune target; the scorecard status follows', async () => {
  const path = `/api/v1/units/${u['02098'].id}/targets`;
  const q = `from=2022-01-01&to=2022-12-31&structure_date=${DEMO_DATE}`;
  const before = scoreIndicator(await scorecard(c.hoamuc, u['02098'], q), 'vi_dien_tu');
  assert.equal(before.status, 'chua_co_chi_tieu');
  assert.ok(before.value > 0);
  const low = await c.chomoi.put(path, { year: 2022, values: { vi_dien_tu: before.value, phu_song_thon: 20 } });
  assert.equal(low.status, 200, low.text);
  assert.equal(low.json.year, 2022);
  const by = Object.fromEntries(low.json.items.map((x) => [x.indicator, x]));
  assert.deepEqual([by.vi_dien_tu.value, by.vi_dien_tu.source], [before.value, 'unit']);
  assert.deepEqual([by.phu_song_thon.value, by.phu_song_thon.source], [20, 'unit'], 'the unit\'s own target overrides the national one');
  let sc = await scorecard(c.hoamuc, u['02098'], q);
  assert.deepEqual([scoreIndicator(sc, 'vi_dien_tu').target, scoreIndicator(sc, 'vi_dien_tu').status], [before.value, 'dat']);
  assert.deepEqual([scoreIndicator(sc, 'phu_song_thon').target, scoreIndicator(sc, 'phu_song_thon').status], [20, 'dat'], '25% ≥ 20%');
  const high = await c.chomoi.put(path, { year: 2022, values: { vi_dien_tu: before.value + 1 } });
  assert.equal(high.status, 200, high.text);
  sc = await scorecard(c.hoamuc, u['02098'], q);
  assert.deepEqual([scoreIndicator(sc, 'vi_dien_tu').target, scoreIndicator(sc, 'vi_dien_tu').status], [before.value + 1, 'cham']);
  assert.equal(scoreIndicator(sc, 'phu_song_thon').target, 20, 'a PUT leaves the indicators it does not name');
  const clear = await c.chomoi.put(path, { year: 2022, values: { vi_dien_tu: null, phu_song_thon: null } });
  assert.equal(clear.status, 200, clear.text);
  const cb = Object.fromEntries(clear.json.items.map((x) => [x.indicator, x]));
  assert.deepEqual([cb.vi_dien_tu.value, cb.vi_dien_tu.source], [null, null]);
  assert.deepEqual([cb.phu_song_thon.value, cb.phu_song_thon.source], [100, 'national']);
  sc = await scorecard(c.hoamuc, u['02098'], q);
  assert.deepEqual([scoreIndicator(sc, 'vi_dien_tu').target, scoreIndicator(sc, 'vi_dien_tu').status], [null, 'chua_co_chi_tieu']);
  assert.deepEqual([scoreIndicator(sc, 'phu_song_thon').target, scoreIndicator(sc, 'phu_song_thon').status], [100, 'cham']);
  const other = await c.hoamuc.ok(`${path}?year=2023`);
  assert.equal(other.items.find((x) => x.indicator === 'vi_dien_tu').value, null, 'other years untouched');
  // The commune officer sets targets of their own commune too.
  const own = await c.hoamuc.put(path, { year: 2023, values: { vneid_kich_hoat: 50 } });
  assert.equal(own.status, 200, own.text);
  assert.equal((await c.hoamuc.put(path, { year: 2023, values: { vneid_kich_hoat: null } })).status, 200);
});

test('targets: bad values → 422; viewer and team member → 403; out of scope → 404; nothing changes', async () => {
  const path = `/api/v1/units/${u['065'].id}/targets`;
  const put = (client, body, p = path) => unchanged(s.db, () => client.put(p, body), { tables: ALL_TABLES });
  for (const [values, field] of [
    [{ phu_song_thon: -1 }, 'values.phu_song_thon'],
    [{ phu_song_thon: 101 }, 'values.phu_song_thon'],
    [{ ty_le_tap_huan: 100.5 }, 'values.ty_le_tap_huan'],
    [{ vi_dien_tu: -3 }, 'values.vi_dien_tu'],
    [{ vi_dien_tu: '1000' }, 'values.vi_dien_tu'],
    [{ khong_co: 5 }, 'values.khong_co'],
  ]) {
    assertProblem(await put(c.chomoi, { year: 2022, values }), 422, 'validation_failed', { fields: [field], msg: JSON.stringify(values) });
  }
  assertProblem(await put(c.chomoi, { year: 2022, values: { phu_song_thon: 50, vi_dien_tu: -1 } }), 422, 'validation_failed', { fields: ['values.vi_dien_tu'], msg: 'all or nothing' });
  assertProblem(await put(c.chomoi, { values: { vi_dien_tu: 5 } }), 422, 'validation_failed', { fields: ['year'], msg: 'missing year' });
  assertProblem(await put(c.chomoi, { year: 2022, values: { vi_dien_tu: 5 }, colour: 'x' }), 422, 'validation_failed', { fields: ['colour'], msg: 'unknown field' });
  assertProblem(await put(c.xem, { year: 2022, values: { phu_song_thon: 50 } }), 403, 'forbidden', { msg: 'viewer' });
  assertProblem(await put(c.thanhvien, { year: 2022, values: { phu_song_thon: 50 } }, `/api/v1/units/${u['02098-01'].id}/targets`), 403, 'forbidden', { msg: 'team member' });
  const a = await put(c.hoamuc, { year: 2022, values: { phu_song_thon: 50 } });
  const b = await put(c.hoamuc, { year: 2022, values: { phu_song_thon: 50 } }, `/api/v1/units/${NONE}/targets`);
  assertProblem(a, 404, 'not_found', { msg: 'commune officer on the district' });
  assert.equal(a.text, b.text);
  const ok = await c.chomoi.put(path, { year: 2022, values: { phu_song_thon: 100 } });
  assert.equal(ok.status, 200, `100 is a valid % target: ${ok.text}`);
  assert.equal((await c.chomoi.put(path, { year: 2022, values: { phu_song_thon: null } })).status, 200);
});

// ---------------------------------------------------------------------------
// Indicators

test('indicators: GET lists the catalogue with pillars', async () => {
  assert.deepEqual(catalogue.pillars.map((p) => p.code), PILLARS);
  assert.ok(catalogue.items.length >= 20);
  const codes = catalogue.items.map((x) => x.code);
  for (const code of ['dvc_huong_dan', 'vi_dien_tu', 'vi_viettel_money', 'tmdt_gian_hang', 'ho_tuyen_truyen', 'hoc_vien_ky_nang_so', 'vneid_kich_hoat', 'so_to', 'so_thanh_vien', 'phu_song_xa', 'phu_song_thon']) {
    assert.ok(codes.includes(code), code);
  }
  for (const i of catalogue.items) {
    assert.ok(PILLARS.includes(i.pillar), `${i.code}.pillar`);
    assert.equal(i.pillar_name, catalogue.pillars.find((p) => p.code === i.pillar).name);
    assert.ok(['sum', 'count', 'teams', 'members', 'trained_members', 'coverage_communes', 'coverage_villages', 'ratio', 'composite',
      'register_adults_share', 'register_fibre', 'register_residents', 'register_villages_missing', 'population', 'reporting_rate', 'on_time_rate',
      'open_violations', 'open_outliers'].includes(i.kind), `${i.code}.kind ${i.kind}`);
    assert.equal(i.spec.kind, i.kind);
    assert.ok(i.national_target === null || typeof i.national_target === 'number');
    assert.equal(i.builtin, true);
  }
  assert.deepEqual(catalogue.items.find((x) => x.code === 'vi_viettel_money').spec, { kind: 'sum', type: 'vi_dien_tu', field: 'accounts', category: 'viettel_money' });
  assert.equal(catalogue.items.find((x) => x.code === 'phu_song_xa').national_target, 100);
});

test('indicators: POST as backan adds a sum indicator (other e-wallets) that the scorecard computes at once', async () => {
  const body = { code: 'vi_khac', name: 'Tài khoản ví điện tử khác mở mới', unit: 'tài khoản', pillar: 'kinh_te_so', kind: 'sum', type: 'vi_dien_tu', field: 'accounts', category: 'khac' };
  const r = await c.backan.post('/api/v1/indicators', body);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.code, 'vi_khac');
  assert.equal(r.json.builtin, false);
  assert.equal(r.json.pillar_name, 'Kinh tế số');
  assert.deepEqual(r.json.spec, { kind: 'sum', type: 'vi_dien_tu', field: 'accounts', category: 'khac' });
  const list = await c.xem.ok('/api/v1/indicators');
  assert.deepEqual(list.items.find((x) => x.code === 'vi_khac'), r.json, 'in GET /indicators');
  const q = `from=2022-01-01&to=2022-12-31&structure_date=${DEMO_DATE}`;
  const sc = await scorecard(c.chomoi, u['065'], q);
  const khac = scoreIndicator(sc, 'vi_khac');
  assert.ok(khac, 'in the scorecard');
  assert.equal(khac.pillar, 'kinh_te_so');
  assert.equal(khac.value, scoreIndicator(sc, 'vi_dien_tu').value - scoreIndicator(sc, 'vi_viettel_money').value - scoreIndicator(sc, 'vi_vnpt_money').value, 'khac = all − Viettel − VNPT');
  assert.equal(khac.status, 'chua_co_chi_tieu');
  // A new activity of that category counts at once.
  const team = (await c.admin.ok(`/api/v1/units/${u['02098-01'].id}/teams`)).items[0];
  const a = await c.thanhvien.post('/api/v1/activities', { team_id: team.id, type: 'vi_dien_tu', date: '2022-06-15', category: 'khac', quantities: { accounts: 4 } }, { headers: { 'Idempotency-Key': newKey('khac') } });
  assert.equal(a.status, 201, a.text);
  assert.equal(scoreIndicator(await scorecard(c.chomoi, u['065'], q), 'vi_khac').value, khac.value + 4);
  // A ratio on top of it, and a target for it.
  const ratio = await c.admin.post('/api/v1/indicators', { code: 'ty_le_vi_khac', name: 'Tỷ lệ ví khác', unit: '%', pillar: 'kinh_te_so', kind: 'ratio', numerator: 'vi_khac', denominator: 'vi_dien_tu', scale: 100 });
  assert.equal(ratio.status, 201, ratio.text);
  const sc2 = await scorecard(c.chomoi, u['065'], q);
  const expect = Math.round(scoreIndicator(sc2, 'vi_khac').value / scoreIndicator(sc2, 'vi_dien_tu').value * 1000) / 10;
  assert.equal(scoreIndicator(sc2, 'ty_le_vi_khac').value, expect);
  const t = await c.chomoi.put(`/api/v1/units/${u['065'].id}/targets`, { year: 2022, values: { vi_khac: 1 } });
  assert.equal(t.status, 200, t.text);
  assert.equal(scoreIndicator(await scorecard(c.chomoi, u['065'], q), 'vi_khac').status, 'dat');
  const rk = await c.chomoi.ok(`/api/v1/units/${u['065'].id}/ranking?indicator=vi_khac&${q}`);
  assert.equal(rk.items.length, 14);
});

test('indicators: bad specs → 422, nothing saved; only province officers and admins may add', async () => {
  const ok = { code: 'chi_so_moi', name: 'Chỉ số mới', unit: 'lượt', pillar: 'xa_hoi_so', kind: 'count', type: 'vneid' };
  const post = (client, body) => unchanged(s.db, () => client.post('/api/v1/indicators', body), { tables: ALL_TABLES });
  for (const [body, label] of [
    [{ ...ok, kind: 'bogus' }, 'unknown kind'],
    [{ ...ok, kind: 'sum', type: 'vi_dien_tu', field: 'stores' }, 'unknown field of the type'],
    [{ ...ok, type: 'khong_co' }, 'unknown activity type'],
    [{ ...ok, kind: 'sum', type: 'vi_dien_tu', field: 'accounts', category: 'momo' }, 'unknown category'],
    [{ ...ok, kind: 'sum', type: 'vi_dien_tu' }, 'sum without field'],
    [{ ...ok, kind: 'ratio', type: undefined, numerator: 'ty_le_tap_huan', denominator: 'so_to', scale: 100 }, 'ratio over a ratio'],
    [{ ...ok, kind: 'ratio', type: undefined, numerator: 'khong_co', denominator: 'so_to', scale: 100 }, 'ratio of an unknown indicator'],
    [{ ...ok, pillar: 'khong_co' }, 'unknown pillar'],
    [{ ...ok, code: 'Mã Có Dấu' }, 'bad code'],
    [{ ...ok, name: undefined }, 'missing name'],
    [{ ...ok, colour: 'x' }, 'unknown body field'],
  ]) {
    const r = await post(c.backan, JSON.parse(JSON.stringify(body)));
    assertProblem(r, 422, 'validation_failed', { msg: label });
  }
  const dup = await post(c.backan, { ...ok, code: 'vi_dien_tu' });
  assert.ok([409, 422].includes(dup.status), `duplicate code: ${dup.status} ${dup.text}`);
  assertProblem(dup, dup.status, dup.status === 409 ? 'conflict' : 'validation_failed', { msg: 'duplicate code' });
  for (const who of ['hoamuc', 'chomoi', 'thanhvien', 'xem']) {
    assertProblem(await post(c[who], { ...ok, code: `moi_${who}` }), 403, 'forbidden', { msg: who });
  }
  const created = await c.backan.post('/api/v1/indicators', ok);
  assert.equal(created.status, 201, created.text);
  const again = await post(c.backan, ok);
  assert.ok([409, 422].includes(again.status), `the same code twice: ${again.status}`);
});
