// Roles and what each may do. Scope (which units) is checked separately, in
// one place (http/guard.h), against the user's scope unit.
#pragma once
#include <optional>
#include <span>
#include <string_view>

#include "domain/team.h"

namespace langso {

enum class Role : uint8_t { Admin, ProvinceOfficer, DistrictOfficer, CommuneOfficer, TeamMember, Viewer };

std::span<const Label> role_labels();
std::optional<Role> parse_role(std::string_view code);
std::string_view role_code(Role r);
std::string_view role_name(Role r);

// Officers and administrators edit teams, members, villages and users.
bool can_write(Role r);
// Creating or changing a user into role target.
bool can_grant(Role actor, Role target);
// Phone numbers of members.
bool sees_personal_data(Role r);
// Person-level data of the household register (names, phones, citizen IDs,
// addresses): a village's team members and commune officers, who work with
// the people; district, province and national roles and viewers see counts.
bool sees_register(Role r);
// The unit level a role's scope unit must have (nullopt: any / none for admin).
std::optional<Level> scope_level(Role r);

// Who is calling: resolved from the session once per request.
struct Principal {
  Id user_id = 0;
  Role role = Role::Viewer;
  Id scope_unit = 0;  // 0: the whole country (administrators)
};

}  // namespace langso
