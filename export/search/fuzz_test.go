package search

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzFold holds Fold and Words to what the index and the page's script
// rely on: folding twice changes nothing, every word is folded text with
// no separator in it, and every stem is the word or a tail of it.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"الذّكاء والكتاب", "ٱلرَّحْمَٰن", "می\u200cخواهم", "שָׁלוֹם", "Café ΟΔΟΣ", "\xff\xfe", "ﷲ ﻻ \U0001D400"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := Fold(s)
		if !utf8.ValidString(once) {
			t.Fatalf("Fold(%q) = %q is not UTF-8", s, once)
		}
		if twice := Fold(once); twice != once {
			t.Fatalf("Fold is not stable: %q -> %q -> %q", s, once, twice)
		}
		for _, w := range Words(s) {
			if w == "" || Fold(w) != w || strings.ContainsFunc(w, func(r rune) bool { return !isWordRune(r) }) {
				t.Fatalf("Words(%q) has %q", s, w)
			}
			for _, st := range Stems(w) {
				if !strings.HasSuffix(w, st) || st == "" {
					t.Fatalf("Stems(%q) has %q", w, st)
				}
			}
		}
	})
}
