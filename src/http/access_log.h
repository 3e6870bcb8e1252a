// The access log: one JSON line per request on stderr, in the pattern of
// every other log line, gathered in memory and written in batches. A write(2)
// per request (and the lock around it) cost more than a scorecard's own work
// under load; lines reach the file within kFlushInterval, and at once when the
// log is destroyed (server shutdown). A crash loses at most that interval.
#pragma once
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>

namespace spdlog {
class logger;
}

namespace langso {

// Every log line of the server: a JSON object with the message as a JSON value.
inline constexpr const char* kLogPattern = R"({"ts":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l","msg":%v})";

class AccessLog {
 public:
  static constexpr std::chrono::milliseconds kFlushInterval{50};
  AccessLog() : AccessLog(2) {}  // stderr
  explicit AccessLog(int fd);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  // The path must hold ids only: no query string, no body, no cookie.
  void request(std::string_view method, std::string_view path, int status, int64_t us, size_t bytes,
               std::string_view remote);
  void flush();

 private:
  int fd_;
  std::shared_ptr<spdlog::logger> logger_;
  std::mutex write_mu_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread flusher_;
};

}  // namespace langso
