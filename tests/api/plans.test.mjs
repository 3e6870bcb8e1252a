// Plans, targets and tasks (issue 14): the demo's Plan 265/KH-UBND and Chợ
// Mới's plan implementing it; targets cascaded to the units below (same,
// population, table) with the check that parts add up; progress from the
// scorecard's own figures, lagging first; tasks reported, returned with a
// reason and accepted, with their history; scope and bad input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, loginAll, unitByName, assertProblem, scoreIndicator, dbSnapshot, sqlCount, sqlWrite } from './lib.mjs';
import { readSheet, unzip, zipFiles } from './zip.mjs';

const TABLES = ['plans', 'plan_targets', 'plan_tasks', 'plan_task_events'];
let s; let c; let bk; let choMoi; let hoaMuc; let p265; let p45;
before(async () => {
  s = await startServer();
  c = await loginAll(s.url, ['admin', 'backan', 'chomoi', 'hoamuc', 'thanhvien', 'xem', 'thainguyen', 'tanky']);
  bk = await unitByName(c.admin, 'Tỉnh Bắc Kạn');
  choMoi = await unitByName(c.admin, 'Huyện Chợ Mới');
  hoaMuc = await unitByName(c.admin, 'Xã Hoà Mục');
  const list = await c.backan.ok(`/api/v1/units/${bk.id}/plans`);
  p265 = list.items.find((p) => p.number === '265/KH-UBND');
  const mine = await c.chomoi.ok(`/api/v1/units/${choMoi.id}/plans`);
  p45 = mine.items.find((p) => p.number === '45/KH-UBND');
});
after(async () => { await s?.stop(); });

/** Asserts that fn() leaves the plan tables as they were. */
async function nothingSaved(fn) {
  const before = dbSnapshot(s.db, TABLES);
  await fn();
  assert.equal(dbSnapshot(s.db, TABLES), before, 'nothing saved');
}

const base = (over = {}) => ({
  number: '12/KH-UBND', issued_on: '2022-05-01', issuer_organ: 'UBND huyện Chợ Mới', title: 'Kế hoạch thử',
  unit_id: choMoi.id, start_on: '2022-05-01', end_on: '2022-12-31', status: 'issued', ...over,
});

test('the demo plan 265/KH-UBND and the chain of Chợ Mới\'s plan implementing it', async () => {
  assert.ok(p265, 'the province\'s plan is seeded');
  assert.equal(p265.issued_on, '2022-04-25');
  assert.equal(p265.status, 'issued');
  assert.ok(p45, 'Chợ Mới sees its own plan');
  const mine = await c.chomoi.ok(`/api/v1/units/${choMoi.id}/plans`);
  assert.ok(mine.items.some((p) => p.id === p265.id && p.applies), 'a district sees the province\'s plan that applies to it');
  const child = await c.chomoi.ok(`/api/v1/plans/${p45.id}`);
  assert.deepEqual(child.ancestors.map((p) => p.number), ['265/KH-UBND']);
  assert.equal(child.parent_id, p265.id);
  const parent = await c.backan.ok(`/api/v1/plans/${p265.id}`);
  assert.deepEqual(parent.children.map((p) => p.number), ['45/KH-UBND']);
  assert.equal(parent.editable, true);
  assert.equal((await c.chomoi.ok(`/api/v1/plans/${p265.id}`)).editable, false);
  assert.ok(parent.tasks.length >= 3);
  assert.equal(parent.issuer_organ, 'UBND tỉnh Bắc Kạn');
});

test('on 04/05/2022 "every commune of Chợ Mới has a team" is met, by the scorecard\'s own figure', async () => {
  const pr = await c.chomoi.ok(`/api/v1/plans/${p45.id}/progress?date=2022-05-04`);
  assert.equal(pr.items.length, 1);
  const t = pr.items[0];
  assert.equal(t.indicator, 'phu_song_xa');
  assert.equal(t.current, 100);
  assert.equal(t.forecast, 'met');
  const sc = await c.chomoi.ok(`/api/v1/units/${choMoi.id}/scorecard?from=${t.from}&to=${t.to}&structure_date=${t.structure_date}`);
  assert.equal(t.current, scoreIndicator(sc, 'phu_song_xa').value, 'the same figure as the scorecard');
  // On 27/04 (the plan's first day) few communes had decided: at risk or on track, not met.
  const early = await c.chomoi.ok(`/api/v1/plans/${p45.id}/progress?date=2022-04-28`);
  assert.notEqual(early.items[0].forecast, 'met');
  assert.ok(['at_risk', 'on_track'].includes(early.items[0].forecast));
  // The province's plan: one row per district, lagging first (districts without teams first).
  const all = await c.backan.ok(`/api/v1/plans/${p265.id}/progress?date=2022-05-04`);
  assert.ok(all.items.length >= 9, 'the province and its districts');
  const rank = { missed: 0, at_risk: 1, on_track: 2, met: 3, historical: 4 };
  const ranks = all.items.map((i) => rank[i.forecast]);
  assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b), 'lagging first');
  assert.equal(all.items.find((i) => i.unit.id === choMoi.id).forecast, 'met');
  // After the deadline a district without every commune covered has missed it.
  const late = await c.backan.ok(`/api/v1/plans/${p265.id}/progress?date=2023-01-10`);
  assert.ok(late.items.every((i) => ['met', 'missed'].includes(i.forecast)), JSON.stringify(late.items.map((i) => i.forecast)));
  // A district's officer sees the rows of its own area and the plan's unit above it, no other district's.
  const theirs = await c.chomoi.ok(`/api/v1/plans/${p265.id}/progress?date=2022-05-04`);
  assert.deepEqual(theirs.items.map((i) => i.unit.id).sort(), [bk.id, choMoi.id].sort());
});

test('a plan is created, read and changed; its chain is checked', async () => {
  const r = await c.chomoi.post('/api/v1/plans', base({ parent_id: p265.id }));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.parent_id, p265.id);
  assert.equal(r.json.issuer_unit.id, choMoi.id);
  const up = await c.chomoi.patch(`/api/v1/plans/${r.json.id}`, { status: 'ended', title: 'Kế hoạch thử (đã xong)' });
  assert.equal(up.status, 200, up.text);
  assert.equal(up.json.status, 'ended');
  assertProblem(await c.chomoi.patch(`/api/v1/plans/${r.json.id}`, { parent_id: r.json.id }), 422, 'validation_failed', { fields: ['parent_id'] });
  const audit = sqlCount(s.db, `SELECT COUNT(*) FROM audit_log WHERE entity = 'plan' AND entity_id = ${r.json.id}`);
  assert.equal(audit, 2, 'create and update are journalled');
});

test('bad plans: every field error at once, and nothing saved', async () => {
  await nothingSaved(async () => {
    const p = assertProblem(await c.chomoi.post('/api/v1/plans', base({ end_on: '2022-04-01', start_on: '2022-05-02' })), 422, 'validation_failed', { fields: ['end_on'] });
    assert.ok(p.errors.length >= 1);
    assertProblem(await c.chomoi.post('/api/v1/plans', base({ issued_on: '2022-02-30', title: 7, status: 'done' })), 422, 'validation_failed', { fields: ['issued_on', 'title', 'status'] });
    assertProblem(await c.chomoi.post('/api/v1/plans', base({ extra: 1 })), 422, 'validation_failed', { fieldCodes: { extra: 'unknown_field' } });
    assertProblem(await c.chomoi.post('/api/v1/plans', base({ unit_id: bk.id })), 404, 'not_found');  // out of scope
    assertProblem(await c.hoamuc.post('/api/v1/plans', base({ parent_id: p45.id, unit_id: choMoi.id })), 404, 'not_found');
    assertProblem(await c.xem.post('/api/v1/plans', base({ unit_id: bk.id })), 403, 'forbidden');
    const r = await c.chomoi.request('POST', '/api/v1/plans', undefined, { headers: { 'Content-Type': 'application/json' } });
    assert.ok(r.status >= 400 && r.status < 500);
    const bad = await c.chomoi.request('POST', '/api/v1/plans', '{"number":', { headers: { 'Content-Type': 'application/json' } });
    assert.equal(bad.status, 400);
    // A province's plan cannot be changed by the district it applies to.
    assertProblem(await c.chomoi.patch(`/api/v1/plans/${p265.id}`, { title: 'x' }), 403, 'forbidden');
    assertProblem(await c.chomoi.post(`/api/v1/plans/${p265.id}/targets`, { indicator: 'so_to', value: 1, deadline: '2022-06-30' }), 403, 'forbidden');
  });
});

test('targets cascade: same, by population, by a table that must add up', async () => {
  const plan = (await c.backan.post('/api/v1/plans', base({ unit_id: bk.id, issuer_organ: 'UBND tỉnh Bắc Kạn', number: '300/KH-UBND' }))).json;
  const districts = (await c.backan.ok(`/api/v1/units/${bk.id}/children?date=2022-05-01`)).items;
  const same = await c.backan.post(`/api/v1/plans/${plan.id}/targets`, { indicator: 'phu_song_thon', value: 80, deadline: '2022-12-31', cascade: 'same' });
  assert.equal(same.status, 201, same.text);
  assert.equal(same.json.items.length, districts.length + 1);
  assert.ok(same.json.items.slice(1).every((t) => t.value === 80 && t.from_target_id === same.json.items[0].id));
  const pop = await c.backan.post(`/api/v1/plans/${plan.id}/targets`, { indicator: 'so_to', value: 200, deadline: '2022-12-31', cascade: 'population' });
  if (pop.status === 201) {
    assert.equal(pop.json.items.slice(1).reduce((a, t) => a + t.value, 0), 200, 'the parts add up to the total');
  } else {
    assertProblem(pop, 422, 'validation_failed', { fieldCodes: { cascade: 'no_population' } });
  }
  const parts = districts.map((d, i) => ({ unit_id: d.id, value: i === 0 ? 30 : 10 }));
  const total = 30 + 10 * (districts.length - 1);
  await nothingSaved(async () => {
    assertProblem(await c.backan.post(`/api/v1/plans/${plan.id}/targets`, { indicator: 'so_thanh_vien', value: total + 1, deadline: '2022-12-31', cascade: 'table', parts }), 422, 'validation_failed', { fieldCodes: { parts: 'parts_do_not_add_up' } });
    assertProblem(await c.backan.post(`/api/v1/plans/${plan.id}/targets`, { indicator: 'so_thanh_vien', value: total, deadline: '2022-12-31', cascade: 'table', parts: parts.slice(1) }), 422, 'validation_failed', { fieldCodes: { parts: 'missing_unit' } });
    assertProblem(await c.backan.post(`/api/v1/plans/${plan.id}/targets`, { indicator: 'so_thanh_vien', value: total, deadline: '2022-12-31', cascade: 'table', parts: [...parts, { unit_id: hoaMuc.id, value: 0 }] }), 422, 'validation_failed', { fieldCodes: { 'parts[8].unit_id': 'invalid_value' } });
    assertProblem(await c.backan.post(`/api/v1/plans/${plan.id}/targets`, { indicator: 'khong_co', value: 'x', deadline: '2022-04-01' }), 422, 'validation_failed', { fieldCodes: { indicator: 'not_found', value: 'invalid_type' } });
    assertProblem(await c.backan.post(`/api/v1/plans/${plan.id}/targets`, { indicator: 'so_to', value: 5, deadline: '2023-06-30' }), 422, 'validation_failed', { fields: ['deadline'] });
    assertProblem(await c.backan.post(`/api/v1/plans/${plan.id}/targets`, { indicator: 'phu_song_xa', value: 150, deadline: '2022-12-31' }), 422, 'validation_failed', { fields: ['value'] });
  });
  const table = await c.backan.post(`/api/v1/plans/${plan.id}/targets`, { indicator: 'so_thanh_vien', value: total, deadline: '2022-12-31', cascade: 'table', parts });
  assert.equal(table.status, 201, table.text);
  assert.deepEqual(table.json.items.slice(1).map((t) => t.value), parts.map((p) => p.value));
  // A cascaded part is not deleted on its own; the root takes its parts with it.
  assertProblem(await c.backan.del(`/api/v1/plan-targets/${table.json.items[1].id}`), 409, 'target_cascaded');
  assert.equal((await c.backan.del(`/api/v1/plan-targets/${table.json.items[0].id}`)).status, 204);
  const after = await c.backan.ok(`/api/v1/plans/${plan.id}`);
  assert.ok(!after.targets.some((t) => t.indicator === 'so_thanh_vien'));
});

test('a child may set a stricter target of its own, never a looser one', async () => {
  // 265 gives Chợ Mới phu_song_xa 100; a plan implementing it cannot ask less.
  const mine = (await c.chomoi.post('/api/v1/plans', base({ parent_id: p265.id, number: '50/KH-UBND' }))).json;
  await nothingSaved(async () => {
    assertProblem(await c.chomoi.post(`/api/v1/plans/${mine.id}/targets`, { indicator: 'phu_song_xa', value: 90, deadline: '2022-06-30' }), 422, 'validation_failed', { fieldCodes: { value: 'looser_than_above' } });
  });
  const ok = await c.chomoi.post(`/api/v1/plans/${mine.id}/targets`, { indicator: 'phu_song_xa', value: 100, deadline: '2022-06-15' });
  assert.equal(ok.status, 201, ok.text);
});

test('the target of a unit on a date is one question: a stock follows the plan in force, a flow its yearly target', async () => {
  // Hoà Mục's village coverage: 100 % by default. A draft plan changes nothing;
  // issued, its 63 % by 30/09/2022 is the scorecard's target from its start to
  // its deadline, on the scorecard, in the ranking and in the children table.
  const targetOn = async (to, code = 'phu_song_thon') => {
    const sc = await c.chomoi.ok(`/api/v1/units/${hoaMuc.id}/scorecard?from=2022-01-01&to=${to}&structure_date=${to}`);
    const it = scoreIndicator(sc, code);
    return { target: it.target, source: it.target_source };
  };
  const before = await targetOn('2022-06-30');
  assert.equal(before.target, 100);
  assert.notEqual(before.source?.kind, 'plan');
  const yearlyFlow = await targetOn('2022-06-30', 'vneid_kich_hoat');
  const plan = (await c.chomoi.post('/api/v1/plans', base({ number: '77/KH-UBND', status: 'draft', start_on: '2022-05-10' }))).json;
  for (const [indicator, value] of [['phu_song_thon', 63], ['vneid_kich_hoat', 999]]) {
    const r = await c.chomoi.post(`/api/v1/plans/${plan.id}/targets`, { unit_id: hoaMuc.id, indicator, value, deadline: '2022-09-30' });
    assert.equal(r.status, 201, r.text);
  }
  assert.equal((await targetOn('2022-06-30')).target, 100, 'a draft plan gives no target');
  assert.equal((await c.chomoi.patch(`/api/v1/plans/${plan.id}`, { status: 'issued' })).status, 200);
  const during = await targetOn('2022-06-30');
  assert.equal(during.target, 63);
  assert.deepEqual(during.source, { kind: 'plan', plan_id: plan.id, plan_number: '77/KH-UBND', deadline: '2022-09-30' });
  assert.equal((await targetOn('2022-09-30')).target, 63, 'on the deadline itself');
  assert.equal((await targetOn('2022-05-09')).target, 100, 'before the plan started');
  assert.equal((await targetOn('2022-10-01')).target, 100, 'after its deadline');
  assert.deepEqual(await targetOn('2022-06-30', 'vneid_kich_hoat'), yearlyFlow, 'a flow keeps its yearly target');
  // Every screen asks the same question: the ranking of Chợ Mới's communes and its children table.
  const rank = await c.chomoi.ok(`/api/v1/units/${choMoi.id}/ranking?indicator=phu_song_thon&from=2022-01-01&to=2022-06-30&structure_date=2022-06-30`);
  const row = rank.items.find((r) => r.unit.id === hoaMuc.id);
  assert.equal(row.target, 63, JSON.stringify(row));
  // Ended, the plan still gave its target on the days it ran.
  assert.equal((await c.chomoi.patch(`/api/v1/plans/${plan.id}`, { status: 'ended' })).status, 200);
  assert.equal((await targetOn('2022-06-30')).target, 63);
  // A target deleted is no longer the scorecard's.
  const detail = await c.chomoi.ok(`/api/v1/plans/${plan.id}`);
  const t63 = detail.targets.find((t) => t.indicator === 'phu_song_thon');
  assert.equal((await c.chomoi.del(`/api/v1/plan-targets/${t63.id}`)).status, 204);
  assert.equal((await targetOn('2022-06-30')).target, 100);
});

test('a split table as a file: the template downloaded, filled in, read back all or nothing, then given', async () => {
  const plan = (await c.chomoi.post('/api/v1/plans', base({ number: '88/KH-UBND' }))).json;
  const t = await c.chomoi.get(`/api/v1/plans/${plan.id}/target-table.xlsx?indicator=so_thanh_vien`);
  const rows = readSheet(t);
  assert.match(t.headers['content-disposition'], /^attachment; filename="phan-bo-chi-tieu-so-thanh-vien-065\.xlsx"/);
  assert.match(rows[0][0].text, /^Phân bổ chỉ tiêu "Thành viên tổ công nghệ số cộng đồng" \(người\) của Huyện Chợ Mới — Kế hoạch 88\/KH-UBND$/);
  assert.deepEqual(rows[1].map((x) => x.text), ['Mã đơn vị', 'Tên đơn vị', 'Dân số', 'Chỉ tiêu']);
  const communes = (await c.chomoi.ok(`/api/v1/units/${choMoi.id}/children?date=2022-05-01`)).items;
  assert.deepEqual(rows.slice(2).map((r) => r[0].text).sort(), communes.map((u) => u.code).sort(), 'one row per commune');
  // The officer fills column D (1, 2, 3, …) in Excel and uploads the file.
  const files = unzip(t.body);
  let n = 0;
  files['xl/worksheets/sheet1.xml'] = files['xl/worksheets/sheet1.xml'].toString('utf8').replace(/<row r="(\d+)"([^>]*)>([\s\S]*?)<\/row>/g,
    (m, r, a, body) => (Number(r) >= 4 ? `<row r="${r}"${a}>${body}<c r="D${r}"><v>${++n}</v></c></row>` : m));
  const filled = zipFiles(files);
  const total = (n * (n + 1)) / 2;
  const read = await c.chomoi.upload(`/api/v1/plans/${plan.id}/target-table`, filled, { indicator: 'so_thanh_vien', name: 'bang.xlsx' });
  assert.equal(read.status, 200, read.text);
  assert.equal(read.json.parts.length, communes.length);
  assert.equal(read.json.sum, total);
  const given = await c.chomoi.post(`/api/v1/plans/${plan.id}/targets`, { indicator: 'so_thanh_vien', value: total, deadline: '2022-12-31', cascade: 'table', parts: read.json.parts.map(({ unit_id, value }) => ({ unit_id, value })) });
  assert.equal(given.status, 201, given.text);
  assert.equal(given.json.items.length, communes.length + 1);
  // Every row's error at once, in Vietnamese, and nothing saved; hostile or foreign files refused.
  const [first, second] = communes;
  const csv = `Mã đơn vị,Tên đơn vị,Chỉ tiêu\n${first.code},a,5\n${first.code},b,6\n99999,c,1\n${second.code},d,abc\n`;
  await nothingSaved(async () => {
    const bad = assertProblem(await c.chomoi.upload(`/api/v1/plans/${plan.id}/target-table`, Buffer.from(csv), { indicator: 'so_thanh_vien' }), 422, 'validation_failed',
      { fieldCodes: { 'dòng 3.ma_don_vi': 'duplicate', 'dòng 4.ma_don_vi': 'invalid_value', 'dòng 5.chi_tieu': 'invalid_value', bang: 'missing_unit' } });
    assert.ok(bad.errors.some((e) => e.message === 'dòng 4: mã 99999 không phải đơn vị cấp dưới của Huyện Chợ Mới'), JSON.stringify(bad.errors));
    const laughs = zipFiles({ 'xl/worksheets/sheet1.xml': '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet><sheetData><row><c t="inlineStr"><is><t>&a;</t></is></c></row></sheetData></worksheet>' });
    assertProblem(await c.chomoi.upload(`/api/v1/plans/${plan.id}/target-table`, laughs, { indicator: 'so_thanh_vien' }), 422, 'validation_failed', { fieldCodes: { file: 'invalid_file' } });
    const bomb = zipFiles({ 'xl/worksheets/sheet1.xml': '<worksheet><sheetData>' + ' '.repeat(70 * 1024 * 1024) + '</sheetData></worksheet>' });
    assert.ok(bomb.length < 200 * 1024);
    assertProblem(await c.chomoi.upload(`/api/v1/plans/${plan.id}/target-table`, bomb, { indicator: 'so_thanh_vien' }), 422, 'validation_failed', { fieldCodes: { file: 'invalid_file' } });
    assertProblem(await c.chomoi.upload(`/api/v1/plans/${plan.id}/target-table`, Buffer.from([0xff, 0xfe, 0x00]), { indicator: 'so_thanh_vien' }), 422, 'validation_failed', { fieldCodes: { file: 'invalid_file' } });
    assertProblem(await c.chomoi.upload(`/api/v1/plans/${plan.id}/target-table`, filled, { indicator: 'khong_co' }), 422, 'validation_failed', { fieldCodes: { indicator: 'not_found' } });
    assertProblem(await c.chomoi.upload(`/api/v1/plans/${plan.id}/target-table`, filled, { indicator: 'so_thanh_vien', unit_id: bk.id }), 422, 'validation_failed', { fieldCodes: { unit_id: 'invalid_value' } });
    assertProblem(await c.chomoi.upload(`/api/v1/plans/${plan.id}/target-table`, filled, { indicator: 'so_thanh_vien', unit_id: hoaMuc.id }), 422, 'validation_failed', { fieldCodes: { 'dòng 4.ma_don_vi': 'invalid_value', bang: 'missing_unit' } });  // the district's file for a commune's villages
    assertProblem(await c.hoamuc.upload(`/api/v1/plans/${plan.id}/target-table`, filled, { indicator: 'so_thanh_vien' }), 403, 'forbidden');
    assertProblem(await c.chomoi.get(`/api/v1/plans/${plan.id}/target-table.xlsx?indicator=so_thanh_vien&unit_id=abc`), 400, 'bad_query');
  });
});

test('tasks: reported by the assignee, returned with a reason, accepted; history and overdue', async () => {
  const plan = await c.backan.ok(`/api/v1/plans/${p265.id}`);
  const task = plan.tasks.find((t) => t.to_unit.id === choMoi.id);
  assert.ok(task);
  assert.equal(task.overdue, true, 'due in 2022, not accepted: overdue today');
  assert.equal((await c.backan.ok(`/api/v1/tasks/${task.id}?date=2022-05-01`)).overdue, false);
  await nothingSaved(async () => {
    assertProblem(await c.backan.post(`/api/v1/tasks/${task.id}/report`, { status: 'done' }), 403, 'forbidden');  // the assigner does not report
    assertProblem(await c.chomoi.post(`/api/v1/tasks/${task.id}/report`, { status: 'finished', link: 'ftp://x' }), 422, 'validation_failed', { fields: ['status', 'link'] });
    assertProblem(await c.chomoi.post(`/api/v1/tasks/${task.id}/review`, { decision: 'accept' }), 403, 'forbidden');  // nor the assignee accept
    assertProblem(await c.backan.post(`/api/v1/tasks/${task.id}/review`, { decision: 'accept' }), 409, 'task_not_done');  // not done yet
    assertProblem(await c.xem.post(`/api/v1/tasks/${task.id}/report`, { status: 'done' }), 403, 'forbidden');
  });
  let r = await c.chomoi.post(`/api/v1/tasks/${task.id}/report`, { status: 'done', note: 'Đã thành lập 14 tổ', link: 'https://example.vn/qd' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'done');
  assertProblem(await c.backan.post(`/api/v1/tasks/${task.id}/review`, { decision: 'return' }), 422, 'validation_failed', { fields: ['reason'] });
  r = await c.backan.post(`/api/v1/tasks/${task.id}/review`, { decision: 'return', reason: 'Thiếu quyết định của 2 xã' });
  assert.equal(r.json.status, 'in_progress');
  await c.chomoi.post(`/api/v1/tasks/${task.id}/report`, { status: 'done', note: 'Bổ sung đủ' });
  r = await c.backan.post(`/api/v1/tasks/${task.id}/review`, { decision: 'accept' });
  assert.equal(r.json.status, 'accepted');
  assert.equal(r.json.overdue, false);
  const h = (await c.chomoi.ok(`/api/v1/tasks/${task.id}`)).history;
  assert.deepEqual(h.map((e) => e.action), ['report', 'return', 'report', 'accept']);
  assert.equal(h[1].reason, 'Thiếu quyết định của 2 xã');
  assert.equal(h[1].by.name, 'Sở KH&CN tỉnh Bắc Kạn');
  assertProblem(await c.chomoi.post(`/api/v1/tasks/${task.id}/report`, { status: 'in_progress' }), 409, 'task_accepted');
});

test('tasks go only to units below the plan\'s unit, or their teams; readers see their area\'s', async () => {
  const plan = await c.chomoi.ok(`/api/v1/plans/${p45.id}`);
  await nothingSaved(async () => {
    assertProblem(await c.chomoi.post(`/api/v1/plans/${p45.id}/tasks`, { to_unit_id: bk.id, title: 'x', due_on: '2022-05-30' }), 422, 'validation_failed', { fields: ['to_unit_id'] });
    assertProblem(await c.chomoi.post(`/api/v1/plans/${p45.id}/tasks`, { to_unit_id: choMoi.id, title: 'x', due_on: '2022-05-30' }), 422, 'validation_failed', { fields: ['to_unit_id'] });
    assertProblem(await c.chomoi.post(`/api/v1/plans/${p45.id}/tasks`, { title: '', due_on: '2022-13-01' }), 422, 'validation_failed', { fields: ['title', 'due_on', 'to_unit_id'] });
  });
  const teams = await c.hoamuc.ok(`/api/v1/units/${hoaMuc.id}/teams`);
  const team = (teams.items || teams)[0];
  const t = await c.chomoi.post(`/api/v1/plans/${p45.id}/tasks`, { to_team_id: team.id, title: 'Hướng dẫn VNeID cho 50 hộ', due_on: '2022-06-30', evidence_expected: 'Danh sách hộ' });
  assert.equal(t.status, 201, t.text);
  assert.equal(t.json.to_team.id, team.id);
  assert.equal(t.json.to_unit.id, team.unit_id ?? team.unit?.id ?? t.json.to_unit.id);
  // The commune's officer and its team member read the tasks of their area; a viewer reads them too.
  const seen = await c.thanhvien.get(`/api/v1/plans/${p45.id}`);
  assert.equal(seen.status, 200, seen.text);
  assert.ok((await c.hoamuc.ok(`/api/v1/plans/${p45.id}`)).tasks.some((x) => x.id === t.json.id));
  assert.ok(plan.tasks.length >= 1);
  assertProblem(await c.hoamuc.get(`/api/v1/plans/${p45.id}/progress?date=2022-02-30`), 400, 'bad_query');
});

test('a task given to a team is reported by its members; others\' tasks are not', async () => {
  const village = c.thanhvien.user.unit;
  assert.ok(village, 'the team member has a village');
  const teams = await c.hoamuc.ok(`/api/v1/units/${village.id}/teams`);
  const team = (teams.items || teams).find((x) => (x.unit_id ?? x.unit?.id) === village.id) || (teams.items || teams)[0];
  const t = await c.chomoi.post(`/api/v1/plans/${p45.id}/tasks`, { to_team_id: team.id, title: 'Hướng dẫn cài VNeID tại thôn', due_on: '2022-07-30' });
  assert.equal(t.status, 201, t.text);
  const r = await c.thanhvien.post(`/api/v1/tasks/${t.json.id}/report`, { status: 'in_progress', note: 'Đã hướng dẫn 20 hộ' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'in_progress');
  const h = (await c.chomoi.ok(`/api/v1/tasks/${t.json.id}`)).history;
  assert.equal(h.at(-1).by.name, 'Tổ trưởng thôn Nà Pầu');
  // A task given to the commune itself is not the team's to report.
  const own = (await c.chomoi.ok(`/api/v1/plans/${p45.id}`)).tasks.find((x) => !x.to_team && x.to_unit.id === hoaMuc.id);
  assertProblem(await c.thanhvien.post(`/api/v1/tasks/${own.id}/report`, { status: 'done' }), 403, 'forbidden');
  // Nor may a team member review.
  assertProblem(await c.thanhvien.post(`/api/v1/tasks/${t.json.id}/review`, { decision: 'accept' }), 403, 'forbidden');
});

test('Idempotency-Key: a plan or a task created twice is created once', async () => {
  const body = base({ number: '90/KH-UBND', title: 'Kế hoạch gửi hai lần' });
  const key = 'plan-' + Date.now().toString(36);
  const a = await c.chomoi.post('/api/v1/plans', body, { headers: { 'Idempotency-Key': key } });
  assert.equal(a.status, 201, a.text);
  const n = sqlCount(s.db, 'SELECT COUNT(*) FROM plans');
  const b = await c.chomoi.post('/api/v1/plans', body, { headers: { 'Idempotency-Key': key } });
  assert.equal(b.status, 200, b.text);
  assert.equal(b.headers['idempotent-replayed'], 'true');
  assert.equal(b.json.id, a.json.id);
  assert.equal(sqlCount(s.db, 'SELECT COUNT(*) FROM plans'), n);
  await nothingSaved(async () => {
    assertProblem(await c.chomoi.post('/api/v1/plans', { ...body, title: 'Khác' }, { headers: { 'Idempotency-Key': key } }), 409, 'idempotency_key_reused');
    assertProblem(await c.chomoi.post('/api/v1/plans', body, { headers: { 'Idempotency-Key': 'x' } }), 400, 'idempotency_key_invalid');
  });
  const task = { to_unit_id: hoaMuc.id, title: 'Nhiệm vụ gửi hai lần', due_on: '2022-08-01' };
  const tk = 'task-' + Date.now().toString(36);
  const t1 = await c.chomoi.post(`/api/v1/plans/${a.json.id}/tasks`, task, { headers: { 'Idempotency-Key': tk } });
  assert.equal(t1.status, 201, t1.text);
  const t2 = await c.chomoi.post(`/api/v1/plans/${a.json.id}/tasks`, task, { headers: { 'Idempotency-Key': tk } });
  assert.equal(t2.status, 200);
  assert.equal(t2.json.id, t1.json.id);
  assert.equal((await c.chomoi.ok(`/api/v1/plans/${a.json.id}`)).tasks.filter((x) => x.title === task.title).length, 1);
});

test('the second plan, after the reorganisation: Thái Nguyên with Decision 411\'s 2025 targets', async () => {
  const tn = await unitByName(c.admin, 'Tỉnh Thái Nguyên', '2025-07-15');
  const list = await c.thainguyen.ok(`/api/v1/units/${tn.id}/plans`);
  const p = list.items.find((x) => x.number === '118/KH-UBND');
  assert.ok(p, JSON.stringify(list.items.map((x) => x.number)));
  const plan = await c.thainguyen.ok(`/api/v1/plans/${p.id}`);
  assert.equal(plan.issuer_organ, 'UBND tỉnh Thái Nguyên');
  const own = plan.targets.filter((t) => t.unit.id === tn.id);
  const byCode = Object.fromEntries(own.map((t) => [t.indicator, t.value]));
  assert.equal(byCode.cd_smartphone, 80);
  assert.equal(byCode.cd_cap_quang, 80);
  assert.equal(byCode.cd_ky_nang_so, 70);
  assert.equal(byCode.cd_ho_so_suc_khoe, 90);
  assert.ok(plan.targets.length > own.length, 'cascaded to the communes');
  const tanKy = await c.tanky.ok(`/api/v1/plans/${p.id}`);
  assert.ok(tanKy.tasks.some((t) => /Rà soát sổ hộ/.test(t.title)), 'Xã Tân Kỳ has its task');
});

test('the leader\'s board: open plans by forecast, overdue tasks, the units most behind', async () => {
  const b = await c.backan.ok(`/api/v1/units/${bk.id}/plan-board?date=2022-05-25`);
  assert.equal(b.date, '2022-05-25');
  const p = b.plans.find((x) => x.number === '265/KH-UBND');
  assert.ok(p, JSON.stringify(b.plans.map((x) => x.number)));
  const t = p.targets;
  assert.equal(t.met + t.missed + t.on_track + t.at_risk + t.historical, t.total);
  assert.ok(t.total >= 9);
  assert.equal(p.own_targets.length, 1);
  assert.equal(p.own_targets[0].indicator, 'phu_song_xa');
  assert.ok(b.plans.some((x) => x.number === '45/KH-UBND'), 'a district\'s plan is in the province\'s area');
  // The demo's tasks due 15/05 and 20/05 are overdue on 25/05 (unless accepted by an earlier test).
  assert.ok(b.overdue_tasks.every((x) => x.overdue && x.days_late > 0));
  const lates = b.overdue_tasks.map((x) => x.days_late);
  assert.deepEqual(lates, [...lates].sort((x, y) => y - x), 'the latest first');
  assert.ok(b.behind.every((x) => ['at_risk', 'missed'].includes(x.forecast) && x.unit.id !== bk.id));
  const shares = b.behind.map((x) => x.share ?? 0);
  assert.deepEqual(shares, [...shares].sort((x, y) => x - y), 'the lowest share first');
  // A district sees its own area only; a plan not yet started or ended is not open.
  const d = await c.chomoi.ok(`/api/v1/units/${choMoi.id}/plan-board?date=2022-05-25`);
  assert.ok(d.plans.every((x) => x.unit.id !== bk.id));
  assert.equal((await c.backan.ok(`/api/v1/units/${bk.id}/plan-board?date=2023-02-01`)).plans.filter((x) => ['265/KH-UBND', '45/KH-UBND'].includes(x.number)).length, 0);
  assertProblem(await c.chomoi.get(`/api/v1/units/${bk.id}/plan-board`), 404, 'not_found');
  assertProblem(await c.backan.get(`/api/v1/units/${bk.id}/plan-board?date=2022-13-01`), 400, 'bad_query');
});

test('the progress report as .xlsx: the same figures as the progress, read back', async () => {
  const pr = await c.backan.ok(`/api/v1/plans/${p265.id}/progress?date=2022-05-04`);
  const r = await c.backan.get(`/api/v1/plans/${p265.id}/progress.xlsx?date=2022-05-04`);
  const all = readSheet(r);
  assert.match(r.headers['content-disposition'], /filename="tien-do-ke-hoach-265-kh-ubnd\.xlsx"/);
  // The official heading (Decree 30): the issuing body and the number on the left, the national heading, motto and date on the right.
  const titleAt = all.findIndex((row) => /^Tiến độ thực hiện/.test(row[0]?.text || ''));
  const heading = all.slice(0, titleAt).flat().map((x) => x.text);
  assert.ok(heading.includes('UỶ BAN NHÂN DÂN') && heading.includes('TỈNH BẮC KẠN'), JSON.stringify(heading));
  assert.ok(heading.includes('CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM') && heading.includes('Độc lập - Tự do - Hạnh phúc'));
  assert.ok(heading.some((t) => /^Số: +\/BC-UBND$/.test(t)), JSON.stringify(heading));
  assert.ok(heading.includes('Bắc Kạn, ngày 04 tháng 5 năm 2022'), JSON.stringify(heading));
  const rows = all.slice(titleAt);
  assert.match(rows[0][0].text, /^Tiến độ thực hiện Kế hoạch số 265\/KH-UBND ngày 25\/04\/2022 của UBND tỉnh Bắc Kạn \(đến ngày 04\/05\/2022\)$/);
  assert.deepEqual(rows[1].map((x) => x.text), ['STT', 'Đơn vị', 'Chỉ tiêu', 'Đơn vị tính', 'Chỉ tiêu giao', 'Hạn hoàn thành', 'Thực hiện', 'Tỷ lệ đạt (%)', 'Dự báo đến hạn', 'Đánh giá']);
  const targetRows = rows.slice(2, 2 + pr.items.length);
  assert.equal(targetRows.length, pr.items.length);
  pr.items.forEach((it, i) => {
    const row = targetRows[i];
    assert.equal(row[1].text, it.unit.name);
    assert.equal(row[4].number, it.value);
    if (it.current !== null) assert.equal(row.find((x) => x.col === 'G').number, it.current);
    assert.equal(row.at(-1).text, it.forecast_name);
  });
  assert.ok(rows.slice(2 + pr.items.length).every((row) => /^Nhiệm vụ: /.test(row[2].text)), 'then the tasks');
  // Scope: a district reads only its rows.
  const dAll = readSheet(await c.chomoi.get(`/api/v1/plans/${p265.id}/progress.xlsx?date=2022-05-04`));
  const d = dAll.slice(dAll.findIndex((row) => /^Tiến độ thực hiện/.test(row[0]?.text || '')));
  assert.ok(d.slice(2).every((row) => ['Tỉnh Bắc Kạn', 'Huyện Chợ Mới'].includes(row[1].text)));
  assertProblem(await c.backan.get(`/api/v1/plans/${p265.id}/progress.xlsx?date=x`), 400, 'bad_query');
});

test('the plan\'s PDF and a task\'s evidence: checked by their bytes, size-limited, served as attachments', async () => {
  const FILES = ['plan_files'];
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(3000, 'x'), Buffer.from('\n%%EOF\n')]);
  const r = await c.backan.upload(`/api/v1/plans/${p265.id}/document`, pdf, { name: '../../Kế hoạch 265.pdf' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.name, 'Kế hoạch 265.pdf');
  assert.equal(r.json.size, pdf.length);
  assert.equal(r.json.content_type, 'application/pdf');
  const d = await c.chomoi.get(r.json.url);
  assert.equal(d.status, 200);
  assert.equal(d.headers['content-type'], 'application/pdf');
  assert.match(d.headers['content-disposition'], /^attachment; filename="ke-hoach-265\.pdf"; filename\*=UTF-8''K%E1%BA%BF/);
  assert.ok(Buffer.compare(d.body, pdf) === 0, 'the same bytes back');
  assert.ok((await c.backan.ok(`/api/v1/plans/${p265.id}`)).documents.some((f) => f.id === r.json.id));
  const before = dbSnapshot(s.db, FILES);
  const html = Buffer.from('<html><script>alert(1)</script>%PDF-');
  assertProblem(await c.backan.upload(`/api/v1/plans/${p265.id}/document`, html, { name: 'x.pdf' }), 415, 'unsupported_file_type');
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100)]);
  assertProblem(await c.backan.upload(`/api/v1/plans/${p265.id}/document`, png, { name: 'x.pdf' }), 415, 'unsupported_file_type');
  const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2 * 1024 * 1024, 'x')]);
  assertProblem(await c.backan.upload(`/api/v1/plans/${p265.id}/document`, big, { name: 'big.pdf' }), 413, 'file_too_large');
  // Beyond the route's body limit the server answers 413 and may close before reading it all.
  const refused = async (p) => { try { return (await p).status; } catch (e) { assert.ok(e.early, String(e)); return 413; } };
  assert.equal(await refused(c.backan.upload(`/api/v1/plans/${p265.id}/document`, Buffer.concat([big, big]), { name: 'huge.pdf' })), 413);
  assertProblem(await c.backan.upload(`/api/v1/plans/${p265.id}/document`, Buffer.alloc(0), { name: 'x.pdf' }), 422, 'validation_failed', { fields: ['file'] });
  assertProblem(await c.backan.upload(`/api/v1/plans/${p265.id}/document`, pdf), 422, 'validation_failed', { fields: ['name'] });
  // The file wrapped in JSON, as the app sent it before: told to send the file itself.
  assertProblem(await c.backan.post(`/api/v1/plans/${p265.id}/document`, { name: 'x.pdf', content_base64: pdf.toString('base64') }), 415, 'unsupported_media_type');
  assertProblem(await c.chomoi.upload(`/api/v1/plans/${p265.id}/document`, pdf, { name: 'x.pdf' }), 403, 'forbidden');
  // A plain route keeps the 64 KB limit.
  assert.equal(await refused(c.backan.post(`/api/v1/plans/${p265.id}/targets`, { indicator: 'so_to', value: 1, deadline: '2022-06-30', pad: 'x'.repeat(70 * 1024) })), 413);
  assert.equal(dbSnapshot(s.db, FILES), before, 'nothing saved');

  // Evidence of Hoà Mục's task, a JPEG; a viewer cannot hand it in; another unit cannot read it.
  const task = (await c.hoamuc.ok(`/api/v1/plans/${p45.id}`)).tasks.find((t) => t.to_unit.id === hoaMuc.id && !t.to_team && t.status !== 'accepted');
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 1)]);
  const e = await c.hoamuc.upload(`/api/v1/tasks/${task.id}/evidence`, jpeg, { name: 'ảnh họp thôn.jpeg' });
  assert.equal(e.status, 201, e.text);
  assert.equal(e.json.name, 'ảnh họp thôn.jpg');
  const listed = (await c.chomoi.ok(`/api/v1/plans/${p45.id}`)).tasks.find((t) => t.id === task.id);
  assert.equal(listed.evidence[0].id, e.json.id);
  assert.equal((await c.chomoi.get(e.json.url)).headers['content-type'], 'image/jpeg');
  assertProblem(await c.xem.upload(`/api/v1/tasks/${task.id}/evidence`, pdf, { name: 'a.pdf' }), 403, 'forbidden');
  assertProblem(await c.hoamuc.upload(`/api/v1/tasks/${task.id}/evidence`, Buffer.from('MZ\x90\x00'), { name: 'a.exe' }), 415, 'unsupported_file_type');
  assertProblem(await c.tanky.get(e.json.url), 404, 'not_found');
  assertProblem(await c.hoamuc.get('/api/v1/plan-files/999999'), 404, 'not_found');
  // Stored bytes that no longer decode to the file are never served as an empty or short file.
  sqlWrite(s.db, `UPDATE plan_files SET content = substr(content, 1, 100) WHERE id = ${e.json.id}`);
  const damaged = await c.chomoi.get(e.json.url);
  assert.equal(damaged.status, 500, damaged.text);
  assert.match(damaged.headers['content-type'], /problem\+json/);
});
