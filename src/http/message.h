// Transport-neutral request and response, so routing and handlers do not
// depend on Boost.Beast and can be tested directly.
#pragma once
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
  std::string content_type, cookie, origin, host, csrf_token, accept_encoding, remote, idempotency_key;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Splits "a=1&b=x%20y" into a map; false on malformed percent-encoding.
bool parse_query(const std::string& qs, std::map<std::string, std::string>& out);
bool percent_decode(const std::string& in, std::string& out, bool plus_is_space);

}  // namespace langso
