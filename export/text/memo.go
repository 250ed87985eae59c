package text

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"reflect"
	"sync"

	"github.com/warraq/warraq/internal/cache/wire"
)

// A Memo remembers the Blocks an Engine laid out, by the hash of everything
// each was laid out from (the paragraph, every field of it, and the width),
// so that a later build can take a paragraph's lines from it instead of
// shaping and breaking the paragraph again. A book's cache (internal/cache)
// keeps one Memo per article between builds; the layout of a paragraph is
// a pure function of those inputs and of the engine's fonts and code, which
// the cache's key covers.
//
// A Memo is used by one goroutine at a time: an article is laid out by one.
type Memo struct {
	prior map[[32]byte]Block // from an earlier build
	used  []memoEntry        // this build's, in the order they were asked for
	hits  int
}

type memoEntry struct {
	key [32]byte
	blk Block
}

// NewMemo is an empty memo.
func NewMemo() *Memo { return &Memo{} }

// Layout is e.Layout(p, width), from the memo when it holds the very same
// paragraph laid out at the very same width.
func (m *Memo) Layout(e *Engine, p Paragraph, width float64) Block {
	if m == nil {
		return e.Layout(p, width)
	}
	k := paragraphKey(&p, width)
	blk, ok := m.prior[k]
	if ok {
		m.hits++
	} else {
		blk = e.Layout(p, width)
	}
	m.used = append(m.used, memoEntry{k, blk})
	return blk
}

// Changed reports whether this build asked for anything the memo did not
// have, or no longer asked for something it had: whether it is worth
// storing again.
func (m *Memo) Changed() bool {
	if m.Misses() > 0 {
		return true
	}
	seen := map[[32]byte]bool{}
	for _, u := range m.used {
		seen[u.key] = true
	}
	return len(seen) != len(m.prior)
}

// Hits is how many layouts the memo gave from an earlier build; Misses how
// many it computed.
func (m *Memo) Hits() int   { return m.hits }
func (m *Memo) Misses() int { return len(m.used) - m.hits }

// paragraphKey hashes every field of p, whatever fields Paragraph, Span
// and Style gain, and the width.
func paragraphKey(p *Paragraph, width float64) [32]byte {
	h := hashers.Get().(*keyHasher)
	defer hashers.Put(h)
	h.buf = h.buf[:0]
	h.value(reflect.ValueOf(p).Elem())
	h.buf = binary.LittleEndian.AppendUint64(h.buf, math.Float64bits(width))
	return sha256.Sum256(h.buf)
}

var hashers = sync.Pool{New: func() any { return &keyHasher{} }}

type keyHasher struct{ buf []byte }

// value appends v's bytes. Only plain data can be hashed: a pointer, map,
// interface or function in a paragraph would make equal keys mean different
// layouts, so it panics, and TestMemoKeyCoversParagraph fails, the day one
// is added.
func (h *keyHasher) value(v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			h.value(v.Field(i))
		}
	case reflect.Slice, reflect.Array:
		h.buf = binary.AppendUvarint(h.buf, uint64(v.Len()))
		for i := range v.Len() {
			h.value(v.Index(i))
		}
	case reflect.String:
		h.buf = binary.AppendUvarint(h.buf, uint64(v.Len()))
		h.buf = append(h.buf, v.String()...)
	case reflect.Bool:
		if v.Bool() {
			h.buf = append(h.buf, 1)
		} else {
			h.buf = append(h.buf, 0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		h.buf = binary.AppendVarint(h.buf, v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		h.buf = binary.AppendUvarint(h.buf, v.Uint())
	case reflect.Float32, reflect.Float64:
		h.buf = binary.LittleEndian.AppendUint64(h.buf, math.Float64bits(v.Float()))
	default:
		panic(fmt.Sprintf("text: a paragraph holds a %s, which a memo cannot key", v.Type()))
	}
}

// memoVersion changes whenever the encoding below does.
const memoVersion = 3

// Encode writes the layouts this build asked for (and only those: a
// paragraph no longer in the article is dropped), for DecodeMemo.
func (m *Memo) Encode(e *Engine) []byte {
	ids := map[*Face]uint64{}
	for i, f := range e.fs.all {
		ids[f] = uint64(i)
	}
	// About 20 bytes a glyph: sized once, not grown through copies.
	glyphs := 0
	for _, u := range m.used {
		for _, l := range u.blk.Lines {
			for _, r := range l.Runs {
				glyphs += len(r.Glyphs)
			}
		}
	}
	w := memoWriter{Writer: wire.NewWriter(make([]byte, 0, 64+glyphs*12+len(m.used)*96)), adv: map[uint16]float64{}}
	w.Uint(memoVersion)
	seen := map[[32]byte]bool{}
	var entries []memoEntry
	for _, u := range m.used {
		if !seen[u.key] {
			seen[u.key] = true
			entries = append(entries, u)
		}
	}
	w.Uint(uint64(len(entries)))
	for _, u := range entries {
		w.Bytes(u.key[:])
		w.block(&u.blk, ids)
	}
	return w.Data()
}

// DecodeMemo reads what Encode wrote, for an engine with the same fonts.
// Anything amiss (another version, a face the engine does not have, a
// truncated entry) is an error, and the caller lays everything out afresh.
func DecodeMemo(e *Engine, data []byte) (*Memo, error) {
	r := memoReader{Reader: wire.NewReader(data), faces: e.fs.all}
	if v := r.Uint(); v != memoVersion {
		return nil, fmt.Errorf("memo version %d, want %d", v, memoVersion)
	}
	n := r.CountOf(minEntry)
	m := &Memo{prior: make(map[[32]byte]Block, n)}
	for range n {
		var k [32]byte
		copy(k[:], r.Bytes(32))
		blk := r.block()
		if r.Err() != nil {
			break
		}
		m.prior[k] = blk
	}
	if err := r.End(); err != nil {
		return nil, fmt.Errorf("memo: %w", err)
	}
	return m, nil
}

// The encoding of a Block (in internal/cache/wire's fields, floats as
// their eight bytes). Every field of Line, Run, Glyph, Kashida and
// MissingRune is written; TestMemoCodecCoversBlock fails when one of them
// gains a field this does not write.
type memoWriter struct {
	wire.Writer
	adv map[uint16]float64 // the run's glyphs' last advances
}

func (w *memoWriter) float(v float64) { w.Fixed64(math.Float64bits(v)) }

// guess writes v as one byte when it is exactly the value the reader will
// guess (a glyph's X is mostly the pen after the glyph before it; its Y
// mostly 0), else as a byte and the float: a layout is a third smaller.
func (w *memoWriter) guess(v, guess float64) {
	exact := math.Float64bits(v) == math.Float64bits(guess)
	w.Bool(!exact)
	if !exact {
		w.float(v)
	}
}

func (w *memoWriter) block(b *Block, ids map[*Face]uint64) {
	w.Uint(uint64(len(b.Lines)))
	for i := range b.Lines {
		l := &b.Lines[i]
		w.float(l.Width)
		w.float(l.Left)
		w.float(l.Ascent)
		w.float(l.Descent)
		w.Bool(l.Last)
		w.Uint(uint64(len(l.Runs)))
		for j := range l.Runs {
			w.run(&l.Runs[j], ids)
		}
	}
	w.Uint(uint64(len(b.Missing)))
	for _, m := range b.Missing {
		w.Int(int64(m.Rune))
		w.Int(int64(m.Offset))
		w.Uint(uint64(len(m.Faces)))
		for _, f := range m.Faces {
			w.Str(f)
		}
	}
}

func (w *memoWriter) run(r *Run, ids map[*Face]uint64) {
	if r.Face == nil {
		w.Uint(0)
	} else {
		id, ok := ids[r.Face]
		if !ok {
			panic("text: a run's face is not in the engine's font set")
		}
		w.Uint(id + 1)
	}
	w.style(&r.Style)
	w.Bool(r.RTL)
	w.Uint(uint64(len(r.Glyphs)))
	// Each glyph is written against what the glyph before it predicts: its
	// X is mostly the pen after that glyph, its Y 0, its advance the one
	// the same glyph had last in the run, its cluster and reading order a
	// step from the last. A layout takes half the bytes it would.
	next, cluster, order := 0.0, 0, int32(0)
	clear(w.adv)
	for _, g := range r.Glyphs {
		w.Uint(uint64(g.GID))
		w.guess(g.X, next)
		w.guess(g.Y, 0)
		w.guess(g.Advance, w.adv[g.GID])
		w.adv[g.GID] = g.Advance
		next = g.X + g.Advance
		w.Int(int64(g.Cluster - cluster))
		cluster = g.Cluster
		w.Str(g.Text)
		w.Bool(g.Mark)
		w.Int(int64(g.order - order))
		order = g.order
	}
	w.Uint(uint64(len(r.Kashidas)))
	for _, k := range r.Kashidas {
		w.Uint(uint64(k.GID))
		w.float(k.X)
		w.float(k.Y)
		w.float(k.Width)
		w.float(k.Natural)
	}
}

func (w *memoWriter) style(s *Style) {
	w.Int(int64(s.Role))
	w.Bool(s.Bold)
	w.Bool(s.Italic)
	w.float(s.Size)
	w.Str(s.Lang)
	w.Bool(s.NoBreak)
	for _, c := range s.Color {
		w.float(c)
	}
	w.Uint(uint64(s.Decor))
	w.Str(s.Link)
	w.float(s.Rise)
	w.Int(int64(s.Tag))
}

type memoReader struct {
	wire.Reader
	faces []*Face
	adv   map[uint16]float64
}

func (r *memoReader) float() float64 { return math.Float64frombits(r.Fixed64()) }

func (r *memoReader) guess(guess float64) float64 {
	if !r.Bool() {
		return guess
	}
	return r.float()
}

// The fewest bytes each item of a block can be written in, which bound the
// counts read (wire.Reader.CountOf): a corrupt count cannot make a
// decoder allocate much more than the entry's size.
const (
	minEntry   = 32 + 2   // key, lines, missing runes
	minLine    = 4*8 + 2  // four floats, last, runs
	minRun     = 5*8 + 12 // the style's five floats, twelve other fields
	minGlyph   = 8        // every field a byte at least
	minKashida = 1 + 4*8  // GID, four floats
	minMissing = 3        // rune, offset, faces
)

func (r *memoReader) block() Block {
	var b Block
	if n := r.CountOf(minLine); n > 0 {
		b.Lines = make([]Line, n)
	}
	for i := range b.Lines {
		l := &b.Lines[i]
		l.Width, l.Left, l.Ascent, l.Descent = r.float(), r.float(), r.float(), r.float()
		l.Last = r.Bool()
		if n := r.CountOf(minRun); n > 0 {
			l.Runs = make([]Run, n)
		}
		for j := range l.Runs {
			r.run(&l.Runs[j])
		}
	}
	if n := r.CountOf(minMissing); n > 0 {
		b.Missing = make([]MissingRune, n)
	}
	for i := range b.Missing {
		m := &b.Missing[i]
		m.Rune, m.Offset = rune(r.Int()), int(r.Int())
		if n := r.Count(); n > 0 {
			m.Faces = make([]string, n)
		}
		for j := range m.Faces {
			m.Faces[j] = r.Str()
		}
	}
	return b
}

func (r *memoReader) run(run *Run) {
	if id := r.Index(len(r.faces) + 1); id > 0 { // 0 is no face
		run.Face = r.faces[id-1]
	}
	s := &run.Style
	s.Role = Role(r.Int())
	s.Bold, s.Italic = r.Bool(), r.Bool()
	s.Size = r.float()
	s.Lang = r.Str()
	s.NoBreak = r.Bool()
	for i := range s.Color {
		s.Color[i] = r.float()
	}
	s.Decor = Decoration(r.Uint())
	s.Link = r.Str()
	s.Rise = r.float()
	s.Tag = int(r.Int())
	run.RTL = r.Bool()
	if n := r.CountOf(minGlyph); n > 0 {
		run.Glyphs = make([]Glyph, n)
	}
	next, cluster, order := 0.0, 0, int32(0)
	if r.adv == nil {
		r.adv = map[uint16]float64{}
	}
	clear(r.adv)
	for i := range run.Glyphs {
		g := &run.Glyphs[i]
		g.GID = uint16(r.Index(1 << 16))
		g.X = r.guess(next)
		g.Y = r.guess(0)
		g.Advance = r.guess(r.adv[g.GID])
		r.adv[g.GID] = g.Advance
		next = g.X + g.Advance
		cluster += int(r.Int())
		g.Cluster = cluster
		g.Text = r.Str()
		g.Mark = r.Bool()
		order += int32(r.Int())
		g.order = order
	}
	if n := r.CountOf(minKashida); n > 0 {
		run.Kashidas = make([]Kashida, n)
	}
	for i := range run.Kashidas {
		k := &run.Kashidas[i]
		k.GID = uint16(r.Index(1 << 16))
		k.X, k.Y, k.Width, k.Natural = r.float(), r.float(), r.float(), r.float()
	}
}

// Fingerprint identifies a font set: every face's name, style and file
// contents (Face.Digest), in the set's order (which a memo's face numbers
// refer to).
func (fs *FontSet) Fingerprint() [32]byte {
	fs.fingerprintOnce.Do(func() {
		h := sha256.New()
		for _, f := range fs.all {
			fmt.Fprintf(h, "%s\x00%s\x00%d\x00%x\n", f.Family, f.Name, f.Style, f.Digest())
		}
		copy(fs.fingerprint[:], h.Sum(nil))
	})
	return fs.fingerprint
}

// LineWriter encodes laid-out lines as the memo does, every field of them
// with faces by their place in the engine's font set: two lines with the
// same encoding draw the same. The PDF's page cache keys a page by it.
type LineWriter struct {
	w   memoWriter
	ids map[*Face]uint64
}

// NewLineWriter returns a LineWriter for lines e laid out.
func NewLineWriter(e *Engine) *LineWriter {
	ids := make(map[*Face]uint64, len(e.fs.all))
	for i, f := range e.fs.all {
		ids[f] = uint64(i)
	}
	return &LineWriter{w: memoWriter{adv: map[uint16]float64{}}, ids: ids}
}

// Append encodes l after what was written before. It reports false, and
// writes nothing, for a line with a face that is not the engine's.
func (lw *LineWriter) Append(l *Line) bool {
	for i := range l.Runs {
		if f := l.Runs[i].Face; f != nil {
			if _, ok := lw.ids[f]; !ok {
				return false
			}
		}
	}
	lw.w.block(&Block{Lines: []Line{*l}}, lw.ids)
	return true
}

// Bytes returns what was written, and Reset forgets it.
func (lw *LineWriter) Bytes() []byte { return lw.w.Data() }

// Reset forgets what was written.
func (lw *LineWriter) Reset() { lw.w.Reset() }

// DecodeLine reads one line a LineWriter wrote (alone), for an engine with
// the same fonts.
func DecodeLine(e *Engine, data []byte) (*Line, error) {
	r := memoReader{Reader: wire.NewReader(data), faces: e.fs.all, adv: map[uint16]float64{}}
	blk := r.block()
	if err := r.End(); err != nil {
		return nil, fmt.Errorf("memo: %w", err)
	}
	if len(blk.Lines) != 1 {
		return nil, fmt.Errorf("memo: %d lines where one was written", len(blk.Lines))
	}
	return &blk.Lines[0], nil
}
