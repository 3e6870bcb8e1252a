// The household register's benchmark (issue 12): the register's stocks of a
// province, of the nation, of a commune and of a village asked of the engine,
// and the same question asked of the best SQL over person and status tables
// (indexed) on SQLite and, with --pg, PostgreSQL, in the same run.
//
//   langso_bench_register [--db structure.db] [--data ../shared/data] [--share 1] [--peer-provinces 1]
//                         [--pg "host=… dbname=…"] [--check] [--iterations 20000]
//
// Without --db it generates the nation of the 2025 lists with 30 villages per
// commune (io/gen.h, no activities) in a temporary database. The register is
// grown in memory (io/gen_register.h: --share of each village's people; 1 is
// the nation's ~100 million) and handed to the engine village by village, as
// App::rebuild does from the database. The SQL peer holds the register of
// the --peer-provinces provinces nearest the median size (the whole nation
// does not fit this machine's disk twice); its answers are compared with
// the engine's (--check fails the run on any difference).
#include <malloc.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>

#include "auth/crypto.h"
#include "rss.h"
#include "engine/app.h"
#include "engine/scorecard.h"
#include "io/gen.h"
#include "io/gen_register.h"
#include "io/reform2025.h"
#include "store/store.h"
#include "store/pg_db.h"
#include "store/sqlite_db.h"
#include "util/csv.h"

using namespace langso;
using langso::bench::rss_mb;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

struct Timing {
  double p50 = 0, p99 = 0, max = 0;
  size_t n = 0;
};
template <class F>
Timing time_it(size_t n, F&& f) {
  std::vector<double> us;
  us.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    auto t0 = Clock::now();
    f(i);
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
  }
  std::sort(us.begin(), us.end());
  auto at = [&](double q) { return us[std::min(us.size() - 1, static_cast<size_t>(q * static_cast<double>(us.size())))]; };
  return {at(0.5), at(0.99), us.back(), n};
}

// The register's answer for a unit on a day: the fixed stocks and each
// group's people and holders, in one vector.
using Answer = std::vector<int64_t>;
Answer engine_answer(App& app, Id unit, Date on, Date structure) {
  Totals t = app.engine().totals(unit, on, on, structure);
  Answer a{t.residents, t.adults, t.households, t.households_fibre, t.villages_with_register};
  for (size_t g = 0; g < t.group_people.size(); ++g) a.push_back(t.group_people[g]), a.push_back(t.group_holding[g]);
  return a;
}

// The engine's register from a generated village.
VillageRegister to_register(const GenRegister& g, const std::vector<int>& status_index) {
  VillageRegister r;
  r.people.reserve(g.people.size());
  for (const GenRegister::Person& p : g.people) {
    RegisterPerson x;
    x.lived = {p.from, p.to};
    x.born = p.born;
    for (int32_t k = 0; k < p.statuses; ++k) {
      const GenRegister::Status& s = g.statuses[static_cast<size_t>(p.first_status + k)];
      x.statuses.push_back({status_index[s.type], {s.gained, kMaxDate}});
    }
    r.people.push_back(std::move(x));
  }
  for (size_t i = 0; i < g.households.size(); ++i) {
    const GenRegister::Household& h = g.households[i];
    RegisterHousehold x{static_cast<Id>(i + 1), h.fibre, {}};
    for (int32_t k = 0; k < h.size; ++k) x.lived.push_back(r.people[static_cast<size_t>(h.first + k)].lived);
    r.households.push_back(std::move(x));
  }
  return r;
}

// ---- The SQL peer: persons, statuses and households as plain indexed
// tables (days as integers, statuses as type indices), and the one query
// that answers what the engine answers.
struct Peer {
  std::unique_ptr<Db> db;
  std::string name;
};

const char* kPeerSchema =
    "CREATE TABLE rv(village BIGINT PRIMARY KEY, province BIGINT NOT NULL, commune BIGINT NOT NULL);"
    "CREATE TABLE rp(id BIGINT PRIMARY KEY, village BIGINT NOT NULL, born INTEGER NOT NULL, lived_from INTEGER NOT NULL, lived_to INTEGER NOT NULL);"
    "CREATE TABLE rs(person BIGINT NOT NULL, type INTEGER NOT NULL, gained INTEGER NOT NULL, lost INTEGER NOT NULL);"
    "CREATE TABLE rh(id BIGINT PRIMARY KEY, village BIGINT NOT NULL, fibre INTEGER NOT NULL, lived_from INTEGER NOT NULL, lived_to INTEGER NOT NULL);";
const char* kPeerIndexes =
    "CREATE INDEX rv_province ON rv(province, village);"
    "CREATE INDEX rp_village ON rp(village, lived_from, lived_to, born, id);"
    "CREATE INDEX rs_person ON rs(person, gained, lost, type);"
    "CREATE INDEX rh_village ON rh(village, lived_from, lived_to, fibre);";

struct PeerWriter {
  Db& db;
  std::vector<Value> p[4];
  std::string head[4] = {"INSERT INTO rv VALUES ", "INSERT INTO rp VALUES ", "INSERT INTO rs VALUES ", "INSERT INTO rh VALUES "};
  size_t cols[4] = {3, 5, 4, 5};
  void add(int t, std::initializer_list<Value> row) {
    p[t].insert(p[t].end(), row);
    if (p[t].size() >= 500 * cols[t]) flush(t);
  }
  void flush(int t) {
    if (p[t].empty()) return;
    std::string sql = head[t];
    const size_t rows = p[t].size() / cols[t];
    std::string one = "(";
    for (size_t c = 0; c < cols[t]; ++c) one += c ? ",?" : "?";
    one += ")";
    for (size_t r = 0; r < rows; ++r) sql += (r ? "," : "") + one;
    db.exec(sql, p[t]);
    p[t].clear();
  }
  void flush() {
    for (int t = 0; t < 4; ++t) flush(t);
  }
};

constexpr int kNever = 1 << 30;
int day_of(Date d) { return d == kMaxDate ? kNever : d == kMinDate ? -kNever : d.days; }

// Born on or before this day: `years` old on `on` (29/02 → 28/02).
int born_by(Date on, int years) {
  int y;
  unsigned m, d;
  ymd_from_date(on, y, m, d);
  y -= years;
  if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))) d = 28;
  return date_from_ymd(y, m, d).days;
}

Answer peer_answer(Peer& peer, const std::vector<RegisterGroup>& groups, Id province, Date on) {
  // One pass over the province's people living there that day, each with
  // the mask of statuses held that day.
  std::string sql = "SELECT COUNT(*), COALESCE(SUM(CASE WHEN born <= ? THEN 1 ELSE 0 END),0)";
  std::vector<Value> p{int64_t{born_by(on, kAdultAge)}};
  for (const RegisterGroup& g : groups) {
    const std::string band = "born <= " + std::to_string(born_by(on, g.min_age)) +
                             (g.max_age >= 0 ? " AND born > " + std::to_string(born_by(on, g.max_age + 1)) : "");
    const std::string mask = std::to_string(g.statuses);
    sql += ", COALESCE(SUM(CASE WHEN " + band + " THEN 1 ELSE 0 END),0)";
    sql += ", COALESCE(SUM(CASE WHEN " + band + " AND (mask & " + mask + ") = " + mask + " THEN 1 ELSE 0 END),0)";
  }
  sql += ", COUNT(DISTINCT village) FROM (SELECT p.village, p.born, (SELECT COALESCE(SUM(1 << s.type), 0) FROM rs s WHERE s.person = p.id "
         "AND s.gained <= ? AND s.lost > ?) AS mask FROM rv v JOIN rp p ON p.village = v.village WHERE v.province = ? "
         "AND p.lived_from <= ? AND p.lived_to > ?) x";
  const int64_t d = on.days;
  p.insert(p.end(), {d, d, province, d, d});
  if (getenv("LANGSO_BENCH_PLAN")) {
    for (const Row& x : peer.db->query((peer.name == "SQLite" ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + sql, p))
      std::printf("  plan: %s\n", x.str(x.cols.size() - 1).c_str());
  }
  Row r = *peer.db->query_one(sql, p);
  Row h = *peer.db->query_one(
      "SELECT COUNT(*), COALESCE(SUM(h.fibre),0) FROM rv v JOIN rh h ON h.village = v.village WHERE v.province = ? AND "
      "h.lived_from <= ? AND h.lived_to > ?",
      {province, d, d});
  const size_t last = 2 + 2 * groups.size();
  Answer a{r.i64(0), r.i64(1), h.i64(0), h.i64(1), r.i64(last)};
  for (size_t g = 0; g < groups.size(); ++g) a.push_back(r.i64(2 + 2 * g)), a.push_back(r.i64(3 + 2 * g));
  return a;
}

std::string show(const Answer& a) {
  std::string s;
  for (int64_t v : a) s += (s.empty() ? "" : " ") + std::to_string(v);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db, data = "../shared/data", pg;
  double share = 1.0;
  int peer_provinces = 1;
  size_t iterations = 20000;
  bool check = false;
  for (int i = 1; i < argc; ++i) {
    std::string x = argv[i];
    auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (x == "--db") db = next();
    else if (x == "--data") data = next();
    else if (x == "--share") share = std::stod(next());
    else if (x == "--peer-provinces") peer_provinces = std::stoi(next());
    else if (x == "--pg") pg = next();
    else if (x == "--iterations") iterations = std::stoul(next());
    else if (x == "--check") check = true;
    else {
      std::fprintf(stderr, "unknown option %s\n", x.c_str());
      return 2;
    }
  }
  crypto_init();
  std::filesystem::path tmp;
  if (db.empty()) {
    tmp = std::filesystem::temp_directory_path() / ("langso_bench_register_" + std::to_string(::getpid()) + ".db");
    db = tmp.string();
    auto store = open_store(db);
    GenOptions g;
    g.data_dir = data;
    g.activities = 0;
    auto t0 = Clock::now();
    GenReport r = generate_national(*store, g);
    std::printf("structure: %lld provinces, %lld communes, %lld villages (%.0f s)\n", static_cast<long long>(r.provinces),
                static_cast<long long>(r.communes), static_cast<long long>(r.villages), seconds_since(t0));
  }
  int failures = 0;
  {
    App app(open_store(db));
    const Date today = today_local(), on = date_from_ymd(2025, 12, 31), mid = date_from_ymd(2025, 11, 17);
    const UnitIndex& units = app.units();
    // Each commune's population (the 2025 lists), shared by its villages.
    Reform2025Lists lists = read_reform2025(read_file(data + "/reform2025_legacy_to_new.csv"),
                                            read_file(data + "/reform2025_communes_2025-07-17.csv"),
                                            read_file(data + "/reform2025_provinces_2025-07-17.csv"));
    std::map<std::string, int64_t> population;
    for (const NewCommune& c : lists.communes) population[c.code] = c.population > 0 ? c.population : 15000;
    std::vector<int> status_index;
    for (const char* code : kGenStatusCodes) {
      const StatusType* t = app.statuses().find(code);
      status_index.push_back(t ? t->index : 0);
    }
    std::vector<Id> provinces = units.roots_at(today), communes, villages;
    std::map<Id, Id> province_of, commune_of;
    std::map<Id, int64_t> province_people;
    for (Id p : provinces)
      for (Id c : units.children_at(p, today)) {
        communes.push_back(c);
        for (Id v : units.children_at(c, today)) villages.push_back(v), province_of[v] = p, commune_of[v] = c;
      }
    malloc_trim(0);
  const long rss0 = rss_mb();
    const size_t engine0 = app.engine().memory_bytes();
    // Grow the register village by village into the engine.
    int64_t persons = 0, households = 0, statuses = 0;
    double gen_s = 0, count_s = 0;
    std::map<Id, int> per_commune;
    for (Id v : villages) per_commune[commune_of[v]]++;
    // A village's people: its commune's population shared by its villages (every use grows the same people).
    auto people_of = [&](Id v) {
      const Id c = commune_of[v];
      const int64_t pop = population.count(units.find(c)->code) ? population[units.find(c)->code] : 15000;
      return static_cast<int64_t>(static_cast<double>(pop) / per_commune[c] * share + 0.5);
    };
    for (Id v : villages) {
      const auto people = people_of(v);
      auto t0 = Clock::now();
      GenRegister g = generate_register(2025, static_cast<uint64_t>(v), people);
      VillageRegister r = to_register(g, status_index);
      gen_s += seconds_since(t0);
      t0 = Clock::now();
      app.engine().set_register(v, r);
      count_s += seconds_since(t0);
      persons += static_cast<int64_t>(g.people.size());
      households += static_cast<int64_t>(g.households.size());
      statuses += static_cast<int64_t>(g.statuses.size());
      province_people[province_of[v]] += static_cast<int64_t>(g.people.size());
    }
    auto t0 = Clock::now();
    engine_answer(app, 0, today, today);  // today's structure, as App::rebuild builds it
    const double rollup_s = seconds_since(t0);
    malloc_trim(0);
  const long rss1 = rss_mb();
    std::printf("register: %lld persons, %lld households, %lld statuses in %zu villages (share %.3f)\n",
                static_cast<long long>(persons), static_cast<long long>(households), static_cast<long long>(statuses),
                villages.size(), share);
    std::printf("generated in %.1f s; counted by the engine in %.1f s (%.0f persons/s); today's rollup built in %.2f s\n", gen_s,
                count_s, static_cast<double>(persons) / count_s, rollup_s);
    std::printf("memory: RSS %ld MB -> %ld MB (+%ld MB); engine's own count %.0f MB -> %.0f MB\n", rss0, rss1, rss1 - rss0,
                static_cast<double>(engine0) / 1e6, static_cast<double>(app.engine().memory_bytes()) / 1e6);

    // The engine's questions.
    std::mt19937 rng(12);
    auto pick = [&](const std::vector<Id>& v) { return v[rng() % v.size()]; };
    struct Q {
      const char* what;
      std::function<void(size_t)> f;
    };
    const Period year{date_from_ymd(2025, 1, 1), on, today};
    std::vector<Q> qs = {
        {"province, 31/12/2025 (month end)", [&](size_t) { engine_answer(app, pick(provinces), on, today); }},
        {"province, 17/11/2025 (mid-month)", [&](size_t) { engine_answer(app, pick(provinces), mid, today); }},
        {"nation, 31/12/2025", [&](size_t) { engine_answer(app, 0, on, today); }},
        {"nation, 17/11/2025", [&](size_t) { engine_answer(app, 0, mid, today); }},
        {"commune, 31/12/2025", [&](size_t) { engine_answer(app, pick(communes), on, today); }},
        {"commune, 17/11/2025", [&](size_t) { engine_answer(app, pick(communes), mid, today); }},
        {"village, 17/11/2025", [&](size_t) { engine_answer(app, pick(villages), mid, today); }},
        {"province scorecard (evaluate_all, 2025)", [&](size_t) { evaluate_all(app, pick(provinces), year); }},
        {"nation scorecard (evaluate_all, 2025)", [&](size_t) { evaluate_all(app, 0, year); }},
    };
    std::printf("\n| engine question | p50 µs | p99 µs | max µs | n |\n|---|---|---|---|---|\n");
    std::map<std::string, Timing> engine_t;
    for (Q& q : qs) {
      const size_t n = std::string(q.what).find("scorecard") != std::string::npos ? std::max<size_t>(100, iterations / 10) : iterations;
      Timing t = time_it(n, q.f);
      engine_t[q.what] = t;
      std::printf("| %s | %.2f | %.2f | %.1f | %zu |\n", q.what, t.p50, t.p99, t.max, t.n);
    }

    // A village's whole register counted again with today's rollup built, as
    // an import or a recount does (Engine::set_register: the counts, their
    // difference, the rollup moved by it): a village of another register
    // grown from another seed, then its own again (the SQL peers below
    // compare the engine's answers with the same people).
    {
      std::vector<double> us;
      size_t events = 0;
      for (size_t i = 0; i < 200; ++i) {
        const Id v = pick(villages);
        const auto people = people_of(v);
        for (uint64_t seed : {static_cast<uint64_t>(v) + 1000003, static_cast<uint64_t>(v)}) {
          VillageRegister r = to_register(generate_register(2025, seed, people), status_index);
          auto t0 = Clock::now();
          app.engine().set_register(v, r);
          us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
        }
        if (const VillageCounts* k = app.engine().counts_of(v)) events += k->events.size();
      }
      std::sort(us.begin(), us.end());
      std::printf("| a village counted again, rollup built (set_register; %zu events a village on average) | %.0f | %.0f | %.0f | %zu |\n",
                  events / 200, us[us.size() / 2], us[us.size() * 99 / 100], us.back(), us.size());
    }

    // The SQL peers: the provinces nearest the median size.
    std::vector<std::pair<int64_t, Id>> by_size;
    for (Id p : provinces) by_size.push_back({province_people[p], p});
    std::sort(by_size.begin(), by_size.end());
    std::vector<Id> peer_set;
    for (size_t i = by_size.size() / 2, k = 0; k < static_cast<size_t>(peer_provinces) && i < by_size.size(); ++i, ++k)
      peer_set.push_back(by_size[i].second);
    std::vector<Peer> peers;
    std::filesystem::path peer_file = std::filesystem::temp_directory_path() / ("langso_bench_register_peer_" + std::to_string(::getpid()) + ".db");
    peers.push_back({std::make_unique<SqliteDb>(peer_file.string()), "SQLite"});
    if (!pg.empty()) peers.push_back({std::make_unique<PgDb>(pg), "PostgreSQL"});
    int64_t peer_persons = 0;
    for (Id p : peer_set) peer_persons += province_people[p];
    for (Peer& peer : peers) {
      auto t1 = Clock::now();
      if (peer.name == "PostgreSQL") peer.db->exec_script("DROP TABLE IF EXISTS rv, rp, rs, rh; SET synchronous_commit = off");
      else peer.db->exec_script("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-2000000");
      peer.db->exec_script(kPeerSchema);
      peer.db->begin();
      PeerWriter w{*peer.db};
      int64_t pid = 0, hid = 0;
      for (Id v : villages) {
        if (std::find(peer_set.begin(), peer_set.end(), province_of[v]) == peer_set.end()) continue;
        const Id c = commune_of[v];
        GenRegister g = generate_register(2025, static_cast<uint64_t>(v), people_of(v));  // the very same people
        w.add(0, {v, province_of[v], c});
        const int64_t first = pid;
        for (const GenRegister::Person& x : g.people) {
          ++pid;
          w.add(1, {pid, v, int64_t{x.born.days}, int64_t{std::max(x.from.days, -kNever)}, int64_t{day_of(x.to)}});
          for (int32_t k = 0; k < x.statuses; ++k) {
            const GenRegister::Status& s = g.statuses[static_cast<size_t>(x.first_status + k)];
            w.add(2, {pid, int64_t{status_index[s.type]}, int64_t{s.gained.days}, int64_t{kNever}});
          }
        }
        for (const GenRegister::Household& h : g.households) {
          // A household counts while anyone lives there: from its first
          // person's arrival to its last one's leaving.
          int from = kNever, to = -kNever;
          for (int32_t k = 0; k < h.size; ++k) {
            const GenRegister::Person& x = g.people[static_cast<size_t>(h.first + k)];
            from = std::min(from, x.from.days);
            to = std::max(to, day_of(x.to));
          }
          w.add(3, {++hid, v, int64_t{h.fibre}, int64_t{from}, int64_t{to}});
        }
        (void)first;
      }
      w.flush();
      peer.db->commit();
      peer.db->exec_script(kPeerIndexes);
      peer.db->exec_script(peer.name == "PostgreSQL" ? "ANALYZE" : "ANALYZE");
      std::printf("\n%s peer: %zu province(s), %lld persons, loaded and indexed in %.0f s\n", peer.name.c_str(), peer_set.size(),
                  static_cast<long long>(peer_persons), seconds_since(t1));
    }
    // The same question of both, answers compared.
    const auto& groups = app.indicators().register_groups();
    std::printf("\n| question | engine p50 µs | engine p99 µs | peer | peer p50 µs | peer p99 µs | peer p50 ÷ engine p50 | peer p99 ÷ engine p99 |\n|---|---|---|---|---|---|---|---|\n");
    for (Date d : {on, mid}) {
      Timing te = time_it(iterations, [&](size_t i) { engine_answer(app, peer_set[i % peer_set.size()], d, today); });
      for (Peer& peer : peers) {
        for (Id p : peer_set) {
          Answer e = engine_answer(app, p, d, today), s = peer_answer(peer, groups, p, d);
          if (e != s) {
            ++failures;
            std::printf("DIFFERENT on %s for province %lld on %s:\n  engine %s\n  %s %s\n", peer.name.c_str(),
                        static_cast<long long>(p), format_iso(d).c_str(), show(e).c_str(), peer.name.c_str(), show(s).c_str());
          }
        }
        Timing ts = time_it(3, [&](size_t i) { peer_answer(peer, groups, peer_set[i % peer_set.size()], d); });
        std::printf("| province on %s | %.2f | %.2f | %s | %.0f | %.0f | %.0f× | %.0f× |\n", format_vn(d).c_str(), te.p50, te.p99,
                    peer.name.c_str(), ts.p50, ts.p99, ts.p50 / te.p50, ts.p99 / te.p99);
      }
    }
    if (!pg.empty()) peers.back().db->exec_script("DROP TABLE IF EXISTS rv, rp, rs, rh");
    peers.clear();
    std::error_code ec;
    std::filesystem::remove(peer_file, ec);
    std::printf("\nanswers compared with the peers: %s\n", failures ? "DIFFERENT" : "all equal");
  }
  if (!tmp.empty())
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(tmp.string() + suffix);
  return check && failures ? 1 : 0;
}
