package epub

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/locale"
	"github.com/warraq/warraq/export/text"
	"github.com/warraq/warraq/internal/testdir"
)

// readZip returns the entries of an EPUB in their stored order.
func readZip(t *testing.T, data []byte) ([]*zip.File, map[string][]byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name] = b
	}
	return zr.File, files
}

// element is a parsed XML element, for structure assertions.
type element struct {
	Name     xml.Name
	Attr     []xml.Attr
	Children []*element
	Text     string     // the element's own character data, concatenated
	content  []*element // children and character data (as elements without a name), in order
}

func (e *element) attr(space, local string) (string, bool) {
	for _, a := range e.Attr {
		if a.Name.Local == local && (space == "*" || a.Name.Space == space) {
			return a.Value, true
		}
	}
	return "", false
}

func (e *element) all(local string) []*element {
	var out []*element
	var walk func(*element)
	walk = func(n *element) {
		if n.Name.Local == local {
			out = append(out, n)
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	walk(e)
	return out
}

// text is all the text inside e, in document order.
func (e *element) text() string {
	if e.Name.Local == "" {
		return e.Text
	}
	var b strings.Builder
	for _, c := range e.content {
		b.WriteString(c.text())
	}
	return b.String()
}

// parseXML parses a document strictly (it must be well-formed) into a tree.
func parseXML(t testing.TB, name string, data []byte) *element {
	t.Helper()
	root, err := decodeXML(data)
	if err != nil {
		t.Fatalf("%s is not well-formed XML: %v\n%s", name, err, data)
	}
	return root
}

func decodeXML(data []byte) (*element, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	var stack []*element
	var root *element
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			e := &element{Name: tok.Name, Attr: tok.Attr}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.Children = append(p.Children, e)
				p.content = append(p.content, e)
			} else {
				root = e
			}
			stack = append(stack, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.Text += string(tok)
				p.content = append(p.content, &element{Text: string(tok)})
			}
		}
	}
	return root, nil
}

const (
	nsXHTML = "http://www.w3.org/1999/xhtml"
	nsOPS   = "http://www.idpf.org/2007/ops"
	nsXML   = "http://www.w3.org/XML/1998/namespace"
	nsOPF   = "http://www.idpf.org/2007/opf"
	nsDC    = "http://purl.org/dc/elements/1.1/"
)

func TestSameBookSameBytes(t *testing.T) {
	// Two loads from two different directories: nothing of the place or the
	// moment may reach the file.
	a := writeBook(t, testBook(t), testOptions(t))
	time.Sleep(1100 * time.Millisecond) // a clock-stamped field would now differ
	b := writeBook(t, testBook(t), testOptions(t))
	if !bytes.Equal(a, b) {
		t.Fatalf("two writes of the same book differ (%d and %d bytes)", len(a), len(b))
	}
}

func TestContainer(t *testing.T) {
	b := testBook(t)
	entries, files := readZip(t, writeBook(t, b, testOptions(t)))
	first := entries[0]
	if first.Name != "mimetype" || first.Method != zip.Store || len(first.Extra) != 0 || first.Flags&0x8 != 0 {
		t.Fatalf("first entry = %s method %d extra %d flags %x; want stored mimetype, no extra field, no data descriptor",
			first.Name, first.Method, len(first.Extra), first.Flags)
	}
	if string(files["mimetype"]) != "application/epub+zip" {
		t.Fatalf("mimetype = %q", files["mimetype"])
	}
	wantTime := b.Modified.UTC()
	for _, f := range entries {
		if !f.Modified.Equal(wantTime.Truncate(2 * time.Second)) {
			t.Errorf("%s stamped %v, want the book's time %v", f.Name, f.Modified, wantTime)
		}
		if path.Ext(f.Name) == ".xhtml" || path.Ext(f.Name) == ".opf" || path.Ext(f.Name) == ".ncx" || path.Ext(f.Name) == ".xml" {
			if !bytes.HasPrefix(files[f.Name], []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
				t.Errorf("%s does not start with the XML declaration", f.Name)
			}
			parseXML(t, f.Name, files[f.Name])
		}
	}
	container := parseXML(t, "container.xml", files["META-INF/container.xml"])
	rf := container.all("rootfile")
	if len(rf) != 1 {
		t.Fatalf("container has %d rootfiles", len(rf))
	}
	if p, _ := rf[0].attr("", "full-path"); files[p] == nil {
		t.Fatalf("rootfile %q is not in the container", p)
	}
}

func TestPackageDocument(t *testing.T) {
	b := testBook(t)
	_, files := readZip(t, writeBook(t, b, testOptions(t)))
	opf := parseXML(t, "content.opf", files["OEBPS/content.opf"])
	if lang, _ := opf.attr(nsXML, "lang"); lang != "ar" {
		t.Errorf("package xml:lang = %q, want ar", lang)
	}
	if dir, _ := opf.attr("", "dir"); dir != "rtl" {
		t.Errorf("package dir = %q, want rtl", dir)
	}
	spine := opf.all("spine")[0]
	if ppd, _ := spine.attr("", "page-progression-direction"); ppd != "rtl" {
		t.Errorf("spine page-progression-direction = %q, want rtl", ppd)
	}

	var langs, titles []string
	for _, l := range opf.all("language") {
		langs = append(langs, l.text())
	}
	if strings.Join(langs, ",") != "ar,en" {
		t.Errorf("languages = %v, want the book's first, then the English article's", langs)
	}
	refines := map[string]map[string]string{} // id -> property -> value
	metas := map[string][]string{}
	for _, m := range opf.all("meta") {
		prop, _ := m.attr("", "property")
		if ref, ok := m.attr("", "refines"); ok {
			if refines[ref] == nil {
				refines[ref] = map[string]string{}
			}
			refines[ref][prop] = m.text()
			if prop == "role" {
				if s, _ := m.attr("", "scheme"); s != "marc:relators" {
					t.Errorf("role of %s has scheme %q", ref, s)
				}
			}
			continue
		}
		if prop != "" {
			metas[prop] = append(metas[prop], m.text())
		}
	}
	for _, ti := range opf.all("title") {
		id, _ := ti.attr("", "id")
		titles = append(titles, refines["#"+id]["title-type"]+":"+ti.text())
	}
	if want := "main:" + b.Meta.Title + "|subtitle:" + b.Meta.Subtitle; strings.Join(titles, "|") != want {
		t.Errorf("titles = %v, want %s", titles, want)
	}
	creators := opf.all("creator")
	if len(creators) != len(b.Meta.Authors) {
		t.Fatalf("%d creators for %d authors", len(creators), len(b.Meta.Authors))
	}
	for i, c := range creators {
		id, _ := c.attr("", "id")
		if c.text() != b.Meta.Authors[i] || refines["#"+id]["role"] != "aut" {
			t.Errorf("creator %d = %q role %q", i, c.text(), refines["#"+id]["role"])
		}
	}
	if got := metas["dcterms:modified"]; len(got) != 1 || got[0] != b.Modified.UTC().Format("2006-01-02T15:04:05Z") {
		t.Errorf("dcterms:modified = %v, want the book's timestamp %v", got, b.Modified)
	}
	if got := metas["ibooks:specified-fonts"]; len(got) != 1 || got[0] != "true" {
		t.Errorf("ibooks:specified-fonts = %v", got)
	}
	for _, prop := range []string{"schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature",
		"schema:accessibilityHazard", "schema:accessibilitySummary"} {
		if len(metas[prop]) == 0 {
			t.Errorf("no %s", prop)
		}
	}
	if !strings.Contains(string(files["OEBPS/content.opf"]), `media-type="application/xhtml+xml"`) {
		t.Error("media types are not written plainly")
	}
	if strings.Join(metas["schema:accessMode"], ",") != "textual,visual" {
		t.Errorf("accessMode = %v; the book has an image", metas["schema:accessMode"])
	}

	// The cover: EPUB 3 property and the EPUB 2 meta naming the same item.
	var coverMeta string
	for _, m := range opf.all("meta") {
		if n, _ := m.attr("", "name"); n == "cover" {
			coverMeta, _ = m.attr("", "content")
		}
	}
	items := map[string]*element{}
	for _, it := range opf.all("item") {
		id, _ := it.attr("", "id")
		items[id] = it
		href, _ := it.attr("", "href")
		if files["OEBPS/"+href] == nil {
			t.Errorf("manifest item %s is not in the container", href)
		}
	}
	if it := items[coverMeta]; it == nil {
		t.Errorf("meta cover names %q, not a manifest item", coverMeta)
	} else if p, _ := it.attr("", "properties"); p != "cover-image" {
		t.Errorf("cover item properties = %q", p)
	}
	for name := range files {
		if strings.HasPrefix(name, "OEBPS/") && name != "OEBPS/content.opf" {
			found := false
			for _, it := range items {
				if href, _ := it.attr("", "href"); "OEBPS/"+href == name {
					found = true
				}
			}
			if !found {
				t.Errorf("%s is not in the manifest", name)
			}
		}
	}
	var images []string
	for name := range files {
		if strings.HasPrefix(name, "OEBPS/images/") {
			images = append(images, name)
		}
	}
	if len(images) != 2 { // palm.png, used twice, and the cover
		t.Errorf("images packaged: %v; want each image once, plus the cover", images)
	}
	// Reading order: cover, title page, contents, then parts and articles.
	var order []string
	for _, ir := range spine.Children {
		id, _ := ir.attr("", "idref")
		href, _ := items[id].attr("", "href")
		order = append(order, path.Base(href))
	}
	want := "cover.xhtml titlepage.xhtml contents.xhtml part-1.xhtml one.xhtml second.xhtml part-2.xhtml en.xhtml"
	if strings.Join(order, " ") != want {
		t.Errorf("spine = %v\nwant   %s", order, want)
	}
}

func TestAccessibilityClaim(t *testing.T) {
	// The conformance claim needs every image described: the test book has a
	// raw HTML image without alt, so no claim; without it, the claim is made.
	for _, tc := range []struct {
		name  string
		fix   bool
		claim bool
	}{{"undescribed image", false, false}, {"all described", true, true}} {
		t.Run(tc.name, func(t *testing.T) {
			var b *collection.Book
			if tc.fix {
				b = testBookWith(t, map[string]string{`<img src="img/palm.png">`: `<img src="img/palm.png" alt="نخلة">`})
			} else {
				b = testBook(t)
			}
			_, files := readZip(t, writeBook(t, b, testOptions(t)))
			opf := string(files["OEBPS/content.opf"])
			has := strings.Contains(opf, `<meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>`)
			if has != tc.claim {
				t.Errorf("conformsTo present = %v, want %v", has, tc.claim)
			}
			if alt := strings.Contains(opf, ">alternativeText<"); alt != tc.claim {
				t.Errorf("alternativeText feature = %v, want %v", alt, tc.claim)
			}
		})
	}
}

func TestDocumentsLangAndDir(t *testing.T) {
	_, files := readZip(t, writeBook(t, testBook(t), testOptions(t)))
	n := 0
	for name, data := range files {
		if path.Ext(name) != ".xhtml" {
			continue
		}
		n++
		html := parseXML(t, name, data)
		if html.Name.Space != nsXHTML || html.Name.Local != "html" {
			t.Errorf("%s: root %v", name, html.Name)
		}
		lang, _ := html.attr("", "lang")
		xmlLang, _ := html.attr(nsXML, "lang")
		dir, _ := html.attr("", "dir")
		want := "ar/rtl"
		if name == "OEBPS/text/en.xhtml" {
			want = "en/ltr" // the article's front matter overrides the book
		}
		if lang != xmlLang || lang+"/"+dir != want {
			t.Errorf("%s: lang=%q xml:lang=%q dir=%q, want %s", name, lang, xmlLang, dir, want)
		}
		if strings.Contains(string(data), "direction:") || strings.Contains(string(data), "unicode-bidi") {
			t.Errorf("%s sets direction in CSS", name)
		}
		for _, c := range html.all("code") {
			if d, _ := c.attr("", "dir"); d != "ltr" && !isInPre(html, c) {
				t.Errorf("%s: inline code without dir=ltr", name)
			}
		}
		for _, pre := range html.all("pre") {
			if d, _ := pre.attr("", "dir"); d != "ltr" {
				t.Errorf("%s: code block without dir=ltr", name)
			}
		}
	}
	if n != 9 {
		t.Errorf("%d XHTML documents, want 9 (cover, title, contents, nav, 2 parts, 3 articles)", n)
	}
}

func isInPre(root, code *element) bool {
	for _, pre := range root.all("pre") {
		for _, c := range pre.Children {
			if c == code {
				return true
			}
		}
	}
	return false
}

func TestNavigation(t *testing.T) {
	_, files := readZip(t, writeBook(t, testBook(t), testOptions(t)))
	nav := parseXML(t, "nav.xhtml", files["OEBPS/nav.xhtml"])
	navs := map[string]*element{}
	for _, n := range nav.all("nav") {
		typ, _ := n.attr(nsOPS, "type")
		navs[typ] = n
	}
	// toc: parts > articles > level-2 headings (toc-depth 2).
	var outline []string
	var walk func(ol *element, depth int)
	walk = func(ol *element, depth int) {
		for _, li := range ol.Children {
			a := li.Children[0]
			href, _ := a.attr("", "href")
			outline = append(outline, strings.Repeat("  ", depth)+a.text()+" -> "+href)
			for _, c := range li.Children[1:] {
				if c.Name.Local == "ol" {
					walk(c, depth+1)
				}
			}
		}
	}
	walk(navs["toc"].all("ol")[0], 0)
	want := []string{
		"الجزء الأول -> text/part-1.xhtml",
		"  المقالة الأولى -> text/one.xhtml",
		"    مقدمة -> text/one.xhtml#mqdma",
		"    خاتمة -> text/one.xhtml#khatima",
		"  المقالة الثانية -> text/second.xhtml",
		"    قسم -> text/second.xhtml#qism",
		"الجزء الثاني -> text/part-2.xhtml",
		"  An English article -> text/en.xhtml",
		"    Introduction -> text/en.xhtml#introduction",
	}
	if strings.Join(outline, "\n") != strings.Join(want, "\n") {
		t.Errorf("toc:\n%s\nwant:\n%s", strings.Join(outline, "\n"), strings.Join(want, "\n"))
	}
	for doc, href := range map[string]string{"OEBPS/nav.xhtml": "text/en.xhtml", "OEBPS/text/contents.xhtml": "en.xhtml"} {
		if !strings.Contains(string(files[doc]), `href="`+href+`" lang="en" xml:lang="en" dir="ltr">An English article</a>`) {
			t.Errorf("%s: the English article's entry is not marked as English", doc)
		}
	}
	ncx := parseXML(t, "toc.ncx", files["OEBPS/toc.ncx"])
	for _, m := range ncx.all("meta") {
		if n, _ := m.attr("", "name"); n == "dtb:depth" {
			if c, _ := m.attr("", "content"); c != "3" {
				t.Errorf("dtb:depth = %s, want 3 (parts, articles, headings)", c)
			}
		}
	}
	if got := len(ncx.all("navPoint")); got != len(want) {
		t.Errorf("toc.ncx has %d navPoints, nav.xhtml %d entries", got, len(want))
	}
	var marks []string
	for _, a := range navs["landmarks"].all("a") {
		typ, _ := a.attr(nsOPS, "type")
		href, _ := a.attr("", "href")
		marks = append(marks, typ+"="+href)
	}
	if got := strings.Join(marks, " "); got != "cover=text/cover.xhtml titlepage=text/titlepage.xhtml toc=text/contents.xhtml bodymatter=text/part-1.xhtml" {
		t.Errorf("landmarks = %s", got)
	}
	// Every link in every document points at a file and an id that exist.
	ids := map[string]map[string]bool{}
	docs := map[string]*element{}
	for name, data := range files {
		if path.Ext(name) == ".xhtml" {
			docs[name] = parseXML(t, name, data)
			ids[name] = map[string]bool{}
			var collect func(*element)
			collect = func(e *element) {
				if id, ok := e.attr("", "id"); ok {
					if ids[name][id] {
						t.Errorf("%s: duplicate id %q", name, id)
					}
					ids[name][id] = true
				}
				for _, c := range e.Children {
					collect(c)
				}
			}
			collect(docs[name])
		}
	}
	for name, doc := range docs {
		for _, a := range doc.all("a") {
			href, ok := a.attr("", "href")
			if !ok || strings.Contains(href, "://") {
				continue
			}
			file, frag, _ := strings.Cut(href, "#")
			target := name
			if file != "" {
				target = path.Join(path.Dir(name), file)
			}
			if files[target] == nil {
				t.Errorf("%s links to missing %s", name, href)
			} else if frag != "" && !ids[target][frag] {
				t.Errorf("%s links to missing id %s", name, href)
			}
		}
	}
}

func TestArticleHeader(t *testing.T) {
	_, files := readZip(t, writeBook(t, testBook(t), testOptions(t)))
	one := parseXML(t, "one.xhtml", files["OEBPS/text/one.xhtml"])
	header := one.all("header")[0]
	var got []string
	for _, c := range header.Children {
		got = append(got, c.Name.Local+":"+strings.TrimSpace(c.text()))
	}
	want := "h1:المقالة الأولى|p:عنوان فرعي|p:كاتب المقالات · 2 يناير 2025|ul:تقنية لغة"
	if strings.Join(got, "|") != want {
		t.Errorf("header = %s\nwant     %s", strings.Join(got, "|"), want)
	}
	if !strings.Contains(string(files["OEBPS/text/second.xhtml"]), `<p class="article-source"><a href="https://example.com/columns/2?a=1&amp;b=2">`) {
		t.Error("second.xhtml does not link to where it first appeared")
	}
}

func TestFootnotes(t *testing.T) {
	_, files := readZip(t, writeBook(t, testBook(t), testOptions(t)))
	doc := parseXML(t, "one.xhtml", files["OEBPS/text/one.xhtml"])
	asides := map[string]*element{}
	for _, a := range doc.all("aside") {
		id, _ := a.attr("", "id")
		typ, _ := a.attr(nsOPS, "type")
		role, _ := a.attr("", "role")
		if typ != "footnote" || role != "doc-footnote" {
			t.Errorf("aside %s: epub:type=%q role=%q", id, typ, role)
		}
		asides[id] = a
	}
	refs := 0
	for _, a := range doc.all("a") {
		if typ, _ := a.attr(nsOPS, "type"); typ != "noteref" {
			continue
		}
		refs++
		if role, _ := a.attr("", "role"); role != "doc-noteref" {
			t.Errorf("noteref role %q", role)
		}
		if len(a.Children) != 0 || !regexp.MustCompile(`^[0-9]+$`).MatchString(a.Text) {
			t.Errorf("noteref holds %q and %d elements; want only the number", a.Text, len(a.Children))
		}
		href, _ := a.attr("", "href")
		aside := asides[strings.TrimPrefix(href, "#")]
		if aside == nil {
			t.Fatalf("noteref %s points at no aside", href)
		}
		id, _ := a.attr("", "id")
		back := false
		for _, l := range aside.all("a") {
			if h, _ := l.attr("", "href"); h == "#"+id {
				back = true
			}
		}
		if !back {
			t.Errorf("footnote %s has no link back to %s", href, id)
		}
	}
	if refs != 3 || len(asides) != 2 {
		t.Errorf("%d noterefs and %d footnotes, want 3 and 2", refs, len(asides))
	}
	// The notes come after the text of the article.
	s := string(files["OEBPS/text/one.xhtml"])
	if strings.Index(s, `<aside`) < strings.Index(s, "كلام أخير") {
		t.Error("footnotes before the end of the text")
	}
}

func TestFontsEmbeddedAndDeclared(t *testing.T) {
	_, files := readZip(t, writeBook(t, testBook(t), testOptions(t)))
	css := string(files["OEBPS/css/book.css"])
	var embedded []string
	for name := range files {
		if strings.HasPrefix(name, "OEBPS/fonts/") {
			embedded = append(embedded, path.Base(name))
			if !strings.Contains(css, `url("../fonts/`+path.Base(name)+`")`) {
				t.Errorf("%s embedded but not declared with @font-face", name)
			}
		}
	}
	slices.Sort(embedded)
	// The test book has emphasis, bold, headings and code, but no bold
	// emphasis, no bold code and nothing in Noto Kufi Arabic's regular
	// weight; the Latin of its heading "Introduction" is set in Noto Sans
	// Bold, the Kufi heading's companion.
	want := []string{"Amiri-Bold.ttf", "Amiri-Regular.ttf", "Amiri-Slanted.ttf", "NotoKufiArabic-Bold.ttf", "NotoSans-Bold.ttf", "NotoSansMono-Regular.ttf"}
	if !slices.Equal(embedded, want) {
		t.Errorf("embedded %v, want %v", embedded, want)
	}
	for _, want := range []string{
		`font-family: "Amiri", serif;`, `font-family: "Noto Kufi Arabic", "Noto Sans", "Amiri", serif;`,
		`font-family: "Noto Sans Mono", "Amiri", monospace;`, "font-synthesis: none", "text-align: justify",
		"line-height: 1.8",
	} {
		if !strings.Contains(css, want) {
			t.Errorf("stylesheet lacks %q", want)
		}
	}
	rules := regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAllString(css, "")
	if regexp.MustCompile(`(^|[^-])direction\s*:|unicode-bidi`).MatchString(rules) {
		t.Error("stylesheet sets direction or unicode-bidi, which EPUB forbids")
	}
	if !strings.Contains(css, `font-style: italic;
  font-weight: normal;
  src: url("../fonts/Amiri-Slanted.ttf")`) {
		t.Error("emphasis has no real slanted face")
	}
}

// A face the pages never use stays out: without emphasis, code, bold text
// or titled parts, the book needs Amiri Regular for its text and Noto Kufi
// Arabic Bold for its headings, nothing else.
func TestOnlyUsedFacesEmbedded(t *testing.T) {
	b := testBook(t)
	b.Articles = b.Articles[1:2]
	b.Parts = []*collection.Part{{Articles: b.Articles}}
	plain := &doc.Document{Blocks: []doc.Block{&doc.Paragraph{Content: []doc.Inline{&doc.Text{Text: "نص عادي بلا تأكيد ولا كود"}}}}}
	b.Articles[0].SetModel(plain)
	b.Articles[0].Tags = nil
	_, files := readZip(t, writeBook(t, b, testOptions(t)))
	var embedded []string
	for name := range files {
		if strings.HasPrefix(name, "OEBPS/fonts/") {
			embedded = append(embedded, path.Base(name))
		}
	}
	slices.Sort(embedded)
	if want := []string{"Amiri-Regular.ttf", "NotoKufiArabic-Bold.ttf"}; !slices.Equal(embedded, want) {
		t.Errorf("embedded %v, want %v", embedded, want)
	}
}

func TestArabicIndicDigits(t *testing.T) {
	b := testBook(t)
	b.Meta.NativeDigits = true
	_, files := readZip(t, writeBook(t, b, testOptions(t)))
	one := string(files["OEBPS/text/one.xhtml"])
	for _, want := range []string{`href="#fn-1">١</a>`, `href="#fn-2">٢</a>`, `<span class="note-number">١</span>`, "٢ يناير ٢٠٢٥"} {
		if !strings.Contains(one, want) {
			t.Errorf("one.xhtml lacks %q", want)
		}
	}
	if !strings.Contains(string(files["OEBPS/css/book.css"]), "list-style-type: arabic-indic") {
		t.Error("ordered lists are not numbered in Arabic-Indic digits")
	}
	// The source's own digits are the author's, not generated: unchanged.
	if !strings.Contains(one, "1.22") {
		t.Error("digits in the text were changed")
	}
}

func TestPersianBook(t *testing.T) {
	// Labels, month names and digits are Persian's, from export/locale: the
	// same table the PDF reads.
	dir := testdir.Write(t, map[string]string{
		"book.yaml": "title: دفتر\nlanguage: fa\ndigits: arabic-indic\n",
		"a.md":      "---\ntitle: نوشته\ndate: 2024-01-15\n---\n\nمتن[^1]\n\n1. یک\n\n[^1]: پانوشت\n",
	})
	_, files := readZip(t, writeBook(t, loadBook(t, dir), testOptions(t)))
	a := string(files["OEBPS/text/a.xhtml"])
	for _, want := range []string{"۱۵ ژانویه ۲۰۲۴", `href="#fn-1">۱</a>`, `<span class="note-number">۱</span>`,
		`aria-label="پانوشت‌ها"`, `title="بازگشت به متن"`} {
		if !strings.Contains(a, want) {
			t.Errorf("a.xhtml lacks %q", want)
		}
	}
	contents := string(files["OEBPS/text/contents.xhtml"])
	for _, want := range []string{"<h1 id=\"contents-title\">فهرست مطالب</h1>", "۱۵ ژانویه ۲۰۲۴"} {
		if !strings.Contains(contents, want) {
			t.Errorf("contents.xhtml lacks %q", want)
		}
	}
	if !strings.Contains(string(files["OEBPS/css/book.css"]), "list-style-type: persian") {
		t.Error("ordered lists are not numbered in Persian digits")
	}
}

func TestListStyle(t *testing.T) {
	// Ordered lists count in the digits the book's notes and dates use.
	for lang, want := range map[string]string{
		"ar": "arabic-indic", "ar-EG": "arabic-indic", "fa": "persian", "ur": "urdu", "ps": "persian", "ckb": "arabic-indic",
		"he": "decimal", "en": "decimal",
	} {
		if got := listStyle(locale.For(lang), true); got != want {
			t.Errorf("%s with native digits: %s, want %s", lang, got, want)
		}
		if got := listStyle(locale.For(lang), false); got != "decimal" {
			t.Errorf("%s: %s, want decimal", lang, got)
		}
	}
}

// TestLinksAndImages checks where the test book's links and images lead:
// another article's heading, an external URL as written (escaped once),
// plain text for a link the book cannot follow; each image file packaged
// once, whether Markdown or raw HTML shows it.
func TestLinksAndImages(t *testing.T) {
	_, files := readZip(t, writeBook(t, testBook(t), testOptions(t)))
	one := string(files["OEBPS/text/one.xhtml"])
	for _, want := range []string{
		// javascript: is not followed: its text stays.
		`<p>انظر <a href="second.xhtml#qism">المقالة الثانية</a> و<a href="https://example.com/a%20b">موقع</a> وسيئ.</p>`,
		`<figure class="image"><img src="../images/palm.png" alt="صورة النخلة" width="40" height="30"/><figcaption>نخلة</figcaption></figure>`,
		"<div>\n<p>فقرة <strong><span dir=\"ltr\">HTML</span></strong></p>\n<p><img src=\"../images/palm.png\" alt=\"\" width=\"40\" height=\"30\"/></p>\n</div>",
		`<p>نص فيه وسم و.</p>`,
	} {
		if !strings.Contains(one, want) {
			t.Errorf("one.xhtml lacks %s", want)
		}
	}
	if strings.Contains(one, "javascript") || strings.Contains(one, "onclick") || strings.Contains(one, "<iframe") {
		t.Error("one.xhtml keeps active content")
	}
	second := string(files["OEBPS/text/second.xhtml"])
	if !strings.Contains(second, `<a href="one.xhtml#khatima">المقدمة</a>`) {
		t.Errorf("second.xhtml does not link to the heading of one.xhtml:\n%s", second)
	}
}

// TestSamples writes the repository's sample collection and checks what a
// reader meets: every document well-formed with lang and dir, every article
// in the spine and the toc, every image it shows packaged; and loading the
// samples warns about nothing.
func TestSamples(t *testing.T) {
	b := loadBook(t, "../../samples")
	for _, d := range b.Diagnostics {
		t.Errorf("loading the samples: %s", d)
	}
	_, files := readZip(t, writeBook(t, b, testOptions(t)))
	opf := parseXML(t, "content.opf", files["OEBPS/content.opf"])
	titled := 0
	for _, p := range b.Parts {
		if p.Title != "" {
			titled++
		}
	}
	if got, want := len(opf.all("itemref")), 3+titled+len(b.Articles); got != want {
		t.Errorf("spine has %d documents, want %d", got, want)
	}
	nav := string(files["OEBPS/nav.xhtml"])
	for _, a := range b.Articles {
		doc := files["OEBPS/text/"+a.Slug+".xhtml"]
		if doc == nil {
			t.Errorf("no document for %s", a.Path)
			continue
		}
		root := parseXML(t, a.Path, doc)
		if lang, _ := root.attr("", "lang"); lang != a.Lang {
			t.Errorf("%s: lang %q, want %q", a.Path, lang, a.Lang)
		}
		for _, img := range root.all("img") {
			src, _ := img.attr("", "src")
			if files[path.Join("OEBPS/text", src)] == nil {
				t.Errorf("%s shows %s, which is not packaged", a.Path, src)
			}
			if alt, _ := img.attr("", "alt"); strings.TrimSpace(alt) == "" {
				t.Errorf("%s: image %s without alt text", a.Path, src)
			}
		}
		if !strings.Contains(nav, `href="text/`+a.Slug+`.xhtml"`) {
			t.Errorf("%s is not in the toc", a.Path)
		}
		for _, h := range a.Headings {
			if h.Level == 2 && !strings.Contains(nav, `href="text/`+a.Slug+`.xhtml#`+h.ID+`"`) {
				t.Errorf("%s: heading %q is not in the toc", a.Path, h.Text)
			}
		}
	}
}

func BenchmarkWriteSamples(b *testing.B) {
	book := loadBook(b, "../../samples")
	opt := testOptions(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := write(io.Discard, book, opt); err != nil {
			b.Fatal(err)
		}
	}
}

func TestFallbackFontForMissingLetters(t *testing.T) {
	// A body face without Arabic (the monospace family stands in for a
	// Latin-only font): the book's Arabic needs a face that has it, embedded
	// and named in the body's font stack before the generic family.
	fs, err := text.NewFontSet("Noto Sans Mono", "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	_, files := readZip(t, writeBook(t, testBook(t), job{Fonts: fs}))
	css := string(files["OEBPS/css/book.css"])
	if !strings.Contains(css, `font-family: "Noto Sans Mono", "Amiri", serif;`) {
		t.Errorf("body stack has no Arabic fallback:\n%s", css)
	}
	if files["OEBPS/fonts/Amiri-Regular.ttf"] == nil {
		t.Error("the fallback face is not embedded")
	}
	// With Amiri as the body face nothing is missing: nothing more is embedded.
	_, files = readZip(t, writeBook(t, testBook(t), testOptions(t)))
	if files["OEBPS/fonts/NotoNaskhArabic-Regular.ttf"] != nil {
		t.Error("a fallback face embedded that the book does not need")
	}
}

func TestFallbackFontForGeneratedWords(t *testing.T) {
	// An English book in a Latin-only face whose one part has an Arabic
	// title: the part page needs an Arabic face though no article has one.
	fs, err := text.NewFontSet("Noto Sans Mono", "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	dir := testdir.Write(t, map[string]string{
		"book.yaml": "title: Notes\nlanguage: en\nparts:\n  - title: مختارات\n    articles: [a.md]\n",
		"a.md":      "---\ntitle: A note\n---\n\nPlain English.\n",
	})
	_, files := readZip(t, writeBook(t, loadBook(t, dir), job{Fonts: fs}))
	if css := string(files["OEBPS/css/book.css"]); !strings.Contains(css, `font-family: "Noto Sans Mono", "Amiri", serif;`) {
		t.Errorf("body stack has no face for the part title:\n%s", css)
	}
}

// TestHeadingCompanion: Latin in a Kufi heading is set in Noto Sans, the
// heading family's companion, which is embedded only when a heading of the
// book has a letter Kufi lacks.
func TestHeadingCompanion(t *testing.T) {
	for _, tc := range []struct {
		heading string
		want    bool
	}{{"## بين الورق والشاشة", false}, {"## بين EPUB وPDF", true}} {
		dir := testdir.Write(t, map[string]string{
			"a.md": "---\ntitle: مقالة\n---\n\n" + tc.heading + "\n\nنص فيه EPUB وPDF.\n",
		})
		_, files := readZip(t, writeBook(t, loadBook(t, dir), testOptions(t)))
		css := string(files["OEBPS/css/book.css"])
		embedded := files["OEBPS/fonts/NotoSans-Bold.ttf"] != nil
		if files["OEBPS/fonts/NotoSans-Regular.ttf"] != nil {
			t.Errorf("%s: Noto Sans Regular embedded, though headings are bold", tc.heading)
		}
		stack := strings.Contains(css, `font-family: "Noto Kufi Arabic", "Noto Sans", "Amiri", serif;`)
		if embedded != tc.want || stack != tc.want {
			t.Errorf("%s: Noto Sans embedded %v, in the heading stack %v; want %v", tc.heading, embedded, stack, tc.want)
		}
		if strings.Contains(css, `font-family: "Amiri", "Noto Sans"`) {
			t.Errorf("%s: the companion is in the body's stack", tc.heading)
		}
	}
}
