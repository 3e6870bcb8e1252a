#include "domain/coverage.h"

#include <gtest/gtest.h>

namespace langso {
namespace {

Date D(const char* s) { return *parse_iso_date(s); }

TEST(Coverage, CountsCommunesAndVillagesWithAnActiveTeam) {
  UnitIndex idx;
  idx.add_unit({1, "065", "Huyện Chợ Mới", "huyen", Level::District, {}});
  idx.add_unit({2, "02098", "Xã Hoà Mục", "xa", Level::Commune, {}});
  idx.add_unit({3, "02101", "Xã Yên Cư", "xa", Level::Commune, {}});
  idx.add_unit({4, "02098-01", "Thôn Nà Pầu", "thon", Level::Village, {}});
  idx.add_unit({5, "02098-02", "Thôn Khuổi Đeng", "thon", Level::Village, {}});
  for (auto [c, p] : {std::pair{2, 1}, {3, 1}, {4, 2}, {5, 2}}) idx.add_link({c, p, {}});

  TeamSpans teams;
  teams.put(100, 2, {D("2022-04-28"), kMaxDate});
  teams.put(101, 4, {D("2022-05-02"), D("2023-01-01")});

  Coverage before = compute_coverage(idx, teams, 1, D("2022-04-27"));
  EXPECT_EQ(before.communes_with_team, 0);
  EXPECT_EQ(before.communes_without_team, (std::vector<Id>{2, 3}));

  Coverage c = compute_coverage(idx, teams, 1, D("2022-05-04"));
  EXPECT_EQ(c.communes_total, 2);
  EXPECT_EQ(c.communes_with_team, 1);
  EXPECT_EQ(c.villages_total, 2);
  EXPECT_EQ(c.villages_with_team, 1);
  EXPECT_EQ(c.communes_without_team, std::vector<Id>{3});

  // The village team's period has ended; moving a team replaces its span.
  EXPECT_EQ(compute_coverage(idx, teams, 1, D("2023-01-01")).villages_with_team, 0);
  teams.put(100, 3, {D("2022-04-28"), kMaxDate});
  EXPECT_EQ(compute_coverage(idx, teams, 1, D("2022-05-04")).communes_without_team, std::vector<Id>{2});
  teams.erase(100);
  EXPECT_EQ(compute_coverage(idx, teams, 1, D("2022-05-04")).communes_with_team, 0);
  // A commune's own coverage.
  EXPECT_EQ(compute_coverage(idx, teams, 2, D("2022-05-04")).villages_total, 2);
}

}  // namespace
}  // namespace langso
