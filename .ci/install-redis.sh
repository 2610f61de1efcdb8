#!/usr/bin/env bash
# Installs redis-server (Debian's package) for the mp4j-cluster tests, which start their own
# server on 127.0.0.1 with a random free port and no persistence, and iproute2 (`ip`), with which
# the scale-out test puts worker JVMs in their own network namespace (as root; skipped otherwise).
# Does not start the system service.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1 && { command -v ip >/dev/null 2>&1 || [[ "$(id -u)" != 0 ]]; }; then
  exit 0
fi
SUDO=()
if [[ "$(id -u)" != 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo -n)
  else
    echo "install-redis: redis-server is missing and this user cannot install it: run 'apt-get install -y redis-server' as root" >&2
    exit 2
  fi
fi
PACKAGES=(redis-server)
if ! command -v ip >/dev/null 2>&1; then PACKAGES+=(iproute2); fi
echo "install-redis: installing ${PACKAGES[*]} (apt-get install -y)..." >&2
export DEBIAN_FRONTEND=noninteractive
# policy-rc.d 101 keeps the package from starting the system service inside containers
"${SUDO[@]}" apt-get update -qq >&2 || true
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >&2
"${SUDO[@]}" systemctl disable --now redis-server >/dev/null 2>&1 || "${SUDO[@]}" service redis-server stop >/dev/null 2>&1 || true
command -v redis-server >/dev/null 2>&1 || { echo "install-redis: redis-server still not on PATH after installing" >&2; exit 2; }
