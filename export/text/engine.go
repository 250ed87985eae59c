package text

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"unicode"

	"github.com/go-text/typesetting/bidi"
	"github.com/go-text/typesetting/harfbuzz"
	"github.com/go-text/typesetting/language"
)

// Engine lays out paragraphs with a FontSet. It is safe for concurrent use:
// shaping results are shared through a sharded cache and each Layout call
// borrows private HarfBuzz state from a pool.
type Engine struct {
	fs    *FontSet
	cache *shapeCache
	pool  *workerPool
	// readOnly engines look words up in the cache but add none (CacheReader).
	readOnly bool
}

// NewEngine returns an engine drawing with fs.
func NewEngine(fs *FontSet) *Engine {
	return &Engine{fs: fs, cache: newShapeCache(), pool: &workerPool{}}
}

// CacheReader returns an engine that lays out exactly as e does, with e's
// fonts, HarfBuzz state and cache of shaped words, but adds no word to the
// cache: for shaping whose words are not needed again, which would
// otherwise fill the cache with them (the EPUB shapes every word of the
// book in every face it embeds, for its font subsets: 29 MB of the cache
// at 1,000 articles, kept until the build ends).
func (e *Engine) CacheReader() *Engine {
	return &Engine{fs: e.fs, cache: e.cache, pool: e.pool, readOnly: true}
}

// FontSet returns the engine's fonts.
func (e *Engine) FontSet() *FontSet { return e.fs }

// defaultSize is used for spans whose Style.Size is not positive.
const defaultSize = 12

// eps absorbs floating-point noise when comparing widths.
const eps = 1e-6

// item is a maximal run of characters shaped together: one span, face,
// script and bidi level.
type item struct {
	start, end int // rune range
	span       int
	face       *Face
	script     language.Script
	lang       language.Language
	level      bidi.Level
	size       float64
	scale      float64 // pt per font unit
}

func (it *item) rtl() bool { return it.level%2 == 1 }

// pglyph is a glyph of the paragraph in logical order, scaled to pt.
type pglyph struct {
	gid          uint16
	mark         bool
	ws           bool // its cluster starts with whitespace
	clusterStart bool // first glyph of its cluster in logical order
	item         int32
	cluster      int32 // rune index
	clusterEnd   int32 // rune index where the next cluster starts (on clusterStart glyphs)
	adv          float64
	xoff, yoff   float64
}

// candidate is a line-break opportunity before pg[k].
type candidate struct {
	k         int
	mandatory bool
}

// piece is a part of a line in one item: pg[a:b].
type piece struct {
	a, b     int
	item     int
	level    bidi.Level
	trailing bool // whitespace hanging at the line end (UAX #9 L1): no advance
}

// scratch is a worker's reusable per-paragraph storage.
type scratch struct {
	runes        []rune
	clean        []rune
	byteOff      []int
	span         []int32
	face         []*Face
	script       []language.Script
	weak         []bool // the character's own script is Common or Inherited
	isolates     []isolateRun
	openIsolates []int32
	bidiIn       []rune // the text with its isolates' marks, for the bidi algorithm
	bidiMap      []int32
	bidiLevel    []bidi.Level
	level        []bidi.Level
	brk          []uint8 // 1: break opportunity before rune i; 2: mandatory
	graph        []bool  // grapheme boundary before rune i
	segmented    bool    // w.seg holds the paragraph (findBreaks)
	items        []item
	pg           []pglyph
	cum          []float64
	cands        []candidate
	nsp          []int32   // stretchable spaces before pg[k]
	spw          []float64 // ...and the sum of their advances
	lines        [][2]int
	pieces       []piece
	cost         []float64 // the breakers' best cost for each state (breaking.go)
	prev         []int32   // ...and the state it came from
	kashida      bool      // the paragraph is justified with kashida
	bare         bool      // shaped for its glyphs only (Glyphs): pieces the cache lacks are shaped bare
	sites        []lineSite
	ksites       []int32   // ksites[k]: how many sites lie before pg[k]
	kcap         []float64 // kcap[k]: their capacity, pt
	kash         []kashidaAlloc
	kidx         []int
	kpick        []int
	kashAt       []int32 // 1 + index in kash of the kashida before pg[k], or 0
}

const (
	brkAllowed   = 1
	brkMandatory = 2
)

// Layout shapes p and breaks it into lines of at most width pt. A paragraph
// with no text has no lines.
func (e *Engine) Layout(p Paragraph, width float64) Block {
	w := e.pool.get(len(e.fs.all))
	defer e.pool.put(w)
	return e.layout(w, &p, width)
}

// layout runs the engine's stages over one paragraph, each reading and
// filling the worker's scratch storage.
func (e *Engine) layout(w *worker, p *Paragraph, width float64) Block {
	sc := &w.sc
	var blk Block
	txt := joinSpans(p.Spans)
	if txt == "" {
		return blk
	}
	var paraLevel bidi.Level
	blk.Missing, paraLevel = e.shape(w, p, txt, false)
	sc.measure()
	e.breakLines(w, sc, p, width)
	blk.Lines = e.emitLines(sc, p, txt, width, paraLevel)
	return blk
}

// shape runs the stages before line breaking over the paragraph's text
// txt (not empty): its glyphs are in sc.pg and its items in sc.items. It
// returns the characters no face has and the paragraph's bidi level. A
// bare paragraph is shaped for its glyphs only: their positions are not
// all HarfBuzz's, and no kashida is looked for.
func (e *Engine) shape(w *worker, p *Paragraph, txt string, bare bool) ([]MissingRune, bidi.Level) {
	sc := &w.sc
	sc.readText(p, txt)
	dir, paraLevel := bidi.LeftToRight, bidi.Level(0)
	if p.Dir == RTL {
		dir, paraLevel = bidi.RightToLeft, 1
	}
	e.resolveLevels(w, sc, p, dir)
	sc.resolveScripts()
	missing := e.chooseFaces(sc, p)
	sc.findBreaks(w, p)
	sc.itemize(p)
	sc.kashida = !bare && p.Kashida && (p.Align == Justify || p.Align == JustifyAll)
	sc.bare = bare
	e.shapeItems(w, sc, p, txt)
	return missing, paraLevel
}

// Glyphs shapes p as Layout does and calls each with every glyph of it and
// the face it is drawn in, in logical order, without breaking it into lines
// or placing anything: the glyphs of Layout's lines, whatever the width
// (breaking never shapes again), for a caller that needs only which glyphs
// a text takes (the EPUB's font subsets). For a 1,000-article EPUB,
// cutting and placing the lines was about 30 of the 550 ms of CPU time its
// shaping for the subsets took (HarfBuzz about 460), and 42 of the 677 MB
// the build allocated.
//
// The words not in the cache are shaped bare: without the positioning
// features that cannot change a glyph (Face.glyphFeatures), which HarfBuzz
// spent a fifth of its time on for the EPUB's subsets. Such pieces are
// cached under keys of their own (shapeKey.bare), which Layout never asks
// for.
func (e *Engine) Glyphs(p Paragraph, each func(f *Face, gid uint16)) {
	e.glyphs(p, true, each)
}

// glyphs is Glyphs, shaping bare or not (as Layout does, for the tests).
func (e *Engine) glyphs(p Paragraph, bare bool, each func(f *Face, gid uint16)) {
	txt := joinSpans(p.Spans)
	if txt == "" {
		return
	}
	w := e.pool.get(len(e.fs.all))
	defer e.pool.put(w)
	e.shape(w, &p, txt, bare)
	sc := &w.sc
	for k := range sc.pg {
		g := &sc.pg[k]
		each(sc.items[g.item].face, g.gid)
	}
}

// readText fills the paragraph's runes, their byte offsets in txt (the
// spans joined) and their spans, and the cleaned runes that are shaped.
func (sc *scratch) readText(p *Paragraph, txt string) {
	sc.runes, sc.byteOff, sc.span = sc.runes[:0], sc.byteOff[:0], sc.span[:0]
	si, spanEnd := 0, 0
	for si < len(p.Spans) && len(p.Spans[si].Text) == 0 {
		si++
	}
	if si < len(p.Spans) {
		spanEnd = len(p.Spans[si].Text)
	}
	for off, r := range txt {
		for off >= spanEnd && si+1 < len(p.Spans) {
			si++
			spanEnd += len(p.Spans[si].Text)
		}
		sc.runes = append(sc.runes, r)
		sc.byteOff = append(sc.byteOff, off)
		sc.span = append(sc.span, int32(si))
	}
	sc.byteOff = append(sc.byteOff, len(txt))
	sc.clean = grow(sc.clean, len(sc.runes))
	for i, r := range sc.runes {
		sc.clean[i] = cleanRune(r)
	}
}

// resolveScripts gives every character a script, Common and Inherited
// characters taking their neighbours'.
func (sc *scratch) resolveScripts() {
	n := len(sc.clean)
	sc.script = grow(sc.script, n)
	sc.weak = grow(sc.weak, n)
	prev := language.Common
	for i, r := range sc.clean {
		s := lookupScript(r)
		sc.weak[i] = !s.Strong()
		if sc.weak[i] {
			s = prev
		}
		sc.script[i] = s
		prev = s
	}
	next := language.Common
	for i := n - 1; i >= 0; i-- {
		if sc.script[i] == language.Common {
			sc.script[i] = next
		}
		next = sc.script[i]
	}
}

// chooseFaces gives every character a face: the span's face when it covers
// the character, else the first face of the fallback chain that does (the
// role's companions come first in it); digits, spaces and punctuation
// among letters of a script the span's face leaves to a companion are the
// companion's too. It returns the characters no face covers.
func (e *Engine) chooseFaces(sc *scratch, p *Paragraph) []MissingRune {
	var missing []MissingRune
	sc.face = grow(sc.face, len(sc.clean))
	// The span's chain and companions, looked up when the span changes.
	var ch *chain
	var comps map[language.Script]*Face
	for i, r := range sc.clean {
		if i == 0 || sc.span[i] != sc.span[i-1] {
			st := &p.Spans[sc.span[i]].Style
			rs := e.fs.set(cmp.Or(st.Lang, p.Lang))
			role, style := clampRole(st.Role), styleOf(st.Bold, st.Italic)
			ch, comps = rs.chains[role][style], rs.companions[role][style]
		}
		var prev *Face
		if i > 0 && sc.span[i-1] == sc.span[i] {
			prev = sc.face[i-1]
		}
		var f *Face
		var comp *Face
		if sc.weak[i] {
			comp = comps[sc.script[i]]
		}
		switch {
		case prev != nil && isInherited(r) && (prev.HasRune(r) || isIgnorable(r)):
			f = prev // marks and joiners stay with their base
		case sc.weak[i] && comp != nil && comp.HasRune(r):
			f = comp // the digits and symbols of a Latin name in a Kufi heading are the companion's
		case sc.weak[i] && ch.faces[0].HasRune(r):
			f = ch.faces[0] // spaces, digits and punctuation keep the span's face
		case prev != nil && sc.weak[i] && prev.HasRune(r):
			f = prev // ...or stay with the fallback face before them
		default:
			f = ch.lookup(r)
		}
		if f == nil {
			f = ch.faces[0]
			if prev != nil {
				f = prev
			}
			if !isIgnorable(r) {
				missing = append(missing, MissingRune{Rune: sc.runes[i], Offset: sc.byteOff[i], Faces: ch.names})
				f = ch.faces[0] // drawn as the primary face's .notdef
			}
		}
		sc.face[i] = f.load()
	}
	return missing
}

// findBreaks marks the line-break opportunities (UAX #14) before each rune,
// but none inside a NoBreak stretch nor before a raised span. They are
// go-text's segmenter's, worked out without it for the plainest paragraphs
// (simpleBreaks): the segmenter, which works out graphemes and words as
// well, took 0.20 s of the 1.79 s a 1,000-article PDF's layout took.
func (sc *scratch) findBreaks(w *worker, p *Paragraph) {
	sc.brk = grow(sc.brk, len(sc.runes)+1)
	clear(sc.brk)
	sc.segmented = !simpleBreaks(sc.runes, sc.brk)
	if sc.segmented {
		w.seg.Init(sc.runes)
		for it := w.seg.LineIterator(); it.Next(); {
			l := it.Line()
			end := l.Offset + len(l.Text)
			if l.IsMandatoryBreak {
				sc.brk[end] = brkMandatory
			} else {
				sc.brk[end] = brkAllowed
			}
		}
	}
	sc.brk[0] = 0
	for i := 1; i < len(sc.runes); i++ {
		if sc.brk[i] != brkAllowed {
			continue
		}
		prev, cur := &p.Spans[sc.span[i-1]].Style, &p.Spans[sc.span[i]].Style
		// A raised span (a note reference, a superscript) belongs to the
		// word before it and never begins a line: UAX #14 allows a break
		// after "۔" (class EX) before a digit, and a note number wrapped
		// alone onto the next line reads as the start of a new sentence.
		if prev.NoBreak && cur.NoBreak || sc.span[i-1] != sc.span[i] && cur.Rise > 0 && prev.Rise <= 0 {
			sc.brk[i] = 0
		}
	}
	sc.graph = sc.graph[:0] // computed on demand
}

// itemize cuts the paragraph into items: maximal runs of one span, face,
// script and bidi level. An item is shaped in its span's language, or the
// paragraph's.
func (sc *scratch) itemize(p *Paragraph) {
	sc.items = sc.items[:0]
	n := len(sc.runes)
	paraLang := shapingLanguage(p.Lang)
	for i := 0; i < n; {
		j := i + 1
		for j < n && sc.span[j] == sc.span[i] && sc.face[j] == sc.face[i] &&
			sc.script[j] == sc.script[i] && sc.level[j] == sc.level[i] {
			j++
		}
		size := p.Spans[sc.span[i]].Style.Size
		if size <= 0 {
			size = defaultSize
		}
		lang := paraLang
		if l := p.Spans[sc.span[i]].Style.Lang; l != "" {
			lang = shapingLanguage(l)
		}
		f := sc.face[i]
		sc.items = append(sc.items, item{start: i, end: j, span: int(sc.span[i]), face: f,
			script: sc.script[i], lang: lang, level: sc.level[i], size: size, scale: size / float64(f.UnitsPerEm)})
		i = j
	}
}

// shapingLanguage is the HarfBuzz language of a BCP 47 tag.
func shapingLanguage(tag string) language.Language {
	if l := language.NewLanguage(tag); l != "" {
		return l
	}
	return "und" // never the machine's locale: output must not depend on it
}

// shapeItems shapes every segment (an item cut at break opportunities) and
// lays the glyphs out in logical order in sc.pg, each knowing where its
// cluster starts and ends.
func (e *Engine) shapeItems(w *worker, sc *scratch, p *Paragraph, txt string) {
	sc.pg = sc.pg[:0]
	sc.sites = sc.sites[:0]
	for ii := range sc.items {
		it := &sc.items[ii]
		for s := it.start; s < it.end; {
			t := s + 1
			for t < it.end && sc.brk[t] == 0 {
				t++
			}
			e.shapeSegment(w, sc, p, txt, ii, s, t)
			s = t
		}
	}
	next := int32(len(sc.runes))
	for k := len(sc.pg) - 1; k >= 0; k-- {
		g := &sc.pg[k]
		g.clusterStart = k == 0 || sc.pg[k-1].cluster != g.cluster
		if g.clusterStart {
			g.clusterEnd = next
			next = g.cluster
		}
	}
}

// measure sums the glyphs' advances (sc.cum) and the stretchable spaces
// (sc.nsp, sc.spw), lists the places a line may end (sc.cands): break
// opportunities that fall on a cluster start, and the paragraph's end, and
// sums the kashida sites' capacities (sc.kcap).
func (sc *scratch) measure() {
	// Running sums in locals, each array written once a glyph: the same
	// additions in the same order as cum[k+1] = cum[k] + adv.
	pg, brk := sc.pg, sc.brk
	np := len(pg)
	cum, nsp, spw := grow(sc.cum, np+1), grow(sc.nsp, np+1), grow(sc.spw, np+1)
	cands := sc.cands[:0]
	sum, spaces, spaceSum := 0.0, int32(0), 0.0
	cum[0], nsp[0], spw[0] = 0, 0, 0
	for k := range pg {
		g := &pg[k]
		sum += g.adv
		if g.ws && g.clusterStart {
			spaces++
			spaceSum += g.adv
		}
		cum[k+1], nsp[k+1], spw[k+1] = sum, spaces, spaceSum
		if k > 0 && g.clusterStart && brk[g.cluster] != 0 {
			cands = append(cands, candidate{k: k, mandatory: brk[g.cluster] == brkMandatory})
		}
	}
	sc.cum, sc.nsp, sc.spw = cum, nsp, spw
	sc.cands = append(cands, candidate{k: np, mandatory: true})
	if !sc.kashida {
		return
	}
	ksites, kcap, sites := grow(sc.ksites, np+1), grow(sc.kcap, np+1), sc.sites
	n, capSum := int32(0), 0.0
	ksites[0], kcap[0] = 0, 0
	si := 0
	for k := 0; k < np; k++ {
		for ; si < len(sites) && sites[si].k == k; si++ {
			n++
			capSum += sites[si].nat * kashidaMax
		}
		ksites[k+1], kcap[k+1] = n, capSum
	}
	sc.ksites, sc.kcap = ksites, kcap
}

// shapeSegment shapes runes [s,t) of item ii (through the cache) and appends
// its glyphs to sc.pg, and its kashida site to sc.sites when the paragraph
// is justified with kashida and the segment is Arabic.
func (e *Engine) shapeSegment(w *worker, sc *scratch, p *Paragraph, txt string, ii, s, t int) {
	it := &sc.items[ii]
	lang := it.lang
	// The word around the segment: HarfBuzz sees the rest of it as context
	// so that letters join across a change of style or face.
	ws, we := s, t
	for ws > 0 && sc.brk[ws] == 0 && s-ws < 5 {
		ws--
	}
	for we < len(sc.runes) && sc.brk[we] == 0 && we-t < 5 {
		we++
	}
	key := shapeKey{face: it.face.id, rtl: it.rtl(), script: it.script, lang: lang,
		text: txt[sc.byteOff[s]:sc.byteOff[t]],
		pre:  txt[sc.byteOff[ws]:sc.byteOff[s]], post: txt[sc.byteOff[t]:sc.byteOff[we]]}
	key.text, key.space = trimSpace(key.text)
	key.pre, key.post = joiningPre(asShaped(key.pre)), joiningPost(asShaped(key.post))
	cacheable := t-s <= maxCachedRunes
	// A bare piece is shaped with the face's glyphFeatures off; a face
	// with none shapes it as Layout does, and it is Layout's piece.
	bare := sc.bare && len(it.face.glyphFeatures) > 0
	var sh *shaped
	var h uint64
	if cacheable {
		th := e.cache.textHash(&key)
		h = e.cache.finish(th, &key)
		sh = w.lookup(e.cache, h, &key)
		if sh == nil && bare {
			// Not shaped by Layout (whose glyphs would serve): perhaps
			// shaped bare before.
			key.bare = true
			h = e.cache.finish(th, &key)
			sh = w.lookup(e.cache, h, &key)
		}
	}
	if sh == nil {
		var feats []harfbuzz.Feature
		if bare {
			feats, key.bare = it.face.glyphFeatures, true
		}
		sh = w.shape(it.face, sc.clean[ws:we], s-ws, t-s, it.rtl(), it.script, lang, feats)
		if len(sh.glyphs) == 0 {
			// Everything was a removed default-ignorable: keep one invisible
			// glyph so the characters still belong to a cluster.
			gid, _ := it.face.load().face.Font.NominalGlyph(' ')
			sh.glyphs = []shapedGlyph{{gid: uint16(gid), mark: true}}
		}
		if cacheable && !e.readOnly {
			key.text, key.pre, key.post = strings.Clone(key.text), strings.Clone(key.pre), strings.Clone(key.post)
			v := &cacheEntry{hash: h, key: key, val: sh}
			e.cache.put(v)
			w.local[h&(localSlots-1)] = v
		}
	}
	first := len(sc.pg)
	if sc.kashida && it.rtl() && it.script == language.Arabic && p.Spans[it.span].Style.Role != Mono {
		sh.kashidaOnce.Do(func() {
			sh.sites = w.kashidaSites(it.face, sc.clean[ws:we], s-ws, t-s, it.script, lang, sh)
		})
		for _, st := range sh.sites {
			sc.sites = append(sc.sites, lineSite{k: first + int(st.glyph), prio: st.prio, gid: st.gid,
				nat: float64(st.adv) * it.scale, yoff: float64(st.yoff) * it.scale})
		}
	}
	for _, g := range sh.glyphs {
		c := int32(s) + g.cluster
		sc.pg = append(sc.pg, pglyph{
			gid:     g.gid,
			mark:    g.mark,
			ws:      isSpace(sc.clean[c]),
			item:    int32(ii),
			cluster: c,
			adv:     float64(g.adv) * it.scale,
			xoff:    float64(g.xoff) * it.scale,
			yoff:    float64(g.yoff) * it.scale,
		})
	}
}

// trimSpace cuts from a segment's text the space or control character it
// ends in, which is shaped as a space (cleanRune), and reports whether it
// did: a word the EPUB shapes on a line of its own ("word\n") and the same
// word in the PDF's running text ("word ") are then one entry of the shape
// cache, as they are one input to HarfBuzz.
func trimSpace(text string) (string, bool) {
	if n := len(text); n > 0 && (text[n-1] == ' ' || text[n-1] < 0x20) {
		return text[:n-1], true
	}
	return text, false
}

// asShaped is s with its control characters, which are shaped as spaces
// (cleanRune), written as spaces, for a segment's context in the shape
// cache's key as trimSpace does for its text: the context is rarely more
// than empty (a number next to "\n" is an item of its own, with the
// newline for context), so the copy is rare.
func asShaped(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 }) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 {
			return ' '
		}
		return r
	}, s)
}

// trailingWS is where the whitespace hanging at the end of pg[a:b] starts.
func trailingWS(pg []pglyph, a, b int) int {
	for b > a && pg[b-1].ws {
		b--
	}
	return b
}

// emitLines turns each glyph range into a Line: its pieces in visual order,
// where it starts and how far its spaces stretch, then its runs of
// positioned glyphs.
func (e *Engine) emitLines(sc *scratch, p *Paragraph, txt string, width float64, paraLevel bidi.Level) []Line {
	lines := make([]Line, len(sc.lines))
	// A line's runs are the items it holds, one more where its hanging
	// spaces split an item, and adjacent pieces of an item share a run: at
	// most an item and two more a line, so the runs are allocated once.
	pl := placer{sc: sc, p: p, txt: txt, glyphs: make([]Glyph, len(sc.pg)),
		runs: make([]Run, 0, len(sc.items)+2*len(sc.lines))}
	if sc.kashida {
		sc.kashAt = grow(sc.kashAt, len(sc.pg))
		clear(sc.kashAt)
	}
	for li, lr := range sc.lines {
		a, b := lr[0], lr[1]
		t := trailingWS(sc.pg, a, b)
		last := li == len(sc.lines)-1
		sc.visualPieces(a, t, b, paraLevel)
		f := sc.fit(p, width, li == 0, last, a, t, b)
		ln := &lines[li]
		ln.Last, ln.Width, ln.Left = last, f.width, f.x0
		pl.place(ln, f)
	}
	pl.reslice(lines)
	return lines
}

// visualPieces fills sc.pieces with the line pg[a:b] cut where the item
// changes, in visual order: the whitespace hanging from t on takes the
// paragraph level (UAX #9 L1), then levels are reversed (L2).
func (sc *scratch) visualPieces(a, t, b int, paraLevel bidi.Level) {
	sc.pieces = sc.pieces[:0]
	for _, rg := range [2][2]int{{a, t}, {t, b}} {
		for k := rg[0]; k < rg[1]; {
			ii := int(sc.pg[k].item)
			m := k + 1
			for m < rg[1] && int(sc.pg[m].item) == ii {
				m++
			}
			pc := piece{a: k, b: m, item: ii, level: sc.items[ii].level}
			if rg[0] == t {
				pc.level, pc.trailing = paraLevel, true
			}
			sc.pieces = append(sc.pieces, pc)
			k = m
		}
	}
	reorderPieces(sc.pieces)
}

// lineFit is where a line's pen starts and how its spaces and joins
// stretch.
type lineFit struct {
	x0    float64 // the pen's start, from the left edge of the measure
	width float64 // the glyphs' extent after justification
	// space is how much each stretchable space grows, per pt of its own
	// width (negative: it shrinks); the line's kashidas are in sc.kash.
	space float64
}

// fit aligns the line pg[a:b], whose hanging whitespace starts at t, in a
// measure of width pt. A justified line fills the measure, kashidas first
// when the paragraph has them, unless it is the last line or ends at a
// forced break (JustifyAll fills those too); any line of a justified
// paragraph wider than the measure, which total fit allows, shrinks its
// spaces to fit.
func (sc *scratch) fit(p *Paragraph, width float64, first, last bool, a, t, b int) lineFit {
	natural := sc.cum[t] - sc.cum[a]
	avail := width
	startOff := 0.0
	if first {
		avail -= p.Indent
		startOff = p.Indent
	}
	forced := b < len(sc.pg) && sc.brk[sc.pg[b].cluster] == brkMandatory
	f := lineFit{width: natural}
	sc.kash = sc.kash[:0]
	align := p.Align
	if align == Justify || align == JustifyAll {
		extra := avail - natural
		spw := sc.spw[t] - sc.spw[a]
		switch {
		case extra < -eps && spw > 0:
			f.space = max(extra/spw, -spaceShrink)
		case extra > eps && (align == JustifyAll || !last && !forced):
			k := 0.0
			if sc.kashida {
				k = sc.allocKashida(a, t, int(sc.nsp[t]-sc.nsp[a]), extra)
			}
			f.width += k
			if spw > 0 {
				f.space = (extra - k) / spw
			}
		}
		f.width += f.space * spw
		align = Start
	}
	for i, ka := range sc.kash {
		sc.kashAt[sc.sites[ka.site].k] = int32(i + 1)
	}
	rtl := p.Dir == RTL
	switch align {
	case Start:
		if rtl {
			f.x0 = width - startOff - f.width
		} else {
			f.x0 = startOff
		}
	case End:
		if !rtl {
			f.x0 = width - f.width
		}
	case Center:
		f.x0 = (avail - f.width) / 2
		if !rtl {
			f.x0 += startOff
		}
	}
	return f
}

// placer sets the glyphs of a paragraph's lines into runs. Every line's
// glyphs share one array, sliced by run, and every run one array.
type placer struct {
	sc     *scratch
	p      *Paragraph
	txt    string
	glyphs []Glyph
	gpos   int
	runs   []Run
	// kashidas holds every run's kashidas in order; kend[i] is where run
	// i's end, for reslice (when the paragraph has kashida).
	kashidas []Kashida
	kend     []int
}

// place gives ln its runs from sc.pieces, the pen starting at f.x0;
// adjacent pieces of one item share a run.
func (pl *placer) place(ln *Line, f lineFit) {
	sc := pl.sc
	firstRun := len(pl.runs)
	pen := f.x0
	for pi, pc := range sc.pieces {
		it := &sc.items[pc.item]
		sp := &pl.p.Spans[it.span]
		if pi == 0 || sc.pieces[pi-1].item != pc.item {
			pl.runs = append(pl.runs, Run{Face: it.face, Style: sp.Style, RTL: it.rtl(), Glyphs: pl.glyphs[pl.gpos:pl.gpos]})
			if sc.kashida {
				pl.kend = append(pl.kend, len(pl.kashidas))
			}
			if asc := it.face.Ascent()*it.size + max(sp.Style.Rise, 0); asc > ln.Ascent {
				ln.Ascent = asc
			}
			if desc := -it.face.Descent()*it.size - min(sp.Style.Rise, 0); desc > ln.Descent {
				ln.Descent = desc
			}
		}
		run := &pl.runs[len(pl.runs)-1]
		for v := 0; v < pc.b-pc.a; v++ {
			k := pc.a + v
			if it.rtl() {
				k = pc.b - 1 - v // visual order of an RTL piece
			}
			g := &sc.pg[k]
			adv := g.adv
			if pc.trailing {
				adv = 0
			} else if g.ws && g.clusterStart {
				adv += g.adv * f.space
			}
			if sc.kashida && sc.kashAt[k] > 0 {
				// The kashida joins this glyph to the one on its right
				// (k-1, the letter before it), which comes next.
				ka := sc.kash[sc.kashAt[k]-1]
				st := &sc.sites[ka.site]
				pl.kashidas = append(pl.kashidas, Kashida{GID: st.gid, X: pen + adv, Y: st.yoff + sp.Style.Rise, Width: ka.width, Natural: st.nat})
				pl.kend[len(pl.kend)-1] = len(pl.kashidas)
				adv += ka.width
				sc.kashAt[k] = 0
			}
			// Written in place: the array is new, its Text fields empty.
			out := &pl.glyphs[pl.gpos]
			c0 := sc.byteOff[g.cluster]
			out.GID, out.Mark, out.order = g.gid, g.mark, int32(k)
			out.X, out.Y, out.Advance, out.Cluster = pen+g.xoff, g.yoff+sp.Style.Rise, adv, c0
			if g.clusterStart {
				out.Text = pl.txt[c0:sc.byteOff[g.clusterEnd]]
			}
			pl.gpos++
			run.Glyphs = run.Glyphs[:len(run.Glyphs)+1]
			pen += adv
		}
	}
	ln.Runs = pl.runs[firstRun:len(pl.runs):len(pl.runs)]
}

// reslice points every line at the final run array, which may have moved
// while it grew.
func (pl *placer) reslice(lines []Line) {
	pos := 0
	for li := range lines {
		nr := len(lines[li].Runs)
		lines[li].Runs = pl.runs[pos : pos+nr : pos+nr]
		pos += nr
	}
	k := 0
	for i := range pl.kend {
		if e := pl.kend[i]; e > k {
			pl.runs[i].Kashidas = pl.kashidas[k:e:e]
			k = e
		}
	}
}

// reorderPieces applies UAX #9 rule L2: from the highest level down to the
// lowest odd level, reverse every maximal sequence of pieces at that level
// or higher.
func reorderPieces(ps []piece) {
	if len(ps) < 2 {
		return
	}
	hi, lowOdd := bidi.Level(0), bidi.Level(127)
	for _, pc := range ps {
		hi = max(hi, pc.level)
		if pc.level%2 == 1 {
			lowOdd = min(lowOdd, pc.level)
		}
	}
	for lv := hi; lv >= lowOdd && lv > 0; lv-- {
		for i := 0; i < len(ps); {
			if ps[i].level < lv {
				i++
				continue
			}
			j := i
			for j < len(ps) && ps[j].level >= lv {
				j++
			}
			for l, r := i, j-1; l < r; l, r = l+1, r-1 {
				ps[l], ps[r] = ps[r], ps[l]
			}
			i = j
		}
	}
}

// ReadingOrder returns the line's glyphs in reading (logical) order: by
// Cluster, bases before their marks, each with the run it belongs to.
func (l Line) ReadingOrder() []PlacedGlyph { return l.AppendReadingOrder(nil) }

// AppendReadingOrder appends the line's glyphs in reading order to dst, as
// ReadingOrder returns them, and returns the extended slice: a renderer
// drawing line after line reuses one slice.
func (l Line) AppendReadingOrder(dst []PlacedGlyph) []PlacedGlyph {
	n := 0
	for i := range l.Runs {
		n += len(l.Runs[i].Glyphs)
	}
	dst = slices.Grow(dst, n)
	start := len(dst)
	// A line's glyphs are most often a run of the paragraph's sequence:
	// each then goes straight to its place, where sorting would put it.
	if n > 0 {
		lo, hi := int32(math.MaxInt32), int32(math.MinInt32)
		for i := range l.Runs {
			for j := range l.Runs[i].Glyphs {
				o := l.Runs[i].Glyphs[j].order
				lo, hi = min(lo, o), max(hi, o)
			}
		}
		if int64(hi)-int64(lo)+1 == int64(n) {
			out := dst[start : start+n]
			for i := range out {
				out[i].Run = nil // empty
			}
			ok := true
			for i := range l.Runs {
				r := &l.Runs[i]
				for j := range r.Glyphs {
					g := &r.Glyphs[j]
					at := &out[g.order-lo]
					if at.Run != nil { // two glyphs with one order: sort them
						ok = false
						break
					}
					at.Glyph, at.Run = *g, r
				}
				if !ok {
					break
				}
			}
			if ok {
				return dst[:start+n]
			}
		}
	}
	for i := range l.Runs {
		r := &l.Runs[i]
		for _, g := range r.Glyphs {
			dst = append(dst, PlacedGlyph{Glyph: g, Run: r})
		}
	}
	// order is the glyph's index in the paragraph's logical glyph sequence,
	// which HarfBuzz produces sorted by cluster with marks after their bases.
	slices.SortFunc(dst[start:], func(a, b PlacedGlyph) int { return int(a.order - b.order) })
	return dst
}

func joinSpans(spans []Span) string {
	switch len(spans) {
	case 0:
		return ""
	case 1:
		return spans[0].Text
	}
	var b strings.Builder
	n := 0
	for _, s := range spans {
		n += len(s.Text)
	}
	b.Grow(n)
	for _, s := range spans {
		b.WriteString(s.Text)
	}
	return b.String()
}

// cleanRune is the character shaped and bidi-resolved in place of r:
// control characters and line/paragraph separators become spaces, since
// fonts draw them as .notdef and go-text's bidi stops at a paragraph
// separator. The source text keeps the original character.
func cleanRune(r rune) rune {
	if r < 0x20 || (r >= 0x7F && r < 0xA0) || r == 0x2028 || r == 0x2029 {
		return ' '
	}
	return r
}

func isSpace(r rune) bool {
	switch r {
	case ' ', 0xA0, 0x1680, 0x202F, 0x205F, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

// isInherited reports characters that belong to the preceding base:
// combining marks, joiners and variation selectors.
func isInherited(r rune) bool {
	if r < 0x300 {
		return false
	}
	if r < lowRunes {
		return lowInherited[r>>6]&(1<<(r&63)) != 0
	}
	return inherited(r)
}

func inherited(r rune) bool {
	return unicode.In(r, unicode.Mn, unicode.Me) || r == 0x200C || r == 0x200D ||
		unicode.Is(unicode.Variation_Selector, r)
}

// lowInherited is isInherited for U+0000..U+07FF, as a bit set: the
// harakat and the letters around them are all there, and the Unicode
// tables are searched once.
var lowInherited = func() (t [lowRunes / 64]uint64) {
	for r := rune(0x300); r < lowRunes; r++ {
		if inherited(r) {
			t[r>>6] |= 1 << (r & 63)
		}
	}
	return t
}()

// isIgnorable reports default-ignorable characters, which HarfBuzz hides
// rather than drawing: a font need not map them.
func isIgnorable(r rune) bool {
	if r >= 0x600 && r <= 0x605 || r == 0x6DD || r == 0x70F || r == 0x8E2 || r == 0x110BD {
		return false // prepended concatenation marks are Cf but visible
	}
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r) ||
		unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) || r == 0x34F ||
		r == 0x115F || r == 0x1160 || r == 0x3164 || r == 0xFFA0
}

// lowScripts caches the scripts of U+0000..U+07FF (Latin and Arabic text
// spend most of their time there); it is filled once and only read.
var lowScripts = func() (t [lowRunes]language.Script) {
	for r := range t {
		t[r] = language.LookupScript(rune(r))
	}
	return t
}()

func lookupScript(r rune) language.Script {
	if r >= 0 && r < lowRunes {
		return lowScripts[r]
	}
	return language.LookupScript(r)
}

// Isolate marks (UAX #9), given to the bidi algorithm only.
const (
	lri = '\u2066'
	rli = '\u2067'
	fsi = '\u2068'
	pdi = '\u2069'
)

// isolateRun is an isolate in rune indices, with its initiating mark.
type isolateRun struct {
	start, end int32
	mark       rune // lri, rli or fsi
}

// resolveLevels runs the bidi algorithm over the paragraph and stores each
// character's embedding level in sc.level. Isolates are wrapped in their
// marks for the algorithm only: the paragraph's Isolates, and every code
// span (Role Mono), which is always left-to-right so that "fmt.Println(x)"
// in an Arabic sentence keeps its own order and does not reorder the text
// around it.
func (e *Engine) resolveLevels(w *worker, sc *scratch, p *Paragraph, dir bidi.Direction) {
	sc.level = grow(sc.level, len(sc.clean))
	sc.findIsolates(p)
	if len(sc.isolates) == 0 && dir == bidi.RightToLeft && w.plainRTL(sc.clean) {
		for i := range sc.level {
			sc.level[i] = 1
		}
		return
	}
	if len(sc.isolates) == 0 {
		runs := w.bidi.Segment(sc.clean, dir)
		charLevels(sc.level, &runs)
		return
	}
	in := sc.markIsolates()
	sc.bidiLevel = grow(sc.bidiLevel, len(in))
	runs := w.bidi.Segment(in, dir)
	charLevels(sc.bidiLevel, &runs)
	for i := range sc.level {
		sc.level[i] = sc.bidiLevel[sc.bidiMap[i]]
	}
}

// plainRTL reports whether every character of text is one whose bidi
// class leaves a right-to-left paragraph of them all at level 1: a
// right-to-left letter (R, AL), a mark (NSM), a space or neutral (WS, ON,
// S), or a separator or terminator (CS, ES, ET) with no European digit to
// attach to. Under UAX #9 such a paragraph, with no isolate, has nothing to
// reorder: marks take the letter's direction (W1), separators and
// terminators become neutrals (W6), and neutrals between right-to-left
// letters or the paragraph's ends are right-to-left (N1, N2). Most Arabic
// paragraphs without digits or Latin words are such, and go-text's bidi
// algorithm, which takes a sixth of the time a paragraph's layout took,
// need not run for them.
func (w *worker) plainRTL(text []rune) bool {
	for _, r := range text {
		if r < 0 || r >= lowRunes {
			return false
		}
		v := plainRunes[r].Load()
		if v == 0 {
			v = plainNo
			if w.probePlain(r) {
				v = plainYes
			}
			plainRunes[r].Store(v)
		}
		if v != plainYes {
			return false
		}
	}
	return true
}

// plainRunes is what plainRTL learnt of each character below lowRunes.
var plainRunes [lowRunes]atomic.Uint32

const (
	plainYes = 1
	plainNo  = 2
)

// probePlain tells, from go-text's own bidi algorithm (not a table of
// classes of this package's), whether r is in one of the classes plainRTL
// allows: alone, after a right-to-left letter, before one and between two,
// it must be at level 1 in a right-to-left paragraph. A left-to-right
// letter or a digit (L, EN, AN) is raised to level 2 alone; an embedding,
// override or isolate initiator raises the letter after it; a paragraph
// separator (B) ends the paragraph, leaving fewer levels than characters.
func (w *worker) probePlain(r rune) bool {
	const beh = '\u0628' // ب, class AL
	for _, probe := range [][]rune{{r}, {beh, r}, {r, beh}, {beh, r, beh}} {
		runs := w.bidi.Segment(probe, bidi.RightToLeft)
		n := 0
		for i := 0; i < runs.NumRuns(); i++ {
			run := runs.Run(i)
			if run.Level != 1 {
				return false
			}
			n += run.End - run.Start
		}
		if n != len(probe) {
			return false
		}
	}
	return true
}

// findIsolates fills sc.isolates with the paragraph's isolates and its code
// spans, in rune indices, sorted by start with outer isolates first.
func (sc *scratch) findIsolates(p *Paragraph) {
	sc.isolates = sc.isolates[:0]
	for _, is := range p.Isolates {
		a, b := sort.SearchInts(sc.byteOff, is.Start), sort.SearchInts(sc.byteOff, is.End)
		if a >= b {
			continue
		}
		mark := lri
		switch {
		case is.Auto:
			mark = fsi
		case is.Dir == RTL:
			mark = rli
		}
		sc.isolates = append(sc.isolates, isolateRun{start: int32(a), end: int32(b), mark: mark})
	}
	n := len(sc.runes)
	for i := 0; i < n; {
		if p.Spans[sc.span[i]].Style.Role != Mono {
			i++
			continue
		}
		j := i + 1
		for j < n && sc.span[j] == sc.span[i] {
			j++
		}
		sc.isolates = append(sc.isolates, isolateRun{start: int32(i), end: int32(j), mark: lri})
		i = j
	}
	if len(p.Isolates) > 0 {
		slices.SortStableFunc(sc.isolates, func(x, y isolateRun) int {
			if x.start != y.start {
				return int(x.start - y.start)
			}
			return int(y.end - x.end)
		})
	}
}

// markIsolates returns the paragraph's characters with the isolates' marks
// around them, and maps each character to its index there (sc.bidiMap).
// An isolate that ends inside another closes with it.
func (sc *scratch) markIsolates() []rune {
	sc.bidiIn, sc.bidiMap = sc.bidiIn[:0], grow(sc.bidiMap, len(sc.clean))
	open := sc.openIsolates[:0] // the ends of the isolates open, innermost last
	next := 0
	for i, r := range sc.clean {
		for len(open) > 0 && open[len(open)-1] <= int32(i) {
			sc.bidiIn = append(sc.bidiIn, pdi)
			open = open[:len(open)-1]
		}
		for ; next < len(sc.isolates) && sc.isolates[next].start == int32(i); next++ {
			sc.bidiIn = append(sc.bidiIn, sc.isolates[next].mark)
			open = append(open, sc.isolates[next].end)
		}
		sc.bidiMap[i] = int32(len(sc.bidiIn))
		sc.bidiIn = append(sc.bidiIn, r)
	}
	for range open {
		sc.bidiIn = append(sc.bidiIn, pdi)
	}
	sc.openIsolates = open
	return sc.bidiIn
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}
