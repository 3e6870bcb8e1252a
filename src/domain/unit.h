// Administrative units. A unit has a stable id and a validity interval; its
// GSO code is only meaningful together with a date, because the 2025 list
// reuses codes of the old one for other units. Hierarchy edges are separate
// (UnitLink) and carry their own validity, so a village can move to a new
// commune on a date without changing identity.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "util/date.h"

namespace langso {

using Id = int64_t;

enum class Level : uint8_t { Province = 1, District = 2, Commune = 3, Village = 4 };

std::string_view level_code(Level l);  // "province", "district", "commune", "village"

struct UnitType {
  std::string_view code;    // stable API code, e.g. "thi_tran"
  std::string_view name;    // Vietnamese, e.g. "Thị trấn"
  std::string_view prefix;  // how names of this type begin, e.g. "Thị trấn "
  Level level;
};

std::span<const UnitType> unit_types();
const UnitType* find_unit_type(std::string_view code);
// The type a GSO "Cấp" value denotes at a level ("Thành phố" is a district at
// level District and a municipality at level Province).
const UnitType* unit_type_from_gso(std::string_view cap, Level level);

struct Unit {
  Id id = 0;
  std::string code;
  std::string name;
  std::string type;  // UnitType::code
  Level level = Level::Commune;
  Interval valid;
};

struct UnitLink {
  Id child = 0;
  Id parent = 0;
  Interval valid;
};

// The name without its type word: "Xã Hoà Mục" -> "Hoà Mục". Used for sorting.
std::string_view short_name(const Unit& u);
// The name as written inside a sentence, type word in lower case:
// "tỉnh Thái Nguyên", "UBND xã Hoà Mục".
std::string name_in_sentence(const Unit& u);

}  // namespace langso
