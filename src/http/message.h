// Transport-neutral request and response, so routing and handlers do not
// depend on Boost.Beast and can be tested directly.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace langso {

struct Request {
  std::string method;
  std::string target;  // as received, with query
  std::string path;    // decoded, without query
  std::map<std::string, std::string> query;
  std::string body;
  std::string content_type, cookie, origin, host, csrf_token, accept_encoding, idempotency_key, user_agent;
  // The client's address (X-Forwarded-For believed only from a trusted proxy,
  // util/ip.h) and the scheme it used ("https" only when such a proxy says so).
  std::string remote, scheme = "http";
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // Work that needs no index and takes long (a PDF conversion): run by the
  // router after the request's locks are released, so it never holds up a
  // writer (engine/app.h). It may throw (answered as any handler's error).
  std::function<void(Response&)> after_locks;
};

// Splits "a=1&b=x%20y" into a map; false on malformed percent-encoding.
bool parse_query(const std::string& qs, std::map<std::string, std::string>& out);
bool percent_decode(const std::string& in, std::string& out, bool plus_is_space);
// The value of cookie `name` in a Cookie header; "" when absent.
std::string cookie_value(const std::string& header, const std::string& name);
// Fills r.path and r.query from r.target as the server does: the path
// percent-decoded ('+' kept), or as received when its encoding is malformed;
// a malformed query string leaves the one key "\x01", which the server
// answers with 400.
void decode_target(Request& r);

}  // namespace langso
