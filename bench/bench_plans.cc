// The engine's part of a plan's progress (issue 14's aim: one target over a
// province's 100–170 communes, p99 under 1 ms) and of the scorecard's target
// question (App::target_on) and of the notification sweep, on one generated
// province.
//
//   langso_bench_plans [--db province.db] [--data ../shared/data] [--benchmark_filter=...]
//
// Without --db it generates the first province of the 2025 lists (Thành phố
// Hà Nội, 126 communes, 10 villages each, 200,000 activities) into a
// temporary SQLite file. A plan of the province is issued with one target
// (phu_song_thon 90 %, cascaded `same` to every commune: 127 targets), as an
// officer would; each benchmark iteration is timed on its own and the p50 and
// p99 of those times are reported as counters (µs), beside Google
// Benchmark's mean.
#include <utility>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "auth/crypto.h"
#include "engine/app.h"
#include "engine/commands_plans.h"
#include "engine/notify_plans.h"
#include "engine/plan_progress.h"
#include "io/gen.h"
#include "bench_common.h"

using namespace langso;
using langso::bench::timed;

namespace {

App* g_app = nullptr;
Plan g_plan;
std::vector<PlanTarget> g_targets;
Date g_today;
std::vector<Id> g_communes;

// Times each iteration of `body` and reports p50/p99 (µs) as counters.

// The progress of the plan's one target over the province and its communes:
// every commune's value on the day, its value the day before the plan's start
// (a stock) and the forecast, lagging first — what the board and the
// progress route ask of the engine.
void PlanProgressPerTarget(benchmark::State& state) {
  auto lock = g_app->read_lock();
  timed(state, [&] {
    auto rows = plan_progress(*g_app, g_plan, g_targets, g_today);
    benchmark::DoNotOptimize(rows.data());
  });
  state.counters["targets"] = static_cast<double>(g_targets.size());
}
BENCHMARK(PlanProgressPerTarget)->Unit(benchmark::kMicrosecond)->MinTime(2.0);

// "The target of this unit on this date" for every commune: the scorecard's
// question, answered from the in-memory plan targets.
void TargetOnEveryCommune(benchmark::State& state) {
  auto lock = g_app->read_lock();
  const Indicator* ind = g_app->indicators().find("phu_song_thon");
  timed(state, [&] {
    double sum = 0;
    for (Id u : g_communes) sum += g_app->target_on(u, g_today, *ind).value.value_or(0);
    benchmark::DoNotOptimize(sum);
  });
  state.counters["units"] = static_cast<double>(g_communes.size());
}
BENCHMARK(TargetOnEveryCommune)->Unit(benchmark::kMicrosecond)->MinTime(1.0);

// The sweep's part for this plan (engine/notify_plans.h): its tasks and every
// target's forecast, to find the targets at risk; the notifications are
// collected, not recorded (recording is one insert per new one, deduplicated).
void SweepOnePlan(benchmark::State& state) {
  auto lock = g_app->read_lock();
  size_t looked = 0;
  timed(state, [&] {
    std::vector<Notification> out;
    looked = plan_due_notifications(*g_app, g_app->store(), g_plan, g_today, out);
    benchmark::DoNotOptimize(out.data());
  });
  state.counters["looked_at"] = static_cast<double>(looked);
}
BENCHMARK(SweepOnePlan)->Unit(benchmark::kMicrosecond)->MinTime(2.0);

}  // namespace

int main(int argc, char** argv) {
  bench::Args args = bench::parse_args(argc, argv);
  std::string& db = args.db;
  const std::string& data = args.data;
  crypto_init();
  std::filesystem::path tmp;
  if (db.empty()) {
    tmp = std::filesystem::temp_directory_path() / ("langso_bench_plans_" + std::to_string(::getpid()) + ".db");
    db = tmp.string();
    auto store = open_store(db);
    GenOptions g;
    g.data_dir = data;
    g.province_limit = 1;
    g.villages_per_commune = 10;
    g.activities = 200'000;
    GenReport r = generate_national(*store, g);
    std::printf("generated %lld communes, %lld villages, %lld activities\n", static_cast<long long>(r.communes),
                static_cast<long long>(r.villages), static_cast<long long>(r.activities));
  }
  int status = 0;
  {
    App app(open_store(db));
    g_app = &app;
    g_today = *parse_iso_date("2025-10-01");
    const Id province = app.units().roots_at(g_today).at(0);
    g_communes = app.units().children_at(province, g_today);
    g_plan.number = "1/KH-UBND";
    g_plan.issued_on = g_plan.start_on = *parse_iso_date("2025-07-15");
    g_plan.end_on = *parse_iso_date("2025-12-31");
    g_plan.issuer_unit = g_plan.unit = province;
    g_plan.issuer_organ = "UBND tỉnh";
    g_plan.title = "Kế hoạch đo hiệu năng";
    g_plan.status = PlanStatus::Issued;
    {
      auto w = app.writer();
      g_plan.id = create_plan(app, g_plan, 0);
      PlanTarget top{0, g_plan.id, province, "phu_song_thon", 90, *parse_iso_date("2025-12-31"), Cascade::Same, 0};
      add_plan_target(app, top, same_for_each(top, g_communes), 0);
    }
    g_targets = app.store().targets_of_plan(g_plan.id);
    std::printf("plan of %s: %zu targets, %zu communes\n", app.units().find(province)->name.c_str(), g_targets.size(),
                g_communes.size());
    bench::run_benchmarks(args);
    g_app = nullptr;
  }
  bench::remove_db(tmp);
  return status;
}
