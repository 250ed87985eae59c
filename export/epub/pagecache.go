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
	pt := newPageText()
	pd := r.page(pt)
	if r.bad || len(r.b) != 0 {
		return nil, nil, false
	}
	return pt, pd, true
}

// page reads a page's text and deflated bytes (appendPage): the text is
// added to what dst holds, so that pages read one after another are merged
// without sets of their own, and a word already there is not allocated
// again; a nil dst only checks the entry. The deflated bytes are the
// entry's own (nil when checking).
func (r *entryReader) page(dst *pageText) *packedData {
	for range r.count() {
		st := textStyle{role: text.Role(r.uint()), bold: r.uint() == 1, italic: r.uint() == 1, lang: r.str()}
		var set map[rune]bool
		if dst != nil {
			if set = dst.styles[st]; set == nil {
				set = map[rune]bool{}
				dst.styles[st] = set
			}
		}
		r.runesInto(set)
	}
	var all map[rune]bool
	if dst != nil {
		all = dst.runes
	}
	r.runesInto(all)
	for range r.count() {
		lang := string(r.raw())
		var ws map[string]bool
		if dst != nil {
			if ws = dst.words[lang]; ws == nil {
				ws = map[string]bool{}
				dst.words[lang] = ws
			}
		}
		for range r.count() {
			if w := r.raw(); ws != nil && !ws[string(w)] {
				ws[string(w)] = true
			}
		}
	}
	pd := &packedData{crc: uint32(r.uint()), size: r.uint()}
	pd.data = r.raw()
	if dst == nil {
		return nil
	}
	return pd
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

func (r *entryReader) str() string { return string(r.raw()) }

// raw reads a length and as many bytes, not copied.
func (r *entryReader) raw() []byte {
	n := r.count()
	b := r.b[:n:n]
	r.b = r.b[n:]
	return b
}

// runesInto reads a set of runes into set (nil: skipped).
func (r *entryReader) runesInto(set map[rune]bool) {
	for range r.count() {
		c := rune(r.uint())
		if set != nil {
			set[c] = true
		}
	}
}
