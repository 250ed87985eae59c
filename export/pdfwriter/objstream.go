package pdfwriter

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"fmt"
	"hash/adler32"
	"io"
	"slices"
	"strconv"
)

// Object streams (PDF 1.5, 7.5.7) for the structure tree. A tagged book
// has one marked-content identifier per /ActualText span (three per Arabic
// word), each with its entry in an element's /K and in the ParentTree:
// written as plain objects they were most of the growth tagging brought
// (3 MB of the 100-article corpus's 3.9 MB). Packed into compressed object
// streams they take a fraction of that; such a file needs a cross-reference
// stream instead of the classic table. A document with nothing packed (an
// untagged one) is written exactly as before.

// objStreamSize is the most objects put in one object stream: a reader
// inflates a whole stream to get one object out of it.
const objStreamSize = 400

// setPacked sets the body of object n, to be written in an object stream
// when the file is finished.
func (w *objWriter) setPacked(n int, body string) {
	w.setPackedFunc(n, func(b bodyWriter) { b.WriteString(body) })
}

// bodyWriter is where a packed object's body is written: a buffer, or,
// for the file's /ID and the last object of a stream, a bufio.Writer on
// the hash or the compressor.
type bodyWriter interface {
	io.Writer
	io.ByteWriter
	io.StringWriter
}

// setPackedFunc sets the body of object n to what body writes, to be
// written in an object stream when the file is finished. body is called
// now, for the file's /ID, and again when its object stream is written:
// the structure tree's bodies are most of a tagged book's objects (33 MB
// at 1,000 articles), and the file is written with one object stream's
// worth of them in memory rather than all. The last object of a stream is
// written straight into the compressor, so the largest (the ParentTree,
// 18 MB at 1,000 articles, written last) is never held whole.
func (w *objWriter) setPackedFunc(n int, body func(bodyWriter)) {
	w.sync() // the hash takes what is written in order
	if w.packed == nil {
		w.packed = map[int]func(bodyWriter){}
	}
	w.packed[n] = body
	if w.hashLater(laterItem{first: n, count: 1, body: body}) {
		return
	}
	hw, flush := w.hashBody()
	body(hw)
	flush()
}

// packedRun is count packed objects numbered from first, whose bodies a
// walk writes one after the other (setPackedRun).
type packedRun struct {
	first, count int
	walk         func() func(bodyWriter)
}

// setPackedRun sets the bodies of the count objects numbered from first,
// to be written in object streams when the file is finished: walk starts
// a walk over them, whose function writes the next one's body each time it
// is called. A walk is made now, for the file's /ID, and again when the
// object streams are written. The structure tree's elements are written
// so, from their closed form (structure_closed.go), rather than held as a
// function each until the end (a hundred bytes an element, with the map's
// entry and the xref's).
func (w *objWriter) setPackedRun(first, count int, walk func() func(bodyWriter)) {
	w.sync() // the hash takes what is written in order
	w.runs = append(w.runs, packedRun{first, count, walk})
	if w.hashLater(laterItem{first: first, count: count, walk: walk}) {
		return
	}
	hw, flush := w.hashBody()
	next := walk()
	for range count {
		next(hw)
	}
	flush()
}

// laterHash is the /ID's hash while packed objects wait to be hashed when
// their object streams are made (hashLater): a tagged book's structure
// elements and ParentTree (50 MB at 1,000 articles) were formatted twice,
// once for the hash when they were set and once into their streams, both
// after the last page, when nothing else runs. The hash reads the same
// bytes in the same order: the waiting objects, in the order they were
// set, then what was hashed after the first of them (after).
type laterHash struct {
	real  bodyWriter // the hash
	flush func()     // ...and what to call once it is written
	prev  io.Writer  // w.hash before
	items []laterItem
	// cur is the item to hash next, done how many of its objects are.
	cur, done int
	after     bytes.Buffer
}

// laterItem is packed objects whose hashing waits: count numbered from
// first, written by a walk (setPackedRun) or by body (setPackedFunc).
type laterItem struct {
	first, count int
	walk         func() func(bodyWriter)
	body         func(bodyWriter)
}

// hashLater has the hash of the packed objects of it wait until their
// object streams are made, and reports whether it does. They may wait
// only if nothing has been hashed since the objects waiting before them,
// and if they come after those in number (the order in which the object
// streams are made): otherwise they are hashed now, as before.
func (w *objWriter) hashLater(it laterItem) bool {
	if hashWhenSet {
		return false
	}
	l := w.later
	if l == nil {
		hw, flush := w.hashBody()
		l = &laterHash{real: hw, flush: flush, prev: w.hash}
		w.later, w.hash = l, &l.after
	} else if last := l.items[len(l.items)-1]; l.after.Len() > 0 || it.first < last.first+last.count {
		return false
	}
	l.items = append(l.items, it)
	return true
}

// hashWhenSet has packed objects hashed when they are set, as they were
// before laterHash (tests compare the two).
var hashWhenSet = false

// due reports whether packed object n is the next the hash waits for.
func (l *laterHash) due(n int) bool {
	return l != nil && l.cur < len(l.items) && l.items[l.cur].first+l.done == n
}

// advance counts the next object the hash waits for as hashed.
func (l *laterHash) advance() {
	if l.done++; l.done == l.items[l.cur].count {
		l.cur, l.done = l.cur+1, 0
	}
}

// hashPacked hashes b, packed object n's body just formatted into its
// object stream, if the hash waits for it next.
func (w *objWriter) hashPacked(n int, b []byte) {
	if l := w.later; l.due(n) {
		l.real.Write(b)
		l.advance()
	}
}

// endLater hashes what the hash still waits for: the waiting objects not
// hashed as their streams were made (formatted again here), then what was
// hashed after them. Every object stream is made by then.
func (w *objWriter) endLater() {
	l := w.later
	if l == nil {
		return
	}
	w.later = nil
	for i := l.cur; i < len(l.items); i++ {
		it := l.items[i]
		skip := 0
		if i == l.cur {
			skip = l.done
		}
		if it.walk == nil {
			it.body(l.real)
			continue
		}
		next := it.walk()
		for k := range it.count {
			if k < skip {
				var b bytes.Buffer
				next(&b)
			} else {
				next(l.real)
			}
		}
	}
	l.real.Write(l.after.Bytes())
	l.flush()
	w.hash = l.prev
}

// teeBody writes what is written to it to w and to h.
type teeBody struct{ w, h bodyWriter }

func (t teeBody) Write(b []byte) (int, error) {
	t.h.Write(b)
	return t.w.Write(b)
}

func (t teeBody) WriteString(s string) (int, error) {
	t.h.WriteString(s)
	return t.w.WriteString(s)
}

func (t teeBody) WriteByte(c byte) error {
	t.h.WriteByte(c)
	return t.w.WriteByte(c)
}

// xrefRow is the bytes of a cross-reference stream's row (/W [1 4 2]).
const xrefRow = 7

// objStreamsAtOnce is how many object streams are compressed at once.
const objStreamsAtOnce = 2

// objStream is an object stream being made: the offsets and the bodies
// but the last, which is written straight into the compressor.
type objStream struct {
	sn         int
	dict       string
	head, body bytes.Buffer
	last       func(bodyWriter)
	lastBody   bytes.Buffer // the last body, when it comes from a run
	pipeLast   bool         // last is formatted while compressed (pipeWriter)
	hashTo     bodyWriter   // the /ID's hash, for last the first time it is formatted, or nil
	z          deflater
	cache      *objStreamCache // nil: compress every stream
	data       []byte          // compressed, once done is closed
	done       chan struct{}
}

func (s *objStream) compress() {
	defer close(s.done)
	write := func(z io.Writer) {
		z.Write(s.head.Bytes())
		z.Write(s.body.Bytes())
		last := s.last
		if h := s.hashTo; h != nil {
			// The hash waits for this body (laterHash): it takes it
			// the first time, and only then.
			s.hashTo = nil
			last = func(b bodyWriter) { s.last(teeBody{b, h}) }
		}
		if s.pipeLast {
			// The ParentTree (18 MB at 1,000 articles, the file's last
			// object stream) is formatted here while another goroutine
			// compresses what was formatted before: alone at the end
			// of the file, the two took 0.1 s one after the other.
			p := newPipeWriter(z)
			last(p)
			p.WriteByte('\n')
			p.Close()
			return
		}
		bw := bufio.NewWriterSize(z, 32<<10)
		last(bw)
		bw.WriteByte('\n')
		bw.Flush()
	}
	if s.cache == nil {
		s.data = s.z.deflateFrom(write)
		return
	}
	// With a cache, what the stream holds is hashed first (with its
	// Adler-32, the checksum its zlib stream ends with), and compressed
	// only when the cache has no stream under that hash.
	h := sha256.New()
	a := adler32.New()
	h.Write(s.cache.prefix)
	write(io.MultiWriter(h, a))
	var key [32]byte
	h.Sum(key[:0])
	sum := a.Sum(nil)
	if data, ok := s.cache.store.Get(key); ok && len(data) > 6 && bytes.Equal(data[len(data)-4:], sum) {
		s.data = data
		return
	}
	s.data = s.z.deflateFrom(write)
	s.cache.store.Put(key, bytes.Clone(s.data))
}

// StreamCache keeps data between builds under keys; internal/cache's
// Store is one. Get returns an entry whole or not at all; Put keeps data
// (the caller does not change it after).
type StreamCache interface {
	Get(key [32]byte) ([]byte, bool)
	Put(key [32]byte, data []byte)
}

// objStreamCache is where compressed object streams are kept, and what
// their keys begin with (streamCache; decoded PNGs are kept the same way,
// under keys of their own: CacheImages).
type objStreamCache struct {
	store  StreamCache
	prefix []byte
}

// objStreamCacheVersion changes whenever an object stream's entry (its
// key, its bytes) changes meaning.
const objStreamCacheVersion = 1

// CacheObjectStreams has the document keep its compressed object streams
// in c, each under the SHA-256 of id (which must tell apart every build of
// the program that could compress the same bytes differently: its
// executable's hash) and of everything the stream holds, and take them
// from c when a later build makes the same stream. The structure tree and
// the page dictionaries are most of a tagged book's end (31 MB before
// compression at 1,000 articles), and an edit to one article changes few of
// their streams: compressing them was a tenth of such a rebuild. A stream
// taken from c is the one compressing gives, byte for byte; an entry whose
// checksum is not the stream's own is not used.
func (d *Document) CacheObjectStreams(c StreamCache, id []byte) {
	d.objCache = streamCache(c, "objstm", objStreamCacheVersion, objectLevel, id)
}

// streamCache is c with the prefix of the keys of one kind of entry: its
// name, its format's version, the deflate level its bytes come from and
// the program's id; nil when c is.
func streamCache(c StreamCache, kind string, version, level int, id []byte) *objStreamCache {
	if c == nil {
		return nil
	}
	prefix := fmt.Appendf(nil, "pdfwriter-%s\x00%d\x00%d\x00", kind, version, level)
	return &objStreamCache{store: c, prefix: append(prefix, id...)}
}

// finishPacked is finish for a file with packed objects: the object
// streams, then a cross-reference stream (which also holds the trailer's
// entries), after the objects already written.
func (w *objWriter) finishPacked(info int, cache *objStreamCache) error {
	type entry struct {
		kind       byte // 1 at an offset, 2 in an object stream
		off, index int
	}
	order := make([]int32, 0, len(w.packed))
	for n := range w.packed {
		order = append(order, int32(n))
	}
	for _, r := range w.runs {
		for n := range r.count {
			order = append(order, int32(r.first+n))
		}
	}
	slices.Sort(order)
	// body is what writes object n's body; called in the objects' order.
	walks := make([]func(bodyWriter), len(w.runs))
	body := func(n int) func(bodyWriter) {
		if f, ok := w.packed[n]; ok {
			return f
		}
		for i, r := range w.runs {
			if n >= r.first && n < r.first+r.count {
				if n == r.first {
					walks[i] = r.walk()
				}
				return walks[i]
			}
		}
		return nil
	}
	var streams []int // the object streams' numbers, in order
	// The streams are compressed two at a time, on other goroutines, and
	// written in order: numbered and laid out as one after the other.
	var queue, idle []*objStream
	put := func() {
		s := queue[0]
		queue = queue[1:]
		<-s.done
		// Its objects were hashed for the /ID when they were set.
		w.putDeflated(s.sn, []byte("<< "+s.dict+" /Filter /FlateDecode /Length "+strconv.Itoa(len(s.data))+" >>\nstream\n"), nil, s.data)
		idle = append(idle, s)
	}
	for k := 0; k < len(order); k += objStreamSize {
		group := order[k:min(k+objStreamSize, len(order))]
		if len(queue) == objStreamsAtOnce {
			put()
		}
		var s *objStream
		if n := len(idle); n > 0 {
			s, idle = idle[n-1], idle[:n-1]
		} else {
			s = &objStream{z: deflater{level: objectLevel}}
		}
		s.head.Reset()
		s.body.Reset()
		for i, n := range group {
			at := s.body.Len()
			s.head.WriteString(strconv.Itoa(int(n)) + " " + strconv.Itoa(at) + " ")
			if i < len(group)-1 {
				body(int(n))(&s.body)
				w.hashPacked(int(n), s.body.Bytes()[at:])
				s.body.WriteByte('\n')
			}
		}
		lastN := int(group[len(group)-1])
		s.last = body(lastN)
		s.pipeLast = k+objStreamSize >= len(order)
		s.hashTo = nil
		if _, ok := w.packed[lastN]; !ok {
			s.pipeLast = false
			// A run's walk goes on here: its body is written now.
			s.lastBody.Reset()
			s.last(&s.lastBody)
			w.hashPacked(lastN, s.lastBody.Bytes())
			s.last = func(b bodyWriter) { b.Write(s.lastBody.Bytes()) }
		} else if s.pipeLast && w.later.due(lastN) {
			// The file's last object stream: nothing is formatted after
			// its last body, which the hash takes as it is compressed.
			s.hashTo = w.later.real
			w.later.advance()
		}
		s.cache = cache
		s.sn = w.reserve()
		s.dict = fmt.Sprintf("/Type /ObjStm /N %d /First %d", len(group), s.head.Len())
		s.done = make(chan struct{})
		go s.compress()
		queue = append(queue, s)
		streams = append(streams, s.sn)
	}
	for len(queue) > 0 {
		put()
	}
	w.packed, w.runs = nil, nil
	w.sync()
	xrefNum := w.reserve()
	xref := w.pos
	// Fields: type (1 byte), offset or object stream (4), generation or index (2).
	// Each row is written as its difference from the row before (the PNG
	// "Up" predictor, 7.4.4.4: a filter byte of 2, then the bytes): the
	// offsets grow slowly and most rows' kinds and streams repeat, so the
	// table becomes mostly zeros. Compressed as it was, at the best level,
	// the 1,000-article book's table (381 KB) took 0.17 s of a rebuild's
	// CPU for 129 KB; predicted, at the default level, some 7 ms for 33 KB.
	var table bytes.Buffer
	var prev [xrefRow]byte
	at := 0 // the next packed object's place in order
	for n := 0; n <= len(w.offsets); n++ {
		var e entry
		switch {
		case n == 0:
			e = entry{index: 65535} // the head of the free list
		case at < len(order) && int(order[at]) == n:
			e = entry{kind: 2, off: streams[at/objStreamSize], index: at % objStreamSize}
			at++
		case n == xrefNum:
			e = entry{kind: 1, off: xref}
		default:
			e = entry{kind: 1, off: w.offsets[n-1]}
			if e.off < 0 && w.err == nil {
				w.err = fmt.Errorf("object %d reserved but never written", n)
			}
		}
		row := [xrefRow]byte{e.kind, byte(e.off >> 24), byte(e.off >> 16), byte(e.off >> 8), byte(e.off), byte(e.index >> 8), byte(e.index)}
		table.WriteByte(2)
		for i := range row {
			table.WriteByte(row[i] - prev[i])
		}
		prev = row
	}
	id := w.sum() // from the content, never the clock
	dict := fmt.Sprintf("/Type /XRef /Size %d /W [1 4 2] /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>] /DecodeParms << /Predictor 12 /Columns %d >>", len(w.offsets)+1, w.catalog, info, id, id, xrefRow)
	w.putStream(xrefNum, &deflater{level: objectLevel}, dict, table.Bytes(), true)
	w.write("startxref\n" + strconv.Itoa(xref) + "\n%%EOF\n")
	if w.err == nil {
		w.err = w.out.Flush()
	}
	if w.err != nil {
		return fmt.Errorf("pdfwriter: write: %w", w.err)
	}
	return nil
}
