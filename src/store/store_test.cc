#include "store/store.h"

#include <gtest/gtest.h>

#include "store/schema.h"
#include "store/sqlite_db.h"
#include "store/values.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <functional>

#include <fmt/format.h>

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

// The bulk writes of an import (Db::bulk_insert: SQLite's OR FAIL keeps the
// rows before a failing one): a failure throws, and the caller's rollback
// leaves nothing of the rows written before it.
TEST(Store, ABulkInsertThatFailsLeavesNothingOnceRolledBack) {
  auto s = open_store(":memory:");
  auto people = [&](size_t n) {
    Transaction tx(s->db());
    std::vector<Resident> rs(n);
    const std::vector<Id> ids = s->reserve_ids("residents", n);
    for (size_t i = 0; i < n; ++i) {
      rs[i].id = ids[i];
      rs[i].full_name = "Người thứ " + std::to_string(i);
      rs[i].birth_year = 1980;
      rs[i].sex = "nam";
      rs[i].cccd_digest = fmt::format("{:032x}", i % 400);  // the 401st repeats the first's
      rs[i].cccd_last4 = "0000";
    }
    s->insert_residents(rs, 1);
    tx.commit();
  };
  EXPECT_THROW(people(600), DbConstraintError);
  EXPECT_EQ(s->db().query_one("SELECT COUNT(*) FROM residents")->i64(0), 0);
  people(400);
  EXPECT_EQ(s->db().query_one("SELECT COUNT(*) FROM residents")->i64(0), 400);
}

TEST(Store, ABulkInsertIsAFewStatementsOfFixedSizes) {
  EXPECT_EQ(rows_in_statement(0), 0u);
  EXPECT_EQ(rows_in_statement(1), 1u);
  EXPECT_EQ(rows_in_statement(3), 2u);
  EXPECT_EQ(rows_in_statement(249), 128u);
  EXPECT_EQ(rows_in_statement(250), kRowsPerStatement);
  EXPECT_EQ(rows_in_statement(1001), kRowsPerStatement);
  EXPECT_EQ(rows_in_statement(49, 50), 32u);
  EXPECT_EQ(rows_in_statement(50, 50), 50u);
}

// Batches of every size from 1 to 300 rows: all written, through at most 9
// kept statements (one per distinct row count), not one per size.
TEST(Store, BatchesOfEverySizeKeepFewStatements) {
  auto s = open_store(":memory:");
  auto& db = dynamic_cast<SqliteDb&>(s->db());
  const size_t before = db.prepared_statements();
  size_t written = 0;
  for (size_t n = 1; n <= 300; ++n) {
    Transaction tx(s->db());
    std::vector<Resident> rs(n);
    const std::vector<Id> ids = s->reserve_ids("residents", n);
    for (size_t i = 0; i < n; ++i) {
      rs[i].id = ids[i];
      rs[i].full_name = "Người " + std::to_string(written + i);
      rs[i].birth_year = 1980;
      rs[i].sex = "nu";
    }
    s->insert_residents(rs, 1);
    tx.commit();
    written += n;
  }
  // reserve_ids' query and the INSERTs of 250, 128, …, 1 rows.
  EXPECT_LE(db.prepared_statements() - before, 1u + 9u);
  EXPECT_EQ(s->db().query_one("SELECT COUNT(*) FROM residents")->i64(0), static_cast<int64_t>(written));
  // Lookups chunked the same way: IN lists of 250, 128, …, 1 values.
  const size_t inserts = db.prepared_statements();
  for (size_t n = 1; n <= 300; ++n) {
    std::vector<std::string> digests;
    for (size_t i = 0; i < n; ++i) digests.push_back(fmt::format("{:032x}", i));
    EXPECT_TRUE(s->cccd_digests_held(digests).empty());
  }
  EXPECT_LE(db.prepared_statements() - inserts, 9u);
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

// Runs fn in a child process as user nobody, where file permissions apply
// even when the tests run as root; returns its exit status.
static int as_nobody(const std::function<int()>& fn) {
  pid_t pid = fork();
  if (pid == 0) {
    if (getuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) _exit(3);
    int rc = 4;
    try {
      rc = fn();
    } catch (...) {
    }
    _exit(rc);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A path in the test directory with no database (nor WAL files) at it.
static std::string fresh_path(const std::string& name) {
  std::string path = ::testing::TempDir() + "/" + name;
  for (const char* ext : {"", "-wal", "-shm"}) std::remove((path + ext).c_str());
  return path;
}

static int64_t count_units(const std::string& path) {
  return open_store(path)->db().query_one("SELECT COUNT(*) FROM units")->i64(0);
}

static std::string integrity(const std::string& path) {
  SqliteDb db(path);
  return db.query_one("PRAGMA integrity_check", {})->str(0);
}

TEST(Store, ReadOnlyDatabaseIsUnavailableNotCorrupt) {
  std::string path = fresh_path("langso_ro.db");
  { open_store(path)->insert_unit({0, "06", "Tỉnh A", "tinh", Level::Province, {}}); }
  ASSERT_EQ(chmod(path.c_str(), 0444), 0);
  for (const char* ext : {"-wal", "-shm"}) chmod((path + ext).c_str(), 0444);
  // 0: the write was refused as unavailable (the API's 503), not corrupted or crashed.
  int rc = as_nobody([&] {
    try {
      open_store(path)->insert_unit({0, "07", "Tỉnh B", "tinh", Level::Province, {}});
    } catch (const DbUnavailableError&) {
      return 0;
    }
    return 1;
  });
  EXPECT_EQ(rc, 0);
  ASSERT_EQ(chmod(path.c_str(), 0644), 0);
  EXPECT_EQ(count_units(path), 1);
  EXPECT_EQ(integrity(path), "ok");
}

TEST(Store, FullDiskIsUnavailableAndKeepsWhatWasCommitted) {
  std::string path = fresh_path("langso_full.db");
  auto s = open_store(path);
  s->insert_unit({0, "06", "Tỉnh A", "tinh", Level::Province, {}});
  // The file may grow by a few pages only: SQLite then answers SQLITE_FULL, as on a full disk.
  int64_t pages = s->db().query_one("PRAGMA page_count")->i64(0);
  s->db().exec_script("PRAGMA max_page_count = " + std::to_string(pages + 4));
  {
    Transaction tx(s->db());
    EXPECT_THROW(
        for (int i = 0; i < 10000; ++i) s->insert_unit({0, std::to_string(10000 + i), std::string(2000, 'x'), "tinh",
                                                        Level::Province, {}}),
        DbUnavailableError);
  }  // rolled back
  s.reset();
  EXPECT_EQ(count_units(path), 1);
  EXPECT_EQ(integrity(path), "ok");
}

TEST(Store, LockedDatabaseIsUnavailableAfterTheBusyTimeout) {
  std::string path = fresh_path("langso_locked.db");
  auto s = open_store(path);
  s->db().exec_script("PRAGMA busy_timeout = 200");
  SqliteDb other(path);
  other.exec_script("BEGIN IMMEDIATE");  // another process holding the write lock
  EXPECT_THROW(s->insert_unit({0, "06", "Tỉnh A", "tinh", Level::Province, {}}), DbUnavailableError);
  other.exec_script("ROLLBACK");
  s->insert_unit({0, "06", "Tỉnh A", "tinh", Level::Province, {}});  // and it works once the lock is gone
  EXPECT_EQ(s->db().query_one("SELECT COUNT(*) FROM units")->i64(0), 1);
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
