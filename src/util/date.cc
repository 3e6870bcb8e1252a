#include "util/date.h"

#include <chrono>
#include <cstdio>

namespace langso {

Date date_from_ymd(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return Date{era * 146097 + static_cast<int>(doe) - 719468};
}

void ymd_from_date(Date date, int& y, unsigned& m, unsigned& d) {
  int z = date.days + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(yoe) + era * 400 + (m <= 2);
}

static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

std::optional<Date> parse_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto num = [&](size_t pos, size_t len, int& out) {
    out = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      out = out * 10 + (s[i] - '0');
    }
    return true;
  };
  int y, m, d;
  if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d)) return std::nullopt;
  return checked_date(y, m, d);
}

std::optional<Date> checked_date(int y, int m, int d) {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return std::nullopt;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int max_d = kDays[m - 1] + (m == 2 && is_leap(y) ? 1 : 0);
  if (d > max_d) return std::nullopt;
  return date_from_ymd(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

std::string format_iso(Date date) {
  int y;
  unsigned m, d;
  ymd_from_date(date, y, m, d);
  if (y < 0 || y > 9999) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
    return buf;
  }
  // By hand: snprintf showed in the profile of scorecards, which print three dates.
  std::string s = "0000-00-00";
  for (int i = 3; i >= 0; --i, y /= 10) s[static_cast<size_t>(i)] = static_cast<char>('0' + y % 10);
  s[5] = static_cast<char>('0' + m / 10), s[6] = static_cast<char>('0' + m % 10);
  s[8] = static_cast<char>('0' + d / 10), s[9] = static_cast<char>('0' + d % 10);
  return s;
}

std::string format_vn(Date date) {
  int y;
  unsigned m, d;
  ymd_from_date(date, y, m, d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02u/%02u/%04d", d, m, y);
  return buf;
}

Date today_local() {
  using namespace std::chrono;
  auto secs = duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
  secs += 7 * 3600;  // Indochina Time, no daylight saving
  return Date{static_cast<int32_t>(secs / 86400)};
}

}  // namespace langso
