// Scorecard JSON (shapes in docs/api.md).
#pragma once
#include <nlohmann/json.hpp>

#include "engine/scorecard.h"

namespace langso {

nlohmann::json cell_json(const ValueCell& c);
nlohmann::json scorecard_json(App& app, Id unit, const Period& p);

}  // namespace langso
