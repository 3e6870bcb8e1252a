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

// Formats like any spdlog sink but keeps the lines; the flusher takes them
// and writes outside the sink's lock, so a write(2) that waits (on a file,
// for the file system's journal) never holds up a request logging its line.
class BatchSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  std::string take() {
    std::string out;
    std::lock_guard guard(mutex_);
    out.swap(pending_);
    return out;
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    if (pending_.size() > kMaxPending) return;  // stderr stuck: drop lines rather than grow without bound
    spdlog::memory_buf_t line;
    formatter_->format(msg, line);
    pending_.append(line.data(), line.size());
  }
  void flush_() override {}

 private:
  static constexpr size_t kMaxPending = 8 << 20;
  std::string pending_;
};

void write_all(int fd, const std::string& s) {
  const char* p = s.data();
  size_t left = s.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nowhere to log to: drop the batch rather than stop serving
    p += n;
    left -= static_cast<size_t>(n);
  }
}

}  // namespace

AccessLog::AccessLog(int fd) : fd_(fd) {
  auto sink = std::make_shared<BatchSink>();
  logger_ = std::make_shared<spdlog::logger>("access", sink);
  logger_->set_pattern(kLogPattern);
  flusher_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!stop_) {
      wake_.wait_for(lock, kFlushInterval);
      flush();
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
  flush();
}

void AccessLog::request(std::string_view method, std::string_view path, int status, int64_t us, size_t bytes,
                        std::string_view remote) {
  std::string quoted;
  json_escape(quoted, is_valid_utf8(path) ? path : std::string_view("(invalid UTF-8)"));
  logger_->info(R"({{"method":"{}","path":{},"status":{},"us":{},"bytes":{},"remote":"{}"}})", method, quoted, status,
                us, bytes, remote);
}

void AccessLog::flush() {
  std::lock_guard guard(write_mu_);  // keeps batches in order
  write_all(fd_, static_cast<BatchSink&>(*logger_->sinks().front()).take());
}

}  // namespace langso
