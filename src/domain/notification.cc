#include "domain/notification.h"

namespace langso {

namespace {
constexpr std::string_view kKinds[] = {"plan_issued",  "plan_targets",  "task_assigned", "task_due_soon",
                                       "task_overdue", "task_returned", "task_done",     "target_at_risk",
                                       "report_due_soon", "report_due_today", "report_late", "report_waiting",
                                       "report_returned"};
constexpr std::string_view kSubjects[] = {"plan", "task", "report"};
}  // namespace

std::string_view notification_kind_code(NotificationKind k) { return kKinds[static_cast<int>(k)]; }

std::optional<NotificationKind> parse_notification_kind(std::string_view code) {
  for (size_t i = 0; i < std::size(kKinds); ++i)
    if (kKinds[i] == code) return static_cast<NotificationKind>(i);
  return std::nullopt;
}

std::string_view notification_subject_code(NotificationSubject s) { return kSubjects[static_cast<int>(s)]; }

std::string notification_dedup_key(NotificationKind k, Id about, Id unit, std::optional<Date> due) {
  std::string key(notification_kind_code(k));
  key += ':' + std::to_string(about) + ':' + std::to_string(unit);
  if (due) key += ':' + format_iso(*due);
  return key;
}

bool due_soon(Date due_on, Date today) { return today <= due_on && due_on.days - today.days <= kTaskDueSoonDays; }

}  // namespace langso
