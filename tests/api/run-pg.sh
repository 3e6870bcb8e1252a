#!/usr/bin/env bash
# The API suite against PostgreSQL (ctest's api_pg): installs postgresql-15
# from Debian when missing, starts a throwaway cluster on loopback (bench/pg.sh)
# on a free port, runs every API test with LANGSO_TEST_PG set (each server gets
# a fresh database, tests/api/testdb.mjs) and stops the cluster afterwards,
# whatever happened. Exits 77 (skipped) only when PostgreSQL cannot be installed.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ ! -x /usr/lib/postgresql/15/bin/postgres ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo -n"
  { $SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends postgresql-15; } >&2 || true
  if [ ! -x /usr/lib/postgresql/15/bin/postgres ]; then
    echo "api_pg: PostgreSQL 15 is missing and could not be installed: skipped" >&2
    exit 77
  fi
fi

dir=$(mktemp -d /tmp/langso-api-pg-XXXXXX)
cleanup() {
  bench/pg.sh stop "$dir"
  rm -rf "$dir"
}
trap cleanup EXIT
port=$(node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")
# A test cluster holds no data worth an fsync, and shares the machine.
PG_CONF="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=128MB -c work_mem=16MB \
-c maintenance_work_mem=64MB -c max_wal_size=1GB -c max_connections=200" \
  bench/pg.sh start "$dir" "$port" >/dev/null
echo "api_pg: PostgreSQL 15 on 127.0.0.1:$port ($dir)" >&2

export LANGSO_TEST_PG=1 LANGSO_TEST_PG_URL="postgresql://postgres@127.0.0.1:$port"
# The storage tests that need a live server (PgLive.*), then the API suite.
tests_bin=${LANGSO_TESTS_BIN:-build/langso_tests}
if [ $# -eq 0 ]; then "$tests_bin" --gtest_filter='PgLive.*' --gtest_brief=1; fi
node --test --test-concurrency=1 "${@:-tests/api/}"
