// Indicators, targets, scorecards, rankings and series.
#include <algorithm>
#include <cmath>

#include "http/api.h"
#include "http/fields.h"
#include "http/json_out.h"
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
                      "denominator", "scale", "national_target"});
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
    ind = IndicatorCatalog::parse(ctx.body, ctx.app.types(), ctx.app.indicators());
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

static Response scorecard(Ctx& ctx) {
  const Unit& u = ctx.unit(ctx.id_param("id"));
  Period p = read_period(ctx, u);
  Response r;
  r.body = scorecard_body(ctx.app, u.id, p);
  return r;
}

static Response ranking(Ctx& ctx) {
  const Unit& u = ctx.unit(ctx.id_param("id"));
  Period p = read_period(ctx, u);
  const Indicator& ind = indicator_param(ctx);
  bool asc = ctx.query("order").value_or("desc") == "asc";
  if (auto o = ctx.query("order"); o && *o != "asc" && *o != "desc") throw bad_query("'order' là 'asc' hoặc 'desc'");
  std::vector<ValueCell> cells;
  for (Id child : ctx.app.units().children_at(u.id, p.structure)) cells.push_back(evaluate(ctx.app, child, ind, p));
  rank_cells(cells, asc);
  nlohmann::json items = nlohmann::json::array();
  for (size_t i = 0; i < cells.size(); ++i) {
    nlohmann::json j = cell_json(cells[i]);
    j["rank"] = cells[i].rank;
    j["unit"] = unit_json(ctx.app.units(), cells[i].unit, p.structure);
    items.push_back(std::move(j));
  }
  return json_response(200, {{"indicator", indicator_json(ctx.app, ind)}, {"from", format_iso(p.from)},
                             {"to", format_iso(p.to)}, {"structure_date", format_iso(p.structure)}, {"items", items}});
}

static Response series(Ctx& ctx) {
  const Unit& u = ctx.unit(ctx.id_param("id"));
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
  r.add("GET", "/api/v1/units/{id}/ranking", ranking);
  r.add("GET", "/api/v1/units/{id}/series", series);
  r.add("GET", "/api/v1/units/{id}/targets", get_targets);
  r.add("PUT", "/api/v1/units/{id}/targets", put_targets);
}

}  // namespace langso
