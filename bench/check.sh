#!/usr/bin/env bash
# A small scale of the rollup benchmark as a correctness check: two provinces
# of the 2025 lists, a few villages each, 60,000 activities; every answer of
# the engine must equal the SQL peers'. Needs ../shared/data (skips without).
set -euo pipefail
langso=$1 bench=$2 register=${3:-}
data=${LANGSO_DATA:-../shared/data}
if [ ! -f "$data/reform2025_legacy_to_new.csv" ]; then
  echo "skipped: needs $data (the 2025 lists)"; exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$langso" gen --db "$tmp/small.db" --data "$data" --provinces 2 --villages 4 --activities 60000 >/dev/null
"$bench" --db "$tmp/small.db" --check --budget-ms 300 --engine-iterations 200 --sql-iterations 50
# The household register's benchmark at a small scale: the engine's stocks
# must equal the SQL peer's for the same generated people.
if [ -n "$register" ]; then
  "$langso" gen --db "$tmp/register.db" --data "$data" --provinces 2 --villages 4 --activities 0 >/dev/null
  "$register" --db "$tmp/register.db" --data "$data" --share 0.05 --check --iterations 200
fi
# The register import's bench, both sides the same build, at a small size:
# the script and the route still agree (a refusal fails it).
IMPORT_PERSONS=2000 LANGSO_DATA="$data" bench/register_import_ab.sh "$langso" bench/register_import.mjs "$langso" bench/register_import.mjs 34 34
