// The journal rows of the register's writes (commands_households.cc,
// register_import.cc): persons are named by id, never by name, phone or
// citizen ID.
#pragma once
#include <string>

#include "domain/household.h"

namespace langso {

std::string household_audit(const Household& h);
std::string resident_audit(const Resident& r, Id household = 0);
std::string status_audit(const CitizenStatus& s);

}  // namespace langso
