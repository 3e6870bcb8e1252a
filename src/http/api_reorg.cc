// Reorganisations: the events, and what officers decide after one — where the
// villages of a split commune go, merging or closing the commune-level teams
// a new commune inherited, and confirming an account's new scope.
#include "engine/commands.h"
#include "http/api.h"
#include "http/fields.h"
#include "http/json_out.h"

#include <algorithm>

namespace langso {

static Response list_reorganisations(Ctx& ctx) {
  json items = json::array();
  for (const Reorganisation& r : ctx.app.reorganisations())
    items.push_back({{"id", r.id},
                     {"effective_date", format_iso(r.effective)},
                     {"name", r.name},
                     {"legal_basis", r.legal_basis},
                     {"legal_date", date_json(r.legal_date)}});
  return json_response(200, {{"items", std::move(items)}});
}

static json assignment_json(App& app, const VillageAssignment& v) {
  const UnitIndex& units = app.units();
  const Date from = units.find(v.commune)->valid.from;
  json options = json::array();
  for (const Succession& s : units.successors(v.old_commune)) options.push_back(unit_json(units, s.new_unit, from));
  return {{"village", unit_json(units, v.village, from)},
          {"old_commune", unit_json(units, v.old_commune, Date{from.days - 1})},
          {"commune_id", v.commune},
          {"decided", v.decided_by.has_value()},
          {"options", std::move(options)}};
}

// The villages of split communes that went (or were proposed to go) to this
// unit or anywhere under it, undecided first.
static Response village_assignments(Ctx& ctx) {
  const Unit& u = ctx.unit(ctx.id_param("id"));
  std::vector<VillageAssignment> all = ctx.store().village_assignments();
  std::stable_partition(all.begin(), all.end(), [](const VillageAssignment& v) { return !v.decided_by; });
  json items = json::array();
  size_t pending = 0;
  for (const VillageAssignment& v : all) {
    if (!ctx.app.units().is_within(v.commune, u.id) && !ctx.app.units().is_within(v.old_commune, u.id)) continue;
    if (!ctx.in_scope(v.village)) continue;
    pending += !v.decided_by;
    items.push_back(assignment_json(ctx.app, v));
  }
  return json_response(200, {{"pending", pending}, {"items", std::move(items)}});
}

static Response assign_village_route(Ctx& ctx) {
  const Unit& village = ctx.unit(ctx.id_param("id"));
  ctx.require_write();
  Fields f(ctx.body, {"commune_id"});
  auto commune = f.integer("commune_id", true, 1, INT64_MAX);
  f.finish();
  std::optional<VillageAssignment> current;
  for (const VillageAssignment& v : ctx.store().village_assignments())
    if (v.village == village.id) current = v;
  if (!current) throw conflict(village.name + " không thuộc xã nào bị chia: không có gì cần quyết định");
  auto succ = ctx.app.units().successors(current->old_commune);
  bool allowed = std::any_of(succ.begin(), succ.end(), [&](const Succession& s) { return s.new_unit == *commune; });
  if (!allowed || !ctx.in_scope(*commune)) {
    Fields e(json::object(), {});
    e.error("commune_id", "invalid_value", "Chỉ chọn được một trong các xã mới được lập từ " +
                                               ctx.app.units().find(current->old_commune)->name);
    e.finish();
  }
  assign_village(ctx.app, *current, *commune, ctx.caller().user_id);
  current->commune = *commune;
  current->decided_by = ctx.caller().user_id;
  return json_response(200, assignment_json(ctx.app, *current));
}

static Response inherited_teams_route(Ctx& ctx) {
  const Unit& u = ctx.unit(ctx.id_param("id"));
  json items = json::array();
  size_t pending = 0;
  for (const Team& t : inherited_teams(ctx.app, u.id)) {
    json j = team_json(ctx.app.units(), t, Date{u.valid.from.days - 1});
    j["pending"] = t.active().contains(u.valid.from);  // still open on the new unit's first day
    pending += j["pending"].get<bool>();
    items.push_back(std::move(j));
  }
  return json_response(200, {{"pending", pending}, {"items", std::move(items)}});
}

static Response merge_teams_route(Ctx& ctx) {
  const Unit& u = ctx.unit(ctx.id_param("id"));
  ctx.require_write();
  Fields f(ctx.body, {"team_ids", "name"});
  auto name = f.text("name", true, 200);
  std::vector<Team> chosen;
  const json& ids = ctx.body.contains("team_ids") ? ctx.body["team_ids"] : json();
  if (!ids.is_array() || ids.empty() || ids.size() > 50) {
    f.error("team_ids", "invalid_value", "Cần danh sách mã tổ cần hợp nhất (1 đến 50 tổ)");
  } else {
    std::vector<Team> open;
    for (const Team& t : inherited_teams(ctx.app, u.id))
      if (t.active().contains(u.valid.from)) open.push_back(t);
    for (const json& id : ids) {
      auto it = id.is_number_integer()
                    ? std::find_if(open.begin(), open.end(), [&](const Team& t) { return t.id == id.get<int64_t>(); })
                    : open.end();
      if (it == open.end()) {
        f.error("team_ids", "invalid_value", "Mã " + id.dump() + " không phải tổ còn hoạt động của các đơn vị cũ của " + u.name);
        break;
      }
      if (std::none_of(chosen.begin(), chosen.end(), [&](const Team& t) { return t.id == it->id; })) chosen.push_back(*it);
    }
  }
  f.finish();
  Id id = merge_teams(ctx.app, u.id, chosen, *name, ctx.caller().user_id);
  return json_response(201, team_json(ctx.app.units(), *ctx.store().get_team(id), today_local()));
}

static Response confirm_scope_route(Ctx& ctx) {
  UserRecord user = ctx.user(ctx.id_param("id"));
  if (ctx.caller().role != Role::Admin) throw forbidden("Chỉ quản trị viên xác nhận phạm vi mới của tài khoản");
  Fields f(ctx.body, {"unit_id"});
  auto unit = f.integer("unit_id", true, 1, INT64_MAX);
  f.finish();
  auto candidates = scope_candidates(ctx.app.units(), user.unit_id);
  if (candidates.empty()) throw conflict("Đơn vị của tài khoản vẫn còn: không có phạm vi nào cần xác nhận");
  if (std::find(candidates.begin(), candidates.end(), *unit) == candidates.end()) {
    Fields e(json::object(), {});
    e.error("unit_id", "invalid_value", "Chỉ chọn được một trong các đơn vị mà đơn vị cũ đã trở thành");
    e.finish();
  }
  confirm_scope(ctx.app, user, *unit, ctx.caller().user_id);
  return json_response(200, user_json(ctx.app.units(), *ctx.store().get_user(user.id), today_local()));
}

void add_reorganisation_routes(Router& r) {
  r.add("GET", "/api/v1/reorganisations", list_reorganisations);
  r.add("GET", "/api/v1/units/{id}/village-assignments", village_assignments);
  r.add("PUT", "/api/v1/villages/{id}/assignment", assign_village_route);
  r.add("GET", "/api/v1/units/{id}/inherited-teams", inherited_teams_route);
  r.add("POST", "/api/v1/units/{id}/inherited-teams/merge", merge_teams_route);
  r.add("POST", "/api/v1/users/{id}/scope", confirm_scope_route);
}

}  // namespace langso
