package epub

import (
	"encoding/binary"
	"fmt"
	"maps"
	"slices"

	"github.com/warraq/warraq/export/text"
	"github.com/warraq/warraq/internal/cache"
)

// A rebuild makes every XHTML page again (cheap), but reading each page's
// text for the fonts and deflating it for the zip are not: both are kept
// in the build cache under the hash of the page's bytes, so a page an edit
// left as it was is neither parsed nor compressed again. An entry is a
// function of its key (the page's bytes, how emphasis is set, the
// languages with families of their own, this Warraq), so a build from the
// cache writes what a build without it writes.

// pageCacheVersion changes whenever a page entry's key or contents change
// meaning.
const pageCacheVersion = 1

type pageCache struct {
	store  *cache.Store
	prefix []byte
}

func newPageCache(store *cache.Store, italic bool, own map[string]bool) *pageCache {
	id := cache.BuildID()
	if store == nil || id == nil {
		return nil
	}
	langs := slices.Sorted(maps.Keys(own))
	return &pageCache{store: store, prefix: fmt.Appendf(nil, "epub-page\x00%d\x00%x\x00%v\x00%q\x00%d", pageCacheVersion, id, italic, langs, zipLevel)}
}

func (c *pageCache) key(page []byte) [32]byte { return cache.Key(c.prefix, page) }

// get returns the text and the deflated bytes of the page kept under key.
func (c *pageCache) get(key [32]byte) (*pageText, *packedData, bool) {
	data, ok := c.store.Get(key)
	if !ok {
		return nil, nil, false
	}
	r := entryReader{b: data}
	pt, pd := r.page()
	if r.bad || len(r.b) != 0 {
		return nil, nil, false
	}
	return pt, pd, true
}

// page reads a page's text and deflated bytes (appendPage).
func (r *entryReader) page() (*pageText, *packedData) {
	pt := newPageText()
	for range r.count() {
		st := textStyle{role: text.Role(r.uint()), bold: r.uint() == 1, italic: r.uint() == 1, lang: r.str()}
		pt.styles[st] = r.runes()
	}
	pt.runes = r.runes()
	for range r.count() {
		lang := r.str()
		ws := map[string]bool{}
		for range r.count() {
			ws[r.str()] = true
		}
		pt.words[lang] = ws
	}
	pd := &packedData{crc: uint32(r.uint()), size: r.uint()}
	pd.data = []byte(r.str())
	return pt, pd
}

// put keeps a page's text and deflated bytes under key.
func (c *pageCache) put(key [32]byte, pt *pageText, pd *packedData) {
	c.store.Put(key, appendPage(nil, pt, pd))
}

// appendPage appends a page's text and deflated bytes to b.
func appendPage(b []byte, pt *pageText, pd *packedData) []byte {
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	runes := func(set map[rune]bool) {
		rs := slices.Sorted(maps.Keys(set))
		b = binary.AppendUvarint(b, uint64(len(rs)))
		for _, r := range rs {
			b = binary.AppendUvarint(b, uint64(r))
		}
	}
	flag := func(v bool) uint64 {
		if v {
			return 1
		}
		return 0
	}
	b = binary.AppendUvarint(b, uint64(len(pt.styles)))
	for st, rs := range pt.styles {
		b = binary.AppendUvarint(b, uint64(st.role))
		b = binary.AppendUvarint(b, flag(st.bold))
		b = binary.AppendUvarint(b, flag(st.italic))
		str(st.lang)
		runes(rs)
	}
	runes(pt.runes)
	b = binary.AppendUvarint(b, uint64(len(pt.words)))
	for lang, ws := range pt.words {
		str(lang)
		b = binary.AppendUvarint(b, uint64(len(ws)))
		for w := range ws {
			str(w)
		}
	}
	b = binary.AppendUvarint(b, uint64(pd.crc))
	b = binary.AppendUvarint(b, pd.size)
	str(string(pd.data))
	return b
}

// entryReader reads what put wrote; a short or malformed entry sets bad.
type entryReader struct {
	b   []byte
	bad bool
}

func (r *entryReader) uint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.bad = true
		r.b = nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a length, no more than the bytes left could hold.
func (r *entryReader) count() int {
	n := r.uint()
	if n > uint64(len(r.b)) {
		r.bad = true
		r.b = nil
		return 0
	}
	return int(n)
}

func (r *entryReader) str() string {
	n := r.count()
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *entryReader) runes() map[rune]bool {
	set := map[rune]bool{}
	for range r.count() {
		set[rune(r.uint())] = true
	}
	return set
}
