#!/usr/bin/env bash
# Line and page composition, Warraq against Typst on the same text, measured on the
# rendered pages, and printed as a Markdown table on stdout:
#   word gaps on full lines: mean, 90th percentile, and the share of lines whose widest
#     gap is over 6 pt (linegaps.py from the shared tools: 300 dpi renders);
#   page fill (scripts/typography/pagecheck.py): full pages (not an opening, not the last
#     before one) whose last baseline is more than two body lines above the lowest, and
#     facing full pages whose last baselines are within 0.65 pt. linegaps.py's own count
#     is shown beside it: it also counts an article's last page when a blank verso stands
#     between it and the next opening.
# And, for each Warraq build, what copying gives back and whether the words are HarfBuzz's
# glyphs: extractscore.py (pdf.js, poppler, MuPDF) and shapecheck.py against the text the
# book should give back in print order (scripts/booksource.py --notes page: each note at the
# foot of its page), as scripts/conformance.sh measures them.
# Books: the samples, and a generated Arabic corpus of N articles. Each is set three ways:
#   Warraq with pdf.justify: kashida (the default), Warraq with pdf.justify: spaces, and
#   Typst (typst.ts, run as scripts/compare.sh runs it) from the same document model
#   (internal/typstbook: the book's page size and margins, Amiri at its size and leading,
#   first-line indents, justified).
#
# usage: scripts/typography.sh [N]          N: corpus articles, default 24
#   SHARED=path/to/shared   the measuring tools (default ../shared)
#   SEED=1                  corpus seed
#   COMPARE_CACHE           where typst.ts is installed (default ~/.cache/warraq-compare)
#   KEEP=1                  keep the work directory (PDFs) and print its path
#   BEFORE=path/to/warraq   also measure another warraq binary (an older build, with its
#                           own defaults) on the same books
# Installs what it needs on Debian (the shared tools' setup.sh, and typst.ts with npm).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
shared=${SHARED:-$root/../shared}
tools=$shared/tools
n=${1:-24}
seed=${SEED:-1}
[[ $n =~ ^[1-9][0-9]*$ ]] || { echo "typography: N must be a positive integer, got '$n'" >&2; exit 2; }
[ -f "$tools/linegaps.py" ] || { echo "typography: $tools/linegaps.py not found (set SHARED)" >&2; exit 1; }
log() { echo "typography: $*" >&2; }

bash "$tools/setup.sh" >&2
cache=${COMPARE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/warraq-compare}
typst_pkg=@myriaddreamin/typst-ts-node-compiler@0.7.0
if [ ! -d "$cache/node/node_modules/@myriaddreamin/typst-ts-node-compiler" ]; then
  log "installing $typst_pkg into $cache/node"
  mkdir -p "$cache/node"
  npm install --prefix "$cache/node" --no-audit --no-fund --silent "$typst_pkg" >&2
fi
export NODE_PATH=$cache/node/node_modules
PY=/usr/bin/python3 # Debian's python3 has pikepdf, pdfminer and Pillow (setup.sh)

work=$(mktemp -d)
if [ "${KEEP:-}" = 1 ]; then trap 'log "kept $work"' EXIT; else trap 'rm -rf "$work"' EXIT; fi
log "building warraq, warraq-corpus and warraq-typst"
go build -o "$work/warraq" ./cmd/warraq
go build -o "$work/warraq-corpus" ./internal/corpus/cmd/warraq-corpus
go build -o "$work/warraq-typst" ./internal/typstbook/cmd/warraq-typst
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1735689600}

# justify DIR MODE: sets pdf.justify in DIR/book.yaml (a pdf: section at the top
# level, indented by two spaces, is given the key; a book.yaml without one gets one).
justify() {
  if grep -q '^pdf:' "$1/book.yaml"; then
    sed -i "s/^pdf:.*/pdf:\n  justify: $2/" "$1/book.yaml"
  else
    printf '\npdf:\n  justify: %s\n' "$2" >> "$1/book.yaml"
  fi
}

# measure NAME PDF: one table row from linegaps.py and pagecheck.py.
measure() {
  local pc front g f
  pc=$($PY scripts/typography/pagecheck.py "$2")
  front=$(echo "$pc" | sed -n 's/^front=//p')
  log "$1: measuring $(basename "$2") (skipping $front front pages)"
  g=$($PY "$tools/linegaps.py" "$2" --skip "$front")
  f=$(echo "$g" | sed -n 's/^fill: //p')
  g=$(echo "$g" | sed -n 's/^gaps: //p')
  local lines mean p90 loose pages holes short pairs aligned
  lines=$(echo "$g" | sed -n 's/.*lines=\([0-9]*\).*/\1/p')
  mean=$(echo "$g" | sed -n 's/.*mean=\([0-9.]*\)pt.*/\1/p')
  p90=$(echo "$g" | sed -n 's/.*p90=\([0-9.]*\)pt.*/\1/p')
  loose=$(echo "$g" | sed -n 's/.*loose=\([0-9.]*\).*/\1/p')
  holes=$(echo "$f" | sed -n 's/.*holes=\([0-9]*\).*/\1/p')
  pages=$(echo "$pc" | sed -n 's/^fill: pages=\([0-9]*\).*/\1/p')
  short=$(echo "$pc" | sed -n 's/^fill: .*short=\([0-9]*\).*/\1/p')
  pairs=$(echo "$pc" | sed -n 's/.*pairs=\([0-9]*\).*/\1/p')
  aligned=$(echo "$pc" | sed -n 's/.*aligned=\([0-9]*\).*/\1/p')
  loose=$(awk -v l="${loose:-0}" 'BEGIN { printf "%.1f%%", 100 * l }')
  echo "| $1 | ${lines:-0} | ${mean:-–} pt | ${p90:-–} pt | $loose | ${short:-–} of ${pages:-–} (${holes:-–}) | $aligned of $pairs |"
}

rows=()
text_rows=()
# copying NAME MANIFEST PDF: one row of extraction and shaping figures.
copying() {
  local src e sh
  src=$work/$(basename "$3" .pdf)-$RANDOM.md
  $PY scripts/booksource.py --notes page "$2" > "$src"
  log "$1: extraction and shaping"
  e=$($PY "$tools/extractscore.py" "$3" "$src" | tail -1)
  sh=$($PY "$tools/shapecheck.py" "$3" "$src" fonts/files/*.ttf | tail -1)
  text_rows+=("| $1 | $(echo "$e" | sed -n 's/.*pdfjs=\([0-9.]*%\).*/\1/p') | $(echo "$e" | sed -n 's/.*poppler=\([0-9.]*%\).*/\1/p') | $(echo "$e" | sed -n 's/.*mupdf=\([0-9.]*%\).*/\1/p') | $(echo "$sh" | sed -n 's/^shaping: //p') |")
}
"$work/warraq-corpus" -n "$n" -seed "$seed" -o "$work/corpus" >/dev/null
for book in samples corpus; do
  src=$root/samples
  [ "$book" = corpus ] && src=$work/corpus
  label=$book
  [ "$book" = corpus ] && label="corpus ($n articles)"
  for mode in kashida spaces; do
    dir=$work/$book-$mode
    cp -r "$src" "$dir"
    rm -rf "$dir/dist"
    justify "$dir" "$mode"
    log "$book: Warraq, justify: $mode"
    "$work/warraq" build "$dir" --out "$dir/out" --json > "$dir/manifest.json"
    rows+=("$(measure "$label, Warraq ($mode)" "$(ls "$dir"/out/*.pdf)")")
    copying "$label, Warraq ($mode)" "$dir/manifest.json" "$(ls "$dir"/out/*.pdf)"
  done
  if [ -n "${BEFORE:-}" ]; then
    dir=$work/$book-before
    cp -r "$src" "$dir"
    rm -rf "$dir/dist"
    log "$book: $BEFORE"
    "$BEFORE" build "$dir" --format pdf --out "$dir/out" -q
    rows+=("$(measure "$label, Warraq before" "$(ls "$dir"/out/*.pdf)")")
  fi
  log "$book: Typst"
  "$work/warraq-typst" -o "$work/$book-typst" "$src"
  node scripts/compare/typst-pdf.cjs "$work/$book-typst/book.typ" "$work/$book-typst/book.pdf" fonts/files
  rows+=("$(measure "$label, Typst" "$work/$book-typst/book.pdf")")
done

cat <<EOF
## Line and page composition: Warraq against Typst

The same text (the samples; a generated corpus, \`warraq-corpus -n $n -seed $seed\`) in A5,
Amiri 11 pt, leading 1.7, first-line indents, justified. Warraq as it builds books, with
\`pdf.justify: kashida\` (the default) and \`spaces\`; Typst (typst-ts-node-compiler
$(node -p "require('@myriaddreamin/typst-ts-node-compiler/package.json').version"), typst.ts) from the same
document model through \`internal/typstbook\`. Measured on 300 dpi renders: word gaps on
full-measure lines (\`linegaps.py\`); full pages (not an opening, not the last page
before one) ending more than two lines short, with linegaps.py's count in brackets; and
spreads of two full pages whose last baselines agree within 0.65 pt
(\`scripts/typography/pagecheck.py\`).

| book, setter | full lines | mean gap | p90 gap | lines with a gap > 6 pt | full pages > 2 lines short (linegaps) | facing full pages on one baseline |
|---|--:|--:|--:|--:|--:|--:|
EOF
printf '%s\n' "${rows[@]}"
cat <<EOF

Copying the text out (the share of the book's words given back in order) and shaping (words
drawn with exactly HarfBuzz's glyphs), with kashida and without:

| book, setter | pdf.js | poppler | MuPDF | HarfBuzz-exact words |
|---|--:|--:|--:|--:|
EOF
printf '%s\n' "${text_rows[@]}"
