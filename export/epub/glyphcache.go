package epub

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/warraq/warraq/export/fontsubset"
	"github.com/warraq/warraq/export/text"
	"github.com/warraq/warraq/internal/cache"
	"github.com/warraq/warraq/internal/cache/wire"
)

// The font subsets need the glyphs of every word of the book in every
// embedded face (fonts.go: shapeWords), and shaping them all is most of what
// the EPUB costs a rebuild. The words are shaped in chunks, and the glyphs
// each chunk drew are cached under the chunk's contents: after an edit to
// one article, only the chunks its new words fall into are shaped again.
//
// A chunk's glyphs are a function of its words alone (with the fonts, the
// language and the style, which the key holds), so a rebuild that takes
// some from the cache gets the set a cold build shapes. For a rebuild to
// find most chunks again, where a chunk ends must not depend on how many
// words come before it: a chunk ends where a word's hash says so
// (content-defined chunking), so a new word changes one chunk, not all
// those after it. A word's letterless edge (a number, punctuation) takes
// its script and direction from the words around it, so a chunk is cut
// only where that cannot change a word's glyphs (canCut).

// glyphCacheVersion changes whenever a glyph entry's key or contents
// change meaning.
const glyphCacheVersion = 2

// chunkWords is the average number of words in a chunk, chunkMin and
// chunkMax the fewest a chunk is cut at and the most it grows to when
// allowed a cut. An edit that brings one new word reshapes its chunk in
// every embedded face, and a number brings three (itself and itself after
// a letter of each script, inContext). At 256 a ten-article book (about
// 2,900 words) had seven chunks, of up to 733 words, and appending a
// sentence reshaped three to five of them in four faces: most of the
// words of a cold build. At 64, median CPU of nine rebuilds after an edit,
// alternately: 0.28 s at 256, 0.26 s at 128, 0.23 s at 64, 0.22 s at 32;
// cold builds the same within their noise (0.72-0.75 s). Smaller chunks are
// more cache entries to read (a file each), so 64.
const (
	chunkWords = 64
	chunkMin   = chunkWords / 4
	chunkMax   = 8 * chunkWords
)

// chunks cuts the sorted words into runs for shaping (see above): before
// the first word after which a cut is allowed (canCut) at or after a word
// whose hash says to cut. Most places allow no cut (a word that ends in
// punctuation takes its direction from the next), so a chunk that ended
// only where both said so was some four times the length wanted.
func chunks(words []string) [][]string {
	var out [][]string
	start := 0
	due := false // a word since the chunk's first chunkMin said to cut
	for i := 1; i < len(words); i++ {
		n := i - start
		if n >= chunkMin && wordHash(words[i])%chunkWords == 0 {
			due = true
		}
		if n < chunkMin || !canCut(words[i-1], words[i]) {
			continue
		}
		if n >= chunkMax || due {
			out = append(out, words[start:i])
			start = i
			due = false
		}
	}
	if start < len(words) {
		out = append(out, words[start:])
	}
	return out
}

// canCut reports whether a chunk may end between the words a and b: where
// b begins with a letter and a ends in a letter, a mark or a digit after a
// letter of its own, so that neither takes its script or direction from
// the other (b's first letter is strong, a's end no neutral for b to
// resolve); or where neither has a letter at all (numbers, punctuation:
// the book has thousands, in a run, and each is also shaped after a letter
// of each script, inContext).
func canCut(a, b string) bool {
	last, _ := utf8.DecodeLastRuneInString(a)
	first, _ := utf8.DecodeRuneInString(b)
	aLetters := strings.IndexFunc(a, unicode.IsLetter) >= 0
	if unicode.IsLetter(first) && (unicode.IsLetter(last) || unicode.IsMark(last) || aLetters && unicode.IsDigit(last)) {
		return true
	}
	return !aLetters && strings.IndexFunc(b, unicode.IsLetter) < 0
}

// wordHash is FNV-1a of w, its bits mixed (Fibonacci hashing) so that
// its remainders are even.
func wordHash(w string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(w); i++ {
		h = (h ^ uint32(w[i])) * 16777619
	}
	return (h * 0x9e3779b1) >> 16
}

// glyphCache keeps the glyphs of shaped chunks in a build cache. A nil
// *glyphCache caches nothing.
type glyphCache struct {
	store  *cache.Store
	prefix []byte
	faces  []*text.Face // the font set's, in its order (an entry's face numbers)
	ids    map[*text.Face]uint64
}

func newGlyphCache(store *cache.Store, fs *text.FontSet) *glyphCache {
	id := cache.BuildID()
	if store == nil || id == nil || fs == nil {
		return nil
	}
	fp := fs.Fingerprint()
	c := &glyphCache{store: store, faces: fs.Faces(), ids: map[*text.Face]uint64{}}
	c.prefix = fmt.Appendf(nil, "epub-glyphs\x00%d\x00%x\x00%x", glyphCacheVersion, id, fp)
	for i, f := range c.faces {
		c.ids[f] = uint64(i)
	}
	return c
}

// subsetKey is the key of a face's subset for text, and whether it may be
// cached: the font set has the face, and the text's characters and glyphs
// are all the subset depends on. A rebuild after an edit that brings no
// new glyph (most edits) takes the subsets as they were: cutting them
// took 30 ms of a ten-article book's rebuild.
func (c *glyphCache) subsetKey(f *text.Face, t fontsubset.Text) ([32]byte, bool) {
	if c == nil {
		return [32]byte{}, false
	}
	id, ok := c.ids[f]
	if !ok {
		return [32]byte{}, false
	}
	runes := wire.NewWriter(make([]byte, 0, 4*len(t.Runes)))
	for _, r := range t.Runes {
		runes.Uint(uint64(r))
	}
	glyphs := wire.NewWriter(make([]byte, 0, 2*len(t.Shaped)))
	for _, g := range t.Shaped {
		glyphs.Uint(uint64(g))
	}
	// A nil Shaped (the face drew nothing) subsets otherwise than an empty one.
	face := wire.NewWriter(nil)
	face.Uint(id)
	face.Bool(t.Shaped != nil)
	return cache.Key(c.prefix, []byte("subset"), face.Data(), runes.Data(), glyphs.Data()), true
}

// subset returns the font subset cached under key. The entry is the
// subset's bytes with their length before them, so that an entry cut short
// under a good checksum (a format changed without a new version) is a miss,
// not a broken font in the book.
func (c *glyphCache) subset(key [32]byte) ([]byte, bool) {
	data, ok := c.store.Get(key)
	if !ok {
		return nil, false
	}
	r := wire.NewReader(data)
	font := r.Raw()
	if r.End() != nil || len(font) == 0 {
		return nil, false
	}
	return font, true
}

// putSubset caches a font subset under key, as subset reads it.
func (c *glyphCache) putSubset(key [32]byte, font []byte) {
	w := wire.NewWriter(make([]byte, 0, len(font)+4))
	w.Raw(font)
	c.store.Put(key, w.Data())
}

// key is a chunk's key: its words in its language, direction and style.
func (c *glyphCache) key(words []string, lang string, dir text.Direction, st text.Style) [32]byte {
	return cache.Key(c.prefix, fmt.Appendf(nil, "%s\x00%d\x00%#v", lang, dir, st), []byte(strings.Join(words, "\n")))
}

// get returns the glyphs cached under key, by face.
func (c *glyphCache) get(key [32]byte) (map[*text.Face]map[uint16]bool, bool) {
	if c == nil {
		return nil, false
	}
	data, ok := c.store.Get(key)
	if !ok {
		return nil, false
	}
	return c.decode(data)
}

// decode reads what encode wrote; false when it is damaged or names a
// face the font set does not have.
func (c *glyphCache) decode(data []byte) (map[*text.Face]map[uint16]bool, bool) {
	out := map[*text.Face]map[uint16]bool{}
	r := wire.NewReader(data)
	for range r.CountOf(2) { // a face's number and its glyphs' count
		id := r.Index(len(c.faces))
		n := r.Count() // a glyph takes a byte or more
		if r.Err() != nil || n > 1<<16 {
			return nil, false
		}
		set := make(map[uint16]bool, n)
		g := 0
		for range n {
			g += r.Index(1<<16 - g)
			set[uint16(g)] = true
		}
		if r.Err() != nil {
			return nil, false
		}
		out[c.faces[id]] = set
	}
	if r.End() != nil {
		return nil, false
	}
	return out, true
}

// put caches a chunk's glyphs; glyphs of a face not in the font set are
// not cached.
func (c *glyphCache) put(key [32]byte, glyphs map[*text.Face]map[uint16]bool) {
	if c == nil {
		return
	}
	if data, ok := c.encode(glyphs); ok {
		c.store.Put(key, data)
	}
}

func (c *glyphCache) encode(glyphs map[*text.Face]map[uint16]bool) ([]byte, bool) {
	type entry struct {
		id  uint64
		set map[uint16]bool
	}
	var es []entry
	for f, set := range glyphs {
		id, ok := c.ids[f]
		if !ok {
			return nil, false
		}
		es = append(es, entry{id, set})
	}
	slices.SortFunc(es, func(a, b entry) int { return int(a.id) - int(b.id) })
	// The faces' count first (version 2): without it an entry cut between
	// two faces read as one with fewer faces, and their glyphs would have
	// been left out of the subsets.
	var w wire.Writer
	w.Uint(uint64(len(es)))
	for _, e := range es {
		gs := make([]uint16, 0, len(e.set))
		for g := range e.set {
			gs = append(gs, g)
		}
		slices.Sort(gs)
		w.Uint(e.id)
		w.Uint(uint64(len(gs)))
		prev := uint16(0)
		for _, g := range gs {
			w.Uint(uint64(g - prev))
			prev = g
		}
	}
	return w.Data(), true
}
