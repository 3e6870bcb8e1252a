#include "http/json_out.h"

#include <gtest/gtest.h>

#include "http/json_writer.h"

namespace langso {
namespace {

Date D(const char* s) { return *parse_iso_date(s); }

// The streamed unit (scorecards) must print exactly what the tree prints.
TEST(UnitJson, StreamedEqualsTree) {
  UnitIndex idx;
  const Date reform = D("2025-07-01");
  idx.add_unit({1, "06", "Tỉnh Bắc Kạn", "tinh", Level::Province, {kMinDate, reform}});
  idx.add_unit({2, "065", "Huyện \"Chợ\" Mới", "huyen", Level::District, {kMinDate, reform}});
  idx.add_unit({3, "02098", "Xã Hoà Mục", "xa", Level::Commune, {D("2020-01-01"), kMaxDate}});
  idx.add_unit({4, "02098-01", "Thôn Nà Pài", "thon", Level::Village, {}});
  idx.add_unit({5, "x", "Loại lạ", "khong_ro", Level::Village, {}});
  idx.add_link({2, 1, {kMinDate, reform}});
  idx.add_link({3, 2, {kMinDate, reform}});
  idx.add_link({4, 3, {}});
  idx.add_unit({6, "19", "Tỉnh Thái Nguyên", "tinh", Level::Province, {reform, kMaxDate}});
  idx.add_succession({1, 1, 6, true, 0, ""});  // a fate on one side, formed_from on the other
  for (Id id : {1, 2, 3, 4, 5, 6, 99})
    for (Date d : {D("2024-01-01"), reform, D("2030-01-01")}) {
      JsonWriter w;
      write_unit_json(w, idx, id, d);
      EXPECT_EQ(w.take(), unit_json(idx, id, d).dump()) << id << " " << format_iso(d);
    }
}

TEST(FormatIso, PadsEveryPart) {
  EXPECT_EQ(format_iso(D("2024-03-05")), "2024-03-05");
  EXPECT_EQ(format_iso(date_from_ymd(999, 12, 31)), "0999-12-31");
  EXPECT_EQ(format_iso(date_from_ymd(2020, 1, 1)), "2020-01-01");
}

}  // namespace
}  // namespace langso
