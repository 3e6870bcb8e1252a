// The reports of the monthly form in memory (issue 15): for every month of
// the engine's range, which units are expected to report in the subtree of
// each unit (engine/periodic.h's expected_in_subtree, on that month's
// hierarchy), and the state of every unit's report — so the reporting and
// on-time rates, and the counts of open validation violations and outliers,
// of any unit over any range come from memory, summed per month.
//
// Derived from the database and the unit hierarchy: built by App::rebuild,
// its structure rebuilt when the hierarchy changes, its entries put by the
// workflow's steps after their transaction commits and by the journal
// follower (App::apply_change, entity "report") for steps of other
// instances. Like the other indexes it is read under read_lock() and changed
// under exclusive().
//
// Memory: per month, one subtree list per unit of a reporting level (each
// expected unit listed in its own and each ancestor's) and five counters per
// unit; the entries only for the reports that exist.
#pragma once
#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "domain/report_form.h"
#include "domain/unit_index.h"
#include "store/store_periodic.h"

namespace langso {

class ReportIndex {
 public:
  // What the counts need of one report.
  struct Entry {
    int64_t submitted_at = 0;
    int32_t open_violations = 0, open_outliers = 0;
    ReportStatus status = ReportStatus::Draft;
  };
  struct Counts {
    int64_t expected = 0, submitted = 0, on_time = 0, open_violations = 0, open_outliers = 0;
  };

  // The expected sets of each month of [first, last] for the form (a
  // monthly one) on `units`' hierarchy; the entries are kept.
  void set_structure(const UnitIndex& units, const ReportForm& f, Date first, Date last);
  // Puts the report's entry (a report of another form or outside the range is ignored).
  void put(const ReportState& s, int32_t open_violations, int32_t open_outliers);
  // A report deleted (a draft): its entry dropped.
  void erase(Id report);
  // Puts many, then sums every month once (the rebuild).
  struct Loaded {
    ReportState state;
    int32_t open_violations = 0, open_outliers = 0;
  };
  void put_all(std::span<const Loaded> all);

  // The counts over the months of the form that meet [from, to] and have
  // ended by `to`, for the units expected in the subtree of any of `roots`
  // in each month (a unit counted once when the subtrees meet).
  Counts counts(std::span<const Id> roots, Date from, Date to) const;
  const ReportForm* form() const { return form_; }

 private:
  struct Month {
    ReportPeriod period;
    int64_t deadline = 0;
    std::vector<uint32_t> offsets;  // position → its subtree in members [offsets[u], offsets[u + 1])
    std::vector<int32_t> members;   // positions of expected units
    std::vector<Counts> sums;       // position → the counts over its subtree
  };
  int month_of(Date d) const;  // -1: outside the range
  int position(Id id) const { return id >= 0 && static_cast<size_t>(id) < pos_.size() ? pos_[static_cast<size_t>(id)] : -1; }
  void add_entry(Counts& c, const Month& m, const Entry& e) const;
  void sum_month(size_t k);
  int store(const ReportState& s, int32_t open_violations, int32_t open_outliers);
  // (unit id, absolute month y × 12 + m − 1): entries outlive a new structure's positions.
  static uint64_t key(Id unit, int month) { return (static_cast<uint64_t>(month) << 32) | static_cast<uint32_t>(unit); }

  const ReportForm* form_ = nullptr;
  int first_month_ = 0;           // y × 12 + m − 1 of the first month
  std::vector<int32_t> pos_;      // unit id → position (−1: not of a reporting level)
  std::vector<Id> ids_;           // position → unit id
  std::vector<Month> months_;
  std::unordered_map<uint64_t, Entry> entries_;  // key(unit, month)
  std::unordered_map<Id, uint64_t> reports_;     // report id → its entry's key
};

}  // namespace langso
