package pdfwriter

import (
	"testing"
	"unicode"
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
		if s := string(r); hasMn([]string{"ب", s}) != mn {
			t.Errorf("hasMn(%q) = %v, want %v", s, !mn, mn)
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
