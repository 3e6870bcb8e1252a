// Rollups on any structure date. Holds every activity and organisation event
// as compact records by leaf unit, and a small cache of Cubes, one per
// distinct administrative structure (structures only change on the dates a
// unit or link begins or ends, so every date between two such changes shares
// one Cube). Writes update the records and every cached Cube at once, so a
// saved activity shows in every total on the very next request.
#pragma once
#include <map>
#include <mutex>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "domain/activity.h"
#include "domain/indicator.h"
#include "domain/team.h"
#include "engine/cube.h"
#include "engine/register_rollup.h"

namespace langso {

struct TeamFacts {
  Team team;
  std::vector<Member> members;
};

class Engine {
 public:
  Engine(const UnitIndex& units, const ActivityCatalog& types, Date first_day, Date last_day);

  // Loading: add everything, then finish() sorts the records.
  void reserve(Id unit, size_t activities) { records_.at(unit, false).reserve(activities); }
  void load(const Activity& a);
  void load_teams(Id unit, const std::vector<TeamFacts>& teams);
  void finish();

  void add(const Activity& a);
  void remove(const Activity& a);
  // Removes the activity with this id recorded on leaf, if there (another
  // instance's edit, known by id and unit only).
  void forget(Id leaf, Id activity_id);
  // Whether the activity with this id, dated `day`, is in the totals (lists
  // show only what the totals count: another instance's write reaches both
  // on the same poll of the journal).
  bool holds(Id leaf, Id activity_id, Date day) const;
  // Replaces the organisation events of a unit from the teams attached to it.
  void set_teams(Id unit, const std::vector<TeamFacts>& teams);
  // Forgets every cached Cube (after the structure itself changed).
  void structure_changed();
  // The register of a village (replaces what it had; empty: none). Its
  // figures are stocks on a range's last day, attributed like every record
  // (resolve) on the structure asked.
  // The register is kept as each village's counts (register_rollup.h), not
  // as people: the counts follow the register groups of the catalogue as it
  // was at set_indicators() or the last clear_register().
  void set_register(Id village, const VillageRegister& r);
  // The same with the counts already made by count_village() of this engine
  // (a caller that counted them on another thread, App::count_register).
  void set_counts(Id village, VillageCounts fresh);
  // A change of some people's statuses only: the village's counts move by
  // what these people count now less what they counted before (`before`
  // and `after` hold only them, no households). Their residencies must be
  // the same in both, so residents, households and the village's register
  // do not move; when they would, or the village has no counts yet, nothing
  // changes and it returns false (the caller then recounts the village with
  // set_register). Costs the few people, not the village.
  bool change_people(Id village, const VillageRegister& before, const VillageRegister& after);
  void set_status_count(size_t n) { status_count_ = n; }

  // The register's snapshot (App::load_register, Store::save_counts): the
  // counts are derived, so they may be saved and read back at the next start
  // instead of counting every person again.
  // shape(): what the counts' bytes depend on besides the register itself
  // (the calendar, the register groups and their layout, the encoding);
  // counts saved under another shape are never read.
  std::string register_shape() const;
  // The saved counts of a village, as they were (not unsaved, no rollup
  // told: only before the first question, while loading).
  void put_counts(Id village, VillageCounts c);
  // What set_register() would make the village's counts (nothing changes).
  VillageCounts count_village(Id village, const VillageRegister& r) const;
  int register_metrics() const { return layout_.metrics; }
  const VillageCounts* counts_of(Id village) const;
  // Villages whose counts changed since they were last taken (every change
  // through set_register / change_people / clear_register marks one), up to
  // `limit` of them, with their counts now (empty: none left); they are no
  // longer unsaved. mark_unsaved() puts them back (a save that failed).
  std::vector<std::pair<Id, VillageCounts>> take_unsaved(size_t limit);
  void mark_unsaved(const std::vector<Id>& villages);
  size_t unsaved() const { return unsaved_.size(); }
  // The register shares to count (IndicatorCatalog::register_groups()). The
  // catalogue outlives the engine and changes under the app's exclusive
  // lock; when its groups change (register_groups_current() false) the owner
  // clears and sets the register again. Until then a group the counts do not
  // know reads 0. nullptr: none.
  void set_indicators(const IndicatorCatalog* c);
  bool register_groups_current() const;
  void clear_register();
  // Published residents by unit (store/unit_facts); forgets the cached Cubes.
  void set_population(std::unordered_map<Id, int64_t> population);

  Totals totals(Id unit, Date from, Date to, Date structure, int only_flow = -1);
  // One flow metric for many units (a ranking), on one Cube.
  std::vector<int64_t> flow_values(const std::vector<Id>& units, int metric, Date from, Date to, Date structure);
  const Calendar& calendar() const { return cal_; }
  size_t record_count() const { return record_count_; }
  size_t memory_bytes() const;
  // Attribution of a leaf on a structure date (UnitIndex::attribute).
  Id resolve(Id leaf, Date structure) const;
  // The units whose records count in the unit's totals on a structure date
  // (Cube::leaves_in): what a list of its teams or activities must read.
  std::vector<Id> counted_in(Id unit, Date structure);

 private:
  Rec to_rec(const Activity& a) const;
  std::shared_ptr<Cube> cube(Date structure);
  Date structure_key(Date d) const;
  void put(Id leaf, const Rec& r, int sign);

  const UnitIndex& units_;
  const ActivityCatalog& types_;
  Calendar cal_;
  LeafRecords records_;
  size_t record_count_ = 0;
  std::unordered_map<Id, int64_t> population_;
  void add_register(Totals& t, Id unit, Date on, Date structure);
  std::shared_ptr<RegisterRollup> rollup(Date structure);
  // The village's counts become `now`, which differ from the kept ones by diff.
  void change_counts(Id village, const CountsDiff& diff, VillageCounts now);
  std::unordered_map<Id, VillageCounts> counts_;  // by village
  std::unordered_set<Id> unsaved_;                 // villages changed since take_unsaved()
  std::vector<RegisterGroup> groups_;              // what counts_ counts
  RegisterLayout layout_ = RegisterLayout::of({});
  size_t status_count_ = 0;
  const IndicatorCatalog* indicators_ = nullptr;
  // By structure key. Readers may ask for a cube at the same time (GET
  // requests share the app lock), so the cache has its own mutex and hands
  // out shared pointers; writes to cubes happen under the app's write lock.
  std::mutex cubes_mu_;
  std::map<int32_t, std::shared_ptr<Cube>> cubes_;
  std::map<int32_t, std::shared_ptr<RegisterRollup>> rollups_;  // by structure key, like cubes_
  mutable std::vector<int32_t> change_days_;        // sorted structure change dates
};

// The +1/-1 events of teams, members, trained members and coverage for one
// unit, combined per day.
std::vector<Rec> organisation_events(const std::vector<TeamFacts>& teams, const Calendar& cal);

}  // namespace langso
