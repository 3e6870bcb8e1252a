// The running application state: the store (the truth) and everything derived
// from it in memory: the unit hierarchy, team spans, the activity and
// indicator catalogues, targets and the rollup engine.
//
// Locking (the invariant every caller keeps):
// - readers (GET requests) hold read_lock() and read the indexes, and the
//   database through reads(): a connection of their own (or the replica),
//   never the writers' one, so a write waiting on the database (a table lock,
//   a full disk) never makes a read wait;
// - writers hold writer(): one at a time on this instance, for the whole
//   request, with the primary's write connection (store()) to themselves.
//   They read the indexes without read_lock() (only holders of writer()
//   change them) and change them under exclusive() only after their
//   transaction committed — briefly, never around a database call;
// - writer() waits at most write_wait(), then throws DbUnavailableError (the
//   API's 503 with Retry-After), so a write stuck behind a lock fails in time
//   and the ones queued behind it too;
// - nobody takes writer() while holding read_lock() (a writer waiting in
//   exclusive() for that reader would deadlock with it).
#pragma once
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <unordered_map>

#include "auth/cccd_key.h"
#include "domain/indicator.h"
#include "domain/unit_index.h"
#include "engine/engine.h"
#include "engine/report_index.h"
#include "store/store.h"

namespace langso {

class App {
 public:
  // `replica`, when given, is a streaming replica of the same database: the
  // indexes are built from it, the follower tails it, and GET requests read
  // it (reads()). Writes, and the reads of write requests, go to `store`.
  // `store` is the primary's write connection. `primary_reads`, another
  // connection to the same database, serves reads outside writes (without
  // one, as in single-threaded tools and tests, reads share `store`).
  // `replica`, when given, is a streaming replica of the same database: the
  // indexes are built from it, the follower tails it, and GET requests read
  // it once it has caught up (reads()).
  explicit App(std::unique_ptr<Store> store, std::unique_ptr<Store> replica = nullptr,
               std::unique_ptr<Store> primary_reads = nullptr)
      : store_(std::move(store)), replica_(std::move(replica)), primary_reads_(std::move(primary_reads)) {
    rebuild();
  }

  // The CCCD key (auth/cccd_key.h), before serving: the database adopts it
  // (re-keying digests made without one) or, digested with another key,
  // refuses it — a runtime_error, so the server does not start and miss
  // every duplicate. cccd_digest() throws logic_error before a key is set.
  void use_cccd_key(const CccdKey& key);
  std::string cccd_digest(std::string_view digits) const;

  // Reloads every index from reader(). Before serving, or under writer() and exclusive().
  void rebuild();
  // Applies a write journalled by another instance on the same database to
  // the in-memory indexes (the caller holds writer(); this takes exclusive()
  // only once it has read what it needs). Idempotent.
  void apply_change(const ChangeRecord& c);
  // The organisation facts (teams with their members) of a unit, read from
  // the primary for Engine::set_teams after its teams or members changed.
  std::vector<TeamFacts> team_facts(Id unit);
  // Reloads the engine's register of a village from the primary (after a
  // register write committed; the caller holds writer(), not exclusive()).
  void refresh_register(Id village);
  // The same from rows the caller has in hand: the village's whole register
  // as the database holds it now, exactly what register_rows(village) would
  // read (a write that knows it, as an import into a village that had no
  // household before).
  void refresh_register(Id village, const Store::RegisterRows& rows);
  // The same in two steps, for a write that counts its rows on another
  // thread while the store writes them (an import into a village that had no
  // household before, engine/register_import.cc): count_register() changes
  // nothing and may run beside the writes, as long as the caller holds
  // writer() (the catalogue and the engine's register layout change only
  // under it); set_register_counts() puts the counts in once committed.
  VillageCounts count_register(Id village, const Store::RegisterRows& rows);
  void set_register_counts(Id village, VillageCounts counts);
  // Whether the engine's counts of the village equal a count of its register
  // in `from` (the start's spot checks, tests). Reads `from`; changes nothing.
  bool register_agrees(Store& from, Id village);
  // A write that changes only some people's statuses (a visit, a status
  // added, changed or removed), not where anyone lives: register_people()
  // before it (under writer()), refresh_people() after it commits. The
  // engine then moves by those people alone (Engine::change_people), or
  // recounts their villages when it cannot.
  struct PeopleBefore {
    std::vector<Id> residents;
    std::unordered_map<Id, VillageRegister> by_village;
  };
  PeopleBefore register_people(const std::vector<Id>& residents);
  // Every village these persons ever lived in.
  static std::set<Id> villages_of_people(Store& from, const std::vector<Id>& residents);
  // The villages whose register a journal row of the register may have
  // changed (the unit named, the households', every village of the persons
  // named); nullopt when the row names nothing to go by.
  static std::optional<std::set<Id>> villages_named(Store& from, const ChangeRecord& c);

  // The register's snapshot (Store::save_counts). A start reads the saved
  // counts instead of counting every person, and counts again only the
  // villages the journal names after a village's saved position (or in the
  // few minutes before it: a transaction may commit after a later id), plus
  // a few villages picked at random to check that the saved counts still
  // equal a count of the register; any difference, and the whole register is
  // counted again. Saved under another shape (register_shape): not read.
  std::string register_shape() const;
  // Saves up to `limit` villages whose counts changed since they were last
  // saved, as reflecting every journal row up to `as_of_id` (the caller
  // holds writer(), so every write up to there is in the counts: the
  // follower's horizon). Returns how many; on a database error they are
  // unsaved again and it throws.
  size_t save_register_counts(int64_t as_of_id, size_t limit);
  struct RegisterLoad {
    size_t villages = 0;   // with a register
    size_t saved = 0;      // read from the snapshot
    size_t recounted = 0;  // counted from the register
    size_t checked = 0;    // of the saved, counted again to compare
    bool full = true;      // every village counted (no usable snapshot)
    std::string why;       // when full although a snapshot was there
  };
  const RegisterLoad& register_load() const { return register_load_; }
  void refresh_people(const PeopleBefore& before);

  std::shared_lock<std::shared_mutex> read_lock() { return std::shared_lock(mu_); }
  std::unique_lock<std::timed_mutex> writer();
  std::unique_lock<std::shared_mutex> exclusive() { return std::unique_lock(mu_); }
  std::chrono::milliseconds write_wait() const { return write_wait_; }
  void set_write_wait(std::chrono::milliseconds w) { write_wait_ = w; }

  // The primary's write connection: writes, and every read a write depends
  // on. Only under writer().
  Store& store() { return *store_; }
  // The primary, for reads outside a write.
  Store& primary_reads() { return primary_reads_ ? *primary_reads_ : *store_; }
  // Where the indexes are built and the journal is followed from: the replica
  // when there is one and it answers, else the primary (the journal's ids are
  // the same on both).
  Store& reader() { return replica_ && replica_available() ? *replica_ : primary_reads(); }
  // For GET requests: the replica once it has replayed every write this
  // instance made (so a user reads back what they wrote) and while it
  // answers, else the primary.
  Store& reads() {
    return replica_ && replica_available() &&
                   store_->last_written_change() < replica_horizon_.load(std::memory_order_acquire)
               ? *replica_
               : primary_reads();
  }
  Store* replica() { return replica_.get(); }
  // Set by the follower, which asks the replica every poll.
  bool replica_available() const { return replica_ok_.load(std::memory_order_acquire); }
  void set_replica_available(bool ok) { replica_ok_.store(ok, std::memory_order_release); }
  // The one write a read makes (Decree 13/2023: who read whose personal
  // data). Through the read connection, so a reader never needs writer().
  void log_personal_data_access(Id user_id, std::string_view entity, Id entity_id, int64_t records, Id unit = 0) {
    primary_reads().log_personal_data_access(user_id, entity, entity_id, records, unit);
  }
  bool has_replica() const { return replica_ != nullptr; }
  // Set by the follower: every journal id below it has been read from the
  // replica, or given up as rolled back.
  void set_replica_horizon(int64_t id) { replica_horizon_.store(id, std::memory_order_release); }
  UnitIndex& units() { return units_; }
  const ActivityCatalog& types() const { return types_; }
  // Digital-citizen status types of the household register (fixed at start).
  const StatusCatalog& statuses() const { return statuses_; }
  IndicatorCatalog& indicators() { return indicators_; }
  Engine& engine() { return *engine_; }
  const std::vector<Reorganisation>& reorganisations() const { return reorganisations_; }
  const Reorganisation* reorganisation(Id id) const;

  // THE target of an indicator for a unit on a date — the one question every
  // screen, report and export asks (the scorecard's evaluate, the rankings,
  // the targets page):
  // - a stock (a level on a day: coverage, teams, shares) follows the plans:
  //   the target in force on that day of an issued (or ended) plan given to
  //   the unit (domain target_in_force: the nearest deadline, the strictest);
  // - otherwise, and for flows (counts over a period, which a plan target
  //   counts from the plan's start and its own board follows), the yearly
  //   chain of the date's year: the unit's own, else the national default of
  //   that year, else of every year, else the indicator's built-in default.
  enum class TargetOrigin { None, Plan, Unit, National, Default };
  struct TargetOn {
    std::optional<double> value;
    TargetOrigin origin = TargetOrigin::None;
    // origin Plan: which plan and deadline; like an Indicator*, valid while
    // the caller holds read_lock() or writer()
    const PlanTargetInForce* plan = nullptr;
  };
  TargetOn target_on(Id unit, Date on, const Indicator& ind) const;
  static std::string_view target_origin_code(TargetOrigin o);  // "plan", "unit", "national", "default"; "" for None
  // The yearly chain alone (the targets page edits it).
  std::optional<double> target(Id unit, int year, const Indicator& ind) const { return yearly_target(unit, year, ind).value; }
  // Reloads the plan targets from the primary after a plan or target write
  // committed (the caller holds writer(), not exclusive()).
  void refresh_plan_targets();
  void set_target(const TargetRecord& t) { targets_[{t.unit_id, t.year, t.indicator}] = t.value; }
  void erase_target(Id unit, int year, const std::string& ind) { targets_.erase({unit, year, ind}); }
  std::vector<TargetRecord> targets_of(Id unit, int year) const;

  // The monthly report's states in memory (engine/report_index.h): the
  // reporting and on-time rates and the open violations and outliers.
  const ReportIndex& report_index() const { return *reports_; }
  // Reads one report back from the primary after a step (or a follow-up)
  // on it committed, and puts it in the index (the caller holds writer(),
  // not exclusive()).
  void refresh_report(Id report);

  // Sessions, cached for a few seconds so a request does not cost two SQL
  // look-ups. Log-out and user changes on this instance take effect at once;
  // on another instance (sharing the database) within kSessionCacheSeconds.
  struct Session {
    Principal who;
    std::string csrf_token;
  };
  static constexpr int64_t kSessionCacheSeconds = 5;
  std::optional<Session> session(const std::string& digest);
  void forget_session(const std::string& digest);
  void forget_user_sessions(Id user);

 private:
  struct Structure {
    UnitIndex units;
    std::vector<Reorganisation> reorganisations;
  };
  struct Catalogues {
    IndicatorCatalog indicators;
    std::map<std::tuple<Id, int, std::string>, double, std::less<>> targets;
  };
  Structure read_structure(Store& from);
  Catalogues read_catalogues(Store& from);
  std::vector<TeamFacts> team_facts_from(Store& from, Id unit);
  // (unit, indicator code), looked up by a string_view without a copy (a
  // comparator of its own: clang 14 cannot compare the mixed tuples itself).
  struct UnitCodeLess {
    using is_transparent = void;
    template <class A, class B>
    bool operator()(const A& a, const B& b) const {
      return std::tuple<Id, std::string_view>(std::get<0>(a), std::get<1>(a)) <
             std::tuple<Id, std::string_view>(std::get<0>(b), std::get<1>(b));
    }
  };
  using PlanTargetMap = std::map<std::tuple<Id, std::string>, std::vector<PlanTargetInForce>, UnitCodeLess>;
  static PlanTargetMap plan_targets_from(Store& from);
  // The index of the monthly report on this hierarchy, its states read from `from`.
  static std::unique_ptr<ReportIndex> report_index_from(Store& from, const UnitIndex& units);
  // A report's entry read from `from`, put under exclusive().
  void put_report(Store& from, Id report);
  TargetOn yearly_target(Id unit, int year, const Indicator& ind) const;
  // The register of one village (unit), of the villages with ids in
  // [unit, last], or of every village (unit 0).
  std::unordered_map<Id, VillageRegister> register_from(Store& from, Id unit, Id last = 0);
  // Rows to each village's register (households only those of the rows).
  std::unordered_map<Id, VillageRegister> registers_of(const Store::RegisterRows& rows);
  // Counts every village's register into the engine, a chunk at a time (the
  // caller holds the exclusive lock, or no one else runs yet).
  void load_register(Store& from);
  void count_register(Store& from);  // every village, a few hundred at a time
  RegisterLoad register_load_;
  std::shared_mutex mu_;
  std::timed_mutex writer_mu_;
  std::chrono::milliseconds write_wait_{5000};
  std::unique_ptr<Store> store_;
  std::optional<CccdKey> cccd_key_;
  std::unique_ptr<Store> replica_;
  std::unique_ptr<Store> primary_reads_;
  std::atomic<int64_t> replica_horizon_{0};
  std::atomic<bool> replica_ok_{true};
  UnitIndex units_;
  std::vector<Reorganisation> reorganisations_;
  ActivityCatalog types_;
  StatusCatalog statuses_;
  IndicatorCatalog indicators_;
  // std::less<>: a look-up by (unit, year, string_view) copies no string;
  // a scorecard looks up every indicator up to three times.
  std::map<std::tuple<Id, int, std::string>, double, std::less<>> targets_;
  // (unit, indicator) -> the targets of issued and ended plans given to it.
  PlanTargetMap plan_targets_;
  std::unique_ptr<ReportIndex> reports_;
  std::unique_ptr<Engine> engine_;
  struct CachedSession {
    Session s;
    int64_t expires_at, cached_at;
  };
  std::mutex sessions_mu_;
  std::unordered_map<std::string, CachedSession> sessions_;
};

}  // namespace langso
