#include "http/json_out.h"

namespace langso {

json date_json(const std::optional<Date>& d) { return d ? json(format_iso(*d)) : json(nullptr); }

static json open_date(Date d, Date open) { return d == open ? json(nullptr) : json(format_iso(d)); }

json unit_json(const UnitIndex& units, Id id, Date d) {
  const Unit* u = units.find(id);
  if (!u) return nullptr;
  if (!u->valid.contains(d)) d = u->valid.to == kMaxDate ? u->valid.from : Date{u->valid.to.days - 1};
  const UnitType* t = find_unit_type(u->type);
  json path = json::array();
  std::string text;
  for (Id p : units.path_at(id, d)) {
    const Unit* pu = units.find(p);
    path.push_back({{"id", p}, {"name", pu->name}});
    if (!text.empty()) text += " › ";
    text += pu->name;
  }
  Id parent = units.parent_at(id, d);
  return {{"id", u->id},
          {"code", u->code},
          {"name", u->name},
          {"type", u->type},
          {"type_name", t ? std::string(t->name) : u->type},
          {"level", std::string(level_code(u->level))},
          {"parent_id", parent ? json(parent) : json(nullptr)},
          {"valid_from", open_date(u->valid.from, kMinDate)},
          {"valid_to", open_date(u->valid.to, kMaxDate)},
          {"path", std::move(path)},
          {"path_text", std::move(text)}};
}

json team_json(const UnitIndex& units, const Team& t, Date d) {
  return {{"id", t.id},
          {"unit_id", t.unit_id},
          {"unit", unit_json(units, t.unit_id, d)},
          {"name", t.name},
          {"decision", {{"number", t.decision_number}, {"date", date_json(t.decision_date)}, {"issuer", t.decision_issuer}}},
          {"active_from", format_iso(t.active_from)},
          {"active_to", date_json(t.active_to)},
          {"zalo", {{"link", t.zalo_link}, {"members", t.zalo_members}}},
          {"notes", t.notes},
          {"member_count", t.member_count}};
}

json member_json(const Member& m, bool with_personal_data) {
  const Label* role = find_label(member_roles(), m.role);
  const Label* aff = find_label(affiliations(), m.affiliation);
  json j = {{"id", m.id},
            {"team_id", m.team_id},
            {"person_id", m.person_id},
            {"full_name", m.full_name},
            {"role", m.role},
            {"role_name", role ? std::string(role->name) : m.role},
            {"affiliation", m.affiliation},
            {"affiliation_name", aff ? std::string(aff->name) : m.affiliation},
            {"joined_on", format_iso(m.joined_on)},
            {"left_on", date_json(m.left_on)},
            {"trained_on", date_json(m.trained_on)}};
  if (with_personal_data) j["phone"] = m.phone;
  return j;
}

json user_json(const UnitIndex& units, const UserRecord& u, Date d) {
  return {{"id", u.id},
          {"login", u.login},
          {"phone", u.phone ? json(*u.phone) : json(nullptr)},
          {"full_name", u.full_name},
          {"role", std::string(role_code(u.role))},
          {"role_name", std::string(role_name(u.role))},
          {"unit_id", u.unit_id ? json(u.unit_id) : json(nullptr)},
          {"unit", u.unit_id ? unit_json(units, u.unit_id, d) : json(nullptr)},
          {"active", u.active}};
}

}  // namespace langso
