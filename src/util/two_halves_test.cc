#include "util/two_halves.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <numeric>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace langso {

TEST(TwoHalves, ALargeListGivesWhatOnePassGivesInOrderOnTwoThreads) {
  std::vector<int> items(1001);
  std::iota(items.begin(), items.end(), 0);
  std::mutex mu;
  std::set<std::thread::id> threads;
  std::vector<size_t> parts;
  std::vector<std::string> out{"before"};
  in_two_halves(std::span<const int>(items), 1000, out, [&](std::span<const int> part, std::vector<std::string>& o) {
    {
      std::lock_guard g(mu);
      threads.insert(std::this_thread::get_id());
      parts.push_back(part.size());
    }
    for (int i : part) o.push_back(std::to_string(i));
  });
  ASSERT_EQ(out.size(), 1002u);
  EXPECT_EQ(out[0], "before");  // what `first` held stays first
  for (int i = 0; i <= 1000; ++i) ASSERT_EQ(out[static_cast<size_t>(i) + 1], std::to_string(i));
  EXPECT_EQ(threads.size(), 2u);
  std::sort(parts.begin(), parts.end());
  EXPECT_EQ(parts, (std::vector<size_t>{500, 501}));
}

TEST(TwoHalves, ASmallListIsOnePassHere) {
  const std::vector<int> items{1, 2, 3};
  std::vector<std::thread::id> threads;
  std::vector<int> out;
  in_two_halves(std::span<const int>(items), 4, out, [&](std::span<const int> part, std::vector<int>& o) {
    threads.push_back(std::this_thread::get_id());
    o.insert(o.end(), part.begin(), part.end());
  });
  EXPECT_EQ(out, items);
  EXPECT_EQ(threads, std::vector<std::thread::id>{std::this_thread::get_id()});
}

TEST(TwoHalves, AMergeOfItsOwnAndAnErrorOfEitherHalf) {
  struct Sums {
    long total = 0;
    int parts = 0;
  };
  std::vector<int> items(100, 1);
  Sums s;
  in_two_halves(
      std::span<const int>(items), 10, s,
      [](std::span<const int> part, Sums& o) {
        o.total += std::accumulate(part.begin(), part.end(), 0L);
        ++o.parts;
      },
      [](Sums& first, Sums& second) {
        first.total += second.total;
        first.parts += second.parts;
      });
  EXPECT_EQ(s.total, 100);
  EXPECT_EQ(s.parts, 2);
  for (bool second_fails : {false, true}) {
    std::vector<int> out;
    EXPECT_THROW(in_two_halves(std::span<const int>(items), 10, out,
                               [&](std::span<const int> part, std::vector<int>&) {
                                 if ((part.data() != items.data()) == second_fails) throw std::runtime_error("half");
                               }),
                 std::runtime_error);
  }
}

}  // namespace langso
