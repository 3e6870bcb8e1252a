#!/usr/bin/env bash
# The national benchmark in one run: langso's engine against SQLite and
# PostgreSQL peers on the `langso gen` dataset (20 million activities).
#   bench/run_national.sh DB [PGDIR]
# Builds the dataset first when DB does not exist; the peers are built once
# and kept (DB.peers and the PostgreSQL cluster in PGDIR).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
db=$1 pgdir=${2:-$(dirname "$db")/pg}
if [ ! -f "$db" ]; then
  "$root/build/langso" gen --db "$db" --data "${LANGSO_DATA:-$root/../shared/data}"
fi
conn=$("$root/bench/pg.sh" start "$pgdir" 54329)
trap '"$root/bench/pg.sh" stop "$pgdir"' EXIT
"$root/build/langso_bench" --db "$db" --pg "$conn" --markdown "$root/build/bench-national.md" "${@:3}"
