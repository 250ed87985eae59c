package fontsubset

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"sort"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/font/opentype/tables"
)

// ErrUnsupported is returned for a font this package does not subset; the
// error wrapping it says why. The caller embeds such a font whole.
var ErrUnsupported = errors.New("font not subset")

// Options change how a font is subset.
type Options struct {
	// RetainGIDs keeps every glyph's number: glyphs not needed stay in
	// the font, empty. Larger than renumbering; for comparison.
	RetainGIDs bool
	// GlyphNames keeps the kept glyphs' own PostScript names, which font
	// inspectors and hb-shape show ("uni0633.fina"). No reading system uses
	// them, and in a book set in Amiri they are about 5 KB deflated per
	// face, so by default a glyph whose name is not one of the standard
	// Macintosh set is named by its number in the subset ("g123"): still
	// a name per glyph, so tools that compare glyphs by name (hb-shape
	// against fontTools, as the conformance check does) agree.
	GlyphNames bool
}

// Font is a subset font.
type Font struct {
	Data []byte
	// Old maps each glyph of the subset to its number in the original font.
	Old []uint16
}

// Text is what a subset is for.
type Text struct {
	// Runes are the characters the subset maps to glyphs.
	Runes []rune
	// Shaped are the glyphs the text's words shape to with the whole font,
	// when the caller has shaped them (with HarfBuzz's rules: script,
	// language, default features). The subset then keeps only these and
	// the glyphs on the substitution paths to them. Without them, it keeps
	// every glyph the characters can become, which for Amiri's contextual
	// forms is about twice as many.
	Shaped []uint16
}

// Subset returns the font data cut down to the glyphs needed to shape the
// text, with the default features of every script (what browsers and
// reading systems apply when a stylesheet asks for nothing else).
func Subset(data []byte, text Text, opt Options) (f *Font, err error) {
	defer func() {
		if r := recover(); r != nil {
			m, ok := r.(malformed)
			if !ok {
				panic(r)
			}
			f, err = nil, fmt.Errorf("%w: %v", ErrUnsupported, m)
		}
	}()
	s, err := readSFNT(data)
	if err != nil {
		return nil, err
	}
	p, err := newPlan(s, text, opt)
	if err != nil {
		return nil, err
	}
	f, err = p.write()
	if err != nil && !errors.Is(err, ErrUnsupported) {
		// A table too big to rewrite (a 16-bit offset overflows): the font
		// can still go whole.
		err = fmt.Errorf("%w: %v", ErrUnsupported, err)
	}
	return f, err
}

// sfntFile is a font's table directory.
type sfntFile struct {
	data   []byte
	tables map[string]rd
}

// dropped are tables a subset leaves out: signatures, hinting caches and
// device metrics that name glyphs by number and that no shaper needs.
var dropped = map[string]bool{
	"DSIG": true, "hdmx": true, "LTSH": true, "VDMX": true, "PCLT": true, "meta": true,
	"vhea": true, "vmtx": true, "BASE": true, "JSTF": true, "MATH": true, "FFTM": true,
}

// copied are tables that name no glyph and go into the subset as they are.
var copied = map[string]bool{
	"OS/2": true, "gasp": true, "prep": true, "fpgm": true, "cvt ": true,
}

func readSFNT(data []byte) (*sfntFile, error) {
	r := rd(data)
	if len(data) < 12 {
		return nil, fmt.Errorf("%w: not a font file", ErrUnsupported)
	}
	switch string(data[:4]) {
	case "\x00\x01\x00\x00", "true":
	case "OTTO":
		return nil, fmt.Errorf("%w: CFF outlines", ErrUnsupported)
	default:
		return nil, fmt.Errorf("%w: not a TrueType font (%q)", ErrUnsupported, data[:4])
	}
	s := &sfntFile{data: data, tables: map[string]rd{}}
	n := r.u16(4)
	for i := range n {
		e := 12 + 16*i
		tag := string(r.bytes(e, 4))
		s.tables[tag] = r.bytes(r.u32(e+8), r.u32(e+12))
	}
	for _, t := range []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap"} {
		if s.tables[t] == nil {
			return nil, fmt.Errorf("%w: no %s table", ErrUnsupported, t)
		}
	}
	for tag := range s.tables {
		switch {
		case dropped[tag], copied[tag]:
		case slices.Contains([]string{"head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap", "post", "name", "GSUB", "GPOS", "GDEF"}, tag):
		case tag == "kern" && s.tables["GPOS"] != nil:
			// Shapers use GPOS and ignore kern, so it is left out. (This
			// wrote kern into the package's dropped map: a race between
			// subsets cut in parallel, and every font subset after it in
			// the process had its kern dropped, GPOS or not.)
		default:
			return nil, fmt.Errorf("%w: table %q is not subset", ErrUnsupported, tag)
		}
	}
	return s, nil
}

// singleMap is what a single substitution lookup makes of each glyph it
// covers: to[g-first]-1, where 0 is a glyph it does not cover.
type singleMap struct {
	first int
	to    []int32
}

func (m *singleMap) get(g int) (int, bool) {
	if i := g - m.first; i >= 0 && i < len(m.to) && m.to[i] > 0 {
		return int(m.to[i]) - 1, true
	}
	return 0, false
}

// plan is what a subset keeps: glyphs and characters, and the new numbers.
type plan struct {
	s        *sfntFile
	opt      Options
	glyphs   int          // glyphs in the original font
	keep     []bool       // by old glyph number
	newID    []int        // old -> new, -1 when dropped
	old      []uint16     // new -> old
	cmap     map[rune]int // kept characters -> old glyph
	longLoca bool
	// singles, while GSUB is written from shaped glyphs, gives what a
	// single substitution lookup makes of each glyph it covers; nil
	// otherwise. See deadRule.
	singles func(lookup int) *singleMap
	shaped  bool
	// covered and filtered keep, by where an old Coverage table starts in
	// the font, its kept glyphs and the new table written of it: a font
	// points many subtables at one coverage (Amiri's contextual lookups),
	// which was read and filtered again for each.
	covered  map[*byte][]int
	filtered map[*byte]*node
	// gsub is GSUB's substitutions, when the font has the table.
	gsub *substitutions
	// classDefs keeps the ClassDef tables read, by where they start.
	classDefs map[*byte]classDef
}

func newPlan(s *sfntFile, text Text, opt Options) (*plan, error) {
	ft, err := ReadCmap(s.data)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnsupported, err)
	}
	p := &plan{s: s, opt: opt, glyphs: s.tables["maxp"].u16(4), cmap: map[rune]int{}}
	p.longLoca = s.tables["head"].u16(50) != 0
	reach := newGlyphSet()
	reach.add(0) // .notdef
	for _, c := range text.Runes {
		if g, ok := ft.Lookup(c); ok && int(g) < p.glyphs {
			p.cmap[c] = int(g)
			reach.add(int(g))
		}
	}
	keep := reach
	if t := s.tables["GSUB"]; t != nil {
		subs := compileGSUB(t)
		p.gsub = subs
		subs.forward(reach)
		if text.Shaped != nil {
			shaped := newGlyphSet()
			shaped.add(0)
			for _, g := range text.Shaped {
				shaped.add(int(g))
			}
			for _, g := range p.cmap {
				shaped.add(g) // a character on its own stays drawable
			}
			keep = subs.between(reach, shaped)
			p.shaped = true
		}
	}
	p.keep = make([]bool, p.glyphs)
	for _, g := range keep.list {
		if g < p.glyphs {
			p.keep[g] = true
		}
	}
	p.closeOverComponents()
	p.number()
	return p, nil
}

// ReadCmap reads the font's character map as go-text's font.ParseTTF reads
// it (the same subtable chosen, with OS/2's code page), and fails where
// ParseTTF would on a font readSFNT accepts: a bad table directory, cmap,
// head or maxp; ParseTTF ignores errors in every other table such a font
// may have. ParseTTF also parses every glyph outline and the layout tables,
// which here were read for nothing: 20 ms of a ten-article book's EPUB.
func ReadCmap(data []byte) (font.Cmap, error) {
	ld, err := opentype.NewLoader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	raw, _ := ld.RawTable(opentype.MustNewTag("OS/2"))
	os2, _, _ := tables.ParseOs2(raw)
	raw, err = ld.RawTable(opentype.MustNewTag("cmap"))
	if err != nil {
		return nil, err
	}
	cmap, _, err := tables.ParseCmap(raw)
	if err != nil {
		return nil, err
	}
	out, _, err := font.ProcessCmap(cmap, os2.FontPage())
	if err != nil {
		return nil, err
	}
	if _, _, err := font.LoadHeadTable(ld, nil); err != nil {
		return nil, err
	}
	raw, err = ld.RawTable(opentype.MustNewTag("maxp"))
	if err != nil {
		return nil, err
	}
	if _, _, err := tables.ParseMaxp(raw); err != nil {
		return nil, err
	}
	return out, nil
}

// number gives the kept glyphs their new numbers, in their original order,
// so that every sorted glyph list of the font stays sorted. With RetainGIDs
// the numbers stay, and glyphs after the last kept one are left out.
func (p *plan) number() {
	p.newID = make([]int, p.glyphs)
	last := 0
	for g := range p.glyphs {
		p.newID[g] = -1
		if p.keep[g] {
			last = g
		}
	}
	for g := 0; g <= last; g++ {
		switch {
		case p.opt.RetainGIDs:
			if p.keep[g] {
				p.newID[g] = g
			}
			p.old = append(p.old, uint16(g))
		case p.keep[g]:
			p.newID[g] = len(p.old)
			p.old = append(p.old, uint16(g))
		}
	}
}

// kept reports whether old glyph g is in the subset, and its new number.
func (p *plan) kept(g int) (int, bool) {
	if g < 0 || g >= p.glyphs || !p.keep[g] {
		return 0, false
	}
	return p.newID[g], true
}

func (p *plan) write() (*Font, error) {
	out := map[string][]byte{}
	for tag, t := range p.s.tables {
		if copied[tag] {
			out[tag] = t
		}
	}
	if t := p.s.tables["name"]; t != nil {
		out["name"] = nameTable(t)
	}
	glyf, loca, long := p.glyf()
	out["glyf"], out["loca"] = glyf, loca
	out["hmtx"] = p.hmtx()
	out["cmap"] = p.cmapTable()
	out["post"] = p.post()
	out["maxp"] = p.patched("maxp", 4, len(p.old))
	out["hhea"] = p.patched("hhea", 34, len(p.old))
	format := 0 // indexToLocFormat: short loca offsets
	if long {
		format = 1
	}
	head := p.patched("head", 50, format)
	be.PutUint32(head[8:], 0)
	out["head"] = head
	if p.s.tables["GDEF"] != nil {
		b, err := p.gdef()
		if err != nil {
			return nil, err
		}
		if b != nil {
			out["GDEF"] = b
		}
	}
	for _, tag := range []string{"GSUB", "GPOS"} {
		if t := p.s.tables[tag]; t != nil {
			b, err := p.layout(t, tag == "GPOS")
			if err != nil {
				return nil, fmt.Errorf("%s: %w", tag, err)
			}
			out[tag] = b
		}
	}
	return &Font{Data: assemble(out), Old: p.old}, nil
}

// patched is a copy of a table with one 16-bit field changed.
func (p *plan) patched(tag string, at, v int) []byte {
	b := append([]byte(nil), p.s.tables[tag]...)
	rd(b).check(at, 2)
	be.PutUint16(b[at:], uint16(v))
	return b
}

// assemble writes a font file from its tables, with the checksums a font
// validator (OTS, in browsers) verifies. The directory lists the tables in
// tag order, as OpenType requires; their data follow in an order it leaves
// free: loca and glyf first, then the others in tag order. That deflates
// smaller, as measured rather than derived (where the compressor's blocks
// fall in the data changes): the samples' EPUB 295,019 -> 293,019 bytes
// with the fonts deflated by the standard library at level 9, 296,272 ->
// 293,364 by klauspost/compress at level 9, against every table's data in
// tag order. No order of 150 random ones tried on the fonts of the samples,
// the test books and a 100-article book deflated smaller (both
// compressors, summed).
func assemble(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	order := make([]string, 0, len(tags))
	for _, t := range []string{"loca", "glyf"} {
		if _, ok := tables[t]; ok {
			order = append(order, t)
		}
	}
	for _, t := range tags {
		if t != "loca" && t != "glyf" {
			order = append(order, t)
		}
	}
	n := len(tags)
	offset := make(map[string]int, n)
	off := 12 + 16*n
	for _, t := range order {
		offset[t] = off
		off += (len(tables[t]) + 3) &^ 3
	}
	size := off
	es, sel := 1, 0
	for es*2 <= n {
		es *= 2
		sel++
	}
	out := make([]byte, 0, size)
	out = be.AppendUint32(out, 0x00010000)
	out = be.AppendUint16(out, uint16(n))
	out = be.AppendUint16(out, uint16(es*16))
	out = be.AppendUint16(out, uint16(sel))
	out = be.AppendUint16(out, uint16(n*16-es*16))
	// The file's checksum is the directory's and the tables' added up
	// (each table starts on a word and is padded with zeros).
	var sum uint32
	for _, t := range tags {
		d := tables[t]
		c := checksum(d)
		sum += c
		out = append(out, t...)
		out = be.AppendUint32(out, c)
		out = be.AppendUint32(out, uint32(offset[t]))
		out = be.AppendUint32(out, uint32(len(d)))
	}
	sum += checksum(out)
	for _, t := range order {
		out = append(out, tables[t]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	if at, ok := offset["head"]; ok {
		be.PutUint32(out[at+8:], 0xB1B0AFBA-sum)
	}
	return out
}

// checksum is the sum of d as big-endian 32-bit words, the last one padded
// with zeros.
func checksum(d []byte) uint32 {
	var sum uint32
	i := 0
	for ; i+8 <= len(d); i += 8 {
		v := be.Uint64(d[i:])
		sum += uint32(v>>32) + uint32(v)
	}
	for ; i < len(d); i += 4 {
		var w [4]byte
		copy(w[:], d[i:])
		sum += be.Uint32(w[:])
	}
	return sum
}

// nameTable keeps the names a reader or a font inspector shows (family,
// style, full and PostScript names, version, copyright, licence and its
// address, typographic family and style), in the Windows and Unicode
// platforms' records, which browsers read; the Macintosh duplicates and
// the designer's notes go. That halves Amiri's name table.
func nameTable(t rd) []byte {
	keep := map[int]bool{0: true, 1: true, 2: true, 3: true, 4: true, 5: true, 6: true, 13: true, 14: true, 16: true, 17: true}
	count, strOff := t.u16(2), t.u16(4)
	type record struct {
		head []byte
		str  rd
	}
	var recs []record
	for i := range count {
		r := t.bytes(6+12*i, 12)
		platform, id := r.u16(0), r.u16(6)
		if (platform != 3 && platform != 0) || !keep[id] {
			continue
		}
		recs = append(recs, record{r, t.bytes(strOff+r.u16(10), r.u16(8))})
	}
	out := be.AppendUint16(nil, 0)
	out = be.AppendUint16(out, uint16(len(recs)))
	out = be.AppendUint16(out, uint16(6+12*len(recs)))
	var strs []byte
	for _, r := range recs {
		out = append(out, r.head[:8]...)
		out = be.AppendUint16(out, uint16(len(r.str)))
		out = be.AppendUint16(out, uint16(len(strs)))
		strs = append(strs, r.str...)
	}
	return append(out, strs...)
}
