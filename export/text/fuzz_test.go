package text

import (
	"math"
	"testing"
	"unicode/utf8"
)

// FuzzLayout: any text lays out without panicking, at any width, and every
// input character belongs to exactly one glyph cluster.
func FuzzLayout(f *testing.F) {
	for _, s := range []string{"", "نص", "قال Ahmed: نعم (2024).", "مُحَمَّدٌ", "ه\u200cم\u200d", "😀 a\nb\tc", "\u202bابج\u202c abc \u2067د\u2069"} {
		f.Add(s, 100.0, true)
	}
	e := newTestEngine(f)
	f.Fuzz(func(t *testing.T, s string, width float64, rtl bool) {
		if math.IsNaN(width) || width > 1e6 {
			width = 1e6
		}
		if width < -10 {
			width = -10
		}
		dir := LTR
		if rtl {
			dir = RTL
		}
		// Split into two spans of different styles to exercise run boundaries.
		mid := len(s) / 2
		for mid > 0 && mid < len(s) && !utf8.RuneStart(s[mid]) {
			mid--
		}
		p := Paragraph{Dir: dir, Lang: "ar", Align: Justify, Indent: 5, Spans: []Span{
			{Text: s[:mid], Style: Style{Size: 10}},
			{Text: s[mid:], Style: Style{Size: 10, Bold: true, Role: Mono}},
		}}
		b := e.Layout(p, width)
		checkCoverage(t, s, b)
		for _, l := range b.Lines {
			for _, r := range l.Runs {
				for _, g := range r.Glyphs {
					if math.IsNaN(g.X) || math.IsNaN(g.Y) || math.IsInf(g.X, 0) {
						t.Fatalf("glyph %q at %g,%g", g.Text, g.X, g.Y)
					}
				}
			}
		}
	})
}
