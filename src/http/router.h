// Routes a Request to its handler. This is the one path every API call
// takes: UTF-8 and body checks, session and CSRF checks, JSON parsing, the
// handler, and the conversion of ApiError into problem+json.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "http/context.h"

namespace langso {

using Handler = std::function<Response(Ctx&)>;

enum class Access {
  Session,   // needs a logged-in caller; the app lock is held around the handler
  Public,    // no session; app lock held
  Unlocked,  // no session; the handler takes the app lock itself (log-in hashes outside it)
};

struct Route {
  std::string method;
  std::string pattern;  // "/api/v1/units/{id}/children"
  Access access;
  Handler handler;
  std::vector<std::string> parts;
};

class Router {
 public:
  void add(std::string method, std::string pattern, Handler h, Access access = Access::Session);
  // Only paths under /api/ and /healthz come here.
  Response handle(App& app, const Request& req) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  Response dispatch(App& app, const Request& req) const;
  std::vector<Route> routes_;
};

Response json_response(int status, const nlohmann::json& j);
Response no_content();
Response problem_response(const ApiError& e);

// Builds the router with every API route (api_*.cc).
Router make_api_router();

}  // namespace langso
