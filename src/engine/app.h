// The running application state: the store (the truth) and everything derived
// from it in memory: the unit hierarchy, team spans, the activity and
// indicator catalogues, targets and the rollup engine. Callers take lock() for
// the duration of a request; a request is short (index look-ups and a few
// indexed SQL statements). GET requests take read_lock() and may run together.
#pragma once
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "domain/coverage.h"
#include "domain/indicator.h"
#include "domain/unit_index.h"
#include "engine/engine.h"
#include "store/store.h"

namespace langso {

class App {
 public:
  // `replica`, when given, is a streaming replica of the same database: the
  // indexes are built from it, the follower tails it, and GET requests read
  // it (reads()). Writes, and the reads of write requests, go to `store`.
  explicit App(std::unique_ptr<Store> store, std::unique_ptr<Store> replica = nullptr)
      : store_(std::move(store)), replica_(std::move(replica)) {
    rebuild();
  }

  // Reloads every index from reader().
  void rebuild();
  // Applies a write journalled by another instance on the same database to
  // the in-memory indexes (the caller holds lock()). Idempotent.
  void apply_change(const ChangeRecord& c);
  // Recomputes the organisation events (teams, members, coverage) of a unit
  // after any of its teams or members changed.
  void refresh_teams(Id unit);

  // Writers exclude everyone; readers (GET requests) share. The store
  // serialises its own calls, and readers do not open transactions.
  std::unique_lock<std::shared_mutex> lock() { return std::unique_lock(mu_); }
  std::shared_lock<std::shared_mutex> read_lock() { return std::shared_lock(mu_); }
  // The primary: writes, and every read a write depends on.
  Store& store() { return *store_; }
  // Where the indexes are built and the journal is followed from: the replica
  // when there is one.
  Store& reader() { return replica_ ? *replica_ : *store_; }
  // For GET requests: the replica once it has replayed every write this
  // instance made (so a user reads back what they wrote), else the primary.
  Store& reads() {
    return replica_ && store_->last_written_change() < replica_horizon_.load(std::memory_order_acquire) ? *replica_
                                                                                                     : *store_;
  }
  bool has_replica() const { return replica_ != nullptr; }
  // Set by the follower: every journal id below it has been read from the
  // replica, or given up as rolled back.
  void set_replica_horizon(int64_t id) { replica_horizon_.store(id, std::memory_order_release); }
  UnitIndex& units() { return units_; }
  TeamSpans& spans() { return spans_; }
  const ActivityCatalog& types() const { return types_; }
  IndicatorCatalog& indicators() { return indicators_; }
  Engine& engine() { return *engine_; }
  const std::vector<Reorganisation>& reorganisations() const { return reorganisations_; }
  const Reorganisation* reorganisation(Id id) const;

  // The target of an indicator for a unit and year: the unit's own, else the
  // national default of that year, else the indicator's built-in default.
  std::optional<double> target(Id unit, int year, const Indicator& ind) const;
  void set_target(const TargetRecord& t) { targets_[{t.unit_id, t.year, t.indicator}] = t.value; }
  void erase_target(Id unit, int year, const std::string& ind) { targets_.erase({unit, year, ind}); }
  std::vector<TargetRecord> targets_of(Id unit, int year) const;

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
  void load_structure(Store& from);
  void load_catalogues(Store& from);
  void refresh_teams_from(Store& from, Id unit);
  std::shared_mutex mu_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Store> replica_;
  std::atomic<int64_t> replica_horizon_{0};
  UnitIndex units_;
  std::vector<Reorganisation> reorganisations_;
  TeamSpans spans_;
  ActivityCatalog types_;
  IndicatorCatalog indicators_;
  // std::less<>: a look-up by (unit, year, string_view) copies no string;
  // a scorecard looks up every indicator up to three times.
  std::map<std::tuple<Id, int, std::string>, double, std::less<>> targets_;
  std::unique_ptr<Engine> engine_;
  struct CachedSession {
    Session s;
    int64_t expires_at, cached_at;
  };
  std::mutex sessions_mu_;
  std::unordered_map<std::string, CachedSession> sessions_;
};

}  // namespace langso
