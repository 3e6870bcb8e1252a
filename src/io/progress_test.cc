#include "io/progress.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace langso {
namespace {

std::string run(std::chrono::milliseconds every, void (*steps)(Progress&)) {
  char* buf = nullptr;
  size_t len = 0;
  std::FILE* f = open_memstream(&buf, &len);
  {
    Progress p(f, every);
    steps(p);
  }
  std::fclose(f);
  std::string out(buf, len);
  std::free(buf);
  return out;
}

TEST(Progress, SaysWhatAndHowFarInVietnameseNumbers) {
  EXPECT_EQ(Progress::line("hoạt động", 1200000, 3000000), "hoạt động: 1.200.000 / 3.000.000 (40%)");
  EXPECT_EQ(Progress::line("xã", 3321, 3321), "xã: 3.321 / 3.321 (100%)");
  EXPECT_EQ(Progress::line("sắp xếp 2025", 0, 0), "sắp xếp 2025: 0");
}

TEST(Progress, OneLineEveryFewSecondsAndTheFirstAndLastOfEachStage) {
  std::string out = run(std::chrono::hours(1), [](Progress& p) {
    for (int i = 0; i <= 10; ++i) p("xã", i, 10);
    for (int i = 0; i <= 100; ++i) p("hoạt động", i * 1000, 100000);
  });
  EXPECT_EQ(out, "xã: 0 / 10 (0%)\nxã: 10 / 10 (100%)\nhoạt động: 0 / 100.000 (0%)\nhoạt động: 100.000 / 100.000 (100%)\n");
  std::string all = run(std::chrono::milliseconds(0), [](Progress& p) {
    for (int i = 0; i <= 3; ++i) p("xã", i, 3);
  });
  EXPECT_EQ(all, "xã: 0 / 3 (0%)\nxã: 1 / 3 (33%)\nxã: 2 / 3 (66%)\nxã: 3 / 3 (100%)\n");
}

}  // namespace
}  // namespace langso
