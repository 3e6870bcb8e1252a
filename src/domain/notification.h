// Notifications (thông báo): something a unit's users should know or do —
// a plan or task given to the unit, a task due soon or overdue, a task sent
// back, a target at risk — no I/O.
//
// A notification is addressed to one unit. Its users (the users whose scope
// unit is that unit: its officers, and for a village its team members) see
// it in the app; each user marks it read for themselves. The dedup key
// names what it is about (kind, subject, unit, and the due date for the
// time-based ones), so a producer that runs twice — the periodic sweep
// after a restart, a request retried — records it once.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "domain/unit.h"
#include "util/date.h"

namespace langso {

enum class NotificationKind {
  PlanIssued,     // a plan applying to the unit was issued
  PlanTargets,    // a plan gave the unit targets (cascaded from the unit above)
  TaskAssigned,   // a task was given to the unit (or one of its teams)
  TaskDueSoon,    // a task of the unit is due within kTaskDueSoonDays
  TaskOverdue,    // a task given to or by the unit is overdue
  TaskReturned,   // the assigner sent the unit's report back, with a reason
  TaskDone,       // a task the unit gave was reported done (to accept or return)
  TargetAtRisk,   // a target of the unit is forecast to be missed
  // Periodic reports (issue 15, engine/periodic.h); the subject is the report
  // document (or, for one not yet written, the unit), `plan` 0.
  ReportDueSoon,  // the unit's report is due within kTaskDueSoonDays
  ReportDueToday, // the unit's report is due today
  ReportLate,     // the unit's report is past its due day, not submitted
  ReportWaiting,  // a report below waits for the unit's approval
  ReportReturned, // the approver returned the unit's report, with a reason
};
// Stable codes: "plan_issued", "plan_targets", "task_assigned",
// "task_due_soon", "task_overdue", "task_returned", "task_done", "target_at_risk",
// "report_due_soon", "report_due_today", "report_late", "report_waiting", "report_returned".
std::string_view notification_kind_code(NotificationKind k);
std::optional<NotificationKind> parse_notification_kind(std::string_view code);

// What a notification is about: the record its link opens.
enum class NotificationSubject { Plan, Task, Report };
std::string_view notification_subject_code(NotificationSubject s);  // "plan", "task", "report"

inline constexpr int kTaskDueSoonDays = 3;

struct Notification {
  Id id = 0;
  NotificationKind kind = NotificationKind::PlanIssued;
  Id unit = 0;  // addressed to this unit's users
  NotificationSubject subject_type = NotificationSubject::Plan;
  Id subject = 0;  // the plan's or the task's id
  Id plan = 0;     // the plan it belongs to (the subject's own plan)
  std::string title, body;  // Vietnamese
  std::optional<Date> due;  // the day it is about (a task's due date, a target's deadline)
  std::string dedup_key;
  int64_t created_at = 0;
  bool read = false;  // for the user reading it
};

// The key a producer records a notification under: one per kind, subject
// and addressed unit, and for time-based kinds per due date too (a task
// given a new due date is announced again).
// `about` is the subject's id (for plan_targets: the target given, so each
// target given to a unit is announced once).
std::string notification_dedup_key(NotificationKind k, Id about, Id unit, std::optional<Date> due = std::nullopt);

// Whether a task due on `due_on` is "due soon" on `today`: within the next
// kTaskDueSoonDays days (today and the 3 days after it), not yet past.
bool due_soon(Date due_on, Date today);

}  // namespace langso
