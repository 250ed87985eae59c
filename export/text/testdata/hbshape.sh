#!/bin/sh
# Regenerates hbshape.txt, the reference glyphs the shaping tests compare to:
# HarfBuzz's hb-shape (libharfbuzz-bin) with the settings shapecheck.py uses,
# at cluster level 1 as the engine does. Run from this directory.
set -eu
fonts=../../../fonts/files
out=hbshape.txt
: > "$out"
while IFS='|' read -r font lang text; do
	[ -z "$font" ] && continue
	ref=$(hb-shape --no-glyph-names --cluster-level=1 --direction=rtl --script=arab \
		--language="$lang" "$fonts/$font" "$text")
	printf '%s|%s|%s|%s\n' "$font" "$lang" "$text" "$ref" >> "$out"
done <<'CASES'
Amiri-Regular.ttf|ar|نص
Amiri-Regular.ttf|ar|بسم الله الرحمن الرحيم
Amiri-Regular.ttf|ar|لا
Amiri-Regular.ttf|ar|لأن الإنسان
Amiri-Regular.ttf|ar|مُحَمَّدٌ
Amiri-Regular.ttf|ar|قُلْ هُوَ اللَّهُ أَحَدٌ
Amiri-Regular.ttf|ar|كـــتاب
Amiri-Regular.ttf|ar|ذلك، وهذا؛ أليس كذلك؟
Amiri-Regular.ttf|fa|پژوهش چگونه انجام می‌شود
Amiri-Regular.ttf|fa|گرگ کوچک
Amiri-Regular.ttf|ur|گھر کی چھت
Amiri-Regular.ttf|ar|ب‍ ‍ب‍ ‍ب
Amiri-Regular.ttf|ar|لا‌لا
Amiri-Bold.ttf|ar|العربية لغة جميلة
Amiri-Slanted.ttf|ar|في البدء كانت الكلمة
NotoNaskhArabic-Regular.ttf|ar|لا إله إلا الله
NotoNaskhArabic-Regular.ttf|ar|سَلامٌ عَلَيْكُمْ
NotoNaskhArabic-Bold.ttf|fa|یک پژوهش
NotoKufiArabic-Regular.ttf|ar|الفصل الأول
NotoKufiArabic-Bold.ttf|ar|مقدمة الكتاب
Amiri-Regular.ttf|ar|قال «نعم» (ثم) [هنا]
CASES
