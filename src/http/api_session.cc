// Log-in, log-out, the current session, /meta and /healthz.
#include "http/api.h"
#include "auth/crypto.h"
#include "auth/throttle.h"
#include "http/fields.h"
#include "http/json_out.h"
#include "util/text.h"

namespace langso {

static constexpr int64_t kSessionSeconds = 12 * 3600;

static ApiError locked(int64_t wait) {
  ApiError e{429, "login_locked", "Tạm khoá đăng nhập",
             "Đăng nhập sai quá nhiều lần; vui lòng thử lại sau " + std::to_string(wait) + " giây", {}};
  e.retry_after = static_cast<int>(wait);
  return e;
}

static Response login(Ctx& ctx) {
  Fields f(ctx.body, {"login", "password"});
  auto login = f.text("login", true, 100);
  std::string password;
  if (!ctx.body.contains("password") || ctx.body["password"].is_null()) f.error("password", "missing_field", "Thiếu mật khẩu");
  else if (!ctx.body["password"].is_string()) f.error("password", "invalid_type", "Mật khẩu phải là chuỗi ký tự");
  else password = ctx.body["password"].get<std::string>();
  f.finish();
  std::optional<UserRecord> user;
  std::string key;  // failures count per account, whichever name or phone is typed
  {
    auto lock = ctx.app.lock();
    user = ctx.store().find_user_by_login_or_phone(*login);
    key = user ? "user:" + std::to_string(user->id) : fold(*login);
    int64_t wait = login_wait(ctx.store().login_failures(key), now_seconds());
    if (wait > 0) throw locked(wait);
  }
  // Argon2id runs outside the app lock; unknown logins cost the same time.
  static const std::string dummy = hash_password("langso-dummy-password");
  bool ok = verify_password(user ? user->password_hash : dummy, password) && user && user->active;

  auto lock = ctx.app.lock();
  Store& store = ctx.store();
  if (!ok) {
    LoginFailures lf = after_failure(store.login_failures(key), now_seconds());
    store.put_login_failures(key, lf);
    if (lf.locked_until > now_seconds()) throw locked(lf.locked_until - now_seconds());
    throw ApiError{401, "login_failed", "Đăng nhập không thành công", "Sai tên đăng nhập hoặc mật khẩu", {}};
  }
  store.clear_login_failures(key);
  std::string token = random_token();
  SessionRecord s{user->id, random_token(), now_seconds() + kSessionSeconds};
  store.insert_session(token_digest(token), s);
  Response r = json_response(200, {{"user", user_json(ctx.app.units(), *user, today_local())}, {"csrf_token", s.csrf_token}});
  r.headers.emplace_back("Set-Cookie", "langso_session=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                                           std::to_string(kSessionSeconds));
  return r;
}

// Read from the primary: the session may be new, and a replica may not have it.
static Response current(Ctx& ctx) {
  auto s = ctx.app.session(ctx.session_digest);
  auto u = ctx.app.store().get_user(ctx.caller().user_id);
  if (!s || !u) throw unauthenticated();
  return json_response(200, {{"user", user_json(ctx.app.units(), *u, today_local())}, {"csrf_token", s->csrf_token}});
}

static Response logout(Ctx& ctx) {
  ctx.store().delete_session(ctx.session_digest);
  ctx.app.forget_session(ctx.session_digest);
  Response r = no_content();
  r.headers.emplace_back("Set-Cookie", "langso_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
  return r;
}

static json labels(std::span<const Label> ls) {
  json a = json::array();
  for (const Label& l : ls) a.push_back({{"code", l.code}, {"name", l.name}});
  return a;
}

static Response meta(Ctx&) {
  json types = json::array();
  for (const UnitType& t : unit_types())
    types.push_back({{"code", t.code}, {"name", t.name}, {"level", std::string(level_code(t.level))}});
  return json_response(200, {{"roles", labels(role_labels())},
                             {"unit_types", types},
                             {"member_roles", labels(member_roles())},
                             {"affiliations", labels(affiliations())},
                             {"today", format_iso(today_local())}});
}

static Response healthz(Ctx& ctx) {
  ctx.app.store().db().query("SELECT 1");
  if (ctx.app.has_replica()) ctx.app.reader().db().query("SELECT 1");
  return json_response(200, {{"status", "ok"}});
}

void add_session_routes(Router& r) {
  r.add("POST", "/api/v1/session", login, Access::Unlocked);
  r.add("GET", "/api/v1/session", current);
  r.add("DELETE", "/api/v1/session", logout);
  r.add("GET", "/api/v1/meta", meta);
  r.add("GET", "/healthz", healthz, Access::Public);
}

}  // namespace langso
