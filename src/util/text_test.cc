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

// fold()'s table gives exactly what ICU gives: every code point of the
// table's ranges alone and between letters, spaces and marks, and random
// strings of them with ASCII, separators, decomposed marks, characters
// outside the table (Greek, CJK, NBSP) and ill-formed bytes.
TEST(Text, FoldTableAgreesWithIcu) {
  auto utf8 = [](char32_t c) {
    std::string s;
    if (c < 0x80) s += static_cast<char>(c);
    else if (c < 0x800) s += static_cast<char>(0xC0 | (c >> 6)), s += static_cast<char>(0x80 | (c & 0x3F));
    else s += static_cast<char>(0xE0 | (c >> 12)), s += static_cast<char>(0x80 | ((c >> 6) & 0x3F)), s += static_cast<char>(0x80 | (c & 0x3F));
    return s;
  };
  std::vector<std::string> pieces;
  for (char32_t c = 1; c < 0x1F00; ++c)
    if (c < 0x250 || (c >= 0x300 && c < 0x370) || c >= 0x1E00) pieces.push_back(utf8(c));
  for (const std::string& p : pieces)
    for (const std::string& s : {p, "x" + p + "y", " " + p + " ", p + "\xCC\x81", "H" + p + "-" + p})
      ASSERT_EQ(fold(s), fold_icu(s)) << s;
  for (const char* odd : {"\xC2\xA0", "\xCE\xB1", "\xE4\xB8\xAD", "\xFF", "\xC3", "\xE1\xBA", "\t\r\n", "(.,)"}) pieces.push_back(odd);
  uint64_t seed = 12345;
  for (int n = 0; n < 20000; ++n) {
    std::string s;
    for (int k = 0, len = 1 + n % 9; k < len; ++k) {
      seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
      s += pieces[(seed >> 33) % pieces.size()];
    }
    ASSERT_EQ(fold(s), fold_icu(s)) << s;
  }
  EXPECT_EQ(fold("Nông Thị Mây\xC2\xA0 1"), "nong thi may 1");
}

TEST(Text, NfcKeepsComposedTextAndComposesTheRest) {
  EXPECT_EQ(nfc("Nông Văn Pảo"), "Nông Văn Pảo");
  EXPECT_EQ(nfc("Ho\xCC\x80"), "H\xC3\xB2");  // o + grave → ò
  EXPECT_EQ(nfc("plain"), "plain");
  EXPECT_EQ(nfc("a\xFF" "b"), "a\xEF\xBF\xBD" "b");  // ill-formed: U+FFFD, as before
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
