// Vietnamese text: validation, search folding and collation.
//
// fold() maps a name to the form used for search: lower case, no diacritics,
// đ -> d, runs of spaces collapsed. Because all tone marks are removed, the
// two customary placements ("Hoà" and "Hòa") fold to the same key.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace langso {

bool is_valid_utf8(std::string_view s);
// Number of Unicode code points; the caller has checked validity.
size_t utf8_length(std::string_view s);
std::string nfc(std::string_view s);             // canonical composition
std::string fold(std::string_view s);            // "Xã Hoà Mục" -> "xa hoa muc"
// fold() through ICU for every code point (NFD, case folding, marks dropped):
// what fold() answers for any text; fold() takes a table for Vietnamese text.
std::string fold_icu(std::string_view s);
std::vector<std::string> words(std::string_view folded);
// Whether a word of `folded` starts with `word` (both folded): "xa hoa muc" has "hoa".
bool has_word_prefix(std::string_view folded, std::string_view word);
// A binary key whose byte order is Vietnamese alphabetical order (a ă â b c d đ e ê ...).
std::string collation_key(std::string_view s);
// The same order with runs of digits compared by their value (natural order):
// "Thôn 2" < "Thôn 10", "Tổ 9B" < "Tổ 10A". Names of units and teams sort by it.
std::string natural_key(std::string_view s);
// An ASCII file-name stem: folded, letters and digits, words joined by '-',
// at most max_len bytes ("Tổ CNSCĐ thôn Nà Pầu" -> "to-cnscd-thon-na-pau").
std::string ascii_slug(std::string_view s, size_t max_len = 80);
std::string trim(std::string_view s);
std::string_view trim_view(std::string_view s);  // the same, without a copy
// Upper case by Vietnamese rules: "Huyện Chợ Mới" -> "HUYỆN CHỢ MỚI" (headings of reports).
std::string upper(std::string_view s);
// A figure as Vietnamese write it, to one decimal: 1.234.567 or 12,5.
std::string format_vn_number(double v);

}  // namespace langso
