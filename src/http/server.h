// The HTTP server: Boost.Beast over Asio, keep-alive, body and header limits,
// one access-log line per request, the API router under /api and /healthz,
// and the web app's static files (index.html for every other path).
//
// What it promises, whatever a client does (docs/security.md):
// - no request takes it down: a handler's exception becomes a 500, a
//   malformed request a 400/413/414/431 (answered, then the connection is
//   drained for a moment and closed, so the client reads the answer);
// - it never holds more connections than max_connections, set below the
//   process's descriptor limit: at the cap it closes the longest-idle
//   connection for a new one, and when descriptors run out anyway (EMFILE)
//   it backs off instead of spinning, so /healthz answers as soon as one is
//   free;
// - password hashing runs on a pool of its own (Work::Hashing) with a
//   bounded queue and at most a few requests per client address, so log-in
//   floods never take the I/O threads from other requests;
// - every answer carries the security headers (CSP, frame-ancestors,
//   nosniff, referrer policy).
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/app.h"
#include "http/router.h"
#include "util/ip.h"

namespace langso {

inline constexpr size_t kMaxBodyBytes = 64 * 1024;
inline constexpr size_t kMaxBulkBodyBytes = 4 * 1024 * 1024;
inline constexpr size_t kMaxHeaderBytes = 16 * 1024;  // request line and headers together
inline constexpr size_t kMaxTargetBytes = 8 * 1024;   // a longer request line answers 414

// Sent with every response. The web app loads nothing from elsewhere, runs no
// inline script and is never framed.
inline constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; "
    "connect-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  std::string web_dir;  // built web app (web/dist); empty: API only
  int threads = 2;
  // 0: the descriptor limit (RLIMIT_NOFILE) less a reserve for the database,
  // the log and the web app's files. An explicit value is used as given.
  int max_connections = 0;
  // Proxies whose X-Forwarded-For and X-Forwarded-Proto are believed.
  std::vector<IpNet> trusted_proxies;
  int hashing_threads = 1;      // argon2id workers
  int hashing_queue = 32;       // waiting log-ins beyond which 503 + Retry-After
  int hashing_per_address = 4;  // waiting or running log-ins of one client address
};

// Connections langso allows itself with this descriptor limit.
int connection_cap(long descriptor_limit);

// Runs until SIGINT/SIGTERM. on_listening gets the bound port (useful with port 0).
void run_server(App& app, const ServerOptions& opts, const std::function<void(unsigned short)>& on_listening);

}  // namespace langso
