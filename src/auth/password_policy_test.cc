#include "auth/password_policy.h"

#include <gtest/gtest.h>

namespace langso {

namespace {

const PasswordContext kNobody{};
const PasswordContext kHoaMuc{"hoamuc", "Nguyễn Văn Bình", "0977123456", "Hoà Mục"};

// The refusal's code, or "" when the password is accepted.
std::string code(std::string_view pw, const PasswordContext& who = kNobody) {
  auto r = check_password(pw, who);
  if (r) {
    EXPECT_FALSE(r->message.empty()) << pw;
  }
  return r ? r->code : "";
}

std::string message(std::string_view pw, const PasswordContext& who = kNobody) {
  auto r = check_password(pw, who);
  return r ? r->message : "";
}

size_t code_points(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// The first n code points of s.
std::string first(const std::string& s, size_t n) {
  size_t i = 0;
  for (size_t seen = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && seen++ == n) break;
  }
  return s.substr(0, i);
}

}  // namespace

TEST(PasswordPolicy, LengthIsCountedInCodePointsAfterNfc) {
  EXPECT_EQ(code(""), "too_short");
  EXPECT_EQ(code("Mây.Núi"), "too_short");  // 7 characters, 9 bytes
  EXPECT_EQ(code("Mây.Núi!"), "");          // 8
  // "ế" typed decomposed (e, circumflex, acute: three code points) is one
  // character after NFC: "Kiến.Nh" is 7 characters although typed as 9.
  EXPECT_EQ(code("Kie\u0302\u0301n.Nh"), "too_short");
  EXPECT_EQ(code("Kie\u0302\u0301n.Nhi"), "");
  EXPECT_EQ(message("abc"), "Mật khẩu phải có ít nhất 8 ký tự");
}

TEST(PasswordPolicy, AcceptsUpTo128CharactersWithoutTruncating) {
  std::string verse;
  while (code_points(verse) < 200) verse += "Trên đồng cạn, dưới đồng sâu; chồng cày, vợ cấy, con trâu đi bừa. ";
  const std::string max = first(verse, kPasswordMaxChars);
  ASSERT_EQ(code_points(max), 128u);
  EXPECT_EQ(code(max), "");
  EXPECT_EQ(code(first(verse, kPasswordMaxChars + 1)), "too_long");
  EXPECT_EQ(code(verse), "too_long");
}

TEST(PasswordPolicy, HasNoCompositionRules) {
  EXPECT_EQ(code("toi thich an pho"), "");   // lower case letters only
  EXPECT_EQ(code("40718293"), "");           // digits only
  EXPECT_EQ(code("Đồi chè Tân Cương xanh"), "");
  EXPECT_EQ(code("correct horse battery staple"), "");
  EXPECT_EQ(code("k7#Rq9!vTz"), "");
  EXPECT_EQ(code(" mây  trắng "), "");  // spaces are kept as typed, not trimmed
}

TEST(PasswordPolicy, RefusesWhitespaceOnlyAndControlCharacters) {
  EXPECT_EQ(code("        "), "whitespace_only");
  EXPECT_EQ(code("  \u3000  \u00A0   "), "whitespace_only");
  EXPECT_EQ(code("   "), "whitespace_only");
  EXPECT_EQ(code("mây trắng\tbay"), "invalid_value");
  EXPECT_EQ(code("mây trắng\nbay"), "invalid_value");
  EXPECT_EQ(code(std::string("m\xC3\x28y trắng bay")), "invalid_value");  // not UTF-8
}

TEST(PasswordPolicy, RefusesRepetitiveAndSequentialStrings) {
  for (const char* pw : {"aaaaaaaa", "12345678", "123456789", "abcdefgh", "87654321", "ZYXWVUTS", "qwertyui",
                         "asdfghjk", "poiuytre", "1234abcd", "aaaa1111", "abcd4321", "abcabcab", "hahahaha",
                         "12121212", "a.b.c.d.e.f.g.h", "1-2-3-4-5-6-7-8", "........", "ÂÂÂÂÂÂÂÂ", "ăâăâăâăâ",
                         "passwordpassword", "mẹ ơi mẹ ơi mẹ ơi "})
    EXPECT_EQ(code(pw), "repetitive") << pw;
  // A long sentence said twice is not weak for being said twice.
  EXPECT_EQ(code("Đồi chè Tân Cương xanh. Đồi chè Tân Cương xanh. "), "");
  EXPECT_EQ(code("abcdefg.X9kz"), "");  // a run with more after it
}

TEST(PasswordPolicy, RefusesCommonPasswordsIgnoringCaseDiacriticsAndSpaces) {
  for (const char* pw : {"password", "PassWord", "PASSWORD1", "iloveyou", "trustno1", "sunshine", "matkhau123",
                         "Mật khẩu 123", "anhyeuem", "Anh yêu em", "EmYeuAnh", "1q2w3e4r"})
    EXPECT_EQ(code(pw), "common_password") << pw;
  // With digits or symbols before or after.
  for (const char* pw : {"anhyeuem2024", "@matkhau@", "iloveyou!!", "2024-sunshine", "Việt Nam 1975"})
    EXPECT_EQ(code(pw), "common_password") << pw;
  EXPECT_EQ(message("password"),
            "Mật khẩu này quá phổ biến (có trong danh sách mật khẩu hay dùng hoặc đã bị lộ); hãy chọn mật khẩu khác, "
            "ví dụ một câu dài dễ nhớ");
  // Letters around a common word make another password.
  EXPECT_EQ(code("sunshine trên đồi chè"), "");
}

TEST(PasswordPolicy, RefusesTheAccountsOwnWordsAndTheServiceName) {
  EXPECT_EQ(code("hoamuc123", kHoaMuc), "context_specific");
  EXPECT_EQ(code("HOÀMỤC-2022!", kHoaMuc), "context_specific");
  EXPECT_EQ(code("x0977123456", kHoaMuc), "context_specific");
  EXPECT_EQ(code("+84977123456", kHoaMuc), "context_specific");
  EXPECT_EQ(code("Nguyễn Văn Bình", kHoaMuc), "context_specific");
  EXPECT_EQ(code("nguyenvanbinh1990", kHoaMuc), "context_specific");
  EXPECT_EQ(code("binh@2024", kHoaMuc), "context_specific");
  EXPECT_EQ(code("langso2025"), "context_specific");
  EXPECT_EQ(code("LangSo@Hoa"), "context_specific");
  EXPECT_EQ(code("CongNgheSo!1"), "context_specific");
  EXPECT_NE(message("hoamuc123", kHoaMuc).find("tên đăng nhập"), std::string::npos);
  EXPECT_NE(message("x0977123456", kHoaMuc).find("số điện thoại"), std::string::npos);
  EXPECT_NE(message("binh@2024", kHoaMuc).find("họ tên"), std::string::npos);
  EXPECT_NE(message("langso2025").find("langso"), std::string::npos);
  const PasswordContext officer{"nari.xa", "Hà Thị Lan", "", "Chợ Mới"};
  EXPECT_EQ(code("nari12345", officer), "context_specific");  // a part of the login
  EXPECT_EQ(code("ChoMoi@2022", officer), "context_specific");
  EXPECT_NE(message("ChoMoi@2022", officer).find("tên đơn vị"), std::string::npos);
  // The same passwords are fine for someone else.
  EXPECT_EQ(code("hoamuc123"), "");
  EXPECT_EQ(code("nari12345"), "");
  // A long sentence that happens to hold a context word is not built on it.
  EXPECT_EQ(code("hoamuc có nhiều đồi chè xanh", kHoaMuc), "");
  EXPECT_EQ(code("Bình thích ăn phở bò", kHoaMuc), "");
}

TEST(PasswordPolicy, ListsAreCompiledIn) {
  auto lists = common_password_lists();
  ASSERT_EQ(lists.size(), 2u);
  EXPECT_NE(lists[0].find("\ntrustno1\n"), std::string_view::npos);  // Openwall's password.lst
  EXPECT_NE(lists[1].find("\nanhyeuem\n"), std::string_view::npos);  // Vietnamese
  EXPECT_NE(lists[1].find("\nmatkhau\n"), std::string_view::npos);
  size_t lines = 0;
  for (char c : lists[0]) lines += c == '\n';
  EXPECT_GT(lines, 3000u);
}

}  // namespace langso
