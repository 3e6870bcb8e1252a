// The demo: the seed article's story on real units. Tỉnh Bắc Kạn's districts
// and communes from the GSO list (compiled-in fixture), Plan 265/KH-UBND of
// 25/04/2022, and by 04/05/2022 in Huyện Chợ Mới 14 commune-level teams and 14
// village-level teams (one pilot village per commune). On 01/07/2025 the
// reorganisation applies (Bắc Kạn's rows of the published mapping, compiled
// in): the same teams and activities appear under Tỉnh Thái Nguyên in its 5
// new communes. Village names and people are illustrative: no national
// village list exists.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "engine/app.h"

namespace langso {

struct DemoLogin {
  std::string login, role, unit;
};

std::string_view demo_units_csv();
std::string_view demo_reform_csv();  // Bắc Kạn's rows of the 2025 mapping
// Seeds an empty database; returns the demo logins. Throws if not empty.
std::vector<DemoLogin> seed_demo(App& app, const std::string& password);
// The activities the demo's teams log from each one's first day to `today`
// (deterministic). Everything dated up to a day is the same whatever later
// `today` it is drawn on, from 03/12/2026 on (the day the demo's history was
// fixed: before it, a day more changed the past).
std::vector<Activity> demo_activities(const std::vector<Team>& teams, const ActivityCatalog& types, const UnitIndex& units,
                                      Date today);

}  // namespace langso
