package text

import (
	"hash/maphash"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/go-text/typesetting/bidi"
	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/font/opentype/tables"
	"github.com/go-text/typesetting/harfbuzz"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/segmenter"
)

// shapedGlyph is one glyph of a cached shaping result, in font units so that
// one result serves every size.
type shapedGlyph struct {
	gid     uint16
	mark    bool
	cluster int32 // rune index relative to the shaped segment's start
	adv     int32
	xoff    int32
	yoff    int32
}

// shaped is a segment shaped by HarfBuzz. Glyphs are in logical order (HarfBuzz's
// RTL output reversed): clusters never decrease and a base precedes its marks.
// A shaped value is shared by every paragraph that uses the same word, so it is
// never modified after creation.
type shaped struct {
	glyphs []shapedGlyph
	// sites is the word's kashida site (kashida.go), found the first time
	// a paragraph justified with kashida uses the word.
	kashidaOnce sync.Once
	sites       []kashidaSite
}

// shapeKey identifies a shaping result. pre and post are the neighbouring
// characters of the same word when a word is split between styles or faces
// (HarfBuzz needs them to join letters across the split); they are empty for
// whole words, which is almost every segment.
type shapeKey struct {
	face   int
	rtl    bool
	script language.Script
	lang   language.Language
	text   string
	space  bool // text ended in a character shaped as a space, cut from it (trimSpace)
	pre    string
	post   string
	// bare: shaped by Glyphs with the face's glyphFeatures turned off. Its
	// glyphs are Layout's, its positions are not: Layout, which never asks
	// for a bare key, must never be given one.
	bare bool
}

// HarfBuzz (go-text v0.3.5) reads a segment's context in one place only:
// the Arabic joining of its first and last letters (harfbuzz/ot_shape_arabic.go,
// applyArabicJoining), which looks at the nearest character of each side
// that it does not treat as transparent and at none beyond it. (The only
// other reader, the dotted circle before a leading mark, is for a buffer
// flagged as the beginning of the text, which Clear unflags.) So the
// context beyond that character is cut from the cache's key: a space or a
// full stop after a word in bold, shaped with the word's last letters for
// context, was shaped again after every such word (2,500 of the 13,400
// pieces HarfBuzz shaped for a 1,000-article PDF). The kashida sites found
// for a word (joinPriority) look no further into the context than the
// first letter after the harakat, which is kept.
//
// joinOpaque reports characters that the joining never skips as
// transparent: ASCII's printable characters and the Arabic letters, none
// of them a mark or a format character, nor in ArabicShaping.txt as
// transparent. Any other character is kept in the key, with what lies
// beyond it, as if it might be.
func joinOpaque(r rune) bool { return r >= 0x20 && r < 0x7F || r >= 0x620 && r <= 0x64A }

// joiningPre is the end of a pre-context s that HarfBuzz can read: from
// its last joinOpaque character on.
func joiningPre(s string) string {
	for i := len(s); i > 0; {
		r, n := utf8.DecodeLastRuneInString(s[:i])
		i -= n
		if joinOpaque(r) {
			return s[i:]
		}
	}
	return s
}

// joiningPost is the start of a post-context s that HarfBuzz can read: up
// to its first joinOpaque character.
func joiningPost(s string) string {
	for i, r := range s {
		if joinOpaque(r) {
			return s[:i+utf8.RuneLen(r)]
		}
	}
	return s
}

const (
	cacheShards     = 64
	cacheShardLimit = 8192 // entries per shard; a full shard starts over
	// maxCachedRunes keeps pathological words (a 50,000-character token) out of
	// the cache: they would only evict useful entries.
	maxCachedRunes = 128
	// localSlots is the size of each worker's own table of recently used
	// entries (a power of two), consulted before the shared cache: 256 KB
	// of pointers. At 1,000 articles (13,000 distinct words, 710,000
	// looked up) it answers 94% of lookups; 4,096 slots answered 75%.
	localSlots = 1 << 15
)

// cacheEntry is a shaping result with the key it was made from and the
// key's hash. Entries are never modified once made, so a worker may keep
// one in its local table while the shared cache drops it.
type cacheEntry struct {
	hash uint64
	key  shapeKey
	val  *shaped
}

type cacheShard struct {
	mu sync.RWMutex
	m  map[uint64]*cacheEntry
}

// shapeCache maps shaping inputs to results. It is keyed by a 64-bit hash
// of the key, computed once per lookup (hashing the key's four strings
// again in a Go map of keys was a third of the time a cached word took),
// and an entry is used only when its whole key is the one asked for: two
// keys with one hash take turns in the cache, never each other's result.
// It is sharded so that concurrent Layout calls rarely wait on the same
// lock, and each worker looks in its own small table first (worker.local),
// without a lock.
type shapeCache struct {
	seed   maphash.Seed
	shards [cacheShards]cacheShard
}

func newShapeCache() *shapeCache {
	c := &shapeCache{seed: maphash.MakeSeed()}
	for i := range c.shards {
		c.shards[i].m = make(map[uint64]*cacheEntry)
	}
	return c
}

// hash is k's hash. The language is left out (one word is almost never
// shaped in two languages' paragraphs; when it is, the keys still differ).
func (c *shapeCache) hash(k *shapeKey) uint64 { return c.finish(c.textHash(k), k) }

// textHash hashes k's strings, and finish the rest of it into h: a key
// asked for again with another bare flag is not hashed again whole.
func (c *shapeCache) textHash(k *shapeKey) uint64 {
	h := maphash.String(c.seed, k.text)
	if k.pre != "" {
		h = (h ^ maphash.String(c.seed, k.pre)) * 0x9E3779B97F4A7C15
	}
	if k.post != "" {
		h = (h ^ maphash.String(c.seed, k.post)) * 0xC2B2AE3D27D4EB4F
	}
	return h
}

func (c *shapeCache) finish(h uint64, k *shapeKey) uint64 {
	// The script (32 bits) above the two flags, the face above the script.
	small := uint64(k.face)<<34 | uint64(k.script)<<2
	if k.rtl {
		small |= 1
	}
	if k.space {
		small |= 2
	}
	if k.bare {
		small |= 1 << 63
	}
	h ^= (small + 1) * 0x9E3779B97F4A7C15
	return h ^ h>>31
}

func (c *shapeCache) get(h uint64, k *shapeKey) *cacheEntry {
	s := &c.shards[h%cacheShards]
	s.mu.RLock()
	v := s.m[h]
	s.mu.RUnlock()
	if v == nil || v.key != *k {
		return nil
	}
	return v
}

func (c *shapeCache) put(v *cacheEntry) {
	s := &c.shards[v.hash%cacheShards]
	s.mu.Lock()
	if len(s.m) >= cacheShardLimit {
		s.m = make(map[uint64]*cacheEntry)
	}
	s.m[v.hash] = v
	s.mu.Unlock()
}

// worker holds the per-goroutine state of the pipeline: go-text's harfbuzz
// buffers, fonts, segmenter and bidi paragraph are not safe for concurrent use,
// so each Layout call borrows one worker.
type worker struct {
	buf *harfbuzz.Buffer
	// bareBuf shapes with features (Glyphs' bare pieces): a buffer keeps
	// its shape plans in a list per font, searched at every call, which
	// the bare plans would make twice as long for Layout.
	bareBuf *harfbuzz.Buffer
	fonts   []*harfbuzz.Font // by Face.id, created lazily
	seg     segmenter.Segmenter
	bidi    bidi.Paragraph
	sc      scratch
	// local holds entries of the shared cache this worker used lately, by
	// their hash's low bits: most words are found here without a lock.
	local [localSlots]*cacheEntry
}

// lookup returns the cached result for k (whose hash is h), from the
// worker's table or else the shared cache, or nil.
func (w *worker) lookup(c *shapeCache, h uint64, k *shapeKey) *shaped {
	slot := &w.local[h&(localSlots-1)]
	if v := *slot; v != nil && v.hash == h && v.key == *k {
		return v.val
	}
	v := c.get(h, k)
	if v == nil {
		return nil
	}
	*slot = v
	return v.val
}

// workerPool is a free list rather than a sync.Pool: building harfbuzz fonts
// is costly, and sync.Pool drops its items at every garbage collection.
type workerPool struct {
	mu   sync.Mutex
	free []*worker
}

func (p *workerPool) get(nfaces int) *worker {
	p.mu.Lock()
	if n := len(p.free); n > 0 {
		w := p.free[n-1]
		p.free = p.free[:n-1]
		p.mu.Unlock()
		return w
	}
	p.mu.Unlock()
	return &worker{buf: harfbuzz.NewBuffer(), fonts: make([]*harfbuzz.Font, nfaces)}
}

func (p *workerPool) put(w *worker) {
	p.mu.Lock()
	p.free = append(p.free, w)
	p.mu.Unlock()
}

func (w *worker) font(f *Face) *harfbuzz.Font {
	hf := w.fonts[f.id]
	if hf == nil {
		// A private font.Face: its glyph caches are written during shaping.
		hf = harfbuzz.NewFont(font.NewFace(f.load().face.Font))
		w.fonts[f.id] = hf
	}
	return hf
}

// shape runs HarfBuzz over word[off:off+n] (the rest of word is context) at
// the font's own scale, so positions are in font units exactly as hb-shape
// reports them, with the features feats turns on or off (nil for none:
// HarfBuzz's defaults, which Layout uses).
func (w *worker) shape(f *Face, word []rune, off, n int, rtl bool, script language.Script, lang language.Language, feats []harfbuzz.Feature) *shaped {
	hf := w.font(f)
	hf.XScale, hf.YScale = int32(f.UnitsPerEm), int32(f.UnitsPerEm)
	b := w.buf
	if feats != nil {
		if w.bareBuf == nil {
			w.bareBuf = harfbuzz.NewBuffer()
		}
		b = w.bareBuf
	}
	b.Clear()
	// Cluster level 1 (monotone characters): marks keep their own clusters, so
	// a harakah is its own unit of text for extraction.
	b.ClusterLevel = harfbuzz.MonotoneCharacters
	b.AddRunes(word, off, n)
	if rtl {
		b.Props.Direction = harfbuzz.RightToLeft
	} else {
		b.Props.Direction = harfbuzz.LeftToRight
	}
	b.Props.Script = script
	b.Props.Language = lang
	b.Shape(hf, feats)

	gl := make([]shapedGlyph, len(b.Info))
	last := len(b.Info) - 1
	for i := range b.Info {
		j := i
		if rtl {
			j = last - i // back to logical order
		}
		info, pos := b.Info[i], b.Pos[i]
		g := shapedGlyph{
			gid:     uint16(info.Glyph),
			cluster: int32(info.Cluster - off),
			adv:     pos.XAdvance,
			xoff:    pos.XOffset,
			yoff:    pos.YOffset,
		}
		g.mark = g.adv == 0 || f.isMark(g.gid)
		gl[j] = g
	}
	monotone(gl)
	return &shaped{glyphs: gl}
}

// monotone makes clusters non-decreasing in logical order and makes the
// first glyph start at the segment's first character. HarfBuzz guarantees
// this for text in its script's own direction, but not always otherwise (an
// Arabic-script segment laid out left to right can come back with a mark
// ahead of its base): merging such glyphs into one cluster keeps every
// character in exactly one cluster.
func monotone(gl []shapedGlyph) {
	if len(gl) == 0 {
		return
	}
	for i := len(gl) - 2; i >= 0; i-- {
		if gl[i].cluster > gl[i+1].cluster {
			gl[i].cluster = gl[i+1].cluster
		}
	}
	gl[0].cluster = 0
}

// isMark reports whether GDEF classes gid as a mark (class 3).
func (f *Face) isMark(gid uint16) bool {
	cd := f.load().face.Font.GDEF.GlyphClassDef
	if cd == nil {
		return false
	}
	c, _ := cd.Class(tables.GlyphID(gid))
	return c == 3
}

// glyphTags are the positioning features glyphFeatures may turn off: none
// of them substitutes glyphs in GPOS, and go-text's shaper (v0.3.5) reads
// none of them but to position (ot_shape.go: a feature turned off for the
// whole text takes no mask bit, as these, global, took none; kern is read
// only for kerning). mark stays on: whether the plan has it decides how
// Hebrew is composed (hasGposMark), and so which glyphs it takes.
var glyphTags = [...]ot.Tag{
	ot.NewTag('k', 'e', 'r', 'n'), ot.NewTag('c', 'u', 'r', 's'), ot.NewTag('m', 'k', 'm', 'k'),
	ot.NewTag('d', 'i', 's', 't'), ot.NewTag('a', 'b', 'v', 'm'), ot.NewTag('b', 'l', 'w', 'm'),
}

// glyphFeatures turns off those of glyphTags that f's GPOS has and its
// GSUB does not (a feature turned off is turned off in both tables): the
// glyphs come out the same, and HarfBuzz spends nothing moving them. A
// font with AAT tables (morx, kerx) or a legacy kern table gets none: its
// features are read otherwise (morx maps them to its own; without GPOS
// kern the kern table is applied instead).
func glyphFeatures(f *font.Font) []harfbuzz.Feature {
	if len(f.Morx) != 0 || f.Kerx != nil || f.Kern != nil {
		return nil
	}
	has := func(l *font.Layout, tag ot.Tag) bool {
		return slices.ContainsFunc(l.Features, func(fr font.Feature) bool { return fr.Tag == tag })
	}
	var out []harfbuzz.Feature
	for _, tag := range glyphTags {
		if has(&f.GPOS.Layout, tag) && !has(&f.GSUB.Layout, tag) {
			out = append(out, harfbuzz.Feature{Tag: tag, Value: 0, Start: harfbuzz.FeatureGlobalStart, End: harfbuzz.FeatureGlobalEnd})
		}
	}
	return out
}
