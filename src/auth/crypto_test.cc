#include "auth/crypto.h"

#include <gtest/gtest.h>

namespace langso {

TEST(Crypto, HashesAndVerifiesPasswordsWithArgon2id) {
  crypto_init();
  std::string h = hash_password("demo1234");
  EXPECT_TRUE(h.starts_with("$argon2id$"));
  EXPECT_TRUE(verify_password(h, "demo1234"));
  EXPECT_FALSE(verify_password(h, "demo12345"));
  EXPECT_NE(hash_password("demo1234"), h);  // salted
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
