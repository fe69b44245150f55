#!/usr/bin/env bash
# Installs the SPARQL server the engine tests start: Debian's Virtuoso, the -bin package only
# (/usr/bin/virtuoso-t; the full virtuoso-opensource package would start a system service listening on
# every interface). The tests run it on loopback with their own config and data folder, by PID.
# Idempotent: does nothing when it is there.
set -euo pipefail

if command -v virtuoso-t >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "install-virtuoso: not root and no sudo; install the Debian package 'virtuoso-opensource-7-bin' by hand" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends virtuoso-opensource-7-bin
command -v virtuoso-t
