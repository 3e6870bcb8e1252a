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

static bool is_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

// ASCII and text already in NFC (almost every cell of a Vietnamese file
// typed on a phone or in Excel) are returned as they are, without a round
// trip through UTF-16; ill-formed UTF-8 takes ICU's path (U+FFFD).
std::string nfc(std::string_view s) {
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(st);
  if (U_FAILURE(st)) throw std::runtime_error("ICU NFC unavailable");
  if (is_ascii(s)) return std::string(s);
  const icu::StringPiece piece(s.data(), static_cast<int32_t>(s.size()));
  if (is_valid_utf8(s) && n->isNormalizedUTF8(piece, st) && U_SUCCESS(st)) return std::string(s);
  st = U_ZERO_ERROR;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(piece);
  icu::UnicodeString out = n->normalize(u, st);
  std::string r;
  out.toUTF8String(r);
  return r;
}

namespace {
// fold() one code point at a time, for the code points of Vietnamese text:
// ASCII, the Latin supplements and extensions (U+0080–U+024F), the
// combining diacritics (U+0300–U+036F, dropped) and Latin Extended
// Additional (U+1E00–U+1EFF: ạ ả ấ … ỹ). Each entry is what fold_icu gives
// for that code point between two letters: nothing (dropped), a separator or
// text; one that gives text with a space in it is left to fold_icu, so the fast path
// gives exactly fold_icu's answer: NFD, case folding and dropping marks are
// each code point by itself, and the separators are handled the same way.
struct FoldTable {
  enum Kind : uint8_t { Slow, Drop, Separator, Text };
  struct Entry {
    Kind kind = Slow;
    uint8_t len = 0;
    char text[6] = {};
  };
  Entry ascii[0x80], latin[0x250 - 0x80], marks[0x370 - 0x300], extended[0x1F00 - 0x1E00];
  FoldTable() {
    for (char32_t c = 0; c < 0x1F00; ++c) {
      Entry* e = at(c);
      if (!e) continue;
      char buf[8] = {};
      int32_t len = 0;
      UBool err = false;
      U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, 8, static_cast<UChar32>(c), err);
      if (err || (c >= 0xD800 && c < 0xE000)) continue;
      const std::string one = std::string("a") + std::string(buf, static_cast<size_t>(len)) + "a";
      const std::string f = fold_icu(one);  // between letters, so a separator shows as ' '
      if (f.size() < 2 || f.front() != 'a' || f.back() != 'a') continue;
      const std::string mid = f.substr(1, f.size() - 2);
      if (mid.empty()) e->kind = Drop;  // as fold_icu drops it: the spaces around it are left as they are
      else if (mid == " ") e->kind = Separator;
      else if (!mid.empty() && mid.size() <= sizeof e->text && mid.find(' ') == std::string::npos)
        e->kind = Text, e->len = static_cast<uint8_t>(mid.size()), std::copy(mid.begin(), mid.end(), e->text);
    }
  }
  Entry* at(char32_t c) {
    if (c < 0x80) return &ascii[c];
    if (c < 0x250) return &latin[c - 0x80];
    if (c >= 0x300 && c < 0x370) return &marks[c - 0x300];
    if (c >= 0x1E00 && c < 0x1F00) return &extended[c - 0x1E00];
    return nullptr;
  }
};
}  // namespace

std::string fold(std::string_view s) {
  static FoldTable table;
  std::string out;
  out.reserve(s.size());
  bool space = true;  // drops leading spaces
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  for (int32_t i = 0, n = static_cast<int32_t>(s.size()); i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    const FoldTable::Entry* e = c < 0 ? nullptr : table.at(static_cast<char32_t>(c));
    if (!e || e->kind == FoldTable::Slow) return fold_icu(s);
    if (e->kind == FoldTable::Drop) continue;
    if (e->kind == FoldTable::Separator) {
      if (!space) out.push_back(' ');
      space = true;
      continue;
    }
    space = false;
    out.append(e->text, e->len);
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string fold_icu(std::string_view s) {
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

std::string_view trim_view(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n')) --e;
  return s.substr(b, e - b);
}

std::string trim(std::string_view s) { return std::string(trim_view(s)); }

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
