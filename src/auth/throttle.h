// Failed log-in policy: the first 5 failures are free; after that each attempt
// must wait at least 2^(n-5) seconds (max 60) since the last failure; after 10 failures
// the login is locked for 15 minutes. Kept in the store, so it holds across
// restarts and instances.
#pragma once
#include "store/store.h"

namespace langso {

inline constexpr int kFreeFailures = 5;
inline constexpr int kLockFailures = 10;
inline constexpr int64_t kLockSeconds = 15 * 60;

// Seconds to wait before the next attempt is allowed (0: go ahead).
int64_t login_wait(const LoginFailures& f, int64_t now);
LoginFailures after_failure(LoginFailures f, int64_t now);

}  // namespace langso
