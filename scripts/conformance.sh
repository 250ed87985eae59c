#!/usr/bin/env bash
# Conformance checks on real books, with the reference tools readers' software uses.
# Installs what it needs (Debian packages, pdf.js, Ace) and fails on the first bar missed:
#   EPUB: epubcheck 0 errors / 0 warnings (samples and a `warraq init` book); Ace: no
#         critical, serious or moderate issue.
#   PDF:  qpdf --check clean; every font embedded and subset (pdffonts); every Arabic word
#         drawn with HarfBuzz's glyphs (shapecheck 100%); copying gives the text back
#         (extractscore >= 98% in pdf.js, poppler and MuPDF).
# usage: scripts/conformance.sh   (SHARED=path/to/shared overrides ../shared)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
shared=${SHARED:-$root/../shared}
tools=$shared/tools
[ -f "$tools/shapecheck.py" ] || { echo "conformance: $tools/shapecheck.py not found (set SHARED)"; exit 1; }

bash "$tools/setup.sh"
if ! dpkg -s epubcheck >/dev/null 2>&1; then
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq epubcheck >/dev/null
fi

PATH=/usr/bin:$PATH  # Debian python3 has fonttools, pdfminer and pikepdf
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/warraq" ./cmd/warraq
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1735689600}
fail=0 passed=0 failed=0
bar() { # bar NAME OK MESSAGE
  if [ "$2" = 1 ]; then echo "PASS $1: $3"; passed=$((passed+1)); else echo "FAIL $1: $3"; fail=1; failed=$((failed+1)); fi
}

# Books to check: the samples, and a fresh `warraq init` collection.
"$work/warraq" init "$work/init" >/dev/null
"$work/warraq" build samples --out "$work/samples" --json > "$work/samples.json"
"$work/warraq" build "$work/init" --out "$work/initout" --json > "$work/init.json"

for name in samples init; do
  epub=$(python3 -c "import json,sys;print([o['path'] for o in json.load(open(sys.argv[1]))['outputs'] if o['format']=='epub'][0])" "$work/$name.json")
  pdf=$(python3 -c "import json,sys;print([o['path'] for o in json.load(open(sys.argv[1]))['outputs'] if o['format']=='pdf'][0])" "$work/$name.json")
  dir=samples; [ "$name" = init ] && dir="$work/init"

  # EPUB
  out=$(java -jar /usr/share/java/epubcheck.jar "$epub" 2>&1 || true)
  msgs=$(echo "$out" | grep -E "^(ERROR|WARNING|FATAL)" || true)
  [ -n "$msgs" ] && echo "$msgs" | head -20
  bar "$name epubcheck" "$([ -z "$msgs" ] && echo 1 || echo 0)" "$(echo "$out" | grep -E 'Messages:' || echo "$out" | tail -1)"

  # PDF structure and fonts
  q=$(qpdf --check "$pdf" 2>&1 || true)
  bar "$name qpdf" "$(echo "$q" | grep -q 'No syntax or stream encoding errors found' && ! echo "$q" | grep -qi warning && echo 1 || echo 0)" "$(echo "$q" | grep -m1 "No syntax" || echo "$q" | head -1)"
  f=$(pdffonts "$pdf" | tail -n +3)
  notsub=$(echo "$f" | awk '{ if ($(NF-4)!="yes" || $(NF-3)!="yes") print }')
  bar "$name pdffonts" "$([ -n "$f" ] && [ -z "$notsub" ] && echo 1 || echo 0)" "$(echo "$f" | wc -l) fonts, all embedded and subset${notsub:+; not: $notsub}"

  # Shaping and extraction against the text the book prints
  python3 scripts/booksource.py "$work/$name.json" "$dir" > "$work/$name.md"
  s=$(/usr/bin/python3 "$tools/shapecheck.py" "$pdf" "$work/$name.md" fonts/files/*.ttf | tee "$work/$name.shape" | tail -1)
  grep 'not found' "$work/$name.shape" || true
  bar "$name shaping" "$(echo "$s" | grep -q '(100\(\.0*\)\?%)' && echo 1 || echo 0)" "$s"
  e=$(/usr/bin/python3 "$tools/extractscore.py" "$pdf" "$work/$name.md" | tail -1)
  min=$(echo "$e" | sed -n 's/.*min=\([0-9.]*\)%.*/\1/p')
  bar "$name extraction" "$(python3 -c "print(1 if float('${min:-0}') >= 98 else 0)")" "$e"
done

# Accessibility (Ace by DAISY) on the samples' EPUB.
epub=$(python3 -c "import json,sys;print([o['path'] for o in json.load(open(sys.argv[1]))['outputs'] if o['format']=='epub'][0])" "$work/samples.json")
a=$(bash "$tools/acecheck.sh" "$epub" 2>&1 | tail -15)
echo "$a" | head -n -1
last=$(echo "$a" | tail -1)
bar "samples ace" "$(echo "$last" | grep -q 'critical=0 serious=0 moderate=0' && echo 1 || echo 0)" "$last"

# Reproducible: a second build, elsewhere, at another time and TZ, gives the same bytes.
cp -r samples "$work/samples-copy"; rm -rf "$work/samples-copy/dist"
touch -d '2001-01-01' "$work/samples-copy"/*.md
TZ=Asia/Tokyo LC_ALL=C "$work/warraq" build "$work/samples-copy" --out "$work/again" -q
same=1
for f in "$work/samples"/*.epub "$work/samples"/*.pdf; do
  cmp -s "$f" "$work/again/$(basename "$f")" || same=0
done
bar "reproducible" "$same" "samples built twice give identical EPUB and PDF"

# PDF writer fuzz outputs and hostile PDFs through qpdf, when the writer provides a check.
if [ -x scripts/check-pdfwriter.sh ]; then
  if scripts/check-pdfwriter.sh; then bar "pdfwriter" 1 "the writer's sample and fuzz seeds pass the tools"; else bar "pdfwriter" 0 "see above"; fi
fi

echo "conformance: $passed passed, $failed failed"
exit "$fail"
