#!/usr/bin/env bash
# Builds the fuzz harnesses (build-fuzz, clang, incremental) and runs each for
# a bounded time from its seed corpus (docs/security.md, "Fuzzing").
#   fuzz/run.sh [SECONDS] [HARNESS...]     default: 12 s each, every fuzz/fuzz_*.cc
# New inputs go to build-fuzz/corpus/<name> (kept between runs), findings to
# build-fuzz/findings/. Any crash, leak, sanitizer report, timeout or failed
# property fails the run; the reproducer command is printed. ctest runs this
# as fuzz_short.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seconds=${1:-12}
shift || true
: "${CCACHE_BASEDIR:=$root}"
export CCACHE_BASEDIR

start=$SECONDS
if [ ! -f build-fuzz/build.ninja ]; then
  CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DLANGSO_FUZZ=ON -DCMAKE_BUILD_TYPE=Fuzz >/dev/null
fi
cmake --build build-fuzz -j"${JOBS:-2}"
echo "fuzz: built in $((SECONDS - start)) s"

harnesses=("$@")
if ((${#harnesses[@]} == 0)); then
  for f in fuzz/fuzz_*.cc; do harnesses+=("$(basename "$f" .cc)"); done
fi
mkdir -p build-fuzz/findings build-fuzz/logs
failed=0 passed=0
for h in "${harnesses[@]}"; do
  name=${h#fuzz_}
  corpus=build-fuzz/corpus/$name
  mkdir -p "$corpus"
  log=build-fuzz/logs/$name.log
  # The seeds (and the reproducers of fixed bugs kept among them) run first.
  if build-fuzz/$h -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
       -print_final_stats=1 -artifact_prefix="build-fuzz/findings/$name-" \
       "$corpus" "fuzz/corpus/$name" >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    echo "fuzz: $h ok, $runs runs in $seconds s, $cov, corpus $(ls "$corpus" | wc -l) inputs"
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "fuzz: $h FAILED"
    grep -E -A30 'ERROR: |runtime error|property failed|Test unit written' "$log" | head -60 || tail -40 "$log"
    artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
    [ -n "$artifact" ] && echo "reproduce: build-fuzz/$h $artifact"
  fi
done
echo "fuzz: $passed passed, $failed failed"
((failed == 0))
