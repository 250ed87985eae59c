package render

import (
	"reflect"
	"sync"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/internal/cache"
)

// Digests are the articles' digests for one build, each made once,
// whichever format asks first: the formats' caches find an article's work
// by its digest and what else that work depends on.
type Digests struct {
	of map[*collection.Article]*digest
}

type digest struct {
	once sync.Once
	sum  [32]byte
	ok   bool
}

// NewDigests makes the digests of b's articles, as they are asked for.
func NewDigests(b *collection.Book) *Digests {
	d := &Digests{of: map[*collection.Article]*digest{}}
	for _, a := range b.Articles {
		d.of[a] = &digest{}
	}
	return d
}

// Of is the digest of article a: the SHA-256 of every exported field of it,
// followed through pointers and interfaces (cache.Hasher), its part by the
// part's title, and of its document model as the article holds it
// (collection.Article.ModelData) with the image files it shows; false when
// something in it cannot be hashed. On a nil Digests, or for an article of
// another book, it is made anew.
func (d *Digests) Of(a *collection.Article) ([32]byte, bool) {
	if d == nil || d.of[a] == nil {
		return ArticleDigest(a)
	}
	e := d.of[a]
	e.once.Do(func() { e.sum, e.ok = ArticleDigest(a) })
	return e.sum, e.ok
}

// ArticleDigest makes article a's digest (see Digests.Of).
func ArticleDigest(a *collection.Article) (sum [32]byte, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	h := cache.NewHasher()
	v := reflect.ValueOf(a).Elem()
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		switch {
		case !f.IsExported():
		case f.Name == "Part":
			if a.Part != nil {
				h.Str(a.Part.Title)
			}
		default:
			h.Str(f.Name)
			h.Value(v.Field(i))
		}
	}
	if !hashModel(h, a) {
		return sum, false
	}
	return h.Sum(), true
}

// hashModel appends article a's model to h: its encoding, which writes
// every field of every node (export/doc's tests fail when a field is added
// without it) and reads back as the same model, so two models give the
// same bytes only when they are equal (what following the tree by
// reflection would cover, for a fraction of the time), then the files its
// images show, which the encoding gives by number. False when the model
// could not be encoded.
func hashModel(h *cache.Hasher, a *collection.Article) bool {
	data, ok := a.ModelData()
	if !ok {
		return false
	}
	h.Str("model")
	h.Uint(uint64(len(data)))
	h.Raw(data)
	h.Value(reflect.ValueOf(a.Assets())) // every field of each file, as the rest of the article
	return true
}
