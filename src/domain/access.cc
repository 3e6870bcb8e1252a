#include "domain/access.h"

#include <array>

namespace langso {

static constexpr std::array<Label, 6> kRoleLabels = {{
    {"admin", "Quản trị hệ thống"},
    {"province_officer", "Cán bộ tỉnh"},
    {"district_officer", "Cán bộ huyện"},
    {"commune_officer", "Cán bộ xã"},
    {"team_member", "Thành viên tổ"},
    {"viewer", "Người xem"},
}};

std::span<const Label> role_labels() { return kRoleLabels; }

std::optional<Role> parse_role(std::string_view code) {
  for (size_t i = 0; i < kRoleLabels.size(); ++i)
    if (kRoleLabels[i].code == code) return static_cast<Role>(i);
  return std::nullopt;
}

std::string_view role_code(Role r) { return kRoleLabels[static_cast<size_t>(r)].code; }
std::string_view role_name(Role r) { return kRoleLabels[static_cast<size_t>(r)].name; }

bool can_write(Role r) { return r <= Role::CommuneOfficer; }

bool can_grant(Role actor, Role target) {
  if (actor == Role::Admin) return true;
  if (!can_write(actor)) return false;
  // Officers create officers of their own or lower tiers, members and viewers.
  return target != Role::Admin && target >= actor;
}

bool sees_personal_data(Role r) { return r != Role::Viewer; }

bool sees_register(Role r) { return r == Role::TeamMember || r == Role::CommuneOfficer; }

std::optional<Level> scope_level(Role r) {
  switch (r) {
    case Role::ProvinceOfficer: return Level::Province;
    case Role::DistrictOfficer: return Level::District;
    case Role::CommuneOfficer: return Level::Commune;
    default: return std::nullopt;
  }
}

}  // namespace langso
