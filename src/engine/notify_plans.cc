#include "engine/notify_plans.h"

#include "engine/notify.h"
#include "engine/plan_progress.h"
#include "util/text.h"

namespace langso {

static std::string unit_name(App& app, Id id) {
  const Unit* u = app.units().find(id);
  return u ? u->name : "đơn vị " + std::to_string(id);
}

static std::string plan_label(const Plan& p) { return "Kế hoạch " + p.number; }

static Notification about(NotificationKind k, NotificationSubject type, Id subject, Id plan, Id unit, Id key_id,
                          std::optional<Date> due) {
  Notification n;
  n.kind = k;
  n.unit = unit;
  n.subject_type = type;
  n.subject = subject;
  n.plan = plan;
  n.due = due;
  n.dedup_key = notification_dedup_key(k, key_id, unit, due);
  return n;
}

// `about`: what the dedup key names (the plan, or a target of it).
static Notification about_plan(NotificationKind k, const Plan& p, Id unit, Id key_id) {
  return about(k, NotificationSubject::Plan, p.id, p.id, unit, key_id, std::nullopt);
}

static Notification about_task(NotificationKind k, const PlanTask& t, Id unit, std::optional<Date> due = std::nullopt) {
  return about(k, NotificationSubject::Task, t.id, t.plan, unit, t.id, due);
}

void notify_plan_issued(App& app, const Plan& p) {
  if (p.status != PlanStatus::Issued) return;
  Store& s = app.store();
  Notification n = about_plan(NotificationKind::PlanIssued, p, p.unit, p.id);
  n.title = "Kế hoạch mới: " + p.number;
  n.body = p.title + " — " + (p.issuer_organ.empty() ? unit_name(app, p.issuer_unit) : p.issuer_organ) +
           " ban hành ngày " + format_vn(p.issued_on) + ", thực hiện từ " + format_vn(p.start_on) + " đến " +
           format_vn(p.end_on);
  n.due = p.end_on;
  notify(s, n);
  notify_targets_given(app, p, s.targets_of_plan(p.id));
  for (const PlanTask& t : s.tasks_of_plan(p.id)) notify_task_assigned(app, p, t);
}

void notify_task_assigned(App& app, const Plan& p, const PlanTask& t) {
  if (p.status != PlanStatus::Issued || t.status == TaskStatus::Accepted) return;
  Notification n = about_task(NotificationKind::TaskAssigned, t, t.to_unit);
  n.title = "Nhiệm vụ mới: " + t.title;
  std::string to;
  if (t.to_team)
    if (auto team = app.store().get_team(t.to_team)) to = " cho " + team->name;
  n.body = plan_label(p) + " — " + unit_name(app, t.from_unit) + " giao" + to + ", hạn " + format_vn(t.due_on);
  n.due = t.due_on;
  notify(app.store(), n);
}

void notify_targets_given(App& app, const Plan& p, const std::vector<PlanTarget>& targets) {
  if (p.status != PlanStatus::Issued) return;
  for (const PlanTarget& t : targets) {
    if (t.unit == p.unit) continue;  // the plan's own unit has plan_issued
    const Indicator* ind = app.indicators().find(t.indicator);
    Notification n = about_plan(NotificationKind::PlanTargets, p, t.unit, t.id);
    n.title = "Được giao chỉ tiêu theo " + plan_label(p);
    n.body = (ind ? ind->name : t.indicator) + ": " + format_vn_number(t.value) + (ind && !ind->unit.empty() ? " " + ind->unit : "") +
             ", hạn " + format_vn(t.deadline);
    n.due = t.deadline;
    notify(app.store(), n);
  }
}

void notify_task_step(App& app, const Plan& p, const PlanTask& after, const TaskEvent& e, size_t step) {
  Notification n;
  if (e.action == "return") {
    n = about_task(NotificationKind::TaskReturned, after, after.to_unit);
    n.title = "Nhiệm vụ bị trả lại: " + after.title;
    n.body = unit_name(app, after.from_unit) + " trả lại báo cáo. Lý do: " + e.reason;
  } else if (e.action == "report" && after.status == TaskStatus::Done) {
    n = about_task(NotificationKind::TaskDone, after, after.from_unit);
    n.title = "Nhiệm vụ đã báo cáo hoàn thành: " + after.title;
    n.body = unit_name(app, after.to_unit) + " báo cáo hoàn thành (" + plan_label(p) + "); cần nghiệm thu hoặc trả lại";
  } else {
    return;
  }
  // Each return (and each report of done) is its own event.
  n.dedup_key += ":" + std::to_string(step);
  n.due = after.due_on;
  notify(app.store(), n);
}

size_t plan_due_notifications(App& app, Store& reads, const Plan& p, Date today, std::vector<Notification>& out) {
  size_t looked = 0;
  for (const PlanTask& t : reads.tasks_of_plan(p.id)) {
    ++looked;
    if (t.status == TaskStatus::Accepted) continue;
    if (overdue(t, today)) {
      const int late = today.days - t.due_on.days;
      std::string where = unit_name(app, t.to_unit);
      Notification to_assigner = about_task(NotificationKind::TaskOverdue, t, t.from_unit, t.due_on);
      to_assigner.title = "Nhiệm vụ quá hạn: " + t.title;
      to_assigner.body = where + " — hạn " + format_vn(t.due_on) + ", quá " + std::to_string(late) + " ngày (" +
                         std::string(task_status_name(t.status)) + ")";
      out.push_back(to_assigner);
      if (t.status != TaskStatus::Done) {  // done awaits the assigner, not the assignee
        Notification to_assignee = about_task(NotificationKind::TaskOverdue, t, t.to_unit, t.due_on);
        to_assignee.title = to_assigner.title;
        to_assignee.body = plan_label(p) + " — hạn " + format_vn(t.due_on) + ", quá " + std::to_string(late) + " ngày";
        out.push_back(to_assignee);
      }
    } else if (t.status != TaskStatus::Done && due_soon(t.due_on, today)) {
      Notification n = about_task(NotificationKind::TaskDueSoon, t, t.to_unit, t.due_on);
      const int left = t.due_on.days - today.days;
      n.title = "Nhiệm vụ sắp đến hạn: " + t.title;
      n.body = plan_label(p) + " — hạn " + format_vn(t.due_on) +
               (left == 0 ? " (hôm nay)" : " (còn " + std::to_string(left) + " ngày)");
      out.push_back(n);
    }
  }
  if (today < p.start_on) return looked;
  std::vector<PlanTarget> targets = reads.targets_of_plan(p.id);
  looked += targets.size();
  for (const TargetProgress& tp : plan_progress(app, p, targets, today)) {
    if (tp.forecast.status != Forecast::AtRisk) continue;
    const PlanTarget& t = tp.target;
    const Indicator* ind = app.indicators().find(t.indicator);
    Notification n = about_plan(NotificationKind::TargetAtRisk, p, t.unit, t.id);
    n.title = "Chỉ tiêu có nguy cơ không đạt: " + (ind ? ind->name : t.indicator);
    std::string unit = ind && !ind->unit.empty() ? " " + ind->unit : "";
    n.body = unit_name(app, t.unit) + " — hiện đạt " + (tp.value ? format_vn_number(*tp.value) : "0") + unit +
             " trên chỉ tiêu " + format_vn_number(t.value) + unit + ", hạn " + format_vn(t.deadline) + " (" +
             plan_label(p) + ")";
    n.due = t.deadline;
    out.push_back(n);
  }
  return looked;
}

}  // namespace langso
