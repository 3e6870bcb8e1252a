// Activities: log (with idempotency keys), batch, CSV import, read, correct, delete.
#include "engine/commands.h"
#include "http/activity_input.h"
#include "http/api.h"
#include "http/json_out.h"
#include "io/activity_csv.h"

#include <set>

namespace langso {

static std::string idempotency_key(const Ctx& ctx) {
  const std::string& k = ctx.req.idempotency_key;
  if (k.empty())
    throw ApiError{400, "idempotency_key_required", "Thiếu khoá chống ghi trùng",
                   "Yêu cầu ghi hoạt động phải có tiêu đề Idempotency-Key", {}};
  if (!valid_idempotency_key(k))
    throw ApiError{400, "idempotency_key_invalid", "Khoá chống ghi trùng không hợp lệ",
                   "Idempotency-Key gồm 8–100 ký tự chữ, số, '-', '_'", {}};
  return k;
}

static ApiError key_reused() {
  return {409, "idempotency_key_reused", "Khoá chống ghi trùng đã dùng",
          "Idempotency-Key này đã được dùng cho một hoạt động khác; hãy tạo khoá mới", {}};
}

static Response activity_types(Ctx& ctx) {
  nlohmann::json items = nlohmann::json::array();
  for (const ActivityType& t : ctx.app.types().types()) {
    nlohmann::json fields = nlohmann::json::array();
    for (const QuantitySpec& q : t.fields)
      fields.push_back({{"code", q.code}, {"name", q.name}, {"unit", q.unit}, {"min", q.min}, {"max", q.max}});
    nlohmann::json cat = nullptr;
    if (!t.categories.empty()) {
      cat = {{"code", t.category_code}, {"name", t.category_name}, {"options", nlohmann::json::array()}};
      for (const auto& o : t.categories) cat["options"].push_back({{"code", o.code}, {"name", o.name}});
    }
    items.push_back({{"code", t.code}, {"name", t.name}, {"level", std::string(level_code(t.level))},
                     {"fields", fields}, {"category", cat}});
  }
  return json_response(200, {{"items", items}});
}

// The answer to a request whose key was used before: the same activity
// again for the same body, else 409.
static Response replay(Ctx& ctx, const StoredActivity& prior, const std::string& digest) {
  if (prior.request_hash != digest) throw key_reused();
  if (prior.deleted) throw ApiError{409, "activity_deleted", "Hoạt động đã bị xoá", "Hoạt động ghi với khoá này đã bị xoá", {}};
  Response r = json_response(200, activity_json(ctx.app, prior));
  r.headers.emplace_back("Idempotent-Replayed", "true");
  return r;
}

static Response create_activity(Ctx& ctx) {
  require_may_log(ctx);
  const std::string key = idempotency_key(ctx);
  const std::string digest = body_digest(ctx.body);
  if (auto prior = ctx.store().find_by_idempotency_key(ctx.caller().user_id, key, ctx.app.types()))
    return replay(ctx, *prior, digest);
  Fields f(ctx.body, kActivityFields);
  Activity a;
  a.author = ctx.caller().user_id;
  read_activity(ctx, f, ctx.body, a, true);
  f.finish();
  Id id = 0;
  try {
    id = record_activities(ctx.app, {{a, key, digest}}).front();
  } catch (const DbConstraintError&) {
    // The same key through another instance at the same moment: both looked
    // it up before either had saved it, and the database kept one. This
    // request is the retry of that one.
    auto prior = ctx.store().find_by_idempotency_key(ctx.caller().user_id, key, ctx.app.types());
    if (!prior) throw;
    return replay(ctx, *prior, digest);
  }
  return json_response(201, activity_json(ctx.app, *ctx.store().get_activity(id, ctx.app.types())));
}

// Validates every item first; saves all or nothing.
static Response save_items(Ctx& ctx, const nlohmann::json& items, const std::vector<std::string>& keys,
                           const std::vector<std::string>& labels, std::vector<FieldError> errors = {},
                           bool first_try = true) {
  std::vector<PendingActivity> pending;
  int replayed = 0;
  std::set<std::string> seen;
  const auto prior_by_key = ctx.store().find_by_idempotency_keys(ctx.caller().user_id, keys, ctx.app.types());
  for (size_t i = 0; i < items.size(); ++i) {
    const nlohmann::json& item = items[i];
    const std::string& key = keys[i];
    std::string digest = body_digest(item);
    if (!seen.insert(key).second) {
      errors.push_back({labels[i] + "key", "invalid_value", labelled(labels[i], "khoá bị lặp trong cùng một lô")});
      continue;
    }
    if (auto prior = prior_by_key.find(key); prior != prior_by_key.end()) {
      if (prior->second.request_hash != digest)
        errors.push_back({labels[i] + "key", "idempotency_key_reused", labelled(labels[i], "khoá đã dùng cho hoạt động khác")});
      else
        ++replayed;
      continue;
    }
    Fields f(item, kActivityFields, labels[i]);
    Activity a;
    a.author = ctx.caller().user_id;
    read_activity(ctx, f, item, a, true);
    for (const FieldError& e : f.errors()) errors.push_back(e);
    if (f.ok()) pending.push_back({a, key, digest});
  }
  if (!errors.empty()) throw validation(errors);
  std::vector<Id> ids;
  try {
    ids = record_activities(ctx.app, std::move(pending));
  } catch (const DbConstraintError&) {
    // Some key saved through another instance meanwhile (create_activity):
    // the batch is read again, and what was saved counts as replayed.
    if (!first_try) throw;
    return save_items(ctx, items, keys, labels, {}, false);
  }
  return json_response(200, {{"created", ids.size()}, {"replayed", replayed}, {"ids", ids}});
}

static Response batch(Ctx& ctx) {
  require_may_log(ctx);
  Fields top(ctx.body, {"items"});
  top.finish();
  const auto it = ctx.body.find("items");
  if (it == ctx.body.end() || !it->is_array() || it->empty() || it->size() > 1000)
    throw validation({{"items", "invalid_value", "items phải là mảng từ 1 đến 1000 hoạt động"}});
  nlohmann::json items = nlohmann::json::array();
  std::vector<std::string> keys, labels;
  std::vector<FieldError> errors;
  for (size_t i = 0; i < it->size(); ++i) {
    std::string label = "items[" + std::to_string(i) + "].";
    nlohmann::json item = (*it)[i];
    if (!item.is_object()) {
      errors.push_back({label, "invalid_type", "items[" + std::to_string(i) + "]: phải là đối tượng"});
      continue;
    }
    auto k = item.find("key");
    if (k == item.end() || !k->is_string() || !valid_idempotency_key(k->get<std::string>())) {
      errors.push_back({label + "key", "invalid_value", "items[" + std::to_string(i) + "]: cần 'key' 8–100 ký tự"});
      continue;
    }
    keys.push_back(k->get<std::string>());
    item.erase("key");
    items.push_back(std::move(item));
    labels.push_back(label);
  }
  if (!errors.empty()) throw validation(errors);
  return save_items(ctx, items, keys, labels);
}

static Response template_csv(Ctx& ctx) {
  Response r;
  r.content_type = "text/csv; charset=utf-8";
  r.body = activity_template_csv(ctx.app.types());
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"mau-nhap-hoat-dong.csv\"");
  return r;
}

static Response import_csv(Ctx& ctx) {
  require_may_log(ctx);
  const std::string key = idempotency_key(ctx);
  Fields top(ctx.body, {"csv"});
  auto csv = top.text("csv", true, 4 * 1024 * 1024);
  top.finish();
  CsvActivities parsed = parse_activity_csv(*csv, ctx.app.types());
  // Rows that could not be read are reported together with every other bad row.
  std::vector<std::string> keys, labels;
  nlohmann::json items = nlohmann::json::array();
  for (size_t i = 0; i < parsed.items.size(); ++i) {
    nlohmann::json item = parsed.items[i];
    // Teams and units are written by code in the sheet; resolve them here, on
    // the activity's date (codes were reused in 2025 for other units).
    if (item.contains("unit_code")) {
      std::optional<Date> on;
      if (item.contains("date") && item["date"].is_string()) on = parse_iso_date(item["date"].get<std::string>());
      auto ids = ctx.app.units().by_code(item["unit_code"].get<std::string>(), on.value_or(today_local()));
      std::vector<Id> visible;
      for (Id id : ids)
        if (ctx.in_scope(id)) visible.push_back(id);
      if (visible.empty()) {
        parsed.errors.push_back({parsed.labels[i] + "ma_don_vi", "invalid_value",
                                 labelled(parsed.labels[i], "không có đơn vị mã '" + item["unit_code"].get<std::string>() +
                                                                "' trong phạm vi của bạn")});
        continue;
      }
      item["unit_id"] = visible.front();
      item.erase("unit_code");
    }
    keys.push_back(key + ":" + std::to_string(parsed.rows[i]));
    labels.push_back(parsed.labels[i]);
    items.push_back(std::move(item));
  }
  return save_items(ctx, items, keys, labels, std::move(parsed.errors));
}

static StoredActivity activity_in_scope(Ctx& ctx) {
  auto s = ctx.store().get_activity(ctx.id_param("id"), ctx.app.types());
  if (!s || !ctx.in_scope(s->a.unit_id)) throw not_found();
  return *s;
}

static void require_may_change(const Ctx& ctx, const Activity& a) {
  // An activity a household visit counted in changes with the visit only, so
  // the register and the activity totals never disagree.
  if (ctx.app.store().visit_of_activity(a.id))
    throw ApiError{409, "activity_from_visit", "Hoạt động ghi từ lượt đến hộ",
                   "Hoạt động này được tính từ một lượt đến hộ; hãy sửa hoặc xoá lượt đến đó", {}};
  const Principal& me = ctx.caller();
  if (can_write(me.role)) return;
  if (me.role == Role::TeamMember && a.author == me.user_id) return;
  throw forbidden("Chỉ cán bộ hoặc người đã ghi mới sửa, xoá được hoạt động này");
}

static Response get_activity(Ctx& ctx) { return json_response(200, activity_json(ctx.app, activity_in_scope(ctx))); }

static Response patch_activity(Ctx& ctx) {
  StoredActivity s = activity_in_scope(ctx);
  require_may_change(ctx, s.a);
  Fields f(ctx.body, kActivityFields);
  Activity after = s.a;
  read_activity(ctx, f, ctx.body, after, false);
  f.finish();
  change_activity(ctx.app, s.a, after, ctx.caller().user_id);
  return json_response(200, activity_json(ctx.app, *ctx.store().get_activity(after.id, ctx.app.types())));
}

static Response delete_activity(Ctx& ctx) {
  StoredActivity s = activity_in_scope(ctx);
  require_may_change(ctx, s.a);
  remove_activity(ctx.app, s.a, ctx.caller().user_id);
  return no_content();
}

void add_activity_routes(Router& r) {
  r.add("GET", "/api/v1/activity-types", activity_types);
  r.add("POST", "/api/v1/activities", create_activity);
  r.add_bulk("POST", "/api/v1/activities/batch", batch);
  r.add("GET", "/api/v1/activities/template", template_csv);
  r.add_bulk("POST", "/api/v1/activities/import", import_csv);
  r.add("GET", "/api/v1/activities/{id}", get_activity);
  r.add("PATCH", "/api/v1/activities/{id}", patch_activity);
  r.add("DELETE", "/api/v1/activities/{id}", delete_activity);
}

}  // namespace langso
