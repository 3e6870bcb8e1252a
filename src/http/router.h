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
  Session,   // needs a logged-in caller; App::writer() (writes) or App::read_lock() (reads) held around the handler
  Public,    // no session; the same locks
  Unlocked,  // no session; the handler takes the locks it needs itself (log-in hashes outside them)
};

// Where a handler runs. Password hashing (argon2id, tens of milliseconds of
// CPU) runs on the server's small hashing pool, so that a flood of log-ins
// queues there and never takes the I/O threads from every other request.
// A file rendered by another program (the report as PDF, io/report_pdf.h;
// seconds) runs on a thread of its own for the same reason: an I/O thread it
// held would stall every connection on that thread.
enum class Work { Inline, Hashing, Files };

// What a route's body is: a JSON object (parsed and checked by the router
// before the handler), or a file's bytes (http/upload.h: never parsed; the
// route's other parameters are in the query string).
enum class Body { Json, File };

struct Route {
  std::string method;
  std::string pattern;  // "/api/v1/units/{id}/children"
  Access access;
  Handler handler;
  std::vector<std::string> parts;
  Work work = Work::Inline;
  Body body = Body::Json;
  bool large_body = false;  // up to kMaxBulkBodyBytes (http/server.h), not kMaxBodyBytes
};

class Router {
 public:
  void add(std::string method, std::string pattern, Handler h, Access access = Access::Session,
           Work work = Work::Inline);
  // A route that takes a file as its body (http/upload.h): a session route,
  // its body's bytes left as they came (a JSON body is refused, 415); never
  // reached through POST /api/v1/sync, whose entries are JSON.
  void add_upload(std::string method, std::string pattern, Handler h);
  // A route whose JSON body may be large (a batch of activities, a CSV in
  // JSON): read up to the bulk limit, the handler checking its own.
  void add_bulk(std::string method, std::string pattern, Handler h);
  // Only paths under /api/ and /healthz come here.
  Response handle(App& app, const Request& req) const;
  // A request made on behalf of the caller of `outer`, inside it (each entry
  // of POST /api/v1/sync): the same route, body checks and handler as if
  // it had come alone, and its errors as problem+json, but without taking
  // App's locks again or checking the session, CSRF token and Origin (the
  // outer request did). Only routes that need a session.
  Response handle_nested(const Ctx& outer, const Request& req) const;
  const std::vector<Route>& routes() const { return routes_; }
  // How the route of this request runs (Inline when none matches).
  Work work_of(const Request& req) const;
  // Whether the route of `method` `path` takes a large body (add_upload and
  // add_bulk routes): the server reads the header, asks, and limits the
  // body to kMaxBulkBodyBytes or kMaxBodyBytes.
  bool takes_large_body(std::string_view method, std::string_view path) const;

 private:
  const Route* match(const std::string& method, const std::vector<std::string>& parts, const Route** path_match,
                     std::unordered_map<std::string, std::string>* params) const;
  Response dispatch(App& app, const Request& req) const;
  Response dispatch_nested(const Ctx& outer, const Request& req) const;
  template <class F>
  Response answer(const Request& req, F&& run) const;
  std::vector<Route> routes_;
};

Response json_response(int status, const nlohmann::json& j);
Response no_content();
Response problem_response(const ApiError& e);

// Builds the router with every API route (api_*.cc).
Router make_api_router();

}  // namespace langso
