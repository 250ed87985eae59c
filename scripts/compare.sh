#!/usr/bin/env bash
# Times `warraq build` against what users would otherwise run, on the same generated
# Arabic collections (internal/corpus), and prints a Markdown table on stdout:
#   EPUB: warraq --format epub   vs  pandoc (Debian package) from the same Markdown files
#   PDF:  warraq --format pdf    vs  Typst (npm @myriaddreamin/typst-ts-node-compiler) from
#                                    the same articles written as Typst markup
# Each cell holds medians over RUNS runs of the wall time, the CPU time (user + system) and
# the peak resident memory (/usr/bin/time: "Maximum resident set size"); ratios are
# Warraq's time ÷ the other tool's, wall and CPU (below 1×: Warraq is faster). A second
# table checks the bars of issue 17 (peak memory of EPUB+PDF in one run, time ratios at
# N=1000, EPUB+PDF against pandoc's EPUB alone at N=10) for the sizes measured.
# Warraq's builds in the first table are cold (--no-cache: nothing from an earlier run, as
# on a fresh CI runner). A third table gives the editor's case: EPUB+PDF with the build
# cache, after an article in the middle of the book gained a paragraph (each run another).
#
# usage: scripts/compare.sh [N...]          default N: 10 100 1000 5000
# 5,000 generated articles (32.5 MiB) are near the most a book may have (36 MiB, see the
# README's guarantees); Warraq refuses more, which the table shows as "failed".
#   RUNS=3          runs per measurement
#   SEED=1          corpus seed
#   COMPARE_CACHE   where the npm package is installed (default ~/.cache/warraq-compare)
#   KEEP=1          keep the work directory (corpora and outputs) and print its path
# Installs what it needs on Debian (run as root, or have pandoc, time and node installed).
# Progress and tool errors go to stderr; only the report goes to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
[ $# -gt 0 ] && sizes=("$@") || sizes=(10 100 1000 5000)
for n in "${sizes[@]}"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "compare: N must be a positive integer, got '$n'" >&2; exit 2; }
done
runs=${RUNS:-3}
seed=${SEED:-1}
cache=${COMPARE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/warraq-compare}
typst_pkg=@myriaddreamin/typst-ts-node-compiler@0.7.0
log() { echo "compare: $*" >&2; }

# --- tools -------------------------------------------------------------------------------
need=()
command -v pandoc >/dev/null || need+=(pandoc)
[ -x /usr/bin/time ] || need+=(time)
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
if [ ! -d "$cache/node/node_modules/@myriaddreamin/typst-ts-node-compiler" ]; then
  log "installing $typst_pkg into $cache/node"
  mkdir -p "$cache/node"
  npm install --prefix "$cache/node" --no-audit --no-fund --silent "$typst_pkg" >&2
fi
export NODE_PATH=$cache/node/node_modules

work=$(mktemp -d)
if [ "${KEEP:-}" = 1 ]; then
  trap 'log "kept $work"' EXIT
else
  trap 'rm -rf "$work"' EXIT
fi
log "building warraq and warraq-corpus"
# A warraq that does not build is reported as "failed" in the table, so the other
# tools' figures still come out.
go build -o "$work/warraq" ./cmd/warraq 2> "$work/build.err" || log "warraq does not build: $(head -n 3 "$work/build.err" | tr '\n' ' ')"
go build -o "$work/warraq-corpus" ./internal/corpus/cmd/warraq-corpus
fontdir=$root/fonts/files

# --- measuring -----------------------------------------------------------------------------
# once NAME CMD...: runs CMD once under /usr/bin/time, appending "wall cpu maxrss_kb" to
# $work/NAME.times; a failed run marks NAME failed (stderr kept in $work/NAME.err).
once() {
  local name=$1
  shift
  [ -e "$work/$name.failed" ] && return 0
  if /usr/bin/time -f '%e %U %S %M' -o "$work/$name.time" "$@" > "$work/$name.out" 2> "$work/$name.err"; then
    tail -n 1 "$work/$name.time" | awk '{ print $1, $2 + $3, $4 }' >> "$work/$name.times"
  else
    log "$name failed: $(tail -n 5 "$work/$name.err" | tr '\n' ' ')"
    touch "$work/$name.failed"
  fi
}
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# result NAME: sets $secs, $cpu (seconds) and $mb to the medians over the runs, or all
# three to "failed".
result() {
  if [ -e "$work/$1.failed" ] || [ ! -s "$work/$1.times" ]; then
    secs=failed cpu=failed mb=failed
    return 0
  fi
  secs=$(printf '%.2f' "$(awk '{ print $1 }' "$work/$1.times" | median)")
  cpu=$(printf '%.2f' "$(awk '{ print $2 }' "$work/$1.times" | median)")
  mb=$(printf '%.0f' "$(awk '{ print $3 / 1024 }' "$work/$1.times" | median)")
}
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f×", a / b; else print "–" }'; }
ratio() { # ratio WARRAQ OTHER: Warraq's wall time ÷ the other's, then the CPU-time ratio
  local ws wc
  result "$1"
  ws=$secs wc=$cpu
  result "$2"
  if [[ $ws == failed || $secs == failed ]]; then echo "–"; else echo "$(div "$ws" "$secs") (cpu $(div "$wc" "$cpu"))"; fi
}
# bar LABEL VALUE LIMIT: a row of the bars table; VALUE "failed", "–" or a number, met
# when it is at most LIMIT.
bars=()
bar() {
  local verdict
  if [[ $2 == failed || $2 == – ]]; then
    verdict="not measured"
  else
    verdict=$(awk -v v="$2" -v l="$3" 'BEGIN { print (v <= l) ? "met" : "**not met**" }')
  fi
  bars+=("| $1 | $2 | ≤ $3 | $verdict |")
}
# quotient A B: A ÷ B to three places, or "–" when either failed.
quotient() { if [[ $1 == failed || $2 == failed ]]; then echo "–"; else awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; fi; }
cell() { result "$1"; [[ $secs == failed ]] && echo "failed" || echo "$secs s (cpu $cpu s), $mb MB"; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
rows=()
edits=()
for n in "${sizes[@]}"; do
  dir=$work/n$n
  log "N=$n: generating corpus"
  "$work/warraq-corpus" -n "$n" -seed "$seed" -o "$dir/md" -typst "$dir/typst/book.typ"
  mapfile -t files < <(find "$dir/md" -name '*.md' | LC_ALL=C sort)
  title=$(sed -n 's/^title: "\(.*\)"$/\1/p' "$dir/md/book.yaml")
  # Runs go round-robin over the tools, so a change in machine load during the
  # measurement falls on every tool alike.
  for ((run = 1; run <= runs; run++)); do
    log "N=$n: run $run of $runs"
    once "warraq-epub-$n" "$work/warraq" build "$dir/md" --no-cache --format epub --out "$dir/out-warraq" -q
    once "pandoc-$n" pandoc -o "$dir/pandoc.epub" --metadata title="$title" --metadata lang=ar \
      --metadata dir=rtl --epub-embed-font="$fontdir/Amiri-Regular.ttf" \
      --epub-embed-font="$fontdir/Amiri-Bold.ttf" "${files[@]}"
    once "warraq-pdf-$n" "$work/warraq" build "$dir/md" --no-cache --format pdf --out "$dir/out-warraq" -q
    once "typst-$n" node "$root/scripts/compare/typst-pdf.cjs" "$dir/typst/book.typ" "$dir/typst.pdf" "$fontdir"
    once "warraq-both-$n" "$work/warraq" build "$dir/md" --no-cache --out "$dir/out-warraq" -q
  done
  # The editor's case: fill a cache once (not timed), then time a rebuild after each edit.
  mid=${files[$(( ${#files[@]} / 2 ))]}
  "$work/warraq" build "$dir/md" --cache "$dir/cache" --out "$dir/out-cached" -q 2> "$work/fill-$n.err" ||
    log "N=$n: filling the cache failed: $(tail -n 3 "$work/fill-$n.err" | tr '\n' ' ')"
  for ((run = 1; run <= runs; run++)); do
    printf '\nفقرة أضافها المحرّر في الجولة %d، ليُقاس ما تكلّفه إعادة البناء بعد تعديل مقالة واحدة.\n' "$run" >> "$mid"
    once "warraq-edit-$n" "$work/warraq" build "$dir/md" --cache "$dir/cache" --out "$dir/out-cached" -q
  done
  edits+=("| $n | $(cell "warraq-edit-$n") | $(cell "warraq-both-$n") | $(ratio "warraq-edit-$n" "warraq-both-$n") | $(ratio "warraq-edit-$n" "pandoc-$n") |")
  rows+=("| $n | $(cell "warraq-epub-$n") | $(cell "pandoc-$n") | $(ratio "warraq-epub-$n" "pandoc-$n") | $(cell "warraq-pdf-$n") | $(cell "typst-$n") | $(ratio "warraq-pdf-$n" "typst-$n") | $(cell "warraq-both-$n") | $(ratio "warraq-both-$n" "pandoc-$n") |")
  # The bars of issue 17, for the sizes it names.
  result "warraq-both-$n"
  both_mb=$mb both_s=$secs both_cpu=$cpu
  case $n in
    1000) bar "N=1000: EPUB+PDF peak memory, MB" "$both_mb" 150 ;;
    5000) bar "N=5000: EPUB+PDF peak memory, MB" "$both_mb" 250 ;;
  esac
  if [ "$n" = 1000 ]; then
    result "warraq-epub-$n"
    we=$secs wec=$cpu
    result "pandoc-$n"
    bar "N=1000: Warraq EPUB ÷ pandoc, wall" "$(quotient "$we" "$secs")" 0.08
    bar "N=1000: Warraq EPUB ÷ pandoc, CPU" "$(quotient "$wec" "$cpu")" 0.08
    result "warraq-pdf-$n"
    wp=$secs wpc=$cpu
    result "typst-$n"
    bar "N=1000: Warraq PDF ÷ Typst, wall" "$(quotient "$wp" "$secs")" 0.12
    bar "N=1000: Warraq PDF ÷ Typst, CPU" "$(quotient "$wpc" "$cpu")" 0.12
  fi
  if [ "$n" = 10 ]; then
    result "pandoc-$n"
    bar "N=10: Warraq EPUB+PDF ÷ pandoc EPUB, wall" "$(quotient "$both_s" "$secs")" 1
    bar "N=10: Warraq EPUB+PDF ÷ pandoc EPUB, CPU" "$(quotient "$both_cpu" "$cpu")" 1
    result "warraq-edit-$n"
    ed_s=$secs ed_cpu=$cpu
    result "pandoc-$n"
    bar "N=10, rebuild after an edit: Warraq EPUB+PDF ÷ pandoc EPUB, wall" "$(quotient "$ed_s" "$secs")" 1
    bar "N=10, rebuild after an edit: Warraq EPUB+PDF ÷ pandoc EPUB, CPU" "$(quotient "$ed_cpu" "$cpu")" 1
  fi
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- report --------------------------------------------------------------------------------
model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
cat <<EOF
## Warraq against pandoc and Typst

Generated Arabic articles (\`go run ./internal/corpus/cmd/warraq-corpus -n N -seed $seed\`, about 650 words
each); medians of $runs runs: wall time, CPU time (user + system) and peak resident memory;
ratios = Warraq's time ÷ the other tool's, wall and CPU (below 1×, Warraq is faster). Machine: $(nproc) cores${model:+, $model};
load average $load_before before and $load_after after (a busy machine inflates wall times;
CPU times suffer less); $(go version | awk '{ print $3 }'),
$(pandoc --version | head -n 1), typst-ts-node-compiler $(node -p "require('@myriaddreamin/typst-ts-node-compiler/package.json').version"), Node $(node --version).

| N | Warraq EPUB | pandoc EPUB | Warraq ÷ pandoc | Warraq PDF | Typst PDF | Warraq ÷ Typst | Warraq EPUB+PDF | EPUB+PDF ÷ pandoc EPUB |
|--:|--:|--:|--:|--:|--:|--:|--:|--:|
EOF
printf '%s\n' "${rows[@]}"
cat <<EOF

Warraq with its build cache (\`--cache DIR\`, filled by one build first), rebuilding EPUB+PDF
after an article in the middle of the book gained a paragraph; against the cold build above and
pandoc's EPUB:

| N | rebuild after an edit | cold (\`--no-cache\`) | rebuild ÷ cold | rebuild ÷ pandoc EPUB |
|--:|--:|--:|--:|--:|
EOF
printf '%s\n' "${edits[@]}"
if [ ${#bars[@]} -gt 0 ]; then
  printf '\n| Bar (issue 17) | Measured | Limit | |\n|:--|--:|--:|:--|\n'
  printf '%s\n' "${bars[@]}"
fi
cat <<EOF

Commands (DIR = the generated collection, FILES = its Markdown files in name order):

    warraq build DIR --no-cache --format epub --out OUT -q
    warraq build DIR --no-cache --format pdf --out OUT -q
    warraq build DIR --no-cache --out OUT -q
    warraq build DIR --cache CACHE --out OUT -q     # after an edit, CACHE filled before
    pandoc -o out.epub --metadata title=TITLE --metadata lang=ar --metadata dir=rtl \\
      --epub-embed-font=fonts/files/Amiri-Regular.ttf --epub-embed-font=fonts/files/Amiri-Bold.ttf FILES
    node scripts/compare/typst-pdf.cjs book.typ out.pdf fonts/files   # book.typ: warraq-corpus -typst
EOF
