// Notifications (issue 14; domain/notification.h, engine/notify.h,
// docs/api.md): the caller's inbox — the notifications addressed to their
// scope unit, newest first, with their own read marks — and the periodic
// sweep run by hand for a day (administrators).
#include "engine/notify.h"
#include "http/api.h"
#include "http/fields.h"
#include "http/json_out.h"
#include "http/paging.h"

namespace langso {

// The unit whose notifications the caller reads: their scope unit (an
// administrator's scope, the nation, has none), still checked by the guard.
static std::optional<Id> inbox_unit(const Ctx& ctx) {
  Id u = ctx.caller().scope_unit;
  if (u == 0 || !ctx.in_scope(u)) return std::nullopt;
  return u;
}

static json notification_json(const Ctx& ctx, const Notification& n) {
  const std::string_view subject = notification_subject_code(n.subject_type);
  // The app's page: the plan, at the task when it is one.
  std::string link = "/plans/" + std::to_string(n.plan ? n.plan : n.subject);
  if (n.subject_type == NotificationSubject::Task) link += "#task-" + std::to_string(n.subject);
  // A periodic report's: the report page of the unit it is about (subject), at its period (due's month).
  if (n.subject_type == NotificationSubject::Report) link = "/periodic/" + std::to_string(n.subject);
  return json{{"id", n.id},
              {"kind", notification_kind_code(n.kind)},
              {"unit", unit_json(ctx.app.units(), n.unit, today_local())},
              {"subject", {{"type", subject}, {"id", n.subject}}},
              {"plan_id", n.plan ? json(n.plan) : json(nullptr)},
              {"title", n.title},
              {"body", n.body},
              {"due", n.due ? json(format_iso(*n.due)) : json(nullptr)},
              {"created_at", n.created_at},
              {"read", n.read},
              {"link", link}};
}

static Response list_route(Ctx& ctx) {
  const size_t limit = limit_param(ctx, 20, 100);
  const bool unread_only = ctx.flag("unread").value_or(false);
  const std::string filters = unread_only ? "unread" : "all";
  std::optional<Id> before;
  if (auto pos = cursor_param(ctx, "notifications", filters)) {
    if (!pos->contains("i") || !(*pos)["i"].is_number_integer()) throw invalid_cursor();
    before = (*pos)["i"].get<Id>();
  }
  json items = json::array();
  int64_t unread = 0;
  json next = nullptr;
  if (auto unit = inbox_unit(ctx)) {
    const Id user = ctx.caller().user_id;
    auto rows = ctx.store().notifications_of(*unit, user, before, unread_only, limit + 1);
    const bool more = rows.size() > limit;
    if (more) rows.resize(limit);
    for (const Notification& n : rows) items.push_back(notification_json(ctx, n));
    if (more) next = encode_cursor(ctx, "notifications", filters, {{"i", rows.back().id}});
    unread = ctx.store().unread_notifications(*unit, user);
  }
  return json_response(200, json{{"items", items}, {"unread", unread}, {"next_cursor", next}});
}

static Response count_route(Ctx& ctx) {
  auto unit = inbox_unit(ctx);
  return json_response(200, json{{"unread", unit ? ctx.store().unread_notifications(*unit, ctx.caller().user_id) : 0}});
}

static Response read_route(Ctx& ctx) {
  const Id user = ctx.caller().user_id;
  auto n = ctx.store().get_notification(ctx.id_param("id"), user);
  auto unit = inbox_unit(ctx);
  if (!n || !unit || n->unit != *unit) throw not_found();
  ctx.store().mark_notification_read(n->id, user);
  return no_content();
}

static Response read_all_route(Ctx& ctx) {
  Fields f(ctx.body, {"up_to"});
  auto up_to = f.integer("up_to", false, 1, INT64_MAX);
  f.finish();
  int64_t marked = 0;
  if (auto unit = inbox_unit(ctx))
    marked = ctx.store().mark_all_notifications_read(*unit, ctx.caller().user_id,
                                                     up_to ? *up_to : ctx.store().last_notification_id());
  return json_response(200, json{{"marked", marked}});
}

static Response sweep_route(Ctx& ctx) {
  if (ctx.caller().role != Role::Admin) throw forbidden("Chỉ quản trị viên chạy việc quét thông báo");
  Fields f(ctx.body, {"date"});
  auto date = f.date("date", false);
  f.finish();
  SweepResult r = sweep_notifications_as_writer(ctx.app, date.value_or(today_local()));
  return json_response(200, json{{"recorded", r.recorded}, {"looked_at", r.looked_at}});
}

void add_notification_routes(Router& r) {
  r.add("GET", "/api/v1/notifications", list_route);
  r.add("GET", "/api/v1/notifications/count", count_route);
  r.add("POST", "/api/v1/notifications/{id}/read", read_route);
  r.add("POST", "/api/v1/notifications/read-all", read_all_route);
  r.add("POST", "/api/v1/notifications/sweep", sweep_route);
}

}  // namespace langso
