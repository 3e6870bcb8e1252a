#!/usr/bin/env bash
# The unit tests under a sanitizer (docs/security.md, "Sanitizers"): builds
# only langso_tests with g++ in a build directory of its own and runs it.
#   asan: AddressSanitizer + UndefinedBehaviorSanitizer (build-asan), every test
#   tsan: ThreadSanitizer (build-tsan), every test
# Any report fails the run (UBSan does not recover; ASan and TSan exit
# non-zero). ctest runs both as unit_asan and unit_tsan.
set -euo pipefail
mode=${1:?usage: scripts/unit-sanitized.sh asan|tsan [gtest args...]}
shift
cd "$(dirname "$0")/.."
root=$PWD
: "${CCACHE_BASEDIR:=$root}"
export CCACHE_BASEDIR

case $mode in
  asan)
    dir=build-asan
    # _GLIBCXX_ASSERTIONS: indexing a vector or string past its end stops at
    # once, even inside the capacity, where ASan cannot see it.
    flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -D_GLIBCXX_ASSERTIONS"
    export ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
    ;;
  tsan)
    dir=build-tsan
    # Every test, as it costs seconds: those that start threads are the WAL
    # checkpointer's (a background connection) and the store's locked-database
    # test; the rest check that nothing else races on the way.
    flags="-fsanitize=thread -Wno-tsan"
    mkdir -p build-tsan
    gcc -O1 -fsanitize=thread -c scripts/tsan-clocklock.c -o build-tsan/tsan-clocklock.o
    link_extra="$root/build-tsan/tsan-clocklock.o"
    export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1${TSAN_OPTIONS:+:$TSAN_OPTIONS}"
    ;;
  *) echo "unit-sanitized: unknown mode '$mode' (asan or tsan)" >&2; exit 2 ;;
esac

start=$SECONDS
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Sanitized \
  -DCMAKE_CXX_FLAGS_SANITIZED="-O1 -g1 -fno-omit-frame-pointer -Wno-maybe-uninitialized $flags" \
  -DCMAKE_EXE_LINKER_FLAGS_SANITIZED="$flags ${link_extra:-}" >/dev/null
cmake --build "$dir" -j"${JOBS:-2}" --target langso_tests
echo "unit-sanitized $mode: built in $((SECONDS - start)) s"
start=$SECONDS
"$dir/langso_tests" "$@"
echo "unit-sanitized $mode: tests ran in $((SECONDS - start)) s"
