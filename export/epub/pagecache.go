package epub

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"

	"github.com/warraq/warraq/export/text"
	"github.com/warraq/warraq/internal/cache"
	"github.com/warraq/warraq/internal/cache/wire"
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
const pageCacheVersion = 2

type pageCache struct {
	store  *cache.Store
	prefix []byte
}

func newPageCache(store *cache.Store, italic bool, own map[string]bool, textOnly bool) *pageCache {
	id := cache.BuildID()
	if store == nil || id == nil {
		return nil
	}
	langs := slices.Sorted(maps.Keys(own))
	// Entries of pages read for their text only (pagePacker.textOnly) lack
	// the page's bytes, so they are found under other keys.
	return &pageCache{store: store, prefix: fmt.Appendf(nil, "epub-page\x00%d\x00%x\x00%v\x00%q\x00%s\x00%v", pageCacheVersion, id, italic, langs, deflateID, textOnly)}
}

func (c *pageCache) key(page []byte) [32]byte { return cache.Key(c.prefix, page) }

// get returns the text and the deflated bytes of the page kept under key.
func (c *pageCache) get(key [32]byte) (*pageText, *packedData, bool) {
	data, ok := c.store.Get(key)
	if !ok {
		return nil, nil, false
	}
	return decodePage(data)
}

// decodePage reads what put wrote: false if it is damaged.
func decodePage(data []byte) (*pageText, *packedData, bool) {
	r := wire.NewReader(data)
	pt := newPageText()
	pd := readPage(&r, pt)
	if r.End() != nil {
		return nil, nil, false
	}
	return pt, pd, true
}

// readPage reads a page's text and deflated bytes (appendPage): the text
// is added to what dst holds, so that pages read one after another are
// merged without sets of their own, and a word already there is not
// allocated again; a nil dst only checks the entry. The deflated bytes
// are the entry's own (nil when checking). A damaged entry fails r.
func readPage(r *wire.Reader, dst *pageText) *packedData {
	for range r.Count() {
		st := textStyle{role: text.Role(r.Uint()), bold: r.Bool(), italic: r.Bool(), lang: r.Str()}
		var set map[rune]bool
		if dst != nil {
			if set = dst.styles[st]; set == nil {
				set = map[rune]bool{}
				dst.styles[st] = set
			}
		}
		readRunes(r, set)
	}
	var all map[rune]bool
	if dst != nil {
		all = dst.runes
	}
	readRunes(r, all)
	for range r.Count() {
		lang := r.Str()
		var ws map[string]bool
		if dst != nil {
			if ws = dst.words[lang]; ws == nil {
				ws = map[string]bool{}
				dst.words[lang] = ws
			}
		}
		for range r.Count() {
			if w := r.Raw(); ws != nil && !ws[string(w)] {
				ws[string(w)] = true
			}
		}
	}
	pd := &packedData{crc: uint32(r.Uint()), size: r.Uint()}
	pd.data = r.Raw()
	if dst == nil {
		return nil
	}
	return pd
}

// readRunes reads a set of runes into set (nil: skipped).
func readRunes(r *wire.Reader, set map[rune]bool) {
	for range r.Count() {
		c := rune(r.Index(unicode.MaxRune + 1))
		if set != nil {
			set[c] = true
		}
	}
}

// put keeps a page's text and deflated bytes under key.
func (c *pageCache) put(key [32]byte, pt *pageText, pd *packedData) {
	c.store.Put(key, appendPage(nil, pt, pd))
}

// appendPage appends a page's text and deflated bytes to b (in
// internal/cache/wire's fields). The sets are written in order, so that an
// entry is a function of the page alone, as the book is.
func appendPage(b []byte, pt *pageText, pd *packedData) []byte {
	w := wire.NewWriter(b)
	runes := func(set map[rune]bool) {
		rs := slices.Sorted(maps.Keys(set))
		w.Uint(uint64(len(rs)))
		for _, r := range rs {
			w.Uint(uint64(r))
		}
	}
	w.Uint(uint64(len(pt.styles)))
	for _, st := range slices.SortedFunc(maps.Keys(pt.styles), compareStyles) {
		w.Uint(uint64(st.role))
		w.Bool(st.bold)
		w.Bool(st.italic)
		w.Str(st.lang)
		runes(pt.styles[st])
	}
	runes(pt.runes)
	w.Uint(uint64(len(pt.words)))
	for _, lang := range slices.Sorted(maps.Keys(pt.words)) {
		ws := pt.words[lang]
		w.Str(lang)
		w.Uint(uint64(len(ws)))
		for _, word := range slices.Sorted(maps.Keys(ws)) {
			w.Str(word)
		}
	}
	w.Uint(uint64(pd.crc))
	w.Uint(pd.size)
	w.Raw(pd.data)
	return w.Data()
}

// compareStyles orders text styles by role, weight, slant and language.
func compareStyles(a, b textStyle) int {
	if c := cmp.Compare(a.role, b.role); c != 0 {
		return c
	}
	if a.bold != b.bold {
		return boolOrder(a.bold)
	}
	if a.italic != b.italic {
		return boolOrder(a.italic)
	}
	return strings.Compare(a.lang, b.lang)
}

// boolOrder puts false before true: 1 for the true side of a pair that
// differs, -1 for the false one.
func boolOrder(v bool) int {
	if v {
		return 1
	}
	return -1
}
