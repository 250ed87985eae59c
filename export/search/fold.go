// Package search is the web edition's full-text search: the folding that
// makes Arabic (and Persian, Urdu, Hebrew, Latin) text match the way readers
// type it, and the index built when the book is built, which the page's
// script (templates/search.js) reads in the browser with no server.
//
// Fold and the script's fold must agree rune for rune: the index holds
// folded words and the script folds the query. The browser test
// (scripts/browsertest) runs both on the same strings.
package search

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns s as the index compares it. After canonical decomposition
// (NFD), which splits أ إ آ ؤ ئ ۀ and Latin accented letters into a base
// letter and a mark:
//   - nonspacing marks go: harakat, shadda, sukun, the hamza and madda that
//     NFD split off, superscript alef, Quranic marks, Hebrew niqqud, accents;
//   - tatweel and format characters (ZWNJ, ZWJ, bidi marks, soft hyphen) go;
//   - alef wasla ٱ becomes ا, ta marbuta ة becomes ه, alef maqsura ى and
//     Persian yeh ی become ي, keheh ک becomes ك, the Urdu and Persian forms
//     of he (ہ ھ ە) become ه;
//   - Arabic-Indic and Persian digits become 0-9;
//   - letters are lower-cased, and final sigma is sigma.
//
// So «الذّكاء», «الذكـاء» and «الذكاء» fold alike, as do «مدرسة» and
// «مدرسه», «على» and «علي», «إسلام» and «اسلام».
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	var buf [8]rune
	t := foldTable()
	for _, r := range s {
		for _, f := range foldTo(t, buf[:0], r) {
			b.WriteRune(f)
		}
	}
	return b.String()
}

// foldTo appends what r folds to. Fold works rune by rune (the NFD of a
// rune, then foldRune on each of its runes) rather than on the NFD of the
// whole text: the results differ only in the order of the marks that
// folding drops, and the script can do exactly the same.
func foldTo(table *[tableSize]rune, out []rune, r rune) []rune {
	if r < tableSize {
		if f := table[r]; f >= 0 {
			out = append(out, f)
		}
		return out
	}
	return foldSlow(out, r)
}

func foldSlow(out []rune, r rune) []rune {
	var buf [utf8.UTFMax * 4]byte
	for _, d := range string(norm.NFD.AppendString(buf[:0], string(r))) {
		if f, ok := foldRune(d); ok {
			out = append(out, f)
		}
	}
	return out
}

// foldTable holds what each rune below tableSize (Latin, Greek, Cyrillic,
// Hebrew, Arabic) folds to, -1 when it goes: one rune at most in those
// blocks. The index folds millions of runes; looking them up is five
// times quicker than decomposing each. It is made the first time it is
// needed: made at start-up, it cost every command 1 ms and 6,200
// allocations, the web edition's or not.
const tableSize = 0x800

var foldTable = sync.OnceValue(func() *[tableSize]rune {
	var t [tableSize]rune
	for r := range rune(tableSize) {
		t[r] = -1
		if f := foldSlow(nil, r); len(f) == 1 {
			t[r] = f[0]
		} else if len(f) > 1 {
			panic("search: a rune below U+0800 folds to more than one")
		}
	}
	return &t
})

// foldRune folds one rune of NFD text; false drops it.
func foldRune(r rune) (rune, bool) {
	if r < 0x80 {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r, true
	}
	switch {
	case r == '\u0640': // tatweel
		return 0, false
	case unicode.Is(unicode.Mn, r), unicode.Is(unicode.Cf, r):
		return 0, false
	case '\u0660' <= r && r <= '\u0669':
		return '0' + r - '\u0660', true
	case '\u06F0' <= r && r <= '\u06F9':
		return '0' + r - '\u06F0', true
	}
	if f, ok := letters[r]; ok {
		return f, true
	}
	return unicode.ToLower(r), true
}

// letters are the letters written more than one way that readers type as one.
var letters = map[rune]rune{
	'\u0671': '\u0627', // ٱ alef wasla -> ا
	'\u0629': '\u0647', // ة ta marbuta -> ه
	'\u0649': '\u064A', // ى alef maqsura -> ي
	'\u06CC': '\u064A', // ی Persian yeh -> ي
	'\u06A9': '\u0643', // ک keheh -> ك
	'\u06C1': '\u0647', // ہ Urdu he goal -> ه
	'\u06BE': '\u0647', // ھ do-chashmi he -> ه
	'\u06D5': '\u0647', // ە ae (ۀ decomposes to it) -> ه
	'\u03C2': '\u03C3', // ς final sigma -> σ
}

// Words returns the folded words of s: runs of letters, digits and marks
// (what is left of them), split at everything else.
func Words(s string) []string {
	var out []string
	var word []rune
	var buf [8]rune
	t := foldTable()
	for _, r := range s {
		for _, f := range foldTo(t, buf[:0], r) {
			if isWordRune(f) {
				word = append(word, f)
			} else if len(word) > 0 {
				out = append(out, string(word))
				word = word[:0]
			}
		}
	}
	if len(word) > 0 {
		out = append(out, string(word))
	}
	return out
}

func isWordRune(r rune) bool {
	if r < 0x80 {
		return 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

// proclitics are the particles Arabic writes joined to the next word,
// longest first: «والكتاب» is و + ال + كتاب. The index also holds each word
// without them, so a search for «كتاب» finds «والكتاب» and «للكتاب».
var (
	articles = []string{"وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال"}
	letterly = []string{"و", "ف", "ب", "ك", "ل"}
)

// Stems returns w (a folded word) and, for a word in Arabic script, the
// same word without the article and the one-letter particles joined to
// it, when at least two letters (three after a one-letter particle) are
// left.
func Stems(w string) []string {
	out := []string{w}
	if w == "" {
		return out
	}
	if r, _ := utf8.DecodeRuneInString(w); r < '\u0600' || r > '\u06FF' {
		return out
	}
	for _, p := range articles {
		if rest, ok := strings.CutPrefix(w, p); ok {
			if runeCount(rest) >= 2 {
				out = append(out, rest)
			}
			return out
		}
	}
	for _, p := range letterly {
		if rest, ok := strings.CutPrefix(w, p); ok && runeCount(rest) >= 3 {
			out = append(out, rest)
		}
	}
	return out
}

func runeCount(s string) int { return utf8.RuneCountInString(s) }
