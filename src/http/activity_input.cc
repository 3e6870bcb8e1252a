#include "http/activity_input.h"

#include <ctime>

#include "auth/crypto.h"
#include "http/json_out.h"

namespace langso {

static Date first_allowed_day() { return *parse_iso_date("2020-01-01"); }

void require_may_log(const Ctx& ctx) {
  if (ctx.caller().role == Role::Viewer) throw forbidden("Người xem không ghi được hoạt động");
}

void read_activity(Ctx& ctx, Fields& f, const nlohmann::json& obj, Activity& a, bool create) {
  App& app = ctx.app;
  const ActivityType* type = nullptr;
  if (create) {
    if (auto code = f.text("type", true, 60)) {
      type = app.types().find(*code);
      if (!type) f.error("type", "invalid_value", "Loại hoạt động '" + *code + "' không tồn tại");
      else a.type = type->index;
    }
  } else {
    type = &app.types().types()[static_cast<size_t>(a.type)];
    if (f.present("type")) f.error("type", "invalid_value", "Không đổi được loại hoạt động; hãy xoá và ghi lại");
  }
  if (create || f.present("date"))
    if (auto d = f.date("date", true)) a.date = *d;
  if (create || f.present("note")) {
    auto n = f.text("note", false, 1000);
    a.note = n.value_or("");
  }
  std::optional<int64_t> team_id, unit_id;
  if (create) team_id = f.integer("team_id", false, 1, INT64_MAX);
  else if (f.present("team_id")) f.error("team_id", "invalid_value", "Không đổi được tổ của hoạt động");
  if (create || f.present("unit_id")) unit_id = f.integer("unit_id", false, 1, INT64_MAX);
  if (!type) return;

  // Category
  if (create || f.present("category")) {
    auto c = f.text("category", false, 60);
    if (type->categories.empty()) {
      if (c) f.error("category", "invalid_value", "Loại hoạt động này không có phân loại");
      a.category = -1;
    } else if (!c) {
      f.error("category", "missing_field", "Cần chọn " + type->category_name);
    } else if (int idx = type->category_index(*c); idx < 0) {
      f.error("category", "invalid_value", type->category_name + " '" + *c + "' không hợp lệ");
    } else {
      a.category = idx;
    }
  }
  // Quantities
  if (create || f.present("quantities")) {
    auto it = obj.find("quantities");
    if (it == obj.end() || it->is_null()) {
      f.error("quantities", "missing_field", "Thiếu các số lượng (quantities)");
    } else if (!it->is_object()) {
      f.error("quantities", "invalid_type", "quantities phải là một đối tượng mã chỉ số → số nguyên");
    } else {
      for (auto q = it->begin(); q != it->end(); ++q) {
        int idx = type->field_index(q.key());
        std::string name = "quantities." + q.key();
        if (idx < 0) {
          f.error(name, "unknown_field", "Loại hoạt động này không có chỉ số '" + q.key() + "'");
          continue;
        }
        const QuantitySpec& spec = type->fields[static_cast<size_t>(idx)];
        if (!q->is_number_integer()) {
          f.error(name, "invalid_type", spec.name + " phải là số nguyên");
          continue;
        }
        if (q->is_number_unsigned() ? q->get<uint64_t>() > static_cast<uint64_t>(spec.max) : (q->get<int64_t>() < spec.min || q->get<int64_t>() > spec.max)) {
          f.error(name, "invalid_value", spec.name + " phải từ " + std::to_string(spec.min) + " đến " + std::to_string(spec.max));
          continue;
        }
        a.q[static_cast<size_t>(idx)] = static_cast<int32_t>(q->get<int64_t>());
      }
    }
  }
  bool any = false;
  for (int32_t v : a.q) any = any || v > 0;
  if (f.ok() && !any) f.error("quantities", "invalid_value", "Cần ít nhất một số lượng lớn hơn 0");

  // Dates, team and scope
  const Date today = today_local();
  if (a.date > today) f.error("date", "invalid_value", "Ngày hoạt động không được ở tương lai");
  if (a.date < first_allowed_day()) f.error("date", "invalid_value", "Ngày hoạt động phải từ 01/01/2020");
  const Principal& me = ctx.caller();
  require_may_log(ctx);
  std::optional<Team> team;
  if (create && team_id) {
    team = ctx.team(*team_id);  // 404 outside the caller's scope
    a.team_id = team->id;
  } else if (a.team_id) {
    team = app.store().get_team(a.team_id);
  }
  if (create && !team && me.role == Role::TeamMember) f.error("team_id", "missing_field", "Cần chọn tổ");
  if (team && me.role == Role::TeamMember && team->unit_id != me.scope_unit)
    throw forbidden("Thành viên tổ chỉ ghi hoạt động cho tổ của mình");
  if (unit_id) a.unit_id = ctx.unit(*unit_id).id;  // 404 outside the caller's scope
  else if (create && team) a.unit_id = team->unit_id;
  if (create && !a.unit_id && f.ok()) f.error("unit_id", "missing_field", "Cần chọn tổ hoặc đơn vị");
  if (team && a.unit_id && !app.units().is_within(a.unit_id, team->unit_id))
    f.error("unit_id", "invalid_value", "Đơn vị phải là địa bàn của tổ hoặc nằm trong địa bàn đó");
  if (team && a.date < team->active_from)
    f.error("date", "invalid_value", "Ngày hoạt động trước ngày tổ được thành lập (" + format_vn(team->active_from) + ")");
  if (team && !team->active().contains(a.date) && a.date >= team->active_from)
    f.error("date", "invalid_value", "Ngày hoạt động sau khi tổ đã ngừng hoạt động");
  if (a.unit_id && !app.units().find(a.unit_id)->valid.contains(a.date))
    f.error("date", "invalid_value", "Đơn vị không tồn tại vào ngày hoạt động");
}

static std::string iso_instant(int64_t secs) {
  std::time_t t = static_cast<std::time_t>(secs + 7 * 3600);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S+07:00", &tm);
  return buf;
}

nlohmann::json activity_json(App& app, const StoredActivity& s) {
  const Activity& a = s.a;
  const ActivityType& t = app.types().types()[static_cast<size_t>(a.type)];
  nlohmann::json q = nlohmann::json::object();
  for (size_t i = 0; i < t.fields.size(); ++i) q[t.fields[i].code] = a.q[i];
  return {{"id", a.id},
          {"team_id", a.team_id ? nlohmann::json(a.team_id) : nlohmann::json(nullptr)},
          {"unit_id", a.unit_id},
          {"unit", unit_json(app.units(), a.unit_id, a.date)},
          {"type", t.code},
          {"type_name", t.name},
          {"date", format_iso(a.date)},
          {"category", a.category >= 0 ? nlohmann::json(t.categories[static_cast<size_t>(a.category)].code) : nlohmann::json(nullptr)},
          {"category_name", a.category >= 0 ? nlohmann::json(t.categories[static_cast<size_t>(a.category)].name) : nlohmann::json(nullptr)},
          {"quantities", std::move(q)},
          {"note", a.note},
          {"author_id", a.author},
          {"created_at", iso_instant(s.created_at)},
          {"updated_at", iso_instant(s.updated_at)}};
}

std::string body_digest(const nlohmann::json& body) { return token_digest(body.dump()); }

bool valid_idempotency_key(const std::string& k) {
  if (k.size() < 8 || k.size() > 100) return false;
  for (char c : k)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == ':'))
      return false;
  return true;
}

}  // namespace langso
