/* Linked into the ThreadSanitizer build of the unit tests only
   (scripts/unit-sanitized.sh tsan). GCC 12's TSan does not intercept
   pthread_mutex_clocklock, which std::timed_mutex::try_lock_for calls (App's
   writer lock), so TSan missed the lock and reported its unlock as "unlock of
   an unlocked mutex" (llvm-project issue 62623). This takes the lock through
   pthread_mutex_timedlock, which TSan intercepts. */
#define _GNU_SOURCE
#include <pthread.h>
#include <time.h>

int pthread_mutex_clocklock(pthread_mutex_t* m, clockid_t clock, const struct timespec* abstime) {
  struct timespec deadline = *abstime;
  if (clock != CLOCK_REALTIME) {
    struct timespec now_clock, now_real;
    clock_gettime(clock, &now_clock);
    clock_gettime(CLOCK_REALTIME, &now_real);
    long long ns = (abstime->tv_sec - now_clock.tv_sec) * 1000000000LL + (abstime->tv_nsec - now_clock.tv_nsec);
    ns += now_real.tv_sec * 1000000000LL + now_real.tv_nsec;
    deadline.tv_sec = ns / 1000000000LL;
    deadline.tv_nsec = ns % 1000000000LL;
  }
  return pthread_mutex_timedlock(m, &deadline);
}
