package pdfwriter

import (
	"strings"
	"testing"
)

func TestGapFreeWidths(t *testing.T) {
	sp := func(x, adv float64, text string) Glyph { return Glyph{X: x, Advance: adv, Text: text} }
	rtlSp := func(x, adv float64, text string) Glyph { return Glyph{X: x, Advance: adv, Text: text, RTL: true} }
	for _, c := range []struct {
		name   string
		glyphs []Glyph
		want   []float64
	}{
		{"adjacent, reading order right to left",
			[]Glyph{sp(20, 10, "a"), sp(10, 10, "b"), sp(0, 10, "c")}, []float64{10, 10, 10}},
		{"kerned pair: widths reach the next glyph",
			[]Glyph{sp(18, 10, "a"), sp(10, 10, "b")}, []float64{10, 8}},
		{"mark and text-less glyph get 0; the spacing glyph spans them",
			[]Glyph{sp(20, 10, "a"), {X: 22, Text: "\u064e", Mark: true}, sp(10, 10, ""), sp(0, 10, "c")}, []float64{10, 0, 0, 20}},
		{"justified space",
			[]Glyph{sp(30, 10, "a"), sp(12, 18, " "), sp(0, 12, "b")}, []float64{10, 18, 12}},
		{"two RTL letters drawn at one place: the first in reading order is the one on the right",
			[]Glyph{rtlSp(20, 10, "ت"), rtlSp(20, -1, "ج"), rtlSp(10, 10, "ر")}, []float64{10, 0, 10}},
		{"a negative advance on the right: the box still reaches the glyphs' right edge",
			[]Glyph{rtlSp(20, 10, "ت"), rtlSp(21, -1, "ج"), rtlSp(10, 10, "ر")}, []float64{1, 9, 10}},
		{"a left-to-right number in right-to-left text: neither order, so sorted",
			[]Glyph{rtlSp(33, 7, "ا"), sp(10, 10, "1"), sp(20, 10, "2"), rtlSp(0, 9, "ب")}, []float64{7, 10, 13, 10}},
		{"left to right, in X order already",
			[]Glyph{sp(0, 9, "a"), sp(9, 5, "b"), sp(14, 6, "c")}, []float64{9, 5, 6}},
	} {
		got := gapFreeWidths(c.glyphs)
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: widths %v, want %v", c.name, got, c.want)
				break
			}
		}
	}
}

func TestNum(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 1.5: "1.5", -2.25: "-2.25", 1.0004: "1", -0.0001: "0", 12345.678: "12345.678"} {
		if got := num(v); got != want {
			t.Errorf("num(%v) = %q, want %q", v, got, want)
		}
	}
}

// showContent draws glyphs on a fresh page and returns the content stream.
func showContent(t *testing.T, build func(ar, lat *testFace) []Glyph) string {
	t.Helper()
	d, ar, lat := newTestDoc(t)
	p := d.NewPage(300, 300)
	p.ShowGlyphs(build(ar, lat))
	return p.content.String()
}

func TestShowGlyphsEncoding(t *testing.T) {
	const size = 10.0
	rtl := func(f *testFace, gid uint16, x, adv float64, text string) Glyph {
		return Glyph{Font: f.pdf, Size: size, GID: gid, X: x, Y: 100, Advance: adv, Text: text, RTL: true}
	}
	for _, c := range []struct {
		name      string
		glyphs    func(ar, lat *testFace) []Glyph
		want, not []string
	}{
		{"short backward move gets the pdf.js guard",
			func(ar, _ *testFace) []Glyph {
				return []Glyph{rtl(ar, 5, 100, 1, "a"), rtl(ar, 6, 99, 1, "b")}
			}, []string{"/Span BMC EMC"}, nil},
		{"a narrow letter after a space: the space's spans end pdf.js's piece, no guard",
			func(ar, _ *testFace) []Glyph {
				return []Glyph{rtl(ar, 5, 100, 5, "ا"), rtl(ar, 3, 97, 3, " "), rtl(ar, 6, 95, 2, "ب")}
			}, []string{"/Span <</ActualText ( )>> BDC", "/Span <</ActualText ()>> BDC"}, []string{"/Span BMC EMC"}},
		{"a short move back after a plain letter still gets the guard",
			func(ar, _ *testFace) []Glyph {
				return []Glyph{rtl(ar, 5, 100, 5, "ا"), rtl(ar, 3, 99, 1, "ل"), rtl(ar, 6, 98, 1, "ب")}
			}, []string{"/Span BMC EMC"}, nil},
		{"space between Arabic letters: plain ActualText",
			func(ar, _ *testFace) []Glyph {
				return []Glyph{rtl(ar, 5, 100, 5, "ا"), rtl(ar, 3, 97, 3, " "), rtl(ar, 6, 92, 5, "ب")}
			}, []string{"/Span <</ActualText ( )>> BDC"}, nil},
		{"long backward move needs no guard",
			func(ar, _ *testFace) []Glyph {
				return []Glyph{rtl(ar, 5, 100, 5, "a"), rtl(ar, 6, 95, 5, "b")}
			}, nil, []string{"/Span BMC EMC"}},
		{"several characters on one RTL glyph: first on the glyph, the rest on blank helpers",
			func(ar, _ *testFace) []Glyph {
				return []Glyph{rtl(ar, 5, 100, 5, "لا")}
			}, []string{"/Span BMC\n"}, []string{"3 Tr", "ActualText"}},
		{"a font without a blank glyph: helpers are the glyph drawn invisibly",
			func(ar, _ *testFace) []Glyph {
				ar.pdf.blank = -1
				return []Glyph{rtl(ar, 5, 100, 5, "لا")}
			}, []string{"3 Tr", "/Span BMC\n", "0 Tr"}, nil},
		{"a letter and its harakat: one ActualText, reversed for poppler, ended by an invisible ZWJ at its right edge",
			func(ar, _ *testFace) []Glyph {
				fatha := rtl(ar, 7, 101, 0, "َ")
				fatha.Mark = true
				return []Glyph{rtl(ar, 5, 100, 5, "لأَ"), fatha, rtl(ar, 6, 92, 5, "ب")}
			}, []string{"/Span <</ActualText <FEFF064E064E06230644>>> BDC", "/Span BMC\n", "3 Tr\n[", "0 Tr\n"},
			[]string{"/Span <</ActualText ()>> BDC"}},
		{"a letter drawn at the origin of the one before it (Nastaliq's teh and jeem): one ActualText for both, reversed",
			func(ar, _ *testFace) []Glyph {
				return []Glyph{rtl(ar, 5, 100, 5, "ت"), rtl(ar, 6, 100, -0.5, "ج"), rtl(ar, 7, 92, 5, "ر")}
			}, []string{"/Span <</ActualText <FEFF062C062A>>> BDC", "3 Tr\n["},
			[]string{"<FEFF0631", "062C062A0631"}},
		{"a letter drawn right of the one before it (the bold face's teh and jeem): the same, with pdf.js's guard",
			func(ar, _ *testFace) []Glyph {
				return []Glyph{rtl(ar, 5, 100, 5, "ت"), rtl(ar, 6, 100.2, -0.2, "ج"), rtl(ar, 7, 92, 5, "ر")}
			}, []string{"/Span <</ActualText <FEFF062C062A>>> BDC", "/Span BMC EMC"}, nil},
		{"letters in reading order right to left get no ActualText",
			func(ar, _ *testFace) []Glyph {
				return []Glyph{rtl(ar, 5, 100, 5, "ت"), rtl(ar, 6, 99.9, 0.1, "ج"), rtl(ar, 7, 92, 5, "ر")}
			}, nil, []string{"ActualText"}},
		{"a space in Arabic: visible as a plain space, pdf.js's RLM on an invisible glyph",
			func(ar, _ *testFace) []Glyph {
				return []Glyph{rtl(ar, 5, 100, 5, "ا"), rtl(ar, 3, 97, 3, " "), rtl(ar, 6, 92, 5, "ب")}
			}, []string{"/Span <</ActualText ( )>> BDC", "3 Tr"}, nil},
		{"LTR ligature keeps its text on one glyph",
			func(_, lat *testFace) []Glyph {
				return []Glyph{{Font: lat.pdf, Size: size, GID: 5, X: 10, Y: 100, Advance: 6, Text: "fi"}}
			}, nil, []string{"3 Tr"}},
		{"raised glyph uses text rise and resets",
			func(ar, _ *testFace) []Glyph {
				g := rtl(ar, 7, 100, 5, "1")
				g.Y += 3
				return []Glyph{rtl(ar, 5, 105, 5, "a"), rtl(ar, 6, 110, 5, "b"), g}
			}, []string{"3 Ts"}, nil},
		{"colour and size changes",
			func(ar, _ *testFace) []Glyph {
				a, b := rtl(ar, 5, 100, 5, "a"), rtl(ar, 6, 90, 5, "b")
				b.Color, b.Size = Color{1, 0, 0}, 14
				return []Glyph{a, b}
			}, []string{"1 0 0 rg", " 14 Tf"}, nil},
	} {
		got := showContent(t, c.glyphs)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: content lacks %q:\n%s", c.name, w, got)
			}
		}
		for _, w := range c.not {
			if strings.Contains(got, w) {
				t.Errorf("%s: content has %q:\n%s", c.name, w, got)
			}
		}
		if !strings.HasPrefix(got, "q BT\n") || !strings.HasSuffix(got, "ET Q\n") {
			t.Errorf("%s: text not enclosed in q BT .. ET Q", c.name)
		}
	}
}

// TestShowGlyphsKeepsPositions replays the TJ arrays the way a renderer
// does and checks each glyph lands where the caller put it.
func TestShowGlyphsKeepsPositions(t *testing.T) {
	d, ar, lat := newTestDoc(t)
	p := d.NewPage(400, 400)
	line := buildLine(t, ar, lat, 380, 200, 17)
	p.ShowGlyphs(line.glyphs)
	pdf := writeDoc(t, d)
	ctx := readBack(t, pdf)
	fonts, content := pageFonts(t, ctx, 1)
	xs := replayX(t, fonts, content)
	var want []float64
	for _, g := range line.glyphs {
		want = append(want, g.X)
	}
	if len(xs) != len(want) {
		t.Fatalf("%d glyphs shown, want %d", len(xs), len(want))
	}
	for i := range xs {
		if d := xs[i] - want[i]; d > 0.01 || d < -0.01 {
			t.Errorf("glyph %d (%q) drawn at x=%.3f, want %.3f", i, line.glyphs[i].Text, xs[i], want[i])
		}
	}
}

// replayX follows Tm, Tf and TJ (numbers and /W widths) and returns the x of
// every glyph shown.
func replayX(t *testing.T, fonts map[string]pdfFont, content []byte) []float64 {
	var xs []float64
	var x, size float64
	var cur pdfFont
	hidden := false // invisible glyphs (Tr 3) move the pen but are not the caller's
	toks := strings.Fields(strings.NewReplacer("[", " [ ", "]", " ] ", "<", " <", ">", "> ").Replace(string(content)))
	for i, tok := range toks {
		switch {
		case tok == "Tm":
			x = parseF(toks[i-2])
		case tok == "Tf":
			cur, size = fonts[strings.TrimPrefix(toks[i-2], "/")], parseF(toks[i-1])
		case tok == "Tr":
			hidden = toks[i-1] == "3"
		case strings.HasPrefix(tok, "<") && len(tok) == 6 && i > 0 && !strings.HasSuffix(toks[i-1], "ActualText"):
			var cid int
			for _, c := range tok[1:5] {
				cid = cid*16 + strings.IndexRune("0123456789ABCDEF", c)
			}
			if !hidden {
				xs = append(xs, x)
			}
			x += float64(cur.widths[cid]) * size / 1000
		case len(tok) > 0 && (tok[0] == '-' || tok[0] >= '0' && tok[0] <= '9') && i+1 < len(toks) && (toks[i+1] == "]" || strings.HasPrefix(toks[i+1], "<")) && inTJ(toks, i):
			x -= parseF(tok) * size / 1000
		}
	}
	return xs
}

func inTJ(toks []string, i int) bool {
	for j := i; j >= 0; j-- {
		switch toks[j] {
		case "[":
			return true
		case "]":
			return false
		}
	}
	return false
}

func parseF(s string) float64 {
	var v float64
	var sign float64 = 1
	frac := 0.0
	for _, c := range s {
		switch {
		case c == '-':
			sign = -1
		case c == '.':
			frac = 1
		case c >= '0' && c <= '9':
			if frac > 0 {
				frac /= 10
				v += float64(c-'0') * frac
			} else {
				v = v*10 + float64(c-'0')
			}
		}
	}
	return sign * v
}
