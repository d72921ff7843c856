#!/usr/bin/env bash
# The whole check: install, type-check, lint, then every test against real parts.
set -euo pipefail
cd "$(dirname "$0")/.."
TEMPORAL_CLI_PATH=$(bash scripts/install.sh)
export TEMPORAL_CLI_PATH
bash scripts/ensure-postgres.sh
echo "Type-checking..." && npx tsc --noEmit
echo "Linting..." && npx eslint .
node scripts/run-tests.mjs "$@"
