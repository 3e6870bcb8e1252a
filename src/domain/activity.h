// Activities and their types. Types are data (data/activity-types.json, kept
// in the store): a code, a Vietnamese name, the level it is done at, up to
// four bounded integer quantities and optionally one category (marketplace,
// e-wallet provider). The catalogue also numbers the metrics the engine sums:
// per type a count, and per quantity a total and a total per category.
#pragma once
#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "domain/unit.h"

namespace langso {

inline constexpr int kMaxQuantities = 4;

struct QuantitySpec {
  std::string code, name, unit;
  int64_t min = 0, max = 0;
};

struct CategoryOption {
  std::string code, name;
};

struct ActivityType {
  int index = 0;  // position in the catalogue
  std::string code, name;
  Level level = Level::Village;
  std::vector<QuantitySpec> fields;
  std::string category_code, category_name;  // empty: no category
  std::vector<CategoryOption> categories;
  int field_index(std::string_view code) const;
  int category_index(std::string_view code) const;
};

struct Activity {
  Id id = 0;
  Id team_id = 0;  // 0: logged by an officer without a team
  Id unit_id = 0;
  int type = 0;  // ActivityType::index
  Date date;
  int category = -1;
  std::array<int32_t, kMaxQuantities> q{};
  std::string note;
  Id author = 0;
};

class ActivityCatalog {
 public:
  // Throws std::runtime_error on a malformed catalogue.
  static ActivityCatalog from_json(const nlohmann::json& types);
  const std::vector<ActivityType>& types() const { return types_; }
  const ActivityType* find(std::string_view code) const;

  int metric_count() const { return metric_total_; }
  int count_metric(int type) const { return base_[type]; }
  // category -1: every category.
  int sum_metric(int type, int field, int category = -1) const;

 private:
  std::vector<ActivityType> types_;
  std::vector<int> base_;
  int metric_total_ = 0;
};

// The seeded catalogue (data/activity-types.json, compiled in).
std::string_view default_activity_types_json();

}  // namespace langso
