#!/bin/sh
# Records hb-shape's glyphs for every Arabic word of the sample articles
# (the words shapecheck.py checks) into hbwords/FONT.txt, one "word|glyphs"
# line each: all words for the body face, every fifth for the others.
# The engine must reproduce them exactly (TestMatchesHarfBuzzWords).
# Run from this directory after the samples or fonts change.
set -eu
fonts=../../../fonts/files
mkdir -p hbwords
python3 - ../../../samples > hbwords/words.txt <<'PY'
import glob, re, sys
word = re.compile('[\u0621-\u063A\u0641-\u064A\u0660-\u0669\u066E-\u06D3\u06D5\u06FA-\u06FF\u064B-\u065F\u0670\u0640]+')
found = set()
for path in sorted(glob.glob(sys.argv[1] + '/*.md')):
    for w in word.findall(open(path, encoding='utf-8').read()):
        if any('\u0621' <= c <= '\u064A' for c in w):
            found.add(w)
print('\n'.join(sorted(found)))
PY
for font in Amiri-Regular Amiri-Bold Amiri-Slanted Amiri-BoldSlanted NotoKufiArabic-Bold NotoKufiArabic-Regular NotoNaskhArabic-Regular; do
	if [ "$font" = Amiri-Regular ]; then cp hbwords/words.txt /tmp/hbwords.$$; else awk 'NR % 5 == 0' hbwords/words.txt > /tmp/hbwords.$$; fi
	hb-shape --cluster-level=1 --direction=rtl --script=arab --language=ar --no-glyph-names \
		"$fonts/$font.ttf" --text-file=/tmp/hbwords.$$ | paste -d'|' /tmp/hbwords.$$ - > "hbwords/$font.txt"
done
rm -f /tmp/hbwords.$$ hbwords/words.txt

# The Urdu and Hebrew test books (testdata/books/ur, he) in the faces their
# books are set in, shaped in their own language: hbwords/LANG/FONT.txt.
# Nastaliq's cascade is all in GPOS (cursive attachment, mark and
# vertical offsets), so the positions are the test.
for lang in ur he; do
	mkdir -p "hbwords/$lang"
	case $lang in
	ur) script=arab; faces="NotoNastaliqUrdu-Regular NotoNastaliqUrdu-Bold"
		re='[\u0621-\u063A\u0641-\u064A\u0660-\u0669\u066E-\u06D3\u06D5\u06FA-\u06FF\u064B-\u065F\u0670\u0640]+'; first='\u0621'; last='\u06FF' ;;
	he) script=hebr; faces="NotoSerifHebrew-Regular NotoSerifHebrew-Bold NotoSansHebrew-Regular NotoSansHebrew-Bold"
		re='[\u0591-\u05F4]+'; first='\u05D0'; last='\u05EA' ;;
	esac
	python3 - ../../../testdata/books/$lang "$re" "$first" "$last" > "hbwords/$lang/words.txt" <<'PY'
import glob, re, sys
word = re.compile(sys.argv[2].encode().decode('unicode_escape'))
lo, hi = (s.encode().decode('unicode_escape') for s in sys.argv[3:5])
found = set()
for path in sorted(glob.glob(sys.argv[1] + '/*.md')) + [sys.argv[1] + '/book.yaml']:
    for w in word.findall(open(path, encoding='utf-8').read()):
        if any(lo <= c <= hi for c in w):
            found.add(w)
print('\n'.join(sorted(found)))
PY
	for font in $faces; do
		hb-shape --cluster-level=1 --direction=rtl --script=$script --language=$lang --no-glyph-names \
			"$fonts/$font.ttf" --text-file="hbwords/$lang/words.txt" | paste -d'|' "hbwords/$lang/words.txt" - > "hbwords/$lang/$font.txt"
	done
	rm "hbwords/$lang/words.txt"
done
