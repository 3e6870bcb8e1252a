#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster on loopback for benchmarks and tests.
#   bench/pg.sh start DIR PORT   (prints the libpq connection string)
#   bench/pg.sh stop DIR
# PG_CONF adds or overrides server settings ("-c fsync=off …"; later -c wins).
set -euo pipefail
cmd=$1 dir=$2 port=${3:-54329}
bin=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || true)
[ -n "$bin" ] || { echo "PostgreSQL 15 is not installed (apt-get install postgresql-15)" >&2; exit 77; }
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case $cmd in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    if [ ! -f "$dir/PG_VERSION" ]; then as_pg "$bin/initdb" -D "$dir" -U postgres -A trust >/dev/null; fi
    as_pg "$bin/pg_ctl" -D "$dir" -l "$dir/log" -w -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c shared_buffers=2GB -c work_mem=256MB -c maintenance_work_mem=1GB -c max_wal_size=8GB -c fsync=on ${PG_CONF:-}" start >/dev/null
    as_pg "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qtc "SELECT 1 FROM pg_database WHERE datname='bench'" | grep -q 1 ||
      as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres bench
    echo "host=127.0.0.1 port=$port user=postgres dbname=bench"
    ;;
  stop)
    as_pg "$bin/pg_ctl" -D "$dir" -m fast stop >/dev/null || true
    ;;
esac
