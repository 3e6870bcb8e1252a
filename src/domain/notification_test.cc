#include "domain/notification.h"

#include <gtest/gtest.h>

namespace langso {

TEST(Notification, KindCodesRoundTrip) {
  for (int i = 0; i <= static_cast<int>(NotificationKind::TargetAtRisk); ++i) {
    auto k = static_cast<NotificationKind>(i);
    EXPECT_EQ(parse_notification_kind(notification_kind_code(k)), k);
  }
  EXPECT_FALSE(parse_notification_kind("nope"));
}

TEST(Notification, DedupKeyNamesKindSubjectUnitAndDay) {
  Date d = *parse_iso_date("2022-05-10");
  EXPECT_EQ(notification_dedup_key(NotificationKind::TaskOverdue, 7, 3, d), "task_overdue:7:3:2022-05-10");
  EXPECT_EQ(notification_dedup_key(NotificationKind::PlanIssued, 7, 3), "plan_issued:7:3");
  EXPECT_NE(notification_dedup_key(NotificationKind::TaskOverdue, 7, 3, d),
            notification_dedup_key(NotificationKind::TaskOverdue, 7, 4, d));
}

TEST(Notification, DueSoonIsTodayAndTheThreeDaysAfter) {
  Date today = *parse_iso_date("2022-05-10");
  EXPECT_TRUE(due_soon(today, today));
  EXPECT_TRUE(due_soon(Date{today.days + 3}, today));
  EXPECT_FALSE(due_soon(Date{today.days + 4}, today));
  EXPECT_FALSE(due_soon(Date{today.days - 1}, today));  // overdue, not due soon
}

}  // namespace langso
