// The demo's activities (io/demo.h): the past stays as it was whatever day
// the demo is seeded on.
#include "io/demo.h"

#include <gtest/gtest.h>

#include "auth/crypto.h"

namespace langso {

namespace {
std::vector<Activity> up_to(std::vector<Activity> all, Date last) {
  std::erase_if(all, [&](const Activity& a) { return last < a.date; });
  return all;
}
bool same(const std::vector<Activity>& a, const std::vector<Activity>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].team_id != b[i].team_id || a[i].unit_id != b[i].unit_id || a[i].type != b[i].type ||
        a[i].date.days != b[i].date.days || a[i].category != b[i].category || a[i].q != b[i].q)
      return false;
  return true;
}
}  // namespace

TEST(Demo, ActivitiesOfAPastDayDoNotChangeWithTheDayTheyAreDrawn) {
  crypto_init();
  App app(open_store(":memory:"));
  app.use_cccd_key(CccdKey::random());
  seed_demo(app, "demo1234");
  const std::vector<Team> teams = app.store().all_teams();
  ASSERT_GT(teams.size(), 20u);
  const Date fixed = date_from_ymd(2026, 12, 3);
  const auto on_fixed = demo_activities(teams, app.types(), app.units(), fixed);
  ASSERT_GT(on_fixed.size(), 1000u);
  for (int later : {1, 2, 45, 400}) {
    const Date today{fixed.days + later};
    const auto drawn = demo_activities(teams, app.types(), app.units(), today);
    EXPECT_TRUE(same(up_to(drawn, fixed), on_fixed)) << "drawn " << later << " days later";
    EXPECT_GT(drawn.size(), on_fixed.size()) << "the teams go on logging after the fixed day";
    // And a day after the fixed one is the same on any later day too.
    EXPECT_TRUE(same(up_to(demo_activities(teams, app.types(), app.units(), Date{today.days + 30}), today), drawn));
  }
}

}  // namespace langso
