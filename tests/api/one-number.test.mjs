// One figure, one number (issue 11): for random units, dates and both
// structures (before and after the 2025 reorganisation), every route that
// shows a figure gives the same value as the scorecard — the unit page's
// coverage and counts, the team list, the ranking, the series, the report
// (CSV) and the activity list. Any route that counts its own way fails here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, parseCsv, scoreIndicator } from './lib.mjs';

let s; let admin; let today;
const LEGACY = '2022-05-31';  // Bắc Kạn, Huyện Chợ Mới and its 14 communes
const CASES = Number(process.env.LANGSO_PROPERTY_CASES || 24);

// A small seeded generator: the same cases every run, different ones per seed.
let seed = Number(process.env.LANGSO_PROPERTY_SEED || 20261201);
const rand = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (xs) => xs[Math.floor(rand() * xs.length)];

before(async () => {
  s = await startServer();
  admin = await Client.login(s.url, 'admin');
  today = (await admin.ok('/api/v1/meta')).today;
});
after(async () => { await s?.stop(); });

/** Every unit alive on a date, walking down from the roots. */
async function unitsOn(date) {
  const out = [];
  const walk = async (u) => {
    out.push(u);
    if (u.level === 'village') return;
    for (const k of (await admin.ok(`/api/v1/units/${u.id}/children?date=${date}`)).items) await walk(k);
  };
  for (const r of (await admin.ok(`/api/v1/units?date=${date}`)).items) await walk(r);
  return out;
}

const iso = (d) => d.toISOString().slice(0, 10);
const addDays = (date, n) => iso(new Date(Date.parse(date + 'T00:00:00Z') + n * 86400000));
const card = (u, from, to, sd) => admin.ok(`/api/v1/units/${u.id}/scorecard?from=${from}&to=${to}&structure_date=${sd}`);
const value = (sc, code) => scoreIndicator(sc, code)?.value;
const near = (a, b, msg) => assert.ok(a === b || (a !== null && b !== null && Math.abs(a - b) < 0.051), `${msg}: ${a} ≠ ${b}`);
const vn = (x) => (x === '' ? null : Number(x.replace(/\./g, '').replace(',', '.')));

/** The checks for one unit, period and structure. */
async function compare(u, from, to, sd, label) {
  const sc = await card(u, from, to, sd);
  // Stocks as of `to` on `to`'s structure: the unit page's coverage and counts, and the team list.
  if (sd === to) {
    const cov = await admin.ok(`/api/v1/units/${u.id}/coverage?date=${to}`);
    assert.equal(cov.teams, value(sc, 'so_to'), `${label}: teams on the unit page`);
    assert.equal(cov.members, value(sc, 'so_thanh_vien'), `${label}: members on the unit page`);
    const pct = (x) => (x.total ? Math.round((1000 * x.with_team) / x.total) / 10 : null);
    if (u.level !== 'village') near(pct(cov.communes), value(sc, 'phu_song_xa'), `${label}: communes with a team`);
    near(pct(cov.villages), value(sc, 'phu_song_thon'), `${label}: villages with a team`);
    const teams = (await admin.ok(`/api/v1/units/${u.id}/teams?date=${to}`)).items;
    assert.equal(teams.length, value(sc, 'so_to'), `${label}: the team list`);
  }
  // The ranking of its parent shows it with the scorecard's values.
  if (u.parent_id) {
    for (const code of ['so_to', 'dvc_huong_dan', 'phu_song_thon']) {
      const r = await admin.ok(`/api/v1/units/${u.parent_id}/ranking?indicator=${code}&from=${from}&to=${to}&structure_date=${sd}`);
      const mine = r.items.find((x) => x.unit.id === u.id);
      assert.ok(mine, `${label}: in its parent's ranking`);
      near(mine.value, value(sc, code), `${label}: ${code} in the ranking`);
    }
  }
  // The series' months are the scorecard's months.
  const series = await admin.ok(`/api/v1/units/${u.id}/series?indicator=vi_dien_tu&from=${from}&to=${to}&structure_date=${sd}&interval=month`);
  for (const p of series.points.slice(0, 3)) {
    const m = await card(u, p.from, p.to, sd);
    near(p.value, value(m, 'vi_dien_tu'), `${label}: series ${p.period}`);
  }
  // The activity list of the period holds what the flows count.
  const acts = (await admin.ok(`/api/v1/activities?unit_id=${u.id}&from=${from}&to=${to}&limit=500`)).items;
  if (acts.length < 500 && sd === to) {
    const people = acts.filter((a) => a.type === 'dich_vu_cong').reduce((n, a) => n + (a.quantities.people || 0), 0);
    assert.equal(people, value(sc, 'dvc_huong_dan'), `${label}: people in the activity list`);
    assert.equal(acts.filter((a) => a.type === 'tuyen_truyen').length, value(sc, 'hoat_dong'), `${label}: activities listed`);
  }
}

/** The report of a month: each row and the total are the scorecards of the units for that month. */
async function compareReport(u, month, sd, label) {
  const from = `${month}-01`;
  // The dates the report covers: the month, or up to the report's date (a
  // saved report dated inside the month, or today in the running month).
  const to = (await admin.ok(`/api/v1/units/${u.id}/reports/${month}`)).data_to;
  const r = await admin.get(`/api/v1/units/${u.id}/report?period=${month}&format=csv&structure_date=${sd}`);
  assert.equal(r.status, 200, `${label}: report ${r.text}`);
  const rows = parseCsv(r.text);
  const h = rows.findIndex((x) => x[0] === 'STT');
  // Columns by their heading (the report groups them by pillar).
  const catalogue = (await admin.ok('/api/v1/indicators')).items.map((d) => ({ ...d, column: rows[h].indexOf(`${d.name} (${d.unit})`) }));
  const children = (await admin.ok(`/api/v1/units/${u.id}/children?date=${sd}`)).items;
  const total = rows.find((x) => x[1] === 'Tổng cộng');
  const checks = [[u, total], ...children.slice(0, 3).map((k) => [k, rows.slice(h + 1).find((x) => x[1] === k.name)])];
  for (const [unit, row] of checks) {
    assert.ok(row, `${label}: a report row for ${unit.name}`);
    const sc = await card(unit, from, to, sd);
    for (const code of ['so_to', 'dvc_huong_dan', 'phu_song_xa', 'vi_dien_tu']) {
      const j = catalogue.find((d) => d.code === code)?.column ?? -1;
      if (j < 0) continue;
      near(vn(row[j]), value(sc, code), `${label}: report ${unit.name} ${code}`);
    }
  }
}

test(`${CASES} random units, dates and structures: every route gives the scorecard's number`, { timeout: 300000 }, async () => {
  const legacy = await unitsOn(LEGACY);
  const current = await unitsOn(today);
  assert.ok(legacy.length > 20 && current.length > 20, 'both structures have units');
  for (let i = 0; i < CASES; i++) {
    // Half on the 2022 structure, half on today's; the date is random within the structure's life.
    const old = i % 2 === 0;
    const u = pick(old ? legacy : current);
    const to = old ? addDays('2022-04-20', Math.floor(rand() * 420)) : addDays('2025-07-01', Math.floor(rand() * (Date.parse(today) - Date.parse('2025-07-01')) / 86400000));
    const from = addDays(to, -Math.floor(rand() * 200));
    const label = `${u.name} ${from}…${to} (${old ? 'cơ cấu cũ' : 'cơ cấu mới'})`;
    await compare(u, from, to, to, label);
    // The same period on the other structure, for a unit that exists on it.
    if (old) {
      const successor = pick(current.filter((x) => x.level === u.level || (u.level === 'district' && x.level === 'province')));
      if (successor) await compare(successor, from, to, today, `${successor.name} ${from}…${to} on today's structure`);
    }
    if (u.level !== 'village') {
      const monthEnd = iso(new Date(Date.UTC(Number(to.slice(0, 4)), Number(to.slice(5, 7)), 0)));
      await compareReport(u, to.slice(0, 7), monthEnd > today ? today : monthEnd, label);
    }
  }
});

test('the defaults agree: a unit page, its scorecard and its coverage open on the same as-of date and structure', async () => {
  for (const u of [...(await unitsOn(LEGACY)).slice(0, 6), ...(await unitsOn(today)).slice(0, 6)]) {
    const sc = await admin.ok(`/api/v1/units/${u.id}/scorecard`);
    const cov = await admin.ok(`/api/v1/units/${u.id}/coverage`);
    assert.equal(sc.to, cov.date, `${u.name}: the same as-of date`);
    assert.equal(sc.structure_date, cov.date, `${u.name}: the same structure`);
    assert.equal(cov.teams, value(sc, 'so_to'), `${u.name}: teams by default`);
    const teams = (await admin.ok(`/api/v1/units/${u.id}/teams?date=${cov.date}`)).items;
    assert.equal(teams.length, cov.teams, `${u.name}: the team list by default`);
  }
});
