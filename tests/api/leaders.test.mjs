// Leaders land on what lags (issue 11): the summary behind the first screen,
// the composite index of the three pillars, rankings per 1,000 residents and
// over every commune of a province, and the nation as a unit of its own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, loginAll, unitByName, scoreIndicator, sqlWrite, assertProblem } from './lib.mjs';

let s; let c;
before(async () => {
  s = await startServer();
  c = await loginAll(s.url);
});
after(async () => { await s?.stop(); });

const PILLARS = ['chinh_quyen_so', 'kinh_te_so', 'xa_hoi_so'];

/** The composite index as docs/api.md defines it, from a scorecard's cells. */
function composite(sc) {
  const scores = [];
  for (const p of sc.pillars.filter((x) => PILLARS.includes(x.code))) {
    const parts = p.indicators.filter((i) => i.target > 0 && i.value !== null).map((i) => Math.min(1, Math.max(0, i.value / i.target)));
    if (parts.length) scores.push((100 * parts.reduce((a, b) => a + b, 0)) / parts.length);
  }
  return scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null;
}

test('the summary: counts, index and lagging indicators are the scorecard\'s, furthest from target first', async () => {
  const choMoi = await unitByName(c.admin, 'Huyện Chợ Mới');
  const sum = await c.chomoi.ok(`/api/v1/units/${choMoi.id}/summary`);
  const sc = await c.chomoi.ok(`/api/v1/units/${choMoi.id}/scorecard`);
  assert.equal(sum.to, sc.to);
  assert.equal(sum.to, '2025-06-30', 'a unit that ended is seen as of its last day');
  assert.equal(sum.counts.teams, scoreIndicator(sc, 'so_to').value);
  assert.equal(sum.counts.members, scoreIndicator(sc, 'so_thanh_vien').value);
  assert.equal(sum.counts.communes.total, 14);
  assert.equal(sum.index.value, scoreIndicator(sc, 'chi_so_tong_hop').value);
  assert.ok(Math.abs(sum.index.value - composite(sc)) < 0.051, `index ${sum.index.value} = ${composite(sc)}`);
  assert.ok(sum.targets.length > 0, 'some indicators have targets');
  const shares = sum.targets.map((t) => t.share ?? Infinity);
  assert.deepEqual(shares, [...shares].sort((a, b) => a - b), 'furthest from target first');
  for (const t of sum.targets) assert.equal(t.value, scoreIndicator(sc, t.code).value, t.code);
  assert.equal(sum.targets.length + sum.without_target + 1, sc.pillars.flatMap((p) => p.indicators).length);
  assert.equal(sum.units_below, 14);
  assert.ok(sum.lagging.length === 5);
  const idx = sum.lagging.map((l) => l.index ?? Infinity);
  assert.deepEqual(idx, [...idx].sort((a, b) => a - b), 'lowest index first');
  const first = sum.lagging[0];
  const itsCard = await c.chomoi.ok(`/api/v1/units/${first.unit.id}/scorecard?from=${sum.from}&to=${sum.to}&structure_date=${sum.structure_date}`);
  assert.equal(first.index, scoreIndicator(itsCard, 'chi_so_tong_hop').value, 'a lagging unit\'s index is its own scorecard\'s');
  if (first.weakest) assert.equal(first.weakest.value, scoreIndicator(itsCard, first.weakest.code).value);
});

test('the composite index ranks like any indicator, and its weights are data', async () => {
  const cat = await c.admin.ok('/api/v1/indicators');
  const ind = cat.items.find((i) => i.code === 'chi_so_tong_hop');
  assert.equal(ind.kind, 'composite');
  assert.deepEqual(ind.spec.weights, { chinh_quyen_so: 1, kinh_te_so: 1, xa_hoi_so: 1 });
  const bk = await unitByName(c.admin, 'Tỉnh Bắc Kạn');
  const r = await c.backan.ok(`/api/v1/units/${bk.id}/ranking?indicator=chi_so_tong_hop&from=2022-01-01&to=2022-12-31&structure_date=2022-12-31&order=asc`);
  assert.ok(r.items.length > 1);
  for (const it of r.items.slice(0, 3)) {
    const sc = await c.backan.ok(`/api/v1/units/${it.unit.id}/scorecard?from=2022-01-01&to=2022-12-31&structure_date=2022-12-31`);
    assert.equal(it.value, scoreIndicator(sc, 'chi_so_tong_hop').value, it.unit.name);
  }
});

test('a ranking of every commune of a province at once (level=commune)', async () => {
  const bk = await unitByName(c.admin, 'Tỉnh Bắc Kạn');
  const r = await c.backan.ok(`/api/v1/units/${bk.id}/ranking?indicator=so_to&level=commune&from=2022-01-01&to=2022-05-04&structure_date=2022-05-04`);
  assert.equal(r.level, 'commune');
  assert.ok(r.items.every((x) => x.unit.level === 'commune'));
  const districts = (await c.backan.ok(`/api/v1/units/${bk.id}/children?date=2022-05-04`)).items;
  let communes = 0;
  for (const d of districts) communes += (await c.backan.ok(`/api/v1/units/${d.id}/children?date=2022-05-04`)).items.length;
  assert.equal(r.items.length, communes, 'every commune of the province, across its districts');
  assertProblem(await c.backan.get(`/api/v1/units/${bk.id}/ranking?indicator=so_to&level=hamlet`), 400, 'bad_query');
});

test('a ranking in pages: the same rows and ranks as the whole, a count, where the next page starts', async () => {
  const bk = await unitByName(c.admin, 'Tỉnh Bắc Kạn');
  const q = `/api/v1/units/${bk.id}/ranking?indicator=so_to&level=commune&order=asc&from=2022-01-01&to=2022-05-04&structure_date=2022-05-04`;
  const whole = await c.backan.ok(q);
  assert.ok(whole.items.length > 7, 'enough communes for three pages');
  assert.equal(whole.count, whole.items.length);
  assert.equal(whole.next_offset, null);
  const rows = [];
  let offset = 0, pages = 0;
  while (offset !== null && pages < 100) {
    const p = await c.backan.ok(`${q}&limit=3&offset=${offset}`);
    assert.equal(p.count, whole.items.length);
    assert.ok(p.items.length <= 3);
    rows.push(...p.items);
    offset = p.next_offset;
    pages++;
  }
  assert.equal(pages, Math.ceil(whole.items.length / 3));
  assert.deepEqual(rows.map((x) => [x.unit.id, x.rank, x.value]), whole.items.map((x) => [x.unit.id, x.rank, x.value]));
  const past = await c.backan.ok(`${q}&limit=3&offset=100000`);
  assert.deepEqual([past.items.length, past.next_offset], [0, null]);
  for (const bad of ['limit=0', 'limit=501', 'limit=3&offset=-1', 'limit=3&offset=x', 'limit=3&offset=1e400'])
    assertProblem(await c.backan.get(`${q}&${bad}`), 400, 'bad_query', { msg: bad });
});

test('the nation: administrators see /units/0 with the provinces below; nobody else does', async () => {
  const nat = await c.admin.ok('/api/v1/units/0/scorecard?from=2022-01-01&to=2022-05-04&structure_date=2022-05-04');
  assert.equal(nat.unit.id, 0);
  assert.equal(nat.unit.level, 'nation');
  assert.equal(nat.unit.name, 'Toàn quốc');
  const provinces = (await c.admin.ok('/api/v1/units?date=2022-05-04')).items;
  let teams = 0;
  for (const p of provinces) {
    const sc = await c.admin.ok(`/api/v1/units/${p.id}/scorecard?from=2022-01-01&to=2022-05-04&structure_date=2022-05-04`);
    teams += scoreIndicator(sc, 'so_to').value;
  }
  assert.equal(scoreIndicator(nat, 'so_to').value, teams, 'the nation is the sum of its provinces');
  const rank = await c.admin.ok('/api/v1/units/0/ranking?indicator=so_to&from=2022-01-01&to=2022-05-04&structure_date=2022-05-04');
  assert.deepEqual(rank.items.map((x) => x.unit.id).sort(), provinces.map((p) => p.id).sort());
  assert.equal((await c.admin.ok('/api/v1/units/0/summary')).unit.id, 0);
  for (const who of ['backan', 'xem', 'chomoi']) assertProblem(await c[who].get('/api/v1/units/0/scorecard'), 404, 'not_found');
});

test('ranking per 1,000 residents: counts over the published population, units without one last', async () => {
  // Two communes get a published population; the server loads facts at start.
  const hoaMuc = await unitByName(c.admin, 'Xã Hoà Mục');
  const yenCu = await unitByName(c.admin, 'Xã Yên Cư');
  sqlWrite(s.db, `INSERT INTO unit_facts(unit_id, population) VALUES (${hoaMuc.id}, 2000), (${yenCu.id}, 4000)`);
  const first = s;
  await new Promise((r) => { first.proc.once('exit', r); first.proc.kill('SIGTERM'); });  // the database stays
  s = await startServer({ db: first.db });
  s.stop = async () => { await new Promise((r) => { s.proc.once('exit', r); s.proc.kill('SIGTERM'); }); first.proc.exitCode = 0; await first.stop(); };
  const admin = await Client.login(s.url, 'admin');
  const choMoi = await unitByName(admin, 'Huyện Chợ Mới');
  const q = `indicator=so_thanh_vien&from=2022-01-01&to=2022-05-04&structure_date=2022-05-04`;
  const raw = await admin.ok(`/api/v1/units/${choMoi.id}/ranking?${q}`);
  const rate = await admin.ok(`/api/v1/units/${choMoi.id}/ranking?${q}&basis=per_1000&order=asc`);
  assert.equal(rate.basis, 'per_1000');
  const byId = Object.fromEntries(raw.items.map((x) => [x.unit.id, x.value]));
  const hm = rate.items.find((x) => x.unit.id === hoaMuc.id);
  assert.equal(hm.population, 2000);
  assert.ok(Math.abs(hm.value - (byId[hoaMuc.id] * 1000) / 2000) < 0.051);
  assert.equal(rate.items.find((x) => x.unit.id === yenCu.id).value, Math.round((byId[yenCu.id] * 1000 / 4000) * 10) / 10);
  assert.deepEqual(rate.items.slice(2).map((x) => x.value), Array(rate.items.length - 2).fill(null), 'no population: no rate, last');
  const district = await admin.ok(`/api/v1/units/${choMoi.id}/scorecard?from=2022-01-01&to=2022-05-04&structure_date=2022-05-04`);
  assert.ok(district);
  assertProblem(await admin.get(`/api/v1/units/${choMoi.id}/ranking?indicator=phu_song_xa&basis=per_1000`), 400, 'bad_query', { msg: 'a rate has no rate' });
});
