#include "domain/household.h"

#include <gtest/gtest.h>

namespace langso {

TEST(Household, CccdIsTwelveDigitsWithAProvinceCode) {
  EXPECT_TRUE(valid_cccd("006190001234"));
  EXPECT_TRUE(valid_cccd("096000000000"));
  EXPECT_FALSE(valid_cccd("000190001234"));  // no province 000
  EXPECT_FALSE(valid_cccd("097190001234"));
  EXPECT_FALSE(valid_cccd("00619000123"));
  EXPECT_FALSE(valid_cccd("0061900012345"));
  EXPECT_FALSE(valid_cccd("00619000123a"));
  EXPECT_FALSE(valid_cccd(""));
}

TEST(Household, AgeOnADate) {
  Resident r;
  r.birth_date = *parse_iso_date("2006-05-04");
  r.birth_year = 2006;
  EXPECT_EQ(age_on(r, *parse_iso_date("2024-05-03")), 17);
  EXPECT_EQ(age_on(r, *parse_iso_date("2024-05-04")), 18);
  Resident y;  // a year only: counted as born on 1 January
  y.birth_year = 2006;
  EXPECT_EQ(age_on(y, *parse_iso_date("2023-12-31")), 17);
  EXPECT_EQ(age_on(y, *parse_iso_date("2024-01-01")), 18);
  Resident none;
  EXPECT_EQ(age_on(none, *parse_iso_date("2024-01-01")), -1);
}

TEST(Household, SeededStatusTypesNameExistingActivities) {
  auto acts = ActivityCatalog::from_json(nlohmann::json::parse(default_activity_types_json()));
  auto st = StatusCatalog::from_json(nlohmann::json::parse(default_status_types_json()), acts);
  ASSERT_GE(st.types().size(), 8u);
  const StatusType* pay = st.find("thanh_toan_khong_tien_mat");
  ASSERT_NE(pay, nullptr);
  EXPECT_EQ(pay->activity_type, "vi_dien_tu");
  EXPECT_EQ(pay->options[static_cast<size_t>(pay->option_index("ngan_hang"))].activity_category, "");
  EXPECT_EQ(st.find("vneid_muc_2")->activity_field, "people");
  // A status naming an activity that does not exist is refused.
  EXPECT_THROW(StatusCatalog::from_json(nlohmann::json::parse(R"([{"code":"x","name":"X","activity":{"type":"khong_co","field":"people"}}])"), acts),
               std::runtime_error);
  EXPECT_THROW(StatusCatalog::from_json(nlohmann::json::parse(R"([{"code":"x","name":"X"},{"code":"x","name":"Y"}])"), acts),
               std::runtime_error);
}

}  // namespace langso

namespace langso {
namespace {

TEST(Register, LikelyDuplicatesAndUncoveredIntervals) {
  Resident a{.id = 1, .full_name = "Hoàng Thị Trùng", .birth_year = 1966, .phone = "0977000111"};
  Resident b{.id = 2, .full_name = "hoang thi TRUNG", .birth_year = 1966};
  EXPECT_TRUE(likely_duplicates(a, b));
  b.phone = "0977000222";
  EXPECT_FALSE(likely_duplicates(a, b)) << "two phones";
  b.phone.clear();
  a.cccd_digest = "x", b.cccd_digest = "y";
  EXPECT_FALSE(likely_duplicates(a, b)) << "two CCCDs";
  b.cccd_digest.clear(), b.birth_year = 1967;
  EXPECT_FALSE(likely_duplicates(a, b));
  EXPECT_FALSE(likely_duplicates(a, a));
  auto d = [](const char* s) { return *parse_iso_date(s); };
  auto parts = uncovered({d("2020-01-01"), kMaxDate}, {{d("2021-01-01"), d("2022-01-01")}, {d("2023-01-01"), kMaxDate}});
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].to, d("2021-01-01"));
  EXPECT_EQ(parts[1].from, d("2022-01-01"));
  EXPECT_EQ(parts[1].to, d("2023-01-01"));
  EXPECT_TRUE(uncovered({d("2023-06-01"), kMaxDate}, {{d("2021-01-01"), kMaxDate}}).empty());
  EXPECT_EQ(uncovered({d("2023-06-01"), kMaxDate}, {}).size(), 1u);
}

}  // namespace
}  // namespace langso
