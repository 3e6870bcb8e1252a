// Progress of a long-running command, for a person watching it: one line on
// the stream (stderr) at most every `every`, plus the first and the last of
// each stage: "hoạt động: 1.200.000 / 3.000.000 (40%)". Numbers in
// Vietnamese format. Not thread-safe: one command, one thread.
#pragma once
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace langso {

class Progress {
 public:
  explicit Progress(std::FILE* out = stderr, std::chrono::milliseconds every = std::chrono::seconds(3));
  void operator()(std::string_view stage, int64_t done, int64_t total);
  // "hoạt động: 1.200.000 / 3.000.000 (40%)"
  static std::string line(std::string_view stage, int64_t done, int64_t total);

 private:
  std::FILE* out_;
  std::chrono::milliseconds every_;
  std::string stage_;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace langso
