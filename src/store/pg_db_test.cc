#include "store/pg_db.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>

namespace langso {

TEST(PgDb, TellsPostgresLocationsFromSqlitePaths) {
  EXPECT_TRUE(is_postgres_location("postgresql://langso@db.example:5432/langso"));
  EXPECT_TRUE(is_postgres_location("postgres://127.0.0.1/langso"));
  EXPECT_TRUE(is_postgres_location("host=127.0.0.1 port=5432 dbname=langso"));
  EXPECT_TRUE(is_postgres_location("dbname=langso"));
  EXPECT_TRUE(is_postgres_location("service=langso"));
  EXPECT_FALSE(is_postgres_location("var/langso.db"));
  EXPECT_FALSE(is_postgres_location(":memory:"));
  EXPECT_FALSE(is_postgres_location("/srv/postgresql/langso.db"));
  EXPECT_FALSE(is_postgres_location("backups/host-a.db"));
}

TEST(PgDb, NumbersPlaceholdersOutsideQuotes) {
  EXPECT_EQ(to_dollar_params("SELECT ? WHERE a = '?' AND b = ? LIMIT ?"), "SELECT $1 WHERE a = '?' AND b = $2 LIMIT $3");
}

TEST(PgDb, AnUnreachableServerIsUnavailableNotAnError) {
  // Port 1 on loopback refuses at once: no server listens there.
  EXPECT_THROW(PgDb("host=127.0.0.1 port=1 dbname=x connect_timeout=2"), DbUnavailableError);
}

// Against a live server: tests/api/run-pg.sh runs these with LANGSO_TEST_PG_URL
// set (ctest api_pg); elsewhere they skip.
class PgLive : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("LANGSO_TEST_PG_URL");
    if (!url || !*url) GTEST_SKIP() << "LANGSO_TEST_PG_URL is not set (ctest api_pg sets it)";
    db = std::make_unique<PgDb>(url);
  }
  std::unique_ptr<PgDb> db;
};

TEST_F(PgLive, EachStreamsEveryRowInOrderAndCountsThem) {
  int64_t n = 0, sum = 0;
  bool ordered = true;
  db->each("SELECT x, 'v' || x FROM generate_series(1, ?::int) x", {int64_t{200000}}, [&](const Row& r) {
    ordered = ordered && r.i64(0) == n + 1 && r.str(1) == "v" + std::to_string(n + 1);
    ++n;
    sum += r.i64(0);
  });
  EXPECT_EQ(n, 200000);
  EXPECT_TRUE(ordered);
  EXPECT_EQ(sum, int64_t{200000} * 200001 / 2);
  EXPECT_EQ(db->changes(), 200000);
}

TEST_F(PgLive, AnExceptionFromTheCallbackLeavesTheConnectionUsable) {
  int seen = 0;
  EXPECT_THROW(db->each("SELECT x FROM generate_series(1, 100000) x", {},
                        [&](const Row&) {
                          if (++seen == 10) throw std::runtime_error("stop");
                        }),
               std::runtime_error);
  EXPECT_EQ(seen, 10);  // nothing after the throw reaches the callback
  auto row = db->query_one("SELECT ?::int + 1", {int64_t{41}});
  ASSERT_TRUE(row);
  EXPECT_EQ(row->i64(0), 42);
}

TEST_F(PgLive, AnErrorPartWayThroughFailsTheCallAndLeavesTheConnectionUsable) {
  int seen = 0;
  // Division by zero on the 5,000th row: the rows before it have streamed.
  EXPECT_THROW(db->each("SELECT 1 / (x - 5000) FROM generate_series(1, 10000) x", {}, [&](const Row&) { ++seen; }),
               std::runtime_error);
  EXPECT_GT(seen, 0);
  EXPECT_LT(seen, 5000);
  EXPECT_EQ(db->query_one("SELECT 7")->i64(0), 7);
  // A constraint violation is still told apart.
  db->exec("CREATE TEMP TABLE t (k INT PRIMARY KEY)", {});
  db->exec("INSERT INTO t VALUES (1)", {});
  EXPECT_THROW(db->exec("INSERT INTO t VALUES (1)", {}), DbConstraintError);
  EXPECT_EQ(db->changes(), 0);
}

}  // namespace langso
