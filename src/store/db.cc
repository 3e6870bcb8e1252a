#include "store/db.h"

namespace langso {

int64_t Row::i64(size_t i) const {
  const Value& v = cols.at(i);
  if (auto p = std::get_if<int64_t>(&v)) return *p;
  if (auto p = std::get_if<double>(&v)) return static_cast<int64_t>(*p);
  if (auto p = std::get_if<std::string>(&v)) return std::stoll(*p);
  return 0;
}

double Row::f64(size_t i) const {
  const Value& v = cols.at(i);
  if (auto p = std::get_if<double>(&v)) return *p;
  if (auto p = std::get_if<int64_t>(&v)) return static_cast<double>(*p);
  if (auto p = std::get_if<std::string>(&v)) return std::stod(*p);
  return 0;
}

const std::string& Row::str(size_t i) const {
  static const std::string kEmpty;
  if (auto p = std::get_if<std::string>(&cols.at(i))) return *p;
  return kEmpty;
}

std::optional<std::string> Row::opt_str(size_t i) const {
  if (is_null(i)) return std::nullopt;
  if (auto p = std::get_if<std::string>(&cols.at(i))) return *p;
  if (auto p = std::get_if<int64_t>(&cols.at(i))) return std::to_string(*p);
  return std::to_string(std::get<double>(cols.at(i)));
}

std::optional<int64_t> Row::opt_i64(size_t i) const {
  if (is_null(i)) return std::nullopt;
  return i64(i);
}

}  // namespace langso
