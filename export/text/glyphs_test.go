package text

import (
	"cmp"
	"slices"
	"testing"
)

type faceGlyph struct {
	face int
	gid  uint16
}

func sortGlyphs(gs []faceGlyph) {
	slices.SortFunc(gs, func(a, b faceGlyph) int { return cmp.Or(cmp.Compare(a.face, b.face), cmp.Compare(a.gid, b.gid)) })
}

// Glyphs gives every glyph of Layout's lines, each as often and in the
// same face, whatever the width the lines were cut at: breaking a
// paragraph never shapes it again.
func TestGlyphsAsLayout(t *testing.T) {
	e := newTestEngine(t)
	body := Style{Role: Body, Size: 10, Lang: "ar"}
	for _, p := range []Paragraph{
		para("كتب الورّاق في سوق الكتب ١٢٣ سطرًا", RTL),
		para("قرأ «الناسخ» المخطوطة (على ضوء السراج)، ثم نام.", RTL),
		para("The scribe wrote 12 lines, then stopped.", LTR),
		para("بين العربية و English وأرقام 2026 معًا", RTL),
		para("كلمة\nكلمة،\n١٢\nا 12\n«قال»\nfmt.Println(x)\n", RTL),
		para("ـــ ﷺ ﷲ لا إله ‌ ‍ ̈ ✓ 漢字 Ελληνικά שלום", RTL),
		{Spans: []Span{{Text: "كتـ", Style: body}, {Text: "ـاب ", Style: Style{Role: Body, Bold: true, Size: 10, Lang: "ar"}}, {Text: "code()", Style: Style{Role: Mono, Size: 10}}, {Text: " عنوان", Style: Style{Role: Heading, Bold: true, Size: 10}}}, Dir: RTL, Lang: "ar", Align: Justify, Kashida: true},
	} {
		var got []faceGlyph
		e.Glyphs(p, func(f *Face, g uint16) { got = append(got, faceGlyph{f.id, g}) })
		sortGlyphs(got)
		if len(got) == 0 {
			t.Fatalf("%q: no glyphs", joinSpans(p.Spans))
		}
		for _, width := range []float64{1000, 120, 30} {
			var want []faceGlyph
			for _, l := range e.Layout(p, width).Lines {
				for _, r := range l.Runs {
					for _, g := range r.Glyphs {
						want = append(want, faceGlyph{r.Face.id, g.GID})
					}
				}
			}
			sortGlyphs(want)
			if !slices.Equal(got, want) {
				t.Errorf("%q at %g pt: Glyphs gave %d glyphs, Layout %d", joinSpans(p.Spans), width, len(got), len(want))
			}
		}
	}
	e.Glyphs(para("", RTL), func(*Face, uint16) { t.Error("a glyph of no text") })
}

// A word ending in a newline is shaped as the same word ending in a space
// (the newline is shaped as a space), so the EPUB, which lays its words
// out one a line, finds those the PDF shaped in its running text.
func TestLineOfWordsSharesRunningText(t *testing.T) {
	const running, lines = "كتب الورّاق في سوق الكتب ١٢٣ سطرًا", "كتب\nالورّاق\nفي\nسوق\nالكتب\n١٢٣\nسطرًا"
	e := newTestEngine(t)
	e.Layout(para(running, RTL), 1000)
	before := e.cache.cached()
	got := e.Layout(para(lines, RTL), 1000)
	if after := e.cache.cached(); after != before {
		t.Fatalf("the words on lines of their own were %d more entries", after-before)
	}
	fresh := newTestEngine(t)
	want := fresh.Layout(para(lines, RTL), 1000)
	if len(got.Lines) != len(want.Lines) {
		t.Fatalf("%d lines, want %d", len(got.Lines), len(want.Lines))
	}
	for i := range got.Lines {
		if g, w := visual(got.Lines[i]), visual(want.Lines[i]); g != w {
			t.Errorf("line %d: %q, want %q", i, g, w)
		}
		for j, run := range got.Lines[i].Runs {
			wr := want.Lines[i].Runs[j]
			for k, g := range run.Glyphs {
				if wg := wr.Glyphs[k]; g.GID != wg.GID || g.Advance != wg.Advance || g.X != wg.X || g.Y != wg.Y {
					t.Errorf("line %d, glyph %d: %+v, want %+v", i, k, g, wg)
				}
			}
		}
	}
}

// A face of the fallback chain that lacks a character is not parsed to say
// so (its character map is read alone): after laying out text with
// characters no face has, only the faces drawn with are parsed, and the
// lines are those of a font set whose every face was parsed first.
func TestFallbackParsesOnlyFacesDrawnWith(t *testing.T) {
	const s = "كتاب \u25aa\u25cc \u2022 ▫ text \U0001F600"
	lazy := newTestEngine(t)
	got := lazy.Layout(para(s, RTL), 200)
	drawn := map[*Face]bool{}
	for _, l := range got.Lines {
		for _, r := range l.Runs {
			drawn[r.Face] = true
		}
	}
	parsed := 0
	for _, f := range lazy.fs.Faces() {
		if f.parsed.Load() {
			parsed++
			if !drawn[f] {
				t.Errorf("%s was parsed but draws nothing", f.Name)
			}
		}
	}
	if parsed < 2 {
		t.Fatalf("%d faces parsed: the test text no longer reaches into the chain", parsed)
	}
	eager := newTestEngine(t)
	for _, f := range eager.fs.Faces() {
		f.load()
	}
	want := eager.Layout(para(s, RTL), 200)
	var g, w []faceGlyph
	for _, b := range []struct {
		blk Block
		out *[]faceGlyph
	}{{got, &g}, {want, &w}} {
		for _, l := range b.blk.Lines {
			for _, r := range l.Runs {
				for _, gl := range r.Glyphs {
					*b.out = append(*b.out, faceGlyph{r.Face.id, gl.GID})
				}
			}
		}
	}
	if !slices.Equal(g, w) || len(got.Missing) != len(want.Missing) {
		t.Errorf("lazily parsed faces drew %v (missing %v), parsed ones %v (missing %v)", g, got.Missing, w, want.Missing)
	}
}
