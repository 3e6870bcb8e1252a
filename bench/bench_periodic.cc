// The engine's part of the periodic reports (issue 15's aims): the
// reporting and on-time rates from the in-memory index of report states
// (engine/report_index.h) — all communes of the nation for a month, p99
// under 1 ms — and the outlier flags of every commune of the nation for a
// month (engine/periodic.h's scan_outliers), under 1 s; and the scorecard
// (evaluate_all, which asks the rates) for the nation, a province and a
// commune.
//
//   langso_bench_periodic [--db nation.db] [--data ../shared/data] [--benchmark_filter=...]
//
// Without --db it generates the nation of the 2025 lists (34 provinces,
// 3,321 communes, 1 village each, 200,000 activities) into a temporary
// SQLite file, and submits the reports of 10/2025 of nine communes in ten
// (by the due day for most, late for some) and approves a third of them, as
// the workflow's steps do. Each iteration is timed on its own; p50 and p99
// (µs) are reported as counters.
#include <utility>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "auth/crypto.h"
#include "domain/report.h"
#include "engine/app.h"
#include "engine/periodic.h"
#include "io/gen.h"
#include "bench_common.h"

using namespace langso;
using langso::bench::timed;

namespace {

App* g_app = nullptr;
const ReportForm* g_form = nullptr;
ReportPeriod g_month;
std::vector<Id> g_communes, g_provinces;


Period month_period() { return {g_month.from, g_month.to, g_month.to}; }

// The nation's reporting and on-time rates for the month: its 3,321
// communes (and 34 provinces) expected, from the index.
void ReportingRateNationMonth(benchmark::State& state) {
  auto lock = g_app->read_lock();
  Totals t;
  timed(state, [&] {
    fill_report_counts(*g_app, 0, month_period(), t);
    benchmark::DoNotOptimize(t.reports_submitted);
  });
  state.counters["expected"] = static_cast<double>(t.reports_expected);
  state.counters["submitted"] = static_cast<double>(t.reports_submitted);
  state.counters["on_time"] = static_cast<double>(t.reports_on_time);
}
BENCHMARK(ReportingRateNationMonth)->Unit(benchmark::kMicrosecond)->MinTime(1.0);

// Over a year (12 months summed): what a yearly scorecard asks.
void ReportingRateNationYear(benchmark::State& state) {
  auto lock = g_app->read_lock();
  Totals t;
  const Period year{*parse_iso_date("2025-01-01"), *parse_iso_date("2025-12-31"), *parse_iso_date("2025-12-31")};
  timed(state, [&] {
    fill_report_counts(*g_app, 0, year, t);
    benchmark::DoNotOptimize(t.reports_submitted);
  });
}
BENCHMARK(ReportingRateNationYear)->Unit(benchmark::kMicrosecond)->MinTime(1.0);

// Every commune's rate on its own, as a national ranking asks: 3,321 calls.
void ReportingRateEachCommune(benchmark::State& state) {
  auto lock = g_app->read_lock();
  timed(state, [&] {
    int64_t sum = 0;
    for (Id c : g_communes) {
      Totals t;
      fill_report_counts(*g_app, c, month_period(), t);
      sum += t.reports_submitted;
    }
    benchmark::DoNotOptimize(sum);
  });
  state.counters["units"] = static_cast<double>(g_communes.size());
}
BENCHMARK(ReportingRateEachCommune)->Unit(benchmark::kMicrosecond)->MinTime(1.0);

// The outliers of every commune of the nation for the month (13 months of
// each commune's figures, peers under the same approver).
void OutliersNationMonth(benchmark::State& state) {
  auto lock = g_app->read_lock();
  OutlierScan scan;
  timed(state, [&] {
    scan = scan_outliers(*g_app, *g_form, 0, g_month);
    benchmark::DoNotOptimize(scan.flags.data());
  });
  state.counters["checked"] = static_cast<double>(scan.checked);
  state.counters["flagged"] = static_cast<double>(scan.flags.size());
}
BENCHMARK(OutliersNationMonth)->Unit(benchmark::kMillisecond)->Iterations(5);

// The scorecard's engine call (every indicator, the rates included).
void ScorecardNationYear(benchmark::State& state) {
  auto lock = g_app->read_lock();
  const Period year{*parse_iso_date("2024-10-01"), *parse_iso_date("2025-09-30"), *parse_iso_date("2025-09-30")};
  timed(state, [&] { benchmark::DoNotOptimize(evaluate_all(*g_app, 0, year).data()); });
}
BENCHMARK(ScorecardNationYear)->Unit(benchmark::kMicrosecond)->MinTime(1.0);

void ScorecardProvinceQuarter(benchmark::State& state) {
  auto lock = g_app->read_lock();
  const Period q{*parse_iso_date("2025-07-01"), *parse_iso_date("2025-09-30"), *parse_iso_date("2025-09-30")};
  size_t i = 0;
  timed(state, [&] { benchmark::DoNotOptimize(evaluate_all(*g_app, g_provinces[i++ % g_provinces.size()], q).data()); });
}
BENCHMARK(ScorecardProvinceQuarter)->Unit(benchmark::kMicrosecond)->MinTime(1.0);

void ScorecardCommuneMonth(benchmark::State& state) {
  auto lock = g_app->read_lock();
  size_t i = 0;
  timed(state, [&] { benchmark::DoNotOptimize(evaluate_all(*g_app, g_communes[i++ % g_communes.size()], month_period()).data()); });
}
BENCHMARK(ScorecardCommuneMonth)->Unit(benchmark::kMicrosecond)->MinTime(1.0);

// The index rebuilt from the database (start, and a hierarchy change).
void RebuildIndex(benchmark::State& state) {
  auto lock = g_app->read_lock();
  timed(state, [&] {
    ReportIndex index;
    index.set_structure(g_app->units(), *g_form, *parse_iso_date("2020-01-01"), Date{today_local().days + 2 * 366});
    std::vector<ReportIndex::Loaded> all;
    for (ReportEntryRow& r : report_entry_rows(g_app->store(), g_form->code)) all.push_back({std::move(r.state), r.open_violations, r.open_outliers});
    index.put_all(all);
    benchmark::DoNotOptimize(&index);
  });
}
BENCHMARK(RebuildIndex)->Unit(benchmark::kMillisecond)->Iterations(3);

// Submits (and approves some of) the month's reports of the communes.
void seed_reports(App& app) {
  auto w = app.writer();
  const int64_t due = due_deadline(*g_form, g_month);
  size_t n = 0, submitted = 0;
  for (Id c : g_communes) {
    ++n;
    if (n % 10 == 0) continue;  // one in ten not submitted
    StepRequest r;
    r.unit = c;
    r.form = g_form;
    r.period = g_month;
    r.action = ReportAction::Submit;
    r.announce = false;
    r.at = n % 7 == 0 ? due + 86400 * 3 : due - 86400 * 2;  // one in seven late
    for (const Violation& v : check_rules(app, *g_form, c, g_month)) r.explanations[v.rule] = "Đã kiểm tra";
    step_report(app, r);
    ++submitted;
  }
  std::printf("submitted %zu of %zu communes' reports of %s\n", submitted, g_communes.size(), g_month.code.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  bench::Args args = bench::parse_args(argc, argv);
  std::string& db = args.db;
  const std::string& data = args.data;
  crypto_init();
  std::filesystem::path tmp;
  const bool fresh = db.empty();
  if (fresh) {
    tmp = std::filesystem::temp_directory_path() / ("langso_bench_periodic_" + std::to_string(::getpid()) + ".db");
    db = tmp.string();
    auto store = open_store(db);
    GenOptions g;
    g.data_dir = data;
    g.villages_per_commune = 1;
    g.activities = 200'000;
    GenReport r = generate_national(*store, g);
    std::printf("generated %lld provinces, %lld communes, %lld villages, %lld activities\n",
                static_cast<long long>(r.provinces), static_cast<long long>(r.communes),
                static_cast<long long>(r.villages), static_cast<long long>(r.activities));
  }
  {
    App app(open_store(db));
    g_app = &app;
    g_form = report_forms().find(kReportForm);
    g_month = *parse_form_period(*g_form, "2025-10");
    const Date on = g_month.to;
    for (Id id : expected_in_subtree(app.units(), *g_form, 0, g_month)) {
      const Unit* u = app.units().find(id);
      (u->level == Level::Commune ? g_communes : g_provinces).push_back(id);
    }
    std::printf("%zu provinces, %zu communes expected for %s (structure of %s)\n", g_provinces.size(), g_communes.size(),
                g_month.code.c_str(), format_vn(on).c_str());
    if (fresh) seed_reports(app);
    bench::run_benchmarks(args);
    g_app = nullptr;
  }
  bench::remove_db(tmp);
  return 0;
}
