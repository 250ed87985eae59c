package fontsubset

import "unsafe"

// coverage returns a Coverage table's glyphs by coverage index.
func coverage(r rd) []int {
	if r == nil {
		return nil
	}
	switch r.u16(0) {
	case 1:
		n := r.u16(2)
		out := make([]int, n)
		for i := range out {
			out[i] = r.u16(4 + 2*i)
		}
		return out
	case 2:
		// The list's length first (the ranges' last index), so it is made
		// once rather than grown a glyph at a time.
		n := 0
		for i := range r.u16(2) {
			e := 4 + 6*i
			start, end, idx := r.u16(e), r.u16(e+2), r.u16(e+4)
			if end < start || idx+end-start > 0xFFFF {
				panic(malformed{"coverage range"})
			}
			n = max(n, idx+end-start+1)
		}
		var out []int
		if n > 0 {
			out = make([]int, n)
			for i := range out {
				out[i] = -1
			}
		}
		for i := range r.u16(2) {
			e := 4 + 6*i
			start, end, idx := r.u16(e), r.u16(e+2), r.u16(e+4)
			for g := start; g <= end; g++ {
				out[idx+g-start] = g
			}
		}
		return out
	}
	panic(malformed{"coverage format"})
}

// classesAt is classes(r), read once for each table of the font however
// many subtables point at it (a chained context's backtrack, input and
// lookahead often share one, and the subtable reads it several times).
// The definitions are only read.
func (p *plan) classesAt(r rd) classDef {
	if len(r) == 0 {
		return classes(r)
	}
	key := unsafe.SliceData(r)
	if d, ok := p.classDefs[key]; ok {
		return d
	}
	d := classes(r)
	if p.classDefs == nil {
		p.classDefs = map[*byte]classDef{}
	}
	p.classDefs[key] = d
	return d
}

// classDef is a ClassDef table read: cls[i] is the class of glyph
// first+i, and every glyph outside them is in class 0, the default.
// (A map from glyph to class took most of the time of reading the large
// ones, GDEF's and kerning's.)
type classDef struct {
	first int
	cls   []uint16
}

// of is glyph g's class.
func (d classDef) of(g int) int {
	if i := g - d.first; i >= 0 && i < len(d.cls) {
		return int(d.cls[i])
	}
	return 0
}

// each calls f for each glyph not in class 0, in order, with its class.
func (d classDef) each(f func(g, c int)) {
	for i, c := range d.cls {
		if c != 0 {
			f(d.first+i, int(c))
		}
	}
}

// classes reads a ClassDef table.
func classes(r rd) classDef {
	if r == nil {
		return classDef{}
	}
	switch r.u16(0) {
	case 1:
		start, n := r.u16(2), r.u16(4)
		d := classDef{first: start, cls: make([]uint16, n)}
		for i := range n {
			d.cls[i] = uint16(r.u16(6 + 2*i))
		}
		return d
	case 2:
		total := 0
		lo, hi := 0, -1
		for i := range r.u16(2) {
			e := 4 + 6*i
			start, end, c := r.u16(e), r.u16(e+2), r.u16(e+4)
			// Ranges are disjoint in a valid font: more than 65536 glyphs in
			// all is a damaged (or hostile) table, not worth the time.
			if total += end - start + 1; end < start || total > 0x10000 {
				panic(malformed{"class range"})
			}
			if c == 0 {
				continue
			}
			if hi < lo {
				lo, hi = start, end
			}
			lo, hi = min(lo, start), max(hi, end)
		}
		if hi < lo {
			return classDef{}
		}
		d := classDef{first: lo, cls: make([]uint16, hi-lo+1)}
		for i := range r.u16(2) {
			e := 4 + 6*i
			start, end, c := r.u16(e), r.u16(e+2), r.u16(e+4)
			if c == 0 {
				continue // class 0 is every glyph not listed otherwise
			}
			for g := start; g <= end; g++ {
				d.cls[g-lo] = uint16(c)
			}
		}
		return d
	}
	panic(malformed{"class definition format"})
}

// coverageNode writes a Coverage table of new glyph numbers, which must be
// sorted: the shorter of a list and ranges.
func coverageNode(glyphs []int) *node {
	var ranges [][2]int
	for _, g := range glyphs {
		if n := len(ranges); n > 0 && ranges[n-1][1] == g-1 {
			ranges[n-1][1] = g
			continue
		}
		ranges = append(ranges, [2]int{g, g})
	}
	n := &node{}
	if 6*len(ranges) < 2*len(glyphs) {
		n.u16(2)
		n.u16(len(ranges))
		idx := 0
		for _, r := range ranges {
			n.u16(r[0])
			n.u16(r[1])
			n.u16(idx)
			idx += r[1] - r[0] + 1
		}
		return n
	}
	n.u16(1)
	n.u16(len(glyphs))
	for _, g := range glyphs {
		n.u16(g)
	}
	return n
}

// classNode writes a ClassDef table for the kept glyphs of an old one.
func (p *plan) classNode(old classDef) *node {
	type gc struct{ g, c int }
	var list []gc
	for n, g := range p.old {
		if c := old.of(int(g)); c != 0 && p.keep[g] {
			list = append(list, gc{n, c})
		}
	}
	var ranges [][3]int
	for _, e := range list {
		if n := len(ranges); n > 0 && ranges[n-1][1] == e.g-1 && ranges[n-1][2] == e.c {
			ranges[n-1][1] = e.g
			continue
		}
		ranges = append(ranges, [3]int{e.g, e.g, e.c})
	}
	n := &node{}
	if len(list) > 0 {
		first, last := list[0].g, list[len(list)-1].g
		if 6+2*(last-first+1) < 4+6*len(ranges) {
			n.u16(1)
			n.u16(first)
			n.u16(last - first + 1)
			i := 0
			for g := first; g <= last; g++ {
				c := 0
				if list[i].g == g {
					c = list[i].c
					i++
				}
				n.u16(c)
			}
			return n
		}
	}
	n.u16(2)
	n.u16(len(ranges))
	for _, r := range ranges {
		n.u16(r[0])
		n.u16(r[1])
		n.u16(r[2])
	}
	return n
}

// keptList maps old glyphs to new ones, reporting false if any is dropped.
func (p *plan) keptList(old []int) ([]int, bool) {
	out := make([]int, len(old))
	for i, g := range old {
		n, ok := p.kept(g)
		if !ok {
			return nil, false
		}
		out[i] = n
	}
	return out, true
}

// filteredCoverage keeps the kept glyphs of an old Coverage table; the
// second result is nil when none is left.
func (p *plan) filteredCoverage(r rd) *node {
	if len(r) == 0 {
		return p.filterCoverage(r)
	}
	key := unsafe.SliceData(r)
	if n, ok := p.filtered[key]; ok {
		return n
	}
	n := p.filterCoverage(r)
	if p.filtered == nil {
		p.filtered = map[*byte]*node{}
	}
	// One node for every table that points at the coverage: nodes are
	// not changed once made, and bytes writes a child by its contents.
	p.filtered[key] = n
	return n
}

func (p *plan) filterCoverage(r rd) *node {
	var glyphs []int
	for _, g := range p.keptIn(r) {
		n, _ := p.kept(g)
		glyphs = append(glyphs, n)
	}
	if len(glyphs) == 0 {
		return nil
	}
	return coverageNode(glyphs)
}
