#!/usr/bin/env bash
# Checks the PDF writer (export/pdfwriter) with the reference tools, on a
# sample it writes with the embedded fonts (export/pdfwriter/internal/sample):
#   qpdf --check clean, no warnings; pdffonts: every font embedded and subset;
#   pdftoppm and mutool render every page without errors;
#   extractscore >= 98% in pdf.js, poppler and MuPDF; shapecheck 100%.
# The Go tests read the writer's output back with pdfcpu and need no tools;
# these checks do, so scripts/conformance.sh runs this script.
# usage: scripts/check-pdfwriter.sh   (SHARED=path/to/shared overrides ../shared)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
tools=${SHARED:-$root/../shared}/tools
[ -f "$tools/extractscore.py" ] || { echo "check-pdfwriter: $tools/extractscore.py not found (set SHARED)"; exit 1; }
bash "$tools/setup.sh" >/dev/null
# The Debian python3 has the modules setup.sh installs, whatever python3 is first on PATH.
py=python3; [ -x /usr/bin/python3 ] && py=/usr/bin/python3

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go run ./export/pdfwriter/internal/sample "$work/sample.pdf" "$work/sample.md"
pdf=$work/sample.pdf
fail=0
bar() { # bar NAME OK MESSAGE
  if [ "$2" = 1 ]; then echo "PASS pdfwriter $1: $3"; else echo "FAIL pdfwriter $1: $3"; fail=1; fi
}

q=$(qpdf --check "$pdf" 2>&1 || true)
bar qpdf "$(echo "$q" | grep -q 'No syntax or stream encoding errors found' && ! echo "$q" | grep -qi warning && echo 1 || echo 0)" "$(echo "$q" | tail -1)"

f=$(pdffonts "$pdf" | tail -n +3)
notsub=$(echo "$f" | awk '{ if ($(NF-4)!="yes" || $(NF-3)!="yes" || $(NF-2)!="yes") print }')
bar pdffonts "$([ -n "$f" ] && [ -z "$notsub" ] && echo 1 || echo 0)" "$(echo "$f" | wc -l) fonts, all embedded, subset, with ToUnicode${notsub:+; not: $notsub}"

r=$(pdftoppm -r 50 -png "$pdf" "$work/page" 2>&1 || echo "pdftoppm failed")
m=$(mutool draw -q -o "$work/mu%d.png" -r 50 "$pdf" 2>&1 | grep -v 'ICC support' || true)
bar render "$([ -z "$r" ] && [ -z "$m" ] && ls "$work"/page-*.png >/dev/null 2>&1 && echo 1 || echo 0)" "poppler and MuPDF render every page${r:+; poppler: $r}${m:+; mupdf: $m}"

e=$($py "$tools/extractscore.py" "$pdf" "$work/sample.md" | tail -1)
min=$(echo "$e" | sed -n 's/.*min=\([0-9.]*\)%.*/\1/p')
bar extraction "$($py -c "print(1 if float('${min:-0}') >= 98 else 0)")" "$e"

s=$($py "$tools/shapecheck.py" "$pdf" "$work/sample.md" fonts/files/Amiri-Regular.ttf fonts/files/NotoNaskhArabic-Regular.ttf | tail -1)
bar shaping "$(echo "$s" | grep -q '(100\(\.0*\)\?%)' && echo 1 || echo 0)" "$s"

# Every seed of the writer's fuzz target, written out and checked by qpdf too.
mkdir -p "$work/fuzz"
WARRAQ_FUZZ_PDF_DIR="$work/fuzz" go test -run '^FuzzWriter$' ./export/pdfwriter/ >/dev/null
bad=0 n=0
for f in "$work/fuzz"/*.pdf; do
  n=$((n+1))
  out=$(qpdf --check "$f" 2>&1 || true)
  if ! echo "$out" | grep -q 'No syntax or stream encoding errors found' || echo "$out" | grep -qi warning; then
    bad=$((bad+1)); echo "$out" | head -5
  fi
done
bar fuzz-qpdf "$([ "$n" -gt 0 ] && [ "$bad" = 0 ] && echo 1 || echo 0)" "$n fuzz seed outputs, $bad with qpdf errors or warnings"

exit $fail
