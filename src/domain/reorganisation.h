// Reorganisations of the administrative structure as data. On its effective
// date some units end and others begin; each new unit is formed from whole
// old units or from parts of them (a split). Successions are what lets any
// figure recorded on an old unit be attributed on a later structure, and the
// other way round.
//
// Invariants: a succession links a unit that ends on the effective date to
// one that exists from it; `position` orders the successors of an old unit as
// the legal text names them (the first takes a split unit's own figures).
#pragma once
#include <optional>
#include <string>

#include "domain/unit.h"

namespace langso {

struct Reorganisation {
  Id id = 0;
  Date effective;  // first day of the new structure
  std::string name;
  std::string legal_basis;  // "Nghị quyết số 202/2025/QH15 ..."
  std::optional<Date> legal_date;
};

struct Succession {
  Id reorganisation = 0;
  Id old_unit = 0;
  Id new_unit = 0;
  bool whole = true;  // false: the old unit was split and this is a part of it
  int position = 0;
  std::string legal_basis;
};

// A village of a split commune: the importer proposes the new commune named
// first; an officer decides. Until then the proposal stands in every rollup.
struct VillageAssignment {
  Id village = 0;
  Id reorganisation = 0;
  Id old_commune = 0;
  Id commune = 0;
  std::optional<Id> decided_by;
  int64_t decided_at = 0;
};

}  // namespace langso
