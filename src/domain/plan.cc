#include "domain/plan.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace langso {

namespace {
struct Named {
  std::string_view code, name;
};
constexpr Named kPlanStatus[] = {{"draft", "Dự thảo"}, {"issued", "Đã ban hành"}, {"ended", "Đã kết thúc"}};
constexpr std::string_view kCascade[] = {"none", "same", "population", "table"};
constexpr Named kForecast[] = {{"met", "Đạt"},
                               {"missed", "Không đạt"},
                               {"on_track", "Đúng tiến độ"},
                               {"at_risk", "Có nguy cơ không đạt"},
                               {"historical", "Đơn vị đã kết thúc"}};
constexpr Named kTaskStatus[] = {{"not_started", "Chưa thực hiện"},
                                 {"in_progress", "Đang thực hiện"},
                                 {"done", "Đã hoàn thành"},
                                 {"accepted", "Đã nghiệm thu"}};
}  // namespace

std::string_view plan_status_code(PlanStatus s) { return kPlanStatus[static_cast<int>(s)].code; }
std::string_view plan_status_name(PlanStatus s) { return kPlanStatus[static_cast<int>(s)].name; }
std::optional<PlanStatus> parse_plan_status(std::string_view code) {
  for (int i = 0; i < 3; ++i)
    if (kPlanStatus[i].code == code) return static_cast<PlanStatus>(i);
  return std::nullopt;
}

std::string_view cascade_code(Cascade c) { return kCascade[static_cast<int>(c)]; }
std::optional<Cascade> parse_cascade(std::string_view code) {
  for (int i = 0; i < 4; ++i)
    if (kCascade[i] == code) return static_cast<Cascade>(i);
  return std::nullopt;
}

std::vector<double> split_by_weight(double total, std::span<const int64_t> weights) {
  std::vector<double> out;
  if (weights.empty()) return out;
  const double whole = std::round(total);
  const double sum = static_cast<double>(std::accumulate(weights.begin(), weights.end(), int64_t{0}));
  std::vector<std::pair<double, size_t>> rest;  // remainder, index
  double given = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    double exact = sum > 0 ? whole * static_cast<double>(weights[i]) / sum : 0;
    double part = std::floor(exact);
    out.push_back(part);
    given += part;
    rest.emplace_back(exact - part, i);
  }
  // Largest remainder first; ties to the larger weight, then the earlier part.
  std::stable_sort(rest.begin(), rest.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first > b.first;
    return weights[a.second] > weights[b.second];
  });
  for (size_t k = 0; given < whole && k < rest.size(); ++k, given += 1) out[rest[k].second] += 1;
  return out;
}

bool adds_up(double total, std::span<const double> parts) {
  double s = 0;
  for (double p : parts) s += p;
  return std::fabs(s - total) <= 1e-6 * std::max(1.0, std::fabs(total));
}

std::string_view forecast_code(Forecast f) { return kForecast[static_cast<int>(f)].code; }
std::string_view forecast_name(Forecast f) { return kForecast[static_cast<int>(f)].name; }

ForecastResult forecast(double target, std::optional<double> at_start, std::optional<double> value, Date start,
                        Date as_of, Date deadline, Date today) {
  const double v = value.value_or(0), v0 = at_start.value_or(0);
  if (v >= target) return {Forecast::Met, std::nullopt};
  if (deadline < today) return {Forecast::Missed, std::nullopt};
  const int64_t elapsed = as_of.days - start.days, span = deadline.days - start.days;
  // On the plan's first day there is no trend yet: what is there is projected as is.
  double projected = elapsed > 0 ? v0 + (v - v0) * static_cast<double>(span) / static_cast<double>(elapsed) : v;
  return {projected >= target ? Forecast::OnTrack : Forecast::AtRisk, projected};
}

int forecast_rank(Forecast f) {
  switch (f) {
    case Forecast::Missed: return 0;
    case Forecast::AtRisk: return 1;
    case Forecast::OnTrack: return 2;
    case Forecast::Met: return 3;
    case Forecast::Historical: return 4;
  }
  return 5;
}

std::string_view task_status_code(TaskStatus s) { return kTaskStatus[static_cast<int>(s)].code; }
std::string_view task_status_name(TaskStatus s) { return kTaskStatus[static_cast<int>(s)].name; }
std::optional<TaskStatus> parse_task_status(std::string_view code) {
  for (int i = 0; i < 4; ++i)
    if (kTaskStatus[i].code == code) return static_cast<TaskStatus>(i);
  return std::nullopt;
}

const PlanTargetInForce* target_in_force(std::span<const PlanTargetInForce> targets, Date on) {
  const PlanTargetInForce* best = nullptr;
  for (const PlanTargetInForce& t : targets) {
    if (on < t.start_on || t.deadline < on) continue;
    if (!best || t.deadline < best->deadline || (t.deadline == best->deadline && t.value > best->value)) best = &t;
  }
  return best;
}

std::vector<PlanTarget> same_for_each(const PlanTarget& top, std::span<const Id> units) {
  std::vector<PlanTarget> parts;
  parts.reserve(units.size());
  for (Id u : units) {
    PlanTarget c = top;
    c.unit = u;
    c.cascade = Cascade::None;
    parts.push_back(std::move(c));
  }
  return parts;
}

}  // namespace langso
