#include "http/json_out.h"

#include <algorithm>

#include "engine/commands.h"

namespace langso {

json date_json(const std::optional<Date>& d) { return d ? json(format_iso(*d)) : json(nullptr); }

static json open_date(Date d, Date open) { return d == open ? json(nullptr) : json(format_iso(d)); }

// "tỉnh Thái Nguyên", "thành phố Hà Nội": a unit's name as written inside a sentence.
static std::string in_sentence(const Unit& u) {
  const UnitType* t = find_unit_type(u.type);
  if (!t || !u.name.starts_with(t->prefix)) return u.name;
  std::string type(t->prefix);  // type words begin with an ASCII capital or "Đ"
  if (type.starts_with("Đ")) type.replace(0, std::string("Đ").size(), "đ");
  else if (!type.empty() && type[0] >= 'A' && type[0] <= 'Z') type[0] = static_cast<char>(type[0] - 'A' + 'a');
  return type + u.name.substr(t->prefix.size());
}

// What became of a unit that ended: the units it went into (its successors,
// or for a unit without any, those its children's figures now count for) and
// a sentence saying so.
static json fate_json(const UnitIndex& units, const Unit& u) {
  const Date end = u.valid.to;
  std::vector<Id> into = units.became(u.id);
  auto succ = units.successors(u.id);
  json list = json::array();
  std::string names;
  Id province = 0;
  for (Id id : into) {
    const Unit* n = units.find(id);
    list.push_back({{"id", id}, {"name", n->name}, {"code", n->code}, {"path_text", units.path_text(id, end)}});
    if (!names.empty()) names += ", ";
    names += n->name;
    auto path = units.path_at(id, end);
    if (path.size() > 1) province = path.back();
  }
  const bool split = !succ.empty() && !succ.front().whole;
  std::string text = u.name + " — ";
  if (into.empty()) text += "không còn";
  else if (!succ.empty()) text += (split ? "đã chia vào " : "đã sáp nhập vào ") + names;
  else text += "không còn; nay thuộc " + names;
  if (province) text += ", " + in_sentence(*units.find(province));
  text += ", từ " + format_vn(end);
  return {{"status", into.empty() ? "ended" : split ? "split" : succ.empty() ? "dissolved" : "merged"},
          {"date", format_iso(end)},
          {"into", std::move(list)},
          {"text", std::move(text)}};
}

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
  json fate = u->valid.to == kMaxDate ? json(nullptr) : fate_json(units, *u);
  json from = json::array();
  for (const Succession& s : units.predecessors(id))
    if (const Unit* o = units.find(s.old_unit)) from.push_back({{"id", o->id}, {"name", o->name}, {"code", o->code}, {"whole", s.whole}});
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
          {"path_text", std::move(text)},
          {"fate", std::move(fate)},
          {"formed_from", std::move(from)}};
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
          {"scope_change", scope_change_json(units, u.unit_id, d)},
          {"active", u.active}};
}

json scope_change_json(const UnitIndex& units, Id unit, Date d) {
  const Unit* u = unit ? units.find(unit) : nullptr;
  if (!u || u->valid.contains(d) || d < u->valid.from) return nullptr;
  json candidates = json::array();
  for (Id id : scope_candidates(units, unit)) candidates.push_back(unit_json(units, id, d));
  return {{"pending", true},
          {"message", "Đơn vị " + u->name + " không còn từ " + format_vn(u->valid.to) +
                          ". Quản trị viên cần xác nhận phạm vi mới của tài khoản; trong lúc chờ, tài khoản vẫn làm việc "
                          "trên dữ liệu của đơn vị cũ."},
          {"candidates", std::move(candidates)}};
}

}  // namespace langso
