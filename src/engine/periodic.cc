#include "engine/periodic.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "domain/outlier.h"
#include "domain/report.h"
#include "engine/notify_reports.h"

namespace langso {

using nlohmann::json;

// ---- who reports

std::vector<Interval> unit_active_intervals(const UnitIndex& units, Id unit) {
  const Unit* u = units.find(unit);
  if (!u) return {};
  const std::vector<Interval> links = units.parent_link_intervals(unit);
  return active_intervals(u->valid, links, u->level == Level::Province);
}

std::vector<Interval> expected_parts_of(const UnitIndex& units, const ReportForm& f, Id unit, const ReportPeriod& p) {
  const Unit* u = units.find(unit);
  if (!u) return {};
  const std::vector<Interval> active = unit_active_intervals(units, unit);
  return expected_parts(f, u->level, active, p);
}

std::optional<Date> last_expected_day(const UnitIndex& units, const ReportForm& f, Id unit, const ReportPeriod& p) {
  const std::vector<Interval> parts = expected_parts_of(units, f, unit, p);
  if (parts.empty()) return std::nullopt;
  return Date{parts.back().to.days - 1};
}

Id approver_of(const UnitIndex& units, const ReportForm& f, Id unit, const ReportPeriod& p) {
  const auto day = last_expected_day(units, f, unit, p);
  if (!day) return 0;
  Id at = units.parent_at(unit, *day);
  for (int depth = 0; at && depth < 8; ++depth, at = units.parent_at(at, *day)) {
    const Unit* a = units.find(at);
    if (a && f.reports_at(a->level)) return at;
  }
  return 0;
}

Id accepting_province(const UnitIndex& units, const ReportForm& f, Id unit, const ReportPeriod& p) {
  const Id approver = approver_of(units, f, unit, p);
  const Unit* a = units.find(approver);
  if (!a || a->level == Level::Province) return 0;
  const auto day = last_expected_day(units, f, unit, p);
  for (Id x : units.path_at(approver, *day))
    if (const Unit* u = units.find(x); u && u->level == Level::Province) return x;
  return 0;
}

static void collect_children(const UnitIndex& units, const ReportForm& f, Id approver, Id under, const ReportPeriod& p,
                             std::set<Id>& out, int depth) {
  if (depth > 8) return;
  const Interval whole = p.interval();
  for (const auto& [child, link] : units.child_links(under)) {
    if (!(link.from < whole.to && whole.from < link.to)) continue;
    const Unit* c = units.find(child);
    if (!c) continue;
    if (f.reports_at(c->level)) {
      if (approver_of(units, f, child, p) == approver) out.insert(child);
    } else {
      collect_children(units, f, approver, child, p, out, depth + 1);
    }
  }
}

std::vector<Id> reporting_children(const UnitIndex& units, const ReportForm& f, Id unit, const ReportPeriod& p) {
  std::set<Id> found;
  collect_children(units, f, unit, unit, p, found, 0);
  std::vector<Id> out(found.begin(), found.end());
  units.sort_by_name(out);
  return out;
}

// The deepest level that reports (villages, which never do in the seeded
// forms, are not walked: a nation has ten times more of them than communes).
static Level deepest_level(const ReportForm& f) {
  Level l = Level::Province;
  for (Level x : f.levels) l = std::max(l, x);
  return l;
}

static void collect_subtree(const UnitIndex& units, const ReportForm& f, Id unit, const ReportPeriod& p, std::set<Id>& out,
                            int depth) {
  if (depth > 8 || !out.insert(unit).second) return;
  const Interval whole = p.interval();
  if (unit == 0) {  // the nation (unit 0, as the scorecard names it): every province of the period
    std::vector<Id> provinces;
    units.for_each([&](const Unit& x) {
      if (x.level == Level::Province && x.valid.from < whole.to && whole.from < x.valid.to) provinces.push_back(x.id);
    });
    for (Id x : provinces) collect_subtree(units, f, x, p, out, depth + 1);
    return;
  }
  const Unit* u = units.find(unit);
  if (!u || u->level >= deepest_level(f)) return;
  for (const auto& [child, link] : units.child_links(unit))
    if (link.from < whole.to && whole.from < link.to) collect_subtree(units, f, child, p, out, depth + 1);
}

std::vector<Id> expected_in_subtree(const UnitIndex& units, const ReportForm& f, Id unit, const ReportPeriod& p) {
  std::set<Id> all;
  collect_subtree(units, f, unit, p, all, 0);
  std::vector<Id> out;
  for (Id id : all)
    if (!expected_parts_of(units, f, id, p).empty()) out.push_back(id);
  units.sort_by_name(out);
  return out;
}

// ---- figures

Period figures_period(const UnitIndex& units, const ReportForm& f, Id unit, const ReportPeriod& p, Date today) {
  const Date last = last_expected_day(units, f, unit, p).value_or(p.to);
  const std::vector<Interval> parts = expected_parts_of(units, f, unit, p);
  const Date first = parts.empty() ? p.from : parts.front().from;
  const Date to = std::min(last, std::max(today, first));
  return {first, to, last};
}

std::vector<FrozenValue> live_values(App& app, const ReportForm& f, Id unit, const ReportPeriod& p) {
  const Period per = figures_period(app.units(), f, unit, p, today_local());
  std::vector<FrozenValue> out;
  const std::vector<ValueCell> cells = evaluate_all(app, unit, per);
  for (const std::string& code : f.indicators)
    for (const ValueCell& c : cells)
      if (c.indicator->code == code) {
        out.push_back({code, round_value(c.value)});
        break;
      }
  return out;
}

// ---- completeness

int64_t due_deadline(const ReportForm& f, const ReportPeriod& p) {
  return (static_cast<int64_t>(due_date(f, p).days) + 1) * 86400 - 7 * 3600;
}

Completeness completeness(const UnitIndex& units, std::span<const ReportState> states, const ReportForm& f, Id unit,
                          const ReportPeriod& p) {
  Completeness c;
  std::map<Id, const ReportState*> by_unit;
  for (const ReportState& s : states)
    if (s.form == f.code && s.period == p.code) by_unit[s.unit] = &s;
  const int64_t deadline = due_deadline(f, p);
  for (Id id : expected_in_subtree(units, f, unit, p)) {
    ++c.expected;
    auto it = by_unit.find(id);
    if (it != by_unit.end() && counts_as_submitted(it->second->status)) {
      ++c.submitted;
      if (it->second->submitted_at && it->second->submitted_at < deadline) ++c.on_time;
    } else {
      c.missing.push_back(id);
    }
  }
  return c;
}

bool is_report_kind(const Indicator& ind) {
  return ind.kind == IndicatorKind::ReportingRate || ind.kind == IndicatorKind::OnTimeRate ||
         ind.kind == IndicatorKind::OpenViolations || ind.kind == IndicatorKind::OpenOutliers;
}

// The unit and, on a structure on or after their reorganisation, the units it was formed from.
static void report_roots(const UnitIndex& units, Id unit, Date structure, std::set<Id>& out, int depth) {
  if (depth > 4 || !out.insert(unit).second) return;
  const Unit* u = units.find(unit);
  if (!u || structure < u->valid.from) return;
  for (const Succession& s : units.predecessors(unit)) report_roots(units, s.old_unit, structure, out, depth + 1);
}

std::vector<Id> report_roots(const UnitIndex& units, Id unit, Date structure) {
  std::set<Id> roots;
  report_roots(units, unit, structure, roots, 0);
  return {roots.begin(), roots.end()};
}

// From the index of the monthly report's states (engine/report_index.h).
void fill_report_counts(App& app, Id unit, const Period& p, Totals& t) {
  const Unit* u = app.units().find(unit);
  const bool formed = u && !(p.structure < u->valid.from) && !app.units().predecessors(unit).empty();
  const ReportIndex::Counts c = formed ? app.report_index().counts(report_roots(app.units(), unit, p.structure), p.from, p.to)
                                       : app.report_index().counts(std::span<const Id>(&unit, 1), p.from, p.to);
  t.reports_expected = c.expected;
  t.reports_submitted = c.submitted;
  t.reports_on_time = c.on_time;
  t.reports_open_violations = c.open_violations;
  t.reports_open_outliers = c.open_outliers;
}

// ---- outliers

OutlierScan scan_outliers(App& app, const ReportForm& f, Id unit, const ReportPeriod& p, Id only) {
  OutlierScan out;
  const UnitIndex& units = app.units();
  std::vector<const Indicator*> judged;  // the form's counts and sums
  for (const std::string& code : f.indicators)
    if (const Indicator* ind = app.indicators().find(code))
      if (ind->kind == IndicatorKind::Sum || ind->kind == IndicatorKind::Count) judged.push_back(ind);
  if (judged.empty()) return out;
  // One commune: judged against the communes under its approver.
  const Id root = only ? approver_of(units, f, only, p) : unit;
  if (only && !root) return out;
  std::vector<Id> communes;
  for (Id id : expected_in_subtree(units, f, root, p))
    if (units.find(id)->level == Level::Commune) communes.push_back(id);
  ReportForm monthly = f;
  monthly.periodicity = Periodicity::Month;
  const std::vector<ReportPeriod> months = periods_between(monthly, Date{p.from.days - 366}, p.to);
  const size_t last = months.size() - 1;
  // The engine's totals, only the judged indicators' values (no scorecard around them).
  auto values_of = [&](Id c, const ReportPeriod& m, double* row) {
    const Period per = figures_period(units, f, c, m, p.to);
    const Totals t = app.engine().totals(c, per.from, per.to, per.structure);
    for (size_t k = 0; k < judged.size(); ++k) row[k] = app.indicators().value(*judged[k], t, app.types()).value_or(0);
  };
  // This month of every commune, grouped by approver (the peers).
  const size_t n = judged.size();
  std::vector<double> now(communes.size() * n);
  std::map<Id, std::vector<size_t>> groups;
  std::vector<Id> group_of(communes.size());
  for (size_t i = 0; i < communes.size(); ++i) {
    values_of(communes[i], months[last], &now[i * n]);
    group_of[i] = only ? root : approver_of(units, f, communes[i], p);
    groups[group_of[i]].push_back(i);
  }
  std::vector<double> history(last * n), series, peers;
  for (size_t i = 0; i < communes.size(); ++i) {
    if (only && communes[i] != only) continue;
    for (size_t m = 0; m < last; ++m) values_of(communes[i], months[m], &history[m * n]);
    for (size_t k = 0; k < n; ++k) {
      series.clear();
      peers.clear();
      for (size_t m = 0; m < last; ++m) series.push_back(history[m * n + k]);
      for (size_t o : groups[group_of[i]])
        if (o != i) peers.push_back(now[o * n + k]);
      const double x = now[i * n + k];
      const OutlierVerdict v = judge_outlier(x, series, peers);
      if (!v.z_history || !v.z_peers) continue;
      ++out.checked;
      if (v.flagged) out.flags.push_back({communes[i], judged[k]->code, x, *v.z_history, *v.z_peers});
    }
  }
  return out;
}

// ---- validation rules

std::vector<Violation> check_rules(App& app, const ReportForm& f, Id unit, const ReportPeriod& p) {
  std::vector<Violation> out;
  if (f.rules.empty()) return out;
  const Period per = figures_period(app.units(), f, unit, p, today_local());
  const std::vector<ValueCell> cells = evaluate_all(app, unit, per);
  auto value = [&](const std::string& code) -> std::optional<double> {
    for (const ValueCell& c : cells)
      if (c.indicator->code == code) return round_value(c.value);
    return std::nullopt;
  };
  for (const ValidationRule& r : f.rules) {
    const std::optional<double> left = value(r.left);
    const std::optional<double> right = r.right.empty() ? std::optional<double>(r.number) : value(r.right);
    if (rule_holds(r, left, right)) continue;
    out.push_back({r.code, left, r.right.empty() || !right ? right : std::optional<double>(*right * r.factor), ""});
  }
  return out;
}

// ---- the workflow

static std::string unit_name(App& app, Id id) {
  const Unit* u = app.units().find(id);
  return u ? u->name : std::to_string(id);
}

static json step_audit(const ReportState& x, ReportAction a, const std::string& reason) {
  json j{{"unit_id", x.unit}, {"form", x.form}, {"period", x.period}, {"status", report_status_code(x.status)},
         {"version", x.version}, {"action", report_action_code(a)}};
  if (!reason.empty()) j["reason"] = reason;
  return j;
}

// The children of `unit` not yet approved nor marked not reporting (names).
static std::vector<std::string> unready_children(App& app, Store& s, const ReportForm& f, Id unit, const ReportPeriod& p) {
  const std::vector<Id> kids = reporting_children(app.units(), f, unit, p);
  std::map<Id, ReportStatus> status;
  for (const ReportState& x : report_states(s, f.code, p.code, kids)) status[x.unit] = x.status;
  std::vector<std::string> out;
  for (Id k : kids) {
    auto it = status.find(k);
    if (it == status.end() || (!is_approved(it->second) && it->second != ReportStatus::NotReporting))
      out.push_back(unit_name(app, k));
  }
  return out;
}

static std::string joined(const std::vector<std::string>& names, size_t most = 5) {
  std::string out;
  for (size_t i = 0; i < names.size() && i < most; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > most) out += " và " + std::to_string(names.size() - most) + " đơn vị khác";
  return out;
}

// One step inside the caller's transaction.
static ReportState step_in(App& app, Store& s, const StepRequest& r, int64_t now) {
  const ReportForm& f = *r.form;
  std::optional<ReportState> at = report_state(s, r.unit, f.code, r.period.code);
  if (!at) {
    if (r.version && *r.version != 0)
      throw ReportConflict("version_conflict", "Báo cáo đã thay đổi", "Báo cáo này đã bị xoá sau khi bạn mở; hãy tải lại");
    if (r.action != ReportAction::Submit && r.action != ReportAction::MarkNotReporting)
      throw ReportConflict("report_state", "Trạng thái không cho phép thao tác này", refusal_text(ReportStatus::Draft, r.action));
    insert_report_shell(s, r.unit, f, r.period, r.actor);
    at = report_state(s, r.unit, f.code, r.period.code);
  } else if (r.version && *r.version != at->version) {
    throw ReportConflict("version_conflict", "Báo cáo đã thay đổi",
                         "Báo cáo đã được thay đổi (phiên bản " + std::to_string(at->version) +
                             ") sau khi bạn mở; hãy tải lại để xem trạng thái mới");
  }
  const auto next = after_action(at->status, r.action);
  if (!next) throw ReportConflict("report_state", "Trạng thái không cho phép thao tác này", refusal_text(at->status, r.action));
  if (r.action == ReportAction::Approve) {
    const std::vector<std::string> waiting = unready_children(app, s, f, r.unit, r.period);
    if (!waiting.empty())
      throw ReportConflict("children_not_ready", "Các đơn vị cấp dưới chưa được duyệt hết",
                           "Chưa thể duyệt báo cáo " + period_title(r.period) + " của " + unit_name(app, r.unit) + ": " +
                               std::to_string(waiting.size()) +
                               " đơn vị cấp dưới chưa được duyệt hoặc đánh dấu không báo cáo (" + joined(waiting) + ").");
  }
  if (r.action == ReportAction::Submit) {
    std::vector<Violation> broken = check_rules(app, f, r.unit, r.period);
    std::vector<FieldError> missing;
    for (Violation& v : broken) {
      auto it = r.explanations.find(v.rule);
      if (it != r.explanations.end() && !it->second.empty()) {
        v.explanation = it->second;
        continue;
      }
      for (const ValidationRule& rule : f.rules)
        if (rule.code == v.rule)
          missing.push_back({"explanations." + v.rule, "explanation_required",
                             rule.message + " Hãy giải thích trước khi gửi báo cáo."});
    }
    if (!missing.empty()) throw ReportValidationError(std::move(missing));
    put_report_violations(s, at->id, broken);
    const std::vector<FrozenValue> values = live_values(app, f, r.unit, r.period);
    freeze_report_values(s, at->id, values);
    // A commune's figures far from its months and its peers: flagged with the report, open until followed up.
    std::vector<OutlierRecord> flags;
    const Unit* u = app.units().find(r.unit);
    if (f.periodicity == Periodicity::Month && u && u->level == Level::Commune)
      for (const OutlierFlag& x : scan_outliers(app, f, 0, r.period, r.unit).flags)
        flags.push_back({x.indicator, x.value, x.z_history, x.z_peers});
    put_report_outliers(s, at->id, flags);
  }
  if (!set_report_status(s, *at, *next, r.actor, now))
    throw ReportConflict("version_conflict", "Báo cáo đã thay đổi",
                         "Báo cáo vừa được thay đổi bởi một thao tác khác; hãy tải lại để xem trạng thái mới");
  ReportEvent e;
  e.report = at->id;
  e.action = r.action;
  e.status = *next;
  e.reason = r.reason;
  e.by = r.actor;
  e.at = now;
  insert_report_event(s, e);
  ReportState after = *report_state_by_id(s, at->id);
  if (r.announce) notify_report_step(app, s, f, r.period, after, r.action, r.reason, approver_of(app.units(), f, r.unit, r.period));
  s.audit(r.actor, "update", "report", at->id, step_audit(*at, r.action, "").dump(), step_audit(after, r.action, r.reason).dump());
  return after;
}

ReportState step_report(App& app, const StepRequest& r) {
  Store& s = app.store();
  Transaction tx(s.db());
  ReportState after = step_in(app, s, r, r.at ? r.at : now_seconds());
  tx.commit();
  app.refresh_report(after.id);
  return after;
}

std::vector<Id> approve_ready_children(App& app, const ReportForm& f, Id unit, const ReportPeriod& p, Id actor) {
  Store& s = app.store();
  const std::vector<Id> kids = reporting_children(app.units(), f, unit, p);
  Transaction tx(s.db());
  const int64_t now = now_seconds();
  std::vector<Id> done, reports;
  for (const ReportState& x : report_states(s, f.code, p.code, kids)) {
    if (x.status != ReportStatus::Submitted || !unready_children(app, s, f, x.unit, p).empty()) continue;
    StepRequest r;
    r.unit = x.unit;
    r.form = &f;
    r.period = p;
    r.action = ReportAction::Approve;
    r.actor = actor;
    step_in(app, s, r, now);
    done.push_back(x.unit);
    reports.push_back(x.id);
  }
  tx.commit();
  for (Id id : reports) app.refresh_report(id);
  app.units().sort_by_name(done);
  return done;
}

bool follow_up_outlier(App& app, const ReportForm& f, Id unit, const ReportPeriod& p, const std::string& indicator,
                       OutlierOutcome outcome, const std::string& note, Id actor) {
  Store& s = app.store();
  Transaction tx(s.db());
  const std::optional<ReportState> at = report_state(s, unit, f.code, p.code);
  if (!at) return false;
  const std::vector<OutlierRecord> flags = report_outliers(s, at->id);
  auto it = std::find_if(flags.begin(), flags.end(), [&](const OutlierRecord& x) { return x.indicator == indicator; });
  if (it == flags.end()) return false;
  if (it->outcome)
    throw ReportConflict("outlier_closed", "Giá trị bất thường đã được xử lý",
                         "Giá trị này đã được ghi nhận: " + std::string(outlier_outcome_name(*it->outcome)) +
                             (it->by_name.empty() ? "" : " (" + it->by_name + ")") + "; không ghi nhận lại.");
  close_report_outlier(s, at->id, indicator, outcome, note, actor, now_seconds());
  json before{{"unit_id", unit}, {"form", f.code}, {"period", p.code}, {"indicator", indicator}, {"outcome", nullptr}};
  json after = before;
  after["outcome"] = outlier_outcome_code(outcome);
  after["note"] = note;
  s.audit(actor, "update", "report", at->id, before.dump(), after.dump());
  tx.commit();
  app.refresh_report(at->id);
  return true;
}

// ---- the lock

void refuse_in_approved_periods(App& app, Store& s, std::span<const std::pair<Id, Date>> at) {
  if (at.empty()) return;
  Date lo = at.front().second, hi = lo;
  for (const auto& [unit, d] : at) lo = std::min(lo, d), hi = std::max(hi, d);
  const std::vector<ReportState> approved = approved_reports_meeting(s, lo, hi);
  if (approved.empty()) return;
  std::map<Id, std::vector<const ReportState*>> by_unit;
  for (const ReportState& x : approved) by_unit[x.unit].push_back(&x);
  for (const auto& [unit, d] : at) {
    std::vector<Id> path = app.units().path_at(unit, d);
    if (path.empty()) path.push_back(unit);
    for (Id u : path) {
      auto it = by_unit.find(u);
      if (it == by_unit.end()) continue;
      for (const ReportState* x : it->second) {
        if (d < x->from || x->to < d) continue;
        const ReportForm* f = report_forms().find(x->form);
        const auto period = f ? parse_form_period(*f, x->period) : std::nullopt;
        const std::string title = period ? period_title(*period) : x->period;
        throw ReportConflict("period_approved", "Kỳ báo cáo đã được duyệt",
                             "Kỳ báo cáo " + title + " của " + unit_name(app, u) +
                                 " đã được duyệt; không thể ghi, sửa hay xoá hoạt động ngày " + format_vn(d) +
                                 ". Muốn điều chỉnh, hãy đề nghị cấp duyệt mở lại báo cáo kỳ này (kèm lý do).");
      }
    }
  }
}

}  // namespace langso
