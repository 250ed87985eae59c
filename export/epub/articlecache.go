package epub

import (
	"maps"
	"reflect"
	"slices"
	"sync"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/internal/cache"
	"github.com/warraq/warraq/internal/cache/wire"
	"github.com/warraq/warraq/internal/par"
	"github.com/warraq/warraq/templates"
)

// An article's page is a function of the article (every exported field of
// it and of its document model: its digest, render.Digests),
// the print pages that begin in it (which block, which word, which number),
// the book's particulars, the names of every article's page (links), the
// templates and this Warraq. So a rebuild need not make it again: an
// article entry keeps, under the hash of all that, the key of the page's
// entry in the page cache (its text and deflated bytes, pagecache.go) and
// the page markers it wrote (for the page list), with the page's text and
// deflated bytes as the page cache keeps them (pagecache.go; an article's
// page is kept there no more, a second file for each article having made
// filling the cache dearer). An unchanged article's page is then neither
// written, read nor compressed; an article
// whose print pages moved (an edit before it made the book a page longer)
// has its page made again. An article with an image is always made again:
// its page claims the image's name in the package as it is written.

// articleCacheVersion changes whenever an article entry's key or contents
// change meaning.
const articleCacheVersion = 1

type articleCache struct {
	store *cache.Store
	book  [32]byte // what every article's key shares
}

// newArticleCache is the article cache of p's book, nil when there is no
// page cache or the book's templates cannot be told apart from others.
func (p *packager) newArticleCache(pages *pageCache) (c *articleCache) {
	if pages == nil {
		return nil
	}
	defer func() {
		if recover() != nil {
			c = nil
		}
	}()
	h := cache.NewHasher()
	h.Str("epub-article")
	h.Uint(articleCacheVersion)
	h.Raw(pages.prefix) // this Warraq, and what the page entries depend on
	h.Value(reflect.ValueOf(p.b.Meta))
	// All of book.yaml besides, whether the pages read it or not: a
	// setting missed above can only make misses.
	h.Value(reflect.ValueOf(p.b.Config))
	h.Uint(uint64(p.opt.TOCDepth))
	h.Str(p.lang)
	h.Str(p.dir)
	h.Bool(p.b.Style != nil)
	switch tpl := p.opt.Templates; {
	case tpl == nil || tpl == templates.Builtin():
		h.Str("built-in templates")
	case len(p.b.Templates) > 0:
		// The pipeline parses these over the built-in ones, and nothing else.
		h.Str("the book's templates")
		h.Value(reflect.ValueOf(p.b.Templates))
	default:
		return nil // a set that is not the book's: not known by its files
	}
	// Links: the page each article's path leads to.
	h.Uint(uint64(len(p.b.Articles)))
	for _, a := range p.b.Articles {
		h.Str(a.Path)
		h.Str(p.docs[a])
	}
	return &articleCache{store: pages.store, book: h.Sum()}
}

// key hashes what article a's page, written as name, is made from; false
// for an article that is not kept (it has an image, or something in it
// cannot be hashed).
func (c *articleCache) key(p *packager, a *collection.Article, name string) (key [32]byte, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	art, ok := p.opt.Digests.Of(a)
	if !ok {
		return key, false
	}
	if a.HasImage() {
		return key, false
	}
	ap := p.pages[a]
	h := cache.NewHasher()
	h.Raw(c.book[:])
	h.Raw(art[:])
	h.Str(name)
	if ap == nil {
		h.Str("no pages")
		return h.Sum(), true
	}
	h.Value(reflect.ValueOf(ap.start))
	// The blocks by their place in the document (which its digest fixes).
	for _, n := range slices.Sorted(maps.Keys(ap.blocks)) {
		if n < 1 || n > a.ModelBlocks() {
			return key, false // not a block of the article's
		}
		h.Uint(uint64(n - 1))
		h.Value(reflect.ValueOf(ap.blocks[n]))
	}
	return h.Sum(), true
}

// get returns the marker ids of the page kept under key, and a reader of
// its text and deflated bytes (for readPage), checked whole.
func (c *articleCache) get(key [32]byte) (ids []string, page wire.Reader, ok bool) {
	data, ok := c.store.Get(key)
	if !ok {
		return nil, page, false
	}
	return decodeArticle(data)
}

// decodeArticle reads what put wrote: false if it is damaged.
func decodeArticle(data []byte) (ids []string, page wire.Reader, ok bool) {
	r := wire.NewReader(data)
	for range r.Count() {
		ids = append(ids, r.Str())
	}
	page = r
	readPage(&r, nil)
	if r.End() != nil {
		return nil, page, false
	}
	return ids, page, true
}

// put keeps an article's page under key.
func (c *articleCache) put(key [32]byte, ids []string, pt *pageText, pd *packedData) {
	w := wire.NewWriter(nil)
	w.Uint(uint64(len(ids)))
	for _, id := range ids {
		w.Str(id)
	}
	c.store.Put(key, appendPage(w.Data(), pt, pd))
}

// keptArticle is an article's page as an earlier build made it.
type keptArticle struct {
	packed *packedData
	ids    []string
}

// missedArticle is an article whose page is made anew, to be kept once
// its page's key is known.
type missedArticle struct {
	key [32]byte
	ids []string
}

// lookUpArticles finds, in parallel, the articles whose pages an earlier
// build made: their text goes to the packer's now, their deflated pages
// and markers to p.kept. The others' keys go to p.missed.
func (p *packager) lookUpArticles(k *pagePacker) {
	c := p.articles
	if c == nil || k == nil {
		return
	}
	k.artc = c
	var arts []*collection.Article
	names := map[*collection.Article]string{}
	for _, part := range p.b.Parts {
		for _, a := range part.Articles {
			if name, ok := p.docs[a]; ok {
				arts = append(arts, a)
				names[a] = name
			}
		}
	}
	kept := make([]*keptArticle, len(arts))
	keys := make([][32]byte, len(arts))
	keyed := make([]bool, len(arts))
	var mu sync.Mutex
	// Nothing here fails: an article not found is made.
	_ = par.Each(len(arts), par.Limit(), func(i int) string { return arts[i].Path }, func(i int) error {
		key, ok := c.key(p, arts[i], names[arts[i]])
		if !ok {
			return nil
		}
		keys[i], keyed[i] = key, true
		ids, page, ok := c.get(key)
		if !ok {
			return nil
		}
		mu.Lock()
		pd := readPage(&page, k.text)
		mu.Unlock()
		kept[i] = &keptArticle{packed: pd, ids: ids}
		return nil
	})
	p.kept = map[*collection.Article]*keptArticle{}
	p.missed = map[*collection.Article][32]byte{}
	for i, a := range arts {
		switch {
		case kept[i] != nil:
			p.kept[a] = kept[i]
		case keyed[i]:
			p.missed[a] = keys[i]
		}
	}
}
