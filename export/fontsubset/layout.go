package fontsubset

import (
	"errors"
	"fmt"
)

// defaultFeatures are the features shapers apply without being asked, for
// every script HarfBuzz knows (as hb-subset's default list). Lookups reached
// only from other features (stylistic sets, swashes, discretionary
// ligatures) are left out: a stylesheet that wants them must say so, and
// Warraq's does not.
var defaultFeatures = map[string]bool{}

func init() {
	for _, t := range []string{
		"rvrn", "ccmp", "locl", "mark", "mkmk", "liga", "clig", "calt", "rlig", "rclt", "curs", "kern",
		"dist", "abvm", "blwm", "abvs", "blws", "abvf", "blwf", "akhn", "half", "haln", "nukt", "pref",
		"pres", "pstf", "psts", "rkrf", "rphf", "vatu", "cjct", "cfar", "init", "medi", "med2", "fina",
		"fin2", "fin3", "isol", "mset", "stch", "frac", "numr", "dnom", "ltra", "ltrm", "rtla", "rtlm",
		"ljmo", "vjmo", "tjmo", "vert", "vrt2", "valt", "vkrn", "vpal",
	} {
		defaultFeatures[t] = true
	}
}

// lookup is one lookup of GSUB or GPOS, its extension subtables resolved.
type lookup struct {
	typ, flag, markSet int
	subs               []rd
}

const useMarkFilteringSet = 0x10

func extensionType(gpos bool) int {
	if gpos {
		return 9
	}
	return 7
}

func parseLookups(t rd, gpos bool) []lookup {
	ll := t.sub(t.u16(8))
	out := make([]lookup, ll.u16(0))
	// Offsets may share a subtable, so a small hostile table can name
	// billions; real fonts have a few thousand.
	budget := 1 << 16
	for i := range out {
		l := ll.sub(ll.u16(2 + 2*i))
		lk := lookup{typ: l.u16(0), flag: l.u16(2)}
		n := l.u16(4)
		if budget -= n; budget < 0 {
			panic(malformed{"too many lookup subtables"})
		}
		for j := range n {
			st := l.sub(l.u16(6 + 2*j))
			if lk.typ == extensionType(gpos) {
				if j == 0 {
					lk.typ = st.u16(2)
				} else if st.u16(2) != lk.typ {
					panic(malformed{"extension subtables of different types"})
				}
				st = st.sub(st.u32(4))
			}
			lk.subs = append(lk.subs, st)
		}
		if lk.flag&useMarkFilteringSet != 0 {
			lk.markSet = l.u16(6 + 2*n)
		}
		out[i] = lk
	}
	return out
}

// isContext reports whether lookup type typ is (chained) contextual.
func isContext(typ int, gpos bool) (ok, chained bool) {
	if gpos {
		return typ == 7 || typ == 8, typ == 8
	}
	return typ == 5 || typ == 6, typ == 6
}

// reachable marks the lookups the default features use, and those their
// contextual rules call.
func reachable(t rd, lookups []lookup, gpos bool) []bool {
	out := make([]bool, len(lookups))
	var todo []int
	mark := func(i int) {
		if i < len(out) && !out[i] {
			out[i] = true
			todo = append(todo, i)
		}
	}
	fl := t.sub(t.u16(6))
	for i := range fl.u16(0) {
		if !defaultFeatures[string(fl.bytes(2+6*i, 4))] {
			continue
		}
		f := fl.sub(fl.u16(2 + 6*i + 4))
		for j := range f.u16(2) {
			mark(f.u16(4 + 2*j))
		}
	}
	for len(todo) > 0 {
		lk := lookups[todo[len(todo)-1]]
		todo = todo[:len(todo)-1]
		if ok, chained := isContext(lk.typ, gpos); ok {
			for _, st := range lk.subs {
				for _, r := range contextRules(st, chained) {
					for _, rec := range r.recs {
						mark(rec[1])
					}
				}
			}
		}
	}
	return out
}

// layout writes GSUB or GPOS for the subset: the reachable lookups cut
// down to the kept glyphs, lookups and features left empty removed and
// the rest renumbered.
func (p *plan) layout(t rd, gpos bool) ([]byte, error) {
	if t.u16(2) >= 1 && len(t) >= 14 && t.u32(10) != 0 {
		return nil, fmt.Errorf("%w: FeatureVariations (a variable font)", ErrUnsupported)
	}
	var lookups []lookup
	var used []bool
	if !gpos && p.gsub != nil {
		lookups, used = p.gsub.lookups, p.gsub.used // read by newPlan
	} else {
		lookups = parseLookups(t, gpos)
		used = reachable(t, lookups, gpos)
	}
	if !gpos && p.shaped {
		cache := map[int]*singleMap{}
		p.singles = func(l int) *singleMap {
			if m, ok := cache[l]; ok || l >= len(lookups) {
				return m
			}
			var m *singleMap
			if lk := lookups[l]; lk.typ == 1 {
				covs := make([][]int, len(lk.subs))
				lo, hi := 0, -1
				for k, st := range lk.subs {
					covs[k] = coverage(st.at16(2))
					for _, g := range covs[k] {
						if g < 0 {
							continue // a gap in a damaged coverage
						}
						if hi < lo {
							lo, hi = g, g
						}
						lo, hi = min(lo, g), max(hi, g)
					}
				}
				m = &singleMap{first: lo, to: make([]int32, max(hi-lo+1, 0))}
				gap := false // a gap was read (as a glyph of its own, -1, as a map had it)
				for k, st := range lk.subs {
					for i, g := range covs[k] {
						if g < 0 && gap || g >= 0 && m.to[g-lo] > 0 {
							continue // the first subtable that covers a glyph is the one applied
						}
						z := 0
						if st.u16(0) == 1 {
							z = (g + st.i16(4)) & 0xFFFF
						} else {
							z = st.u16(6 + 2*i)
						}
						if g < 0 {
							gap = true
						} else {
							m.to[g-lo] = int32(z) + 1
						}
					}
				}
			}
			cache[l] = m
			return m
		}
		defer func() { p.singles = nil }()
	}
	// First pass: which lookups keep a subtable. Contextual subtables do not
	// depend on the lookups they call, so a provisional map will do. The
	// other lookups' subtables do not read the map at all: those made here
	// are the ones written (nodes are not changed once made), and only the
	// contextual ones are made again with the lookups' new numbers.
	same := func(i int) (int, bool) { return i, true }
	newIndex := make([]int, len(lookups))
	first := make([][]*node, len(lookups))
	count := 0
	for i, lk := range lookups {
		newIndex[i] = -1
		if !used[i] {
			continue
		}
		if first[i] = p.subtables(lk, gpos, same); len(first[i]) > 0 {
			newIndex[i] = count
			count++
		}
	}
	remap := func(i int) (int, bool) {
		if i < 0 || i >= len(newIndex) || newIndex[i] < 0 {
			return 0, false
		}
		return newIndex[i], true
	}
	var kept []lookup
	var subs [][]*node
	for i, lk := range lookups {
		if newIndex[i] < 0 {
			continue
		}
		kept = append(kept, lk)
		if ok, _ := isContext(lk.typ, gpos); ok {
			subs = append(subs, p.subtables(lk, gpos, remap))
		} else {
			subs = append(subs, first[i])
		}
	}
	features, featureIndex := p.features(t, remap)
	scripts := p.scripts(t, featureIndex)
	list, err := lookupList(kept, subs, gpos)
	if err != nil {
		return nil, err
	}
	sb, err := scripts.bytes()
	if err != nil {
		return nil, err
	}
	fb, err := features.bytes()
	if err != nil {
		return nil, err
	}
	out := []byte{0, 1, 0, 0, 0, 0, 0, 0, 0, 0}
	off := len(out)
	be.PutUint16(out[4:], uint16(off))
	out = append(out, sb...)
	be.PutUint16(out[6:], uint16(len(out)))
	out = append(out, fb...)
	if len(out) > 0xFFFF {
		return nil, errOverflow
	}
	be.PutUint16(out[8:], uint16(len(out)))
	return append(out, list...), nil
}

// features writes the FeatureList with the lookups renumbered; a feature
// left with none is removed. featureIndex maps old feature numbers to new.
func (p *plan) features(t rd, remap func(int) (int, bool)) (*node, []int) {
	fl := t.sub(t.u16(6))
	n := fl.u16(0)
	type feature struct {
		tag     []byte
		lookups []int
	}
	var kept []feature
	index := make([]int, n)
	for i := range n {
		index[i] = -1
		f := fl.sub(fl.u16(2 + 6*i + 4))
		var ls []int
		for j := range f.u16(2) {
			if l, ok := remap(f.u16(4 + 2*j)); ok {
				ls = append(ls, l)
			}
		}
		if len(ls) > 0 {
			index[i] = len(kept)
			kept = append(kept, feature{fl.bytes(2+6*i, 4), ls})
		}
	}
	out := &node{}
	out.u16(len(kept))
	for _, f := range kept {
		out.raw(f.tag)
		c := &node{}
		c.u16(0) // no FeatureParams: only optional features have them
		c.u16(len(f.lookups))
		for _, l := range f.lookups {
			c.u16(l)
		}
		out.off16(c)
	}
	return out, index
}

// scripts writes the ScriptList with features renumbered.
func (p *plan) scripts(t rd, featureIndex []int) *node {
	langSys := func(r rd) *node {
		n := &node{}
		n.u16(0)
		req := r.u16(2)
		if req < len(featureIndex) && featureIndex[req] >= 0 {
			n.u16(featureIndex[req])
		} else {
			n.u16(0xFFFF)
		}
		var fs []int
		for i := range r.u16(4) {
			if f := r.u16(6 + 2*i); f < len(featureIndex) && featureIndex[f] >= 0 {
				fs = append(fs, featureIndex[f])
			}
		}
		n.u16(len(fs))
		for _, f := range fs {
			n.u16(f)
		}
		return n
	}
	sl := t.sub(t.u16(4))
	out := &node{}
	out.u16(sl.u16(0))
	for i := range sl.u16(0) {
		out.raw(sl.bytes(2+6*i, 4))
		s := sl.sub(sl.u16(2 + 6*i + 4))
		sn := &node{}
		if d := s.at16(0); d != nil {
			sn.off16(langSys(d))
		} else {
			sn.u16(0)
		}
		sn.u16(s.u16(2))
		for j := range s.u16(2) {
			sn.raw(s.bytes(4+6*j, 4))
			sn.off16(langSys(s.sub(s.u16(4 + 6*j + 4))))
		}
		out.off16(sn)
	}
	return out
}

// lookupList lays out the LookupList: the lookup tables first, then their
// subtables. When a subtable lies beyond a 16-bit offset's reach, every
// lookup becomes an extension lookup, whose 32-bit offsets reach anywhere.
func lookupList(lookups []lookup, subs [][]*node, gpos bool) ([]byte, error) {
	blobs := make([][][]byte, len(subs))
	for i, ss := range subs {
		for _, s := range ss {
			b, err := s.bytes()
			if err != nil {
				return nil, err
			}
			blobs[i] = append(blobs[i], b)
		}
	}
	for _, ext := range []bool{false, true} {
		out, err := layOutLookups(lookups, blobs, gpos, ext)
		if !errors.Is(err, errOverflow) || ext {
			return out, err
		}
	}
	return nil, errOverflow
}

func layOutLookups(lookups []lookup, blobs [][][]byte, gpos, ext bool) ([]byte, error) {
	// pending is an offset still to fill in: where it is, where it counts
	// from, and the type of its lookup.
	type pending struct{ at, from, typ int }
	var offs []pending
	var all [][]byte
	out := be.AppendUint16(nil, uint16(len(lookups)))
	out = append(out, make([]byte, 2*len(lookups))...)
	for i, lk := range lookups {
		if len(out) > 0xFFFF {
			return nil, errOverflow
		}
		be.PutUint16(out[2+2*i:], uint16(len(out)))
		start := len(out)
		typ := lk.typ
		if ext {
			typ = extensionType(gpos)
		}
		out = be.AppendUint16(out, uint16(typ))
		out = be.AppendUint16(out, uint16(lk.flag))
		out = be.AppendUint16(out, uint16(len(blobs[i])))
		for _, b := range blobs[i] {
			offs = append(offs, pending{len(out), start, lk.typ})
			all = append(all, b)
			out = be.AppendUint16(out, 0)
		}
		if lk.flag&useMarkFilteringSet != 0 {
			out = be.AppendUint16(out, uint16(lk.markSet))
		}
	}
	fill16 := func(o pending, at int) bool {
		if at-o.from > 0xFFFF {
			return false
		}
		be.PutUint16(out[o.at:], uint16(at-o.from))
		return true
	}
	if ext {
		// Each lookup points to 8-byte extension subtables, which point
		// (32-bit) to the subtables.
		for k, o := range offs {
			if !fill16(o, len(out)) {
				return nil, errOverflow
			}
			offs[k] = pending{len(out) + 4, len(out), o.typ}
			out = be.AppendUint16(out, 1)
			out = be.AppendUint16(out, uint16(o.typ))
			out = be.AppendUint32(out, 0)
		}
	}
	for k, o := range offs {
		for len(out)%2 != 0 {
			out = append(out, 0)
		}
		if ext {
			be.PutUint32(out[o.at:], uint32(len(out)-o.from))
		} else if !fill16(o, len(out)) {
			return nil, errOverflow
		}
		out = append(out, all[k]...)
	}
	return out, nil
}
