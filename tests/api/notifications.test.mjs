// Notifications (issue 14): a plan or task given to a unit, a target given
// from above, a task due within 3 days or overdue (the periodic sweep, run
// here for a day by the administrator), a task reported done and sent back,
// a target at risk; each addressed to one unit and seen by its users only;
// read marks per user; paging; the sweep recorded once however often it
// runs; bad input answers 4xx and records nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, loginAll, unitByName, assertProblem, dbSnapshot, sqlCount } from './lib.mjs';

const TABLES = ['notifications', 'notification_reads'];
let s; let c; let choMoi; let hoaMuc; let plan; let task; let target;
before(async () => {
  s = await startServer();
  c = await loginAll(s.url);
  choMoi = await unitByName(c.admin, 'Huyện Chợ Mới');
  hoaMuc = await unitByName(c.admin, 'Xã Hoà Mục');
});
after(async () => { await s?.stop(); });

const inbox = async (who, q = '') => (await c[who].ok(`/api/v1/notifications${q}`));
const kinds = (list) => list.items.map((n) => n.kind);
const sweep = async (date) => {
  const r = await c.admin.post('/api/v1/notifications/sweep', { date });
  assert.equal(r.status, 200, r.text);
  return r.json;
};

test('a draft announces nothing; issuing it tells the plan\'s unit, the units given targets and the tasks\' units', async () => {
  const before = await inbox('hoamuc');
  const r = await c.chomoi.post('/api/v1/plans', {
    number: '77/KH-UBND', issued_on: '2022-05-01', issuer_organ: 'UBND huyện Chợ Mới', title: 'Kế hoạch chuyển đổi số cộng đồng',
    unit_id: choMoi.id, start_on: '2022-05-01', end_on: '2022-12-31', status: 'draft',
  });
  assert.equal(r.status, 201, r.text);
  plan = r.json;
  const t = await c.chomoi.post(`/api/v1/plans/${plan.id}/tasks`, { to_unit_id: hoaMuc.id, title: 'Rà soát hộ chưa có VNeID', due_on: '2022-06-10' });
  assert.equal(t.status, 201, t.text);
  task = t.json;
  const g = await c.chomoi.post(`/api/v1/plans/${plan.id}/targets`, { indicator: 'so_thanh_vien', value: 5000, deadline: '2022-12-31', unit_id: hoaMuc.id });
  assert.equal(g.status, 201, g.text);
  target = g.json.items[0];
  assert.equal((await inbox('hoamuc')).unread, before.unread, 'a draft tells no one');

  const up = await c.chomoi.patch(`/api/v1/plans/${plan.id}`, { status: 'issued' });
  assert.equal(up.status, 200, up.text);
  const mine = await inbox('hoamuc');
  assert.equal(mine.unread, before.unread + 2);
  const assigned = mine.items.find((n) => n.kind === 'task_assigned');
  assert.ok(assigned, JSON.stringify(kinds(mine)));
  assert.equal(assigned.subject.type, 'task');
  assert.equal(assigned.subject.id, task.id);
  assert.equal(assigned.plan_id, plan.id);
  assert.equal(assigned.unit.id, hoaMuc.id);
  assert.equal(assigned.read, false);
  assert.equal(assigned.due, '2022-06-10');
  assert.match(assigned.title, /^Nhiệm vụ mới: Rà soát hộ chưa có VNeID$/);
  assert.match(assigned.body, /10\/06\/2022/, 'dates dd/mm/yyyy');
  const given = mine.items.find((n) => n.kind === 'plan_targets');
  assert.ok(given);
  assert.match(given.title, /77\/KH-UBND/);
  assert.match(given.body, /5\.000/, 'numbers 1.234');
  const district = await inbox('chomoi');
  const issued = district.items.find((n) => n.kind === 'plan_issued' && n.subject.id === plan.id);
  assert.ok(issued, JSON.stringify(kinds(district)));
  assert.equal(issued.link, `/plans/${plan.id}`);
  // Issuing again (ended → issued is no path; a PATCH of the title) announces nothing more.
  await c.chomoi.patch(`/api/v1/plans/${plan.id}`, { title: 'Kế hoạch chuyển đổi số cộng đồng (sửa)' });
  assert.equal((await inbox('hoamuc')).unread, mine.unread);
  // A task added to an issued plan is announced at once.
  const t2 = await c.chomoi.post(`/api/v1/plans/${plan.id}/tasks`, { to_unit_id: hoaMuc.id, title: 'Tập huấn tổ công nghệ', due_on: '2022-07-01' });
  assert.equal(t2.status, 201);
  assert.equal((await inbox('hoamuc')).unread, mine.unread + 1);
});

test('each user sees only their own unit\'s notifications', async () => {
  const prov = await inbox('backan');
  assert.ok(!prov.items.some((n) => n.plan_id === plan.id), 'the province is not told of a district\'s plan');
  const admin = await inbox('admin');
  assert.equal(admin.items.length, 0, 'the nation has no inbox');
  const member = await inbox('thanhvien');
  assert.ok(!member.items.some((n) => n.unit.id === hoaMuc.id), 'a village\'s member does not see the commune\'s');
  // Marking another unit's notification read: 404, nothing saved.
  const theirs = (await inbox('hoamuc')).items[0];
  const snap = dbSnapshot(s.db, TABLES);
  assertProblem(await c.chomoi.post(`/api/v1/notifications/${theirs.id}/read`, {}), 404, 'not_found');
  assertProblem(await c.chomoi.post('/api/v1/notifications/999999/read', {}), 404, 'not_found');
  assertProblem(await c.chomoi.post('/api/v1/notifications/abc/read', {}), 404, 'not_found');
  assert.equal(dbSnapshot(s.db, TABLES), snap);
});

test('the sweep: due within 3 days, then overdue to both sides; run twice, recorded once', async () => {
  const early = await sweep('2022-06-01');  // 9 days before: nothing due yet
  assert.ok(!(await inbox('hoamuc')).items.some((n) => n.kind === 'task_due_soon' && n.subject.id === task.id));
  assert.ok(early.looked_at >= 3);
  await sweep('2022-06-07');
  let mine = await inbox('hoamuc');
  const soon = mine.items.find((n) => n.kind === 'task_due_soon' && n.subject.id === task.id);
  assert.ok(soon, JSON.stringify(kinds(mine)));
  assert.match(soon.body, /còn 3 ngày/);
  const count = sqlCount(s.db, 'SELECT COUNT(*) FROM notifications');
  const again = await sweep('2022-06-07');
  assert.equal(again.recorded, 0, 'the same day again records nothing');
  await sweep('2022-06-08');
  assert.equal(sqlCount(s.db, `SELECT COUNT(*) FROM notifications WHERE kind = 'task_due_soon' AND subject_id = ${task.id}`), 1, 'due soon is told once');
  assert.ok(sqlCount(s.db, 'SELECT COUNT(*) FROM notifications') >= count);

  await sweep('2022-06-12');
  mine = await inbox('hoamuc');
  const late = mine.items.find((n) => n.kind === 'task_overdue' && n.subject.id === task.id);
  assert.ok(late, JSON.stringify(kinds(mine)));
  assert.match(late.title, /^Nhiệm vụ quá hạn/);
  assert.match(late.body, /quá 2 ngày/);
  const district = await inbox('chomoi');
  const toAssigner = district.items.find((n) => n.kind === 'task_overdue' && n.subject.id === task.id);
  assert.ok(toAssigner, 'the assigner is told too');
  assert.match(toAssigner.body, /Xã Hoà Mục/);
  await sweep('2022-06-13');
  await sweep('2022-06-20');
  assert.equal(sqlCount(s.db, `SELECT COUNT(*) FROM notifications WHERE kind = 'task_overdue' AND subject_id = ${task.id}`), 2, 'overdue is told once to each side');
});

test('a target at risk is told to its unit once', async () => {
  await sweep('2022-07-15');
  const mine = await inbox('hoamuc');
  const risk = mine.items.find((n) => n.kind === 'target_at_risk' && n.plan_id === plan.id);
  assert.ok(risk, JSON.stringify(kinds(mine)));
  assert.match(risk.body, /trên chỉ tiêu 5\.000/);
  assert.equal(risk.due, target.deadline);
  await sweep('2022-07-16');
  assert.equal(sqlCount(s.db, `SELECT COUNT(*) FROM notifications WHERE kind = 'target_at_risk' AND unit_id = ${hoaMuc.id} AND plan_id = ${plan.id}`), 1);
});

test('done goes to the assigner; sent back goes to the assignee with the reason, each time', async () => {
  let r = await c.hoamuc.post(`/api/v1/tasks/${task.id}/report`, { status: 'done', note: 'Đã rà soát 120 hộ' });
  assert.equal(r.status, 200, r.text);
  const done = (await inbox('chomoi')).items.find((n) => n.kind === 'task_done' && n.subject.id === task.id);
  assert.ok(done);
  assert.match(done.body, /Xã Hoà Mục báo cáo hoàn thành/);
  r = await c.chomoi.post(`/api/v1/tasks/${task.id}/review`, { decision: 'return', reason: 'Thiếu danh sách thôn Nà Pầu' });
  assert.equal(r.status, 200, r.text);
  let back = (await inbox('hoamuc')).items.filter((n) => n.kind === 'task_returned' && n.subject.id === task.id);
  assert.equal(back.length, 1);
  assert.match(back[0].body, /Lý do: Thiếu danh sách thôn Nà Pầu/);
  await c.hoamuc.post(`/api/v1/tasks/${task.id}/report`, { status: 'done', note: 'Bổ sung' });
  await c.chomoi.post(`/api/v1/tasks/${task.id}/review`, { decision: 'return', reason: 'Chưa có chữ ký' });
  back = (await inbox('hoamuc')).items.filter((n) => n.kind === 'task_returned' && n.subject.id === task.id);
  assert.equal(back.length, 2, 'a second return is told again');
  assert.equal((await inbox('chomoi')).items.filter((n) => n.kind === 'task_done' && n.subject.id === task.id).length, 2);
});

test('read marks are per user; read-all; paging; the count', async () => {
  const mine = await inbox('hoamuc');
  assert.ok(mine.unread >= 5, `unread ${mine.unread}`);
  const first = mine.items[0];
  assert.equal((await c.hoamuc.post(`/api/v1/notifications/${first.id}/read`, {})).status, 204);
  assert.equal((await c.hoamuc.post(`/api/v1/notifications/${first.id}/read`, {})).status, 204, 'twice is fine');
  const afterRead = await inbox('hoamuc');
  assert.equal(afterRead.unread, mine.unread - 1);
  assert.equal(afterRead.items.find((n) => n.id === first.id).read, true);
  assert.equal((await c.hoamuc.ok('/api/v1/notifications/count')).unread, mine.unread - 1);
  assert.ok(!(await inbox('hoamuc', '?unread=1')).items.some((n) => n.id === first.id));

  // Pages of 2, newest first, none repeated or missing.
  const all = await inbox('hoamuc', '?limit=100');
  assert.ok(all.items.length < 100);
  const seen = [];
  let cursor = null;
  for (let i = 0; i < 50; i++) {
    const page = await inbox('hoamuc', `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.ok(page.items.length <= 2);
    seen.push(...page.items.map((n) => n.id));
    cursor = page.next_cursor;
    if (!cursor) break;
  }
  assert.deepEqual(seen, all.items.map((n) => n.id));
  assert.deepEqual(seen, [...seen].sort((a, b) => b - a), 'newest first');

  const r = await c.hoamuc.post('/api/v1/notifications/read-all', {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.marked, mine.unread - 1);
  assert.equal((await inbox('hoamuc')).unread, 0);
  assert.ok((await inbox('chomoi')).unread > 0, 'another unit\'s marks are its own');
});

test('bad input: 4xx, nothing recorded', async () => {
  const snap = dbSnapshot(s.db, TABLES);
  assertProblem(await c.hoamuc.get('/api/v1/notifications?limit=0'), 400, 'bad_query');
  assertProblem(await c.hoamuc.get('/api/v1/notifications?cursor=zzz'), 400, 'invalid_cursor');
  assertProblem(await c.chomoi.post('/api/v1/notifications/sweep', { date: '2022-06-12' }), 403, 'forbidden');
  assertProblem(await c.admin.post('/api/v1/notifications/sweep', { date: '2022-02-30' }), 422, 'validation_failed', { fields: ['date'] });
  assertProblem(await c.admin.post('/api/v1/notifications/sweep', { when: 1 }), 422, 'validation_failed', { fieldCodes: { when: 'unknown_field' } });
  assertProblem(await c.hoamuc.post('/api/v1/notifications/read-all', { up_to: 'x' }), 422, 'validation_failed', { fields: ['up_to'] });
  const bad = await c.hoamuc.request('POST', '/api/v1/notifications/read-all', '{"up_to":', { headers: { 'Content-Type': 'application/json' } });
  assert.equal(bad.status, 400);
  assert.equal((await c.hoamuc.post('/api/v1/notifications/read-all', {}, { csrf: false })).status, 403);
  assert.equal(dbSnapshot(s.db, TABLES), snap);
});
