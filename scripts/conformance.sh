#!/usr/bin/env bash
# Conformance checks on real books, with the reference tools readers' software uses.
# Installs what it needs (Debian packages, pdf.js, Ace) and fails on the first bar missed:
#   EPUB: epubcheck 0 errors / 0 warnings and Ace no critical, serious or moderate issue
#         (samples, a `warraq init` book, a generated 100-article book); the samples and a
#         two-article book under 300,000 bytes; every word shaped alike by hb-shape in each
#         embedded subset font and in its whole font (subsetcheck); the samples read right in
#         MuPDF's EPUB engine and foliate-js in Chromium, and every footnote pop-up of
#         calibre's Kindle (AZW3) conversion shows its note (scripts/readers.sh; the
#         English and Hebrew test books too, scripts/kf8notes.py).
#   Reproducible: the samples built twice (another directory, time zone and locale), and by a
#         Warraq compiled with another Go toolchain (Go 1.27.3), give the same EPUB, PDF and
#         web edition, byte for byte.
#   Web edition: reproducible; in Chromium (scripts/browsertest.sh) the preview
#         reloads and shows build errors, pages have no console errors, the Arabic
#         search works, axe-core finds no serious or critical violation.
#   PDF:  qpdf --check clean; every font embedded and subset (pdffonts); every Arabic word
#         drawn with HarfBuzz's glyphs (shapecheck 100%); copying gives the text back
#         (extractscore >= 98% in pdf.js, poppler and MuPDF), vocalised words with their
#         harakat (harakat.py >= 99% in all three, samples and testdata/books/mixed); every
#         image its file's pixels in pikepdf and poppler, and its colour profile in an
#         /ICCBased space (scripts/pdfimages.py: the samples and a book with a PNG of each
#         kind and JPEGs).
#   Languages (testdata/books/{fa,ur,he,en,ckb,ps}): each book built without a warning,
#         epubcheck 0/0, qpdf clean, fonts subset, every word shaped as hb-shape shapes it
#         in the book's language (langshape.py for Nastaliq and Hebrew, positions included),
#         extraction >= 98% in the three extractors.
#   Tagged PDF (samples, init, mixed): PDF/UA-1's machine-checkable conditions and
#         pdfinfo -struct-text >= 98% of the words in order (scripts/pdfua.py, README).
#   Mixed scripts (testdata/books/mixed and the samples): every Latin stretch the book sets
#         apart reads as typed on one line of the PDF (mixedcheck.py); each case of
#         tokens.md reads as written down in Chromium's rendering of the EPUB, no-wrap spans
#         stay whole (mixedshot.py, with a canary; screenshots kept in $SHOTS when set).
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

epubcheck=${EPUBCHECK_JAR:-/usr/share/java/epubcheck.jar}
# epubcheck_ok EPUB: prints epubcheck's summary; true only when epubcheck ran
# and found nothing (a missing java or jar is a failure, not a pass).
epubcheck_ok() {
  local out
  out=$(java -jar "$epubcheck" "$1" 2>&1) || true
  echo "$out" | grep -E "^(ERROR|WARNING|FATAL)" | head -20
  echo "$out" | grep -E 'Messages:' || echo "epubcheck did not run: $(echo "$out" | tail -1)"
  echo "$out" | grep -qE 'Messages: 0 fatals / 0 errors / 0 warnings'
}

# Canaries: each tool must find the fault in a file made faulty on purpose,
# or its passes below would mean nothing.
"$work/warraq" init "$work/canary" >/dev/null
"$work/warraq" build "$work/canary" --out "$work/canary/out" -q
python3 - "$work/canary/out/canary.epub" "$work/canary/out/broken.epub" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as src, zipfile.ZipFile(sys.argv[2], 'w') as dst:
    for i in src.infolist():
        if i.filename != 'mimetype':
            dst.writestr(i, src.read(i))
PY
bar "canary epubcheck" "$(epubcheck_ok "$work/canary/out/broken.epub" >/dev/null && echo 0 || echo 1)" "epubcheck rejects an EPUB without its mimetype entry"
head -c 20000 "$work/canary/out/canary.pdf" > "$work/canary/out/truncated.pdf"
bar "canary qpdf" "$(qpdf --check "$work/canary/out/truncated.pdf" >/dev/null 2>&1 && echo 0 || echo 1)" "qpdf rejects a truncated PDF"
printf -- '---\ntitle: x\n---\n\nنص مختلف تماما عن الكتاب كله ولا يشبهه في شيء أبدا\n' > "$work/canary/other.md"
c=$(/usr/bin/python3 "$tools/extractscore.py" "$work/canary/out/canary.pdf" "$work/canary/other.md" | tail -1)
cmin=$(echo "$c" | sed -n 's/.*min=\([0-9.]*\)%.*/\1/p')
bar "canary extraction" "$(python3 -c "print(1 if '${cmin}' != '' and float('${cmin}') < 50 else 0)")" "extractscore scores a PDF against a text it does not hold low: $c"

epubof() { python3 -c "import json,sys;print([o['path'] for o in json.load(open(sys.argv[1]))['outputs'] if o['format']=='epub'][0])" "$1"; }
pdfof() { python3 -c "import json,sys;print([o['path'] for o in json.load(open(sys.argv[1]))['outputs'] if o['format']=='pdf'][0])" "$1"; }
# pdfua.py must fail a PDF whose structure tree was taken out, and one whose first
# ToUnicode map lost its single-code entries.
/usr/bin/python3 - "$work/canary/out/canary.pdf" "$work/canary/out/untagged.pdf" "$work/canary/out/nounicode.pdf" <<'PY'
import re, sys, pikepdf
p = pikepdf.open(sys.argv[1])
del p.Root['/StructTreeRoot']
p.save(sys.argv[2])
p = pikepdf.open(sys.argv[1])
f = next(f for _, f in p.pages[-1].resources.Font.items() if '/ToUnicode' in f)
f.ToUnicode.write(re.sub(rb'beginbfchar.*?endbfchar', b'beginbfchar\nendbfchar', f.ToUnicode.read_bytes(), flags=re.S))
p.save(sys.argv[3])
PY
/usr/bin/python3 scripts/pdfua.py "$tools" "$work/canary/out/untagged.pdf" "$work/canary/other.md" >/dev/null 2>&1 && ok=0 || ok=1
bar "canary pdfua" "$ok" "scripts/pdfua.py rejects a PDF without its structure tree"
u=$(/usr/bin/python3 scripts/pdfua.py "$tools" "$work/canary/out/nounicode.pdf" "$work/canary/other.md" 2>&1) || true
[[ "$u" == *"without a ToUnicode entry"* ]] && ok=1 || ok=0
bar "canary pdfua unicode" "$ok" "scripts/pdfua.py finds codes shown without a ToUnicode entry"

# Books to check: the samples, a fresh `warraq init` collection, and the mixed-script cases.
"$work/warraq" init "$work/init" >/dev/null
"$work/warraq" build samples --out "$work/samples" --json > "$work/samples.json"
"$work/warraq" build "$work/init" --out "$work/initout" --json > "$work/init.json"
"$work/warraq" build testdata/books/mixed --out "$work/mixed" --json > "$work/mixed.json" 2>/dev/null

for name in samples init mixed; do
  epub=$(python3 -c "import json,sys;print([o['path'] for o in json.load(open(sys.argv[1]))['outputs'] if o['format']=='epub'][0])" "$work/$name.json")
  pdf=$(python3 -c "import json,sys;print([o['path'] for o in json.load(open(sys.argv[1]))['outputs'] if o['format']=='pdf'][0])" "$work/$name.json")

  # EPUB
  summary=$(epubcheck_ok "$epub") && ok=1 || ok=0
  echo "$summary" | head -n -1
  bar "$name epubcheck" "$ok" "$(echo "$summary" | tail -1)"

  # PDF structure and fonts
  q=$(qpdf --check "$pdf" 2>&1 || true)
  bar "$name qpdf" "$(echo "$q" | grep -q 'No syntax or stream encoding errors found' && ! echo "$q" | grep -qi warning && echo 1 || echo 0)" "$(echo "$q" | grep -m1 "No syntax" || echo "$q" | head -1)"
  f=$(pdffonts "$pdf" | tail -n +3)
  notsub=$(echo "$f" | awk '{ if ($(NF-4)!="yes" || $(NF-3)!="yes") print }')
  bar "$name pdffonts" "$([ -n "$f" ] && [ -z "$notsub" ] && echo 1 || echo 0)" "$(echo "$f" | wc -l) fonts, all embedded and subset${notsub:+; not: $notsub}"

  # Shaping and extraction against the text the book prints
  # Copying a page meets its notes at its foot, where the PDF prints them; the structure
  # tree (pdfua.py) keeps them after the article, where the EPUB has them (booksource.py).
  python3 scripts/booksource.py "$work/$name.json" > "$work/$name.md"
  python3 scripts/booksource.py --notes page "$work/$name.json" > "$work/$name.page.md"
  s=$(/usr/bin/python3 "$tools/shapecheck.py" "$pdf" "$work/$name.md" fonts/files/*.ttf | tee "$work/$name.shape" | tail -1)
  grep 'not found' "$work/$name.shape" || true
  bar "$name shaping" "$(echo "$s" | grep -q '(100\(\.0*\)\?%)' && echo 1 || echo 0)" "$s"
  e=$(/usr/bin/python3 "$tools/extractscore.py" "$pdf" "$work/$name.page.md" | tail -1)
  min=$(echo "$e" | sed -n 's/.*min=\([0-9.]*\)%.*/\1/p')
  bar "$name extraction" "$(python3 -c "print(1 if float('${min:-0}') >= 98 else 0)")" "$e"

  # Tagged PDF (PDF/UA-1): the Matterhorn conditions scripts/pdfua.py checks, and the text
  # poppler reads through the structure tree (pdfinfo -struct-text) >= 98% of the words.
  u=$(/usr/bin/python3 scripts/pdfua.py "$tools" "$pdf" "$work/$name.md" 2>&1) && ok=1 || ok=0
  echo "$u" | head -n -1 | tail -25
  last=$(echo "$u" | tail -1)
  tagged=$(pdfinfo "$pdf" | grep -E '^Tagged:' | tr -s ' ' || echo 'Tagged: (pdfinfo did not run)')
  bar "$name pdfua" "$([ "$ok" = 1 ] && echo "$last" | grep -q 'failures=0 ' && echo "$tagged" | grep -q yes && echo 1 || echo 0)" "$last; $tagged"
  [ "$name" = init ] && continue

  # Harakat: vocalised words copied with their marks, in all three extractors.
  h=$(/usr/bin/python3 "$tools/harakat.py" "$pdf" "$work/$name.md" | tail -1)
  hmin=$(echo "$h" | sed -n 's/.*min=\([0-9.]*\)%.*/\1/p')
  bar "$name harakat" "$(python3 -c "print(1 if float('${hmin:-0}') >= 99 else 0)")" "$h"

  # Mixed scripts in the PDF: every stretch the EPUB sets apart left to right that cannot
  # break (a no-wrap span, or one word) reads as typed on one line of the PDF.
  mapfile -t toks < <(/usr/bin/python3 scripts/isolates.py "$epub")
  m=$(/usr/bin/python3 "$tools/mixedcheck.py" "$pdf" "${toks[@]}" | tail -2 | tr '\n' ' ')
  bar "$name mixedcheck" "$([ "${#toks[@]}" -ge 10 ] && echo "$m" | grep -qE 'mixed: ([0-9]+)/\1 tokens' && echo 1 || echo 0)" "$m"
done

# Images: every image of the samples' PDF, and of a book with a PNG of each kind PDF
# carries as it is or decodes (RGB, a 4-bit palette, 1-bit and 8-bit grey; RGBA, grey with
# alpha, a palette with a transparent colour) and a JPEG, comes back from pikepdf (qpdf's
# filters) and from poppler's pdfimages as its file's pixels, alpha included; a PNG and a
# JPEG with an ICC profile are drawn in /ICCBased spaces holding it; the check must fail
# the book's PDF with one sample changed. Images Warraq writes again (a WebP carried as
# PNG, a JPEG over 4096 pixels wide scaled down, whose warning must be the book's only
# one) keep their profiles, in the PDF and in the EPUB.
/usr/bin/python3 scripts/pdfimages.py --make "$work/pics"
"$work/warraq" build "$work/pics" --out "$work/picsout" --json > "$work/pics.json"
w=$(python3 -c "import json,sys;print('\n'.join(d['message'] for d in json.load(open(sys.argv[1]))['diagnostics']))" "$work/pics.json")
bar "pics warnings" "$([ "$w" = "image images/wide-profiled.jpg: 4200 x 30 pixels is more than a page or screen shows; set at 2100 x 15 (give a smaller file to choose how)" ] && echo 1 || echo 0)" "the image book's diagnostics: ${w:-none}"
r=$(/usr/bin/python3 scripts/pdfimages.py --epub "$(epubof "$work/pics.json")" "$work/pics/images"/* 2>&1) && ok=1 || ok=0
echo "$r" | head -n -1
bar "pics epub colour profiles" "$ok" "$(echo "$r" | tail -1)"
for name in samples pics; do
  src=samples/images; [ "$name" = pics ] && src=$work/pics/images
  r=$(/usr/bin/python3 scripts/pdfimages.py "$(pdfof "$work/$name.json")" "$src"/* 2>&1) && ok=1 || ok=0
  echo "$r" | head -n -1
  bar "$name pdf images" "$ok" "$(echo "$r" | tail -1)"
done
/usr/bin/python3 scripts/pdfimages.py --spoil "$(pdfof "$work/pics.json")" "$work/canary/spoilt.pdf"
r=$(/usr/bin/python3 scripts/pdfimages.py "$work/canary/spoilt.pdf" "$work/pics/images"/* 2>&1) && ok=0 || ok=1
bar "canary pdf images" "$ok" "pdfimages.py finds a changed sample: $(echo "$r" | tail -1)"

# Mixed scripts in Chromium: the cases of tokens.md read from the EPUB's XHTML as written down.
command -v chromium >/dev/null || { apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
epub=$(python3 -c "import json,sys;print([o['path'] for o in json.load(open(sys.argv[1]))['outputs'] if o['format']=='epub'][0])" "$work/mixed.json")
shots=${SHOTS:-$work/shots}
ms=$(/usr/bin/python3 scripts/mixedshot.py "$epub" testdata/books/mixed/tokens.md "$shots" 2>&1) && ok=1 || ok=0
echo "$ms" | head -n -1
bar "mixed chromium" "$ok" "$(echo "$ms" | tail -1) (screenshots in $shots)"

# Every language (issue 19): the test book of each, in its own fonts, words, digits and
# calendar. Built with no warning (no missing glyph, no missing style); EPUB epubcheck 0/0;
# PDF qpdf clean, fonts embedded and subset, every word drawn as hb-shape shapes it in the
# book's language with the fonts the book embeds (shapecheck.py for Naskh and Kufi, whose
# kashidas it allows; langshape.py, positions included, for Nastaliq's cascade and for
# Hebrew, which shapecheck does not read), and copying gives the text back in all three
# extractors.
for lang in fa ur he en ckb ps; do
  name="book-$lang"
  "$work/warraq" build "testdata/books/$lang" --out "$work/$name" --json > "$work/$name.json" 2> "$work/$name.err" || true
  grep -v '^wrote ' "$work/$name.err" > "$work/$name.warn" || true
  bar "$name warnings" "$([ ! -s "$work/$name.warn" ] && [ -s "$work/$name.json" ] && echo 1 || echo 0)" "$(wc -l < "$work/$name.warn") warnings$(head -3 "$work/$name.warn" | sed 's/^/; /' | tr -d '\n')"
  epub=$(epubof "$work/$name.json"); pdf=$(pdfof "$work/$name.json")
  summary=$(epubcheck_ok "$epub") && ok=1 || ok=0
  bar "$name epubcheck" "$ok" "$(echo "$summary" | tail -1)"
  q=$(qpdf --check "$pdf" 2>&1 || true)
  bar "$name qpdf" "$(echo "$q" | grep -q 'No syntax or stream encoding errors found' && ! echo "$q" | grep -qi warning && echo 1 || echo 0)" "$(echo "$q" | grep -m1 "No syntax" || echo "$q" | head -1)"
  f=$(pdffonts "$pdf" | tail -n +3)
  notsub=$(echo "$f" | awk '{ if ($(NF-4)!="yes" || $(NF-3)!="yes") print }')
  bar "$name pdffonts" "$([ -n "$f" ] && [ -z "$notsub" ] && echo 1 || echo 0)" "$(echo "$f" | wc -l) fonts: $(echo "$f" | awk '{print $1}' | sed 's/^[A-Z]*+//' | tr '\n' ' ')"
  python3 scripts/booksource.py "$work/$name.json" > "$work/$name.md"
  case $lang in
    ur) s=$(/usr/bin/python3 scripts/langshape.py "$pdf" "$work/$name.md" ur arab fonts/files/NotoNastaliqUrdu-*.ttf | tail -1) ;;
    he) s=$(/usr/bin/python3 scripts/langshape.py "$pdf" "$work/$name.md" he hebr fonts/files/Noto*Hebrew-*.ttf | tail -1) ;;
    *) s=$(/usr/bin/python3 "$tools/shapecheck.py" "$pdf" "$work/$name.md" fonts/files/*.ttf | tail -1) ;;
  esac
  words=$(echo "$s" | sed -n 's/shaping: [0-9]*\/\([0-9]*\) .*/\1/p')
  bar "$name shaping" "$(echo "$s" | grep -q '(100\(\.0*\)\?%)' && [ "${words:-0}" -gt 10 ] && echo 1 || echo 0)" "$s"
  python3 scripts/booksource.py --notes page "$work/$name.json" > "$work/$name.page.md"
  e=$(/usr/bin/python3 "$tools/extractscore.py" "$pdf" "$work/$name.page.md" | tail -1)
  min=$(echo "$e" | sed -n 's/.*min=\([0-9.]*\)%.*/\1/p')
  bar "$name extraction" "$(python3 -c "print(1 if float('${min:-0}') >= 98 else 0)")" "$e"
done
# The shaping check must see a wrong language: Urdu words checked as Arabic differ.
s=$(/usr/bin/python3 scripts/langshape.py "$(pdfof "$work/book-ur.json")" "$work/book-ur.md" ar arab fonts/files/NotoNastaliqUrdu-*.ttf | tail -1)
bar "canary langshape" "$(echo "$s" | grep -q '(100\(\.0*\)\?%)' && echo 0 || echo 1)" "the Urdu book checked in Arabic shaping: $s"
# The print-order texts the extraction is scored against only move notes: the same words
# as the logical order in every book, in another order in the books whose note falls
# before a page break (the samples, the Urdu book).
r=$(python3 - "$work" samples mixed book-fa book-ur book-he book-en book-ckb book-ps <<'PY'
import collections, os, re, sys
moved, bad = [], []
for n in sys.argv[2:]:
    a, b = (open(os.path.join(sys.argv[1], n + x), encoding="utf-8").read() for x in (".md", ".page.md"))
    wa, wb = re.findall(r"\w+", a), re.findall(r"\w+", b)
    if collections.Counter(wa) != collections.Counter(wb):
        bad.append(n)
    elif wa != wb:
        moved.append(n)
print(("ok" if not bad and {"samples", "book-ur"} <= set(moved) else "bad") + f": notes moved in {' '.join(moved) or 'none'}; words differ in {' '.join(bad) or 'none'}")
PY
)
bar "notes in print order" "$([[ "$r" == ok* ]] && echo 1 || echo 0)" "$r"

# EPUB size, fonts and reading systems (issue 14). A generated 100-article book joins
# the samples and the init book for epubcheck and Ace; a two-article book for size.
go run ./internal/corpus/cmd/warraq-corpus -n 100 -o "$work/corpus" >/dev/null
"$work/warraq" build "$work/corpus" --out "$work/corpusout" --format epub --json > "$work/corpus.json"
mkdir -p "$work/two/images"
cp samples/paper-in-baghdad.md samples/naskh-script.md "$work/two/"; cp samples/images/* "$work/two/images/"
"$work/warraq" build "$work/two" --out "$work/twoout" --format epub --json > "$work/two.json"
summary=$(epubcheck_ok "$(epubof "$work/corpus.json")") && ok=1 || ok=0
echo "$summary" | head -n -1
bar "corpus-100 epubcheck" "$ok" "$(echo "$summary" | tail -1)"
for name in samples two; do
  size=$(stat -c %s "$(epubof "$work/$name.json")")
  bar "$name epub size" "$([ "$size" -lt 300000 ] && echo 1 || echo 0)" "$size bytes, cover and fonts included (bar: under 300,000)"
done
# Every word of the book, shaped with hb-shape in each embedded (subset) font and in the
# font it came from, must give the same glyphs.
for name in samples init; do
  s=$(/usr/bin/python3 "$tools/subsetcheck.py" "$(epubof "$work/$name.json")" "$work/$name.md" -- fonts/files/*.ttf | tail -3)
  echo "$s" | head -n -1
  last=$(echo "$s" | tail -1)
  bar "$name subset shaping" "$(echo "$last" | grep -q '(100\(\.0*\)\?%)' && echo "$last" | grep -qv 'paired=0' && echo 1 || echo 0)" "$last"
done
# The samples in MuPDF's EPUB engine, in foliate-js in headless Chromium, and converted
# by calibre to AZW3 (its footnote pop-ups).
r=$(SHARED=$shared bash scripts/readers.sh "$(epubof "$work/samples.json")" "$work/readers" 2>&1 | tail -40) && ok=1 || ok=0
echo "$r" | head -n -1
bar "samples readers" "$ok" "$(echo "$r" | tail -1)"
# The AZW3 pop-ups of a left-to-right book and of another right-to-left script (readers.sh
# installed calibre); and the check must fail an EPUB whose notes carry their id on the
# number rather than on the aside (a pop-up showing "1").
for lang in en he; do
  ebook-convert "$(epubof "$work/book-$lang.json")" "$work/book-$lang.azw3" > "$work/book-$lang.azw3.log" 2>&1 || true
  k=$(/usr/bin/python3 scripts/kf8notes.py "$(epubof "$work/book-$lang.json")" "$work/book-$lang.azw3" 2>&1) && ok=1 || ok=0
  bar "book-$lang kf8 notes" "$ok" "$(echo "$k" | tail -1)"
done
/usr/bin/python3 - "$(epubof "$work/samples.json")" "$work/canary/notes.epub" <<'PY'
import re, sys, zipfile
src, out = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[2], 'w')
for i in src.infolist():
    d = src.read(i.filename)
    if i.filename.endswith('.xhtml'):
        s = d.decode()
        for m in re.findall(r'<aside[^>]*? id="([^"]+)"', s):
            s = s.replace(f' id="{m}"', '', 1).replace('<span class="note-number">', f'<span class="note-number" id="{m}">', 1)
        d = s.encode()
    out.writestr(i, d)
out.close()
PY
ebook-convert "$work/canary/notes.epub" "$work/canary/notes.azw3" > "$work/canary/notes.log" 2>&1 || true
k=$(/usr/bin/python3 scripts/kf8notes.py "$work/canary/notes.epub" "$work/canary/notes.azw3" 2>&1) && ok=0 || ok=1
bar "canary kf8 notes" "$ok" "kf8notes.py fails notes whose id is on their number: $(echo "$k" | tail -1)"

# Accessibility (Ace by DAISY): the samples, the init book and the 100-article book.
for name in samples init corpus; do
  a=$(bash "$tools/acecheck.sh" "$(epubof "$work/$name.json")" 2>&1 | tail -15)
  echo "$a" | head -n -1
  last=$(echo "$a" | tail -1)
  bar "$name ace" "$(echo "$last" | grep -q 'critical=0 serious=0 moderate=0' && echo 1 || echo 0)" "$last"
done

# Reproducible: a second build, elsewhere, at another time and TZ, gives the same bytes.
cp -r samples "$work/samples-copy"; rm -rf "$work/samples-copy/dist"
touch -d '2001-01-01' "$work/samples-copy"/*.md
TZ=Asia/Tokyo LC_ALL=C "$work/warraq" build "$work/samples-copy" --out "$work/again" -q
same=1
for f in "$work/samples"/*.epub "$work/samples"/*.pdf; do
  cmp -s "$f" "$work/again/$(basename "$f")" || same=0
done
bar "reproducible" "$same" "samples built twice give identical EPUB and PDF"

# The web edition: the same sources give the same site, whatever the place, time zone or locale.
"$work/warraq" build samples --format html --out "$work/site1" --json > "$work/site1.json"
TZ=Asia/Tokyo LC_ALL=C "$work/warraq" build "$work/samples-copy" --format html --out "$work/site2" --json > "$work/site2.json"
s1=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['outputs'][0]['sha256'])" "$work/site1.json")
s2=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['outputs'][0]['sha256'])" "$work/site2.json")
same=0; [ -n "$s1" ] && [ "$s1" = "$s2" ] && diff -r "$work/site1" "$work/site2" >/dev/null && same=1
bar "web edition reproducible" "$same" "the samples' site built twice: ${s1:0:16}… and ${s2:0:16}…"

# Reproducible whatever Go toolchain built Warraq: every compressed stream in the outputs
# comes from klauspost/compress, which go.sum pins, not from the toolchain's compress/flate
# (Go 1.27 changed its output). Warraq built with another Go (the go command fetches that
# toolchain from the module proxy; a failed fetch fails the bar) writes the same samples.
other_go=go1.27.3
same=0
if GOTOOLCHAIN=$other_go go build -o "$work/warraq-other-go" ./cmd/warraq &&
  [ "$(GOTOOLCHAIN=$other_go go version | awk '{print $3}')" = "$other_go" ] &&
  "$work/warraq-other-go" build samples --no-cache --out "$work/other-go" -q &&
  "$work/warraq-other-go" build samples --no-cache --format html --out "$work/other-go-site" -q; then
  same=1
  for f in "$work/samples"/*.epub "$work/samples"/*.pdf; do
    cmp -s "$f" "$work/other-go/$(basename "$f")" || { echo "differs with $other_go: $(basename "$f")"; same=0; }
  done
  diff -r "$work/site1" "$work/other-go-site" >/dev/null 2>&1 || { echo "the web edition differs with $other_go"; same=0; }
fi
bar "reproducible across Go" "$same" "Warraq built with $other_go ($(go version | awk '{print $3}') above) gives the samples' EPUB, PDF and web edition byte for byte"

# The web edition and the live preview in a real browser, and axe-core.
if bash scripts/browsertest.sh; then bar "browser" 1 "preview, web edition pages, Arabic search, axe-core (above)"; else bar "browser" 0 "see above"; fi

# The PDF writer's own sample and fuzz seed outputs through the same tools.
if bash scripts/check-pdfwriter.sh; then bar "pdfwriter" 1 "the writer's sample and fuzz seeds pass the tools"; else bar "pdfwriter" 0 "see above"; fi

echo "conformance: $passed passed, $failed failed"
exit "$fail"
