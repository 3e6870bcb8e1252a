// Indicators, targets, scorecards, rankings and series.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "http/api.h"
#include "http/fields.h"
#include "http/json_out.h"
#include "http/paging.h"
#include "http/scorecard.h"

namespace langso {

static nlohmann::json indicator_json(App& app, const Indicator& i) {
  const Label* p = find_label(pillars(), i.pillar);
  return {{"code", i.code}, {"name", i.name}, {"unit", i.unit}, {"pillar", i.pillar},
          {"pillar_name", p ? std::string(p->name) : i.pillar}, {"kind", i.spec_json(app.types())["kind"]},
          {"spec", i.spec_json(app.types())},
          {"national_target", i.national_target ? nlohmann::json(*i.national_target) : nlohmann::json(nullptr)},
          {"builtin", i.builtin}};
}

static Response list_indicators(Ctx& ctx) {
  nlohmann::json items = nlohmann::json::array(), ps = nlohmann::json::array();
  for (const Indicator& i : ctx.app.indicators().list()) items.push_back(indicator_json(ctx.app, i));
  for (const Label& l : pillars()) ps.push_back({{"code", l.code}, {"name", l.name}});
  return json_response(200, {{"items", items}, {"pillars", ps}});
}

static Response create_indicator(Ctx& ctx) {
  const Role r = ctx.caller().role;
  if (r != Role::Admin && r != Role::ProvinceOfficer) throw forbidden("Chỉ cán bộ tỉnh và quản trị viên thêm được chỉ số");
  Fields f(ctx.body, {"code", "name", "unit", "pillar", "kind", "type", "field", "category", "numerator",
                      "denominator", "scale", "national_target", "national_targets", "status",
                      "statuses", "min_age", "max_age"});
  f.text("code", true, 60);
  f.text("name", true, 300);
  f.text("unit", true, 40);
  f.finish();
  const std::string code = ctx.body["code"].get<std::string>();
  for (char c : code)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
      throw validation({{"code", "invalid_value", "Mã chỉ số chỉ gồm a-z, 0-9 và '_'"}});
  Indicator ind;
  try {
    ind = IndicatorCatalog::parse(ctx.body, ctx.app.types(), ctx.app.indicators(), &ctx.app.statuses());
  } catch (const std::exception& e) {
    throw validation({{"spec", "invalid_value", std::string("Chỉ số không hợp lệ: ") + e.what()}});
  }
  ind.builtin = false;
  Store& s = ctx.store();
  Transaction tx(s.db());
  s.insert_indicator(ctx.body, false);
  s.audit(ctx.caller().user_id, "create", "indicator", 0, "", ctx.body.dump());
  tx.commit();
  auto x = ctx.app.exclusive();
  ctx.app.indicators().add(ind);
  return json_response(201, indicator_json(ctx.app, ind));
}

// Period and structure from the query, checked. The defaults are the one
// view every screen opens on (default_period): the twelve months up to the
// unit's as-of date (today, or its last day if it ended), on that date's
// structure — never a "this year" that is empty every January.
static Period read_period(Ctx& ctx, const Unit& u) {
  const Date as_of = ctx.as_of(u);
  Period p = default_period(as_of);
  if (ctx.query("to")) p.to = ctx.date_param("to");
  if (ctx.query("from")) p.from = ctx.date_param("from");
  else if (ctx.query("to")) p.from = default_period(p.to).from;
  p.structure = ctx.structure_date(u, as_of);
  if (p.to < p.from) throw bad_query("'from' phải trước hoặc bằng 'to'");
  return p;
}

static const Indicator& indicator_param(Ctx& ctx) {
  auto code = ctx.query("indicator");
  if (!code || code->empty()) throw bad_query("Thiếu tham số 'indicator'");
  const Indicator* ind = ctx.app.indicators().find(*code);
  if (!ind) throw bad_query("Chỉ số '" + *code + "' không tồn tại");
  return *ind;
}

// The unit a figure route is about: one in the caller's scope, or (id 0) the
// nation, for a caller whose scope it is (an administrator). The nation is a
// unit of every structure whose units below are the provinces.
static const Unit& subject(Ctx& ctx) {
  static const Unit nation{0, "", "Toàn quốc", "quoc_gia", Level::Province, {kMinDate, kMaxDate}};
  if (ctx.params.at("id") == "0") {
    if (ctx.caller().scope_unit != 0 || ctx.caller().role != Role::Admin) throw not_found();
    return nation;
  }
  return ctx.unit(ctx.id_param("id"));
}

// The units a ranking compares: the unit's children on the structure, or
// with level=commune (village, district, province) every unit of that level
// below it — all the communes of a province at once.
static std::vector<Id> ranked_units(Ctx& ctx, const Unit& u, Date structure) {
  const UnitIndex& units = ctx.app.units();
  auto level = ctx.query("level");
  if (!level || level->empty() || *level == "children")
    return u.id == 0 ? units.roots_at(structure) : units.children_at(u.id, structure);
  std::optional<Level> want;
  for (Level l : {Level::Province, Level::District, Level::Commune, Level::Village})
    if (level_code(l) == *level) want = l;
  if (!want) throw bad_query("'level' là 'children', 'province', 'district', 'commune' hoặc 'village'");
  std::vector<Id> out;
  auto take = [&](const Unit& x) {
    if (x.level == *want && x.id != u.id) out.push_back(x.id);
  };
  if (u.id == 0)
    for (Id root : units.roots_at(structure)) units.for_each_descendant(root, structure, take);
  else
    units.for_each_descendant(u.id, structure, take);
  if (out.size() > 20000) throw bad_query("Quá nhiều đơn vị để xếp hạng một lần; hãy chọn một tỉnh");
  return out;
}

static Response scorecard(Ctx& ctx) {
  const Unit& u = subject(ctx);
  Period p = read_period(ctx, u);
  Response r;
  r.body = scorecard_body(ctx.app, u.id, p);
  return r;
}

// Raw counts tie most units of a district; basis=per_1000 ranks a count
// per 1,000 residents (the unit's published population), which a leader
// can compare across units of different sizes. A unit without a published
// population has no rate, and comes last.
static bool rate_applies(const Indicator& ind) {
  switch (ind.kind) {
    case IndicatorKind::Sum:
    case IndicatorKind::Count:
    case IndicatorKind::Teams:
    case IndicatorKind::Members:
    case IndicatorKind::TrainedMembers: return true;
    default: return false;
  }
}

static Response ranking(Ctx& ctx) {
  const Unit& u = subject(ctx);
  Period p = read_period(ctx, u);
  const Indicator& ind = indicator_param(ctx);
  bool asc = ctx.query("order").value_or("desc") == "asc";
  if (auto o = ctx.query("order"); o && *o != "asc" && *o != "desc") throw bad_query("'order' là 'asc' hoặc 'desc'");
  const std::string basis = ctx.query("basis").value_or("value");
  if (basis != "value" && basis != "per_1000") throw bad_query("'basis' là 'value' hoặc 'per_1000'");
  const bool per_1000 = basis == "per_1000";
  if (per_1000 && !rate_applies(ind))
    throw bad_query(ind.name + " đã là một tỷ lệ: chỉ xếp hạng số đếm theo 1.000 dân");
  std::vector<ValueCell> cells;
  for (Id id : ranked_units(ctx, u, p.structure)) {
    ValueCell c = evaluate(ctx.app, id, ind, p);
    if (per_1000) {
      // The rate ranks; the target is a count, so it has no rate to compare.
      c.value = c.population > 0 && c.value ? std::optional<double>(*c.value * 1000.0 / static_cast<double>(c.population))
                                            : std::nullopt;
      c.target.reset();
      c.status = Status::NoTarget;
    }
    cells.push_back(c);
  }
  rank_cells(cells, asc);
  // A page of the ranking: `limit` rows from place `offset` (0 first). Ranks
  // are over every unit compared, whatever the page; without `limit`, all.
  size_t first = 0, last = cells.size();
  if (ctx.query("limit")) {
    const size_t limit = limit_param(ctx, 50, 500);
    if (auto o = ctx.query("offset")) {
      size_t n = 0;
      auto [end, ec] = std::from_chars(o->data(), o->data() + o->size(), n);
      if (ec != std::errc() || end != o->data() + o->size()) throw bad_query("Tham số 'offset' phải là số nguyên không âm");
      first = std::min(n, cells.size());
    }
    last = first + std::min(limit, cells.size() - first);
  }
  nlohmann::json items = nlohmann::json::array();
  for (size_t i = first; i < last; ++i) {
    nlohmann::json j = cell_json(cells[i]);
    j["rank"] = cells[i].rank;
    j["unit"] = unit_json(ctx.app.units(), cells[i].unit, p.structure);
    j["population"] = cells[i].population ? nlohmann::json(cells[i].population) : nlohmann::json(nullptr);
    items.push_back(std::move(j));
  }
  return json_response(200, {{"indicator", indicator_json(ctx.app, ind)}, {"from", format_iso(p.from)},
                             {"to", format_iso(p.to)}, {"structure_date", format_iso(p.structure)},
                             {"basis", basis}, {"level", ctx.query("level").value_or("children")}, {"count", cells.size()},
                             {"next_offset", last < cells.size() ? nlohmann::json(last) : nlohmann::json(nullptr)},
                             {"items", items}});
}

static Response series(Ctx& ctx) {
  const Unit& u = subject(ctx);
  const Indicator& ind = indicator_param(ctx);
  Period p = read_period(ctx, u);
  std::string interval = ctx.query("interval").value_or("month");
  if (interval != "month" && interval != "quarter") throw bad_query("'interval' là 'month' hoặc 'quarter'");
  std::vector<Period> periods = split_periods(p, interval == "quarter" ? 3 : 1);
  if (periods.size() > 120) throw bad_query("Tối đa 120 điểm; hãy thu hẹp khoảng thời gian");
  nlohmann::json points = nlohmann::json::array();
  for (const Period& q : periods) {
    auto v = round_value(evaluate(ctx.app, u.id, ind, q).value);
    points.push_back({{"period", period_label(q, interval == "quarter")}, {"from", format_iso(q.from)},
                      {"to", format_iso(q.to)}, {"value", v ? nlohmann::json(*v) : nlohmann::json(nullptr)}});
  }
  return json_response(200, {{"indicator", indicator_json(ctx.app, ind)}, {"structure_date", format_iso(p.structure)},
                             {"interval", interval}, {"points", points}});
}

// What a leader's first screen shows (GET /units/{id}/summary): the area's
// counts, its composite index, the indicators that have a target — lagging
// first — and the units below that lag most, each with its weakest
// indicator. The same cells as the scorecard (evaluate_all), so every number
// here is the scorecard's.
static nlohmann::json summary_cell(const ValueCell& c) {
  nlohmann::json j = cell_json(c);
  j["code"] = c.indicator->code;
  j["name"] = c.indicator->name;
  j["unit"] = c.indicator->unit;
  j["share"] = c.value && c.target && *c.target > 0 ? nlohmann::json(std::round(1000 * *c.value / *c.target) / 10)
                                                    : nlohmann::json(nullptr);
  return j;
}

static double share_of(const ValueCell& c) {
  return c.value && c.target && *c.target > 0 ? *c.value / *c.target : std::numeric_limits<double>::infinity();
}

static Response summary(Ctx& ctx) {
  const Unit& u = subject(ctx);
  const Period p = read_period(ctx, u);
  App& app = ctx.app;
  std::vector<ValueCell> cells = evaluate_all(app, u.id, p);
  const Totals t = app.engine().totals(u.id, p.to, p.to, p.structure);
  nlohmann::json targets = nlohmann::json::array(), index = nullptr;
  std::vector<const ValueCell*> with_target;
  size_t without = 0;
  for (const ValueCell& c : cells) {
    if (c.indicator->kind == IndicatorKind::Composite) index = summary_cell(c);
    else if (c.target) with_target.push_back(&c);
    else ++without;
  }
  std::stable_sort(with_target.begin(), with_target.end(),
                   [](const ValueCell* a, const ValueCell* b) { return share_of(*a) < share_of(*b); });
  for (const ValueCell* c : with_target) targets.push_back(summary_cell(*c));

  // The units below, by their composite index, lowest first; each with the
  // indicator furthest from its target.
  struct Below {
    Id unit;
    std::optional<double> index;
    const ValueCell* weakest = nullptr;
    std::vector<ValueCell> cells;
  };
  std::vector<Below> below;
  for (Id id : u.id == 0 ? app.units().roots_at(p.structure) : app.units().children_at(u.id, p.structure)) {
    Below b{id, std::nullopt, nullptr, evaluate_all(app, id, p)};
    for (const ValueCell& c : b.cells) {
      if (c.indicator->kind == IndicatorKind::Composite) b.index = c.value;
      else if (c.target && (!b.weakest || share_of(c) < share_of(*b.weakest))) b.weakest = &c;
    }
    below.push_back(std::move(b));
  }
  std::stable_sort(below.begin(), below.end(), [](const Below& a, const Below& b) {
    return a.index.value_or(std::numeric_limits<double>::infinity()) < b.index.value_or(std::numeric_limits<double>::infinity());
  });
  nlohmann::json lagging = nlohmann::json::array();
  for (size_t i = 0; i < below.size() && i < 5; ++i) {
    nlohmann::json j = {{"unit", unit_json(app.units(), below[i].unit, p.structure)},
                        {"index", round_value(below[i].index) ? nlohmann::json(*round_value(below[i].index)) : nlohmann::json(nullptr)},
                        {"weakest", below[i].weakest ? summary_cell(*below[i].weakest) : nlohmann::json(nullptr)}};
    lagging.push_back(std::move(j));
  }
  auto cov = [](int64_t part, int64_t total) { return nlohmann::json{{"total", total}, {"with_team", part}}; };
  return json_response(
      200, {{"unit", unit_json(app.units(), u.id, p.structure)},
            {"from", format_iso(p.from)},
            {"to", format_iso(p.to)},
            {"structure_date", format_iso(p.structure)},
            {"running", p.to >= today_local()},
            {"counts", {{"teams", t.teams}, {"members", t.members}, {"trained", t.trained},
                        {"communes", cov(t.communes_covered, t.communes)}, {"villages", cov(t.villages_covered, t.villages)},
                        {"population", t.population ? nlohmann::json(t.population) : nlohmann::json(nullptr)}}},
            {"index", index},
            {"targets", targets},
            {"without_target", without},
            {"units_below", below.size()},
            {"lagging", lagging}});
}

static int year_param(Ctx& ctx) {
  int y;
  unsigned m, d;
  ymd_from_date(today_local(), y, m, d);
  if (auto s = ctx.query("year")) {
    try {
      size_t used = 0;
      y = std::stoi(*s, &used);
      if (used != s->size()) throw std::invalid_argument("year");
    } catch (const std::exception&) {
      throw bad_query("'year' phải là năm, ví dụ 2025");
    }
    if (y < 2020 || y > 2100) throw bad_query("'year' phải từ 2020 đến 2100");
  }
  return y;
}

static nlohmann::json targets_json(App& app, Id unit, int year) {
  nlohmann::json items = nlohmann::json::array();
  auto own = app.targets_of(unit, year);
  for (const Indicator& ind : app.indicators().list()) {
    auto it = std::find_if(own.begin(), own.end(), [&](const TargetRecord& t) { return t.indicator == ind.code; });
    nlohmann::json j = {{"indicator", ind.code}, {"name", ind.name}, {"unit", ind.unit}};
    if (it != own.end()) j["value"] = it->value, j["source"] = "unit";
    else if (auto t = app.target(unit, year, ind)) j["value"] = *t, j["source"] = "national";
    else j["value"] = nullptr, j["source"] = nullptr;
    items.push_back(std::move(j));
  }
  return {{"unit_id", unit}, {"year", year}, {"items", items}};
}

static Response get_targets(Ctx& ctx) {
  const Unit& u = ctx.unit(ctx.id_param("id"));
  return json_response(200, targets_json(ctx.app, u.id, year_param(ctx)));
}

static Response put_targets(Ctx& ctx) {
  const Unit& u = ctx.unit(ctx.id_param("id"));
  ctx.require_write();
  Fields f(ctx.body, {"year", "values"});
  auto year = f.integer("year", true, 2020, 2100);
  auto vals = ctx.body.find("values");
  if (vals == ctx.body.end() || !vals->is_object()) f.error("values", "invalid_type", "values phải là đối tượng mã chỉ số → số");
  else
    for (auto it = vals->begin(); it != vals->end(); ++it) {
      const Indicator* ind = ctx.app.indicators().find(it.key());
      if (!ind) f.error("values." + it.key(), "unknown_field", "Chỉ số '" + it.key() + "' không tồn tại");
      else if (!it->is_null() && !it->is_number()) f.error("values." + it.key(), "invalid_type", ind->name + ": chỉ tiêu phải là số");
      else if (it->is_number() && (it->get<double>() < 0 || !std::isfinite(it->get<double>()) ||
                                   (ind->unit == "%" && it->get<double>() > 100)))
        f.error("values." + it.key(), "invalid_value", ind->name + ": chỉ tiêu không hợp lệ");
    }
  f.finish();
  Store& s = ctx.store();
  Transaction tx(s.db());
  for (auto it = vals->begin(); it != vals->end(); ++it) {
    if (it->is_null()) s.delete_target(u.id, static_cast<int>(*year), it.key());
    else s.put_target({u.id, static_cast<int>(*year), it.key(), it->get<double>()});
  }
  s.audit(ctx.caller().user_id, "update", "targets", u.id, "", ctx.body.dump());
  tx.commit();
  auto x = ctx.app.exclusive();
  for (auto it = vals->begin(); it != vals->end(); ++it) {
    if (it->is_null()) ctx.app.erase_target(u.id, static_cast<int>(*year), it.key());
    else ctx.app.set_target({u.id, static_cast<int>(*year), it.key(), it->get<double>()});
  }
  return json_response(200, targets_json(ctx.app, u.id, static_cast<int>(*year)));
}

void add_scorecard_routes(Router& r) {
  r.add("GET", "/api/v1/indicators", list_indicators);
  r.add("POST", "/api/v1/indicators", create_indicator);
  r.add("GET", "/api/v1/units/{id}/scorecard", scorecard);
  r.add("GET", "/api/v1/units/{id}/summary", summary);
  r.add("GET", "/api/v1/units/{id}/ranking", ranking);
  r.add("GET", "/api/v1/units/{id}/series", series);
  r.add("GET", "/api/v1/units/{id}/targets", get_targets);
  r.add("PUT", "/api/v1/units/{id}/targets", put_targets);
}

}  // namespace langso
