// Plans, their targets (cascaded to the units below), progress and tasks
// (issue 14; domain/plan.h, engine/plan_progress.h, docs/api.md).
//
// Scope: a plan is seen by the callers whose scope holds its unit, and by
// those of any unit below it (a commune's officer reads the province's plan);
// only officers whose scope holds the issuing unit change it. Targets and
// tasks are shown for the units the caller sees, and for the units above the
// caller that the plan names.
#include <algorithm>
#include <cmath>

#include "engine/commands_plans.h"
#include "engine/plan_progress.h"
#include "http/api.h"
#include "http/activity_input.h"  // body_digest
#include "http/fields.h"
#include "http/idempotency.h"
#include "http/upload.h"
#include "http/download.h"
#include "http/json_out.h"
#include "io/plan_target_table.h"
#include "io/report.h"
#include "io/xlsx_table.h"
#include "store/store_plan_files.h"
#include "util/text.h"

namespace langso {

// ---- scope

// The caller's scope unit lies under (or is) this unit: the plan applies to them.
static bool above_caller(const Ctx& ctx, Id unit) {
  const Principal& p = ctx.caller();
  return p.scope_unit != 0 && ctx.app.units().find(unit) && ctx.app.units().is_within(p.scope_unit, unit);
}

static bool sees_unit(const Ctx& ctx, Id unit) { return ctx.in_scope(unit) || above_caller(ctx, unit); }

static Plan plan_of(const Ctx& ctx, Id id) {
  auto p = ctx.store().get_plan(id);
  if (!p || !sees_unit(ctx, p->unit)) throw not_found();
  return *p;
}

static void require_issuer(const Ctx& ctx, const Plan& p) {
  ctx.require_write();
  if (!ctx.in_scope(p.issuer_unit))
    throw forbidden("Chỉ cán bộ của đơn vị ban hành kế hoạch được thay đổi kế hoạch, chỉ tiêu và nhiệm vụ của nó");
}

static ApiError state_conflict(std::string code, std::string detail) {
  return {409, std::move(code), "Trạng thái không cho phép thao tác này", std::move(detail), {}};
}

// ---- JSON

static json plan_brief(const Ctx& ctx, const Plan& p) {
  return json{{"id", p.id}, {"number", p.number}, {"title", p.title}, {"issued_on", format_iso(p.issued_on)},
              {"unit", unit_json(ctx.app.units(), p.unit, p.start_on)}, {"status", plan_status_code(p.status)},
              {"status_name", plan_status_name(p.status)}, {"start_on", format_iso(p.start_on)},
              {"end_on", format_iso(p.end_on)}};
}

static json plan_json(const Ctx& ctx, const Plan& p) {
  json j = plan_brief(ctx, p);
  j["issuer_unit"] = unit_json(ctx.app.units(), p.issuer_unit, p.issued_on);
  j["issuer_organ"] = p.issuer_organ;
  j["parent_id"] = p.parent ? json(p.parent) : json(nullptr);
  j["editable"] = can_write(ctx.caller().role) && ctx.in_scope(p.issuer_unit);
  return j;
}

static json target_json(const Ctx& ctx, const Plan& plan, const PlanTarget& t) {
  const Indicator* ind = ctx.app.indicators().find(t.indicator);
  return json{{"id", t.id}, {"plan_id", t.plan}, {"unit", unit_json(ctx.app.units(), t.unit, plan.start_on)},
              {"indicator", t.indicator}, {"indicator_name", ind ? ind->name : t.indicator},
              {"indicator_unit", ind ? ind->unit : ""}, {"value", t.value}, {"deadline", format_iso(t.deadline)},
              {"cascade", cascade_code(t.cascade)},
              {"from_target_id", t.from_target ? json(t.from_target) : json(nullptr)}};
}

// Who reports a task: its unit's officers (their scope lies in it) and, for
// a team's task, the team member accounts of the team's village.
static bool may_report(const Ctx& ctx, const PlanTask& t) {
  const Principal& who = ctx.caller();
  if (who.role == Role::TeamMember) return t.to_team && who.scope_unit == t.to_unit;
  if (!can_write(who.role)) return false;
  if (who.role == Role::Admin) return true;
  return ctx.app.units().find(t.to_unit) && who.scope_unit != 0 && ctx.app.units().is_within(who.scope_unit, t.to_unit);
}

// Who accepts or returns it: the assigner's officers.
static bool may_review(const Ctx& ctx, const PlanTask& t) { return can_write(ctx.caller().role) && ctx.in_scope(t.from_unit); }

static json task_json(const Ctx& ctx, const PlanTask& t, Date today) {
  json j{{"id", t.id}, {"plan_id", t.plan}, {"from_unit", unit_json(ctx.app.units(), t.from_unit, today)},
         {"to_unit", unit_json(ctx.app.units(), t.to_unit, today)}, {"to_team", nullptr}, {"title", t.title},
         {"description", t.description}, {"evidence_expected", t.evidence_expected}, {"due_on", format_iso(t.due_on)},
         {"status", task_status_code(t.status)}, {"status_name", task_status_name(t.status)}, {"note", t.note},
         {"link", t.link}, {"overdue", overdue(t, today)},
         {"can_report", t.status != TaskStatus::Accepted && may_report(ctx, t)},
         {"can_review", t.status == TaskStatus::Done && may_review(ctx, t)}};
  if (t.to_team)
    if (auto team = ctx.store().get_team(t.to_team)) j["to_team"] = {{"id", team->id}, {"name", team->name}};
  return j;
}

static json file_json(const PlanFile& f) {
  return json{{"id", f.id}, {"plan_id", f.plan}, {"task_id", f.task ? json(f.task) : json(nullptr)}, {"name", f.name},
              {"content_type", f.content_type}, {"size", f.size}, {"uploaded_at", f.uploaded_at},
              {"url", "/api/v1/plan-files/" + std::to_string(f.id)}};
}

// ---- plans

static const std::initializer_list<std::string_view> kPlanFields = {
    "number", "issued_on", "issuer_unit_id", "issuer_organ", "title", "unit_id", "start_on", "end_on", "status", "parent_id"};

static void read_plan(Fields& f, Plan& p, bool create) {
  auto set_text = [&](const char* name, std::string& dst, size_t max) {
    if (create || f.present(name))
      if (auto v = f.text(name, true, max)) dst = *v;
  };
  set_text("number", p.number, 50);
  set_text("issuer_organ", p.issuer_organ, 200);
  set_text("title", p.title, kPlanTitleMaxChars);
  auto set_date = [&](const char* name, Date& dst) {
    if (create || f.present(name))
      if (auto d = f.date(name, true)) dst = *d;
  };
  set_date("issued_on", p.issued_on);
  set_date("start_on", p.start_on);
  set_date("end_on", p.end_on);
  if (create || f.present("status")) {
    auto v = f.text("status", false, 20);
    if (v && !parse_plan_status(*v))
      f.error("status", "invalid_value", "Trạng thái '" + *v + "' không hợp lệ (draft, issued, ended)");
    else if (v) p.status = *parse_plan_status(*v);
  }
  if (create || f.present("parent_id")) {
    if (auto v = f.integer("parent_id", false, 1, INT64_MAX)) p.parent = *v;
    else if (f.is_null("parent_id")) p.parent = 0;
  }
  if (!f.ok()) return;
  if (p.end_on < p.start_on) f.error("end_on", "invalid_value", "Ngày kết thúc không được trước ngày bắt đầu");
  if (p.start_on < p.issued_on)
    f.error("start_on", "invalid_value", "Ngày bắt đầu thực hiện không được trước ngày ban hành kế hoạch");
}

// The parent must be a plan the caller sees, of the plan's unit or a unit
// above it, and not the plan itself or one of its descendants.
static void check_parent(Ctx& ctx, Fields& f, const Plan& p) {
  if (!p.parent) return;
  auto parent = ctx.store().get_plan(p.parent);
  if (!parent || !sees_unit(ctx, parent->unit)) {
    f.error("parent_id", "not_found", "Không tìm thấy kế hoạch cấp trên số " + std::to_string(p.parent));
    return;
  }
  if (!ctx.app.units().is_within(p.unit, parent->unit))
    f.error("parent_id", "invalid_value", "Kế hoạch cấp trên phải là kế hoạch của đơn vị này hoặc đơn vị cấp trên");
  for (Id at = p.parent, hops = 0; at && hops < 64; ++hops) {
    if (at == p.id) {
      f.error("parent_id", "invalid_value", "Kế hoạch không thể thực hiện chính nó");
      return;
    }
    auto up = ctx.store().get_plan(at);
    at = up ? up->parent : 0;
  }
}

static Response create_plan_route(Ctx& ctx) {
  ctx.require_write();
  const std::string key = optional_idem_key(ctx), digest = body_digest(ctx.body);
  auto show = [&](Id id) { return json_response(201, plan_json(ctx, *ctx.store().get_plan(id))); };
  if (auto r = replay(ctx, "plans", key, digest, show)) return *r;
  Fields f(ctx.body, kPlanFields);
  Plan p;
  auto unit_id = f.integer("unit_id", true, 1, INT64_MAX);
  auto issuer_id = f.integer("issuer_unit_id", false, 1, INT64_MAX);
  read_plan(f, p, true);
  f.finish();
  const Unit& u = ctx.unit(*unit_id);
  p.unit = u.id;
  p.issuer_unit = issuer_id ? ctx.unit(*issuer_id).id : u.id;
  if (!ctx.app.units().is_within(p.unit, p.issuer_unit))
    throw validation({{"unit_id", "invalid_value", "Kế hoạch chỉ áp dụng cho đơn vị ban hành hoặc đơn vị cấp dưới của nó"}});
  check_parent(ctx, f, p);
  f.finish();
  Id id = 0;
  try {
    id = create_plan(ctx.app, p, ctx.caller().user_id, key, digest);
  } catch (const DbConstraintError&) {  // the same key committed meanwhile by another instance
    if (auto r = replay(ctx, "plans", key, digest, show)) return *r;
    throw;
  }
  return show(id);
}

static Response patch_plan_route(Ctx& ctx) {
  Plan before = plan_of(ctx, ctx.id_param("id"));
  require_issuer(ctx, before);
  Fields f(ctx.body, kPlanFields);
  if (f.present("unit_id")) f.error("unit_id", "invalid_value", "Không thể chuyển kế hoạch sang đơn vị khác");
  if (f.present("issuer_unit_id")) f.error("issuer_unit_id", "invalid_value", "Không thể đổi đơn vị ban hành");
  Plan after = before;
  read_plan(f, after, false);
  if (f.ok()) check_parent(ctx, f, after);
  if (f.ok())
    for (const PlanTarget& t : ctx.store().targets_of_plan(after.id))
      if (t.deadline < after.issued_on) {
        f.error("issued_on", "invalid_value", "Đã có chỉ tiêu có hạn trước ngày ban hành mới");
        break;
      }
  f.finish();
  update_plan(ctx.app, before, after, ctx.caller().user_id);
  return json_response(200, plan_json(ctx, *ctx.store().get_plan(after.id)));
}

static bool task_visible(const Ctx& ctx, const PlanTask& t) {
  return ctx.in_scope(t.to_unit) || ctx.in_scope(t.from_unit) || above_caller(ctx, t.to_unit);
}

static Response get_plan_route(Ctx& ctx) {
  Plan p = plan_of(ctx, ctx.id_param("id"));
  Date today = ctx.date_param();
  json j = plan_json(ctx, p);
  // The chain: the plans it implements, up to the top, and those implementing it.
  json ancestors = json::array();
  for (Id at = p.parent, hops = 0; at && hops < 64; ++hops) {
    auto up = ctx.store().get_plan(at);
    if (!up) break;
    if (sees_unit(ctx, up->unit)) ancestors.insert(ancestors.begin(), plan_brief(ctx, *up));
    at = up->parent;
  }
  json children = json::array();
  for (const Plan& c : ctx.store().plans_implementing(p.id))
    if (sees_unit(ctx, c.unit)) children.push_back(plan_brief(ctx, c));
  j["ancestors"] = ancestors;
  j["children"] = children;
  json targets = json::array();
  for (const PlanTarget& t : ctx.store().targets_of_plan(p.id))
    if (sees_unit(ctx, t.unit)) targets.push_back(target_json(ctx, p, t));
  j["targets"] = targets;
  std::vector<PlanFile> files = plan_files_of(ctx.store(), p.id);
  json documents = json::array();
  for (const PlanFile& f : files)
    if (!f.task) documents.push_back(file_json(f));
  j["documents"] = documents;
  json tasks = json::array();
  for (const PlanTask& t : ctx.store().tasks_of_plan(p.id))
    if (task_visible(ctx, t)) {
      json tj = task_json(ctx, t, today);
      json evidence = json::array();
      for (const PlanFile& f : files)
        if (f.task == t.id) evidence.push_back(file_json(f));
      tj["evidence"] = evidence;
      tasks.push_back(tj);
    }
  j["tasks"] = tasks;
  return json_response(200, j);
}

// Plans that apply to a unit (its own and those of the units above it) and,
// with below=1, those of the units below it.
static Response unit_plans_route(Ctx& ctx) {
  const Unit& u = ctx.unit(ctx.id_param("id"));
  const bool below = ctx.flag("below").value_or(false);
  json items = json::array();
  for (const Plan& p : ctx.store().all_plans()) {
    bool applies = ctx.app.units().is_within(u.id, p.unit);
    bool under = below && p.unit != u.id && ctx.app.units().is_within(p.unit, u.id) && ctx.in_scope(p.unit);
    if (applies || under) {
      json b = plan_brief(ctx, p);
      b["applies"] = applies;
      items.push_back(b);
    }
  }
  return json_response(200, json{{"unit", unit_json(ctx.app.units(), u.id, ctx.as_of(u))}, {"items", items}});
}

// ---- targets

static std::optional<double> number_field(Fields& f, const json& body, const char* name, bool required) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    if (required) f.error(name, "missing_field", std::string("Thiếu trường bắt buộc '") + name + "'");
    return std::nullopt;
  }
  if (!it->is_number()) {
    f.error(name, "invalid_type", std::string("Trường '") + name + "' phải là một số");
    return std::nullopt;
  }
  double v = it->get<double>();
  if (!std::isfinite(v) || v < 0 || v > 1e12) {
    f.error(name, "invalid_value", std::string("Trường '") + name + "' phải là số không âm");
    return std::nullopt;
  }
  return v;
}

// Additive indicators (counts and sums) can be split; shares (%) and the
// composite index cannot, and each child's own value stands alone.
static bool additive(const Indicator& ind) {
  switch (ind.kind) {
    case IndicatorKind::Sum: case IndicatorKind::Count: case IndicatorKind::Teams: case IndicatorKind::Members:
    case IndicatorKind::TrainedMembers: case IndicatorKind::RegisterResidents:
      return ind.unit != "%";
    default:
      return false;
  }
}

// Targets of the same unit and indicator in the plans this plan implements.
static std::optional<double> target_from_above(Ctx& ctx, const Plan& plan, Id unit, const std::string& indicator) {
  std::optional<double> strictest;
  std::vector<Id> chain;
  for (Id at = plan.parent, hops = 0; at && hops < 64; ++hops) {
    chain.push_back(at);
    auto up = ctx.store().get_plan(at);
    at = up ? up->parent : 0;
  }
  for (const PlanTarget& t : ctx.store().plan_targets_of_unit(unit, indicator))
    if (std::find(chain.begin(), chain.end(), t.plan) != chain.end())
      strictest = std::max(strictest.value_or(t.value), t.value);
  return strictest;
}

// A target reaches the children of its unit on the structure of the plan's
// start (or the unit's first day); 422 (on `field`) when it has none.
static Date cascade_structure(const Plan& plan, const Unit& u) { return std::max(plan.start_on, u.valid.from); }

static std::vector<Id> cascade_children(Ctx& ctx, const Plan& plan, const Unit& u, const char* field) {
  const Date structure = cascade_structure(plan, u);
  std::vector<Id> children = ctx.app.units().children_at(u.id, structure);
  if (children.empty())
    throw validation({{field, "no_children", "Đơn vị " + u.name + " không có đơn vị cấp dưới ngày " + format_vn(structure)}});
  return children;
}

static Response add_target_route(Ctx& ctx) {
  Plan plan = plan_of(ctx, ctx.id_param("id"));
  require_issuer(ctx, plan);
  Fields f(ctx.body, {"unit_id", "indicator", "value", "deadline", "cascade", "parts"});
  auto unit_id = f.integer("unit_id", false, 1, INT64_MAX);
  auto code = f.text("indicator", true, 60);
  auto value = number_field(f, ctx.body, "value", true);
  auto deadline = f.date("deadline", true);
  auto cascade_text = f.text("cascade", false, 20);
  Cascade cascade = Cascade::None;
  if (cascade_text) {
    if (auto c = parse_cascade(*cascade_text)) cascade = *c;
    else f.error("cascade", "invalid_value", "Cách giao '" + *cascade_text + "' không hợp lệ (none, same, population, table)");
  }
  const Indicator* ind = code ? ctx.app.indicators().find(*code) : nullptr;
  if (code && !ind) f.error("indicator", "not_found", "Không có chỉ số '" + *code + "'");
  if (deadline && *deadline < plan.issued_on)
    f.error("deadline", "invalid_value", "Hạn hoàn thành không được trước ngày ban hành kế hoạch");
  if (deadline && plan.end_on < *deadline)
    f.error("deadline", "invalid_value", "Hạn hoàn thành không được sau ngày kết thúc kế hoạch");
  if (value && ind && ind->unit == "%" && *value > 100)
    f.error("value", "invalid_value", "Chỉ tiêu tỷ lệ không được quá 100%");
  if (f.present("parts") && cascade != Cascade::Table)
    f.error("parts", "invalid_value", "Chỉ gửi bảng phân bổ 'parts' khi cách giao là 'table'");
  f.finish();

  Id unit = plan.unit;
  if (unit_id) {
    if (!sees_unit(ctx, *unit_id) || !ctx.app.units().is_within(*unit_id, plan.unit))
      throw validation({{"unit_id", "invalid_value", "Chỉ tiêu chỉ giao cho đơn vị của kế hoạch hoặc đơn vị cấp dưới"}});
    unit = *unit_id;
  }
  PlanTarget top;
  top.plan = plan.id;
  top.unit = unit;
  top.indicator = ind->code;
  top.value = *value;
  top.deadline = *deadline;
  top.cascade = cascade;
  // A target given from above stands: this plan may only be stricter.
  if (auto above = target_from_above(ctx, plan, unit, ind->code); above && *value < *above)
    throw validation({{"value", "looser_than_above",
                       "Chỉ tiêu cấp trên giao là " + json(*above).dump() + "; đơn vị chỉ được đặt chỉ tiêu cao hơn"}});

  std::vector<PlanTarget> parts;
  if (cascade != Cascade::None) {
    const Unit* u = ctx.app.units().find(unit);
    const Date structure = cascade_structure(plan, *u);
    std::vector<Id> children = cascade_children(ctx, plan, *u, "cascade");
    std::vector<double> values;
    if (cascade == Cascade::Same) {
      values.assign(children.size(), *value);
    } else if (cascade == Cascade::Population) {
      if (!additive(*ind))
        throw validation({{"cascade", "invalid_value", "Chỉ tiêu tỷ lệ không chia theo dân số; hãy giao 'same' hoặc 'table'"}});
      std::vector<int64_t> weights;
      for (Id c : children) {
        int64_t pop = ctx.app.engine().totals(c, structure, structure, structure).population;
        if (pop <= 0)
          throw validation({{"cascade", "no_population", "Chưa có số dân của " + ctx.app.units().find(c)->name +
                                                            "; hãy giao theo bảng ('table')"}});
        weights.push_back(pop);
      }
      values = split_by_weight(*value, weights);
    } else {  // table
      auto it = ctx.body.find("parts");
      if (it == ctx.body.end() || !it->is_array())
        throw validation({{"parts", "missing_field", "Giao theo bảng cần 'parts': [{unit_id, value}] cho mỗi đơn vị cấp dưới"}});
      std::vector<FieldError> errors;
      values.assign(children.size(), -1);
      for (size_t i = 0; i < it->size(); ++i) {
        const json& row = (*it)[i];
        std::string prefix = "parts[" + std::to_string(i) + "].";
        if (!row.is_object()) {
          errors.push_back({prefix.substr(0, prefix.size() - 1), "invalid_type", "Mỗi dòng phải là {unit_id, value}"});
          continue;
        }
        Fields rf(row, {"unit_id", "value"}, prefix);
        auto cu = rf.integer("unit_id", true, 1, INT64_MAX);
        auto cv = number_field(rf, row, "value", true);
        size_t k = children.size();
        if (cu) k = static_cast<size_t>(std::find(children.begin(), children.end(), *cu) - children.begin());
        if (cu && k == children.size())
          rf.error("unit_id", "invalid_value", "Đơn vị " + std::to_string(*cu) + " không phải đơn vị cấp dưới của " + u->name);
        else if (cu && values[k] >= 0)
          rf.error("unit_id", "duplicate", "Đơn vị " + std::to_string(*cu) + " có hai dòng");
        if (cv && ind->unit == "%" && *cv > 100) rf.error("value", "invalid_value", "Chỉ tiêu tỷ lệ không được quá 100%");
        if (rf.ok() && cv) values[k] = *cv;
        for (const FieldError& e : rf.errors()) errors.push_back(e);
      }
      for (size_t k = 0; k < children.size(); ++k)
        if (values[k] < 0)
          errors.push_back({"parts", "missing_unit", "Thiếu chỉ tiêu của " + ctx.app.units().find(children[k])->name});
      if (errors.empty() && additive(*ind) && !adds_up(*value, values)) {
        double sum = 0;
        for (double v : values) sum += v;
        errors.push_back({"parts", "parts_do_not_add_up",
                          "Tổng chỉ tiêu của các đơn vị cấp dưới là " + json(sum).dump() + ", khác tổng " +
                              json(*value).dump()});
      }
      if (!errors.empty()) throw validation(std::move(errors));
    }
    for (size_t k = 0; k < children.size(); ++k) {
      PlanTarget c = top;
      c.unit = children[k];
      c.value = values[k];
      c.cascade = Cascade::None;
      parts.push_back(c);
    }
  }
  std::vector<Id> ids = add_plan_target(ctx.app, top, parts, ctx.caller().user_id);
  json out = json::array();
  for (Id id : ids) out.push_back(target_json(ctx, plan, *ctx.store().get_plan_target(id)));
  return json_response(201, json{{"items", out}});
}

static Response delete_target_route(Ctx& ctx) {
  auto t = ctx.store().get_plan_target(ctx.id_param("id"));
  if (!t) throw not_found();
  Plan plan = plan_of(ctx, t->plan);
  if (!sees_unit(ctx, t->unit)) throw not_found();
  require_issuer(ctx, plan);
  if (t->from_target)
    throw state_conflict("target_cascaded", "Chỉ tiêu này được phân bổ từ chỉ tiêu của " + ctx.app.units().find(plan.unit)->name +
                   "; hãy xoá hoặc giao lại chỉ tiêu gốc");
  remove_plan_target(ctx.app, *t, ctx.caller().user_id);
  return no_content();
}

// The progress of the targets the caller sees, lagging first.
static std::vector<TargetProgress> visible_progress(Ctx& ctx, const Plan& plan, Date today) {
  std::vector<PlanTarget> targets;
  for (const PlanTarget& t : ctx.store().targets_of_plan(plan.id))
    if (sees_unit(ctx, t.unit)) targets.push_back(t);
  return plan_progress(ctx.app, plan, targets, today);
}

static Response progress_route(Ctx& ctx) {
  Plan plan = plan_of(ctx, ctx.id_param("id"));
  Date today = ctx.date_param();
  json items = json::array();
  for (const TargetProgress& p : visible_progress(ctx, plan, today)) {
    json j = target_json(ctx, plan, p.target);
    j["unit"] = unit_json(ctx.app.units(), p.target.unit, p.period.structure);
    j["from"] = format_iso(p.period.from);
    j["to"] = format_iso(p.period.to);
    j["structure_date"] = format_iso(p.period.structure);
    j["current"] = p.value ? json(*p.value) : json(nullptr);
    j["at_start"] = p.at_start ? json(*p.at_start) : json(nullptr);
    j["projected"] = p.forecast.projected ? json(*round_value(p.forecast.projected)) : json(nullptr);
    j["share"] = p.share ? json(std::round(*p.share * 1000) / 1000) : json(nullptr);
    j["forecast"] = forecast_code(p.forecast.status);
    j["forecast_name"] = forecast_name(p.forecast.status);
    j["historical"] = p.historical;
    json succ = json::array();
    for (Id s : p.successors) succ.push_back(unit_json(ctx.app.units(), s, today));
    j["successors"] = succ;
    items.push_back(j);
  }
  return json_response(200, json{{"plan", plan_brief(ctx, plan)}, {"date", format_iso(today)}, {"items", items}});
}

// The progress report as .xlsx: the list layout of the app's downloads
// (io/xlsx_table.h: title row, frozen bold header, numbers #,##0, dates
// dd/mm/yyyy), one row per target the caller sees, lagging first, then the
// plan's tasks.
static Response progress_xlsx_route(Ctx& ctx) {
  Plan plan = plan_of(ctx, ctx.id_param("id"));
  Date today = ctx.date_param();
  const UnitIndex& units = ctx.app.units();
  // The issuing body's official heading (its report settings, as its reports print them).
  const Unit& issuer = *units.find(plan.issuer_unit);
  const ReportSettings settings = effective_report_settings(ctx.store(), issuer);
  XlsxHeading heading;
  for (const HeadingLine& l : issuer_lines(settings, issuer, governing_unit(ctx.app, issuer, today)))
    heading.left.push_back({l.text, l.bold});
  heading.left.push_back({number_line(settings, ""), false});
  heading.right = {{std::string(kNationalHeading), true}, {std::string(kMotto), true}, {date_line(settings.place, today), false}};
  XlsxTable x("Tiến độ", "Tiến độ thực hiện Kế hoạch số " + plan.number + " ngày " + format_vn(plan.issued_on) + " của " +
                             plan.issuer_organ + " (đến ngày " + format_vn(today) + ")",
              {{"STT", 6},
               {"Đơn vị", 28},
               {"Chỉ tiêu", 44},
               {"Đơn vị tính", 12},
               {"Chỉ tiêu giao", 13},
               {"Hạn hoàn thành", 14},
               {"Thực hiện", 12},
               {"Tỷ lệ đạt (%)", 12},
               {"Dự báo đến hạn", 14},
               {"Đánh giá", 22}},
              &heading);
  for (const TargetProgress& p : visible_progress(ctx, plan, today)) {
    const Indicator* ind = ctx.app.indicators().find(p.target.indicator);
    const Unit* u = units.find(p.target.unit);
    auto number = [](const std::optional<double>& v) { return v ? XlsxCell(*v) : XlsxCell(); };
    x.row({static_cast<double>(x.rows() + 1), u ? u->name : "", ind ? ind->name : p.target.indicator,
           ind ? ind->unit : "", p.target.value, p.target.deadline, number(p.value),
           p.share ? XlsxCell(std::round(*p.share * 1000) / 10) : XlsxCell(),
           number(p.forecast.projected ? round_value(p.forecast.projected) : std::nullopt),
           std::string(forecast_name(p.forecast.status))});
  }
  for (const PlanTask& t : ctx.store().tasks_of_plan(plan.id))
    if (task_visible(ctx, t)) {
      std::string status(task_status_name(t.status));
      if (overdue(t, today)) status += " (quá hạn)";
      x.row({static_cast<double>(x.rows() + 1), units.find(t.to_unit) ? units.find(t.to_unit)->name : "",
             "Nhiệm vụ: " + t.title, XlsxCell(), XlsxCell(), t.due_on, XlsxCell(), XlsxCell(), XlsxCell(), status});
    }
  return xlsx_download(x.finish(), "tien-do-ke-hoach-" + plan.number, "Tiến độ Kế hoạch " + plan.number);
}

// ---- the split table of a target (cascade "table") as a file

// The unit a table splits (unit_id, default the plan's: it or a unit below
// it the caller sees) and its children with code, name and population.
static std::vector<TargetTableUnit> table_children(Ctx& ctx, const Plan& plan, std::optional<int64_t> unit_id,
                                                   const Unit*& parent) {
  Id unit = plan.unit;
  if (unit_id) {
    if (!sees_unit(ctx, *unit_id) || !ctx.app.units().is_within(*unit_id, plan.unit))
      throw validation({{"unit_id", "invalid_value", "Chỉ phân bổ cho đơn vị của kế hoạch hoặc đơn vị cấp dưới"}});
    unit = *unit_id;
  }
  parent = ctx.app.units().find(unit);
  const Date structure = cascade_structure(plan, *parent);
  std::vector<TargetTableUnit> out;
  for (Id c : cascade_children(ctx, plan, *parent, "unit_id")) {
    const Unit* cu = ctx.app.units().find(c);
    out.push_back({c, cu->code, cu->name, ctx.app.engine().totals(c, structure, structure, structure).population});
  }
  return out;
}

static std::optional<int64_t> unit_id_query(Ctx& ctx) {
  auto q = ctx.query("unit_id");
  if (!q) return std::nullopt;
  char* end = nullptr;
  long long v = std::strtoll(q->c_str(), &end, 10);
  if (q->empty() || *end || v <= 0) throw bad_query("'unit_id' phải là mã số đơn vị");
  return v;
}

static const Indicator& table_indicator(Ctx& ctx, const std::optional<std::string>& code) {
  const Indicator* ind = code ? ctx.app.indicators().find(*code) : nullptr;
  if (!code) throw validation({{"indicator", "missing_field", "Thiếu chỉ số ('indicator')"}});
  if (!ind) throw validation({{"indicator", "not_found", "Không có chỉ số '" + *code + "'"}});
  return *ind;
}

static Response target_table_template_route(Ctx& ctx) {
  Plan plan = plan_of(ctx, ctx.id_param("id"));
  require_issuer(ctx, plan);
  const Indicator& ind = table_indicator(ctx, ctx.query("indicator"));
  const Unit* parent = nullptr;
  auto children = table_children(ctx, plan, unit_id_query(ctx), parent);
  std::string bytes = target_table_xlsx({plan.number, parent->name, ind.name, ind.unit}, children);
  return xlsx_download(std::move(bytes), "phan-bo-chi-tieu-" + ind.code + "-" + parent->code,
                       "Phân bổ chỉ tiêu " + parent->name);
}

// The filled table, read all or nothing: the parts to send with the target
// (POST /plans/{id}/targets, cascade "table"), or 422 with the rows' errors.
static Response target_table_read_route(Ctx& ctx) {
  Plan plan = plan_of(ctx, ctx.id_param("id"));
  require_issuer(ctx, plan);
  const nlohmann::json params = upload_params(ctx);
  Fields f(params, {"unit_id", "indicator", "name"});
  auto code = f.text("indicator", true, 60);
  f.text("name", false, 1000);
  f.finish();
  const Indicator& ind = table_indicator(ctx, code);
  const Unit* parent = nullptr;
  auto children = table_children(ctx, plan, unit_id_query(ctx), parent);
  XlsxRows rows = uploaded_table(ctx, kTargetTableMaxBytes, "Bảng phân bổ tối đa 1 MB");
  const TargetTableHeading heading{plan.number, parent->name, ind.name, ind.unit};
  TargetTableParts read = read_target_table(rows, children, heading);
  if (!read.errors.empty()) throw validation(std::move(read.errors));
  json parts = json::array();
  double sum = 0;
  for (size_t k = 0; k < children.size(); ++k) {
    parts.push_back({{"unit_id", children[k].id}, {"code", children[k].code}, {"name", children[k].name},
                     {"value", read.parts[k].second}});
    sum += read.parts[k].second;
  }
  return json_response(200, json{{"unit_id", parent->id}, {"indicator", ind.code}, {"parts", parts}, {"sum", sum}});
}

// ---- tasks

static Response add_task_route(Ctx& ctx) {
  Plan plan = plan_of(ctx, ctx.id_param("id"));
  require_issuer(ctx, plan);
  const std::string key = optional_idem_key(ctx), digest = body_digest(ctx.body);
  auto show = [&](Id id) { return json_response(201, task_json(ctx, *ctx.store().get_plan_task(id), today_local())); };
  if (auto r = replay(ctx, "plan_tasks", key, digest, show)) return *r;
  Fields f(ctx.body, {"to_unit_id", "to_team_id", "title", "description", "evidence_expected", "due_on"});
  auto to_unit = f.integer("to_unit_id", false, 1, INT64_MAX);
  auto to_team = f.integer("to_team_id", false, 1, INT64_MAX);
  PlanTask t;
  if (auto v = f.text("title", true, 300)) t.title = *v;
  if (auto v = f.text("description", false, 5000)) t.description = *v;
  if (auto v = f.text("evidence_expected", false, 1000)) t.evidence_expected = *v;
  auto due = f.date("due_on", true);
  if (!to_unit && !to_team && !f.present("to_unit_id") && !f.present("to_team_id"))
    f.error("to_unit_id", "missing_field", "Cần giao cho một đơn vị ('to_unit_id') hoặc một tổ ('to_team_id')");
  if (to_unit && to_team) f.error("to_team_id", "invalid_value", "Giao cho một đơn vị hoặc một tổ, không cả hai");
  if (due && *due < plan.issued_on) f.error("due_on", "invalid_value", "Hạn không được trước ngày ban hành kế hoạch");
  f.finish();
  t.plan = plan.id;
  t.from_unit = plan.unit;
  t.due_on = *due;
  if (to_team) {
    auto team = ctx.store().get_team(*to_team);
    if (!team || !ctx.in_scope(team->unit_id) || !ctx.app.units().is_within(team->unit_id, plan.unit))
      throw validation({{"to_team_id", "invalid_value", "Tổ không thuộc địa bàn của " + ctx.app.units().find(plan.unit)->name}});
    t.to_team = team->id;
    t.to_unit = team->unit_id;
  } else {
    if (!ctx.in_scope(*to_unit) || *to_unit == plan.unit || !ctx.app.units().is_within(*to_unit, plan.unit))
      throw validation({{"to_unit_id", "invalid_value",
                         "Nhiệm vụ chỉ giao cho đơn vị cấp dưới của " + ctx.app.units().find(plan.unit)->name}});
    t.to_unit = *to_unit;
  }
  Id id = 0;
  try {
    id = create_plan_task(ctx.app, t, ctx.caller().user_id, key, digest);
  } catch (const DbConstraintError&) {
    if (auto r = replay(ctx, "plan_tasks", key, digest, show)) return *r;
    throw;
  }
  return show(id);
}

static PlanTask task_of(const Ctx& ctx, Id id) {
  auto t = ctx.store().get_plan_task(id);
  if (!t || !task_visible(ctx, *t)) throw not_found();
  return *t;
}

static Response get_task_route(Ctx& ctx) {
  PlanTask t = task_of(ctx, ctx.id_param("id"));
  json j = task_json(ctx, t, ctx.date_param());
  json history = json::array();
  auto events = ctx.store().task_events(t.id);
  std::vector<Id> ids;
  for (const TaskEvent& e : events) ids.push_back(e.by);
  auto names = ctx.store().user_names(ids);
  for (const TaskEvent& e : events)
    history.push_back({{"action", e.action}, {"status", task_status_code(e.status)}, {"note", e.note}, {"link", e.link},
                       {"reason", e.reason}, {"by", {{"id", e.by}, {"name", names[e.by]}}}, {"at", e.at}});
  j["history"] = history;
  return json_response(200, j);
}

// The assignee reports: officers whose scope lies in the task's unit, and
// for a task given to a team, the team's members (the team member accounts
// of the team's village, where its leader and members log in).
static Response report_task_route(Ctx& ctx) {
  PlanTask before = task_of(ctx, ctx.id_param("id"));
  const Principal& who = ctx.caller();
  if (!(who.role == Role::TeamMember && may_report(ctx, before))) ctx.require_write();
  if (!may_report(ctx, before)) throw forbidden("Chỉ đơn vị được giao nhiệm vụ báo cáo tiến độ");
  Fields f(ctx.body, {"status", "note", "link"});
  auto st = f.text("status", true, 20);
  std::optional<TaskStatus> status = st ? parse_task_status(*st) : std::nullopt;
  if (st && (!status || *status == TaskStatus::Accepted))
    f.error("status", "invalid_value", "Trạng thái '" + *st + "' không hợp lệ (not_started, in_progress, done)");
  auto note = f.text("note", false, 2000);
  auto link = f.text("link", false, 500);
  if (link && !link->empty() && !link->starts_with("https://") && !link->starts_with("http://"))
    f.error("link", "invalid_value", "Liên kết minh chứng phải bắt đầu bằng https://");
  f.finish();
  if (before.status == TaskStatus::Accepted) throw state_conflict("task_accepted", "Nhiệm vụ đã được nghiệm thu");
  PlanTask after = before;
  after.status = *status;
  after.note = note.value_or("");
  after.link = link.value_or("");
  step_plan_task(ctx.app, before, after, TaskEvent{0, "report", *status, after.note, after.link, "", who.user_id, 0});
  return json_response(200, task_json(ctx, *ctx.store().get_plan_task(before.id), today_local()));
}

// The assigner accepts "done" or returns it with a reason.
static Response review_task_route(Ctx& ctx) {
  PlanTask before = task_of(ctx, ctx.id_param("id"));
  ctx.require_write();
  if (!may_review(ctx, before)) throw forbidden("Chỉ đơn vị giao nhiệm vụ được nghiệm thu hoặc trả lại");
  Fields f(ctx.body, {"decision", "reason"});
  auto decision = f.text("decision", true, 20);
  auto reason = f.text("reason", false, 2000);
  if (decision && *decision != "accept" && *decision != "return")
    f.error("decision", "invalid_value", "Quyết định phải là 'accept' (nghiệm thu) hoặc 'return' (trả lại)");
  if (decision && *decision == "return" && (!reason || reason->empty()))
    f.error("reason", "missing_field", "Trả lại nhiệm vụ cần nêu lý do");
  f.finish();
  if (before.status != TaskStatus::Done)
    throw state_conflict("task_not_done", "Chỉ nghiệm thu hoặc trả lại nhiệm vụ đã báo cáo hoàn thành");
  PlanTask after = before;
  bool accept = *decision == "accept";
  after.status = accept ? TaskStatus::Accepted : TaskStatus::InProgress;
  step_plan_task(ctx.app, before, after,
                 TaskEvent{0, accept ? "accept" : "return", after.status, "", "", reason.value_or(""), ctx.caller().user_id, 0});
  return json_response(200, task_json(ctx, *ctx.store().get_plan_task(before.id), today_local()));
}

// ---- the leader's board (Bảng điều hành)

// The issued plans running on the day for a unit's area (its own plans and
// those of the units below it in the caller's scope): each plan's targets
// counted by forecast, the unit's own targets' progress, overdue tasks, and
// the units most behind (lowest share of target among the at risk and
// missed), all from plan_progress (the scorecard's figures).
static Response board_route(Ctx& ctx) {
  const Unit& u = ctx.unit(ctx.id_param("id"));
  const Date today = ctx.date_param();
  constexpr size_t kBehind = 10, kOverdue = 50;
  json plans = json::array(), overdue_tasks = json::array();
  struct Behind {
    TargetProgress p;
    const Plan* plan;
  };
  std::vector<Behind> behind;
  std::vector<Plan> open;
  for (const Plan& p : ctx.store().all_plans())
    if (p.status == PlanStatus::Issued && !(today < p.start_on) && !(p.end_on < today) &&
        ctx.app.units().is_within(p.unit, u.id) && ctx.in_scope(p.unit))
      open.push_back(p);
  size_t overdue_count = 0;
  for (const Plan& p : open) {
    std::vector<PlanTarget> targets;
    for (const PlanTarget& t : ctx.store().targets_of_plan(p.id))
      if (ctx.in_scope(t.unit)) targets.push_back(t);
    int counts[5] = {0, 0, 0, 0, 0};
    json own = json::array();
    for (const TargetProgress& tp : plan_progress(ctx.app, p, targets, today)) {
      ++counts[static_cast<int>(tp.forecast.status)];
      if (tp.target.unit == p.unit) {
        json j = target_json(ctx, p, tp.target);
        j["current"] = tp.value ? json(*tp.value) : json(nullptr);
        j["share"] = tp.share ? json(std::round(*tp.share * 1000) / 1000) : json(nullptr);
        j["forecast"] = forecast_code(tp.forecast.status);
        j["forecast_name"] = forecast_name(tp.forecast.status);
        own.push_back(j);
      } else if (tp.forecast.status == Forecast::AtRisk || tp.forecast.status == Forecast::Missed) {
        behind.push_back({tp, &p});
      }
    }
    int late = 0;
    for (const PlanTask& t : ctx.store().tasks_of_plan(p.id))
      if (overdue(t, today) && task_visible(ctx, t)) {
        ++late;
        if (overdue_tasks.size() < kOverdue) {
          json j = task_json(ctx, t, today);
          j["plan_number"] = p.number;
          j["days_late"] = today.days - t.due_on.days;
          overdue_tasks.push_back(j);
        }
      }
    overdue_count += static_cast<size_t>(late);
    json b = plan_brief(ctx, p);
    b["targets"] = {{"met", counts[static_cast<int>(Forecast::Met)]},
                    {"missed", counts[static_cast<int>(Forecast::Missed)]},
                    {"on_track", counts[static_cast<int>(Forecast::OnTrack)]},
                    {"at_risk", counts[static_cast<int>(Forecast::AtRisk)]},
                    {"historical", counts[static_cast<int>(Forecast::Historical)]},
                    {"total", targets.size()}};
    b["own_targets"] = own;
    b["overdue_tasks"] = late;
    plans.push_back(b);
  }
  std::stable_sort(behind.begin(), behind.end(),
                   [](const Behind& a, const Behind& b) { return a.p.share.value_or(0) < b.p.share.value_or(0); });
  json most_behind = json::array();
  for (size_t i = 0; i < behind.size() && i < kBehind; ++i) {
    const Behind& b = behind[i];
    json j = target_json(ctx, *b.plan, b.p.target);
    j["unit"] = unit_json(ctx.app.units(), b.p.target.unit, b.p.period.structure);
    j["plan_number"] = b.plan->number;
    j["current"] = b.p.value ? json(*b.p.value) : json(nullptr);
    j["share"] = b.p.share ? json(std::round(*b.p.share * 1000) / 1000) : json(nullptr);
    j["forecast"] = forecast_code(b.p.forecast.status);
    j["forecast_name"] = forecast_name(b.p.forecast.status);
    most_behind.push_back(j);
  }
  std::stable_sort(overdue_tasks.begin(), overdue_tasks.end(),
                   [](const json& a, const json& b) { return a["days_late"].get<int>() > b["days_late"].get<int>(); });
  return json_response(200, json{{"unit", unit_json(ctx.app.units(), u.id, ctx.as_of(u))},
                                 {"date", format_iso(today)},
                                 {"plans", plans},
                                 {"overdue_tasks", overdue_tasks},
                                 {"overdue_count", overdue_count},
                                 {"behind", most_behind}});
}

// ---- files: the plan's document (PDF) and tasks' evidence (PDF, JPEG, PNG)

// The file as the body and ?name=: the bytes checked by their magic (not the
// name), at most kPlanFileMaxBytes; 413 too large, 415 another type, nothing saved.
static PlanFile read_upload(Ctx& ctx, bool pdf_only) {
  const nlohmann::json params = upload_params(ctx);
  Fields f(params, {"name"});
  auto name = f.text("name", true, 1000);
  f.finish();
  std::string bytes(uploaded_file(ctx, kPlanFileMaxBytes, "Tệp tối đa " + std::to_string(kPlanFileMaxBytes / 1024 / 1024) + " MB"));
  auto type = sniff_file_type(bytes);
  if (!type || (pdf_only && *type != FileType::Pdf))
    throw ApiError{415, "unsupported_file_type", "Loại tệp không được chấp nhận",
                   pdf_only ? "Văn bản kế hoạch phải là tệp PDF" : "Minh chứng phải là tệp PDF, JPEG hoặc PNG", {}};
  PlanFile out;
  out.name = sanitise_file_name(*name, *type);
  out.content_type = std::string(file_type_mime(*type));
  out.content = std::move(bytes);
  return out;
}

static Response upload_plan_document(Ctx& ctx) {
  Plan plan = plan_of(ctx, ctx.id_param("id"));
  require_issuer(ctx, plan);
  PlanFile f = read_upload(ctx, true);
  f.plan = plan.id;
  Id id = attach_plan_file(ctx.app, f, ctx.caller().user_id);
  return json_response(201, file_json(*get_plan_file(ctx.store(), id, false)));
}

static Response upload_task_evidence(Ctx& ctx) {
  PlanTask t = task_of(ctx, ctx.id_param("id"));
  if (!(ctx.caller().role == Role::TeamMember && may_report(ctx, t))) ctx.require_write();
  if (!may_report(ctx, t)) throw forbidden("Chỉ đơn vị được giao nhiệm vụ nộp minh chứng");
  if (t.status == TaskStatus::Accepted) throw state_conflict("task_accepted", "Nhiệm vụ đã được nghiệm thu");
  PlanFile f = read_upload(ctx, false);
  f.plan = t.plan;
  f.task = t.id;
  Id id = attach_plan_file(ctx.app, f, ctx.caller().user_id);
  return json_response(201, file_json(*get_plan_file(ctx.store(), id, false)));
}

static Response download_plan_file(Ctx& ctx) {
  auto f = get_plan_file(ctx.store(), ctx.id_param("id"), true);
  if (!f) throw not_found();
  plan_of(ctx, f->plan);  // 404 unless the plan is seen
  if (f->task) task_of(ctx, f->task);
  std::string ext = f->name.substr(f->name.rfind('.') + 1);
  std::string stem = f->name.substr(0, f->name.rfind('.'));
  return file_download(std::move(f->content), f->content_type, stem, stem, ext);
}

void add_plan_routes(Router& r) {
  r.add_upload("POST", "/api/v1/plans/{id}/document", upload_plan_document);
  r.add_upload("POST", "/api/v1/tasks/{id}/evidence", upload_task_evidence);
  r.add("GET", "/api/v1/plan-files/{id}", download_plan_file);
  r.add("GET", "/api/v1/units/{id}/plan-board", board_route);
  r.add("POST", "/api/v1/plans", create_plan_route);
  r.add("GET", "/api/v1/plans/{id}", get_plan_route);
  r.add("PATCH", "/api/v1/plans/{id}", patch_plan_route);
  r.add("GET", "/api/v1/units/{id}/plans", unit_plans_route);
  r.add("POST", "/api/v1/plans/{id}/targets", add_target_route);
  r.add("DELETE", "/api/v1/plan-targets/{id}", delete_target_route);
  r.add("GET", "/api/v1/plans/{id}/target-table.xlsx", target_table_template_route);
  r.add_upload("POST", "/api/v1/plans/{id}/target-table", target_table_read_route);
  r.add("GET", "/api/v1/plans/{id}/progress", progress_route);
  r.add("GET", "/api/v1/plans/{id}/progress.xlsx", progress_xlsx_route);
  r.add("POST", "/api/v1/plans/{id}/tasks", add_task_route);
  r.add("GET", "/api/v1/tasks/{id}", get_task_route);
  r.add("POST", "/api/v1/tasks/{id}/report", report_task_route);
  r.add("POST", "/api/v1/tasks/{id}/review", review_task_route);
}

}  // namespace langso
