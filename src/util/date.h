// Calendar dates as a count of days since 1970-01-01 (proleptic Gregorian).
// A Date is a plain value: cheap to copy and compare, no time zone. The
// sentinels kMinDate/kMaxDate stand for an open end of a validity interval.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace langso {

struct Date {
  int32_t days = 0;
  auto operator<=>(const Date&) const = default;
};

inline constexpr Date kMinDate{-1000000};
inline constexpr Date kMaxDate{1000000};

// Civil-from-days and back (Howard Hinnant's algorithms).
Date date_from_ymd(int y, unsigned m, unsigned d);
void ymd_from_date(Date date, int& y, unsigned& m, unsigned& d);

// Strict YYYY-MM-DD; rejects impossible dates such as 2022-02-30.
std::optional<Date> parse_iso_date(std::string_view s);
// The day y-m-d when it exists and 1900 <= y <= 2200 (what parse_iso_date accepts).
std::optional<Date> checked_date(int y, int m, int d);
std::string format_iso(Date d);      // 2022-05-04
std::string format_vn(Date d);       // 04/05/2022
Date today_local();                  // today in Vietnam (UTC+7)

// A half-open validity interval [from, to): "to" is the first day it no longer holds.
struct Interval {
  Date from = kMinDate;
  Date to = kMaxDate;
  bool contains(Date d) const { return from <= d && d < to; }
};

}  // namespace langso
