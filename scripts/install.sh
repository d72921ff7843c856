#!/usr/bin/env bash
# Installs what the project needs: npm packages (when missing or stale) and the Temporal CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm packages..." >&2
  # Exactly the lock file, as the Dockerfile installs it.
  npm ci --no-audit --no-fund >&2
fi
bash scripts/ensure-temporal.sh
