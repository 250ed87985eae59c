package fontsubset

import (
	"sort"
	"strconv"
)

// glyph returns the outline of old glyph g, nil when it is empty.
func (p *plan) glyph(g int) rd {
	loca, glyf := p.s.tables["loca"], p.s.tables["glyf"]
	var start, end int
	if p.longLoca {
		start, end = loca.u32(4*g), loca.u32(4*g+4)
	} else {
		start, end = 2*loca.u16(2*g), 2*loca.u16(2*g+2)
	}
	if end <= start {
		return nil
	}
	return glyf.bytes(start, end-start)
}

// The flags of a composite glyph's component record.
const (
	argsAreWords   = 0x0001
	haveScale      = 0x0008
	moreComponents = 0x0020
	haveXYScale    = 0x0040
	haveTwoByTwo   = 0x0080
)

// components calls fn with the offset of each component's glyph number in
// a composite glyph g; a simple glyph has none.
func components(g rd, fn func(at int)) {
	if len(g) < 10 || g.i16(0) >= 0 {
		return
	}
	for at := 10; ; {
		flags := g.u16(at)
		fn(at + 2)
		at += 4
		if flags&argsAreWords != 0 {
			at += 4
		} else {
			at += 2
		}
		switch {
		case flags&haveScale != 0:
			at += 2
		case flags&haveXYScale != 0:
			at += 4
		case flags&haveTwoByTwo != 0:
			at += 8
		}
		if flags&moreComponents == 0 {
			return
		}
	}
}

// closeOverComponents keeps the glyphs that kept composite glyphs are built
// from, to any depth.
func (p *plan) closeOverComponents() {
	var todo []int
	for g, k := range p.keep {
		if k {
			todo = append(todo, g)
		}
	}
	for len(todo) > 0 {
		g := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		d := p.glyph(g)
		components(d, func(at int) {
			c := d.u16(at)
			if c < p.glyphs && !p.keep[c] {
				p.keep[c] = true
				todo = append(todo, c)
			}
		})
	}
}

// glyf writes the outlines of the subset, composite glyphs pointing to
// their components' new numbers, and their loca. The offsets are short
// (16-bit, counting 2-byte words) when the outlines, each padded to an even
// length, come to at most 131,070 bytes, which halves loca; long otherwise
// (a subset of thousands of glyphs), each glyph then padded to 4 bytes, as
// the specification recommends for long offsets. long says which.
func (p *plan) glyf() (glyf, loca []byte, long bool) {
	size := 0
	for _, g := range p.old {
		if p.keep[g] {
			size += (len(p.glyph(int(g))) + 1) &^ 1
		}
	}
	long = size > 2*0xFFFF
	align, entry := 2, 2
	if long {
		align, entry = 4, 4
	}
	glyf = make([]byte, 0, size)
	loca = make([]byte, 0, entry*(len(p.old)+1))
	offset := func() {
		if long {
			loca = be.AppendUint32(loca, uint32(len(glyf)))
		} else {
			loca = be.AppendUint16(loca, uint16(len(glyf)/2))
		}
	}
	for _, g := range p.old {
		offset()
		if !p.keep[g] {
			continue
		}
		d := p.glyph(int(g))
		start := len(glyf)
		glyf = append(glyf, d...)
		components(d, func(at int) {
			n, _ := p.kept(d.u16(at))
			be.PutUint16(glyf[start+at:], uint16(n))
		})
		for len(glyf)%align != 0 {
			glyf = append(glyf, 0)
		}
	}
	offset()
	return glyf, loca, long
}

// hmtx writes a full metric for every glyph of the subset; an empty place
// (RetainGIDs) gets zeros.
func (p *plan) hmtx() []byte {
	h := p.s.tables["hmtx"]
	long := p.s.tables["hhea"].u16(34)
	var out []byte
	for _, g := range p.old {
		if !p.keep[g] {
			out = be.AppendUint32(out, 0)
			continue
		}
		gi := int(g)
		var adv, lsb int
		if gi < long {
			adv, lsb = h.u16(4*gi), h.u16(4*gi+2)
		} else {
			adv, lsb = h.u16(4*(long-1)), h.u16(4*long+2*(gi-long))
		}
		out = be.AppendUint16(out, uint16(adv))
		out = be.AppendUint16(out, uint16(lsb))
	}
	return out
}

// post keeps the font's PostScript metrics and names the kept glyphs
// (format 2): with their own names when asked for (Options.GlyphNames),
// otherwise with short ones ("g" and the glyph's number in the subset) for
// every glyph outside the standard Macintosh set. A font without names
// (format 3) gets none.
func (p *plan) post() []byte {
	t := p.s.tables["post"]
	out := make([]byte, 32)
	if len(t) >= 32 {
		copy(out, t[:32])
	}
	be.PutUint32(out, 0x00030000)
	if len(t) < 34 || t.u32(0) != 0x00020000 {
		return out
	}
	n := t.u16(32)
	// Where the names beyond the 258 standard Macintosh ones start, in
	// order (a name is its length, then its bytes), checked once here.
	names := make([]int32, 0, min(n, len(t)))
	for at := 34 + 2*n; at < len(t); {
		l := int(t[at])
		t.check(at+1, l)
		names = append(names, int32(at))
		at += 1 + l
	}
	be.PutUint32(out, 0x00020000)
	out = be.AppendUint16(out, uint16(len(p.old)))
	var strs []byte
	own := 0
	for i, g := range p.old {
		idx := 0
		if int(g) < n && p.keep[g] {
			idx = t.u16(34 + 2*int(g))
		}
		if idx >= 258 {
			if idx-258 >= len(names) {
				idx = 0
			} else {
				at := int(names[idx-258])
				name := []byte(t[at+1 : at+1+int(t[at])])
				if !p.opt.GlyphNames {
					name = []byte("g" + strconv.Itoa(i))
				}
				strs = append(append(strs, byte(len(name))), name...)
				idx = 258 + own
				own++
			}
		}
		out = be.AppendUint16(out, uint16(idx))
	}
	return append(out, strs...)
}

// cmapTable maps the kept characters: format 4 for the Basic Multilingual
// Plane (platform 3, encoding 1), and format 12 for every character
// (3, 10) when some lie beyond it.
func (p *plan) cmapTable() []byte {
	runes := make([]rune, 0, len(p.cmap))
	astral := false
	for r := range p.cmap {
		runes = append(runes, r)
		astral = astral || r > 0xFFFF
	}
	sort.Slice(runes, func(i, j int) bool { return runes[i] < runes[j] })
	id := func(r rune) int { n, _ := p.kept(p.cmap[r]); return n }

	f4 := p.format4(runes, id)
	var f12 []byte
	if astral {
		f12 = format12(runes, id)
	}
	n := 1
	if f12 != nil {
		n = 2
	}
	out := be.AppendUint16(nil, 0)
	out = be.AppendUint16(out, uint16(n))
	off := 4 + 8*n
	out = append(out, 0, 3, 0, 1)
	out = be.AppendUint32(out, uint32(off))
	if f12 != nil {
		out = append(out, 0, 3, 0, 10)
		out = be.AppendUint32(out, uint32(off+len(f4)))
	}
	return append(append(out, f4...), f12...)
}

// format4 writes one segment per run of consecutive characters with
// consecutive glyphs, as deltas.
func (p *plan) format4(runes []rune, id func(rune) int) []byte {
	type seg struct{ start, end, delta int }
	var segs []seg
	for _, r := range runes {
		if r > 0xFFFF || r == 0xFFFF {
			continue
		}
		c, g := int(r), id(r)
		if n := len(segs); n > 0 && segs[n-1].end == c-1 && segs[n-1].delta == (g-c)&0xFFFF {
			segs[n-1].end = c
			continue
		}
		segs = append(segs, seg{c, c, (g - c) & 0xFFFF})
	}
	segs = append(segs, seg{0xFFFF, 0xFFFF, 1})
	n := len(segs)
	es, sel := 1, 0
	for es*2 <= n {
		es *= 2
		sel++
	}
	length := 16 + 8*n
	out := be.AppendUint16(nil, 4)
	out = be.AppendUint16(out, uint16(length))
	out = be.AppendUint16(out, 0)
	out = be.AppendUint16(out, uint16(2*n))
	out = be.AppendUint16(out, uint16(2*es))
	out = be.AppendUint16(out, uint16(sel))
	out = be.AppendUint16(out, uint16(2*n-2*es))
	for _, s := range segs {
		out = be.AppendUint16(out, uint16(s.end))
	}
	out = be.AppendUint16(out, 0)
	for _, s := range segs {
		out = be.AppendUint16(out, uint16(s.start))
	}
	for _, s := range segs {
		out = be.AppendUint16(out, uint16(s.delta))
	}
	for range segs {
		out = be.AppendUint16(out, 0)
	}
	return out
}

// format12 writes groups of consecutive characters with consecutive glyphs.
func format12(runes []rune, id func(rune) int) []byte {
	type group struct{ start, end, gid int }
	var gs []group
	for _, r := range runes {
		c, g := int(r), id(r)
		if n := len(gs); n > 0 && gs[n-1].end == c-1 && gs[n-1].gid+(c-gs[n-1].start) == g {
			gs[n-1].end = c
			continue
		}
		gs = append(gs, group{c, c, g})
	}
	out := be.AppendUint16(nil, 12)
	out = be.AppendUint16(out, 0)
	out = be.AppendUint32(out, uint32(16+12*len(gs)))
	out = be.AppendUint32(out, 0)
	out = be.AppendUint32(out, uint32(len(gs)))
	for _, g := range gs {
		out = be.AppendUint32(out, uint32(g.start))
		out = be.AppendUint32(out, uint32(g.end))
		out = be.AppendUint32(out, uint32(g.gid))
	}
	return out
}
