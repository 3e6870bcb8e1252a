#!/usr/bin/env bash
# The deploy smoke test (ctest's deploy_nginx): Debian's nginx on loopback,
# configured from deploy/nginx.conf and deploy/langso_proxy.conf, in front of
# two langso instances on one SQLite file (tests/deploy/nginx.test.mjs).
# Installs nginx when missing, without starting its service
# (scripts/install-nginx.sh); exits 77 (skipped) only when it cannot be
# installed. The temporary directory (certificate, configuration, logs, the
# database) goes away afterwards, and whatever still runs from it is stopped,
# whatever happened.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ ! -x /usr/sbin/nginx ]; then
  SUDO="sudo -n" scripts/install-nginx.sh >&2 || true
  if [ ! -x /usr/sbin/nginx ]; then
    echo "deploy_nginx: nginx is missing and could not be installed: skipped" >&2
    exit 77
  fi
fi
command -v openssl >/dev/null || { echo "deploy_nginx: openssl is missing" >&2; exit 1; }

dir=$(mktemp -d /tmp/langso-nginx-XXXXXX)
# Whatever the test left running (it stops its processes itself; this is for a
# test killed or crashed): every process whose command line names this
# directory, nginx (-c DIR/...) and the instances (--db DIR/..., as TMPDIR is
# DIR), asked to stop, then killed.
ours() {
  local p cmd
  for p in /proc/[0-9]*; do
    cmd=$(tr '\0' ' ' 2>/dev/null < "$p/cmdline") || continue
    [[ $cmd == *"$dir/"* ]] && echo "${p#/proc/}"
  done
  return 0
}
cleanup() {
  local pids
  pids=$(ours)
  if [ -n "$pids" ]; then
    echo "deploy_nginx: stopping what the test left running:" $pids >&2
    kill -TERM $pids 2>/dev/null || true
    for _ in $(seq 25); do [ -n "$(ours)" ] || break; sleep 0.2; done
    pids=$(ours)
    [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
export NGINX_SMOKE_DIR="$dir" TMPDIR="$dir"
node --test --test-concurrency=1 tests/deploy/nginx.test.mjs
