#include "util/text.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace langso {

TEST(Text, FoldIgnoresCaseDiacriticsAndTonePlacement) {
  EXPECT_EQ(fold("Xã Hoà Mục"), "xa hoa muc");
  EXPECT_EQ(fold("Xã Hòa Mục"), "xa hoa muc");
  EXPECT_EQ(fold("  HOA   muc "), "hoa muc");
  EXPECT_EQ(fold("Đồng Tâm"), "dong tam");
  EXPECT_EQ(fold("Thuỵ"), fold("Thụy"));
  // Decomposed input (as typed on some keyboards) folds the same.
  EXPECT_EQ(fold("Ho\xCC\x80" "a"), "hoa");
}

TEST(Text, UpperCaseAndSlugs) {
  EXPECT_EQ(upper("Huyện Chợ Mới"), "HUYỆN CHỢ MỚI");
  EXPECT_EQ(upper("Sở Khoa học và Công nghệ"), "SỞ KHOA HỌC VÀ CÔNG NGHỆ");
  EXPECT_EQ(ascii_slug("Quý 4 năm 2026 – Tỉnh Thái Nguyên"), "quy-4-nam-2026-tinh-thai-nguyen");
  EXPECT_EQ(ascii_slug("Thôn =cmd|' /C calc'!A0"), "thon-cmd-c-calc-a0");
  EXPECT_EQ(ascii_slug("Xã Đồng Tâm"), "xa-dong-tam");
}

TEST(Text, ValidatesUtf8) {
  EXPECT_TRUE(is_valid_utf8("Bắc Kạn"));
  EXPECT_FALSE(is_valid_utf8("\xC3\x28"));
  EXPECT_FALSE(is_valid_utf8("abc\xFF"));
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));  // surrogate
  EXPECT_EQ(utf8_length("Bắc Kạn"), 7u);
}

TEST(Text, CollatesInVietnameseOrder) {
  std::vector<std::string> names = {"Đồng Tâm", "Yên Cư", "Bình Văn", "Cao Kỳ", "Ân Thi", "Dương", "An Khánh", "Ông"};
  std::sort(names.begin(), names.end(), [](auto& a, auto& b) { return collation_key(a) < collation_key(b); });
  std::vector<std::string> want = {"An Khánh", "Ân Thi", "Bình Văn", "Cao Kỳ", "Dương", "Đồng Tâm", "Ông", "Yên Cư"};
  EXPECT_EQ(names, want);
}

TEST(Text, SplitsWords) {
  EXPECT_EQ(words("xa hoa muc"), (std::vector<std::string>{"xa", "hoa", "muc"}));
  EXPECT_TRUE(words("").empty());
}

}  // namespace langso
