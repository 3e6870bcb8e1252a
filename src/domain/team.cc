#include "domain/team.h"

#include <array>

#include "util/text.h"

namespace langso {

static constexpr std::array<Label, 3> kRoles = {{
    {"to_truong", "Tổ trưởng"},
    {"to_pho", "Tổ phó"},
    {"thanh_vien", "Thành viên"},
}};

static constexpr std::array<Label, 11> kAffiliations = {{
    {"truong_thon", "Trưởng thôn / Tổ trưởng tổ dân phố"},
    {"cong_chuc_xa", "Công chức xã"},
    {"doan_thanh_nien", "Đoàn Thanh niên"},
    {"hoi_phu_nu", "Hội Phụ nữ"},
    {"hoi_nong_dan", "Hội Nông dân"},
    {"hoi_cuu_chien_binh", "Hội Cựu chiến binh"},
    {"cong_an", "Công an"},
    {"viettel", "Viettel"},
    {"vnpt", "VNPT"},
    {"buu_dien", "Bưu điện"},
    {"khac", "Khác"},
}};

std::span<const Label> member_roles() { return kRoles; }
std::span<const Label> affiliations() { return kAffiliations; }

const Label* find_label(std::span<const Label> labels, std::string_view code) {
  for (const Label& l : labels)
    if (l.code == code) return &l;
  return nullptr;
}

std::optional<std::string> normalize_phone(std::string_view raw) {
  std::string digits;
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c >= '0' && c <= '9') digits.push_back(c);
    else if (c == '+' && i == 0) continue;
    else if (c == ' ' || c == '.' || c == '-') continue;
    else return std::nullopt;
  }
  if (digits.starts_with("84") && digits.size() == 11) digits = "0" + digits.substr(2);
  if (digits.size() != 10 || digits[0] != '0' || digits[1] == '0') return std::nullopt;
  return digits;
}

std::string member_order_key(const std::string& n) {
  size_t sp = n.rfind(' ');
  return collation_key(sp == std::string::npos ? n : n.substr(sp + 1)) + '\x01' + collation_key(n);
}

}  // namespace langso
