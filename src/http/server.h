// The HTTP server: Boost.Beast over Asio, keep-alive, body and header limits,
// one access-log line per request, the API router under /api and /healthz,
// and the web app's static files (index.html for every other path).
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "engine/app.h"
#include "http/router.h"

namespace langso {

inline constexpr size_t kMaxBodyBytes = 64 * 1024;
inline constexpr size_t kMaxBulkBodyBytes = 4 * 1024 * 1024;

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  std::string web_dir;  // built web app (web/dist); empty: API only
  int threads = 2;
};

// Runs until SIGINT/SIGTERM. on_listening gets the bound port (useful with port 0).
void run_server(App& app, const ServerOptions& opts, const std::function<void(unsigned short)>& on_listening);

}  // namespace langso
