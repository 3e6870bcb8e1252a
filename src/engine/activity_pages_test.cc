#include "engine/activity_pages.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "auth/crypto.h"
#include "io/demo.h"

namespace langso {
namespace {

// Every plan, page size and scan budget lists exactly the rows the rule
// names (docs/api.md, GET /api/v1/activities), once each, newest first.
class ActivityPagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // One demo app for the suite, built on first use.
    static App* demo = [] {
      crypto_init();
      auto* a = new App(open_store(":memory:"));
      a->use_cccd_key(CccdKey::random());
      seed_demo(*a, "demo1234");
      return a;
    }();
    app = demo;
  }

  // The rule, restated: units under root on the structure of `to` (moved
  // into root's lifetime), and ended units whose figures count for them.
  static std::vector<Id> expected(const ActivityFilter& f) {
    std::set<Id> units;
    const UnitIndex& idx = app->units();
    if (f.unit) {
      const Unit* r = idx.find(f.unit);
      Date d = f.to;
      if (!r->valid.contains(d)) d = d < r->valid.from ? r->valid.from : Date{r->valid.to.days - 1};
      idx.for_each_descendant(f.unit, d, [&](const Unit& u) { units.insert(u.id); });
      std::vector<Id> ended;
      idx.for_each([&](const Unit& u) { if (u.valid.to.days <= d.days && !units.count(u.id)) ended.push_back(u.id); });
      for (Id u : ended)
        if (units.count(idx.attribute(u, d))) units.insert(u);
    }
    Store::ActivityScan all;
    all.from = f.from;
    all.to = f.to;
    all.limit = 1 << 30;
    std::vector<Id> out;
    for (const StoredActivity& s : app->store().scan_activities(all, app->types())) {
      if (f.unit && !units.count(s.a.unit_id)) continue;
      if (!f.type.empty() && app->types().types()[static_cast<size_t>(s.a.type)].code != f.type) continue;
      if (f.team && s.a.team_id != f.team) continue;
      if (f.author && s.a.author != f.author) continue;
      out.push_back(s.a.id);
    }
    return out;
  }

  static std::vector<Id> walk(const ActivityFilter& f, size_t limit, size_t budget, std::string_view force,
                              size_t* pages) {
    std::vector<Id> out;
    std::optional<ActivityPosition> at;
    *pages = 0;
    do {
      ActivityPage p = activity_page(*app, app->store(), f, at, limit, budget, force);
      EXPECT_LE(p.items.size(), limit);
      for (const StoredActivity& s : p.items) out.push_back(s.a.id);
      at = p.next;
      if (++*pages > 100000) break;
    } while (at);
    return out;
  }

  static ActivityFilter filter(Id unit) {
    ActivityFilter f;
    f.unit = unit;
    f.from = activity_list_start();
    f.to = today_local();
    return f;
  }

  static Id unit(const char* code, const char* name, Date d) {
    for (Id id : app->units().by_code(code, d))
      if (app->units().find(id)->name == name) return id;
    return 0;
  }

  static App* app;
};
App* ActivityPagesTest::app = nullptr;

TEST_F(ActivityPagesTest, EveryPlanPageSizeAndBudgetListsTheRuleExactlyOnce) {
  const Date d2022 = *parse_iso_date("2022-05-04");
  const Id cho_moi = unit("065", "Huyện Chợ Mới", d2022);
  const Id hoa_muc = unit("02098", "Xã Hoà Mục", d2022);
  const Id tan_ky = unit("02104", "Xã Tân Kỳ", today_local());
  ASSERT_TRUE(cho_moi && hoa_muc && tan_ky);
  std::vector<ActivityFilter> filters;
  for (Id u : {Id{0}, cho_moi, hoa_muc, tan_ky}) filters.push_back(filter(u));
  ActivityFilter typed = filter(tan_ky);
  typed.type = "vi_dien_tu";
  filters.push_back(typed);
  ActivityFilter dated = filter(cho_moi);
  dated.from = *parse_iso_date("2023-01-01");
  dated.to = *parse_iso_date("2023-06-30");
  filters.push_back(dated);
  ActivityFilter by_team = filter(tan_ky);
  by_team.team = app->store().teams_of_units({hoa_muc}).front().id;
  filters.push_back(by_team);
  for (const ActivityFilter& f : filters) {
    const std::vector<Id> want = expected(f);
    ASSERT_FALSE(want.empty()) << "unit " << f.unit;
    for (std::string_view force : {"", "lead", "units", "units/3"})
      for (size_t limit : {7, 50})
        for (size_t budget : {5, 64, 20000}) {
          size_t pages = 0;
          EXPECT_EQ(walk(f, limit, budget, force, &pages), want)
              << "unit " << f.unit << " type " << f.type << " team " << f.team << " plan '" << force << "' limit "
              << limit << " budget " << budget;
          if (budget >= 20000) EXPECT_EQ(pages, (want.size() + limit - 1) / limit) << "full pages when the budget allows";
        }
  }
}

TEST_F(ActivityPagesTest, AnAuthorsRowsThroughEitherPlan) {
  const Id tan_ky = unit("02104", "Xã Tân Kỳ", today_local());
  auto thanhvien = app->store().find_user_by_login_or_phone("thanhvien");
  ASSERT_TRUE(thanhvien);
  ActivityFilter f = filter(tan_ky);
  f.author = thanhvien->id;
  // The demo's rows have no author: log some as the team member.
  const Id village = thanhvien->unit_id;
  const Team team = app->store().teams_of_units({village}).front();
  std::vector<Store::NewActivity> rows;
  std::vector<Activity> acts;
  const std::string none;
  for (int i = 0; i < 9; ++i) {
    Activity a;
    a.team_id = team.id;
    a.unit_id = village;
    a.type = app->types().find("tuyen_truyen")->index;
    a.date = Date{parse_iso_date("2024-01-01")->days + i % 3};
    a.q[0] = 1 + i;
    a.author = thanhvien->id;
    acts.push_back(a);
  }
  for (const Activity& a : acts) rows.push_back({a, none, none});
  std::vector<Id> ids = app->store().insert_activities(rows, app->types());
  for (size_t i = 0; i < ids.size(); ++i) {
    acts[i].id = ids[i];
    app->engine().add(acts[i]);
  }
  const std::vector<Id> want = expected(f);
  ASSERT_EQ(want.size(), 9u);
  for (std::string_view force : {"", "lead", "units", "units/2"})
    for (size_t budget : {3, 20000}) {
      size_t pages = 0;
      EXPECT_EQ(walk(f, 4, budget, force, &pages), want) << force << " " << budget;
    }
}

}  // namespace
}  // namespace langso
