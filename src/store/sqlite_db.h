// SQLite backend: one connection in WAL mode, prepared statements cached by
// their SQL text.
#pragma once
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "store/db.h"

struct sqlite3;
struct sqlite3_stmt;

namespace langso {
class Checkpointer;
}

namespace langso {

class SqliteDb final : public Db {
 public:
  explicit SqliteDb(const std::string& path);  // throws DbUnavailableError
  ~SqliteDb() override;

  std::string_view backend() const override { return "sqlite"; }
  std::string_view bulk_insert() const override { return "INSERT OR FAIL INTO "; }
  void exec(std::string_view sql, const std::vector<Value>& params) override;
  std::vector<Row> query(std::string_view sql, const std::vector<Value>& params) override;
  void each(std::string_view sql, const std::vector<Value>& params, const std::function<void(const Row&)>& fn) override;
  int64_t insert(std::string_view sql, const std::vector<Value>& params) override;
  std::vector<int64_t> reserve_ids(std::string_view table, size_t n) override;
  int64_t changes() override;
  void exec_script(std::string_view sql) override;
  void begin() override;
  void commit() override;
  void rollback() override;
  // The lock wait is SQLite's busy timeout (another process's write
  // transaction); a statement's own run time is not limited: without a lock
  // to wait for, SQLite does not block.
  void set_timeouts(std::chrono::milliseconds lock_wait, std::chrono::milliseconds statement) override;

  // Online backup to another file (sqlite3_backup API).
  void backup_to(const std::string& path);
  // For the server: checkpoints move to a thread of their own (checkpointer.h).
  // No-op for an in-memory database.
  void checkpoint_in_background(std::chrono::milliseconds interval);
  // One checkpoint: PASSIVE never waits for readers or writers; RESTART waits
  // for the writer and makes the next commit start the WAL over. False on error
  // or when a RESTART could not get the database to itself.
  bool checkpoint(bool restart, int& wal_frames, int& checkpointed);
  // How many statements are prepared and kept (one per distinct SQL text).
  size_t prepared_statements();

 private:
  sqlite3_stmt* prepare(std::string_view sql);
  void bind(sqlite3_stmt* st, const std::vector<Value>& params);
  [[noreturn]] void fail(int rc, std::string_view what);

  std::recursive_mutex mu_;  // concurrent readers share the connection one call at a time
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
  std::string path_;
  std::unique_ptr<Checkpointer> checkpointer_;  // stopped before the connection closes
};

}  // namespace langso
