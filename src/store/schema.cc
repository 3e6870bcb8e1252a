#include "store/schema.h"

#include <fmt/format.h>

#include <array>

namespace langso {

// SQLite's dialect; each backend translates it (Db::ddl, pg_ddl.h). Dates are
// ISO text (sortable), instants are Unix seconds.
static constexpr std::array<const char*, 18> kMigrations = {
    R"SQL(
CREATE TABLE units (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  level INTEGER NOT NULL,
  valid_from TEXT,
  valid_to TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX units_code ON units(code);
CREATE TABLE unit_links (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  child_id INTEGER NOT NULL REFERENCES units(id),
  parent_id INTEGER NOT NULL REFERENCES units(id),
  valid_from TEXT,
  valid_to TEXT
);
CREATE INDEX unit_links_child ON unit_links(child_id);
CREATE INDEX unit_links_parent ON unit_links(parent_id);
CREATE TABLE teams (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  name TEXT NOT NULL,
  decision_number TEXT NOT NULL DEFAULT '',
  decision_date TEXT,
  decision_issuer TEXT NOT NULL DEFAULT '',
  active_from TEXT NOT NULL,
  active_to TEXT,
  zalo_link TEXT NOT NULL DEFAULT '',
  zalo_members INTEGER NOT NULL DEFAULT 0,
  notes TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX teams_unit ON teams(unit_id);
CREATE TABLE persons (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  full_name TEXT NOT NULL,
  phone TEXT NOT NULL UNIQUE
);
CREATE TABLE memberships (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  full_name TEXT NOT NULL,
  role TEXT NOT NULL,
  affiliation TEXT NOT NULL,
  joined_on TEXT NOT NULL,
  left_on TEXT,
  trained_on TEXT
);
CREATE INDEX memberships_team ON memberships(team_id);
CREATE INDEX memberships_person ON memberships(person_id);
CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  login TEXT NOT NULL UNIQUE,
  phone TEXT UNIQUE,
  full_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  unit_id INTEGER REFERENCES units(id),
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE login_failures (
  login TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_failure INTEGER NOT NULL,
  locked_until INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  user_id INTEGER,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id INTEGER,
  before_json TEXT,
  after_json TEXT
);
CREATE TABLE personal_data_access (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  entity TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  records INTEGER NOT NULL
);
)SQL",
    // Activities, their types, indicators and targets.
    R"SQL(
CREATE TABLE activity_types (
  code TEXT PRIMARY KEY,
  position INTEGER NOT NULL,
  spec TEXT NOT NULL
);
CREATE TABLE activities (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  team_id INTEGER REFERENCES teams(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  type TEXT NOT NULL,
  date TEXT NOT NULL,
  category TEXT,
  q1 INTEGER NOT NULL DEFAULT 0,
  q2 INTEGER NOT NULL DEFAULT 0,
  q3 INTEGER NOT NULL DEFAULT 0,
  q4 INTEGER NOT NULL DEFAULT 0,
  note TEXT NOT NULL DEFAULT '',
  author_id INTEGER NOT NULL,
  idem_key TEXT,
  request_hash TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  deleted_at INTEGER
);
CREATE UNIQUE INDEX activities_idem ON activities(author_id, idem_key);
CREATE INDEX activities_unit_date ON activities(unit_id, date);
CREATE INDEX activities_team ON activities(team_id);
CREATE TABLE indicators (
  code TEXT PRIMARY KEY,
  position INTEGER NOT NULL,
  spec TEXT NOT NULL,
  builtin INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE targets (
  unit_id INTEGER NOT NULL,
  year INTEGER NOT NULL,
  indicator TEXT NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (unit_id, year, indicator)
);
)SQL",
    // Reorganisations: dated events, which units succeeded which, the
    // villages of split communes awaiting an officer's decision, and facts
    // (population, area, centre) published with a structure.
    R"SQL(
CREATE TABLE reorganisations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  effective_date TEXT NOT NULL,
  name TEXT NOT NULL,
  legal_basis TEXT NOT NULL,
  legal_date TEXT,
  created_at INTEGER NOT NULL,
  UNIQUE (effective_date, name)
);
CREATE TABLE unit_successions (
  reorganisation_id INTEGER NOT NULL REFERENCES reorganisations(id),
  old_unit_id INTEGER NOT NULL REFERENCES units(id),
  new_unit_id INTEGER NOT NULL REFERENCES units(id),
  whole INTEGER NOT NULL,
  position INTEGER NOT NULL,
  legal_basis TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (old_unit_id, new_unit_id)
);
CREATE INDEX unit_successions_new ON unit_successions(new_unit_id);
CREATE TABLE village_assignments (
  village_id INTEGER PRIMARY KEY REFERENCES units(id),
  reorganisation_id INTEGER NOT NULL REFERENCES reorganisations(id),
  old_commune_id INTEGER NOT NULL REFERENCES units(id),
  commune_id INTEGER NOT NULL REFERENCES units(id),
  decided_by INTEGER,
  decided_at INTEGER
);
CREATE TABLE unit_facts (
  unit_id INTEGER PRIMARY KEY REFERENCES units(id),
  population INTEGER,
  area_km2 REAL,
  lat REAL,
  lon REAL
);
)SQL",
    // Which process wrote each journal row: every instance on one database
    // follows the journal and applies the others' writes (engine/follower.h).
    R"SQL(
ALTER TABLE audit_log ADD COLUMN origin TEXT;
)SQL",
    // Browsers an account has logged in from: a failed log-in from one of them
    // counts against that browser only, so nobody can lock an account out of
    // the browsers it uses (auth/throttle.h).
    R"SQL(
CREATE TABLE trusted_devices (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  last_used_at INTEGER NOT NULL
);
CREATE INDEX trusted_devices_user ON trusted_devices(user_id);
)SQL",
    // Sessions a person keeps on a phone they trust ("Ghi nhớ trên thiết bị
    // này"), and what they were opened from, so their owner can see and end them.
    R"SQL(
ALTER TABLE sessions ADD COLUMN remember INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN label TEXT NOT NULL DEFAULT '';
)SQL",
    // Official reports (domain/report.h): who issues and signs a unit's
    // reports, and the report documents officers write, one per unit, form
    // and period, with their sections and recipients. The figures are not
    // stored: they come from the engine when a report is exported. Issue 15
    // (submission and approval) adds a status column and tables of events and
    // frozen values keyed by report_documents.id; `version` already refuses
    // the second of two saves made from the same version (two tabs).
    R"SQL(
CREATE TABLE report_settings (
  unit_id INTEGER PRIMARY KEY REFERENCES units(id),
  issuer_kind TEXT NOT NULL,
  issuer_name TEXT NOT NULL DEFAULT '',
  abbreviation TEXT NOT NULL,
  head_title TEXT NOT NULL,
  signer_title TEXT NOT NULL,
  signer_name TEXT NOT NULL DEFAULT '',
  place TEXT NOT NULL,
  updated_by INTEGER,
  updated_at INTEGER NOT NULL
);
CREATE TABLE report_documents (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  form TEXT NOT NULL,
  period TEXT NOT NULL,
  period_from TEXT NOT NULL,
  period_to TEXT NOT NULL,
  number TEXT NOT NULL DEFAULT '',
  report_date TEXT,
  signer_title TEXT,
  signer_name TEXT,
  version INTEGER NOT NULL,
  created_by INTEGER,
  created_at INTEGER NOT NULL,
  updated_by INTEGER,
  updated_at INTEGER NOT NULL,
  UNIQUE (unit_id, form, period)
);
CREATE INDEX report_documents_period ON report_documents(period_from, period_to);
CREATE TABLE report_sections (
  report_id INTEGER NOT NULL REFERENCES report_documents(id),
  code TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (report_id, code)
);
CREATE TABLE report_recipients (
  report_id INTEGER NOT NULL REFERENCES report_documents(id),
  position INTEGER NOT NULL,
  unit_id INTEGER REFERENCES units(id),
  name TEXT NOT NULL,
  addressed INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (report_id, position)
);
)SQL",
    // The household register (issue 12, domain/household.h): households of a
    // village, the persons living there with a dated history of residence,
    // their digital-citizen statuses (types are data) and the visits that
    // changed them. An activity a visit counted in names the visit.
    R"SQL(
CREATE TABLE households (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  hamlet TEXT NOT NULL DEFAULT '',
  house_number TEXT NOT NULL DEFAULT '',
  address_note TEXT NOT NULL DEFAULT '',
  head_id INTEGER,
  phone TEXT NOT NULL DEFAULT '',
  fibre INTEGER NOT NULL DEFAULT 0,
  smart_device INTEGER NOT NULL DEFAULT 0,
  author_id INTEGER NOT NULL,
  idem_key TEXT,
  request_hash TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX households_unit ON households(unit_id);
CREATE UNIQUE INDEX households_idem ON households(author_id, idem_key);
CREATE TABLE residents (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  full_name TEXT NOT NULL,
  birth_date TEXT,
  birth_year INTEGER NOT NULL,
  sex TEXT NOT NULL,
  phone TEXT NOT NULL DEFAULT '',
  cccd_digest TEXT UNIQUE,
  cccd_last4 TEXT NOT NULL DEFAULT '',
  ethnic TEXT NOT NULL DEFAULT '',
  ended_on TEXT,
  end_reason TEXT NOT NULL DEFAULT '',
  author_id INTEGER NOT NULL,
  idem_key TEXT,
  request_hash TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX residents_idem ON residents(author_id, idem_key);
CREATE TABLE residencies (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  resident_id INTEGER NOT NULL REFERENCES residents(id),
  household_id INTEGER NOT NULL REFERENCES households(id),
  valid_from TEXT NOT NULL,
  valid_to TEXT
);
CREATE INDEX residencies_resident ON residencies(resident_id);
CREATE INDEX residencies_household ON residencies(household_id);
CREATE TABLE citizen_status_types (
  code TEXT PRIMARY KEY,
  position INTEGER NOT NULL,
  spec TEXT NOT NULL
);
CREATE TABLE visits (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  household_id INTEGER NOT NULL REFERENCES households(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  date TEXT NOT NULL,
  team_id INTEGER REFERENCES teams(id),
  member_id INTEGER REFERENCES memberships(id),
  present TEXT NOT NULL DEFAULT '[]',
  note TEXT NOT NULL DEFAULT '',
  author_id INTEGER NOT NULL,
  idem_key TEXT,
  request_hash TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX visits_household ON visits(household_id);
CREATE UNIQUE INDEX visits_idem ON visits(author_id, idem_key);
CREATE TABLE citizen_statuses (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  resident_id INTEGER NOT NULL REFERENCES residents(id),
  type TEXT NOT NULL,
  option_code TEXT NOT NULL DEFAULT '',
  gained_on TEXT NOT NULL,
  lost_on TEXT,
  team_id INTEGER REFERENCES teams(id),
  member_id INTEGER REFERENCES memberships(id),
  source TEXT NOT NULL,
  visit_id INTEGER REFERENCES visits(id),
  author_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX citizen_statuses_resident ON citizen_statuses(resident_id);
CREATE INDEX citizen_statuses_visit ON citizen_statuses(visit_id);
ALTER TABLE activities ADD COLUMN visit_id INTEGER REFERENCES visits(id);
CREATE INDEX activities_visit ON activities(visit_id);
)SQL",
    // 9: plans, their targets and tasks (issue 14; domain/plan.h).
    R"SQL(
CREATE TABLE plans (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  number TEXT NOT NULL,
  issued_on TEXT NOT NULL,
  issuer_unit_id INTEGER NOT NULL REFERENCES units(id),
  issuer_organ TEXT NOT NULL,
  title TEXT NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  start_on TEXT NOT NULL,
  end_on TEXT NOT NULL,
  status TEXT NOT NULL,
  parent_id INTEGER REFERENCES plans(id),
  created_by INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX plans_unit ON plans(unit_id, start_on);
CREATE INDEX plans_parent ON plans(parent_id);
CREATE TABLE plan_targets (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  indicator TEXT NOT NULL,
  value REAL NOT NULL,
  deadline TEXT NOT NULL,
  cascade_kind TEXT NOT NULL,
  from_target_id INTEGER REFERENCES plan_targets(id)
);
CREATE INDEX plan_targets_plan ON plan_targets(plan_id, unit_id);
CREATE INDEX plan_targets_unit ON plan_targets(unit_id, indicator);
CREATE TABLE plan_tasks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  from_unit_id INTEGER NOT NULL REFERENCES units(id),
  to_unit_id INTEGER NOT NULL REFERENCES units(id),
  to_team_id INTEGER REFERENCES teams(id),
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  evidence_expected TEXT NOT NULL,
  due_on TEXT NOT NULL,
  status TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  link TEXT NOT NULL DEFAULT '',
  created_by INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX plan_tasks_plan ON plan_tasks(plan_id);
CREATE INDEX plan_tasks_to_unit ON plan_tasks(to_unit_id);
CREATE TABLE plan_task_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  task_id INTEGER NOT NULL REFERENCES plan_tasks(id),
  action TEXT NOT NULL,
  status TEXT NOT NULL,
  note TEXT NOT NULL,
  link TEXT NOT NULL,
  reason TEXT NOT NULL,
  by_user INTEGER,
  at_time INTEGER NOT NULL
);
CREATE INDEX plan_task_events_task ON plan_task_events(task_id, id);
)SQL",
    // 10: notifications, each user's read marks, and the external channels'
    // delivery cursors (issue 14; domain/notification.h, engine/notify.h);
    // plans' and tasks' Idempotency-Key; the files of plans and tasks
    R"SQL(
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  subject_type TEXT NOT NULL,
  subject_id INTEGER NOT NULL,
  plan_id INTEGER,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  due_on TEXT,
  dedup_key TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE INDEX notifications_unit ON notifications(unit_id, id);
CREATE TABLE notification_reads (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  notification_id INTEGER NOT NULL REFERENCES notifications(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  read_at INTEGER NOT NULL,
  UNIQUE (notification_id, user_id)
);
CREATE TABLE notification_channels (
  channel TEXT PRIMARY KEY,
  last_id INTEGER NOT NULL
);
ALTER TABLE plans ADD COLUMN idem_key TEXT;
ALTER TABLE plans ADD COLUMN request_hash TEXT;
CREATE UNIQUE INDEX plans_idem ON plans(created_by, idem_key);
ALTER TABLE plan_tasks ADD COLUMN idem_key TEXT;
ALTER TABLE plan_tasks ADD COLUMN request_hash TEXT;
CREATE UNIQUE INDEX plan_tasks_idem ON plan_tasks(created_by, idem_key);
CREATE TABLE plan_files (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  task_id INTEGER REFERENCES plan_tasks(id),
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  content TEXT NOT NULL,
  uploaded_by INTEGER,
  uploaded_at INTEGER NOT NULL
);
CREATE INDEX plan_files_plan ON plan_files(plan_id, id);
)SQL",
    // 11: offline sync (issue 13; domain/sync.h): the outbox entries each
    // user's phone synced, with the answer given (a replay answers it again);
    // the conflicts of concurrent edits; the journal read by time for the
    // cursor's overlap.
    R"SQL(
CREATE TABLE sync_entries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users(id),
  idem_key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  kind TEXT NOT NULL,
  entity_id INTEGER,
  result TEXT NOT NULL,
  device_at INTEGER,
  received_at INTEGER NOT NULL,
  UNIQUE (user_id, idem_key)
);
CREATE TABLE sync_conflicts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  commune_id INTEGER NOT NULL,
  entity TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  field TEXT NOT NULL,
  base_value TEXT NOT NULL,
  mine TEXT NOT NULL,
  theirs TEXT NOT NULL,
  idem_key TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX sync_conflicts_user ON sync_conflicts(user_id, id);
CREATE INDEX sync_conflicts_commune ON sync_conflicts(commune_id, id);
CREATE INDEX audit_log_at ON audit_log(at);
)SQL",
    // 12: periodic reports (issue 15; domain/report_form.h): a report
    // document's status (draft, submitted, approved, not_reporting) with when
    // and by whom it was first submitted and last approved; every step in
    // report_events (who, when, why); the figures frozen at submission in
    // report_values (NULL: no value, as the scorecard shows it); the
    // validation rules a submission broke, with their explanations.
    R"SQL(
ALTER TABLE report_documents ADD COLUMN status TEXT NOT NULL DEFAULT 'draft';
ALTER TABLE report_documents ADD COLUMN submitted_at INTEGER;
ALTER TABLE report_documents ADD COLUMN submitted_by INTEGER;
ALTER TABLE report_documents ADD COLUMN approved_at INTEGER;
ALTER TABLE report_documents ADD COLUMN approved_by INTEGER;
CREATE INDEX report_documents_form ON report_documents(form, period, unit_id);
CREATE INDEX report_documents_status ON report_documents(status, period_from, period_to);
CREATE TABLE report_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  report_id INTEGER NOT NULL REFERENCES report_documents(id),
  action TEXT NOT NULL,
  status TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  by_user INTEGER,
  at_time INTEGER NOT NULL
);
CREATE INDEX report_events_report ON report_events(report_id, id);
CREATE TABLE report_values (
  report_id INTEGER NOT NULL REFERENCES report_documents(id),
  indicator TEXT NOT NULL,
  value REAL,
  PRIMARY KEY (report_id, indicator)
);
CREATE TABLE report_violations (
  report_id INTEGER NOT NULL REFERENCES report_documents(id),
  rule TEXT NOT NULL,
  left_value REAL,
  right_value REAL,
  explanation TEXT NOT NULL,
  PRIMARY KEY (report_id, rule)
);
)SQL",
    // 13 (issue 15): the outliers a submission flagged (engine/periodic.h,
    // domain/outlier.h) with their follow-up: NULL outcome while open;
    // 'checked' (checked and correct) or 'corrected', with a note, who and when.
    R"SQL(
CREATE TABLE report_outliers (
  report_id INTEGER NOT NULL REFERENCES report_documents(id),
  indicator TEXT NOT NULL,
  value REAL NOT NULL,
  z_history REAL NOT NULL,
  z_peers REAL NOT NULL,
  outcome TEXT,
  note TEXT NOT NULL DEFAULT '',
  by_user INTEGER,
  at_time INTEGER,
  PRIMARY KEY (report_id, indicator)
);
)SQL",
    // 14 (issue 12): the register's personal data — the unit whose people a
    // read concerned (the commune's read log), the person's consent to be
    // registered, erasure on request, and merged duplicates.
    R"SQL(
ALTER TABLE personal_data_access ADD COLUMN unit_id INTEGER;
CREATE INDEX personal_data_access_unit ON personal_data_access(unit_id, id);
ALTER TABLE residents ADD COLUMN consent_on TEXT;
ALTER TABLE residents ADD COLUMN erased_on TEXT;
ALTER TABLE residents ADD COLUMN merged_into INTEGER;
)SQL",
    // 15 (issue 12): the check value of the key the residents' CCCD digests
    // are made with (auth/cccd_key.h); one row once a server has adopted one.
    R"SQL(
CREATE TABLE cccd_key (
  check_value TEXT NOT NULL
);
)SQL",
    // 16 (issue 12): the register's snapshot, derived from the register
    // (Store::save_counts, App::load_register): each village's counts in
    // base64, the shape they were counted in, and the journal position
    // they reflect.
    R"SQL(
CREATE TABLE register_counts (
  village_id INTEGER PRIMARY KEY,
  shape TEXT NOT NULL,
  as_of_id INTEGER NOT NULL,
  as_of_at INTEGER NOT NULL,
  counts TEXT NOT NULL
);
)SQL",
    // 17 (issue 12): the register's indexes over columns that are NULL in
    // most rows (statuses not gained in a visit, rows not written with an
    // idempotency key: every imported one) hold only the rows that have a
    // value. A NULL entry sorts before every value, so each imported row was
    // inserted into the middle of the index, not appended: on a database of
    // ten imported villages 40,000 statuses took 54-92 ms with the entries
    // and 44 ms without (docs/performance.md). The queries that use them ask
    // `= ?`, which implies NOT NULL; uniqueness was never about NULLs.
    R"SQL(
DROP INDEX citizen_statuses_visit;
CREATE INDEX citizen_statuses_visit ON citizen_statuses(visit_id) WHERE visit_id IS NOT NULL;
DROP INDEX residents_idem;
CREATE UNIQUE INDEX residents_idem ON residents(author_id, idem_key) WHERE idem_key IS NOT NULL;
DROP INDEX households_idem;
CREATE UNIQUE INDEX households_idem ON households(author_id, idem_key) WHERE idem_key IS NOT NULL;
)SQL",
    // 18 (issue 12): a CCCD's digest is the first 128 bits of the keyed MAC
    // (auth/cccd_key.h), 32 hex digits instead of 64: the unique index on it
    // is filled at random places, and an import of a village's 12,500 CCCDs
    // took 50-110 ms more with the long digests than without CCCDs, about
    // half of that with the short ones (docs/performance.md). Keyed digests
    // are cut here; the unkeyed ones of a database that has no key yet stay
    // whole until the server's first start with a key re-keys them
    // (Store::adopt_cccd_key), which makes short ones.
    R"SQL(
UPDATE residents SET cccd_digest = substr(cccd_digest, 1, 32)
  WHERE length(cccd_digest) = 64 AND EXISTS (SELECT 1 FROM cccd_key);
)SQL",
};

// Indexes that need no schema version: created when missing, after the
// migrations, on every start (a no-op once there). On a large existing
// database the first start after adding one builds it (tens of seconds at
// national scale). Used by the paged activity list (engine/activity_pages.h).
static constexpr std::array<const char*, 4> kIndexes = {
    "CREATE INDEX IF NOT EXISTS activities_date ON activities(date, id)",
    "CREATE INDEX IF NOT EXISTS activities_type_date ON activities(type, date, id)",
    "CREATE INDEX IF NOT EXISTS activities_team_date ON activities(team_id, date, id)",
    "CREATE INDEX IF NOT EXISTS activities_author_date ON activities(author_id, date, id)",
};

int latest_schema_version() { return static_cast<int>(kMigrations.size()); }

void serialise_setup(Db& db) {
  if (db.backend() == "postgresql") db.exec("SELECT pg_advisory_xact_lock(?)", {int64_t{0x6c616e67736f}});  // "langso"
}

int schema_version(Db& db) {
  auto row = db.query_one("SELECT MAX(version) FROM schema_version");
  return row && !row->is_null(0) ? static_cast<int>(row->i64(0)) : 0;
}

void refuse_newer_schema(int version) {
  if (version > latest_schema_version())
    throw std::runtime_error(fmt::format(
        "cơ sở dữ liệu ở phiên bản lược đồ {} mới hơn phiên bản {} mà chương trình này biết; hãy dùng bản langso mới hơn",
        version, latest_schema_version()));
}

int migrate(Db& db) {
  // One transaction, serialised before anything is read, so two instances
  // starting on a new database at the same moment migrate it once.
  Transaction tx(db);
  serialise_setup(db);
  db.exec_script(db.ddl("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"));
  const int current = schema_version(db);
  refuse_newer_schema(current);
  for (int v = current; v < latest_schema_version(); ++v) {
    db.exec_script(db.ddl(kMigrations[static_cast<size_t>(v)]));
    db.exec("INSERT INTO schema_version(version) VALUES (?)", {int64_t{v + 1}});
  }
  for (const char* sql : kIndexes) db.exec_script(db.ddl(sql));
  tx.commit();
  return latest_schema_version();
}

}  // namespace langso
