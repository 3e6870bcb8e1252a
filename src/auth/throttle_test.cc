#include "auth/throttle.h"

#include <gtest/gtest.h>

namespace langso {

TEST(Throttle, SlowsDownThenLocks) {
  LoginFailures f;
  int64_t t = 1000;
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(login_wait(f, t), 0);
    f = after_failure(f, t);
  }
  // Whole seconds: the 5th failure happened somewhere in second t, so the
  // 1 s wait lasts to the end of second t + 1.
  EXPECT_EQ(login_wait(f, t), 2);
  EXPECT_EQ(login_wait(f, t + 1), 1);
  EXPECT_EQ(login_wait(f, t + 2), 0);
  f = after_failure(f, t + 2);
  EXPECT_EQ(login_wait(f, t + 2), 3);
  EXPECT_EQ(login_wait(f, t + 4), 1);
  for (int i = 0; i < 4; ++i) f = after_failure(f, t + 100);
  EXPECT_EQ(f.failures, 10);
  EXPECT_EQ(login_wait(f, t + 100), kLockSeconds);
  EXPECT_GT(login_wait(f, t + 100 + kLockSeconds - 1), 0);
  EXPECT_EQ(login_wait(f, t + 100 + kLockSeconds), 0);
  f = after_failure(f, t + 100 + kLockSeconds);
  EXPECT_EQ(f.failures, 1);
}

}  // namespace langso

namespace langso {

TEST(Throttle, AddressesAreLimitedByTheirFailuresInAWindow) {
  AddressThrottle t;
  const int64_t now = 50000;
  for (int i = 0; i < kAddressFailures; ++i) {
    EXPECT_EQ(t.wait("198.51.100.7", now + i % 60), 0);
    t.failed("198.51.100.7", now + i % 60);
  }
  EXPECT_EQ(t.wait("198.51.100.7", now + 60), kAddressWindow - 60);
  EXPECT_EQ(t.wait("198.51.100.8", now + 60), 0);  // another address is not touched
  EXPECT_EQ(t.wait("198.51.100.7", now + kAddressWindow), 0);
  t.failed("198.51.100.7", now + kAddressWindow);  // a new window starts afresh
  EXPECT_EQ(t.wait("198.51.100.7", now + kAddressWindow + 1), 0);
}

}  // namespace langso
