package export

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/text/unicode/norm"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/pdf"
	"github.com/warraq/warraq/internal/corpus"
	"github.com/warraq/warraq/internal/pdfread"
	"github.com/warraq/warraq/internal/testdir"
)

// The EPUB and the PDF of a book must say the same thing. These tests build
// books in both formats and compare, article by article, the words a reader
// finds in each: the EPUB's XHTML text, and the PDF's text read back through
// its ToUnicode maps by an independent parser. Page furniture (running heads,
// folios) and the generated front matter (cover, title page, contents, part
// pages) are left out; the articles' own headers (title, subtitle, authors,
// date; not the tags, which are metadata the PDF prints only when pdf.tags
// asks) and bodies are compared, and the footnotes, which the PDF sets
// at the foot of their page and the EPUB after the article, are matched one
// by one and then taken out of both.

// articleText is what one format says in one article.
type articleText struct {
	header, body []string
	notes        [][]string // footnotes, each with its number
	captions     [][]string // figure captions: figures float in print
	tableHeads   [][]string // table header rows: print repeats them on each page
}

func TestSameTextSamples(t *testing.T) {
	compareFormats(t, "../samples")
}

// TestSameTextConstructs: every Markdown and raw HTML construct, the cases
// where the formats used to disagree among them.
func TestSameTextConstructs(t *testing.T) {
	png := tinyPNG(t)
	dir := testdir.Write(t, map[string]string{
		"book.yaml": "title: كتاب البنى\nauthor: كاتب\ndigits: arabic-indic\nparts: month\n" +
			"publisher: دار الورّاق\nrights: حقوق النشر محفوظة\ndate: 2025-03-05\nidentifier: urn:isbn:978-9953-0-1234-5\n",
		"pic.png": string(png),
		"a.md": "---\ntitle: الأولى\nsubtitle: عنوان فرعي\ndate: 2025-01-15\ntags: [تجربة, بنى]\n---\n\n" +
			"نجوم \\*stars\\* وشركة AT&amp;T وعلامة &copy; و\\&amp; هنا، وقال \"مرحبا\" لنا, أليس كذلك?\n\n" +
			"<div>نص داخل div</div>\n\n" +
			"<div dir=\"ltr\" lang=\"en\">\n\nAn *English* paragraph inside a raw div.\n\n</div>\n\n" +
			"صورة خام داخل السطر <img src=\"pic.png\" alt=\"زخرفة\"> ثم يكمل النص، و![أيقونة](pic.png) أخرى.\n\n" +
			"![صورة وحدها](pic.png \"تعليق الصورة\")\n\n" +
			"نص <span dir=\"ltr\">C++</span> و<abbr title=\"Portable Document Format\">PDF</abbr> و<q>اقتباس</q> " +
			"و<kbd>Ctrl</kbd> وH<sub>2</sub>O وx<sup>2</sup> و<mark>مظلل</mark> و<small>صغير</small> و<u>مسطر</u> و~~محذوف~~.\n\n" +
			"<dl><dt>مصطلح</dt><dd>تعريفه الأول</dd><dd>وتعريف ثان</dd></dl>\n\n" +
			"## قسم {#sec}\n\n" +
			"* [ ] مهمة مفتوحة\n* [x] مهمة منجزة\n\n1. أول\n2. ثان[^n]\n\n" +
			"> اقتباس فيه **عريض** و`code`.\n\n" +
			"> [!pullquote]\n> اقتباس بارز يكرر **كلمات** المقالة.\n\n" +
			"```verse\nصدر البيت الأول    عجز البيت الأول\nشطر وحده\n\nصدر الثاني\tعجز الثاني Latin\n```\n\n" +
			"| أ | ب |\n|---|--:|\n| ١ | ٢ |\n| ثلاثة | أربعة |\n\n" +
			"```go\nfunc main() { fmt.Println(\"سلام\") }\n```\n\n---\n\n" +
			"<table><tr><th>رأس</th><th>آخر</th></tr><tr><td>خلية</td><td><p>فقرة</p><p>وأخرى</p></td></tr></table>\n\n" +
			"<ul><li>عنصر<li>وعنصر</ul>\n\n" +
			"[رابط إلى الثانية](b.md#later) و[رابط خارجي](https://example.com) و<a href=\"javascript:x\">رابط خطر</a>.\n\n" +
			"[^n]: حاشية فيها *مائل* و[رابط](b.md).\n",
		"b.md": "---\ntitle: الثانية\ndate: 2025-02-03\n---\n\n## لاحقًا {#later}\n\nنص المقالة الثانية.\n",
	})
	compareFormats(t, dir)
}

func TestSameTextLanguages(t *testing.T) {
	for _, lang := range []string{"fa", "ur", "he", "en", "ckb", "ps"} {
		t.Run(lang, func(t *testing.T) { compareFormats(t, "../testdata/books/"+lang) })
	}
}

func TestSameTextGeneratedCorpora(t *testing.T) {
	for _, lang := range corpus.Languages() {
		t.Run(lang, func(t *testing.T) {
			dir := t.TempDir()
			if err := corpus.GenerateLang(dir, lang, 8, 7); err != nil {
				t.Fatal(err)
			}
			compareFormats(t, dir)
		})
	}
}

// compareFormats builds the collection in dir and compares its EPUB and PDF.
func compareFormats(t *testing.T, dir string) {
	t.Helper()
	out := t.TempDir()
	sel := collection.Options{OutDir: out}
	m, err := Build(context.Background(), dir, Options{OutDir: out, Selection: sel})
	if err != nil {
		t.Fatal(err)
	}
	p, err := Prepare(dir, sel)
	if err != nil {
		t.Fatal(err)
	}
	var epubData, pdfData []byte
	for _, o := range m.Outputs {
		data, err := os.ReadFile(o.Path)
		if err != nil {
			t.Fatal(err)
		}
		if o.Format == "epub" {
			epubData = data
		} else {
			pdfData = data
		}
	}
	ep, err := epubArticles(epubData, p.Book)
	if err != nil {
		t.Fatal(err)
	}
	pp, err := pdfArticles(pdfData, p.Book)
	if err != nil {
		t.Fatal(err)
	}
	words := 0
	for i, a := range p.Book.Articles {
		e, pdfWords := ep[i], pp[i]
		// The header comes first in the PDF's text: the EPUB's header words.
		if !hasPrefix(unlisted(pdfWords), unlisted(e.header)) {
			t.Errorf("%s: header differs:\nepub: %s\npdf:  %s", a.Path, strings.Join(e.header, " "),
				strings.Join(pdfWords[:min(len(pdfWords), len(e.header)+3)], " "))
			continue
		}
		rest := pdfWords[len(e.header):]
		// Each note is one unbroken run in the PDF, at the foot of a page;
		// each caption one run under its figure, which may float to the
		// next page.
		for n, note := range append(e.notes, e.captions...) {
			at := indexOf(rest, note)
			if at < 0 {
				t.Errorf("%s: note or caption %d is not printed whole in the PDF: %s", a.Path, n+1, strings.Join(note, " "))
				continue
			}
			rest = append(rest[:at:at], rest[at+len(note):]...)
		}
		// A table's header row repeated at the top of a page is said once.
		for _, head := range e.tableHeads {
			for count(rest, head) > count(e.body, head) {
				at := lastIndexOf(rest, head)
				rest = append(rest[:at:at], rest[at+len(head):]...)
			}
		}
		if d := firstDifference(e.body, rest); d != "" {
			t.Errorf("%s: the EPUB and the PDF say different things: %s", a.Path, d)
		}
		words += len(e.body)
	}
	comparePartsAndLabels(t, epubData, pdfData, p.Book)
	if words < 50 {
		t.Fatalf("compared only %d words: the extraction found nothing to compare", words)
	}
	t.Logf("%d articles, %d body words the same in both formats", len(p.Book.Articles), words)
}

// unlisted drops the list separator from the end of each word.
func unlisted(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = strings.TrimRight(w, "،,")
	}
	return out
}

func hasPrefix(s, prefix []string) bool {
	if len(prefix) > len(s) {
		return false
	}
	for i := range prefix {
		if s[i] != prefix[i] {
			return false
		}
	}
	return true
}

func indexOf(s, sub []string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if hasPrefix(s[i:], sub) {
			return i
		}
	}
	return -1
}

func lastIndexOf(s, sub []string) int {
	for i := len(s) - len(sub); i >= 0; i-- {
		if hasPrefix(s[i:], sub) {
			return i
		}
	}
	return -1
}

func count(s, sub []string) int {
	n := 0
	for i := 0; i+len(sub) <= len(s); i++ {
		if hasPrefix(s[i:], sub) {
			n++
		}
	}
	return n
}

// firstDifference describes where two word lists part, with context.
func firstDifference(epub, pdf []string) string {
	n := min(len(epub), len(pdf))
	for i := 0; i < n; i++ {
		if epub[i] != pdf[i] {
			lo := max(0, i-6)
			return fmt.Sprintf("at word %d\nepub: … %s\npdf:  … %s", i,
				strings.Join(epub[lo:min(len(epub), i+8)], " "), strings.Join(pdf[lo:min(len(pdf), i+8)], " "))
		}
	}
	if len(epub) != len(pdf) {
		return fmt.Sprintf("the EPUB has %d words, the PDF %d; the longer goes on with: %s", len(epub), len(pdf),
			strings.Join(append(epub[n:], pdf[n:]...)[:min(12, len(epub)+len(pdf)-2*n)], " "))
	}
	return ""
}

// words splits text as a reader's search does: on white space, with the
// characters that carry no word of their own (bidi marks, joiners) and the
// harakat dropped — the marks' survival in copied text is measured by the
// conformance tools, not here.
func words(s string) []string {
	s = norm.NFC.String(s)
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\u00A0' || r == '\u202F':
			return ' '
		case unicode.Is(unicode.Cf, r), unicode.Is(unicode.Mn, r):
			return -1
		}
		return r
	}, s)
	var out []string
	for _, w := range strings.Fields(s) {
		switch w {
		case "·", "☐", "☑", "[", "]", "[x]", "[ ]", "↩":
			continue // separators and task boxes each format draws its own way
		}
		out = append(out, w)
	}
	return out
}

// epubArticles reads each article's text from the EPUB, in book order.
func epubArticles(data []byte, b *collection.Book) ([]articleText, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		files[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	var out []articleText
	for _, name := range spine(files) {
		doc, err := html.Parse(bytes.NewReader(files[name]))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if body := find(doc, "body"); body == nil || !hasClass(body, "article") {
			continue
		}
		var at articleText
		if h := findClass(doc, "header", "article-header"); h != nil {
			var sb strings.Builder
			for _, cls := range []string{"article-title", "article-subtitle", "article-byline"} {
				if n := findClass(h, "", cls); n != nil {
					sb.WriteString(" " + textOf(n))
				}
			}
			at.header = words(sb.String())
		}
		sec := findClass(doc, "section", "article")
		var body strings.Builder
		for c := sec.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && (c.Data == "header" || hasClass(c, "footnotes")) {
				continue
			}
			body.WriteString(textOf(c) + " ")
		}
		for fc := range elements(sec, "figcaption") {
			at.captions = append(at.captions, words(textOf(fc)))
		}
		for th := range elements(sec, "thead") {
			at.tableHeads = append(at.tableHeads, words(textOf(th)))
		}
		at.body = words(body.String())
		if fn := findClass(sec, "section", "footnotes"); fn != nil {
			for n := range elements(fn, "aside") {
				at.notes = append(at.notes, words(textOf(n)))
			}
		}
		out = append(out, at)
	}
	if len(out) != len(b.Articles) {
		return nil, fmt.Errorf("the EPUB has %d article documents, the book %d articles", len(out), len(b.Articles))
	}
	return out, nil
}

// spine lists the EPUB's content documents in reading order.
func spine(files map[string][]byte) []string {
	opf := string(files["OEBPS/content.opf"])
	hrefs := map[string]string{}
	for _, m := range regexp.MustCompile(`<item [^>]*id="([^"]+)"[^>]*href="([^"]+)"`).FindAllStringSubmatch(opf, -1) {
		hrefs[m[1]] = m[2]
	}
	var out []string
	for _, m := range regexp.MustCompile(`<itemref [^>]*idref="([^"]+)"`).FindAllStringSubmatch(opf, -1) {
		out = append(out, path.Join("OEBPS", hrefs[m[1]]))
	}
	return out
}

// textOf is the text a reader sees in n: elements that are not text
// (footnote back links, scripts) left out, block elements set apart.
func textOf(root *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			// Captions are compared apart (figures float in print).
			if hasClass(n, "backlink") || n.Data == "img" || n.Data == "figcaption" && n != root {
				return
			}
			if n.Data == "br" {
				b.WriteByte(' ')
			}
		}
		block := n.Type == html.ElementNode && blockElement[n.Data]
		if block {
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			b.WriteByte(' ')
		}
	}
	walk(root)
	return b.String()
}

var blockElement = map[string]bool{"p": true, "div": true, "li": true, "td": true, "th": true, "tr": true, "h1": true,
	"h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "pre": true, "blockquote": true, "figure": true,
	"figcaption": true, "dt": true, "dd": true, "aside": true, "section": true, "table": true, "ul": true, "ol": true}

func hasClass(n *html.Node, cls string) bool {
	for _, a := range n.Attr {
		if a.Key == "class" {
			for _, c := range strings.Fields(a.Val) {
				if c == cls {
					return true
				}
			}
		}
	}
	return false
}

func find(n *html.Node, tag string) *html.Node { return findClass(n, tag, "") }

// findClass finds the first element (of tag, when not "") with class cls
// (any, when "").
func findClass(n *html.Node, tag, cls string) *html.Node {
	for e := range elements(n, tag) {
		if cls == "" || hasClass(e, cls) {
			return e
		}
	}
	return nil
}

// elements yields the elements under n (n included) called tag, or all of
// them when tag is "", in document order.
func elements(n *html.Node, tag string) func(func(*html.Node) bool) {
	return func(yield func(*html.Node) bool) {
		var walk func(*html.Node) bool
		walk = func(n *html.Node) bool {
			if n.Type == html.ElementNode && (tag == "" || n.Data == tag) && !yield(n) {
				return false
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if !walk(c) {
					return false
				}
			}
			return true
		}
		walk(n)
	}
}

// listMarker is the text of a list item's number or bullet: the PDF draws
// markers as text, the EPUB leaves them to the reading system.
var listMarker = regexp.MustCompile(`^\s*([0-9٠-٩۰-۹]+[.)]|[•◦▪])\s*$`)

// isMarker reports whether line k of a page is a list marker: marker text
// set on the baseline of another line (its item's first line).
func isMarker(lines []pdfread.Line, k int) bool {
	if !listMarker.MatchString(strings.Map(dropFormat, lines[k].Text)) {
		return false
	}
	for j, l := range lines {
		if j != k && l.Y > lines[k].Y-0.5 && l.Y < lines[k].Y+0.5 {
			return true
		}
	}
	return false
}

// pdfArticles reads each article's words from the PDF, in book order: the
// text of the pages from its opening to the next article or part, without
// the running heads and folios above the text block.
func pdfArticles(data []byte, b *collection.Book) ([][]string, error) {
	d, err := pdfread.Read(data)
	if err != nil {
		return nil, err
	}
	top := pdf.DefaultOptions().Margins.Top
	if o, ok := b.Formats["pdf"].(pdf.Options); ok {
		top = o.Margins.Top
	}
	starts := make([]int, len(b.Articles))
	for i, a := range b.Articles {
		p, ok := d.Dests["a/"+a.Slug]
		if !ok {
			return nil, fmt.Errorf("%s: no destination a/%s in the PDF", a.Path, a.Slug)
		}
		starts[i] = p
	}
	partPage := map[int]bool{}
	for name, p := range d.Dests {
		if strings.HasPrefix(name, "part/") {
			partPage[p] = true
		}
	}
	out := make([][]string, len(b.Articles))
	for i := range b.Articles {
		end := d.Pages + 1
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		var sb strings.Builder
		for p := starts[i]; p < end; p++ {
			if partPage[p] {
				continue
			}
			lines := d.Lines[p]
			for k, l := range lines {
				if l.Y > d.Height[p]-top+0.5 || isMarker(lines, k) {
					continue
				}
				sb.WriteString(l.Text)
				// A line broken after a hyphen (second-|hand) holds one word.
				if t := strings.TrimRightFunc(strings.Map(dropFormat, l.Text), unicode.IsSpace); !strings.HasSuffix(t, "-") && !strings.HasSuffix(t, "־") {
					sb.WriteByte(' ')
				}
			}
		}
		out[i] = words(sb.String())
	}
	return out, nil
}

func dropFormat(r rune) rune {
	if unicode.Is(unicode.Cf, r) {
		return -1
	}
	return r
}

// comparePartsAndLabels checks the words the books write themselves: the
// contents' heading and the part titles (month names and years in the
// book's language and digits) are the same in both formats.
func comparePartsAndLabels(t *testing.T, epubData, pdfData []byte, b *collection.Book) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(epubData), int64(len(epubData)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		files[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	var epubParts, particulars []string
	contents := ""
	for _, name := range spine(files) {
		d, err := html.Parse(bytes.NewReader(files[name]))
		if err != nil {
			t.Fatal(err)
		}
		body := find(d, "body")
		switch {
		case hasClass(body, "part"):
			epubParts = append(epubParts, strings.Join(words(textOf(find(d, "h1"))), " "))
		case hasClass(body, "contents"):
			contents = strings.Join(words(textOf(find(d, "h1"))), " ")
		case hasClass(body, "titlepage"):
			// Each particular the title page gives: heading, paragraph,
			// or a piece of the imprint.
			for n := range elements(body, "") {
				if n.Type == html.ElementNode && (n.Data == "h1" || n.Data == "span" || n.Data == "time" ||
					n.Data == "p" && !hasClass(n, "book-imprint")) {
					particulars = append(particulars, strings.Join(words(textOf(n)), " "))
				}
			}
		}
	}
	r, err := pdfread.Read(pdfData)
	if err != nil {
		t.Fatal(err)
	}
	pageWords := func(p int) string {
		var sb strings.Builder
		for _, l := range r.Lines[p] {
			sb.WriteString(l.Text + " ")
		}
		return strings.Join(words(sb.String()), " ")
	}
	var pdfParts []string
	for i := 1; ; i++ {
		p, ok := r.Dests[fmt.Sprintf("part/%d", i)]
		if !ok {
			break
		}
		pdfParts = append(pdfParts, pageWords(p))
	}
	var want []string
	for _, pt := range b.Parts {
		if pt.Title != "" {
			want = append(want, strings.Join(words(pt.Title), " "))
		}
	}
	if strings.Join(epubParts, "|") != strings.Join(want, "|") || strings.Join(pdfParts, "|") != strings.Join(want, "|") {
		t.Errorf("part titles:\nbook: %q\nepub: %q\npdf:  %q", want, epubParts, pdfParts)
	}
	t.Logf("parts %q, contents %q", want, contents)
	// The title page's particulars (publisher, full date, rights, ISBN) are
	// all printed in the PDF's front pages too, on its cover, title page or
	// colophon.
	front := ""
	if p, ok := r.Dests["contents"]; ok {
		for i := 0; i < p; i++ {
			front += " " + pageWords(i) + " "
		}
	}
	m := b.Meta
	var must []string
	if isbn := m.ISBN(); isbn != "" {
		must = append(must, m.Locale().Labels.ISBN+" "+isbn)
	}
	if !m.Date.IsZero() {
		must = append(must, m.Locale().Date(m.Date, m.NativeDigits, m.Calendars...))
	}
	for _, v := range must {
		if !slices.Contains(particulars, strings.Join(words(v), " ")) {
			t.Errorf("the EPUB's title page does not say %q: %q", v, particulars)
		}
	}
	for _, v := range particulars {
		if !strings.Contains(front, " "+v+" ") {
			t.Errorf("the EPUB's title page says %q; the PDF's front pages do not:%s", v, front)
		}
	}
	label := strings.Join(words(b.Meta.Locale().Labels.Contents), " ")
	if p, ok := r.Dests["contents"]; !ok || !strings.HasPrefix(pageWords(p), label) || contents != label {
		t.Errorf("contents heading: epub %q, pdf page %q, want %q", contents, pageWords(r.Dests["contents"]), label)
	}
}
