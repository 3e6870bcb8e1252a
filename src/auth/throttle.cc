#include "auth/throttle.h"

#include <algorithm>

namespace langso {

int64_t login_wait(const LoginFailures& f, int64_t now) {
  if (f.locked_until > now) return f.locked_until - now;
  if (f.failures < kFreeFailures || f.locked_until) return 0;
  int64_t delay = std::min<int64_t>(60, int64_t{1} << std::min<int64_t>(f.failures - kFreeFailures, 6));
  // Times are whole seconds: a failure at 10.9 s is stored as 10, so the wait
  // counts from the end of that second, never less than `delay`.
  return std::max<int64_t>(0, f.last_failure + 1 + delay - now);
}

LoginFailures after_failure(LoginFailures f, int64_t now) {
  if (f.locked_until && f.locked_until <= now) f = {};  // a served lock starts a fresh count
  ++f.failures;
  f.last_failure = now;
  if (f.failures >= kLockFailures) f.locked_until = now + kLockSeconds;
  return f;
}

}  // namespace langso
