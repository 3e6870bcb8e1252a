#!/usr/bin/env bash
# Copies a langso SQLite database (e.g. the national dataset from `langso gen`)
# into a new PostgreSQL database, for the PostgreSQL benchmarks
# (docs/performance.md). The schema comes from `langso migrate` (the same
# migrations as every deployment); the rows are streamed table by table with
# COPY, then the id sequences are moved past the copied ids.
#   bench/pg_national.sh LANGSO SQLITE_DB URL
# URL: an existing, empty PostgreSQL database (postgresql://user@host:port/db).
set -euo pipefail
langso=$1 src=$2 url=$3
[ -f "$src" ] || { echo "no such SQLite database: $src" >&2; exit 1; }
psql_() { psql "$url" -v ON_ERROR_STOP=1 -qAt "$@"; }

"$langso" migrate --db "$url" >/dev/null
tables=$(sqlite3 "$src" "SELECT name FROM sqlite_master WHERE type='table' AND name NOT IN ('schema_version','sqlite_sequence') ORDER BY rowid")
# First use seeds catalogues; the copy brings the source's own.
psql_ -c "TRUNCATE $(echo $tables | tr ' ' ',') RESTART IDENTITY"
for t in $tables; do
  cols=$(sqlite3 "$src" "SELECT group_concat(name, ',') FROM pragma_table_info('$t')")
  start=$(date +%s.%N)
  # NULL as \N; empty strings stay quoted "" (PostgreSQL's CSV reads them as '').
  sqlite3 -csv -nullvalue '\N' "$src" "SELECT $cols FROM $t" |
    psql_ -c "\\copy $t($cols) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
  n=$(psql_ -c "SELECT count(*) FROM $t")
  printf '%-22s %10s rows %7.1f s\n' "$t" "$n" "$(awk "BEGIN{print $(date +%s.%N) - $start}")"
done
# Sequences past the copied ids, then planner statistics.
psql_ <<'SQL'
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT table_name, column_name, pg_get_serial_sequence(table_name, column_name) AS seq
           FROM information_schema.columns
           WHERE table_schema = 'public' AND pg_get_serial_sequence(table_name, column_name) IS NOT NULL LOOP
    EXECUTE format('SELECT setval(%L, COALESCE((SELECT MAX(%I) FROM %I), 0) + 1, false)', r.seq, r.column_name, r.table_name);
  END LOOP;
END $$;
ANALYZE;
SQL
echo "copied into $url"
