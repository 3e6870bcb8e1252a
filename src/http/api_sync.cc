// Offline sync (issue 13; domain/sync.h): a phone's outbox applied entry by
// entry through the routes that make the same changes online, and what
// changed in the user's area since the phone's cursor.
#include <map>
#include <set>

#include "domain/sync.h"
#include "engine/register_audit.h"
#include "http/activity_input.h"
#include "http/api.h"
#include "http/fields.h"
#include "http/json_out.h"
#include "http/register_json.h"
#include "store/db.h"

namespace langso {

using nlohmann::json;

// How far back the download reaches into the area's activities.
static constexpr int kRecentActivityDays = 30;
static constexpr size_t kRecentActivities = 500;

static void require_sync_role(const Ctx& ctx) {
  const Role r = ctx.caller().role;
  if (r != Role::TeamMember && r != Role::CommuneOfficer)
    throw forbidden("Đồng bộ ngoại tuyến dành cho thành viên tổ và cán bộ xã");
}

// ---- the area: a member's village; an officer's commune, or one of its villages

struct Area {
  Id root = 0;
  std::vector<Id> villages;  // where households are
  std::vector<Id> units;     // root and villages: where teams and activities are
  bool has_village(Id v) const { return std::find(villages.begin(), villages.end(), v) != villages.end(); }
  bool has_unit(Id u) const { return std::find(units.begin(), units.end(), u) != units.end(); }
};

static Area area_of(Ctx& ctx, std::optional<int64_t> asked) {
  const Principal& me = ctx.caller();
  const Date today = today_local();
  Area a;
  a.root = me.scope_unit;
  if (asked && *asked != a.root) {
    if (me.role != Role::CommuneOfficer)
      throw validation({{"area_id", "invalid_value", "Thành viên tổ chỉ tải được thôn của mình"}});
    a.root = ctx.unit(*asked).id;  // 404 outside the caller's scope
  }
  const Unit* u = ctx.app.units().find(a.root);
  if (!u) throw not_found();
  a.units.push_back(a.root);
  if (u->level == Level::Village) {
    a.villages.push_back(a.root);
  } else if (u->level == Level::Commune) {
    // A commune that ended in a reorganisation keeps its villages of its last day.
    for (Id c : ctx.app.units().children_at(a.root, ctx.as_of(*u)))
      if (const Unit* v = ctx.app.units().find(c); v && v->level == Level::Village) {
        a.villages.push_back(c);
        a.units.push_back(c);
      }
  } else {
    throw validation({{"area_id", "invalid_value", "Chỉ tải được một xã hoặc một thôn"}});
  }
  return a;
}

// ---- one outbox entry

static json refusal(size_t index, const std::string& key, const std::string& code, const std::string& title,
                    const std::string& detail, json errors = json::array()) {
  return {{"index", index}, {"key", key.empty() ? json(nullptr) : json(key)}, {"status", "refused"}, {"code", code},
          {"title", title}, {"detail", detail}, {"errors", errors}};
}

static json refusal_of(size_t index, const std::string& key, const ApiError& e) {
  json errors = json::array();
  for (const FieldError& f : e.errors) errors.push_back({{"field", f.field}, {"code", f.code}, {"message", f.message}});
  return refusal(index, key, e.code, e.title, e.detail, errors);
}

// A route's problem+json answer as a refusal of the entry. A fault of the
// server (the database away: 503; a bug: 500) is no refusal: the whole sync
// fails, the phone keeps every entry and sends them again (the ones already
// saved answer as replayed).
static json refusal_of(size_t index, const std::string& key, const Response& r) {
  if (r.status >= 500) throw db_unavailable();
  json p = json::parse(r.body, nullptr, false);
  if (!p.is_object()) p = json::object();
  return refusal(index, key, p.value("code", "refused"), p.value("title", "Không lưu được"),
                 p.value("detail", "Máy chủ không lưu được thay đổi này"), p.value("errors", json::array()));
}

static Request sub_request(const Ctx& ctx, std::string method, std::string path, const json& body,
                           const std::string& key) {
  Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  r.target = r.path;
  if (!body.is_null()) {
    r.body = body.dump();
    r.content_type = "application/json";
  }
  r.idempotency_key = key;
  r.remote = ctx.req.remote;
  r.scheme = ctx.req.scheme;
  r.host = ctx.req.host;
  r.origin = ctx.req.origin;
  r.user_agent = ctx.req.user_agent;
  return r;
}

// The id an earlier entry of this user saved (household_key, person_key).
static std::optional<Id> reference(Ctx& ctx, const json& e, const char* name) {
  auto it = e.find(name);
  if (it == e.end()) return std::nullopt;
  if (!it->is_string()) return Id{0};
  auto prior = ctx.app.store().find_sync_entry(ctx.caller().user_id, it->get<std::string>());
  return prior ? prior->entity_id : Id{0};
}

struct Target {
  Id id = 0;
  bool missing_reference = false;
};

// The record an entry is about: `id`, or the entry `ref_name` that created it.
static Target target_of(Ctx& ctx, const json& e, json& fields, const char* id_name, const char* ref_name,
                        bool id_in_fields) {
  Target t;
  const json& holder = id_in_fields ? fields : e;
  if (auto it = holder.find(id_name); it != holder.end()) {
    if (it->is_number_integer() && it->get<int64_t>() > 0) t.id = it->get<Id>();
    if (id_in_fields) fields.erase(id_name);
    return t;
  }
  if (auto ref = reference(ctx, e, ref_name)) {
    t.id = *ref;
    t.missing_reference = *ref == 0;
  }
  return t;
}

static const std::set<std::string>& entry_fields() {
  static const std::set<std::string> f = {"key", "type", "fields", "id", "base", "household_key", "person_key",
                                          "device_at"};
  return f;
}

// The village of an edited record and its commune (for the conflict list).
static std::pair<Id, Id> village_and_commune(Ctx& ctx, Id village) {
  return {village, ctx.app.units().parent_at(village, today_local())};
}

static json json_or_null(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  return j.is_discarded() ? json(nullptr) : j;
}

// household.edit, person.edit: merged field by field against the entry's base.
static json apply_edit(Ctx& ctx, SyncKind kind, const json& e, size_t index, const std::string& key,
                       const std::string& digest) {
  const json& fields = e.at("fields");
  const auto& allowed = editable_fields(kind);
  for (const auto& [f, v] : fields.items())
    if (std::find(allowed.begin(), allowed.end(), f) == allowed.end())
      return refusal(index, key, "invalid_field", "Trường không sửa được khi đồng bộ",
                     "Trường '" + f + "' không sửa được qua đồng bộ ngoại tuyến");
  if (fields.empty()) return refusal(index, key, "invalid_entry", "Thay đổi không hợp lệ", "'fields' không có trường nào để sửa");
  auto base = e.find("base");
  for (const auto& [f, v] : fields.items())
    if (base == e.end() || !base->is_object() || !base->contains(f))
      return refusal(index, key, "base_missing", "Thiếu giá trị gốc",
                     "Trường '" + f + "' cần giá trị lúc tải về (base) để so với bản trên máy chủ");
  json dummy = json::object();
  const bool household = kind == SyncKind::HouseholdEdit;
  Target t = target_of(ctx, e, dummy, "id", household ? "household_key" : "person_key", false);
  if (t.missing_reference)
    return refusal(index, key, "unknown_reference", "Không tìm thấy thay đổi gốc", "Khoá tham chiếu chưa được đồng bộ");
  if (!t.id) return refusal(index, key, "invalid_entry", "Thay đổi không hợp lệ", "Cần 'id' của hộ hoặc nhân khẩu được sửa");

  // The record now, through the scope guard (404 outside the caller's scope).
  json current;
  Id village = 0;
  const Date today = today_local();
  if (household) {
    Household h = ctx.household(t.id);
    current = household_json(ctx.app, h, today);
    village = h.unit_id;
  } else {
    Resident r = ctx.resident(t.id);
    current = resident_json(ctx.app, r, today, {});
    village = ctx.household(r.household_id).unit_id;
  }
  FieldMerge m = merge_fields(current, *base, fields);
  const std::string path = (household ? "/api/v1/households/" : "/api/v1/residents/") + std::to_string(t.id);
  if (!m.apply.empty()) {
    Response r = ctx.router->handle_nested(ctx, sub_request(ctx, "PATCH", path, m.apply, ""));
    if (r.status >= 300) return refusal_of(index, key, r);
  }
  json applied = json::array(), conflicts = json::array();
  for (const auto& [f, v] : m.apply.items()) applied.push_back(f);
  for (const FieldConflict& c : m.conflicts)
    conflicts.push_back({{"field", c.field}, {"label", sync_field_label(c.field)}, {"base", c.base}, {"mine", c.mine},
                         {"kept", c.theirs}});
  json result{{"index", index},         {"key", key},           {"type", sync_kind_code(kind)},
              {"status", m.conflicts.empty() ? "ok" : "conflict"}, {"id", t.id}, {"applied", applied},
              {"conflicts", conflicts}};
  const auto [unit, commune] = village_and_commune(ctx, village);
  Store& s = ctx.app.store();
  Transaction tx(s.db());
  for (const FieldConflict& c : m.conflicts)
    s.insert_sync_conflict({0, ctx.caller().user_id, unit, commune, household ? "household" : "resident", t.id, c.field,
                            c.base.dump(), c.mine.dump(), c.theirs.dump(), key, 0});
  s.insert_sync_entry(ctx.caller().user_id, key, {digest, result.dump(), t.id}, sync_kind_code(kind),
                      e.contains("device_at") && e["device_at"].is_number_integer()
                          ? std::optional<int64_t>(e["device_at"].get<int64_t>())
                          : std::nullopt);
  tx.commit();
  return result;
}

static json apply_entry(Ctx& ctx, const json& e, size_t index, std::set<std::string>& seen) {
  if (!e.is_object()) return refusal(index, "", "invalid_entry", "Thay đổi không hợp lệ", "Mỗi thay đổi phải là một đối tượng");
  std::string key;
  if (auto k = e.find("key"); k != e.end() && k->is_string()) key = k->get<std::string>();
  if (!valid_idempotency_key(key))
    return refusal(index, "", "invalid_key", "Khoá chống ghi trùng không hợp lệ",
                   "Mỗi thay đổi cần 'key' gồm 8–100 ký tự chữ, số, '-', '_'");
  if (!seen.insert(key).second)
    return refusal(index, key, "duplicate_key", "Khoá bị lặp", "Khoá này đã có ở một thay đổi khác trong cùng lần đồng bộ");
  for (const auto& [name, v] : e.items())
    if (!entry_fields().count(name))
      return refusal(index, key, "invalid_entry", "Thay đổi không hợp lệ", "Trường '" + name + "' không được hỗ trợ");
  std::optional<SyncKind> kind;
  if (auto t = e.find("type"); t != e.end() && t->is_string()) kind = parse_sync_kind(t->get<std::string>());
  if (!kind)
    return refusal(index, key, "unknown_type", "Loại thay đổi không được hỗ trợ",
                   "Loại phải là một trong: activity.create, visit.create, household.create, household.edit, "
                   "person.create, person.edit, person.status");
  auto fit = e.find("fields");
  if (fit == e.end() || !fit->is_object())
    return refusal(index, key, "invalid_entry", "Thay đổi không hợp lệ", "'fields' phải là một đối tượng");
  if (e.contains("device_at") && !e["device_at"].is_number_integer())
    return refusal(index, key, "invalid_entry", "Thay đổi không hợp lệ", "'device_at' phải là số giây Unix");

  const std::string digest = body_digest(e);
  Store& s = ctx.app.store();
  if (auto prior = s.find_sync_entry(ctx.caller().user_id, key)) {
    if (prior->request_hash != digest)
      return refusal(index, key, "idempotency_key_reused", "Khoá chống ghi trùng đã dùng",
                     "Khoá này đã được dùng cho một thay đổi khác; hãy tạo khoá mới");
    json r = json_or_null(prior->result_json);
    r["index"] = index;
    r["replayed"] = true;
    return r;
  }
  if (is_edit(*kind)) return apply_edit(ctx, *kind, e, index, key, digest);

  json fields = *fit;
  std::string path;
  switch (*kind) {
    case SyncKind::ActivityCreate: path = "/api/v1/activities"; break;
    case SyncKind::HouseholdCreate: path = "/api/v1/households"; break;
    case SyncKind::VisitCreate:
    case SyncKind::PersonCreate: {
      Target t = target_of(ctx, e, fields, "household_id", "household_key", true);
      if (t.missing_reference)
        return refusal(index, key, "unknown_reference", "Không tìm thấy hộ", "Hộ được tham chiếu (household_key) chưa được đồng bộ");
      if (!t.id) return refusal(index, key, "invalid_entry", "Thay đổi không hợp lệ", "Cần 'household_id' của hộ");
      path = "/api/v1/households/" + std::to_string(t.id) + (*kind == SyncKind::VisitCreate ? "/visits" : "/residents");
      break;
    }
    case SyncKind::PersonStatus: {
      Target t = target_of(ctx, e, fields, "id", "person_key", false);
      if (t.missing_reference)
        return refusal(index, key, "unknown_reference", "Không tìm thấy nhân khẩu", "Nhân khẩu được tham chiếu (person_key) chưa được đồng bộ");
      if (!t.id) return refusal(index, key, "invalid_entry", "Thay đổi không hợp lệ", "Cần 'id' của nhân khẩu");
      path = "/api/v1/residents/" + std::to_string(t.id) + "/statuses";
      break;
    }
    default: break;
  }
  Response r = ctx.router->handle_nested(ctx, sub_request(ctx, "POST", path, fields, key));
  if (r.status >= 300) return refusal_of(index, key, r);
  json saved = json::parse(r.body, nullptr, false);
  const Id id = saved.is_object() && saved.contains("id") && saved["id"].is_number_integer() ? saved["id"].get<Id>() : 0;
  json result{{"index", index}, {"key", key}, {"type", sync_kind_code(*kind)}, {"status", "ok"}, {"id", id}};
  try {
    s.insert_sync_entry(ctx.caller().user_id, key, {digest, result.dump(), id}, sync_kind_code(*kind),
                        e.contains("device_at") ? std::optional<int64_t>(e["device_at"].get<int64_t>()) : std::nullopt);
  } catch (const DbConstraintError&) {
    // The same entry through another instance a moment ago: the route's own
    // key made it once; this answer is the same.
  }
  return result;
}

// ---- what changed in the area

static Date days_before(Date d, int n) { return Date{d.days - n}; }

static json teams_json(Ctx& ctx, const Area& a, Date today) {
  Store& s = ctx.app.store();
  std::vector<Team> teams = s.teams_of_units(a.units);
  std::vector<Id> ids;
  for (const Team& t : teams) ids.push_back(t.id);
  std::vector<Member> members = ids.empty() ? std::vector<Member>{} : s.members_of_teams(ids);
  json out = json::array();
  for (const Team& t : teams) {
    json j = team_json(ctx.app.units(), t, today);
    json ms = json::array();
    for (const Member& m : members)
      if (m.team_id == t.id && !(m.left_on && *m.left_on < today)) ms.push_back(member_json(m, false));
    j["members"] = ms;
    out.push_back(std::move(j));
  }
  return out;
}

static json compact_household(Ctx& ctx, Household h, Date today, size_t people) {
  h.members = static_cast<int64_t>(people);
  json j = household_json(ctx.app, h, today);
  j.erase("unit");  // the area's units are sent once
  return j;
}

struct Download {
  json households = json::array(), residents = json::array(), activities = json::array();
  json removed = {{"households", json::array()}, {"residents", json::array()}, {"activities", json::array()}};
  json teams = nullptr;  // null: unchanged
  int64_t records = 0;   // personal data sent (journal)
};

static void add_residents(Ctx& ctx, Download& d, const std::vector<Resident>& rs, Date today) {
  std::vector<Id> ids;
  for (const Resident& r : rs) ids.push_back(r.id);
  const auto statuses = ids.empty() ? std::vector<CitizenStatus>{} : ctx.app.store().statuses_of(ids);
  for (const Resident& r : rs) d.residents.push_back(resident_json(ctx.app, r, today, statuses));
  d.records += static_cast<int64_t>(rs.size());
}

static void add_activity(Ctx& ctx, Download& d, const StoredActivity& a) {
  json j = activity_json(ctx.app, a);
  j.erase("unit");
  d.activities.push_back(std::move(j));
}

static Download full_download(Ctx& ctx, const Area& a, Date today) {
  Download d;
  Store& s = ctx.app.store();
  std::vector<Resident> people;
  for (Id v : a.villages)
    for (Household& h : s.households_of_unit(v, today)) {
      std::vector<Resident> rs = s.residents_on(h.id, today);
      d.households.push_back(compact_household(ctx, h, today, rs.size()));
      ++d.records;
      for (Resident& r : rs) people.push_back(std::move(r));
    }
  add_residents(ctx, d, people, today);
  Store::ActivityScan scan;
  scan.lead = Store::ActivityScan::Lead::Units;
  scan.units = a.units;
  scan.from = days_before(today, kRecentActivityDays);
  scan.to = today;
  scan.limit = kRecentActivities;
  for (const StoredActivity& x : s.scan_activities(scan, ctx.app.types()))
    if (!x.deleted) add_activity(ctx, d, x);
  d.teams = teams_json(ctx, a, today);
  return d;
}

static Id json_id(const std::string& text, const char* name) {
  json j = json::parse(text, nullptr, false);
  return j.is_object() && j.contains(name) && j[name].is_number_integer() ? j[name].get<Id>() : 0;
}

// nullopt: too much changed; the answer is the whole area again.
static std::optional<Download> changes_since(Ctx& ctx, const Area& a, const SyncCursor& c, Date today,
                                             int64_t& last_journal) {
  Store& s = ctx.app.store();
  auto rows = s.sync_journal(c.journal, c.at - kSyncOverlapSeconds, kMaxSyncJournalRows + 1);
  if (rows.size() > kMaxSyncJournalRows) return std::nullopt;
  std::set<Id> households, residents, activities;
  std::map<Id, std::string> household_before;
  bool teams = false;
  for (const ChangeRecord& r : rows) {
    last_journal = std::max(last_journal, r.id);
    if (r.entity == "household") {
      households.insert(r.entity_id);
      if (!r.before_json.empty()) household_before[r.entity_id] = r.before_json;
    } else if (r.entity == "resident") {
      residents.insert(r.entity_id);
    } else if (r.entity == "citizen_status") {
      if (Id id = json_id(r.after_json.empty() ? r.before_json : r.after_json, "resident_id")) residents.insert(id);
    } else if (r.entity == kRegisterImportEntity) {  // one row for a whole list (engine/register_audit.h)
      const json j = json::parse(r.after_json, nullptr, false);
      if (!j.is_object()) return std::nullopt;
      for (auto [key, into] : {std::pair{"households", &households}, std::pair{"residents", &residents}}) {
        const std::vector<Id> ids = read_id_ranges(j.value(key, json::array()), kMaxSyncJournalRows);
        into->insert(ids.begin(), ids.end());
      }
      if (households.size() + residents.size() > kMaxSyncJournalRows) return std::nullopt;
    } else if (r.entity == "activity") {
      activities.insert(r.entity_id);
    } else if (r.entity == "team" || r.entity == "member") {
      teams = true;
    }
  }
  Download d;
  for (Id id : households) {
    if (auto h = s.get_household(id)) {
      if (a.has_village(h->unit_id)) {
        d.households.push_back(compact_household(ctx, *h, today, s.residents_on(id, today).size()));
        ++d.records;
      }
    } else if (a.has_village(json_id(household_before[id], "unit_id"))) {
      d.removed["households"].push_back(id);
    }
  }
  std::vector<Resident> present;
  for (Id id : residents) {
    auto r = s.get_resident(id);
    if (!r) continue;
    bool here = false, ever = false;
    for (const Residency& x : s.residencies_of(id)) {
      auto h = s.get_household(x.household_id);
      if (!h || !a.has_village(h->unit_id)) continue;
      ever = true;
      if (x.valid.contains(today)) {
        here = !(r->ended_on && *r->ended_on <= today);
        r->household_id = h->id;
      }
    }
    if (here) present.push_back(*r);
    else if (ever) d.removed["residents"].push_back(id);
  }
  add_residents(ctx, d, present, today);
  for (Id id : activities) {
    auto x = s.get_activity(id, ctx.app.types());
    if (!x || !a.has_unit(x->a.unit_id)) continue;
    if (x->deleted) d.removed["activities"].push_back(id);
    else add_activity(ctx, d, *x);
  }
  if (teams) d.teams = teams_json(ctx, a, today);
  return d;
}

static Response sync(Ctx& ctx) {
  require_sync_role(ctx);
  Fields top(ctx.body, {"cursor", "area_id", "entries"});
  auto cursor_text = top.text("cursor", false, 200);
  auto area_id = top.integer("area_id", false, 1, INT64_MAX);
  const json* entries = nullptr;
  if (auto it = ctx.body.find("entries"); it != ctx.body.end() && !it->is_null()) {
    if (!it->is_array()) top.error("entries", "invalid_type", "entries phải là mảng các thay đổi");
    else entries = &*it;
  }
  top.finish();
  if (entries && entries->size() > kMaxSyncEntries)
    throw ApiError{413, "sync_too_many_entries", "Quá nhiều thay đổi trong một lần đồng bộ",
                   "Mỗi lần đồng bộ gửi tối đa " + std::to_string(kMaxSyncEntries) + " thay đổi (đã gửi " +
                       std::to_string(entries->size()) + "); hãy gửi phần còn lại ở lần sau",
                   {}};
  std::optional<SyncCursor> cursor;
  if (cursor_text && !cursor_text->empty()) {
    cursor = decode_cursor(*cursor_text);
    if (!cursor)
      throw ApiError{400, "sync_cursor_invalid", "Mốc đồng bộ không hợp lệ",
                     "Mốc đồng bộ (cursor) bị hỏng; hãy bỏ nó đi để tải lại toàn bộ địa bàn", {}};
    if (cursor->user != ctx.caller().user_id)
      throw ApiError{403, "sync_cursor_foreign", "Mốc đồng bộ của người khác",
                     "Mốc đồng bộ này thuộc về tài khoản khác; hãy đăng nhập đúng tài khoản hoặc tải lại địa bàn", {}};
  }
  const Area area = area_of(ctx, area_id ? area_id : (cursor ? std::optional<int64_t>(cursor->area) : std::nullopt));

  // The outbox, in the phone's order; each entry is saved or refused alone.
  json results = json::array();
  int saved = 0, refused = 0, replayed = 0, conflicts = 0;
  std::set<std::string> seen;
  if (entries)
    for (size_t i = 0; i < entries->size(); ++i) {
      json r;
      std::string key;
      if ((*entries)[i].is_object() && (*entries)[i].contains("key") && (*entries)[i]["key"].is_string())
        key = (*entries)[i]["key"].get<std::string>();
      try {
        r = apply_entry(ctx, (*entries)[i], i, seen);
      } catch (const ApiError& e) {
        if (e.status >= 500) throw;  // the database is away: the whole sync fails with 503, the phone retries
        r = refusal_of(i, key, e);
      }
      const std::string status = r.value("status", "");
      if (status == "refused") ++refused;
      else if (r.value("replayed", false)) ++replayed;
      else ++saved;
      if (status == "conflict") ++conflicts;
      results.push_back(std::move(r));
    }

  // What changed: the whole area on a first sync (or another area), else the journal since the cursor.
  const Date today = today_local();
  const int64_t now = now_seconds();
  int64_t last_journal = cursor ? cursor->journal : 0;
  std::optional<Download> d;
  if (cursor && cursor->area == area.root) d = changes_since(ctx, area, *cursor, today, last_journal);
  const bool full = !d;
  if (full) {
    last_journal = ctx.app.store().last_change_id();
    d = full_download(ctx, area, today);
  }
  if (d->records > 0) ctx.app.log_personal_data_access(ctx.caller().user_id, "sync_area", area.root, d->records, area.root);
  json units = json::array();
  for (Id u : area.units) units.push_back(unit_json(ctx.app.units(), u, today));
  json changes{{"full", full},
               {"area", unit_json(ctx.app.units(), area.root, today)},
               {"units", units},
               {"households", d->households},
               {"residents", d->residents},
               {"activities", d->activities},
               {"teams", d->teams},
               {"removed", d->removed}};
  const SyncCursor next{ctx.caller().user_id, area.root, last_journal, now};
  return json_response(200, {{"results", results},
                             {"saved", saved},
                             {"refused", refused},
                             {"replayed", replayed},
                             {"conflicts", conflicts},
                             {"changes", changes},
                             {"cursor", encode_cursor(next)},
                             {"server_date", format_iso(today)},
                             {"server_time", now}});
}

// ---- conflicts: the member's own; the commune's for an officer

static Response list_conflicts(Ctx& ctx) {
  const Principal& me = ctx.caller();
  Id user = 0;
  std::vector<Id> villages;
  if (me.role == Role::TeamMember) {
    user = me.user_id;
  } else {
    ctx.require_register();
    Id commune = me.scope_unit;
    if (auto asked = ctx.query("unit_id")) {
      Id id = 0;
      for (char ch : *asked) id = ch >= '0' && ch <= '9' && id < (INT64_MAX - 9) / 10 ? id * 10 + (ch - '0') : -1;
      if (id <= 0) throw bad_query("unit_id phải là mã một xã");
      commune = ctx.unit(id).id;  // 404 outside the caller's scope
    }
    const Unit* u = ctx.app.units().find(commune);
    if (!u || u->level != Level::Commune) throw bad_query("unit_id phải là một xã trong phạm vi của bạn");
    villages = ctx.app.units().children_at(commune, ctx.as_of(*u));
  }
  Store& s = ctx.store();
  auto rows = s.sync_conflicts(user, villages, 200);
  std::vector<Id> user_ids;
  for (const auto& c : rows) user_ids.push_back(c.user);
  auto names = s.user_names(user_ids);
  const Date today = today_local();
  json items = json::array();
  for (const auto& c : rows) {
    std::string subject;
    if (c.entity == "resident") {
      if (auto r = s.get_resident(c.entity_id)) subject = r->full_name;
    } else if (auto h = s.get_household(c.entity_id)) {
      subject = h->house_number.empty() ? h->address_note : "Số nhà " + h->house_number;
      if (!h->hamlet.empty()) subject += (subject.empty() ? "" : ", ") + h->hamlet;
    }
    items.push_back({{"id", c.id},
                     {"entity", c.entity},
                     {"entity_id", c.entity_id},
                     {"subject", subject},
                     {"field", c.field},
                     {"label", sync_field_label(c.field)},
                     {"base", json_or_null(c.base_json)},
                     {"mine", json_or_null(c.mine_json)},
                     {"kept", json_or_null(c.theirs_json)},
                     {"user_id", c.user},
                     {"user_name", names.count(c.user) ? json(names[c.user]) : json(nullptr)},
                     {"unit", unit_json(ctx.app.units(), c.unit, today)},
                     {"key", c.key},
                     {"created_at", c.created_at}});
  }
  if (!rows.empty())
    ctx.app.log_personal_data_access(me.user_id, "sync_conflicts", user ? user : me.scope_unit, static_cast<int64_t>(rows.size()),
                                    me.scope_unit);
  return json_response(200, {{"items", items}});
}

void add_sync_routes(Router& r) {
  r.add("POST", "/api/v1/sync", sync);
  r.add("GET", "/api/v1/sync/conflicts", list_conflicts);
}

}  // namespace langso
