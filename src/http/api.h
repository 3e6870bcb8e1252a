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
void add_list_routes(Router& r);  // paged lists and their .xlsx downloads (api_lists.cc)
void add_plan_routes(Router& r);  // plans, targets, progress, tasks (api_plans.cc)
void add_notification_routes(Router& r);  // the caller's notifications (api_notifications.cc)
void add_sync_routes(Router& r);  // offline sync and its conflicts (api_sync.cc)
void add_periodic_routes(Router& r);  // periodic reports: forms, status, workflow (api_periodic.cc)

// Phone numbers are personal data (Decree 13/2023): only roles that need them
// see them, and every read or export that shows them is journaled (`records`
// of them, about `entity` `id`). True when the caller may see them.
bool show_personal_data(Ctx& ctx, std::string_view entity, Id id, int64_t records);

}  // namespace langso
