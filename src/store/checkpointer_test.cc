#include "store/checkpointer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "store/sqlite_db.h"

namespace langso {
namespace {

class CheckpointerFile : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/langso-ckpt-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir = tmpl;
    path = dir + "/t.db";
  }
  void TearDown() override { std::filesystem::remove_all(dir); }
  static void write_rows(SqliteDb& db, int n) {
    for (int i = 0; i < n; ++i) db.exec("INSERT INTO t(v) VALUES (?)", {std::string(500, 'x')});
  }
  std::string dir, path;
};

TEST_F(CheckpointerFile, BackfillsEveryCommittedFrame) {
  SqliteDb db(path);
  db.exec_script("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
  db.exec_script("PRAGMA wal_autocheckpoint=0");
  write_rows(db, 200);
  Checkpointer c(path);
  Checkpointer::Result r = c.checkpoint();
  ASSERT_TRUE(r.ok);
  EXPECT_GT(r.wal_frames, 0);
  EXPECT_EQ(r.checkpointed, r.wal_frames);
  // The writer rewinds the WAL on its next commit once everything is backfilled.
  write_rows(db, 1);
  r = c.checkpoint();
  ASSERT_TRUE(r.ok);
  EXPECT_LT(r.wal_frames, 10);
}

// Commits that land while a PASSIVE checkpoint copies keep the WAL from
// starting over; past restart_frames a RESTART makes the next commit do so.
TEST_F(CheckpointerFile, LongWalStartsOver) {
  SqliteDb db(path);
  db.exec_script("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
  db.exec_script("PRAGMA wal_autocheckpoint=0");
  Checkpointer c(path, 100);
  write_rows(db, 50);
  Checkpointer::Result r = c.checkpoint();
  ASSERT_TRUE(r.ok);
  EXPECT_FALSE(r.restarted);
  write_rows(db, 300);
  r = c.checkpoint();
  ASSERT_TRUE(r.ok);
  EXPECT_TRUE(r.restarted);
  EXPECT_EQ(r.checkpointed, r.wal_frames);
  write_rows(db, 1);
  r = c.checkpoint();
  EXPECT_LT(r.wal_frames, 10);
  EXPECT_EQ(db.query_one("SELECT COUNT(*) FROM t")->i64(0), 351);
}

TEST_F(CheckpointerFile, ServerConnectionStopsCheckpointingItself) {
  {
    SqliteDb db(path);
    db.exec_script("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
    db.checkpoint_in_background(std::chrono::hours(1));  // never fires during the test
    EXPECT_EQ(db.query_one("PRAGMA wal_autocheckpoint")->i64(0), 0);
    write_rows(db, 3000);  // far past the 1,000 pages an automatic checkpoint waits for
    EXPECT_GT(std::filesystem::file_size(path + "-wal"), 1000u * 4096u);
    Checkpointer c(path);  // what the background thread runs
    Checkpointer::Result r = c.checkpoint();
    ASSERT_TRUE(r.ok);
    EXPECT_GT(r.wal_frames, 1000);
    EXPECT_EQ(r.checkpointed, r.wal_frames);
  }
  // Closing the last connection checkpoints: nothing committed is lost.
  SqliteDb again(path);
  EXPECT_EQ(again.query_one("SELECT COUNT(*) FROM t")->i64(0), 3000);
}

TEST_F(CheckpointerFile, InMemoryDatabaseHasNone) {
  SqliteDb db(":memory:");
  db.checkpoint_in_background(std::chrono::milliseconds(10));
  EXPECT_EQ(db.query_one("PRAGMA wal_autocheckpoint")->i64(0), 1000);
}

}  // namespace
}  // namespace langso
