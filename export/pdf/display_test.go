package pdf

import (
	"testing"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/text"
)

// TestVerseRows: each bayt is one row whose two hemistichs share a baseline,
// the first on the right in a right-to-left book, in boxes of one width
// with a gap between them; a line of one hemistich is centred; a short
// stanza stays whole. A pull quote is larger than the text, never split.
func TestVerseRows(t *testing.T) {
	h := func(s string) []doc.Inline { return []doc.Inline{&doc.Text{Text: s}} }
	v := &doc.Verse{Stanzas: [][]*doc.VerseLine{
		{{Hemistichs: [][]doc.Inline{h("الخَيلُ وَاللَيلُ وَالبَيداءُ تَعرِفُني"), h("وَالسَيفُ وَالرُمحُ وَالقِرطاسُ وَالقَلَمُ")}},
			{Hemistichs: [][]doc.Inline{h("أَنا الَّذي نَظَرَ الأَعمى إِلى أَدَبي"), h("وَأَسمَعَت كَلِماتي مَن بِهِ صَمَمُ")}},
			{Hemistichs: [][]doc.Inline{h("شطر وحده")}}},
	}}
	q := &doc.Quote{Kind: doc.PullQuote, Blocks: []doc.Block{&doc.Paragraph{Content: h("الكتاب الجيد صديق لا يخون، والمكتبة بيت لا تغلق أبوابه في وجه أحد.")}}}
	b, err := collection.Load(samplesDir(), collection.Options{Formats: testFormats})
	if err != nil {
		t.Fatal(err)
	}
	s := newSetup(b, DefaultOptions())
	bd := &builder{s: s, e: testEngine(t), a: b.Articles[0], notes: map[int]*note{}, leadIn: -1}
	c := ctx{size: s.Size, lead: s.Lead, dir: text.RTL, lang: "ar"}
	bd.blocks([]doc.Block{v}, c)
	if len(bd.rows) != 3 {
		t.Fatalf("%d rows for three lines of verse", len(bd.rows))
	}
	var box float64
	for i, r := range bd.rows[:2] {
		if len(r.els) != 2 || r.els[0].y != r.els[1].y {
			t.Fatalf("bayt %d: %d lines, baselines %v", i, len(r.els), r.els)
		}
		sadr, ajuz := r.els[0], r.els[1]
		a0, a1 := lineExtent(sadr.line)
		b0, b1 := lineExtent(ajuz.line)
		if sadr.x+a0 <= ajuz.x+b1 {
			t.Errorf("bayt %d: the first hemistich [%g, %g] is not right of the second [%g, %g]", i, sadr.x+a0, sadr.x+a1, ajuz.x+b0, ajuz.x+b1)
		}
		if box == 0 {
			box = sadr.x - ajuz.x // the boxes' left edges are a box and a gap apart
		} else if !almostEq(sadr.x-ajuz.x, box) {
			t.Errorf("bayt %d: boxes %g apart, bayt 0's %g", i, sadr.x-ajuz.x, box)
		}
		if !r.keep {
			t.Errorf("bayt %d of a three-line stanza is not kept with the next", i)
		}
	}
	one := bd.rows[2]
	if a, z := lineExtent(one.els[0].line); !almostEq(one.els[0].x+(a+z)/2, s.TextW/2) {
		t.Errorf("the single hemistich is not centred: [%g, %g] at %g", a, z, one.els[0].x)
	}
	bd.rows = nil
	bd.blocks([]doc.Block{q}, c)
	for i, r := range bd.rows[:len(bd.rows)-1] {
		if !r.keep {
			t.Errorf("pull quote row %d may be split from the next", i)
		}
	}
	for _, r := range bd.rows {
		for _, e := range r.els {
			if e.kind == elText && e.line.Runs[0].Style.Size <= s.Size {
				t.Errorf("pull quote set at %g pt, the text at %g", e.line.Runs[0].Style.Size, s.Size)
			}
		}
	}
}

func almostEq(a, b float64) bool { return a-b < 0.01 && b-a < 0.01 }
