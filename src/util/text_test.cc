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

TEST(Text, NaturalOrderComparesNumbersByValue) {
  std::vector<std::string> names = {"Thôn 10", "Thôn 2", "Thôn 1", "Tổ dân phố 9B", "Thôn Bản Đồn", "Thôn 21",
                                    "Tổ dân phố 10A", "Thôn 3", "Thôn An Bình", "Tổ dân phố 9"};
  std::sort(names.begin(), names.end(), [](auto& a, auto& b) { return natural_key(a) < natural_key(b); });
  std::vector<std::string> want = {"Thôn 1",       "Thôn 2",        "Thôn 3",          "Thôn 10",
                                   "Thôn 21",      "Thôn An Bình", "Thôn Bản Đồn",   "Tổ dân phố 9",
                                   "Tổ dân phố 9B", "Tổ dân phố 10A"};
  EXPECT_EQ(names, want);
  // Letters keep Vietnamese order, as collation_key's.
  EXPECT_LT(natural_key("Ân Thi"), natural_key("Bình Văn"));
  EXPECT_LT(natural_key("Dương"), natural_key("Đồng Tâm"));
  // Text order, for contrast.
  EXPECT_LT(collation_key("Thôn 10"), collation_key("Thôn 2"));
}

TEST(Text, AsciiSlug) {
  EXPECT_EQ(ascii_slug("Tổ CNSCĐ thôn Nà Pầu"), "to-cnscd-thon-na-pau");
  EXPECT_EQ(ascii_slug("  Xã Hoà Mục (cũ) — 2025 "), "xa-hoa-muc-cu-2025");
  EXPECT_EQ(ascii_slug("=cmd|' /C calc'!A0"), "cmd-c-calc-a0");
  EXPECT_EQ(ascii_slug("Thành phố Hồ Chí Minh", 12), "thanh-pho-ho");
  EXPECT_EQ(ascii_slug("ưởng"), "uong");
  EXPECT_EQ(ascii_slug("中文"), "");
}

TEST(Text, SplitsWords) {
  EXPECT_EQ(words("xa hoa muc"), (std::vector<std::string>{"xa", "hoa", "muc"}));
  EXPECT_TRUE(words("").empty());
}

}  // namespace langso
