// Plans, targets and tasks (issue 14): the demo's Plan 265/KH-UBND and Chợ
// Mới's plan implementing it; targets cascaded to the units below (same,
// population, table) with the check that parts add up; progress from the
// scorecard's own figures, lagging first; tasks reported, returned with a
// reason and accepted, with their history; scope and bad input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, loginAll, unitByName, assertProblem, scoreIndicator, dbSnapshot, sqlCount } from './lib.mjs';

const TABLES = ['plans', 'plan_targets', 'plan_tasks', 'plan_task_events'];
let s; let c; let bk; let choMoi; let hoaMuc; let p265; let p45;
before(async () => {
  s = await startServer();
  c = await loginAll(s.url);
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
