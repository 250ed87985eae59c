package fontsubset

// substitutions is what the reachable GSUB lookups can make of a glyph,
// all lookups merged, context and order ignored: next[g] are the glyphs
// single, multiple, alternate and reverse chaining substitutions make of g,
// ligs[g] the ligatures that start with g, and deletes[g] is set when a
// multiple substitution can remove g.
type substitutions struct {
	next    map[int][]int
	ligs    map[int][]ligature
	deletes map[int]bool
	// lookups and used are GSUB's lookups and those the default features
	// reach, which writing GSUB reads again.
	lookups []lookup
	used    []bool
}

type ligature struct {
	comps []int // the components after the first
	glyph int
}

func compileGSUB(t rd) *substitutions {
	s := &substitutions{next: map[int][]int{}, ligs: map[int][]ligature{}, deletes: map[int]bool{}}
	lookups := parseLookups(t, false)
	used := reachable(t, lookups, false)
	s.lookups, s.used = lookups, used
	for i, lk := range lookups {
		if !used[i] {
			continue
		}
		for _, st := range lk.subs {
			switch lk.typ {
			case 1:
				for i, g := range coverage(st.at16(2)) {
					if st.u16(0) == 1 {
						s.next[g] = append(s.next[g], (g+st.i16(4))&0xFFFF)
					} else {
						s.next[g] = append(s.next[g], st.u16(6+2*i))
					}
				}
			case 2, 3:
				for i, g := range coverage(st.at16(2)) {
					seq := st.sub(st.u16(6 + 2*i))
					if seq.u16(0) == 0 {
						s.deletes[g] = true
					}
					for j := range seq.u16(0) {
						s.next[g] = append(s.next[g], seq.u16(2+2*j))
					}
				}
			case 4:
				for i, g := range coverage(st.at16(2)) {
					set := st.sub(st.u16(6 + 2*i))
					for j := range set.u16(0) {
						lig := set.sub(set.u16(2 + 2*j))
						l := ligature{glyph: lig.u16(0)}
						for k := 1; k < lig.u16(2); k++ {
							l.comps = append(l.comps, lig.u16(4+2*(k-1)))
						}
						s.ligs[g] = append(s.ligs[g], l)
					}
				}
			case 8:
				bt := st.u16(4)
				la := st.u16(6 + 2*bt)
				at := 8 + 2*bt + 2*la
				for i, g := range coverage(st.at16(2)) {
					s.next[g] = append(s.next[g], st.u16(at+2*i))
				}
			}
		}
	}
	return s
}

// glyphSet is a set of glyph numbers (any 16-bit number: a damaged font's
// substitutions may name glyphs it does not have), with its members in the
// order they were added. A map was most of the time of the closures.
type glyphSet struct {
	in   []bool
	list []int
}

func newGlyphSet() *glyphSet { return &glyphSet{in: make([]bool, 1<<16)} }

func (s *glyphSet) has(g int) bool { return s.in[g&0xFFFF] && g == g&0xFFFF }

// add puts g in the set, reporting whether it was not there.
func (s *glyphSet) add(g int) bool {
	if g != g&0xFFFF {
		panic(malformed{"glyph number"})
	}
	if s.in[g] {
		return false
	}
	s.in[g] = true
	s.list = append(s.list, g)
	return true
}

// forward adds to set every glyph the substitutions can make from glyphs of
// set, until nothing changes: more than a shaper would make, never less.
func (s *substitutions) forward(set *glyphSet) {
	for changed := true; changed; {
		changed = false
		for i := 0; i < len(set.list); i++ {
			g := set.list[i]
			for _, n := range s.next[g] {
				if set.add(n) {
					changed = true
				}
			}
			for _, l := range s.ligs[g] {
				all := !set.has(l.glyph)
				for _, c := range l.comps {
					all = all && set.has(c)
				}
				if all {
					set.add(l.glyph)
					changed = true
				}
			}
		}
	}
}

// between keeps, of the glyphs in reach (the forward closure of the text's
// characters), those from which a substitution path leads to a glyph the
// text was shaped to (or to a deletion). A glyph that leads nowhere the
// shaper went is never in the buffer when the book's words are shaped, so
// the rules that make it or read it can go with it.
func (s *substitutions) between(reach, shaped *glyphSet) *glyphSet {
	out := newGlyphSet()
	for _, g := range reach.list {
		if shaped.has(g) || s.deletes[g] {
			out.add(g)
		}
	}
	for changed := true; changed; {
		changed = false
		for _, g := range reach.list {
			if out.has(g) {
				continue
			}
			lead := false
			for _, n := range s.next[g] {
				lead = lead || out.has(n)
			}
			for _, l := range s.ligs[g] {
				lead = lead || out.has(l.glyph)
			}
			if lead {
				out.add(g)
				changed = true
			}
		}
		// A ligature's later components lead to it as well.
		for _, g := range reach.list {
			for _, l := range s.ligs[g] {
				if !out.has(l.glyph) {
					continue
				}
				for _, c := range l.comps {
					if reach.has(c) && out.add(c) {
						changed = true
					}
				}
			}
		}
	}
	return out
}
