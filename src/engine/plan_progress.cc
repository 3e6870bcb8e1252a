#include "engine/plan_progress.h"

#include <algorithm>

namespace langso {

TargetProgress target_progress(App& app, const Plan& plan, const PlanTarget& t, Date today) {
  TargetProgress out;
  out.target = t;
  const Unit* u = app.units().find(t.unit);
  const Indicator* ind = app.indicators().find(t.indicator);
  Date start = plan.start_on, to = std::min(today, t.deadline);
  bool historical = false;
  if (u) {
    if (u->valid.from > start) start = u->valid.from;
    if (!(to < u->valid.to)) {  // ended on or before the day looked at
      historical = true;
      to = Date{u->valid.to.days - 1};
      for (const Succession& s : app.units().successors(u->id)) out.successors.push_back(s.new_unit);
    }
  }
  if (to < start) to = start;
  out.historical = historical;
  out.period = {start, to, to};
  if (!u || !ind) {
    out.forecast = {Forecast::AtRisk, std::nullopt};
    return out;
  }
  out.value = round_value(evaluate(app, u->id, *ind, out.period).value);
  if (ind->is_stock() && u->valid.contains(Date{start.days - 1}))
    out.at_start = evaluate(app, u->id, *ind, {Date{start.days - 1}, Date{start.days - 1}, to}).value;
  else
    out.at_start = 0;
  out.forecast = forecast(t.value, out.at_start, out.value, start, to, t.deadline, today);
  if (historical && out.forecast.status != Forecast::Met) out.forecast = {Forecast::Historical, std::nullopt};
  if (out.value && t.value > 0) out.share = *out.value / t.value;
  return out;
}

std::vector<TargetProgress> plan_progress(App& app, const Plan& plan, const std::vector<PlanTarget>& targets, Date today) {
  std::vector<TargetProgress> out;
  out.reserve(targets.size());
  for (const PlanTarget& t : targets) out.push_back(target_progress(app, plan, t, today));
  std::stable_sort(out.begin(), out.end(), [](const TargetProgress& a, const TargetProgress& b) {
    int ra = forecast_rank(a.forecast.status), rb = forecast_rank(b.forecast.status);
    if (ra != rb) return ra < rb;
    return a.share.value_or(0) < b.share.value_or(0);
  });
  return out;
}

}  // namespace langso
