package pdf

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/render"
	"github.com/warraq/warraq/internal/cache"
	"github.com/warraq/warraq/internal/corpus"
)

// samplesWithCache loads the samples, with their PDF options, and opens
// an empty cache.
func samplesWithCache(t *testing.T) (*collection.Book, Options, *cache.Store) {
	t.Helper()
	b, err := collection.Load(samplesDir(), collection.Options{Formats: testFormats})
	if err != nil {
		t.Fatal(err)
	}
	store, err := cache.Open(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(store.Flush) // its writes end before its directory goes
	return b, b.Formats["pdf"].(Options), store
}

// A build with a cache fills it, and the next finds every paragraph of
// every article there: none is shaped or broken again. The PDF is the same.
func TestCacheHits(t *testing.T) {
	b, o, store := samplesWithCache(t)
	write := func(st *cache.Store) []byte {
		var buf bytes.Buffer
		if _, err := Write(&buf, &render.Input{Book: b, Engine: testEngine(t), Cache: st}, o); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	plain := write(nil)
	if !bytes.Equal(write(store), plain) {
		t.Fatal("a build filling the cache differs from one without")
	}
	in := &render.Input{Book: b, Engine: testEngine(t), Cache: store}
	s := newSetup(b, o)
	s.footDrops(in.Engine)
	l := &bookLayout{s: s, e: in.Engine, b: b, arts: map[string]*collection.Article{}, cache: newArticleCache(in, o)}
	for _, a := range b.Articles {
		l.arts[a.Path] = a
	}
	for _, a := range b.Articles {
		_, memo := l.cache.layout(l, a)
		if memo.Misses() != 0 || memo.Hits() < 5 {
			t.Errorf("%s: %d layouts from the cache, %d made again", a.Path, memo.Hits(), memo.Misses())
		}
	}
	if !bytes.Equal(write(store), plain) {
		t.Error("a build from the cache differs from one without")
	}
	// Other options lay out afresh: they are another entry.
	o.FontSize = 12
	l.cache = newArticleCache(in, o)
	if _, memo := l.cache.layout(l, b.Articles[0]); memo.Hits() != 0 {
		t.Errorf("another font size found %d layouts", memo.Hits())
	}
}

// BenchmarkLayoutCache lays out every article of a 1,000-article corpus,
// one after the other, as the PDF's layout stage does: without a cache,
// filling an empty one, and from a full one (what a rebuild after an edit
// does for every article but the edited one).
//
//	go test ./export/pdf -run '^$' -bench LayoutCache -benchtime 2x
func BenchmarkLayoutCache(b *testing.B) {
	dir := b.TempDir()
	if err := corpus.Generate(dir, 1000, 1); err != nil {
		b.Fatal(err)
	}
	bk, err := collection.Load(dir, collection.Options{Formats: testFormats})
	if err != nil {
		b.Fatal(err)
	}
	e := testEngine(b)
	o := bk.Formats["pdf"].(Options)
	layout := func(b *testing.B, store *cache.Store) {
		in := &render.Input{Book: bk, Engine: e, Cache: store}
		s := newSetup(bk, o)
		s.footDrops(e)
		l := &bookLayout{s: s, e: e, b: bk, arts: map[string]*collection.Article{}, cache: newArticleCache(in, o)}
		for _, a := range bk.Articles {
			l.layoutCached(a)
		}
	}
	b.Run("none", func(b *testing.B) {
		for b.Loop() {
			layout(b, nil)
		}
	})
	b.Run("filling", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			store, _ := cache.Open(b.TempDir(), 0)
			b.StartTimer()
			layout(b, store)
			store.Flush() // the writes are part of filling
		}
	})
	b.Run("full", func(b *testing.B) {
		store, _ := cache.Open(b.TempDir(), 0)
		b.Cleanup(store.Flush) // its writes end before its directory goes
		layout(b, store)
		for b.Loop() {
			layout(b, store)
		}
	})
}

// The page cache: a second build draws no body page of an article again
// and writes the bytes of a build without a cache. After an edit that
// makes the book's first article pages longer, every later page has
// another number, the pages that kept their bodies are taken from the
// cache, some with their glyphs renumbered (the new text draws glyphs
// first), and the PDF is still byte for byte that of a build without one.
func TestPageCache(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(samplesDir())); err != nil {
		t.Fatal(err)
	}
	store, err := cache.Open(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(store.Flush) // its writes end before its directory goes
	load := func() *collection.Book {
		t.Helper()
		b, err := collection.Load(dir, collection.Options{Formats: testFormats})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	// early is whether the last build gave its page breaks before it
	// finished (Input.Paginated): only a build mostly from the cache does,
	// or one of a small book.
	var early bool
	write := func(b *collection.Book, st *cache.Store, stats *pageStats) ([]byte, render.Result) {
		t.Helper()
		var buf bytes.Buffer
		var given []render.PageBreak
		early = false
		in := &render.Input{Book: b, Engine: testEngine(t), Cache: st, Paginated: func(br []render.PageBreak) {
			if buf.Len() == 0 || early {
				t.Error("page breaks given before the pages were written, or twice")
			}
			early, given = true, br
		}}
		res, err := write(&buf, in, b.Formats["pdf"].(Options), nil, stats)
		if err != nil {
			t.Fatal(err)
		}
		if early && !reflect.DeepEqual(given, res.PageBreaks) {
			t.Error("the page breaks given early are not the result's")
		}
		return buf.Bytes(), res
	}
	b := load()
	plain, res := write(b, nil, nil)
	// A small book gives them early even on a cold build (smallBook); the
	// rest of the test takes this one for a large book.
	if !early {
		t.Error("a small book's cold build did not give its page breaks before it finished")
	}
	defer func(old int) { smallBookBytes = old }(smallBookBytes)
	smallBookBytes = 0
	var fill, warm pageStats
	if got, _ := write(b, store, &fill); !bytes.Equal(got, plain) {
		t.Fatal("a build filling the cache differs from one without")
	}
	if early {
		t.Error("a build filling the cache gave its page breaks early")
	}
	if fill.replayed != 0 || fill.stored < res.Pages/2 || fill.stored != fill.recorded {
		t.Errorf("filling: %+v for %d pages", fill, res.Pages)
	}
	if got, _ := write(b, store, &warm); !bytes.Equal(got, plain) {
		t.Fatal("a build from the cache differs from one without")
	}
	if !early {
		t.Error("a build from the cache did not give its page breaks before it finished")
	}
	if warm.recorded != 0 || warm.replayed != fill.stored || warm.patched != 0 {
		t.Errorf("from a full cache: %+v, want every one of %d bodies replayed as it was", warm, fill.stored)
	}
	// Every article paginated from its skeleton; the two with images
	// (pages never kept) laid out for them.
	if warm.skeletal != len(b.Articles) || warm.expanded != 2 {
		t.Errorf("from a full cache: %d of %d articles from their skeletons, %d laid out after all (want 2)", warm.skeletal, len(b.Articles), warm.expanded)
	}

	// Four new paragraphs at the end of the first article, with Latin
	// words whose glyphs the book did not draw before.
	first := filepath.Join(dir, b.Articles[0].Path)
	src, err := os.ReadFile(first)
	if err != nil {
		t.Fatal(err)
	}
	more := "\n\nفقرة زادها المحرر بعد القراءة الثانية، وفيها كلمات لاتينية: Xylography, quixotic jazz, Kwazulu. " +
		strings.Repeat("وكان الورّاق يعرف أن الكتاب لا يكتمل إلا بقارئه، فيترك في الهامش مكانًا لتعليقه. ", 12)
	if err := os.WriteFile(first, append(src, strings.Repeat(more, 4)...), 0o644); err != nil {
		t.Fatal(err)
	}
	b = load()
	cold, res2 := write(b, nil, nil)
	if res2.Pages == res.Pages {
		t.Fatalf("the edit left the book at %d pages", res.Pages)
	}
	var edit pageStats
	if got, _ := write(b, store, &edit); !bytes.Equal(got, cold) {
		t.Fatal("after the edit, the build from the cache differs from one without")
	}
	if edit.replayed < fill.stored*3/4 || edit.patched == 0 || edit.recorded == 0 || edit.skeletal != len(b.Articles)-1 {
		t.Errorf("after the edit: %+v (%d bodies before, %d pages now, %d before)", edit, fill.stored, res2.Pages, res.Pages)
	}
	t.Logf("filling %+v; warm %+v; after the edit %+v; %d pages, then %d", fill, warm, edit, res.Pages, res2.Pages)
}

// A skeleton is kept under the hash of what the article is laid out from:
// changing any of it, in the article, its text, the book's particulars or
// another article's slug (links resolve through it), changes the hash.
func TestSkeletonKeyCoversInputs(t *testing.T) {
	b, err := collection.Load(samplesDir(), collection.Options{Formats: testFormats})
	if err != nil {
		t.Fatal(err)
	}
	l := &bookLayout{b: b, linkTable: linkTable(b)}
	a := b.Articles[1]
	base, ok := l.inputKey(a)
	if !ok {
		t.Fatal("the article cannot be hashed")
	}
	if again, _ := l.inputKey(a); again != base {
		t.Fatal("the hash is not stable")
	}
	// The article holds its model encoded: a change to the text is one
	// to a decoded copy, given back to it.
	model := a.Model()
	var para *doc.Text
	doc.InspectDocument(model, func(n any) bool {
		if x, ok := n.(*doc.Text); ok && para == nil {
			para = x
		}
		return para == nil
	})
	if para == nil {
		t.Fatal("no text in the article")
	}
	changes := []struct {
		what         string
		change, undo func()
	}{
		{"its title", func() { a.Title += "!" }, func() { a.Title = a.Title[:len(a.Title)-1] }},
		{"its date", func() { a.Date = a.Date.AddDate(0, 0, 1) }, func() { a.Date = a.Date.AddDate(0, 0, -1) }},
		{"a word of its text", func() { para.Text += "x"; a.SetModel(model) },
			func() { para.Text = para.Text[:len(para.Text)-1]; a.SetModel(model) }},
		{"the book's title", func() { b.Meta.Title += "!" }, func() { b.Meta.Title = b.Meta.Title[:len(b.Meta.Title)-1] }},
		{"its part's title", func() { a.Part.Title += "!" }, func() { a.Part.Title = a.Part.Title[:len(a.Part.Title)-1] }},
		{"another article's slug", func() { b.Articles[0].Slug += "x"; l.linkTable = linkTable(b) },
			func() {
				b.Articles[0].Slug = b.Articles[0].Slug[:len(b.Articles[0].Slug)-1]
				l.linkTable = linkTable(b)
			}},
	}
	for _, c := range changes {
		c.change()
		if k, ok := l.inputKey(a); !ok || k == base {
			t.Errorf("changing %s left the hash as it was", c.what)
		}
		c.undo()
		if k, _ := l.inputKey(a); k != base {
			t.Errorf("undoing the change of %s did not give the hash back", c.what)
		}
	}
}
