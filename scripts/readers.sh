#!/usr/bin/env bash
# The EPUB in real reading-system engines, held to Warraq's bars: MuPDF's own EPUB engine
# (SumatraPDF, MuPDF-based readers) and foliate-js in Debian's headless Chromium (Foliate,
# Readest and other web-engine readers), through ../shared/tools/rscheck.sh, which installs
# what it needs (apt, npm). Per engine and document it prints direction, font in use and
# whether it is embedded; it fails on a blank page after the cover, text in a font the book
# does not embed, an article that reads the wrong way, pages progressing the wrong way,
# an empty footnote pop-up, a contents link that lands elsewhere, or a footnote pop-up of
# calibre's Kindle (AZW3) conversion that does not show its note (scripts/kf8notes.py);
# and it fails, never passes, when an engine cannot run.
# usage: scripts/readers.sh BOOK.epub OUTDIR   (ENGINES=foliate,mupdf,kf8; SHARED=path/to/shared)
set -euo pipefail
[ $# -eq 2 ] || { sed -n '2,11p' "$0"; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
shared=${SHARED:-$here/../../shared}
export ENGINES=${ENGINES:-foliate,mupdf,kf8}
book=$(realpath "$1"); out=$(realpath -m "$2")
if ! bash "$shared/tools/rscheck.sh" "$book" "$out" > "$out.tsv" 2> "$out.log"; then
  tail -20 "$out.log"
  echo "readers: rscheck could not run on $book"
  exit 1
fi
/usr/bin/python3 "$here/readers.py" "$out" "$book"
