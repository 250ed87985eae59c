package export

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/pdf"
	"github.com/warraq/warraq/internal/pdfread"
)

// TestPageListLandsOnThePage: the EPUB's page list points at markers whose
// following words are the first words the PDF prints on that page. Pages
// are picked at random (with a fixed seed) from the samples, and every page
// of a book of constructs and of the Persian test book is checked.
func TestPageListLandsOnThePage(t *testing.T) {
	for _, tc := range []struct {
		dir  string
		pick int // pages to check, 0: all
	}{{"../samples", 12}, {"../testdata/books/fa", 0}, {"../testdata/books/en", 0}} {
		t.Run(tc.dir, func(t *testing.T) { checkPageList(t, tc.dir, tc.pick) })
	}
}

func checkPageList(t *testing.T, dir string, pick int) {
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
	var epubPath string
	for _, o := range m.Outputs {
		data, err := os.ReadFile(o.Path)
		if err != nil {
			t.Fatal(err)
		}
		if o.Format == "epub" {
			epubData, epubPath = data, o.Path
		} else {
			pdfData = data
		}
	}
	after, list, err := pageMarkers(epubData)
	if err != nil {
		t.Fatal(err)
	}
	opf := zipFile(t, epubPath, "OEBPS/content.opf")
	for _, claim := range []string{">pageBreakMarkers<", ">pageNavigation<", `property="source-of">pagination<`} {
		if !strings.Contains(opf, claim) {
			t.Errorf("the package document does not claim %s", claim)
		}
	}
	d, err := pdfread.Read(pdfData)
	if err != nil {
		t.Fatal(err)
	}
	// The body's first page: the first article's opening, whose marker
	// its title carries.
	a0 := p.Book.Articles[0]
	first, ok := d.Dests["a/"+a0.Slug]
	if !ok {
		t.Fatalf("no destination for %s", a0.Slug)
	}
	start := -1
	for _, n := range list {
		if strings.HasPrefix(strings.Join(after[n], " "), strings.Join(words(a0.Title), " ")) {
			start = n
			break
		}
	}
	if start < 0 {
		t.Fatalf("no page marker before the first article's title %q", a0.Title)
	}
	offset := first - start
	// Every body page with text has a marker, parts' title pages too.
	if got, want := len(list), countTextPages(d, first, pdf.DefaultOptions().Margins.Top); got < want {
		t.Errorf("%d pages in the page list, %d body pages with text", got, want)
	}
	pages := append([]int(nil), list...)
	if pick > 0 && pick < len(pages) {
		r := rand.New(rand.NewSource(13))
		r.Shuffle(len(pages), func(i, j int) { pages[i], pages[j] = pages[j], pages[i] })
		pages = pages[:pick]
		sort.Ints(pages)
	}
	top := pdf.DefaultOptions().Margins.Top
	if o, ok := p.Book.Formats["pdf"].(pdf.Options); ok {
		top = o.Margins.Top
	}
	floats := 0
	for _, n := range pages {
		printed := pageWords(d, n+offset, top)
		got := after[n]
		k := min(4, len(printed), len(got))
		want, have := strings.Join(printed[:k], " "), strings.Join(got[:k], " ")
		if k > 0 && have == want {
			continue
		}
		// A figure floated to the page's top from earlier in the text
		// comes first in print, its caption before the page's text.
		if k > 0 && strings.Contains(" "+strings.Join(head(printed, 16), " ")+" ", " "+have+" ") {
			floats++
			continue
		}
		t.Errorf("page %d: the EPUB's marker is followed by %q, the PDF page begins %q", n, head(got, 6), head(printed, 6))
	}
	if floats > len(pages)/4 {
		t.Errorf("%d of %d pages begin with a figure floated there: more than figures explain", floats, len(pages))
	}
}

func head(s []string, n int) []string { return s[:min(n, len(s))] }

var markerRe = regexp.MustCompile(`<span id="page-(\d+)"[^>]*role="doc-pagebreak"[^>]*></span>`)

// pageMarkers reads the EPUB's page list and, for each page marker, the
// words that follow it in its document (footnotes and captions aside, as
// the PDF sets them elsewhere).
func pageMarkers(data []byte) (map[int][]string, []int, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil, err
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, nil, err
		}
		files[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	nav := string(files["OEBPS/nav.xhtml"])
	i := strings.Index(nav, `epub:type="page-list"`)
	if i < 0 {
		return nil, nil, fmt.Errorf("the navigation document has no page-list")
	}
	var list []int
	targets := map[string]bool{}
	for _, m := range regexp.MustCompile(`href="([^"#]+)#page-(\d+)"`).FindAllStringSubmatch(nav[i:], -1) {
		n, _ := strconv.Atoi(m[2])
		list = append(list, n)
		targets["OEBPS/"+m[1]+"#"+m[2]] = true
	}
	after := map[int][]string{}
	for name, b := range files {
		if !strings.HasPrefix(name, "OEBPS/text/") {
			continue
		}
		src := markerRe.ReplaceAllStringFunc(string(b), func(s string) string {
			n := markerRe.FindStringSubmatch(s)[1]
			if !targets[name+"#"+n] {
				return s
			}
			return " \u2063PAGE" + n + " "
		})
		doc, err := html.Parse(strings.NewReader(src))
		if err != nil {
			return nil, nil, err
		}
		sec := findClass(doc, "section", "article")
		if sec == nil {
			sec = findClass(doc, "section", "part") // a part's title page
		}
		if sec == nil {
			continue
		}
		var sb strings.Builder
		for c := sec.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && hasClass(c, "footnotes") {
				continue
			}
			if c.Type == html.ElementNode && c.Data == "header" {
				for _, cls := range []string{"article-title", "article-subtitle", "article-byline"} {
					if n := findClass(c, "", cls); n != nil {
						sb.WriteString(" " + textOf(n))
					}
				}
				continue
			}
			sb.WriteString(textOf(withCaptions(c)) + " ")
		}
		ws := strings.Fields(sb.String())
		for k, w := range ws {
			if n, ok := strings.CutPrefix(w, "\u2063PAGE"); ok {
				num, _ := strconv.Atoi(n)
				var rest []string
				for _, x := range ws[k+1:] {
					if !strings.HasPrefix(x, "\u2063PAGE") {
						rest = append(rest, x)
					}
					if len(rest) == 8 {
						break
					}
				}
				after[num] = words(strings.Join(rest, " "))
			}
		}
	}
	for _, n := range list {
		if _, ok := after[n]; !ok {
			return nil, nil, fmt.Errorf("the page list's page %d has no marker in the text", n)
		}
	}
	return after, list, nil
}

// pageWords are the words page p prints in its text block, in the order
// they are drawn: body lines before footnotes, no running head or folio.
func pageWords(d *pdfread.Doc, p int, top float64) []string {
	var sb strings.Builder
	lines := d.Lines[p]
	for k, l := range lines {
		if l.Y > d.Height[p]-top+0.5 || isMarker(lines, k) {
			continue
		}
		sb.WriteString(l.Text + " ")
	}
	return words(sb.String())
}

// countTextPages counts the pages from first on with text in their text block.
func countTextPages(d *pdfread.Doc, first int, top float64) int {
	n := 0
	for p := first; p <= d.Pages; p++ {
		if len(pageWords(d, p, top)) > 0 {
			n++
		}
	}
	return n
}

// withCaptions returns n with its figure captions turned into paragraphs,
// which textOf reads (the PDF prints a caption with its figure).
func withCaptions(n *html.Node) *html.Node {
	for fc := range elements(n, "figcaption") {
		fc.Data = "p"
	}
	return n
}

// TestNoPageListWithoutPDF: an EPUB built alone has no print pages, and
// claims none.
func TestNoPageListWithoutPDF(t *testing.T) {
	out := t.TempDir()
	m, err := Build(context.Background(), "../testdata/books/en", Options{Formats: []string{"epub"}, OutDir: out, Selection: collection.Options{OutDir: out}})
	if err != nil {
		t.Fatal(err)
	}
	opf, nav := zipFile(t, m.Outputs[0].Path, "OEBPS/content.opf"), zipFile(t, m.Outputs[0].Path, "OEBPS/nav.xhtml")
	for _, s := range []string{"pageBreakMarkers", "pageNavigation", "source-of"} {
		if strings.Contains(opf, s) {
			t.Errorf("an EPUB without print pages claims %s", s)
		}
	}
	if strings.Contains(nav, "page-list") {
		t.Error("an EPUB without print pages has a page-list")
	}
}
