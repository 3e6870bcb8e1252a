// The activity list a page at a time, newest first (date, then id, both
// descending), at the scale of the nation.
//
// Contract:
// - a page is the rows strictly after `after` in that order that match the
//   filter, at most `limit`; `next` is where the following page starts, or
//   nullopt when there is no more. Pages walk an index from a position (no
//   OFFSET), so every row present for the whole walk is listed exactly once,
//   whatever is inserted or deleted between two pages;
// - a list shows only what the totals count: every row is checked with
//   Engine::holds (a write another instance made reaches both together);
// - the units of a subtree are those under it on the structure of `to`
//   (moved into the root's lifetime), and units that had ended by then whose
//   figures count for one of them (UnitIndex::attribute), as in the totals;
// - a page reads at most `scan_budget` candidate rows: when the matching rows
//   are that sparse, it holds fewer than `limit` rows and `next` continues
//   from the last row read (so no page costs more than the budget);
// - the plan (which index the database walks) is chosen from the filter and
//   the engine's count of the subtree's activities: a team's or an author's
//   own index; the index by date, filtering units here, when the subtree holds
//   a good share of the rows (the nation, a province); the index by unit with
//   a sliding date window when it holds few (a commune, a village).
// Callers hold App::read_lock().
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/app.h"

namespace langso {

struct ActivityFilter {
  Id unit = 0;  // subtree root; 0: every unit
  Date from, to;
  std::string type;  // type code; empty: every type
  Id team = 0, author = 0;
};

using ActivityPosition = std::pair<Date, Id>;  // (date, id) of a row

struct ActivityPage {
  std::vector<StoredActivity> items;
  std::optional<ActivityPosition> next;
  const char* plan = "";  // "date", "units", "team", "author": for benchmarks
  size_t scanned = 0;     // candidate rows read
};

inline constexpr size_t kActivityScanBudget = 20000;

// `force` ("lead": the leading index whatever the share; "units": the index
// by unit, for a subtree of at most 1000 units; "units/N": N units per
// statement, their rows merged here) is for tests and benchmarks:
// every plan gives the same rows, only their cost differs.
ActivityPage activity_page(App& app, Store& store, const ActivityFilter& f, std::optional<ActivityPosition> after,
                           size_t limit, size_t scan_budget = kActivityScanBudget, std::string_view force = {});

// The earliest date a list can hold, for a filter without `from`.
Date activity_list_start();

}  // namespace langso
