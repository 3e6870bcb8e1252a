#include <utility>  // before asio: Boost 1.74's coroutine headers need it

#include "http/server.h"

#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <array>
#include <atomic>
#include <chrono>
#include <list>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <unordered_map>
#include <vector>

#include "http/access_log.h"
#include "http/static_files.h"
#include "util/gzip.h"
#include "util/text.h"

namespace langso {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

int connection_cap(long descriptor_limit) {
  // The database's files and sockets, the log, the listening socket, epoll
  // and the threads' wake-up descriptors stay below 64 with room to spare.
  constexpr long kReserve = 64;
  return static_cast<int>(std::clamp(descriptor_limit - kReserve, 8L, 1000000L));
}

namespace {

class Session;

// Log-ins waiting for or on the hashing pool: a bounded queue, and a bounded
// share of it for each client address.
class HashingGate {
 public:
  HashingGate(int queue, int per_address) : queue_(queue), per_address_(per_address) {}
  // 0: admitted (release() later); else the HTTP status to answer at once.
  int admit(const std::string& address) {
    std::lock_guard guard(mu_);
    if (queued_ >= queue_) return 503;
    int& mine = by_address_[address];
    if (mine >= per_address_) return 429;
    ++mine;
    ++queued_;
    return 0;
  }
  void release(const std::string& address) {
    std::lock_guard guard(mu_);
    --queued_;
    auto it = by_address_.find(address);
    if (it != by_address_.end() && --it->second <= 0) by_address_.erase(it);
  }

 private:
  std::mutex mu_;
  const int queue_, per_address_;
  int queued_ = 0;
  std::unordered_map<std::string, int> by_address_;
};

struct Shared {
  App& app;
  const ServerOptions& opts;
  Router router;
  StaticFiles files;
  AccessLog log;
  const int cap;
  std::atomic<int> open{0};
  // Connections waiting for a request line, oldest first: the ones to close
  // when a new connection needs the room.
  std::mutex idle_mu;
  std::list<std::weak_ptr<Session>> idle;
  asio::thread_pool hashing;
  HashingGate gate;
  // Writes run one at a time on a thread of their own (they hold
  // App::writer() anyway), so a write waiting on the database never holds
  // up the reads that share its I/O thread.
  asio::thread_pool writes{1};
  std::atomic<int> writes_queued{0};
  static constexpr int kMaxQueuedWrites = 256;
  // Files rendered by another program (Work::Files), one at a time.
  asio::thread_pool rendering{1};
  std::atomic<int> files_queued{0};
  static constexpr int kMaxQueuedFiles = 4;

  Shared(App& a, const ServerOptions& o, int c)
      : app(a), opts(o), router(make_api_router()), cap(c), hashing(static_cast<size_t>(std::max(1, o.hashing_threads))),
        gate(std::max(1, o.hashing_queue), std::max(1, o.hashing_per_address)) {}
  // Closes the connection idle the longest (on its own thread); false when
  // every connection is busy with a request.
  bool make_room();
};

std::string header(const http::request<http::string_body>& req, std::string_view name) {
  auto it = req.find(name);
  return it == req.end() ? std::string() : std::string(it->value());
}

Request to_request(const http::request<http::string_body>& req, const std::string& peer,
                   const std::vector<IpNet>& trusted) {
  Request r;
  r.method = std::string(req.method_string());
  r.target = std::string(req.target());
  decode_target(r);
  r.body = req.body();
  r.content_type = header(req, "Content-Type");
  r.cookie = header(req, "Cookie");
  r.origin = header(req, "Origin");
  r.host = header(req, "Host");
  r.accept_encoding = header(req, "Accept-Encoding");
  r.csrf_token = header(req, "X-CSRF-Token");
  r.idempotency_key = header(req, "Idempotency-Key");
  r.user_agent = header(req, "User-Agent");
  r.remote = client_address(peer, header(req, "X-Forwarded-For"), trusted);
  if (is_trusted(peer, trusted)) {
    // The scheme the client used, as the last proxy (ours) saw it.
    std::string proto = header(req, "X-Forwarded-Proto");
    proto = trim(proto.substr(proto.rfind(',') == std::string::npos ? 0 : proto.rfind(',') + 1));
    if (proto == "https" || proto == "http") r.scheme = proto;
  }
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

// The router answers every ApiError and library exception itself; this is
// the last line for what happens around it (a static file, a bad_alloc).
Response route_safely(Shared& sh, const Request& req) {
  try {
    return route(sh, req);
  } catch (const std::exception& e) {
    spdlog::error(R"({{"event":"internal_error","error":{}}})",
                  nlohmann::json(std::string(e.what())).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    return problem_response(internal_error());
  }
}

Response refused(int status, std::string code, std::string title, std::string detail, int retry_after = 0) {
  ApiError e{status, std::move(code), std::move(title), std::move(detail), {}};
  e.retry_after = retry_after;
  return problem_response(e);
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket s, Shared& sh) : stream_(std::move(s)), sh_(sh) {
    ++sh_.open;
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) peer_ = ep.address().to_string();
  }
  ~Session() {
    mark_idle(false);
    --sh_.open;
  }
  void start() { read(); }

  // Shared::make_room takes the oldest idle session off the list (under
  // idle_mu) and closes it on its own executor; its pending read then ends.
  std::shared_ptr<Session> unlist() {
    in_idle_ = false;
    return shared_from_this();
  }
  void evict() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      beast::error_code ec;
      self->stream_.socket().close(ec);
    });
  }

 private:
  void read() {
    parser_.emplace();
    // Beast checks Content-Length against the limit when the header ends, so
    // the header is read under the bulk limit and each route's limit applied
    // in on_header.
    parser_->body_limit(kMaxBulkBodyBytes);
    parser_->header_limit(kMaxHeaderBytes);
    stream_.expires_after(std::chrono::seconds(60));
    mark_idle(true);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::on_header, shared_from_this()));
  }

  void mark_idle(bool idle) {
    std::lock_guard guard(sh_.idle_mu);
    if (idle && !in_idle_) {
      idle_at_ = sh_.idle.insert(sh_.idle.end(), weak_from_this());
      in_idle_ = true;
    } else if (!idle && in_idle_) {
      sh_.idle.erase(idle_at_);
      in_idle_ = false;
    }
  }

  // Bulk routes take larger bodies; everything else stays small.
  void on_header(beast::error_code ec, std::size_t) {
    mark_idle(false);
    if (ec) return on_read(ec, 0);
    std::string_view target = parser_->get().target();
    if (target.size() > kMaxTargetBytes) return on_read(http::error::header_limit, 0);
    // The routes that say so (files as the body, batches) take up to the bulk
    // limit; each refuses more of its own (http/upload.h).
    const bool bulk = sh_.router.takes_large_body(std::string_view(parser_->get().method_string()),
                                                  target.substr(0, target.find('?')));
    if (!bulk) {
      auto length = parser_->content_length();
      if (length && *length > kMaxBodyBytes) return on_read(http::error::body_limit, 0);
      parser_->body_limit(kMaxBodyBytes);  // chunked bodies are limited as they arrive
    } else if (auto length = parser_->content_length(); length && *length > kMaxBodyBytes) {
      // A large body is read 64 KB at a time: Beast reads only as much as the
      // buffer has room for (a few KB after the header), and a 1.6 MB file
      // took ~400 reads and 12–17 ms where 25 reads take 2–4 ms. (The body's
      // string is sized from Content-Length by Beast itself.)
      buffer_.reserve(64 * 1024);
    }
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  // A request line longer than the limit (or none within it) is a 414; a
  // long header section a 431. Beast parses the request line and each whole
  // header field as they arrive (consuming them from the buffer), so a
  // request line it has parsed is known by its target.
  bool request_line_too_long() const {
    if (parser_ && !parser_->get().target().empty()) return parser_->get().target().size() > kMaxTargetBytes;
    const auto data = buffer_.data();
    std::string_view seen(static_cast<const char*>(data.data()), data.size());
    const size_t eol = seen.find("\r\n");
    return eol == std::string_view::npos || eol > kMaxTargetBytes;
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::body_limit) {
      Response r = refused(413, "payload_too_large", "Dữ liệu quá lớn",
                           "Nội dung yêu cầu vượt quá giới hạn " + std::to_string(kMaxBodyBytes / 1024) + " KB");
      return write(r, 11, false, "POST", "/api/");
    }
    if (ec == http::error::header_limit) {
      Response r = request_line_too_long()
                       ? refused(414, "uri_too_long", "Đường dẫn quá dài",
                                 "Đường dẫn và tham số vượt quá " + std::to_string(kMaxTargetBytes / 1024) + " KB")
                       : refused(431, "headers_too_large", "Tiêu đề yêu cầu quá lớn",
                                 "Các tiêu đề yêu cầu vượt quá " + std::to_string(kMaxHeaderBytes / 1024) + " KB");
      return write(r, 11, false, "GET", "/api/");
    }
    if (ec && ec.category() == http::make_error_code(http::error::bad_method).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message) {
      Response r = refused(400, "bad_request", "Yêu cầu không hợp lệ", "Yêu cầu HTTP không đúng cú pháp");
      return write(r, 11, false, "GET", "/api/");
    }
    if (ec) return close();
    const auto start = std::chrono::steady_clock::now();
    const auto& req = parser_->get();
    const unsigned version = req.version();
    const bool keep_alive = req.keep_alive();
    auto r = std::make_shared<Request>(to_request(req, peer_, sh_.opts.trusted_proxies));
    const Work work = sh_.router.work_of(*r);
    if (work == Work::Hashing) return hash_then_answer(r, version, keep_alive, start);
    if (work == Work::Files) return file_then_answer(r, version, keep_alive, start);
    if (r->method != "GET" && r->method != "HEAD" && r->path.starts_with("/api/"))
      return write_then_answer(r, version, keep_alive, start);
    Response res = route_safely(sh_, *r);
    answer(*r, res, version, keep_alive, start);
  }

  // Runs a write on the writes thread. One that waited there longer than a
  // write may wait for the database (App::write_wait) gets its 503 at once,
  // as it would have waiting for App::writer(); so does one beyond the queue.
  void write_then_answer(std::shared_ptr<Request> r, unsigned version, bool keep_alive,
                         std::chrono::steady_clock::time_point start) {
    if (sh_.writes_queued.fetch_add(1) >= Shared::kMaxQueuedWrites) {
      --sh_.writes_queued;
      Response res = problem_response(db_unavailable());
      return answer(*r, res, version, keep_alive, start);
    }
    asio::post(sh_.writes, [self = shared_from_this(), r, version, keep_alive, start] {
      --self->sh_.writes_queued;
      auto res = std::make_shared<Response>(std::chrono::steady_clock::now() - start > self->sh_.app.write_wait()
                                                ? problem_response(db_unavailable())
                                                : route_safely(self->sh_, *r));
      asio::post(self->stream_.get_executor(), [self, r, res, version, keep_alive, start] {
        self->answer(*r, *res, version, keep_alive, start);
      });
    });
  }

  // Runs the route on the files thread and answers from this session's own
  // thread; beyond a short queue, 503 at once.
  void file_then_answer(std::shared_ptr<Request> r, unsigned version, bool keep_alive,
                        std::chrono::steady_clock::time_point start) {
    if (sh_.files_queued.fetch_add(1) >= Shared::kMaxQueuedFiles) {
      --sh_.files_queued;
      Response res = refused(503, "pdf_busy", "Chưa tạo được tệp PDF",
                             "Máy chủ đang tạo nhiều tệp PDF; hãy thử lại sau ít giây (hoặc tải tệp .docx)", 5);
      return answer(*r, res, version, keep_alive, start);
    }
    asio::post(sh_.rendering, [self = shared_from_this(), r, version, keep_alive, start] {
      auto res = std::make_shared<Response>(route_safely(self->sh_, *r));
      --self->sh_.files_queued;
      asio::post(self->stream_.get_executor(), [self, r, res, version, keep_alive, start] {
        self->answer(*r, *res, version, keep_alive, start);
      });
    });
  }

  // Runs the route on the hashing pool and answers from this session's own
  // thread. A full queue, or an address with its share taken, is told at
  // once without hashing anything.
  void hash_then_answer(std::shared_ptr<Request> r, unsigned version, bool keep_alive,
                        std::chrono::steady_clock::time_point start) {
    if (int refusal = sh_.gate.admit(r->remote)) {
      Response res = refusal == 503 ? refused(503, "busy", "Hệ thống đang bận",
                                              "Có quá nhiều yêu cầu đăng nhập cùng lúc, vui lòng thử lại sau giây lát", 1)
                                    : refused(429, "too_many_requests", "Quá nhiều yêu cầu",
                                              "Địa chỉ của bạn đang có nhiều yêu cầu đăng nhập chờ xử lý, vui lòng đợi", 1);
      return answer(*r, res, version, keep_alive, start);
    }
    asio::post(sh_.hashing, [self = shared_from_this(), r, version, keep_alive, start] {
      auto res = std::make_shared<Response>(route_safely(self->sh_, *r));
      self->sh_.gate.release(r->remote);
      asio::post(self->stream_.get_executor(), [self, r, res, version, keep_alive, start] {
        self->answer(*r, *res, version, keep_alive, start);
      });
    });
  }

  void answer(const Request& r, Response& res, unsigned version, bool keep_alive,
              std::chrono::steady_clock::time_point start) {
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count();
    // The path has ids only; the query string (search words) and bodies are never logged.
    compress(r, res);
    sh_.log.request(r.method, r.path, res.status, us, res.body.size(), r.remote);
    write(res, version, keep_alive, r.method, r.path);
  }

  // An answer of the API (JSON, CSV) is sent gzipped to a client that takes
  // it, once it is large enough for that to pay: Hà Nội's teams go from 2.4 MB
  // to about 150 KB. Files already compressed (.xlsx, .docx) are not touched,
  // and the web app's files carry their own .gz (static_files.h).
  static void compress(const Request& r, Response& res) {
    constexpr size_t kMinBytes = 1024;
    if (res.body.size() < kMinBytes || !r.path.starts_with("/api/") || !accepts_gzip(r.accept_encoding)) return;
    const std::string& ct = res.content_type;
    if (!(ct.starts_with("application/json") || ct.starts_with("application/problem+json") || ct.starts_with("text/")))
      return;
    for (const auto& h : res.headers)
      if (h.first == "Content-Encoding") return;
    res.body = gzip(res.body);
    res.headers.emplace_back("Content-Encoding", "gzip");
    res.headers.emplace_back("Vary", "Accept-Encoding");
  }

  // "gzip" among the codings, not refused with q=0.
  static bool accepts_gzip(std::string_view header) {
    for (size_t at = 0; at < header.size();) {
      size_t end = header.find(',', at);
      if (end == std::string_view::npos) end = header.size();
      std::string item = trim(header.substr(at, end - at));
      at = end + 1;
      const size_t semi = item.find(';');
      std::string coding = trim(item.substr(0, semi));
      for (char& c : coding) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
      if (coding != "gzip" && coding != "*") continue;
      if (semi == std::string::npos) return true;
      std::string q = trim(item.substr(semi + 1));
      return !(q.starts_with("q=0") && q.find_first_not_of("q=0.") == std::string::npos);
    }
    return false;
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
    field("X-Frame-Options", "DENY");
    if (path.starts_with("/api/")) {
      field("Cache-Control", "no-store");
      // An answer of the API is never a page: it may load nothing at all.
      field("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    } else if (std::none_of(r.headers.begin(), r.headers.end(),
                            [](const auto& h) { return h.first == "Content-Security-Policy"; })) {
      field("Content-Security-Policy", kContentSecurityPolicy);  // an HTML page brings its own (static_files.h)
    }
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
      if (ec) return self->close();
      if (!keep_alive) return self->linger();
      self->read();
    });
  }

  // After an answer that ends the connection: stop sending, then read and
  // drop what the client is still sending for a moment, so that closing does
  // not reset the connection before the client has read the answer.
  void linger() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return;
    stream_.expires_after(std::chrono::seconds(2));
    drain_.resize(64 * 1024);
    drained_ = 0;
    drain();
  }
  void drain() {
    stream_.async_read_some(asio::buffer(drain_), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
      self->drained_ += n;
      if (ec || self->drained_ > kMaxBulkBodyBytes) return self->close();
      self->drain();
    });
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Shared& sh_;
  std::string peer_;
  std::string head_, body_;  // of the response being written
  std::vector<char> drain_;
  size_t drained_ = 0;
  std::list<std::weak_ptr<Session>>::iterator idle_at_;
  bool in_idle_ = false;
};

bool Shared::make_room() {
  std::shared_ptr<Session> victim;
  {
    std::lock_guard guard(idle_mu);
    // An entry that no longer locks belongs to a session being destroyed:
    // its destructor takes it off the list.
    for (auto it = idle.begin(); it != idle.end(); ++it)
      if (auto s = it->lock()) {
        victim = s->unlist();
        idle.erase(it);
        break;
      }
  }
  if (victim) victim->evict();
  return victim != nullptr;
}

// Accepts on the first io_context and hands connections to each in turn.
class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(std::vector<std::unique_ptr<asio::io_context>>& iocs, tcp::endpoint ep, Shared& sh)
      : iocs_(iocs), acceptor_(*iocs.front()), timer_(*iocs.front()), sh_(sh) {
    acceptor_.open(ep.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(ep);
    acceptor_.listen(asio::socket_base::max_listen_connections);
  }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }

  // Waits for a connection to arrive, then makes room for it if langso is at
  // its cap, then accepts it.
  void accept() {
    acceptor_.async_wait(tcp::acceptor::wait_read, [self = shared_from_this()](beast::error_code ec) {
      if (ec == asio::error::operation_aborted) return;
      if (self->sh_.open.load() >= self->sh_.cap)
        return self->retry_in(std::chrono::milliseconds(self->sh_.make_room() ? 1 : 20));
      self->accept_one();
    });
  }

 private:
  void accept_one() {
    asio::io_context& next = *iocs_[next_++ % iocs_.size()];
    acceptor_.async_accept(next, [self = shared_from_this()](beast::error_code ec, tcp::socket s) {
      if (ec == asio::error::operation_aborted) return;
      if (ec == asio::error::no_descriptors || ec == boost::system::errc::too_many_files_open_in_system ||
          ec == asio::error::no_buffer_space || ec == asio::error::no_memory) {
        // Out of descriptors anyway (a file, the database): never spin on
        // it. Make room and try again shortly.
        const auto now = std::chrono::steady_clock::now();
        if (now - self->warned_ > std::chrono::seconds(10)) {
          spdlog::warn(R"({{"event":"accept_failed","error":"{}","open":{}}})", ec.message(), self->sh_.open.load());
          self->warned_ = now;
        }
        // Closing the longest-idle connection frees a descriptor within a
        // moment; with none to close, wait longer.
        return self->retry_in(std::chrono::milliseconds(self->sh_.make_room() ? 2 : 50));
      }
      if (!ec) std::make_shared<Session>(std::move(s), self->sh_)->start();
      self->accept();
    });
  }

  void retry_in(std::chrono::milliseconds d) {
    timer_.expires_after(d);
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->accept();
    });
  }

  std::vector<std::unique_ptr<asio::io_context>>& iocs_;
  size_t next_ = 0;
  tcp::acceptor acceptor_;
  asio::steady_timer timer_;
  Shared& sh_;
  std::chrono::steady_clock::time_point warned_{};
};

// Runs an io_context until it is stopped: an exception escaping a handler is
// logged and the loop goes on (the connection it belonged to is lost, the
// server is not).
void run_loop(asio::io_context& ioc) {
  for (;;) {
    try {
      ioc.run();
      return;
    } catch (const std::exception& e) {
      spdlog::error(R"({{"event":"handler_exception","error":{}}})",
                    nlohmann::json(std::string(e.what())).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
  }
}

}  // namespace

void run_server(App& app, const ServerOptions& opts, const std::function<void(unsigned short)>& on_listening) {
  rlimit nofile{};
  getrlimit(RLIMIT_NOFILE, &nofile);
  const long limit = nofile.rlim_cur == RLIM_INFINITY ? 1000000L : static_cast<long>(nofile.rlim_cur);
  // An explicit cap is used as given (above the descriptor limit, accepting
  // runs into EMFILE, which the listener survives).
  const int cap = opts.max_connections > 0 ? opts.max_connections : connection_cap(limit);
  Shared sh(app, opts, cap);
  sh.files.load(opts.web_dir);
  if (sh.files.empty()) spdlog::warn("no web app files in '{}': serving the API only", opts.web_dir);
  // The hashing threads yield to the I/O threads: a log-in may wait, a
  // scorecard should not.
  for (int i = 0; i < std::max(1, opts.hashing_threads); ++i)
    asio::post(sh.hashing, [] { setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), 10); });
  // One io_context per thread, each serving its own connections start to
  // end: no strands, and no hand-off between threads. With one shared
  // io_context the threads woke each other for nearly every completion, which
  // cost more CPU than the requests. The price: a slow request (a report)
  // delays the other connections of its thread only.
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
  spdlog::info(R"({{"event":"limits","max_connections":{},"descriptors":{}}})", cap, limit);
  on_listening(listener->port());
  std::vector<std::thread> threads;
  for (size_t i = 1; i < iocs.size(); ++i) threads.emplace_back([&, i] { run_loop(*iocs[i]); });
  run_loop(*iocs.front());
  for (auto& t : threads) t.join();
  for (asio::thread_pool* pool : {&sh.hashing, &sh.writes, &sh.rendering}) {
    pool->stop();
    pool->join();
  }
}

}  // namespace langso
