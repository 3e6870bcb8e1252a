#include "http/context.h"

#include <charconv>

#include "http/fields.h"

namespace langso {

Id Ctx::id_param(const std::string& name) const {
  const std::string& s = params.at(name);
  Id id = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (ec != std::errc() || p != s.data() + s.size() || id <= 0) throw not_found();
  return id;
}

std::optional<std::string> Ctx::query(const std::string& name) const {
  auto it = req.query.find(name);
  if (it == req.query.end()) return std::nullopt;
  return it->second;
}

std::optional<bool> Ctx::flag(const std::string& name) const {
  auto t = query(name);
  if (!t) return std::nullopt;
  auto v = flag_value(*t);
  if (!v) throw bad_query(flag_rule(name));
  return v;
}

Date Ctx::date_for(const Unit& u, const char* name, std::optional<Date> fallback) const {
  if (name && query(name)) return date_param(name);
  Date d = fallback.value_or(today_local());
  if (u.valid.contains(d)) return d;
  return d < u.valid.from ? u.valid.from : Date{u.valid.to.days - 1};
}

Date Ctx::structure_date(const Unit& u, Date fallback) const {
  Date s = date_for(u, "structure_date", fallback);
  if (!u.valid.contains(s)) throw bad_query(u.name + " không có trong cơ cấu hành chính ngày " + format_vn(s));
  return s;
}

Date Ctx::date_param(const char* name) const {
  auto v = query(name);
  if (!v || v->empty()) return today_local();
  auto d = parse_iso_date(*v);
  if (!d) throw bad_query(std::string("Tham số '") + name + "' phải là ngày hợp lệ dạng YYYY-MM-DD, nhận được '" + *v + "'");
  return *d;
}

bool Ctx::in_scope(Id unit_id) const {
  const Principal& p = caller();
  if (!app.units().find(unit_id)) return false;
  if (p.scope_unit == 0) return p.role == Role::Admin;
  return app.units().is_within(unit_id, p.scope_unit);
}

Store& Ctx::store() const { return req.method == "GET" || req.method == "HEAD" ? app.reads() : app.store(); }

const Unit& Ctx::unit(Id id) const {
  if (!in_scope(id)) throw not_found();
  return *app.units().find(id);
}

void Ctx::require_register() const {
  if (!sees_register(caller().role))
    throw ApiError{403, "register_counts_only", "Chỉ xem được số liệu tổng hợp",
                   "Danh sách hộ, nhân khẩu là dữ liệu cá nhân (Nghị định 13/2023/NĐ-CP): chỉ thành viên tổ của thôn và "
                   "cán bộ xã xem được; vai trò của bạn xem số liệu tổng hợp",
                   {}};
}

Household Ctx::household(Id id) const {
  auto h = store().get_household(id);
  if (!h || !in_scope(h->unit_id)) throw not_found();
  require_register();
  return *h;
}

Resident Ctx::resident(Id id) const {
  auto r = store().get_resident(id);
  if (!r) throw not_found();
  auto lived = store().residencies_of(id);
  if (lived.empty()) throw not_found();
  auto h = store().get_household(lived.back().household_id);
  if (!h || !in_scope(h->unit_id)) throw not_found();
  require_register();
  r->household_id = h->id;
  return *r;
}

Team Ctx::team(Id id) const {
  auto t = store().get_team(id);
  if (!t || !in_scope(t->unit_id)) throw not_found();
  return *t;
}

Member Ctx::member(Id id) const {
  auto m = store().get_member(id);
  if (!m) throw not_found();
  team(m->team_id);
  return *m;
}

UserRecord Ctx::user(Id id) const {
  auto u = store().get_user(id);
  if (!u) throw not_found();
  const Principal& p = caller();
  if (p.role != Role::Admin && (u->unit_id == 0 || !in_scope(u->unit_id))) throw not_found();
  return *u;
}

void Ctx::require_write() const {
  if (!can_write(caller().role)) throw forbidden();
}

}  // namespace langso
