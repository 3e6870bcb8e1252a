// PostgreSQL backend over libpq: the same Db interface, '?' placeholders
// rewritten to $n, statements prepared once per connection, results read as
// text. One connection, its calls serialised like SqliteDb's: a server has
// one for its writers (App::writer()) and one its readers share.
//
// A lost connection fails the call in progress (DbUnavailableError, so the
// API answers 503); the next call outside a transaction reconnects, so the
// server recovers by itself when the database returns. Inside a transaction
// it does not: the statements after the loss would run outside it.
#pragma once
#include <mutex>
#include <string>
#include <unordered_map>

#include "store/db.h"

typedef struct pg_conn PGconn;

namespace langso {

class PgDb final : public Db {
 public:
  explicit PgDb(const std::string& conninfo);  // throws DbUnavailableError
  ~PgDb() override;

  std::string_view backend() const override { return "postgresql"; }
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
  std::string ddl(std::string_view migration) const override;
  void set_timeouts(std::chrono::milliseconds lock_wait, std::chrono::milliseconds statement) override;

  // COPY table FROM STDIN (text format): fn is called with a sink taking one
  // tab-separated line at a time.
  void copy_in(const std::string& table, const std::function<void(const std::function<void(const std::string&)>&)>& fn);

 private:
  void connected();                      // reconnects a lost connection, or throws
  std::string statement(std::string_view sql);  // prepared statement name
  void run(const char* sql);             // one command, no parameters, no rows
  void apply_timeouts();
  std::recursive_mutex mu_;
  PGconn* conn_ = nullptr;
  std::unordered_map<std::string, std::string> prepared_;
  int64_t changes_ = 0;
  bool in_tx_ = false;
  std::chrono::milliseconds lock_wait_{0}, statement_{0};
};

// "SELECT ? , ?" -> "SELECT $1 , $2" (question marks inside quotes are kept).
std::string to_dollar_params(std::string_view sql);

// True for a PostgreSQL URL (postgresql://, postgres://) or a libpq
// key=value string ("host=… dbname=…"); anything else is a SQLite path.
bool is_postgres_location(std::string_view location);

}  // namespace langso
