#include "domain/activity.h"

#include <stdexcept>

namespace langso {

int ActivityType::field_index(std::string_view c) const {
  for (size_t i = 0; i < fields.size(); ++i)
    if (fields[i].code == c) return static_cast<int>(i);
  return -1;
}

int ActivityType::category_index(std::string_view c) const {
  for (size_t i = 0; i < categories.size(); ++i)
    if (categories[i].code == c) return static_cast<int>(i);
  return -1;
}

static Level parse_level(const std::string& s) {
  if (s == "village") return Level::Village;
  if (s == "commune") return Level::Commune;
  if (s == "district") return Level::District;
  if (s == "province") return Level::Province;
  throw std::runtime_error("cấp không hợp lệ: " + s);
}

ActivityCatalog ActivityCatalog::from_json(const nlohmann::json& j) {
  ActivityCatalog c;
  if (!j.is_array()) throw std::runtime_error("danh mục loại hoạt động phải là mảng");
  for (const auto& t : j) {
    ActivityType at;
    at.index = static_cast<int>(c.types_.size());
    at.code = t.at("code").get<std::string>();
    at.name = t.at("name").get<std::string>();
    at.level = parse_level(t.at("level").get<std::string>());
    for (const auto& f : t.at("fields"))
      at.fields.push_back({f.at("code").get<std::string>(), f.at("name").get<std::string>(),
                           f.value("unit", std::string()), f.value("min", int64_t{0}), f.at("max").get<int64_t>()});
    if (at.fields.empty() || at.fields.size() > kMaxQuantities)
      throw std::runtime_error("loại " + at.code + " phải có 1 đến 4 chỉ số");
    if (t.contains("category")) {
      at.category_code = t["category"].at("code").get<std::string>();
      at.category_name = t["category"].at("name").get<std::string>();
      for (const auto& o : t["category"].at("options"))
        at.categories.push_back({o.at("code").get<std::string>(), o.at("name").get<std::string>()});
    }
    if (c.find(at.code)) throw std::runtime_error("mã loại hoạt động bị lặp: " + at.code);
    c.base_.push_back(c.metric_total_);
    c.metric_total_ += 1 + static_cast<int>(at.fields.size() * (1 + at.categories.size()));
    c.types_.push_back(std::move(at));
  }
  return c;
}

const ActivityType* ActivityCatalog::find(std::string_view code) const {
  for (const auto& t : types_)
    if (t.code == code) return &t;
  return nullptr;
}

int ActivityCatalog::sum_metric(int type, int field, int category) const {
  const ActivityType& t = types_[static_cast<size_t>(type)];
  int f = static_cast<int>(t.fields.size());
  if (category < 0) return base_[type] + 1 + field;
  return base_[type] + 1 + f + field * static_cast<int>(t.categories.size()) + category;
}

}  // namespace langso
