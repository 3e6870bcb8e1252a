#include "io/reform2025.h"

#include <gtest/gtest.h>

namespace langso {
namespace {

const std::string kHeader =
    "provinceCode,isMergedProvince,districtCode,districtType,wardCode,wardType,isMergedWard,isDividedWard,province,"
    "district,ward,newProvince,newWard,newWardShort,newProvinceCode,newProvinceLat,newProvinceLon,newWardCode,"
    "newWardType,newWardLat,newWardLon,newWardAreaKm2\n";
const std::string kRow =
    "6,True,65,Huyện,2098.0,Xã,True,False,Tỉnh Bắc Kạn,Huyện Chợ Mới,Xã Hoà Mục,Tỉnh Thái Nguyên,Xã Chợ Mới,Chợ Mới,"
    "19,22.0,105.8,01900,Xã,22.1,105.7,120.5\n";

TEST(Reform2025, ReadsTheMappingAndTheLists) {
  Reform2025Lists l = read_reform2025(
      kHeader + kRow, "tentinh,loai,tenhc,dientichkm2,dansonguoi\ntỉnh Thái Nguyên,xã,Chợ Mới,118.2,12.345\n",
      "tentinh,dansonguoi\ntỉnh Thái Nguyên,1.799.489\n");
  ASSERT_TRUE(l.errors.empty()) << l.errors.front();
  ASSERT_EQ(l.mapping.size(), 1u);
  EXPECT_EQ(l.mapping[0].legacy_ward_code, "02098");
  EXPECT_EQ(l.mapping[0].new_ward_code, "01900");
  ASSERT_EQ(l.communes.size(), 1u);
  EXPECT_EQ(l.communes[0].population, 12345);
  EXPECT_DOUBLE_EQ(l.communes[0].area_km2, 118.2);
  EXPECT_DOUBLE_EQ(l.communes[0].lat, 22.1);
  ASSERT_EQ(l.provinces.size(), 1u);
  EXPECT_EQ(l.provinces[0].population, 1799489);
  EXPECT_EQ(l.population_matched, 1);
}

// Found by fuzz/fuzz_reorg_import: a column named twice made rows one cell
// short pass the check, and the last column was read past the end of the row.
TEST(Reform2025, ARepeatedColumnDoesNotLetAShortRowThrough) {
  std::string header = "ward," + kHeader;
  Reform2025Lists l = read_reform2025(header + kRow, "", "");
  ASSERT_EQ(l.errors.size(), 1u);
  EXPECT_EQ(l.errors[0], "dòng 2: thiếu cột");
}

// Lists whose header lacks a column, or whose rows stop short, are read
// without touching cells that are not there.
TEST(Reform2025, ListsWithMissingColumnsOrShortRowsAreSkipped) {
  Reform2025Lists l = read_reform2025(kHeader + kRow,
                                      "dansonguoi,tentinh\n12\n"          // short row
                                      "9,tỉnh Thái Nguyên\n",              // no loai, tenhc
                                      "dansonguoi,x,tentinh\n1.000\n");  // short row
  ASSERT_TRUE(l.errors.empty());
  EXPECT_EQ(l.population_matched, 0);
  EXPECT_EQ(l.communes.at(0).population, 0);
  EXPECT_EQ(l.provinces.at(0).population, 0);
  EXPECT_DOUBLE_EQ(l.communes.at(0).area_km2, 120.5);
}

TEST(Reform2025, AbsurdNumbersAreNotPublished) {
  std::string row = kRow;
  row.replace(row.rfind("22.1,105.7,120.5"), 16, "nan,1e999,inf");
  Reform2025Lists l = read_reform2025(kHeader + row, "", "tentinh,dansonguoi\ntỉnh Thái Nguyên,99999999999999999999999\n");
  ASSERT_TRUE(l.errors.empty());
  EXPECT_EQ(l.communes.at(0).lat, 0);
  EXPECT_EQ(l.communes.at(0).lon, 0);
  EXPECT_EQ(l.communes.at(0).area_km2, 0);
  EXPECT_EQ(l.provinces.at(0).population, 0);  // too large for a population (overflowed before)
}

}  // namespace
}  // namespace langso
