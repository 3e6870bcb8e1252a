// The household register as JSON (api_households.cc), shared with the sync
// answer (api_sync.cc), so a household reads the same online and offline.
#pragma once
#include <nlohmann/json.hpp>
#include <vector>

#include "engine/app.h"

namespace langso {

nlohmann::json household_json(App& app, const Household& h, Date on);
// With the person's statuses among `statuses`.
nlohmann::json resident_json(const App& app, const Resident& r, Date on, const std::vector<CitizenStatus>& statuses);
nlohmann::json visit_json(const Visit& v);

}  // namespace langso
