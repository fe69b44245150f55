#!/usr/bin/env bash
# Installs the headless browser the browser tests drive: Debian's chromium at
# /usr/bin/chromium (Playwright launches it with executable_path; it never
# downloads a browser of its own). Idempotent: does nothing when it is there.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "install-browser: not root and no sudo; install the Debian package 'chromium' by hand" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# fonts-noto-core covers Vietnamese letters in screenshots
$SUDO apt-get install -y -q --no-install-recommends chromium fonts-noto-core
/usr/bin/chromium --version
