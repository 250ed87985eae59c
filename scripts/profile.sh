#!/usr/bin/env bash
# Takes pprof profiles of whole builds (EPUB and PDF in one run) of generated Arabic
# collections, for the README's performance section: a CPU profile, and a heap profile
# taken near the peak of the live heap (export's BenchmarkProfile writes it each time
# the heap passes its largest so far by 5%), then prints where the time and the memory
# go, by stage.
#
# usage: scripts/profile.sh [N...]          default N: 10 100 1000 5000 (near the largest book allowed)
#   OUT=DIR      where the profiles go (default a temporary directory, printed); open one
#                with `go tool pprof -http : DIR/export.test DIR/cpu-N.out`
#   FORMAT=pdf   profile one format only
# One build each, on a machine that may be busy: the shares are what to read, not the
# seconds (take timings with scripts/compare.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] && sizes=("$@") || sizes=(10 100 1000 5000)
for n in "${sizes[@]}"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "profile: N must be a positive integer, got '$n'" >&2; exit 2; }
done
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
echo "profile: profiles in $out" >&2
go test -c -o "$out/export.test" ./export
go build -o "$out/warraq-corpus" ./internal/corpus/cmd/warraq-corpus

# stages FILE SAMPLE: the profile's total split by stage (cumulative, so a stage
# includes what it calls; the stages do not overlap).
stages() {
  local top
  top=$(go tool pprof -top -cum -unit="$3" -sample_index="$2" "$out/export.test" "$1" 2>/dev/null)
  echo "$top" | awk '/^Showing nodes/ { print "    " $0 }'
  # The first (largest) match of each: work done in goroutines is under a closure's name.
  for s in 'export.Prepare$' 'collection.*readBody$' 'text.NewFontSet$' 'cover.New$' 'cover.*Raster$' \
    'epub.Write$' 'epub.*shapeWords' 'fontsubset.Subset$' 'epub.writeZip$' \
    'pdf.write$' 'pdf.layoutArticle$' 'pdf.*pager.*flush$' 'pdfwriter.*ShowGlyphs$' \
    'pdfwriter.*putStream$' 'pdfwriter.*writeFont$' 'runtime.gcBgMarkWorker$'; do
    echo "$top" | awk -v re="$s" '$NF ~ re { printf "    %-9s %-7s %s\n", $4, $5, $NF; exit }'
  done
}

for n in "${sizes[@]}"; do
  dir=$out/corpus-$n
  [ -d "$dir" ] || "$out/warraq-corpus" -n "$n" -seed 1 -o "$dir" >/dev/null
  echo "profile: N=$n" >&2
  (cd "$out" && WARRAQ_PROFILE_N=$n WARRAQ_PROFILE_DIR=$dir WARRAQ_PROFILE_FORMAT=${FORMAT:-} \
    WARRAQ_PROFILE_PEAK=$out/heap-$n.out \
    ./export.test -test.run '^$' -test.bench '^BenchmarkProfile$' -test.benchtime 1x \
    -test.cpuprofile "$out/cpu-$n.out" >/dev/null)
  echo "## N=$n"
  echo "  CPU (cumulative seconds, share of samples):"
  stages "$out/cpu-$n.out" cpu s
  echo "  live heap near its peak (MB, share):"
  stages "$out/heap-$n.out" inuse_space MB
done
