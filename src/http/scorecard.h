// Scorecard JSON (shapes in docs/api.md).
#pragma once
#include <nlohmann/json.hpp>

#include "engine/scorecard.h"

namespace langso {

nlohmann::json cell_json(const ValueCell& c);
// Serialised directly (the hottest response); same shape as documented.
std::string scorecard_body(App& app, Id unit, const Period& p);

}  // namespace langso
