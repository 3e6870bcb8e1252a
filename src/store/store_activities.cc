// Activities, the activity-type and indicator catalogues, and targets.
#include "domain/indicator.h"
#include "store/schema.h"
#include "store/store.h"
#include "store/values.h"

#include <algorithm>
#include <unordered_map>

namespace langso {

std::string Store::activity_types_json() {
  auto rows = db_->query("SELECT spec FROM activity_types ORDER BY position");
  if (rows.empty()) {
    auto seed = nlohmann::json::parse(default_activity_types_json());
    Transaction tx(*db_);
    serialise_setup(*db_);  // another instance may be seeding too: the first one does
    int64_t pos = 0;
    if (db_->query_one("SELECT COUNT(*) FROM activity_types")->i64(0) == 0)
      for (const auto& t : seed)
        db_->exec("INSERT INTO activity_types(code, position, spec) VALUES (?,?,?)",
                  {t.at("code").get<std::string>(), pos++, t.dump()});
    tx.commit();
    rows = db_->query("SELECT spec FROM activity_types ORDER BY position");
  }
  nlohmann::json arr = nlohmann::json::array();
  for (const Row& r : rows) arr.push_back(nlohmann::json::parse(r.str(0)));
  return arr.dump();
}

// Seeded on first use; a built-in indicator of a newer release (the
// composite index, say) is added to a database that lacks it, after the rest.
// The built-in indicators follow the release: missing ones are added and
// those whose shipped definition changed (an age band, a dated target) are
// updated; the ones a province added are left as they are.
std::vector<nlohmann::json> Store::indicator_specs() {
  auto stale = [&] {
    std::vector<nlohmann::json> out;
    for (const auto& j : nlohmann::json::parse(default_indicators_json())) {
      auto r = db_->query_one("SELECT spec, builtin FROM indicators WHERE code = ?", {j.at("code").get<std::string>()});
      if (!r || (r->i64(1) != 0 && nlohmann::json::parse(r->str(0)) != j)) out.push_back(j);
    }
    return out;
  };
  if (!stale().empty()) {
    Transaction tx(*db_);
    serialise_setup(*db_);  // another instance may be seeding too: the first one does
    for (const auto& j : stale()) {
      if (db_->query_one("SELECT 1 FROM indicators WHERE code = ?", {j.at("code").get<std::string>()}))
        db_->exec("UPDATE indicators SET spec = ? WHERE code = ? AND builtin <> 0", {j.dump(), j.at("code").get<std::string>()});
      else
        insert_indicator(j, true);
    }
    tx.commit();
  }
  auto rows = db_->query("SELECT spec FROM indicators ORDER BY position");
  std::vector<nlohmann::json> out;
  for (const Row& r : rows) out.push_back(nlohmann::json::parse(r.str(0)));
  return out;
}

void Store::insert_indicator(const nlohmann::json& spec, bool builtin) {
  auto pos = db_->query_one("SELECT COALESCE(MAX(position), -1) + 1 FROM indicators");
  db_->exec("INSERT INTO indicators(code, position, spec, builtin) VALUES (?,?,?,?)",
            {spec.at("code").get<std::string>(), pos->i64(0), spec.dump(), int64_t{builtin}});
}

std::vector<TargetRecord> Store::all_targets() {
  std::vector<TargetRecord> out;
  for (const Row& r : db_->query("SELECT unit_id, year, indicator, value FROM targets"))
    out.push_back({r.i64(0), static_cast<int>(r.i64(1)), r.str(2), r.f64(3)});
  return out;
}

void Store::put_target(const TargetRecord& t) {
  delete_target(t.unit_id, t.year, t.indicator);
  db_->exec("INSERT INTO targets(unit_id, year, indicator, value) VALUES (?,?,?,?)",
            {t.unit_id, int64_t{t.year}, t.indicator, t.value});
}

void Store::delete_target(Id unit_id, int year, const std::string& indicator) {
  db_->exec("DELETE FROM targets WHERE unit_id = ? AND year = ? AND indicator = ?", {unit_id, int64_t{year}, indicator});
}

static constexpr const char* kActivityCols =
    "id, team_id, unit_id, type, date, category, q1, q2, q3, q4, note, author_id, idem_key, request_hash, created_at, "
    "updated_at";

static std::optional<StoredActivity> activity_from_row(const Row& r, const ActivityCatalog& types) {
  const ActivityType* t = types.find(r.str(3));
  auto date = parse_iso_date(r.str(4));
  if (!t || !date) return std::nullopt;
  StoredActivity s;
  Activity& a = s.a;
  a.id = r.i64(0);
  a.team_id = r.opt_i64(1).value_or(0);
  a.unit_id = r.i64(2);
  a.type = t->index;
  a.date = *date;
  a.category = r.is_null(5) ? -1 : t->category_index(r.str(5));
  for (int i = 0; i < kMaxQuantities; ++i) a.q[static_cast<size_t>(i)] = static_cast<int32_t>(r.i64(6 + static_cast<size_t>(i)));
  a.note = r.str(10);
  a.author = r.i64(11);
  s.idem_key = r.str(12);
  s.request_hash = r.str(13);
  s.created_at = r.i64(14);
  s.updated_at = r.i64(15);
  s.deleted = r.cols.size() > 16 && !r.is_null(16);
  return s;
}

static Value category_value(const Activity& a, const ActivityCatalog& types) {
  if (a.category < 0) return null_value();
  return types.types()[static_cast<size_t>(a.type)].categories[static_cast<size_t>(a.category)].code;
}

static constexpr const char* kInsertActivityCols =
    "team_id, unit_id, type, date, category, q1, q2, q3, q4, note, author_id, idem_key, request_hash, created_at, "
    "updated_at";

static void push_activity_values(std::vector<Value>& v, const Activity& a, const ActivityCatalog& types,
                                 const std::string& idem_key, const std::string& request_hash, int64_t now) {
  v.insert(v.end(), {a.team_id ? Value(a.team_id) : null_value(), a.unit_id, types.types()[static_cast<size_t>(a.type)].code,
                     format_iso(a.date), category_value(a, types), int64_t{a.q[0]}, int64_t{a.q[1]}, int64_t{a.q[2]},
                     int64_t{a.q[3]}, a.note, a.author, idem_key.empty() ? null_value() : Value(idem_key),
                     request_hash.empty() ? null_value() : Value(request_hash), now, now});
}

std::vector<Id> Store::insert_activities(const std::vector<NewActivity>& items, const ActivityCatalog& types) {
  std::vector<Id> ids = db_->reserve_ids("activities", items.size());
  const int64_t now = now_seconds();
  std::vector<Value> v;
  in_statements(items.size(), [&](size_t at, size_t n) {
    v.clear();
    for (size_t i = at; i < at + n; ++i) {
      v.push_back(ids[i]);
      push_activity_values(v, items[i].a, types, items[i].idem_key, items[i].request_hash, now);
    }
    db_->exec(std::string("INSERT INTO activities(id, ") + kInsertActivityCols + ") VALUES " + placeholder_rows(n, 16), v);
  });
  return ids;
}

void Store::update_activity(const Activity& a, const ActivityCatalog& types) {
  db_->exec(
      "UPDATE activities SET unit_id = ?, date = ?, category = ?, q1 = ?, q2 = ?, q3 = ?, q4 = ?, note = ?, "
      "updated_at = ? WHERE id = ?",
      {a.unit_id, format_iso(a.date), category_value(a, types), int64_t{a.q[0]}, int64_t{a.q[1]}, int64_t{a.q[2]},
       int64_t{a.q[3]}, a.note, now_seconds(), a.id});
}

void Store::delete_activity(Id id) {
  db_->exec("UPDATE activities SET deleted_at = ? WHERE id = ?", {now_seconds(), id});
}

std::optional<StoredActivity> Store::get_activity(Id id, const ActivityCatalog& types) {
  auto r = db_->query_one(std::string("SELECT ") + kActivityCols + " FROM activities WHERE id = ? AND deleted_at IS NULL", {id});
  if (!r) return std::nullopt;
  return activity_from_row(*r, types);
}

std::optional<StoredActivity> Store::find_by_idempotency_key(Id author, const std::string& key,
                                                             const ActivityCatalog& types) {
  auto found = find_by_idempotency_keys(author, {key}, types);
  if (found.empty()) return std::nullopt;
  return std::move(found.begin()->second);
}

std::unordered_map<std::string, StoredActivity> Store::find_by_idempotency_keys(Id author,
                                                                             const std::vector<std::string>& keys,
                                                                             const ActivityCatalog& types) {
  std::unordered_map<std::string, StoredActivity> out;
  in_statements(keys.size(), [&](size_t at, size_t n) {
    std::vector<Value> v{author};
    v.insert(v.end(), keys.begin() + static_cast<ptrdiff_t>(at), keys.begin() + static_cast<ptrdiff_t>(at + n));
    // Deleted activities keep their key: a late retry must not bring one back.
    db_->each(std::string("SELECT ") + kActivityCols + ", deleted_at FROM activities WHERE author_id = ? AND idem_key IN " +
                  placeholder_rows(1, n),
              v, [&](const Row& r) {
                if (auto s = activity_from_row(r, types)) out.emplace(s->idem_key, std::move(*s));
              });
  });
  return out;
}

std::vector<std::pair<Id, int64_t>> Store::activity_counts_by_unit() {
  std::vector<std::pair<Id, int64_t>> out;
  db_->each("SELECT unit_id, COUNT(*) FROM activities GROUP BY unit_id", {},
            [&](const Row& r) { out.emplace_back(r.i64(0), r.i64(1)); });
  return out;
}

void Store::each_activity(const ActivityCatalog& types, const std::function<void(const Activity&)>& fn) {
  // The start-up path reads every activity: only the columns the engine needs,
  // and type codes resolved through a small cache.
  std::unordered_map<std::string, const ActivityType*> type_of;
  for (const ActivityType& t : types.types()) type_of[t.code] = &t;
  Activity a;
  db_->each("SELECT id, team_id, unit_id, type, date, category, q1, q2, q3, q4, author_id FROM activities "
            "WHERE deleted_at IS NULL",
            {}, [&](const Row& r) {
              auto t = type_of.find(r.str(3));
              auto date = parse_iso_date(r.str(4));
              if (t == type_of.end() || !date) return;
              a.id = r.i64(0);
              a.team_id = r.opt_i64(1).value_or(0);
              a.unit_id = r.i64(2);
              a.type = t->second->index;
              a.date = *date;
              a.category = r.is_null(5) ? -1 : t->second->category_index(r.str(5));
              for (int i = 0; i < kMaxQuantities; ++i) a.q[static_cast<size_t>(i)] = static_cast<int32_t>(r.i64(6 + static_cast<size_t>(i)));
              a.author = r.i64(10);
              fn(a);
            });
}

std::vector<StoredActivity> Store::scan_activities(const ActivityScan& s, const ActivityCatalog& types) {
  using Lead = ActivityScan::Lead;
  std::vector<StoredActivity> out;
  std::string where = " WHERE deleted_at IS NULL AND date >= ? AND date <= ?";
  std::vector<Value> params{format_iso(s.from), format_iso(s.to)};
  if (s.before) {
    // A row value: both backends walk the (…, date, id) index from here.
    where += " AND (date, id) < (?, ?)";
    params.emplace_back(format_iso(s.before->first));
    params.emplace_back(s.before->second);
  }
  // "x + 0", "x || ''": the same test, on which no index applies.
  auto cond = [&](Lead lead, const char* indexed, const char* checked, Value v) {
    where += s.lead == lead ? indexed : checked;
    params.push_back(std::move(v));
  };
  if (!s.type.empty()) cond(Lead::Type, " AND type = ?", " AND type || '' = ?", s.type);
  if (s.team) cond(Lead::Team, " AND team_id = ?", " AND team_id + 0 = ?", s.team);
  if (s.author) cond(Lead::Author, " AND author_id = ?", " AND author_id + 0 = ?", s.author);
  if (!s.units.empty()) {
    if (s.units.size() > kRowsPerStatement) throw std::invalid_argument("scan_activities: too many units");
    where += " AND unit_id IN " + placeholder_rows(1, s.units.size());
    for (Id u : s.units) params.emplace_back(u);
  }
  params.emplace_back(static_cast<int64_t>(s.limit));
  db_->each(std::string("SELECT ") + kActivityCols + " FROM activities" + where + " ORDER BY date DESC, id DESC LIMIT ?",
            params, [&](const Row& r) {
              if (auto a = activity_from_row(r, types)) out.push_back(std::move(*a));
            });
  return out;
}

// id -> text for the rows of `table` with these ids, in_statements() at a time.
static std::unordered_map<Id, std::string> names_by_id(Db& db, const char* sql, const std::vector<Id>& ids) {
  std::unordered_map<Id, std::string> out;
  in_statements(ids.size(), [&](size_t at, size_t n) {
    std::vector<Value> v(ids.begin() + static_cast<ptrdiff_t>(at), ids.begin() + static_cast<ptrdiff_t>(at + n));
    db.each(std::string(sql) + placeholder_rows(1, n), v, [&](const Row& r) { out.emplace(r.i64(0), r.str(1)); });
  });
  return out;
}

std::unordered_map<Id, std::string> Store::user_names(const std::vector<Id>& ids) {
  return names_by_id(*db_, "SELECT id, full_name FROM users WHERE id IN ", ids);
}

std::unordered_map<Id, std::string> Store::team_names(const std::vector<Id>& ids) {
  return names_by_id(*db_, "SELECT id, name FROM teams WHERE id IN ", ids);
}

std::vector<Member> Store::all_members() {
  std::vector<Member> out;
  db_->each("SELECT id, team_id, joined_on, left_on, trained_on FROM memberships", {}, [&](const Row& r) {
    Member m;
    m.id = r.i64(0);
    m.team_id = r.i64(1);
    m.joined_on = parse_iso_date(r.str(2)).value_or(kMinDate);
    if (!r.is_null(3)) m.left_on = parse_iso_date(r.str(3));
    if (!r.is_null(4)) m.trained_on = parse_iso_date(r.str(4));
    out.push_back(std::move(m));
  });
  return out;
}

}  // namespace langso
