// The journal rows of the register's writes (commands_households.cc,
// register_import.cc): persons are named by id, never by name, phone or
// citizen ID, so that an erasure, which cannot rewrite the journal, leaves
// nothing identifying in it (Decree 13/2023).
//
// An import of a village's list is one journal row (entity
// "register_import", entity_id the village), not one per person and status:
//   {"unit_id": village,
//    "households": [[first, last], ...],   every household it created or changed
//    "residents":  [[first, last], ...],   every person it created, changed or gave a status
//    "created": {"household": ranges, "resident": ranges, "citizen_status": ranges},
//    "updated": [{"entity": "household"|"resident", "id": n, "before": {...}, "after": {...}}, ...]}
// Ids are written as sorted, disjoint, inclusive ranges (an import's new rows
// have consecutive ids), so the row stays small for a whole village. Readers:
// the follower and a start (the village, by "unit_id"), offline sync (the
// households and persons to send again, read_id_ranges).
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/household.h"

namespace langso {

nlohmann::json household_audit_json(const Household& h);
nlohmann::json resident_audit_json(const Resident& r, Id household = 0);
std::string household_audit(const Household& h);
std::string resident_audit(const Resident& r, Id household = 0);
std::string status_audit(const CitizenStatus& s);

struct ImportJournal {
  Id village = 0;
  std::vector<Id> households, residents;  // touched (any order, repeats allowed)
  std::vector<Id> created_households, created_residents, created_statuses;
  nlohmann::json updated = nlohmann::json::array();
};
std::string import_audit(const ImportJournal& j);

// Sorted, disjoint, inclusive ranges of the ids (repeats dropped).
nlohmann::json id_ranges(std::vector<Id> ids);
// The ids of ranges written by id_ranges; anything else (not an array of
// [first, last] pairs with first <= last) gives an empty list, and more than
// `limit` ids gives the first `limit + 1` (the caller asked for at most limit).
std::vector<Id> read_id_ranges(const nlohmann::json& ranges, size_t limit);

}  // namespace langso
