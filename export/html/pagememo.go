package html

import (
	"reflect"

	"github.com/warraq/warraq/internal/cache"
	"github.com/warraq/warraq/templates"
)

// The live preview rebuilds the site after every save, and an article's
// page is the same bytes as long as what it is made from is: the article
// (every exported field of it and of its document model, its digest,
// render.Digests), its place in the book, the book's particulars and
// book.yaml, the site's options and stylesheets, the templates, and the
// page names, titles and languages of every article (its links and its
// previous and next). A Cache keeps each page under the hash of all that
// for the next build; an article with an image is always made again (its
// page names the image as the site names it). What one build did not use
// is dropped at the next.

// pageContext is what every article page's key shares, or false when the
// pages cannot be kept: no cache, templates not known by their files, or
// something that cannot be hashed.
func (s *site) pageContext() (sum [32]byte, ok bool) {
	if s.cache == nil {
		return sum, false
	}
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	h := cache.NewHasher()
	h.Str("html-article")
	h.Value(reflect.ValueOf(s.b.Meta))
	h.Value(reflect.ValueOf(s.b.Config))
	h.Value(reflect.ValueOf(s.o))
	h.Str(s.lang)
	h.Str(s.dir)
	h.Bool(s.native)
	h.Uint(uint64(len(s.styles)))
	for _, st := range s.styles {
		h.Str(st)
	}
	switch {
	case s.tpl == templates.Builtin():
		h.Str("built-in templates")
	case len(s.b.Templates) > 0 && s.in.Templates == s.tpl:
		// The pipeline parses these over the built-in ones, and nothing else.
		h.Str("the book's templates")
		h.Value(reflect.ValueOf(s.b.Templates))
	default:
		return sum, false
	}
	h.Uint(uint64(len(s.b.Articles)))
	for _, a := range s.b.Articles {
		h.Str(a.Path)
		h.Str(s.pages[a.Path])
		h.Str(a.Title)
		h.Str(a.Slug)
		h.Str(a.Lang)
		h.Str(a.Dir)
	}
	return h.Sum(), true
}

// pageKey is the key of the i-th article's page, false when it is not kept.
func (s *site) pageKey(context [32]byte, i int) (key [32]byte, ok bool) {
	a := s.b.Articles[i]
	if a.HasImage() {
		return key, false
	}
	art, ok := s.in.Digests.Of(a)
	if !ok {
		return key, false
	}
	h := cache.NewHasher()
	h.Raw(context[:])
	h.Raw(art[:])
	h.Uint(uint64(i))
	return h.Sum(), true
}

// startPages begins a build's use of c's pages: those the last build used
// can be found, and what this one uses is kept for the next.
func (c *Cache) startPages() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lastPages, c.pages = c.pages, map[[32]byte][]byte{}
}

// page returns the page kept under key.
func (c *Cache) page(key [32]byte) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p, ok := c.pages[key]; ok {
		return p, true
	}
	p, ok := c.lastPages[key]
	if ok {
		c.pages[key] = p
	}
	return p, ok
}

// keepPage keeps page under key for the next build.
func (c *Cache) keepPage(key [32]byte, page []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pages[key] = page
	c.made++
}
