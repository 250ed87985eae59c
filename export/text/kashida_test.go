package text

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/go-text/typesetting/language"
)

// TestJoinPriority: the joins of a word get the priorities of the list in
// kashida.go, and joins that take no kashida (after a letter that does not
// connect, between lam and alef, inside a word before a medial letter) get
// none.
func TestJoinPriority(t *testing.T) {
	for _, tt := range []struct {
		word string
		want map[int]uint8 // rune index of the letter after the join -> priority
	}{
		{"مدرسة", map[int]uint8{1: 3, 4: 2}},      // before final dal; after seen
		{"سلمى", map[int]uint8{1: 2, 3: 7}},       // after initial seen; before final alef maksura
		{"كتاب", map[int]uint8{2: 4}},             // before final alef only: kaf-teh is medial
		{"الكتاب", map[int]uint8{4: 4}},           // alef does not join; lam-kaf and kaf-teh are medial
		{"سلام", map[int]uint8{1: 2}},             // lam-alef never, even after seen
		{"كبير", map[int]uint8{2: 5, 3: 7}},       // before a medial yeh that a final reh follows
		{"يـكتب", map[int]uint8{2: 1, 4: 7}},      // after a typed tatweel
		{"موقع", map[int]uint8{1: 6, 3: 6}},       // before final waw and final ain
		{"بغداد", map[int]uint8{2: 3}},            // before final dal
		{"مَدْرَسَةٌ", map[int]uint8{2: 3, 8: 2}}, // marks are skipped
	} {
		r := []rune(tt.word)
		got := map[int]uint8{}
		for i := 1; i < len(r); i++ {
			if p := joinPriority(r, 0, len(r), i); p > 0 {
				got[i] = p
			}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: priorities %v, want %v", tt.word, got, tt.want)
		}
	}
}

func faceNamed(t *testing.T, e *Engine, family string) *Face {
	for _, f := range e.fs.all {
		if f.Family == family && f.Style == 0 {
			return f
		}
	}
	t.Fatalf("no face %s", family)
	return nil
}

// TestKashidaSitesFollowTheFont: a join only takes a kashida where a tatweel
// leaves HarfBuzz's glyphs alone. Amiri draws kaf and teh of كتاب in forms
// made for each other, and a tatweel would change both: the word has no
// site in Amiri, but has one in Noto Naskh Arabic, whose forms do not
// change. مدرسة has its seen site in both, with each font's own tatweel.
func TestKashidaSitesFollowTheFont(t *testing.T) {
	e := newTestEngine(t)
	w := e.pool.get(len(e.fs.all))
	defer e.pool.put(w)
	sites := func(f *Face, word string) []kashidaSite {
		r := []rune(word + " ")
		base := w.shape(f, r, 0, len(r), true, language.Arabic, "ar", nil)
		return w.kashidaSites(f, r, 0, len(r), language.Arabic, "ar", base)
	}
	amiri, naskh := faceNamed(t, e, "Amiri"), faceNamed(t, e, "Noto Naskh Arabic")
	if s := sites(amiri, "كتاب"); len(s) != 0 {
		t.Errorf("Amiri كتاب: sites %v, want none", s)
	}
	if s := sites(naskh, "كتاب"); len(s) != 1 || s[0].prio != 4 {
		t.Errorf("Noto Naskh كتاب: sites %v, want one before the final alef", s)
	}
	for _, f := range []*Face{amiri, naskh} {
		s := sites(f, "مدرسة")
		if len(s) != 1 || s[0].prio != 2 {
			t.Errorf("%s مدرسة: sites %v, want one after the seen", f.Family, s)
			continue
		}
		tw, _ := f.face.Font.NominalGlyph(0x640)
		if s[0].adv <= 0 || (f == naskh && s[0].gid != uint16(tw)) {
			t.Errorf("%s: tatweel glyph %d advance %d", f.Family, s[0].gid, s[0].adv)
		}
	}
}

// kashidaPara is a justified Arabic paragraph with Latin, digits and code in
// it, the way columns are written.
func kashidaPara(kashida bool) Paragraph {
	st := Style{Size: 11}
	return Paragraph{Dir: RTL, Lang: "ar", Align: Justify, Indent: 16, Kashida: kashida, Spans: []Span{
		{Text: strings.Repeat(sampleArabic+" ", 2) + "ثم كتب البرنامج ", Style: st},
		{Text: "fmt.Println(x)", Style: Style{Size: 11, Role: Mono}},
		{Text: " بلغة Go سنة 2024 في مدرسة صغيرة. " + sampleArabic, Style: st},
	}}
}

// TestKashidaJustification: with kashida, justified lines still fill the
// measure exactly; the glyphs and the text are HarfBuzz's and the source's,
// exactly as without kashida; every kashida sits inside an Arabic word, in a
// right-to-left run that is not code, one at most per word and few per
// line; and the spaces stretch less than without.
func TestKashidaJustification(t *testing.T) {
	e := newTestEngine(t)
	const width = 300
	with, without := e.Layout(kashidaPara(true), width), e.Layout(kashidaPara(false), width)
	gids := func(b Block) (ids []uint16, txt string) {
		for _, g := range glyphsOf(b) {
			ids = append(ids, g.GID)
			txt += g.Text
		}
		return ids, txt
	}
	gw, tw := gids(with)
	go_, to := gids(without)
	if !reflect.DeepEqual(gw, go_) || tw != to {
		t.Fatal("kashida changed the glyphs or the text")
	}
	p := kashidaPara(true)
	checkCoverage(t, joinSpans(p.Spans), with)
	n := 0
	for i, l := range with.Lines {
		left, right, _ := extent(t, l)
		avail := float64(width)
		if i == 0 {
			avail -= p.Indent
		}
		if !l.Last && (!almost(l.Width, avail) || !almost(right-left, avail)) {
			t.Errorf("line %d: %g wide, want %g", i, l.Width, avail)
		}
		words := len(strings.Fields(lineText(l)))
		perLine := 0
		for _, r := range l.Runs {
			if len(r.Kashidas) == 0 {
				continue
			}
			if !r.RTL || r.Style.Role == Mono || r.Face.Family != "Amiri" {
				t.Errorf("line %d: kashida in a run RTL=%v role=%d face %s", i, r.RTL, r.Style.Role, r.Face.Family)
			}
			for _, k := range r.Kashidas {
				perLine++
				// The glyph to its left ends where it starts and carries its
				// width; the glyph to its right starts where it ends; both
				// are letters of one word.
				var leftG, rightG *Glyph
				for gi := range r.Glyphs {
					g := &r.Glyphs[gi]
					if g.Mark {
						continue
					}
					if almost(g.X+g.Advance-k.Width, k.X) {
						leftG = g
					}
					if almost(g.X, k.X+k.Width) && rightG == nil {
						rightG = g
					}
				}
				if leftG == nil || rightG == nil || strings.ContainsAny(leftG.Text+rightG.Text, " 0123456789") {
					t.Errorf("line %d: kashida at %g+%g is not between two letters", i, k.X, k.Width)
				}
				if k.Width <= 0 || k.Width > k.Natural*kashidaMax+1e-9 {
					t.Errorf("line %d: kashida %g wide, tatweel %g", i, k.Width, k.Natural)
				}
			}
		}
		if perLine > maxSites(words-1) {
			t.Errorf("line %d: %d kashidas in %d words", i, perLine, words)
		}
		n += perLine
	}
	if n == 0 {
		t.Fatal("no kashida drawn: the test proves nothing")
	}
	if sw, so := meanSpace(with), meanSpace(without); sw >= so {
		t.Errorf("spaces average %g pt with kashida, %g without", sw, so)
	}
}

// meanSpace is the mean advance of the spaces inside justified lines.
func meanSpace(b Block) float64 {
	sum, n := 0.0, 0
	for _, l := range b.Lines {
		if l.Last {
			continue
		}
		for _, g := range l.ReadingOrder() {
			if g.Text == " " && g.Advance > 0 {
				sum += g.Advance
				n++
			}
		}
	}
	return sum / math.Max(1, float64(n))
}

// TestKashidaOnlyJustified: kashida is only for justified text.
func TestKashidaOnlyJustified(t *testing.T) {
	e := newTestEngine(t)
	p := kashidaPara(true)
	p.Align = Start
	for _, l := range e.Layout(p, 300).Lines {
		for _, r := range l.Runs {
			if len(r.Kashidas) > 0 {
				t.Fatal("a paragraph set flush has kashidas")
			}
		}
	}
}

// TestKashidaLongWord: a run of thousands of letters that could each take
// a kashida lays out at once (each candidate join costs HarfBuzz a shaping
// of the word, so none is tried in a word longer than any real one).
func TestKashidaLongWord(t *testing.T) {
	e := newTestEngine(t)
	word := strings.Repeat("سس", 5000)
	p := para(word+" كلمة "+word, RTL)
	p.Align, p.Kashida = Justify, true
	b := e.Layout(p, 200)
	checkCoverage(t, joinSpans(p.Spans), b)
}
