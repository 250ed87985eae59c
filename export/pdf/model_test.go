package pdf

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/render"
	"github.com/warraq/warraq/export/text"
)

// pngFile is a small opaque PNG, as a file's contents.
func pngFile(t testing.TB, w, h int) string {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{R: uint8(x * 4), G: 90, B: uint8(y * 4), A: 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// writeRead lays a book out and reads the PDF back.
func writeRead(t *testing.T, in *render.Input) *readPDF {
	t.Helper()
	in.Engine = testEngine(t)
	var buf bytes.Buffer
	if _, err := Write(&buf, in, DefaultOptions()); err != nil {
		t.Fatal(err)
	}
	return readBack(t, buf.Bytes())
}

// articleText is everything printed on an article's pages, as decoded, and
// the number of images drawn on them.
func articleText(r *readPDF, first, next int) (string, int) {
	var b strings.Builder
	imgs := 0
	for p := first; p < next; p++ {
		for _, l := range r.lines[p] {
			b.WriteString(l.text)
			b.WriteByte('\n')
		}
		imgs += r.images[p]
	}
	return b.String(), imgs
}

// TestModelPrints reads back what each kind of node prints: the text the
// document model holds, decoded once while loading, and nothing else.
func TestModelPrints(t *testing.T) {
	pic := pngFile(t, 60, 40)
	tests := []struct {
		name, lang, src string
		want            []string // printed, spaces removed
		not             []string // never printed
		images          int
	}{
		{name: "raw div", lang: "ar", src: "<div>نص داخل القسم</div>\n", want: []string{"نصداخلالقسم"}},
		{name: "escapes and entities", lang: "en", src: `\*stars\* and AT&amp;T &copy; 2025` + "\n",
			want: []string{"*stars*andAT&T©2025"}, not: []string{`\*`, "&amp;", "&copy;"}},
		{name: "inline image", lang: "en", src: "Before ![ALTWORDS](pic.png) after.\n",
			want: []string{"Beforeafter."}, not: []string{"ALTWORDS", "Before  after"}, images: 1},
		{name: "figure caption is the title", lang: "en", src: "![ALTWORDS](pic.png \"The caption\")\n",
			want: []string{"Thecaption"}, not: []string{"ALTWORDS"}, images: 1},
		{name: "definition list", lang: "en", src: "<dl><dt>Kalam</dt><dd>A reed pen.</dd></dl>\n", want: []string{"Kalam", "Areedpen."}},
		{name: "spans", lang: "en",
			src:  "<mark>marked</mark> <u>under</u> ~~struck~~ H<sub>2</sub>O x<sup>2</sup> <kbd>Ctrl</kbd> <small>fine</small> <abbr title=\"EXPANSION\">ABBR</abbr> `code`\n",
			want: []string{"marked", "under", "struck", "H2O", "x2", "Ctrl", "fine", "ABBR", "code"}, not: []string{"EXPANSION"}},
		{name: "isolates", lang: "ar", src: `قال <span dir="ltr">abc دج</span> ثم <bdi dir="auto">xyz</bdi>.` + "\n",
			want: []string{"قال", "abcدج", "ثم", "xyz"}, not: []string{"\u2066", "\u2067", "\u2068", "\u2069"}},
		// The boxes are drawn: the EPUB's are symbols, not words.
		{name: "task list", lang: "en", src: "- [x] done item\n- [ ] open item\n", want: []string{"doneitem", "openitem"}, not: []string{"[x]", "[ ]", "•"}},
		{name: "code block", lang: "en", src: "```go\nfunc main() {\n\tprintln(1)\n}\n```\n", want: []string{"funcmain(){", "println(1)"}},
		{name: "plain link", lang: "en", src: "See [the other](missing.md) one.\n", want: []string{"Seetheotherone."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := "ltr"
			if tt.lang == "ar" {
				dir = "rtl"
			}
			b := loadBook(t, tt.lang, dir, map[string]string{"pic.png": pic}, tt.src, "next")
			r := writeRead(t, &render.Input{Book: b})
			txt, imgs := articleText(r, r.dests[articleDest(b.Articles[0])], r.dests[articleDest(b.Articles[1])])
			flat := squeeze(txt)
			for _, w := range tt.want {
				if !strings.Contains(flat, squeeze(w)) {
					t.Errorf("%q not printed in %q", w, flat)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(txt, n) {
					t.Errorf("%q printed in %q", n, txt)
				}
			}
			if imgs != tt.images {
				t.Errorf("%d images drawn, want %d", imgs, tt.images)
			}
		})
	}
}

// TestDivDirection: a div's direction sets its paragraphs' alignment; in a
// right-to-left book a left-to-right paragraph starts at the left margin.
func TestDivDirection(t *testing.T) {
	b := handBook(t, "ar", "rtl", "نص قصير.\n\n<div dir=\"ltr\" lang=\"en\">\n\nShort line.\n\n</div>\n")
	r := writeRead(t, &render.Input{Book: b})
	p := r.dests[articleDest(b.Articles[0])]
	var ar, en *textLine
	for i, l := range r.lines[p] {
		switch squeeze(l.text) {
		case "نصقصير.":
			ar = &r.lines[p][i]
		case "Shortline.":
			en = &r.lines[p][i]
		}
	}
	if ar == nil || en == nil {
		t.Fatalf("lines not found on page %d: %v", p, r.lines[p])
	}
	mid := DefaultOptions().Width / 2
	if ar.x < mid || en.x > mid {
		t.Errorf("Arabic line starts at x=%.1f, English at x=%.1f: want right and left of %.1f", ar.x, en.x, mid)
	}
}

// TestSpanIsolates: a span with a direction is an isolate over exactly its
// text, carried over a hard line break inside it.
func TestSpanIsolates(t *testing.T) {
	bd := &builder{s: setup{}, e: testEngine(t)}
	in := []doc.Inline{
		&doc.Text{Text: "قال "},
		&doc.Span{Dir: "ltr", Content: []doc.Inline{&doc.Text{Text: "one"}, &doc.Break{}, &doc.Text{Text: "two"}}},
		&doc.Text{Text: " ثم"},
	}
	segs := bd.inline(in, text.Style{Size: 10}, ctx{dir: text.RTL, lang: "ar"})
	if len(segs) != 2 {
		t.Fatalf("%d segments, want 2", len(segs))
	}
	want := [][]text.Isolate{{{Start: len("قال "), End: len("قال one"), Dir: text.LTR}}, {{Start: 0, End: 3, Dir: text.LTR}}}
	for i, sg := range segs {
		if len(sg.isolates) != 1 || sg.isolates[0] != want[i][0] {
			t.Errorf("segment %d: isolates %v, want %v", i, sg.isolates, want[i])
		}
	}
}
