package text

import (
	"math"
	"testing"
	"unicode/utf8"
)

// FuzzLayout: any text lays out without panicking, at any width, with each
// line breaker, and every input character belongs to exactly one glyph
// cluster.
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
		// Each breaker: total fit with kashida, balanced display lines,
		// and every line justified.
		for _, mode := range []struct {
			align            Align
			kashida, balance bool
		}{{Justify, true, false}, {Center, false, true}, {JustifyAll, true, false}} {
			p := Paragraph{Dir: dir, Lang: "ar", Align: mode.align, Kashida: mode.kashida, Balance: mode.balance, Indent: 5, Spans: []Span{
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
					for _, k := range r.Kashidas {
						if !(k.Width > 0) || math.IsInf(k.X, 0) || math.IsNaN(k.X) {
							t.Fatalf("kashida %+v", k)
						}
					}
				}
			}
		}
	})
}
