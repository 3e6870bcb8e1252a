// Periodic reports (issue 15): the forms as data, who is expected, the
// workflow draft → submitted (figures frozen) → approved / returned with a
// reason, not reporting, reopening at the approver's level, every step in
// the history, two tabs racing, a district approving its ready communes in
// one action, the lock approval puts on the period's activities (engine
// command layer), live figures against frozen ones, and bad input: 4xx,
// nothing changed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, loginAll, assertProblem, unchanged, newKey, raw, parseCsv, DEMO_LOGINS } from './lib.mjs';

let s; let c;
const u = {};
let communes; let team; let juneActivity;
const FORM = 'hoat_dong_to_cnscd';
const TABLES = ['report_documents', 'report_events', 'report_values', 'report_sections', 'report_outliers', 'activities', 'notifications'];
const path = (unit, period, action = '', form = FORM) =>
  `/api/v1/units/${unit.id}/periodic/${form}/${period}${action ? `/${action}` : ''}`;
const nothingChanged = (fn) => unchanged(s.db, fn, { tables: TABLES });

before(async () => {
  s = await startServer();
  c = await loginAll(s.url, [...DEMO_LOGINS, 'tanky']);
  for (const code of ['06', '065', '02098']) {
    const r = await c.admin.ok(`/api/v1/units?code=${code}&date=2022-05-31`);
    u[code] = r.items[0];
  }
  assert.equal(u['02098'].name, 'Xã Hoà Mục');
  communes = (await c.chomoi.ok(`/api/v1/units/${u['065'].id}/children?date=2022-05-04`)).items;
  assert.equal(communes.length, 14);
  const village = c.thanhvien.user.unit_id;
  [team] = (await c.thanhvien.ok(`/api/v1/units/${village}/teams`)).items;
  assert.ok(team, 'the pilot village has a team');
});
after(async () => { await s?.stop(); });

/** Submits with an explanation for each validation rule the live figures break (what an officer types). */
async function submitAs(client, unit, period, body = {}) {
  const now = await client.ok(path(unit, period));
  const explanations = Object.fromEntries(now.violations.map((v) => [v.rule, 'Đã kiểm tra: số liệu đúng thực tế']));
  return client.post(path(unit, period, 'submit'), Object.keys(explanations).length ? { ...body, explanations } : body);
}

const activity = (client, date) => client.post('/api/v1/activities',
  { team_id: team.id, unit_id: team.unit_id, type: 'dich_vu_cong', date, quantities: { people: 3 } },
  { headers: { 'Idempotency-Key': newKey('periodic') } });

test('GET /report-forms: the monthly teams\' report and the quarterly report against Decision 411, as data', async () => {
  const r = await c.hoamuc.ok('/api/v1/report-forms');
  const monthly = r.items.find((f) => f.code === FORM);
  assert.equal(monthly.periodicity, 'month');
  assert.equal(monthly.due_day, 20);
  assert.deepEqual(monthly.levels, ['commune', 'district', 'province']);
  assert.deepEqual(monthly.sections, ['ket_qua', 'kho_khan', 'de_xuat', 'phuong_huong']);
  const q = r.items.find((f) => f.code === 'ket_qua_qd411');
  assert.equal(q.periodicity, 'quarter');
  assert.match(q.basis, /411\/QĐ-TTg/);
  assert.ok(q.indicators.includes('cd_smartphone'));
});

test('a commune\'s report of a month: draft, expected, due on the 20th of the month after, approved by its district', async () => {
  const r = await c.hoamuc.ok(path(u['02098'], '2022-06'));
  assert.equal(r.status, 'draft');
  assert.equal(r.expected, true);
  assert.equal(r.due_on, '2022-07-20');
  assert.equal(r.title, 'tháng 6/2022');
  assert.equal(r.approver.id, u['065'].id);
  assert.equal(r.can.submit, true);
  assert.equal(r.can.approve, false);
  assert.ok(r.values.length > 5 && r.values.every((v) => !('frozen' in v)), 'a draft shows live figures only');
  // The district's: 14 communes below it, none reported.
  const d = await c.chomoi.ok(path(u['065'], '2022-06'));
  assert.equal(d.children.length, 14);
  assert.deepEqual(d.completeness, { expected: 15, submitted: 0, on_time: 0, reporting_rate: 0, on_time_rate: 0 });
  // The list by period: the year's months that have begun.
  const list = await c.hoamuc.ok(`/api/v1/units/${u['02098'].id}/periodic?year=2022`);
  assert.equal(list.items.length, 12);
  assert.equal(list.items[5].period, '2022-06');
  assert.equal(list.items[5].late, true);
});

test('bad input: a clear 4xx and nothing changed', async () => {
  const hm = u['02098'];
  await nothingChanged(async () => {
    assertProblem(await c.hoamuc.get(`/api/v1/units/${hm.id}/periodic/khong_co/2022-06`), 404, 'not_found');
    assertProblem(await c.hoamuc.post(path(hm, '2022-Q2', 'submit'), {}), 400, 'bad_query');
    assertProblem(await c.hoamuc.post(path(hm, '2099-01', 'submit'), {}), 400, 'bad_query', { msg: 'a future period' });
    assertProblem(await c.hoamuc.post(path(hm, '2022-13', 'submit'), {}), 400, 'bad_query');
    const now = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 7);
    assertProblem(await c.hoamuc.post(path(hm, now, 'submit'), {}), 409, 'not_expected', { msg: 'a commune that ended in 2025' });
    assertProblem(await c.tanky.post(path({ id: c.tanky.user.unit_id }, now, 'submit'), {}), 409, 'period_running', { msg: 'the month still running' });
    // Out of scope: another commune (404, as if it did not exist).
    const other = communes.find((x) => x.id !== hm.id);
    assertProblem(await c.hoamuc.post(path(other, '2022-06', 'submit'), {}), 404, 'not_found');
    // A village does not report on this form.
    const village = { id: c.thanhvien.user.unit_id };
    assertProblem(await c.hoamuc.post(path(village, '2022-06', 'submit'), {}), 409, 'not_expected');
    // Bodies.
    assertProblem(await c.hoamuc.post(path(hm, '2022-06', 'submit'), { version: 'một' }), 422, 'validation_failed', { fields: ['version'] });
    const huge = await c.hoamuc.request('POST', path(hm, '2022-06', 'submit'), '{"version": 1e400}', { headers: { 'Content-Type': 'application/json' } });
    assert.ok([400, 422].includes(huge.status), huge.text);
    assertProblem(await c.hoamuc.post(path(hm, '2022-06', 'submit'), { khac: 1 }), 422, 'validation_failed', { fields: ['khac'] });
    assertProblem(await c.hoamuc.post(path(hm, '2022-06', 'submit'), { reason: 'không cần' }), 422, 'validation_failed', { fields: ['reason'] });
    const bad = await c.hoamuc.request('POST', path(hm, '2022-06', 'submit'), '{"version": 1', { headers: { 'Content-Type': 'application/json' } });
    assert.ok(bad.status === 400, bad.text);
    const utf = await c.hoamuc.request('POST', path(hm, '2022-06', 'submit'), Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]),
      { headers: { 'Content-Type': 'application/json' } });
    assert.equal(utf.status, 400, utf.text);
    // Return, reopen and not-reporting need the approver's level and a reason.
    assertProblem(await c.hoamuc.post(path(hm, '2022-06', 'return'), { reason: 'x' }), 403, 'forbidden');
    assertProblem(await c.chomoi.post(path(hm, '2022-06', 'not-reporting'), {}), 422, 'validation_failed', { fields: ['reason'] });
    assertProblem(await c.chomoi.post(path(hm, '2022-06', 'not-reporting'), { reason: 'x'.repeat(2001) }), 422, 'validation_failed', { fields: ['reason'] });
    // Nothing to approve yet.
    assertProblem(await c.chomoi.post(path(hm, '2022-06', 'approve'), {}), 409, 'report_state');
    // Viewers and team members do not write.
    assertProblem(await c.xem.post(path(hm, '2022-06', 'submit'), {}), 403, 'forbidden');
  });
});

test('submit freezes the figures; live ones that change afterwards show the difference; a viewer reads both', async () => {
  const hm = u['02098'];
  const r = await submitAs(c.hoamuc, hm, '2022-06', { version: 0 });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'submitted');
  assert.equal(r.json.on_time, false, 'submitted long after 20/07/2022');
  assert.equal(r.json.events.length, 1);
  assert.equal(r.json.events[0].action, 'submit');
  assert.equal(r.json.events[0].by_name, 'Công chức VH-XH xã Hoà Mục');
  const before = r.json.values.find((v) => v.indicator === 'dvc_huong_dan');
  assert.equal(before.frozen, before.live);
  assert.equal(r.json.differing, 0);
  // Submitted, not approved: the period still takes activities, and the report shows what moved.
  const a = await activity(c.thanhvien, '2022-06-12');
  assert.equal(a.status, 201, a.text);
  juneActivity = a.json;
  const after = await c.xem.ok(path(hm, '2022-06'));
  const v = after.values.find((x) => x.indicator === 'dvc_huong_dan');
  assert.equal(v.frozen, before.frozen);
  assert.equal(v.live, (before.live ?? 0) + 3);
  assert.equal(v.difference, 3);
  assert.equal(v.differs, true);
  assert.ok(after.differing >= 1);
  // The narrative of a submitted report is not edited.
  assertProblem(await c.hoamuc.put(`/api/v1/units/${hm.id}/reports/2022-06`, { sections: { ket_qua: 'Sửa' } }), 409, 'report_locked');
  // A second submission: 409, nothing changed.
  await nothingChanged(async () => {
    assertProblem(await c.hoamuc.post(path(hm, '2022-06', 'submit'), {}), 409, 'report_state');
  });
});

test('return with a reason (kept, shown), edit, resubmit; two tabs racing: one wins, the other 409, both see one result', async () => {
  const hm = u['02098'];
  // Approving from outside the parent: Tân Kỳ's officer sees Hoà Mục (it was formed from it) but is not its approver.
  assertProblem(await c.tanky.post(path(hm, '2022-06', 'approve'), {}), 403, 'forbidden');
  assertProblem(await c.hoamuc.post(path(hm, '2022-06', 'approve'), {}), 403, 'forbidden', { msg: 'a commune approving itself' });
  const now = await c.chomoi.ok(path(hm, '2022-06'));
  assert.equal(now.can.approve, true);
  assert.equal(now.can.return, true);
  const reason = 'Số liệu hướng dẫn dịch vụ công chưa khớp sổ theo dõi của thôn Nà Pầu';
  const [ra, rb] = await Promise.all([
    c.chomoi.post(path(hm, '2022-06', 'return'), { reason, version: now.version }),
    c.chomoi.post(path(hm, '2022-06', 'approve'), { version: now.version }),
  ]);
  const statuses = [ra.status, rb.status].sort();
  assert.deepEqual(statuses, [200, 409], `${ra.text} ${rb.text}`);
  const loser = ra.status === 409 ? ra : rb;
  assert.ok(['version_conflict', 'report_state'].includes(loser.json.code), loser.text);
  const seen = [await c.chomoi.ok(path(hm, '2022-06')), await c.hoamuc.ok(path(hm, '2022-06'))];
  assert.equal(seen[0].status, seen[1].status);
  assert.equal(seen[0].events.length, 2, 'one step recorded, not two');
  if (seen[0].status === 'approved') {  // the approval won: reopen it to go on with the return
    const re = await c.chomoi.post(path(hm, '2022-06', 'reopen'), { reason: 'Cần trả lại để sửa số liệu' });
    assert.equal(re.status, 200, re.text);
  } else {
    assert.equal(seen[0].status, 'draft');
    assert.equal(seen[0].returned_reason, reason);
    assert.equal(seen[0].events[1].reason, reason);
    assert.equal(seen[0].events[1].by_name, 'Phòng VH-TT huyện Chợ Mới');
  }
  const doc = await c.hoamuc.put(`/api/v1/units/${hm.id}/reports/2022-06`, { sections: { ket_qua: 'Đã đối chiếu sổ theo dõi.' } });
  assert.ok([200, 201].includes(doc.status), doc.text);
  const again = await submitAs(c.hoamuc, hm, '2022-06');
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.returned_reason, null);
  assert.equal(again.json.values.find((v) => v.indicator === 'dvc_huong_dan').differs, false, 'frozen again at resubmission');
});

test('a district is approved only after all its communes; approve-all in one action; the province approves the district', async () => {
  const district = u['065'];
  const early = await submitAs(c.chomoi, district, '2022-06');
  assert.equal(early.status, 200, early.text);
  await nothingChanged(async () => {
    const r = await c.backan.post(path(district, '2022-06', 'approve'), {});
    assertProblem(r, 409, 'children_not_ready');
    assert.match(r.json.detail, /14 đơn vị cấp dưới/);
  });
  // The district enters the other communes' reports (sent on paper), marks one as not reporting.
  const others = communes.filter((x) => x.id !== u['02098'].id);
  const skipped = others[others.length - 1];
  for (const x of others.slice(0, -1)) {
    const r = await submitAs(c.chomoi, x, '2022-06');
    assert.equal(r.status, 200, `${x.name}: ${r.text}`);
  }
  const mark = await c.chomoi.post(path(skipped, '2022-06', 'not-reporting'), { reason: 'Xã đang sáp nhập thôn, không có cán bộ phụ trách' });
  assert.equal(mark.status, 200, mark.text);
  assert.equal(mark.json.status, 'not_reporting');
  const before = await c.chomoi.ok(path(district, '2022-06'));
  assert.equal(before.ready_children, 13);
  assert.equal(before.can.approve_children, true);
  const all = await c.chomoi.post(path(district, '2022-06', 'approve-children'), {});
  assert.equal(all.status, 200, all.text);
  assert.equal(all.json.approved.length, 13);
  assert.ok(all.json.children.every((k) => ['approved', 'not_reporting'].includes(k.status)));
  assert.deepEqual(all.json.completeness, { expected: 15, submitted: 14, on_time: 0, reporting_rate: 93.3, on_time_rate: 0 });
  // Again: nothing left to approve.
  const none = await c.chomoi.post(path(district, '2022-06', 'approve-children'), {});
  assert.equal(none.json.approved.length, 0);
  // The district cannot approve its own report; the province can.
  assertProblem(await c.chomoi.post(path(district, '2022-06', 'approve'), {}), 403, 'forbidden');
  const ok = await c.backan.post(path(district, '2022-06', 'approve'), {});
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.status, 'approved');
  assert.deepEqual(ok.json.events.map((e) => e.action), ['submit', 'approve']);
  // Who has not reported: the commune marked not reporting, with its approver.
  const m = await c.chomoi.ok(`${path(district, '2022-06')}/missing`);
  assert.deepEqual(m.items.map((x) => [x.unit.id, x.status, x.late]), [[skipped.id, 'not_reporting', false]]);
  assert.equal(m.items[0].approver.id, district.id);
  assert.equal(m.completeness.reporting_rate, 93.3);
});

test('units not reported, with their officers\' contacts (phones only for roles that see personal data)', async () => {
  const hm = u['02098'];
  const m = await c.chomoi.ok(`${path(hm, '2022-07')}/missing`);
  assert.equal(m.items.length, 1);
  assert.equal(m.items[0].late, true);
  assert.deepEqual(m.items[0].contacts, [{ full_name: 'Công chức VH-XH xã Hoà Mục', role: 'commune_officer', role_name: 'Cán bộ xã', phone: '0900000004' }]);
  const v = await c.xem.ok(`${path(u['065'], '2022-07')}/missing`);
  assert.equal(v.items.length, 15);
  assert.equal(v.items.find((x) => x.unit.id === hm.id).contacts[0].phone, null);
  assert.ok(v.items.some((x) => x.unit.id === u['065'].id), 'the district itself has not reported');
});

test('activities dated in an approved period are refused with the period, the unit and a way out; reopen at the approver\'s level', async () => {
  const hm = u['02098'];
  await nothingChanged(async () => {
    const r = await activity(c.thanhvien, '2022-06-20');
    assertProblem(r, 409, 'period_approved');
    assert.match(r.json.detail, /^Kỳ báo cáo tháng 6\/2022 của Xã Hoà Mục đã được duyệt/);
    assert.match(r.json.detail, /20\/06\/2022/);
  });
  // Editing or deleting one dated in the period: the same.
  await nothingChanged(async () => {
    assertProblem(await c.thanhvien.del(`/api/v1/activities/${juneActivity.id}`), 409, 'period_approved');
    assertProblem(await c.thanhvien.patch(`/api/v1/activities/${juneActivity.id}`, { date: '2022-07-02' }), 409, 'period_approved');
  });
  // July is open.
  assert.equal((await activity(c.thanhvien, '2022-07-01')).status, 201);
  // Reopening: not by the commune, a reason, then the period takes activities again.
  assertProblem(await c.hoamuc.post(path(hm, '2022-06', 'reopen'), { reason: 'Sửa' }), 403, 'forbidden');
  assertProblem(await c.chomoi.post(path(hm, '2022-06', 'reopen'), {}), 422, 'validation_failed', { fields: ['reason'] });
  // The district's approved report still covers the commune's dates.
  const re = await c.chomoi.post(path(hm, '2022-06', 'reopen'), { reason: 'Bổ sung hoạt động ngày 20/06 bị sót' });
  assert.equal(re.status, 200, re.text);
  assert.equal(re.json.status, 'draft');
  const still = await activity(c.thanhvien, '2022-06-20');
  assertProblem(still, 409, 'period_approved');
  assert.match(still.json.detail, /^Kỳ báo cáo tháng 6\/2022 của Huyện Chợ Mới đã được duyệt/);
  // The district's reopen needs the province's level.
  assertProblem(await c.chomoi.post(path(u['065'], '2022-06', 'reopen'), { reason: 'Sửa' }), 403, 'forbidden');
  const dr = await c.backan.post(path(u['065'], '2022-06', 'reopen'), { reason: 'Xã Hoà Mục bổ sung số liệu' });
  assert.equal(dr.status, 200, dr.text);
  assert.equal((await activity(c.thanhvien, '2022-06-20')).status, 201);
  const h = await c.xem.ok(path(u['065'], '2022-06'));
  assert.deepEqual(h.events.map((e) => [e.action, e.by_name]),
    [['submit', 'Phòng VH-TT huyện Chợ Mới'], ['approve', 'Sở KH&CN tỉnh Bắc Kạn'], ['reopen', 'Sở KH&CN tỉnh Bắc Kạn']]);
  assert.equal(h.events[2].reason, 'Xã Hoà Mục bổ sung số liệu');
});

test('the quarterly form takes quarters only, and a province is approved at the national level', async () => {
  const q = await c.backan.ok(path(u['06'], '2022-Q2', '', 'ket_qua_qd411'));
  assert.equal(q.due_on, '2022-07-25');
  assert.equal(q.approver, null);
  assert.equal(q.children.length > 0, true);
  assertProblem(await c.backan.get(path(u['06'], '2022-06', '', 'ket_qua_qd411')), 400, 'bad_query');
  const r = await raw(s.url, 'GET', path(u['06'], '2022-Q2', '', 'ket_qua_qd411'));
  assert.equal(r.status, 401);
});

test('reminders through the one notification producer: waiting for the approver, due in 3 days, due today, late; once each', async () => {
  const inbox = async (who) => (await c[who].ok('/api/v1/notifications?limit=100')).items;
  const waiting = (await inbox('chomoi')).filter((n) => n.kind === 'report_waiting' && n.subject.id === u['02098'].id);
  assert.ok(waiting.length >= 1, 'the district was told Hoà Mục\'s report waits');
  assert.match(waiting[0].title, /^Báo cáo tháng 6\/2022 của Xã Hoà Mục chờ duyệt/);
  assert.equal(waiting[0].subject.type, 'report');
  assert.equal(waiting[0].link, `/periodic/${u['02098'].id}`);
  const sweep = async (date) => {
    const r = await c.admin.post('/api/v1/notifications/sweep', { date });
    assert.equal(r.status, 200, r.text);
    return r.json;
  };
  await sweep('2023-01-16');  // December's report is due 20/01/2023: 4 days, not yet
  const kinds = async () => (await inbox('hoamuc')).filter((n) => n.kind.startsWith('report_due') || n.kind === 'report_late')
    .filter((n) => /tháng 12\/2022/.test(n.title));
  assert.equal((await kinds()).length, 0);
  await sweep('2023-01-17');
  let mine = await kinds();
  assert.deepEqual(mine.map((n) => n.kind), ['report_due_soon']);
  assert.match(mine[0].title, /^Báo cáo tháng 12\/2022 của Xã Hoà Mục đến hạn ngày 20\/01\/2023/);
  assert.match(mine[0].body, /còn 3 ngày/);
  await sweep('2023-01-18');
  await sweep('2023-01-20');
  const again = await sweep('2023-01-20');
  assert.equal(again.recorded, 0, 'the same day again records nothing');
  await sweep('2023-01-23');
  mine = await kinds();
  assert.deepEqual(mine.map((n) => n.kind).sort(), ['report_due_soon', 'report_due_today', 'report_late']);
  assert.match(mine.find((n) => n.kind === 'report_late').body, /đã quá 3 ngày/);
});

test('reporting and on-time rates are indicators like the others: scorecard with a target of 100 %, ranking, series', async () => {
  const district = u['065'];
  const sc = await c.chomoi.ok(`/api/v1/units/${district.id}/scorecard?from=2022-06-01&to=2022-06-30`);
  const all = sc.pillars.flatMap((p) => p.indicators);
  const rate = all.find((i) => i.code === 'ty_le_bao_cao');
  const timely = all.find((i) => i.code === 'ty_le_bao_cao_dung_han');
  assert.ok(rate && timely, 'both on the scorecard');
  // June: 14 of 15 submitted (one not reporting); the district's own reopened, so 13 + Hoà Mục resubmitted.
  const june = await c.chomoi.ok(path(district, '2022-06'));
  assert.equal(rate.value, june.completeness.reporting_rate);
  assert.equal(rate.target, 100);
  assert.equal(timely.value, 0, 'all submitted in 2026, long after 20/07/2022');
  // Ranking of the communes by reporting rate.
  const rk = await c.chomoi.ok(`/api/v1/units/${district.id}/ranking?indicator=ty_le_bao_cao&from=2022-06-01&to=2022-06-30`);
  assert.equal(rk.items.length, 14);
  assert.ok(rk.items.filter((x) => x.value === 100).length >= 12);
  // A month with nothing expected yet ended is undefined, not 0.
  const none = await c.chomoi.ok(`/api/v1/units/${district.id}/scorecard?from=2022-06-01&to=2022-06-15`);
  assert.equal(none.pillars.flatMap((p) => p.indicators).find((i) => i.code === 'ty_le_bao_cao').value, null);
});

test('the demo: Chợ Mới\'s communes\' reports of August to November 2022, one returned and resubmitted, one late, one not submitted', async () => {
  const district = u['065'];
  const list = await c.chomoi.ok(`/api/v1/units/${district.id}/periodic?year=2022`);
  const st = Object.fromEntries(list.items.map((x) => [x.period, x.status]));
  assert.deepEqual([st['2022-08'], st['2022-09'], st['2022-10'], st['2022-11']], ['approved', 'approved', 'approved', 'submitted']);
  const oct = await c.chomoi.ok(path(district, '2022-10'));
  assert.deepEqual(oct.events.map((e) => [e.action, e.by_name]), [['submit', 'Phòng VH-TT huyện Chợ Mới'], ['approve', 'Sở KH&CN tỉnh Bắc Kạn']]);
  const returned = communes[2];
  const r = await c.chomoi.ok(path(returned, '2022-10'));
  assert.deepEqual(r.events.map((e) => e.action), ['submit', 'return', 'submit', 'approve']);
  assert.match(r.events[1].reason, /rà soát lại sổ theo dõi/);
  assert.equal(r.on_time, true);
  const sep = await c.chomoi.ok(path(district, '2022-09'));
  assert.deepEqual(sep.children.filter((k) => k.on_time === false).map((k) => k.unit.id), [communes[3].id]);
  const nov = await c.chomoi.ok(path(district, '2022-11'));
  assert.equal(nov.status, 'submitted');
  assert.equal(nov.children.find((k) => k.unit.id === communes[4].id).status, 'draft');
  assert.equal(nov.completeness.submitted, 14);
  const bk = await c.backan.ok(path(u['06'], '2022-11'));
  assert.equal(bk.can.approve, false);
  const m = await c.backan.ok(`${path(district, '2022-11')}/missing`);
  assert.deepEqual(m.items.map((x) => x.unit.id), [communes[4].id]);
  // The rates of Chợ Mới and Bắc Kạn over those months.
  const q = 'from=2022-08-01&to=2022-11-30';
  const value = async (unit, code) => (await c.backan.ok(`/api/v1/units/${unit.id}/scorecard?${q}`)).pillars
    .flatMap((p) => p.indicators).find((i) => i.code === code).value;
  assert.equal(await value(district, 'ty_le_bao_cao'), 98.3);   // 59 of 60
  assert.equal(await value(district, 'ty_le_bao_cao_dung_han'), 96.7);  // 58 of 60
  const province = await value(u['06'], 'ty_le_bao_cao');
  assert.ok(province > 0 && province < 50, `Bắc Kạn: only Chợ Mới reports (${province})`);
  // Approved months lock their activities.
  const locked = await activity(c.thanhvien, '2022-09-05');
  assertProblem(locked, 409, 'period_approved');
  assert.match(locked.json.detail, /^Kỳ báo cáo tháng 9\/2022 của Xã Hoà Mục đã được duyệt/);
});

test('the report file of an approved period carries the frozen figures, and a district\'s its communes\' approved ones', async () => {
  const hm = u['02098'];
  const cell = async (unit, rowName) => {
    const r = await c.chomoi.get(`/api/v1/units/${unit.id}/report?period=2022-07&format=csv`);
    assert.equal(r.status, 200, r.text);
    const rows = parseCsv(r.text);
    const h = rows.findIndex((x) => x[0] === 'STT');
    const col = rows[h].findIndex((x) => x.startsWith('Người được hướng dẫn sử dụng dịch vụ công trực tuyến'));
    const row = rows.find((x, i) => i > h && x[1] === rowName);
    return { value: row[col], text: r.text };
  };
  assert.equal((await submitAs(c.hoamuc, hm, '2022-07')).status, 200);
  const submitted = await cell(u['065'], 'Xã Hoà Mục');
  assert.equal((await activity(c.thanhvien, '2022-07-03')).status, 201);
  const live = await cell(u['065'], 'Xã Hoà Mục');
  assert.notEqual(live.value, submitted.value, 'not approved yet: live figures');
  assert.equal((await c.chomoi.post(path(hm, '2022-07', 'approve'), {})).status, 200);
  const approved = await cell(u['065'], 'Xã Hoà Mục');
  assert.equal(approved.value, submitted.value, 'approved: the figures as submitted');
  assert.match(approved.text, /Số liệu của Xã Hoà Mục là số liệu trong báo cáo đã được duyệt/);
  const own = await cell(hm, 'Tổng cộng');
  assert.equal(own.value, submitted.value);
});

test('validation rules as data: a report breaking one is submitted only with an explanation, which the approver sees', async () => {
  const hm = u['02098'];
  const jan = await c.hoamuc.ok(path(hm, '2022-01'));  // before the teams were formed: no activity
  const rule = jan.violations.find((v) => v.rule === 'co_hoat_dong');
  assert.ok(rule, JSON.stringify(jan.violations));
  assert.equal(rule.left, 0);
  assert.match(rule.message, /không ghi nhận hoạt động nào/);
  await nothingChanged(async () => {
    const r = await c.hoamuc.post(path(hm, '2022-01', 'submit'), {});
    assertProblem(r, 422, 'validation_failed', { fields: ['explanations.co_hoat_dong'] });
    assert.equal(r.json.errors.find((e) => e.field === 'explanations.co_hoat_dong').code, 'explanation_required');
    assertProblem(await c.hoamuc.post(path(hm, '2022-01', 'submit'), { explanations: { khong_co: 'x' } }), 422, 'validation_failed', { fields: ['explanations.khong_co'] });
    assertProblem(await c.hoamuc.post(path(hm, '2022-01', 'submit'), { explanations: { co_hoat_dong: 'x'.repeat(2001) } }), 422, 'validation_failed', { fields: ['explanations.co_hoat_dong'] });
    assertProblem(await c.hoamuc.post(path(hm, '2022-01', 'submit'), { explanations: { co_hoat_dong: 5 } }), 422, 'validation_failed', { fields: ['explanations.co_hoat_dong'] });
    assertProblem(await c.hoamuc.post(path(hm, '2022-01', 'submit'), { explanations: [] }), 422, 'validation_failed', { fields: ['explanations'] });
  });
  const why = 'Các tổ công nghệ số được thành lập cuối tháng 4/2022';
  const explanations = Object.fromEntries(jan.violations.map((v) => [v.rule, why]));
  const ok = await c.hoamuc.post(path(hm, '2022-01', 'submit'), { explanations });
  assert.equal(ok.status, 200, ok.text);
  const seen = await c.chomoi.ok(path(hm, '2022-01'));
  assert.equal(seen.violations.find((v) => v.rule === 'co_hoat_dong').explanation, why);
});

test('outliers: a figure far from its own months and its peers is flagged (median and MAD on log1p); ordinary ones are not', async () => {
  const district = u['065'];
  const before = await c.chomoi.ok(`${path(district, '2022-12')}/outliers`);
  assert.ok(before.checked > 100, `figures judged: ${before.checked}`);
  assert.ok(before.flagged / before.checked < 0.02, `few alarms on the demo: ${before.flagged} of ${before.checked}`);
  assert.ok(!before.items.some((x) => x.unit.id === u['02098'].id && x.indicator === 'dvc_huong_dan'));
  for (const date of ['2022-12-05', '2022-12-06']) {  // 5.000 people at most per activity
    const r = await c.thanhvien.post('/api/v1/activities',
      { team_id: team.id, unit_id: team.unit_id, type: 'dich_vu_cong', date, quantities: { people: 4500 } },
      { headers: { 'Idempotency-Key': newKey('outlier') } });
    assert.equal(r.status, 201, r.text);
  }
  const after = await c.chomoi.ok(`${path(district, '2022-12')}/outliers`);
  const flag = after.items.find((x) => x.unit.id === u['02098'].id && x.indicator === 'dvc_huong_dan');
  assert.ok(flag, JSON.stringify(after.items));
  assert.ok(flag.value >= 9000 && flag.z_history > 3.5 && flag.z_peers > 3.5, JSON.stringify(flag));
  assertProblem(await c.chomoi.get(`${path(district, '2022-Q4', '', 'ket_qua_qd411')}/outliers`), 400, 'bad_query');
});

test('outlier follow-ups: a submission flags its figures far from their months and peers; "checked and correct" or "corrected", with a note, who and when, closes the flag', async () => {
  // The demo's communes' reports of 08–11/2022 were submitted through the workflow, which flagged some values.
  let flagged = null;
  for (const period of ['2022-11', '2022-10', '2022-09', '2022-08']) {
    for (const x of communes) {
      const r = await c.chomoi.ok(path(x, period));
      if (r.outliers.some((o) => o.open)) { flagged = { unit: x, period, report: r }; break; }
    }
    if (flagged) break;
  }
  assert.ok(flagged, 'a demo report carries an open outlier');
  const { unit, period, report } = flagged;
  const open = report.outliers.find((o) => o.open);
  assert.ok(Math.abs(open.z_history) > 3.5 && Math.abs(open.z_peers) > 3.5, JSON.stringify(open));
  assert.equal(open.outcome, null);
  assert.equal(report.open_outliers, report.outliers.filter((o) => o.open).length);
  assert.equal(report.can.follow_up, true);
  const fu = (client, indicator, body, target = unit) => client.post(`${path(target, period)}/outliers/${indicator}/follow-up`, body);
  await nothingChanged(async () => {
    assertProblem(await fu(c.chomoi, open.indicator, { outcome: 'sai' , note: 'x' }), 422, 'validation_failed', { fields: ['outcome'] });
    assertProblem(await fu(c.chomoi, open.indicator, { outcome: 'checked' }), 422, 'validation_failed', { fields: ['note'] });
    assertProblem(await fu(c.chomoi, open.indicator, { outcome: 'checked', note: 'x'.repeat(2001) }), 422, 'validation_failed', { fields: ['note'] });
    assertProblem(await fu(c.chomoi, open.indicator, { outcome: 1, note: 'x' }), 422, 'validation_failed', { fields: ['outcome'] });
    assertProblem(await fu(c.chomoi, open.indicator, { outcome: 'checked', note: 'x', khac: 1 }), 422, 'validation_failed', { fields: ['khac'] });
    assertProblem(await fu(c.chomoi, 'khong_co', { outcome: 'checked', note: 'x' }), 404, 'not_found');
    assertProblem(await fu(c.xem, open.indicator, { outcome: 'checked', note: 'x' }), 403, 'forbidden');
    const other = communes.find((x) => x.id !== unit.id && x.id !== c.hoamuc.user.unit_id);
    if (unit.id !== c.hoamuc.user.unit_id) assertProblem(await fu(c.hoamuc, open.indicator, { outcome: 'checked', note: 'x' }), 404, 'not_found', { msg: 'out of scope' });
    assertProblem(await fu(c.chomoi, open.indicator, { outcome: 'checked', note: 'x' }, other), 404, 'not_found', { msg: 'no such flag' });
    const bad = await c.chomoi.request('POST', `${path(unit, period)}/outliers/${open.indicator}/follow-up`, '{"outcome": "checked", "note": ', { headers: { 'Content-Type': 'application/json' } });
    assert.equal(bad.status, 400, bad.text);
    const utf = await c.chomoi.request('POST', `${path(unit, period)}/outliers/${open.indicator}/follow-up`, Buffer.from('{"outcome":"checked","note":"\xff"}', 'latin1'), { headers: { 'Content-Type': 'application/json' } });
    assert.equal(utf.status, 400, utf.text);
  });
  const note = 'Đã đối chiếu sổ theo dõi của các tổ: tháng này có đợt tập huấn lớn, số liệu đúng.';
  const r = await fu(c.chomoi, open.indicator, { outcome: 'checked', note });
  assert.equal(r.status, 200, r.text);
  const done = r.json.outliers.find((o) => o.indicator === open.indicator);
  assert.equal(done.open, false);
  assert.equal(done.outcome, 'checked');
  assert.equal(done.outcome_name, 'Đã kiểm tra, số liệu đúng');
  assert.equal(done.note, note);
  assert.equal(done.by_name, c.chomoi.user.full_name);
  assert.ok(done.at > 0);
  assert.equal(r.json.open_outliers, report.open_outliers - 1);
  // Once: a second follow-up of the same flag is refused, nothing changed.
  await nothingChanged(async () => {
    assertProblem(await fu(c.chomoi, open.indicator, { outcome: 'corrected', note: 'lần hai' }), 409, 'outlier_closed');
  });
  // A viewer reads it on the report.
  const seen = (await c.xem.ok(path(unit, period))).outliers.find((o) => o.indicator === open.indicator);
  assert.equal(seen.outcome_name, 'Đã kiểm tra, số liệu đúng');
  assert.equal(seen.note, note);
});

test('open violations and open outliers are indicators like the others: target 0, scorecard, ranking fewest first, series; a follow-up and an approval close them', async () => {
  const district = u['065'];
  const range = 'from=2022-08-01&to=2022-11-30&structure_date=2022-11-30';
  const card = async (q) => (await c.chomoi.ok(`/api/v1/units/${district.id}/scorecard?${q}`)).pillars.flatMap((p) => p.indicators);
  const outliers = async () => (await card(range)).find((i) => i.code === 'bat_thuong_chua_xu_ly');
  // What the reports say: the open flags of the communes' reports of August to November.
  let open = 0; let one = null;
  for (const period of ['2022-08', '2022-09', '2022-10', '2022-11']) {
    for (const x of communes) {
      const r = await c.chomoi.ok(path(x, period));
      open += r.open_outliers;
      if (!one && r.open_outliers) one = { unit: x, period, o: r.outliers.find((o) => o.open) };
    }
  }
  assert.ok(open > 0 && one, 'the demo leaves some flags open');
  const before = await outliers();
  assert.equal(before.value, open, 'the indicator counts what the reports show');
  assert.equal(before.target, 0);
  assert.equal(before.status, 'cham', 'above its target of 0');
  // Series: one point a month, adding up to the range.
  const s = await c.chomoi.ok(`/api/v1/units/${district.id}/series?indicator=bat_thuong_chua_xu_ly&${range}&interval=month`);
  assert.deepEqual(s.points.map((p) => p.period), ['2022-08', '2022-09', '2022-10', '2022-11']);
  assert.equal(s.points.reduce((a, p) => a + p.value, 0), open);
  // Ranking: the communes with the fewest open flags first.
  const rk = await c.chomoi.ok(`/api/v1/units/${district.id}/ranking?indicator=bat_thuong_chua_xu_ly&${range}`);
  assert.equal(rk.items.length, 14);
  const values = rk.items.map((x) => x.value);
  assert.deepEqual(values, [...values].sort((a, b) => a - b), 'fewest first');
  assert.equal(rk.items[0].rank, 1);
  // A follow-up closes one at once.
  const r = await c.chomoi.post(`${path(one.unit, one.period)}/outliers/${one.o.indicator}/follow-up`, { outcome: 'corrected', note: 'Đã xoá bản ghi trùng' });
  assert.equal(r.status, 200, r.text);
  assert.equal((await outliers()).value, open - 1);

  // Open violations: those recorded by a submission still waiting for approval (Hoà Mục's January, submitted above).
  const jan = 'from=2022-01-01&to=2022-01-31&structure_date=2022-01-31';
  const hm = u['02098'];
  const waiting = await c.chomoi.ok(path(hm, '2022-01'));
  assert.equal(waiting.status, 'submitted');
  const violations = async () => (await card(jan)).find((i) => i.code === 'diem_chua_hop_le');
  const v = await violations();
  assert.equal(v.value, waiting.violations.length);
  assert.ok(v.value > 0);
  assert.equal(v.target, 0);
  assert.equal(v.status, 'cham');
  assert.equal((await c.chomoi.post(path(hm, '2022-01', 'approve'), {})).status, 200);
  const after = await violations();
  assert.equal(after.value, 0, 'approved: the approver accepted the explanations');
  assert.equal(after.status, 'dat');
  // A month with nothing expected yet ended: undefined, not 0.
  const none = (await card('from=2022-08-01&to=2022-08-15&structure_date=2022-08-15')).find((i) => i.code === 'diem_chua_hop_le');
  assert.equal(none.value, null);
});

const has = (cmd) => { try { execFileSync('sh', ['-c', `command -v ${cmd}`]); return true; } catch { return false; } };

test('the approved report as PDF in the official layout (the server converts its .docx): heading, number, place and date, signer, Nơi nhận; a district\'s carries its communes\' approved figures', { timeout: 240000 }, async (t) => {
  if (!has('soffice') || !has('pdftotext')) { t.skip('LibreOffice or pdftotext not installed (apt: libreoffice-writer-nogui poppler-utils)'); return; }
  const district = u['065']; const hm = u['02098'];
  // July: Hoà Mục's report was submitted, then an activity changed its live figures, then it was approved (test above).
  const july = await c.chomoi.ok(path(hm, '2022-07'));
  assert.equal(july.status, 'approved');
  assert.ok(july.values.some((v) => v.differs), 'live figures differ from the approved ones');
  const dir = mkdtempSync(join(tmpdir(), 'langso-pdf-'));
  try {
    const text = (bytes) => { const f = join(dir, `r${Math.random()}.pdf`); writeFileSync(f, bytes); return execFileSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8' }); };
    const r = await c.chomoi.get(`/api/v1/units/${district.id}/report?period=2022-07&format=pdf`);
    assert.equal(r.status, 200, r.text);
    assert.match(String(r.headers['content-type']), /^application\/pdf/);
    assert.match(String(r.headers['content-disposition']), /attachment; filename="[a-z0-9-]+\.pdf"/);
    assert.equal(r.body.subarray(0, 4).toString(), '%PDF');
    const pdf = text(r.body);
    for (const re of [/UỶ BAN NHÂN DÂN/, /HUYỆN CHỢ MỚI/, /CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM/, /Độc lập - Tự do - Hạnh phúc/,
      /Số:\s+\/BC-UBND/, /Chợ Mới, ngày \d{2} tháng \d{1,2} năm \d{4}/, /BÁO CÁO/, /Nơi nhận:/, /TM\. UỶ BAN NHÂN DÂN/, /Phụ lục/]) {
      assert.match(pdf, re);
    }
    // The signer of the unit's report settings, name and title.
    const settings = await c.chomoi.ok(`/api/v1/units/${district.id}/report-settings`);
    const signer = settings.signer_name || settings.settings?.signer_name;
    if (signer) assert.ok(pdf.includes(signer), `the signer ${signer}`);
    // The communes' approved figures: Hoà Mục's numbers in the PDF are the CSV's (which prints the frozen ones).
    const csv = parseCsv((await c.chomoi.get(`/api/v1/units/${district.id}/report?period=2022-07&format=csv`)).text);
    const h = csv.findIndex((x) => x[0] === 'STT');
    const row = csv.find((x, i) => i > h && x[1] === 'Xã Hoà Mục');
    const num = (x) => Number(String(x).replace(/\./g, '').replace(',', '.'));  // 1.234,5 as printed
    const want = row.slice(2).filter((x) => x !== '').map(Number).sort((a, b) => a - b);
    const got = pdf.split('\n').filter((l) => /^\s*\d+\s+Xã Hoà Mục\b/.test(l))
      .flatMap((l) => l.replace(/^\s*\d+\s+Xã Hoà Mục/, '').trim().split(/\s+/).filter(Boolean)).map(num).sort((a, b) => a - b);
    assert.deepEqual(got, want, 'the PDF row of Hoà Mục carries the figures the CSV has (approved, frozen)');
    const changed = july.values.find((v) => v.differs);
    const col = csv[h].findIndex((x) => x.startsWith(changed.name));
    assert.equal(Number(row[col]), changed.frozen, `${changed.name}: the approved value, not the live ${changed.live}`);
    // The conversion runs after the request's locks are released: a write meanwhile (which changes the
    // indexes under the exclusive lock) is not held up by it, nor a read after that write.
    const order = [];
    const converting = c.chomoi.get(`/api/v1/units/${district.id}/report?period=2022-08&format=pdf`).then((x) => { order.push('pdf'); return x; });
    await new Promise((ok) => setTimeout(ok, 300));
    const w = await activity(c.thanhvien, '2022-12-05');
    order.push('write');
    assert.equal(w.status, 201, w.text);
    assert.equal((await c.hoamuc.get(path(hm, '2022-12'))).status, 200);  // another client: its own connection
    order.push('read after it');
    assert.equal((await converting).status, 200);
    assert.deepEqual(order, ['write', 'read after it', 'pdf']);
    // Bad input: an unknown format, nothing else.
    assertProblem(await c.chomoi.get(`/api/v1/units/${district.id}/report?period=2022-07&format=odt`), 400, 'bad_query');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the optional second step: the province accepts (tiếp nhận) a report its district approved; kept in the history; still approved for the rates and the lock; reopened by the district', async () => {
  const hm = u['02098']; const district = u['065'];
  const aug = await c.backan.ok(path(hm, '2022-08'));
  assert.equal(aug.status, 'approved', 'approved by Chợ Mới in the demo');
  assert.equal(aug.can.accept, true);
  assert.equal((await c.chomoi.ok(path(hm, '2022-08'))).can.accept, false, 'not the district that approved it');
  const rate = async () => (await c.backan.ok(`/api/v1/units/${district.id}/scorecard?from=2022-08-01&to=2022-08-31&structure_date=2022-08-31`))
    .pillars.flatMap((p) => p.indicators).find((i) => i.code === 'ty_le_bao_cao').value;
  const before = await rate();
  await nothingChanged(async () => {
    assertProblem(await c.chomoi.post(path(hm, '2022-08', 'accept'), {}), 403, 'forbidden', { msg: 'the district' });
    assertProblem(await c.hoamuc.post(path(hm, '2022-08', 'accept'), {}), 403, 'forbidden', { msg: 'the commune itself' });
    assertProblem(await c.xem.post(path(hm, '2022-08', 'accept'), {}), 403, 'forbidden', { msg: 'a viewer' });
    assertProblem(await c.backan.post(path(hm, '2022-08', 'accept'), { reason: 'không cần' }), 422, 'validation_failed', { fields: ['reason'] });
    assertProblem(await c.backan.post(path(hm, '2022-12', 'accept'), {}), 409, 'report_state', { msg: 'a draft' });
    assertProblem(await c.admin.post(path(u['06'], '2022-08', 'accept'), {}), 409, 'not_accepted_here', { msg: 'a province\'s own report' });
    assertProblem(await c.backan.post(path(hm, '2022-08', 'accept'), { version: 1 }), 409, 'version_conflict', { msg: 'an old version' });
  });
  const r = await c.backan.post(path(hm, '2022-08', 'accept'), { version: aug.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'accepted');
  assert.equal(r.json.status_name, 'Đã duyệt, tỉnh đã tiếp nhận');
  const last = r.json.events.at(-1);
  assert.equal(last.action, 'accept');
  assert.equal(last.action_name, 'Tiếp nhận');
  assert.equal(last.by_name, c.backan.user.full_name);
  assert.deepEqual(r.json.values.map((v) => v.frozen), aug.values.map((v) => v.frozen), 'the approved figures kept');
  assertProblem(await c.backan.post(path(hm, '2022-08', 'accept'), {}), 409, 'report_state', { msg: 'accepted once' });
  assert.equal(await rate(), before, 'still counts as submitted');
  // Still locked like an approved period.
  assertProblem(await activity(c.thanhvien, '2022-08-10'), 409, 'period_approved');
  // The district (its approver) may reopen it, with a reason: every step in the history.
  const back = await c.chomoi.post(path(hm, '2022-08', 'reopen'), { reason: 'Tỉnh đề nghị bổ sung số liệu thôn Nà Pầu' });
  assert.equal(back.status, 200, back.text);
  assert.equal(back.json.status, 'draft');
  assert.deepEqual(back.json.events.slice(-2).map((e) => e.action), ['accept', 'reopen']);
});
