package markdown

import (
	"fmt"
	"strings"
	"testing"

	"github.com/warraq/warraq/export/doc"
)

// depth is how deeply containers of blocks nest in bs.
func depth(bs []doc.Block) int {
	deepest := 0
	for _, b := range bs {
		var inner [][]doc.Block
		switch b := b.(type) {
		case *doc.Quote:
			inner = [][]doc.Block{b.Blocks}
		case *doc.Div:
			inner = [][]doc.Block{b.Blocks}
		case *doc.List:
			for _, it := range b.Items {
				inner = append(inner, it.Blocks)
			}
		case *doc.DefList:
			for _, it := range b.Items {
				inner = append(inner, it.Defs...)
			}
		default:
			continue
		}
		for _, bs := range inner {
			deepest = max(deepest, 1+depth(bs))
		}
	}
	return deepest
}

// spanDepth is how deeply spans and links nest in the inlines of bs.
func spanDepth(bs []doc.Block) int {
	var walk func(in []doc.Inline) int
	walk = func(in []doc.Inline) int {
		d := 0
		for _, n := range in {
			switch x := n.(type) {
			case *doc.Span:
				d = max(d, 1+walk(x.Content))
			case *doc.Link:
				d = max(d, 1+walk(x.Content))
			}
		}
		return d
	}
	deepest := 0
	doc.Inspect(bs, func(n any) bool {
		if p, ok := n.(*doc.Paragraph); ok {
			deepest = max(deepest, walk(p.Content))
		}
		return true
	})
	return deepest
}

// Structure nested past the limits is kept one level up with a warning
// naming its line: every word stays, none is lost or shrunk away.
func TestNestingLimits(t *testing.T) {
	nestedList := ""
	for d := 0; d < 20; d++ {
		nestedList += strings.Repeat("  ", d) + fmt.Sprintf("- بند%d\n", d)
	}
	for _, tt := range []struct {
		name, src string
		words     []string // that must all be in the model
		warn      string
	}{
		{"blockquotes 20 deep", "مقدمة\n\n" + strings.Repeat("> ", 20) + "نص عميق\n", []string{"مقدمة", "نص", "عميق"},
			"a.md:3: warning: quotations, lists or HTML blocks nested more than 8 deep: the deeper ones are set at the 8th level"},
		{"blockquotes 10,000 deep", strings.Repeat("> ", 10000) + "صن\n", []string{"صن"},
			"a.md:1: warning: quotations, lists or HTML blocks nested more than 8 deep"},
		{"lists 20 deep", nestedList, []string{"بند0", "بند9", "بند17", "بند18", "بند19"},
			"a.md:9: warning: quotations, lists or HTML blocks nested more than 8 deep"},
		{"raw HTML 513 deep", strings.Repeat("<div>", 513) + "نص داخل" + strings.Repeat("</div>", 513) + "\n", []string{"نص", "داخل"},
			"a.md:1: warning: raw HTML nested more than 64 deep: the deeper elements are left out, their text kept"},
		{"raw HTML spans 513 deep in a paragraph", "<p>" + strings.Repeat("<b>", 513) + "نص" + strings.Repeat("</b>", 513) + "</p>\n", []string{"نص"},
			"a.md:1: warning: raw HTML nested more than 64 deep"},
		{"inline raw HTML 100 deep", "قبل " + strings.Repeat("<span>", 100) + "بعد" + strings.Repeat("</span>", 100) + "\n", []string{"قبل", "بعد"},
			"a.md:1: warning: raw HTML nested more than 64 deep"},
		{"emphasis 40 deep", strings.Repeat("*أ ", 40) + "وسط" + strings.Repeat(" ب*", 40) + "\n", []string{"أ", "وسط", "ب"},
			"a.md:1: warning: emphasis, links or HTML spans nested more than 16 deep: the deeper ones are left out, their text kept"},
		{"brackets 1,000 deep", strings.Repeat("[", 1000) + "x" + strings.Repeat("]", 1000) + "(y.md)\n", []string{"x"}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := read(t, tt.src)
			got := diagStrings(res.Diagnostics)
			if tt.warn == "" && len(got) > 0 || tt.warn != "" && (len(got) == 0 || !strings.HasPrefix(strings.Join(got, "\n"), tt.warn)) {
				t.Errorf("diagnostics %q\nwant %q", got, tt.warn)
			}
			if d := depth(res.Doc.Blocks); d > maxBlockDepth {
				t.Errorf("blocks nest %d deep", d)
			}
			if d := spanDepth(res.Doc.Blocks); d > maxInlineDepth {
				t.Errorf("spans nest %d deep", d)
			}
			text := plainBlocks(res.Doc.Blocks)
			for _, w := range tt.words {
				if !strings.Contains(text, w) {
					t.Errorf("%q is lost; the model says %q", w, text)
				}
			}
		})
	}
}

// Up to maxLabels nested labels are parsed as CommonMark says; past it a
// "[" is text (inside the innermost label), and the link still forms.
func TestLabelLimit(t *testing.T) {
	for _, n := range []int{3, maxLabels, maxLabels + 5} {
		src := strings.Repeat("[", n) + "x](y.md)" + strings.Repeat("]", n-1)
		var links []*doc.Link
		doc.Inspect(read(t, src).Doc.Blocks, func(x any) bool {
			if l, ok := x.(*doc.Link); ok {
				links = append(links, l)
			}
			return true
		})
		text := strings.Repeat("[", max(n-maxLabels, 0)) + "x"
		if len(links) != 1 || links[0].Dest != "y.md" || doc.PlainText(links[0].Content) != text {
			t.Errorf("%d brackets: links %v", n, links)
		}
	}
}

// goldmark reads from each "](" to the next space before it knows whether a
// link forms. Within a paragraph those reads are kept under maxDestScan
// bytes: a line of "[a](" whose reads would pass it keeps its text and
// costs no more; ordinary links, however many, still form, and so does a
// link in the next paragraph.
func TestDestinationBudget(t *testing.T) {
	n := 2000 // reads of about 4n²/2 = 8 MB, twice the budget
	hostile := strings.Repeat("[a](", n)
	links := strings.Repeat("[كلمة](https://example.org/a/long/enough/address/to/count.html) ", 3000)
	res := read(t, hostile+"\n\n"+links+"\n\n[آخر](b.md)\n")
	if len(res.Doc.Blocks) != 3 {
		t.Fatalf("%d blocks", len(res.Doc.Blocks))
	}
	if got := strings.TrimSpace(plainBlocks(res.Doc.Blocks[:1])); got != hostile {
		t.Errorf("the hostile paragraph reads %.80q…", got)
	}
	count := 0
	doc.Inspect(res.Doc.Blocks[1:], func(x any) bool {
		if _, ok := x.(*doc.Link); ok {
			count++
		}
		return true
	})
	if count != 3001 {
		t.Errorf("%d links formed, want 3001", count)
	}
	var d destScan
	if d.read += d.cost([]byte(hostile), 0, 0); d.read != len(hostile) {
		t.Errorf("cost of the line %d, want %d", d.read, len(hostile))
	}
	if c := d.cost([]byte(hostile), 4, 0); c != len(hostile)-4 {
		t.Errorf("cost from the second destination %d, want %d", c, len(hostile)-4)
	}
}

// An explicit heading ID used twice is said, with both lines and the name
// the second heading gets; IDs made from text are numbered silently.
func TestDuplicateHeadingID(t *testing.T) {
	res := read(t, "## قسم {#sec}\n\nنص\n\n## آخر {#sec}\n\nنص\n\n## Intro\n\n## Intro\n\n## ثالث {#intro}\n")
	want := []string{
		`a.md:5: warning: heading ID "sec" is already the anchor of the heading on line 1; this one is "sec-2" (links to #sec reach the first)`,
		`a.md:13: warning: heading ID "intro" is already the anchor of the heading on line 9; this one is "intro-3" (links to #intro reach the first)`,
	}
	if got := diagStrings(res.Diagnostics); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A character reference inside a link destination is decoded before the
// destination is judged: jav&#x61;script: is a script link.
func TestReferenceInDestination(t *testing.T) {
	var dests []string
	doc.Inspect(read(t, "[x](jav&#x61;script:alert(1)) [y](a&amp;b.md)\n").Doc.Blocks, func(x any) bool {
		if l, ok := x.(*doc.Link); ok {
			dests = append(dests, l.Dest)
		}
		return true
	})
	if strings.Join(dests, " ") != "javascript:alert(1) a&b.md" {
		t.Errorf("destinations %q", dests)
	}
}

// Pathological nesting costs time in proportion to its size (go test -bench
// Nesting ./export/markdown): each of these took tens of seconds to minutes
// at 100,000 before the limits.
func BenchmarkNesting(b *testing.B) {
	const n = 100_000
	for _, c := range []struct{ name, src string }{
		{"quotes", strings.Repeat("> ", n) + "x\n"},
		{"brackets", strings.Repeat("[", n) + "x" + strings.Repeat("]", n) + "\n"},
		{"divs", strings.Repeat("<div>", n) + "x\n"},
		{"stray-end-tags", "<p>" + strings.Repeat("<b>", n) + "x" + strings.Repeat("</i>", n) + "\n"},
		{"inline-tags", "x " + strings.Repeat("<b>", n) + "x" + strings.Repeat("</i>", n) + "\n"},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				Read(Source{File: "a.md", Text: []byte(c.src), Line: 1, Lang: "ar"})
			}
		})
	}
}

func plainBlocks(bs []doc.Block) string {
	var b strings.Builder
	doc.Inspect(bs, func(n any) bool {
		if t, ok := n.(*doc.Text); ok {
			b.WriteString(t.Text + " ")
		}
		return true
	})
	return b.String()
}

// A line opening more than maxOpeners blocks keeps its text and its line
// numbers; a thematic break of spaced dashes is still one.
func TestOpenersOnOneLine(t *testing.T) {
	src := "أول\n\n" + strings.Repeat("> ", maxOpeners+8) + "عميق\n\n" + strings.Repeat("- ", 40) + "\n\n[رابط](x.md)\n"
	res := read(t, src)
	if got := diagStrings(res.Diagnostics); len(got) == 0 || !strings.HasPrefix(got[0], "a.md:3: warning: quotations, lists or HTML blocks nested more than 8 deep") {
		t.Errorf("diagnostics %q", got)
	}
	var rules int
	var link *doc.Link
	doc.Inspect(res.Doc.Blocks, func(n any) bool {
		switch x := n.(type) {
		case *doc.Rule:
			rules++
		case *doc.Link:
			link = x
		}
		return true
	})
	if rules != 1 || link == nil || link.Line != 7 {
		t.Errorf("%d rules, link %+v: want the break and the link on line 7", rules, link)
	}
	if text := plainBlocks(res.Doc.Blocks); !strings.Contains(text, "عميق") {
		t.Errorf("text lost: %q", text)
	}
	if got := capOpeners([]byte("> > x\n")); string(got) != "> > x\n" {
		t.Errorf("an ordinary line was changed: %q", got)
	}
}
