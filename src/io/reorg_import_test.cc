#include "io/reorg_import.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "domain/unit_index.h"
#include "io/gso_import.h"
#include "util/csv.h"

namespace langso {
namespace {

Date D(const char* s) { return *parse_iso_date(s); }
int64_t count(Store& s, const std::string& sql) { return s.db().query_one(sql)->i64(0); }

UnitIndex index_of(Store& s) {
  UnitIndex idx;
  for (auto& u : s.load_units()) idx.add_unit(u);
  for (auto& l : s.load_links()) idx.add_link(l);
  for (auto& x : s.load_successions()) idx.add_succession(x);
  return idx;
}

// The real national lists: the legacy GSO catalogue, then the 2025 mapping.
// Totals must match the published lists and every legacy commune must be
// accounted for.
TEST(ReorgImport, TheNationalMappingOf2025) {
  const std::string dir = std::string(LANGSO_SOURCE_DIR) + "/../shared/data/";
  if (!std::filesystem::exists(dir + "reform2025_legacy_to_new.csv"))
    GTEST_SKIP() << "needs ../shared/data (the national lists)";
  auto s = open_store(":memory:");
  ImportReport legacy = import_gso_units(*s, {read_file(dir + "gso_legacy_communes_2025-07-18.csv"),
                                              read_file(dir + "gso_legacy_districts_2025-07-18.csv")});
  ASSERT_TRUE(legacy.errors.empty()) << legacy.errors.front();
  Reform2025Lists lists = read_reform2025(read_file(dir + "reform2025_legacy_to_new.csv"),
                                          read_file(dir + "reform2025_communes_2025-07-17.csv"),
                                          read_file(dir + "reform2025_provinces_2025-07-17.csv"));
  ReorgReport r = import_reorganisation(*s, lists);
  ASSERT_TRUE(r.errors.empty()) << r.errors.front();
  EXPECT_EQ(r.rows, 10602);
  EXPECT_EQ(r.legacy_communes_mapped, 10035);
  EXPECT_EQ(r.provinces, 34);
  EXPECT_EQ(r.provinces_continuing, 11);
  EXPECT_EQ(r.provinces_created, 23);
  EXPECT_EQ(r.legacy_provinces_ended, 52);
  EXPECT_EQ(r.communes, 3321);
  EXPECT_EQ(r.communes_created + r.communes_continuing, 3321);
  EXPECT_EQ(r.legacy_districts_ended, 696);
  EXPECT_EQ(r.legacy_communes_split, 471);
  EXPECT_GT(r.facts, 3300);

  UnitIndex idx = index_of(*s);
  const Date today = D("2026-01-01"), old = D("2025-06-30");
  EXPECT_EQ(idx.roots_at(today).size(), 34u);
  EXPECT_EQ(idx.roots_at(old).size(), 63u);
  size_t communes_now = 0, communes_then = 0, districts_now = 0;
  idx.for_each([&](const Unit& u) {
    if (u.level == Level::Commune && idx.alive(u.id, today)) ++communes_now;
    if (u.level == Level::Commune && idx.alive(u.id, old)) ++communes_then;
    if (u.level == Level::District && idx.alive(u.id, today)) ++districts_now;
  });
  EXPECT_EQ(communes_now, 3321u);
  EXPECT_EQ(communes_then, 10035u);
  EXPECT_EQ(districts_now, 0u);
  // Every legacy commune counts for exactly one 2025 commune, in a 2025 province.
  idx.for_each([&](const Unit& u) {
    if (u.level != Level::Commune || !idx.alive(u.id, old)) return;
    Id t = idx.attribute(u.id, today);
    ASSERT_NE(t, 0) << u.name;
    EXPECT_EQ(idx.find(t)->level, Level::Commune) << u.name;
    EXPECT_EQ(idx.path_at(t, today).size(), 2u) << u.name;
  });
  // Bắc Kạn is part of Thái Nguyên; Như Cố went into the new Xã Chợ Mới, which took Đồng Tâm's code.
  Id bac_kan = idx.by_code("06", old).at(0);
  Id thai_nguyen = idx.attribute(bac_kan, today);
  EXPECT_EQ(idx.find(thai_nguyen)->name, "Tỉnh Thái Nguyên");
  EXPECT_EQ(idx.children_at(thai_nguyen, today).size(), 92u);
  Id nhu_co = idx.by_code("02122", old).at(0);
  Id cho_moi = idx.attribute(nhu_co, today);
  EXPECT_EQ(idx.find(cho_moi)->name, "Xã Chợ Mới");
  EXPECT_EQ(idx.find(cho_moi)->code, "02086");
  EXPECT_EQ(idx.predecessors(cho_moi).size(), 3u);

  // A second run changes nothing.
  const int64_t units = count(*s, "SELECT COUNT(*) FROM units"), links = count(*s, "SELECT COUNT(*) FROM unit_links"),
                succ = count(*s, "SELECT COUNT(*) FROM unit_successions");
  ReorgReport again = import_reorganisation(*s, lists);
  ASSERT_TRUE(again.errors.empty()) << again.errors.front();
  EXPECT_EQ(again.rows_already_applied, 10602);
  EXPECT_EQ(count(*s, "SELECT COUNT(*) FROM units"), units);
  EXPECT_EQ(count(*s, "SELECT COUNT(*) FROM unit_links"), links);
  EXPECT_EQ(count(*s, "SELECT COUNT(*) FROM unit_successions"), succ);
}

// A small case by hand: villages follow a merged commune; those of a split
// commune go to the commune named first and wait for a decision; a bad row
// rejects everything.
TEST(ReorgImport, VillagesFollowAndBadRowsRejectEverything) {
  auto s = open_store(":memory:");
  const char* legacy =
      "Mã,Tên,Tên Tiếng Anh,Cấp,Mã QH,Quận Huyện,Mã TP,Tỉnh / Thành Phố\n"
      "02086,Thị trấn Đồng Tâm,,Thị trấn,065,Huyện Chợ Mới,06,Tỉnh Bắc Kạn\n"
      "02089,Xã Như Cố,,Xã,065,Huyện Chợ Mới,06,Tỉnh Bắc Kạn\n"
      "02098,Xã Hoà Mục,,Xã,065,Huyện Chợ Mới,06,Tỉnh Bắc Kạn\n";
  ASSERT_TRUE(import_gso_units(*s, {legacy}).errors.empty());
  UnitIndex before = index_of(*s);
  const Date old = D("2022-05-04");
  Id nhu_co = before.by_code("02089", old).at(0), hoa_muc = before.by_code("02098", old).at(0);
  Id v1 = s->insert_unit({0, "02089-01", "Thôn Nà Tiêm", "thon", Level::Village, {}});
  s->insert_link({v1, nhu_co, {}});
  Id v2 = s->insert_unit({0, "02098-01", "Thôn Nà Pầu", "thon", Level::Village, {}});
  s->insert_link({v2, hoa_muc, {}});
  const std::string header =
      "provinceCode,isMergedProvince,districtCode,districtType,wardCode,wardType,isMergedWard,isDividedWard,province,"
      "district,ward,newProvince,newWard,newWardShort,newProvinceCode,newProvinceLat,newProvinceLon,newWardCode,"
      "newWardType,newWardLat,newWardLon,newWardAreaKm2\n";
  const std::string rows =
      "6,True,65,Huyện,2086.0,Thị trấn,True,False,Tỉnh Bắc Kạn,Huyện Chợ Mới,Thị trấn Đồng Tâm,Tỉnh Thái Nguyên,Xã Chợ Mới,Chợ Mới,19,0,0,02086,Xã,22,105,100\n"
      "6,True,65,Huyện,2089.0,Xã,True,False,Tỉnh Bắc Kạn,Huyện Chợ Mới,Xã Như Cố,Tỉnh Thái Nguyên,Xã Chợ Mới,Chợ Mới,19,0,0,02086,Xã,22,105,100\n"
      "6,True,65,Huyện,2098.0,Xã,True,True,Tỉnh Bắc Kạn,Huyện Chợ Mới,Xã Hoà Mục,Tỉnh Thái Nguyên,Xã Tân Kỳ,Tân Kỳ,19,0,0,02101,Xã,22,105,90\n"
      "6,True,65,Huyện,2098.0,Xã,True,True,Tỉnh Bắc Kạn,Huyện Chợ Mới,Xã Hoà Mục,Tỉnh Thái Nguyên,Xã Chợ Mới,Chợ Mới,19,0,0,02086,Xã,22,105,100\n";
  const int64_t units = count(*s, "SELECT COUNT(*) FROM units");
  ReorgReport bad = import_reorganisation(*s, read_reform2025(header + rows + "6,True,65,Huyện,9999.0,Xã,True,False,Tỉnh Bắc Kạn,Huyện Chợ Mới,Xã Không Có,Tỉnh Thái Nguyên,Xã Chợ Mới,Chợ Mới,19,0,0,02086,Xã,22,105,100\n", "", ""));
  ASSERT_EQ(bad.errors.size(), 1u);
  EXPECT_EQ(bad.errors[0], "dòng 6: không có xã mã 09999 (Xã Không Có) vào ngày 30/06/2025");
  EXPECT_EQ(count(*s, "SELECT COUNT(*) FROM units"), units);

  ReorgReport missing = import_reorganisation(*s, read_reform2025(header + rows.substr(0, rows.find("6,True,65,Huyện,2098")), "", ""));
  ASSERT_EQ(missing.errors.size(), 1u);  // Hoà Mục's district ends, so it must be named
  EXPECT_NE(missing.errors[0].find("Xã Hoà Mục"), std::string::npos);

  ReorgReport r = import_reorganisation(*s, read_reform2025(header + rows, "", ""));
  ASSERT_TRUE(r.errors.empty()) << r.errors.front();
  EXPECT_EQ(r.communes_created, 2);
  EXPECT_EQ(r.legacy_communes_split, 1);
  EXPECT_EQ(r.villages_moved, 1);
  EXPECT_EQ(r.villages_pending, 1);
  UnitIndex after = index_of(*s);
  const Date now = D("2025-07-01");
  Id cho_moi = after.by_code("02086", now).at(0), tan_ky = after.by_code("02101", now).at(0);
  EXPECT_EQ(after.parent_at(v1, now), cho_moi);
  EXPECT_EQ(after.parent_at(v1, old), nhu_co);
  EXPECT_EQ(after.parent_at(v2, now), tan_ky);  // proposed: the commune named first
  auto pending = s->village_assignments();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].village, v2);
  EXPECT_FALSE(pending[0].decided_by);
  auto succ = after.successors(hoa_muc);
  ASSERT_EQ(succ.size(), 2u);
  EXPECT_EQ(succ[0].new_unit, tan_ky);  // in the order the rows name them
  EXPECT_FALSE(succ[0].whole);
  EXPECT_EQ(s->unit_facts(tan_ky)->area_km2, 90);
}

// Found by fuzz/fuzz_reorg_import: a row naming a district (or a commune) of
// another province was taken; that unit was left alive, since only the
// districts of the provinces that take part end, and a second run did the row
// again.
TEST(ReorgImport, ARowWhoseUnitIsInAnotherProvinceIsRefused) {
  auto s = open_store(":memory:");
  ASSERT_TRUE(import_gso_units(*s, {"Mã,Tên,Tên Tiếng Anh,Cấp,Mã QH,Quận Huyện,Mã TP,Tỉnh / Thành Phố\n"
                                    "02086,Thị trấn Đồng Tâm,,Thị trấn,065,Huyện Chợ Mới,06,Tỉnh Bắc Kạn\n"
                                    "00001,Phường Phúc Xá,,Phường,001,Quận Ba Đình,01,Thành phố Hà Nội\n",
                                    "Mã,Tên,Tên Tiếng Anh,Cấp,Mã TP,Tỉnh / Thành Phố\n"
                                    "498,Huyện Lý Sơn,,Huyện,51,Tỉnh Quảng Ngãi\n"})
                  .errors.empty());
  const std::string header =
      "provinceCode,districtCode,wardCode,isDividedWard,province,district,ward,newProvince,newWard,newProvinceCode,"
      "newWardCode,newWardType\n";
  const int64_t units = count(*s, "SELECT COUNT(*) FROM units");
  ReorgReport district = import_reorganisation(
      *s, read_reform2025(header + "51,1,,False,Tỉnh Quảng Ngãi,Quận Ba Đình,,Tỉnh Quảng Ngãi,Đặc khu Lý Sơn,51,21850,Đặc khu\n", "", ""));
  ASSERT_EQ(district.errors.size(), 1u);
  EXPECT_EQ(district.errors[0], "dòng 2: huyện mã 001 (Quận Ba Đình) không thuộc tỉnh mã 51 (Tỉnh Quảng Ngãi) vào ngày 30/06/2025");
  ReorgReport commune = import_reorganisation(
      *s, read_reform2025(header + "6,1,1.0,False,Tỉnh Bắc Kạn,Quận Ba Đình,Phường Phúc Xá,Tỉnh Thái Nguyên,Phường Phúc Xá,19,00001,Phường\n", "", ""));
  ASSERT_EQ(commune.errors.size(), 1u);
  EXPECT_EQ(commune.errors[0], "dòng 2: xã mã 00001 (Phường Phúc Xá) không thuộc tỉnh mã 06 (Tỉnh Bắc Kạn) vào ngày 30/06/2025");
  EXPECT_EQ(count(*s, "SELECT COUNT(*) FROM units"), units);
}

}  // namespace
}  // namespace langso
