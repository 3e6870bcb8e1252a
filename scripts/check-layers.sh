#!/bin/sh
# The layers' rule (docs/architecture.md): util, domain, store, engine, io and
# auth never include http/ (nor cli/). Prints the offending lines; fails on any.
cd "$(dirname "$0")/.." || exit 2
bad=$(grep -rnE '#include "(http|cli)/' src/util src/domain src/store src/engine src/io src/auth)
if [ -n "$bad" ]; then
  echo "lower layers include http/ or cli/:"
  echo "$bad"
  exit 1
fi
echo "layers ok"
