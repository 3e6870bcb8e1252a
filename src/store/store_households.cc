// The household register: households, residents, residencies, statuses, visits.
#include <algorithm>

#include "store/schema.h"
#include "store/store.h"
#include "store/values.h"

namespace langso {

std::string Store::status_types_json() {
  auto rows = db_->query("SELECT spec FROM citizen_status_types ORDER BY position");
  if (rows.empty()) {
    auto seed = nlohmann::json::parse(default_status_types_json());
    Transaction tx(*db_);
    serialise_setup(*db_);  // another instance may be seeding too: the first one does
    int64_t pos = 0;
    if (db_->query_one("SELECT COUNT(*) FROM citizen_status_types")->i64(0) == 0)
      for (const auto& t : seed)
        db_->exec("INSERT INTO citizen_status_types(code, position, spec) VALUES (?,?,?)",
                  {t.at("code").get<std::string>(), pos++, t.dump()});
    tx.commit();
    rows = db_->query("SELECT spec FROM citizen_status_types ORDER BY position");
  }
  nlohmann::json arr = nlohmann::json::array();
  for (const Row& r : rows) arr.push_back(nlohmann::json::parse(r.str(0)));
  return arr.dump();
}

std::optional<Store::Keyed> Store::find_keyed(std::string_view table, Id author, const std::string& key) {
  std::string author_column = "author_id";
  if (table == "plans" || table == "plan_tasks") author_column = "created_by";
  else if (table != "households" && table != "residents" && table != "visits") return std::nullopt;
  auto r = db_->query_one("SELECT id, request_hash FROM " + std::string(table) + " WHERE " + author_column +
                              " = ? AND idem_key = ?",
                          {author, key});
  if (!r) return std::nullopt;
  return Keyed{r->i64(0), r->str(1)};
}


// ---- households

static constexpr const char* kHouseholdCols =
    "h.id, h.unit_id, h.hamlet, h.house_number, h.address_note, h.head_id, h.phone, h.fibre, h.smart_device";

static Household household_from_row(const Row& r) {
  Household h;
  h.id = r.i64(0);
  h.unit_id = r.i64(1);
  h.hamlet = r.str(2);
  h.house_number = r.str(3);
  h.address_note = r.str(4);
  h.head_id = r.is_null(5) ? 0 : r.i64(5);
  h.phone = r.str(6);
  h.fibre = r.i64(7) != 0;
  h.smart_device = r.i64(8) != 0;
  return h;
}

Id Store::insert_household(const Household& h, Id author, const std::string& key, const std::string& digest) {
  const int64_t now = now_seconds();
  return db_->insert(
      "INSERT INTO households(unit_id, hamlet, house_number, address_note, head_id, phone, fibre, smart_device, "
      "author_id, idem_key, request_hash, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
      {h.unit_id, h.hamlet, h.house_number, h.address_note, h.head_id ? Value(h.head_id) : null_value(), h.phone,
       int64_t{h.fibre}, int64_t{h.smart_device}, author, opt_text(key), opt_text(digest), now, now});
}

void Store::update_household(const Household& h) {
  db_->exec(
      "UPDATE households SET hamlet = ?, house_number = ?, address_note = ?, head_id = ?, phone = ?, fibre = ?, "
      "smart_device = ?, updated_at = ? WHERE id = ?",
      {h.hamlet, h.house_number, h.address_note, h.head_id ? Value(h.head_id) : null_value(), h.phone,
       int64_t{h.fibre}, int64_t{h.smart_device}, now_seconds(), h.id});
}

void Store::delete_household(Id id) { db_->exec("DELETE FROM households WHERE id = ?", {id}); }

std::optional<Household> Store::get_household(Id id) {
  auto r = db_->query_one(std::string("SELECT ") + kHouseholdCols + " FROM households h WHERE h.id = ?", {id});
  if (!r) return std::nullopt;
  return household_from_row(*r);
}

std::vector<Household> Store::households_of_unit(Id unit, Date on) {
  const std::string d = format_iso(on);
  std::vector<Household> out;
  for (const Row& r : db_->query(
           std::string("SELECT ") + kHouseholdCols +
               ", (SELECT COUNT(*) FROM residencies x JOIN residents p ON p.id = x.resident_id WHERE x.household_id = h.id "
               "AND x.valid_from <= ? AND (x.valid_to IS NULL OR x.valid_to > ?) AND (p.ended_on IS NULL OR p.ended_on > ?)) "
               "FROM households h WHERE h.unit_id = ? ORDER BY h.id",
           {d, d, d, unit})) {
    Household h = household_from_row(r);
    h.members = r.i64(9);
    out.push_back(std::move(h));
  }
  return out;
}

// ---- residents

static constexpr const char* kResidentCols =
    "id, full_name, birth_date, birth_year, sex, phone, cccd_digest, cccd_last4, ethnic, ended_on, end_reason, consent_on, "
    "erased_on, merged_into";

static Resident resident_from_row(const Row& r) {
  Resident p;
  p.id = r.i64(0);
  p.full_name = r.str(1);
  p.birth_date = opt_date_col(r, 2);
  p.birth_year = static_cast<int>(r.i64(3));
  p.sex = r.str(4);
  p.phone = r.str(5);
  p.cccd_digest = r.str(6);
  p.cccd_last4 = r.str(7);
  p.ethnic = r.str(8);
  p.ended_on = opt_date_col(r, 9);
  p.end_reason = r.str(10);
  p.consent_on = opt_date_col(r, 11);
  p.erased_on = opt_date_col(r, 12);
  p.merged_into = r.is_null(13) ? 0 : r.i64(13);
  return p;
}

Id Store::insert_resident(const Resident& p, Id author, const std::string& key, const std::string& digest) {
  const int64_t now = now_seconds();
  return db_->insert(
      "INSERT INTO residents(full_name, birth_date, birth_year, sex, phone, cccd_digest, cccd_last4, ethnic, ended_on, "
      "end_reason, consent_on, author_id, idem_key, request_hash, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
      {p.full_name, opt_date(p.birth_date), int64_t{p.birth_year}, p.sex, p.phone, opt_text(p.cccd_digest), p.cccd_last4,
       p.ethnic, opt_date(p.ended_on), p.end_reason, opt_date(p.consent_on), author, opt_text(key), opt_text(digest), now, now});
}

void Store::update_resident(const Resident& p) {
  db_->exec(
      "UPDATE residents SET full_name = ?, birth_date = ?, birth_year = ?, sex = ?, phone = ?, cccd_digest = ?, "
      "cccd_last4 = ?, ethnic = ?, ended_on = ?, end_reason = ?, consent_on = ?, erased_on = ?, merged_into = ?, "
      "updated_at = ? WHERE id = ?",
      {p.full_name, opt_date(p.birth_date), int64_t{p.birth_year}, p.sex, p.phone, opt_text(p.cccd_digest), p.cccd_last4,
       p.ethnic, opt_date(p.ended_on), p.end_reason, opt_date(p.consent_on), opt_date(p.erased_on),
       p.merged_into ? Value(p.merged_into) : null_value(), now_seconds(), p.id});
}

std::optional<Resident> Store::get_resident(Id id) {
  auto r = db_->query_one(std::string("SELECT ") + kResidentCols + " FROM residents WHERE id = ?", {id});
  if (!r) return std::nullopt;
  return resident_from_row(*r);
}

std::optional<Id> Store::resident_by_cccd(const std::string& digest) {
  auto r = db_->query_one("SELECT id FROM residents WHERE cccd_digest = ?", {digest});
  if (!r) return std::nullopt;
  return r->i64(0);
}

std::vector<std::string> Store::cccd_digests_held(const std::vector<std::string>& digests) {
  std::vector<std::string> out;
  in_statements(digests.size(), [&](size_t at, size_t n) {
    const std::vector<Value> v(digests.begin() + static_cast<std::ptrdiff_t>(at),
                               digests.begin() + static_cast<std::ptrdiff_t>(at + n));
    db_->each("SELECT cccd_digest FROM residents WHERE cccd_digest IN " + placeholder_rows(1, n), v,
              [&](const Row& r) { out.push_back(r.str(0)); });
  });
  return out;
}

bool Store::adopt_cccd_key(const std::string& check, const std::function<std::string(const std::string&)>& rekey) {
  Transaction tx(*db_);
  serialise_setup(*db_);  // two instances starting at once: the second finds the first one's key
  if (auto row = db_->query_one("SELECT check_value FROM cccd_key")) return row->str(0) == check;
  auto rows = db_->query("SELECT id, cccd_digest FROM residents WHERE cccd_digest IS NOT NULL ORDER BY id");
  for (const Row& r : rows) db_->exec("UPDATE residents SET cccd_digest = ? WHERE id = ?", {rekey(r.str(1)), r.i64(0)});
  db_->exec("INSERT INTO cccd_key(check_value) VALUES (?)", {check});
  tx.commit();
  return true;
}

// ---- residencies

static Residency residency_from_row(const Row& r) {
  return {r.i64(0), r.i64(1), r.i64(2), {date_or(r, 3, kMinDate), date_or(r, 4, kMaxDate)}};
}

Id Store::insert_residency(const Residency& x) {
  return db_->insert("INSERT INTO residencies(resident_id, household_id, valid_from, valid_to) VALUES (?,?,?,?)",
                     {x.resident_id, x.household_id, format_iso(x.valid.from), date_value(x.valid.to, kMaxDate)});
}

static Value opt_id(Id id) { return id ? Value(id) : null_value(); }

// Rows of `cols` values each, in_statements() of them per INSERT; `into` is what
// follows the backend's bulk INSERT verb (Db::bulk_insert).
template <class T, class F>
static void insert_rows(Db& db, std::string_view into, size_t cols, const std::vector<T>& rows, F values) {
  const std::string head = std::string(db.bulk_insert()) + std::string(into);
  std::vector<Value> v;
  in_statements(rows.size(), [&](size_t at, size_t n) {
    v.clear();
    v.reserve(n * cols);
    for (size_t i = at; i < at + n; ++i) values(rows[i], v);
    db.exec(head + placeholder_rows(n, cols), v);
  });
}

void Store::insert_households(const std::vector<Household>& hs, Id author) {
  const int64_t now = now_seconds();
  insert_rows(*db_,
              "households(id, unit_id, hamlet, house_number, address_note, head_id, phone, fibre, smart_device, "
              "author_id, created_at, updated_at) VALUES ",
              12, hs, [&](const Household& h, std::vector<Value>& v) {
                v.insert(v.end(), {h.id, h.unit_id, h.hamlet, h.house_number, h.address_note, opt_id(h.head_id), h.phone,
                                   int64_t{h.fibre}, int64_t{h.smart_device}, author, now, now});
              });
}

void Store::insert_residents(const std::vector<Resident>& rs, Id author) {
  const int64_t now = now_seconds();
  insert_rows(*db_,
              "residents(id, full_name, birth_date, birth_year, sex, phone, cccd_digest, cccd_last4, ethnic, "
              "ended_on, end_reason, consent_on, author_id, created_at, updated_at) VALUES ",
              15, rs, [&](const Resident& p, std::vector<Value>& v) {
                v.insert(v.end(), {p.id, p.full_name, opt_date(p.birth_date), int64_t{p.birth_year}, p.sex, p.phone,
                                   opt_text(p.cccd_digest), p.cccd_last4, p.ethnic, opt_date(p.ended_on), p.end_reason,
                                   opt_date(p.consent_on), author, now, now});
              });
}

void Store::insert_residencies(const std::vector<Residency>& xs) {
  insert_rows(*db_, "residencies(id, resident_id, household_id, valid_from, valid_to) VALUES ", 5, xs,
              [&](const Residency& x, std::vector<Value>& v) {
                v.insert(v.end(), {x.id, x.resident_id, x.household_id, format_iso(x.valid.from), date_value(x.valid.to, kMaxDate)});
              });
}

void Store::insert_statuses(const std::vector<CitizenStatus>& ss, Id author) {
  const int64_t now = now_seconds();
  insert_rows(*db_,
              "citizen_statuses(id, resident_id, type, option_code, gained_on, lost_on, team_id, member_id, source, "
              "visit_id, author_id, created_at, updated_at) VALUES ",
              13, ss, [&](const CitizenStatus& s, std::vector<Value>& v) {
                v.insert(v.end(), {s.id, s.resident_id, s.type, s.option, format_iso(s.gained_on), opt_date(s.lost_on),
                                   opt_id(s.team_id), opt_id(s.member_id), std::string(status_source_code(s.source)),
                                   opt_id(s.visit_id), author, now, now});
              });
}

void Store::update_residency(const Residency& x) {
  db_->exec("UPDATE residencies SET household_id = ?, valid_from = ?, valid_to = ? WHERE id = ?",
            {x.household_id, format_iso(x.valid.from), date_value(x.valid.to, kMaxDate), x.id});
}

void Store::delete_residency(Id id) { db_->exec("DELETE FROM residencies WHERE id = ?", {id}); }

void Store::reassign_statuses(Id from, Id to) {
  db_->exec("UPDATE citizen_statuses SET resident_id = ? WHERE resident_id = ?", {to, from});
}

void Store::reassign_head(Id from, Id to) { db_->exec("UPDATE households SET head_id = ? WHERE head_id = ?", {to, from}); }

std::vector<Residency> Store::residencies_of(Id resident) {
  std::vector<Residency> out;
  for (const Row& r : db_->query("SELECT id, resident_id, household_id, valid_from, valid_to FROM residencies "
                                 "WHERE resident_id = ? ORDER BY valid_from, id",
                                 {resident}))
    out.push_back(residency_from_row(r));
  return out;
}

std::vector<Residency> Store::residencies_of_household(Id household) {
  std::vector<Residency> out;
  for (const Row& r : db_->query("SELECT id, resident_id, household_id, valid_from, valid_to FROM residencies "
                                 "WHERE household_id = ? ORDER BY valid_from, id",
                                 {household}))
    out.push_back(residency_from_row(r));
  return out;
}

std::vector<Resident> Store::residents_on(Id household, Date on) {
  std::vector<Resident> out;
  for (const Residency& x : residencies_of_household(household)) {
    if (!x.valid.contains(on)) continue;
    auto r = get_resident(x.resident_id);
    if (!r || (r->ended_on && *r->ended_on <= on)) continue;
    r->household_id = household;
    out.push_back(std::move(*r));
  }
  std::sort(out.begin(), out.end(), [](const Resident& a, const Resident& b) { return a.id < b.id; });
  return out;
}

std::vector<Resident> Store::residents_of_units(const std::vector<Id>& units, Date on) {
  std::vector<Resident> out;
  if (units.empty()) return out;
  const std::string in = placeholder_rows(1, units.size());  // "(?,?,…)"
  std::vector<Value> p(units.begin(), units.end());
  const std::string day = format_iso(on);
  p.push_back(day);
  p.push_back(day);
  std::string cols;
  for (std::string_view c : {"id", "full_name", "birth_date", "birth_year", "sex", "phone", "cccd_digest", "cccd_last4", "ethnic",
                             "ended_on", "end_reason", "consent_on", "erased_on", "merged_into"})
    cols += (cols.empty() ? "r." : ", r.") + std::string(c);
  db_->each("SELECT " + cols + ", x.household_id FROM residents r JOIN residencies x ON x.resident_id = r.id JOIN households h ON "
            "h.id = x.household_id WHERE h.unit_id IN " + in + " AND x.valid_from <= ? AND (x.valid_to IS NULL OR x.valid_to > ?) "
            "ORDER BY r.id",
            p, [&](const Row& row) {
              Resident r = resident_from_row(row);
              if (r.ended_on && *r.ended_on <= on) return;
              r.household_id = row.i64(14);
              out.push_back(std::move(r));
            });
  return out;
}

bool Store::household_ever_lived_in(Id household) {
  return db_->query_one("SELECT 1 FROM residencies WHERE household_id = ?", {household}).has_value() ||
         db_->query_one("SELECT 1 FROM visits WHERE household_id = ?", {household}).has_value();
}

// ---- statuses

static constexpr const char* kStatusCols =
    "id, resident_id, type, option_code, gained_on, lost_on, team_id, member_id, source, visit_id";

static CitizenStatus status_from_row(const Row& r) {
  CitizenStatus s;
  s.id = r.i64(0);
  s.resident_id = r.i64(1);
  s.type = r.str(2);
  s.option = r.str(3);
  s.gained_on = date_or(r, 4, kMinDate);
  s.lost_on = opt_date_col(r, 5);
  s.team_id = r.is_null(6) ? 0 : r.i64(6);
  s.member_id = r.is_null(7) ? 0 : r.i64(7);
  s.source = parse_status_source(r.str(8)).value_or(StatusSource::SelfDeclared);
  s.visit_id = r.is_null(9) ? 0 : r.i64(9);
  return s;
}


Id Store::insert_status(const CitizenStatus& s, Id author) {
  const int64_t now = now_seconds();
  return db_->insert(
      "INSERT INTO citizen_statuses(resident_id, type, option_code, gained_on, lost_on, team_id, member_id, source, "
      "visit_id, author_id, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
      {s.resident_id, s.type, s.option, format_iso(s.gained_on), opt_date(s.lost_on), opt_id(s.team_id),
       opt_id(s.member_id), std::string(status_source_code(s.source)), opt_id(s.visit_id), author, now, now});
}

void Store::update_status(const CitizenStatus& s) {
  db_->exec(
      "UPDATE citizen_statuses SET option_code = ?, gained_on = ?, lost_on = ?, team_id = ?, member_id = ?, source = ?, "
      "updated_at = ? WHERE id = ?",
      {s.option, format_iso(s.gained_on), opt_date(s.lost_on), opt_id(s.team_id), opt_id(s.member_id),
       std::string(status_source_code(s.source)), now_seconds(), s.id});
}

void Store::delete_status(Id id) { db_->exec("DELETE FROM citizen_statuses WHERE id = ?", {id}); }

std::optional<CitizenStatus> Store::get_status(Id id) {
  auto r = db_->query_one(std::string("SELECT ") + kStatusCols + " FROM citizen_statuses WHERE id = ?", {id});
  if (!r) return std::nullopt;
  return status_from_row(*r);
}

// Ids a few hundred at a time: fn("(?,?,…)", the ids as parameters).
template <class F>
static void by_id_chunks(const std::vector<Id>& ids, F fn) {
  in_statements(ids.size(), [&](size_t i, size_t n) {
    const std::vector<Value> v(ids.begin() + static_cast<ptrdiff_t>(i), ids.begin() + static_cast<ptrdiff_t>(i + n));
    fn(placeholder_rows(1, n), v);
  });
}

std::vector<CitizenStatus> Store::statuses_of(const std::vector<Id>& residents) {
  std::vector<CitizenStatus> out;
  by_id_chunks(residents, [&](const std::string& in, const std::vector<Value>& v) {
    db_->each(std::string("SELECT ") + kStatusCols + " FROM citizen_statuses WHERE resident_id IN " + in + " ORDER BY gained_on, id",
              v, [&](const Row& r) { out.push_back(status_from_row(r)); });
  });
  return out;
}

std::unordered_map<Id, std::string> Store::names_of(const std::vector<Id>& residents) {
  std::unordered_map<Id, std::string> out;
  by_id_chunks(residents, [&](const std::string& in, const std::vector<Value>& v) {
    db_->each("SELECT id, full_name FROM residents WHERE id IN " + in, v, [&](const Row& r) { out.emplace(r.i64(0), r.str(1)); });
  });
  return out;
}

std::vector<CitizenStatus> Store::statuses_of_visit(Id visit) {
  std::vector<CitizenStatus> out;
  for (const Row& r : db_->query(
           std::string("SELECT ") + kStatusCols + " FROM citizen_statuses WHERE visit_id = ? ORDER BY id", {visit}))
    out.push_back(status_from_row(r));
  return out;
}

// ---- visits

static constexpr const char* kVisitCols = "id, household_id, unit_id, date, team_id, member_id, present, note, author_id";

static Visit visit_from_row(const Row& r) {
  Visit v;
  v.id = r.i64(0);
  v.household_id = r.i64(1);
  v.unit_id = r.i64(2);
  v.date = date_or(r, 3, kMinDate);
  v.team_id = r.is_null(4) ? 0 : r.i64(4);
  v.member_id = r.is_null(5) ? 0 : r.i64(5);
  for (const auto& id : nlohmann::json::parse(r.str(6))) v.present.push_back(id.get<Id>());
  v.note = r.str(7);
  v.author = r.i64(8);
  return v;
}

static std::string present_json(const Visit& v) { return nlohmann::json(v.present).dump(); }

Id Store::insert_visit(const Visit& v, const std::string& key, const std::string& digest) {
  const int64_t now = now_seconds();
  return db_->insert(
      "INSERT INTO visits(household_id, unit_id, date, team_id, member_id, present, note, author_id, idem_key, "
      "request_hash, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
      {v.household_id, v.unit_id, format_iso(v.date), opt_id(v.team_id), opt_id(v.member_id), present_json(v), v.note,
       v.author, opt_text(key), opt_text(digest), now, now});
}

void Store::update_visit(const Visit& v) {
  db_->exec("UPDATE visits SET unit_id = ?, date = ?, member_id = ?, present = ?, note = ?, updated_at = ? WHERE id = ?",
            {v.unit_id, format_iso(v.date), opt_id(v.member_id), present_json(v), v.note, now_seconds(), v.id});
}

void Store::delete_visit(Id id) { db_->exec("DELETE FROM visits WHERE id = ?", {id}); }

std::optional<Visit> Store::get_visit(Id id) {
  auto r = db_->query_one(std::string("SELECT ") + kVisitCols + " FROM visits WHERE id = ?", {id});
  if (!r) return std::nullopt;
  Visit v = visit_from_row(*r);
  for (const CitizenStatus& s : statuses_of_visit(id)) v.changes.push_back({s.resident_id, s.type, s.option});
  return v;
}

std::vector<Visit> Store::visits_of_household(Id household) {
  std::vector<Visit> out;
  for (const Row& r : db_->query(std::string("SELECT ") + kVisitCols +
                                     " FROM visits WHERE household_id = ? ORDER BY date DESC, id DESC",
                                 {household}))
    out.push_back(visit_from_row(r));
  for (Visit& v : out)
    for (const CitizenStatus& s : statuses_of_visit(v.id)) v.changes.push_back({s.resident_id, s.type, s.option});
  return out;
}

std::unordered_map<Id, Date> Store::last_visits_of_unit(Id unit, Date on) {
  std::unordered_map<Id, Date> out;
  db_->each("SELECT v.household_id, MAX(v.date) FROM visits v JOIN households h ON h.id = v.household_id "
            "WHERE h.unit_id = ? AND v.date <= ? GROUP BY v.household_id",
            {unit, format_iso(on)}, [&](const Row& r) { out.emplace(r.i64(0), date_or(r, 1, kMinDate)); });
  return out;
}

void Store::set_activity_visit(Id activity, std::optional<Id> visit) {
  db_->exec("UPDATE activities SET visit_id = ? WHERE id = ?", {opt_value(visit), activity});
}

void Store::unlink_visit_activities(Id visit) {
  db_->exec("UPDATE activities SET visit_id = NULL WHERE visit_id = ?", {visit});
}

std::vector<Id> Store::activities_of_visit(Id visit) {
  std::vector<Id> out;
  for (const Row& r : db_->query("SELECT id FROM activities WHERE visit_id = ? AND deleted_at IS NULL ORDER BY id", {visit}))
    out.push_back(r.i64(0));
  return out;
}

std::optional<Id> Store::visit_of_activity(Id activity) {
  auto r = db_->query_one("SELECT visit_id FROM activities WHERE id = ?", {activity});
  if (!r || r->is_null(0)) return std::nullopt;
  return r->i64(0);
}

Store::RegisterRows Store::register_rows(Id unit) { return unit ? register_rows_between(unit, unit) : register_rows_between(0, 0); }

// What the engine's register is made of (App::registers_of): each residency
// with its village and the person's birth and end, and each status held.
static const std::string kRegisterPeople =
    "SELECT x.resident_id, h.unit_id, x.household_id, x.valid_from, x.valid_to, p.birth_date, p.birth_year, p.ended_on "
    "FROM residencies x JOIN households h ON h.id = x.household_id JOIN residents p ON p.id = x.resident_id";
static const std::string kRegisterStatuses = "SELECT st.resident_id, st.type, st.gained_on, st.lost_on FROM citizen_statuses st";

static Store::RegisterRow register_person(const Row& r) {
  return {r.i64(0), r.i64(1), r.i64(2), {date_or(r, 3, kMinDate), date_or(r, 4, kMaxDate)},
          opt_date_col(r, 5), opt_date_col(r, 7), static_cast<int>(r.i64(6))};
}

static Store::RegisterStatusRow register_status(const Row& r) {
  return {r.i64(0), r.str(1), {date_or(r, 2, kMinDate), date_or(r, 3, kMaxDate)}};
}

Store::RegisterRows Store::register_rows_of_residents(const std::vector<Id>& residents) {
  RegisterRows out;
  by_id_chunks(residents, [&](const std::string& in, const std::vector<Value>& v) {
    db_->each(kRegisterPeople + " WHERE x.resident_id IN " + in, v, [&](const Row& r) { out.people.push_back(register_person(r)); });
    db_->each(kRegisterStatuses + " WHERE st.resident_id IN " + in, v,
              [&](const Row& r) { out.statuses.push_back(register_status(r)); });
  });
  return out;
}

std::vector<Id> Store::register_villages() {
  std::vector<Id> out;
  db_->each("SELECT DISTINCT unit_id FROM households ORDER BY unit_id", {}, [&](const Row& r) { out.push_back(r.i64(0)); });
  return out;
}

Store::RegisterRows Store::register_rows_between(Id first, Id last) {
  RegisterRows out;
  const bool some = first || last;
  const std::string where = some ? " WHERE h.unit_id BETWEEN ? AND ?" : "";
  std::vector<Value> p;
  if (some) p = {first, last};
  db_->each(kRegisterPeople + where, p, [&](const Row& r) { out.people.push_back(register_person(r)); });
  db_->each(kRegisterStatuses + (some ? " WHERE st.resident_id IN (SELECT x.resident_id FROM residencies x JOIN households h ON "
                                        "h.id = x.household_id WHERE h.unit_id BETWEEN ? AND ?)"
                                      : std::string()),
            p, [&](const Row& r) { out.statuses.push_back(register_status(r)); });
  db_->each("SELECT h.id, h.unit_id, h.fibre FROM households h" + where, p, [&](const Row& r) {
    out.households.push_back({r.i64(0), r.i64(1), r.i64(2) != 0});
  });
  return out;
}

}  // namespace langso
