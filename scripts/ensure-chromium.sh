#!/usr/bin/env bash
# Makes sure a Chromium is installed for the dashboard's browser tests (puppeteer-core drives the
# system's Chromium; nothing is downloaded by npm). Does nothing when `chromium` is on PATH or
# CHROMIUM_PATH names one; otherwise installs Debian's package with apt-get (Debian and Ubuntu only).
set -euo pipefail
[ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ] && exit 0
command -v chromium >/dev/null 2>&1 && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "No chromium on PATH and no apt-get to install it: install Chromium and set CHROMIUM_PATH" >&2
  exit 1
fi
echo "Installing Chromium (Debian package)..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 && apt-get install -y -qq chromium >&2
command -v chromium >/dev/null 2>&1 || { echo "chromium is still not on PATH after apt-get install" >&2; exit 1; }
