#!/usr/bin/env bash
# Installs Debian's nginx (bookworm: 1.22) for the deploy smoke test
# (tests/deploy/nginx-smoke.sh) without starting it: the package's postinst
# would start a daemon on port 80, which fails in a container where the port is
# taken or there is no init, and leaves a server running on a developer's
# machine. A temporary /usr/sbin/policy-rc.d that answers 101 ("action
# forbidden") makes invoke-rc.d and deb-systemd-invoke skip the start; it is
# created only when there is none and removed afterwards, whatever happens.
# Does nothing when nginx is installed. Root, or sudo ($SUDO, default `sudo`).
set -euo pipefail

[ -x /usr/sbin/nginx ] && exit 0

SUDO_CMD=""
[ "$(id -u)" -eq 0 ] || SUDO_CMD="${SUDO:-sudo}"
policy=/usr/sbin/policy-rc.d
own_policy=0
cleanup() {
  if [ "$own_policy" = 1 ]; then $SUDO_CMD rm -f "$policy"; fi
}
trap cleanup EXIT
# set -C: the redirection fails if the file appeared meanwhile, so an existing
# policy (Docker images ship one) is neither overwritten nor removed.
if [ ! -e "$policy" ] && $SUDO_CMD sh -c "set -C; printf '#!/bin/sh\n# langso install-nginx.sh: no service starts during this install\nexit 101\n' > $policy && chmod 755 $policy"; then
  own_policy=1
fi

echo "install-nginx: installing nginx (its service is not started)" >&2
$SUDO_CMD apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO_CMD apt-get install -y --no-install-recommends nginx
# Under systemd the package also enables nginx.service for the next boot; a
# build or test machine does not want a server on port 80, so it is disabled
# (a production machine installs nginx itself, docs/deploy.md).
if [ -d /run/systemd/system ]; then $SUDO_CMD systemctl disable nginx.service >/dev/null 2>&1 || true; fi
[ -x /usr/sbin/nginx ]
