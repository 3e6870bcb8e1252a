// Users within the caller's scope.
#include "auth/crypto.h"
#include "engine/commands.h"
#include "http/api.h"
#include "http/fields.h"
#include "http/json_out.h"
#include "util/text.h"

namespace langso {

static bool valid_login(const std::string& s) {
  if (s.size() < 3 || s.size() > 50) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) return false;
  return true;
}

static void require_officer(const Ctx& ctx) {
  if (!can_write(ctx.caller().role)) throw forbidden("Chỉ cán bộ và quản trị viên quản lý tài khoản");
}

// Reads role, unit and password; checks that the caller may grant them.
static void read_grant(Ctx& ctx, Fields& f, UserRecord& u, bool create) {
  if (create || f.present("full_name"))
    if (auto v = f.text("full_name", true, 100)) u.full_name = *v;
  if (create || f.present("phone")) {
    auto v = f.text("phone", false, 20);
    if (v && !v->empty()) {
      if (auto p = normalize_phone(*v)) u.phone = *p;
      else f.error("phone", "invalid_value", "Số điện thoại '" + *v + "' không hợp lệ");
    } else {
      u.phone.reset();
    }
  }
  if (create || f.present("role")) {
    if (auto v = f.text("role", true, 30)) {
      if (auto r = parse_role(*v)) u.role = *r;
      else f.error("role", "invalid_value", "Vai trò '" + *v + "' không hợp lệ");
    }
  }
  if (create || f.present("unit_id")) {
    auto id = f.integer("unit_id", false, 1, INT64_MAX);
    u.unit_id = id.value_or(0);
  }
  if (create || f.present("password")) {
    if (!ctx.body.contains("password") || !ctx.body["password"].is_string())
      f.error("password", create ? "missing_field" : "invalid_type", "Mật khẩu phải là chuỗi ký tự");
    else if (utf8_length(ctx.body["password"].get<std::string>()) < 8)
      f.error("password", "invalid_value", "Mật khẩu phải có ít nhất 8 ký tự");
    else
      u.password_hash = hash_password(ctx.body["password"].get<std::string>());
  }
  if (!f.ok()) return;
  if (u.unit_id) {
    const Unit& unit = ctx.unit(u.unit_id);  // 404 outside the caller's scope
    if (auto lvl = scope_level(u.role); lvl && unit.level != *lvl)
      f.error("unit_id", "invalid_value", "Đơn vị không phù hợp với vai trò " + std::string(role_name(u.role)));
  } else if (u.role != Role::Admin) {
    f.error("unit_id", "missing_field", "Cần chọn đơn vị cho tài khoản");
  }
  if (u.role == Role::Admin) u.unit_id = 0;
  if (!can_grant(ctx.caller().role, u.role))
    throw forbidden("Bạn không được cấp vai trò " + std::string(role_name(u.role)));
}

static Response list_users(Ctx& ctx) {
  require_officer(ctx);
  json items = json::array();
  for (const UserRecord& u : ctx.store().all_users()) {
    bool visible = ctx.caller().role == Role::Admin || (u.unit_id && ctx.in_scope(u.unit_id));
    if (visible) items.push_back(user_json(ctx.app.units(), u, today_local()));
  }
  return json_response(200, {{"items", std::move(items)}});
}

static Response create_user_route(Ctx& ctx) {
  require_officer(ctx);
  Fields f(ctx.body, {"login", "password", "full_name", "phone", "role", "unit_id"});
  UserRecord u;
  if (auto login = f.text("login", true, 50)) {
    if (valid_login(*login)) u.login = *login;
    else f.error("login", "invalid_value", "Tên đăng nhập gồm 3–50 ký tự a-z, 0-9, dấu chấm, gạch dưới, gạch ngang");
  }
  read_grant(ctx, f, u, true);
  f.finish();
  if (ctx.store().find_user_by_login_or_phone(u.login) ||
      (u.phone && ctx.store().find_user_by_login_or_phone(*u.phone)))
    throw conflict("Tên đăng nhập hoặc số điện thoại đã được dùng cho tài khoản khác");
  Id id = create_user(ctx.app, u, ctx.caller().user_id);
  return json_response(201, user_json(ctx.app.units(), *ctx.store().get_user(id), today_local()));
}

static Response get_user(Ctx& ctx) {
  require_officer(ctx);
  return json_response(200, user_json(ctx.app.units(), ctx.user(ctx.id_param("id")), today_local()));
}

static Response patch_user(Ctx& ctx) {
  require_officer(ctx);
  UserRecord before = ctx.user(ctx.id_param("id"));
  Fields f(ctx.body, {"full_name", "phone", "role", "unit_id", "password", "active"});
  UserRecord after = before;
  read_grant(ctx, f, after, false);
  if (auto a = f.boolean("active", false)) after.active = *a;
  f.finish();
  if (!can_grant(ctx.caller().role, before.role)) throw forbidden("Bạn không được sửa tài khoản có vai trò cao hơn");
  if (after.phone && after.phone != before.phone)
    if (auto other = ctx.store().find_user_by_login_or_phone(*after.phone); other && other->id != after.id)
      throw conflict("Số điện thoại đã được dùng cho tài khoản khác");
  Store& s = ctx.store();
  Transaction tx(s.db());
  s.update_user(after);
  if (!after.active || after.password_hash != before.password_hash) s.delete_sessions_of_user(after.id);
  ctx.app.forget_user_sessions(after.id);  // role or unit may have changed
  s.audit(ctx.caller().user_id, "update", "user", after.id,
          json{{"role", role_code(before.role)}, {"unit_id", before.unit_id}, {"active", before.active}}.dump(),
          json{{"role", role_code(after.role)}, {"unit_id", after.unit_id}, {"active", after.active}}.dump());
  tx.commit();
  return json_response(200, user_json(ctx.app.units(), after, today_local()));
}

static Response delete_user(Ctx& ctx) {
  require_officer(ctx);
  UserRecord u = ctx.user(ctx.id_param("id"));
  if (u.id == ctx.caller().user_id) throw forbidden("Không thể tự vô hiệu hoá tài khoản của mình");
  if (!can_grant(ctx.caller().role, u.role)) throw forbidden("Bạn không được vô hiệu hoá tài khoản có vai trò cao hơn");
  Store& s = ctx.store();
  Transaction tx(s.db());
  u.active = false;
  s.update_user(u);
  s.delete_sessions_of_user(u.id);
  ctx.app.forget_user_sessions(u.id);
  s.audit(ctx.caller().user_id, "deactivate", "user", u.id, "", "");
  tx.commit();
  return no_content();
}

void add_user_routes(Router& r) {
  r.add("GET", "/api/v1/users", list_users);
  r.add("POST", "/api/v1/users", create_user_route);
  r.add("GET", "/api/v1/users/{id}", get_user);
  r.add("PATCH", "/api/v1/users/{id}", patch_user);
  r.add("DELETE", "/api/v1/users/{id}", delete_user);
}

}  // namespace langso
