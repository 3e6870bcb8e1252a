#include "engine/notify.h"

#include <spdlog/spdlog.h>

#include "engine/plan_progress.h"
#include "engine/notify_plans.h"
#include "engine/notify_reports.h"

namespace langso {

Id notify(Store& s, const Notification& n) { return s.insert_notification(n).value_or(0); }

std::vector<Id> notification_recipients(Store& s, const Notification& n) { return s.users_of_unit(n.unit); }

namespace {
std::mutex channels_mu;
std::vector<std::shared_ptr<NotificationChannel>>& channels() {
  static std::vector<std::shared_ptr<NotificationChannel>> c;
  return c;
}
}  // namespace

void register_notification_channel(std::shared_ptr<NotificationChannel> c) {
  std::lock_guard guard(channels_mu);
  channels().push_back(std::move(c));
}

void clear_notification_channels() {
  std::lock_guard guard(channels_mu);
  channels().clear();
}

size_t deliver_pending(App& app, size_t limit) {
  std::vector<std::shared_ptr<NotificationChannel>> list;
  {
    std::lock_guard guard(channels_mu);
    list = channels();
  }
  size_t delivered = 0;
  for (const auto& ch : list) {
    // The cursor is the channel's own, in the database: one writer at a time.
    auto writing = app.writer();
    Store& s = app.store();
    const std::string code = ch->code();
    auto cursor = s.channel_cursor(code);
    if (!cursor) {  // a new channel starts from now, not from the history
      s.put_channel_cursor(code, s.last_notification_id());
      continue;
    }
    Id at = *cursor;
    try {
      for (const Notification& n : s.notifications_after(at, limit)) {
        ch->deliver(n, notification_recipients(s, n));
        at = n.id;
        ++delivered;
      }
    } catch (const std::exception&) {
      spdlog::warn(R"({{"event":"notification_channel_failed","channel":"{}"}})", code);
    }
    if (at != *cursor) s.put_channel_cursor(code, at);
  }
  return delivered;
}

// The issued plans still worth a look on `today` (ended less than a month ago).
static std::vector<Plan> plans_to_sweep(Store& reads, Date today) {
  std::vector<Plan> plans = reads.all_plans();
  std::erase_if(plans, [&](const Plan& p) { return p.status != PlanStatus::Issued || p.end_on < Date{today.days - 31}; });
  return plans;
}

// Records `due` in the caller's transaction; how many were new.
static size_t record(Store& s, const std::vector<Notification>& due) {
  size_t recorded = 0;
  for (const Notification& n : due)
    if (notify(s, n)) ++recorded;
  return recorded;
}

SweepResult sweep_notifications(App& app, Date today) {
  SweepResult out;
  std::vector<Plan> plans;
  {
    auto reading = app.read_lock();
    plans = plans_to_sweep(app.reads(), today);
  }
  for (const Plan& p : plans) {
    // What is due is read under read_lock (the engine's figures); what is
    // new is recorded under writer(), never both at once (engine/app.h).
    std::vector<Notification> due;
    {
      auto reading = app.read_lock();
      out.looked_at += plan_due_notifications(app, app.reads(), p, today, due);
      std::erase_if(due, [&](const Notification& n) { return app.reads().notification_recorded(n.dedup_key); });
    }
    if (due.empty()) continue;
    auto writing = app.writer();
    Transaction tx(app.store().db());
    out.recorded += record(app.store(), due);
    tx.commit();
  }
  // Periodic reports due soon, today or late (engine/notify_reports.h).
  std::vector<Notification> reports;
  {
    auto reading = app.read_lock();
    out.looked_at += report_due_notifications(app, app.reads(), today, reports);
    std::erase_if(reports, [&](const Notification& n) { return app.reads().notification_recorded(n.dedup_key); });
  }
  if (!reports.empty()) {
    auto writing = app.writer();
    Transaction tx(app.store().db());
    out.recorded += record(app.store(), reports);
    tx.commit();
  }
  return out;
}

SweepResult sweep_notifications_as_writer(App& app, Date today) {
  SweepResult out;
  Store& s = app.store();
  Transaction tx(s.db());
  for (const Plan& p : plans_to_sweep(s, today)) {
    std::vector<Notification> due;
    out.looked_at += plan_due_notifications(app, s, p, today, due);
    out.recorded += record(s, due);
  }
  std::vector<Notification> reports;
  out.looked_at += report_due_notifications(app, s, today, reports);
  out.recorded += record(s, reports);
  tx.commit();
  return out;
}

NotificationSweeper::NotificationSweeper(App& app, std::chrono::milliseconds first, std::chrono::milliseconds every)
    : app_(app), first_(first), every_(every), thread_([this] { run(); }) {}

NotificationSweeper::~NotificationSweeper() {
  {
    std::lock_guard guard(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void NotificationSweeper::run() {
  std::unique_lock guard(mu_);
  auto wait = first_;
  while (!cv_.wait_for(guard, wait, [this] { return stop_; })) {
    wait = every_;
    guard.unlock();
    try {
      SweepResult r = sweep_notifications(app_, today_local());
      deliver_pending(app_);
      if (r.recorded) spdlog::info(R"({{"event":"notification_sweep","recorded":{},"looked_at":{}}})", r.recorded, r.looked_at);
    } catch (const std::exception&) {  // the database away, a write waited too long: next round
      spdlog::warn(R"({{"event":"notification_sweep_failed"}})");
    }
    guard.lock();
  }
}

}  // namespace langso
