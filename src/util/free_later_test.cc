#include "util/free_later.h"

#include <gtest/gtest.h>

#include <future>
#include <string>
#include <vector>

namespace langso {
namespace {

// Tells, when it is destroyed, on which thread (a moved-from one says nothing).
struct Told {
  std::promise<std::thread::id>* done;
  explicit Told(std::promise<std::thread::id>* p) : done(p) {}
  Told(Told&& o) noexcept : done(o.done) { o.done = nullptr; }
  ~Told() {
    if (done) done->set_value(std::this_thread::get_id());
  }
};

TEST(FreeLater, FreesOnAnotherThreadWhatItWasGiven) {
  std::promise<std::thread::id> freed;
  auto when = freed.get_future();
  std::vector<std::string> rows(100000, std::string(40, 'x'));
  free_later(Told(&freed), std::move(rows));
  EXPECT_TRUE(rows.empty()) << "moved in, not copied";
  ASSERT_EQ(when.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_NE(when.get(), std::this_thread::get_id());
}

}  // namespace
}  // namespace langso
