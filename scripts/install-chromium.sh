#!/bin/sh
# Installs Debian's chromium for the catalog's browser tests (test/catalog), unless it is already there.
# CI calls this before `npm test`; on a developer machine run it once (as root). playwright-core drives the
# system browser at /usr/bin/chromium: no browser download from a CDN, only the distribution's package.
set -eu

if [ -x /usr/bin/chromium ]; then
  echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=sudo
  else
    echo "install-chromium: run as root (or install sudo): apt-get install -y chromium" >&2
    exit 1
  fi
else
  SUDO=
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core
/usr/bin/chromium --version
