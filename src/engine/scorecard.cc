#include <cstdio>

#include "engine/scorecard.h"

#include "engine/periodic.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace langso {

// A flow's yearly target is prorated to the period; a stock's is as it is.
static void set_target(ValueCell& c, const App::TargetOn& t, const Period& p) {
  c.target = t.value ? std::optional(period_target(*c.indicator, *t.value, p.from, p.to)) : std::nullopt;
  c.target_origin = t.origin;
  c.target_plan = t.plan;
}

static ValueCell cell(App& app, Id unit, const Indicator& ind, const Period& p, const Totals& t, Date today) {
  ValueCell c;
  c.unit = unit;
  c.indicator = &ind;
  c.value = app.indicators().value(ind, t, app.types());
  set_target(c, app.target_on(unit, p.to, ind), p);
  c.status = status_of(ind, c.value, c.target, p.from, p.to, today);
  c.population = t.population;
  return c;
}

// The composite cells, from the other cells of the same unit and period.
static void fill_composites(App& app, Id unit, const Period& p, std::vector<ValueCell>& cells, Date today) {
  std::vector<std::pair<std::string_view, double>> progress;
  for (const ValueCell& c : cells)
    if (c.indicator->kind != IndicatorKind::Composite && c.value && c.target && *c.target > 0)
      progress.emplace_back(c.indicator->pillar, *c.value / *c.target);
  for (ValueCell& c : cells) {
    if (c.indicator->kind != IndicatorKind::Composite) continue;
    c.value = composite_value(*c.indicator, progress);
    set_target(c, app.target_on(unit, p.to, *c.indicator), p);
    c.status = status_of(*c.indicator, c.value, c.target, p.from, p.to, today);
  }
}

Period default_period(Date as_of) {
  int y;
  unsigned m, d;
  ymd_from_date(as_of, y, m, d);
  int months = y * 12 + static_cast<int>(m) - 1 - 11;
  return {date_from_ymd(months / 12, static_cast<unsigned>(months % 12 + 1), 1), as_of, as_of};
}

ValueCell evaluate(App& app, Id unit, const Indicator& ind, const Period& p) {
  if (ind.kind == IndicatorKind::Composite) {
    for (ValueCell& c : evaluate_all(app, unit, p))
      if (c.indicator == &ind) return c;
  }
  Totals t = app.engine().totals(unit, p.from, p.to, p.structure);
  if (is_report_kind(ind)) fill_report_counts(app, unit, p, t);
  return cell(app, unit, ind, p, t, today_local());
}

std::vector<ValueCell> evaluate_all(App& app, Id unit, const Period& p) {
  Totals t = app.engine().totals(unit, p.from, p.to, p.structure);
  const auto& list = app.indicators().list();
  if (std::any_of(list.begin(), list.end(), [](const Indicator& i) { return is_report_kind(i); }))
    fill_report_counts(app, unit, p, t);
  std::vector<ValueCell> out;
  out.reserve(app.indicators().list().size());
  const Date today = today_local();  // once: a clock read per indicator showed in profiles
  bool composite = false;
  for (const Indicator& ind : app.indicators().list()) {
    out.push_back(cell(app, unit, ind, p, t, today));
    composite = composite || ind.kind == IndicatorKind::Composite;
  }
  if (composite) fill_composites(app, unit, p, out, today);
  return out;
}

void rank_cells(std::vector<ValueCell>& cells, bool lagging_first) {
  // Higher first; a count of problems (lower is better) fewest first; no value last.
  auto score = [](const ValueCell& c) {
    if (!c.value) return -std::numeric_limits<double>::infinity();
    return c.indicator->lower_is_better() ? -*c.value : *c.value;
  };
  std::stable_sort(cells.begin(), cells.end(), [&](const ValueCell& a, const ValueCell& b) { return score(a) > score(b); });
  for (size_t i = 0; i < cells.size(); ++i)
    cells[i].rank = i > 0 && score(cells[i]) == score(cells[i - 1]) ? cells[i - 1].rank : static_cast<int>(i + 1);
  if (lagging_first) {
    // Units without a value (no population for a rate, a ratio over zero)
    // go last in either order: they are not known to lag.
    auto share = [&](const ValueCell& c) {
      if (!c.value) return std::numeric_limits<double>::infinity();
      if (c.indicator->lower_is_better()) return -*c.value;  // most problems first
      if (c.target && *c.target > 0) return *c.value / *c.target;
      return *c.value;
    };
    std::stable_sort(cells.begin(), cells.end(), [&](const ValueCell& a, const ValueCell& b) { return share(a) < share(b); });
  }
}

std::vector<Period> split_periods(const Period& p, int months) {
  std::vector<Period> out;
  int y;
  unsigned m, d;
  ymd_from_date(p.from, y, m, d);
  m = static_cast<unsigned>((static_cast<int>(m) - 1) / months * months + 1);
  Date start = date_from_ymd(y, m, 1);
  while (start <= p.to && out.size() <= 120) {
    unsigned nm = m + static_cast<unsigned>(months);
    int ny = y;
    if (nm > 12) nm -= 12, ++ny;
    Date next = date_from_ymd(ny, nm, 1);
    out.push_back({std::max(start, p.from), std::min(Date{next.days - 1}, p.to), p.structure});
    start = next, y = ny, m = nm;
  }
  return out;
}

std::string period_label(const Period& p, bool quarter) {
  int y;
  unsigned m, d;
  ymd_from_date(p.from, y, m, d);
  char buf[32];
  if (quarter) std::snprintf(buf, sizeof buf, "%04d-Q%u", y, (m - 1) / 3 + 1);
  else std::snprintf(buf, sizeof buf, "%04d-%02u", y, m);
  return buf;
}

std::optional<Period> parse_report_period(const std::string& s) {
  // The periodic reports' parser (domain/report_form.h), for each length of period.
  for (Periodicity per : {Periodicity::Year, Periodicity::Quarter, Periodicity::Month}) {
    ReportForm f;
    f.periodicity = per;
    if (auto p = parse_form_period(f, s)) return Period{p->from, p->to, {}};
  }
  return std::nullopt;
}

std::optional<double> round_value(std::optional<double> v) {
  if (!v) return v;
  return std::round(*v * 10) / 10;
}

}  // namespace langso
