package text

import (
	"slices"
	"testing"

	"github.com/go-text/typesetting/language"
)

// TestJoiningContextIsAllHarfBuzzReads: a segment shaped with its whole
// context and with only the part the cache's key keeps (joiningPre,
// joiningPost) comes out the same, glyph for glyph and position for
// position, in every face: letters, marks, tatweels, spaces and Latin
// text, after and before contexts that end in letters of every joining
// type, in harakat, in joiners and in Latin.
func TestJoiningContextIsAllHarfBuzzReads(t *testing.T) {
	e := newTestEngine(t)
	w := e.pool.get(len(e.fs.all))
	defer e.pool.put(w)
	segments := []string{" ", ".", "ب", "بِ", "ـ", "\u064Eب", "لا", "ه", "سلام", "ا", "a", "ab", "1"}
	pres := []string{"", "كتاب", "كتابِ", "قلمٌ", "قلمٌّ", "هو", "دار", "ماء", "بـ", "ب\u200C", "ب\u200D", "ب\u064E\u200C",
		"ab", "a\u064E", "12", "،", "ب ", "\u064E"}
	posts := []string{"", "ب", "\u064Eب", "\u064E\u0651ب", "ا", " ", "ـب", "\u200Cب", "\u200Dب", "\u064C", "a", "2", "؟"}
	merged := 0
	for _, f := range e.fs.all {
		for _, seg := range segments {
			script, rtl := language.Arabic, true
			if seg[0] < 0x80 && seg != " " && seg != "." {
				script, rtl = language.Latin, false
			}
			for _, pre := range pres {
				for _, post := range posts {
					cpre, cpost := joiningPre(pre), joiningPost(post)
					if cpre == pre && cpost == post {
						continue
					}
					merged++
					whole := []rune(pre + seg + post)
					kept := []rune(cpre + seg + cpost)
					n := len([]rune(seg))
					a := w.shape(f, whole, len([]rune(pre)), n, rtl, script, "ar", nil)
					b := w.shape(f, kept, len([]rune(cpre)), n, rtl, script, "ar", nil)
					if !slices.Equal(a.glyphs, b.glyphs) {
						t.Fatalf("%s: %q in %q...%q: %v; in %q...%q: %v", f.Name, seg, pre, post, a.glyphs, cpre, cpost, b.glyphs)
					}
				}
			}
		}
	}
	if merged < 1000 {
		t.Fatalf("only %d contexts were cut", merged)
	}
	// What is cut: everything beyond the nearest letter, and nothing of
	// the marks and joiners before it.
	for _, c := range []struct{ in, pre, post string }{
		{"كتاب", "ب", "ك"},
		{"كتابِ", "بِ", "ك"},
		{"\u064Eب", "ب", "\u064Eب"},
		{"ب\u200Cا", "ا", "ب"},
		{"\u200C\u064E", "\u200C\u064E", "\u200C\u064E"},
		{"", "", ""},
		{"ab", "b", "a"},
	} {
		if got := joiningPre(c.in); got != c.pre {
			t.Errorf("joiningPre(%q) = %q, want %q", c.in, got, c.pre)
		}
		if got := joiningPost(c.in); got != c.post {
			t.Errorf("joiningPost(%q) = %q, want %q", c.in, got, c.post)
		}
	}
}
