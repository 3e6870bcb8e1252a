#!/usr/bin/env bash
# Installs what langso needs to build, run and test, skipping what is present.
# Debian 12 packages only (apt-get), then the web app's npm packages (npm ci).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build ccache pkg-config git ca-certificates
  libboost-dev libsqlite3-dev sqlite3 libsodium-dev libicu-dev nlohmann-json3-dev
  libfmt-dev libspdlog-dev libcli11-dev libgtest-dev libgmock-dev libbenchmark-dev
  libxlsxwriter-dev libzip-dev libexpat1-dev zlib1g-dev libpq-dev postgresql-15
  chromium fonts-dejavu-core curl
  libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils wrk
  fonts-liberation2 fonts-crosextra-carlito
  # fuzz/: clang 14 with libFuzzer and its sanitizer runtimes
  clang libclang-rt-14-dev
)
# Node.js: the machine's own (20+) when present, otherwise Debian's.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi
# nginx, for the deploy smoke test: installed without starting its service.
scripts/install-nginx.sh

# npm ci only when the lock file changed since the last install.
if [ -f web/package-lock.json ]; then
  stamp=web/node_modules/.langso-lock
  if [ ! -f "$stamp" ] || ! cmp -s web/package-lock.json "$stamp"; then
    (cd web && npm ci --no-audit --no-fund)
    cp web/package-lock.json "$stamp"
  fi
fi
