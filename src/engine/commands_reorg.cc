// Follow-ups of a reorganisation that officers decide: where the villages of a
// split commune go, what happens to the commune-level teams of merged
// communes, and an account's scope after its unit ended.
#include <fmt/format.h>

#include <set>

#include "engine/commands.h"

namespace langso {

std::vector<Id> scope_candidates(const UnitIndex& units, Id unit) {
  std::vector<Id> out = units.became(unit);
  const Unit* u = units.find(unit);
  if (!u) return out;
  // An abolished district's officers may also be given the province its communes went to.
  if (units.successors(unit).empty() && !out.empty()) {
    auto path = units.path_at(out.front(), u->valid.to);
    if (path.size() > 1 && std::find(out.begin(), out.end(), path.back()) == out.end()) out.push_back(path.back());
  }
  return out;
}

void assign_village(App& app, VillageAssignment v, Id commune, Id actor) {
  const Unit* village = app.units().find(v.village);
  const Date from = app.units().find(commune)->valid.from;
  Store& s = app.store();
  Transaction tx(s.db());
  const std::string before = fmt::format(R"({{"commune_id":{}}})", v.commune);
  s.move_link(v.village, from, commune);
  v.commune = commune;
  v.decided_by = actor;
  v.decided_at = now_seconds();
  s.put_village_assignment(v);
  s.audit(actor, "assign", "village", v.village, before, fmt::format(R"({{"commune_id":{}}})", commune));
  tx.commit();
  auto x = app.exclusive();
  app.units().move_link(village->id, from, commune);
  app.engine().structure_changed();
}

std::vector<Team> inherited_teams(App& app, Id unit) {
  std::vector<Id> from;
  for (const Succession& s : app.units().predecessors(unit)) from.push_back(s.old_unit);
  return from.empty() ? std::vector<Team>{} : app.store().teams_of_units(from);
}

Id merge_teams(App& app, Id commune, const std::vector<Team>& teams, const std::string& name, Id actor) {
  const Date from = app.units().find(commune)->valid.from;
  Team t;
  t.unit_id = commune;
  t.name = name;
  t.active_from = from;
  std::string names;
  for (const Team& old : teams) names += (names.empty() ? "" : "; ") + old.name;
  t.notes = "Hợp nhất từ: " + names + ".";
  Id id = create_team(app, t, actor);
  std::set<std::string> phones;
  for (const Team& old : teams) {
    for (const Member& m : app.store().members_of_team(old.id)) {
      if (m.left_on || !phones.insert(m.phone).second) continue;
      Member copy = m;
      copy.id = 0;
      copy.team_id = id;
      copy.joined_on = from;
      add_member(app, copy, actor);
    }
    Team closed = old;
    closed.active_to = Date{from.days - 1};
    update_team(app, old, closed, actor);
  }
  return id;
}

void confirm_scope(App& app, const UserRecord& before, Id unit, Id actor) {
  UserRecord after = before;
  after.unit_id = unit;
  Store& s = app.store();
  Transaction tx(s.db());
  s.update_user(after);
  s.audit(actor, "confirm_scope", "user", before.id, fmt::format(R"({{"unit_id":{}}})", before.unit_id),
          fmt::format(R"({{"unit_id":{}}})", unit));
  tx.commit();
  app.forget_user_sessions(before.id);
}

}  // namespace langso
