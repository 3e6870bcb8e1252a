// Periodic reports (issue 15) — no I/O.
//
// A report form is data (data/report-forms.json): its name, periodicity,
// the unit levels that report, the due day, the indicators filled in from
// the engine and the narrative sections. A unit's report for a form and a
// period is a report document (domain/report.h) with a status:
//
//   draft (figures live, narrative editable)
//     → submitted (figures frozen in report_values)
//       → approved by the level above, or returned with a reason (→ draft)
//   approved → draft again only by reopening (the approver's level, a reason)
//   draft → not_reporting: marked by the level above, with a reason
//
// Which units are expected to report for a period comes from each unit's
// active intervals (its validity cut to the intervals it hangs under a
// parent): expected when one of them meets the period, for the part it meets
// (docs/decisions.md, "Periodic reports").
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/unit.h"
#include "util/date.h"

namespace langso {

enum class Periodicity { Month, Quarter, HalfYear, Year };
std::string_view periodicity_code(Periodicity p);  // "month", "quarter", "half_year", "year"
std::string_view periodicity_name(Periodicity p);  // "Tháng", "Quý", "6 tháng", "Năm"
std::optional<Periodicity> parse_periodicity(std::string_view s);
std::optional<Level> parse_level(std::string_view s);

inline constexpr size_t kReportReasonMaxChars = 2000;

// A validation rule (issue 15): left operator right, over the form's
// figures — `left` an indicator code; `right` an indicator code times
// `factor`, or a number when `right` is empty — with the Vietnamese message
// shown when it does not hold. Checked at submission: a report with
// violations is submitted only when each carries an explanation.
struct ValidationRule {
  std::string code;     // stable: "co_hoat_dong"
  std::string left;     // indicator code
  std::string op;       // "<=", ">=", "<", ">", "==", "!="
  std::string right;    // indicator code, or empty: `number`
  double factor = 1, number = 0;
  std::string message;  // "Trong kỳ không ghi nhận hoạt động nào…"
};
// Whether the rule holds for these values; a side without a value (a ratio
// over zero) makes no violation.
bool rule_holds(const ValidationRule& r, std::optional<double> left, std::optional<double> right);
inline constexpr size_t kExplanationMaxChars = 2000;

struct ReportForm {
  std::string code;   // stable: "hoat_dong_to_cnscd"
  std::string name;   // "Báo cáo tháng về hoạt động của Tổ công nghệ số cộng đồng"
  std::string basis;  // what it reports against ("Quyết định 411/QĐ-TTg ngày 31/03/2022")
  Periodicity periodicity = Periodicity::Month;
  std::vector<Level> levels;  // the levels that report
  int due_day = 20;           // the report is due on this day of the month after the period
  std::vector<std::string> indicators;  // codes of the indicator catalogue, in the report's order
  std::vector<std::string> sections;    // codes of report_sections()
  std::vector<ValidationRule> rules;
  bool reports_at(Level l) const;
};

class ReportFormCatalog {
 public:
  // Throws std::runtime_error on a malformed catalogue.
  static ReportFormCatalog from_json(std::string_view text);
  const std::vector<ReportForm>& list() const { return forms_; }
  const ReportForm* find(std::string_view code) const;

 private:
  std::vector<ReportForm> forms_;
};
// The compiled-in catalogue (data/report-forms.json), parsed once.
std::string_view default_report_forms_json();
const ReportFormCatalog& report_forms();

// A period of a form: "2022-05", "2022-Q2", "2022-H1", "2022"; both ends inclusive.
struct ReportPeriod {
  std::string code;
  Date from, to;
  Interval interval() const { return {from, Date{to.days + 1}}; }
};
// The code parsed, when it is a period of the form's periodicity (2020–2100).
std::optional<ReportPeriod> parse_form_period(const ReportForm& f, std::string_view code);
ReportPeriod period_containing(const ReportForm& f, Date d);
ReportPeriod next_period(const ReportForm& f, const ReportPeriod& p);
// Periods of the form that meet [from, to], oldest first.
std::vector<ReportPeriod> periods_between(const ReportForm& f, Date from, Date to);
// The due day of the month after the period (the month's last day when shorter).
Date due_date(const ReportForm& f, const ReportPeriod& p);
// "tháng 5/2022", "quý 2/2022", "6 tháng đầu năm 2022", "6 tháng cuối năm 2022", "năm 2022".
std::string period_title(const ReportPeriod& p);

// ---- who is expected
// A unit's active intervals: its validity cut to the union of the intervals
// of its links to a parent (a province, which has none, is active while
// valid), sorted and merged. Several when it was detached and attached again.
std::vector<Interval> active_intervals(const Interval& valid, std::span<const Interval> parent_links, bool root);
// The parts of the period the unit is expected to report for (empty: not
// expected): its active intervals cut to the period, when its level reports.
std::vector<Interval> expected_parts(const ReportForm& f, Level level, std::span<const Interval> active,
                                     const ReportPeriod& p);
// Days covered by the parts.
int covered_days(std::span<const Interval> parts);

// ---- the workflow
// Accepted (optional, issue 15): an approved report taken in by the province
// above it (tiếp nhận) — still approved in every other respect.
enum class ReportStatus { Draft, Submitted, Approved, NotReporting, Accepted };
std::string_view report_status_code(ReportStatus s);  // "draft", "submitted", "approved", "not_reporting"
std::string_view report_status_name(ReportStatus s);  // "Đang soạn", "Đã gửi", "Đã duyệt", "Không báo cáo"
std::optional<ReportStatus> parse_report_status(std::string_view s);

enum class ReportAction { Submit, Approve, Return, Reopen, MarkNotReporting, Accept };
std::string_view report_action_code(ReportAction a);  // "submit", "approve", "return", "reopen", "not_reporting"
std::string_view report_action_name(ReportAction a);  // "Gửi báo cáo", "Duyệt", "Trả lại", "Mở lại", "Đánh dấu không báo cáo"
std::optional<ReportAction> parse_report_action(std::string_view s);
// Whether the action needs a reason (return, reopen, not reporting).
bool action_needs_reason(ReportAction a);
// The status after the action, or nullopt when the action is not allowed from `from`.
std::optional<ReportStatus> after_action(ReportStatus from, ReportAction a);
// Why the action is refused from `from`, in Vietnamese ("Báo cáo đã được duyệt…").
std::string refusal_text(ReportStatus from, ReportAction a);

// The follow-up of an outlier a submission flagged (issue 15): checked and
// correct, or corrected; with a note. A follow-up closes the flag.
enum class OutlierOutcome { Checked, Corrected };
std::string_view outlier_outcome_code(OutlierOutcome o);  // "checked", "corrected"
std::string_view outlier_outcome_name(OutlierOutcome o);  // "Đã kiểm tra, số liệu đúng", "Đã sửa"
std::optional<OutlierOutcome> parse_outlier_outcome(std::string_view s);
inline constexpr size_t kFollowUpNoteMaxChars = 2000;

// Approved, accepted or not: figures frozen, the period locked, a parent's child ready.
inline bool is_approved(ReportStatus s) { return s == ReportStatus::Approved || s == ReportStatus::Accepted; }
// A report counts as submitted (for the reporting rate) once submitted or approved.
inline bool counts_as_submitted(ReportStatus s) { return s == ReportStatus::Submitted || is_approved(s); }

}  // namespace langso
