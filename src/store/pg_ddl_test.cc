#include "store/pg_ddl.h"

#include <gtest/gtest.h>

namespace langso {

TEST(PgDdl, TranslatesTypesToTheirSixtyFourBitPeers) {
  EXPECT_EQ(postgres_ddl("CREATE TABLE t (\n  id INTEGER PRIMARY KEY AUTOINCREMENT,\n  n integer NOT NULL,\n"
                         "  x REAL,\n  name TEXT\n);"),
            "CREATE TABLE t (\n  id BIGSERIAL PRIMARY KEY,\n  n BIGINT NOT NULL,\n  x DOUBLE PRECISION,\n  name TEXT\n);");
  // An explicit key keeps its values: no sequence.
  EXPECT_EQ(postgres_ddl("village_id INTEGER PRIMARY KEY REFERENCES units(id)"),
            "village_id BIGINT PRIMARY KEY REFERENCES units(id)");
}

TEST(PgDdl, LeavesWordsThatOnlyContainATypeName) {
  EXPECT_EQ(postgres_ddl("CREATE TABLE realm (integers_seen TEXT, unreal TEXT)"),
            "CREATE TABLE realm (integers_seen TEXT, unreal TEXT)");
}

TEST(PgDdl, RefusesSqliteOnlySyntax) {
  EXPECT_THROW(postgres_ddl("PRAGMA foreign_keys=ON"), std::invalid_argument);
  EXPECT_THROW(postgres_ddl("CREATE TABLE t (a TEXT PRIMARY KEY) WITHOUT ROWID"), std::invalid_argument);
  EXPECT_THROW(postgres_ddl("INSERT OR IGNORE INTO t VALUES (1)"), std::invalid_argument);
  EXPECT_THROW(postgres_ddl("id INTEGER AUTOINCREMENT"), std::invalid_argument);
}

}  // namespace langso
