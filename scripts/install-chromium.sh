#!/bin/sh
# Installs Debian's chromium for the catalog's browser tests (test/catalog), unless it is already there.
# CI calls this before `npm test`; on a developer machine run it once (as root). playwright-core drives the
# system browser at /usr/bin/chromium: no browser download from a CDN, only the distribution's package.
# With --if-possible (npm's pretest) a machine where it cannot be installed only gets a note: the browser
# test then says it skipped, except under CI=true, where it must run.
set -eu

if [ "${1:-}" = "--if-possible" ]; then
  if sh "$0"; then exit 0; fi
  echo "install-chromium: could not install chromium here; the catalog browser test will skip outside CI" >&2
  exit 0
fi

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
