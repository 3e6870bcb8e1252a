// Producing and delivering notifications (domain/notification.h).
//
// One entry point, notify(), which every producer calls inside the
// transaction of what it announces: it records the notification once per
// dedup key (a second call with the same key records nothing), so an event
// rolled back announces nothing and a producer run twice announces once.
// The record is the in-app channel: GET /api/v1/notifications reads it for
// the users of the addressed unit.
//
// Other channels (web push, SMS, Zalo OA) implement NotificationChannel and
// are registered once at start. They never see a producer: deliver_pending()
// (run by the periodic sweep) hands each of them the committed notifications
// after its own cursor, kept in the database (notification_channels), with
// the users they are for. A channel registered on a running database starts
// from the newest notification, not from the history.
//
// The time-based producers (a task due within 3 days, overdue, a target at
// risk) are run by sweep_notifications(), which the server calls every few
// minutes (NotificationSweeper) and an administrator can run for a day
// (POST /api/v1/notifications/sweep); the dedup key makes it idempotent.
#pragma once
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "domain/notification.h"
#include "engine/app.h"

namespace langso {

// Records n in the caller's transaction; its id, or 0 when the dedup key was
// recorded already. n.dedup_key must be set (notification_dedup_key).
Id notify(Store& s, const Notification& n);

// The users a notification is for: the active users whose scope unit is the
// addressed unit.
std::vector<Id> notification_recipients(Store& s, const Notification& n);

class NotificationChannel {
 public:
  virtual ~NotificationChannel() = default;
  // Stable, the key of its cursor: "webpush", "sms", "zalo".
  virtual std::string code() const = 0;
  // May throw: the cursor then stays before n, and n is offered again next time.
  virtual void deliver(const Notification& n, const std::vector<Id>& users) = 0;
};

// Process-wide; before serving.
void register_notification_channel(std::shared_ptr<NotificationChannel> c);
void clear_notification_channels();  // tests
// Delivers what each registered channel has not had yet; returns the
// deliveries made (one per notification and channel).
size_t deliver_pending(App& app, size_t limit = 500);

struct SweepResult {
  size_t recorded = 0;  // new notifications
  size_t looked_at = 0; // tasks and targets looked at
};
// The time-based producers as of `today` (each under writer(), a plan at a time).
SweepResult sweep_notifications(App& app, Date today);
// The same in one transaction, for a caller that holds writer() (the API's
// sweep route).
SweepResult sweep_notifications_as_writer(App& app, Date today);

// The server's periodic sweep: sweep_notifications(today_local()) and
// deliver_pending() every `every`, on a thread of its own; the first round
// runs `first` after start.
class NotificationSweeper {
 public:
  NotificationSweeper(App& app, std::chrono::milliseconds first, std::chrono::milliseconds every);
  ~NotificationSweeper();
  NotificationSweeper(const NotificationSweeper&) = delete;
  NotificationSweeper& operator=(const NotificationSweeper&) = delete;

 private:
  void run();
  App& app_;
  const std::chrono::milliseconds first_, every_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace langso
