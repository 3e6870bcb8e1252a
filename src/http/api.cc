#include "http/api.h"

namespace langso {

Router make_api_router() {
  Router r;
  add_session_routes(r);
  add_unit_routes(r);
  add_team_routes(r);
  add_user_routes(r);
  add_activity_routes(r);
  add_scorecard_routes(r);
  add_report_routes(r);
  add_reorganisation_routes(r);
  add_household_routes(r);
  add_list_routes(r);
  add_plan_routes(r);
  add_notification_routes(r);
  add_sync_routes(r);
  add_periodic_routes(r);
  return r;
}

}  // namespace langso
