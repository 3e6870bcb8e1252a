#include "engine/commands.h"

#include "engine/periodic.h"

#include <fmt/format.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "util/date_json.h"

namespace langso {

using nlohmann::json;

std::string next_village_code(const std::string& commune_code, const std::vector<std::string>& taken) {
  for (int n = 1;; ++n) {
    std::string code = fmt::format("{}-{:02}", commune_code, n);
    if (std::find(taken.begin(), taken.end(), code) == taken.end()) return code;
  }
}

Id create_village(App& app, Id commune_id, const std::string& name, const std::string& type, Date valid_from,
                  Id actor) {
  const Unit* commune = app.units().find(commune_id);
  Store& s = app.store();
  Transaction tx(s.db());
  Unit v;
  v.code = next_village_code(commune->code, s.village_codes_with_prefix(commune->code + "-"));
  v.name = name;
  v.type = type;
  v.level = Level::Village;
  v.valid = {valid_from, kMaxDate};
  v.id = s.insert_unit(v);
  // In a commune that has ended the village moves with it, to the successor
  // named first (as the reorganisation importer moves existing villages).
  std::vector<UnitLink> links{{v.id, commune_id, {valid_from, kMaxDate}}};
  for (Id c = commune_id; links.size() < 8;) {
    const Unit* cu = app.units().find(c);
    auto next = app.units().successors(c);
    if (cu->valid.to == kMaxDate || next.empty() || !(links.back().valid.from < cu->valid.to)) break;
    links.back().valid.to = cu->valid.to;
    c = next.front().new_unit;
    links.push_back({v.id, c, {cu->valid.to, kMaxDate}});
  }
  for (const UnitLink& l : links) s.insert_link(l);
  s.audit(actor, "create", "unit", v.id, "",
          json{{"code", v.code}, {"name", v.name}, {"type", v.type}, {"parent_id", commune_id},
               {"valid_from", v.valid.from == kMinDate ? json(nullptr) : json(format_iso(v.valid.from))}}
              .dump());
  tx.commit();
  auto x = app.exclusive();
  app.units().add_unit(v);
  for (const UnitLink& l : links) app.units().add_link(l);
  app.engine().structure_changed();
  return v.id;
}

static std::string team_audit(const Team& t) {
  return json{{"unit_id", t.unit_id}, {"name", t.name}, {"decision_number", t.decision_number},
              {"decision_date", date_json(t.decision_date)}, {"decision_issuer", t.decision_issuer},
              {"active_from", format_iso(t.active_from)}, {"active_to", date_json(t.active_to)},
              {"zalo_link", t.zalo_link}, {"zalo_members", t.zalo_members}, {"notes", t.notes}}
      .dump();
}

Id create_team(App& app, Team t, Id actor) {
  Store& s = app.store();
  Transaction tx(s.db());
  t.id = s.insert_team(t);
  s.audit(actor, "create", "team", t.id, "", team_audit(t));
  tx.commit();
  auto facts = app.team_facts(t.unit_id);
  auto x = app.exclusive();
  app.engine().set_teams(t.unit_id, facts);
  return t.id;
}

void update_team(App& app, const Team& before, const Team& after, Id actor) {
  Store& s = app.store();
  Transaction tx(s.db());
  s.update_team(after);
  s.audit(actor, "update", "team", after.id, team_audit(before), team_audit(after));
  tx.commit();
  auto facts = app.team_facts(after.unit_id);
  auto x = app.exclusive();
  app.engine().set_teams(after.unit_id, facts);
}

void delete_team(App& app, const Team& t, Id actor) {
  Store& s = app.store();
  Transaction tx(s.db());
  s.delete_team(t.id);
  s.audit(actor, "delete", "team", t.id, team_audit(t), "");
  tx.commit();
  auto facts = app.team_facts(t.unit_id);
  auto x = app.exclusive();
  app.engine().set_teams(t.unit_id, facts);
}

// After a member of `team` changed: its unit's organisation facts.
static void refresh_team_of(App& app, Id team) {
  const Id unit = app.store().get_team(team)->unit_id;
  auto facts = app.team_facts(unit);
  auto x = app.exclusive();
  app.engine().set_teams(unit, facts);
}

// Audit records keep no phone numbers: they name the person by id.
static std::string member_audit(const Member& m) {
  return json{{"team_id", m.team_id}, {"person_id", m.person_id}, {"role", m.role}, {"affiliation", m.affiliation},
              {"joined_on", format_iso(m.joined_on)}, {"left_on", date_json(m.left_on)},
              {"trained_on", date_json(m.trained_on)}}
      .dump();
}

Id add_member(App& app, Member m, Id actor) {
  Store& s = app.store();
  Transaction tx(s.db());
  m.person_id = s.upsert_person(m.full_name, m.phone);
  m.id = s.insert_member(m);
  s.audit(actor, "create", "member", m.id, "", member_audit(m));
  tx.commit();
  refresh_team_of(app, m.team_id);
  return m.id;
}

void update_member(App& app, const Member& before, Member after, Id actor) {
  Store& s = app.store();
  Transaction tx(s.db());
  after.person_id = s.upsert_person(after.full_name, after.phone);
  s.update_member(after);
  s.audit(actor, "update", "member", after.id, member_audit(before), member_audit(after));
  tx.commit();
  refresh_team_of(app, after.team_id);
}

void delete_member(App& app, const Member& m, Id actor) {
  Store& s = app.store();
  Transaction tx(s.db());
  s.delete_member(m.id);
  s.audit(actor, "delete", "member", m.id, member_audit(m), "");
  tx.commit();
  refresh_team_of(app, m.team_id);
}

Id create_user(App& app, UserRecord u, Id actor) {
  Store& s = app.store();
  Transaction tx(s.db());
  u.id = s.insert_user(u);
  s.audit(actor, "create", "user", u.id, "",
          json{{"login", u.login}, {"role", role_code(u.role)}, {"unit_id", u.unit_id}}.dump());
  tx.commit();
  return u.id;
}

std::string activity_audit(const App& app, const Activity& a) {
  const ActivityType& t = app.types().types()[static_cast<size_t>(a.type)];
  json q = json::object();
  for (size_t i = 0; i < t.fields.size(); ++i) q[t.fields[i].code] = a.q[i];
  return json{{"team_id", a.team_id}, {"unit_id", a.unit_id}, {"type", t.code}, {"date", format_iso(a.date)},
              {"category", a.category >= 0 ? json(t.categories[static_cast<size_t>(a.category)].code) : json(nullptr)},
              {"quantities", q}, {"note", a.note}}
      .dump();
}

std::vector<Id> record_activities(App& app, std::vector<PendingActivity> items) {
  Store& s = app.store();
  std::vector<Id> ids;
  {
    Transaction tx(s.db());
    std::vector<Store::NewActivity> rows;
    rows.reserve(items.size());
    for (const PendingActivity& p : items) rows.push_back({p.a, p.idem_key, p.digest});
    std::vector<std::pair<Id, Date>> dated;
    dated.reserve(items.size());
    for (const PendingActivity& p : items) dated.emplace_back(p.a.unit_id, p.a.date);
    refuse_in_approved_periods(app, s, dated);
    ids = s.insert_activities(rows, app.types());
    std::vector<Store::AuditEntry> journal;
    journal.reserve(items.size());
    for (size_t i = 0; i < items.size(); ++i) {
      items[i].a.id = ids[i];
      journal.push_back({items[i].a.author, "create", "activity", ids[i], "", activity_audit(app, items[i].a)});
    }
    s.audit_many(journal);
    tx.commit();
  }
  auto x = app.exclusive();
  for (const PendingActivity& p : items) app.engine().add(p.a);
  return ids;
}

void change_activity(App& app, const Activity& before, const Activity& after, Id actor) {
  Store& s = app.store();
  Transaction tx(s.db());
  const std::pair<Id, Date> dated[] = {{before.unit_id, before.date}, {after.unit_id, after.date}};
  refuse_in_approved_periods(app, s, dated);
  s.update_activity(after, app.types());
  s.audit(actor, "update", "activity", after.id, activity_audit(app, before), activity_audit(app, after));
  tx.commit();
  auto x = app.exclusive();
  app.engine().remove(before);
  app.engine().add(after);
}

void remove_activity(App& app, const Activity& a, Id actor) {
  Store& s = app.store();
  Transaction tx(s.db());
  const std::pair<Id, Date> dated[] = {{a.unit_id, a.date}};
  refuse_in_approved_periods(app, s, dated);
  s.delete_activity(a.id);
  s.audit(actor, "delete", "activity", a.id, activity_audit(app, a), "");
  tx.commit();
  auto x = app.exclusive();
  app.engine().remove(a);
}

}  // namespace langso
