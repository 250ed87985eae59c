package pdf

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/locale"
	"github.com/warraq/warraq/export/pdfwriter"
	"github.com/warraq/warraq/export/render"
	"github.com/warraq/warraq/internal/testdir"
)

// squeeze drops spaces, direction marks and combining marks: the test decoder
// reads glyph by glyph and does not rebuild marks carried by /ActualText.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.Is(unicode.Mn, r) || r == '\u200f' || r == '\u200e' {
			return -1
		}
		return r
	}, s)
}

func isDigits(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// TestSamplesReadBack reads the samples' PDF back with pdfcpu and checks the
// book's navigation against what is printed.
func TestSamplesReadBack(t *testing.T) {
	data, b := buildSamples(t, true)
	r := readBack(t, data)

	// Every article is there, in book order, starting on the page its
	// destination names, which shows its title.
	prev := 0
	for _, a := range b.Articles {
		p, ok := r.dests[articleDest(a)]
		if !ok {
			t.Fatalf("article %s: no destination", a.Path)
		}
		if p <= prev {
			t.Errorf("article %s starts on page %d, not after page %d", a.Path, p, prev)
		}
		prev = p
		if !strings.Contains(squeeze(r.pageString(p)), squeeze(a.Title)) {
			t.Errorf("article %s: title %q not found on page %d (%q)", a.Path, a.Title, p, r.pageString(p))
		}
	}

	// The contents: every entry is a link; the number printed on its line is
	// the label of the page its link leads to; articles are listed in order.
	first := r.dests[articleDest(b.Articles[0])]
	var tocDests []string
	for p := 1; p < first; p++ {
		for _, l := range r.links[p] {
			if l.dest == "" {
				continue
			}
			tocDests = append(tocDests, l.dest)
			target, ok := r.dests[l.dest]
			if !ok {
				t.Errorf("contents link to %q: no such destination", l.dest)
				continue
			}
			var printed []string
			for _, tl := range r.lines[p] {
				if tl.y >= l.y0 && tl.y <= l.y1 && isDigits(tl.text) {
					printed = append(printed, tl.text)
				}
			}
			if len(printed) != 1 || printed[0] != r.labels[target] {
				t.Errorf("contents entry %q prints %v, its page %d is labelled %q", l.dest, printed, target, r.labels[target])
			}
		}
	}
	var arts []string
	for _, d := range tocDests {
		if strings.Count(d, "/") == 1 && strings.HasPrefix(d, "a/") {
			arts = append(arts, d)
		}
	}
	if len(arts) != len(b.Articles) {
		t.Fatalf("contents lists %d articles, the book has %d", len(arts), len(b.Articles))
	}
	for i, a := range b.Articles {
		if arts[i] != articleDest(a) {
			t.Errorf("contents entry %d is %s, want %s", i, arts[i], articleDest(a))
		}
	}

	// The outline mirrors the contents: same destinations, same order.
	var outDests []string
	for _, o := range r.outline(t) {
		if o.dest != "contents" {
			outDests = append(outDests, o.dest)
		}
	}
	if strings.Join(outDests, " ") != strings.Join(tocDests, " ") {
		t.Errorf("outline %v\ndiffers from contents %v", outDests, tocDests)
	}

	// Every internal link in the book resolves; the samples have some.
	internal := 0
	for p := 1; p <= r.pages; p++ {
		for _, l := range r.links[p] {
			if l.uri != "" {
				continue
			}
			if _, ok := r.dests[l.dest]; !ok {
				t.Errorf("page %d: link to missing destination %q", p, l.dest)
			}
			if p >= first {
				internal++
			}
		}
	}
	if internal == 0 {
		t.Error("no internal links in the body; the samples cross-link articles")
	}

	// The body is numbered from 1 on its first page; printed folios match labels.
	if body := r.dests[partDest(0)]; r.labels[body] != "1" {
		t.Errorf("first body page labelled %q, want 1", r.labels[body])
	}
	for p := first; p <= r.pages; p++ {
		for _, tl := range r.lines[p] {
			if isDigits(tl.text) && tl.y > 595.28-40 && tl.text != r.labels[p] {
				t.Errorf("page %d: folio %q, label %q", p, tl.text, r.labels[p])
			}
		}
	}
}

// handBook loads a one-part book through the loader, as builds do: its
// articles a0.md, a1.md... have the bodies srcs, titles T0, T1... and slugs
// s0, s1...
func handBook(t testing.TB, lang, dir string, srcs ...string) *collection.Book {
	return loadBook(t, lang, dir, nil, srcs...)
}

// loadBook is handBook with more files in the collection (images).
func loadBook(t testing.TB, lang, dir string, files map[string]string, srcs ...string) *collection.Book {
	t.Helper()
	all := map[string]string{}
	for p, body := range files {
		all[p] = body
	}
	yml := fmt.Sprintf("title: Book\nlanguage: %s\ndirection: %s\narticles:\n", lang, dir)
	for i, src := range srcs {
		name := fmt.Sprintf("a%d.md", i)
		yml += "  - " + name + "\n"
		all[name] = fmt.Sprintf("---\ntitle: T%d\nslug: s%d\n---\n%s", i, i, src)
	}
	all["book.yaml"] = yml
	b, err := collection.Load(testdir.Write(t, all), collection.Options{Formats: testFormats, Epoch: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestArabicIndicDigitsAndLabels(t *testing.T) {
	b := handBook(t, "ar", "rtl", "نص قصير.\n", "نص آخر.\n")
	b.Meta.NativeDigits = true
	var buf bytes.Buffer
	if _, err := Write(&buf, &render.Input{Book: b, Engine: testEngine(t)}, DefaultOptions()); err != nil {
		t.Fatal(err)
	}
	r := readBack(t, buf.Bytes())
	p := r.dests[articleDest(b.Articles[1])]
	if r.labels[p] != "٢" {
		t.Errorf("second article's page labelled %q, want ٢", r.labels[p])
	}
	if r.labels[1] != "أ" {
		t.Errorf("first page labelled %q, want the abjad أ", r.labels[1])
	}
}

// The front matter is numbered in the book's language's numerals, on its
// folios and in the page labels: Hebrew letters in a Hebrew book, abjad in
// an Arabic one, roman numerals in others, and pdf.front-numbers overrides.
func TestFrontMatterNumerals(t *testing.T) {
	for _, tc := range []struct {
		lang, front string
		want        []string // the labels of pages 1, 2, 3
	}{
		{"he", "auto", []string{"א", "ב", "ג"}},
		{"ar", "auto", []string{"أ", "ب", "ج"}},
		{"en", "auto", []string{"i", "ii", "iii"}},
		{"fa", "auto", []string{"i", "ii", "iii"}},
		{"he", "roman", []string{"i", "ii", "iii"}},
		{"en", "hebrew", []string{"א", "ב", "ג"}},
	} {
		dir := "rtl"
		if tc.lang == "en" {
			dir = "ltr"
		}
		b := handBook(t, tc.lang, dir, "טקסט קצר.\n", "טקסט אחר.\n")
		o := DefaultOptions()
		o.FrontNumbers = tc.front
		var buf bytes.Buffer
		if _, err := Write(&buf, &render.Input{Book: b, Engine: testEngine(t)}, o); err != nil {
			t.Fatal(err)
		}
		r := readBack(t, buf.Bytes())
		first := r.dests[articleDest(b.Articles[0])]
		if first < 4 || !slices.Equal(r.labels[1:4], tc.want) || r.labels[first] != "1" {
			t.Errorf("%s, %s: labels %q (body from page %d), want %q then 1", tc.lang, tc.front, r.labels[1:first+1], first, tc.want)
		}
		// The contents page prints its label as its folio.
		toc := 0
		for p := 1; p < first; p++ {
			for _, l := range r.lines[p] {
				if strings.Contains(l.text, locale.For(tc.lang).Labels.Contents) {
					toc = p
				}
			}
		}
		printed := false
		for _, l := range r.lines[toc] {
			printed = printed || strings.TrimSpace(l.text) == r.labels[toc]
		}
		if toc == 0 || !printed {
			t.Errorf("%s, %s: the contents (page %d) does not print its folio %q", tc.lang, tc.front, toc, r.labels[toc])
		}
	}
}

func TestFacingPagesMirror(t *testing.T) {
	tests := []struct {
		rtl        bool
		page       int
		wantInnerL bool
	}{
		{false, 1, true}, {false, 2, false}, // LTR: recto on the right of the spread, spine on its left
		{true, 1, false}, {true, 2, true}, // RTL: recto on the left, spine on its right
	}
	for _, tt := range tests {
		s := setup{RTL: tt.rtl, Inner: 50, Outer: 30}
		if got := s.innerLeft(tt.page); got != tt.wantInnerL {
			t.Errorf("rtl=%v page %d: innerLeft=%v", tt.rtl, tt.page, got)
		}
		want := 30.0
		if tt.wantInnerL {
			want = 50
		}
		if got := s.left(tt.page); got != want {
			t.Errorf("rtl=%v page %d: left margin %v, want %v", tt.rtl, tt.page, got, want)
		}
	}
}

// TestKeeps paginates plain rows: a paragraph may not leave one line at the
// foot or the head of a page, and a heading goes with what follows it.
func TestKeeps(t *testing.T) {
	para := func(n int) []*row {
		var rs []*row
		for i := 0; i < n; i++ {
			rs = append(rs, &row{h: 10, keep: (i == 0 && n > 1) || i == n-2})
		}
		return rs
	}
	tests := []struct {
		name  string
		fill  int // lines already on the page (capacity 10 lines)
		rows  []*row
		first int // how many of rows land on the first page
	}{
		{"fits", 2, para(5), 5},
		{"orphan moves whole paragraph", 9, para(5), 0},
		{"widow pulls a line over", 7, para(4), 2},
		{"split in the middle", 6, para(8), 4},
		{"heading and two lines", 7, append([]*row{{h: 10, keep: true}}, para(4)...), 3},
		{"heading never at the foot", 8, append([]*row{{h: 10, keep: true}}, para(4)...), 0},
	}
	for _, tt := range tests {
		doc := pdfwriter.New(pdfwriter.Info{})
		p := &pager{doc: doc, em: newEmitter(doc, testEngine(t), setup{}), s: setup{W: 100, H: 140, Top: 20, Bottom: 20, TextH: 100}, destPage: map[string]int{}}
		for i := 0; i < tt.fill; i++ {
			p.add(&row{h: 10})
		}
		for _, r := range tt.rows {
			p.add(r)
		}
		onFirst := len(tt.rows) // no page break yet
		if p.pages == 1 {
			onFirst = len(tt.rows) - len(p.rows) // the rest is on the page being filled
		}
		if onFirst != tt.first {
			t.Errorf("%s: %d rows on the first page, want %d", tt.name, onFirst, tt.first)
		}
	}
}

// TestLTRBook lays out a left-to-right English book with every block kind and
// checks it reads back: destinations, external links, and notes on the page.
func TestLTRBook(t *testing.T) {
	src := "Intro with a [link](https://example.org) and a note.[^n]\n\n" +
		"## Section\n\nText *emphasis* **strong** `code`.\n\n" +
		"1. one\n2. two\n   - nested\n\n> quoted words\n\n" +
		"| a | b |\n|---|--:|\n| x | 1 |\n\n```\nfunc main() {}\n```\n\n---\n\n[^n]: The note text.\n"
	b := handBook(t, "en", "ltr", src, "Second.\n")
	o := DefaultOptions()
	o.TOCDepth = 2
	var buf bytes.Buffer
	if _, err := Write(&buf, &render.Input{Book: b, Engine: testEngine(t)}, o); err != nil {
		t.Fatal(err)
	}
	if out := os.Getenv("WARRAQ_PDF_OUT_LTR"); out != "" {
		_ = os.WriteFile(out, buf.Bytes(), 0o644)
	}
	r := readBack(t, buf.Bytes())
	p0 := r.dests["a/s0"]
	if p0 == 0 || r.dests["a/s0/section"] != p0 {
		t.Fatalf("destinations: %v", r.dests)
	}
	uris := 0
	for p := 1; p <= r.pages; p++ {
		for _, l := range r.links[p] {
			if l.uri == "https://example.org" {
				uris++
			}
		}
	}
	if uris != 1 {
		t.Errorf("%d links to https://example.org, want 1", uris)
	}
	if !strings.Contains(squeeze(r.pageString(p0)), "Thenotetext.") {
		t.Errorf("the note is not on the page of its reference: %q", r.pageString(p0))
	}
}

func TestDeterministic(t *testing.T) {
	a, _ := buildSamples(t, true)
	b, _ := buildSamples(t, true)
	if !bytes.Equal(a, b) {
		t.Fatal("two builds of the samples differ")
	}
}

// TestRectoStart: with article-start recto every article opens on an odd
// physical page, which in a right-to-left book lies on the left of a spread.
func TestRectoStart(t *testing.T) {
	b := handBook(t, "ar", "rtl", "أ\n", "ب\n", "ج\n")
	o := DefaultOptions()
	o.ArticleStart = "recto"
	var buf bytes.Buffer
	if _, err := Write(&buf, &render.Input{Book: b, Engine: testEngine(t)}, o); err != nil {
		t.Fatal(err)
	}
	r := readBack(t, buf.Bytes())
	for _, a := range b.Articles {
		if p := r.dests[articleDest(a)]; p%2 != 1 {
			t.Errorf("%s opens on page %d, not a recto", a.Path, p)
		}
	}
}

// TestLongNoteContinues: a note longer than the room under its reference
// goes on at the foot of the next page instead of running over the text.
func TestLongNoteContinues(t *testing.T) {
	long := strings.Repeat("a long note that goes on and on ", 180) + "finalwords."
	b := handBook(t, "en", "ltr", "A line with a note.[^1]\n\nAnother paragraph after it.\n\n[^1]: "+long+"\n", "Next.\n")
	var buf bytes.Buffer
	if _, err := Write(&buf, &render.Input{Book: b, Engine: testEngine(t)}, DefaultOptions()); err != nil {
		t.Fatal(err)
	}
	r := readBack(t, buf.Bytes())
	p0, p1 := r.dests["a/s0"], r.dests["a/s1"]
	if p1-p0 < 2 {
		t.Fatalf("article 1 on page %d, article 2 on page %d: the note did not continue", p0, p1)
	}
	if strings.Contains(r.pageString(p0), "finalwords") || !strings.Contains(r.pageString(p1-1), "finalwords") {
		t.Errorf("the note's end is not on the page before the next article")
	}
	for p := p0; p < p1; p++ {
		lowest := 1e9
		for _, l := range r.lines[p] {
			if l.y < lowest {
				lowest = l.y
			}
		}
		if lowest < 0 {
			t.Errorf("page %d: text below the page", p)
		}
	}
}

// TestOddInput: odd but valid Markdown and an empty book lay out without error.
func TestOddInput(t *testing.T) {
	srcs := []string{
		"| a |\n|---|\n",
		"> - item\n>   ```\n>   ```\n",
		"![remote](https://example.org/a.png)\n\n<div>raw</div>\n\n0. zero\n",
		"- [x] done\n- [ ] todo\n",
		"# " + strings.Repeat("عنوان طويل جدا ", 30) + "\n\n" + strings.Repeat("كلمة ", 2000) + "\n",
		"",
	}
	for i, src := range srcs {
		b := handBook(t, "ar", "rtl", src)
		b.Articles[0].Title = strings.Repeat("عنوان المقالة الطويل ", 10)
		if _, err := Write(&bytes.Buffer{}, &render.Input{Book: b, Engine: testEngine(t)}, DefaultOptions()); err != nil {
			t.Errorf("source %d: %v", i, err)
		}
	}
	empty := &collection.Book{Meta: collection.Meta{Title: "Empty", Language: "en", Direction: "ltr"}}
	if _, err := Write(&bytes.Buffer{}, &render.Input{Book: empty, Engine: testEngine(t)}, DefaultOptions()); err != nil {
		t.Errorf("empty book: %v", err)
	}
}

// A list item that opens with a code block or a table still shows its marker.
func TestListMarkerBeforeBlock(t *testing.T) {
	b := handBook(t, "ar", "rtl", "1. ```\n   fmt.Println(1)\n   ```\n2. | أ | ب |\n   |---|---|\n   | ج | د |\n3. نص\n")
	var buf bytes.Buffer
	if _, err := Write(&buf, &render.Input{Book: b, Engine: testEngine(t)}, DefaultOptions()); err != nil {
		t.Fatal(err)
	}
	r := readBack(t, buf.Bytes())
	p := r.dests[articleDest(b.Articles[0])]
	page := r.pageString(p)
	for _, marker := range []string{"1.", "2.", "3."} {
		if !strings.Contains(page, marker) {
			t.Errorf("marker %q missing from the page: %q", marker, page)
		}
	}
}
