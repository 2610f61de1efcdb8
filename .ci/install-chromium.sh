#!/usr/bin/env bash
# Installs Debian's Chromium and ChromeDriver for the web-view tests (mp4j-cli's ObserveCommandsTest and
# ClusterStatusBrowserTest drive a headless Chromium through WebDriver). Nothing is downloaded outside apt.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
SUDO=()
if [[ "$(id -u)" != 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo -n)
  else
    echo "install-chromium: chromium/chromedriver are missing and this user cannot install them: run 'apt-get install -y chromium chromium-driver' as root" >&2
    exit 2
  fi
fi
echo "install-chromium: installing chromium and chromium-driver (apt-get)..." >&2
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq >&2 || true
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends chromium chromium-driver >&2
command -v chromedriver >/dev/null 2>&1 || { echo "install-chromium: chromedriver still not on PATH after installing" >&2; exit 2; }
