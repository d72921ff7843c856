#!/usr/bin/env bash
# `npm start`: install what is missing, then run the whole stack on embedded defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
TEMPORAL_CLI_PATH=$(bash scripts/install.sh)
export TEMPORAL_CLI_PATH
exec node --import tsx src/devstack/up.ts
