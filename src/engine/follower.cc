#include "engine/follower.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

namespace langso {

Follower::Follower(App& app, int64_t start, std::chrono::milliseconds every, std::chrono::milliseconds save_every)
    : app_(app), every_(every), save_every_(save_every), last_(start), horizon_(start + 1), thread_([this] { run(); }) {}

Follower::~Follower() {
  {
    std::lock_guard guard(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
  try {
    save_counts();  // a clean stop leaves nothing to count again at the next start
  } catch (const std::exception& e) {
    spdlog::warn("register snapshot: {}", e.what());
  }
}

size_t Follower::save_counts() {
  size_t saved = 0;
  // A few hundred villages per turn of writer(), so writes wait little.
  for (;;) {
    auto writing = app_.writer();
    const size_t n = app_.save_register_counts(horizon_ - 1, 200);
    if (!n) break;
    saved += n;
  }
  saved_ = std::chrono::steady_clock::now();
  return saved;
}

void Follower::run() {
  std::unique_lock guard(mu_);
  while (!cv_.wait_for(guard, every_, [this] { return stop_; })) {
    guard.unlock();
    try {
      poll();
      if (std::chrono::steady_clock::now() - saved_ >= save_every_) save_counts();
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
  // As a writer (engine/app.h): the indexes change only under writer(), so a
  // local write never sees them move; apply_change reads first and takes
  // exclusive() only to change them.
  auto writing = app_.writer();
  std::vector<ChangeRecord> rows;
  if (Store* replica = app_.replica()) {
    // A replica that stopped answering is tried again every few seconds
    // only (a connection attempt may take its timeout); meanwhile the
    // journal is read on the primary and so are GET requests.
    if (app_.replica_available() || now - replica_checked_ > std::chrono::seconds(5)) {
      replica_checked_ = now;
      try {
        rows = replica->changes_after(last_, also, 2000);
        if (!app_.replica_available()) spdlog::info(R"({"event":"replica_available"})");
        app_.set_replica_available(true);
      } catch (const DbUnavailableError& e) {
        if (app_.replica_available()) spdlog::warn(R"({{"event":"replica_unavailable","error":{}}})",
                                                   nlohmann::json(std::string(e.what())).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        app_.set_replica_available(false);
      }
    }
    if (!app_.replica_available()) rows = app_.primary_reads().changes_after(last_, also, 2000);
  } else {
    rows = app_.reader().changes_after(last_, also, 2000);
  }
  for (const ChangeRecord& c : rows) {
    holes_.erase(c.id);
    for (int64_t k = last_ + 1; k < c.id && holes_.size() < 100000; ++k) holes_.emplace(k, now);
    last_ = std::max(last_, c.id);
  }
  horizon_ = holes_.empty() ? last_ + 1 : std::min(holes_.begin()->first, last_ + 1);
  app_.set_replica_horizon(horizon_);
  size_t applied = 0;
  for (const ChangeRecord& c : rows) {
    if (c.origin == app_.store().origin()) continue;
    app_.apply_change(c);
    ++applied;
  }
  return applied;
}

}  // namespace langso
