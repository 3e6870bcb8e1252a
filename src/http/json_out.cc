#include "http/json_out.h"

#include <algorithm>

#include "engine/commands.h"
#include "http/json_writer.h"

namespace langso {

static json open_date(Date d, Date open) { return d == open ? json(nullptr) : json(format_iso(d)); }

// What became of a unit that ended: the units it went into (its successors,
// or for a unit without any, those its children's figures now count for) and
// a sentence saying so.
static json fate_json(const UnitIndex& units, const Unit& u) {
  const Date end = u.valid.to;
  std::vector<Id> into = units.became(u.id);
  auto succ = units.successors(u.id);
  json list = json::array();
  for (Id id : into) {
    const Unit* n = units.find(id);
    list.push_back({{"id", id}, {"name", n->name}, {"code", n->code}, {"path_text", units.path_text(id, end)}});
  }
  const bool split = !succ.empty() && !succ.front().whole;
  // The legal text that decided it (Nghị quyết 202/2025/QH15 for the 2025
  // reorganisation); for a unit that had no successor, its first new unit's.
  std::string basis = succ.empty() ? std::string() : succ.front().legal_basis;
  if (basis.empty())
    for (Id id : into)
      for (const Succession& x : units.predecessors(id))
        if (basis.empty() && !x.legal_basis.empty()) basis = x.legal_basis;
  return {{"status", into.empty() ? "ended" : split ? "split" : succ.empty() ? "dissolved" : "merged"},
          {"date", format_iso(end)},
          {"into", std::move(list)},
          {"text", units.fate_text(u.id)},
          {"legal_basis", basis.empty() ? json(nullptr) : json(basis)}};
}

namespace {

// What a unit's JSON says, worked out once for both writers below.
struct UnitView {
  const Unit* u = nullptr;
  std::string type_name;
  std::string_view level;
  Id parent = 0;
  std::vector<std::pair<Id, const std::string*>> path;
  std::string path_text;
  json fate;                       // null while the unit exists
  std::vector<Succession> formed_from;  // usually none
};

json formed_from_json(const UnitIndex& units, const std::vector<Succession>& preds) {
  json out = json::array();
  for (const Succession& s : preds)
    if (const Unit* o = units.find(s.old_unit))
      out.push_back({{"id", o->id}, {"name", o->name}, {"code", o->code}, {"whole", s.whole}});
  return out;
}

UnitView unit_view(const UnitIndex& units, Id id, Date d) {
  UnitView v;
  v.u = units.find(id);
  if (!v.u) return v;
  const Unit* u = v.u;
  if (!u->valid.contains(d)) d = u->valid.to == kMaxDate ? u->valid.from : Date{u->valid.to.days - 1};
  const UnitType* t = find_unit_type(u->type);
  v.type_name = t ? std::string(t->name) : u->type;
  v.level = level_code(u->level);
  for (Id p : units.path_at(id, d)) {
    const Unit* pu = units.find(p);
    v.path.emplace_back(p, &pu->name);
    if (!v.path_text.empty()) v.path_text += " › ";
    v.path_text += pu->name;
  }
  v.parent = units.parent_at(id, d);
  v.fate = u->valid.to == kMaxDate ? json(nullptr) : fate_json(units, *u);
  v.formed_from = units.predecessors(id);
  return v;
}

}  // namespace

json nation_json() {
  return {{"id", 0},          {"code", ""},         {"name", "Toàn quốc"},   {"type", "quoc_gia"},
          {"type_name", "Quốc gia"}, {"level", "nation"}, {"parent_id", nullptr}, {"valid_from", nullptr},
          {"valid_to", nullptr}, {"path", json::array()}, {"path_text", ""}, {"fate", nullptr},
          {"formed_from", json::array()}};
}

json unit_json(const UnitIndex& units, Id id, Date d) {
  if (id == 0) return nation_json();
  UnitView v = unit_view(units, id, d);
  if (!v.u) return nullptr;
  json path = json::array();
  for (auto& [p, name] : v.path) path.push_back({{"id", p}, {"name", *name}});
  return {{"id", v.u->id},
          {"code", v.u->code},
          {"name", v.u->name},
          {"type", v.u->type},
          {"type_name", std::move(v.type_name)},
          {"level", std::string(v.level)},
          {"parent_id", v.parent ? json(v.parent) : json(nullptr)},
          {"valid_from", open_date(v.u->valid.from, kMinDate)},
          {"valid_to", open_date(v.u->valid.to, kMaxDate)},
          {"path", std::move(path)},
          {"path_text", std::move(v.path_text)},
          {"fate", std::move(v.fate)},
          {"formed_from", formed_from_json(units, v.formed_from)}};
}

void write_unit_json(JsonWriter& w, const UnitIndex& units, Id id, Date d) {
  if (id == 0) {
    w.raw(nation_json().dump());
    return;
  }
  UnitView v = unit_view(units, id, d);
  if (!v.u) {
    w.null();
    return;
  }
  auto date = [&](Date x, Date open) {
    if (x == open) w.null();
    else w.value(format_iso(x));
  };
  // Keys in the order unit_json's (sorted) object prints them.
  w.begin_object();
  w.key("code").value(v.u->code);
  w.key("fate");
  if (v.fate.is_null()) w.null();
  else w.raw(v.fate.dump());
  w.key("formed_from");
  if (v.formed_from.empty()) w.begin_array().end_array();
  else w.raw(formed_from_json(units, v.formed_from).dump());
  w.key("id").value(static_cast<int64_t>(v.u->id));
  w.key("level").value(v.level);
  w.key("name").value(v.u->name);
  w.key("parent_id");
  if (v.parent) w.value(static_cast<int64_t>(v.parent));
  else w.null();
  w.key("path").begin_array();
  for (auto& [p, name] : v.path) w.begin_object().key("id").value(static_cast<int64_t>(p)).key("name").value(*name).end_object();
  w.end_array();
  w.key("path_text").value(v.path_text);
  w.key("type").value(v.u->type);
  w.key("type_name").value(v.type_name);
  w.key("valid_from");
  date(v.u->valid.from, kMinDate);
  w.key("valid_to");
  date(v.u->valid.to, kMaxDate);
  w.end_object();
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

Id commune_of(const UnitIndex& units, Id unit, Date d) {
  for (Id p : units.path_at(unit, d))
    if (units.find(p)->level == Level::Commune) return p;
  return 0;
}

std::string place_text(const UnitIndex& units, Id unit, Date d) {
  const Unit* u = units.find(unit);
  if (!u) return "";
  Id c = commune_of(units, unit, d);
  return c && c != unit ? u->name + ", " + units.find(c)->name : u->name;
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

bool scope_change_pending(const UnitIndex& units, Id unit, Date d) {
  const Unit* u = unit ? units.find(unit) : nullptr;
  return u && !u->valid.contains(d) && !(d < u->valid.from);
}

json scope_change_json(const UnitIndex& units, Id unit, Date d) {
  if (!scope_change_pending(units, unit, d)) return nullptr;
  const Unit* u = units.find(unit);
  json candidates = json::array();
  for (Id id : scope_candidates(units, unit)) candidates.push_back(unit_json(units, id, d));
  return {{"pending", true},
          {"message", "Đơn vị " + u->name + " không còn từ " + format_vn(u->valid.to) +
                          ". Quản trị viên cần xác nhận phạm vi mới của tài khoản; trong lúc chờ, tài khoản vẫn làm việc "
                          "trên dữ liệu của đơn vị cũ."},
          {"candidates", std::move(candidates)}};
}

}  // namespace langso
