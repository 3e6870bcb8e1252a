#include "store/pg_db.h"

#include <gtest/gtest.h>

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

}  // namespace langso
