#include "engine/follower.h"

#include <spdlog/spdlog.h>

namespace langso {

Follower::Follower(App& app, int64_t start, std::chrono::milliseconds every)
    : app_(app), every_(every), last_(start), thread_([this] { run(); }) {}

Follower::~Follower() {
  {
    std::lock_guard guard(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void Follower::run() {
  std::unique_lock guard(mu_);
  while (!cv_.wait_for(guard, every_, [this] { return stop_; })) {
    guard.unlock();
    try {
      poll();
    } catch (const std::exception& e) {  // the database away: try again next round
      spdlog::warn("follower: {}", e.what());
    }
    guard.lock();
  }
}

size_t Follower::poll() {
  const auto now = std::chrono::steady_clock::now();
  std::erase_if(holes_, [&](const auto& h) { return now - h.second > std::chrono::minutes(1); });
  std::vector<int64_t> also;
  for (const auto& [id, _] : holes_) also.push_back(id);
  // The exclusive lock keeps this read out of a local writer's transaction
  // (without a replica they share the connection) and the indexes still
  // while they change.
  auto lock = app_.lock();
  std::vector<ChangeRecord> rows = app_.reader().changes_after(last_, also, 2000);
  for (const ChangeRecord& c : rows) {
    holes_.erase(c.id);
    for (int64_t k = last_ + 1; k < c.id && holes_.size() < 100000; ++k) holes_.emplace(k, now);
    last_ = std::max(last_, c.id);
  }
  app_.set_replica_horizon(holes_.empty() ? last_ + 1 : std::min(holes_.begin()->first, last_ + 1));
  size_t applied = 0;
  for (const ChangeRecord& c : rows) {
    if (c.origin == app_.store().origin()) continue;
    app_.apply_change(c);
    ++applied;
  }
  return applied;
}

}  // namespace langso
