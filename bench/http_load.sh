#!/usr/bin/env bash
# HTTP load on scorecards: a real langso process on loopback, wrk in another
# process, 64 keep-alive connections. Usage:
#   bench/http_load.sh DB [SECONDS] [LOGIN] [PASSWORD]
# The login must exist in DB (e.g. `LANGSO_PASSWORD=... langso user add --db DB --login bench --role admin`).
# LANGSO_BIN: another build's binary (the same questions before and after a change).
set -euo pipefail
db=$1 secs=${2:-15} login=${3:-bench} password=${4:-wrk-load-on-loopback}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
"${LANGSO_BIN:-$root/build/langso}" serve --db "$db" --listen 127.0.0.1:0 --threads 2 >"$tmp/out" 2>"$tmp/err" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 1 600); do grep -q listening "$tmp/out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$tmp/out")
grep -o '"startup_ms":[0-9]*' "$tmp/err" || true
cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' -H "Origin: $url" \
  -d "{\"login\":\"$login\",\"password\":\"$password\"}" "$url/api/v1/session" | sed -n 's/^Set-Cookie: \(langso_session=[^;]*\).*/\1/p')
province=$(curl -s -H "Cookie: $cookie" "$url/api/v1/units" | sed -n 's/^{"items":\[{[^}]*"id":\([0-9]*\).*/\1/p' | head -1)
[ -n "$province" ] || province=$(curl -s -H "Cookie: $cookie" "$url/api/v1/units" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
echo "server $url, province id $province"
ps -o rss= -p $pid | awk '{printf "server RSS %d MB\n", $1/1024}'
wrk -t2 -c64 -d"${secs}s" --latency -H "Cookie: $cookie" \
  "$url/api/v1/units/$province/scorecard?from=2024-04-01&to=2024-06-30"
