#include "engine/commands_plans.h"

#include <nlohmann/json.hpp>

#include "engine/notify_plans.h"
#include "store/store_plan_files.h"
#include "util/date_json.h"

namespace langso {

using nlohmann::json;

static json plan_audit(const Plan& p) {
  return json{{"number", p.number}, {"issued_on", format_iso(p.issued_on)}, {"issuer_unit_id", p.issuer_unit},
              {"issuer_organ", p.issuer_organ}, {"title", p.title}, {"unit_id", p.unit},
              {"start_on", format_iso(p.start_on)}, {"end_on", format_iso(p.end_on)},
              {"status", plan_status_code(p.status)}, {"parent_id", p.parent ? json(p.parent) : json(nullptr)}};
}

static json target_audit(const PlanTarget& t) {
  return json{{"plan_id", t.plan}, {"unit_id", t.unit}, {"indicator", t.indicator}, {"value", t.value},
              {"deadline", format_iso(t.deadline)}, {"cascade", cascade_code(t.cascade)},
              {"from_target_id", t.from_target ? json(t.from_target) : json(nullptr)}};
}

static json task_audit(const PlanTask& t) {
  return json{{"plan_id", t.plan}, {"from_unit_id", t.from_unit}, {"to_unit_id", t.to_unit},
              {"to_team_id", t.to_team ? json(t.to_team) : json(nullptr)}, {"title", t.title},
              {"due_on", format_iso(t.due_on)}, {"status", task_status_code(t.status)}, {"note", t.note},
              {"link", t.link}};
}

Id create_plan(App& app, Plan p, Id actor, const std::string& idem_key, const std::string& request_hash) {
  Store& s = app.store();
  Transaction tx(s.db());
  p.created_by = actor;
  p.id = s.insert_plan(p, idem_key, request_hash);
  s.audit(actor, "create", "plan", p.id, "", plan_audit(p).dump());
  notify_plan_issued(app, p);
  tx.commit();  // a new plan has no targets yet: the scorecard's targets stay
  return p.id;
}

void update_plan(App& app, const Plan& before, const Plan& after, Id actor) {
  Store& s = app.store();
  Transaction tx(s.db());
  s.update_plan(after);
  s.audit(actor, "update", "plan", after.id, plan_audit(before).dump(), plan_audit(after).dump());
  if (before.status != PlanStatus::Issued) notify_plan_issued(app, after);
  tx.commit();
  app.refresh_plan_targets();
}

std::vector<Id> add_plan_target(App& app, PlanTarget top, std::vector<PlanTarget> cascaded, Id actor) {
  Store& s = app.store();
  Transaction tx(s.db());
  std::vector<Id> ids;
  top.id = s.insert_plan_target(top);
  ids.push_back(top.id);
  json parts = json::array();
  for (PlanTarget& c : cascaded) {
    c.from_target = top.id;
    c.id = s.insert_plan_target(c);
    ids.push_back(c.id);
    parts.push_back({{"id", c.id}, {"unit_id", c.unit}, {"value", c.value}});
  }
  json after = target_audit(top);
  after["parts"] = parts;
  s.audit(actor, "create", "plan_target", top.id, "", after.dump());
  if (auto plan = s.get_plan(top.plan)) {
    std::vector<PlanTarget> given{top};
    given.insert(given.end(), cascaded.begin(), cascaded.end());
    notify_targets_given(app, *plan, given);
  }
  tx.commit();
  app.refresh_plan_targets();
  return ids;
}

void remove_plan_target(App& app, const PlanTarget& t, Id actor) {
  Store& s = app.store();
  Transaction tx(s.db());
  s.delete_plan_target_tree(t.id);
  s.audit(actor, "delete", "plan_target", t.id, target_audit(t).dump(), "");
  tx.commit();
  app.refresh_plan_targets();
}

Id create_plan_task(App& app, PlanTask t, Id actor, const std::string& idem_key, const std::string& request_hash) {
  Store& s = app.store();
  Transaction tx(s.db());
  t.created_by = actor;
  t.id = s.insert_plan_task(t, idem_key, request_hash);
  s.audit(actor, "create", "plan_task", t.id, "", task_audit(t).dump());
  if (auto plan = s.get_plan(t.plan)) notify_task_assigned(app, *plan, t);
  tx.commit();
  return t.id;
}

void step_plan_task(App& app, const PlanTask& before, const PlanTask& after, TaskEvent e) {
  Store& s = app.store();
  Transaction tx(s.db());
  s.update_plan_task_status(after);
  e.task = after.id;
  e.status = after.status;
  if (!e.at) e.at = now_seconds();
  const size_t step = s.task_events(after.id).size();
  s.insert_task_event(e);
  if (auto plan = s.get_plan(after.plan)) notify_task_step(app, *plan, after, e, step);
  json a = task_audit(after);
  a["action"] = e.action;
  if (!e.reason.empty()) a["reason"] = e.reason;
  s.audit(e.by, "update", "plan_task", after.id, task_audit(before).dump(), a.dump());
  tx.commit();
}

Id attach_plan_file(App& app, PlanFile f, Id actor) {
  Store& s = app.store();
  Transaction tx(s.db());
  f.uploaded_by = actor;
  f.id = insert_plan_file(s, f);
  s.audit(actor, "create", "plan_file", f.id, "",
          json{{"plan_id", f.plan}, {"task_id", f.task ? json(f.task) : json(nullptr)}, {"name", f.name},
               {"content_type", f.content_type}, {"size", f.content.size()}}
              .dump());
  tx.commit();
  return f.id;
}

}  // namespace langso
