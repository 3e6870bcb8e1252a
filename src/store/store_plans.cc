// Plans, their targets, tasks and the tasks' history (domain/plan.h).
#include "store/store.h"
#include "store/values.h"

namespace langso {

static Value opt_id(Id id) { return id ? Value(id) : null_value(); }

static constexpr const char* kPlanColumns =
    "id, number, issued_on, issuer_unit_id, issuer_organ, title, unit_id, start_on, end_on, status, parent_id, "
    "created_by, created_at, updated_at";

static Plan plan_from(const Row& r) {
  Plan p;
  p.id = r.i64(0);
  p.number = r.str(1);
  p.issued_on = date_or(r, 2, kMinDate);
  p.issuer_unit = r.i64(3);
  p.issuer_organ = r.str(4);
  p.title = r.str(5);
  p.unit = r.i64(6);
  p.start_on = date_or(r, 7, kMinDate);
  p.end_on = date_or(r, 8, kMinDate);
  p.status = parse_plan_status(r.str(9)).value_or(PlanStatus::Draft);
  p.parent = r.opt_i64(10).value_or(0);
  p.created_by = r.opt_i64(11).value_or(0);
  p.created_at = r.i64(12);
  p.updated_at = r.i64(13);
  return p;
}

Id Store::insert_plan(const Plan& p, const std::string& idem_key, const std::string& request_hash) {
  int64_t now = now_seconds();
  return db_->insert(
      "INSERT INTO plans(number, issued_on, issuer_unit_id, issuer_organ, title, unit_id, start_on, end_on, status, "
      "parent_id, created_by, created_at, updated_at, idem_key, request_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
      {p.number, format_iso(p.issued_on), p.issuer_unit, p.issuer_organ, p.title, p.unit, format_iso(p.start_on),
       format_iso(p.end_on), std::string(plan_status_code(p.status)), opt_id(p.parent), opt_id(p.created_by), now, now,
       opt_text(idem_key), opt_text(request_hash)});
}

void Store::update_plan(const Plan& p) {
  db_->exec(
      "UPDATE plans SET number = ?, issued_on = ?, issuer_organ = ?, title = ?, start_on = ?, end_on = ?, status = ?, "
      "parent_id = ?, updated_at = ? WHERE id = ?",
      {p.number, format_iso(p.issued_on), p.issuer_organ, p.title, format_iso(p.start_on), format_iso(p.end_on),
       std::string(plan_status_code(p.status)), opt_id(p.parent), now_seconds(), p.id});
}

std::optional<Plan> Store::get_plan(Id id) {
  auto r = db_->query_one(std::string("SELECT ") + kPlanColumns + " FROM plans WHERE id = ?", {id});
  if (!r) return std::nullopt;
  return plan_from(*r);
}

std::vector<Plan> Store::all_plans() {
  std::vector<Plan> out;
  for (const Row& r : db_->query(std::string("SELECT ") + kPlanColumns + " FROM plans ORDER BY start_on DESC, id DESC"))
    out.push_back(plan_from(r));
  return out;
}

std::vector<Plan> Store::plans_implementing(Id parent) {
  std::vector<Plan> out;
  for (const Row& r : db_->query(std::string("SELECT ") + kPlanColumns + " FROM plans WHERE parent_id = ? ORDER BY id",
                                 {parent}))
    out.push_back(plan_from(r));
  return out;
}

// ---- targets

static constexpr const char* kTargetColumns = "id, plan_id, unit_id, indicator, value, deadline, cascade_kind, from_target_id";

static PlanTarget target_from(const Row& r) {
  PlanTarget t;
  t.id = r.i64(0);
  t.plan = r.i64(1);
  t.unit = r.i64(2);
  t.indicator = r.str(3);
  t.value = r.f64(4);
  t.deadline = date_or(r, 5, kMinDate);
  t.cascade = parse_cascade(r.str(6)).value_or(Cascade::None);
  t.from_target = r.opt_i64(7).value_or(0);
  return t;
}

Id Store::insert_plan_target(const PlanTarget& t) {
  return db_->insert(
      "INSERT INTO plan_targets(plan_id, unit_id, indicator, value, deadline, cascade_kind, from_target_id) "
      "VALUES (?,?,?,?,?,?,?)",
      {t.plan, t.unit, t.indicator, t.value, format_iso(t.deadline), std::string(cascade_code(t.cascade)),
       opt_id(t.from_target)});
}

std::vector<PlanTarget> Store::targets_of_plan(Id plan) {
  std::vector<PlanTarget> out;
  for (const Row& r : db_->query(std::string("SELECT ") + kTargetColumns + " FROM plan_targets WHERE plan_id = ? ORDER BY id",
                                 {plan}))
    out.push_back(target_from(r));
  return out;
}

std::vector<PlanTarget> Store::plan_targets_of_unit(Id unit, const std::string& indicator) {
  std::vector<PlanTarget> out;
  for (const Row& r : db_->query(std::string("SELECT ") + kTargetColumns +
                                     " FROM plan_targets WHERE unit_id = ? AND indicator = ? ORDER BY id",
                                 {unit, indicator}))
    out.push_back(target_from(r));
  return out;
}

std::vector<Store::PlanTargetRow> Store::plan_targets_in_force() {
  std::vector<PlanTargetRow> out;
  for (const Row& r : db_->query(
           "SELECT t.unit_id, t.indicator, t.plan_id, t.id, p.number, t.value, p.start_on, t.deadline "
           "FROM plan_targets t JOIN plans p ON p.id = t.plan_id WHERE p.status IN ('issued', 'ended') ORDER BY t.id")) {
    PlanTargetRow row;
    row.unit = r.i64(0);
    row.indicator = r.str(1);
    row.t = {r.i64(2), r.i64(3), r.str(4), r.f64(5), date_or(r, 6, kMinDate), date_or(r, 7, kMinDate)};
    out.push_back(std::move(row));
  }
  return out;
}

std::optional<PlanTarget> Store::get_plan_target(Id id) {
  auto r = db_->query_one(std::string("SELECT ") + kTargetColumns + " FROM plan_targets WHERE id = ?", {id});
  if (!r) return std::nullopt;
  return target_from(*r);
}

void Store::delete_plan_target_tree(Id id) {
  db_->exec("DELETE FROM plan_targets WHERE from_target_id = ?", {id});
  db_->exec("DELETE FROM plan_targets WHERE id = ?", {id});
}

// ---- tasks

static constexpr const char* kTaskColumns =
    "id, plan_id, from_unit_id, to_unit_id, to_team_id, title, description, evidence_expected, due_on, status, note, "
    "link, created_by, created_at, updated_at";

static PlanTask task_from(const Row& r) {
  PlanTask t;
  t.id = r.i64(0);
  t.plan = r.i64(1);
  t.from_unit = r.i64(2);
  t.to_unit = r.i64(3);
  t.to_team = r.opt_i64(4).value_or(0);
  t.title = r.str(5);
  t.description = r.str(6);
  t.evidence_expected = r.str(7);
  t.due_on = date_or(r, 8, kMinDate);
  t.status = parse_task_status(r.str(9)).value_or(TaskStatus::NotStarted);
  t.note = r.str(10);
  t.link = r.str(11);
  t.created_by = r.opt_i64(12).value_or(0);
  t.created_at = r.i64(13);
  t.updated_at = r.i64(14);
  return t;
}

Id Store::insert_plan_task(const PlanTask& t, const std::string& idem_key, const std::string& request_hash) {
  int64_t now = now_seconds();
  return db_->insert(
      "INSERT INTO plan_tasks(plan_id, from_unit_id, to_unit_id, to_team_id, title, description, evidence_expected, "
      "due_on, status, note, link, created_by, created_at, updated_at, idem_key, request_hash) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
      {t.plan, t.from_unit, t.to_unit, opt_id(t.to_team), t.title, t.description, t.evidence_expected,
       format_iso(t.due_on), std::string(task_status_code(t.status)), t.note, t.link, opt_id(t.created_by), now, now,
       opt_text(idem_key), opt_text(request_hash)});
}

void Store::update_plan_task_status(const PlanTask& t) {
  db_->exec("UPDATE plan_tasks SET status = ?, note = ?, link = ?, updated_at = ? WHERE id = ?",
            {std::string(task_status_code(t.status)), t.note, t.link, now_seconds(), t.id});
}

std::optional<PlanTask> Store::get_plan_task(Id id) {
  auto r = db_->query_one(std::string("SELECT ") + kTaskColumns + " FROM plan_tasks WHERE id = ?", {id});
  if (!r) return std::nullopt;
  return task_from(*r);
}

std::vector<PlanTask> Store::tasks_of_plan(Id plan) {
  std::vector<PlanTask> out;
  for (const Row& r : db_->query(std::string("SELECT ") + kTaskColumns + " FROM plan_tasks WHERE plan_id = ? ORDER BY due_on, id",
                                 {plan}))
    out.push_back(task_from(r));
  return out;
}

void Store::insert_task_event(const TaskEvent& e) {
  db_->insert(
      "INSERT INTO plan_task_events(task_id, action, status, note, link, reason, by_user, at_time) VALUES (?,?,?,?,?,?,?,?)",
      {e.task, e.action, std::string(task_status_code(e.status)), e.note, e.link, e.reason, opt_id(e.by), e.at});
}

std::vector<TaskEvent> Store::task_events(Id task) {
  std::vector<TaskEvent> out;
  for (const Row& r : db_->query("SELECT task_id, action, status, note, link, reason, by_user, at_time FROM plan_task_events "
                                 "WHERE task_id = ? ORDER BY id",
                                 {task})) {
    TaskEvent e;
    e.task = r.i64(0);
    e.action = r.str(1);
    e.status = parse_task_status(r.str(2)).value_or(TaskStatus::NotStarted);
    e.note = r.str(3);
    e.link = r.str(4);
    e.reason = r.str(5);
    e.by = r.opt_i64(6).value_or(0);
    e.at = r.i64(7);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace langso
