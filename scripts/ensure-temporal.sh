#!/usr/bin/env bash
# Prints the path of a `temporal` CLI, providing one if needed. Order: $TEMPORAL_CLI_PATH, PATH,
# the cache outside the checkout, `go install` into that cache, the official download.
# Progress goes to stderr; stdout carries only the path.
set -euo pipefail
version="v1.5.1" # later tags carry a `replace` directive that `go install` rejects
cache="${CRM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/crm-server}/bin"
cached="$cache/temporal"

usable() { [ -n "$1" ] && [ -x "$1" ] && "$1" --version >/dev/null 2>&1; }

if usable "${TEMPORAL_CLI_PATH:-}"; then echo "$TEMPORAL_CLI_PATH"; exit 0; fi
if usable "$(command -v temporal || true)"; then command -v temporal; exit 0; fi
if usable "$cached"; then echo "$cached"; exit 0; fi

mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9 # two runs building at once would race on the same binary
if usable "$cached"; then echo "$cached"; exit 0; fi

if command -v go >/dev/null 2>&1; then
  echo "Building the Temporal CLI $version with go install (about 3 minutes the first time)..." >&2
  GOBIN="$cache" go install "github.com/temporalio/cli/cmd/temporal@$version" >&2
else
  os=$(uname -s | tr 'A-Z' 'a-z'); arch=$(uname -m)
  case "$arch" in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; esac
  echo "Downloading the Temporal CLI $version for $os/$arch..." >&2
  tmp=$(mktemp -d)
  curl -fsSL "https://temporal.download/cli/archive/$version?platform=$os&arch=$arch" -o "$tmp/cli.tgz"
  tar -xzf "$tmp/cli.tgz" -C "$tmp" && mv "$tmp/temporal" "$cached" && rm -rf "$tmp"
fi
usable "$cached" || { echo "Could not provide the Temporal CLI" >&2; exit 1; }
echo "$cached"
