#include "domain/outlier.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace langso {

TEST(Outlier, FarFromHistoryAndPeers) {
  const std::vector<double> history{12, 9, 15, 11, 10, 14, 13, 8};
  const std::vector<double> peers{10, 12, 7, 15, 9, 11, 13};
  EXPECT_TRUE(judge_outlier(400, history, peers).flagged);
  EXPECT_FALSE(judge_outlier(16, history, peers).flagged);
  // Far from its history but like its peers (a campaign month everywhere): not flagged.
  const std::vector<double> campaign{300, 280, 350, 310, 290, 330};
  EXPECT_FALSE(judge_outlier(320, history, campaign).flagged);
}

TEST(Outlier, SkewedAndZeroHeavyDataGiveFewAlarms) {
  // Most months 0, some small counts: a 3 is ordinary, not an alarm (a plain
  // standard-deviation check on such data flags it).
  const std::vector<double> zeros{0, 0, 0, 0, 1, 0, 0, 2, 0, 0};
  const std::vector<double> peers{0, 0, 1, 0, 3, 0, 0, 2};
  EXPECT_FALSE(judge_outlier(3, zeros, peers).flagged);
  // Skewed peers (a town with hundreds): the town's usual figure is not flagged.
  const std::vector<double> town{180, 220, 150, 260, 190, 240};
  const std::vector<double> skewed{5, 8, 3, 12, 6, 250, 4, 9};
  EXPECT_FALSE(judge_outlier(210, town, skewed).flagged);
  // Every value the same: no judgement.
  const std::vector<double> flat{0, 0, 0, 0, 0, 0};
  EXPECT_FALSE(robust_z(5, flat, 6).has_value());
  EXPECT_FALSE(judge_outlier(5, flat, flat).flagged);
  // Too few values: no judgement.
  EXPECT_FALSE(robust_z(5, std::vector<double>{1, 2}, 6).has_value());
}

}  // namespace langso
