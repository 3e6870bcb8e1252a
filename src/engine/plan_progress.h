// The progress of a plan's targets: each target's live value from the engine
// by the scorecard's own path (evaluate), its forecast, lagging first.
#pragma once
#include <optional>
#include <vector>

#include "domain/plan.h"
#include "engine/scorecard.h"

namespace langso {

struct TargetProgress {
  PlanTarget target;
  Period period;                    // plan start (or the unit's first day) to min(today, deadline)
  std::optional<double> value;      // on period.to, on period.structure
  std::optional<double> at_start;   // stocks: the day before the period (flows: 0)
  ForecastResult forecast;
  std::optional<double> share;      // value ÷ target
  bool historical = false;          // the unit ended before the day looked at
  std::vector<Id> successors;       // a unit that ended during the plan: the units it became
};

// `today` is the day the progress is looked at (the as-of date). A target of
// a unit that ended before min(today, deadline) is historical: its value is
// the one on its last day, and its successors are named.
TargetProgress target_progress(App& app, const Plan& plan, const PlanTarget& t, Date today);
// Every target given, lagging first (missed, at risk, on track, met,
// historical; then the lowest share of target).
std::vector<TargetProgress> plan_progress(App& app, const Plan& plan, const std::vector<PlanTarget>& targets, Date today);

}  // namespace langso
