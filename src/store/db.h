// The storage interface. Every backend (SQLite embedded, PostgreSQL) speaks
// this: parameterised statements with '?' placeholders, rows of simple values,
// and transactions. Repositories (store.h) are written once against it.
//
// A Db may be called from several threads: each call is serialised inside
// it. A transaction spans calls, so a connection that writes belongs to one
// writer at a time (App::writer()); readers use a connection of their own.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace langso {

using Value = std::variant<std::monostate, int64_t, double, std::string>;

inline Value null_value() { return std::monostate{}; }
template <class T>
Value opt_value(const std::optional<T>& v) {
  return v ? Value(*v) : Value(std::monostate{});
}

struct Row {
  std::vector<Value> cols;
  bool is_null(size_t i) const { return std::holds_alternative<std::monostate>(cols.at(i)); }
  int64_t i64(size_t i) const;
  double f64(size_t i) const;
  const std::string& str(size_t i) const;  // "" for NULL
  std::optional<std::string> opt_str(size_t i) const;
  std::optional<int64_t> opt_i64(size_t i) const;
};

// Thrown for unique-constraint violations so callers can answer 409.
struct DbConstraintError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// Thrown when the database cannot be reached or written (full disk, read-only,
// locked past the timeout); the API answers 503.
struct DbUnavailableError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Db {
 public:
  virtual ~Db() = default;
  virtual std::string_view backend() const = 0;
  virtual void exec(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  virtual std::vector<Row> query(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  // Streams the rows of a large result without holding them all.
  virtual void each(std::string_view sql, const std::vector<Value>& params, const std::function<void(const Row&)>& fn) = 0;
  // Runs an INSERT into a table with an integer "id" and returns the new id
  // (the largest, for a multi-row INSERT).
  virtual int64_t insert(std::string_view sql, const std::vector<Value>& params) = 0;
  // n unused ids for `table`'s integer "id", ascending, for rows the current
  // write transaction inserts with explicit ids. A multi-row INSERT cannot
  // say which generated id went to which row; reserved ids can.
  virtual std::vector<int64_t> reserve_ids(std::string_view table, size_t n) = 0;
  // The start of a multi-row INSERT in a transaction that is rolled back
  // whole if any statement of it fails ("INSERT INTO " here). SQLite says
  // "INSERT OR FAIL INTO ": a multi-row INSERT that may abort keeps a
  // statement journal, a copy of every page it changes that the transaction
  // had changed before, to undo itself alone; an import's 12,500 CCCD digests
  // go to random places of their unique index, and that copy was about
  // 30,000 pages and 25 ms per import. OR FAIL keeps the rows written before
  // the failing one, which the transaction's rollback takes away with the
  // rest. (A foreign key still makes SQLite keep a journal: small for rows
  // appended in id order.)
  virtual std::string_view bulk_insert() const { return "INSERT INTO "; }
  // Rows changed by the last exec.
  virtual int64_t changes() = 0;
  virtual void exec_script(std::string_view sql) = 0;  // several statements, no parameters
  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
  // How long a statement waits for a lock another session holds, and how long
  // any statement may run (0: no limit), before it fails with
  // DbUnavailableError (the API's 503): a table locked by a migration or a
  // session left idle in a transaction makes a write fail in time instead of
  // hanging. Kept across reconnections.
  virtual void set_timeouts(std::chrono::milliseconds lock_wait, std::chrono::milliseconds statement) = 0;
  // Migrations are written in SQLite's dialect; a backend translates them.
  virtual std::string ddl(std::string_view migration) const { return std::string(migration); }

  std::optional<Row> query_one(std::string_view sql, const std::vector<Value>& params = {}) {
    auto rows = query(sql, params);
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
  }
};

// Commits on commit(), rolls back if destroyed before.
class Transaction {
 public:
  explicit Transaction(Db& db) : db_(db) { db_.begin(); }
  ~Transaction() {
    if (!done_) try { db_.rollback(); } catch (...) {}
  }
  void commit() {
    db_.commit();
    done_ = true;
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

 private:
  Db& db_;
  bool done_ = false;
};

}  // namespace langso
