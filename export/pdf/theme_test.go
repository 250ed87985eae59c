package pdf

import (
	"bytes"
	"strings"
	"testing"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/render"
	"github.com/warraq/warraq/internal/pdfread"
	"github.com/warraq/warraq/internal/testdir"
)

// Every setting of pdf.theme decodes, and the defaults are the look Warraq
// had before it had a theme.
func TestThemeOptions(t *testing.T) {
	o, ds := decodeYAML(t, `theme:
  colors: {text: "#1F1A17", headings: "#7a1f1f", muted: "#5b4a3a", rules: "#a0522d", links: "#1f4e7a"}
  sizes: {body: 12pt, headings: 1.25}
  ornament: stars
  part-ornament: diamond
  running-head: {left: part, right: author}
`)
	if len(ds) > 0 {
		t.Fatalf("diagnostics: %v", ds)
	}
	th := o.Theme
	if th.Text != "#1f1a17" || th.Headings != "#7a1f1f" || th.Muted != "#5b4a3a" || th.Rules != "#a0522d" || o.LinkColor != "#1f4e7a" ||
		o.FontSize != 12 || th.HeadingScale != 1.25 || th.Ornament != "stars" || th.PartOrnament != "diamond" ||
		th.HeadLeft != "part" || th.HeadRight != "author" {
		t.Errorf("decoded %+v (font size %g, links %s)", th, o.FontSize, o.LinkColor)
	}
	d := DefaultOptions().Theme
	if d.HeadingScale != 1 || d.Ornament != "rule" || d.PartOrnament != "rule" || d.HeadLeft != "" || d.Text != "#000000" {
		t.Errorf("defaults %+v", d)
	}
}

// A bad theme value is an error at its line (a warning for a colour too
// pale to read), with the range or the choices, and leaves the default.
func TestThemeErrors(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"theme:\n  colors:\n    text: red\n", `book.yaml:3: pdf.theme.colors.text: colour "red" is not #rrggbb`},
		{"theme:\n  colors:\n    headings: none\n", `book.yaml:3: pdf.theme.colors.headings: colour "none" is not #rrggbb`},
		{"theme:\n  colors:\n    text: \"#cccccc\"\n", "book.yaml:3: warning: pdf.theme.colors.text: #cccccc on white paper has a contrast of 1.6:1, under the 4.5:1 readers need (WCAG 2)"},
		{"theme:\n  colors:\n    background: \"#000000\"\n", `book.yaml:3: unknown key "background"`},
		{"theme:\n  sizes:\n    headings: 3\n", "book.yaml:3: pdf.theme.sizes.headings: want a number from 0.5 to 2, got the number 3"},
		{"theme:\n  sizes:\n    body: 2pt\n", "book.yaml:3: pdf.theme.sizes.body: want a length from 6pt to 36pt, got 2pt"},
		{"font-size: 11\ntheme:\n  sizes: {body: 12}\n", "book.yaml:3: pdf.theme.sizes.body: the body size is already given by pdf.font-size (line 1); keep one"},
		{"link-color: \"#112233\"\ntheme:\n  colors: {links: \"#112233\"}\n", "book.yaml:3: pdf.theme.colors.links: the links' colour is already given by pdf.link-color (line 1); keep one"},
		{"theme:\n  ornament: fleurons\n", `book.yaml:2: pdf.theme.ornament: want one of rule, stars, asterism, diamond, none, got "fleurons"`},
		{"theme:\n  part-ornament: 3\n", "book.yaml:2: pdf.theme.part-ornament: want one of"},
		{"theme:\n  running-head:\n    left: title\n", `book.yaml:3: pdf.theme.running-head.left: want one of book, part, article, author, none, got "title"`},
		{"theme:\n  running-head:\n    recto: book\n", `book.yaml:3: unknown key "recto"`},
		{"theme:\n  fonts:\n    heading: Amiri\n", "book.yaml:3: pdf.theme.fonts: fonts are chosen for every format at once"},
	} {
		o, ds := decodeYAML(t, tt.src)
		if len(ds) != 1 || !strings.HasPrefix(ds[0].String(), tt.want) {
			var got []string
			for _, d := range ds {
				got = append(got, d.String())
			}
			t.Errorf("%q:\n got %q\nwant %q", tt.src, got, tt.want)
		}
		if ds[0].Severity == 0 {
			continue
		}
		if d := DefaultOptions(); o.Theme.Ornament != d.Theme.Ornament || o.Theme.HeadingScale != d.Theme.HeadingScale || o.Theme.Text != "#000000" && !strings.Contains(tt.want, "warning") {
			t.Errorf("%q: a refused value was kept: %+v", tt.src, o.Theme)
		}
	}
}

// themedArticle lays out an article with a heading, a paragraph and a
// section break under the theme src.
func themedArticle(t *testing.T, src string) []*row {
	t.Helper()
	o, ds := decodeYAML(t, src)
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	b := &collection.Book{Meta: collection.Meta{Language: "ar", Direction: "rtl"}}
	s := newSetup(b, o)
	para := func(s string) *doc.Paragraph { return &doc.Paragraph{Content: []doc.Inline{&doc.Text{Text: s}}} }
	a := &collection.Article{Title: "عنوان", Slug: "a"}
	a.SetModel(&doc.Document{Blocks: []doc.Block{
		&doc.Heading{Level: 2, Content: []doc.Inline{&doc.Text{Text: "فصل"}}},
		para("نص المقالة."), &doc.Rule{}, para("نص بعد الفاصل."),
	}})
	return layoutArticle(s, testEngine(t), nil, a).rows
}

// styled lists the colour and size of every run of every text line in rows,
// by the text's first glyph count, and the line elements.
func texts(rows []*row) (runs []runInfo, lines []el) {
	for _, r := range rows {
		for _, e := range r.els {
			switch e.kind {
			case elText:
				for _, run := range e.line.Runs {
					runs = append(runs, runInfo{run.Style.Color, run.Style.Size, run.Style.Role})
				}
			case elLine:
				lines = append(lines, e)
			}
		}
	}
	return runs, lines
}

type runInfo struct {
	color [3]float64
	size  float64
	role  any
}

// The theme's colours, heading sizes and ornament reach what is drawn.
func TestThemeLayout(t *testing.T) {
	plain, plainLines := texts(themedArticle(t, "size: A5\n"))
	themed, themedLines := texts(themedArticle(t, `theme:
  colors: {text: "#102030", headings: "#800000", rules: "#008000"}
  sizes: {headings: 1.5}
  ornament: stars
`))
	if len(plain) != len(themed) || len(plain) < 4 {
		t.Fatalf("%d runs, themed %d", len(plain), len(themed))
	}
	text, head := [3]float64{0x10 / 255.0, 0x20 / 255.0, 0x30 / 255.0}, [3]float64{0x80 / 255.0, 0, 0}
	var sawText, sawHead int
	for i, r := range themed {
		switch {
		case r.color == head:
			sawHead++
			if r.size < plain[i].size*1.49 || r.size > plain[i].size*1.51 {
				t.Errorf("heading run %d: size %g, the plain one %g: want 1.5 times", i, r.size, plain[i].size)
			}
		case r.color == text:
			sawText++
			if r.size != plain[i].size {
				t.Errorf("body run %d: size %g, want %g", i, r.size, plain[i].size)
			}
		}
	}
	if sawHead != 2 || sawText != 2 { // the title and the heading; the two paragraphs
		t.Errorf("%d runs in the headings' colour, %d in the text's: %+v", sawHead, sawText, themed)
	}
	// Plain: the opening's rule and the break's rule. Stars: the opening's
	// rule and three six-spoked stars of three strokes each.
	if len(plainLines) != 2 || len(themedLines) != 1+9 {
		t.Errorf("lines: plain %d, stars %d", len(plainLines), len(themedLines))
	}
	for _, e := range themedLines {
		if e.color.R != 0 || e.color.G != 0x80/255.0 {
			t.Errorf("a rule in %+v, not the theme's", e.color)
		}
	}
	for kind, n := range map[string]int{"rule": 1, "asterism": 9, "diamond": 6, "none": 0} {
		_, ls := texts(themedArticle(t, "theme: {ornament: "+kind+"}\n"))
		if len(ls)-1 != n {
			t.Errorf("ornament %s: %d strokes, want %d", kind, len(ls)-1, n)
		}
	}
}

// A theme that spells out the defaults gives the very bytes of a book
// without one: the defaults are the look Warraq always had.
func TestThemeDefaultsChangeNothing(t *testing.T) {
	b, err := collection.Load(samplesDir(), collection.Options{Formats: testFormats})
	if err != nil {
		t.Fatal(err)
	}
	write := func(o Options) []byte {
		var buf bytes.Buffer
		if _, err := Write(&buf, &render.Input{Book: b, Engine: testEngine(t)}, o); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	o, ds := decodeYAML(t, `theme:
  colors: {text: "#000000", headings: "#000000", muted: "#595959", rules: "#404040", links: none}
  sizes: {body: 11, headings: 1}
  ornament: rule
  part-ornament: rule
  running-head: {left: article, right: book}
`)
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	if !bytes.Equal(write(o), write(DefaultOptions())) {
		t.Error("the default theme, spelled out, changes the PDF")
	}
}

// The running heads show what the theme asks on left and right pages: in
// a right-to-left book the odd (recto) pages are the left-hand ones.
func TestThemeRunningHeads(t *testing.T) {
	long := strings.Repeat("هذه جملة طويلة تملأ السطر بالكلمات حتى تمتد المقالة على صفحات عدة. ", 120)
	dir := testdir.Write(t, map[string]string{
		"book.yaml": `title: الكتاب
language: ar
parts:
  - title: الجزء الأول
    articles: [a.md]
pdf:
  theme:
    running-head: {left: part, right: author}
`,
		"a.md": "---\ntitle: المقالة\nauthor: الكاتبة\n---\n\n" + long + "\n",
	})
	b, err := collection.Load(dir, collection.Options{Formats: testFormats})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := Write(&buf, &render.Input{Book: b, Engine: testEngine(t)}, b.Formats["pdf"].(Options)); err != nil {
		t.Fatal(err)
	}
	d, err := pdfread.Read(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	heads := map[string]int{}
	for p := 1; p <= d.Pages; p++ {
		top := pdfread.Line{Y: -1}
		for _, l := range d.Lines[p] {
			if l.Y > top.Y {
				top = l
			}
		}
		if top.Y < d.Height[p]-DefaultOptions().Margins.Top {
			continue // no running head: a front page, or an article's first
		}
		side := "right"
		if p%2 == 1 {
			side = "left" // a right-to-left book's odd pages
		}
		switch {
		case strings.Contains(top.Text, "الجزء الأول"):
			heads[side+" part"]++
		case strings.Contains(top.Text, "الكاتبة"):
			heads[side+" author"]++
		case strings.Contains(top.Text, "الكتاب") || strings.Contains(top.Text, "المقالة"):
			t.Errorf("page %d heads %q", p, top.Text)
		}
	}
	if heads["left part"] < 2 || heads["right author"] < 2 || heads["left author"]+heads["right part"] > 0 {
		t.Errorf("running heads by side: %v", heads)
	}
}
