#include "io/progress.h"

#include "io/report.h"

namespace langso {

Progress::Progress(std::FILE* out, std::chrono::milliseconds every) : out_(out), every_(every) {}

std::string Progress::line(std::string_view stage, int64_t done, int64_t total) {
  std::string s = std::string(stage) + ": " + format_vn_number(static_cast<double>(done));
  if (total > 0) {
    s += " / " + format_vn_number(static_cast<double>(total)) + " (" + std::to_string(done * 100 / total) + "%)";
  }
  return s;
}

void Progress::operator()(std::string_view stage, int64_t done, int64_t total) {
  const auto now = std::chrono::steady_clock::now();
  const bool fresh = stage != stage_;
  if (!fresh && done < total && now - last_ < every_) return;
  stage_ = std::string(stage);
  last_ = now;
  std::fprintf(out_, "%s\n", line(stage, done, total).c_str());
  std::fflush(out_);
}

}  // namespace langso
