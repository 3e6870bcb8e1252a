// PostgreSQL backend over libpq: the same Db interface, '?' placeholders
// rewritten to $n, statements prepared once per connection, results read as
// text. (Used by the benchmark's PostgreSQL peer; the server's PostgreSQL
// deployment builds on it.)
#pragma once
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
  int64_t changes() override { return changes_; }
  void exec_script(std::string_view sql) override;
  void begin() override { exec_script("BEGIN"); }
  void commit() override { exec_script("COMMIT"); }
  void rollback() override { exec_script("ROLLBACK"); }

  // COPY table FROM STDIN (text format): fn is called with a sink taking one
  // tab-separated line at a time.
  void copy_in(const std::string& table, const std::function<void(const std::function<void(const std::string&)>&)>& fn);

 private:
  std::string statement(std::string_view sql);  // prepared statement name
  PGconn* conn_ = nullptr;
  std::unordered_map<std::string, std::string> prepared_;
  int64_t changes_ = 0;
};

// "SELECT ? , ?" -> "SELECT $1 , $2" (question marks inside quotes are kept).
std::string to_dollar_params(std::string_view sql);

}  // namespace langso
