// Writes of plans, targets and tasks: one transaction each (with the
// notifications they cause, engine/notify_plans.h), journalled in
// audit_log (entity "plan", "plan_target", "plan_task"). The targets of
// issued plans are the scorecard's (App::target_on): a write of a plan or a
// target reloads them after it commits, and other instances reload them when
// they apply the journal row (App::apply_change).
#pragma once
#include <vector>

#include "domain/plan.h"
#include "domain/plan_file.h"
#include "engine/app.h"

namespace langso {

// With the creator's Idempotency-Key and the request's digest (empty: none).
Id create_plan(App& app, Plan p, Id actor, const std::string& idem_key = {}, const std::string& request_hash = {});
void update_plan(App& app, const Plan& before, const Plan& after, Id actor);
// The target and the targets cascaded from it (their from_target set here), together.
std::vector<Id> add_plan_target(App& app, PlanTarget top, std::vector<PlanTarget> cascaded, Id actor);
void remove_plan_target(App& app, const PlanTarget& t, Id actor);
Id create_plan_task(App& app, PlanTask t, Id actor, const std::string& idem_key = {},
                    const std::string& request_hash = {});
// A report (assignee) or a review (assigner): the new state and its history row.
void step_plan_task(App& app, const PlanTask& before, const PlanTask& after, TaskEvent e);
// A plan's document or a task's evidence (entity "plan_file"; the bytes are not journalled).
Id attach_plan_file(App& app, PlanFile f, Id actor);

}  // namespace langso
