// Notifications, each user's read marks and the external channels' cursors
// (domain/notification.h, engine/notify.h).
#include "store/store.h"
#include "store/values.h"

namespace langso {

static constexpr const char* kNotificationColumns =
    "n.id, n.kind, n.unit_id, n.subject_type, n.subject_id, n.plan_id, n.title, n.body, n.due_on, n.dedup_key, "
    "n.created_at";

static Notification notification_from(const Row& r) {
  Notification n;
  n.id = r.i64(0);
  n.kind = parse_notification_kind(r.str(1)).value_or(NotificationKind::PlanIssued);
  n.unit = r.i64(2);
  n.subject_type = r.str(3) == "task"     ? NotificationSubject::Task
                   : r.str(3) == "report" ? NotificationSubject::Report
                                          : NotificationSubject::Plan;
  n.subject = r.i64(4);
  n.plan = r.opt_i64(5).value_or(0);
  n.title = r.str(6);
  n.body = r.str(7);
  n.due = opt_date_col(r, 8);
  n.dedup_key = r.str(9);
  n.created_at = r.i64(10);
  return n;
}

std::optional<Id> Store::insert_notification(const Notification& n) {
  // ON CONFLICT: two instances sweeping at once record it once, and neither
  // transaction fails.
  db_->exec(
      "INSERT INTO notifications(kind, unit_id, subject_type, subject_id, plan_id, title, body, due_on, dedup_key, "
      "created_at) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (dedup_key) DO NOTHING",
      {std::string(notification_kind_code(n.kind)), n.unit, std::string(notification_subject_code(n.subject_type)),
       n.subject, n.plan ? Value(n.plan) : null_value(), n.title, n.body, opt_date(n.due), n.dedup_key,
       n.created_at ? n.created_at : now_seconds()});
  if (db_->changes() == 0) return std::nullopt;
  auto r = db_->query_one("SELECT id FROM notifications WHERE dedup_key = ?", {n.dedup_key});
  return r ? std::optional<Id>(r->i64(0)) : std::nullopt;
}

bool Store::notification_recorded(const std::string& dedup_key) {
  return db_->query_one("SELECT 1 FROM notifications WHERE dedup_key = ?", {dedup_key}).has_value();
}

static std::string read_flag(const char* user_param) {
  return std::string("EXISTS (SELECT 1 FROM notification_reads r WHERE r.notification_id = n.id AND r.user_id = ") +
         user_param + ")";
}

// As a column: 0 or 1 on both backends (PostgreSQL's EXISTS is a boolean).
static std::string read_column() { return "CASE WHEN " + read_flag("?") + " THEN 1 ELSE 0 END"; }

std::vector<Notification> Store::notifications_of(Id unit, Id user, std::optional<Id> before, bool unread_only,
                                                  size_t limit) {
  std::string sql = std::string("SELECT ") + kNotificationColumns + ", " + read_column() +
                    " FROM notifications n WHERE n.unit_id = ?";
  std::vector<Value> params{user, unit};
  if (before) {
    sql += " AND n.id < ?";
    params.push_back(*before);
  }
  if (unread_only) {
    sql += " AND NOT " + read_flag("?");
    params.push_back(user);
  }
  sql += " ORDER BY n.id DESC LIMIT ?";
  params.push_back(static_cast<int64_t>(limit));
  std::vector<Notification> out;
  for (const Row& r : db_->query(sql, params)) {
    Notification n = notification_from(r);
    n.read = r.i64(11) != 0;
    out.push_back(std::move(n));
  }
  return out;
}

int64_t Store::unread_notifications(Id unit, Id user) {
  return db_->query_one("SELECT COUNT(*) FROM notifications n WHERE n.unit_id = ? AND NOT " + read_flag("?"),
                        {unit, user})
      ->i64(0);
}

std::optional<Notification> Store::get_notification(Id id, Id user) {
  auto r = db_->query_one(std::string("SELECT ") + kNotificationColumns + ", " + read_column() +
                              " FROM notifications n WHERE n.id = ?",
                          {user, id});
  if (!r) return std::nullopt;
  Notification n = notification_from(*r);
  n.read = r->i64(11) != 0;
  return n;
}

void Store::mark_notification_read(Id id, Id user) {
  db_->exec(
      "INSERT INTO notification_reads(notification_id, user_id, read_at) VALUES (?,?,?) "
      "ON CONFLICT (notification_id, user_id) DO NOTHING",
      {id, user, now_seconds()});
}

int64_t Store::mark_all_notifications_read(Id unit, Id user, Id up_to) {
  db_->exec(
      "INSERT INTO notification_reads(notification_id, user_id, read_at) SELECT n.id, CAST(? AS BIGINT), CAST(? AS BIGINT) "
      "FROM notifications n "
      "WHERE n.unit_id = ? AND n.id <= ? AND NOT " +
          read_flag("?") + " ON CONFLICT (notification_id, user_id) DO NOTHING",
      {user, now_seconds(), unit, up_to, user});
  return db_->changes();
}

Id Store::last_notification_id() {
  auto r = db_->query_one("SELECT MAX(id) FROM notifications");
  return r && !r->is_null(0) ? r->i64(0) : 0;
}

std::vector<Notification> Store::notifications_after(Id after, size_t limit) {
  std::vector<Notification> out;
  for (const Row& r : db_->query(std::string("SELECT ") + kNotificationColumns +
                                     " FROM notifications n WHERE n.id > ? ORDER BY n.id LIMIT ?",
                                 {after, static_cast<int64_t>(limit)}))
    out.push_back(notification_from(r));
  return out;
}

std::optional<Id> Store::channel_cursor(const std::string& channel) {
  auto r = db_->query_one("SELECT last_id FROM notification_channels WHERE channel = ?", {channel});
  return r ? std::optional<Id>(r->i64(0)) : std::nullopt;
}

void Store::put_channel_cursor(const std::string& channel, Id last_id) {
  db_->exec(
      "INSERT INTO notification_channels(channel, last_id) VALUES (?,?) "
      "ON CONFLICT (channel) DO UPDATE SET last_id = excluded.last_id",
      {channel, last_id});
}

std::vector<Id> Store::users_of_unit(Id unit) {
  std::vector<Id> out;
  for (const Row& r : db_->query("SELECT id FROM users WHERE unit_id = ? AND active = 1 ORDER BY id", {unit}))
    out.push_back(r.i64(0));
  return out;
}

}  // namespace langso
