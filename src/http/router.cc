#include "http/router.h"

#include "auth/crypto.h"
#include "engine/periodic.h"
#include "store/db.h"
#include "util/text.h"

#include <spdlog/spdlog.h>

namespace langso {

static std::vector<std::string> split_path(const std::string& p) {
  std::vector<std::string> out;
  size_t i = 1;
  while (i <= p.size()) {
    size_t j = p.find('/', i);
    if (j == std::string::npos) j = p.size();
    out.push_back(p.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

void Router::add(std::string method, std::string pattern, Handler h, Access access, Work work) {
  Route r{std::move(method), pattern, access, std::move(h), split_path(pattern), work};
  routes_.push_back(std::move(r));
}

void Router::add_upload(std::string method, std::string pattern, Handler h) {
  Route r{std::move(method), pattern, Access::Session, std::move(h), split_path(pattern), Work::Inline, Body::File, true};
  routes_.push_back(std::move(r));
}

void Router::add_bulk(std::string method, std::string pattern, Handler h) {
  Route r{std::move(method), pattern, Access::Session, std::move(h), split_path(pattern), Work::Inline, Body::Json, true};
  routes_.push_back(std::move(r));
}

static bool is_param(const std::string& rp) { return rp.size() > 2 && rp.front() == '{' && rp.back() == '}'; }

const Route* Router::match(const std::string& method, const std::vector<std::string>& parts, const Route** path_match,
                           std::unordered_map<std::string, std::string>* params) const {
  for (const Route& r : routes_) {
    if (r.parts.size() != parts.size()) continue;
    bool ok = true;
    for (size_t i = 0; i < parts.size() && ok; ++i) ok = is_param(r.parts[i]) || r.parts[i] == parts[i];
    if (!ok) continue;
    if (path_match) *path_match = &r;
    if (r.method == method) {
      if (params)
        for (size_t i = 0; i < parts.size(); ++i)
          if (is_param(r.parts[i])) (*params)[r.parts[i].substr(1, r.parts[i].size() - 2)] = parts[i];
      return &r;
    }
  }
  return nullptr;
}

bool Router::takes_large_body(std::string_view method, std::string_view path) const {
  if (method != "POST" && method != "PUT" && method != "PATCH") return false;  // every large-body route is one
  const Route* r = match(std::string(method), split_path(std::string(path)), nullptr, nullptr);
  return r && r->large_body;
}

Work Router::work_of(const Request& req) const {
  if (req.method == "GET") {  // a file of another program: only asked as ?format=pdf (no route match for other GETs)
    auto f = req.query.find("format");
    if (f == req.query.end() || f->second != "pdf") return Work::Inline;
    const Route* r = match(req.method, split_path(req.path), nullptr, nullptr);
    return r && r->work == Work::Files ? Work::Files : Work::Inline;
  }
  if (req.method != "POST") return Work::Inline;  // every hashing route is a POST
  const Route* r = match(req.method, split_path(req.path), nullptr, nullptr);
  return r ? r->work : Work::Inline;
}

Response json_response(int status, const nlohmann::json& j) {
  Response r;
  r.status = status;
  r.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response no_content() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

Response problem_response(const ApiError& e) {
  Response r = json_response(e.status, e.to_json());
  r.content_type = "application/problem+json";
  if (e.retry_after) r.headers.emplace_back("Retry-After", std::to_string(e.retry_after));
  return r;
}

// A write must come from a page of this very site: its Origin (which every
// browser sends on a write) is the scheme and host the request reached —
// the scheme as a trusted proxy reports it (Request::scheme). A missing
// Origin is refused as well: a cross-site form post from an old browser, or
// a tool, must say where it comes from.
static bool same_origin(const Request& req) {
  if (req.origin.empty() || req.host.empty()) return false;
  auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    return s;
  };
  return lower(req.origin) == lower(req.scheme + "://" + req.host);
}

// A JSON string for a log line, whatever the bytes.
static std::string log_string(std::string_view s) {
  return nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Response Router::handle(App& app, const Request& req) const {
  return answer(req, [&] {
    Response r = dispatch(app, req);  // the locks are released when it returns
    if (r.after_locks) {
      auto finish = std::move(r.after_locks);
      r.after_locks = nullptr;
      finish(r);
    }
    return r;
  });
}

Response Router::handle_nested(const Ctx& outer, const Request& req) const {
  return answer(req, [&] {
    Response r = dispatch_nested(outer, req);
    if (r.after_locks) {
      auto finish = std::move(r.after_locks);
      r.after_locks = nullptr;
      finish(r);
    }
    return r;
  });
}

template <class F>
Response Router::answer(const Request& req, F&& run) const {
  try {
    return run();
  } catch (const ApiError& e) {
    return problem_response(e);
  } catch (const ReportValidationError& e) {
    return problem_response(validation(e.errors));
  } catch (const ReportConflict& e) {
    // A state of a periodic report refused the write (engine/periodic.h):
    // an approved period's activities, a step another tab took first.
    return problem_response(ApiError{409, e.code, e.title, e.what(), {}});
  } catch (const DbUnavailableError& e) {
    spdlog::warn(R"({{"event":"db_unavailable","path":{},"error":{}}})", log_string(req.path), log_string(e.what()));
    return problem_response(db_unavailable());
  } catch (const DbConstraintError& e) {
    // A uniqueness rule the handler's own check did not see coming (another
    // instance wrote the same thing a moment earlier): nothing was saved.
    return problem_response(conflict("Dữ liệu vừa được ghi bởi một yêu cầu khác; hãy tải lại và thử lại"));
  } catch (const std::exception& e) {
    // Whatever a library throws, this request fails and the server stays up.
    spdlog::error(R"({{"event":"internal_error","path":{},"error":{}}})", log_string(req.path), log_string(e.what()));
    return problem_response(internal_error());
  }
}

// How deeply arrays and objects nest, strings aside (they may hold brackets).
static size_t nesting(std::string_view text) {
  size_t depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

// A JSON object, or the error that says why the body is not one.
static std::optional<ApiError> parse_body(const Request& req, nlohmann::json& body) {
  if (!is_valid_utf8(req.body))
    return ApiError{400, "invalid_utf8", "Dữ liệu không phải UTF-8", "Nội dung yêu cầu không phải UTF-8 hợp lệ", {}};
  std::string ct = req.content_type.substr(0, req.content_type.find(';'));
  if (ct != "application/json")
    return ApiError{415, "unsupported_media_type", "Kiểu dữ liệu không được hỗ trợ",
                    "Nội dung phải có Content-Type: application/json", {}};
  // No body of the API nests more than a few levels. A deep one (a 200 KB
  // batch of 100,000 brackets) parses, but copying or dumping the value
  // recurses once a level and overflows the stack.
  constexpr size_t kMaxNesting = 32;
  if (nesting(req.body) > kMaxNesting)
    return ApiError{400, "bad_json", "JSON không hợp lệ",
                    "Nội dung lồng nhau quá " + std::to_string(kMaxNesting) + " cấp", {}};
  try {
    body = nlohmann::json::parse(req.body);
  } catch (const nlohmann::json::parse_error& e) {
    return ApiError{400, "bad_json", "JSON không hợp lệ",
                    "Nội dung không phải JSON hợp lệ (vị trí byte " + std::to_string(e.byte) + ")", {}};
  } catch (const nlohmann::json::exception&) {
    // out_of_range: a number beyond a double (1e400); any other refusal of the parser alike.
    return ApiError{400, "bad_json", "JSON không hợp lệ", "Nội dung có số vượt quá giới hạn hoặc không đọc được", {}};
  }
  if (!body.is_object()) return ApiError{400, "bad_json", "JSON không hợp lệ", "Nội dung phải là một đối tượng JSON", {}};
  return std::nullopt;
}

// A file's bytes: anything but JSON (an app of before files came as the
// body sent them as base64 inside JSON; it is told so, not read as a table).
static std::optional<ApiError> file_body(const Request& req) {
  std::string ct = req.content_type.substr(0, req.content_type.find(';'));
  if (ct == "application/json")
    return ApiError{415, "unsupported_media_type", "Kiểu dữ liệu không được hỗ trợ",
                    "Gửi chính tệp làm nội dung yêu cầu (không bọc trong JSON); hãy tải lại trang", {}};
  return std::nullopt;
}

Response Router::dispatch(App& app, const Request& req) const {
  if (!is_valid_utf8(req.path) || !is_valid_utf8(req.target))
    throw ApiError{400, "invalid_utf8", "Dữ liệu không phải UTF-8", "Đường dẫn hoặc tham số không phải UTF-8 hợp lệ", {}};
  for (const auto& [k, v] : req.query)
    if (!is_valid_utf8(k) || !is_valid_utf8(v))
      throw ApiError{400, "invalid_utf8", "Dữ liệu không phải UTF-8", "Tham số truy vấn không phải UTF-8 hợp lệ", {}};

  const std::vector<std::string> parts = split_path(req.path);
  const Route* path_match = nullptr;
  std::unordered_map<std::string, std::string> params;
  const Route* found = match(req.method, parts, &path_match, &params);
  if (!found) {
    if (!path_match) throw not_found();
    std::string allow;
    for (const Route& r : routes_)
      if (r.parts.size() == parts.size() && r.pattern == path_match->pattern) allow += (allow.empty() ? "" : ", ") + r.method;
    Response res = problem_response({405, "method_not_allowed", "Phương thức không được hỗ trợ",
                                     "Đường dẫn này không hỗ trợ phương thức " + req.method, {}});
    res.headers.emplace_back("Allow", allow);
    return res;
  }

  Ctx ctx{app, req, std::move(params), std::nullopt, {}, nullptr, this};
  const bool mutating = req.method != "GET" && req.method != "HEAD";

  if (mutating && !same_origin(req))
    throw ApiError{403, "csrf_failed", "Yêu cầu bị từ chối",
                   req.origin.empty() ? "Yêu cầu ghi phải có tiêu đề Origin của trang langso"
                                      : "Yêu cầu đến từ trang web khác (Origin không khớp)",
                   {}};

  // The body is read now, but a fault in it is told only after the caller
  // is known: who may not call a route learns nothing from its body checks.
  std::optional<ApiError> body_error;
  if (req.method == "POST" || req.method == "PATCH" || req.method == "PUT")
    body_error = found->body == Body::File ? file_body(req) : parse_body(req, ctx.body);
  auto check_body = [&] {
    if (body_error) throw *body_error;
  };

  if (found->access == Access::Unlocked) {
    check_body();
    return found->handler(ctx);
  }

  // App's locking rule (engine/app.h): a write holds writer() for its whole
  // request and never read_lock(); a read holds read_lock().
  std::unique_lock<std::timed_mutex> write_lock;
  std::shared_lock<std::shared_mutex> read_lock;
  if (mutating) write_lock = app.writer();
  else read_lock = app.read_lock();
  if (found->access == Access::Session) {
    std::string token = cookie_value(req.cookie, "langso_session");
    std::optional<App::Session> s;
    if (!token.empty()) {
      ctx.session_digest = token_digest(token);
      s = app.session(ctx.session_digest);
    }
    if (!s) throw unauthenticated();
    if (mutating && !equal_constant_time(req.csrf_token, s->csrf_token))
      throw ApiError{403, "csrf_failed", "Yêu cầu bị từ chối", "Thiếu hoặc sai mã chống giả mạo (X-CSRF-Token)", {}};
    ctx.who = s->who;
  }
  check_body();
  return found->handler(ctx);
}

Response Router::dispatch_nested(const Ctx& outer, const Request& req) const {
  const std::vector<std::string> parts = split_path(req.path);
  std::unordered_map<std::string, std::string> params;
  const Route* found = match(req.method, parts, nullptr, &params);
  if (!found || found->access != Access::Session || found->body == Body::File) throw not_found();
  Ctx ctx{outer.app, req, std::move(params), outer.who, outer.session_digest, nullptr, this};
  if (req.method == "POST" || req.method == "PATCH" || req.method == "PUT")
    if (auto e = parse_body(req, ctx.body)) throw *e;
  return found->handler(ctx);
}

}  // namespace langso
