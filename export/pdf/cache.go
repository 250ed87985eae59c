package pdf

import (
	"fmt"
	"sync/atomic"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/render"
	"github.com/warraq/warraq/export/text"
	"github.com/warraq/warraq/internal/cache"
)

// articleCache keeps each article's paragraph layouts between builds: the
// shaping and line breaking that take most of the PDF's time. An entry
// is an article's text.Memo, found by the article's path in this book
// with these fonts, options and this Warraq; inside it each layout is found
// by the hash of the paragraph it was made from, so an edited article
// reuses the paragraphs it kept, and a stale entry can only miss, never
// give a paragraph another's lines.
type articleCache struct {
	store  *cache.Store
	prefix []byte
	engine *text.Engine
	// skeletal counts the articles paginated from their skeletons.
	skeletal atomic.Int64
}

// warm reports whether most of a book of n articles was paginated from
// the cache: a rebuild, whose EPUB finds most of its pages in the cache
// too. Only then is the EPUB started while the PDF writes its end: a cold
// build's EPUB alongside the PDF's structure tree took a 1,000-article
// build's peak memory from 145 MB to 302 MB.
func (c *articleCache) warm(n int) bool {
	return c != nil && c.skeletal.Load()*2 > int64(n)
}

// smallBook reports whether b's Markdown is at most smallBookBytes, a book
// whose EPUB may start while the PDF writes its end even on a cold build:
// its memory is no concern, and the PDF's end (contents, outline, fonts,
// the last object streams) runs on one core while the other would wait.
// A cold ten-article build's second core then idled some 15 ms instead of
// some 30 (runtime traces, 4 of each).
func smallBook(b *collection.Book) bool {
	total := 0
	for _, a := range b.Articles {
		total += a.Bytes
	}
	return total <= smallBookBytes
}

// smallBookBytes is the most Markdown a small book has (smallBook): about
// 150 generated articles, as for the command's memory limits. A variable
// for the tests.
var smallBookBytes = 1 << 20

func newArticleCache(in *render.Input, o Options) *articleCache {
	id := cache.BuildID()
	if in.Cache == nil || id == nil {
		return nil
	}
	fp := in.Engine.FontSet().Fingerprint()
	b := in.Book
	prefix := fmt.Appendf(nil, "pdf-layout\x00%x\x00%x\x00%s\x00%#v\x00%s %s %v", id, fp, b.Root, o,
		b.Meta.Language, b.Meta.Direction, b.Meta.NativeDigits)
	return &articleCache{store: in.Cache, prefix: prefix, engine: in.Engine}
}

// layoutCached lays article a out, taking what it can from the cache and
// storing what it made.
func (l *bookLayout) layoutCached(a *collection.Article) *laidArticle {
	if l.cache == nil {
		return layoutArticle(l.s, l.e, l.arts, a)
	}
	la, _ := l.cache.layout(l, a)
	return la
}

// layout is layoutCached with the memo it used, for tests to count its hits.
func (c *articleCache) layout(l *bookLayout, a *collection.Article) (*laidArticle, *text.Memo) {
	key := cache.Key(c.prefix, []byte(a.Path))
	var memo *text.Memo
	if data, ok := c.store.Get(key); ok {
		memo, _ = text.DecodeMemo(c.engine, data) // a bad entry is a miss
	}
	if memo == nil {
		memo = text.NewMemo()
	}
	la := layoutWith(l.s, l.e, memo, l.arts, a)
	if memo.Changed() {
		c.store.Put(key, memo.Encode(c.engine))
	}
	return la, memo
}
