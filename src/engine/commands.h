// Writes that change more than one place: the store (in one transaction, with
// an audit record) and the in-memory indexes. API handlers validate input and
// then call these; the demo seeder and importers call them too. The caller
// holds App::writer() and not App::exclusive(): each command takes
// exclusive() itself, after its transaction committed, to change the indexes.
#pragma once
#include <string>

#include "engine/app.h"

namespace langso {

// A village under a commune, with a langso code "<commune code>-NN".
Id create_village(App& app, Id commune_id, const std::string& name, const std::string& type, Date valid_from,
                  Id actor);
std::string next_village_code(const std::string& commune_code, const std::vector<std::string>& taken);

Id create_team(App& app, Team t, Id actor);
void update_team(App& app, const Team& before, const Team& after, Id actor);
void delete_team(App& app, const Team& t, Id actor);

// Adds a membership, creating the person (by phone) when new.
Id add_member(App& app, Member m, Id actor);
void update_member(App& app, const Member& before, Member after, Id actor);
void delete_member(App& app, const Member& m, Id actor);

Id create_user(App& app, UserRecord u, Id actor);

// Activities: store, journal and engine together.
struct PendingActivity {
  Activity a;
  std::string idem_key, digest;
};
// Saves all in one transaction, then adds them to the engine; returns the ids.
std::vector<Id> record_activities(App& app, std::vector<PendingActivity> items);
void change_activity(App& app, const Activity& before, const Activity& after, Id actor);
void remove_activity(App& app, const Activity& a, Id actor);
std::string activity_audit(const App& app, const Activity& a);

// The household register (commands_households.cc): store and journal in one
// transaction; a visit's statuses that match an activity type also become
// that activity (one per type and category, linked to the visit), so the
// activity totals count them without a second entry and a visit's edit or
// deletion changes both.
Id create_household(App& app, Household h, Id actor, const std::string& key, const std::string& digest);
void update_household(App& app, const Household& before, const Household& after, Id actor);
void delete_household(App& app, const Household& h, Id actor);
Id add_resident(App& app, Resident r, Id household, Date from, Id actor, const std::string& key,
                const std::string& digest);
void update_resident(App& app, const Resident& before, const Resident& after, Id actor);
// Removes the person's identifying data (name, phone, CCCD, ethnic group) on
// their request; what the counts need stays (birth, sex, residencies, statuses).
void erase_resident(App& app, const Resident& r, const std::string& reason, Id actor);
// Merges a person entered twice into `kept`: the duplicate's residencies pass
// to kept where kept lived nowhere then, all its statuses and the households
// it heads pass to kept (both histories kept), kept takes the fields it
// lacked (phone, CCCD, ethnic group, birth date, consent), and the duplicate
// is marked merged_into and counts no more. Caller checks likely_duplicates'
// CCCD rule.
void merge_residents(App& app, const Resident& kept, const Resident& duplicate, Id actor);
// Ends the current residency the day before `on` and opens one in `household`.
void move_resident(App& app, const Resident& r, const Residency& current, Id household, Date on, Id actor);
// A household split (tách hộ): `fresh` is created and the persons of `moves`
// (resident, current residency) move into it on `on`; the head goes with
// them if among them. Returns the new household's id.
Id split_household(App& app, const Household& from, Household fresh, const std::vector<std::pair<Id, Residency>>& moves,
                   Date on, Id actor);
// Two households merged (nhập hộ): the persons of `moves` move from `from`
// into `into` on `on`.
void merge_households(App& app, const Household& from, const Household& into,
                      const std::vector<std::pair<Id, Residency>>& moves, Date on, Id actor);
Id add_status(App& app, CitizenStatus s, Id actor);
void change_status(App& app, const CitizenStatus& before, const CitizenStatus& after, Id actor);
void remove_status(App& app, const CitizenStatus& s, Id actor);
// The activities a visit counts in (ids unset).
std::vector<Activity> visit_activities(const App& app, const Visit& v);
Id record_visit(App& app, Visit v, const std::string& key, const std::string& digest);
void change_visit(App& app, const Visit& before, Visit after, Id actor);
void remove_visit(App& app, const Visit& v, Id actor);

// Reorganisation follow-ups (commands_reorg.cc).
// Units an administrator may confirm as the scope of an account whose unit ended.
std::vector<Id> scope_candidates(const UnitIndex& units, Id unit);
void confirm_scope(App& app, const UserRecord& before, Id unit, Id actor);
// Moves a village of a split commune to the successor an officer chose.
void assign_village(App& app, VillageAssignment v, Id commune, Id actor);
// Teams of the units a unit was formed from, active or closed.
std::vector<Team> inherited_teams(App& app, Id unit);
// One team for the new commune from its first day, with the active members
// of the merged teams (a person once); the merged teams close the day before.
Id merge_teams(App& app, Id commune, const std::vector<Team>& teams, const std::string& name, Id actor);

}  // namespace langso
