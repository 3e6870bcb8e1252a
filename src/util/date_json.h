// A date as JSON: "YYYY-MM-DD", or null when there is none. The one form
// every API answer and every journal record uses.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>

#include "util/date.h"

namespace langso {

inline nlohmann::json date_json(const std::optional<Date>& d) {
  return d ? nlohmann::json(format_iso(*d)) : nlohmann::json(nullptr);
}

}  // namespace langso
