// Route groups; each api_*.cc adds its routes. Handlers reach units, teams,
// members and users only through Ctx's scope guard.
#pragma once
#include "http/router.h"

namespace langso {

void add_session_routes(Router& r);
void add_unit_routes(Router& r);
void add_team_routes(Router& r);
void add_user_routes(Router& r);
void add_activity_routes(Router& r);
void add_scorecard_routes(Router& r);
void add_report_routes(Router& r);
void add_reorganisation_routes(Router& r);
void add_household_routes(Router& r);

}  // namespace langso
