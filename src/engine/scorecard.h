// Indicator values with targets and status for a unit and a period, on the
// structure of a date. Shared by the API and the reports.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "engine/app.h"

namespace langso {

struct Period {
  Date from, to;
  Date structure;
};

struct ValueCell {
  Id unit = 0;
  const Indicator* indicator = nullptr;
  std::optional<double> value, target;
  // Where the target comes from (App::target_on on the period's last day).
  App::TargetOrigin target_origin = App::TargetOrigin::None;
  const PlanTargetInForce* target_plan = nullptr;  // origin Plan
  Status status = Status::NoTarget;
  int rank = 0;
  int64_t population = 0;  // the unit's residents on the structure (0: unknown)
};

// The view every screen opens on when nothing else is asked: the twelve
// whole months up to as_of (its own month cut at as_of), on as_of's structure.
Period default_period(Date as_of);

ValueCell evaluate(App& app, Id unit, const Indicator& ind, const Period& p);
// Every indicator of the catalogue from one pass over the engine; the
// composite index from the others' progress towards their targets.
std::vector<ValueCell> evaluate_all(App& app, Id unit, const Period& p);
// Best first (desc) or lagging first (asc: lowest share of target, else lowest value).
void rank_cells(std::vector<ValueCell>& cells, bool lagging_first);
// Whole months or quarters covering p, the first and last cut to p.
std::vector<Period> split_periods(const Period& p, int months);
std::string period_label(const Period& p, bool quarter);  // "2024-01", "2024-Q1"
// 2022-05, 2022-Q2, 2022 -> the period (structure left to the caller).
std::optional<Period> parse_report_period(const std::string& s);
std::optional<double> round_value(std::optional<double> v);  // one decimal

}  // namespace langso
