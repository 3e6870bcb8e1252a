// Log-in, log-out, the current session, /meta and /healthz.
#include "http/api.h"
#include "auth/crypto.h"
#include "auth/throttle.h"
#include "http/fields.h"
#include "http/json_out.h"
#include "util/text.h"

namespace langso {

static constexpr int64_t kSessionSeconds = 12 * 3600;
// "Ghi nhớ trên thiết bị này": a team member or viewer stays logged in on
// their own phone for 30 days; an officer or administrator, who sees
// personal data and changes others' accounts, for 7 (docs/decisions.md).
static int64_t remembered_seconds(Role r) {
  return r == Role::TeamMember || r == Role::Viewer ? 30 * 24 * 3600 : 7 * 24 * 3600;
}

// "Chrome · Android": enough for a person to tell their sessions apart.
static std::string device_label(std::string_view ua) {
  auto has = [&](std::string_view x) { return ua.find(x) != std::string_view::npos; };
  std::string browser = has("Edg/") ? "Edge" : has("OPR/") ? "Opera" : has("CocCoc") ? "Cốc Cốc" : has("Zalo") ? "Zalo"
                        : has("Firefox/") ? "Firefox" : has("Chrome/") ? "Chrome" : has("Safari/") ? "Safari" : "Trình duyệt";
  std::string system = has("Android") ? "Android" : has("iPhone") || has("iPad") ? "iOS" : has("Windows") ? "Windows"
                       : has("Mac OS") ? "macOS" : has("Linux") ? "Linux" : "";
  return system.empty() ? browser : browser + " · " + system;
}

static AddressThrottle& address_throttle() {
  static AddressThrottle t;
  return t;
}

// A browser keeps its device cookie for a year; it is sent only to log-in.
static constexpr int64_t kDeviceSeconds = 365 * 24 * 3600;
static std::string device_cookie(const std::string& token, int64_t max_age) {
  return "langso_device=" + token + "; Path=/api/v1/session; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
}

// Runs on the server's hashing pool (Work::Hashing), with no lock held: it
// reads through the read connection, hashes, and takes App::writer() only to
// record the outcome (auth/throttle.h has the policy).
static Response login(Ctx& ctx) {
  Fields f(ctx.body, {"login", "password", "remember"});
  auto login = f.text("login", true, 100);
  const bool remember = f.boolean("remember", false).value_or(false);
  std::string password;
  if (!ctx.body.contains("password") || ctx.body["password"].is_null()) f.error("password", "missing_field", "Thiếu mật khẩu");
  else if (!ctx.body["password"].is_string()) f.error("password", "invalid_type", "Mật khẩu phải là chuỗi ký tự");
  else password = ctx.body["password"].get<std::string>();
  f.finish();
  const std::string& address = ctx.req.remote;
  if (int64_t wait = address_throttle().wait(address, now_seconds())) {
    ApiError e{429, "too_many_attempts", "Quá nhiều lần đăng nhập sai",
               "Có quá nhiều lần đăng nhập sai từ địa chỉ của bạn; vui lòng thử lại sau " + std::to_string(wait) + " giây", {}};
    e.retry_after = static_cast<int>(wait);
    throw e;
  }
  Store& reads = ctx.app.primary_reads();
  std::optional<UserRecord> user = reads.find_user_by_login_or_phone(*login);
  const std::string device = cookie_value(ctx.req.cookie, "langso_device");
  const std::string device_digest = device.empty() ? std::string() : token_digest(device);
  const bool trusted = user && !device.empty() && reads.trusted_device_user(device_digest) == user->id;
  // Failures count per trusted browser, else per account (whichever name or
  // phone is typed), else per typed name.
  const std::string key = trusted ? "device:" + device_digest : user ? "user:" + std::to_string(user->id) : fold(*login);
  if (int64_t wait = login_wait(reads.login_failures(key), now_seconds())) throw login_locked(wait);
  // Unknown logins cost the same time.
  static const std::string dummy = hash_password("langso-dummy-password");
  const bool ok = verify_password(user ? user->password_hash : dummy, password) && user && user->active;

  auto writing = ctx.app.writer();
  Store& store = ctx.app.store();
  const int64_t now = now_seconds();
  if (!ok) {
    address_throttle().failed(address, now);
    LoginFailures lf = after_failure(store.login_failures(key), now);
    store.put_login_failures(key, lf);
    if (lf.locked_until > now) {
      if (trusted) {  // this browser is trusted no more; its owner starts over as anyone would
        store.forget_device(device_digest);
        store.clear_login_failures(key);
      }
      throw login_locked(lf.locked_until - now);
    }
    throw ApiError{401, "login_failed", "Đăng nhập không thành công", "Sai tên đăng nhập hoặc mật khẩu", {}};
  }
  store.clear_login_failures(key);
  // Logging in again ends the session this browser had.
  const std::string previous = cookie_value(ctx.req.cookie, "langso_session");
  if (!previous.empty()) {
    store.delete_session(token_digest(previous));
    ctx.app.forget_session(token_digest(previous));
  }
  const std::string device_token = trusted ? device : random_token();
  store.trust_device(token_digest(device_token), user->id);
  std::string token = random_token();
  const int64_t lasts = remember ? remembered_seconds(user->role) : kSessionSeconds;
  SessionRecord s{user->id, random_token(), now + lasts, remember, device_label(ctx.req.user_agent), now, {}};
  store.insert_session(token_digest(token), s);
  Response r = json_response(200, {{"user", user_json(ctx.app.units(), *user, today_local())}, {"csrf_token", s.csrf_token},
                                   {"expires_at", format_iso(Date{static_cast<int32_t>((now + lasts) / 86400)})}});
  r.headers.emplace_back("Set-Cookie", "langso_session=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                                           std::to_string(lasts));
  r.headers.emplace_back("Set-Cookie", device_cookie(device_token, kDeviceSeconds));
  return r;
}

// Read from the primary: the session may be new, and a replica may not have it.
static Response current(Ctx& ctx) {
  auto s = ctx.app.session(ctx.session_digest);
  auto u = ctx.app.primary_reads().get_user(ctx.caller().user_id);
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

// A person's own sessions, to see where they are logged in and end any of
// them (a lost phone). A session is named by the start of its token's
// digest: enough to tell them apart, nothing to log in with.
static std::string session_id(const std::string& token_hash) { return token_hash.substr(0, 16); }

static Response list_sessions(Ctx& ctx) {
  json items = json::array();
  for (const SessionRecord& r : ctx.app.primary_reads().sessions_of_user(ctx.caller().user_id, now_seconds())) {
    auto day = [](int64_t t) { return format_iso(Date{static_cast<int32_t>(t / 86400)}); };
    items.push_back({{"id", session_id(r.token_hash)}, {"label", r.label.empty() ? "Trình duyệt" : r.label},
                     {"created_on", day(r.created_at)}, {"expires_on", day(r.expires_at)}, {"remember", r.remember},
                     {"current", r.token_hash == ctx.session_digest}});
  }
  return json_response(200, {{"items", std::move(items)}});
}

static Response end_session(Ctx& ctx) {
  const std::string& id = ctx.params.at("id");
  for (const SessionRecord& r : ctx.store().sessions_of_user(ctx.caller().user_id, now_seconds()))
    if (id.size() == 16 && session_id(r.token_hash) == id) {
      ctx.store().delete_session(r.token_hash);
      ctx.app.forget_session(r.token_hash);
      return no_content();
    }
  throw not_found();
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

// What matters for serving, for a load balancer: 200 while this instance can
// answer (its primary connection, or the replica, answers); the body tells
// them apart. A replica that is down makes the instance read the primary,
// which it says ("degraded"), not a reason to drop it.
static Response healthz(Ctx& ctx) {
  auto probe = [](Store& s) {
    try {
      s.db().query("SELECT 1");
      return true;
    } catch (const std::exception&) {
      return false;
    }
  };
  const bool primary = probe(ctx.app.primary_reads());
  std::optional<bool> replica;
  if (Store* r = ctx.app.replica()) replica = ctx.app.replica_available() && probe(*r);
  const bool serving = primary || replica.value_or(false);
  // Unavailable: a problem (its "status" is the HTTP status, as everywhere).
  json body = serving ? json{{"status", primary && replica.value_or(true) ? "ok" : "degraded"}} : db_unavailable().to_json();
  body["primary"] = primary ? "ok" : "unavailable";
  if (replica) body["replica"] = *replica ? "ok" : "unavailable";
  if (serving) return json_response(200, body);
  Response r = json_response(503, body);
  r.content_type = "application/problem+json";
  r.headers.emplace_back("Retry-After", std::to_string(db_unavailable().retry_after));
  return r;
}

void add_session_routes(Router& r) {
  r.add("POST", "/api/v1/session", login, Access::Unlocked, Work::Hashing);
  r.add("GET", "/api/v1/session", current);
  r.add("DELETE", "/api/v1/session", logout);
  r.add("GET", "/api/v1/sessions", list_sessions);
  r.add("DELETE", "/api/v1/sessions/{id}", end_session);
  r.add("GET", "/api/v1/meta", meta);
  r.add("GET", "/healthz", healthz, Access::Public);
}

}  // namespace langso
