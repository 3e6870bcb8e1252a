#include "util/date.h"

#include <gtest/gtest.h>

namespace langso {

TEST(Date, RoundTripsIsoDates) {
  auto d = parse_iso_date("2022-05-04");
  ASSERT_TRUE(d);
  EXPECT_EQ(format_iso(*d), "2022-05-04");
  EXPECT_EQ(format_vn(*d), "04/05/2022");
  EXPECT_EQ(parse_iso_date("1970-01-01")->days, 0);
  EXPECT_EQ(parse_iso_date("2025-07-01")->days - parse_iso_date("2025-06-30")->days, 1);
}

TEST(Date, RejectsImpossibleDates) {
  EXPECT_FALSE(parse_iso_date("2022-02-30"));
  EXPECT_FALSE(parse_iso_date("2023-02-29"));
  EXPECT_TRUE(parse_iso_date("2024-02-29"));
  EXPECT_FALSE(parse_iso_date("2022-13-01"));
  EXPECT_FALSE(parse_iso_date("2022-00-10"));
  EXPECT_FALSE(parse_iso_date("2022-5-4"));
  EXPECT_FALSE(parse_iso_date("04/05/2022"));
  EXPECT_FALSE(parse_iso_date("2022-05-04T00:00"));
  EXPECT_FALSE(parse_iso_date(""));
}

TEST(Date, IntervalIsHalfOpen) {
  Interval iv{*parse_iso_date("2022-01-01"), *parse_iso_date("2025-07-01")};
  EXPECT_TRUE(iv.contains(*parse_iso_date("2025-06-30")));
  EXPECT_FALSE(iv.contains(*parse_iso_date("2025-07-01")));
  EXPECT_FALSE(iv.contains(*parse_iso_date("2021-12-31")));
  EXPECT_TRUE(Interval{}.contains(*parse_iso_date("1999-09-09")));
}

}  // namespace langso
