#include "domain/sync.h"

#include <gtest/gtest.h>

using namespace langso;
using nlohmann::json;

TEST(SyncCursor, RoundTripsAndRefusesDamage) {
  SyncCursor c{42, 7001, 123456, 1790000000};
  std::string s = encode_cursor(c);
  auto back = decode_cursor(s);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->user, 42);
  EXPECT_EQ(back->area, 7001);
  EXPECT_EQ(back->journal, 123456);
  EXPECT_EQ(back->at, 1790000000);
  std::string other = s;
  other[3] = other[3] == '4' ? '5' : '4';  // another user, same check sum
  EXPECT_FALSE(decode_cursor(other));
  EXPECT_FALSE(decode_cursor(""));
  EXPECT_FALSE(decode_cursor("c1.1.2.3.4"));
  EXPECT_FALSE(decode_cursor("c1.-1.2.3.4.0000000000000000"));
  EXPECT_FALSE(decode_cursor(std::string(300, 'x')));
}

TEST(SyncKind, CodesRoundTrip) {
  for (const char* code : {"activity.create", "visit.create", "household.create", "household.edit", "person.create",
                           "person.edit", "person.status"}) {
    auto k = parse_sync_kind(code);
    ASSERT_TRUE(k) << code;
    EXPECT_EQ(sync_kind_code(*k), code);
  }
  EXPECT_FALSE(parse_sync_kind("person.delete"));
  EXPECT_TRUE(is_edit(SyncKind::PersonEdit));
  EXPECT_FALSE(is_edit(SyncKind::PersonCreate));
}

TEST(MergeFields, FieldByFieldAgainstTheBase) {
  json current{{"phone", "0911111111"}, {"hamlet", "Xóm Trên"}, {"fibre", true}, {"house_number", "5"}};
  json base{{"phone", "0900000000"}, {"hamlet", "Xóm Trên"}, {"fibre", false}, {"house_number", "4"}};
  // phone: changed on both sides to different values → conflict (current kept)
  // hamlet: only the phone changed it → applied
  // fibre: both changed it to the same value → nothing to do
  // house_number: both changed, different → conflict
  json mine{{"phone", "0922222222"}, {"hamlet", "Xóm Dưới"}, {"fibre", true}, {"house_number", "6"}};
  FieldMerge m = merge_fields(current, base, mine);
  EXPECT_EQ(m.apply, (json{{"hamlet", "Xóm Dưới"}}));
  ASSERT_EQ(m.conflicts.size(), 2u);
  EXPECT_EQ(m.conflicts[0].field, "house_number");
  EXPECT_EQ(m.conflicts[0].theirs, "5");
  EXPECT_EQ(m.conflicts[0].mine, "6");
  EXPECT_EQ(m.conflicts[0].base, "4");
  EXPECT_EQ(m.conflicts[1].field, "phone");
  EXPECT_EQ(m.unchanged, std::vector<std::string>{"fibre"});
}

TEST(MergeFields, NoBaseMeansApply) {
  FieldMerge m = merge_fields(json{{"sex", "nam"}}, json::object(), json{{"sex", "nu"}});
  EXPECT_EQ(m.apply, (json{{"sex", "nu"}}));
  EXPECT_TRUE(m.conflicts.empty());
}
