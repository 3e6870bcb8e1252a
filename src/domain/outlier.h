// Outliers in periodic figures (issue 15) — no I/O.
//
// A figure (a count for a month) is flagged when it is far from both its
// own history (the unit's previous months) and its peers (the other units
// under the same parent that month). Far is a robust z-score on log1p of
// the counts: z = 0.6745 · (log1p(x) − median) / MAD, |z| > kOutlierZ. The
// log tames skewed counts (a few communes with hundreds, most with a
// handful), the median and the median absolute deviation ignore the
// outliers themselves, and zero-heavy series — where the MAD is 0 — fall
// back to the mean absolute deviation (× 1.2533, its normal-consistency
// constant), and to no judgement at all when every value is the same.
// Seasonality: the history is the unit's own months, so a month that is
// high everywhere (a campaign) is not far from its peers and is not flagged.
#pragma once
#include <optional>
#include <span>

namespace langso {

inline constexpr double kOutlierZ = 3.5;
inline constexpr size_t kOutlierMinHistory = 6, kOutlierMinPeers = 5;

// The robust z of x against the sample (nullopt: too few values, or all equal).
std::optional<double> robust_z(double x, std::span<const double> sample, size_t min_size);

struct OutlierVerdict {
  bool flagged = false;
  std::optional<double> z_history, z_peers;
};
OutlierVerdict judge_outlier(double x, std::span<const double> history, std::span<const double> peers);

}  // namespace langso
