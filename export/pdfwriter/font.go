package pdfwriter

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
)

// Font is a font added to a document. TrueType fonts are subset when the
// document is written; CFF-flavoured OpenType fonts are embedded whole.
type Font struct {
	doc       *Document
	sfnt      *sfnt
	instances []*fontInstance
	blank     int // a glyph with no outline, for invisible helpers; -1 none
	// cascade draws a glyph's vertical offset in its outline instead of
	// with the text rise (SetCascade).
	cascade bool
	// cids are the CIDs given out (cid), by glyph, shift and width.
	cids map[uint64][]cidText
	// recent is a direct-mapped cache of cid's answers, by its arguments
	// as given: nil until the first glyph.
	recent *[1 << cidCacheBits]cidCached
	// descent is what Descent returns, found when the font is added: the
	// layout asks for it with every line (formatted and parsed each time,
	// it was 590 instructions a call).
	descent float64
}

// cidCacheBits gives the number of cid answers a font remembers. A book's
// lines draw the same few hundred (glyph, width) pairs over and over, and
// the map of all of them is large enough that its lookups miss the
// processor's caches.
const cidCacheBits = 11

// cidCached is one of cid's answers, with the arguments that gave it: 32
// bytes, two to a cache line. The text is kept in the entry, not as a
// string, whose bytes (the CID's own copy, allocated when it was given out)
// would be another miss of the processor's caches on every lookup.
type cidCached struct {
	gid   uint16
	dy    int16
	width int32
	cid   uint16
	inst  uint16 // 1 + the index of the instance in Font.instances; 0 an empty slot
	n     uint8  // the text's length
	text  [cidCachedText]byte
}

// cidCachedText is the longest text cidCached holds; a glyph standing for a
// longer one is looked up in the map every time.
const cidCachedText = 16

// SetCascade makes the font draw each glyph's vertical offset from the
// line's baseline in the glyph itself, not by moving the text: the subset
// gets a composite glyph that is the original moved up or down, drawn on
// the baseline. For Nastaliq, whose words step down diagonally by up to
// half an em: with the text rise, pdf.js and MuPDF start a new line at
// every step of more than half an em and poppler puts the raised letters
// on a line of their own (the Urdu test book copied 95.3%, 94.3% and
// 80.7% of its words in pdf.js, MuPDF and poppler); with every glyph on
// the baseline they read it as they read Naskh. A CFF font keeps the rise.
func (f *Font) SetCascade() {
	f.cascade = !f.sfnt.cff
	f.recent = nil // cid's answers for a shift may change
}

// maxCID bounds the CIDs of one font instance: Identity-H codes are two bytes.
const maxCID = 0xFFFF

// cidKey is what one CID stands for. The extraction encoding needs one glyph
// to carry different texts (a space in an RTL run maps to RLM+space, in an
// LTR run to a plain space) and different widths (the gap-free width depends
// on where the next glyph is drawn), so a CID is a (glyph, text, width)
// triple, not a glyph.
type cidKey struct {
	gid   uint16
	dy    int16 // the outline moved up by dy font units (SetCascade); 0 the glyph itself
	text  string
	width int32 // /W units (1/1000 em)
}

// shifted is a glyph of the subset that is another moved vertically.
type shifted struct {
	gid uint16
	dy  int16
}

// fontInstance is one Type0 font object. A TrueType font normally has one;
// another is opened when 65,535 CIDs are used up. A CFF font cannot map CIDs
// to glyphs (CIDToGIDMap is for CIDFontType2 only), so its CID is its GID and
// a glyph needing a second text or width goes to another instance.
type fontInstance struct {
	font   *Font
	res    string   // resource name, e.g. F3
	ref    int      // the Type0 font's object number, once a page refers to it
	gid    []uint16 // by CID (original GIDs)
	dy     []int16  // by CID: the outline's vertical shift (SetCascade)
	text   []string
	width  []int32
	filled []bool // CFF only: whether a CID (= GID) slot is taken
	// notdefDrawn is whether CID 0 of a CFF instance has been given out
	// (with its text, notdefCID).
	notdefDrawn bool
	// recKey is, by CID, the index of its glyph in the Keys of the
	// recording numbered recGen (record.go).
	recGen []uint32
	recKey []int32
}

// AddFont adds a TrueType (glyf) or CFF OpenType font. The same bytes added
// twice give the same *Font.
func (d *Document) AddFont(data []byte) (*Font, error) {
	return d.AddFontSum(data, dataID(data))
}

// AddFontSum is AddFont for a caller that knows the SHA-256 sum of data
// (an embedded font's is a constant), which AddFont would hash it for: half
// a megabyte a face.
func (d *Document) AddFontSum(data []byte, sum [32]byte) (*Font, error) {
	id := sum
	if f, ok := d.fontByID[id]; ok {
		return f, nil
	}
	s, err := parseSFNT(data)
	if err != nil {
		return nil, fmt.Errorf("pdfwriter: font: %w", err)
	}
	f := &Font{doc: d, sfnt: s, blank: s.blankGlyph(), descent: declaredDescent(s)}
	d.fontByID[id] = f
	d.fonts = append(d.fonts, f)
	return f, nil
}

// Descent is the descent per point of size that the font's FontDescriptor
// declares (hhea's descender, negative), rounded as it is written: readers
// that place glyph boxes from /Descent see exactly this value.
func (f *Font) Descent() float64 { return f.descent }

// declaredDescent is Descent of a font s.
func declaredDescent(s *sfnt) float64 {
	v, _ := strconv.ParseFloat(num(float64(s.descent)*1000/float64(s.unitsPerEm)), 64)
	return v / 1000
}

func (f *Font) newInstance() *fontInstance {
	f.doc.nextRes++
	in := &fontInstance{font: f, res: "F" + strconv.Itoa(f.doc.nextRes)}
	if f.sfnt.cff {
		n := f.sfnt.numGlyphs
		in.gid, in.text, in.width, in.filled = make([]uint16, n), make([]string, n), make([]int32, n), make([]bool, n)
		for i := range in.gid {
			in.gid[i] = uint16(i)
		}
		in.filled[0] = true
	} else {
		// CID 0 is .notdef, width 0, no text.
		in.gid, in.dy, in.text, in.width = []uint16{0}, []int16{0}, []string{""}, []int32{0}
	}
	f.instances = append(f.instances, in)
	return in
}

// cid returns the instance and CID that draw glyph gid with the given text
// and width (in /W units), allocating them on first use.
func (f *Font) cid(gid uint16, dy int16, text string, width int32) (*fontInstance, uint16) {
	// A CID once given out stays the answer for its arguments (findCID
	// returns the first match, and matches are only added), so an answer
	// remembered is the one findCID would give again.
	if f.recent == nil {
		f.recent = new([1 << cidCacheBits]cidCached)
	}
	// The text's length and last byte are in the hash: the invisible
	// helpers are one glyph at width 0 with several texts.
	h := uint64(gid) | uint64(uint16(dy))<<16 | uint64(uint32(width))<<32
	if n := len(text); n > 0 {
		h ^= uint64(n)<<40 ^ uint64(text[n-1])<<48
	}
	h *= 0x9E3779B97F4A7C15
	c := &f.recent[h>>(64-cidCacheBits)]
	if c.inst != 0 && c.gid == gid && c.dy == dy && c.width == width && int(c.n) == len(text) && string(c.text[:c.n]) == text {
		return f.instances[c.inst-1], c.cid
	}
	in, cid := f.findCID(gid, dy, text, width)
	if i := instIndex(f, in); i >= 0 && i < math.MaxUint16 && len(text) <= cidCachedText {
		*c = cidCached{gid: gid, dy: dy, width: width, cid: cid, inst: uint16(i + 1), n: uint8(len(text))}
		copy(c.text[:], text)
	}
	return in, cid
}

// findCID is cid without its cache.
func (f *Font) findCID(gid uint16, dy int16, text string, width int32) (*fontInstance, uint16) {
	if int(gid) >= f.sfnt.numGlyphs {
		gid = 0 // a GID the font does not have draws .notdef
	}
	if !f.cascade || f.sfnt.glyph(int(gid)) == nil {
		dy = 0 // nothing to move
	}
	if f.sfnt.cff {
		// The width of a CFF glyph is its own advance: a CID cannot carry
		// another, so the content stream positions it with TJ numbers.
		width = int32(math.Round(float64(f.sfnt.advance(int(gid))) * 1000 / float64(f.sfnt.unitsPerEm)))
	}
	// The CIDs given out, by glyph, shift and width, then by text: a key
	// is in one instance only, so this finds the one a search of every
	// instance would, with one lookup of a number and a few string
	// comparisons (the glyph's texts at that width) instead of hashing
	// the text.
	nk := uint64(gid) | uint64(uint16(dy))<<16 | uint64(uint32(width))<<32
	for _, c := range f.cids[nk] {
		if c.text == text {
			return c.in, c.cid
		}
	}
	if f.sfnt.cff && gid == 0 {
		return f.notdefCID(nk, text)
	}
	for _, in := range f.instances {
		if f.sfnt.cff {
			if !in.filled[gid] {
				text = strings.Clone(text)
				in.filled[gid], in.text[gid], in.width[gid] = true, text, width
				f.addCID(nk, text, in, gid)
				return in, gid
			}
		} else if len(in.gid) <= maxCID {
			// Its own copy: a replayed page's texts are cut from the
			// whole recording (record.go), which this must not keep.
			text = strings.Clone(text)
			c := uint16(len(in.gid))
			in.gid, in.dy, in.text, in.width = append(in.gid, gid), append(in.dy, dy), append(in.text, text), append(in.width, width)
			f.addCID(nk, text, in, c)
			return in, c
		}
	}
	f.newInstance()
	return f.findCID(gid, dy, text, width)
}

// notdefCID gives out a CFF font's .notdef, drawn for a character no face
// has: CID 0 of an instance (a CFF font's CIDs are its GIDs), whose width is
// /DW 0, so the pen stays and the content stream moves by the glyph's
// advance. Its text is the first it is drawn with in that instance; another
// text takes the next instance's. (Slot 0 is always taken, so the search
// for a free slot would open instances without end.)
func (f *Font) notdefCID(nk uint64, text string) (*fontInstance, uint16) {
	for _, in := range f.instances {
		if !in.notdefDrawn {
			in.notdefDrawn, in.text[0] = true, strings.Clone(text)
			f.addCID(nk, in.text[0], in, 0)
			return in, 0
		}
	}
	f.newInstance()
	return f.notdefCID(nk, text)
}

// cidText is a CID given out, under its glyph, shift and width (Font.cids).
type cidText struct {
	text string
	in   *fontInstance
	cid  uint16
}

func (f *Font) addCID(nk uint64, text string, in *fontInstance, cid uint16) {
	if f.cids == nil {
		f.cids = map[uint64][]cidText{}
	}
	f.cids[nk] = append(f.cids[nk], cidText{text, in, cid})
}

// shifts returns the moved glyphs the instances draw, sorted.
func (f *Font) shifts() []shifted {
	seen := map[shifted]bool{}
	var out []shifted
	for _, in := range f.instances {
		for c, dy := range in.dy {
			if k := (shifted{in.gid[c], dy}); dy != 0 && !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	slices.SortFunc(out, func(a, b shifted) int {
		if a.gid != b.gid {
			return int(a.gid) - int(b.gid)
		}
		return int(a.dy) - int(b.dy)
	})
	return out
}

// used returns the original GIDs any instance draws.
func (f *Font) used() map[uint16]bool {
	u := map[uint16]bool{}
	for _, in := range f.instances {
		for c, g := range in.gid {
			if in.filled == nil || in.filled[c] {
				u[g] = true
			}
		}
	}
	return u
}

// subsetTag is six capital letters derived from the glyphs kept, so the same
// subset always gets the same name and different subsets of one font differ.
func subsetTag(name string, order []uint16) string {
	h := sha256.New()
	h.Write([]byte(name))
	for _, g := range order {
		h.Write([]byte{byte(g >> 8), byte(g)})
	}
	sum := h.Sum(nil)
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + sum[i]%26
	}
	return string(tag)
}

// fontStreams is what writing a font waits for: its subset, and the
// streams that go with it compressed. Subsetting and compressing at the
// best level were a tenth of a second at the end of a 1,000-article book,
// one font after the other, while the other core was idle: the fonts are
// prepared two at a time (prepareFonts) and written in order.
type fontStreams struct {
	done     chan struct{} // closed when the rest is set
	panicked any           // what prepare panicked with, raised again by writeFont
	baseName string
	fileDict string // the font program's dictionary entries
	fileKey  string
	file     []byte // the font program, compressed
	newGID   map[uint16]uint16
	movedGID map[shifted]uint16
	gidMaps  [][]byte // by instance, compressed: the CIDToGIDMap (TrueType)
	toUni    [][]byte // by instance, compressed: the ToUnicode CMap
}

// prepareFonts prepares the fonts on as many goroutines as there are
// processors (at most two), in their order, each with its compressor.
// What a font's streams hold depends on it alone, so the file is the same
// however many prepare them.
func prepareFonts(fonts []*Font) []*fontStreams {
	out := make([]*fontStreams, len(fonts))
	for i := range out {
		out[i] = &fontStreams{done: make(chan struct{})}
	}
	next := make(chan int, len(fonts))
	for i := range fonts {
		next <- i
	}
	close(next)
	for range min(len(fonts), runtime.GOMAXPROCS(0), 2) {
		go func() {
			z := &deflater{level: resourceLevel}
			for i := range next {
				out[i].prepareOrRecover(fonts[i], z)
			}
		}()
	}
	return out
}

// prepareOrRecover prepares fs and closes done, keeping a panic for
// writeFont to raise on the writer's goroutine, where a panic in the PDF's
// writing has always surfaced (and is turned into the build's error).
func (fs *fontStreams) prepareOrRecover(f *Font, z *deflater) {
	defer func() {
		fs.panicked = recover()
		close(fs.done)
	}()
	fs.prepare(f, z)
}

// prepare subsets f (a TrueType font) and compresses its streams with z.
func (fs *fontStreams) prepare(f *Font, z *deflater) {
	s := f.sfnt
	deflate := func(b []byte) []byte { return bytes.Clone(z.deflate(b)) }
	fs.movedGID = map[shifted]uint16{}
	if s.cff {
		// CFF outlines are embedded whole (FontFile3 /OpenType): subsetting
		// CFF charstrings is not implemented. The name carries no subset tag.
		fs.baseName = s.postscriptName
		fs.fileDict, fs.file, fs.fileKey = "/Subtype /OpenType", deflate(s.data), "/FontFile3"
	} else {
		order := s.closure(f.used())
		fs.newGID = make(map[uint16]uint16, len(order))
		for i, g := range order {
			fs.newGID[g] = uint16(i)
		}
		moved := f.shifts()
		for i, m := range moved {
			fs.movedGID[m] = uint16(len(order) + i)
		}
		sub := s.subset(order, moved)
		tagged := order
		for _, m := range moved {
			tagged = append(tagged, m.gid, uint16(m.dy))
		}
		fs.baseName = subsetTag(s.postscriptName, tagged) + "+" + s.postscriptName
		fs.fileDict, fs.file, fs.fileKey = "/Length1 "+strconv.Itoa(len(sub)), deflate(sub), "/FontFile2"
	}
	for _, in := range f.instances {
		if !s.cff {
			// CIDToGIDMap: CID -> new GID of the subset, two bytes each.
			m := make([]byte, 2*len(in.gid))
			for c, g := range in.gid {
				if dy := in.dy[c]; dy != 0 {
					be.PutUint16(m[2*c:], fs.movedGID[shifted{g, dy}])
					continue
				}
				be.PutUint16(m[2*c:], fs.newGID[g])
			}
			fs.gidMaps = append(fs.gidMaps, deflate(m))
		}
		fs.toUni = append(fs.toUni, deflate(toUnicode(in)))
	}
}

// writeFont writes the font program, its descriptor and one Type0 font per
// instance, under the number the instance's first page reserved, once fs
// is prepared.
func (w *objWriter) writeFont(f *Font, fs *fontStreams) {
	<-fs.done
	if fs.panicked != nil {
		panic(fs.panicked)
	}
	s := f.sfnt
	scale := 1000 / float64(s.unitsPerEm)
	baseName, fileKey := fs.baseName, fs.fileKey
	fileRef := w.reserve()
	w.putFlate(fileRef, fs.fileDict, fs.file)

	// Flags: 4 (symbolic) always, since glyphs are chosen by GID and not
	// by a standard encoding; 1 fixed pitch, 2 serif, 64 italic.
	flags := 4
	if s.fixedPitch {
		flags |= 1
	}
	if s.serif {
		flags |= 2
	}
	if s.italicAngle != 0 {
		flags |= 64
	}
	// StemV is not stored in TrueType fonts; this usual estimate from the
	// weight class only affects substitution when the font is missing.
	stemV := 50 + int(math.Pow(float64(s.weight)/65, 2))
	family := s.family
	if family == "" {
		family = s.postscriptName
	}
	weight := min(max((s.weight+50)/100*100, 100), 900)
	fd := w.add(fmt.Sprintf("<< /Type /FontDescriptor /FontName %s /FontFamily %s /FontWeight %d /Flags %d /FontBBox [%s %s %s %s] /ItalicAngle %s /Ascent %s /Descent %s /CapHeight %s /StemV %d %s %d 0 R >>",
		name(baseName), textString(family), weight, flags,
		num(float64(s.xMin)*scale), num(float64(s.yMin)*scale), num(float64(s.xMax)*scale), num(float64(s.yMax)*scale),
		num(s.italicAngle), num(float64(s.ascent)*scale), num(float64(s.descent)*scale), num(float64(s.capHeight)*scale),
		stemV, fileKey, fileRef))

	for i, in := range f.instances {
		var b strings.Builder
		// /W: one run from CID 1 (0 is .notdef, width /DW 0).
		b.WriteString("[1 [")
		for c := 1; c < len(in.width); c++ {
			if c > 1 {
				b.WriteByte(' ')
			}
			b.WriteString(strconv.Itoa(int(in.width[c])))
		}
		b.WriteString("]]")
		widths := b.String()
		if len(in.width) <= 1 {
			widths = "[]"
		}
		var cidFont string
		if s.cff {
			cidFont = fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType0 /BaseFont %s /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /DW 0 /W %s >>",
				name(baseName), fd, widths)
		} else {
			mapRef := w.reserve()
			w.putFlate(mapRef, "", fs.gidMaps[i])
			cidFont = fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType2 /BaseFont %s /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /DW 0 /W %s /CIDToGIDMap %d 0 R >>",
				name(baseName), fd, widths, mapRef)
		}
		desc := w.add(cidFont)
		tu := w.reserve()
		w.putFlate(tu, "", fs.toUni[i])
		if in.ref == 0 {
			in.ref = w.reserve() // an instance no closed page shows
		}
		w.set(in.ref, fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont %s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>",
			name(baseName), desc, tu))
	}
}

// toUnicode builds the instance's ToUnicode CMap: each CID with a text maps
// to it (bfchar, at most 100 entries per block as the CMap format wants).
func toUnicode(in *fontInstance) []byte {
	var b strings.Builder
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	var entries []string
	for c, t := range in.text {
		if t == "" || (in.filled != nil && !in.filled[c]) {
			continue
		}
		r := []rune(t)
		if len(r) > 120 { // a bfchar destination holds at most 512 bytes
			r = r[:120]
		}
		entries = append(entries, fmt.Sprintf("<%04X> <%s>", c, utf16Hex(string(r))))
	}
	for len(entries) > 0 {
		n := min(len(entries), 100)
		fmt.Fprintf(&b, "%d beginbfchar\n%s\nendbfchar\n", n, strings.Join(entries[:n], "\n"))
		entries = entries[n:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return []byte(b.String())
}
