#include "auth/crypto.h"

#include <gtest/gtest.h>
#include <sodium.h>

namespace langso {

TEST(Crypto, HashesAndVerifiesPasswordsWithArgon2id) {
  crypto_init();
  std::string h = hash_password("demo1234");
  EXPECT_TRUE(h.starts_with("$argon2id$"));
  EXPECT_TRUE(verify_password(h, "demo1234"));
  EXPECT_FALSE(verify_password(h, "demo12345"));
  EXPECT_NE(hash_password("demo1234"), h);  // salted
}

TEST(Crypto, PasswordsAreComparedInNfc) {
  crypto_init();
  const std::string composed = "Ki\u1EBFn Nh\u00EC 2022", decomposed = "Kie\u0302\u0301n Nhi\u0300 2022";
  std::string h = hash_password(decomposed);
  EXPECT_TRUE(verify_password(h, composed));
  EXPECT_TRUE(verify_password(h, decomposed));
  EXPECT_TRUE(verify_password(hash_password(composed), decomposed));
  // A hash of the bytes as typed, from before normalisation, still verifies.
  char legacy[crypto_pwhash_STRBYTES];
  ASSERT_EQ(crypto_pwhash_str(legacy, decomposed.data(), decomposed.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE), 0);
  EXPECT_TRUE(verify_password(legacy, decomposed));
  EXPECT_FALSE(verify_password(legacy, "Kie\u0302\u0301n Nhi\u0300 2023"));
}

TEST(Crypto, TokensAreRandomAndDigestsStable) {
  crypto_init();
  std::string a = random_token(), b = random_token();
  EXPECT_EQ(a.size(), 64u);
  EXPECT_NE(a, b);
  EXPECT_EQ(token_digest(a), token_digest(a));
  EXPECT_NE(token_digest(a), a);
  EXPECT_TRUE(equal_constant_time("abc", "abc"));
  EXPECT_FALSE(equal_constant_time("abc", "abd"));
  EXPECT_FALSE(equal_constant_time("abc", "ab"));
}

}  // namespace langso
