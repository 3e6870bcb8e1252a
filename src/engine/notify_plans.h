// The plans' notifications (issue 14), all through notify() (engine/notify.h):
// - plan_issued: to the plan's unit, when it is issued;
// - plan_targets: to a unit a target is given to by a plan of a unit above
//   (cascaded), once per target, when the plan is issued or the target added;
// - task_assigned: to the task's unit (a team's: its village), when the plan
//   is issued or the task added to an issued plan;
// - task_done: to the assigner, when the assignee reports it done;
// - task_returned: to the assignee, with the reason;
// - task_due_soon (within 3 days), task_overdue (to the assignee and the
//   assigner) and target_at_risk (to the target's unit), found by the sweep.
// Drafts announce nothing; ended plans are not swept.
#pragma once
#include <vector>

#include "domain/notification.h"
#include "domain/plan.h"
#include "engine/app.h"

namespace langso {

// In the caller's transaction (on app.store()).
void notify_plan_issued(App& app, const Plan& p);
void notify_task_assigned(App& app, const Plan& p, const PlanTask& t);
void notify_targets_given(App& app, const Plan& p, const std::vector<PlanTarget>& targets);
void notify_task_step(App& app, const Plan& p, const PlanTask& after, const TaskEvent& e, size_t step);

// The time-based notifications of an issued plan as of `today`, appended to
// `out` (not recorded); returns the tasks and targets looked at. Under
// read_lock(), reading `reads`.
size_t plan_due_notifications(App& app, Store& reads, const Plan& p, Date today, std::vector<Notification>& out);

}  // namespace langso
