#include "store/sqlite_db.h"

#include <chrono>
#include <thread>

#include <sqlite3.h>

#include <string>

#include "store/checkpointer.h"

namespace langso {

SqliteDb::SqliteDb(const std::string& path) : path_(path) {
  int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw DbUnavailableError("không mở được cơ sở dữ liệu " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db_, 5000);
  sqlite3_extended_result_codes(db_, 1);
  // Switching a new file to WAL needs it to itself and does not wait on the
  // busy handler: another process opening the same new file at the same
  // moment makes it fail at once. Retry for a few seconds.
  for (int attempt = 0;; ++attempt) {
    try {
      exec_script("PRAGMA journal_mode=WAL");
      break;
    } catch (const std::exception&) {
      const int rc = sqlite3_extended_errcode(db_) & 0xff;
      if (attempt >= 50 || (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)) {
        sqlite3_close(db_);
        db_ = nullptr;
        throw;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  exec_script("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536;");
}

SqliteDb::~SqliteDb() {
  checkpointer_.reset();
  for (auto& [_, st] : cache_) sqlite3_finalize(st);
  sqlite3_close(db_);
}

void SqliteDb::fail(int rc, std::string_view what) {
  std::string msg = std::string(what) + ": " + sqlite3_errmsg(db_);
  int primary = rc & 0xFF;
  if (primary == SQLITE_CONSTRAINT) throw DbConstraintError(msg);
  if (primary == SQLITE_FULL || primary == SQLITE_READONLY || primary == SQLITE_BUSY ||
      primary == SQLITE_LOCKED || primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN)
    throw DbUnavailableError(msg);
  throw std::runtime_error(msg);
}

size_t SqliteDb::prepared_statements() {
  std::lock_guard guard(mu_);
  return cache_.size();
}

sqlite3_stmt* SqliteDb::prepare(std::string_view sql) {
  std::string key(sql);
  auto it = cache_.find(key);
  if (it != cache_.end()) {
    sqlite3_reset(it->second);
    sqlite3_clear_bindings(it->second);
    return it->second;
  }
  sqlite3_stmt* st = nullptr;
  int rc = sqlite3_prepare_v3(db_, key.c_str(), static_cast<int>(key.size()), SQLITE_PREPARE_PERSISTENT, &st, nullptr);
  if (rc != SQLITE_OK) fail(rc, "prepare");
  cache_.emplace(std::move(key), st);
  return st;
}

// Text is bound without a copy (SQLITE_STATIC): exec() and each() step the
// statement while `params` lives, and prepare() clears the bindings before a
// cached statement is used again, so no pointer outlives its string in use.
void SqliteDb::bind(sqlite3_stmt* st, const std::vector<Value>& params) {
  for (size_t i = 0; i < params.size(); ++i) {
    int idx = static_cast<int>(i + 1);
    const Value& v = params[i];
    if (auto p = std::get_if<int64_t>(&v)) sqlite3_bind_int64(st, idx, *p);
    else if (auto p = std::get_if<double>(&v)) sqlite3_bind_double(st, idx, *p);
    else if (auto p = std::get_if<std::string>(&v)) sqlite3_bind_text(st, idx, p->data(), static_cast<int>(p->size()), SQLITE_STATIC);
    else sqlite3_bind_null(st, idx);
  }
}

std::vector<Row> SqliteDb::query(std::string_view sql, const std::vector<Value>& params) {
  std::vector<Row> rows;
  each(sql, params, [&](const Row& r) { rows.push_back(r); });
  return rows;
}

void SqliteDb::each(std::string_view sql, const std::vector<Value>& params, const std::function<void(const Row&)>& fn) {
  std::lock_guard guard(mu_);
  sqlite3_stmt* st = prepare(sql);
  bind(st, params);
  Row r;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const int n = sqlite3_column_count(st);
    r.cols.resize(static_cast<size_t>(n));
    // Values are assigned in place so a text column reuses its string's buffer
    // from row to row (start-up streams millions of rows through here).
    for (int c = 0; c < n; ++c) {
      Value& v = r.cols[static_cast<size_t>(c)];
      switch (sqlite3_column_type(st, c)) {
        case SQLITE_INTEGER: v = static_cast<int64_t>(sqlite3_column_int64(st, c)); break;
        case SQLITE_FLOAT: v = sqlite3_column_double(st, c); break;
        case SQLITE_NULL: v = std::monostate{}; break;
        default: {
          auto* t = reinterpret_cast<const char*>(sqlite3_column_text(st, c));
          size_t len = static_cast<size_t>(sqlite3_column_bytes(st, c));
          if (auto* s = std::get_if<std::string>(&v)) s->assign(t, len);
          else v = std::string(t, len);
        }
      }
    }
    try {
      fn(r);
    } catch (...) {
      sqlite3_reset(st);
      throw;
    }
  }
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) fail(rc, "query");
}

void SqliteDb::exec(std::string_view sql, const std::vector<Value>& params) {
  std::lock_guard guard(mu_);
  sqlite3_stmt* st = prepare(sql);
  bind(st, params);
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) fail(rc, "exec");
}

int64_t SqliteDb::insert(std::string_view sql, const std::vector<Value>& params) {
  std::lock_guard guard(mu_);
  exec(sql, params);
  return sqlite3_last_insert_rowid(db_);
}

// Inside a write transaction (BEGIN IMMEDIATE: no other writer until it
// ends), past both the largest id and AUTOINCREMENT's high-water mark.
std::vector<int64_t> SqliteDb::reserve_ids(std::string_view table, size_t n) {
  const std::string t(table);
  auto row = query_one("SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = ?), 0), "
                       "COALESCE((SELECT MAX(id) FROM " + t + "), 0))",
                       {t});
  const int64_t last = row ? row->i64(0) : 0;
  std::vector<int64_t> ids(n);
  for (size_t i = 0; i < n; ++i) ids[i] = last + 1 + static_cast<int64_t>(i);
  return ids;
}

int64_t SqliteDb::changes() {
  std::lock_guard guard(mu_);
  return sqlite3_changes64(db_);
}

void SqliteDb::exec_script(std::string_view sql) {
  std::lock_guard guard(mu_);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : "error";
    sqlite3_free(err);
    int primary = rc & 0xFF;
    if (primary == SQLITE_FULL || primary == SQLITE_READONLY || primary == SQLITE_BUSY || primary == SQLITE_IOERR)
      throw DbUnavailableError(msg);
    throw std::runtime_error(msg);
  }
}

void SqliteDb::set_timeouts(std::chrono::milliseconds lock_wait, std::chrono::milliseconds) {
  std::lock_guard guard(mu_);
  sqlite3_busy_timeout(db_, static_cast<int>(lock_wait.count()));
}

void SqliteDb::begin() { exec_script("BEGIN IMMEDIATE"); }
void SqliteDb::commit() { exec_script("COMMIT"); }
void SqliteDb::rollback() { exec_script("ROLLBACK"); }

void SqliteDb::checkpoint_in_background(std::chrono::milliseconds interval) {
  if (path_.empty() || path_ == ":memory:" || path_.starts_with("file::memory:") || checkpointer_) return;
  auto c = std::make_unique<Checkpointer>(path_);
  {
    std::lock_guard guard(mu_);
    sqlite3_wal_autocheckpoint(db_, 0);
  }
  c->start(interval);
  checkpointer_ = std::move(c);
}

bool SqliteDb::checkpoint(bool restart, int& wal_frames, int& checkpointed) {
  std::lock_guard guard(mu_);
  const int mode = restart ? SQLITE_CHECKPOINT_RESTART : SQLITE_CHECKPOINT_PASSIVE;
  return sqlite3_wal_checkpoint_v2(db_, nullptr, mode, &wal_frames, &checkpointed) == SQLITE_OK;
}

void SqliteDb::backup_to(const std::string& path) {
  std::lock_guard guard(mu_);
  sqlite3* dest = nullptr;
  if (sqlite3_open(path.c_str(), &dest) != SQLITE_OK) {
    sqlite3_close(dest);
    throw DbUnavailableError("không tạo được tệp sao lưu " + path);
  }
  sqlite3_backup* b = sqlite3_backup_init(dest, "main", db_, "main");
  if (!b) {
    std::string msg = sqlite3_errmsg(dest);
    sqlite3_close(dest);
    throw DbUnavailableError(msg);
  }
  // One step copies every page inside a single read transaction: a snapshot,
  // which writers in WAL mode do not disturb. Step by step, each write of
  // another process between two steps would start the copy over, and under
  // steady writes it would never end.
  int rc;
  while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
  sqlite3_backup_finish(b);
  rc = sqlite3_errcode(dest);
  sqlite3_close(dest);
  if (rc != SQLITE_OK) throw DbUnavailableError("sao lưu thất bại");
}

}  // namespace langso
