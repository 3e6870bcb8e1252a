// Teams and their members.
#include <algorithm>

#include "engine/commands.h"
#include "http/api.h"
#include "http/fields.h"
#include "http/json_out.h"
#include "util/text.h"

namespace langso {

static const std::initializer_list<std::string_view> kTeamFields = {
    "unit_id", "name", "decision_number", "decision_date", "decision_issuer", "active_from",
    "active_to", "zalo_link", "zalo_members", "notes"};

// Applies the fields present in the body to t (create: every required field).
static void read_team(Fields& f, const json& body, Team& t, bool create) {
  auto set_text = [&](const char* name, std::string& dst, bool required, size_t max) {
    if (create || f.present(name)) {
      auto v = f.text(name, required, max);
      if (v) dst = *v;
      else if (f.is_null(name) && !required) dst.clear();
    }
  };
  set_text("name", t.name, true, 200);
  set_text("decision_number", t.decision_number, false, 50);
  set_text("decision_issuer", t.decision_issuer, false, 200);
  set_text("zalo_link", t.zalo_link, false, 500);
  set_text("notes", t.notes, false, 2000);
  if (create || f.present("decision_date")) t.decision_date = f.date("decision_date", false);
  if (create || f.present("active_from")) {
    if (auto d = f.date("active_from", true)) t.active_from = *d;
  }
  if (create || f.present("active_to")) t.active_to = f.date("active_to", false);
  if (create || f.present("zalo_members")) {
    if (auto n = f.integer("zalo_members", false, 0, 100000)) t.zalo_members = *n;
    else if (f.is_null("zalo_members")) t.zalo_members = 0;
  }
  if (!f.ok()) return;
  if (t.active_to && *t.active_to < t.active_from)
    f.error("active_to", "invalid_value", "Ngày kết thúc hoạt động không được trước ngày bắt đầu");
  if (t.decision_date && t.active_from < *t.decision_date)
    f.error("active_from", "invalid_value", "Ngày bắt đầu hoạt động không được trước ngày quyết định thành lập");
  if (t.decision_date && *t.decision_date > today_local())
    f.error("decision_date", "invalid_value", "Ngày quyết định không được ở tương lai");
  if (!t.zalo_link.empty() && !t.zalo_link.starts_with("https://") && !t.zalo_link.starts_with("http://"))
    f.error("zalo_link", "invalid_value", "Liên kết nhóm Zalo phải bắt đầu bằng https://");
}

static Response create_team_route(Ctx& ctx) {
  ctx.require_write();
  Fields f(ctx.body, kTeamFields);
  auto unit_id = f.integer("unit_id", true, 1, INT64_MAX);
  Team t;
  read_team(f, ctx.body, t, true);
  f.finish();
  const Unit& u = ctx.unit(*unit_id);
  if (u.level != Level::Commune && u.level != Level::Village)
    throw validation({{"unit_id", "invalid_value", "Tổ CNSCĐ thuộc một xã, phường, thị trấn hoặc một thôn, tổ dân phố"}});
  t.unit_id = u.id;
  Id id = create_team(ctx.app, t, ctx.caller().user_id);
  return json_response(201, team_json(ctx.app.units(), *ctx.store().get_team(id), today_local()));
}

static Response get_team(Ctx& ctx) {
  Team t = ctx.team(ctx.id_param("id"));
  return json_response(200, team_json(ctx.app.units(), t, ctx.date_param()));
}

static Response patch_team(Ctx& ctx) {
  Team before = ctx.team(ctx.id_param("id"));
  ctx.require_write();
  Fields f(ctx.body, kTeamFields);
  if (f.present("unit_id")) f.error("unit_id", "invalid_value", "Không thể chuyển tổ sang đơn vị khác");
  Team after = before;
  read_team(f, ctx.body, after, false);
  f.finish();
  update_team(ctx.app, before, after, ctx.caller().user_id);
  return json_response(200, team_json(ctx.app.units(), *ctx.store().get_team(after.id), today_local()));
}

static Response delete_team_route(Ctx& ctx) {
  Team t = ctx.team(ctx.id_param("id"));
  ctx.require_write();
  delete_team(ctx.app, t, ctx.caller().user_id);
  return no_content();
}

// ---- members

static const std::initializer_list<std::string_view> kMemberFields = {
    "full_name", "phone", "role", "affiliation", "joined_on", "left_on", "trained_on"};

static void read_member(Fields& f, Member& m, bool create) {
  if (create || f.present("full_name"))
    if (auto v = f.text("full_name", true, 100)) m.full_name = *v;
  if (create || f.present("phone")) {
    if (auto v = f.text("phone", true, 20)) {
      if (auto p = normalize_phone(*v)) m.phone = *p;
      else f.error("phone", "invalid_value", "Số điện thoại '" + *v + "' không hợp lệ (10 chữ số, bắt đầu bằng 0)");
    }
  }
  if (create || f.present("role")) {
    auto v = f.text("role", false, 30);
    if (v && !find_label(member_roles(), *v)) f.error("role", "invalid_value", "Vai trò '" + *v + "' không hợp lệ");
    else if (v) m.role = *v;
    else if (create) m.role = "thanh_vien";
  }
  if (create || f.present("affiliation")) {
    auto v = f.text("affiliation", false, 30);
    if (v && !find_label(affiliations(), *v)) f.error("affiliation", "invalid_value", "Đơn vị công tác '" + *v + "' không hợp lệ");
    else if (v) m.affiliation = *v;
    else if (create) m.affiliation = "khac";
  }
  if (create || f.present("joined_on"))
    if (auto d = f.date("joined_on", true)) m.joined_on = *d;
  if (create || f.present("left_on")) m.left_on = f.date("left_on", false);
  if (create || f.present("trained_on")) m.trained_on = f.date("trained_on", false);
  if (!f.ok()) return;
  if (m.left_on && *m.left_on < m.joined_on)
    f.error("left_on", "invalid_value", "Ngày rời tổ không được trước ngày tham gia");
  Date today = today_local();
  if (m.joined_on > today) f.error("joined_on", "invalid_value", "Ngày tham gia không được ở tương lai");
  if (m.trained_on && *m.trained_on > today) f.error("trained_on", "invalid_value", "Ngày tập huấn không được ở tương lai");
}

bool show_personal_data(Ctx& ctx, std::string_view entity, Id id, int64_t records) {
  if (!sees_personal_data(ctx.caller().role)) return false;
  if (records > 0) ctx.app.log_personal_data_access(ctx.caller().user_id, entity, id, records);
  return true;
}

static Response list_members(Ctx& ctx) {
  Team t = ctx.team(ctx.id_param("id"));
  std::vector<Member> ms = ctx.store().members_of_team(t.id);
  std::vector<std::pair<std::string, const Member*>> order;
  for (const Member& m : ms) order.emplace_back(member_order_key(m.full_name), &m);
  std::sort(order.begin(), order.end(), [](auto& a, auto& b) { return a.first < b.first; });
  bool pii = show_personal_data(ctx, "team_members", t.id, static_cast<int64_t>(ms.size()));
  json items = json::array();
  for (auto& [_, m] : order) items.push_back(member_json(*m, pii));
  return json_response(200, {{"items", std::move(items)}});
}

static Response add_member_route(Ctx& ctx) {
  Team t = ctx.team(ctx.id_param("id"));
  ctx.require_write();
  Fields f(ctx.body, kMemberFields);
  Member m;
  m.team_id = t.id;
  read_member(f, m, true);
  f.finish();
  for (const Member& other : ctx.store().members_of_team(t.id))
    if (other.phone == m.phone && !other.left_on)
      throw conflict("Người có số điện thoại này đã là thành viên của tổ");
  Id id = add_member(ctx.app, m, ctx.caller().user_id);
  Member saved = *ctx.store().get_member(id);
  return json_response(201, member_json(saved, show_personal_data(ctx, "member", id, 1)));
}

static Response get_member(Ctx& ctx) {
  Member m = ctx.member(ctx.id_param("id"));
  return json_response(200, member_json(m, show_personal_data(ctx, "member", m.id, 1)));
}

static Response patch_member(Ctx& ctx) {
  Member before = ctx.member(ctx.id_param("id"));
  ctx.require_write();
  Fields f(ctx.body, kMemberFields);
  Member after = before;
  read_member(f, after, false);
  f.finish();
  if (after.phone != before.phone)
    for (const Member& other : ctx.store().members_of_team(after.team_id))
      if (other.id != after.id && other.phone == after.phone && !other.left_on)
        throw conflict("Người có số điện thoại này đã là thành viên của tổ");
  update_member(ctx.app, before, after, ctx.caller().user_id);
  Member saved = *ctx.store().get_member(after.id);
  return json_response(200, member_json(saved, show_personal_data(ctx, "member", saved.id, 1)));
}

static Response delete_member_route(Ctx& ctx) {
  Member m = ctx.member(ctx.id_param("id"));
  ctx.require_write();
  delete_member(ctx.app, m, ctx.caller().user_id);
  return no_content();
}

void add_team_routes(Router& r) {
  r.add("POST", "/api/v1/teams", create_team_route);
  r.add("GET", "/api/v1/teams/{id}", get_team);
  r.add("PATCH", "/api/v1/teams/{id}", patch_team);
  r.add("DELETE", "/api/v1/teams/{id}", delete_team_route);
  r.add("GET", "/api/v1/teams/{id}/members", list_members);
  r.add("POST", "/api/v1/teams/{id}/members", add_member_route);
  r.add("GET", "/api/v1/members/{id}", get_member);
  r.add("PATCH", "/api/v1/members/{id}", patch_member);
  r.add("DELETE", "/api/v1/members/{id}", delete_member_route);
}

}  // namespace langso
