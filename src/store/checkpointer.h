// Checkpoints a SQLite database in WAL mode from a thread of its own, so that
// a committing request never pays for one.
//
// SQLite's automatic checkpoint runs inside the commit that takes the WAL past
// 1,000 pages: it copies the pages back into the database file and fsyncs it,
// a few milliseconds on about one commit in a hundred — the tail of
// single-activity acknowledgements. With the checkpointer the writing
// connection turns its automatic checkpoint off, and a second connection runs
// a PASSIVE checkpoint (it never waits for, nor blocks, a reader or writer)
// every interval. Durability is unchanged: a commit is on disk in the WAL
// (synchronous=FULL) before it is acknowledged; checkpoints only move it.
#pragma once
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace langso {

class SqliteDb;

class Checkpointer {
 public:
  explicit Checkpointer(const std::string& path);  // its own connection; throws DbUnavailableError
  ~Checkpointer();                                 // stops the thread, if any
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  struct Result {
    int wal_frames = -1;    // frames in the WAL
    int checkpointed = -1;  // of which now in the database file
    bool ok = false;
  };
  Result checkpoint();  // one PASSIVE checkpoint, now
  void start(std::chrono::milliseconds interval);

 private:
  std::unique_ptr<SqliteDb> db_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace langso
