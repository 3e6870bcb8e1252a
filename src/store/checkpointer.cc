#include "store/checkpointer.h"

#include <spdlog/spdlog.h>

#include "store/sqlite_db.h"

namespace langso {

Checkpointer::Checkpointer(const std::string& path, int restart_frames)
    : db_(std::make_unique<SqliteDb>(path)), restart_frames_(restart_frames) {
  // This connection writes nothing of its own. It learns that the database is
  // in WAL mode (and can checkpoint it) only once it has read it.
  db_->exec_script("PRAGMA wal_autocheckpoint=0; SELECT COUNT(*) FROM sqlite_master;");
}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard guard(mu_);
    stop_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

Checkpointer::Result Checkpointer::checkpoint() {
  Result r;
  r.ok = db_->checkpoint(false, r.wal_frames, r.checkpointed);
  // Busy past the timeout: the WAL starts over another time.
  if (r.ok && r.wal_frames >= restart_frames_) r.restarted = db_->checkpoint(true, r.wal_frames, r.checkpointed);
  return r;
}

void Checkpointer::start(std::chrono::milliseconds interval) {
  thread_ = std::thread([this, interval] {
    std::unique_lock lock(mu_);
    bool warned = false;
    while (!wake_.wait_for(lock, interval, [&] { return stop_; })) {
      Result r = checkpoint();
      if (!r.ok && !warned) spdlog::warn(R"({{"event":"checkpoint_failed"}})");
      warned = !r.ok;
    }
  });
}

}  // namespace langso
