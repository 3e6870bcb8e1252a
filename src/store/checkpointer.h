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
//
// A writer starts the WAL over only when its transaction begins with every
// frame already copied back. Under a steady stream of commits a PASSIVE
// checkpoint never sees that moment (commits land while it copies), and the
// WAL grew without end — appends, whose fsyncs cost more than overwrites.
// So once the WAL holds restart_frames, the checkpoint is a RESTART: it waits
// for the commit in progress, copies the few frames the PASSIVE ones left,
// and makes the next commit start over; a writer waits for it a few
// milliseconds, once every few hundred commits.
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
  static constexpr int kRestartFrames = 4096;  // 16 MB of 4 KB pages
  // Its own connection; throws DbUnavailableError.
  explicit Checkpointer(const std::string& path, int restart_frames = kRestartFrames);
  ~Checkpointer();                                 // stops the thread, if any
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  struct Result {
    int wal_frames = -1;    // frames in the WAL
    int checkpointed = -1;  // of which now in the database file
    bool ok = false;
    bool restarted = false;  // the next commit starts the WAL over
  };
  Result checkpoint();  // one now: PASSIVE, then RESTART if the WAL is long
  void start(std::chrono::milliseconds interval);

 private:
  std::unique_ptr<SqliteDb> db_;
  int restart_frames_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace langso
