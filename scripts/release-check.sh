#!/usr/bin/env bash
# Checks Warraq's release the way a tag would make it, without publishing:
#   1. `goreleaser check` on .goreleaser.yaml;
#   2. `goreleaser release --snapshot --clean` twice, each in a fresh clone of
#      HEAD (so the archives hold committed files only, and GoReleaser sees a
#      remote and the commit), and every binary must be byte-identical across
#      the two, and so must the archives, SBOMs and checksums.txt;
#   3. the binary for this machine's OS/arch (linux/amd64 in CI) runs
#      `warraq version`, `warraq version --json`, and builds the samples.
# GoReleaser and cyclonedx-gomod (for the SBOMs) are built from the versions
# pinned in tools/release/go.mod. About 3 minutes on 2 cores with a warm Go
# build cache, up to 15 cold.
# usage: scripts/release-check.sh [KEEP_DIR]   (KEEP_DIR keeps the first dist/)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== tools (tools/release/go.mod)"
(cd tools/release && go build -o "$work/bin/" github.com/goreleaser/goreleaser/v2 \
  github.com/CycloneDX/cyclonedx-gomod/cmd/cyclonedx-gomod)
export PATH="$work/bin:$PATH"
goreleaser --version 2>/dev/null | grep -i '^GitVersion' || true

echo "== goreleaser check"
goreleaser check

snapshot() { # snapshot N: a release from a fresh clone of HEAD into $work/runN/dist
  local dir=$work/run$1
  git clone -q --no-local "$root" "$dir"
  (cd "$dir" && goreleaser release --snapshot --clean >"$work/goreleaser$1.log" 2>&1) || {
    tail -40 "$work/goreleaser$1.log"; echo "FAIL: goreleaser snapshot $1"; exit 1; }
}
echo "== snapshot release 1"; snapshot 1
echo "== snapshot release 2"; snapshot 2

d1=$work/run1/dist d2=$work/run2/dist
echo "== artifacts"
(cd "$d1" && ls -1 -- *.tar.gz *.zip *.cdx.json checksums.txt)
fail=0
echo "== reproducibility"
bins=$(cd "$d1" && find . -type f \( -name warraq -o -name warraq.exe \) | sort)
[ "$(echo "$bins" | grep -c .)" = 6 ] || { echo "FAIL: want 6 binaries, found:"; echo "$bins"; exit 1; }
for b in $bins; do
  if cmp -s "$d1/$b" "$d2/$b"; then
    echo "identical  $(sha256sum "$d1/$b" | cut -c1-16)  $b"
  else
    echo "DIFFERENT  $b"; fail=1
  fi
done
for f in $(cd "$d1" && ls -- *.tar.gz *.zip *.cdx.json checksums.txt); do
  if cmp -s "$d1/$f" "$d2/$f"; then echo "identical  $f"; else echo "DIFFERENT  $f"; fail=1; fi
done

echo "== the binary for $(go env GOOS)/$(go env GOARCH)"
os=$(go env GOOS) arch=$(go env GOARCH)
archive=$(cd "$d1" && ls warraq_*_"${os}_${arch}".tar.gz)
mkdir "$work/unpacked"
tar -xzf "$d1/$archive" -C "$work/unpacked"
(cd "$work/unpacked" && find . -type f | sort)
w=$work/unpacked/warraq
"$w" version
"$w" version --json > "$work/version.json"
head=$(git -C "$work/run1" rev-parse HEAD)
grep -q '"commit": "'"$head"'"' "$work/version.json" || { echo "FAIL: version --json does not name $head"; fail=1; }
grep -q '"version": "0.0.0-snapshot' "$work/version.json" || { echo "FAIL: version --json is not the snapshot's"; fail=1; }
"$w" build samples --out "$work/books" --json -q > "$work/manifest.json"
"$w" check samples
ls -l "$work/books"
need() { # need FILE WHAT: FILE must exist and not be empty
  [ -s "$1" ] || { echo "FAIL: $2 ($1)"; fail=1; }
}
need "$work/books/dafatir-al-warraq.epub" "the samples' EPUB"
need "$work/books/dafatir-al-warraq.pdf" "the samples' PDF"
need "$work/unpacked/man/warraq-build.1" "man pages in the archive"
need "$work/unpacked/completions/warraq.bash" "completions in the archive"
need "$work/unpacked/schema/manifest.v1.json" "the JSON schemas in the archive"
need "$work/unpacked/licenses/fonts/Amiri.txt" "the fonts' licences in the archive"
need "$work/unpacked/licenses/fonts/README.md" "where the fonts come from, in the archive"

if [ -n "${1:-}" ]; then rm -rf "$1"; cp -r "$d1" "$1"; echo "kept the first snapshot's dist in $1"; fi
if [ "$fail" = 0 ]; then echo "release-check: PASS"; else echo "release-check: FAIL"; exit 1; fi
