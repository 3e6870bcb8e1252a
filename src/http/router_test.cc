#include "http/router.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>

#include "auth/crypto.h"
#include "io/demo.h"
#include "util/csv.h"

namespace langso {
namespace {

// docs/api.md describes exactly the routes the server serves.
TEST(Router, EveryRouteIsDocumentedAndEveryDocumentedRouteExists) {
  std::string doc = read_file(std::string(LANGSO_SOURCE_DIR) + "/docs/api.md");
  std::set<std::string> documented, served;
  std::regex heading(R"(^### (GET|POST|PATCH|PUT|DELETE) (\S+)\s*$)");
  std::istringstream in(doc);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_match(line, m, heading)) documented.insert(m[1].str() + " " + m[2].str());
  }
  const Router router = make_api_router();
  for (const Route& r : router.routes()) served.insert(r.method + " " + r.pattern);
  for (const auto& s : served) EXPECT_TRUE(documented.count(s)) << "route not in docs/api.md: " << s;
  for (const auto& d : documented) EXPECT_TRUE(served.count(d)) << "documented route not served: " << d;
  EXPECT_GE(served.size(), 20u);
}

// In-process checks of the one path every call takes (the API suite in
// tests/api does the same over real HTTP).
class RouterTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    crypto_init();
    app = new App(open_store(":memory:"));
    app->use_cccd_key(CccdKey::random());
    seed_demo(*app, "demo1234");
  }
  static void TearDownTestSuite() { delete app; }

  Response call(const std::string& login, const std::string& method, const std::string& target,
                const std::string& body = "", bool csrf = true) {
    Request req;
    req.method = method;
    req.target = target;
    size_t q = target.find('?');
    req.path = target.substr(0, q);
    if (q != std::string::npos) parse_query(target.substr(q + 1), req.query);
    req.body = body;
    req.content_type = content_type;
    req.host = "localhost";
    req.origin = origin;
    if (!login.empty()) {
      auto u = app->store().find_user_by_login_or_phone(login);
      std::string token = random_token();
      app->store().insert_session(token_digest(token), {u->id, "csrf-" + login, now_seconds() + 60});
      req.cookie = "other=1; langso_session=" + token;
      if (csrf) req.csrf_token = "csrf-" + login;
    }
    return router.handle(*app, req);
  }
  Id unit_id(const std::string& code) { return app->units().by_code(code, *parse_iso_date("2022-05-04")).at(0); }

  static App* app;
  Router router = make_api_router();
  std::string origin = "http://localhost";
  std::string content_type = "application/json";
};
App* RouterTest::app = nullptr;

// A route that takes a file gets the bytes as they came (never parsed as
// JSON, whatever they hold), refuses them wrapped in JSON (an app of before),
// and cannot be reached from inside another request (POST /sync's entries).
TEST_F(RouterTest, AnUploadRouteTakesTheFileItself) {
  router.add_upload("POST", "/api/v1/units/{id}/test-upload", [](Ctx& ctx) {
    return json_response(200, {{"bytes", ctx.req.body.size()}, {"name", ctx.query("name").value_or("")}, {"parsed", !ctx.body.is_null()}});
  });
  content_type = "application/octet-stream";
  const std::string csv = "{\"Họ và tên\",1\r\n\xff";  // looks like JSON, is not UTF-8: a file's bytes need be neither
  Response r = call("hoamuc", "POST", "/api/v1/units/1/test-upload?name=s%E1%BB%95.csv", csv);
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["bytes"], csv.size());
  EXPECT_EQ(j["name"], "sổ.csv");
  EXPECT_EQ(j["parsed"], false);
  content_type = "application/json";
  r = call("hoamuc", "POST", "/api/v1/units/1/test-upload", R"({"content_base64":"QQ=="})");
  EXPECT_EQ(r.status, 415) << r.body;
  EXPECT_NE(r.body.find("unsupported_media_type"), std::string::npos);
  r = call("", "POST", "/api/v1/units/1/test-upload", "abc");
  EXPECT_EQ(r.status, 401) << "who may not call it learns nothing of its body";
  const Request outer_req;
  Ctx outer{*app, outer_req, {}, std::nullopt, {}, nullptr, &router};
  Request nested;
  nested.method = "POST";
  nested.path = nested.target = "/api/v1/units/1/test-upload";
  nested.content_type = "application/octet-stream";
  nested.body = "abc";
  EXPECT_EQ(router.handle_nested(outer, nested).status, 404);
}

// The server asks the router which routes read up to the bulk limit: the
// routes that say so, by method and path, not a list of paths of its own.
TEST_F(RouterTest, UploadAndBulkRoutesTellTheServerTheyTakeALargeBody) {
  router.add_upload("POST", "/api/v1/units/{id}/test-upload", [](Ctx&) { return no_content(); });
  router.add_bulk("POST", "/api/v1/test-batch", [](Ctx&) { return no_content(); });
  router.add("POST", "/api/v1/units/{id}/test-small", [](Ctx&) { return no_content(); });
  EXPECT_TRUE(router.takes_large_body("POST", "/api/v1/units/7/test-upload"));
  EXPECT_TRUE(router.takes_large_body("POST", "/api/v1/test-batch"));
  EXPECT_FALSE(router.takes_large_body("POST", "/api/v1/units/7/test-small"));
  EXPECT_FALSE(router.takes_large_body("GET", "/api/v1/test-batch"));
  EXPECT_FALSE(router.takes_large_body("POST", "/api/v1/test-batch/more"));
  EXPECT_FALSE(router.takes_large_body("POST", "/api/v1/nothing-here"));
  // The application's own: files, batches and imports, and nothing else.
  const Router api = make_api_router();
  for (const char* p : {"/api/v1/units/5/register-import", "/api/v1/plans/3/document", "/api/v1/plans/3/target-table",
                        "/api/v1/tasks/9/evidence", "/api/v1/activities/batch", "/api/v1/activities/import"})
    EXPECT_TRUE(api.takes_large_body("POST", p)) << p;
  for (const char* p : {"/api/v1/activities", "/api/v1/sync", "/api/v1/session", "/api/v1/households"})
    EXPECT_FALSE(api.takes_large_body("POST", p)) << p;
}

TEST_F(RouterTest, OutOfScopeAnswersLikeNonexistent) {
  Id yen_cu = 0;
  for (Id c : app->units().children_at(unit_id("065"), *parse_iso_date("2022-05-04")))
    if (app->units().find(c)->name == "Xã Yên Cư") yen_cu = c;
  ASSERT_NE(yen_cu, 0);
  Response missing = call("hoamuc", "GET", "/api/v1/units/999999");
  EXPECT_EQ(missing.status, 404);
  for (std::string suffix : {"", "/children", "/coverage", "/teams"}) {
    Response r = call("hoamuc", "GET", "/api/v1/units/" + std::to_string(yen_cu) + suffix);
    EXPECT_EQ(r.status, 404) << suffix;
    EXPECT_EQ(r.body, missing.body) << suffix;
    EXPECT_EQ(call("chomoi", "GET", "/api/v1/units/" + std::to_string(yen_cu) + suffix).status, 200) << suffix;
  }
  Response create = call("hoamuc", "POST", "/api/v1/teams",
                         R"({"unit_id":)" + std::to_string(yen_cu) + R"(,"name":"X","active_from":"2022-05-01"})");
  EXPECT_EQ(create.status, 404);
  EXPECT_EQ(create.body, missing.body);
}

TEST_F(RouterTest, SessionsAndCsrfAreChecked) {
  EXPECT_EQ(call("", "GET", "/api/v1/units").status, 401);
  EXPECT_EQ(call("chomoi", "GET", "/api/v1/units").status, 200);
  Response r = call("chomoi", "DELETE", "/api/v1/session", "", false);
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("csrf_failed"), std::string::npos);
  EXPECT_EQ(r.content_type, "application/problem+json");
}

TEST_F(RouterTest, BadBodiesChangeNothing) {
  const std::string target = "/api/v1/units/" + std::to_string(unit_id("02098")) + "/villages";
  // Hoà Mục ended on 30/06/2025 (its villages went on to Xã Tân Kỳ).
  auto villages = [&] { return app->units().children_at(unit_id("02098"), *parse_iso_date("2025-06-30")).size(); };
  size_t before = villages();
  EXPECT_EQ(call("hoamuc", "POST", target, "{\"name\":").status, 400);
  EXPECT_EQ(call("hoamuc", "POST", target, "[1]").status, 400);
  EXPECT_EQ(call("hoamuc", "POST", target, "{\"name\":\"Nà \xFF\",\"type\":\"thon\"}").status, 400);
  EXPECT_EQ(call("hoamuc", "POST", target, R"({"name":"Nà Mới","type":"thon","x":1})").status, 422);
  EXPECT_EQ(call("hoamuc", "POST", target, R"({"name":7,"type":"thon"})").status, 422);
  EXPECT_EQ(call("hoamuc", "POST", target, R"({"name":"Nà Mới","type":"xa"})").status, 422);
  EXPECT_EQ(call("hoamuc", "POST", target, R"({"name":"Nà Mới","type":"thon","valid_from":"2022-02-30"})").status, 422);
  EXPECT_EQ(call("xem", "POST", target, R"({"name":"Nà Mới","type":"thon"})").status, 403);
  EXPECT_EQ(villages(), before);
  Response ok = call("hoamuc", "POST", target, R"({"name":"Nà Mới","type":"thon"})");
  EXPECT_EQ(ok.status, 201) << ok.body;
  EXPECT_NE(ok.body.find("\"Thôn Nà Mới\""), std::string::npos);
  EXPECT_NE(ok.body.find("\"02098-05\""), std::string::npos) << ok.body;
  EXPECT_EQ(villages(), before + 1);
  EXPECT_EQ(call("hoamuc", "POST", target, R"({"name":"thôn nà mới","type":"thon"})").status, 409);
}

// Numbers beyond a double made nlohmann throw out_of_range, which escaped the
// router and aborted the server (before log-in, too).
TEST_F(RouterTest, NumbersBeyondADoubleAreABadBody) {
  for (const char* body : {R"({"login":"x","password":1e999})", R"({"login":"x","password":-1e400})",
                           R"({"login":"x","password":1e309})"}) {
    Response r = call("", "POST", "/api/v1/session", body);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_NE(r.body.find("bad_json"), std::string::npos) << r.body;
  }
  const std::string target = "/api/v1/units/" + std::to_string(unit_id("02098")) + "/villages";
  EXPECT_EQ(call("hoamuc", "POST", target, R"({"name":"Nà Số","type":"thon","valid_from":1e400})").status, 400);
}

TEST_F(RouterTest, WritesMustComeFromThisOrigin) {
  const std::string target = "/api/v1/units/" + std::to_string(unit_id("02098")) + "/villages";
  const std::string body = R"({"name":"Nà Gốc","type":"thon"})";
  for (std::string o : {"", "null", "https://localhost", "http://evil.example", "http://localhost:8080"}) {
    origin = o;
    Response r = call("hoamuc", "POST", target, body);
    EXPECT_EQ(r.status, 403) << "Origin '" << o << "'";
    EXPECT_NE(r.body.find("csrf_failed"), std::string::npos) << r.body;
  }
  origin = "HTTP://LOCALHOST";  // scheme and host are case-insensitive
  EXPECT_EQ(call("hoamuc", "POST", target, body).status, 201);
  origin = "http://localhost";
}

// Who may not call a route learns nothing from its body checks.
TEST_F(RouterTest, CallerIsCheckedBeforeTheBody) {
  const std::string target = "/api/v1/units/" + std::to_string(unit_id("02098")) + "/villages";
  EXPECT_EQ(call("", "POST", target, "{\"name\":").status, 401);
  EXPECT_EQ(call("hoamuc", "POST", target, "{\"name\":", false).status, 403);
}

}  // namespace
}  // namespace langso
