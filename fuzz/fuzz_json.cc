// JSON request bodies as the router reads them (http/router.cc): the UTF-8
// check, nlohmann::json::parse (its exceptions are the router's 400), an
// object only; then the Fields validator (http/fields.h) and the activity
// reader (http/activity_input.h) on the demo database, for an administrator,
// a commune officer, a team member and a viewer, creating and changing an
// activity, and each object of an "items" array as the batch route reads it.
//
// Fields and read_activity report problems by throwing ApiError (problem.h):
// that is caught and must be a 4xx with a message. Any other exception
// escaping is a finding (libFuzzer stops on it). When validation passes, the
// activity must be one the API may save: a known type, quantities within
// their bounds and at least one above 0, a category of its type, a date from
// 01/01/2020 to today, and a unit in the caller's scope.
#include <nlohmann/json.hpp>
#include <memory>
#include <string>
#include <vector>

#include "auth/crypto.h"
#include "check.h"
#include "http/activity_input.h"
#include "io/demo.h"
#include "util/text.h"

using namespace langso;
using nlohmann::json;

namespace {

App* app = nullptr;
std::vector<Principal> callers;
StoredActivity existing;  // a demo activity, for the PATCH reading

void check_error(const ApiError& e) {
  FUZZ_CHECK(e.status >= 400 && e.status < 500);
  FUZZ_CHECK(!e.code.empty() && !e.title.empty());
  for (const FieldError& fe : e.errors) FUZZ_CHECK(!fe.code.empty() && !fe.message.empty());
  // As json_response writes it.
  e.to_json().dump(-1, ' ', false, json::error_handler_t::replace);
}

void check_saveable(const Ctx& ctx, const Activity& a) {
  const auto& types = ctx.app.types().types();
  FUZZ_CHECK(a.type >= 0 && static_cast<size_t>(a.type) < types.size());
  const ActivityType& t = types[static_cast<size_t>(a.type)];
  bool any = false;
  for (size_t i = 0; i < a.q.size(); ++i) {
    if (i >= t.fields.size()) {
      FUZZ_CHECK(a.q[i] == 0);
      continue;
    }
    FUZZ_CHECK(a.q[i] >= t.fields[i].min && a.q[i] <= t.fields[i].max);
    any = any || a.q[i] > 0;
  }
  FUZZ_CHECK(any);
  if (t.categories.empty()) FUZZ_CHECK(a.category == -1);
  else FUZZ_CHECK(a.category >= 0 && static_cast<size_t>(a.category) < t.categories.size());
  FUZZ_CHECK(a.date >= *parse_iso_date("2020-01-01") && a.date <= today_local());
  FUZZ_CHECK(a.unit_id != 0 && ctx.in_scope(a.unit_id));
  FUZZ_CHECK(is_valid_utf8(a.note) && utf8_length(a.note) <= 1000);
}

// One reading of obj as an activity; true when it passed.
bool read_one(const Principal& who, const json& obj, bool create, const std::string& prefix = "") {
  Request req;
  req.method = create ? "POST" : "PATCH";
  Ctx ctx{*app, req, {}, who, {}, nullptr};
  if (!create && !ctx.in_scope(existing.a.unit_id)) return false;  // the route's 404 before reading
  Fields f(obj, kActivityFields, prefix);
  Activity a = create ? Activity{} : existing.a;
  a.author = who.user_id;
  try {
    read_activity(ctx, f, obj, a, create);
    for (const FieldError& e : f.errors()) FUZZ_CHECK(e.field.starts_with(prefix));
    f.finish();
  } catch (const ApiError& e) {
    check_error(e);
    return false;
  }
  check_saveable(ctx, a);
  return true;
}

// The generic getters on the body's own keys, each read as the type its
// position picks, and finish().
void read_fields(const json& body) {
  std::vector<std::string> keys;
  for (auto it = body.begin(); it != body.end() && keys.size() < 16; ++it) keys.push_back(it.key());
  std::vector<std::string_view> allowed;
  for (size_t i = 0; i < keys.size(); i += 2) allowed.push_back(keys[i]);
  Fields f(body, std::span<const std::string_view>(allowed.data(), allowed.size()));
  for (size_t i = 0; i < keys.size(); ++i) {
    const bool required = i % 3 == 0;
    switch (i % 5) {
      case 0: if (auto s = f.text(keys[i], required)) FUZZ_CHECK(is_valid_utf8(*s) && utf8_length(*s) <= 200); break;
      case 1: if (auto s = f.text(keys[i], required, 4000)) FUZZ_CHECK(utf8_length(*s) <= 4000); break;
      case 2: f.date(keys[i], required); break;
      case 3: if (auto n = f.integer(keys[i], required, -5, 1000)) FUZZ_CHECK(*n >= -5 && *n <= 1000); break;
      default: f.boolean(keys[i], required); f.is_null(keys[i]); break;
    }
  }
  f.text("absent", true);
  try {
    f.finish();
  } catch (const ApiError& e) {
    FUZZ_CHECK(e.status == 422 && !e.errors.empty());
    check_error(e);
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  crypto_init();
  app = new App(open_store(":memory:"));
  app->use_cccd_key(CccdKey::random());  // as serve does before the demo (auth/cccd_key.h)
  seed_demo(*app, "demo1234");
  for (const char* login : {"admin", "hoamuc", "thanhvien", "xem"}) {
    auto u = app->store().find_user_by_login_or_phone(login);
    FUZZ_CHECK(u);
    callers.push_back({u->id, u->role, u->unit_id});
  }
  auto a = app->store().get_activity(1, app->types());
  FUZZ_CHECK(a);
  existing = *a;
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string s = fuzz::text(data, size);
  if (!is_valid_utf8(s)) return 0;  // the router's 400 before parsing
  json body;
  try {
    body = json::parse(s);
  } catch (const json::exception&) {
    return 0;  // the router's 400
  }
  if (!body.is_object()) return 0;

  read_fields(body);
  for (const Principal& who : callers) {
    read_one(who, body, true);
    read_one(who, body, false);
  }
  // The batch route: each object of "items", less its "key", with its label.
  auto items = body.find("items");
  if (items != body.end() && items->is_array())
    for (size_t i = 0; i < items->size() && i < 20; ++i) {
      json item = (*items)[i];
      if (!item.is_object()) continue;
      item.erase("key");
      read_one(callers[i % callers.size()], item, true, "items[" + std::to_string(i) + "].");
    }
  return 0;
}
