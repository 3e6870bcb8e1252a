#include "domain/team.h"

#include <gtest/gtest.h>

#include "domain/access.h"

namespace langso {

TEST(Phone, NormalisesVietnameseNumbers) {
  EXPECT_EQ(normalize_phone("0912345678"), "0912345678");
  EXPECT_EQ(normalize_phone("+84 912 345 678"), "0912345678");
  EXPECT_EQ(normalize_phone("84912345678"), "0912345678");
  EXPECT_EQ(normalize_phone("0912.345.678"), "0912345678");
  EXPECT_FALSE(normalize_phone("091234567"));
  EXPECT_FALSE(normalize_phone("0012345678"));
  EXPECT_FALSE(normalize_phone("09123x5678"));
  EXPECT_FALSE(normalize_phone(""));
}

TEST(Team, ActivePeriodIncludesItsLastDay) {
  Team t;
  t.active_from = *parse_iso_date("2022-04-28");
  t.active_to = *parse_iso_date("2024-12-31");
  EXPECT_TRUE(t.active().contains(*parse_iso_date("2024-12-31")));
  EXPECT_FALSE(t.active().contains(*parse_iso_date("2025-01-01")));
  EXPECT_FALSE(t.active().contains(*parse_iso_date("2022-04-27")));
}

TEST(Access, RolesGrantOnlyDownwards) {
  EXPECT_TRUE(can_grant(Role::Admin, Role::Admin));
  EXPECT_FALSE(can_grant(Role::ProvinceOfficer, Role::Admin));
  EXPECT_TRUE(can_grant(Role::ProvinceOfficer, Role::ProvinceOfficer));
  EXPECT_TRUE(can_grant(Role::ProvinceOfficer, Role::CommuneOfficer));
  EXPECT_FALSE(can_grant(Role::CommuneOfficer, Role::DistrictOfficer));
  EXPECT_TRUE(can_grant(Role::CommuneOfficer, Role::TeamMember));
  EXPECT_FALSE(can_grant(Role::TeamMember, Role::Viewer));
  EXPECT_FALSE(can_grant(Role::Viewer, Role::Viewer));
  EXPECT_FALSE(can_write(Role::TeamMember));
  EXPECT_FALSE(sees_personal_data(Role::Viewer));
  EXPECT_TRUE(sees_personal_data(Role::TeamMember));
  EXPECT_EQ(parse_role("district_officer"), Role::DistrictOfficer);
  EXPECT_FALSE(parse_role("root"));
}

}  // namespace langso
