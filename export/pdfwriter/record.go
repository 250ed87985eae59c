package pdfwriter

import (
	"bytes"
	"compress/flate"
	"errors"
	"io"
	"math"
	"slices"
	"sync"

	"github.com/warraq/warraq/internal/cache/wire"
)

// Recording a page's body, and drawing it again from the recording, is what
// lets a rebuild skip drawing the pages that did not change (export/pdf's
// page cache). A page's content stream depends on the rest of the document
// in two ways only: the glyph codes (CIDs), given out in the order glyphs
// are first drawn anywhere in the document, and the fonts' resource names,
// given out in the same way. A recording keeps the body's content as
// written, compressed, with the place of every code and resource name
// (its holes), and everything drawing it did to the document: the glyphs
// it drew in the order of their first use on the page, the structure
// elements it made and the marked content it gave them, and its links.
// Replaying it does all of that again in the same order, so every glyph,
// element and link gets the number a cold build gives it; if every code
// and name comes out as recorded the compressed body is written as it is,
// otherwise it is decompressed, its holes filled with today's values, and
// compressed again. Either way the bytes are those of drawing the page.
//
// A page's body is what is drawn between Record and Furniture; the running
// head and folio, drawn after Furniture, change when pages move. The page's
// content stream is compressed in two segments, the body's and the
// furniture's (write.go), so a body's compressed bytes do not depend on
// them.

// Recording is a page body's content and what drawing it did.
type Recording struct {
	Keys  []RecGlyph // distinct glyphs in the order of first use on the page
	ops   []recOp
	rects [][4]float64 // the links' rectangles (recOp.rect)
	holes []hole
	res   []string // the font resource names the glyphs had (RecGlyph.res)
	// holeData is the encoded holes of a decoded recording, read only
	// when the body must be renumbered.
	holeData []byte
	nholes   int
	body     []byte // the body's compressed segment (set when the page is written)
	raw      bool   // body is uncompressed, its codes a sketch's (sketch.go)
	sum      uint32 // the Adler-32 of the body, uncompressed
	n        int    // its length
	known    int    // elements known before drawing (the ids below it)
	// slices, for a decoded recording, are where its slices came from and
	// go back to (Release).
	slices *recSlices

	// while recording
	page *Page
	// gen numbers the recording among its document's: the glyphs'
	// indexes in Keys are kept by their instances under it (glyph).
	gen uint32
	// The known elements' numbers (shared by the pages of a sketch,
	// read only) and those of the elements added since.
	knownIDs map[*StructElem]int
	ids      map[*StructElem]int
	bad      bool // drew something a recording cannot replay (an image)
}

// RecGlyph is one glyph a recorded page draws: its font, what its code
// stands for, and the font instance and code it had.
type RecGlyph struct {
	Font  *Font
	Text  string
	Width int32
	inst  int32 // the instance's index among the font's
	res   int32 // its instance's resource name, in Recording.res
	GID   uint16
	DY    int16
	cid   uint16 // the code
	// sin is a sketch's instance (sketch.go): the document replayed on
	// keeps the codes its codes came to (Document.sketchCodes).
	sin *fontInstance
}

type recOpKind uint8

const (
	opAdd    recOpKind = iota + 1 // a child element of elem, of type s
	opMCID                        // marked content of elem
	opLink                        // a link (rect, uri or dest in s, dest when n == 1)
	opLinkIn                      // the last link is elem's, contents s
)

// recOp is one thing a page did to the document. It is small (32 bytes)
// because a rebuild decodes some two million of them at 1,000 articles: a
// link's rectangle is kept apart, in Recording.rects.
type recOp struct {
	kind recOpKind
	elem int32
	n    int32
	rect int32 // a link's, in Recording.rects
	s    string
}

// linkOp records a link's operation.
func (r *Recording) linkOp(n int32, s string, x, y, w, h float64) {
	r.ops = append(r.ops, recOp{kind: opLink, elem: -1, n: n, s: s, rect: int32(len(r.rects))})
	r.rects = append(r.rects, [4]float64{x, y, w, h})
}

type holeKind uint8

const (
	holeRes  holeKind = iota + 1 // a font instance's resource name
	holeCode                     // a glyph's code, four hex digits
)

// hole is a place in the body whose bytes are a glyph's code or its
// instance's resource name.
type hole struct {
	off  int32 // a body is below 1 GiB (DecodeRecording)
	key  int32 // index in Keys
	n    int32 // its length as recorded
	kind holeKind
}

// Record starts recording the page's body: known are the structure
// elements that what is drawn may belong to (by their index in it). It
// must come before anything is drawn on the page.
func (p *Page) Record(known []*StructElem) {
	if p.content.Len() != 0 || p.closed {
		return
	}
	ids := make(map[*StructElem]int, len(known))
	for i, e := range known {
		ids[e] = i
	}
	p.record(known, ids)
}

// record starts recording the body with known's numbers given (ids).
func (p *Page) record(known []*StructElem, ids map[*StructElem]int) {
	p.doc.recGen++
	r := &Recording{page: p, gen: p.doc.recGen, knownIDs: ids, known: len(known)}
	p.rec = r
	if p.doc.tree != nil {
		p.doc.tree.rec = r
	}
}

// Origin moves what the body draws right by dx: a body drawn at x = 0 is
// then the same whichever side of the spread its page is on, so a page
// that moves to the other side keeps its recording. Links are placed on
// the page, moved the same. It must come before anything is drawn, and
// ends with the body (Furniture draws where the page's origin is).
func (p *Page) Origin(dx float64) {
	if p.content.Len() != 0 || p.closed || p.origin {
		return
	}
	p.origin, p.dx = true, dx
}

// shift is how far what is being drawn is moved right: Origin's dx in
// the body, nothing in the furniture.
func (p *Page) shift() float64 {
	if p.furn != nil {
		return 0
	}
	return p.dx
}

// Furniture ends the page's body: what is drawn from now on (a running
// head, a folio) follows it in the content stream, compressed apart
// (write.go). It ends a recording; Recorded returns it once the page is
// closed.
func (p *Page) Furniture() {
	if p.furn != nil || p.closed {
		return
	}
	p.furn = &bytes.Buffer{}
	p.stopRecording()
}

// recording is the recording drawing goes into now: nil outside a body
// being recorded.
func (p *Page) recording() *Recording {
	if p.rec == nil || p.furn != nil || p.closed || p.rec.body != nil {
		return nil
	}
	return p.rec
}

func (p *Page) stopRecording() {
	if p.rec != nil && p.doc.tree != nil && p.doc.tree.rec == p.rec {
		p.doc.tree.rec = nil
	}
}

// Recorded returns the recording of the page's body, once the page is
// closed, or nil if there is none or it cannot be replayed; the page
// forgets it (a book's pages are kept until the end, their recordings
// need not be).
func (p *Page) Recorded() *Recording {
	r := p.rec
	if r == nil || r.bad || r.body == nil {
		return nil
	}
	p.rec = nil
	return r
}

// Valid reports whether the recording was made by Record (or decoded) and
// can be replayed.
func (r *Recording) Valid() bool { return r != nil && !r.bad && r.body != nil }

func (r *Recording) elemID(e *StructElem) int32 {
	if e == nil {
		return -1
	}
	id, ok := r.knownIDs[e]
	if !ok {
		id, ok = r.ids[e]
	}
	if !ok || id > math.MaxInt32 {
		r.bad = true
		return -1
	}
	return int32(id)
}

// glyph notes a glyph drawn with font f and key k, which got code cid of
// instance in, and returns its index. Keys that come to one code (a shift
// the font does not draw, a CFF glyph's width) are one: replaying the
// first gives the code drawing either would.
func (r *Recording) glyph(f *Font, k cidKey, in *fontInstance, cid uint16) int {
	if int(cid) >= len(in.recGen) {
		n := max(int(cid)+1, 2*len(in.recGen), 256)
		in.recGen = append(in.recGen, make([]uint32, n-len(in.recGen))...)
		in.recKey = append(in.recKey, make([]int32, n-len(in.recKey))...)
	}
	if in.recGen[cid] == r.gen {
		return int(in.recKey[cid])
	}
	i := len(r.Keys)
	in.recGen[cid], in.recKey[cid] = r.gen, int32(i)
	res := slices.Index(r.res, in.res)
	if res < 0 {
		res = len(r.res)
		r.res = append(r.res, in.res)
	}
	var sin *fontInstance
	if f.doc.sketch {
		sin = in
	}
	r.Keys = append(r.Keys, RecGlyph{Font: f, GID: k.gid, DY: k.dy, Text: k.text, Width: k.width, inst: int32(instIndex(f, in)), cid: cid, res: int32(res), sin: sin})
	return i
}

func instIndex(f *Font, in *fontInstance) int {
	for i, x := range f.instances {
		if x == in {
			return i
		}
	}
	return -1
}

func (r *Recording) add(parent *StructElem, typ string, e *StructElem) {
	r.ops = append(r.ops, recOp{kind: opAdd, elem: r.elemID(parent), s: typ})
	if r.ids == nil {
		r.ids = map[*StructElem]int{}
	}
	r.ids[e] = r.known + len(r.ids)
}

// Replay draws a recorded body on the page, which must be empty; known are
// the elements the recording's element numbers stand for now, and reports
// whether its content had to be compressed again (a code or name changed).
// It reports drawn false, having drawn nothing, when the recording does not fit the
// document: a glyph now in another font instance, an element it does not
// have; the caller then draws the page itself.
func (p *Page) Replay(r *Recording, known []*StructElem) (drawn, recompressed bool) {
	if !r.Valid() || p.content.Len() != 0 || p.closed || len(known) != r.known {
		return false, false
	}
	// The glyphs first, in their order: the codes they are given do not
	// depend on the rest, and drawing the page would give them the same.
	now := make([]got, len(r.Keys))
	same := true
	var memo []got // a sketch instance's codes found before (sketch.go)
	var memoOf *fontInstance
	for i := range r.Keys {
		g := &r.Keys[i]
		if g.Font == nil || g.Font.doc != p.doc {
			return false, false
		}
		if g.sin != nil {
			if g.sin != memoOf {
				memo, memoOf = p.doc.sketchCodes[g.sin], g.sin
			}
			if int(g.cid) < len(memo) && memo[g.cid].in != nil && memo[g.cid].in.font == g.Font {
				now[i] = memo[g.cid]
				continue
			}
		}
		in, cid := g.Font.cid(g.GID, g.DY, g.Text, g.Width)
		if instIndex(g.Font, in) != int(g.inst) {
			return false, false
		}
		now[i] = got{in, cid}
		if g.sin != nil {
			if int(g.cid) >= len(memo) {
				memo = append(memo, make([]got, int(g.cid)+1-len(memo)+len(memo)/2)...)
			}
			memo[g.cid] = got{in, cid}
			if p.doc.sketchCodes == nil {
				p.doc.sketchCodes = map[*fontInstance][]got{}
			}
			p.doc.sketchCodes[g.sin] = memo
		}
		if cid != g.cid || int(g.res) >= len(r.res) || in.res != r.res[g.res] {
			same = false
		}
	}
	var body []byte
	holes := r.holes
	// A sketch's body is filled whatever its codes: it is not compressed.
	same = same && !r.raw
	if r.raw {
		body = r.body
	} else if !same {
		var err error
		if body, err = inflate(r.body); err != nil {
			return false, false
		}
		if holes == nil && r.nholes > 0 {
			if holes = decodeHoles(r.holeData, r.nholes, len(r.Keys), len(body)); holes == nil {
				return false, false
			}
		}
	}
	// Every element the operations name must exist before any is applied.
	elems := append([]*StructElem(nil), known...)
	count := len(known)
	for _, op := range r.ops {
		if int(op.elem) >= count || (op.elem < 0 && op.kind != opLink) {
			return false, false
		}
		if op.kind == opAdd {
			count++
		}
	}
	for _, e := range known {
		if e == nil || e.tree != p.doc.tree || e.closed {
			return false, false
		}
	}
	// Fill the holes with today's codes and names. When each is as long
	// as its hole (a code always is; a name is unless the document has
	// more fonts than the one recorded) they are written over a copy of
	// the body, in place.
	inPlace := true
	if !same {
		at := 0
		for _, h := range holes {
			if int(h.off) < at || int(h.off+h.n) > len(body) {
				return false, false // cannot happen with a recording this package made
			}
			at = int(h.off + h.n)
			if h.kind == holeRes {
				inPlace = inPlace && len(now[h.key].in.res) == int(h.n)
			} else {
				inPlace = inPlace && h.n == 4
			}
		}
	}
	var last *fontInstance
	for i := range now {
		if in := now[i].in; in != last {
			p.fonts[in], last = true, in
		}
	}
	for _, op := range r.ops {
		switch op.kind {
		case opAdd:
			elems = append(elems, elems[op.elem].Add(op.s))
		case opMCID:
			p.giveMCID(elems[op.elem])
		case opLink:
			rc := r.rects[op.rect]
			l := link{x: rc[0] + p.dx, y: rc[1], w: rc[2], h: rc[3]}
			if op.n == 1 {
				l.dest = op.s
			} else {
				l.uri = op.s
			}
			p.links = append(p.links, l)
		case opLinkIn:
			p.LinkIn(elems[op.elem], op.s)
		}
	}
	if same {
		p.rawContent, p.rawSum, p.bodyLen = r.body, r.sum, r.n
		return true, false
	}
	// Written straight into the page's content: the holes were checked above.
	out := p.content.AvailableBuffer()
	if cap(out) < len(body)+16 {
		p.content.Grow(len(body) + 16)
		out = p.content.AvailableBuffer()
	}
	const hexdigits = "0123456789ABCDEF"
	if inPlace {
		out = append(out, body...)
		for _, h := range holes {
			g := now[h.key]
			if d := out[h.off : h.off+h.n]; h.kind == holeRes {
				copy(d, g.in.res)
			} else {
				d[0], d[1], d[2], d[3] = hexdigits[g.cid>>12], hexdigits[g.cid>>8&15], hexdigits[g.cid>>4&15], hexdigits[g.cid&15]
			}
		}
	} else {
		at := 0
		for _, h := range holes {
			out = append(out, body[at:int(h.off)]...)
			g := now[h.key]
			if h.kind == holeRes {
				out = append(out, g.in.res...)
			} else {
				out = append(out, hexdigits[g.cid>>12], hexdigits[g.cid>>8&15], hexdigits[g.cid>>4&15], hexdigits[g.cid&15])
			}
			at = int(h.off + h.n)
		}
		out = append(out, body[at:]...)
	}
	p.content.Write(out)
	if r.raw { // the sketch is copied: the next sketched page draws into its memory
		r.releaseSketch()
	}
	return true, true
}

// got is a glyph's instance and code in the document replayed on.
type got struct {
	in  *fontInstance
	cid uint16
}

// inflate decompresses a body's segment: raw deflate blocks ended by a
// sync flush, to which a final empty block is added.
func inflate(b []byte) ([]byte, error) {
	zr := flate.NewReader(io.MultiReader(bytes.NewReader(b), bytes.NewReader([]byte{0x03, 0x00})))
	defer zr.Close()
	return io.ReadAll(zr)
}

// Encode writes the recording (in internal/cache/wire's fields, floats as
// the varints of their bits); font gives each font a number Decode's
// caller maps back.
func (r *Recording) Encode(font func(*Font) int) []byte {
	var w wire.Writer
	w.Uint(uint64(r.known))
	// The glyphs' texts first, together, so that decoding makes one
	// string of them all.
	var texts []byte
	for _, g := range r.Keys {
		texts = append(texts, g.Text...)
	}
	w.Raw(texts)
	w.Uint(uint64(len(r.Keys)))
	for _, g := range r.Keys {
		w.Int(int64(font(g.Font)))
		w.Uint(uint64(g.GID))
		w.Int(int64(g.DY))
		w.Uint(uint64(len(g.Text)))
		w.Int(int64(g.Width))
		w.Uint(uint64(g.inst))
		w.Uint(uint64(g.cid))
		w.Uint(uint64(g.res))
	}
	w.Uint(uint64(len(r.res)))
	for _, v := range r.res {
		w.Str(v)
	}
	w.Uint(uint64(len(r.ops)))
	for _, op := range r.ops {
		w.Uint(uint64(op.kind))
		w.Int(int64(op.elem))
		w.Int(int64(op.n))
		w.Str(op.s)
		if op.kind == opLink {
			for _, v := range r.rects[op.rect] {
				w.Uint(math.Float64bits(v))
			}
		}
	}
	var hw wire.Writer
	prev := 0
	for _, h := range r.holes {
		hw.Uint(uint64(int(h.off) - prev))
		prev = int(h.off)
		hw.Uint(uint64(h.kind)) // one byte: the kinds are below 128
		hw.Uint(uint64(h.key))
		hw.Uint(uint64(h.n))
	}
	w.Uint(uint64(len(r.holes)))
	w.Raw(hw.Data())
	w.Uint(uint64(r.sum))
	w.Uint(uint64(r.n))
	w.Raw(r.body)
	return w.Data()
}

var errRecording = errors.New("pdfwriter: damaged page recording")

// decoded holds the slices of released recordings for the next to decode
// into: a rebuild decodes thousands of pages one after the other.
var decoded = sync.Pool{New: func() any { return new(recSlices) }}

type recSlices struct {
	keys  []RecGlyph
	ops   []recOp
	rects [][4]float64
	holes []hole // a sketch's (sketch.go)
}

// Release gives a decoded recording's memory back once it has been
// replayed; the recording must not be used after. Its body (the page's
// compressed content) stays the page's.
func (r *Recording) Release() {
	if r == nil || r.slices == nil {
		return
	}
	s := r.slices
	s.keys, s.ops, s.rects = clearAll(r.Keys), clearAll(r.ops), r.rects[:0]
	r.Keys, r.ops, r.rects, r.slices = nil, nil, nil, nil
	decoded.Put(s)
}

// clearAll empties s, dropping what its elements point at.
func clearAll[T any](s []T) []T {
	clear(s[:cap(s)])
	return s[:0]
}

// maxIndex bounds the numbers a recording keeps as int32 (elements, font
// instances, resource names).
const maxIndex = math.MaxInt32

// DecodeRecording reads what Encode wrote; font maps the numbers back (nil:
// the recording is refused). A damaged recording is an error.
func DecodeRecording(data []byte, font func(int) *Font) (*Recording, error) {
	d := wire.NewReader(data)
	s := decoded.Get().(*recSlices)
	r := &Recording{slices: s, Keys: s.keys, ops: s.ops, rects: s.rects}
	r.known = d.Index(maxIndex)
	// The texts are cut from one string, not allocated one by one.
	texts := d.Str()
	n := d.CountOf(8) // a glyph takes eight bytes or more
	if n > cap(r.Keys) {
		r.Keys = make([]RecGlyph, 0, n)
	}
	for k := 0; k < n && d.Err() == nil; k++ {
		g := RecGlyph{Font: font(int(d.Int()))}
		g.GID = uint16(d.Index(1 << 16))
		g.DY = int16(d.Int())
		l := d.Index(len(texts) + 1)
		g.Text, texts = texts[:l], texts[l:]
		g.Width = int32(d.Int())
		g.inst = int32(d.Index(maxIndex))
		g.cid = uint16(d.Index(1 << 16))
		g.res = int32(d.Index(maxIndex))
		if g.Font == nil {
			d.Fail()
		}
		r.Keys = append(r.Keys, g)
	}
	if len(texts) != 0 {
		d.Fail()
	}
	n = d.Count()
	for k := 0; k < n && d.Err() == nil; k++ {
		r.res = append(r.res, d.Str())
	}
	for _, g := range r.Keys {
		if int(g.res) >= len(r.res) {
			d.Fail()
		}
	}
	n = d.CountOf(4) // an operation takes four bytes or more
	if n > cap(r.ops) {
		r.ops = make([]recOp, 0, n)
	}
	// The operations' strings are mostly a few element types, said again
	// and again: each is allocated once.
	names := map[string]string{}
	for k := 0; k < n && d.Err() == nil; k++ {
		kind, elem, n := d.Uint(), d.Int(), d.Int()
		op := recOp{kind: recOpKind(kind), elem: int32(elem), n: int32(n)}
		if b := d.Raw(); len(b) > 0 {
			s, ok := names[string(b)]
			if !ok {
				s = string(b)
				names[s] = s
			}
			op.s = s
		}
		if op.kind == opLink {
			op.rect = int32(len(r.rects))
			var rc [4]float64
			for i := range rc {
				rc[i] = math.Float64frombits(d.Uint())
			}
			r.rects = append(r.rects, rc)
		}
		if kind < uint64(opAdd) || kind > uint64(opLinkIn) || elem < -1 || elem > maxIndex || n < math.MinInt32 || n > math.MaxInt32 {
			d.Fail()
		}
		r.ops = append(r.ops, op)
	}
	r.nholes = d.CountOf(4) // a hole takes four bytes or more of holeData, which follows
	r.holeData = d.Raw()
	r.sum = uint32(d.Uint())
	if r.n = int(d.Uint()); r.n < 0 || r.n > 1<<30 {
		d.Fail()
	}
	r.body = d.Raw()
	if err := d.End(); err != nil {
		r.Release()
		return nil, errRecording
	}
	return r, nil
}

// decodeHoles reads n holes of a recording with keys glyphs and a body of
// size bytes; nil if they are damaged.
func decodeHoles(data []byte, n, keys, size int) []hole {
	d := wire.NewReader(data)
	out := make([]hole, 0, min(n, len(data)))
	off := 0
	for k := 0; k < n && d.Err() == nil; k++ {
		off += d.Index(size + 1)
		h := hole{off: int32(off), kind: holeKind(d.Index(int(holeCode) + 1)), key: int32(d.Index(keys)), n: int32(d.Index(size + 1))}
		if h.kind != holeRes && h.kind != holeCode {
			return nil
		}
		out = append(out, h)
	}
	if d.End() != nil {
		return nil
	}
	return out
}
