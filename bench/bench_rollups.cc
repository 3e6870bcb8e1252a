// The rollup benchmark: the same questions asked of langso's engine and of the
// best SQL on each peer (bench/peers.h), with p50/p99 and the ratios printed
// side by side in one run. With --check every answer is compared and any
// difference fails the run (make test runs a small scale of it).
//
//   langso_bench --db national.db [--peers national.peers.db] [--budget-ms 20000] [--check] [--engine-only]
#include <utility>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>

#include "auth/crypto.h"
#include "peers.h"
#include "rss.h"
#include "store/pg_db.h"
#include "store/sqlite_db.h"

using namespace langso;
using namespace langso::bench;
using Clock = std::chrono::steady_clock;

namespace {

Date D(const char* s) { return *parse_iso_date(s); }
// The structure every question is asked on (--structure; default today).
Date g_structure;
Date add_days(Date d, int n) { return Date{d.days + n}; }
Date month_start(int y, int m) { return date_from_ymd(y, static_cast<unsigned>(m), 1); }
Date month_end(int y, int m) { return Date{(m == 12 ? date_from_ymd(y + 1, 1, 1) : month_start(y, m + 1)).days - 1}; }

Answer engine_answer(App& app, Id unit, Date from, Date to) {
  Totals t = app.engine().totals(unit, from, to, g_structure);
  const ActivityCatalog& types = app.types();
  Answer a;
  for (const ActivityType& ty : types.types()) {
    a[{ty.index, -1, -1}] = t.flows[static_cast<size_t>(types.count_metric(ty.index))];
    for (size_t f = 0; f < ty.fields.size(); ++f) {
      a[{ty.index, static_cast<int>(f), -1}] = t.flows[static_cast<size_t>(types.sum_metric(ty.index, static_cast<int>(f)))];
      for (size_t c = 0; c < ty.categories.size(); ++c)
        a[{ty.index, static_cast<int>(f), static_cast<int>(c)}] =
            t.flows[static_cast<size_t>(types.sum_metric(ty.index, static_cast<int>(f), static_cast<int>(c)))];
    }
  }
  return a;
}

int only(App& app, const Element& e) { return app.types().sum_metric(e.type, e.field, e.category); }

int64_t element_value(App& app, const Totals& t, const Element& e) {
  return t.flows[static_cast<size_t>(app.types().sum_metric(e.type, e.field, e.category))];
}

Ranking engine_ranking(App& app, const std::vector<Id>& children, Date from, Date to, const Element& e) {
  Ranking r;
  std::vector<int64_t> v = app.engine().flow_values(children, only(app, e), from, to, g_structure);
  for (size_t i = 0; i < children.size(); ++i) r.emplace_back(children[i], v[i]);
  std::sort(r.begin(), r.end(), [](auto& x, auto& y) { return x.second != y.second ? x.second > y.second : x.first < y.first; });
  return r;
}

template <class M>
M nonzero(M m) {
  std::erase_if(m, [](const auto& kv) { return kv.second == 0; });
  return m;
}
Ranking nonzero(Ranking r) {
  std::erase_if(r, [](const auto& kv) { return kv.second == 0; });
  return r;
}

struct Stats {
  double p50 = 0, p99 = 0;
  size_t n = 0;
};

Stats measure(const std::function<void(size_t)>& call, size_t max_iter, double budget_ms) {
  std::vector<double> us;
  auto start = Clock::now();
  for (size_t i = 0; i < max_iter; ++i) {
    auto t0 = Clock::now();
    call(i);
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    if (std::chrono::duration<double, std::milli>(Clock::now() - start).count() > budget_ms && i >= 2) break;
  }
  std::sort(us.begin(), us.end());
  auto pct = [&](double p) { return us[std::min(us.size() - 1, static_cast<size_t>(p * static_cast<double>(us.size())))]; };
  return {pct(0.5), pct(0.99), us.size()};
}

std::string fmt_us(double us) {
  char b[32];
  if (us < 1000) std::snprintf(b, sizeof b, "%.1f µs", us);
  else if (us < 1e6) std::snprintf(b, sizeof b, "%.2f ms", us / 1000);
  else std::snprintf(b, sizeof b, "%.2f s", us / 1e6);
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"langso rollup benchmark"};
  std::string db_path, peers_path, markdown, pg_conninfo;
  double budget_ms = 20000;
  size_t engine_iter = 20000, sql_iter = 2000;
  bool check = false, rebuild = false, engine_only = false;
  cli.add_option("--db", db_path, "langso SQLite database (langso gen)")->required();
  cli.add_option("--peers", peers_path, "SQLite file for the SQL peers (default: DB.peers)");
  cli.add_option("--budget-ms", budget_ms, "time budget per question and implementation")->capture_default_str();
  cli.add_option("--engine-iterations", engine_iter)->capture_default_str();
  cli.add_option("--sql-iterations", sql_iter)->capture_default_str();
  cli.add_option("--markdown", markdown, "also write the table to this file");
  cli.add_flag("--check", check, "compare every answer; exit 1 on any difference");
  cli.add_option("--pg", pg_conninfo, "libpq connection string of a PostgreSQL 15 server for the PostgreSQL peers");
  cli.add_flag("--rebuild-peers", rebuild, "rebuild the peer tables");
  cli.add_flag("--engine-only", engine_only, "time the engine alone, without any SQL peer (nothing compared)");
  std::string structure;
  cli.add_option("--structure", structure, "ask every question on the structure of this date (YYYY-MM-DD; default today)");
  CLI11_PARSE(cli, argc, argv);
  g_structure = today_local();
  if (!structure.empty()) {
    auto d = parse_iso_date(structure);
    if (!d) {
      std::fprintf(stderr, "--structure: not a date: %s\n", structure.c_str());
      return 2;
    }
    g_structure = *d;
  }
  if (peers_path.empty()) peers_path = db_path + ".peers";
  crypto_init();

  auto t0 = Clock::now();
  App app(open_store(db_path));
  double startup_s = std::chrono::duration<double>(Clock::now() - t0).count();
  std::printf("langso: %zu units, %zu engine records, start %.1f s, RSS %ld MB, engine %zu MB\n", app.units().size(),
              app.engine().record_count(), startup_s, rss_mb(), app.engine().memory_bytes() >> 20);

  SqliteDb peers_db(engine_only ? ":memory:" : peers_path);
  if (!engine_only && (rebuild || !peers_db.query_one("SELECT name FROM sqlite_master WHERE name = 'agg_month'"))) {
    auto p0 = Clock::now();
    build_peers(app, peers_db, [](const std::string& s) { std::fprintf(stderr, "peers: %s\n", s.c_str()); });
    std::printf("peers built in %.0f s\n", std::chrono::duration<double>(Clock::now() - p0).count());
  }
  Peer preagg(peers_db, false), analytics(peers_db, true);
  std::unique_ptr<PgDb> pg;
  std::unique_ptr<Peer> pg_preagg, pg_analytics;
  if (!pg_conninfo.empty()) {
    pg = std::make_unique<PgDb>(pg_conninfo);
    if (rebuild || pg->query_one("SELECT to_regclass('agg_month')")->is_null(0)) {
      auto p0 = Clock::now();
      build_peers(app, *pg, [](const std::string& s) { std::fprintf(stderr, "pg peers: %s\n", s.c_str()); });
      std::printf("PostgreSQL peers built in %.0f s\n", std::chrono::duration<double>(Clock::now() - p0).count());
    }
    pg_preagg = std::make_unique<Peer>(*pg, false);
    pg_analytics = std::make_unique<Peer>(*pg, true);
  }

  const Date today = g_structure;
  app.engine().totals(0, today, today, today);  // the structure's cube is built before timing, as on start for today
  std::vector<Id> provinces = app.units().roots_at(today);
  std::vector<Id> communes;
  for (Id p : provinces)
    for (Id c : app.units().children_at(p, today)) communes.push_back(c);
  std::vector<Element> elements;
  for (const ActivityType& t : app.types().types())
    for (size_t f = 0; f < t.fields.size(); ++f) elements.push_back({t.index, static_cast<int>(f), -1});

  std::mt19937_64 rng(12345);
  struct Q {
    Id unit;
    int level;
    Date from, to;
    Element e;
  };
  auto pick = [&](auto& v) { return v[rng() % v.size()]; };
  const size_t nq = 512;
  std::vector<Q> q_nation, q_prov, q_commune, q_rank34, q_rankc, q_series;
  for (size_t i = 0; i < nq; ++i) {
    Date f = add_days(D("2023-01-01"), static_cast<int>(rng() % 730));
    q_nation.push_back({0, 0, f, add_days(f, 364), {}});
    int y = 2023 + static_cast<int>(rng() % 3), qq = static_cast<int>(rng() % 4);
    q_prov.push_back({pick(provinces), 1, month_start(y, qq * 3 + 1), month_end(y, qq * 3 + 3), {}});
    int m = 1 + static_cast<int>(rng() % 12);
    q_commune.push_back({pick(communes), 2, month_start(y, m), month_end(y, m), {}});
    q_rank34.push_back({0, 1, month_start(y, 1), month_end(y, 12), pick(elements)});
    q_rankc.push_back({pick(provinces), 2, month_start(y, 1), month_end(y, 12), pick(elements)});
    q_series.push_back({pick(provinces), 1, D("2023-01-01"), D("2025-12-31"), pick(elements)});
  }
  std::vector<std::pair<Date, Date>> months36;
  for (int y = 2023; y <= 2025; ++y)
    for (int m = 1; m <= 12; ++m) months36.emplace_back(month_start(y, m), month_end(y, m));

  int mismatches = 0;
  int64_t sink = 0;  // keeps timed answers alive
  auto compare = [&](const std::string& what, bool equal) {
    if (!equal && mismatches++ < 10) std::fprintf(stderr, "MISMATCH %s\n", what.c_str());
  };

  // Each implementation answers in its natural form (timed), and a
  // fingerprint of that answer is compared across implementations (not timed).
  struct Impl {
    std::string name;
    std::function<std::string(const Q&)> scorecard, ranking, series;     // fingerprint
    std::function<void(const Q&)> t_scorecard, t_ranking, t_series;      // timed
  };
  auto fp = [](const auto& m) {
    std::string s;
    for (const auto& [k, v] : m) {
      if constexpr (requires { k.type; }) s += std::to_string(k.type) + "." + std::to_string(k.field) + "." + std::to_string(k.category);
      else s += std::to_string(k);
      s += "=" + std::to_string(v) + ";";
    }
    return s;
  };
  auto fp_vec = [](const std::vector<int64_t>& v) {
    std::string s;
    for (auto x : v) s += std::to_string(x) + ",";
    return s;
  };
  auto engine_impl = Impl{
      "langso engine",
      [&](const Q& q) { return fp(nonzero(engine_answer(app, q.unit, q.from, q.to))); },
      [&](const Q& q) {
        auto kids = q.level == 1 ? provinces : app.units().children_at(q.unit, today);
        return fp(nonzero(engine_ranking(app, kids, q.from, q.to, q.e)));
      },
      [&](const Q& q) {
        std::vector<int64_t> v;
        for (auto& [f, t] : months36)
          v.push_back(element_value(app, app.engine().totals(q.unit, f, t, today, only(app, q.e)), q.e));
        return fp_vec(v);
      },
      [&](const Q& q) { sink += app.engine().totals(q.unit, q.from, q.to, today).flows[0]; },
      [&](const Q& q) {
        auto kids = q.level == 1 ? provinces : app.units().children_at(q.unit, today);
        sink += static_cast<int64_t>(engine_ranking(app, kids, q.from, q.to, q.e).size());
      },
      [&](const Q& q) {
        for (auto& [f, t] : months36) sink += element_value(app, app.engine().totals(q.unit, f, t, today, only(app, q.e)), q.e);
      }};
  auto sql_impl = [&](Peer& p, const std::string& label) {
    return Impl{label,
                [&](const Q& q) { return fp(nonzero(p.totals(q.level, q.unit, q.from, q.to))); },
                [&](const Q& q) { return fp(nonzero(p.ranking(q.level, q.unit, q.from, q.to, q.e))); },
                [&](const Q& q) { return fp_vec(p.series(q.level, q.unit, months36, q.e)); },
                [&](const Q& q) { sink += static_cast<int64_t>(p.totals(q.level, q.unit, q.from, q.to).size()); },
                [&](const Q& q) { sink += static_cast<int64_t>(p.ranking(q.level, q.unit, q.from, q.to, q.e).size()); },
                [&](const Q& q) { sink += static_cast<int64_t>(p.series(q.level, q.unit, months36, q.e).size()); }};
  };
  std::vector<Impl> impls = {engine_impl};
  if (!engine_only) {
    impls.push_back(sql_impl(preagg, "SQLite pre-aggregated"));
    impls.push_back(sql_impl(analytics, "SQLite analytics"));
  }
  if (pg) {
    impls.push_back(sql_impl(*pg_preagg, "PostgreSQL pre-aggregated"));
    impls.push_back(sql_impl(*pg_analytics, "PostgreSQL analytics"));
  }

  struct Question {
    std::string name;
    std::vector<Q>* qs;
    int kind;  // 0 scorecard, 1 ranking, 2 series
  };
  std::vector<Question> questions = {
      {"scorecard, nation, any 12 months", &q_nation, 0},
      {"scorecard, province, a quarter", &q_prov, 0},
      {"scorecard, commune, a month", &q_commune, 0},
      {"ranking, 34 provinces, a year", &q_rank34, 1},
      {"ranking, a province's communes, a year", &q_rankc, 1},
      {"series, province, 36 months", &q_series, 2},
  };
  std::string table = "| question | ";
  for (auto& im : impls) table += im.name + " p50 / p99 | ";
  for (size_t k = 1; k < impls.size(); ++k) table += impls[k].name + " ÷ engine (p50) | ";
  table += "\n|---|";
  for (size_t i = 0; i < 2 * impls.size() - 1; ++i) table += "---|";
  table += "\n";
  for (const Question& qu : questions) {
    std::vector<Stats> st;
    for (size_t k = 0; k < impls.size(); ++k) {
      const Impl& im = impls[k];
      auto& fn = qu.kind == 0 ? im.t_scorecard : qu.kind == 1 ? im.t_ranking : im.t_series;
      size_t iters = k == 0 ? engine_iter : sql_iter;
      st.push_back(measure([&](size_t i) { fn((*qu.qs)[i % qu.qs->size()]); }, iters, budget_ms));
    }
    // Correctness: the same questions, answered by every implementation.
    size_t nchecks = check ? std::min<size_t>(qu.qs->size(), 64) : 3;
    for (size_t i = 0; i < nchecks; ++i) {
      const Q& q = (*qu.qs)[i];
      std::vector<std::pair<const Impl*, std::string>> a;
      for (const Impl& im : impls) {
        if (!check && i > 0 && im.name.find("analytics") != std::string::npos) continue;  // slow at scale
        a.emplace_back(&im, (qu.kind == 0 ? im.scorecard : qu.kind == 1 ? im.ranking : im.series)(q));
      }
      for (size_t k = 1; k < a.size(); ++k)
        compare(qu.name + " #" + std::to_string(i) + " " + a[k].first->name + " differs from the engine",
                a[k].second == a[0].second);
    }
    table += "| " + qu.name + " | ";
    for (auto& s : st) table += fmt_us(s.p50) + " / " + fmt_us(s.p99) + " | ";
    for (size_t k = 1; k < st.size(); ++k) {
      char r[32];
      std::snprintf(r, sizeof r, "%.0f×", st[k].p50 / st[0].p50);
      table += std::string(r) + " | ";
    }
    table += "\n";
    std::fflush(stdout);
  }
  std::printf("\n%s\nRSS after the run: %ld MB; answers compared: %s; mismatches: %d (%lld)\n", table.c_str(), rss_mb(),
              check ? "64 per question" : "3 per question (analytics: 1)", mismatches, static_cast<long long>(sink % 7));
  if (!markdown.empty()) std::ofstream(markdown) << table;
  return mismatches ? 1 : 0;
}
