#include "io/gso_import.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "domain/unit_index.h"
#include "util/csv.h"

namespace langso {
namespace {

const char* kCommunes =
    "\xEF\xBB\xBFMã,Tên,Tên Tiếng Anh,Cấp,Mã QH,Quận Huyện,Mã TP,Tỉnh / Thành Phố\r\n"
    "02086,Thị trấn Đồng Tâm,,Thị trấn,065,Huyện Chợ Mới,06,Tỉnh Bắc Kạn\r\n"
    "02098,Xã Hoà Mục,Hoa Muc Commune,Xã,065,Huyện Chợ Mới,06,Tỉnh Bắc Kạn\r\n"
    "01834,Phường Nguyễn Thị Minh Khai,,Phường,058,Thành Phố Bắc Kạn,06,Tỉnh Bắc Kạn\r\n"
    "00001,Phường Phúc Xá,,Phường,001,Quận Ba Đình,01,Thành phố Hà Nội\r\n";
const char* kDistricts =
    "\xEF\xBB\xBFMã,Tên,Tên Tiếng Anh,Cấp,Mã TP,Tỉnh / Thành Phố\r\n"
    "065,Huyện Chợ Mới,,Huyện,06,Tỉnh Bắc Kạn\r\n"
    "498,Huyện Lý Sơn,,Huyện,51,Tỉnh Quảng Ngãi\r\n";

std::unique_ptr<Store> memory_store() { return open_store(":memory:"); }

int64_t count(Store& s, const char* table) { return s.db().query_one(std::string("SELECT COUNT(*) FROM ") + table)->i64(0); }

TEST(GsoImport, CreatesTheHierarchyAndIsIdempotent) {
  auto s = memory_store();
  ImportReport r = import_gso_units(*s, {kCommunes, kDistricts});
  ASSERT_TRUE(r.errors.empty()) << r.errors.front();
  EXPECT_EQ(r.provinces_created, 3);
  EXPECT_EQ(r.districts_created, 4);
  EXPECT_EQ(r.communes_created, 4);
  EXPECT_EQ(count(*s, "units"), 11);

  UnitIndex idx;
  for (auto& u : s->load_units()) idx.add_unit(u);
  for (auto& l : s->load_links()) idx.add_link(l);
  Date d = *parse_iso_date("2022-05-04");
  Id hoa_muc = idx.by_code("02098", d).at(0);
  EXPECT_EQ(idx.path_text(hoa_muc, d), "Xã Hoà Mục › Huyện Chợ Mới › Tỉnh Bắc Kạn");
  EXPECT_EQ(idx.find(idx.by_code("058", d).at(0))->type, "thanh_pho");
  EXPECT_EQ(idx.find(idx.by_code("01", d).at(0))->type, "thanh_pho_tw");

  ImportReport again = import_gso_units(*s, {kCommunes, kDistricts});
  EXPECT_TRUE(again.errors.empty());
  EXPECT_EQ(again.provinces_created + again.districts_created + again.communes_created + again.renamed, 0);
  EXPECT_EQ(count(*s, "units"), 11);
  EXPECT_EQ(count(*s, "unit_links"), 8);
}

TEST(GsoImport, RejectsTheWholeFileOnAnyBadRow) {
  auto s = memory_store();
  std::string bad = std::string(kCommunes) +
                    "2099,Xã Lỗi,,Xã,065,Huyện Chợ Mới,06,Tỉnh Bắc Kạn\n"
                    "02100,Xã Cấp Lạ,,Làng,065,Huyện Chợ Mới,06,Tỉnh Bắc Kạn\n"
                    "02101,Xã Thiếu Cột,,Xã,065\n";
  ImportReport r = import_gso_units(*s, {bad});
  ASSERT_EQ(r.errors.size(), 3u);
  EXPECT_NE(r.errors[0].find("dòng 6"), std::string::npos) << r.errors[0];
  EXPECT_NE(r.errors[1].find("dòng 7"), std::string::npos);
  EXPECT_NE(r.errors[2].find("dòng 8"), std::string::npos);
  EXPECT_EQ(count(*s, "units"), 0);

  EXPECT_FALSE(import_gso_units(*s, {"a,b,c\n1,2,3\n"}).errors.empty());
  EXPECT_FALSE(import_gso_units(*s, {"Mã,Tên\xFF"}).errors.empty());
  EXPECT_EQ(count(*s, "units"), 0);
}

TEST(GsoImport, RenamesOnReimportWithANewSpelling) {
  auto s = memory_store();
  ASSERT_TRUE(import_gso_units(*s, {kCommunes}).errors.empty());
  std::string renamed = kCommunes;
  renamed.replace(renamed.find("Xã Hoà Mục"), std::string("Xã Hoà Mục").size(), "Xã Hòa Mục");
  ImportReport r = import_gso_units(*s, {renamed});
  EXPECT_EQ(r.renamed, 1);
  EXPECT_EQ(count(*s, "units"), 9);
}

// The real national catalogue, when ../shared/data is present (not on a user's machine).
TEST(GsoImport, NationalCatalogue) {
  const std::string dir = std::string(LANGSO_SOURCE_DIR) + "/../shared/data/";
  if (!std::filesystem::exists(dir + "gso_legacy_communes_2025-07-18.csv"))
    GTEST_SKIP() << "needs ../shared/data (the national GSO lists)";
  auto s = memory_store();
  auto t0 = std::chrono::steady_clock::now();
  ImportReport r = import_gso_units(*s, {read_file(dir + "gso_legacy_communes_2025-07-18.csv"),
                                         read_file(dir + "gso_legacy_districts_2025-07-18.csv")});
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_TRUE(r.errors.empty()) << r.errors.front();
  EXPECT_EQ(r.provinces_created, 63);
  EXPECT_EQ(r.districts_created, 696);
  EXPECT_EQ(r.communes_created, 10035);
  std::printf("national import: %d rows in %lld ms\n", r.rows, static_cast<long long>(ms));

  UnitIndex idx;
  for (auto& u : s->load_units()) idx.add_unit(u);
  for (auto& l : s->load_links()) idx.add_link(l);
  Date d = *parse_iso_date("2022-05-04");
  Id cho_moi = idx.by_code("065", d).at(0);
  EXPECT_EQ(idx.children_at(cho_moi, d).size(), 14u);
  Id bac_kan = idx.by_code("06", d).at(0);
  size_t communes = 0;
  idx.for_each_descendant(bac_kan, d, [&](const Unit& u) { communes += u.level == Level::Commune; });
  EXPECT_EQ(communes, 108u);
  auto hits = idx.search("cho moi", d, 10, [](Id) { return true; });
  ASSERT_GE(hits.size(), 2u);  // Bắc Kạn's and An Giang's
  EXPECT_EQ(idx.find(hits[0])->name, "Huyện Chợ Mới");
  EXPECT_EQ(idx.find(hits[1])->name, "Huyện Chợ Mới");

  ImportReport again = import_gso_units(*s, {read_file(dir + "gso_legacy_communes_2025-07-18.csv"),
                                             read_file(dir + "gso_legacy_districts_2025-07-18.csv")});
  EXPECT_EQ(again.provinces_created + again.districts_created + again.communes_created + again.renamed, 0);
}

}  // namespace
}  // namespace langso
