package html_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	nethtml "golang.org/x/net/html"

	"github.com/warraq/warraq/export"
	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/epub"
	"github.com/warraq/warraq/export/html"
	"github.com/warraq/warraq/export/render"
	"github.com/warraq/warraq/export/search"
	"github.com/warraq/warraq/internal/testdir"
)

// site prepares the collection in dir as a build would and writes its web
// edition, returning the files by name. Only the samples' site has its
// cover: drawing one takes seconds under the race detector, and one test of
// it is enough.
func site(t testing.TB, dir string) (map[string][]byte, []html.File, *export.Prepared) {
	t.Helper()
	p, err := export.Prepare(dir, collection.Options{})
	if err != nil {
		t.Fatalf("prepare %s: %v", dir, err)
	}
	var buf bytes.Buffer
	in := &render.Input{Book: p.Book, Fonts: p.Fonts, Engine: p.Engine, Templates: p.Templates}
	if dir == "../../samples" {
		in.Cover = p.Cover
	}
	if _, err := (html.Renderer{}).Render(&buf, in, p.Book.Formats["html"]); err != nil {
		t.Fatal(err)
	}
	files, err := html.ReadTar(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	m := map[string][]byte{}
	for _, f := range files {
		if m[f.Name] != nil {
			t.Errorf("%s written twice", f.Name)
		}
		m[f.Name] = f.Data
	}
	return m, files, p
}

// parse parses a page as a browser does and fails on markup a browser
// would have to repair: the parser's tree must hold every element the
// page opens, in the same order.
func parse(t testing.TB, name string, data []byte) *nethtml.Node {
	t.Helper()
	n, err := nethtml.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return n
}

func attr(n *nethtml.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func all(n *nethtml.Node, tag string) []*nethtml.Node {
	var out []*nethtml.Node
	var walk func(*nethtml.Node)
	walk = func(n *nethtml.Node) {
		if n.Type == nethtml.ElementNode && n.Data == tag {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func stylesheets(root *nethtml.Node) []string {
	var out []string
	for _, l := range all(root, "link") {
		if attr(l, "rel") == "stylesheet" {
			out = append(out, attr(l, "href"))
		}
	}
	return out
}

func TestSamplesSite(t *testing.T) {
	m, _, p := site(t, "../../samples")
	b := p.Book
	for _, want := range []string{"index.html", "search.html", "css/book.css", "css/web.css", "search/index.js", "search/search.js", "fonts/Amiri-Regular.ttf", "images/cover.png"} {
		if m[want] == nil {
			t.Errorf("no %s", want)
		}
	}
	index := string(m["index.html"])
	var prev string
	for i, a := range b.Articles {
		name := a.Slug + ".html"
		data := m[name]
		if data == nil {
			t.Errorf("no page for %s", a.Path)
			continue
		}
		if !strings.Contains(index, `href="`+name+`"`) {
			t.Errorf("the index does not link to %s", name)
		}
		root := parse(t, name, data)
		h := all(root, "html")[0]
		if attr(h, "lang") != a.Lang || attr(h, "dir") != a.Dir {
			t.Errorf("%s: lang=%q dir=%q, want %s/%s", name, attr(h, "lang"), attr(h, "dir"), a.Lang, a.Dir)
		}
		if v := all(root, "meta"); !slices.ContainsFunc(v, func(n *nethtml.Node) bool { return attr(n, "name") == "viewport" }) {
			t.Errorf("%s has no viewport: it would not fit a phone", name)
		}
		var rels []string
		for _, l := range all(root, "a") {
			if r := attr(l, "rel"); r != "" {
				rels = append(rels, r+":"+attr(l, "href"))
			}
		}
		want := []string{}
		if i > 0 {
			want = append(want, "prev:"+prev)
		}
		if i+1 < len(b.Articles) {
			want = append(want, "next:"+b.Articles[i+1].Slug+".html")
		}
		if !slices.Equal(rels, want) {
			t.Errorf("%s: pager %v, want %v", name, rels, want)
		}
		prev = name
		if !slices.Equal(stylesheets(root), []string{"css/book.css", "css/web.css"}) {
			t.Errorf("%s: stylesheets %v", name, stylesheets(root))
		}
		if strings.Contains(string(data), "epub:type") {
			t.Errorf("%s: EPUB attributes in a web page", name)
		}
	}
	// Every link and image inside the site leads to a file of the site.
	for name, data := range m {
		if path.Ext(name) != ".html" {
			continue
		}
		root := parse(t, name, data)
		check := func(ref string) {
			if ref == "" || strings.Contains(ref, "://") || strings.HasPrefix(ref, "mailto:") || strings.HasPrefix(ref, "data:") {
				return
			}
			file, frag, _ := strings.Cut(ref, "#")
			if file == "" {
				file = name
			}
			if m[file] == nil {
				t.Errorf("%s: %s leads nowhere", name, ref)
				return
			}
			if frag != "" && !bytes.Contains(m[file], []byte(`id="`+frag+`"`)) {
				t.Errorf("%s: %s: no such anchor", name, ref)
			}
		}
		for _, a := range all(root, "a") {
			check(attr(a, "href"))
		}
		for _, tag := range []string{"img", "script", "link"} {
			for _, e := range all(root, tag) {
				check(attr(e, "src") + attr(e, "href"))
			}
		}
	}
	// The stylesheet's fonts are in the site.
	for _, u := range regexp.MustCompile(`url\("\.\./([^"]+)"\)`).FindAllStringSubmatch(string(m["css/book.css"]), -1) {
		if m[u[1]] == nil {
			t.Errorf("book.css declares %s, which is not in the site", u[1])
		}
	}
}

func TestSameBookSameSite(t *testing.T) {
	dir := testdir.Write(t, map[string]string{
		"book.yaml": "title: كتاب\nparts: year\n",
		"a.md":      "---\ntitle: الأولى\ndate: 2024-01-01\n---\n\nنص فيه [رابط](b.md#qism) وحاشية.[^1]\n\n[^1]: حاشية.\n",
		"b.md":      "---\ntitle: الثانية\ndate: 2025-01-01\n---\n\n## قسم {#qism}\n\nنص.\n",
	})
	_, a, _ := site(t, dir)
	_, b, _ := site(t, dir)
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Name != b[i].Name || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Errorf("%s differs between two writes", a[i].Name)
		}
	}
}

// index reads back the search index a site holds.
func index(t *testing.T, m map[string][]byte) *search.Index {
	t.Helper()
	js := strings.TrimPrefix(string(m["search/index.js"]), "window.warraqSearchIndex = ")
	var ix search.Index
	if err := json.Unmarshal([]byte(strings.TrimSuffix(js, ";\n")), &ix); err != nil {
		t.Fatal(err)
	}
	return &ix
}

func TestSearchIndexOfABook(t *testing.T) {
	dir := testdir.Write(t, map[string]string{
		"a.md": "---\ntitle: الآلة\ndate: 2025-01-01\n---\n\nتحدّث الكاتب عن الذّكاء في مقدمته.[^1]\n\n## الذكـاء والناس\n\nفصل عن الناس.\n\n| عمود | آخر |\n|---|---|\n| خلية | ثانية |\n\n[^1]: حاشية فيها كلمة نادرة.\n",
		"b.md": "---\ntitle: Another\ndate: 2025-02-01\nlang: en\n---\n\nNothing about it.\n",
	})
	m, _, _ := site(t, dir)
	ix := index(t, m)
	var urls []string
	for _, r := range ix.Search("الذكاء", 0) {
		urls = append(urls, ix.Docs[r.Doc].URL)
	}
	if !slices.Equal(urls, []string{"a.html#الذكاء-والناس", "a.html"}) && !slices.Equal(urls, []string{"a.html#" + sectionID(t, m["a.html"]), "a.html"}) {
		t.Errorf("الذكاء found in %v; want the section, then the opening", urls)
	}
	for q, want := range map[string]string{"نادرة": "a.html", "خلية ثانية": "a.html", "nothing": "b.html"} {
		r := ix.Search(q, 0)
		if len(r) != 1 || !strings.HasPrefix(ix.Docs[r[0].Doc].URL, want) {
			t.Errorf("Search(%q) = %v, want %s", q, r, want)
		}
	}
}

// sectionID is the id of the first h2 of a page.
func sectionID(t *testing.T, page []byte) string {
	hs := all(parse(t, "page", page), "h2")
	if len(hs) == 0 {
		t.Fatal("no h2")
	}
	return attr(hs[0], "id")
}

func TestStyleComesLast(t *testing.T) {
	dir := testdir.Write(t, map[string]string{
		"book.yaml": "title: كتاب\nstyle: house.css\n",
		"house.css": "body { color: #123456; }\n",
		"a.md":      "---\ntitle: مقالة\n---\n\nنص.\n",
	})
	m, _, _ := site(t, dir)
	if string(m["css/style.css"]) != "body { color: #123456; }\n" {
		t.Errorf("css/style.css = %q", m["css/style.css"])
	}
	styles := stylesheets(parse(t, "a.html", m["a.html"]))
	if !slices.Equal(styles, []string{"css/book.css", "css/web.css", "css/style.css"}) {
		t.Errorf("stylesheets %v: the book's own must come last", styles)
	}
}

func TestTemplateReplaced(t *testing.T) {
	dir := testdir.Write(t, map[string]string{
		"book.yaml":        "title: كتاب\ntemplates: tpl\n",
		"tpl/article.html": `{{template "head" .}}<body><main id="main"><h1 class="mine">{{.Article.Title}}</h1>{{.Article.Body}}</main>{{template "foot" .}}`,
		"tpl/notes.txt":    "not a template: left alone",
		"a.md":             "---\ntitle: مقالة\n---\n\nنص المقالة.\n",
	})
	m, _, _ := site(t, dir)
	page := string(m["a.html"])
	if !strings.Contains(page, `<h1 class="mine">مقالة</h1>`) || !strings.Contains(page, "<p>نص المقالة.</p>") {
		t.Errorf("the book's article.html is not used:\n%s", page)
	}
	if !strings.Contains(string(m["index.html"]), `class="book-title"`) {
		t.Error("the built-in index.html is not used for what the book does not replace")
	}
}

func TestNoSearch(t *testing.T) {
	dir := testdir.Write(t, map[string]string{
		"book.yaml": "title: كتاب\nhtml:\n  search: false\n",
		"a.md":      "---\ntitle: مقالة\n---\n\nنص.\n",
	})
	m, _, _ := site(t, dir)
	if m["search.html"] != nil || m["search/index.js"] != nil {
		t.Error("search written though html.search is false")
	}
	if strings.Contains(string(m["a.html"]), "search.html") {
		t.Error("pages link to a search page the site does not have")
	}
}

func BenchmarkSiteSamples(b *testing.B) {
	p, err := export.Prepare("../../samples", collection.Options{})
	if err != nil {
		b.Fatal(err)
	}
	in := &render.Input{Book: p.Book, Fonts: p.Fonts, Engine: p.Engine, Cover: p.Cover, Templates: p.Templates}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := (html.Renderer{}).Render(io.Discard, in, p.Book.Formats["html"]); err != nil {
			b.Fatal(err)
		}
	}
}

// The preview's cache keeps the cover while what it is drawn from stays,
// and draws it again when the title changes.
func TestCacheKeepsTheCover(t *testing.T) {
	dir := testdir.Write(t, map[string]string{
		"book.yaml": "title: كتاب أول\n",
		"a.md":      "---\ntitle: مقالة\n---\n\nنص.\n",
	})
	var c html.Cache
	cover := func() []byte {
		p, err := export.Prepare(dir, collection.Options{})
		if err != nil {
			t.Fatal(err)
		}
		files, err := c.Site(&render.Input{Book: p.Book, Fonts: p.Fonts, Engine: p.Engine, Cover: p.Cover, Templates: p.Templates}, html.DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if f.Name == "images/cover.png" {
				return f.Data
			}
		}
		t.Fatal("no cover")
		return nil
	}
	first := cover()
	os.WriteFile(filepath.Join(dir, "a.md"), []byte("---\ntitle: مقالة\n---\n\nنص آخر.\n"), 0o644)
	if again := cover(); !bytes.Equal(again, first) || c.Draws() != 1 {
		t.Errorf("an edited article drew the cover again (%d draws)", c.Draws())
	}
	os.WriteFile(filepath.Join(dir, "book.yaml"), []byte("title: كتاب ثان\n"), 0o644)
	if retitled := cover(); bytes.Equal(retitled, first) || c.Draws() != 2 {
		t.Errorf("the cover kept the old title (%d draws)", c.Draws())
	}
}

// The web edition says what the EPUB says: each article's words, notes
// included, are the same in both (they share export/xhtml).
func TestSameWordsAsTheEPUB(t *testing.T) {
	m, _, p := site(t, "../../samples")
	var buf bytes.Buffer
	in := &render.Input{Book: p.Book, Fonts: p.Fonts, Engine: p.Engine, Templates: p.Templates}
	if _, err := (epub.Renderer{}).Render(&buf, in, p.Book.Formats["epub"]); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range p.Book.Articles {
		f, err := zr.Open("OEBPS/text/" + a.Slug + ".xhtml")
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(f)
		f.Close()
		book := words(t, parse(t, a.Slug, data), "section")
		web := words(t, parse(t, a.Slug, m[a.Slug+".html"]), "article")
		if book == "" || book != web {
			t.Errorf("%s: the web edition says\n%s\nthe EPUB says\n%s", a.Path, web, book)
		}
	}
}

// words is the text of the first element tag with class "article".
func words(t *testing.T, root *nethtml.Node, tag string) string {
	for _, n := range all(root, tag) {
		if attr(n, "class") == "article" {
			var b strings.Builder
			var walk func(*nethtml.Node)
			walk = func(n *nethtml.Node) {
				if n.Type == nethtml.TextNode {
					b.WriteString(n.Data + " ")
				}
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					walk(c)
				}
			}
			walk(n)
			return strings.Join(strings.Fields(b.String()), " ")
		}
	}
	t.Fatalf("no %s.article", tag)
	return ""
}

// The preview's cache makes again only the pages of what changed, and a
// site made with it is the site made without it, whatever changed: an
// article's text, a title its neighbours show, the name of a page another
// links to, the book's particulars.
func TestCacheKeepsPages(t *testing.T) {
	dir := testdir.Write(t, map[string]string{
		"book.yaml": "title: كتاب\n",
		"a.md":      "---\ntitle: الأولى\ndate: 2024-01-01\n---\n\nانظر [الثانية](b.md#قسم).\n",
		"b.md":      "---\ntitle: الثانية\ndate: 2024-01-02\n---\n\nنص.\n\n## قسم\n\nتتمة.\n",
		"c.md":      "---\ntitle: الثالثة\ndate: 2024-01-03\n---\n\nنص ثالث.\n",
		"d.md":      "---\ntitle: الرابعة\ndate: 2024-01-04\n---\n\nنص رابع.\n",
	})
	var c html.Cache
	build := func(c *html.Cache) map[string][]byte {
		p, err := export.Prepare(dir, collection.Options{})
		if err != nil {
			t.Fatal(err)
		}
		in := &render.Input{Book: p.Book, Fonts: p.Fonts, Engine: p.Engine, Cover: p.Cover, Templates: p.Templates, Digests: render.NewDigests(p.Book)}
		files, err := c.Site(in, html.DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		out := map[string][]byte{}
		for _, f := range files {
			out[f.Name] = f.Data
		}
		return out
	}
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, step := range []struct {
		what string
		edit func()
		made int // pages made again
	}{
		{"first build", func() {}, 4},
		{"nothing changed", func() {}, 0},
		{"an article's text", func() {
			write("c.md", "---\ntitle: الثالثة\ndate: 2024-01-03\n---\n\nنص ثالث معدل.\n")
		}, 1},
		{"a title the next and previous pages show", func() {
			write("c.md", "---\ntitle: الثالثة الجديدة\ndate: 2024-01-03\n---\n\nنص ثالث معدل.\n")
		}, 4},
		{"the name of a page linked to", func() {
			write("b.md", "---\ntitle: الثانية\nslug: thani\ndate: 2024-01-02\n---\n\nنص.\n\n## قسم\n\nتتمة.\n")
		}, 4},
		{"the book's title", func() { write("book.yaml", "title: كتاب آخر\n") }, 4},
		{"a template of the book's", func() {
			os.Mkdir(filepath.Join(dir, "tpl"), 0o755)
			write("tpl/article.html", `{{template "head" .}}<body><main id="main"><h1 class="mine">{{.Article.Title}}</h1>{{.Article.Body}}</main>{{template "foot" .}}`)
			write("book.yaml", "title: كتاب آخر\ntemplates: tpl\n")
		}, 4},
		{"that template edited", func() {
			write("tpl/article.html", `{{template "head" .}}<body><main id="main"><h1 class="other">{{.Article.Title}}</h1>{{.Article.Body}}</main>{{template "foot" .}}`)
		}, 4},
		{"the book's style", func() {
			write("style.css", "p { color: #333; }\n")
			write("book.yaml", "title: كتاب آخر\ntemplates: tpl\nstyle: style.css\n")
		}, 4},
		{"the style's rules, which no page holds", func() { write("style.css", "p { color: #444; }\n") }, 0},
	} {
		step.edit()
		before := c.Made()
		got := build(&c)
		if made := c.Made() - before; made != step.made {
			t.Errorf("%s: %d pages made again, want %d", step.what, made, step.made)
		}
		want := build(nil)
		if len(got) != len(want) {
			t.Fatalf("%s: %d files with the cache, %d without", step.what, len(got), len(want))
		}
		for name, data := range want {
			if !bytes.Equal(got[name], data) {
				t.Errorf("%s: %s differs from a build without the cache", step.what, name)
			}
		}
	}
}
