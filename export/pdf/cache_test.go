package pdf

import (
	"bytes"
	"testing"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/render"
	"github.com/warraq/warraq/internal/cache"
	"github.com/warraq/warraq/internal/corpus"
)

// A build with a cache fills it, and the next finds every paragraph of
// every article there: none is shaped or broken again. The PDF is the same.
func TestCacheHits(t *testing.T) {
	b, err := collection.Load(samplesDir(), collection.Options{Formats: testFormats})
	if err != nil {
		t.Fatal(err)
	}
	store, err := cache.Open(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	o := b.Formats["pdf"].(Options)
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
		}
	})
	b.Run("full", func(b *testing.B) {
		store, _ := cache.Open(b.TempDir(), 0)
		layout(b, store)
		for b.Loop() {
			layout(b, store)
		}
	})
}
