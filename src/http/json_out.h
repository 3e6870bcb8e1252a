// The one way domain objects become JSON (shapes documented in docs/api.md).
#pragma once
#include <nlohmann/json.hpp>

#include "util/date_json.h"

#include "domain/team.h"
#include "domain/unit_index.h"
#include "store/store.h"

namespace langso {

using nlohmann::json;

// Unit with its path on date d (or on its last day of life when d is outside it).
json unit_json(const UnitIndex& units, Id id, Date d);  // id 0: nation_json()
// The nation as a unit object ({"id":0,"name":"Toàn quốc","level":"nation",…}):
// what the figure routes answer for /units/0/… to a caller whose scope it is.
json nation_json();
// For an account whose unit ended before d: the units an administrator may
// confirm as its new scope; null otherwise.
json scope_change_json(const UnitIndex& units, Id unit, Date d);
// Whether scope_change_json is not null: the account waits for an administrator.
bool scope_change_pending(const UnitIndex& units, Id unit, Date d);
class JsonWriter;
// The same, streamed (scorecards: a tree per response cost more than the rest).
void write_unit_json(JsonWriter& w, const UnitIndex& units, Id id, Date d);
json team_json(const UnitIndex& units, const Team& t, Date d);
// The commune a unit is (or lies in) on d: itself, its parent for a
// village; 0 above communes.
Id commune_of(const UnitIndex& units, Id unit, Date d);
// Where a row is, as a list names it: "Thôn Nà Pầu, Xã Hoà Mục" for a
// village, the name alone for a commune or above.
std::string place_text(const UnitIndex& units, Id unit, Date d);
json member_json(const Member& m, bool with_personal_data);
json user_json(const UnitIndex& units, const UserRecord& u, Date d);

}  // namespace langso
