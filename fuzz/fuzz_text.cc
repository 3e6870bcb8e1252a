// Vietnamese text (util/text.h) and dates (util/date.h) on arbitrary bytes:
// UTF-8 validation, NFC, search folding, words, collation keys, trim and the
// strict ISO date. Besides crashes and sanitizer reports it checks what the
// search and the forms rely on:
// - fold() always gives valid UTF-8 with single inner spaces, and folding
//   folded text changes nothing (a query typed already folded still matches),
//   and its table gives exactly ICU's answer (fold_icu);
// - words() of folded text joined by spaces is the folded text;
// - nfc() of valid UTF-8 is valid UTF-8 and stable;
// - trim() leaves no surrounding blanks;
// - a date parse_iso_date accepts prints back as the same text.
#include <string>

#include "check.h"
#include "util/date.h"
#include "util/text.h"

using namespace langso;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string s = fuzz::text(data, size);
  const bool valid = is_valid_utf8(s);

  const std::string f = fold(s);
  FUZZ_CHECK(is_valid_utf8(f));
  FUZZ_CHECK(f.empty() || (f.front() != ' ' && f.back() != ' '));
  FUZZ_CHECK(f.find("  ") == std::string::npos);
  FUZZ_CHECK(fold(f) == f);
  FUZZ_CHECK(f == fold_icu(s));
  std::string joined;
  for (const std::string& w : words(f)) joined += (joined.empty() ? "" : " ") + w;
  FUZZ_CHECK(joined == f);

  if (valid) {
    const std::string n = nfc(s);
    FUZZ_CHECK(is_valid_utf8(n));
    FUZZ_CHECK(nfc(n) == n);
    FUZZ_CHECK(utf8_length(n) <= n.size());
    collation_key(s);
  }

  const std::string t = trim(s);
  FUZZ_CHECK(t.size() <= s.size() && s.find(t) != std::string::npos);
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  FUZZ_CHECK(t.empty() || (!blank(t.front()) && !blank(t.back())));

  if (auto d = parse_iso_date(s)) FUZZ_CHECK(format_iso(*d) == s);
  return 0;
}
