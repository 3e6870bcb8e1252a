// Periodic reports' workflow records (issue 15, domain/report_form.h): the
// status of a report document (table report_documents, columns of migration
// 12), its events (report_events) and its frozen figures (report_values).
// The narrative of the same documents stays with Store (store_reports.cc).
#pragma once
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/report_form.h"
#include "store/store.h"

namespace langso {

struct ReportState {
  Id id = 0;
  Id unit = 0;
  std::string form, period;
  Date from, to;
  ReportStatus status = ReportStatus::Draft;
  int64_t version = 0;
  int64_t submitted_at = 0;  // the first submission (0: never); kept through returns
  Id submitted_by = 0;
  int64_t approved_at = 0;  // the last approval (0: none)
  Id approved_by = 0;
};

struct ReportEvent {
  Id id = 0;
  Id report = 0;
  ReportAction action = ReportAction::Submit;
  ReportStatus status = ReportStatus::Draft;  // after the step
  std::string reason;
  Id by = 0;
  std::string by_name;  // read back with the user's full name
  int64_t at = 0;
};

struct FrozenValue {
  std::string indicator;
  std::optional<double> value;
};

std::optional<ReportState> report_state(Store& s, Id unit, std::string_view form, std::string_view period);
std::optional<ReportState> report_state_by_id(Store& s, Id id);
// The states of these units' reports for a form and period (units without one are absent).
std::vector<ReportState> report_states(Store& s, std::string_view form, std::string_view period, std::span<const Id> units);
// Every report of a form whose period meets [from, to] (for rates over many periods).
std::vector<ReportState> report_states_between(Store& s, std::string_view form, Date from, Date to);
// A unit's reports of a form, newest period first.
std::vector<ReportState> report_states_of(Store& s, Id unit, std::string_view form);
// A document with empty narrative, for a report submitted or marked before it was written; its id.
Id insert_report_shell(Store& s, Id unit, const ReportForm& f, const ReportPeriod& p, Id by);
// Moves the report to `next` when its version is still `version` (false:
// another step came first, nothing changed); +1 version. Submission stamps
// submitted_at/by the first time, approval stamps approved_at/by.
bool set_report_status(Store& s, const ReportState& at, ReportStatus next, Id by, int64_t now);
void insert_report_event(Store& s, const ReportEvent& e);
std::vector<ReportEvent> report_events(Store& s, Id report);  // oldest first
void freeze_report_values(Store& s, Id report, std::span<const FrozenValue> values);  // replaces
std::vector<FrozenValue> report_values(Store& s, Id report);

// A validation rule a submission broke (domain/report_form.h), with the officer's explanation.
struct Violation {
  std::string rule;
  std::optional<double> left, right;  // the values compared (right: times the factor)
  std::string explanation;
};
void put_report_violations(Store& s, Id report, std::span<const Violation> v);  // replaces
std::vector<Violation> report_violations(Store& s, Id report);
// An outlier a submission flagged (engine/periodic.h's scan_outliers), with its follow-up.
struct OutlierRecord {
  std::string indicator;
  double value = 0, z_history = 0, z_peers = 0;
  std::optional<OutlierOutcome> outcome;  // nullopt: open
  std::string note;
  Id by = 0;
  std::string by_name;  // read back with the user's full name
  int64_t at = 0;
};
// Replaces the report's flags; the follow-up of a flag of the same indicator
// and value is kept (a resubmission of the same figure stays checked).
void put_report_outliers(Store& s, Id report, std::span<const OutlierRecord> flags);
std::vector<OutlierRecord> report_outliers(Store& s, Id report);  // by indicator
// Closes the open flag of the indicator; false when there is none open.
bool close_report_outlier(Store& s, Id report, std::string_view indicator, OutlierOutcome outcome, std::string_view note,
                          Id by, int64_t at);

// A report as the in-memory index holds it (engine/report_index.h): its
// state and its open validation violations (those a submission recorded,
// while it waits for approval) and open outliers (flags without a follow-up
// on a submitted, approved or accepted report).
struct ReportEntryRow {
  ReportState state;
  int32_t open_violations = 0, open_outliers = 0;
};
std::vector<ReportEntryRow> report_entry_rows(Store& s, std::string_view form);
std::optional<ReportEntryRow> report_entry_row(Store& s, Id report);  // nullopt: deleted
// Approved reports of these units whose period holds a date in [from, to].
std::vector<ReportState> approved_reports_meeting(Store& s, Date from, Date to);

}  // namespace langso

namespace langso {

// The active officers of units (users whose scope unit it is, team members
// and viewers aside), for the list of units that have not reported.
struct UnitContact {
  Id unit = 0;
  std::string full_name, role, phone;
};
std::vector<UnitContact> officer_contacts(Store& s, std::span<const Id> units);

}  // namespace langso
