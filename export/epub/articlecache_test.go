package epub

import (
	"bytes"
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/render"
	"github.com/warraq/warraq/internal/cache"
	"github.com/warraq/warraq/templates"
)

// testBreaks are print pages for the test book: each article begins a
// page, and one more begins at word shift of each article's second block.
func testBreaks(b *collection.Book, shift int) []render.PageBreak {
	var out []render.PageBreak
	for _, a := range b.Articles {
		out = append(out, render.PageBreak{Page: len(out) + 1, Label: strconv.Itoa(len(out) + 1), Article: a})
		if d := a.Model(); len(d.Blocks) > 1 {
			out = append(out, render.PageBreak{Page: len(out) + 1, Label: strconv.Itoa(len(out) + 1), Article: a,
				Block: blockNumber(d, d.Blocks[1]), Word: shift})
		}
	}
	return out
}

// blockNumber is the number of block b of model d as render.PageBreak
// gives it.
func blockNumber(d *doc.Document, b doc.Block) int {
	for i, x := range doc.AllBlocks(d) {
		if x == b {
			return i + 1
		}
	}
	panic("not a block of the model")
}

// writeKept writes the book as write does, and gives the packager too, for
// what it took from the article cache.
func writeKept(t *testing.T, b *collection.Book, opt job) ([]byte, *packager) {
	t.Helper()
	p := newPackager(b, opt)
	files, err := p.build()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := writeZip(&buf, files, p.modified); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), p
}

// An article's page comes from the cache when nothing it is made from
// changed, and the EPUB is the bytes of one made without the cache: when
// filling it, from it, after a page moved inside one article, with the
// article entries' pages gone, and with every entry damaged. An article
// with an image is never kept.
func TestArticleCache(t *testing.T) {
	b := testBook(t)
	opt := testOptions(t)
	opt.PageBreaks = testBreaks(b, 2)
	cold := writeBook(t, b, opt)
	dir := t.TempDir()
	store, err := cache.Open(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(store.Flush) // its writes end before its directory goes
	opt.Cache = store
	withImage := b.Articles[0] // one.md shows the palm
	keepable := len(b.Articles) - 1

	check := func(what string, want []byte, kept, missed int) *packager {
		t.Helper()
		got, p := writeKept(t, b, opt)
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the EPUB differs from one made without the cache (%d bytes, want %d)", what, len(got), len(want))
		}
		if len(p.kept) != kept || len(p.missed) != missed {
			t.Errorf("%s: %d articles kept and %d made to keep, want %d and %d", what, len(p.kept), len(p.missed), kept, missed)
		}
		if p.kept[withImage] != nil {
			t.Errorf("%s: the article with an image was taken from the cache", what)
		}
		return p
	}
	check("filling the cache", cold, 0, keepable)
	p := check("from the cache", cold, keepable, 0)

	// A page that begins at another word of one article: that article
	// is made again, the others are not.
	moved := opt
	moved.PageBreaks = testBreaks(b, 2)
	for i, br := range moved.PageBreaks {
		if br.Article == b.Articles[1] && br.Block != 0 {
			moved.PageBreaks[i].Word = 5
		}
	}
	noCache := moved
	noCache.Cache = nil
	want := writeBook(t, b, noCache)
	if bytes.Equal(want, cold) {
		t.Fatal("moving the page changed nothing")
	}
	saved := opt
	opt = moved
	check("a page moved in one article", want, keepable-1, 1)
	opt = saved

	// The article entries gone, the pages' alone are not enough: an
	// article's page is kept only as the article's.
	for _, a := range b.Articles[1:] {
		key, ok := p.articles.key(p, a, p.docs[a])
		if !ok {
			t.Fatalf("%s: no key", a.Path)
		}
		if _, _, ok := p.articles.get(key); !ok {
			t.Fatalf("%s: no entry", a.Path)
		}
		h := hex.EncodeToString(key[:])
		if err := os.Remove(filepath.Join(dir, "build", h[:2], h[2:])); err != nil {
			t.Fatal(err)
		}
	}
	check("the article entries gone", cold, 0, keepable)
	check("from the cache again", cold, keepable, 0)

	entries, _ := filepath.Glob(filepath.Join(dir, "build", "*", "*"))
	for _, e := range entries {
		data, _ := os.ReadFile(e)
		os.WriteFile(e, data[:len(data)-3], 0o644)
	}
	check("every entry damaged", cold, 0, keepable)
}

// The key of an article's page changes with each thing the page is made
// from, and only with them.
func TestArticleKeyCoversInputs(t *testing.T) {
	b := testBook(t)
	opt := testOptions(t)
	opt.Cache, _ = cache.Open(t.TempDir(), 0)
	t.Cleanup(opt.Cache.Flush) // its writes end before its directory goes
	a := b.Articles[1]
	key := func(b *collection.Book, opt job) [32]byte {
		t.Helper()
		p := newPackager(b, opt)
		p.claimNames()
		p.articles = p.newArticleCache(newPageCache(opt.Cache, false, nil, false))
		if p.articles == nil {
			t.Fatal("no article cache")
		}
		k, ok := p.articles.key(p, a, p.docs[a])
		if !ok {
			t.Fatal("the article has no key")
		}
		return k
	}
	opt.PageBreaks = testBreaks(b, 2)
	base := key(b, opt)
	if key(b, opt) != base {
		t.Fatal("the same inputs gave another key")
	}
	if newPackager(b, opt).newArticleCache(nil) != nil {
		t.Fatal("an article cache without a page cache")
	}
	changes := map[string]func() func(){
		"a page's word": func() func() {
			old := opt.PageBreaks
			opt.PageBreaks = testBreaks(b, 3)
			return func() { opt.PageBreaks = old }
		},
		"a page's number": func() func() {
			old := opt.PageBreaks
			opt.PageBreaks = testBreaks(b, 2)
			for i := range opt.PageBreaks {
				opt.PageBreaks[i].Label += "0"
			}
			return func() { opt.PageBreaks = old }
		},
		"the block a page begins in": func() func() {
			old := opt.PageBreaks
			opt.PageBreaks = testBreaks(b, 2)
			for i, br := range opt.PageBreaks {
				if br.Article == a && br.Block != 0 {
					d := a.Model()
					opt.PageBreaks[i].Block = blockNumber(d, d.Blocks[len(d.Blocks)-1])
				}
			}
			return func() { opt.PageBreaks = old }
		},
		"the article's title": func() func() {
			old := a.Title
			a.Title += "!"
			return func() { a.Title = old }
		},
		"a word of its text": func() func() {
			var tx *doc.Text
			d := a.Model()
			doc.InspectDocument(d, func(n any) bool {
				if t, ok := n.(*doc.Text); ok && tx == nil {
					tx = t
				}
				return tx == nil
			})
			old := tx.Text
			tx.Text += "ة"
			a.SetModel(d)
			return func() { tx.Text = old; a.SetModel(d) }
		},
		"the name of another article's page": func() func() {
			o := b.Articles[2]
			old := o.Slug
			o.Slug += "-x"
			return func() { o.Slug = old }
		},
		"the book's title": func() func() {
			old := b.Meta.Title
			b.Meta.Title += "!"
			return func() { b.Meta.Title = old }
		},
		"a setting of book.yaml": func() func() {
			old := b.Config.Since
			b.Config.Since = "2001-01-01"
			return func() { b.Config.Since = old }
		},
		"the book's digits": func() func() {
			b.Meta.NativeDigits = !b.Meta.NativeDigits
			return func() { b.Meta.NativeDigits = !b.Meta.NativeDigits }
		},
		"the book's templates": func() func() {
			old := b.Templates
			src, err := templates.Source("article.xhtml")
			if err != nil {
				t.Fatal(err)
			}
			src = append(src, "<!-- the book's own -->"...)
			b.Templates = []collection.File{{Path: "templates/article.xhtml", Data: src}}
			if opt.Templates, err = templates.New([]templates.File{{Name: "article.xhtml", Path: "templates/article.xhtml", Data: src}}, nil); err != nil {
				t.Fatal(err)
			}
			return func() { b.Templates, opt.Templates = old, nil }
		},
		"a stylesheet": func() func() {
			b.Style = &collection.File{Path: "style.css", Data: []byte("p {}")}
			return func() { b.Style = nil }
		},
	}
	for what, change := range changes {
		undo := change()
		if key(b, opt) == base {
			t.Errorf("changing %s kept the key", what)
		}
		undo()
		if key(b, opt) != base {
			t.Fatalf("undoing %s did not give the key back", what)
		}
	}
}
