#include "store/store_periodic.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "store/values.h"

namespace langso {

static constexpr const char* kStateColumns =
    "id, unit_id, form, period, period_from, period_to, status, version, submitted_at, submitted_by, approved_at, "
    "approved_by FROM report_documents d";

static ReportState state_from(const Row& r) {
  ReportState x;
  x.id = r.i64(0);
  x.unit = r.i64(1);
  x.form = r.str(2);
  x.period = r.str(3);
  x.from = date_or(r, 4, kMinDate);
  x.to = date_or(r, 5, kMinDate);
  x.status = parse_report_status(r.str(6)).value_or(ReportStatus::Draft);
  x.version = r.i64(7);
  x.submitted_at = r.opt_i64(8).value_or(0);
  x.submitted_by = r.opt_i64(9).value_or(0);
  x.approved_at = r.opt_i64(10).value_or(0);
  x.approved_by = r.opt_i64(11).value_or(0);
  return x;
}

static std::vector<ReportState> states(Store& s, const std::string& where, const std::vector<Value>& params) {
  std::vector<ReportState> out;
  for (const Row& r : s.db().query(std::string("SELECT ") + kStateColumns + " WHERE " + where, params))
    out.push_back(state_from(r));
  return out;
}

std::optional<ReportState> report_state(Store& s, Id unit, std::string_view form, std::string_view period) {
  auto v = states(s, "unit_id = ? AND form = ? AND period = ?", {unit, std::string(form), std::string(period)});
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::optional<ReportState> report_state_by_id(Store& s, Id id) {
  auto v = states(s, "id = ?", {id});
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::vector<ReportState> report_states(Store& s, std::string_view form, std::string_view period, std::span<const Id> units) {
  std::vector<ReportState> out;
  in_statements(units.size(), [&](size_t at, size_t n) {
    std::string in;
    std::vector<Value> params{std::string(form), std::string(period)};
    for (size_t i = 0; i < n; ++i) {
      in += i ? ",?" : "?";
      params.emplace_back(units[at + i]);
    }
    for (ReportState& x : states(s, "form = ? AND period = ? AND unit_id IN (" + in + ")", params)) out.push_back(std::move(x));
  });
  return out;
}

std::vector<ReportState> report_states_between(Store& s, std::string_view form, Date from, Date to) {
  return states(s, "form = ? AND period_from <= ? AND period_to >= ?", {std::string(form), format_iso(to), format_iso(from)});
}

std::vector<ReportState> report_states_of(Store& s, Id unit, std::string_view form) {
  return states(s, "unit_id = ? AND form = ? ORDER BY period_from DESC, id", {unit, std::string(form)});
}

Id insert_report_shell(Store& s, Id unit, const ReportForm& f, const ReportPeriod& p, Id by) {
  ReportDocument d;
  d.unit = unit;
  d.form = f.code;
  d.period = p.code;
  d.period_from = p.from;
  d.period_to = p.to;
  s.put_report_document(d, by);
  return d.id;
}

bool set_report_status(Store& s, const ReportState& at, ReportStatus next, Id by, int64_t now) {
  const Value who = by ? Value(by) : null_value();
  std::string sql = "UPDATE report_documents SET status = ?, version = version + 1, updated_by = ?, updated_at = ?";
  std::vector<Value> params{std::string(report_status_code(next)), who, now};
  if (next == ReportStatus::Submitted) {
    sql += ", submitted_at = COALESCE(submitted_at, ?), submitted_by = COALESCE(submitted_by, ?)";
    params.push_back(now);
    params.push_back(who);
  }
  if (next == ReportStatus::Approved) {
    sql += ", approved_at = ?, approved_by = ?";
    params.push_back(now);
    params.push_back(who);
  }
  sql += " WHERE id = ? AND version = ?";
  params.push_back(at.id);
  params.push_back(at.version);
  s.db().exec(sql, params);
  return s.db().changes() == 1;
}

void insert_report_event(Store& s, const ReportEvent& e) {
  s.db().exec("INSERT INTO report_events(report_id, action, status, reason, by_user, at_time) VALUES (?,?,?,?,?,?)",
              {e.report, std::string(report_action_code(e.action)), std::string(report_status_code(e.status)), e.reason,
               e.by ? Value(e.by) : null_value(), e.at});
}

std::vector<ReportEvent> report_events(Store& s, Id report) {
  std::vector<ReportEvent> out;
  for (const Row& r : s.db().query("SELECT e.id, e.action, e.status, e.reason, e.by_user, u.full_name, e.at_time "
                                   "FROM report_events e LEFT JOIN users u ON u.id = e.by_user "
                                   "WHERE e.report_id = ? ORDER BY e.id",
                                   {report})) {
    ReportEvent e;
    e.id = r.i64(0);
    e.report = report;
    e.action = parse_report_action(r.str(1)).value_or(ReportAction::Submit);
    e.status = parse_report_status(r.str(2)).value_or(ReportStatus::Draft);
    e.reason = r.str(3);
    e.by = r.opt_i64(4).value_or(0);
    e.by_name = r.str(5);
    e.at = r.i64(6);
    out.push_back(std::move(e));
  }
  return out;
}

void freeze_report_values(Store& s, Id report, std::span<const FrozenValue> values) {
  s.db().exec("DELETE FROM report_values WHERE report_id = ?", {report});
  in_statements(values.size(), [&](size_t at, size_t n) {
    std::vector<Value> params;
    for (size_t i = 0; i < n; ++i) {
      params.emplace_back(report);
      params.emplace_back(values[at + i].indicator);
      params.push_back(opt_value(values[at + i].value));
    }
    s.db().exec("INSERT INTO report_values(report_id, indicator, value) VALUES " + placeholder_rows(n, 3), params);
  });
}

std::vector<FrozenValue> report_values(Store& s, Id report) {
  std::vector<FrozenValue> out;
  for (const Row& r : s.db().query("SELECT indicator, value FROM report_values WHERE report_id = ?", {report}))
    out.push_back({r.str(0), r.is_null(1) ? std::nullopt : std::optional<double>(r.f64(1))});
  return out;
}

void put_report_violations(Store& s, Id report, std::span<const Violation> v) {
  s.db().exec("DELETE FROM report_violations WHERE report_id = ?", {report});
  for (const Violation& x : v)
    s.db().exec("INSERT INTO report_violations(report_id, rule, left_value, right_value, explanation) VALUES (?,?,?,?,?)",
                {report, x.rule, opt_value(x.left), opt_value(x.right), x.explanation});
}

std::vector<Violation> report_violations(Store& s, Id report) {
  std::vector<Violation> out;
  for (const Row& r : s.db().query("SELECT rule, left_value, right_value, explanation FROM report_violations "
                                   "WHERE report_id = ? ORDER BY rule",
                                   {report}))
    out.push_back({r.str(0), r.is_null(1) ? std::nullopt : std::optional<double>(r.f64(1)),
                   r.is_null(2) ? std::nullopt : std::optional<double>(r.f64(2)), r.str(3)});
  return out;
}

void put_report_outliers(Store& s, Id report, std::span<const OutlierRecord> flags) {
  std::map<std::string, OutlierRecord> before;
  for (OutlierRecord& x : report_outliers(s, report)) before.emplace(x.indicator, std::move(x));
  s.db().exec("DELETE FROM report_outliers WHERE report_id = ?", {report});
  for (const OutlierRecord& x : flags) {
    const OutlierRecord* kept = nullptr;
    if (auto it = before.find(x.indicator); it != before.end() && it->second.outcome && it->second.value == x.value)
      kept = &it->second;
    s.db().exec("INSERT INTO report_outliers(report_id, indicator, value, z_history, z_peers, outcome, note, by_user, "
                "at_time) VALUES (?,?,?,?,?,?,?,?,?)",
                {report, x.indicator, x.value, x.z_history, x.z_peers,
                 kept ? Value(std::string(outlier_outcome_code(*kept->outcome))) : null_value(), kept ? kept->note : "",
                 kept && kept->by ? Value(kept->by) : null_value(), kept ? Value(kept->at) : null_value()});
  }
}

std::vector<OutlierRecord> report_outliers(Store& s, Id report) {
  std::vector<OutlierRecord> out;
  for (const Row& r : s.db().query("SELECT o.indicator, o.value, o.z_history, o.z_peers, o.outcome, o.note, o.by_user, "
                                   "u.full_name, o.at_time FROM report_outliers o LEFT JOIN users u ON u.id = o.by_user "
                                   "WHERE o.report_id = ? ORDER BY o.indicator",
                                   {report})) {
    OutlierRecord x;
    x.indicator = r.str(0);
    x.value = r.f64(1);
    x.z_history = r.f64(2);
    x.z_peers = r.f64(3);
    if (!r.is_null(4)) x.outcome = parse_outlier_outcome(r.str(4));
    x.note = r.str(5);
    x.by = r.opt_i64(6).value_or(0);
    x.by_name = r.str(7);
    x.at = r.opt_i64(8).value_or(0);
    out.push_back(std::move(x));
  }
  return out;
}

bool close_report_outlier(Store& s, Id report, std::string_view indicator, OutlierOutcome outcome, std::string_view note,
                          Id by, int64_t at) {
  s.db().exec("UPDATE report_outliers SET outcome = ?, note = ?, by_user = ?, at_time = ? "
              "WHERE report_id = ? AND indicator = ? AND outcome IS NULL",
              {std::string(outlier_outcome_code(outcome)), std::string(note), by ? Value(by) : null_value(), at, report,
               std::string(indicator)});
  return s.db().changes() == 1;
}

// The open counts of the reports that `where` (over report_documents d) selects, by report id.
static std::map<Id, std::pair<int32_t, int32_t>> open_counts(Store& s, const std::string& where, const std::vector<Value>& params) {
  std::map<Id, std::pair<int32_t, int32_t>> out;
  for (const Row& r : s.db().query("SELECT v.report_id, COUNT(*) FROM report_violations v JOIN report_documents d ON "
                                   "d.id = v.report_id WHERE d.status = 'submitted' AND " + where + " GROUP BY v.report_id",
                                   params))
    out[r.i64(0)].first = static_cast<int32_t>(r.i64(1));
  for (const Row& r : s.db().query("SELECT o.report_id, COUNT(*) FROM report_outliers o JOIN report_documents d ON "
                                   "d.id = o.report_id WHERE o.outcome IS NULL AND d.status IN ('submitted', 'approved', 'accepted') "
                                   "AND " + where + " GROUP BY o.report_id",
                                   params))
    out[r.i64(0)].second = static_cast<int32_t>(r.i64(1));
  return out;
}

static std::vector<ReportEntryRow> entry_rows(Store& s, const std::string& where, const std::vector<Value>& params) {
  const auto open = open_counts(s, where, params);
  std::vector<ReportEntryRow> out;
  for (ReportState& x : states(s, where, params)) {
    ReportEntryRow r{std::move(x)};
    if (auto it = open.find(r.state.id); it != open.end()) std::tie(r.open_violations, r.open_outliers) = it->second;
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<ReportEntryRow> report_entry_rows(Store& s, std::string_view form) {
  return entry_rows(s, "d.form = ?", {std::string(form)});
}

std::optional<ReportEntryRow> report_entry_row(Store& s, Id report) {
  std::vector<ReportEntryRow> v = entry_rows(s, "d.id = ?", {report});
  if (v.empty()) return std::nullopt;
  return std::move(v.front());
}

std::vector<ReportState> approved_reports_meeting(Store& s, Date from, Date to) {
  return states(s, "status IN ('approved', 'accepted') AND period_from <= ? AND period_to >= ?", {format_iso(to), format_iso(from)});
}

}  // namespace langso

namespace langso {

std::vector<UnitContact> officer_contacts(Store& s, std::span<const Id> units) {
  std::vector<UnitContact> out;
  in_statements(units.size(), [&](size_t at, size_t n) {
    std::string in;
    std::vector<Value> params;
    for (size_t i = 0; i < n; ++i) {
      in += i ? ",?" : "?";
      params.emplace_back(units[at + i]);
    }
    for (const Row& r : s.db().query("SELECT unit_id, full_name, role, phone FROM users WHERE active = 1 AND role IN "
                                     "('province_officer', 'district_officer', 'commune_officer') AND unit_id IN (" +
                                         in + ") ORDER BY unit_id, id",
                                     params))
      out.push_back({r.i64(0), r.str(1), r.str(2), r.str(3)});
  });
  return out;
}

}  // namespace langso
