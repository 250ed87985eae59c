#!/usr/bin/env bash
# Lints what GitHub runs: actionlint (pinned in tools/lint/go.mod) on the
# workflows and the example workflow in docs/ (it also checks every
# `uses: ./` against action.yml's inputs), with shellcheck on their run:
# blocks, and shellcheck on the scripts the action and the release run.
# Installs shellcheck with apt-get when it is missing (CI runs as root).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v shellcheck >/dev/null; then
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck >/dev/null
fi
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
(cd tools/lint && go build -o "$bin/actionlint" github.com/rhysd/actionlint/cmd/actionlint)
"$bin/actionlint" -shellcheck "$(command -v shellcheck)" .github/workflows/*.yml docs/examples/*.yml
shellcheck scripts/action/*.sh scripts/release-check.sh scripts/lint-ci.sh
echo "actionlint and shellcheck: clean"
