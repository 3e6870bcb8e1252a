// Repositories: the application's reads and writes, written once in portable
// SQL against Db. The database is the truth; in-memory indexes are rebuilt
// from load_units/load_links/load_team_spans.
#pragma once
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/access.h"
#include "domain/activity.h"
#include "domain/household.h"
#include "domain/notification.h"
#include "domain/plan.h"
#include "domain/reorganisation.h"
#include "domain/report.h"
#include "domain/team.h"
#include "domain/unit.h"
#include "store/db.h"

namespace langso {

struct UserRecord {
  Id id = 0;
  std::string login;
  std::optional<std::string> phone;
  std::string full_name;
  std::string password_hash;
  Role role = Role::Viewer;
  Id unit_id = 0;  // 0: nation
  bool active = true;
};

struct SessionRecord {
  Id user_id = 0;
  std::string csrf_token;
  int64_t expires_at = 0;
  bool remember = false;  // a long session on a phone its owner trusts
  std::string label;      // what it was opened from ("Chrome · Android")
  int64_t created_at = 0;
  std::string token_hash;  // as listed (sessions_of_user)
};

struct LoginFailures {
  int64_t failures = 0;
  int64_t last_failure = 0;
  int64_t locked_until = 0;
};

struct TargetRecord {
  Id unit_id = 0;  // 0: the national default
  int year = 0;    // 0: every year
  std::string indicator;
  double value = 0;
};

struct UnitFacts {
  Id unit = 0;
  std::optional<int64_t> population;
  std::optional<double> area_km2, lat, lon;
};

// A journal row as the instances following the journal read it.
struct ChangeRecord {
  int64_t id = 0;
  std::string entity;
  Id entity_id = 0;
  std::string before_json, after_json, origin;
  int64_t at = 0;  // Unix seconds (register_changes_* only)
};

struct StoredActivity {
  Activity a;
  std::string idem_key, request_hash;
  int64_t created_at = 0, updated_at = 0;
  bool deleted = false;
};

int64_t now_seconds();

class Store {
 public:
  explicit Store(std::unique_ptr<Db> db) : db_(std::move(db)) {}
  Db& db() { return *db_; }

  // Units
  std::vector<Unit> load_units();
  std::vector<UnitLink> load_links();
  Id insert_unit(const Unit& u);
  void update_unit_name(Id id, const std::string& name, const std::string& type);
  Id insert_link(const UnitLink& l);
  // The unit with this code, level and start date (import idempotence).
  std::optional<Unit> find_unit(const std::string& code, Level level, Date valid_from);
  std::vector<std::string> village_codes_with_prefix(const std::string& prefix);

  // Reorganisations (store_reorg.cc)
  std::vector<Reorganisation> load_reorganisations();
  Id insert_reorganisation(const Reorganisation& r);
  std::vector<Succession> load_successions();
  void insert_succession(const Succession& s);
  void end_unit(Id id, Date end);                 // valid_to = end (exclusive)
  void end_links_of_child(Id child, Date end);    // its open links end on `end`
  void move_link(Id child, Date from, Id parent);  // the link beginning on `from` now points to parent
  std::vector<VillageAssignment> village_assignments();
  void put_village_assignment(const VillageAssignment& v);
  void put_unit_facts(const UnitFacts& f);
  std::optional<UnitFacts> unit_facts(Id unit);
  std::unordered_map<Id, int64_t> populations();  // every unit with a published population

  // Official reports (store_reports.cc): settings of a unit, and documents.
  std::optional<ReportSettings> report_settings(Id unit);
  void put_report_settings(const ReportSettings& s, Id by);
  std::optional<ReportDocument> report_document(Id unit, std::string_view form, std::string_view period);
  // A unit's saved documents, newest period first, without sections and recipients.
  std::vector<ReportDocument> report_documents_of(Id unit);
  // Inserts (d.id == 0) or replaces the document with its sections and
  // recipients; sets id, version (+1) and the times. Returns the new version.
  int64_t put_report_document(ReportDocument& d, Id by);
  void delete_report_document(Id id);

  // Plans, targets and tasks (store_plans.cc)
  // With the creator's Idempotency-Key and the request's digest (empty: none).
  Id insert_plan(const Plan& p, const std::string& idem_key = {}, const std::string& request_hash = {});
  void update_plan(const Plan& p);  // not the units nor created_*
  std::optional<Plan> get_plan(Id id);
  std::vector<Plan> all_plans();  // newest start first (a few thousand nationally)
  std::vector<Plan> plans_implementing(Id parent);
  Id insert_plan_target(const PlanTarget& t);
  std::vector<PlanTarget> targets_of_plan(Id plan);
  std::vector<PlanTarget> plan_targets_of_unit(Id unit, const std::string& indicator);  // in every plan
  std::optional<PlanTarget> get_plan_target(Id id);
  // Every target of the plans issued or ended (not drafts), for the scorecard's
  // targets (App::target_on): (unit, indicator, the target in force data).
  struct PlanTargetRow {
    Id unit = 0;
    std::string indicator;
    PlanTargetInForce t;
  };
  std::vector<PlanTargetRow> plan_targets_in_force();
  void delete_plan_target_tree(Id id);  // the target and those cascaded from it
  Id insert_plan_task(const PlanTask& t, const std::string& idem_key = {}, const std::string& request_hash = {});
  void update_plan_task_status(const PlanTask& t);  // status, note, link
  std::optional<PlanTask> get_plan_task(Id id);
  std::vector<PlanTask> tasks_of_plan(Id plan);  // by due date
  void insert_task_event(const TaskEvent& e);
  std::vector<TaskEvent> task_events(Id task);  // oldest first

  // Notifications (store_notifications.cc). A notification is addressed to
  // a unit; read marks are per user.
  // Records it unless its dedup key is recorded already (then nullopt).
  std::optional<Id> insert_notification(const Notification& n);
  bool notification_recorded(const std::string& dedup_key);
  // The unit's notifications, newest first, below `before` (an id), with
  // `read` set for this user.
  std::vector<Notification> notifications_of(Id unit, Id user, std::optional<Id> before, bool unread_only,
                                             size_t limit);
  int64_t unread_notifications(Id unit, Id user);
  std::optional<Notification> get_notification(Id id, Id user);  // `read` for this user
  void mark_notification_read(Id id, Id user);  // idempotent
  // Every notification of the unit up to id `up_to`; returns how many were unread.
  int64_t mark_all_notifications_read(Id unit, Id user, Id up_to);
  Id last_notification_id();
  std::vector<Notification> notifications_after(Id after, size_t limit);  // oldest first
  // How far an external channel has delivered (nullopt: never ran).
  std::optional<Id> channel_cursor(const std::string& channel);
  void put_channel_cursor(const std::string& channel, Id last_id);
  std::vector<Id> users_of_unit(Id unit);  // active users whose scope unit it is

  // Teams
  Id insert_team(const Team& t);
  void update_team(const Team& t);
  void delete_team(Id id);
  std::optional<Team> get_team(Id id);
  // Without member_counts, member_count is 0 (cheaper; member_counts() for a page).
  std::vector<Team> teams_of_units(const std::vector<Id>& unit_ids, bool member_counts = true);
  std::unordered_map<Id, int64_t> member_counts(const std::vector<Id>& team_ids);  // active members
  std::vector<Team> all_teams();  // without member counts; for rebuilding the engine

  // Members
  Id upsert_person(const std::string& full_name, const std::string& phone);
  Id insert_member(const Member& m);  // m.person_id set
  void update_member(const Member& m);
  void delete_member(Id id);
  std::optional<Member> get_member(Id id);
  std::vector<Member> members_of_team(Id team_id);
  std::vector<Member> members_of_teams(const std::vector<Id>& team_ids);  // by team, then id
  bool person_active_in_team(Id person_id, Id team_id, Id except_member);

  // Users and sessions
  Id insert_user(const UserRecord& u);
  void update_user(const UserRecord& u);
  std::optional<UserRecord> get_user(Id id);
  std::optional<UserRecord> find_user_by_login_or_phone(const std::string& login);
  std::vector<UserRecord> all_users();
  void insert_session(const std::string& token_hash, const SessionRecord& s);
  std::optional<SessionRecord> get_session(const std::string& token_hash);
  void delete_session(const std::string& token_hash);
  void delete_sessions_of_user(Id user_id);
  std::vector<SessionRecord> sessions_of_user(Id user_id, int64_t now);  // unexpired, newest first
  LoginFailures login_failures(const std::string& login);
  void put_login_failures(const std::string& login, const LoginFailures& f);
  void clear_login_failures(const std::string& login);
  // Browsers that logged in to an account (a device cookie's digest).
  std::optional<Id> trusted_device_user(const std::string& token_hash);
  void trust_device(const std::string& token_hash, Id user_id);  // or mark it used now
  void forget_device(const std::string& token_hash);

  // Activities (store_activities.cc)
  std::string activity_types_json();  // the catalogue, seeded on first use
  std::vector<nlohmann::json> indicator_specs();  // seeded on first use
  void insert_indicator(const nlohmann::json& spec, bool builtin);
  std::vector<TargetRecord> all_targets();
  void put_target(const TargetRecord& t);
  void delete_target(Id unit_id, int year, const std::string& indicator);
  void update_activity(const Activity& a, const ActivityCatalog& types);
  void delete_activity(Id id);
  std::optional<StoredActivity> get_activity(Id id, const ActivityCatalog& types);
  std::optional<StoredActivity> find_by_idempotency_key(Id author, const std::string& key, const ActivityCatalog& types);
  // The activities already recorded under these keys (deleted ones too), by key.
  std::unordered_map<std::string, StoredActivity> find_by_idempotency_keys(Id author, const std::vector<std::string>& keys,
                                                                          const ActivityCatalog& types);
  // Many at once, in the caller's transaction: a few multi-row statements
  // instead of a round trip each (PostgreSQL's batch rate depends on it).
  // Returns the new ids in the order of `items`.
  struct NewActivity {
    const Activity& a;
    const std::string& idem_key;
    const std::string& request_hash;
  };
  std::vector<Id> insert_activities(const std::vector<NewActivity>& items, const ActivityCatalog& types);
  // Activities per unit, deleted ones included (an upper bound, read from the
  // index alone) so the engine can size its arrays before loading.
  std::vector<std::pair<Id, int64_t>> activity_counts_by_unit();
  // Live activities, in id order, one at a time (20 million of them at national scale).
  void each_activity(const ActivityCatalog& types, const std::function<void(const Activity&)>& fn);
  // One stretch of the activity list, newest first (date, then id, both
  // descending): live activities dated [from, to] strictly older than
  // `before` in that order, matching every condition given, at most `limit`.
  // `lead` names the condition whose index the database walks
  // (activities_date, _team_date, _author_date, _type_date, _unit_date);
  // the others are written so that no planner uses their index and are
  // checked on the rows it reads. Callers page with the last row's (date,
  // id); engine/activity_pages.h chooses the lead.
  struct ActivityScan {
    enum class Lead { Date, Team, Author, Type, Units };
    Lead lead = Lead::Date;
    Date from, to;
    std::optional<std::pair<Date, Id>> before;
    std::vector<Id> units;  // empty: any unit (at most kRowsPerStatement)
    std::string type;       // empty: any type
    Id team = 0, author = 0;
    size_t limit = 50;
  };
  std::vector<StoredActivity> scan_activities(const ActivityScan& s, const ActivityCatalog& types);
  // Names for list rows, by id (users' full names; teams' names).
  std::unordered_map<Id, std::string> user_names(const std::vector<Id>& ids);
  std::unordered_map<Id, std::string> team_names(const std::vector<Id>& ids);
  std::vector<Member> all_members();

  // Household register (store_households.cc). Creates carry the author's
  // idempotency key and the request's digest, as activities do.
  std::string status_types_json();  // the catalogue, seeded on first use
  struct Keyed {
    Id id = 0;
    std::string request_hash;
  };
  // table: "households", "residents", "visits", "plans" or "plan_tasks".
  std::optional<Keyed> find_keyed(std::string_view table, Id author, const std::string& key);
  Id insert_household(const Household& h, Id author, const std::string& key, const std::string& digest);
  void update_household(const Household& h);
  void delete_household(Id id);
  std::optional<Household> get_household(Id id);
  // The unit's households with the number of persons living there on `on`.
  std::vector<Household> households_of_unit(Id unit, Date on);
  Id insert_resident(const Resident& r, Id author, const std::string& key, const std::string& digest);
  void update_resident(const Resident& r);
  std::optional<Resident> get_resident(Id id);
  std::optional<Id> resident_by_cccd(const std::string& digest);
  // Which of these CCCD digests some resident holds: an import asks for a
  // whole file's in a few queries (a few hundred each), not one per person.
  std::vector<std::string> cccd_digests_held(const std::vector<std::string>& digests);
  // The CCCD key (auth/cccd_key.h) the residents' digests are made with,
  // named by its check value. A database without one adopts `check`, first
  // re-keying every digest made before (each through `rekey`), in one
  // transaction serialised against other instances. Returns false, changing
  // nothing, when the database was digested with another key.
  bool adopt_cccd_key(const std::string& check, const std::function<std::string(const std::string&)>& rekey);
  Id insert_residency(const Residency& r);
  // Bulk writes of an import (inside the caller's transaction): rows carry
  // their ids, reserved up front (reserve_ids) so that a household names its
  // head and a residency its person before either is written; a few hundred
  // rows per statement (Db::bulk_insert). A failure throws and leaves the
  // rows of the statements before it: the caller rolls the transaction back.
  std::vector<Id> reserve_ids(std::string_view table, size_t n) { return db_->reserve_ids(table, n); }
  void insert_households(const std::vector<Household>& hs, Id author);
  void insert_residents(const std::vector<Resident>& rs, Id author);
  void insert_residencies(const std::vector<Residency>& xs);
  void insert_statuses(const std::vector<CitizenStatus>& ss, Id author);
  void update_residency(const Residency& r);
  void delete_residency(Id id);
  // Merging a duplicate person: its statuses and the households it heads pass to `to`.
  void reassign_statuses(Id from, Id to);
  void reassign_head(Id from, Id to);
  std::vector<Residency> residencies_of(Id resident);  // by valid_from
  std::vector<Residency> residencies_of_household(Id household);
  // The persons living in a household on a date (household_id set), by id.
  std::vector<Resident> residents_on(Id household, Date on);
  // The persons living in these villages on a date (household_id set), by id.
  std::vector<Resident> residents_of_units(const std::vector<Id>& units, Date on);
  bool household_ever_lived_in(Id household);
  Id insert_status(const CitizenStatus& s, Id author);
  void update_status(const CitizenStatus& s);
  void delete_status(Id id);
  std::optional<CitizenStatus> get_status(Id id);
  std::vector<CitizenStatus> statuses_of(const std::vector<Id>& residents);
  // The full names of these residents, by id (one query per few hundred ids).
  std::unordered_map<Id, std::string> names_of(const std::vector<Id>& residents);
  std::vector<CitizenStatus> statuses_of_visit(Id visit);
  Id insert_visit(const Visit& v, const std::string& key, const std::string& digest);
  void update_visit(const Visit& v);
  void delete_visit(Id id);
  std::optional<Visit> get_visit(Id id);  // with its changes (its statuses)
  std::vector<Visit> visits_of_household(Id household);
  // The day of the latest visit on or before `on` of each household of the
  // unit that has one (one query; the door-to-door list's "visited").
  std::unordered_map<Id, Date> last_visits_of_unit(Id unit, Date on);
  void set_activity_visit(Id activity, std::optional<Id> visit);
  void unlink_visit_activities(Id visit);  // every activity of the visit, deleted ones too
  std::vector<Id> activities_of_visit(Id visit);  // live ones
  std::optional<Id> visit_of_activity(Id activity);
  // What the engine counts of the register (unit 0: every village).
  struct RegisterRow {
    Id resident = 0, unit = 0, household = 0;
    Interval lived;
    std::optional<Date> birth_date, ended_on;
    int birth_year = 0;
  };
  struct RegisterStatusRow {
    Id resident = 0;
    std::string type;
    Interval when;
  };
  struct RegisterHouseholdRow {
    Id id = 0, unit = 0;
    bool fibre = false;
  };
  struct RegisterRows {
    std::vector<RegisterRow> people;
    std::vector<RegisterStatusRow> statuses;
    std::vector<RegisterHouseholdRow> households;
  };
  RegisterRows register_rows(Id unit);
  // The same for the villages with ids in [first, last] (a chunk of a
  // start's load: register_villages() in order, a few hundred at a time).
  RegisterRows register_rows_between(Id first, Id last);
  std::vector<Id> register_villages();  // units with households, by id
  // The people rows and statuses of these residents alone (no households):
  // what a change of their statuses moves (Engine::change_people).
  RegisterRows register_rows_of_residents(const std::vector<Id>& residents);

  // Offline sync (store_sync.cc, domain/sync.h): the entries a user's
  // phone synced (by the phone's key, with the answer given), and the
  // conflicts of concurrent edits.
  struct SyncEntry {
    std::string request_hash;
    std::string result_json;
    Id entity_id = 0;
  };
  std::optional<SyncEntry> find_sync_entry(Id user, const std::string& key);
  void insert_sync_entry(Id user, const std::string& key, const SyncEntry& e, std::string_view kind,
                         std::optional<int64_t> device_at);
  struct SyncConflictRow {
    Id id = 0, user = 0, unit = 0, commune = 0;
    std::string entity;  // "household" | "resident"
    Id entity_id = 0;
    std::string field, base_json, mine_json, theirs_json, key;
    int64_t created_at = 0;
  };
  void insert_sync_conflict(const SyncConflictRow& c);
  // Newest first: of one user (user != 0), else of these villages.
  std::vector<SyncConflictRow> sync_conflicts(Id user, const std::vector<Id>& villages, size_t limit);
  // Journal rows of the register, teams and activities after `after`, or
  // written at or after `since` (Unix seconds), in id order, at most `limit`.
  std::vector<ChangeRecord> sync_journal(int64_t after, int64_t since, size_t limit);

  // The register's snapshot (store_register_counts.cc; App::load_register):
  // each village's counts as the engine derived them (the bytes of
  // encode_counts), with the journal position they reflect: every journal
  // row up to as_of_id had been applied, at as_of_at (Unix seconds). Only
  // rows of the same shape (Engine::register_shape) are read. Derived data:
  // the database's register stays the truth, and a row may always be
  // dropped or replaced.
  struct SavedCounts {
    Id village = 0;
    int64_t as_of_id = 0, as_of_at = 0;
    std::string bytes;
  };
  void each_saved_counts(const std::string& shape, const std::function<void(SavedCounts&)>& fn);
  // In one transaction: rows of another shape go (on this store's first save
  // in a shape: a start that found another shape counted everything, and
  // later saves need not look again); each row replaces the village's saved
  // one unless that one is newer (a higher as_of_id, saved by another
  // instance further along the journal).
  void save_counts(const std::string& shape, const std::vector<SavedCounts>& rows);
  // The register's journal rows (households, residents, statuses, visits, imports)
  // after `after`, in id order, at most `limit`; and those up to `up_to`
  // written at or after `since` (Unix seconds), with their `at`.
  std::vector<ChangeRecord> register_changes_after(int64_t after, size_t limit);
  std::vector<ChangeRecord> register_changes_since(int64_t since, int64_t up_to);

  // Journals. Every write is journalled in its transaction, tagged with the
  // writing process (set_origin), which is what other instances follow.
  void set_origin(std::string origin) { origin_ = std::move(origin); }
  const std::string& origin() const { return origin_; }
  int64_t last_change_id();
  // The id of the last journal row this process wrote (0: none), committed or
  // not: a replica is read once it has replayed it (App::reads).
  int64_t last_written_change() const { return last_written_change_.load(std::memory_order_acquire); }
  // Rows after `after`, and the rows `also` (ids skipped earlier because their
  // transaction had not committed yet), in id order.
  std::vector<ChangeRecord> changes_after(int64_t after, const std::vector<int64_t>& also, size_t limit);
  void audit(Id user_id, std::string_view action, std::string_view entity, Id entity_id,
             const std::string& before_json, const std::string& after_json);
  struct AuditEntry {
    Id user_id;
    std::string_view action, entity;
    Id entity_id;
    std::string before_json, after_json;
  };
  void audit_many(const std::vector<AuditEntry>& entries);  // multi-row, like insert_activities
  // unit: the unit whose people were read (a village, a commune; 0 unknown),
  // what the commune's read log selects on.
  void log_personal_data_access(Id user_id, std::string_view entity, Id entity_id, int64_t records, Id unit = 0);
  struct DataAccess {
    Id id = 0;
    int64_t at = 0;
    Id user_id = 0;
    std::string user_name, user_role, entity;
    Id entity_id = 0, unit_id = 0;
    int64_t records = 0;
  };
  // The reads of these units' personal data, newest first (before_id: paging).
  std::vector<DataAccess> personal_data_log(const std::vector<Id>& units, Id before_id, size_t limit);

 private:
  void push_audit_values(std::vector<Value>& v, const AuditEntry& e, int64_t now) const;
  std::unique_ptr<Db> db_;
  std::string origin_;
  std::atomic<int64_t> last_written_change_{0};
  std::string counts_shape_;  // the shape save_counts last cleared others for (under the writer)
};

// Opens a store from a SQLite path or a PostgreSQL URL or key=value string
// (is_postgres_location) and applies migrations.
std::unique_ptr<Store> open_store(const std::string& location);
// Another connection to a database open_store has migrated (no migration).
std::unique_ptr<Store> connect_store(const std::string& location);
// Opens a read-only streaming replica (PostgreSQL only). It is never migrated:
// this waits up to `wait` for it to replay the primary's schema version.
std::unique_ptr<Store> open_replica(const std::string& location, std::chrono::seconds wait);

}  // namespace langso
