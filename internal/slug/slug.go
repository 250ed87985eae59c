// Package slug makes the ASCII names Warraq gives books, articles and
// anchors, and strips the invisible characters that must never reach a name
// or a sort key.
package slug

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// translit spells Arabic-script letters in ASCII for file names and anchors.
// It is deliberately simple (no vowels are guessed): "مقالات" -> "mqalat".
var translit = map[rune]string{
	'ا': "a", 'أ': "a", 'إ': "i", 'آ': "a", 'ٱ': "a", 'ب': "b", 'ت': "t", 'ث': "th",
	'ج': "j", 'ح': "h", 'خ': "kh", 'د': "d", 'ذ': "dh", 'ر': "r", 'ز': "z", 'س': "s",
	'ش': "sh", 'ص': "s", 'ض': "d", 'ط': "t", 'ظ': "z", 'ع': "", 'غ': "gh", 'ف': "f",
	'ق': "q", 'ك': "k", 'ل': "l", 'م': "m", 'ن': "n", 'ه': "h", 'ة': "a", 'و': "w",
	'ي': "y", 'ى': "a", 'ء': "", 'ؤ': "", 'ئ': "", 'پ': "p", 'چ': "ch", 'ژ': "zh",
	'گ': "g", 'ک': "k", 'ی': "y", 'ڤ': "v", 'ۀ': "h", 'ھ': "h", 'ے': "e",
}

// invisible reports the bidi controls and zero-width characters that must
// never reach a file name, an anchor or a sort key.
func invisible(r rune) bool {
	switch {
	case r == '\u200B', r == '\u200C', r == '\u200D', r == '\u200E', r == '\u200F',
		r == '\u2060', r == '\uFEFF', r == '\u061C', r == '\u00AD':
		return true
	case r >= '\u202A' && r <= '\u202E', r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}

// StripInvisible removes bidi controls and zero-width characters.
func StripInvisible(s string) string {
	if strings.IndexFunc(s, invisible) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if invisible(r) {
			return -1
		}
		return r
	}, s)
}

// Make turns any text into a lower-case ASCII name of letters, digits and
// hyphens: Arabic letters transliterated, accents dropped, Arabic-Indic digits
// made Latin, bidi controls and marks removed. It may return "".
func Make(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(StripInvisible(s)) {
		var out string
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			out = string(unicode.ToLower(r))
		case r >= '٠' && r <= '٩':
			out = string('0' + (r - '٠'))
		case r >= '۰' && r <= '۹':
			out = string('0' + (r - '۰'))
		case unicode.Is(unicode.Mn, r) || r == 'ـ':
			continue // harakat, combining accents, tatweel
		default:
			if t, ok := translit[r]; ok {
				out = t
				if out == "" {
					continue
				}
			}
		}
		if out == "" {
			dash = b.Len() > 0
			continue
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteString(out)
		if b.Len() >= 60 {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}

// Unicode is the fragment most Markdown tools generate for a heading: lower
// case, letters and digits of any script kept, spaces made hyphens. Links
// written for those tools resolve through it.
func Unicode(s string) string {
	var b strings.Builder
	for _, r := range StripInvisible(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '_' || r == '-':
			b.WriteRune(unicode.ToLower(r))
		case unicode.IsSpace(r):
			b.WriteByte('-')
		}
	}
	return b.String()
}
