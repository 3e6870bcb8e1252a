#include "domain/outlier.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace langso {

static double median_of(std::vector<double> v) {
  const size_t n = v.size();
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n / 2), v.end());
  const double hi = v[n / 2];
  if (n % 2) return hi;
  return (hi + *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n / 2))) / 2;
}

std::optional<double> robust_z(double x, std::span<const double> sample, size_t min_size) {
  if (sample.size() < min_size) return std::nullopt;
  std::vector<double> logs;
  logs.reserve(sample.size());
  for (double v : sample) logs.push_back(std::log1p(std::max(0.0, v)));
  const double med = median_of(logs);
  std::vector<double> dev;
  dev.reserve(logs.size());
  for (double v : logs) dev.push_back(std::fabs(v - med));
  double scale = median_of(dev) / 0.6745;
  if (scale <= 0) {  // zero-heavy: more than half the values equal the median
    double sum = 0;
    for (double d : dev) sum += d;
    scale = 1.2533 * sum / static_cast<double>(dev.size());
  }
  if (scale <= 0) return std::nullopt;  // every value the same: nothing to compare with
  return (std::log1p(std::max(0.0, x)) - med) / scale;
}

OutlierVerdict judge_outlier(double x, std::span<const double> history, std::span<const double> peers) {
  OutlierVerdict v;
  v.z_history = robust_z(x, history, kOutlierMinHistory);
  v.z_peers = robust_z(x, peers, kOutlierMinPeers);
  v.flagged = v.z_history && v.z_peers && std::fabs(*v.z_history) > kOutlierZ && std::fabs(*v.z_peers) > kOutlierZ;
  return v;
}

}  // namespace langso
