package text

import (
	"errors"
	"fmt"
	iofs "io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/go-text/typesetting/font"
	"github.com/warraq/warraq/fonts"
)

func newTestEngine(t testing.TB) *Engine {
	t.Helper()
	fs, err := NewFontSet("", "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	return NewEngine(fs)
}

func para(text string, dir Direction) Paragraph {
	return Paragraph{Spans: []Span{{Text: text, Style: Style{Size: 12}}}, Dir: dir, Lang: "ar", Align: Start}
}

// visual is a line's cluster texts from left to right, the way a reader's
// eye meets them (an Arabic word appears reversed).
func visual(l Line) string {
	var sb strings.Builder
	for _, r := range l.Runs {
		for _, g := range r.Glyphs {
			sb.WriteString(g.Text)
		}
	}
	return sb.String()
}

func TestVisualOrder(t *testing.T) {
	e := newTestEngine(t)
	tests := []struct {
		name, in string
		dir      Direction
		want     string // left to right
	}{
		{"arabic", "قال نعم", RTL, "معن لاق"},
		{"number inside arabic", "في عام 2024 كتب", RTL, "بتك 2024 ماع يف"},
		{"latin name and colon", "قال Ahmed: نعم.", RTL, ".معن :Ahmed لاق"},
		{"latin phrase at run end", "كتب John Smith.", RTL, ".John Smith بتك"},
		{"number with punctuation at start", "2024، عام جديد", RTL, "ديدج ماع ،2024"},
		// After Arabic letters digits are Arabic numbers (W2), so "%" is not
		// absorbed by them (W5) and lands on their left.
		{"decimal and percent", "ارتفع 3.5% فقط", RTL, "طقف %3.5 عفترا"},
		{"percent in english", "up 3.5% today", LTR, "up 3.5% today"},
		{"arabic inside english", "He said مرحبا today.", LTR, "He said ابحرم today."},
		{"arabic-indic digits", "العدد ١٢٣ هنا", RTL, "انه ١٢٣ ددعلا"},
		{"brackets", "قال (نعم) ثم", RTL, "مث )معن( لاق"},
		// The pair takes the paragraph direction (N0): mirrored around "Go".
		{"latin in brackets", "اللغة (Go) سريعة", RTL, "ةعيرس )Go( ةغللا"},
		{"guillemets", "قال «نعم» ثم", RTL, "مث »معن« لاق"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := e.Layout(para(tt.in, tt.dir), 1000)
			if len(b.Lines) != 1 {
				t.Fatalf("%d lines", len(b.Lines))
			}
			if got := visual(b.Lines[0]); got != tt.want {
				t.Errorf("visual order\n got %q\nwant %q", got, tt.want)
			}
			checkCoverage(t, tt.in, b)
		})
	}
}

// TestMirroring: in an RTL run a bracket or guillemet is drawn mirrored, so
// "(" (which opens on the right) looks like ")". HarfBuzz mirrors through the
// font's rtlm feature when it has one (Amiri does for guillemets) or else by
// substituting the mirror character; either way the glyph differs from the
// character's own, and for parentheses it is the mirror character's.
func TestMirroring(t *testing.T) {
	e := newTestEngine(t)
	face := e.FontSet().Face(Body, false, false)
	gid := func(r rune) uint16 {
		g, ok := face.Font().Font.NominalGlyph(r)
		if !ok {
			t.Fatalf("%s lacks %q", face.Name, r)
		}
		return uint16(g)
	}
	tests := []struct {
		in       string
		dir      Direction
		char     rune
		mirror   rune // 0: only check that the glyph is not the character's own
		inRTLRun bool
	}{
		{"قال (نعم)", RTL, '(', ')', true},
		{"قال (نعم)", RTL, ')', '(', true},
		{"قال [نعم]", RTL, '[', ']', true},
		{"قال «نعم»", RTL, '«', 0, true},
		{"قال «نعم»", RTL, '»', 0, true},
		{"say (yes)", LTR, '(', '(', false},
		{"اللغة (Go)", RTL, '(', ')', true}, // the bracket pair takes the embedding direction (N0)
	}
	for _, tt := range tests {
		t.Run(tt.in+" "+string(tt.char), func(t *testing.T) {
			b := e.Layout(para(tt.in, tt.dir), 1000)
			found := false
			for _, r := range b.Lines[0].Runs {
				for _, g := range r.Glyphs {
					if g.Text != string(tt.char) {
						continue
					}
					found = true
					if tt.mirror != 0 && g.GID != gid(tt.mirror) {
						t.Errorf("%q drawn with glyph %d, want %d (%q)", tt.char, g.GID, gid(tt.mirror), tt.mirror)
					}
					if tt.mirror == 0 && g.GID == gid(tt.char) {
						t.Errorf("%q drawn unmirrored", tt.char)
					}
					if r.RTL != tt.inRTLRun {
						t.Errorf("%q in a run with RTL=%v", tt.char, r.RTL)
					}
				}
			}
			if !found {
				t.Fatalf("no glyph carries %q", tt.char)
			}
		})
	}
}

// glyphsOf returns the paragraph's glyphs in reading order.
func glyphsOf(b Block) []PlacedGlyph {
	var out []PlacedGlyph
	for _, l := range b.Lines {
		out = append(out, l.ReadingOrder()...)
	}
	return out
}

func TestLigatures(t *testing.T) {
	tests := []struct {
		family, in, lang string
		dir              Direction
		ligature         string // the Text of one glyph that draws several characters
	}{
		{"Amiri", "office", "en", LTR, "ffi"},
		{"Amiri", "final", "en", LTR, "fi"},
		{"Noto Naskh Arabic", "لا إله إلا الله", "ar", RTL, "لله"},
	}
	for _, tt := range tests {
		t.Run(tt.family+" "+tt.in, func(t *testing.T) {
			fs, err := NewFontSet(tt.family, "", "", "")
			if err != nil {
				t.Fatal(err)
			}
			b := NewEngine(fs).Layout(Paragraph{Spans: []Span{{Text: tt.in, Style: Style{Size: 12}}}, Dir: tt.dir, Lang: tt.lang}, 1000)
			n := 0
			for _, g := range glyphsOf(b) {
				if g.Text == tt.ligature {
					n++
				}
			}
			if n != 1 {
				t.Errorf("%d glyphs carry %q, want one ligature glyph", n, tt.ligature)
			}
			checkCoverage(t, tt.in, b)
		})
	}
}

// TestLamAlef: Amiri draws lam-alef as two contextual glyphs (its design
// has no single lam-alef glyph); each keeps its own letter, and the forms
// are the LamAlf pair HarfBuzz picks rather than ordinary initial/final.
func TestLamAlef(t *testing.T) {
	e := newTestEngine(t)
	// The engine parses its faces without glyph names (namelessPost): the
	// names come from the file read whole.
	named := parseFace(t, e.FontSet().Face(Body, false, false).Data)
	for _, in := range []string{"لا", "لأ", "لإ", "لآ", "سلام"} {
		b := e.Layout(para(in, RTL), 1000)
		checkCoverage(t, in, b)
		gs := glyphsOf(b)
		for i, g := range gs {
			r, _ := utf8.DecodeRuneInString(g.Text)
			if r != 'ل' || i+1 >= len(gs) {
				continue
			}
			name := named.Font.GlyphName(uint16ToGID(g.GID))
			next := named.Font.GlyphName(uint16ToGID(gs[i+1].GID))
			if !strings.Contains(name, "LamAlf") || !strings.Contains(next, "LamAlf") {
				t.Errorf("%s: lam-alef drawn as %s + %s", in, name, next)
			}
		}
	}
}

func TestMarks(t *testing.T) {
	e := newTestEngine(t)
	tests := []struct {
		in    string
		marks []string // texts of mark glyphs, in reading order
	}{
		// HarfBuzz puts shadda before the fatha it carries (Arabic mark
		// reordering) and so merges the two into one cluster.
		{"مُحَمَّدٌ", []string{"ُ", "َ", "َّ", "ٌ"}},
		{"بِسْمِ", []string{"ِ", "ْ", "ِ"}},
		{"شدّة", []string{"ّ"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			b := e.Layout(para(tt.in, RTL), 1000)
			checkCoverage(t, tt.in, b)
			var marks []string
			var prevBase *PlacedGlyph
			gs := glyphsOf(b)
			for i := range gs {
				g := &gs[i]
				if !g.Mark {
					prevBase = g
					continue
				}
				if g.Advance != 0 {
					t.Errorf("mark %q advances %g", g.Text, g.Advance)
				}
				if prevBase == nil || g.Cluster <= prevBase.Cluster {
					t.Errorf("mark %q does not follow its base in reading order", g.Text)
				}
				// A mark sits over or under its base: its origin is within the base's box.
				if prevBase != nil && (g.X < prevBase.X-prevBase.Advance || g.X > prevBase.X+2*prevBase.Advance) {
					t.Errorf("mark %q at x=%g, base %q at %g+%g", g.Text, g.X, prevBase.Text, prevBase.X, prevBase.Advance)
				}
				if g.Text != "" {
					marks = append(marks, g.Text)
				}
			}
			if !reflect.DeepEqual(marks, tt.marks) {
				t.Errorf("marks %q, want %q", marks, tt.marks)
			}
		})
	}
}

func TestTatweel(t *testing.T) {
	e := newTestEngine(t)
	plain := e.Layout(para("كتاب", RTL), 1000)
	long := e.Layout(para("كـــتاب", RTL), 1000)
	checkCoverage(t, "كـــتاب", long)
	// Amiri draws a run of tatweels after kaf as one stretched glyph: the
	// cluster carries all three.
	n := 0
	for _, g := range glyphsOf(long) {
		if strings.Contains(g.Text, "ـ") {
			n += strings.Count(g.Text, "ـ")
			if g.Advance <= 0 {
				t.Errorf("tatweel cluster %q has advance %g", g.Text, g.Advance)
			}
		}
	}
	if n != 3 {
		t.Errorf("%d tatweels in the clusters, want 3", n)
	}
	if long.Lines[0].Width <= plain.Lines[0].Width {
		t.Errorf("tatweel did not lengthen the word: %g <= %g", long.Lines[0].Width, plain.Lines[0].Width)
	}
}

// TestPersianUrdu: the letters Persian and Urdu add to Arabic are drawn
// (no .notdef, nothing missing) with the language-specific forms.
func TestPersianUrdu(t *testing.T) {
	e := newTestEngine(t)
	for _, tt := range []struct{ in, lang string }{
		{"پ چ ژ گ ک ی", "fa"}, {"پژوهش گچ کیک", "fa"}, {"گھر کی چھت پر", "ur"}, {"یکی", "ur"},
	} {
		p := para(tt.in, RTL)
		p.Lang = tt.lang
		b := e.Layout(p, 1000)
		if len(b.Missing) != 0 {
			t.Errorf("%s: missing %v", tt.in, b.Missing)
		}
		for _, g := range glyphsOf(b) {
			if g.GID == 0 {
				t.Errorf("%s: .notdef for %q", tt.in, g.Text)
			}
		}
		checkCoverage(t, tt.in, b)
	}
}

// TestJoiners: ZWNJ stops joining, so the letter before it takes its
// final/isolated form; ZWJ forces joining on an isolated letter. Both stay
// in the text as zero-width clusters.
func TestJoiners(t *testing.T) {
	e := newTestEngine(t)
	gidOf := func(in string, letter string) uint16 {
		b := e.Layout(para(in, RTL), 1000)
		checkCoverage(t, in, b)
		for _, g := range glyphsOf(b) {
			if g.Text == "\u200c" || g.Text == "\u200d" {
				if g.Advance != 0 {
					t.Errorf("%q: joiner advances %g", in, g.Advance)
				}
			}
			if g.Text == letter {
				return g.GID
			}
		}
		t.Fatalf("%q has no glyph for %q", in, letter)
		return 0
	}
	joined := gidOf("هم", "ه")          // initial heh
	nonJoined := gidOf("ه\u200cم", "ه") // ZWNJ: isolated heh
	isolated := gidOf("ه", "ه")         // isolated heh
	forced := gidOf("ه\u200d", "ه")     // ZWJ: initial heh
	if nonJoined == joined || nonJoined != isolated {
		t.Errorf("ZWNJ: heh %d, joined %d, isolated %d", nonJoined, joined, isolated)
	}
	if forced != joined {
		t.Errorf("ZWJ: heh %d, want initial form %d", forced, joined)
	}
}

func TestMissingGlyph(t *testing.T) {
	e := newTestEngine(t)
	in := "نص 😀 ok"
	b := e.Layout(para(in, RTL), 1000)
	if len(b.Missing) != 1 {
		t.Fatalf("missing %v, want one", b.Missing)
	}
	m := b.Missing[0]
	if m.Rune != '😀' || m.Offset != strings.Index(in, "😀") {
		t.Errorf("missing %U at %d", m.Rune, m.Offset)
	}
	if len(m.Faces) != len(e.FontSet().chainFor(Style{}, "").faces) || m.Faces[0] != "Amiri-Regular" {
		t.Errorf("faces tried %v", m.Faces)
	}
	found := false
	for _, g := range glyphsOf(b) {
		if g.Text == "😀" {
			found = true
			if g.GID != 0 || g.Run.Face != e.FontSet().Face(Body, false, false) || g.Advance <= 0 {
				t.Errorf("emoji drawn as glyph %d of %s, advance %g; want the primary face's .notdef", g.GID, g.Run.Face.Name, g.Advance)
			}
		}
	}
	if !found {
		t.Error("emoji dropped")
	}
	checkCoverage(t, in, b)
}

// TestFallback: characters the span's face lacks come from the next face in
// the chain, and the run says which.
func TestFallback(t *testing.T) {
	e := newTestEngine(t)
	p := Paragraph{Dir: RTL, Lang: "ar", Spans: []Span{
		{Text: "الكود ", Style: Style{Size: 10}},
		{Text: "fmt.Println(\"مرحبا\")", Style: Style{Size: 10, Role: Mono}},
	}}
	b := e.Layout(p, 1000)
	checkCoverage(t, joinSpans(p.Spans), b)
	mono := e.FontSet().Face(Mono, false, false)
	for _, g := range glyphsOf(b) {
		r, _ := utf8.DecodeRuneInString(g.Text)
		if g.Text == "" || g.Cluster < len("الكود ") {
			continue
		}
		isArabic := r >= 0x600 && r <= 0x6FF
		if isArabic && g.Run.Face == mono {
			t.Errorf("%q drawn with %s, which has no Arabic", g.Text, mono.Name)
		}
		if !isArabic && r != ' ' && r != '"' && g.Run.Face != mono {
			t.Errorf("%q of a code span drawn with %s", g.Text, g.Run.Face.Name)
		}
	}
	if len(b.Missing) != 0 {
		t.Errorf("missing %v", b.Missing)
	}
}

func TestLongWord(t *testing.T) {
	e := newTestEngine(t)
	for _, tt := range []struct {
		name string
		word string
	}{
		{"arabic 50000", strings.Repeat("ب", 50000)},
		{"latin 50000", strings.Repeat("a", 50000)},
		{"harakat", strings.Repeat("بَّ", 3000)},
		{"url in arabic", "انظر https://example.com/" + strings.Repeat("x", 500) + " هنا"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			const width = 200
			p := para(tt.word, RTL)
			p.Align = Justify
			b := e.Layout(p, width)
			if len(b.Lines) < 2 {
				t.Fatalf("%d lines", len(b.Lines))
			}
			for i, l := range b.Lines {
				if l.Width > width+1e-6 {
					t.Fatalf("line %d is %g wide, more than %d", i, l.Width, width)
				}
				for _, r := range l.Runs {
					for _, g := range r.Glyphs {
						if g.Mark {
							continue // a harakah may hang over the edge like ink
						}
						if g.X < -1e-6 || g.X+g.Advance > width+1e-6 {
							t.Fatalf("line %d: glyph %q at %g+%g outside [0,%d]", i, g.Text, g.X, g.Advance, width)
						}
					}
				}
			}
			checkCoverage(t, tt.word, b)
		})
	}
}

// TestEmergencyBreakKeepsGraphemes: a broken word never separates a letter
// from its harakat.
func TestEmergencyBreakKeepsGraphemes(t *testing.T) {
	e := newTestEngine(t)
	word := strings.Repeat("بَّ", 200)
	b := e.Layout(para(word, RTL), 37)
	for i, l := range b.Lines {
		gs := l.ReadingOrder()
		if gs[0].Mark {
			t.Fatalf("line %d starts with a mark %q", i, gs[0].Text)
		}
	}
	checkCoverage(t, word, b)
}

const sampleArabic = "كان الورّاقون في بغداد ينسخون الكتب ويبيعونها في أسواق المدينة، وكانت دكاكينهم مجالس للعلماء والأدباء يتناظرون فيها ويقرؤون ما جدّ من المؤلفات. وقد بلغ عدد الورّاقين في القرن الثالث الهجري أكثر من مئة دكان."

func TestJustification(t *testing.T) {
	e := newTestEngine(t)
	for _, tt := range []struct {
		dir    Direction
		indent float64
	}{{RTL, 0}, {RTL, 15}, {LTR, 0}} {
		t.Run(fmt.Sprintf("dir%d indent%g", tt.dir, tt.indent), func(t *testing.T) {
			const width = 180
			p := para(sampleArabic, tt.dir)
			p.Align, p.Indent = Justify, tt.indent
			b := e.Layout(p, width)
			if len(b.Lines) < 3 {
				t.Fatalf("%d lines", len(b.Lines))
			}
			for i, l := range b.Lines {
				avail := float64(width)
				if i == 0 {
					avail -= tt.indent
				}
				left, right, sum := extent(t, l)
				if !l.Last {
					if !almost(l.Width, avail) || !almost(sum, avail) {
						t.Errorf("line %d: width %g, advances %g, want %g", i, l.Width, sum, avail)
					}
				} else if l.Width >= avail {
					t.Errorf("last line is %g wide: not justified expected", l.Width)
				}
				if l.Last != (i == len(b.Lines)-1) {
					t.Errorf("line %d: Last=%v", i, l.Last)
				}
				// The start edge: right for RTL, after the indent on the first line.
				indent := 0.0
				if i == 0 {
					indent = tt.indent
				}
				if tt.dir == RTL && !almost(right, width-indent) {
					t.Errorf("line %d ends at %g, want %g", i, right, width-indent)
				}
				if tt.dir == LTR && !almost(left, indent) {
					t.Errorf("line %d starts at %g, want %g", i, left, indent)
				}
			}
			checkCoverage(t, sampleArabic, b)
		})
	}
}

// extent returns where the pen starts and ends over a line and checks that
// the advances add up to its Width.
func extent(t *testing.T, l Line) (left, right, sum float64) {
	for _, r := range l.Runs {
		for _, g := range r.Glyphs {
			sum += g.Advance
		}
	}
	if !almost(sum, l.Width) {
		t.Errorf("advances sum to %g, Width is %g", sum, l.Width)
	}
	return l.Left, l.Left + l.Width, sum
}

func TestAlignment(t *testing.T) {
	e := newTestEngine(t)
	const width = 300
	for _, tt := range []struct {
		align       Align
		dir         Direction
		left, right func(w float64) float64
	}{
		{Start, RTL, func(w float64) float64 { return width - w }, func(float64) float64 { return width }},
		{End, RTL, func(float64) float64 { return 0 }, func(w float64) float64 { return w }},
		{Start, LTR, func(float64) float64 { return 0 }, func(w float64) float64 { return w }},
		{End, LTR, func(w float64) float64 { return width - w }, func(float64) float64 { return width }},
		{Center, RTL, func(w float64) float64 { return (width - w) / 2 }, func(w float64) float64 { return (width + w) / 2 }},
	} {
		p := para("سطر قصير", tt.dir)
		p.Align = tt.align
		b := e.Layout(p, width)
		l := b.Lines[0]
		left, right, _ := extent(t, l)
		if !almost(left, tt.left(l.Width)) || !almost(right, tt.right(l.Width)) {
			t.Errorf("align %d dir %d: glyphs span [%g,%g], width %g", tt.align, tt.dir, left, right, l.Width)
		}
	}
}

func TestLineBreaking(t *testing.T) {
	e := newTestEngine(t)
	b := e.Layout(para(sampleArabic, RTL), 150)
	var words []string
	for i, l := range b.Lines {
		gs := l.ReadingOrder()
		var sb strings.Builder
		for _, g := range gs {
			sb.WriteString(g.Text)
		}
		s := sb.String()
		// Lines break after spaces (UAX #14), never inside a word.
		if i < len(b.Lines)-1 && !strings.HasSuffix(s, " ") {
			t.Errorf("line %d does not end at a space: %q", i, s)
		}
		if l.Width > 150+1e-6 {
			t.Errorf("line %d is %g wide", i, l.Width)
		}
		words = append(words, strings.Fields(s)...)
		if l.Ascent <= 0 || l.Descent <= 0 {
			t.Errorf("line %d: ascent %g descent %g", i, l.Ascent, l.Descent)
		}
	}
	if strings.Join(words, " ") != strings.Join(strings.Fields(sampleArabic), " ") {
		t.Error("words lost or split between lines")
	}
	// Greedy fill: the first word of each next line did not fit on the line before.
	for i := 0; i+1 < len(b.Lines); i++ {
		cur := strings.TrimSpace(lineText(b.Lines[i]))
		next := strings.Fields(lineText(b.Lines[i+1]))[0]
		w := e.Layout(para(cur+" "+next, RTL), 1e6).Lines[0].Width
		if w <= 150 {
			t.Errorf("line %d: %q would have fit (%g)", i, next, w)
		}
	}
	// A hard break is mandatory.
	hb := e.Layout(para("سطر\nآخر", RTL), 1000)
	if len(hb.Lines) != 2 {
		t.Errorf("%d lines around a newline", len(hb.Lines))
	}
	checkCoverage(t, "سطر\nآخر", hb)
}

func lineText(l Line) string {
	var sb strings.Builder
	for _, g := range l.ReadingOrder() {
		sb.WriteString(g.Text)
	}
	return sb.String()
}

// TestStyledWord: a word half in bold still joins across the style change.
func TestStyledWord(t *testing.T) {
	e := newTestEngine(t)
	p := Paragraph{Dir: RTL, Lang: "ar", Spans: []Span{
		{Text: "كت", Style: Style{Size: 12}}, {Text: "اب", Style: Style{Size: 12, Bold: true}},
	}}
	b := e.Layout(p, 1000)
	checkCoverage(t, "كتاب", b)
	if n := len(b.Lines[0].Runs); n != 2 {
		t.Fatalf("%d runs, want 2", n)
	}
	regular := e.FontSet().Face(Body, false, false).Font().Font
	bold := e.FontSet().Face(Body, true, false).Font().Font
	for _, g := range glyphsOf(b) {
		f := regular
		if g.Run.Style.Bold {
			f = bold
		}
		r, _ := utf8.DecodeRuneInString(g.Text)
		iso, _ := f.NominalGlyph(r)
		// kaf, teh and alef join; beh after alef is rightly isolated.
		if uint16(iso) == g.GID && r != 'ب' {
			t.Errorf("%q drawn isolated (%d)", g.Text, g.GID)
		}
	}
}

func TestEmptyParagraph(t *testing.T) {
	e := newTestEngine(t)
	if b := e.Layout(Paragraph{}, 100); len(b.Lines) != 0 {
		t.Errorf("%d lines", len(b.Lines))
	}
	if b := e.Layout(Paragraph{Spans: []Span{{}, {Text: "ن"}, {}}}, 0); len(b.Lines) != 1 {
		t.Errorf("%d lines for one letter in zero width", len(b.Lines))
	}
}

func TestConcurrentLayout(t *testing.T) {
	e := newTestEngine(t)
	inputs := []string{sampleArabic, "قال Ahmed: نعم (2024).", "گھر کی چھت", strings.Repeat("ب", 300)}
	want := make([]Block, len(inputs))
	for i, in := range inputs {
		want[i] = NewEngine(e.FontSet()).Layout(para(in, RTL), 120)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 20; k++ {
				i := (g + k) % len(inputs)
				if got := e.Layout(para(inputs[i], RTL), 120); !reflect.DeepEqual(got, want[i]) {
					errs <- inputs[i]
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for in := range errs {
		t.Errorf("concurrent layout of %.20q differs", in)
	}
}

func TestNewFontSet(t *testing.T) {
	dir := t.TempDir()
	amiri, err := os.ReadFile("../../fonts/files/Amiri-Bold.ttf")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "mine.ttf"), amiri, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "broken.ttf"), []byte("not a font"), 0o644); err != nil {
		t.Fatal(err)
	}
	fs, err := NewFontSet("mine.ttf", "Noto Naskh Arabic", "", dir)
	if err != nil {
		t.Fatal(err)
	}
	if f := fs.Face(Body, false, false); f.File != filepath.Join(dir, "mine.ttf") || !f.HasRune('ب') || len(f.Data) != len(amiri) {
		t.Errorf("user face %+v", f.Name)
	}
	if f := fs.Face(Heading, true, false); f.Family != "Noto Naskh Arabic" || f.Name != "NotoNaskhArabic-Bold" {
		t.Errorf("heading bold is %s %s", f.Family, f.Name)
	}
	if f := fs.Face(Mono, false, true); f.Name != "NotoSansMono-Regular" {
		t.Errorf("mono italic is %s", f.Name)
	}
	def, _ := NewFontSet("", "", "", "")
	if f := def.Face(Body, true, true); f.Name != "Amiri-BoldSlanted" || f.UnitsPerEm != 1000 || f.Ascent() <= 0 || f.Descent() >= 0 {
		t.Errorf("default body bold italic: %s upem %d asc %g desc %g", f.Name, f.UnitsPerEm, f.Ascent(), f.Descent())
	}
	seen := map[*Face]bool{}
	for _, f := range def.Faces() {
		if seen[f] {
			t.Errorf("%s listed twice", f.Name)
		}
		seen[f] = true
	}
	if len(seen) != 18 {
		t.Errorf("%d faces, want the 18 embedded files", len(seen))
	}
	for _, tt := range []struct{ body, want string }{
		{"Times New Roman", "Amiri"}, // unknown family: lists embedded names
		{"nope.ttf", "nope.ttf"},     // missing file
		{"broken.ttf", "broken.ttf"}, // invalid file
	} {
		_, err := NewFontSet(tt.body, "", "", dir)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.body) {
			t.Errorf("%s: error %v", tt.body, err)
		}
	}
	_, err = NewFontSet("nope.ttf", "", "", dir)
	if !errors.Is(err, iofs.ErrNotExist) {
		t.Errorf("missing file error does not wrap fs.ErrNotExist: %v", err)
	}
}

// TestCompanions: each role sets Latin in its family's companion, chosen by
// script: Latin in a Kufi heading (its letters, and the digits and symbols
// among them) is Noto Sans, while the Arabic and the digits after Arabic
// stay Kufi; a Naskh body sets Latin in Amiri, not in the monospaced face
// that comes first in the fallback chain; a role given as a file has no
// companion and keeps the chain's order.
func TestCompanions(t *testing.T) {
	faceOf := func(fs *FontSet, role Role, bold bool, text string) map[string]string {
		e := NewEngine(fs)
		b := e.Layout(Paragraph{Dir: RTL, Lang: "ar", Align: Start, Spans: []Span{{Text: text, Style: Style{Role: role, Bold: bold, Size: 12}}}}, 1000)
		out := map[string]string{}
		for _, g := range b.Lines[0].ReadingOrder() {
			if g.Text != "" && g.Text != " " {
				out[g.Text] = g.Run.Face.Family
			}
		}
		return out
	}
	def, err := NewFontSet("", "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, bold := range []bool{false, true} {
		got := faceOf(def, Heading, bold, "بين EPUB 3 وC++ عام ٢٠٢٥")
		for text, want := range map[string]string{"E": "Noto Sans", "3": "Noto Sans", "+": "Noto Sans", "ب": "Noto Kufi Arabic", "٢": "Noto Kufi Arabic"} {
			if got[text] != want {
				t.Errorf("heading bold=%v: %q set in %q, want %s", bold, text, got[text], want)
			}
		}
	}
	if got := faceOf(def, Body, false, "بين EPUB 3"); got["E"] != "Amiri" || got["3"] != "Amiri" {
		t.Errorf("body: Latin in %q, digits in %q, want Amiri's own", got["E"], got["3"])
	}
	naskh, err := NewFontSet("Noto Naskh Arabic", "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if got := faceOf(naskh, Body, false, "بين EPUB 3"); got["E"] != "Amiri" || got["ب"] != "Noto Naskh Arabic" {
		t.Errorf("Naskh body: Latin in %q, Arabic in %q", got["E"], got["ب"])
	}
	// By script code: Cyrillic, Greek (Noto Sans), Hebrew, Latin (Noto Sans).
	if cs := def.Companions(Heading, true, false); len(cs) != 2 || cs[0].Name != "NotoSans-Bold" || cs[1].Name != "NotoSansHebrew-Bold" {
		t.Errorf("bold heading companions %v, want Noto Sans Bold and Noto Sans Hebrew Bold", cs)
	}
	if cs := def.Companions(Body, false, false); len(cs) != 1 || cs[0].Name != "NotoSerifHebrew-Regular" {
		t.Errorf("Amiri has Latin of its own and only Hebrew's companion, yet companions %v", cs)
	}
	dir := t.TempDir()
	kufi, _, _ := mustFamily(t, "Noto Kufi Arabic").Face(fonts.Regular)
	if err := os.WriteFile(filepath.Join(dir, "kufi.ttf"), kufi, 0o644); err != nil {
		t.Fatal(err)
	}
	file, err := NewFontSet("", "kufi.ttf", "", dir)
	if err != nil {
		t.Fatal(err)
	}
	if cs := file.Companions(Heading, false, false); len(cs) != 0 {
		t.Errorf("a heading font given as a file has companions %v", cs)
	}
	if got := faceOf(file, Heading, false, "بين EPUB"); got["E"] != "Amiri" {
		t.Errorf("file heading: Latin in %q, want the chain's next face (the body's Amiri)", got["E"])
	}
}

func mustFamily(t *testing.T, name string) fonts.Family {
	t.Helper()
	f, ok := fonts.Lookup(name)
	if !ok {
		t.Fatalf("no embedded family %s", name)
	}
	return f
}

func uint16ToGID(g uint16) font.GID { return font.GID(g) }

// TestCodeIsolate: a code span is a left-to-right isolate, so its brackets
// and punctuation keep their order inside an Arabic sentence.
func TestCodeIsolate(t *testing.T) {
	e := newTestEngine(t)
	tests := []struct {
		spans []Span
		want  string
	}{
		{[]Span{{Text: "استدع "}, {Text: "fmt.Println(x)", Style: Style{Role: Mono}}, {Text: " ثم"}}, "مث fmt.Println(x) عدتسا"},
		{[]Span{{Text: "اكتب "}, {Text: "a := b[0];", Style: Style{Role: Mono}}}, "a := b[0]; بتكا"},
		{[]Span{{Text: "النص "}, {Text: "print(\"سلام\")", Style: Style{Role: Mono}}, {Text: "."}}, ".print(\"مالس\") صنلا"},
		// Code that starts with Arabic: its Arabic word (level 3) and the
		// Arabic text before the span (level 1) are not one run.
		{[]Span{{Text: "النص "}, {Text: "سلام(x)", Style: Style{Role: Mono}}, {Text: "."}}, ".مالس(x) صنلا"},
	}
	for _, tt := range tests {
		p := Paragraph{Spans: tt.spans, Dir: RTL, Lang: "ar"}
		b := e.Layout(p, 1000)
		if got := visual(b.Lines[0]); got != tt.want {
			t.Errorf("visual order\n got %q\nwant %q", got, tt.want)
		}
		checkCoverage(t, joinSpans(tt.spans), b)
	}
}

// TestIsolates: a stretch set apart with Paragraph.Isolates is ordered on
// its own and the text around it as if it were one neutral character, as
// HTML's dir attribute does; the isolate marks never reach the glyphs' text.
func TestIsolates(t *testing.T) {
	e := newTestEngine(t)
	tests := []struct {
		name     string
		spans    []string
		dir      Direction
		isolates []Isolate // Start and End are span indices here
		want     string    // left to right
	}{
		// Without the isolate the digits after Arabic letters are an Arabic
		// number (W2) and join the right-to-left run: "ab 12 دج".
		{"rtl name before a number", []string{"ab ", "جد", " 12"}, LTR, nil, "ab 12 دج"},
		{"rtl isolate", []string{"ab ", "جد", " 12"}, LTR, []Isolate{{Start: 1, End: 2, Dir: RTL}}, "ab دج 12"},
		{"first-strong isolate", []string{"ab ", "جد", " 12"}, LTR, []Isolate{{Start: 1, End: 2, Auto: true}}, "ab دج 12"},
		// An LTR isolate in Arabic text keeps an Arabic word inside it on the
		// right of its Latin words.
		{"arabic inside ltr isolate", []string{"نص ", "abc دج", " ب"}, RTL, []Isolate{{Start: 1, End: 2, Dir: LTR}}, "ب abc جد صن"},
		{"nested", []string{"نص ", "abc ", "دج 1", " ب"}, RTL, []Isolate{{Start: 1, End: 3, Dir: LTR}, {Start: 2, End: 3, Dir: RTL}}, "ب abc 1 جد صن"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Paragraph{Dir: tt.dir, Lang: "ar"}
			var offs []int
			n := 0
			for _, s := range tt.spans {
				offs = append(offs, n)
				p.Spans = append(p.Spans, Span{Text: s, Style: Style{Size: 12}})
				n += len(s)
			}
			offs = append(offs, n)
			for _, is := range tt.isolates {
				is.Start, is.End = offs[is.Start], offs[is.End]
				p.Isolates = append(p.Isolates, is)
			}
			b := e.Layout(p, 1000)
			if len(b.Lines) != 1 {
				t.Fatalf("%d lines", len(b.Lines))
			}
			got := visual(b.Lines[0])
			if got != tt.want {
				t.Errorf("visual order\n got %q\nwant %q", got, tt.want)
			}
			if strings.ContainsAny(got, "\u2066\u2067\u2068\u2069") {
				t.Errorf("isolate marks in the glyphs' text: %q", got)
			}
			checkCoverage(t, joinSpans(p.Spans), b)
		})
	}
}

// TestSpanLanguage: a span shapes in its own language. Amiri draws the
// Urdu forms of ۴ ۶ ۷ only when HarfBuzz is told the text is Urdu.
func TestSpanLanguage(t *testing.T) {
	e := newTestEngine(t)
	gids := func(lang string) []uint16 {
		p := Paragraph{Spans: []Span{{Text: "۴۶۷", Style: Style{Size: 12, Lang: lang}}}, Dir: RTL, Lang: "fa"}
		var out []uint16
		for _, g := range e.Layout(p, 1000).Lines[0].ReadingOrder() {
			out = append(out, g.GID)
		}
		return out
	}
	fa, ur, inherited := gids("fa"), gids("ur"), gids("")
	if !reflect.DeepEqual(fa, inherited) {
		t.Errorf("a span without a language shapes as %v, the paragraph's language as %v", inherited, fa)
	}
	if reflect.DeepEqual(fa, ur) {
		t.Errorf("Urdu span shaped like Persian: %v", ur)
	}
}

// TestNoBreak: no line breaks inside NoBreak stretches on any measure they
// fit in, while the text around them still breaks; a newline still does.
// (A stretch wider than the measure is broken like any over-long word.)
func TestNoBreak(t *testing.T) {
	e := newTestEngine(t)
	st := Style{Size: 12}
	nb := Style{Size: 12, NoBreak: true}
	tokens := []string{"DeepSeek R1", "Go 1.26", "USB-C"}
	p := Paragraph{Dir: RTL, Lang: "ar", Align: Start, Spans: []Span{
		{Text: "جرّبنا نموذج ", Style: st}, {Text: tokens[0], Style: nb},
		{Text: " ثم لغة ", Style: st}, {Text: tokens[1], Style: nb}, {Text: " ومنفذ ", Style: st},
		{Text: tokens[2], Style: nb}, {Text: " في التجربة نفسها", Style: st},
	}}
	plain := p
	plain.Spans = []Span{{Text: "جرّبنا نموذج DeepSeek R1 ثم لغة Go 1.26 ومنفذ USB-C في التجربة نفسها", Style: st}}
	split := func(b Block) bool {
		var ls []string
		for _, l := range b.Lines {
			ls = append(ls, strings.TrimSpace(lineText(l)))
		}
		all := strings.Join(ls, "\n")
		for _, tok := range tokens {
			if !strings.Contains(all, tok) {
				return true
			}
		}
		return false
	}
	plainSplits := 0
	for width := 75.0; width <= 250; width += 5 {
		b := e.Layout(p, width)
		if split(b) {
			t.Errorf("width %g: a NoBreak token is split across lines", width)
		}
		if width == 75 && len(b.Lines) < 4 {
			t.Errorf("width 75: %d lines; the text around the tokens must still break", len(b.Lines))
		}
		if split(e.Layout(plain, width)) {
			plainSplits++
		}
	}
	if plainSplits == 0 {
		t.Error("without NoBreak no measure splits a token: the test proves nothing")
	}
	hb := e.Layout(Paragraph{Dir: LTR, Lang: "en", Spans: []Span{{Text: "a\nb", Style: nb}}}, 1000)
	if len(hb.Lines) != 2 {
		t.Errorf("a newline inside a NoBreak span gave %d lines, want 2", len(hb.Lines))
	}
}

// TestAppendReadingOrderAsSorted checks AppendReadingOrder, which places a
// line's glyphs without sorting when their orders are a run, against a
// sort by order, on lines with marks, mixed directions and hyphens, and
// that it appends to what the slice held.
func TestAppendReadingOrderAsSorted(t *testing.T) {
	e := newTestEngine(t)
	texts := []string{
		"بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ في كتابٍ عنوانه Unicode Bidi 2024 ثم يتبعه نصٌّ طويلٌ يلتف على أسطر كثيرة",
		"An English line with a hyphen-ated word and عربي inside it, wrapped at a narrow width to make several lines",
	}
	prefix := []PlacedGlyph{{Glyph: Glyph{GID: 7}}}
	lines := 0
	for _, s := range texts {
		for _, w := range []float64{60, 120, 1000} {
			p := para(s, RTL)
			p.Align, p.Kashida = Justify, true
			for _, l := range e.Layout(p, w).Lines {
				want := []PlacedGlyph{}
				for i := range l.Runs {
					for _, g := range l.Runs[i].Glyphs {
						want = append(want, PlacedGlyph{Glyph: g, Run: &l.Runs[i]})
					}
				}
				slices.SortStableFunc(want, func(a, b PlacedGlyph) int { return int(a.order - b.order) })
				got := l.AppendReadingOrder(slices.Clone(prefix))
				if len(got) != len(want)+1 || got[0].GID != 7 {
					t.Fatalf("%q: %d glyphs after the prefix, want %d", s, len(got)-1, len(want))
				}
				for i := range want {
					if got[i+1] != want[i] {
						t.Fatalf("%q at %g: glyph %d is %+v, want %+v", s, w, i, got[i+1], want[i])
					}
				}
				lines++
			}
		}
	}
	if lines < 10 {
		t.Fatalf("only %d lines laid out", lines)
	}
}
