package pdf

import (
	"fmt"
	"strings"
	"testing"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/pdfwriter"
	"github.com/warraq/warraq/export/text"
)

// testPager is a pager over pages ten lines of 10 pt high.
func testPager(t *testing.T) (*pager, *[]pageFill) {
	s := setup{W: 200, H: 140, Top: 20, Bottom: 20, Inner: 20, Outer: 20, TextW: 160, TextH: 100, Size: 8, Lead: 10}
	doc := pdfwriter.New(pdfwriter.Info{})
	var fills []pageFill
	return &pager{em: newEmitter(doc, testEngine(t), s), doc: doc, s: s, destPage: map[string]int{}, fills: &fills}, &fills
}

// rows makes n rows of one line, named from name0 on; keep is applied to
// each.
func lines(name0, n int, keep bool) []*row {
	var out []*row
	for i := range n {
		out = append(out, &row{h: 10, keep: keep, dests: []string{fmt.Sprint("r", name0+i)}})
	}
	return out
}

func pagesOf(p *pager, from, n int) []int {
	var out []int
	for i := range n {
		out = append(out, p.destPage[fmt.Sprint("r", from+i)])
	}
	return out
}

// TestKeepChains: rows kept together move to the next page together; a
// soft keep (a lead-in and its block) gives way only when holding it would
// leave more than two lines empty; full pages end at the foot.
func TestKeepChains(t *testing.T) {
	for _, tt := range []struct {
		name  string
		rows  func() []*row
		check func(p *pager) string
		short bool // page 1 may end short: a block kept whole does not fit
	}{
		{"hard chain moves whole", func() []*row {
			rs := lines(0, 8, false)
			return append(rs, lines(8, 3, true)...) // a heading and two lines: 8 + 3 > 10
		}, func(p *pager) string {
			if got := pagesOf(p, 7, 4); fmt.Sprint(got) != "[1 2 2 2]" {
				return fmt.Sprint("rows 7-10 on pages ", got)
			}
			return ""
		}, false},
		{"soft keep holds when the hole is small", func() []*row {
			rs := lines(0, 8, false)
			lead := &row{h: 10, soft: true, dests: []string{"r8"}}
			return append(append(rs, lead), lines(9, 3, true)...)
		}, func(p *pager) string {
			if got := pagesOf(p, 8, 2); fmt.Sprint(got) != "[2 2]" {
				return fmt.Sprint("lead-in and block on pages ", got)
			}
			return ""
		}, false},
		{"soft keep gives way to a hole", func() []*row {
			rs := lines(0, 4, false)
			lead := &row{h: 10, soft: true, dests: []string{"r4"}}
			return append(append(rs, lead), lines(5, 7, true)...)
		}, func(p *pager) string {
			if got := pagesOf(p, 4, 2); fmt.Sprint(got) != "[1 2]" {
				return fmt.Sprint("lead-in and block on pages ", got)
			}
			return ""
		}, true},
		{"a float waits while text fills", func() []*row {
			rs := lines(0, 6, false)
			fl := lines(6, 5, true)
			fl[0].float, fl[4].keep = 5, false
			return append(append(rs, fl...), lines(11, 8, false)...)
		}, func(p *pager) string {
			if got := pagesOf(p, 6, 1); got[0] != 2 {
				return fmt.Sprint("the float on page ", got)
			}
			if got := pagesOf(p, 11, 4); fmt.Sprint(got) != "[1 1 1 1]" {
				return fmt.Sprint("the text after the float on pages ", got)
			}
			return ""
		}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, fills := testPager(t)
			p.addRows(tt.rows())
			p.newPage(false)
			if msg := tt.check(p); msg != "" {
				t.Error(msg)
			}
			if f := *fills; len(f) < 2 || !f[0].full || !tt.short && f[0].left > maxHole*p.s.Lead+0.01 {
				t.Errorf("page fills %+v: want page 1 full, at most two lines short", f)
			}
		})
	}
}

// TestKeepFlags: the builder marks what must stay together: a heading with
// two rows after it; a lead-in ending with a colon with its block (softly);
// a short code block whole, a long one two lines at either end; a list's
// last two items; a table's header with two rows, its last two rows
// together, and the whole table as a float.
func TestKeepFlags(t *testing.T) {
	txt := func(s string) []doc.Inline { return []doc.Inline{&doc.Text{Text: s}} }
	para := func(s string) *doc.Paragraph { return &doc.Paragraph{Content: txt(s)} }
	item := func(s string) *doc.Item { return &doc.Item{Blocks: []doc.Block{para(s)}} }
	row := func(s string) *doc.Row { return &doc.Row{Cells: []*doc.Cell{{Content: txt(s)}, {Content: txt(s)}}} }
	code := func(n int) *doc.CodeBlock {
		var ls []string
		for i := range n {
			ls = append(ls, fmt.Sprint("line ", i))
		}
		return &doc.CodeBlock{Text: strings.Join(ls, "\n")}
	}
	blocks := []doc.Block{
		&doc.Heading{Level: 2, Content: txt("عنوان")}, // 0
		para("سطر واحد."),                             // 1
		para("كما يلي:"),                              // 2
		code(5),                                       // 3-7
		&doc.List{Items: []*doc.Item{item("أول"), item("ثان"), item("ثالث")}, Tight: true},               // 8-10
		&doc.Table{Head: []*doc.Row{row("أ")}, Body: []*doc.Row{row("1"), row("2"), row("3"), row("4")}}, // 11-15
		code(12),       // 16-27
		para("خاتمة."), // 28
	}
	b, err := collection.Load(samplesDir(), collection.Options{Formats: testFormats})
	if err != nil {
		t.Fatal(err)
	}
	s := newSetup(b, DefaultOptions())
	bd := &builder{s: s, e: testEngine(t), a: b.Articles[0], notes: map[int]*note{}, leadIn: -1}
	bd.blocks(blocks, ctx{size: s.Size, lead: s.Lead, dir: text.RTL, lang: "ar"})
	var got, soft []int
	for i, r := range bd.rows {
		if r.keep {
			got = append(got, i)
		}
		if r.soft {
			soft = append(soft, i)
		}
	}
	want := []int{0, 1, 3, 4, 5, 6, 9, 11, 12, 14, 16, 26}
	if fmt.Sprint(got) != fmt.Sprint(want) || fmt.Sprint(soft) != "[2]" {
		t.Errorf("rows kept with the next: %v, soft %v; want %v, soft [2]", got, soft, want)
	}
	if len(bd.rows) != 29 || bd.rows[11].float != 5 {
		t.Errorf("%d rows, table float %d; want 29 rows, a float of 5", len(bd.rows), bd.rows[11].float)
	}
}
