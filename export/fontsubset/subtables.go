package fontsubset

import (
	"math/bits"
	"unsafe"
)

// subtables returns lookup lk's subtables cut down to the kept glyphs;
// those with nothing left are gone. remap renumbers the lookups that
// contextual rules call.
func (p *plan) subtables(lk lookup, gpos bool, remap func(int) (int, bool)) []*node {
	var out []*node
	for _, st := range lk.subs {
		var n *node
		if ok, chained := isContext(lk.typ, gpos); ok {
			n = p.context(st, chained, remap)
		} else if gpos {
			n = p.positioning(lk.typ, st)
		} else {
			n = p.substitution(lk.typ, st)
		}
		if n != nil {
			out = append(out, n)
		}
	}
	return out
}

// substitution cuts down a GSUB subtable other than a contextual one.
func (p *plan) substitution(typ int, st rd) *node {
	cov := coverage(st.at16(2))
	var glyphs []int
	var children []*node
	switch typ {
	case 1:
		var subst []int
		for i, g := range cov {
			s := 0
			if st.u16(0) == 1 {
				s = (g + st.i16(4)) & 0xFFFF
			} else {
				s = st.u16(6 + 2*i)
			}
			ng, ok1 := p.kept(g)
			ns, ok2 := p.kept(s)
			if ok1 && ok2 {
				glyphs, subst = append(glyphs, ng), append(subst, ns)
			}
		}
		if len(glyphs) == 0 {
			return nil
		}
		n := &node{}
		n.u16(2)
		n.off16(coverageNode(glyphs))
		n.u16(len(subst))
		for _, s := range subst {
			n.u16(s)
		}
		return n
	case 2, 3:
		for i, g := range cov {
			ng, ok := p.kept(g)
			if !ok {
				continue
			}
			seq := st.sub(st.u16(6 + 2*i))
			var out []int
			all := true
			for j := range seq.u16(0) {
				if s, ok := p.kept(seq.u16(2 + 2*j)); ok {
					out = append(out, s)
				} else {
					all = false
				}
			}
			if (typ == 2 && !all) || len(out) == 0 {
				continue
			}
			c := &node{}
			c.u16(len(out))
			for _, s := range out {
				c.u16(s)
			}
			glyphs, children = append(glyphs, ng), append(children, c)
		}
	case 4:
		for i, g := range cov {
			ng, ok := p.kept(g)
			if !ok {
				continue
			}
			set := st.sub(st.u16(6 + 2*i))
			var ligs []*node
			for j := range set.u16(0) {
				lig := set.sub(set.u16(2 + 2*j))
				comps := make([]int, max(lig.u16(2)-1, 0))
				for k := range comps {
					comps[k] = lig.u16(4 + 2*k)
				}
				nl, ok1 := p.kept(lig.u16(0))
				nc, ok2 := p.keptList(comps)
				if !ok1 || !ok2 {
					continue
				}
				c := &node{}
				c.u16(nl)
				c.u16(len(nc) + 1)
				for _, x := range nc {
					c.u16(x)
				}
				ligs = append(ligs, c)
			}
			if len(ligs) == 0 {
				continue
			}
			s := &node{}
			s.u16(len(ligs))
			for _, l := range ligs {
				s.off16(l)
			}
			glyphs, children = append(glyphs, ng), append(children, s)
		}
	case 8:
		return p.reverseChain(st)
	default:
		panic(malformed{"GSUB lookup type"})
	}
	if len(glyphs) == 0 {
		return nil
	}
	n := &node{}
	n.u16(1)
	n.off16(coverageNode(glyphs))
	n.u16(len(children))
	for _, c := range children {
		n.off16(c)
	}
	return n
}

// reverseChain cuts down a reverse chaining single substitution.
func (p *plan) reverseChain(st rd) *node {
	bt := st.u16(4)
	la := st.u16(6 + 2*bt)
	at := 8 + 2*bt + 2*la
	var glyphs, subst []int
	for i, g := range coverage(st.at16(2)) {
		ng, ok1 := p.kept(g)
		ns, ok2 := p.kept(st.u16(at + 2*i))
		if ok1 && ok2 {
			glyphs, subst = append(glyphs, ng), append(subst, ns)
		}
	}
	if len(glyphs) == 0 {
		return nil
	}
	n := &node{}
	n.u16(1)
	n.off16(coverageNode(glyphs))
	for _, c := range []struct{ count, at int }{{bt, 6}, {la, 8 + 2*bt}} {
		n.u16(c.count)
		for i := range c.count {
			cn := p.filteredCoverage(st.sub(st.u16(c.at + 2*i)))
			if cn == nil {
				return nil
			}
			n.off16(cn)
		}
	}
	n.u16(len(subst))
	for _, s := range subst {
		n.u16(s)
	}
	return n
}

// rule is one rule of a contextual subtable: the glyphs or classes before
// (backtrack), of (input, less the first) and after (lookahead) the match,
// and the lookups it calls as (sequence index, lookup) pairs.
type rule struct {
	bt, in, la []int
	recs       [][2]int
}

func parseRule(r rd, chained bool) rule {
	var x rule
	at := 0
	list := func(n int) []int {
		out := make([]int, n)
		for i := range out {
			out[i] = r.u16(at + 2*i)
		}
		at += 2 * n
		return out
	}
	if chained {
		n := r.u16(at)
		at += 2
		x.bt = list(n)
	}
	n := r.u16(at)
	at += 2
	recCount := 0
	if !chained {
		recCount = r.u16(at)
		at += 2
	}
	x.in = list(max(n-1, 0))
	if chained {
		n := r.u16(at)
		at += 2
		x.la = list(n)
		recCount = r.u16(at)
		at += 2
	}
	for i := range recCount {
		x.recs = append(x.recs, [2]int{r.u16(at + 4*i), r.u16(at + 4*i + 2)})
	}
	return x
}

func (x rule) node(chained bool, remap func(int) (int, bool)) *node {
	var recs [][2]int
	for _, r := range x.recs {
		if l, ok := remap(r[1]); ok {
			recs = append(recs, [2]int{r[0], l})
		}
	}
	n := &node{}
	list := func(l []int) {
		for _, v := range l {
			n.u16(v)
		}
	}
	if chained {
		n.u16(len(x.bt))
		list(x.bt)
		n.u16(len(x.in) + 1)
		list(x.in)
		n.u16(len(x.la))
		list(x.la)
		n.u16(len(recs))
	} else {
		n.u16(len(x.in) + 1)
		n.u16(len(recs))
		list(x.in)
	}
	for _, r := range recs {
		n.u16(r[0])
		n.u16(r[1])
	}
	return n
}

// contextFormat says where a contextual subtable's parts are.
type contextFormat struct {
	classDefs []int // offsets of the class definitions (format 2)
	sets      int   // offset of the rule set count
}

func contextLayout(format int, chained bool) contextFormat {
	switch {
	case format == 1:
		return contextFormat{sets: 4}
	case format == 2 && chained:
		return contextFormat{classDefs: []int{4, 6, 8}, sets: 10}
	case format == 2:
		return contextFormat{classDefs: []int{4}, sets: 6}
	}
	return contextFormat{}
}

// contextRules lists the rules of a contextual subtable of format 1 or 2,
// or the lookups of a format 3 one as a single rule.
func contextRules(st rd, chained bool) []rule {
	if st.u16(0) == 3 {
		return []rule{format3(st, chained).rule}
	}
	cf := contextLayout(st.u16(0), chained)
	var out []rule
	for i := range st.u16(cf.sets) {
		set := st.at16(cf.sets + 2 + 2*i)
		if set == nil {
			continue
		}
		for j := range set.u16(0) {
			out = append(out, parseRule(set.sub(set.u16(2+2*j)), chained))
		}
	}
	return out
}

// context cuts down a (chained) contextual subtable: rules that name a
// dropped glyph can never match and go; rules by class stay as they are,
// with the class definitions cut down.
func (p *plan) context(st rd, chained bool, remap func(int) (int, bool)) *node {
	format := st.u16(0)
	if format == 3 {
		return p.contextFormat3(st, chained, remap)
	}
	if format != 1 && format != 2 {
		panic(malformed{"contextual subtable format"})
	}
	cf := contextLayout(format, chained)
	cov := coverage(st.at16(2))
	// For format 2, the classes some kept glyph has: a rule that asks for
	// another can no longer match. Class 0 (every glyph not listed) stays.
	var present []map[int]bool
	for _, at := range cf.classDefs {
		present = append(present, p.presentClasses(p.classesAt(st.at16(at))))
	}
	classesPresent := func(list []int, def int) bool {
		for _, c := range list {
			if !present[def][c] {
				return false
			}
		}
		return true
	}
	// The kept glyphs of each input class (format 2), for deadRule.
	var byClass map[int][]int
	if format == 2 && p.singles != nil {
		def := p.classesAt(st.at16(cf.classDefs[len(cf.classDefs)/2]))
		byClass = map[int][]int{}
		for g := range p.glyphs {
			if p.keep[g] {
				byClass[def.of(g)] = append(byClass[def.of(g)], g)
			}
		}
	}
	// setNode cuts down the rules that start with one of first's glyphs.
	setNode := func(set rd, first []int) *node {
		var rules []*node
		for j := range set.u16(0) {
			r := parseRule(set.sub(set.u16(2+2*j)), chained)
			at := func(pos int) []int {
				switch {
				case pos == 0:
					return first
				case pos > len(r.in):
					return nil
				case format == 1:
					return []int{r.in[pos-1]}
				}
				return byClass[r.in[pos-1]]
			}
			if p.deadRule(r.recs, at) {
				continue
			}
			if format == 2 {
				in := len(present) / 2
				if !classesPresent(r.bt, 0) || !classesPresent(r.in, in) || !classesPresent(r.la, len(present)-1) {
					continue
				}
			}
			if format == 1 {
				var ok [3]bool
				r.bt, ok[0] = p.keptList(r.bt)
				r.in, ok[1] = p.keptList(r.in)
				r.la, ok[2] = p.keptList(r.la)
				if !ok[0] || !ok[1] || !ok[2] {
					continue
				}
			}
			rules = append(rules, r.node(chained, remap))
		}
		if len(rules) == 0 {
			return nil
		}
		n := &node{}
		n.u16(len(rules))
		for _, r := range rules {
			n.off16(r)
		}
		return n
	}
	n := &node{}
	n.u16(format)
	if format == 1 {
		var glyphs []int
		var sets []*node
		for i, g := range cov {
			ng, ok := p.kept(g)
			if !ok {
				continue
			}
			set := st.at16(cf.sets + 2 + 2*i)
			if set == nil {
				continue
			}
			if s := setNode(set, []int{g}); s != nil {
				glyphs, sets = append(glyphs, ng), append(sets, s)
			}
		}
		if len(glyphs) == 0 {
			return nil
		}
		n.off16(coverageNode(glyphs))
		n.u16(len(sets))
		for _, s := range sets {
			n.off16(s)
		}
		return n
	}
	c := p.filteredCoverage(st.at16(2))
	if c == nil {
		return nil
	}
	n.off16(c)
	for _, at := range cf.classDefs {
		n.off16(p.classNode(p.classesAt(st.at16(at))))
	}
	def := p.classesAt(st.at16(cf.classDefs[len(cf.classDefs)/2]))
	first := map[int][]int{}
	for _, g := range cov {
		if _, ok := p.kept(g); ok {
			first[def.of(g)] = append(first[def.of(g)], g)
		}
	}
	count := st.u16(cf.sets)
	n.u16(count)
	for i := range count {
		if set := st.at16(cf.sets + 2 + 2*i); set != nil && present[len(present)/2][i] {
			n.off16(setNode(set, first[i]))
		} else {
			n.u16(0)
		}
	}
	return n
}

// ctx3 is a format 3 contextual subtable: a coverage per position.
type ctx3 struct {
	bt, in, la []rd
	rule
}

func format3(st rd, chained bool) ctx3 {
	var c ctx3
	at := 2
	covs := func() []rd {
		n := st.u16(at)
		at += 2
		out := make([]rd, n)
		for i := range out {
			out[i] = st.sub(st.u16(at + 2*i))
		}
		at += 2 * n
		return out
	}
	if chained {
		c.bt = covs()
		c.in = covs()
		c.la = covs()
		n := st.u16(at)
		at += 2
		for i := range n {
			c.recs = append(c.recs, [2]int{st.u16(at + 4*i), st.u16(at + 4*i + 2)})
		}
		return c
	}
	n, recs := st.u16(2), st.u16(4)
	for i := range n {
		c.in = append(c.in, st.sub(st.u16(6+2*i)))
	}
	at = 6 + 2*n
	for i := range recs {
		c.recs = append(c.recs, [2]int{st.u16(at + 4*i), st.u16(at + 4*i + 2)})
	}
	return c
}

// deadRule reports whether a contextual rule can never have matched in the
// book's words: one of its lookups is a single substitution that, at the
// rule's position, turns every kept glyph into a glyph that is not kept. Had
// the rule matched, that glyph would have been in the buffer, and so on its
// way to a shaped glyph and kept. Such a rule goes; one that might match and
// change nothing must stay, since a rule that matches ends its lookup's
// search at that position. at gives the kept glyphs a position can hold.
func (p *plan) deadRule(recs [][2]int, at func(pos int) []int) bool {
	if p.singles == nil {
		return false
	}
	for _, r := range recs {
		m := p.singles(r[1])
		if m == nil {
			continue
		}
		glyphs := at(r[0])
		dead := len(glyphs) > 0
		for _, g := range glyphs {
			if z, ok := m.get(g); !ok || (z < p.glyphs && p.keep[z]) {
				dead = false
				break
			}
		}
		if dead {
			return true
		}
	}
	return false
}

// keptIn lists the kept glyphs of a coverage, in its order (the caller
// must not change the list).
func (p *plan) keptIn(r rd) []int {
	var key *byte
	if len(r) > 0 {
		key = unsafe.SliceData(r)
		if out, ok := p.covered[key]; ok {
			return out
		}
	}
	var out []int
	for _, g := range coverage(r) {
		if _, ok := p.kept(g); ok {
			out = append(out, g)
		}
	}
	if key != nil {
		if p.covered == nil {
			p.covered = map[*byte][]int{}
		}
		p.covered[key] = out
	}
	return out
}

func (p *plan) contextFormat3(st rd, chained bool, remap func(int) (int, bool)) *node {
	c := format3(st, chained)
	if p.deadRule(c.recs, func(pos int) []int {
		if pos < 0 || pos >= len(c.in) {
			return nil
		}
		return p.keptIn(c.in[pos])
	}) {
		return nil
	}
	var recs [][2]int
	for _, r := range c.recs {
		if l, ok := remap(r[1]); ok {
			recs = append(recs, [2]int{r[0], l})
		}
	}
	n := &node{}
	n.u16(3)
	covs := func(list []rd, count bool) bool {
		if count {
			n.u16(len(list))
		}
		for _, r := range list {
			cn := p.filteredCoverage(r)
			if cn == nil {
				return false
			}
			n.off16(cn)
		}
		return true
	}
	if chained {
		if !covs(c.bt, true) || !covs(c.in, true) || !covs(c.la, true) {
			return nil
		}
		n.u16(len(recs))
	} else {
		n.u16(len(c.in))
		n.u16(len(recs))
		if !covs(c.in, false) {
			return nil
		}
	}
	for _, r := range recs {
		n.u16(r[0])
		n.u16(r[1])
	}
	return n
}

// A ValueRecord's fields, by ValueFormat bit. Device tables (bits 4-7)
// adjust positions at given pixel sizes when hinting; the subset drops them.
func valueSize(format int) int { return 2 * bits.OnesCount16(uint16(format&0xFF)) }

func writeValue(n *node, r rd, at, format int) {
	for bit := range 4 {
		if format&(1<<bit) != 0 {
			n.u16(r.u16(at))
			at += 2
		}
	}
}

// anchor copies an Anchor table; format 3's device tables are dropped
// (format 1 is the same anchor without them).
func anchor(r rd) *node {
	if r == nil {
		return nil
	}
	n := &node{}
	switch r.u16(0) {
	case 1, 3:
		n.u16(1)
		n.u16(r.u16(2))
		n.u16(r.u16(4))
	case 2:
		n.raw(r.bytes(0, 8))
	default:
		panic(malformed{"anchor format"})
	}
	return n
}

// anchorAt is the anchor whose 16-bit offset, from base, is at off.
func anchorAt(base rd, off int) *node { return anchor(base.at16(off)) }

// positioning cuts down a GPOS subtable other than a contextual one.
func (p *plan) positioning(typ int, st rd) *node {
	switch typ {
	case 1:
		return p.singlePos(st)
	case 2:
		if st.u16(0) == 1 {
			return p.pairPos1(st)
		}
		return p.pairPos2(st)
	case 3:
		return p.cursive(st)
	case 4, 5, 6:
		return p.markPos(typ, st)
	}
	panic(malformed{"GPOS lookup type"})
}

func (p *plan) singlePos(st rd) *node {
	vf := st.u16(4)
	var glyphs, at []int
	for i, g := range coverage(st.at16(2)) {
		if ng, ok := p.kept(g); ok {
			glyphs = append(glyphs, ng)
			if st.u16(0) == 1 {
				at = append(at, 6)
			} else {
				at = append(at, 8+i*valueSize(vf))
			}
		}
	}
	if len(glyphs) == 0 {
		return nil
	}
	n := &node{}
	n.u16(st.u16(0))
	n.off16(coverageNode(glyphs))
	n.u16(vf & 0x0F)
	if st.u16(0) == 1 {
		writeValue(n, st, 6, vf)
		return n
	}
	n.u16(len(at))
	for _, a := range at {
		writeValue(n, st, a, vf)
	}
	return n
}

func (p *plan) pairPos1(st rd) *node {
	vf1, vf2 := st.u16(4), st.u16(6)
	size := 2 + valueSize(vf1) + valueSize(vf2)
	var glyphs []int
	var sets []*node
	for i, g := range coverage(st.at16(2)) {
		ng, ok := p.kept(g)
		if !ok {
			continue
		}
		set := st.sub(st.u16(10 + 2*i))
		s := &node{}
		s.u16(0)
		count := 0
		for j := range set.u16(0) {
			rec := 2 + j*size
			second, ok := p.kept(set.u16(rec))
			if !ok {
				continue
			}
			s.u16(second)
			writeValue(s, set, rec+2, vf1)
			writeValue(s, set, rec+2+valueSize(vf1), vf2)
			count++
		}
		if count == 0 {
			continue
		}
		s.put16(0, count)
		glyphs, sets = append(glyphs, ng), append(sets, s)
	}
	if len(glyphs) == 0 {
		return nil
	}
	n := &node{}
	n.u16(1)
	n.off16(coverageNode(glyphs))
	n.u16(vf1 & 0x0F)
	n.u16(vf2 & 0x0F)
	n.u16(len(sets))
	for _, s := range sets {
		n.off16(s)
	}
	return n
}

// pairPos2 cuts down class-based kerning: classes no kept glyph has are
// removed, rows and columns of the class matrix with them.
func (p *plan) pairPos2(st rd) *node {
	c := p.filteredCoverage(st.at16(2))
	if c == nil {
		return nil
	}
	vf1, vf2 := st.u16(4), st.u16(6)
	c1, c2 := st.u16(12), st.u16(14)
	def1, def2 := p.classesAt(st.at16(8)), p.classesAt(st.at16(10))
	rows, newDef1 := p.compactClasses(def1, c1)
	cols, newDef2 := p.compactClasses(def2, c2)
	n := &node{}
	n.u16(2)
	n.off16(c)
	n.u16(vf1 & 0x0F)
	n.u16(vf2 & 0x0F)
	n.off16(p.classNode(newDef1))
	n.off16(p.classNode(newDef2))
	n.u16(len(rows))
	n.u16(len(cols))
	size := valueSize(vf1) + valueSize(vf2)
	for _, r := range rows {
		for _, col := range cols {
			at := 16 + (r*c2+col)*size
			writeValue(n, st, at, vf1)
			writeValue(n, st, at+valueSize(vf1), vf2)
		}
	}
	return n
}

// compactClasses keeps class 0 and the classes (below count) some kept
// glyph has, renumbered in order: it returns the old class of each new one
// and the class definition with the new numbers.
func (p *plan) compactClasses(def classDef, count int) ([]int, classDef) {
	present := p.presentClasses(def)
	old := []int{0}
	renum := make([]uint16, max(count, 0)) // 0: not kept (new numbers start at 1)
	for c := 1; c < count; c++ {
		if present[c] {
			renum[c] = uint16(len(old))
			old = append(old, c)
		}
	}
	out := classDef{first: def.first, cls: make([]uint16, len(def.cls))}
	for i, c := range def.cls {
		if int(c) < len(renum) {
			out.cls[i] = renum[c]
		}
	}
	return old, out
}

// presentClasses are the classes of def some kept glyph has, and class 0.
func (p *plan) presentClasses(def classDef) map[int]bool {
	out := map[int]bool{0: true}
	def.each(func(g, c int) {
		if g < p.glyphs && p.keep[g] {
			out[c] = true
		}
	})
	return out
}

func (p *plan) cursive(st rd) *node {
	var glyphs []int
	var recs [][2]*node
	for i, g := range coverage(st.at16(2)) {
		if ng, ok := p.kept(g); ok {
			glyphs = append(glyphs, ng)
			recs = append(recs, [2]*node{anchorAt(st, 6+4*i), anchorAt(st, 8+4*i)})
		}
	}
	if len(glyphs) == 0 {
		return nil
	}
	n := &node{}
	n.u16(1)
	n.off16(coverageNode(glyphs))
	n.u16(len(recs))
	for _, r := range recs {
		n.off16(r[0])
		n.off16(r[1])
	}
	return n
}

// markPos cuts down mark-to-base (4), mark-to-ligature (5) and
// mark-to-mark (6) attachment: the kept marks with their anchors, and the
// kept bases, ligatures or marks with theirs, for the mark classes a kept
// mark has (renumbered).
func (p *plan) markPos(typ int, st rd) *node {
	classCount := st.u16(6)
	marks := st.sub(st.u16(8))
	markCov := coverage(st.at16(2))
	renum := map[int]int{}
	var used []int // old classes, in order
	for c := range classCount {
		for i, g := range markCov {
			if _, ok := p.kept(g); ok && marks.u16(2+4*i) == c {
				renum[c] = len(used)
				used = append(used, c)
				break
			}
		}
	}
	var markGlyphs []int
	ma := &node{}
	ma.u16(0)
	for i, g := range markCov {
		if ng, ok := p.kept(g); ok {
			markGlyphs = append(markGlyphs, ng)
			ma.u16(renum[marks.u16(2+4*i)])
			ma.off16(anchorAt(marks, 4+4*i))
		}
	}
	ma.put16(0, len(markGlyphs))
	bases := st.sub(st.u16(10))
	var baseGlyphs []int
	ba := &node{}
	ba.u16(0)
	for i, g := range coverage(st.at16(4)) {
		ng, ok := p.kept(g)
		if !ok {
			continue
		}
		baseGlyphs = append(baseGlyphs, ng)
		if typ == 5 {
			attach := bases.sub(bases.u16(2 + 2*i))
			la := &node{}
			la.u16(attach.u16(0))
			for k := range attach.u16(0) {
				for _, c := range used {
					la.off16(anchorAt(attach, 2+2*(k*classCount+c)))
				}
			}
			ba.off16(la)
			continue
		}
		for _, c := range used {
			ba.off16(anchorAt(bases, 2+2*(i*classCount+c)))
		}
	}
	ba.put16(0, len(baseGlyphs))
	if len(markGlyphs) == 0 || len(baseGlyphs) == 0 {
		return nil
	}
	n := &node{}
	n.u16(1)
	n.off16(coverageNode(markGlyphs))
	n.off16(coverageNode(baseGlyphs))
	n.u16(len(used))
	n.off16(ma)
	n.off16(ba)
	return n
}
