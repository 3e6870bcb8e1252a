#include "domain/coverage.h"

#include <algorithm>

namespace langso {

void TeamSpans::put(Id team_id, Id unit_id, Interval active) {
  erase(team_id);
  spans_[unit_id].push_back({team_id, active});
  unit_of_team_[team_id] = unit_id;
}

void TeamSpans::erase(Id team_id) {
  auto it = unit_of_team_.find(team_id);
  if (it == unit_of_team_.end()) return;
  auto& v = spans_[it->second];
  v.erase(std::remove_if(v.begin(), v.end(), [&](const Span& s) { return s.team_id == team_id; }), v.end());
  unit_of_team_.erase(it);
}

bool TeamSpans::has_active_team(Id unit_id, Date d) const {
  auto it = spans_.find(unit_id);
  if (it == spans_.end()) return false;
  return std::any_of(it->second.begin(), it->second.end(), [&](const Span& s) { return s.active.contains(d); });
}

Coverage compute_coverage(const UnitIndex& units, const TeamSpans& teams, Id root, Date d) {
  Coverage c;
  units.for_each_descendant(root, d, [&](const Unit& u) {
    bool covered = teams.has_active_team(u.id, d);
    if (u.level == Level::Commune) {
      ++c.communes_total;
      if (covered) ++c.communes_with_team;
      else c.communes_without_team.push_back(u.id);
    } else if (u.level == Level::Village) {
      ++c.villages_total;
      if (covered) ++c.villages_with_team;
    }
  });
  units.sort_by_name(c.communes_without_team);
  return c;
}

}  // namespace langso
