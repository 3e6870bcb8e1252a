// The rollup engine's core: every activity and organisation event summed into
// the units above it, on the administrative structure of one date.
//
// Records are kept per leaf unit (the unit an activity was recorded on),
// sorted by day. A Cube maps each leaf to the units above it on its structure
// date and keeps:
//  - for the nation and each province ("dense" nodes), a Fenwick tree per
//    metric over days: any range in O(log days);
//  - for districts and communes, running totals per month (a prefix over
//    months, so any run of whole months is one subtraction), plus a scan of
//    the leaf records in the partial months at the ends of a range;
//  - for villages, nothing: a village's own records are scanned.
// Flows are range sums; stocks (teams, members, trained, coverage) are the
// running sum of their +1/-1 events up to the last day.
//
// Invariant: for every node, the aggregates equal the sum of the records of
// the leaves attributed to it. apply() keeps it on every write.
#pragma once
#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

#include "domain/activity.h"
#include "domain/indicator.h"
#include "domain/unit_index.h"

namespace langso {

inline constexpr uint8_t kOrgKind = 255;  // Rec::kind of organisation events

struct Rec {
  uint32_t id = 0;  // activity id; 0 for organisation events
  int32_t day = 0;  // days since the engine's base date
  uint8_t kind = 0;  // ActivityType::index or kOrgKind
  int8_t cat = -1;
  int32_t q[kMaxQuantities] = {0, 0, 0, 0};  // org: teams, members, trained, covered
};

// Days and months the engine covers: [base, base + days).
struct Calendar {
  Date base;
  int32_t days = 0;
  std::vector<int16_t> month_of_day;
  std::vector<int32_t> month_start;  // day index of each month's first day (+ one past the end)
  static Calendar make(Date from, Date to);
  int32_t clamp_day(Date d) const;
  int months() const { return static_cast<int>(month_start.size()) - 1; }
};

// Records by leaf unit id, sorted by day; activities and organisation events
// apart, so a stock (value on a day) never walks past activities.
struct LeafRecords {
  std::vector<std::vector<Rec>> activity, org;
  size_t size() const { return std::max(activity.size(), org.size()); }
  const std::vector<Rec>* get(Id leaf, bool is_org) const {
    const auto& v = is_org ? org : activity;
    return static_cast<size_t>(leaf) < v.size() ? &v[static_cast<size_t>(leaf)] : nullptr;
  }
  std::vector<Rec>& at(Id leaf, bool is_org) {
    auto& v = is_org ? org : activity;
    if (static_cast<size_t>(leaf) >= v.size()) v.resize(static_cast<size_t>(leaf) + 1);
    return v[static_cast<size_t>(leaf)];
  }
};

class Cube {
 public:
  // resolve maps a leaf to the unit it is attributed to on the structure date
  // (itself while alive; 0 drops it). Several leaves may share one target
  // (the communes merged into a new one): their coverage counts the target
  // once, while any of them is covered.
  // population: published residents by unit (Totals::population).
  Cube(const UnitIndex& units, const ActivityCatalog& types, const Calendar& cal, Date structure,
       const LeafRecords& records, std::function<Id(Id)> resolve,
       const std::unordered_map<Id, int64_t>& population = {});

  Date structure() const { return structure_; }
  void apply(Id leaf, const Rec& r, int sign);
  // True when an organisation record of this leaf would change coverage
  // shared with other leaves: apply() cannot do that incrementally, the
  // owner rebuilds the cube instead (rare: teams of units that ended).
  bool org_shared(Id leaf) const;
  // Totals of the unit's subtree (0: the nation) over [from, to]. With
  // only_flow >= 0 just that flow metric is computed (rankings, series) and
  // the stocks are left at zero.
  Totals totals(Id unit, Date from, Date to, int only_flow = -1) const;
  void totals_into(Totals& t, Id unit, Date from, Date to, int only_flow = -1) const;
  bool has_node(Id unit) const;
  // The leaves (units with records) whose figures count in the unit's
  // subtree (0: the nation) on this structure: its living descendants, and
  // the units that ended or have not begun whose attribution leads there. A
  // list of teams or activities of a unit is the records of these leaves, so
  // it shows exactly what the totals count. In id order.
  std::vector<Id> leaves_in(Id unit) const;
  size_t memory_bytes() const;

 private:
  struct Node {
    Id unit = 0;
    Level level = Level::Province;
    int dense = -1;  // index into bits_, or -1
    int64_t communes = 0, villages = 0, population = 0;
    std::vector<Id> leaves;  // for month nodes: leaves to scan at the ends of a range
  };
  int metrics() const { return metrics_; }
  void add_to_node(int node, const Rec& r, Level leaf_level, int sign);
  template <class F>
  void deltas(const Rec& r, Level leaf_level, F&& fn) const;  // fn(metric, delta) for what r changes
  void add(Totals& t, int metric, int64_t v) const;  // into the flow or stock it counts
  void scan(const std::vector<Id>& leaves, int32_t a, int32_t b, bool flows, bool stocks, Totals& t,
            int only_flow = -1) const;
  Level leaf_level(Id leaf) const;
  const std::vector<Rec>* org_records(Id leaf) const;  // the override of a merged group, else the leaf's own
  void merge_coverage(const std::vector<Id>& group);
  static int64_t group_key(Id target, Level level) { return target * 8 + static_cast<int>(level); }

  const UnitIndex& units_;
  const ActivityCatalog& types_;
  const Calendar& cal_;
  const LeafRecords& records_;
  Date structure_;
  std::function<Id(Id)> resolve_;
  // Leaves with organisation records by (target, level), and for targets
  // shared by several leaves the records used in their place: coverage
  // events only on the first leaf, as the union of the group's.
  std::unordered_map<int64_t, std::vector<Id>> org_leaves_;
  std::unordered_map<Id, std::vector<Rec>> org_override_;
  int metrics_ = 0;   // activity metrics + 5 organisation metrics
  int org_base_ = 0;  // teams, members, trained, covered communes, covered villages
  std::vector<int> kind_of_metric_;  // flow metric -> activity type
  std::vector<Node> nodes_;                 // nodes_[0] is the nation
  // unit id -> node + 1 (0: none). Flat rather than hashed: a ranking looks
  // up every child, and ids are dense.
  std::vector<int32_t> node_of_;
  int node_index(Id unit) const {
    return static_cast<size_t>(unit) < node_of_.size() ? node_of_[static_cast<size_t>(unit)] - 1 : -1;
  }
  std::unordered_map<Id, std::vector<int>> chain_;  // leaf -> nodes it rolls into
  std::unordered_map<Id, std::vector<Id>> by_target_;  // attributed unit -> its leaves
  std::unordered_map<Id, int64_t> village_population_;  // villages with a published population
  std::vector<std::vector<int64_t>> bits_;  // dense node -> [metric][day] Fenwick trees
  // Month nodes: [month + 1][flow metric], the flows of all months before it
  // (row 0 is zero). While the constructor runs each row holds its own month;
  // it turns them into running totals at the end.
  std::vector<std::vector<int64_t>> flow_prefix_;
  bool building_ = true;
  // Month nodes: the stocks (5 organisation metrics) at the end of each month,
  // so a stock on a day is one row plus the events of its own month.
  std::vector<std::vector<int32_t>> stock_at_month_end_;
};

}  // namespace langso
