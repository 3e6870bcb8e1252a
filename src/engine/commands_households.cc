// The household register's writes (commands.h).
#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "engine/commands.h"
#include "engine/register_audit.h"
#include "util/date_json.h"

namespace langso {

using nlohmann::json;

static std::string visit_audit(const Visit& v) {
  json changes = json::array();
  for (const VisitChange& c : v.changes) changes.push_back({{"resident_id", c.resident_id}, {"type", c.type}, {"option", c.option}});
  return json{{"household_id", v.household_id}, {"unit_id", v.unit_id}, {"date", format_iso(v.date)},
              {"team_id", v.team_id},           {"member_id", v.member_id}, {"present", v.present},
              {"changes", changes}}
      .dump();
}

// The engine's register follows each write: the villages the persons
// concerned ever lived in are reloaded (after the commit, as teams are).
static void refresh_villages(App& app, const std::vector<Id>& residents, std::set<Id> villages = {}) {
  villages.merge(App::villages_of_people(app.store(), residents));
  for (Id v : villages) app.refresh_register(v);
}

static std::vector<Id> residents_of(const Visit& v) {
  std::vector<Id> out;
  for (const VisitChange& c : v.changes) out.push_back(c.resident_id);
  return out;
}

Id create_household(App& app, Household h, Id actor, const std::string& key, const std::string& digest) {
  Store& s = app.store();
  Transaction tx(s.db());
  h.id = s.insert_household(h, actor, key, digest);
  s.audit(actor, "create", "household", h.id, "", household_audit(h));
  tx.commit();
  return h.id;
}

void update_household(App& app, const Household& before, const Household& after, Id actor) {
  Store& s = app.store();
  Transaction tx(s.db());
  s.update_household(after);
  s.audit(actor, "update", "household", after.id, household_audit(before), household_audit(after));
  tx.commit();
  refresh_villages(app, {}, {after.unit_id});
}

void delete_household(App& app, const Household& h, Id actor) {
  Store& s = app.store();
  Transaction tx(s.db());
  s.delete_household(h.id);
  s.audit(actor, "delete", "household", h.id, household_audit(h), "");
  tx.commit();
}

Id add_resident(App& app, Resident r, Id household, Date from, Id actor, const std::string& key,
                const std::string& digest) {
  Store& s = app.store();
  Transaction tx(s.db());
  r.id = s.insert_resident(r, actor, key, digest);
  s.insert_residency({0, r.id, household, {from, kMaxDate}});
  s.audit(actor, "create", "resident", r.id, "", resident_audit(r, household));
  tx.commit();
  refresh_villages(app, {r.id});
  return r.id;
}

void update_resident(App& app, const Resident& before, const Resident& after, Id actor) {
  Store& s = app.store();
  Transaction tx(s.db());
  s.update_resident(after);
  s.audit(actor, "update", "resident", after.id, resident_audit(before), resident_audit(after));
  tx.commit();
  refresh_villages(app, {after.id});
}

void erase_resident(App& app, const Resident& r, const std::string& reason, Id actor) {
  Resident after = r;
  after.full_name = "(đã xoá theo yêu cầu)";
  after.phone.clear();
  after.cccd_digest.clear();
  after.cccd_last4.clear();
  after.ethnic.clear();
  after.erased_on = today_local();
  Store& s = app.store();
  Transaction tx(s.db());
  s.update_resident(after);
  s.audit(actor, "erase", "resident", r.id, resident_audit(r), json{{"reason", reason}, {"erased_on", format_iso(*after.erased_on)}}.dump());
  tx.commit();
  refresh_villages(app, {r.id});
}

void merge_residents(App& app, const Resident& kept, const Resident& dup, Id actor) {
  Store& s = app.store();
  Resident after = kept;
  if (after.phone.empty()) after.phone = dup.phone;
  if (after.ethnic.empty()) after.ethnic = dup.ethnic;
  if (!after.birth_date && dup.birth_date && dup.birth_year == after.birth_year) after.birth_date = dup.birth_date;
  if (!after.consent_on) after.consent_on = dup.consent_on;
  if (after.cccd_digest.empty()) after.cccd_digest = dup.cccd_digest, after.cccd_last4 = dup.cccd_last4;
  Resident gone = dup;
  gone.merged_into = kept.id;
  gone.cccd_digest.clear();  // unique: it now belongs to kept
  std::set<Id> villages;  // where the duplicate counted until now
  for (const Residency& x : s.residencies_of(dup.id))
    if (auto h = s.get_household(x.household_id)) villages.insert(h->unit_id);
  Transaction tx(s.db());
  s.update_resident(gone);
  s.update_resident(after);
  std::vector<Interval> own;
  for (const Residency& x : s.residencies_of(kept.id)) own.push_back(x.valid);
  json moved = json::array();
  for (const Residency& x : s.residencies_of(dup.id)) {
    for (const Interval& part : uncovered(x.valid, own)) {
      s.insert_residency({0, kept.id, x.household_id, part});
      moved.push_back({{"household_id", x.household_id}, {"from", format_iso(part.from)},
                       {"to", part.to == kMaxDate ? json(nullptr) : json(format_iso(part.to))}});
    }
    s.delete_residency(x.id);
  }
  s.reassign_statuses(dup.id, kept.id);
  s.reassign_head(dup.id, kept.id);
  s.audit(actor, "merge", "resident", kept.id, json{{"duplicate_id", dup.id}, {"kept", json::parse(resident_audit(kept))}}.dump(),
          json{{"residencies", moved}, {"kept", json::parse(resident_audit(after))}}.dump());
  tx.commit();
  refresh_villages(app, {kept.id}, villages);
}

// Inside the caller's transaction.
static void move_in(Store& s, Id resident, const Residency& current, Id household, Date on, Id actor) {
  Residency ended = current;
  ended.valid.to = on;
  s.update_residency(ended);
  s.insert_residency({0, resident, household, {on, kMaxDate}});
  s.audit(actor, "move", "resident", resident, json{{"household_id", current.household_id}}.dump(),
          json{{"household_id", household}, {"from", format_iso(on)}}.dump());
}

void move_resident(App& app, const Resident& r, const Residency& current, Id household, Date on, Id actor) {
  Store& s = app.store();
  Transaction tx(s.db());
  move_in(s, r.id, current, household, on, actor);
  tx.commit();
  refresh_villages(app, {r.id});
}

Id split_household(App& app, const Household& from, Household fresh, const std::vector<std::pair<Id, Residency>>& moves,
                   Date on, Id actor) {
  Store& s = app.store();
  std::vector<Id> who;
  Transaction tx(s.db());
  fresh.head_id = 0;
  fresh.id = s.insert_household(fresh, actor, "", "");
  for (const auto& [resident, current] : moves) {
    move_in(s, resident, current, fresh.id, on, actor);
    who.push_back(resident);
  }
  if (std::find(who.begin(), who.end(), from.head_id) != who.end()) {
    fresh.head_id = from.head_id;
    s.update_household(fresh);
    Household old = from;
    old.head_id = 0;
    s.update_household(old);
  }
  json after = json::parse(household_audit(fresh));
  after["split_from"] = from.id;
  after["date"] = format_iso(on);
  s.audit(actor, "split", "household", fresh.id, "", after.dump());
  tx.commit();
  refresh_villages(app, who, {from.unit_id});
  return fresh.id;
}

void merge_households(App& app, const Household& from, const Household& into,
                      const std::vector<std::pair<Id, Residency>>& moves, Date on, Id actor) {
  Store& s = app.store();
  std::vector<Id> who;
  Transaction tx(s.db());
  for (const auto& [resident, current] : moves) {
    move_in(s, resident, current, into.id, on, actor);
    who.push_back(resident);
  }
  s.audit(actor, "merge", "household", into.id, json{{"merged", from.id}}.dump(),
          json{{"household_id", into.id}, {"date", format_iso(on)}, {"persons", who.size()}}.dump());
  tx.commit();
  refresh_villages(app, who, {from.unit_id, into.unit_id});
}

Id add_status(App& app, CitizenStatus st, Id actor) {
  Store& s = app.store();
  const auto people = app.register_people({st.resident_id});
  Transaction tx(s.db());
  st.id = s.insert_status(st, actor);
  s.audit(actor, "create", "citizen_status", st.id, "", status_audit(st));
  tx.commit();
  app.refresh_people(people);
  return st.id;
}

void change_status(App& app, const CitizenStatus& before, const CitizenStatus& after, Id actor) {
  Store& s = app.store();
  const auto people = app.register_people({before.resident_id, after.resident_id});
  Transaction tx(s.db());
  s.update_status(after);
  s.audit(actor, "update", "citizen_status", after.id, status_audit(before), status_audit(after));
  tx.commit();
  app.refresh_people(people);
}

void remove_status(App& app, const CitizenStatus& st, Id actor) {
  Store& s = app.store();
  const auto people = app.register_people({st.resident_id});
  Transaction tx(s.db());
  s.delete_status(st.id);
  s.audit(actor, "delete", "citizen_status", st.id, status_audit(st), "");
  tx.commit();
  app.refresh_people(people);
}

std::vector<Activity> visit_activities(const App& app, const Visit& v) {
  // (activity type, category) -> (quantity field, persons)
  std::map<std::pair<int, int>, std::pair<int, int32_t>> counts;
  for (const VisitChange& c : v.changes) {
    const StatusType* st = app.statuses().find(c.type);
    if (!st || st->activity_type.empty()) continue;
    const ActivityType* at = app.types().find(st->activity_type);
    if (!at) continue;
    int category = -1;
    if (!at->categories.empty()) {
      const int o = st->option_index(c.option);
      if (o < 0 || st->options[static_cast<size_t>(o)].activity_category.empty()) continue;  // a bank account is no e-wallet
      category = at->category_index(st->options[static_cast<size_t>(o)].activity_category);
    }
    auto& slot = counts[{at->index, category}];
    slot.first = at->field_index(st->activity_field);
    ++slot.second;
  }
  std::vector<Activity> out;
  for (const auto& [k, fq] : counts) {
    Activity a;
    a.team_id = v.team_id;
    a.unit_id = v.unit_id;
    a.type = k.first;
    a.category = k.second;
    a.date = v.date;
    a.q[static_cast<size_t>(fq.first)] = fq.second;
    a.note = "Ghi từ lượt đến hộ #" + std::to_string(v.id);
    a.author = v.author;
    out.push_back(a);
  }
  return out;
}

// Inside the caller's transaction: the visit's statuses and activities.
static std::vector<Activity> write_visit_effects(App& app, const Visit& v, Id actor) {
  Store& s = app.store();
  for (const VisitChange& c : v.changes) {
    CitizenStatus st;
    st.resident_id = c.resident_id;
    st.type = c.type;
    st.option = c.option;
    st.gained_on = v.date;
    st.team_id = v.team_id;
    st.member_id = v.member_id;
    st.source = StatusSource::Visit;
    st.visit_id = v.id;
    st.id = s.insert_status(st, actor);
    s.audit(actor, "create", "citizen_status", st.id, "", status_audit(st));
  }
  std::vector<Activity> acts = visit_activities(app, v);
  if (acts.empty()) return acts;
  static const std::string none;
  std::vector<Store::NewActivity> rows;
  for (const Activity& a : acts) rows.push_back({a, none, none});
  std::vector<Id> ids = s.insert_activities(rows, app.types());
  for (size_t i = 0; i < acts.size(); ++i) {
    acts[i].id = ids[i];
    s.set_activity_visit(ids[i], v.id);
    s.audit(actor, "create", "activity", ids[i], "", activity_audit(app, acts[i]));
  }
  return acts;
}

// Inside the caller's transaction: removes what write_visit_effects wrote;
// returns the activities removed (for the engine).
static std::vector<Activity> erase_visit_effects(App& app, const Visit& v, Id actor) {
  Store& s = app.store();
  for (const CitizenStatus& st : s.statuses_of_visit(v.id)) {
    s.delete_status(st.id);
    s.audit(actor, "delete", "citizen_status", st.id, status_audit(st), "");
  }
  std::vector<Activity> removed;
  for (Id id : s.activities_of_visit(v.id)) {
    auto a = s.get_activity(id, app.types());
    if (!a) continue;
    s.delete_activity(id);
    s.audit(actor, "delete", "activity", id, activity_audit(app, a->a), "");
    removed.push_back(a->a);
  }
  return removed;
}

Id record_visit(App& app, Visit v, const std::string& key, const std::string& digest) {
  Store& s = app.store();
  const auto people = app.register_people(residents_of(v));
  std::vector<Activity> acts;
  {
    Transaction tx(s.db());
    v.id = s.insert_visit(v, key, digest);
    s.audit(v.author, "create", "visit", v.id, "", visit_audit(v));
    acts = write_visit_effects(app, v, v.author);
    tx.commit();
  }
  {
    auto x = app.exclusive();
    for (const Activity& a : acts) app.engine().add(a);
  }
  app.refresh_people(people);
  return v.id;
}

void change_visit(App& app, const Visit& before, Visit after, Id actor) {
  Store& s = app.store();
  std::vector<Id> who = residents_of(before);
  for (Id r : residents_of(after)) who.push_back(r);
  const auto people = app.register_people(who);
  std::vector<Activity> removed, added;
  {
    Transaction tx(s.db());
    removed = erase_visit_effects(app, before, actor);
    s.update_visit(after);
    s.audit(actor, "update", "visit", after.id, visit_audit(before), visit_audit(after));
    added = write_visit_effects(app, after, actor);
    tx.commit();
  }
  {
    auto x = app.exclusive();
    for (const Activity& a : removed) app.engine().remove(a);
    for (const Activity& a : added) app.engine().add(a);
  }
  app.refresh_people(people);
}

void remove_visit(App& app, const Visit& v, Id actor) {
  Store& s = app.store();
  const auto people = app.register_people(residents_of(v));
  std::vector<Activity> removed;
  {
    Transaction tx(s.db());
    removed = erase_visit_effects(app, v, actor);
    s.unlink_visit_activities(v.id);
    s.delete_visit(v.id);
    s.audit(actor, "delete", "visit", v.id, visit_audit(v), "");
    tx.commit();
  }
  {
    auto x = app.exclusive();
    for (const Activity& a : removed) app.engine().remove(a);
  }
  app.refresh_people(people);
}

}  // namespace langso
