#include "util/text.h"

#include <cmath>

#include <unicode/coll.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <memory>
#include <stdexcept>

namespace langso {

bool is_valid_utf8(std::string_view s) {
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return false;
  }
  return true;
}

size_t utf8_length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

static const icu::Normalizer2& nfd_normalizer() {
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(st);
  if (U_FAILURE(st)) throw std::runtime_error("ICU NFD unavailable");
  return *n;
}

std::string nfc(std::string_view s) {
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(st);
  if (U_FAILURE(st)) throw std::runtime_error("ICU NFC unavailable");
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  icu::UnicodeString out = n->normalize(u, st);
  std::string r;
  out.toUTF8String(r);
  return r;
}

std::string fold(std::string_view s) {
  UErrorCode st = U_ZERO_ERROR;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  icu::UnicodeString d = nfd_normalizer().normalize(u, st);
  d.foldCase();
  std::string out;
  out.reserve(s.size());
  bool space = true;  // drops leading spaces
  for (int32_t i = 0; i < d.length();) {
    UChar32 c = d.char32At(i);
    i += U16_LENGTH(c);
    if (u_getCombiningClass(c) != 0 || (c >= 0x300 && c <= 0x36F)) continue;
    if (c == 0x111 || c == 0x110) c = 'd';  // đ Đ
    if (u_isspace(c) || c == '-' || c == ',' || c == '.' || c == '(' || c == ')') {
      if (!space) out.push_back(' ');
      space = true;
      continue;
    }
    space = false;
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[4];
      int32_t len = 0;
      UBool err = false;
      U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, 4, c, err);
      if (!err) out.append(buf, static_cast<size_t>(len));
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::vector<std::string> words(std::string_view folded) {
  std::vector<std::string> w;
  size_t i = 0;
  while (i < folded.size()) {
    size_t j = folded.find(' ', i);
    if (j == std::string_view::npos) j = folded.size();
    if (j > i) w.emplace_back(folded.substr(i, j - i));
    i = j + 1;
  }
  return w;
}

bool has_word_prefix(std::string_view hay, std::string_view word) {
  for (size_t pos = hay.find(word); pos != std::string_view::npos; pos = hay.find(word, pos + 1))
    if (pos == 0 || hay[pos - 1] == ' ') return true;
  return false;
}

static std::unique_ptr<icu::Collator> vietnamese_collator(bool numeric) {
  UErrorCode st = U_ZERO_ERROR;
  std::unique_ptr<icu::Collator> c(icu::Collator::createInstance(icu::Locale("vi"), st));
  if (U_FAILURE(st)) throw std::runtime_error("ICU Vietnamese collator unavailable");
  if (numeric) c->setAttribute(UCOL_NUMERIC_COLLATION, UCOL_ON, st);
  if (U_FAILURE(st)) throw std::runtime_error("ICU numeric collation unavailable");
  return c;
}

static std::string sort_key(icu::Collator& coll, std::string_view s) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  int32_t len = coll.getSortKey(u, nullptr, 0);
  std::string key(static_cast<size_t>(len), '\0');
  coll.getSortKey(u, reinterpret_cast<uint8_t*>(key.data()), len);
  if (!key.empty() && key.back() == '\0') key.pop_back();
  return key;
}

// Collator::getSortKey is const but ICU advises one instance per thread.
std::string collation_key(std::string_view s) {
  thread_local std::unique_ptr<icu::Collator> coll = vietnamese_collator(false);
  return sort_key(*coll, s);
}

std::string natural_key(std::string_view s) {
  thread_local std::unique_ptr<icu::Collator> coll = vietnamese_collator(true);
  return sort_key(*coll, s);
}

std::string ascii_slug(std::string_view s, size_t max_len) {
  std::string out;
  bool dash = false;
  for (char c : fold(s)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (dash && !out.empty()) out.push_back('-');
      dash = false;
      if (out.size() >= max_len) break;
      out.push_back(c);
    } else {
      dash = true;
    }
  }
  while (out.size() > max_len || (!out.empty() && out.back() == '-')) out.pop_back();
  return out;
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n')) --e;
  return std::string(s.substr(b, e - b));
}

std::string upper(std::string_view s) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  u.toUpper(icu::Locale("vi"));
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::string format_vn_number(double v) {
  double r = std::round(v * 10) / 10;
  bool neg = r < 0;
  r = std::fabs(r);
  auto whole = static_cast<long long>(r);
  int tenth = static_cast<int>(std::llround((r - static_cast<double>(whole)) * 10));
  std::string digits = std::to_string(whole), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  if (tenth) out += "," + std::to_string(tenth);
  return neg ? "-" + out : out;
}


}  // namespace langso
