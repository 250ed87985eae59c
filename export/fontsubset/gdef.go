package fontsubset

import "fmt"

// gdef writes GDEF for the subset: glyph classes, mark attachment classes
// and mark glyph sets, which lookups consult to skip marks. The attachment
// point and ligature caret lists are left out: no shaper reads them.
func (p *plan) gdef() ([]byte, error) {
	t := p.s.tables["GDEF"]
	minor := t.u16(2)
	if minor >= 3 && len(t) >= 18 && t.u32(14) != 0 {
		return nil, fmt.Errorf("%w: GDEF item variation store (a variable font)", ErrUnsupported)
	}
	n := &node{}
	n.u16(1)
	sets := minor >= 2 && len(t) >= 14 && t.u16(12) != 0
	if sets {
		n.u16(2)
	} else {
		n.u16(0)
	}
	classDef := func(at int) {
		if c := t.at16(at); c != nil {
			n.off16(p.classNode(p.classesAt(c)))
		} else {
			n.u16(0)
		}
	}
	classDef(4)
	n.u16(0)
	n.u16(0)
	classDef(10)
	if sets {
		ms := t.sub(t.u16(12))
		m := &node{}
		m.u16(1)
		m.u16(ms.u16(2))
		for i := range ms.u16(2) {
			var glyphs []int
			for _, g := range coverage(ms.sub(ms.u32(4 + 4*i))) {
				if ng, ok := p.kept(g); ok {
					glyphs = append(glyphs, ng)
				}
			}
			m.off32(coverageNode(glyphs))
		}
		n.off16(m)
	}
	return n.bytes()
}
