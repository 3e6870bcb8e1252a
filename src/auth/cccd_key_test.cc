// The keyed CCCD digest (auth/cccd_key.h) and its adoption by a database
// (Store::adopt_cccd_key through App::use_cccd_key).
#include "auth/cccd_key.h"

#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "auth/crypto.h"
#include "engine/app.h"
#include "store/schema.h"

namespace langso {

namespace {
std::string temp_dir() {
  char tmpl[] = "/tmp/langso-cccd-XXXXXX";
  return mkdtemp(tmpl);
}
}  // namespace

TEST(CccdKey, TheDigestIsKeyedAndFoundAgainFromTheNumber) {
  crypto_init();
  const auto a = CccdKey::random(), b = CccdKey::random();
  const std::string n = "006199999123";
  EXPECT_EQ(a.digest(n), a.digest(n));
  EXPECT_NE(a.digest(n), a.digest("006199999124"));
  EXPECT_NE(a.digest(n), b.digest(n));
  EXPECT_NE(a.digest(n), cccd_digest(n));  // not the unkeyed digest anyone could recompute
  EXPECT_EQ(a.rekey(cccd_digest(n)), a.digest(n));
  // The unkeyed digest is the one databases of before the key hold: it must not change.
  EXPECT_EQ(cccd_digest(n), token_digest("langso-cccd:" + n));
  // A copy of a key digests as the key does (its absorbed state is copied with it).
  const CccdKey copy = a;
  EXPECT_EQ(copy.digest(n), a.digest(n));
  EXPECT_NE(a.check(), b.check());
  EXPECT_EQ(a.digest(n).size(), 32u);
  EXPECT_EQ(a.digest(n).find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(CccdKey, AKeyFileIsCreatedPrivateAndReadBack) {
  crypto_init();
  const std::string dir = temp_dir(), path = dir + "/sub/cccd.key";
  const auto made = CccdKey::load_or_create(path);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(CccdKey::load_or_create(path).check(), made.check());
  std::ofstream(dir + "/bad.key") << "not a key\n";
  EXPECT_THROW(CccdKey::load_or_create(dir + "/bad.key"), std::runtime_error);
  std::filesystem::remove_all(dir);
}

TEST(CccdKey, ADatabaseAdoptsItsFirstKeyReKeyingOldDigestsAndRefusesAnother) {
  crypto_init();
  const std::string dir = temp_dir(), db = dir + "/t.db";
  const std::string n = "006199999123";
  Id id = 0;
  {
    App app(open_store(db));
    // A person registered before keys: the unkeyed digest.
    Resident r;
    r.full_name = "Hoàng Văn Thử";
    r.birth_year = 1980;
    r.sex = "nam";
    r.cccd_digest = cccd_digest(n);
    r.cccd_last4 = "9123";
    id = app.store().insert_resident(r, 1, "", "");
  }
  const auto key = CccdKey::random();
  {
    App app(open_store(db));
    app.use_cccd_key(key);
    EXPECT_EQ(app.cccd_digest(n), key.digest(n));
    EXPECT_EQ(app.store().get_resident(id)->cccd_digest, key.digest(n));
    EXPECT_EQ(app.store().resident_by_cccd(app.cccd_digest(n)), id);  // duplicates are still found
    EXPECT_FALSE(app.store().resident_by_cccd(cccd_digest(n)));
  }
  {
    App app(open_store(db));
    EXPECT_THROW(app.cccd_digest(n), std::logic_error);
    EXPECT_THROW(app.use_cccd_key(CccdKey::random()), std::runtime_error);
    EXPECT_EQ(app.store().get_resident(id)->cccd_digest, key.digest(n));  // unchanged by the refusal
    app.use_cccd_key(key);  // the same key again: no second re-keying
    EXPECT_EQ(app.store().get_resident(id)->cccd_digest, key.digest(n));
  }
  std::filesystem::remove_all(dir);
}

// Migration 18: a database whose digests are the whole 256-bit MAC (as
// langso kept them until then) finds its people again by the short digest.
TEST(CccdKey, ADatabaseOfLongDigestsIsCutToTheShortOnes) {
  crypto_init();
  const std::string dir = temp_dir(), db = dir + "/t.db";
  const std::string n = "006199999123";
  std::array<unsigned char, CccdKey::kBytes> bytes{};
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<unsigned char>(7 * i + 1);
  const CccdKey key(bytes);
  // The digest of before: BLAKE2b-256 keyed, over the unkeyed digest, all 64 hex digits.
  const std::string unkeyed = cccd_digest(n);
  unsigned char mac[32];
  crypto_generichash(mac, sizeof mac, reinterpret_cast<const unsigned char*>(unkeyed.data()), unkeyed.size(), bytes.data(),
                     bytes.size());
  std::string long_digest;
  for (unsigned char c : mac) long_digest += fmt::format("{:02x}", c);
  ASSERT_EQ(long_digest.substr(0, 32), key.digest(n));
  Id id = 0;
  {
    App app(open_store(db));
    app.use_cccd_key(key);
    Resident r;
    r.full_name = "Hoàng Văn Thử";
    r.birth_year = 1980;
    r.sex = "nam";
    r.cccd_digest = long_digest;
    r.cccd_last4 = "9123";
    id = app.store().insert_resident(r, 1, "", "");
    app.store().db().exec("DELETE FROM schema_version WHERE version = 18");  // as a database of before
  }
  {
    App app(open_store(db));
    app.use_cccd_key(key);
    EXPECT_EQ(app.store().get_resident(id)->cccd_digest, key.digest(n));
    EXPECT_EQ(app.store().resident_by_cccd(app.cccd_digest(n)), id);
    EXPECT_EQ(app.store().db().query_one("SELECT MAX(version) FROM schema_version")->i64(0), latest_schema_version());
  }
  std::filesystem::remove_all(dir);
}

}  // namespace langso
