#include <utility>  // before asio: Boost 1.74's coroutine headers need it

#include "http/server.h"

#include <spdlog/spdlog.h>

#include <boost/asio.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <array>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "http/access_log.h"
#include "http/static_files.h"
#include "util/text.h"

namespace langso {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

struct Shared {
  App& app;
  Router router;
  StaticFiles files;
  AccessLog log;
};

Request to_request(const http::request<http::string_body>& req, const std::string& remote) {
  Request r;
  r.method = std::string(req.method_string());
  r.target = std::string(req.target());
  size_t q = r.target.find('?');
  std::string raw_path = r.target.substr(0, q);
  if (!percent_decode(raw_path, r.path, false)) r.path = raw_path;
  if (q != std::string::npos && !parse_query(r.target.substr(q + 1), r.query)) r.query.clear(), r.query["\x01"] = "";
  r.body = req.body();
  auto hdr = [&](http::field f) { auto it = req.find(f); return it == req.end() ? std::string() : std::string(it->value()); };
  r.content_type = hdr(http::field::content_type);
  r.cookie = hdr(http::field::cookie);
  r.origin = hdr(http::field::origin);
  r.host = hdr(http::field::host);
  r.accept_encoding = hdr(http::field::accept_encoding);
  auto csrf = req.find("X-CSRF-Token");
  if (csrf != req.end()) r.csrf_token = std::string(csrf->value());
  auto idem = req.find("Idempotency-Key");
  if (idem != req.end()) r.idempotency_key = std::string(idem->value());
  r.remote = remote;
  return r;
}

Response route(Shared& sh, const Request& req) {
  if (req.path.starts_with("/api/") || req.path == "/healthz") {
    if (req.query.count("\x01")) return problem_response(bad_query("Chuỗi truy vấn bị mã hoá sai"));
    return sh.router.handle(sh.app, req);
  }
  if (req.method == "GET" || req.method == "HEAD")
    if (auto r = sh.files.serve(req.path, req.accept_encoding.find("gzip") != std::string::npos)) return *r;
  return problem_response(not_found());
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket s, Shared& sh) : stream_(std::move(s)), sh_(sh) {
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = ep.address().to_string();
  }
  void start() { read(); }

 private:
  void read() {
    parser_.emplace();
    // Beast checks Content-Length against the limit when the header ends, so
    // the header is read under the bulk limit and each route's limit applied
    // in on_header.
    parser_->body_limit(kMaxBulkBodyBytes);
    parser_->header_limit(16 * 1024);
    stream_.expires_after(std::chrono::seconds(60));
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::on_header, shared_from_this()));
  }

  // Bulk routes take larger bodies; everything else stays small.
  void on_header(beast::error_code ec, std::size_t) {
    if (ec) return on_read(ec, 0);
    std::string_view target = parser_->get().target();
    bool bulk = target.starts_with("/api/v1/activities/batch") || target.starts_with("/api/v1/activities/import");
    if (!bulk) {
      auto length = parser_->content_length();
      if (length && *length > kMaxBodyBytes) return on_read(http::error::body_limit, 0);
      parser_->body_limit(kMaxBodyBytes);  // chunked bodies are limited as they arrive
    }
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::body_limit) {
      Response r = problem_response({413, "payload_too_large", "Dữ liệu quá lớn",
                                     "Nội dung yêu cầu vượt quá giới hạn " + std::to_string(kMaxBodyBytes / 1024) + " KB", {}});
      write(r, 11, false, "POST", "/api/");
      return;
    }
    if (ec) return close();
    auto start = std::chrono::steady_clock::now();
    const auto& req = parser_->get();
    Request r = to_request(req, remote_);
    Response res = route(sh_, r);
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count();
    // The path has ids only; the query string (search words) and bodies are never logged.
    sh_.log.request(r.method, r.path, res.status, us, res.body.size(), remote_);
    write(res, req.version(), req.keep_alive(), r.method, r.path);
  }

  // The head is written by hand into a buffer the session keeps: Beast's
  // fields allocate a node per header, and the serializer costs more than
  // this; the bytes are the same a response<string_body> with
  // prepare_payload() would send.
  void write(Response& r, unsigned version, bool keep_alive, const std::string& method, const std::string& path) {
    const auto status = static_cast<http::status>(r.status);
    head_.clear();
    head_ += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    head_ += std::to_string(r.status);
    head_ += ' ';
    head_ += http::obsolete_reason(status);
    head_ += "\r\nServer: langso\r\n";
    auto field = [&](std::string_view k, std::string_view v) {
      head_.append(k).append(": ").append(v).append("\r\n");
    };
    if (!r.content_type.empty()) field("Content-Type", r.content_type);
    field("X-Content-Type-Options", "nosniff");
    field("Referrer-Policy", "same-origin");
    if (path.starts_with("/api/")) field("Cache-Control", "no-store");
    for (auto& [k, v] : r.headers) field(k, v);
    if (!keep_alive) field("Connection", "close");
    else if (version == 10) field("Connection", "keep-alive");
    const bool bodiless = r.status / 100 == 1 || r.status == 204 || r.status == 304;
    if (!bodiless) field("Content-Length", std::to_string(r.body.size()));
    head_ += "\r\n";
    body_ = std::move(r.body);
    if (method == "HEAD" || bodiless) body_.clear();
    stream_.expires_after(std::chrono::seconds(60));
    std::array<asio::const_buffer, 2> bufs{asio::buffer(head_), asio::buffer(body_)};
    asio::async_write(stream_, bufs, [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
      if (ec || !keep_alive) return self->close();
      self->read();
    });
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Shared& sh_;
  std::string remote_;
  std::string head_, body_;  // of the response being written
};

// Accepts on the first io_context and hands connections to each in turn.
class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(std::vector<std::unique_ptr<asio::io_context>>& iocs, tcp::endpoint ep, Shared& sh)
      : iocs_(iocs), acceptor_(*iocs.front()), sh_(sh) {
    acceptor_.open(ep.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(ep);
    acceptor_.listen(asio::socket_base::max_listen_connections);
  }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  void accept() {
    asio::io_context& next = *iocs_[next_++ % iocs_.size()];
    acceptor_.async_accept(next, [self = shared_from_this()](beast::error_code ec, tcp::socket s) {
      if (!ec) std::make_shared<Session>(std::move(s), self->sh_)->start();
      self->accept();
    });
  }

 private:
  std::vector<std::unique_ptr<asio::io_context>>& iocs_;
  size_t next_ = 0;
  tcp::acceptor acceptor_;
  Shared& sh_;
};

}  // namespace

void run_server(App& app, const ServerOptions& opts, const std::function<void(unsigned short)>& on_listening) {
  Shared sh{app, make_api_router(), {}, {}};
  sh.files.load(opts.web_dir);
  if (sh.files.empty()) spdlog::warn("no web app files in '{}': serving the API only", opts.web_dir);
  // One io_context per thread, each serving its own connections start to
  // end: no strands, and no hand-off between threads. With one shared
  // io_context the threads woke each other for nearly every completion, which
  // cost more CPU than the requests. The price: a slow request (a report, a
  // log-in's argon2id) delays the other connections of its thread only.
  std::vector<std::unique_ptr<asio::io_context>> iocs;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep_running;
  for (int i = 0; i < std::max(1, opts.threads); ++i) {
    iocs.push_back(std::make_unique<asio::io_context>(1));
    keep_running.push_back(asio::make_work_guard(*iocs.back()));
  }
  auto listener = std::make_shared<Listener>(iocs, tcp::endpoint(asio::ip::make_address(opts.host), opts.port), sh);
  listener->accept();
  asio::signal_set signals(*iocs.front(), SIGINT, SIGTERM);
  signals.async_wait([&](beast::error_code, int) {
    for (auto& ioc : iocs) ioc->stop();
  });
  on_listening(listener->port());
  std::vector<std::thread> threads;
  for (size_t i = 1; i < iocs.size(); ++i) threads.emplace_back([&, i] { iocs[i]->run(); });
  iocs.front()->run();
  for (auto& t : threads) t.join();
}

}  // namespace langso
