#include "domain/unit_index.h"

#include <gtest/gtest.h>

namespace langso {
namespace {

Date D(const char* s) { return *parse_iso_date(s); }

// A province with one district and three communes; on 2025-07-01 the district
// ends, Như Cố ends, a new commune "Xã Chợ Mới" reuses Đồng Tâm's code 02086
// and a village moves from Như Cố to it.
class UnitIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Date reform = D("2025-07-01");
    add({1, "06", "Tỉnh Bắc Kạn", "tinh", Level::Province, {kMinDate, reform}});
    add({2, "065", "Huyện Chợ Mới", "huyen", Level::District, {kMinDate, reform}});
    add({3, "02086", "Thị trấn Đồng Tâm", "thi_tran", Level::Commune, {kMinDate, reform}});
    add({4, "02089", "Xã Như Cố", "xa", Level::Commune, {kMinDate, reform}});
    add({5, "02098", "Xã Hoà Mục", "xa", Level::Commune, {kMinDate, reform}});
    add({6, "19", "Tỉnh Thái Nguyên", "tinh", Level::Province, {}});
    add({7, "02086", "Xã Chợ Mới", "xa", Level::Commune, {reform, kMaxDate}});
    add({8, "02089-01", "Thôn Nà Tiêm", "thon", Level::Village, {}});
    add({9, "99999", "Xã Hòa Mục", "xa", Level::Commune, {}});  // another province's namesake
    link(2, 1, {kMinDate, reform});
    link(3, 2, {kMinDate, reform});
    link(4, 2, {kMinDate, reform});
    link(5, 2, {kMinDate, reform});
    link(7, 6, {reform, kMaxDate});
    link(8, 4, {kMinDate, reform});
    link(8, 7, {reform, kMaxDate});
    link(9, 6, {});
  }
  void add(Unit u) { idx.add_unit(u); }
  void link(Id c, Id p, Interval v) { idx.add_link({c, p, v}); }
  std::vector<std::string> names(const std::vector<Id>& ids) {
    std::vector<std::string> out;
    for (Id id : ids) out.push_back(idx.find(id)->name);
    return out;
  }
  UnitIndex idx;
};

TEST_F(UnitIndexTest, ChildrenDependOnTheDateAndSortInVietnameseOrder) {
  EXPECT_EQ(names(idx.children_at(2, D("2022-05-04"))),
            (std::vector<std::string>{"Thị trấn Đồng Tâm", "Xã Hoà Mục", "Xã Như Cố"}));
  EXPECT_TRUE(idx.children_at(2, D("2025-07-01")).empty());
  EXPECT_EQ(names(idx.children_at(7, D("2025-07-01"))), (std::vector<std::string>{"Thôn Nà Tiêm"}));
  EXPECT_TRUE(idx.children_at(7, D("2025-06-30")).empty());
}

TEST_F(UnitIndexTest, CodeLookupNeedsADate) {
  EXPECT_EQ(idx.by_code("02086", D("2022-05-04")), std::vector<Id>{3});
  EXPECT_EQ(idx.by_code("02086", D("2025-07-01")), std::vector<Id>{7});
  EXPECT_TRUE(idx.by_code("065", D("2026-01-01")).empty());
}

TEST_F(UnitIndexTest, PathFollowsTheStructureOfTheDate) {
  EXPECT_EQ(idx.path_text(8, D("2022-05-04")), "Thôn Nà Tiêm › Xã Như Cố › Huyện Chợ Mới › Tỉnh Bắc Kạn");
  EXPECT_EQ(idx.path_text(8, D("2025-08-01")), "Thôn Nà Tiêm › Xã Chợ Mới › Tỉnh Thái Nguyên");
  EXPECT_EQ(names(idx.roots_at(D("2022-05-04"))), (std::vector<std::string>{"Tỉnh Bắc Kạn", "Tỉnh Thái Nguyên"}));
  EXPECT_EQ(names(idx.roots_at(D("2025-07-01"))), (std::vector<std::string>{"Tỉnh Thái Nguyên"}));
}

TEST_F(UnitIndexTest, SearchIgnoresCaseDiacriticsAndTonePlacement) {
  auto all = [](Id) { return true; };
  for (const char* q : {"hoa muc", "Hòa Mục", "Hoà Mục", "HOA MUC", "xa hoa muc"}) {
    auto hits = idx.search(q, D("2022-05-04"), 10, all);
    EXPECT_EQ(hits, (std::vector<Id>{5, 9})) << q;
  }
  // Only what is visible to the caller is returned.
  EXPECT_EQ(idx.search("hoa muc", D("2022-05-04"), 10, [](Id id) { return id != 5; }), std::vector<Id>{9});
  EXPECT_EQ(idx.search("dong", D("2022-05-04"), 10, all), std::vector<Id>{3});
  // An ended unit is still found by its old name, after the units alive then.
  EXPECT_EQ(idx.search("dong", D("2025-07-01"), 10, all), std::vector<Id>{3});
  EXPECT_TRUE(idx.search("   ", D("2022-05-04"), 10, all).empty());
}

TEST_F(UnitIndexTest, SearchPagesAndCountsAllHits) {
  auto all = [](Id) { return true; };
  size_t total = 0;
  EXPECT_EQ(idx.search("xa", D("2022-05-04"), 2, all, 0, &total).size(), 2u);
  const size_t n = total;
  EXPECT_GE(n, 4u);
  std::vector<Id> paged;
  for (size_t at = 0; at < n; at += 2)
    for (Id id : idx.search("xa", D("2022-05-04"), 2, all, at, &total)) paged.push_back(id);
  EXPECT_EQ(total, n);
  EXPECT_EQ(paged, idx.search("xa", D("2022-05-04"), 100, all));
  EXPECT_TRUE(idx.search("xa", D("2022-05-04"), 2, all, n, &total).empty());
  EXPECT_EQ(total, n);
}

TEST_F(UnitIndexTest, VillagesSortInNaturalOrder) {
  for (Id id = 20; id < 32; ++id) {
    add({id, "02098-" + std::to_string(id), "Thôn " + std::to_string(32 - id), "thon", Level::Village, {}});
    link(id, 5, {});
  }
  add({40, "02098-40", "Thôn Bản Đồn", "thon", Level::Village, {}});
  link(40, 5, {});
  std::vector<std::string> want;
  for (int i = 1; i <= 12; ++i) want.push_back("Thôn " + std::to_string(i));
  want.push_back("Thôn Bản Đồn");
  EXPECT_EQ(names(idx.children_at(5, D("2022-05-04"))), want);
  auto hits = idx.search("thon", D("2022-05-04"), 100, [](Id id) { return id >= 20 && id <= 31; });
  want.pop_back();
  EXPECT_EQ(names(hits), want);
}

TEST_F(UnitIndexTest, KnowsTheUnitsThatEnd) {
  EXPECT_EQ(idx.ended(), (std::set<Id>{1, 2, 3, 4, 5}));
  add({5, "02098", "Xã Hoà Mục", "xa", Level::Commune, {}});  // its end date withdrawn
  EXPECT_EQ(idx.ended(), (std::set<Id>{1, 2, 3, 4}));
}

TEST_F(UnitIndexTest, ScopeCoversEveryDateOfTheHierarchy) {
  EXPECT_TRUE(idx.is_within(8, 1));  // was under Bắc Kạn
  EXPECT_TRUE(idx.is_within(8, 6));  // is under Thái Nguyên
  EXPECT_TRUE(idx.is_within(1, 1));
  EXPECT_FALSE(idx.is_within(3, 6));
  EXPECT_FALSE(idx.is_within(1, 2));
  EXPECT_FALSE(idx.is_within(42, 1));
}

TEST_F(UnitIndexTest, DescendantsOnADate) {
  std::vector<Id> seen;
  idx.for_each_descendant(1, D("2022-05-04"), [&](const Unit& u) { seen.push_back(u.id); });
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, (std::vector<Id>{1, 2, 3, 4, 5, 8}));
}

}  // namespace
}  // namespace langso

namespace langso {
namespace {

// Successions of the fixture above: Đồng Tâm and Như Cố form Xã Chợ Mới
// (which takes Đồng Tâm's code); Hoà Mục is split, Xã Chợ Mới named first.
class AttributionTest : public UnitIndexTest {
 protected:
  void SetUp() override {
    UnitIndexTest::SetUp();
    idx.add_succession({1, 3, 7, true, 0, ""});
    idx.add_succession({1, 4, 7, true, 0, ""});
    idx.add_unit({10, "02110", "Xã Tân Kỳ", "xa", Level::Commune, {D("2025-07-01"), kMaxDate}});
    idx.add_link({10, 6, {D("2025-07-01"), kMaxDate}});
    idx.add_succession({1, 5, 10, false, 1, ""});
    idx.add_succession({1, 5, 7, false, 0, ""});
    idx.add_succession({1, 1, 6, true, 0, ""});
  }
};

TEST_F(AttributionTest, FollowsSuccessorsForwardAndPredecessorsBack) {
  const Date before = D("2022-05-04"), after = D("2025-08-01");
  EXPECT_EQ(idx.attribute(3, before), 3);
  EXPECT_EQ(idx.attribute(3, after), 7);
  EXPECT_EQ(idx.attribute(4, after), 7);
  EXPECT_EQ(idx.attribute(5, after), 7);  // a split unit's own figures: the successor named first
  EXPECT_EQ(idx.successors(5).front().new_unit, 7);
  EXPECT_EQ(idx.attribute(7, before), 3);  // back to the predecessor whose code it took
  EXPECT_EQ(idx.attribute(10, before), 5);
  EXPECT_EQ(idx.attribute(2, after), 6);   // a district ends without successor: its province's
  EXPECT_EQ(idx.attribute(8, before), 8);  // villages stay themselves and move
  EXPECT_EQ(idx.attribute(8, after), 8);
  EXPECT_EQ(idx.attribute(1, after), 6);
  EXPECT_EQ(idx.attribute(6, before), 6);  // Thái Nguyên existed before
}

TEST_F(AttributionTest, OfficersOfANewUnitSeeTheUnitsItWasFormedFrom) {
  EXPECT_TRUE(idx.is_within(4, 7));
  EXPECT_TRUE(idx.is_within(5, 10));
  EXPECT_FALSE(idx.is_within(7, 4));
}

}  // namespace
}  // namespace langso
