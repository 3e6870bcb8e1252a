#include "http/router.h"

#include "auth/crypto.h"
#include "store/db.h"
#include "util/text.h"

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

void Router::add(std::string method, std::string pattern, Handler h, Access access) {
  Route r{std::move(method), pattern, access, std::move(h), split_path(pattern)};
  routes_.push_back(std::move(r));
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

static std::string cookie_value(const std::string& header, const std::string& name) {
  size_t i = 0;
  while (i < header.size()) {
    while (i < header.size() && (header[i] == ' ' || header[i] == ';')) ++i;
    size_t end = header.find(';', i);
    if (end == std::string::npos) end = header.size();
    std::string part = header.substr(i, end - i);
    size_t eq = part.find('=');
    if (eq != std::string::npos && part.substr(0, eq) == name) return part.substr(eq + 1);
    i = end + 1;
  }
  return {};
}

static std::string origin_host(const std::string& origin) {
  size_t p = origin.find("://");
  return p == std::string::npos ? origin : origin.substr(p + 3);
}

Response Router::handle(App& app, const Request& req) const {
  try {
    return dispatch(app, req);
  } catch (const ApiError& e) {
    return problem_response(e);
  } catch (const DbUnavailableError& e) {
    return problem_response({503, "unavailable", "Hệ thống tạm thời không truy cập được cơ sở dữ liệu",
                             "Cơ sở dữ liệu tạm thời không sẵn sàng, vui lòng thử lại sau ít phút", {}, 5});
  }
}

Response Router::dispatch(App& app, const Request& req) const {
  if (!is_valid_utf8(req.path) || !is_valid_utf8(req.target))
    throw ApiError{400, "invalid_utf8", "Dữ liệu không phải UTF-8", "Đường dẫn hoặc tham số không phải UTF-8 hợp lệ", {}};
  for (const auto& [k, v] : req.query)
    if (!is_valid_utf8(k) || !is_valid_utf8(v))
      throw ApiError{400, "invalid_utf8", "Dữ liệu không phải UTF-8", "Tham số truy vấn không phải UTF-8 hợp lệ", {}};

  const std::vector<std::string> parts = split_path(req.path);
  const Route* match = nullptr;
  const Route* path_match = nullptr;
  std::unordered_map<std::string, std::string> params;
  auto is_param = [](const std::string& rp) { return rp.size() > 2 && rp.front() == '{' && rp.back() == '}'; };
  for (const Route& r : routes_) {
    if (r.parts.size() != parts.size()) continue;
    bool ok = true;
    for (size_t i = 0; i < parts.size() && ok; ++i) ok = is_param(r.parts[i]) || r.parts[i] == parts[i];
    if (!ok) continue;
    path_match = &r;
    if (r.method == req.method) {
      match = &r;
      for (size_t i = 0; i < parts.size(); ++i)
        if (is_param(r.parts[i])) params[r.parts[i].substr(1, r.parts[i].size() - 2)] = parts[i];
      break;
    }
  }
  if (!match) {
    if (!path_match) throw not_found();
    std::string allow;
    for (const Route& r : routes_)
      if (r.parts.size() == parts.size() && r.pattern == path_match->pattern) allow += (allow.empty() ? "" : ", ") + r.method;
    Response res = problem_response({405, "method_not_allowed", "Phương thức không được hỗ trợ",
                                     "Đường dẫn này không hỗ trợ phương thức " + req.method, {}});
    res.headers.emplace_back("Allow", allow);
    return res;
  }

  Ctx ctx{app, req, std::move(params), std::nullopt, {}, nullptr};
  const bool mutating = req.method != "GET" && req.method != "HEAD";

  if (mutating && !req.origin.empty() && origin_host(req.origin) != req.host)
    throw ApiError{403, "csrf_failed", "Yêu cầu bị từ chối", "Yêu cầu đến từ trang web khác (Origin không khớp)", {}};

  if (req.method == "POST" || req.method == "PATCH" || req.method == "PUT") {
    if (!is_valid_utf8(req.body))
      throw ApiError{400, "invalid_utf8", "Dữ liệu không phải UTF-8", "Nội dung yêu cầu không phải UTF-8 hợp lệ", {}};
    std::string ct = req.content_type.substr(0, req.content_type.find(';'));
    if (ct != "application/json")
      throw ApiError{415, "unsupported_media_type", "Kiểu dữ liệu không được hỗ trợ",
                     "Nội dung phải có Content-Type: application/json", {}};
    try {
      ctx.body = nlohmann::json::parse(req.body);
    } catch (const nlohmann::json::parse_error& e) {
      throw ApiError{400, "bad_json", "JSON không hợp lệ",
                     "Nội dung không phải JSON hợp lệ (vị trí byte " + std::to_string(e.byte) + ")", {}};
    }
    if (!ctx.body.is_object())
      throw ApiError{400, "bad_json", "JSON không hợp lệ", "Nội dung phải là một đối tượng JSON", {}};
  }

  if (match->access == Access::Unlocked) return match->handler(ctx);

  std::unique_lock<std::shared_mutex> write_lock;
  std::shared_lock<std::shared_mutex> read_lock;
  if (mutating) write_lock = app.lock();
  else read_lock = app.read_lock();
  if (match->access == Access::Session) {
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
  return match->handler(ctx);
}

}  // namespace langso
