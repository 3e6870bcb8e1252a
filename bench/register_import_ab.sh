#!/bin/sh
# Two builds' register import in one run (docs/performance.md, issue 12): each
# serves a fresh bench database of its own (one province, 30 empty villages,
# a commune officer of 00008), and the bench posts the same 15,000-person file
# to each in turn, village by village, so the machine's noise falls on both.
# Prints each first import's time and, at the end, the servers' own times
# (`us` of their logs, first imports, sorted).
#   bench/register_import_ab.sh OLD_BIN OLD_BENCH NEW_BIN NEW_BENCH [FIRST [LAST]]
# OLD_BENCH / NEW_BENCH: the bench script each build takes (an older build took
# the file as base64 in JSON: `git show 8f38e93:bench/register_import.mjs`).
# IMPORT_PERSONS: the file's size (15,000; bench/check.sh runs 2,000).
# OLD_BIN "-": the new build alone (one server: the absolute figure, without
# a second server's database in the same memory and caches).
set -eu
OLD=$1 OLD_BENCH=$2 NEW=$3 NEW_BENCH=$4 FIRST=${5:-34} LAST=${6:-49} PERSONS=${IMPORT_PERSONS:-15000}
SIDES="old new"
[ "$OLD" = - ] && SIDES=new
DATA=${LANGSO_DATA:-../shared/data}
dir=$(mktemp -d /tmp/langso-import-ab-XXXXXX)
pids=""
trap 'kill $pids 2>/dev/null || true; rm -rf "$dir"' EXIT
port() { node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })"; }
for side in $SIDES; do
  if [ $side = old ]; then bin=$OLD; else bin=$NEW; fi
  "$bin" gen --db "$dir/$side.db" --data "$DATA" --provinces 1 --villages 30 --activities 1000 --register 0 >/dev/null 2>&1
  LANGSO_PASSWORD=benchpass123 "$bin" user add --db "$dir/$side.db" --login benchxa --role commune_officer --unit 00008 >/dev/null 2>&1
  p=$(port)
  "$bin" serve --db "$dir/$side.db" --listen 127.0.0.1:$p >"$dir/$side.log" 2>&1 &
  pids="$pids $!"
  eval "port_$side=$p"
done
sleep 3
v=$FIRST
while [ "$v" -le "$LAST" ]; do
  for side in $SIDES; do
    if [ $side = old ]; then bench=$OLD_BENCH; p=$port_old; else bench=$NEW_BENCH; p=$port_new; fi
    out=$(node "$bench" "http://127.0.0.1:$p" benchxa benchpass123 "$v" "$PERSONS")  # fails the script on a refusal
    printf '%s %s %s\n' "$side" "$v" "$(printf '%s\n' "$out" | grep 'first import' | cut -d'|' -f3)"
  done
  v=$((v + 1))
done
for side in $SIDES; do
  printf '%s us: %s\n' "$side" "$(grep register-import "$dir/$side.log" | grep -o '"us":[0-9]*' | cut -d: -f2 | awk 'NR % 2 == 1' | sort -n | tr '\n' ' ')"
done
