#!/usr/bin/env bash
# The reorganisation benchmark: the national dataset recorded on the legacy
# structure (63 provinces, 10,035 communes) and reorganised on 01/07/2025,
# then the same rollup questions asked of the engine on the legacy structure
# (30/06/2025) and on today's, in one process each.
#   bench/run_reorg.sh DB [langso_bench options]
# Builds the dataset first when DB does not exist (langso gen --legacy).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
db=$1
if [ ! -f "$db" ]; then
  "$root/build/langso" gen --legacy --db "$db" --data "${LANGSO_DATA:-$root/../shared/data}"
fi
for structure in 2025-06-30 "$(date +%F)"; do
  echo "## structure of $structure"
  "$root/build/langso_bench" --db "$db" --engine-only --structure "$structure" "${@:2}"
done
