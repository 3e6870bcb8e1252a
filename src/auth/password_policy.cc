#include "auth/password_policy.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <unordered_set>
#include <vector>

#include "util/text.h"

namespace langso {

namespace {

using CodePoints = std::vector<UChar32>;

CodePoints code_points(std::string_view s) {
  CodePoints out;
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    out.push_back(c);
  }
  return out;
}

// The form passwords and words are compared in: folded (lower case, no
// diacritics, đ → d) without spaces or the separators fold() turns into spaces.
std::string key(std::string_view s) {
  std::string f = fold(s), out;
  for (char c : f)
    if (c != ' ') out.push_back(c);
  return out;
}

// ---- repetitive and sequential strings

constexpr std::string_view kKeyboardRows[] = {"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"};

// Where c sits on a QWERTY keyboard: row * 16 + column, or -1.
int key_position(UChar32 c) {
  if (c >= 0x80) return -1;
  for (size_t r = 0; r < std::size(kKeyboardRows); ++r)
    if (size_t col = kKeyboardRows[r].find(static_cast<char>(c)); col != std::string_view::npos)
      return static_cast<int>(r * 16 + col);
  return -1;
}

// The kinds of step from a to b, as bits: same character, next or previous
// code point, next or previous key in the same keyboard row.
unsigned steps(UChar32 a, UChar32 b) {
  unsigned m = 0;
  if (b == a) m |= 1;
  if (b == a + 1) m |= 2;
  if (b == a - 1) m |= 4;
  int ka = key_position(a), kb = key_position(b);
  if (ka >= 0 && kb >= 0 && ka / 16 == kb / 16) {
    if (kb == ka + 1) m |= 8;
    if (kb == ka - 1) m |= 16;
  }
  return m;
}

// The fewest runs the string splits into, each run taking one kind of step
// throughout ("1234abcd" is two). Taking each run as long as it goes is
// optimal: any piece of a run is a run.
size_t runs(const CodePoints& s) {
  size_t n = s.empty() ? 0 : 1;
  unsigned kinds = ~0u;
  for (size_t i = 1; i < s.size(); ++i) {
    unsigned m = steps(s[i - 1], s[i]);
    if ((kinds & m) == 0) {
      ++n;
      kinds = ~0u;
    } else {
      kinds &= m;
    }
  }
  return n;
}

// The shortest p ≤ size/2 with s[i] == s[i - p] throughout, or 0.
size_t period(const CodePoints& s) {
  for (size_t p = 1; p <= s.size() / 2; ++p) {
    bool ok = true;
    for (size_t i = p; i < s.size() && ok; ++i) ok = s[i] == s[i - p];
    if (ok) return p;
  }
  return 0;
}

std::string utf8(const CodePoints& s, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < to; ++i) {
    char buf[4];
    int32_t len = 0;
    UBool err = false;
    U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, 4, s[i], err);
    if (!err) out.append(buf, static_cast<size_t>(len));
  }
  return out;
}

// ---- common passwords

const std::unordered_set<std::string>& common_passwords() {
  static const std::unordered_set<std::string> set = [] {
    std::unordered_set<std::string> out;
    for (std::string_view list : common_password_lists()) {
      size_t i = 0;
      while (i < list.size()) {
        size_t j = list.find('\n', i);
        if (j == std::string_view::npos) j = list.size();
        std::string_view line = list.substr(i, j - i);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!line.empty() && line.front() != '#') out.insert(key(line));
        i = j + 1;
      }
    }
    out.erase("");
    return out;
  }();
  return set;
}

// k without the digits and symbols at its ends ("@matkhau123" → "matkhau").
std::string letters_core(const std::string& k) {
  CodePoints c = code_points(k);
  size_t a = 0, b = c.size();
  while (a < b && !u_isalpha(c[a])) ++a;
  while (b > a && !u_isalpha(c[b - 1])) --b;
  return utf8(c, a, b);
}

// ---- context-specific words

struct ContextWord {
  std::string word;  // in key() form
  const char* what;  // "tên đăng nhập", for the message
};

constexpr std::string_view kServiceWords[] = {"langso", "congngheso", "tocongngheso", "chuyendoiso", "cndscd"};

std::vector<ContextWord> context_words(const PasswordContext& who) {
  std::vector<ContextWord> out;
  auto add = [&](std::string w, const char* what, size_t min_chars) {
    if (utf8_length(w) >= min_chars) out.push_back({std::move(w), what});
  };
  // The login whatever its length (3 characters at least), and its parts
  // ("nari.xa", "bk_tinh").
  add(key(who.login), "tên đăng nhập", 1);
  std::string login(who.login);
  std::replace(login.begin(), login.end(), '_', ' ');
  for (std::string_view w : words(fold(login))) add(std::string(w), "tên đăng nhập", 4);
  if (!who.phone.empty()) {
    std::string digits;
    for (char c : who.phone)
      if (c >= '0' && c <= '9') digits.push_back(c);
    add(digits, "số điện thoại", 4);
    if (digits.starts_with("0")) {
      add(digits.substr(1), "số điện thoại", 4);
      add("84" + digits.substr(1), "số điện thoại", 4);
    }
  }
  for (auto [text, what] : {std::pair{who.full_name, "họ tên"}, std::pair{who.unit_name, "tên đơn vị"}}) {
    add(key(text), what, 4);
    for (std::string_view w : words(fold(text))) add(std::string(w), what, 4);
  }
  for (std::string_view w : kServiceWords) add(std::string(w), "tên hệ thống (langso, công nghệ số…)", 1);
  return out;
}

std::string without(std::string s, const std::string& w) {
  for (size_t at = s.find(w); at != std::string::npos; at = s.find(w, at)) s.erase(at, w.size());
  return s;
}

PasswordRefusal refusal(std::string code, std::string message) { return {std::move(code), std::move(message)}; }

PasswordRefusal repetitive() {
  return refusal("repetitive",
                 "Mật khẩu không được là chuỗi lặp lại hoặc liên tiếp (như aaaaaaaa, 12345678, abcdefgh, qwertyui); "
                 "hãy chọn một câu hoặc cụm từ dễ nhớ");
}

// Lower case, as typed otherwise (the separators fold() drops still count).
CodePoints lower(std::string_view s) {
  CodePoints c = code_points(s);
  for (UChar32& x : c) x = u_tolower(x);
  return c;
}

bool is_pattern(const CodePoints& c);

// A weakness of a password of acceptable length and characters (s in NFC), or
// nullopt. Used again on what is left of it without a context word, and on
// the unit a periodic password repeats.
std::optional<PasswordRefusal> weakness(const std::string& s, const std::vector<ContextWord>& context) {
  const std::string k = key(s);
  if (k.empty() || is_pattern(lower(s)) || is_pattern(code_points(k))) return repetitive();
  for (const ContextWord& w : context) {
    if (k.find(w.word) == std::string::npos) continue;
    std::string rest = without(k, w.word);
    if (utf8_length(rest) < kPasswordMinChars || weakness(rest, context))
      return refusal("context_specific", std::string("Mật khẩu không được dựa trên ") + w.what +
                                             "; hãy chọn mật khẩu khác, ví dụ một câu dài dễ nhớ");
  }
  const auto& common = common_passwords();
  if (common.contains(k) || common.contains(letters_core(k)))
    return refusal("common_password",
                   "Mật khẩu này quá phổ biến (có trong danh sách mật khẩu hay dùng hoặc đã bị lộ); "
                   "hãy chọn mật khẩu khác, ví dụ một câu dài dễ nhớ");
  return std::nullopt;
}

bool is_pattern(const CodePoints& c) {
  if (runs(c) <= 2) return true;
  if (size_t p = period(c)) {
    if (p < kPasswordMinChars) return true;
    return weakness(utf8(c, 0, p), {}).has_value();  // "passwordpassword"
  }
  return false;
}

}  // namespace

std::optional<PasswordRefusal> check_password(std::string_view password, const PasswordContext& who) {
  if (!is_valid_utf8(password)) return refusal("invalid_value", "Mật khẩu không phải văn bản UTF-8 hợp lệ");
  const std::string s = nfc(password);
  const CodePoints c = code_points(s);
  bool blank = true;
  for (UChar32 x : c) {
    if (x < 0x20 || (x >= 0x7F && x < 0xA0))
      return refusal("invalid_value", "Mật khẩu không được chứa ký tự điều khiển (xuống dòng, tab…)");
    blank = blank && u_isUWhiteSpace(x);
  }
  if (c.size() > kPasswordMaxChars)
    return refusal("too_long", "Mật khẩu dài quá " + std::to_string(kPasswordMaxChars) + " ký tự");
  if (!c.empty() && blank) return refusal("whitespace_only", "Mật khẩu không được chỉ gồm dấu cách");
  if (c.size() < kPasswordMinChars)
    return refusal("too_short", "Mật khẩu phải có ít nhất " + std::to_string(kPasswordMinChars) + " ký tự");
  return weakness(s, context_words(who));
}

}  // namespace langso
