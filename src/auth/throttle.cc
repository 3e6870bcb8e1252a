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

namespace langso {

int64_t AddressThrottle::wait(const std::string& address, int64_t now) {
  std::lock_guard guard(mu_);
  auto it = windows_.find(address);
  if (it == windows_.end() || now >= it->second.start + kAddressWindow) return 0;
  return it->second.failures >= kAddressFailures ? it->second.start + kAddressWindow - now : 0;
}

void AddressThrottle::failed(const std::string& address, int64_t now) {
  std::lock_guard guard(mu_);
  if (windows_.size() > 200000)  // bounded: forget the windows that have ended
    std::erase_if(windows_, [&](const auto& kv) { return now >= kv.second.start + kAddressWindow; });
  Window& w = windows_[address];
  if (now >= w.start + kAddressWindow) w = {now, 0};
  ++w.failures;
}

}  // namespace langso
