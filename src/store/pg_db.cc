#include "store/pg_db.h"

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <exception>
#include <memory>
#include <regex>
#include <utility>

#include "store/pg_ddl.h"

namespace langso {

namespace {

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

constexpr Oid kInt2 = 21, kInt4 = 23, kInt8 = 20, kFloat4 = 700, kFloat8 = 701, kNumeric = 1700, kBool = 16;

[[noreturn]] void fail(PGconn* c, PGresult* r, std::string_view what) {
  std::string msg = std::string(what) + ": " + (r ? PQresultErrorMessage(r) : PQerrorMessage(c));
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  std::string st = state ? state : "";
  if (st.starts_with("23")) throw DbConstraintError(msg);
  // Away (08), cancelled or shut down (57: statement_timeout too), out of
  // resources (53: disk, memory, max_connections), a lock not had within
  // lock_timeout (55P03), a deadlock or serialisation failure (40): all pass,
  // so the API answers 503 with Retry-After.
  if (PQstatus(c) != CONNECTION_OK || st.starts_with("08") || st.starts_with("57") || st.starts_with("53") ||
      st == "55P03" || st.starts_with("40"))
    throw DbUnavailableError(msg);
  throw std::runtime_error(msg);
}

void check(PGconn* c, PGresult* r, std::string_view what) {
  auto s = PQresultStatus(r);
  if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_COPY_IN) fail(c, r, what);
}

Value cell(PGresult* r, int row, int col) {
  if (PQgetisnull(r, row, col)) return std::monostate{};
  const char* v = PQgetvalue(r, row, col);
  int len = PQgetlength(r, row, col);
  switch (PQftype(r, col)) {
    case kInt2:
    case kInt4:
    case kInt8: {
      int64_t x = 0;
      std::from_chars(v, v + len, x);
      return x;
    }
    case kFloat4:
    case kFloat8:
    case kNumeric: return std::strtod(v, nullptr);
    case kBool: return int64_t{v[0] == 't'};
    default: return std::string(v, static_cast<size_t>(len));
  }
}

// The shortest text that reads back as the same double (std::to_string keeps
// six decimals, which would round a target of 0.1234567).
std::string shortest(double x) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, end);
}

std::vector<std::string> texts(const std::vector<Value>& params, std::vector<const char*>& ptrs) {
  std::vector<std::string> out;
  out.reserve(params.size());
  ptrs.clear();
  for (const Value& v : params) {
    if (auto p = std::get_if<int64_t>(&v)) out.push_back(std::to_string(*p));
    else if (auto p = std::get_if<double>(&v)) out.push_back(shortest(*p));
    else if (auto p = std::get_if<std::string>(&v)) out.push_back(*p);
    else out.emplace_back();
  }
  for (size_t i = 0; i < params.size(); ++i)
    ptrs.push_back(std::holds_alternative<std::monostate>(params[i]) ? nullptr : out[i].c_str());
  return out;
}

}  // namespace

std::string to_dollar_params(std::string_view sql) {
  std::string out;
  int n = 0;
  char quote = 0;
  for (char c : sql) {
    if (quote) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      out += "$" + std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

bool is_postgres_location(std::string_view location) {
  static const std::regex url(R"(^postgres(ql)?://)");
  static const std::regex keywords(R"(^\s*(host|hostaddr|port|dbname|user|service)\s*=)");
  const std::string s(location);
  return std::regex_search(s, url) || std::regex_search(s, keywords);
}

PgDb::PgDb(const std::string& conninfo) {
  // Keywords before "dbname" are defaults the connection string may override:
  // a hung connect must not hold a server thread (and the Db's lock) forever.
  const char* keys[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* values[] = {"5", "langso", conninfo.c_str(), nullptr};
  conn_ = PQconnectdbParams(keys, values, 1);
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn_);
    PQfinish(conn_);
    conn_ = nullptr;
    throw DbUnavailableError("không kết nối được PostgreSQL: " + msg);
  }
  // Loud notices (e.g. "there is no transaction in progress") are not errors.
  PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
}

PgDb::~PgDb() {
  if (conn_) PQfinish(conn_);
}

void PgDb::connected() {
  // A server that restarted or cut the connection has sent its last words and
  // closed the socket; reading them (then the end of the stream) now marks the
  // connection bad before a statement is sent on it, so that call reconnects
  // instead of failing. Two non-blocking reads when nothing is pending.
  for (int i = 0; i < 2 && PQstatus(conn_) == CONNECTION_OK; ++i) PQconsumeInput(conn_);
  if (PQstatus(conn_) == CONNECTION_OK) return;
  if (in_tx_) throw DbUnavailableError("mất kết nối PostgreSQL giữa một giao dịch: " + std::string(PQerrorMessage(conn_)));
  PQreset(conn_);
  prepared_.clear();  // they lived in the old server session
  if (PQstatus(conn_) != CONNECTION_OK)
    throw DbUnavailableError("không kết nối lại được PostgreSQL: " + std::string(PQerrorMessage(conn_)));
  apply_timeouts();  // so did the settings
}

void PgDb::set_timeouts(std::chrono::milliseconds lock_wait, std::chrono::milliseconds statement) {
  std::lock_guard guard(mu_);
  lock_wait_ = lock_wait;
  statement_ = statement;
  connected();
  apply_timeouts();
}

void PgDb::apply_timeouts() {
  const std::string sql = "SET lock_timeout = " + std::to_string(lock_wait_.count()) +
                          "; SET statement_timeout = " + std::to_string(statement_.count());
  run(sql.c_str());
}

std::string PgDb::statement(std::string_view sql) {
  std::string key(sql);
  auto it = prepared_.find(key);
  if (it != prepared_.end()) return it->second;
  std::string name = "s" + std::to_string(prepared_.size() + 1);
  Result r(PQprepare(conn_, name.c_str(), to_dollar_params(sql).c_str(), 0, nullptr));
  check(conn_, r.get(), "prepare");
  prepared_.emplace(std::move(key), name);
  return name;
}

// Single-row mode: a national start streams some 20 million activities, which
// a buffered result would hold in memory all at once.
void PgDb::each(std::string_view sql, const std::vector<Value>& params, const std::function<void(const Row&)>& fn) {
  std::lock_guard guard(mu_);
  connected();
  std::string name = statement(sql);
  std::vector<const char*> ptrs;
  auto keep = texts(params, ptrs);
  if (!PQsendQueryPrepared(conn_, name.c_str(), static_cast<int>(ptrs.size()), ptrs.data(), nullptr, nullptr, 0))
    fail(conn_, nullptr, "query");
  PQsetSingleRowMode(conn_);
  // Every result is read to the end, even after an error or an exception from
  // fn, so the connection is ready for the next statement.
  Result failed;
  std::exception_ptr thrown;
  Row row;
  changes_ = 0;
  while (PGresult* raw = PQgetResult(conn_)) {
    Result r(raw);
    auto status = PQresultStatus(raw);
    if (status == PGRES_SINGLE_TUPLE) {
      if (failed || thrown) continue;
      const int cols = PQnfields(raw);
      row.cols.clear();
      for (int c = 0; c < cols; ++c) row.cols.push_back(cell(raw, 0, c));
      try {
        fn(row);
      } catch (...) {
        thrown = std::current_exception();
      }
    } else if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
      const char* tuples = PQcmdTuples(raw);
      changes_ = tuples && *tuples ? std::atoll(tuples) : 0;
    } else if (!failed) {
      failed = std::move(r);
    }
  }
  if (failed) fail(conn_, failed.get(), "query");
  if (PQstatus(conn_) != CONNECTION_OK) fail(conn_, nullptr, "query");
  if (thrown) std::rethrow_exception(thrown);
}

std::vector<Row> PgDb::query(std::string_view sql, const std::vector<Value>& params) {
  std::vector<Row> rows;
  each(sql, params, [&](const Row& r) { rows.push_back(r); });
  return rows;
}

void PgDb::exec(std::string_view sql, const std::vector<Value>& params) {
  each(sql, params, [](const Row&) {});
}

int64_t PgDb::insert(std::string_view sql, const std::vector<Value>& params) {
  int64_t id = 0;
  each(std::string(sql) + " RETURNING id", params, [&](const Row& r) { id = std::max(id, r.i64(0)); });
  return id;
}

// From the table's own sequence: ids never collide with those other sessions
// draw, though they need not be consecutive.
std::vector<int64_t> PgDb::reserve_ids(std::string_view table, size_t n) {
  std::vector<int64_t> ids;
  ids.reserve(n);
  // The sequence looked up once (MATERIALIZED), not once per id: 40,000 ids
  // in 16 ms instead of 140.
  each("WITH s AS MATERIALIZED (SELECT pg_get_serial_sequence(?, 'id')::regclass AS seq) "
       "SELECT nextval(s.seq) FROM s, generate_series(1, ?::int)",
       {std::string(table), static_cast<int64_t>(n)}, [&](const Row& r) { ids.push_back(r.i64(0)); });
  std::sort(ids.begin(), ids.end());
  return ids;
}

int64_t PgDb::changes() {
  std::lock_guard guard(mu_);
  return changes_;
}

void PgDb::run(const char* sql) {
  Result r(PQexec(conn_, sql));
  check(conn_, r.get(), "exec");
}

void PgDb::exec_script(std::string_view sql) {
  std::lock_guard guard(mu_);
  connected();
  run(std::string(sql).c_str());
}

void PgDb::begin() {
  std::lock_guard guard(mu_);
  connected();
  run("BEGIN");
  in_tx_ = true;
}

void PgDb::commit() {
  std::lock_guard guard(mu_);
  connected();
  run("COMMIT");
  in_tx_ = false;
}

void PgDb::rollback() {
  std::lock_guard guard(mu_);
  // A lost connection has rolled the transaction back on the server already;
  // the next call reconnects.
  const bool was_in_tx = std::exchange(in_tx_, false);
  if (PQstatus(conn_) != CONNECTION_OK) return;
  if (was_in_tx) run("ROLLBACK");
}

std::string PgDb::ddl(std::string_view migration) const { return postgres_ddl(migration); }

void PgDb::copy_in(const std::string& table,
                   const std::function<void(const std::function<void(const std::string&)>&)>& fn) {
  std::lock_guard guard(mu_);
  connected();
  Result r(PQexec(conn_, ("COPY " + table + " FROM STDIN").c_str()));
  check(conn_, r.get(), "copy");
  std::string buf;
  auto flush = [&] {
    if (!buf.empty() && PQputCopyData(conn_, buf.data(), static_cast<int>(buf.size())) != 1) fail(conn_, nullptr, "copy data");
    buf.clear();
  };
  fn([&](const std::string& line) {
    buf += line;
    buf += '\n';
    if (buf.size() > (1 << 20)) flush();
  });
  flush();
  if (PQputCopyEnd(conn_, nullptr) != 1) fail(conn_, nullptr, "copy end");
  Result end(PQgetResult(conn_));
  check(conn_, end.get(), "copy result");
  while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);
}

}  // namespace langso
