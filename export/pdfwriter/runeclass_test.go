package pdfwriter

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestRuneClassTable checks the table of runeClass, and the functions
// that read it, against the Unicode tables.
func TestRuneClassTable(t *testing.T) {
	marks := 0
	for r := rune(0); r < 0x3000; r++ {
		if got, want := runeClass(r), runeClassOf(r); got != want {
			t.Fatalf("runeClass(%U) = %b, the Unicode tables give %b", r, got, want)
		}
		mn := unicode.Is(unicode.Mn, r)
		if k, _ := factsOf("ب" + string(r)); (k&factMn != 0) != mn {
			t.Errorf("factsOf(%q) says a mark %v, want %v", "ب"+string(r), !mn, mn)
		}
		if s := string(r); invisibleText(s) != unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) {
			t.Errorf("invisibleText(%q) = %v", s, invisibleText(s))
		}
		if mn && r < lowRuneLimit {
			marks++
		}
	}
	if marks < 100 {
		t.Errorf("only %d marks below U+%04X: the table is not filled", marks, lowRuneLimit)
	}
	for _, c := range []struct {
		r           rune
		strong, ltr bool
	}{{'a', true, true}, {'1', true, true}, {'٣', true, true}, {'ب', true, false}, {'א', true, false},
		{' ', false, false}, {',', false, false}, {0x64E, false, false}, {'ß', true, true}, {'中', true, true}} {
		if isStrong(c.r) != c.strong || isLTRClass(c.r) != c.ltr {
			t.Errorf("%q: strong %v, LTR class %v; want %v, %v", c.r, isStrong(c.r), isLTRClass(c.r), c.strong, c.ltr)
		}
	}
}

// TestFactsOfAsLoops checks factsOf, which decodes a text once, against
// the loops over its characters it replaces, on every character alone,
// after a letter and before a mark, and on invalid UTF-8.
func TestFactsOfAsLoops(t *testing.T) {
	check := func(s string) {
		t.Helper()
		mn, strong := false, rune(0)
		for _, r := range s {
			if unicode.Is(unicode.Mn, r) {
				mn = true
			}
			if isStrong(r) {
				strong = r
			}
		}
		kind, gotStrong := factsOf(s)
		if got, want := kind&factSpace != 0, isSpaceText(s); got != want {
			t.Fatalf("factsOf(%q): space %v, isSpaceText %v", s, got, want)
		}
		if got, want := kind&factSeveral != 0, utf8.RuneCountInString(s) > 1; got != want {
			t.Fatalf("factsOf(%q): several characters %v, want %v", s, got, want)
		}
		if kind&factMn != 0 != mn || gotStrong != strong {
			t.Fatalf("factsOf(%q): mark %v, last strong %q; want %v, %q", s, kind&factMn != 0, gotStrong, mn, strong)
		}
	}
	for r := rune(0); r <= unicode.MaxRune; r += 1 + r/0x4000 {
		check(string(r))
		check("ب" + string(r) + "\u064e")
	}
	for _, s := range []string{"", "\xff", "\xc2", "\xc1\x81", "\xe0\xa4", "a\xdf", "\xdf\xbf\xc2\x80", " \xa0", "\u00a0 ", "لا", "Go", "\u200f ", "\U0001F600\u064b"} {
		check(s)
	}
}
