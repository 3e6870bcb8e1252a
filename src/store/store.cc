#include "store/store.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "store/pg_db.h"
#include "store/schema.h"
#include "store/sqlite_db.h"
#include "store/values.h"

namespace langso {

int64_t now_seconds() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

// ---- units

static Unit unit_from_row(const Row& r) {
  Unit u;
  u.id = r.i64(0);
  u.code = r.str(1);
  u.name = r.str(2);
  u.type = r.str(3);
  u.level = static_cast<Level>(r.i64(4));
  u.valid = {date_or(r, 5, kMinDate), date_or(r, 6, kMaxDate)};
  return u;
}

std::vector<Unit> Store::load_units() {
  std::vector<Unit> out;
  for (const Row& r : db_->query("SELECT id, code, name, type, level, valid_from, valid_to FROM units ORDER BY id"))
    out.push_back(unit_from_row(r));
  return out;
}

std::vector<UnitLink> Store::load_links() {
  std::vector<UnitLink> out;
  for (const Row& r : db_->query("SELECT child_id, parent_id, valid_from, valid_to FROM unit_links ORDER BY id"))
    out.push_back({r.i64(0), r.i64(1), {date_or(r, 2, kMinDate), date_or(r, 3, kMaxDate)}});
  return out;
}

Id Store::insert_unit(const Unit& u) {
  return db_->insert(
      "INSERT INTO units(code, name, type, level, valid_from, valid_to, created_at) VALUES (?,?,?,?,?,?,?)",
      {u.code, u.name, u.type, int64_t{static_cast<int>(u.level)}, date_value(u.valid.from, kMinDate),
       date_value(u.valid.to, kMaxDate), now_seconds()});
}

void Store::update_unit_name(Id id, const std::string& name, const std::string& type) {
  db_->exec("UPDATE units SET name = ?, type = ? WHERE id = ?", {name, type, id});
}

Id Store::insert_link(const UnitLink& l) {
  return db_->insert("INSERT INTO unit_links(child_id, parent_id, valid_from, valid_to) VALUES (?,?,?,?)",
                     {l.child, l.parent, date_value(l.valid.from, kMinDate), date_value(l.valid.to, kMaxDate)});
}

std::optional<Unit> Store::find_unit(const std::string& code, Level level, Date valid_from) {
  auto rows = db_->query(
      "SELECT id, code, name, type, level, valid_from, valid_to FROM units WHERE code = ? AND level = ?",
      {code, int64_t{static_cast<int>(level)}});
  for (const Row& r : rows) {
    Unit u = unit_from_row(r);
    if (u.valid.from == valid_from) return u;
  }
  return std::nullopt;
}

std::vector<std::string> Store::village_codes_with_prefix(const std::string& prefix) {
  std::vector<std::string> out;
  for (const Row& r : db_->query("SELECT code FROM units WHERE level = 4 AND substr(code, 1, ?) = ?",
                                 {static_cast<int64_t>(prefix.size()), prefix}))
    out.push_back(r.str(0));
  return out;
}

// ---- teams

static constexpr const char* kTeamCols =
    "t.id, t.unit_id, t.name, t.decision_number, t.decision_date, t.decision_issuer, t.active_from, t.active_to, "
    "t.zalo_link, t.zalo_members, t.notes, "
    "(SELECT COUNT(*) FROM memberships m WHERE m.team_id = t.id AND m.left_on IS NULL)";

static Team team_from_row(const Row& r) {
  Team t;
  t.id = r.i64(0);
  t.unit_id = r.i64(1);
  t.name = r.str(2);
  t.decision_number = r.str(3);
  t.decision_date = opt_date_col(r, 4);
  t.decision_issuer = r.str(5);
  t.active_from = date_or(r, 6, kMinDate);
  t.active_to = opt_date_col(r, 7);
  t.zalo_link = r.str(8);
  t.zalo_members = r.i64(9);
  t.notes = r.str(10);
  t.member_count = r.i64(11);
  return t;
}

Id Store::insert_team(const Team& t) {
  int64_t now = now_seconds();
  return db_->insert(
      "INSERT INTO teams(unit_id, name, decision_number, decision_date, decision_issuer, active_from, active_to, "
      "zalo_link, zalo_members, notes, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
      {t.unit_id, t.name, t.decision_number, opt_date(t.decision_date), t.decision_issuer, format_iso(t.active_from),
       opt_date(t.active_to), t.zalo_link, t.zalo_members, t.notes, now, now});
}

void Store::update_team(const Team& t) {
  db_->exec(
      "UPDATE teams SET name = ?, decision_number = ?, decision_date = ?, decision_issuer = ?, active_from = ?, "
      "active_to = ?, zalo_link = ?, zalo_members = ?, notes = ?, updated_at = ? WHERE id = ?",
      {t.name, t.decision_number, opt_date(t.decision_date), t.decision_issuer, format_iso(t.active_from),
       opt_date(t.active_to), t.zalo_link, t.zalo_members, t.notes, now_seconds(), t.id});
}

void Store::delete_team(Id id) {
  db_->exec("DELETE FROM memberships WHERE team_id = ?", {id});
  db_->exec("DELETE FROM teams WHERE id = ?", {id});
}

std::optional<Team> Store::get_team(Id id) {
  auto r = db_->query_one(std::string("SELECT ") + kTeamCols + " FROM teams t WHERE t.id = ?", {id});
  if (!r) return std::nullopt;
  return team_from_row(*r);
}

std::vector<Team> Store::teams_of_units(const std::vector<Id>& unit_ids, bool member_counts) {
  std::vector<Team> out;
  std::string cols = kTeamCols;
  if (!member_counts) cols = cols.substr(0, cols.rfind(", (SELECT")) + ", 0";
  // Chunks keep the parameter count under every backend's limit.
  for (size_t i = 0; i < unit_ids.size(); i += 500) {
    size_t n = std::min<size_t>(500, unit_ids.size() - i);
    std::string sql = "SELECT " + cols + " FROM teams t WHERE t.unit_id IN (";
    std::vector<Value> params;
    for (size_t j = 0; j < n; ++j) {
      sql += j ? ",?" : "?";
      params.emplace_back(unit_ids[i + j]);
    }
    sql += ") ORDER BY t.id";
    for (const Row& r : db_->query(sql, params)) out.push_back(team_from_row(r));
  }
  return out;
}

std::unordered_map<Id, int64_t> Store::member_counts(const std::vector<Id>& team_ids) {
  std::unordered_map<Id, int64_t> out;
  in_statements(team_ids.size(), [&](size_t at, size_t n) {
    std::vector<Value> v(team_ids.begin() + static_cast<ptrdiff_t>(at), team_ids.begin() + static_cast<ptrdiff_t>(at + n));
    db_->each("SELECT team_id, COUNT(*) FROM memberships WHERE left_on IS NULL AND team_id IN " + placeholder_rows(1, n) +
                  " GROUP BY team_id",
              v, [&](const Row& r) { out[r.i64(0)] = r.i64(1); });
  });
  return out;
}

std::vector<Team> Store::all_teams() {
  std::vector<Team> out;
  for (const Row& r : db_->query(std::string("SELECT ") + kTeamCols + " FROM teams t ORDER BY t.id"))
    out.push_back(team_from_row(r));
  return out;
}

// ---- members

Id Store::upsert_person(const std::string& full_name, const std::string& phone) {
  // The person keeps the name first given; each membership carries the name
  // its team knows, so one commune cannot rename a person in another.
  if (auto r = db_->query_one("SELECT id FROM persons WHERE phone = ?", {phone})) return r->i64(0);
  return db_->insert("INSERT INTO persons(full_name, phone) VALUES (?,?)", {full_name, phone});
}

static constexpr const char* kMemberSelect =
    "SELECT m.id, m.team_id, m.person_id, m.full_name, p.phone, m.role, m.affiliation, m.joined_on, m.left_on, "
    "m.trained_on FROM memberships m JOIN persons p ON p.id = m.person_id ";

static Member member_from_row(const Row& r) {
  Member m;
  m.id = r.i64(0);
  m.team_id = r.i64(1);
  m.person_id = r.i64(2);
  m.full_name = r.str(3);
  m.phone = r.str(4);
  m.role = r.str(5);
  m.affiliation = r.str(6);
  m.joined_on = date_or(r, 7, kMinDate);
  m.left_on = opt_date_col(r, 8);
  m.trained_on = opt_date_col(r, 9);
  return m;
}

Id Store::insert_member(const Member& m) {
  return db_->insert(
      "INSERT INTO memberships(team_id, person_id, full_name, role, affiliation, joined_on, left_on, trained_on) "
      "VALUES (?,?,?,?,?,?,?,?)",
      {m.team_id, m.person_id, m.full_name, m.role, m.affiliation, format_iso(m.joined_on), opt_date(m.left_on),
       opt_date(m.trained_on)});
}

void Store::update_member(const Member& m) {
  db_->exec(
      "UPDATE memberships SET person_id = ?, full_name = ?, role = ?, affiliation = ?, joined_on = ?, left_on = ?, "
      "trained_on = ? WHERE id = ?",
      {m.person_id, m.full_name, m.role, m.affiliation, format_iso(m.joined_on), opt_date(m.left_on), opt_date(m.trained_on), m.id});
}

void Store::delete_member(Id id) { db_->exec("DELETE FROM memberships WHERE id = ?", {id}); }

std::optional<Member> Store::get_member(Id id) {
  auto r = db_->query_one(std::string(kMemberSelect) + "WHERE m.id = ?", {id});
  if (!r) return std::nullopt;
  return member_from_row(*r);
}

std::vector<Member> Store::members_of_team(Id team_id) {
  std::vector<Member> out;
  for (const Row& r : db_->query(std::string(kMemberSelect) + "WHERE m.team_id = ? ORDER BY m.id", {team_id}))
    out.push_back(member_from_row(r));
  return out;
}

std::vector<Member> Store::members_of_teams(const std::vector<Id>& team_ids) {
  std::vector<Member> out;
  in_statements(team_ids.size(), [&](size_t at, size_t n) {
    std::vector<Value> v(team_ids.begin() + static_cast<ptrdiff_t>(at), team_ids.begin() + static_cast<ptrdiff_t>(at + n));
    db_->each(std::string(kMemberSelect) + "WHERE m.team_id IN " + placeholder_rows(1, n) + " ORDER BY m.team_id, m.id", v,
              [&](const Row& r) { out.push_back(member_from_row(r)); });
  });
  return out;
}

bool Store::person_active_in_team(Id person_id, Id team_id, Id except_member) {
  return db_->query_one(
                "SELECT 1 FROM memberships WHERE person_id = ? AND team_id = ? AND left_on IS NULL AND id <> ?",
                {person_id, team_id, except_member})
      .has_value();
}

// ---- users and sessions

static constexpr const char* kUserSelect =
    "SELECT id, login, phone, full_name, password_hash, role, unit_id, active FROM users ";

static UserRecord user_from_row(const Row& r) {
  UserRecord u;
  u.id = r.i64(0);
  u.login = r.str(1);
  u.phone = r.opt_str(2);
  u.full_name = r.str(3);
  u.password_hash = r.str(4);
  u.role = parse_role(r.str(5)).value_or(Role::Viewer);
  u.unit_id = r.opt_i64(6).value_or(0);
  u.active = r.i64(7) != 0;
  return u;
}

Id Store::insert_user(const UserRecord& u) {
  return db_->insert(
      "INSERT INTO users(login, phone, full_name, password_hash, role, unit_id, active, created_at) "
      "VALUES (?,?,?,?,?,?,?,?)",
      {u.login, opt_value(u.phone), u.full_name, u.password_hash, std::string(role_code(u.role)),
       u.unit_id ? Value(u.unit_id) : null_value(), int64_t{u.active}, now_seconds()});
}

void Store::update_user(const UserRecord& u) {
  db_->exec(
      "UPDATE users SET phone = ?, full_name = ?, password_hash = ?, role = ?, unit_id = ?, active = ? WHERE id = ?",
      {opt_value(u.phone), u.full_name, u.password_hash, std::string(role_code(u.role)),
       u.unit_id ? Value(u.unit_id) : null_value(), int64_t{u.active}, u.id});
}

std::optional<UserRecord> Store::get_user(Id id) {
  auto r = db_->query_one(std::string(kUserSelect) + "WHERE id = ?", {id});
  if (!r) return std::nullopt;
  return user_from_row(*r);
}

std::optional<UserRecord> Store::find_user_by_login_or_phone(const std::string& login) {
  auto r = db_->query_one(std::string(kUserSelect) + "WHERE login = ?", {login});
  if (!r) {
    if (auto phone = normalize_phone(login)) r = db_->query_one(std::string(kUserSelect) + "WHERE phone = ?", {*phone});
  }
  if (!r) return std::nullopt;
  return user_from_row(*r);
}

std::vector<UserRecord> Store::all_users() {
  std::vector<UserRecord> out;
  for (const Row& r : db_->query(kUserSelect)) out.push_back(user_from_row(r));
  // By bytes, as SQLite's ORDER BY would: PostgreSQL orders text by the
  // database's locale, where "thu.khoa" and "thukhoa2" may swap.
  std::sort(out.begin(), out.end(), [](const UserRecord& a, const UserRecord& b) { return a.login < b.login; });
  return out;
}

void Store::insert_session(const std::string& token_hash, const SessionRecord& s) {
  db_->exec("INSERT INTO sessions(token_hash, user_id, csrf_token, created_at, expires_at, remember, label) "
            "VALUES (?,?,?,?,?,?,?)",
            {token_hash, s.user_id, s.csrf_token, s.created_at ? s.created_at : now_seconds(), s.expires_at,
             int64_t{s.remember}, s.label});
}

static constexpr const char* kSessionSelect =
    "SELECT user_id, csrf_token, expires_at, remember, label, created_at, token_hash FROM sessions ";

static SessionRecord session_from_row(const Row& r) {
  return SessionRecord{r.i64(0), r.str(1), r.i64(2), r.i64(3) != 0, r.str(4), r.i64(5), r.str(6)};
}

std::optional<SessionRecord> Store::get_session(const std::string& token_hash) {
  auto r = db_->query_one(std::string(kSessionSelect) + "WHERE token_hash = ?", {token_hash});
  if (!r) return std::nullopt;
  return session_from_row(*r);
}

std::vector<SessionRecord> Store::sessions_of_user(Id user_id, int64_t now) {
  std::vector<SessionRecord> out;
  for (const Row& r : db_->query(std::string(kSessionSelect) + "WHERE user_id = ? AND expires_at > ? ORDER BY created_at DESC",
                                 {user_id, now}))
    out.push_back(session_from_row(r));
  return out;
}

void Store::delete_session(const std::string& token_hash) {
  db_->exec("DELETE FROM sessions WHERE token_hash = ?", {token_hash});
}

void Store::delete_sessions_of_user(Id user_id) { db_->exec("DELETE FROM sessions WHERE user_id = ?", {user_id}); }

LoginFailures Store::login_failures(const std::string& login) {
  auto r = db_->query_one("SELECT failures, last_failure, locked_until FROM login_failures WHERE login = ?", {login});
  if (!r) return {};
  return {r->i64(0), r->i64(1), r->i64(2)};
}

// One statement: two instances counting the same login's failures at once
// must not collide on its key.
void Store::put_login_failures(const std::string& login, const LoginFailures& f) {
  db_->exec("INSERT INTO login_failures(login, failures, last_failure, locked_until) VALUES (?,?,?,?) "
            "ON CONFLICT (login) DO UPDATE SET failures = excluded.failures, last_failure = excluded.last_failure, "
            "locked_until = excluded.locked_until",
            {login, f.failures, f.last_failure, f.locked_until});
}

std::optional<Id> Store::trusted_device_user(const std::string& token_hash) {
  auto r = db_->query_one("SELECT user_id FROM trusted_devices WHERE token_hash = ?", {token_hash});
  if (!r) return std::nullopt;
  return r->i64(0);
}

void Store::trust_device(const std::string& token_hash, Id user_id) {
  const int64_t now = now_seconds();
  db_->exec("INSERT INTO trusted_devices(token_hash, user_id, created_at, last_used_at) VALUES (?,?,?,?) "
            "ON CONFLICT (token_hash) DO UPDATE SET last_used_at = excluded.last_used_at",
            {token_hash, user_id, now, now});
}

void Store::forget_device(const std::string& token_hash) {
  db_->exec("DELETE FROM trusted_devices WHERE token_hash = ?", {token_hash});
}

void Store::clear_login_failures(const std::string& login) {
  db_->exec("DELETE FROM login_failures WHERE login = ?", {login});
}

// ---- journals

static constexpr const char* kAuditInsert =
    "INSERT INTO audit_log(at, user_id, action, entity, entity_id, before_json, after_json, origin) VALUES ";

void Store::push_audit_values(std::vector<Value>& v, const AuditEntry& e, int64_t now) const {
  v.insert(v.end(), {now, e.user_id ? Value(e.user_id) : null_value(), std::string(e.action), std::string(e.entity),
                     e.entity_id, e.before_json.empty() ? null_value() : Value(e.before_json),
                     e.after_json.empty() ? null_value() : Value(e.after_json),
                     origin_.empty() ? null_value() : Value(origin_)});
}

void Store::audit(Id user_id, std::string_view action, std::string_view entity, Id entity_id,
                  const std::string& before_json, const std::string& after_json) {
  audit_many({{user_id, action, entity, entity_id, before_json, after_json}});
}

void Store::audit_many(const std::vector<AuditEntry>& entries) {
  const int64_t now = now_seconds();
  std::vector<Value> v;
  in_statements(entries.size(), [&](size_t at, size_t n) {
    v.clear();
    for (size_t i = at; i < at + n; ++i) push_audit_values(v, entries[i], now);
    const int64_t id = db_->insert(std::string(kAuditInsert) + placeholder_rows(n, 8), v);
    last_written_change_.store(id, std::memory_order_release);
  });
}

int64_t Store::last_change_id() {
  auto r = db_->query_one("SELECT MAX(id) FROM audit_log");
  return r && !r->is_null(0) ? r->i64(0) : 0;
}

std::vector<ChangeRecord> Store::changes_after(int64_t after, const std::vector<int64_t>& also, size_t limit) {
  std::string sql = "SELECT id, entity, entity_id, before_json, after_json, origin FROM audit_log WHERE id > ?";
  std::vector<Value> params{after};
  if (!also.empty()) {
    sql += " OR id IN (";
    for (size_t i = 0; i < also.size(); ++i) {
      sql += i ? ",?" : "?";
      params.push_back(also[i]);
    }
    sql += ")";
  }
  sql += " ORDER BY id LIMIT " + std::to_string(limit);
  std::vector<ChangeRecord> out;
  for (const Row& r : db_->query(sql, params))
    out.push_back({r.i64(0), r.str(1), r.i64(2), r.str(3), r.str(4), r.str(5)});
  return out;
}

void Store::log_personal_data_access(Id user_id, std::string_view entity, Id entity_id, int64_t records, Id unit) {
  db_->exec("INSERT INTO personal_data_access(at, user_id, entity, entity_id, records, unit_id) VALUES (?,?,?,?,?,?)",
            {now_seconds(), user_id, std::string(entity), entity_id, records, unit ? Value(unit) : null_value()});
}

std::vector<Store::DataAccess> Store::personal_data_log(const std::vector<Id>& units, Id before_id, size_t limit) {
  std::vector<DataAccess> out;
  if (units.empty()) return out;
  const std::string in = placeholder_rows(1, units.size());  // "(?,?,…)"
  std::vector<Value> p(units.begin(), units.end());
  p.push_back(before_id ? before_id : INT64_MAX);
  db_->each("SELECT a.id, a.at, a.user_id, COALESCE(u.full_name, ''), COALESCE(u.role, ''), a.entity, a.entity_id, "
            "a.unit_id, a.records FROM personal_data_access a LEFT JOIN users u ON u.id = a.user_id WHERE a.unit_id IN " + in +
                " AND a.id < ? ORDER BY a.id DESC LIMIT " + std::to_string(limit),
            p, [&](const Row& r) {
              out.push_back({r.i64(0), r.i64(1), r.i64(2), r.str(3), r.str(4), r.str(5), r.i64(6), r.i64(7), r.i64(8)});
            });
  return out;
}

std::unique_ptr<Store> open_replica(const std::string& location, std::chrono::seconds wait) {
  if (!is_postgres_location(location))
    throw std::runtime_error("--read-db phải là URL PostgreSQL của một bản sao (streaming replica)");
  auto store = std::make_unique<Store>(std::make_unique<PgDb>(location));
  // The primary migrated just now; the replica replays that within moments.
  const auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {
    int version = 0;
    try {
      version = schema_version(store->db());
    } catch (const DbUnavailableError&) {
      throw;
    } catch (const std::exception&) {  // no schema_version table yet
    }
    refuse_newer_schema(version);
    if (version == latest_schema_version()) return store;
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error(fmt::format(
          "bản sao ở phiên bản lược đồ {}, chưa bắt kịp bản chính ({}): hãy kiểm tra việc sao chép", version,
          latest_schema_version()));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

std::unique_ptr<Store> connect_store(const std::string& location) {
  std::unique_ptr<Db> db;
  if (is_postgres_location(location)) db = std::make_unique<PgDb>(location);
  else db = std::make_unique<SqliteDb>(location);
  return std::make_unique<Store>(std::move(db));
}

std::unique_ptr<Store> open_store(const std::string& location) {
  auto store = connect_store(location);
  migrate(store->db());
  return store;
}

}  // namespace langso
