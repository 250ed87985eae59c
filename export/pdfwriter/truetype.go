package pdfwriter

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf16"
)

// sfnt is the part of an OpenType font file the writer needs: the table
// directory and the metrics that go into the PDF font descriptor.
type sfnt struct {
	data   []byte
	tables map[string][]byte
	cff    bool // 'OTTO': CFF outlines, embedded whole

	unitsPerEm             int
	xMin, yMin, xMax, yMax int
	ascent, descent        int
	capHeight              int
	italicAngle            float64
	fixedPitch             bool
	serif                  bool
	weight                 int
	numGlyphs              int
	numHMetrics            int
	longLoca               bool
	postscriptName         string
	family                 string
}

var be = binary.BigEndian

// parseSFNT reads the table directory and the metrics tables. It checks every
// offset against the data so that a damaged file gives an error, not a panic.
func parseSFNT(data []byte) (*sfnt, error) {
	if len(data) < 12 {
		return nil, errors.New("not a font file (too short)")
	}
	f := &sfnt{data: data, tables: map[string][]byte{}}
	switch tag := string(data[:4]); tag {
	case "\x00\x01\x00\x00", "true":
	case "OTTO":
		f.cff = true
	case "ttcf":
		return nil, errors.New("font collections (.ttc) are not supported; extract one font")
	case "wOFF", "wOF2":
		return nil, errors.New("WOFF fonts are not supported; use the TTF or OTF file")
	default:
		return nil, fmt.Errorf("not a TrueType or OpenType font (tag %q)", tag)
	}
	n := int(be.Uint16(data[4:]))
	if 12+16*n > len(data) {
		return nil, errors.New("truncated table directory")
	}
	for i := 0; i < n; i++ {
		r := data[12+16*i:]
		off, length := int64(be.Uint32(r[8:])), int64(be.Uint32(r[12:]))
		if off+length > int64(len(data)) {
			return nil, fmt.Errorf("table %q lies outside the file", r[:4])
		}
		f.tables[string(r[:4])] = data[off : off+length]
	}
	need := []string{"head", "hhea", "maxp", "hmtx"}
	if !f.cff {
		need = append(need, "loca", "glyf")
	}
	for _, t := range need {
		if f.tables[t] == nil {
			return nil, fmt.Errorf("missing %q table", t)
		}
	}
	head, hhea, maxp := f.tables["head"], f.tables["hhea"], f.tables["maxp"]
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 {
		return nil, errors.New("truncated head, hhea or maxp table")
	}
	f.unitsPerEm = int(be.Uint16(head[18:]))
	if f.unitsPerEm < 16 || f.unitsPerEm > 16384 {
		return nil, fmt.Errorf("unitsPerEm %d out of range", f.unitsPerEm)
	}
	f.xMin, f.yMin = int(int16(be.Uint16(head[36:]))), int(int16(be.Uint16(head[38:])))
	f.xMax, f.yMax = int(int16(be.Uint16(head[40:]))), int(int16(be.Uint16(head[42:])))
	f.longLoca = be.Uint16(head[50:]) != 0
	f.ascent, f.descent = int(int16(be.Uint16(hhea[4:]))), int(int16(be.Uint16(hhea[6:])))
	f.numHMetrics = int(be.Uint16(hhea[34:]))
	f.numGlyphs = int(be.Uint16(maxp[4:]))
	if f.numHMetrics < 1 || f.numHMetrics > f.numGlyphs || len(f.tables["hmtx"]) < 4*f.numHMetrics {
		return nil, errors.New("hmtx and hhea disagree")
	}
	if !f.cff {
		entry := 2
		if f.longLoca {
			entry = 4
		}
		if len(f.tables["loca"]) < entry*(f.numGlyphs+1) {
			return nil, errors.New("truncated loca table")
		}
	}
	f.capHeight = f.ascent * 7 / 10 // a usual ratio when OS/2 does not say
	f.weight = 400
	if os2 := f.tables["OS/2"]; len(os2) >= 78 {
		f.weight = int(be.Uint16(os2[4:]))
		class := int(os2[30]) // sFamilyClass high byte: 1-7 are serif classes
		f.serif = class >= 1 && class <= 7
		if be.Uint16(os2[0:]) >= 2 && len(os2) >= 90 {
			if c := int(int16(be.Uint16(os2[88:]))); c > 0 {
				f.capHeight = c
			}
		}
	}
	if post := f.tables["post"]; len(post) >= 16 {
		f.italicAngle = float64(int32(be.Uint32(post[4:]))) / 65536
		f.fixedPitch = be.Uint32(post[12:]) != 0
	}
	f.postscriptName = psName(nameRecord(f.tables["name"], 6))
	f.family = nameRecord(f.tables["name"], 16)
	if f.family == "" {
		f.family = nameRecord(f.tables["name"], 1)
	}
	return f, nil
}

// nameRecord returns the string with the given name ID, preferring the
// Windows/Unicode platform, or "".
func nameRecord(t []byte, nameID uint16) string {
	if len(t) < 6 {
		return ""
	}
	count, strOff := int(be.Uint16(t[2:])), int(be.Uint16(t[4:]))
	best := ""
	for i := 0; i < count && 6+12*i+12 <= len(t); i++ {
		r := t[6+12*i:]
		platform, id := be.Uint16(r), be.Uint16(r[6:])
		length, off := int(be.Uint16(r[8:])), strOff+int(be.Uint16(r[10:]))
		if id != nameID || off+length > len(t) {
			continue
		}
		s := t[off : off+length]
		switch platform {
		case 3, 0:
			u := make([]uint16, len(s)/2)
			for j := range u {
				u[j] = be.Uint16(s[2*j:])
			}
			return string(utf16.Decode(u))
		case 1:
			if best == "" {
				best = string(s)
			}
		}
	}
	return best
}

// psName cleans a PostScript name to the characters a PDF BaseFont may
// carry, or gives "Font" when nothing is left.
func psName(s string) string {
	clean := strings.Map(func(r rune) rune {
		if r <= ' ' || r >= 0x7f || strings.ContainsRune("#/()<>[]{}%", r) {
			return -1
		}
		return r
	}, s)
	if clean == "" {
		return "Font"
	}
	return clean
}

// advance returns the advance width of glyph gid in font units.
func (f *sfnt) advance(gid int) int {
	if gid >= f.numGlyphs {
		return 0
	}
	if gid >= f.numHMetrics {
		gid = f.numHMetrics - 1
	}
	return int(be.Uint16(f.tables["hmtx"][4*gid:]))
}

// lsb returns the left side bearing of glyph gid.
func (f *sfnt) lsb(gid int) int16 {
	h := f.tables["hmtx"]
	if gid < f.numHMetrics {
		return int16(be.Uint16(h[4*gid+2:]))
	}
	o := 4*f.numHMetrics + 2*(gid-f.numHMetrics)
	if o+2 > len(h) {
		return 0
	}
	return int16(be.Uint16(h[o:]))
}

// glyph returns the glyf data of gid (nil for an empty glyph or a bad entry).
func (f *sfnt) glyph(gid int) []byte {
	if gid >= f.numGlyphs {
		return nil
	}
	loca, glyf := f.tables["loca"], f.tables["glyf"]
	var a, b int
	if f.longLoca {
		a, b = int(be.Uint32(loca[4*gid:])), int(be.Uint32(loca[4*gid+4:]))
	} else {
		a, b = 2*int(be.Uint16(loca[2*gid:])), 2*int(be.Uint16(loca[2*gid+2:]))
	}
	if a >= b || b > len(glyf) {
		return nil
	}
	return glyf[a:b]
}

// blankGlyph returns a glyph that draws nothing, preferring one with no
// advance (.null, ZWSP) over the space: poppler was seen to drop helper
// characters drawn with a space glyph. It returns -1 when the font has no
// empty glyph or is CFF-flavoured.
func (f *sfnt) blankGlyph() int {
	if f.cff {
		return -1
	}
	blank := -1
	for g := 1; g < f.numGlyphs; g++ {
		if f.glyph(g) != nil {
			continue
		}
		if f.advance(g) == 0 {
			return g
		}
		if blank < 0 {
			blank = g
		}
	}
	return blank
}

// Composite glyph flags (OpenType glyf table).
const (
	argsAreWords   = 0x0001
	argsAreXY      = 0x0002
	useMyMetrics   = 0x0200
	haveScale      = 0x0008
	moreComponents = 0x0020
	haveXYScale    = 0x0040
	haveTwoByTwo   = 0x0080
)

// components calls fn with the byte offset of each component's glyph index
// inside a composite glyph; it does nothing for a simple glyph.
func components(g []byte, fn func(off int)) {
	if len(g) < 10 || int16(be.Uint16(g)) >= 0 {
		return
	}
	p := 10
	for p+4 <= len(g) {
		flags := be.Uint16(g[p:])
		fn(p + 2)
		p += 4
		if flags&argsAreWords != 0 {
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&haveScale != 0:
			p += 2
		case flags&haveXYScale != 0:
			p += 4
		case flags&haveTwoByTwo != 0:
			p += 8
		}
		if flags&moreComponents == 0 {
			return
		}
	}
}

// closure returns the glyphs in used plus .notdef and every glyph a
// composite among them refers to (recursively), sorted: the subset's glyph
// order, so new GID = index in the result.
func (f *sfnt) closure(used map[uint16]bool) []uint16 {
	keep := map[uint16]bool{0: true}
	var stack []uint16
	for g := range used {
		if int(g) < f.numGlyphs && !keep[g] {
			keep[g] = true
			stack = append(stack, g)
		}
	}
	for len(stack) > 0 {
		g := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		data := f.glyph(int(g))
		components(data, func(off int) {
			c := be.Uint16(data[off:])
			if int(c) < f.numGlyphs && !keep[c] {
				keep[c] = true
				stack = append(stack, c)
			}
		})
	}
	order := make([]uint16, 0, len(keep))
	for g := range keep {
		order = append(order, g)
	}
	sort.Slice(order, func(i, j int) bool { return order[i] < order[j] })
	return order
}

// subset builds a TrueType font holding only the glyphs in order (old GIDs,
// new GID = index), with composite components renumbered. It keeps the
// tables a PDF renderer needs (glyf, loca, hmtx, hhea, maxp, head and the
// hinting programs cvt, fpgm, prep) and replaces cmap with an empty one and drops names and
// layout tables: the PDF selects glyphs by GID through CIDToGIDMap.
//
// moved are glyphs appended after those of order (new GID = len(order) +
// index): each a composite of one component, an original glyph moved up by
// dy units, with the original's metrics (SetCascade).
func (f *sfnt) subset(order []uint16, moved []shifted) []byte {
	newID := make(map[uint16]uint16, len(order))
	for i, g := range order {
		newID[g] = uint16(i)
	}
	var glyf []byte
	offsets := make([]int, 0, len(order)+1)
	hmtx := make([]byte, 0, 4*len(order))
	for _, g := range order {
		offsets = append(offsets, len(glyf))
		data := f.glyph(int(g))
		start := len(glyf)
		glyf = append(glyf, data...)
		components(data, func(off int) {
			be.PutUint16(glyf[start+off:], newID[be.Uint16(data[off:])])
		})
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
		hmtx = be.AppendUint16(hmtx, uint16(f.advance(int(g))))
		hmtx = be.AppendUint16(hmtx, uint16(f.lsb(int(g))))
	}
	for _, m := range moved {
		offsets = append(offsets, len(glyf))
		glyf = append(glyf, movedGlyph(f.glyph(int(m.gid)), newID[m.gid], m.dy)...)
		hmtx = be.AppendUint16(hmtx, uint16(f.advance(int(m.gid))))
		hmtx = be.AppendUint16(hmtx, uint16(f.lsb(int(m.gid))))
	}
	numGlyphs := len(order) + len(moved)
	offsets = append(offsets, len(glyf))
	long := len(glyf) > 0x1FFFC
	var loca []byte
	for _, o := range offsets {
		if long {
			loca = be.AppendUint32(loca, uint32(o))
		} else {
			loca = be.AppendUint16(loca, uint16(o/2))
		}
	}
	head := append([]byte(nil), f.tables["head"]...)
	be.PutUint32(head[8:], 0) // checkSumAdjustment, set below
	if long {
		be.PutUint16(head[50:], 1)
	} else {
		be.PutUint16(head[50:], 0)
	}
	hhea := append([]byte(nil), f.tables["hhea"]...)
	be.PutUint16(hhea[34:], uint16(numGlyphs))
	maxp := append([]byte(nil), f.tables["maxp"]...)
	be.PutUint16(maxp[4:], uint16(numGlyphs))
	if len(moved) > 0 && len(maxp) >= 32 {
		// A moved glyph is a composite one level above its original: its
		// points and contours are the original's, at most the font's most.
		for _, pair := range [][2]int{{10, 6}, {12, 8}} {
			be.PutUint16(maxp[pair[0]:], max(be.Uint16(maxp[pair[0]:]), be.Uint16(maxp[pair[1]:])))
		}
		be.PutUint16(maxp[28:], max(be.Uint16(maxp[28:]), 1))
		be.PutUint16(maxp[30:], be.Uint16(maxp[30:])+1)
	}

	tables := map[string][]byte{"glyf": glyf, "loca": loca, "hmtx": hmtx, "head": head, "hhea": hhea, "maxp": maxp,
		"cmap": emptyCmap}
	for _, t := range []string{"cvt ", "fpgm", "prep"} {
		if d := f.tables[t]; d != nil {
			tables[t] = d
		}
	}
	out := assembleSFNT(tables)
	// head.checkSumAdjustment makes the whole file sum to 0xB1B0AFBA.
	headOff := tableOffset(out, "head")
	be.PutUint32(out[headOff+8:], 0xB1B0AFBA-checksum(out))
	return out
}

// movedGlyph is a composite glyph drawing component gid (a GID of the
// subset) moved up by dy units; orig is the original glyph's data, whose
// bounding box, moved, is the composite's.
func movedGlyph(orig []byte, gid uint16, dy int16) []byte {
	g := make([]byte, 0, 20)
	g = be.AppendUint16(g, 0xFFFF) // numberOfContours -1: composite
	xMin, yMin, xMax, yMax := int16(0), int16(0), int16(0), int16(0)
	if len(orig) >= 10 {
		xMin, yMin = int16(be.Uint16(orig[2:])), int16(be.Uint16(orig[4:]))
		xMax, yMax = int16(be.Uint16(orig[6:])), int16(be.Uint16(orig[8:]))
	}
	for _, v := range []int16{xMin, yMin + dy, xMax, yMax + dy} {
		g = be.AppendUint16(g, uint16(v))
	}
	// One component: offsets as words, x/y values, and its metrics.
	g = be.AppendUint16(g, argsAreWords|argsAreXY|useMyMetrics)
	g = be.AppendUint16(g, gid)
	g = be.AppendUint16(g, 0)
	g = be.AppendUint16(g, uint16(dy))
	return g
}

// emptyCmap maps no character (one format 4 subtable holding only the
// closing 0xFFFF segment): the PDF picks glyphs by GID, but some font
// parsers refuse a TrueType font without a cmap table.
var emptyCmap = []byte{
	0, 0, 0, 1, // version, one subtable
	0, 3, 0, 1, 0, 0, 0, 12, // Windows Unicode BMP, at offset 12
	0, 4, 0, 24, 0, 0, // format 4, length, language
	0, 2, 0, 2, 0, 0, 0, 0, // segCountX2, searchRange, entrySelector, rangeShift
	0xFF, 0xFF, 0, 0, 0xFF, 0xFF, 0, 1, 0, 0, // endCode, pad, startCode, idDelta, idRangeOffset
}

// assembleSFNT writes a TrueType file with the tables sorted by tag, each
// 4-byte aligned, with correct table checksums.
func assembleSFNT(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	n := len(tags)
	entrySelector := 0
	for 1<<(entrySelector+1) <= n {
		entrySelector++
	}
	searchRange := 16 << entrySelector
	out := make([]byte, 12+16*n)
	be.PutUint32(out, 0x00010000)
	be.PutUint16(out[4:], uint16(n))
	be.PutUint16(out[6:], uint16(searchRange))
	be.PutUint16(out[8:], uint16(entrySelector))
	be.PutUint16(out[10:], uint16(16*n-searchRange))
	for i, t := range tags {
		d := tables[t]
		rec := out[12+16*i:]
		copy(rec, t)
		be.PutUint32(rec[4:], checksum(d))
		be.PutUint32(rec[8:], uint32(len(out)))
		be.PutUint32(rec[12:], uint32(len(d)))
		out = append(out, d...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out
}

func tableOffset(font []byte, tag string) int {
	n := int(be.Uint16(font[4:]))
	for i := 0; i < n; i++ {
		rec := font[12+16*i:]
		if string(rec[:4]) == tag {
			return int(be.Uint32(rec[8:]))
		}
	}
	return -1
}

// checksum is the OpenType table checksum: the sum of big-endian uint32s,
// the data padded with zeros to a multiple of four.
func checksum(d []byte) uint32 {
	var s uint32
	for len(d) >= 4 {
		s += be.Uint32(d)
		d = d[4:]
	}
	if len(d) > 0 {
		var t [4]byte
		copy(t[:], d)
		s += be.Uint32(t[:])
	}
	return s
}
