#!/usr/bin/env bash
# Installs Warraq for the GitHub Action (action.yml), in two modes:
#
#   install.sh release   downloads the release archive for this runner's OS and
#                        architecture, checks it against the release's
#                        checksums.txt and unpacks the binary into
#                        $WARRAQ_BIN_DIR. When there is no release to use (the
#                        action runs from a branch or a commit, or the release
#                        has no archive for this platform) it says so with the
#                        step output from-source=true and exits 0: action.yml
#                        then sets up Go and runs the second mode.
#   install.sh source    go install ./cmd/warraq from $WARRAQ_SOURCE (the
#                        action's own checkout) into $WARRAQ_BIN_DIR.
#
# Environment: WARRAQ_VERSION (the action's version input: vX.Y.Z, latest, or
# empty for the release matching WARRAQ_ACTION_REF), WARRAQ_ACTION_REF,
# WARRAQ_ACTION_REPOSITORY (owner/name, default warraq/warraq), WARRAQ_BIN_DIR,
# WARRAQ_DOWNLOAD_BASE (default https://github.com; tests point it at a local
# server), GITHUB_OUTPUT and GITHUB_PATH (set by the runner).
set -euo pipefail

mode=${1:-release}
bin_dir=${WARRAQ_BIN_DIR:?WARRAQ_BIN_DIR is not set}
repo=${WARRAQ_ACTION_REPOSITORY:-warraq/warraq}
base=${WARRAQ_DOWNLOAD_BASE:-https://github.com}
output=${GITHUB_OUTPUT:-/dev/null}
exe=warraq
case "${RUNNER_OS:-$(uname -s)}" in
  Linux) os=linux ;;
  macOS | Darwin) os=darwin ;;
  Windows | MINGW* | MSYS* | CYGWIN*) os=windows exe=warraq.exe ;;
  *) echo "warraq: unsupported runner OS ${RUNNER_OS:-$(uname -s)}" >&2; exit 3 ;;
esac
case "${RUNNER_ARCH:-$(uname -m)}" in
  X64 | x86_64 | amd64) arch=amd64 ;;
  ARM64 | arm64 | aarch64) arch=arm64 ;;
  *) arch=unsupported ;;
esac
mkdir -p "$bin_dir"

done_installing() { # done_installing HOW: report the binary and put it on PATH
  "$bin_dir/$exe" version
  version=$("$bin_dir/$exe" version --json | sed -n 's/^  "version": "\(.*\)",$/\1/p')
  {
    echo "from-source=false"
    echo "path=$bin_dir/$exe"
    echo "version=$version"
  } >>"$output"
  [ -z "${GITHUB_PATH:-}" ] || echo "$bin_dir" >>"$GITHUB_PATH"
  echo "warraq $version installed $1 into $bin_dir"
}

from_source() { # from_source WHY
  echo "warraq: $1; building it from the action's source instead"
  echo "from-source=true" >>"$output"
  exit 0
}

if [ "$mode" = source ]; then
  src=${WARRAQ_SOURCE:?WARRAQ_SOURCE is not set}
  (cd "$src" && GOBIN="$bin_dir" GOFLAGS=-trimpath go install ./cmd/warraq)
  done_installing "from source ($(cd "$src" && go version))"
  exit 0
fi

sha256() { if command -v sha256sum >/dev/null; then sha256sum "$1"; else shasum -a 256 "$1"; fi | cut -d' ' -f1; }

# Which release: the input, else the action's ref when it names a release.
tag=${WARRAQ_VERSION:-}
ref=${WARRAQ_ACTION_REF:-}
major=""
if [ -z "$tag" ]; then
  if [[ $ref =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
    tag=$ref
  elif [[ $ref =~ ^v([0-9]+)(\.[0-9]+)?$ ]]; then
    tag=latest major=${BASH_REMATCH[1]} # a moving tag like v1: the newest v1.x.y
  else
    from_source "the action runs from ${ref:-an unknown ref}, not a release"
  fi
fi
[ "$arch" != unsupported ] || from_source "no release archive for ${RUNNER_ARCH:-$(uname -m)}"
if [ "$tag" = latest ]; then
  # GitHub redirects /releases/latest to /releases/tag/TAG; no token needed.
  url=$(curl -fsSLI -o /dev/null -w '%{url_effective}' "$base/$repo/releases/latest") ||
    from_source "cannot find the latest release of $repo"
  tag=${url##*/}
  [[ $tag =~ ^v[0-9] ]] || from_source "cannot find the latest release of $repo"
  if [ -n "$major" ] && [ "${tag%%.*}" != "v$major" ]; then
    from_source "the latest release is $tag, not a v$major.x"
  fi
fi
[[ $tag == v* ]] || tag=v$tag
version=${tag#v}
ext=tar.gz
[ "$os" != windows ] || ext=zip
archive=warraq_${version}_${os}_${arch}.$ext
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "warraq: downloading $archive ($repo $tag)"
if ! curl -fsSL --retry 3 -o "$tmp/checksums.txt" "$base/$repo/releases/download/$tag/checksums.txt" ||
  ! curl -fsSL --retry 3 -o "$tmp/$archive" "$base/$repo/releases/download/$tag/$archive"; then
  from_source "$repo has no release $tag with $archive"
fi
want=$(awk -v f="$archive" '$2 == f { print $1 }' "$tmp/checksums.txt")
got=$(sha256 "$tmp/$archive")
if [ -z "$want" ] || [ "$want" != "$got" ]; then
  # A corrupt or tampered download is never a reason to fall back quietly.
  echo "::error title=warraq install::$archive does not match the release's checksums.txt (want ${want:-no entry}, got $got)"
  exit 3
fi
mkdir "$tmp/x"
if [ "$ext" = zip ]; then
  if command -v unzip >/dev/null; then unzip -q "$tmp/$archive" -d "$tmp/x"
  else pwsh -NoProfile -Command "Expand-Archive -LiteralPath '$tmp/$archive' -DestinationPath '$tmp/x'"; fi
else
  tar -xzf "$tmp/$archive" -C "$tmp/x"
fi
install -m 0755 "$tmp/x/$exe" "$bin_dir/$exe" 2>/dev/null || { cp "$tmp/x/$exe" "$bin_dir/$exe"; chmod 0755 "$bin_dir/$exe"; }
done_installing "from the $tag release (sha256 $got)"
