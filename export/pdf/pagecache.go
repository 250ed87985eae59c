package pdf

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"math"
	"slices"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/pdfwriter"
	"github.com/warraq/warraq/export/text"
	"github.com/warraq/warraq/internal/cache"
	"github.com/warraq/warraq/internal/cache/wire"
)

// The page cache keeps each body page's drawing between builds: its
// content stream, compressed, and what drawing it did to the document
// (pdfwriter's Recording). Pagination runs every time (it is cheap, and
// where pages break, their numbers, destinations and the EPUB's page list
// come from it); drawing a page is skipped when the cache has a page drawn
// from the same rows at the same places. An article's entry is found like
// its layouts (cache.go), by its path in this book with these fonts,
// options and this Warraq; inside it each page is found by the hash of
// everything its body draws: each row's lines (every field, text's
// LineWriter), rectangles, rules, their places and the structure elements
// they belong to (by their place in the article's tree), the notes and
// their rule. The running head and folio are drawn anew on every page,
// after the body and compressed apart from it (pdfwriter), so pages that
// move keep their bodies. A stale page can only miss: what it draws is its
// key.

// pageCacheVersion changes whenever a page's key or entry changes meaning.
const pageCacheVersion = 4

// pageEntryKey is where an article's pages are kept.
func (c *articleCache) pageEntryKey(path string) [32]byte {
	return cache.Key(c.prefix, []byte("\x00pages\x00"), []byte(path))
}

// articlePages is an article's cached pages (by key, as encoded) and the
// pages this build drew or took from them, for the entry written back.
type articlePages struct {
	cached map[[32]byte][]byte
	used   map[[32]byte][]byte
	fresh  bool // a page was drawn anew, or one cached was not used
	elems  []*pdfwriter.StructElem
	ids    map[*snode]int // the article's structure nodes, in tree order
}

// prepare is the layout workers' work on article a, in parallel: with a
// cache, its entry is read; an article whose skeleton is there under the
// hash of what it is laid out from is taken from it, any other is laid
// out (from the layout cache) and its rows keyed.
func (l *bookLayout) prepare(a *collection.Article) *laidArticle {
	c := l.cache
	if c == nil {
		la := layoutArticle(l.s, l.e, l.arts, a)
		if sketchPages == sketchAlways || sketchPages == sketchWhenBehind && l.ready.Load() > 0 {
			l.sketch(la)
		}
		return la
	}
	ent := pageEntry{pages: map[[32]byte][]byte{}}
	if data, ok := c.store.Get(c.pageEntryKey(a.Path)); ok {
		ent = decodePageEntry(data)
	}
	input, inputOK := l.inputKey(a)
	var la *laidArticle
	if inputOK && ent.skel != nil && ent.input == input {
		if sk, err := decodeSkeleton(ent.skel, a, l.e); err == nil {
			la = sk
			la.skelData = ent.skel
			c.skeletal.Add(1)
		}
	}
	if la == nil {
		la = l.layoutCached(a)
		keyRows(la, c.engine)
		if inputOK {
			la.skelData = encodeSkeleton(la, c.engine)
		}
	}
	la.input, la.inputOK = input, inputOK && la.skelData != nil
	ap := &articlePages{cached: ent.pages, used: map[[32]byte][]byte{}, ids: treeIDs(la.tag)}
	ap.fresh = ent.input != la.input || (ent.skel == nil) != (la.skelData == nil)
	la.pages = ap
	return la
}

// treeIDs numbers a structure tree's nodes in preorder.
func treeIDs(root *snode) map[*snode]int {
	ids := map[*snode]int{}
	var walk func(n *snode)
	walk = func(n *snode) {
		ids[n] = len(ids)
		for _, k := range n.kids {
			walk(k)
		}
	}
	if root != nil {
		walk(root)
	}
	return ids
}

// keyRows gives every row of a laid-out article its key.
func keyRows(la *laidArticle, e *text.Engine) {
	ids := treeIDs(la.tag)
	lw := text.NewLineWriter(e)
	var buf []byte
	for _, r := range skeletonRows(la.rows) {
		buf = r.setKey(lw, ids, buf)
	}
}

// pageEntry is an article's entry: its skeleton and the hash it was made
// under, and its pages by key.
type pageEntry struct {
	input [32]byte
	skel  []byte
	pages map[[32]byte][]byte
}

// decodePageEntry reads an article's entry; a damaged one, or one of
// another version, is empty (every page misses).
func decodePageEntry(data []byte) pageEntry {
	out := pageEntry{pages: map[[32]byte][]byte{}}
	r := wire.NewReader(data)
	if r.Uint() != pageCacheVersion {
		return pageEntry{pages: map[[32]byte][]byte{}}
	}
	if r.Bool() {
		copy(out.input[:], r.Bytes(32))
		out.skel = r.Raw()
	}
	for r.Len() > 0 {
		var k [32]byte
		copy(k[:], r.Bytes(32))
		out.pages[k] = r.Raw()
	}
	if r.End() != nil {
		return pageEntry{pages: map[[32]byte][]byte{}}
	}
	return out
}

// storePages writes back an article's entry once its pages are all drawn,
// when it differs from what the cache held.
func (c *articleCache) storePages(la *laidArticle) {
	ap := la.pages
	if ap == nil || (!ap.fresh && len(ap.used) == len(ap.cached)) {
		return
	}
	keys := make([][32]byte, 0, len(ap.used))
	size := 48 + len(la.skelData)
	for k, v := range ap.used {
		keys = append(keys, k)
		size += 32 + 8 + len(v)
	}
	slices.SortFunc(keys, func(a, b [32]byte) int { return bytes.Compare(a[:], b[:]) })
	w := wire.NewWriter(make([]byte, 0, size))
	w.Uint(pageCacheVersion)
	w.Bool(la.inputOK)
	if la.inputOK {
		w.Bytes(la.input[:])
		w.Raw(la.skelData)
	}
	for _, k := range keys {
		w.Bytes(k[:])
		w.Raw(ap.used[k])
	}
	c.store.Put(c.pageEntryKey(la.a.Path), w.Data())
}

// setKey computes r's key: the hash of all its drawing (see above); a row
// drawing an image, or a node or face from elsewhere, gets none.
func (r *row) setKey(lw *text.LineWriter, ids map[*snode]int, buf []byte) []byte {
	r.keyed = -1
	lw.Reset()
	b := buf[:0]
	f := func(v float64) { b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v)) }
	f(r.h)
	for i := range r.els {
		e := &r.els[i]
		if e.asset != nil {
			return b
		}
		b = append(b, byte(e.kind))
		f(e.x)
		f(e.y)
		f(e.w)
		f(e.h)
		f(e.color.R)
		f(e.color.G)
		f(e.color.B)
		f(e.width)
		id := -1
		if e.tag != nil {
			n, ok := ids[e.tag]
			if !ok {
				return b
			}
			id = n
		}
		b = binary.AppendVarint(b, int64(id))
		if e.line != nil {
			if !lw.Append(e.line) {
				return b
			}
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
	}
	h := sha256.New()
	h.Write(b)
	h.Write(lw.Bytes())
	h.Sum(r.key[:0])
	r.keyed = 1
	return b
}

// pageKeyer hashes what a page's body draws.
type pageKeyer struct {
	b  []byte
	ok bool
}

func (k *pageKeyer) num(v float64) { k.b = binary.LittleEndian.AppendUint64(k.b, math.Float64bits(v)) }

func (k *pageKeyer) row(r *row, ids map[*snode]int, e *text.Engine, y float64) {
	if r.keyed == 0 { // a row made while paginating (a table's repeated header)
		r.setKey(text.NewLineWriter(e), ids, nil)
	}
	if r.keyed < 0 {
		k.ok = false
		return
	}
	k.b = append(k.b, r.key[:]...)
	k.num(y)
}

// startRecording makes the emitter note the faces it is asked for, in the
// order first asked, while a page's body is recorded.
func (em *emitter) startRecording() {
	em.recFaces, em.recording = em.recFaces[:0], true
	clear(em.recSeen)
}

func (em *emitter) stopRecording() []*text.Face {
	em.recording = false
	return em.recFaces
}

// encodePage is a recorded page's entry: the faces its drawing asked for,
// in order, then the recording, its fonts by face number.
func (em *emitter) encodePage(faces []*text.Face, r *pdfwriter.Recording) []byte {
	all := em.engine.FontSet().Faces()
	idx := make(map[*text.Face]int, len(all))
	for i, f := range all {
		idx[f] = i
	}
	num := make(map[*pdfwriter.Font]int, len(em.fonts))
	for f, pf := range em.fonts {
		if i, ok := idx[f]; ok && pf != nil {
			num[pf] = i
		}
	}
	w := wire.NewWriter(nil)
	w.Uint(uint64(len(faces)))
	for _, f := range faces {
		i, ok := idx[f]
		if !ok {
			return nil
		}
		w.Uint(uint64(i))
	}
	ok := true
	rec := r.Encode(func(f *pdfwriter.Font) int {
		i, found := num[f]
		if !found {
			ok = false
			return -1
		}
		return i
	})
	if !ok {
		return nil
	}
	return append(w.Data(), rec...)
}

// replayPage draws a cached page's body on pg, asking for its faces in the
// order drawing it did; false when it cannot (pg is then untouched but for
// fonts registered and glyphs numbered as drawing would have).
func (em *emitter) replayPage(pg *pdfwriter.Page, data []byte, known []*pdfwriter.StructElem) (ok, patched bool) {
	all := em.engine.FontSet().Faces()
	d := wire.NewReader(data)
	n := d.Index(len(all) + 1)
	faces := make([]int, 0, n)
	for range n {
		faces = append(faces, d.Index(len(all)))
	}
	if d.Err() != nil {
		return false, false
	}
	for _, i := range faces {
		em.font(all[i])
	}
	r, err := pdfwriter.DecodeRecording(d.Rest(), func(i int) *pdfwriter.Font {
		if i < 0 || i >= len(all) {
			return nil
		}
		return em.fonts[all[i]]
	})
	if err != nil || em.err != nil {
		return false, false
	}
	defer r.Release()
	return pg.Replay(r, known)
}

// pageStats counts what the page cache did with the body pages of
// articles (tests).
type pageStats struct {
	replayed int // bodies taken from the cache
	patched  int // ...of which with glyph codes or font names renumbered
	recorded int // bodies drawn and recorded
	stored   int // ...and kept for the cache
	skeletal int // articles paginated from their skeletons
	sketched int // bodies replayed from a layout worker's sketch (sketch.go)
	inOrder  int // ...and articles' bodies drawn in order without a cache
	expanded int // ...and laid out after all, for a page to draw
}

func (s *pageStats) count(patched bool) {
	if s == nil {
		return
	}
	s.replayed++
	if patched {
		s.patched++
	}
}
