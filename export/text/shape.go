package text

import (
	"hash/maphash"
	"sync"

	"github.com/go-text/typesetting/bidi"
	"github.com/go-text/typesetting/font"
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
}

const (
	cacheShards     = 64
	cacheShardLimit = 8192 // entries per shard; a full shard starts over
	// maxCachedRunes keeps pathological words (a 50,000-character token) out of
	// the cache: they would only evict useful entries.
	maxCachedRunes = 128
)

type cacheShard struct {
	mu sync.RWMutex
	m  map[shapeKey]*shaped
}

// shapeCache maps shaping inputs to results. It is sharded so that concurrent
// Layout calls rarely wait on the same lock.
type shapeCache struct {
	seed   maphash.Seed
	shards [cacheShards]cacheShard
}

func newShapeCache() *shapeCache {
	c := &shapeCache{seed: maphash.MakeSeed()}
	for i := range c.shards {
		c.shards[i].m = make(map[shapeKey]*shaped)
	}
	return c
}

func (c *shapeCache) shard(k *shapeKey) *cacheShard {
	h := maphash.String(c.seed, k.text)
	return &c.shards[h%cacheShards]
}

func (c *shapeCache) get(k *shapeKey) *shaped {
	s := c.shard(k)
	s.mu.RLock()
	v := s.m[*k]
	s.mu.RUnlock()
	return v
}

func (c *shapeCache) put(k *shapeKey, v *shaped) {
	s := c.shard(k)
	s.mu.Lock()
	if len(s.m) >= cacheShardLimit {
		s.m = make(map[shapeKey]*shaped)
	}
	s.m[*k] = v
	s.mu.Unlock()
}

// worker holds the per-goroutine state of the pipeline: go-text's harfbuzz
// buffers, fonts, segmenter and bidi paragraph are not safe for concurrent use,
// so each Layout call borrows one worker.
type worker struct {
	buf   *harfbuzz.Buffer
	fonts []*harfbuzz.Font // by Face.id, created lazily
	seg   segmenter.Segmenter
	bidi  bidi.Paragraph
	sc    scratch
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
// reports them.
func (w *worker) shape(f *Face, word []rune, off, n int, rtl bool, script language.Script, lang language.Language) *shaped {
	hf := w.font(f)
	hf.XScale, hf.YScale = int32(f.UnitsPerEm), int32(f.UnitsPerEm)
	b := w.buf
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
	b.Shape(hf, nil)

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
