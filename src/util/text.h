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
std::vector<std::string> words(std::string_view folded);
// A binary key whose byte order is Vietnamese alphabetical order (a ă â b c d đ e ê ...).
std::string collation_key(std::string_view s);
std::string trim(std::string_view s);
// Upper case by Vietnamese rules: "Huyện Chợ Mới" -> "HUYỆN CHỢ MỚI" (headings of reports).
std::string upper(std::string_view s);
// An ASCII slug for file names: "Quý 4 năm 2026 – Tỉnh Thái Nguyên" -> "quy-4-nam-2026-tinh-thai-nguyen".
std::string ascii_slug(std::string_view s);

}  // namespace langso
