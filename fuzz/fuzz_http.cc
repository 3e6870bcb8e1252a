// HTTP requests as the server reads them (http/server.cc): bytes from the
// socket go to a Beast request_parser<string_body> with the 16 KiB header
// limit and the bulk body limit; when the header is done, a target over 8 KiB
// is refused (414) and routes other than the bulk ones get the small body
// limit (a Content-Length above it is refused at once). A complete request is
// turned into a Request as to_request() does (decode_target, the header
// fields, the client address from X-Forwarded-For as a trusted proxy's peer)
// and checked like the router checks it first (UTF-8 of path, target and
// query). The input is fed
// in pieces whose sizes the input's first byte picks, as a socket delivers
// them. Then the same bytes go to the parser whole, so a request split across
// reads parses like one that came at once.
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstring>
#include <optional>
#include <string>

#include "check.h"
#include "http/message.h"
#include "http/server.h"
#include "util/ip.h"
#include "util/text.h"

namespace http = boost::beast::http;
using namespace langso;

namespace {

struct Outcome {
  bool complete = false;
  std::string error;  // parse error, if any
  std::string method, target, body;
  bool utf8 = false;
};

bool bulk_route(std::string_view target) {
  return target.starts_with("/api/v1/activities/batch") || target.starts_with("/api/v1/activities/import");
}

// As Session::read and on_header set the parser up.
Outcome parse(std::string_view bytes, size_t piece) {
  Outcome out;
  http::request_parser<http::string_body> p;
  p.body_limit(kMaxBulkBodyBytes);
  p.header_limit(kMaxHeaderBytes);
  bool header_seen = false;
  boost::beast::flat_buffer buf;
  size_t fed = 0;
  boost::beast::error_code ec;
  for (;;) {
    if (fed < bytes.size()) {
      size_t n = std::min(piece, bytes.size() - fed);
      auto b = buf.prepare(n);
      std::memcpy(b.data(), bytes.data() + fed, n);
      buf.commit(n);
      fed += n;
    }
    size_t used = p.put(buf.data(), ec);
    buf.consume(used);
    if (ec == http::error::need_more) ec = {};
    if (ec) break;
    if (p.is_header_done() && !header_seen) {
      header_seen = true;
      if (p.get().target().size() > kMaxTargetBytes) {
        out.error = "uri_too_long";
        return out;
      }
      if (!bulk_route(p.get().target())) {
        auto length = p.content_length();
        if (length && *length > kMaxBodyBytes) {
          out.error = "body_limit";
          return out;
        }
        p.body_limit(kMaxBodyBytes);
      }
    }
    if (p.is_done()) break;
    if (used == 0 && fed == bytes.size()) {  // nothing more will come: the peer closed
      if (!p.got_some()) ec = http::error::end_of_stream;  // as Beast's read reports it
      else p.put_eof(ec);
      if (!ec && !p.is_done()) ec = http::error::partial_message;
      break;
    }
  }
  if (ec) {
    out.error = ec.message();
    return out;
  }
  const auto& req = p.get();
  // to_request()
  Request r;
  r.method = std::string(req.method_string());
  r.target = std::string(req.target());
  decode_target(r);
  r.body = req.body();
  auto header = [&](std::string_view name) {
    auto it = req.find(name);
    return it == req.end() ? std::string() : std::string(it->value());
  };
  r.content_type = header("Content-Type");
  r.cookie = header("Cookie");
  r.origin = header("Origin");
  r.host = header("Host");
  r.accept_encoding = header("Accept-Encoding");
  r.csrf_token = header("X-CSRF-Token");
  r.idempotency_key = header("Idempotency-Key");
  static const std::vector<IpNet> trusted = {*parse_ip_net("127.0.0.1"), *parse_ip_net("10.0.0.0/8")};
  r.remote = client_address("127.0.0.1", header("X-Forwarded-For"), trusted);
  FUZZ_CHECK(r.remote == "127.0.0.1" || parse_ip(r.remote));
  cookie_value(r.cookie, "langso_session");
  // The router's first check.
  out.utf8 = is_valid_utf8(r.path) && is_valid_utf8(r.target);
  for (const auto& [k, v] : r.query) out.utf8 = out.utf8 && is_valid_utf8(k) && is_valid_utf8(v);
  // The limits held, whether the body came whole, chunked or in pieces.
  FUZZ_CHECK(r.body.size() <= (bulk_route(r.target) ? kMaxBulkBodyBytes : kMaxBodyBytes));
  FUZZ_CHECK(r.target.size() <= kMaxTargetBytes);
  out.complete = true;
  out.method = r.method;
  out.target = r.target;
  out.body = r.body;
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t piece = 1 + data[0] % 64;
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  Outcome split = parse(bytes, piece);
  Outcome whole = parse(bytes, bytes.size() + 1);
  FUZZ_CHECK(split.complete == whole.complete);
  if (split.complete)
    FUZZ_CHECK(split.method == whole.method && split.target == whole.target && split.body == whole.body &&
               split.utf8 == whole.utf8);
  return 0;
}
