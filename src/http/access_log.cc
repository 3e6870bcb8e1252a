#include "http/access_log.h"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "http/json_writer.h"
#include "util/text.h"

namespace langso {

namespace {

// Formats like any spdlog sink but keeps the lines until flush(); past
// kMaxPending it writes at once rather than grow without bound.
class BatchSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit BatchSink(int fd) : fd_(fd) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t line;
    formatter_->format(msg, line);
    pending_.append(line.data(), line.size());
    if (pending_.size() > kMaxPending) flush_();
  }
  void flush_() override {
    const char* p = pending_.data();
    size_t left = pending_.size();
    while (left > 0) {
      ssize_t n = ::write(fd_, p, left);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;  // nowhere to log to: drop the batch rather than stop serving
      p += n;
      left -= static_cast<size_t>(n);
    }
    pending_.clear();
  }

 private:
  static constexpr size_t kMaxPending = 256 * 1024;
  int fd_;
  std::string pending_;
};

}  // namespace

AccessLog::AccessLog(int fd) {
  auto sink = std::make_shared<BatchSink>(fd);
  logger_ = std::make_shared<spdlog::logger>("access", sink);
  logger_->set_pattern(kLogPattern);
  flusher_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!stop_) {
      wake_.wait_for(lock, kFlushInterval);
      logger_->flush();
    }
  });
}

AccessLog::~AccessLog() {
  {
    std::lock_guard guard(mu_);
    stop_ = true;
  }
  wake_.notify_one();
  flusher_.join();
  logger_->flush();
}

void AccessLog::request(std::string_view method, std::string_view path, int status, int64_t us, size_t bytes,
                        std::string_view remote) {
  std::string quoted;
  json_escape(quoted, is_valid_utf8(path) ? path : std::string_view("(invalid UTF-8)"));
  logger_->info(R"({{"method":"{}","path":{},"status":{},"us":{},"bytes":{},"remote":"{}"}})", method, quoted, status,
                us, bytes, remote);
}

void AccessLog::flush() { logger_->flush(); }

}  // namespace langso
