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
