#include "domain/plan.h"

#include <gtest/gtest.h>

namespace langso {

static Date d(const char* s) { return *parse_iso_date(s); }

TEST(Plan, SplitByPopulationAddsUpExactly) {
  std::vector<int64_t> w{10000, 20000, 30001};
  auto parts = split_by_weight(14, w);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_TRUE(adds_up(14, parts));
  EXPECT_EQ(parts[0], 2);
  EXPECT_EQ(parts[1], 5);
  EXPECT_EQ(parts[2], 7);
  std::vector<int64_t> same{1, 1, 1};
  auto thirds = split_by_weight(10, same);
  EXPECT_TRUE(adds_up(10, thirds));
  EXPECT_EQ(thirds[0], 4);  // the remainder to the earlier part on a tie
  EXPECT_TRUE(split_by_weight(5, {}).empty());
}

TEST(Plan, AddsUpWithinATolerance) {
  std::vector<double> p{0.1, 0.2};
  EXPECT_TRUE(adds_up(0.3, p));
  EXPECT_FALSE(adds_up(0.31, p));
}

TEST(Plan, ForecastFromTheStraightLine) {
  Date start = d("2022-01-01"), deadline = d("2022-12-31"), mid = d("2022-07-02");
  // Half the time, half the way: on track.
  EXPECT_EQ(forecast(100, 0, 50, start, mid, deadline, mid).status, Forecast::OnTrack);
  // Half the time, a third of the way: at risk, projected about 66.
  auto r = forecast(100, 0, 33, start, mid, deadline, mid);
  EXPECT_EQ(r.status, Forecast::AtRisk);
  ASSERT_TRUE(r.projected);
  EXPECT_NEAR(*r.projected, 66, 1);
  // Met early, and met stays met after the deadline.
  EXPECT_EQ(forecast(100, 0, 100, start, mid, deadline, mid).status, Forecast::Met);
  EXPECT_EQ(forecast(100, 0, 120, start, deadline, deadline, d("2023-03-01")).status, Forecast::Met);
  // The deadline passed short of the target: missed.
  EXPECT_EQ(forecast(100, 0, 99, start, deadline, deadline, d("2023-01-01")).status, Forecast::Missed);
  // On the deadline itself it is still open: the line is the value.
  EXPECT_EQ(forecast(100, 0, 99, start, deadline, deadline, deadline).status, Forecast::AtRisk);
  // A stock that starts high: the trend counts from the start value.
  EXPECT_EQ(forecast(100, 80, 90, start, mid, deadline, mid).status, Forecast::OnTrack);
  EXPECT_EQ(forecast(100, 80, 82, start, mid, deadline, mid).status, Forecast::AtRisk);
  // Unknown values count as 0.
  EXPECT_EQ(forecast(1, std::nullopt, std::nullopt, start, mid, deadline, mid).status, Forecast::AtRisk);
}

TEST(Plan, OverdueIsComputed) {
  PlanTask t;
  t.due_on = d("2022-05-15");
  EXPECT_FALSE(overdue(t, d("2022-05-15")));
  EXPECT_TRUE(overdue(t, d("2022-05-16")));
  t.status = TaskStatus::Done;
  EXPECT_TRUE(overdue(t, d("2022-05-16")));  // done but not accepted yet
  t.status = TaskStatus::Accepted;
  EXPECT_FALSE(overdue(t, d("2022-05-16")));
}

TEST(Plan, CodesRoundTrip) {
  for (auto s : {PlanStatus::Draft, PlanStatus::Issued, PlanStatus::Ended})
    EXPECT_EQ(parse_plan_status(plan_status_code(s)), s);
  for (auto s : {TaskStatus::NotStarted, TaskStatus::InProgress, TaskStatus::Done, TaskStatus::Accepted})
    EXPECT_EQ(parse_task_status(task_status_code(s)), s);
  EXPECT_EQ(parse_cascade("population"), Cascade::Population);
  EXPECT_FALSE(parse_cascade("evenly"));
}

TEST(Plan, TargetInForceIsTheNextMilestoneAndTheStrictest) {
  std::vector<PlanTargetInForce> ts{
      {1, 11, "265/KH-UBND", 100, d("2022-04-25"), d("2022-12-31")},
      {2, 12, "30/KH-UBND", 100, d("2022-05-01"), d("2022-05-31")},   // Chợ Mới's, sooner
      {3, 13, "31/KH-UBND", 80, d("2022-05-01"), d("2022-05-31")},    // same deadline, lower
      {4, 14, "1/KH-UBND", 90, d("2023-01-01"), d("2023-12-31")},     // not started yet
  };
  EXPECT_EQ(target_in_force(ts, d("2022-04-24")), nullptr);            // before any plan started
  EXPECT_EQ(target_in_force(ts, d("2022-04-30"))->target, 11);         // only 265 has started
  EXPECT_EQ(target_in_force(ts, d("2022-05-10"))->target, 12);         // nearest deadline, highest value
  EXPECT_EQ(target_in_force(ts, d("2022-05-31"))->target, 12);         // the deadline day itself
  EXPECT_EQ(target_in_force(ts, d("2022-06-01"))->target, 11);         // the May milestone is past
  EXPECT_EQ(target_in_force(ts, d("2023-01-01"))->target, 14);
  EXPECT_EQ(target_in_force(ts, d("2024-01-01")), nullptr);            // every deadline past
  EXPECT_EQ(target_in_force({}, d("2022-05-10")), nullptr);
}

TEST(Plan, SameForEachGivesEveryUnitTheTargetCascadedNoFurther) {
  PlanTarget top{0, 7, 1, "phu_song_thon", 90, d("2025-12-31"), Cascade::Same, 0};
  std::vector<Id> units{11, 12};
  auto parts = same_for_each(top, units);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[1].unit, 12);
  EXPECT_EQ(parts[1].value, 90);
  EXPECT_EQ(parts[1].plan, 7);
  EXPECT_EQ(parts[1].cascade, Cascade::None);
}

}  // namespace langso

