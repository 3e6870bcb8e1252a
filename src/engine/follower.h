// Several instances on one database: each follows the journal (audit_log,
// written in the same transaction as every write) and applies the writes of
// the other instances to its in-memory indexes, so a write through one
// instance shows in another's rollups within a poll interval.
//
// Invariant: every journal row with an id above the start is applied once it
// is committed, even when ids commit out of order (PostgreSQL sequences):
// ids skipped over are asked for again until they appear or a minute passes
// (a rolled-back transaction never fills its id). Applying is idempotent, so
// a row seen twice does no harm.
//
// The follower also saves the register's snapshot (App::save_register_counts)
// every `save_every`, and once more when it stops: it knows how far the
// journal has been applied (its horizon), and it saves holding writer(), so
// the counts it saves hold every write up to there.
#pragma once
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "engine/app.h"

namespace langso {

class Follower {
 public:
  // `start`: the journal's last id read before the app loaded its indexes.
  Follower(App& app, int64_t start, std::chrono::milliseconds every,
           std::chrono::milliseconds save_every = std::chrono::seconds(30));
  ~Follower();
  Follower(const Follower&) = delete;
  Follower& operator=(const Follower&) = delete;

  // One round: reads and applies what is new; returns the rows applied.
  size_t poll();
  // Saves every village's counts that changed since the last save; returns how many.
  size_t save_counts();

 private:
  void run();

  App& app_;
  const std::chrono::milliseconds every_, save_every_;
  int64_t last_;
  int64_t horizon_;  // every journal id below it is applied (or given up as rolled back)
  std::chrono::steady_clock::time_point saved_ = std::chrono::steady_clock::now();
  std::map<int64_t, std::chrono::steady_clock::time_point> holes_;
  std::chrono::steady_clock::time_point replica_checked_{};
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace langso
