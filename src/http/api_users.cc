// Users within the caller's scope.
#include "auth/crypto.h"
#include "auth/password_policy.h"
#include "auth/throttle.h"
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

// A new password from the body, checked against the password policy for the
// account u as it will be (its login, name, phone and unit are words a password
// must not be built on); nullopt with the error recorded otherwise. Hashing is
// left for after validation: argon2id is the dearest step of the request.
static std::optional<std::string> read_password(Ctx& ctx, Fields& f, const UserRecord& u, bool create) {
  auto it = ctx.body.find("password");
  if (it == ctx.body.end() || it->is_null()) {
    if (create) f.error("password", "missing_field", "Cần đặt mật khẩu cho tài khoản");
    else f.error("password", "invalid_type", "Mật khẩu phải là chuỗi ký tự");
    return std::nullopt;
  }
  if (!it->is_string()) {
    f.error("password", "invalid_type", "Mật khẩu phải là chuỗi ký tự");
    return std::nullopt;
  }
  const Unit* unit = u.unit_id ? ctx.app.units().find(u.unit_id) : nullptr;
  const std::string password = it->get<std::string>();
  if (auto bad = check_password(password, {u.login, u.full_name, u.phone.value_or(""), unit ? short_name(*unit) : ""})) {
    f.error("password", bad->code, bad->message);
    return std::nullopt;
  }
  return password;
}

// Reads name, phone, role and unit; checks that the caller may grant them.
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

// Changing one's own password asks for the current one: a session left open
// on a shared computer is not enough to take the account over. A wrong answer
// counts as a failed log-in of the account (auth/throttle.h), so this cannot
// be used to guess the password either.
static void check_current_password(Ctx& ctx, Fields& f, const UserRecord& me) {
  auto it = ctx.body.find("current_password");
  if (it == ctx.body.end() || it->is_null()) {
    f.error("current_password", "missing_field", "Cần nhập mật khẩu hiện tại để đổi mật khẩu");
    return;
  }
  if (!it->is_string()) {
    f.error("current_password", "invalid_type", "Mật khẩu hiện tại phải là chuỗi ký tự");
    return;
  }
  Store& s = ctx.store();
  const std::string key = "user:" + std::to_string(me.id);  // as log-in counts them (api_session.cc)
  if (int64_t wait = login_wait(s.login_failures(key), now_seconds()); wait > 0) throw login_locked(wait);
  if (verify_password(me.password_hash, it->get<std::string>())) {
    s.clear_login_failures(key);  // as a successful log-in does
    return;
  }
  LoginFailures lf = after_failure(s.login_failures(key), now_seconds());
  s.put_login_failures(key, lf);
  if (lf.locked_until > now_seconds()) throw login_locked(lf.locked_until - now_seconds());
  f.error("current_password", "wrong_password", "Mật khẩu hiện tại không đúng");
}

// An account whose unit ended in a reorganisation waits for an administrator
// to confirm its new scope; until then only an administrator changes it.
static void require_settled_scope(const Ctx& ctx, const UserRecord& u) {
  if (ctx.caller().role != Role::Admin && scope_change_pending(ctx.app.units(), u.unit_id, today_local()))
    throw forbidden("Tài khoản này đang chờ quản trị viên xác nhận phạm vi mới sau khi sắp xếp đơn vị hành chính; "
                    "chỉ quản trị viên được thay đổi tài khoản cho đến khi đó");
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
  auto password = read_password(ctx, f, u, true);
  f.finish();
  if (ctx.store().find_user_by_login_or_phone(u.login) ||
      (u.phone && ctx.store().find_user_by_login_or_phone(*u.phone)))
    throw conflict("Tên đăng nhập hoặc số điện thoại đã được dùng cho tài khoản khác");
  u.password_hash = hash_password(*password);
  Id id = create_user(ctx.app, u, ctx.caller().user_id);
  return json_response(201, user_json(ctx.app.units(), *ctx.store().get_user(id), today_local()));
}

static Response get_user(Ctx& ctx) {
  require_officer(ctx);
  return json_response(200, user_json(ctx.app.units(), ctx.user(ctx.id_param("id")), today_local()));
}

// Officers and administrators change the accounts in their scope; everyone
// changes their own password (with the current one).
static Response patch_user(Ctx& ctx) {
  const Principal& me = ctx.caller();
  const Id id = ctx.id_param("id");
  const bool self = id == me.user_id;
  bool own_password = self && ctx.body.contains("password");
  for (const auto& [k, v] : ctx.body.items()) own_password = own_password && (k == "password" || k == "current_password");
  if (!own_password) require_officer(ctx);
  UserRecord before = ctx.user(id);
  if (!own_password) {
    if (!can_grant(me.role, before.role)) throw forbidden("Bạn không được sửa tài khoản có vai trò cao hơn");
    require_settled_scope(ctx, before);
  }
  static constexpr std::string_view kFields[] = {"full_name", "phone", "role", "unit_id", "password", "active", "current_password"};
  Fields f(ctx.body, std::span(kFields).first(self ? 7 : 6));
  UserRecord after = before;
  if (!own_password) read_grant(ctx, f, after, false);
  if (auto a = f.boolean("active", false)) after.active = *a;
  std::optional<std::string> password;
  if (f.present("password")) {
    if (self) check_current_password(ctx, f, before);
    password = read_password(ctx, f, after, false);
  }
  f.finish();
  if (after.phone && after.phone != before.phone)
    if (auto other = ctx.store().find_user_by_login_or_phone(*after.phone); other && other->id != after.id)
      throw conflict("Số điện thoại đã được dùng cho tài khoản khác");
  if (password) after.password_hash = hash_password(*password);
  Store& s = ctx.store();
  Transaction tx(s.db());
  s.update_user(after);
  // A new password or a deactivation ends the account's sessions, except the
  // one that changed its own password: that person has just proved who they are.
  if (!after.active || password) {
    std::optional<SessionRecord> keep;
    if (self && after.active) keep = s.get_session(ctx.session_digest);
    s.delete_sessions_of_user(after.id);
    if (keep) s.insert_session(ctx.session_digest, *keep);  // as it was: same expiry, same label
  }
  ctx.app.forget_user_sessions(after.id);  // role or unit may have changed
  json audit_after = {{"role", role_code(after.role)}, {"unit_id", after.unit_id}, {"active", after.active}};
  if (password) audit_after["password_changed"] = true;
  s.audit(me.user_id, "update", "user", after.id,
          json{{"role", role_code(before.role)}, {"unit_id", before.unit_id}, {"active", before.active}}.dump(),
          audit_after.dump());
  tx.commit();
  return json_response(200, user_json(ctx.app.units(), after, today_local()));
}

static Response delete_user(Ctx& ctx) {
  require_officer(ctx);
  UserRecord u = ctx.user(ctx.id_param("id"));
  if (u.id == ctx.caller().user_id) throw forbidden("Không thể tự vô hiệu hoá tài khoản của mình");
  if (!can_grant(ctx.caller().role, u.role)) throw forbidden("Bạn không được vô hiệu hoá tài khoản có vai trò cao hơn");
  require_settled_scope(ctx, u);
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
