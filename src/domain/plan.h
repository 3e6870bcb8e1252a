// Plans (kế hoạch, chỉ thị, công văn), their targets and their tasks — no I/O.
//
// A plan applies to one unit and may implement a plan of a unit above
// (parent). Its targets are an indicator's value by a deadline for a unit: the
// plan's unit, and the units below it when a target is cascaded (the same
// value for every child, a total split by population, or a table the officer
// fills in). A task is given by the plan's unit to a unit below it, or to a
// team; its assignee reports, the assigner accepts or returns it, and every
// step is kept. Overdue is computed from the due date, never stored.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/team.h"
#include "domain/unit.h"
#include "util/date.h"

namespace langso {

enum class PlanStatus { Draft, Issued, Ended };
std::string_view plan_status_code(PlanStatus s);  // "draft", "issued", "ended"
std::string_view plan_status_name(PlanStatus s);  // "Dự thảo", "Đã ban hành", "Đã kết thúc"
std::optional<PlanStatus> parse_plan_status(std::string_view code);

inline constexpr size_t kPlanTitleMaxChars = 500;
inline constexpr size_t kPlanTargetsMax = 200;  // targets a plan's own unit sets (children not counted)

struct Plan {
  Id id = 0;
  std::string number;       // "265/KH-UBND"
  Date issued_on;           // the document's date
  Id issuer_unit = 0;       // the unit whose organ issued it
  std::string issuer_organ; // "UBND tỉnh Bắc Kạn", "Sở Khoa học và Công nghệ"
  std::string title;
  Id unit = 0;              // the unit it applies to (the issuer or a unit below it)
  Date start_on, end_on;    // inclusive
  PlanStatus status = PlanStatus::Draft;
  Id parent = 0;            // the plan it implements (0: none)
  Id created_by = 0;
  int64_t created_at = 0, updated_at = 0;
};

// How a target given to a unit reaches the units below it.
enum class Cascade { None, Same, Population, Table };
std::string_view cascade_code(Cascade c);  // "none", "same", "population", "table"
std::optional<Cascade> parse_cascade(std::string_view code);

struct PlanTarget {
  Id id = 0;
  Id plan = 0;
  Id unit = 0;
  std::string indicator;
  double value = 0;
  Date deadline;
  Cascade cascade = Cascade::None;  // how this target was given to the units below
  Id from_target = 0;               // the target above it was cascaded from (0: set here)
};

// A total split over parts in proportion to their weights (populations),
// rounded to whole numbers by largest remainder so the parts add up to the
// total exactly (total rounded first). Weights must be > 0; empty when none.
std::vector<double> split_by_weight(double total, std::span<const int64_t> weights);

// The parts of `top` given to each of `units` with the same value (cascade
// "same"): copies of it for those units, cascaded no further.
std::vector<PlanTarget> same_for_each(const PlanTarget& top, std::span<const Id> units);

// Whether a part's values add up to the total (1e-6 relative tolerance).
bool adds_up(double total, std::span<const double> parts);

// The forecast of a target from the value at the plan's start and the value
// as of a day (both from the engine), higher being better.
enum class Forecast { Met, Missed, OnTrack, AtRisk, Historical };
std::string_view forecast_code(Forecast f);  // "met", "missed", "on_track", "at_risk", "historical"
std::string_view forecast_name(Forecast f);  // "Đạt", "Không đạt", "Đúng tiến độ", "Có nguy cơ không đạt", "Đơn vị đã kết thúc"
struct ForecastResult {
  Forecast status = Forecast::OnTrack;
  std::optional<double> projected;  // the straight-line value on the deadline (when still running)
};
// met: value ≥ target (at any time); missed: the deadline has passed
// (today > deadline) and the value on it falls short; otherwise the line
// through (start, at_start) and (as_of, value) is read on the deadline:
// on track when it reaches the target, at risk when not. A value that is
// not known (nullopt) counts as 0.
ForecastResult forecast(double target, std::optional<double> at_start, std::optional<double> value, Date start,
                        Date as_of, Date deadline, Date today);
// Lagging first: at risk and missed before on track and met, then the lowest
// share of target.
int forecast_rank(Forecast f);

// A target of an issued (or since ended) plan, as the scorecard reads it:
// the plan's number and start with the target's value and deadline.
struct PlanTargetInForce {
  Id plan = 0, target = 0;
  std::string plan_number;  // "118/KH-UBND"
  double value = 0;
  Date start_on, deadline;
};
// Of one unit's plan targets of one indicator, the one in force on `on`: its
// plan started on or before `on` and its deadline is on or after it. Several:
// the nearest deadline (the next milestone), and among equal deadlines the
// highest value (the strictest, as a unit's own stricter target beside one
// given from above). nullptr when none is in force.
const PlanTargetInForce* target_in_force(std::span<const PlanTargetInForce> targets, Date on);

enum class TaskStatus { NotStarted, InProgress, Done, Accepted };
std::string_view task_status_code(TaskStatus s);  // "not_started", "in_progress", "done", "accepted"
std::string_view task_status_name(TaskStatus s);  // "Chưa thực hiện", "Đang thực hiện", "Đã hoàn thành", "Đã nghiệm thu"
std::optional<TaskStatus> parse_task_status(std::string_view code);

struct PlanTask {
  Id id = 0;
  Id plan = 0;
  Id from_unit = 0;  // the assigner (the plan's unit)
  Id to_unit = 0;    // a unit below it, or
  Id to_team = 0;    // a team of a unit in its subtree (to_unit is then the team's unit)
  std::string title, description, evidence_expected;
  Date due_on;
  TaskStatus status = TaskStatus::NotStarted;
  std::string note, link;  // the assignee's last report
  Id created_by = 0;
  int64_t created_at = 0, updated_at = 0;
};

// Overdue: the due date has passed and the task is not accepted.
inline bool overdue(const PlanTask& t, Date today) { return t.due_on < today && t.status != TaskStatus::Accepted; }

// One step of a task's history: report (assignee), accept or return (assigner).
struct TaskEvent {
  Id task = 0;
  std::string action;  // "report", "accept", "return"
  TaskStatus status = TaskStatus::NotStarted;
  std::string note, link, reason;
  Id by = 0;
  int64_t at = 0;
};

}  // namespace langso
