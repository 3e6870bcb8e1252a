// Units: search, lookup by code, children, villages, coverage and teams of a subtree.
#include "engine/commands.h"
#include "http/api.h"
#include "http/fields.h"
#include "http/json_out.h"
#include "http/paging.h"
#include "util/text.h"

#include <algorithm>
#include <cmath>

namespace langso {

static json unit_list(const Ctx& ctx, const std::vector<Id>& ids, Date d) {
  json items = json::array();
  for (Id id : ids) items.push_back(unit_json(ctx.app.units(), id, d));
  return {{"items", std::move(items)}};
}

static Response list_units(Ctx& ctx) {
  const UnitIndex& units = ctx.app.units();
  Date d = ctx.date_param();
  if (auto q = ctx.query("q")) {
    const size_t limit = limit_param(ctx, 20, 100);
    if (q->size() > 200) throw bad_query("Từ khoá tìm kiếm quá dài");
    // Ranked hits are paged by their place in the ranking.
    const std::string filters = "q=" + fold(*q) + "|date=" + ctx.query("date").value_or("");
    size_t offset = 0, total = 0;
    if (auto pos = cursor_param(ctx, "units", filters)) {
      if (!pos->is_object() || !(*pos)["o"].is_number_unsigned()) throw invalid_cursor();
      offset = (*pos)["o"].get<size_t>();
    }
    std::vector<Id> ids = units.search(*q, d, limit, [&](Id id) { return ctx.in_scope(id); }, offset, &total);
    json out = unit_list(ctx, ids, d);
    out["total"] = total;
    out["next_cursor"] = offset + ids.size() < total ? json(encode_cursor(ctx, "units", filters, {{"o", offset + ids.size()}}))
                                                     : json(nullptr);
    return json_response(200, out);
  }
  if (auto code = ctx.query("code")) {
    std::vector<Id> ids;
    for (Id id : units.by_code(*code, d))
      if (ctx.in_scope(id)) ids.push_back(id);
    return json_response(200, unit_list(ctx, ids, d));
  }
  const Principal& p = ctx.caller();
  std::vector<Id> ids;
  if (p.scope_unit == 0) ids = units.roots_at(d);
  else ids.push_back(p.scope_unit);
  return json_response(200, unit_list(ctx, ids, d));
}

static Response get_unit(Ctx& ctx) {
  const Unit& u = ctx.unit(ctx.id_param("id"));
  Date d = ctx.date_for(u);
  json j = unit_json(ctx.app.units(), u.id, d);
  j["children_count"] = ctx.app.units().children_at(u.id, d).size();
  return json_response(200, j);
}

static Response children(Ctx& ctx) {
  const Unit& u = ctx.unit(ctx.id_param("id"));
  Date d = ctx.date_for(u);
  return json_response(200, unit_list(ctx, ctx.app.units().children_at(u.id, d), d));
}

static Response create_village_route(Ctx& ctx) {
  const Unit& commune = ctx.unit(ctx.id_param("id"));
  ctx.require_write();
  Fields f(ctx.body, {"name", "type", "valid_from"});
  auto name = f.text("name", true, 100);
  auto type = f.text("type", true, 40);
  auto from = f.date("valid_from", false);
  const UnitType* t = type ? find_unit_type(*type) : nullptr;
  if (type && (!t || t->level != Level::Village))
    f.error("type", "invalid_value", "Loại '" + *type + "' không phải loại thôn, bản, tổ dân phố");
  if (commune.level != Level::Commune)
    f.error("unit_id", "invalid_value", "Chỉ tạo được thôn, bản, tổ dân phố trong một xã, phường, thị trấn");
  f.finish();
  // "nà pài", "Thôn Nà Pài" and "thôn Nà Pài" all become "Thôn Nà Pài".
  std::string full = *name;
  const std::string prefix_folded = fold(t->prefix) + " ";
  if (fold(full).starts_with(prefix_folded)) {
    // Drop as many words as the type name has, however the user spelled them.
    for (size_t n = words(prefix_folded).size(); n > 0; --n) full = trim(full.substr(full.find(' ') + 1));
  }
  full = std::string(t->prefix) + full;
  Date today = today_local();
  for (Id c : ctx.app.units().children_at(commune.id, ctx.as_of(commune)))
    if (fold(ctx.app.units().find(c)->name) == fold(full))
      throw conflict("Đã có " + ctx.app.units().find(c)->name + " trong " + commune.name);
  Id id = create_village(ctx.app, commune.id, full, std::string(t->code), from.value_or(kMinDate), ctx.caller().user_id);
  return json_response(201, unit_json(ctx.app.units(), id, today));
}

// Coverage on a day, from the engine: the same stocks the scorecard, the
// ranking and the reports count (communes merged into one count once, teams
// of units that ended count for their successors).
static Response coverage(Ctx& ctx) {
  const Unit& u = ctx.unit(ctx.id_param("id"));
  Date d = ctx.date_for(u);
  Engine& engine = ctx.app.engine();
  const Totals t = engine.totals(u.id, d, d, d);
  auto pct = [](int64_t part, int64_t total) {
    return total ? static_cast<double>(std::llround(1000.0 * static_cast<double>(part) / static_cast<double>(total))) / 10.0 : 0.0;
  };
  std::vector<Id> without;
  ctx.app.units().for_each_descendant(u.id, d, [&](const Unit& c) {
    if (c.level == Level::Commune && engine.totals(c.id, d, d, d).communes_covered == 0) without.push_back(c.id);
  });
  ctx.app.units().sort_by_name(without);
  json missing = json::array();
  for (Id id : without) missing.push_back(unit_json(ctx.app.units(), id, d));
  return json_response(
      200, {{"unit", unit_json(ctx.app.units(), u.id, d)},
            {"date", format_iso(d)},
            {"teams", t.teams},
            {"members", t.members},
            {"communes", {{"total", t.communes}, {"with_team", t.communes_covered}, {"percent", pct(t.communes_covered, t.communes)}}},
            {"villages", {{"total", t.villages}, {"with_team", t.villages_covered}, {"percent", pct(t.villages_covered, t.villages)}}},
            {"communes_without_team", std::move(missing)}});
}

void add_unit_routes(Router& r) {
  r.add("GET", "/api/v1/units", list_units);
  r.add("GET", "/api/v1/units/{id}", get_unit);
  r.add("GET", "/api/v1/units/{id}/children", children);
  r.add("POST", "/api/v1/units/{id}/villages", create_village_route);
  r.add("GET", "/api/v1/units/{id}/coverage", coverage);
}

}  // namespace langso
