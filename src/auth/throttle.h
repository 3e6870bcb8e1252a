// Failed log-in policy (docs/security.md, "Log-in").
//
// Per key, kept in the store so it holds across restarts and instances: the
// first 5 failures are free; after that each attempt must wait at least
// 2^(n-5) seconds (max 60) since the last failure; after 10 failures the key
// is locked for 15 minutes. The key is chosen so that nobody can lock an
// account out of the browsers its owner uses:
// - a browser that has logged in to the account before (it holds a device
//   cookie the account trusts) counts its failures under its own key; when
//   it reaches the lock, the browser loses that trust instead;
// - every other attempt counts under the account's key, so guessing from
//   new browsers is slowed and then locked for them all — but the owner's own
//   browsers still log in with the right password.
//
// Per client address, in memory: more than kAddressFailures failures within
// kAddressWindow seconds get 429 with nothing hashed until the window ends.
// Mobile carriers put many people behind one address, hence a limit far
// above what one person mistypes.
#pragma once
#include <mutex>
#include <string>
#include <unordered_map>

#include "store/store.h"

namespace langso {

inline constexpr int kFreeFailures = 5;
inline constexpr int kLockFailures = 10;
inline constexpr int64_t kLockSeconds = 15 * 60;
inline constexpr int kAddressFailures = 100;
inline constexpr int64_t kAddressWindow = 10 * 60;

// Seconds to wait before the next attempt is allowed (0: go ahead).
int64_t login_wait(const LoginFailures& f, int64_t now);
LoginFailures after_failure(LoginFailures f, int64_t now);

class AddressThrottle {
 public:
  int64_t wait(const std::string& address, int64_t now);  // 0: go ahead
  void failed(const std::string& address, int64_t now);

 private:
  struct Window {
    int64_t start = 0;
    int failures = 0;
  };
  std::mutex mu_;
  std::unordered_map<std::string, Window> windows_;
};

}  // namespace langso
