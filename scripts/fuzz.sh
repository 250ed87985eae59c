#!/usr/bin/env bash
# Runs every Go fuzz target in the module for a bounded time each, on top of its
# committed seed corpus (testdata/fuzz/). usage: scripts/fuzz.sh [DURATION]
set -euo pipefail
cd "$(dirname "$0")/.."
t=${1:-20s}
n=0
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //' | sort -u); do
    echo "-- $pkg $target"
    go test -run='^$' -fuzz="^${target}\$" -fuzztime="$t" "$pkg"
    n=$((n+1))
  done
done
echo "fuzz targets run: $n"
[ "$n" -gt 0 ]
