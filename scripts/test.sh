#!/usr/bin/env bash
# The whole check: install, type-check, lint, then every test against real parts.
set -euo pipefail
cd "$(dirname "$0")/.."
TEMPORAL_CLI_PATH=$(bash scripts/install.sh)
export TEMPORAL_CLI_PATH
# The tests that run over a real PostgreSQL use an embedded one from npm (TEST_POSTGRES_URL: another).
if [ -z "${TEST_POSTGRES_URL:-}" ]; then
  url_file=$(mktemp)
  node --import tsx scripts/test-postgres.ts "$url_file" &
  pg_pid=$!
  trap 'kill "$pg_pid" 2>/dev/null; wait "$pg_pid" 2>/dev/null; rm -f "$url_file"' EXIT
  for _ in $(seq 1 240); do
    [ -s "$url_file" ] && break
    kill -0 "$pg_pid" 2>/dev/null || { echo "the tests' PostgreSQL did not start" >&2; exit 1; }
    sleep 0.5
  done
  [ -s "$url_file" ] || { echo "the tests' PostgreSQL did not answer within 120 s" >&2; exit 1; }
  TEST_POSTGRES_URL=$(cat "$url_file")
  export TEST_POSTGRES_URL
fi
bash scripts/ensure-chromium.sh
echo "Type-checking..." && npx tsc --noEmit
echo "Linting..." && npm run --silent lint
node scripts/run-tests.mjs "$@"
