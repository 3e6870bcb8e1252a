#include "domain/unit.h"

#include <array>

namespace langso {

std::string_view level_code(Level l) {
  switch (l) {
    case Level::Province: return "province";
    case Level::District: return "district";
    case Level::Commune: return "commune";
    case Level::Village: return "village";
  }
  return "unknown";
}

static constexpr std::array<UnitType, 21> kTypes = {{
    {"tinh", "Tỉnh", "Tỉnh ", Level::Province},
    {"thanh_pho_tw", "Thành phố trực thuộc TW", "Thành phố ", Level::Province},
    {"quan", "Quận", "Quận ", Level::District},
    {"huyen", "Huyện", "Huyện ", Level::District},
    {"thi_xa", "Thị xã", "Thị xã ", Level::District},
    {"thanh_pho", "Thành phố thuộc tỉnh", "Thành phố ", Level::District},
    {"xa", "Xã", "Xã ", Level::Commune},
    {"phuong", "Phường", "Phường ", Level::Commune},
    {"thi_tran", "Thị trấn", "Thị trấn ", Level::Commune},
    {"dac_khu", "Đặc khu", "Đặc khu ", Level::Commune},
    {"thon", "Thôn", "Thôn ", Level::Village},
    {"ban", "Bản", "Bản ", Level::Village},
    {"to_dan_pho", "Tổ dân phố", "Tổ dân phố ", Level::Village},
    {"ap", "Ấp", "Ấp ", Level::Village},
    {"buon", "Buôn", "Buôn ", Level::Village},
    {"soc", "Sóc", "Sóc ", Level::Village},
    {"khu_pho", "Khu phố", "Khu phố ", Level::Village},
    {"lang", "Làng", "Làng ", Level::Village},
    {"xom", "Xóm", "Xóm ", Level::Village},
    {"khom", "Khóm", "Khóm ", Level::Village},
    {"plei", "Plei", "Plei ", Level::Village},
}};

std::span<const UnitType> unit_types() { return kTypes; }

const UnitType* find_unit_type(std::string_view code) {
  for (const auto& t : kTypes)
    if (t.code == code) return &t;
  return nullptr;
}

const UnitType* unit_type_from_gso(std::string_view cap, Level level) {
  if (level == Level::Province) {
    if (cap == "Thành phố Trung ương" || cap == "Thành phố") return find_unit_type("thanh_pho_tw");
    if (cap == "Tỉnh") return find_unit_type("tinh");
    return nullptr;
  }
  if (level == Level::District && cap == "Thành phố") return find_unit_type("thanh_pho");
  for (const auto& t : kTypes)
    if (t.level == level && t.name == cap) return &t;
  return nullptr;
}

std::string_view short_name(const Unit& u) {
  std::string_view n = u.name;
  if (const UnitType* t = find_unit_type(u.type); t && n.starts_with(t->prefix) && n.size() > t->prefix.size())
    return n.substr(t->prefix.size());
  return n;
}

std::string name_in_sentence(const Unit& u) {
  const UnitType* t = find_unit_type(u.type);
  if (!t || !u.name.starts_with(t->prefix)) return u.name;
  std::string type(t->prefix);  // type words begin with an ASCII capital or "Đ"
  if (type.starts_with("Đ")) type.replace(0, std::string("Đ").size(), "đ");
  else if (!type.empty() && type[0] >= 'A' && type[0] <= 'Z') type[0] = static_cast<char>(type[0] - 'A' + 'a');
  return type + u.name.substr(t->prefix.size());
}

}  // namespace langso
