// Periodic reports (issue 15; domain/report_form.h, engine/periodic.h,
// docs/api.md): the forms, a unit's reports by period with their status, one
// report with its frozen and live figures, history and children, and the
// workflow steps. Units only through Ctx's guard (404 outside the caller's
// subtree). Submitting: officers whose scope holds the unit. Approving,
// returning, reopening and marking a unit as not reporting: officers whose
// scope holds the unit's approver (the reporting level above it; the
// national level, administrators, for a province). A state that refuses
// the step is 409 (engine/periodic.h's ReportConflict), a bad body 422.
#include "engine/periodic.h"
#include "http/api.h"
#include "http/fields.h"
#include "http/json_out.h"
#include "util/text.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace langso {

namespace {

const ReportForm& form_param(Ctx& ctx) {
  const ReportForm* f = report_forms().find(ctx.params.at("form"));
  if (!f) throw not_found();
  return *f;
}

ReportPeriod period_param(const ReportForm& f, const std::string& code) {
  auto p = parse_form_period(f, code);
  if (!p)
    throw bad_query("Kỳ '" + code + "' không phải một kỳ của " + f.name + " (kỳ " +
                    std::string(periodicity_name(f.periodicity)) + ": 2022-05, 2022-Q2, 2022-H1 hoặc 2022)");
  if (today_local() < p->from) throw bad_query("Kỳ báo cáo " + period_title(*p) + " chưa bắt đầu");
  return *p;
}

json form_json(const ReportForm& f) {
  json levels = json::array(), indicators = json::array(), sections = json::array();
  for (Level l : f.levels) levels.push_back(level_code(l));
  for (const std::string& i : f.indicators) indicators.push_back(i);
  for (const std::string& s : f.sections) sections.push_back(s);
  return {{"code", f.code},          {"name", f.name},       {"basis", f.basis},
          {"periodicity", periodicity_code(f.periodicity)}, {"periodicity_name", periodicity_name(f.periodicity)},
          {"levels", levels},        {"due_day", f.due_day}, {"indicators", indicators},
          {"sections", sections}};
}

Response list_forms(Ctx&) {
  json items = json::array();
  for (const ReportForm& f : report_forms().list()) items.push_back(form_json(f));
  return json_response(200, {{"items", items}});
}

bool on_time(const ReportForm& f, const ReportPeriod& p, const ReportState& s) {
  return s.submitted_at && s.submitted_at < due_deadline(f, p);
}

// The unit that approves `unit`'s report may be acted for by the caller.
bool is_approver(const Ctx& ctx, Id approver) {
  if (!can_write(ctx.caller().role)) return false;
  if (approver == 0) return ctx.caller().role == Role::Admin;
  return ctx.in_scope(approver);
}

json state_json(const ReportForm& f, const ReportPeriod& p, const std::optional<ReportState>& s) {
  const ReportStatus st = s ? s->status : ReportStatus::Draft;
  return {{"status", report_status_code(st)},
          {"status_name", report_status_name(st)},
          {"version", s ? s->version : 0},
          {"submitted_at", s && s->submitted_at ? json(s->submitted_at) : json(nullptr)},
          {"approved_at", s && s->approved_at ? json(s->approved_at) : json(nullptr)},
          {"on_time", s && counts_as_submitted(st) ? json(on_time(f, p, *s)) : json(nullptr)}};
}

json completeness_json(const Completeness& c) {
  auto rate = [&](int n) { return c.expected ? json(std::round(1000.0 * n / c.expected) / 10) : json(nullptr); };
  return {{"expected", c.expected}, {"submitted", c.submitted}, {"on_time", c.on_time},
          {"reporting_rate", rate(c.submitted)}, {"on_time_rate", rate(c.on_time)}};
}

// A unit's reports of a form by period: ?form= (default the monthly report), ?year= (default this year).
Response list_periodic(Ctx& ctx) {
  const Unit& u = ctx.unit(ctx.id_param("id"));
  const ReportForm* f = report_forms().find(ctx.query("form").value_or(std::string(kReportForm)));
  if (!f) throw bad_query("Không có mẫu báo cáo '" + ctx.query("form").value_or("") + "'");
  int y;
  unsigned m, d;
  const Date today = today_local();
  ymd_from_date(ctx.as_of(u), y, m, d);
  if (auto q = ctx.query("year")) {
    if (q->size() != 4 || !std::all_of(q->begin(), q->end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        std::stoi(*q) < 2020 || std::stoi(*q) > 2100)
      throw bad_query("'year' là một năm từ 2020 đến 2100");
    y = std::stoi(*q);
  }
  std::map<std::string, ReportState> by_period;
  for (ReportState& s : report_states_of(ctx.store(), u.id, f->code)) by_period.emplace(s.period, std::move(s));
  json items = json::array();
  for (const ReportPeriod& p : periods_between(*f, date_from_ymd(y, 1, 1), date_from_ymd(y, 12, 31))) {
    if (today < p.from) break;
    const auto parts = expected_parts_of(ctx.app.units(), *f, u.id, p);
    auto it = by_period.find(p.code);
    const std::optional<ReportState> s = it == by_period.end() ? std::nullopt : std::optional(it->second);
    if (parts.empty() && !s) continue;
    json j = state_json(*f, p, s);
    j["period"] = p.code;
    j["title"] = period_title(p);
    j["from"] = format_iso(p.from);
    j["to"] = format_iso(p.to);
    j["due_on"] = format_iso(due_date(*f, p));
    j["expected"] = !parts.empty();
    j["late"] = (!s || !counts_as_submitted(s->status)) && due_date(*f, p) < today;
    items.push_back(j);
  }
  return json_response(200, {{"unit", unit_json(ctx.app.units(), u.id, ctx.as_of(u))}, {"form", form_json(*f)},
                             {"year", y}, {"items", items}});
}

json report_json(Ctx& ctx, const Unit& u, const ReportForm& f, const ReportPeriod& p) {
  Store& st = ctx.store();
  UnitIndex& units = ctx.app.units();
  const auto parts = expected_parts_of(units, f, u.id, p);
  const Period figures = figures_period(units, f, u.id, p, today_local());
  const std::optional<ReportState> s = report_state(st, u.id, f.code, p.code);
  const ReportStatus status = s ? s->status : ReportStatus::Draft;
  const Id approver = approver_of(units, f, u.id, p);
  const Id accepting = accepting_province(units, f, u.id, p);

  // Figures: frozen (as submitted, kept through approval) beside live.
  const std::vector<FrozenValue> live = live_values(ctx.app, f, u.id, p);
  std::map<std::string, std::optional<double>> frozen;
  const bool has_frozen = s && status != ReportStatus::Draft && status != ReportStatus::NotReporting;
  if (has_frozen)
    for (const FrozenValue& v : report_values(st, s->id)) frozen[v.indicator] = v.value;
  json values = json::array();
  int differing = 0;
  for (const FrozenValue& v : live) {
    const Indicator* ind = ctx.app.indicators().find(v.indicator);
    json j{{"indicator", v.indicator}, {"name", ind ? ind->name : v.indicator}, {"unit", ind ? ind->unit : ""},
           {"live", v.value ? json(*v.value) : json(nullptr)}};
    if (has_frozen) {
      auto it = frozen.find(v.indicator);
      const std::optional<double> fz = it == frozen.end() ? std::nullopt : it->second;
      j["frozen"] = fz ? json(*fz) : json(nullptr);
      const bool differs = fz.has_value() != v.value.has_value() || (fz && v.value && std::abs(*fz - *v.value) > 1e-9);
      j["difference"] = fz && v.value ? json(std::round((*v.value - *fz) * 10) / 10) : json(nullptr);
      j["differs"] = differs;
      differing += differs;
    }
    values.push_back(j);
  }

  json events = json::array();
  std::string returned_reason;
  if (s)
    for (const ReportEvent& e : report_events(st, s->id)) {
      events.push_back({{"action", report_action_code(e.action)}, {"action_name", report_action_name(e.action)},
                        {"status", report_status_code(e.status)}, {"reason", e.reason},
                        {"by", e.by ? json(e.by) : json(nullptr)}, {"by_name", e.by ? e.by_name : "Hệ thống"},
                        {"at", e.at}});
      returned_reason = e.action == ReportAction::Return ? e.reason : "";
    }
  if (status != ReportStatus::Draft) returned_reason.clear();

  // Children: the units whose reports this unit approves.
  const std::vector<Id> kids = reporting_children(units, f, u.id, p);
  std::map<Id, ReportState> kid_state;
  for (ReportState& x : report_states(st, f.code, p.code, kids)) kid_state.emplace(x.unit, std::move(x));
  json children = json::array();
  int ready = 0, pending = 0;
  for (Id k : kids) {
    auto it = kid_state.find(k);
    const std::optional<ReportState> ks = it == kid_state.end() ? std::nullopt : std::optional(it->second);
    const ReportStatus kst = ks ? ks->status : ReportStatus::Draft;
    json j = state_json(f, p, ks);
    j["unit"] = unit_json(units, k, figures.structure);
    j["late"] = !counts_as_submitted(kst) && kst != ReportStatus::NotReporting && due_date(f, p) < today_local();
    if (kst == ReportStatus::Submitted) ++ready;
    if (!is_approved(kst) && kst != ReportStatus::NotReporting) ++pending;
    children.push_back(j);
  }
  // Completeness over the whole subtree needs every state below: read them once.
  const std::vector<Id> subtree = expected_in_subtree(units, f, u.id, p);
  const std::vector<ReportState> below = report_states(st, f.code, p.code, subtree);
  const Completeness comp = completeness(units, below, f, u.id, p);

  // Validation rules: what the submission recorded, or what the live figures break now.
  json violations = json::array();
  {
    const bool recorded = s && counts_as_submitted(status);
    const std::vector<Violation> list =
        recorded ? report_violations(st, s->id) : (parts.empty() ? std::vector<Violation>{} : check_rules(ctx.app, f, u.id, p));
    for (const Violation& v : list) {
      std::string message;
      for (const ValidationRule& r : f.rules)
        if (r.code == v.rule) message = r.message;
      violations.push_back({{"rule", v.rule}, {"message", message}, {"left", v.left ? json(*v.left) : json(nullptr)},
                            {"right", v.right ? json(*v.right) : json(nullptr)}, {"explanation", v.explanation}});
    }
  }
  // Outliers the submission flagged, with their follow-ups (open ones first).
  json outliers = json::array();
  int open_outliers = 0;
  if (s)
    for (const OutlierRecord& x : report_outliers(st, s->id)) {
      const Indicator* ind = ctx.app.indicators().find(x.indicator);
      open_outliers += !x.outcome;
      outliers.push_back({{"indicator", x.indicator}, {"name", ind ? ind->name : x.indicator}, {"value", x.value},
                          {"z_history", std::round(x.z_history * 10) / 10}, {"z_peers", std::round(x.z_peers * 10) / 10},
                          {"open", !x.outcome},
                          {"outcome", x.outcome ? json(outlier_outcome_code(*x.outcome)) : json(nullptr)},
                          {"outcome_name", x.outcome ? json(outlier_outcome_name(*x.outcome)) : json(nullptr)},
                          {"note", x.note}, {"by_name", x.outcome ? json(x.by ? x.by_name : "Hệ thống") : json(nullptr)},
                          {"at", x.at ? json(x.at) : json(nullptr)}});
    }
  const bool writer = can_write(ctx.caller().role);
  const bool may_approve = is_approver(ctx, approver) && ctx.caller().scope_unit != u.id;
  const bool submittable = !(today_local() < p.to);
  json can{{"edit", writer && status == ReportStatus::Draft},
           {"submit", writer && !parts.empty() && submittable && status == ReportStatus::Draft},
           {"approve", may_approve && status == ReportStatus::Submitted && pending == 0},
           {"return", may_approve && status == ReportStatus::Submitted},
           {"reopen", may_approve && (is_approved(status) || status == ReportStatus::NotReporting)},
           {"accept", writer && status == ReportStatus::Approved && accepting && ctx.in_scope(accepting) && ctx.caller().scope_unit != u.id},
           {"mark_not_reporting", may_approve && status == ReportStatus::Draft && !parts.empty()},
           {"approve_children", writer && ctx.in_scope(u.id) && ready > 0},
           {"follow_up", writer && open_outliers > 0}};
  json parts_json = json::array();
  for (const Interval& x : parts) parts_json.push_back({{"from", format_iso(x.from)}, {"to", format_iso(Date{x.to.days - 1})}});
  json j = state_json(f, p, s);
  j.update(json{{"unit", unit_json(units, u.id, figures.structure)},
                {"form", form_json(f)},
                {"period", p.code},
                {"title", period_title(p)},
                {"from", format_iso(p.from)},
                {"to", format_iso(p.to)},
                {"figures_from", format_iso(figures.from)},
                {"figures_to", format_iso(figures.to)},
                {"due_on", format_iso(due_date(f, p))},
                {"expected", !parts.empty()},
                {"parts", parts_json},
                {"approver", approver ? unit_json(units, approver, figures.structure) : json(nullptr)},
                {"returned_reason", returned_reason.empty() ? json(nullptr) : json(returned_reason)},
                {"values", values},
                {"differing", differing},
                {"violations", violations},
                {"outliers", outliers},
                {"open_outliers", open_outliers},
                {"events", events},
                {"children", children},
                {"ready_children", ready},
                {"completeness", completeness_json(comp)},
                {"can", can}});
  return j;
}

Response get_periodic(Ctx& ctx) {
  const Unit& u = ctx.unit(ctx.id_param("id"));
  const ReportForm& f = form_param(ctx);
  const ReportPeriod p = period_param(f, ctx.params.at("period"));
  return json_response(200, report_json(ctx, u, f, p));
}

Response step(Ctx& ctx, ReportAction action) {
  const Unit& u = ctx.unit(ctx.id_param("id"));
  const ReportForm& f = form_param(ctx);
  const ReportPeriod p = period_param(f, ctx.params.at("period"));
  ctx.require_write();
  Fields fields(ctx.body, {"version", "reason", "explanations"});
  const auto version = fields.integer("version", false, 0, INT64_MAX);
  auto reason = fields.text("reason", action_needs_reason(action), kReportReasonMaxChars);
  if (!action_needs_reason(action) && reason && !reason->empty())
    fields.error("reason", "unknown_field", "Thao tác '" + std::string(report_action_name(action)) + "' không kèm lý do");
  // Explanations of the validation rules the figures break: {rule: text}, only on submission.
  std::map<std::string, std::string> explanations;
  if (auto it = ctx.body.find("explanations"); it != ctx.body.end() && !it->is_null()) {
    if (action != ReportAction::Submit) fields.error("explanations", "unknown_field", "Chỉ khi gửi báo cáo mới kèm giải trình");
    else if (!it->is_object()) fields.error("explanations", "invalid_type", "explanations là đối tượng mã quy tắc → giải trình");
    else {
      for (auto e = it->begin(); e != it->end(); ++e) {
        const bool known = std::any_of(f.rules.begin(), f.rules.end(), [&](const ValidationRule& r) { return r.code == e.key(); });
        if (!known) {
          fields.error("explanations." + e.key(), "unknown_field", "Mẫu báo cáo không có quy tắc '" + e.key() + "'");
          continue;
        }
        if (!e->is_string()) {
          fields.error("explanations." + e.key(), "invalid_type", "Giải trình phải là chuỗi ký tự");
          continue;
        }
        std::string text = nfc(trim(e->get<std::string>()));
        if (utf8_length(text) > kExplanationMaxChars)
          fields.error("explanations." + e.key(), "too_long", "Giải trình dài quá 2.000 ký tự");
        else
          explanations[e.key()] = std::move(text);
      }
    }
  }
  fields.finish();
  if (expected_parts_of(ctx.app.units(), f, u.id, p).empty())
    throw ApiError{409, "not_expected", "Đơn vị không phải báo cáo kỳ này",
                   u.name + " không thuộc diện gửi " + f.name + " kỳ " + period_title(p) + ".", {}};
  const Id approver = approver_of(ctx.app.units(), f, u.id, p);
  if (action == ReportAction::Submit) {
    if (today_local() < p.to)
      throw ApiError{409, "period_running", "Kỳ báo cáo chưa kết thúc",
                     "Kỳ báo cáo " + period_title(p) + " chưa kết thúc; có thể gửi báo cáo từ ngày " + format_vn(p.to) + ".", {}};
  } else if (action == ReportAction::Accept) {
    const Id province = accepting_province(ctx.app.units(), f, u.id, p);
    if (!province)
      throw ApiError{409, "not_accepted_here", "Báo cáo này không qua bước tiếp nhận",
                     "Báo cáo của " + u.name + " được duyệt ở cấp tỉnh hoặc trung ương; bước tiếp nhận chỉ dành cho báo cáo "
                     "do cấp huyện duyệt.", {}};
    if (!can_write(ctx.caller().role) || !ctx.in_scope(province) || ctx.caller().scope_unit == u.id)
      throw forbidden("Chỉ cán bộ của " + ctx.app.units().find(province)->name + " được tiếp nhận báo cáo của " + u.name);
  } else if (!is_approver(ctx, approver) || ctx.caller().scope_unit == u.id) {
    const std::string who = approver ? ctx.app.units().find(approver)->name : std::string("cấp trung ương (quản trị hệ thống)");
    throw forbidden("Chỉ cán bộ của " + who + ", cấp duyệt báo cáo của " + u.name + ", được thực hiện thao tác '" +
                    std::string(report_action_name(action)) + "'");
  }
  StepRequest r;
  r.unit = u.id;
  r.form = &f;
  r.period = p;
  r.action = action;
  r.reason = reason.value_or("");
  r.version = version;
  r.actor = ctx.caller().user_id;
  r.explanations = std::move(explanations);
  step_report(ctx.app, r);
  return json_response(200, report_json(ctx, u, f, p));
}

Response submit(Ctx& ctx) { return step(ctx, ReportAction::Submit); }
Response approve(Ctx& ctx) { return step(ctx, ReportAction::Approve); }
Response give_back(Ctx& ctx) { return step(ctx, ReportAction::Return); }
Response reopen(Ctx& ctx) { return step(ctx, ReportAction::Reopen); }
Response not_reporting(Ctx& ctx) { return step(ctx, ReportAction::MarkNotReporting); }
Response accept(Ctx& ctx) { return step(ctx, ReportAction::Accept); }

Response approve_children(Ctx& ctx) {
  const Unit& u = ctx.unit(ctx.id_param("id"));
  const ReportForm& f = form_param(ctx);
  const ReportPeriod p = period_param(f, ctx.params.at("period"));
  ctx.require_write();
  Fields fields(ctx.body, std::initializer_list<std::string_view>{});
  fields.finish();
  const std::vector<Id> done = approve_ready_children(ctx.app, f, u.id, p, ctx.caller().user_id);
  json approved = json::array();
  for (Id id : done) approved.push_back(unit_json(ctx.app.units(), id, p.to));
  json j = report_json(ctx, u, f, p);
  j["approved"] = approved;
  return json_response(200, j);
}

// The follow-up of a value the report flagged: {outcome: "checked" |
// "corrected", note}; closes the flag. Officers whose scope holds the unit
// (its own and the levels above). 404: no such flag; 409: followed up already.
Response follow_up(Ctx& ctx) {
  const Unit& u = ctx.unit(ctx.id_param("id"));
  const ReportForm& f = form_param(ctx);
  const ReportPeriod p = period_param(f, ctx.params.at("period"));
  ctx.require_write();
  Fields fields(ctx.body, {"outcome", "note"});
  const auto outcome_text = fields.text("outcome", true, 20);
  std::optional<OutlierOutcome> outcome;
  if (outcome_text && !(outcome = parse_outlier_outcome(*outcome_text)))
    fields.error("outcome", "invalid_value", "Kết quả là 'checked' (đã kiểm tra, số liệu đúng) hoặc 'corrected' (đã sửa)");
  const auto note = fields.text("note", true, kFollowUpNoteMaxChars);
  fields.finish();
  const std::string indicator = ctx.params.at("indicator");
  if (!follow_up_outlier(ctx.app, f, u.id, p, indicator, *outcome, *note, ctx.caller().user_id))
    throw ApiError{404, "not_found", "Không có giá trị bất thường",
                   "Báo cáo " + period_title(p) + " của " + u.name + " không có giá trị bất thường của chỉ số '" + indicator + "'.",
                   {}};
  return json_response(200, report_json(ctx, u, f, p));
}

// The units expected in the subtree that have not reported, with their
// approver and their officers' contacts (phones for roles that see personal data).
Response missing(Ctx& ctx) {
  const Unit& u = ctx.unit(ctx.id_param("id"));
  const ReportForm& f = form_param(ctx);
  const ReportPeriod p = period_param(f, ctx.params.at("period"));
  UnitIndex& units = ctx.app.units();
  Store& st = ctx.store();
  const std::vector<Id> subtree = expected_in_subtree(units, f, u.id, p);
  const std::vector<ReportState> states = report_states(st, f.code, p.code, subtree);
  const Completeness comp = completeness(units, states, f, u.id, p);
  std::map<Id, const ReportState*> by_unit;
  for (const ReportState& x : states) by_unit[x.unit] = &x;
  std::multimap<Id, UnitContact> contacts;
  for (UnitContact& x : officer_contacts(st, comp.missing)) contacts.emplace(x.unit, std::move(x));
  const bool phones = sees_personal_data(ctx.caller().role);
  const bool late = due_date(f, p) < today_local();
  json items = json::array();
  for (Id id : comp.missing) {
    auto it = by_unit.find(id);
    const std::optional<ReportState> s = it == by_unit.end() ? std::nullopt : std::optional(*it->second);
    const Period fp = figures_period(units, f, id, p, today_local());
    json people = json::array();
    for (auto [a, b] = contacts.equal_range(id); a != b; ++a) {
      const auto role = parse_role(a->second.role);
      people.push_back({{"full_name", a->second.full_name},
                        {"role", a->second.role},
                        {"role_name", role ? role_name(*role) : ""},
                        {"phone", phones && !a->second.phone.empty() ? json(a->second.phone) : json(nullptr)}});
    }
    const Id approver = approver_of(units, f, id, p);
    json j = state_json(f, p, s);
    j["unit"] = unit_json(units, id, fp.structure);
    j["approver"] = approver ? unit_json(units, approver, fp.structure) : json(nullptr);
    j["late"] = late && (!s || s->status != ReportStatus::NotReporting);
    j["contacts"] = people;
    items.push_back(j);
  }
  return json_response(200, {{"unit", unit_json(units, u.id, p.to)}, {"form", f.code}, {"period", p.code},
                             {"title", period_title(p)}, {"due_on", format_iso(due_date(f, p))},
                             {"completeness", completeness_json(comp)}, {"items", items}});
}

// Figures of the communes below far from their own history and their peers (domain/outlier.h).
Response outliers(Ctx& ctx) {
  const Unit& u = ctx.unit(ctx.id_param("id"));
  const ReportForm& f = form_param(ctx);
  const ReportPeriod p = period_param(f, ctx.params.at("period"));
  if (f.periodicity != Periodicity::Month) throw bad_query("Chỉ kiểm tra giá trị bất thường cho báo cáo tháng");
  const OutlierScan scan = scan_outliers(ctx.app, f, u.id, p);
  json items = json::array();
  for (const OutlierFlag& x : scan.flags) {
    const Indicator* ind = ctx.app.indicators().find(x.indicator);
    items.push_back({{"unit", unit_json(ctx.app.units(), x.unit, p.to)}, {"indicator", x.indicator},
                     {"name", ind ? ind->name : x.indicator}, {"value", x.value},
                     {"z_history", std::round(x.z_history * 10) / 10}, {"z_peers", std::round(x.z_peers * 10) / 10}});
  }
  return json_response(200, {{"unit", unit_json(ctx.app.units(), u.id, p.to)}, {"period", p.code}, {"title", period_title(p)},
                             {"checked", scan.checked}, {"flagged", scan.flags.size()}, {"items", items}});
}

}  // namespace

void add_periodic_routes(Router& r) {
  r.add("GET", "/api/v1/report-forms", list_forms);
  r.add("GET", "/api/v1/units/{id}/periodic", list_periodic);
  r.add("GET", "/api/v1/units/{id}/periodic/{form}/{period}", get_periodic);
  r.add("GET", "/api/v1/units/{id}/periodic/{form}/{period}/missing", missing);
  r.add("GET", "/api/v1/units/{id}/periodic/{form}/{period}/outliers", outliers);
  r.add("POST", "/api/v1/units/{id}/periodic/{form}/{period}/submit", submit);
  r.add("POST", "/api/v1/units/{id}/periodic/{form}/{period}/approve", approve);
  r.add("POST", "/api/v1/units/{id}/periodic/{form}/{period}/return", give_back);
  r.add("POST", "/api/v1/units/{id}/periodic/{form}/{period}/reopen", reopen);
  r.add("POST", "/api/v1/units/{id}/periodic/{form}/{period}/not-reporting", not_reporting);
  r.add("POST", "/api/v1/units/{id}/periodic/{form}/{period}/accept", accept);
  r.add("POST", "/api/v1/units/{id}/periodic/{form}/{period}/approve-children", approve_children);
  r.add("POST", "/api/v1/units/{id}/periodic/{form}/{period}/outliers/{indicator}/follow-up", follow_up);
}

}  // namespace langso
