#include "store/store.h"

#include <gtest/gtest.h>

#include "store/schema.h"
#include "store/sqlite_db.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

namespace langso {

TEST(Store, MigratesOnceAndRefusesANewerDatabase) {
  auto s = open_store(":memory:");
  EXPECT_EQ(migrate(s->db()), latest_schema_version());
  EXPECT_EQ(s->db().query_one("SELECT COUNT(*) FROM schema_version")->i64(0), latest_schema_version());
  s->db().exec("INSERT INTO schema_version(version) VALUES (?)", {int64_t{latest_schema_version() + 1}});
  try {
    migrate(s->db());
    FAIL() << "a newer database must be refused";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("mới hơn"), std::string::npos);
  }
}

TEST(Store, TransactionsRollBackUnlessCommitted) {
  auto s = open_store(":memory:");
  {
    Transaction tx(s->db());
    s->insert_unit({0, "06", "Tỉnh Bắc Kạn", "tinh", Level::Province, {}});
  }
  EXPECT_TRUE(s->load_units().empty());
  {
    Transaction tx(s->db());
    s->insert_unit({0, "06", "Tỉnh Bắc Kạn", "tinh", Level::Province, {}});
    tx.commit();
  }
  EXPECT_EQ(s->load_units().size(), 1u);
}

TEST(Store, UniqueViolationsAreConstraintErrors) {
  auto s = open_store(":memory:");
  UserRecord u;
  u.login = "a";
  u.full_name = "A";
  u.password_hash = "x";
  s->insert_user(u);
  EXPECT_THROW(s->insert_user(u), DbConstraintError);
}

TEST(Store, ReadOnlyDatabaseIsUnavailableNotCorrupt) {
  std::string path = ::testing::TempDir() + "/langso_ro.db";
  std::remove(path.c_str());
  { open_store(path); }
  ASSERT_EQ(chmod(path.c_str(), 0444), 0);
  if (getuid() == 0) GTEST_SKIP() << "root ignores file permissions";
  EXPECT_ANY_THROW(open_store(path)->insert_unit({0, "06", "x", "tinh", Level::Province, {}}));
}

}  // namespace langso

namespace langso {

TEST(Store, OnlineBackupCopiesEverythingAndRestores) {
  std::string dir = ::testing::TempDir();
  std::string db = dir + "/langso_backup_src.db", copy = dir + "/langso_backup_copy.db";
  std::remove(db.c_str());
  std::remove(copy.c_str());
  {
    auto s = open_store(db);
    s->insert_unit({0, "06", "Tỉnh Bắc Kạn", "tinh", Level::Province, {}});
    SqliteDb(db).backup_to(copy);
    s->insert_unit({0, "065", "Huyện Chợ Mới", "huyen", Level::District, {}});  // after the backup
  }
  EXPECT_EQ(open_store(copy)->load_units().size(), 1u);
  EXPECT_EQ(open_store(db)->load_units().size(), 2u);
  SqliteDb(copy).backup_to(db);  // restore
  auto restored = open_store(db)->load_units();
  ASSERT_EQ(restored.size(), 1u);
  EXPECT_EQ(restored[0].name, "Tỉnh Bắc Kạn");
}

}  // namespace langso
