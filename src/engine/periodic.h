// Periodic reports (issue 15): who is expected to report for a form and a
// period, to whom, the figures a report carries, completeness, the workflow
// steps and the lock approval puts on activities. Scope (who may take a
// step) is the API's guard; the states a step needs, its history and its
// notifications are here, in the transaction of the step.
#pragma once
#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/field_error.h"
#include "domain/report_form.h"
#include "engine/app.h"
#include "engine/scorecard.h"
#include "store/store_periodic.h"

namespace langso {

// A step or a write the state of a report refuses: the API's 409 with `code`.
struct ReportConflict : std::runtime_error {
  ReportConflict(std::string code, std::string title, std::string detail)
      : std::runtime_error(detail), code(std::move(code)), title(std::move(title)) {}
  std::string code, title;
};

// ---- who reports
// The unit's active intervals (domain/report_form.h) from the index.
std::vector<Interval> unit_active_intervals(const UnitIndex& units, Id unit);
// The parts of the period the unit is expected to report for (empty: not expected).
std::vector<Interval> expected_parts_of(const UnitIndex& units, const ReportForm& f, Id unit, const ReportPeriod& p);
// The last day of the period the unit is expected for (nullopt: not expected):
// the structure its report is asked on and the day its approver is found.
std::optional<Date> last_expected_day(const UnitIndex& units, const ReportForm& f, Id unit, const ReportPeriod& p);
// The unit that approves the unit's report: its nearest ancestor that
// reports on the form, on the last expected day (0: none, the national level).
Id approver_of(const UnitIndex& units, const ReportForm& f, Id unit, const ReportPeriod& p);
// The province that may accept (tiếp nhận) the unit's approved report: the
// province above it when its approver is below the province (a district); 0
// otherwise (a province's, or a report the province approves itself).
Id accepting_province(const UnitIndex& units, const ReportForm& f, Id unit, const ReportPeriod& p);
// The units whose reports `unit` approves for the period, in name order.
std::vector<Id> reporting_children(const UnitIndex& units, const ReportForm& f, Id unit, const ReportPeriod& p);
// Every unit expected to report in the subtree of `unit` (itself included), in name order.
std::vector<Id> expected_in_subtree(const UnitIndex& units, const ReportForm& f, Id unit, const ReportPeriod& p);

// ---- figures
// The report's period as the scorecard asks it: first day to the last
// expected day (cut at today while running), on the structure of that day.
Period figures_period(const UnitIndex& units, const ReportForm& f, Id unit, const ReportPeriod& p, Date today);
// The form's indicators for the unit and period, from the engine (the caller holds read_lock() or writer()).
std::vector<FrozenValue> live_values(App& app, const ReportForm& f, Id unit, const ReportPeriod& p);

// ---- completeness
struct Completeness {
  int expected = 0, submitted = 0, on_time = 0;
  std::vector<Id> missing;  // expected, not submitted (name order)
};
// Over the units expected in the subtree of `unit`; on time: first submitted
// by the end of the due day (Vietnam time).
Completeness completeness(const UnitIndex& units, std::span<const ReportState> states, const ReportForm& f, Id unit,
                          const ReportPeriod& p);
// The reporting and on-time rates' counts for the unit over p: the monthly
// form's periods that meet [p.from, p.to] and have ended by p.to, the units
// expected in the unit's subtree in each (on the period's own hierarchy) and,
// on a structure after a reorganisation, in the subtrees of the units the
// unit was formed from (so a new commune's 2022 rate is its old communes').
// From memory (App::report_index()).
void fill_report_counts(App& app, Id unit, const Period& p, Totals& t);
// The unit and, on a structure on or after their reorganisation, the units
// it was formed from (and theirs), whose subtrees its report counts sum.
std::vector<Id> report_roots(const UnitIndex& units, Id unit, Date structure);
// Whether an indicator needs them.
bool is_report_kind(const Indicator& ind);
// The end of the due day in Unix seconds (Vietnam time, UTC+7).
int64_t due_deadline(const ReportForm& f, const ReportPeriod& p);

// ---- outliers (domain/outlier.h)
struct OutlierFlag {
  Id unit = 0;
  std::string indicator;
  double value = 0;
  double z_history = 0, z_peers = 0;
};
struct OutlierScan {
  size_t checked = 0;  // figures judged (enough history and peers)
  std::vector<OutlierFlag> flags;
};
// The communes expected in the unit's subtree for the period, each count and
// sum of the form judged against the commune's previous 12 months and the
// other communes under the same approver that month.
// With `only`, that commune alone, against the communes under its approver.
OutlierScan scan_outliers(App& app, const ReportForm& f, Id unit, const ReportPeriod& p, Id only = 0);

// ---- validation rules
// The form's rules the unit's live figures break for the period (explanation empty).
std::vector<Violation> check_rules(App& app, const ReportForm& f, Id unit, const ReportPeriod& p);
// A submission whose violations lack an explanation: the API's 422, one
// error per rule ("explanations.<rule>", code "explanation_required").
struct ReportValidationError : std::runtime_error {
  explicit ReportValidationError(std::vector<FieldError> e)
      : std::runtime_error("validation"), errors(std::move(e)) {}
  std::vector<FieldError> errors;
};

// ---- the workflow
struct StepRequest {
  Id unit = 0;
  const ReportForm* form = nullptr;
  ReportPeriod period;
  ReportAction action = ReportAction::Submit;
  std::string reason;
  std::optional<int64_t> version;  // the version the caller saw (none: whatever it is now)
  Id actor = 0;
  int64_t at = 0;  // when (Unix seconds; 0: now) — the demo's history
  std::map<std::string, std::string> explanations;  // submission: rule code → why it does not hold
  bool announce = true;  // false: history entered afterwards (the demo's 2022), nobody is told
};
// One step in one transaction: the state it needs (else ReportConflict
// "report_state" or "version_conflict"), a parent approved only when each
// of its reporting children is approved or not reporting ("children_not_ready"),
// the frozen figures on submission, the event, the journal and the
// notifications. Returns the state after. The caller holds writer().
ReportState step_report(App& app, const StepRequest& r);
// Approves every reporting child of `unit` that is submitted and whose own
// children are ready, in one transaction; the ids approved.
std::vector<Id> approve_ready_children(App& app, const ReportForm& f, Id unit, const ReportPeriod& p, Id actor);

// The follow-up of a value the unit's report flagged (the caller holds
// writer()): closes the flag with the outcome, the note, who and when, in one
// transaction with its journal row. False when the report has no flag of the
// indicator; ReportConflict "outlier_closed" when it was followed up already.
bool follow_up_outlier(App& app, const ReportForm& f, Id unit, const ReportPeriod& p, const std::string& indicator,
                       OutlierOutcome outcome, const std::string& note, Id actor);

// ---- the lock
// Throws ReportConflict "period_approved" when a date of a unit lies in an
// approved period of the unit or of a unit above it on that date. Called by
// the activity commands inside their transaction.
void refuse_in_approved_periods(App& app, Store& s, std::span<const std::pair<Id, Date>> at);

}  // namespace langso
