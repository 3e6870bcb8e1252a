// The household register's stocks, counted ahead of the questions.
//
// A village's register (who lives there when, born when, holding which
// statuses when; households and when someone lives in them) is turned once
// into a village's counts: the value of every register metric on the
// calendar's first day, and after it a list of +/- events by day. A metric is
// a stock: its value on a day is the first day's value plus every event up to
// that day. Age bands are events too (a person enters a band on the birthday
// that makes them old enough, leaves it on the one that makes them too old),
// so a stock on any day needs no look at the people.
//
// A RegisterRollup sums the villages into the units above them on one
// structure date, like a Cube does for activities:
//  - the nation and each province hold the value of every metric on every day
//    of the calendar (one read per metric);
//  - districts and communes hold the value at the start of every month, plus
//    a scan of their villages' events in the asked day's own month;
//  - villages (and any unit below a commune) scan their own events.
//
// Invariant: every node's values equal the sum of the counts of the villages
// attributed under it on the structure date. apply() keeps it on every write;
// the counts are derived from the database and can always be rebuilt.
#pragma once
#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/indicator.h"
#include "domain/unit_index.h"
#include "engine/cube.h"

namespace langso {

// The household register of one village, as the engine counts it: where
// each person lives when, when they were born, and their statuses.
struct RegisterPerson {
  Interval lived;     // in this village (a residency, cut at the person's end)
  Date born;          // the birth date (a year only: 1 January of it)
  struct Held {
    int status;       // StatusType::index
    Interval when;    // [gained, lost)
  };
  std::vector<Held> statuses;
};
struct RegisterHousehold {
  Id id = 0;
  bool fibre = false;
  std::vector<Interval> lived;  // when someone lived there (a household counts while anyone does)
};
struct VillageRegister {
  std::vector<RegisterPerson> people;
  std::vector<RegisterHousehold> households;
};

// The register's metrics: five fixed ones; then the people of each age band
// of the register groups (IndicatorCatalog::register_groups()) other than
// adults, once per band however many groups share it; then, per group, those
// of its band holding all its statuses.
enum RegisterMetric : int { kRegResidents, kRegAdults, kRegHouseholds, kRegFibre, kRegVillages, kRegFixedMetrics };
struct RegisterLayout {
  struct Band {
    int min_age = 0, max_age = -1;
    int metric = kRegResidents;
  };
  std::vector<Band> bands;                   // distinct bands, adults first
  std::vector<int> people, holding, band_of;  // by group: its band's metric, its holders' metric, its band
  int metrics = kRegFixedMetrics;
  static RegisterLayout of(const std::vector<RegisterGroup>& groups);
};

struct RegisterEvent {
  uint16_t day;    // calendar day, >= 1 (day 0 is the counts' base)
  uint8_t metric;  // RegisterMetric or a group's metric
  int8_t delta;    // a larger change is several events
};
static_assert(sizeof(RegisterEvent) == 4);

struct VillageCounts {
  std::vector<int32_t> base;          // by metric: the value on the calendar's first day
  std::vector<RegisterEvent> events;  // sorted by (day, metric), one per pair unless |delta| > 127
  bool empty() const { return events.empty() && std::all_of(base.begin(), base.end(), [](int32_t v) { return v == 0; }); }
};

// The person's 'years'-th birthday as the age bands see it: the first day on
// which they are `years` old (29/02 births: 01/03 in common years).
Date birthday(Date born, int years);

// Counts a village's register on the calendar. Anything dated before the
// calendar counts from its first day; anything from its end on is not seen.
// villages_with_register counts 1 while someone lives there, for a unit of
// village level only (is_village).
VillageCounts village_counts(const VillageRegister& r, const std::vector<RegisterGroup>& groups, const Calendar& cal,
                             bool is_village);
VillageCounts village_counts(const VillageRegister& r, const std::vector<RegisterGroup>& groups,
                             const RegisterLayout& layout, const Calendar& cal, bool is_village);

// A village's counts as bytes, for the register's snapshot in the database
// (Store::save_counts): metrics and event count as uint32, the base as int32
// per metric, then the events as they are in memory (4 bytes each), all
// little-endian. decode_counts() refuses (nullopt) bytes that are not exactly
// that for `metrics` metrics and a calendar of `days` days, with events in
// their (day, metric) order.
std::string encode_counts(const VillageCounts& c);
std::optional<VillageCounts> decode_counts(std::string_view bytes, int metrics, int days);

// What changes from `before` to `after` (both of one village, same metrics):
// base differences and events with the net delta per (day, metric).
struct CountsDiff {
  std::vector<int64_t> base;
  std::vector<std::pair<RegisterEvent, int64_t>> events;  // (day, metric) and the net change, != 0
  bool empty() const;
};
CountsDiff counts_diff(const VillageCounts* before, const VillageCounts* after, int metrics);
// c changed by d: the same counts village_counts() gives for the register
// that differs by d (events summed per (day, metric), split again at ±127).
VillageCounts counts_plus(const VillageCounts& c, const CountsDiff& d);

class RegisterRollup {
 public:
  // resolve: a village to the unit it is attributed to on the structure date
  // (0 drops it); villages: every village's counts (outlives the rollup, and
  // changes only through apply()).
  RegisterRollup(const UnitIndex& units, const Calendar& cal, Date structure,
                 const std::unordered_map<Id, VillageCounts>& villages, std::function<Id(Id)> resolve, int metrics);

  // The village's counts are about to change by diff (call before the map
  // holding them changes; a village new to the rollup is added).
  void apply(Id village, const CountsDiff& diff);
  // The unit's subtree (0: the nation) on a calendar day: out[metric]. False
  // when nothing of the register counts there (out zeroed).
  bool values(Id unit, int32_t day, std::vector<int64_t>& out) const;
  int metrics() const { return metrics_; }
  size_t memory_bytes() const;

 private:
  enum class Kind : uint8_t { Daily, Monthly, Scan };
  struct Node {
    Kind kind = Kind::Scan;
    std::vector<int32_t> values;  // Daily: [metric][day]; Monthly: [month][metric], the value before each month (+1 row)
    std::vector<Id> villages;     // Monthly, Scan: the villages to scan
  };
  void attach(Id village);  // adds the village to its chain's nodes (counts not added)
  void scan(const std::vector<Id>& villages, int32_t from_day, int32_t to_day, std::vector<int64_t>& out) const;

  const UnitIndex& units_;
  const Calendar& cal_;
  Date structure_;
  const std::unordered_map<Id, VillageCounts>& villages_;
  std::function<Id(Id)> resolve_;
  int metrics_ = 0;
  std::unordered_map<Id, Node> nodes_;                 // by unit; 0: the nation
  std::unordered_map<Id, std::vector<Id>> chain_;      // village -> the units it counts in, innermost first
};

}  // namespace langso
