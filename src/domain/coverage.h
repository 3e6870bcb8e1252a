// Team coverage: which communes and villages have an active team on a date.
#pragma once
#include <unordered_map>
#include <vector>

#include "domain/team.h"
#include "domain/unit_index.h"

namespace langso {

// For each unit, the active periods of the teams attached to it. Derived from
// the store; updated on every team write.
class TeamSpans {
 public:
  void clear() { spans_.clear(); }
  void put(Id team_id, Id unit_id, Interval active);
  void erase(Id team_id);
  bool has_active_team(Id unit_id, Date d) const;

 private:
  struct Span {
    Id team_id;
    Interval active;
  };
  std::unordered_map<Id, std::vector<Span>> spans_;  // by unit
  std::unordered_map<Id, Id> unit_of_team_;
};

struct Coverage {
  int64_t communes_total = 0, communes_with_team = 0;
  int64_t villages_total = 0, villages_with_team = 0;
  std::vector<Id> communes_without_team;  // in Vietnamese order
};

Coverage compute_coverage(const UnitIndex& units, const TeamSpans& teams, Id root, Date d);

}  // namespace langso
