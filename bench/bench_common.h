// What the Google Benchmark programs of bench/ share: each iteration timed on
// its own with p50/p99/max (µs) as counters beside Google Benchmark's mean,
// and the command line (--db FILE, --data DIR, the rest for the library) with
// a temporary database removed at the end.
#pragma once
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace langso::bench {

template <class F>
void timed(benchmark::State& state, F&& body) {
  using Clock = std::chrono::steady_clock;
  std::vector<double> us;
  us.reserve(4096);
  for (auto _ : state) {
    auto t0 = Clock::now();
    body();
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
  }
  std::sort(us.begin(), us.end());
  auto at = [&](double q) { return us.empty() ? 0.0 : us[std::min(us.size() - 1, static_cast<size_t>(q * us.size()))]; };
  state.counters["p50_us"] = at(0.50);
  state.counters["p99_us"] = at(0.99);
  state.counters["max_us"] = us.empty() ? 0.0 : us.back();
}

struct Args {
  std::string db, data = "../shared/data";
  std::vector<char*> rest;  // for benchmark::Initialize
};
inline Args parse_args(int argc, char** argv) {
  Args a;
  a.rest.push_back(argv[0]);
  for (int i = 1; i < argc; ++i) {
    std::string x = argv[i];
    if (x == "--db" && i + 1 < argc) a.db = argv[++i];
    else if (x == "--data" && i + 1 < argc) a.data = argv[++i];
    else a.rest.push_back(argv[i]);
  }
  return a;
}

// Runs the registered benchmarks with the rest of the command line.
inline void run_benchmarks(Args& a) {
  int n = static_cast<int>(a.rest.size());
  benchmark::Initialize(&n, a.rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}

// A SQLite file and its journal files, removed (a temporary database).
inline void remove_db(const std::filesystem::path& file) {
  if (file.empty()) return;
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file.string() + suffix, ec);
}

}  // namespace langso::bench
