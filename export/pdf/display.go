package pdf

import (
	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/text"
)

// pullQuote sets a pull quote large and centred between two short rules,
// its lines balanced, kept whole on one page.
func (bd *builder) pullQuote(q *doc.Quote, c ctx) {
	before := max(bd.spacing(prevBlock, c), c.lead*0.6)
	in := c
	in.start += c.size * 2
	in.end += c.size * 2
	in.size = c.size * 1.3
	in.lead = in.size * 1.5
	in.color = [3]float64{0.24, 0.21, 0.16}
	rule := func(before float64) *row {
		r := &row{h: c.lead * 0.7, before: before, keep: true}
		x, w := bd.leftOf(c), bd.width(c)
		r.els = []el{{kind: elLine, x: x + w*0.3, y: r.h / 2, w: x + w*0.7, h: r.h / 2, width: 0.6, color: bd.s.Colors.Rules}}
		return r
	}
	k := len(bd.rows)
	bd.rows = append(bd.rows, rule(before))
	st := text.Style{Role: text.Body, Size: in.size, Color: in.color}
	gap := 0.0
	bd.within("BlockQuote", func(*snode) {
		for _, b := range q.Blocks {
			p, ok := b.(*doc.Paragraph)
			if !ok {
				bd.prev = prevBlock
				bd.block(b, in)
				continue
			}
			bd.open("P")
			bd.inBlock, bd.words = p, 0 // counted as the XHTML counts a paragraph (pages.go)
			for _, sg := range bd.inline(p.Content, st, in) {
				bd.lines(bd.display(sg, text.Center, bd.width(in), in), in, gap, true)
				gap = 0
			}
			bd.leaf = nil
			gap = in.lead * 0.4
		}
	})
	bd.rows = append(bd.rows, rule(0))
	for _, r := range bd.rows[k : len(bd.rows)-1] {
		r.keep = true // a pull quote is never split
	}
	bd.rows[len(bd.rows)-1].keep = false
	bd.prev = prevBlock
}

// verse sets verse a bayt to a row: its two hemistichs side by side in
// boxes of one width (the widest hemistich's, at most half the column less
// the gap between them), the first on the reading direction's start side,
// each justified to fill its box (with kashida, when the book has it) when
// it is nearly as wide, centred otherwise. A bayt whose hemistich is too
// wide for half the column steps: the first at the start, the second at the
// end of the next row. A line of one hemistich is centred. A stanza of up
// to maxWholeCode lines stays whole; a longer one keeps two lines at either
// end of a page.
func (bd *builder) verse(v *doc.Verse, c ctx) {
	st := text.Style{Role: text.Body, Size: c.size, Color: c.color}
	w, x0 := bd.width(c), bd.leftOf(c)
	gap := max(c.size*2, w*0.08)
	type hemi struct {
		sg  seg
		nat float64
	}
	widest := 0.0
	lines := make([][][]hemi, len(v.Stanzas))
	for i, stz := range v.Stanzas {
		for _, l := range stz {
			var hs []hemi
			for _, h := range l.Hemistichs {
				for _, sg := range bd.inline(h, st, c) {
					nat := 0.0
					if blk := bd.layout(sg, text.Start, 0, 1e5, c); len(blk.Lines) > 0 {
						nat = blk.Lines[0].Width
					}
					hs = append(hs, hemi{sg, nat})
					if len(l.Hemistichs) == 2 {
						widest = max(widest, nat)
					}
				}
			}
			lines[i] = append(lines[i], hs)
		}
	}
	box := min(widest, (w-gap)/2)
	left := x0 + (w-2*box-gap)/2 // the left box's left edge
	boxX := [2]float64{left + box + gap, left}
	if c.dir == text.LTR {
		boxX = [2]float64{left, left + box + gap}
	}
	before := bd.spacing(prevBlock, c)
	outer := bd.cur
	defer func() { bd.cur, bd.leaf = outer, nil }()
	bd.cur = outer.add("Div") // the poem; a P for each line
	for _, stz := range lines {
		k := len(bd.rows)
		for _, hs := range stz {
			bd.open("P")
			r := &row{}
			switch {
			case len(hs) == 2 && hs[0].nat <= box+0.01 && hs[1].nat <= box+0.01:
				for j, h := range hs {
					align := text.Center
					if h.nat >= box*0.85 {
						align = text.JustifyAll
					}
					blk := bd.layout(h.sg, align, 0, box, c)
					bd.addLines(r, blk, boxX[j], c)
				}
			case len(hs) == 2:
				// Too wide to stand side by side: the first at the start,
				// the second at the end.
				bd.lines(bd.layout(hs[0].sg, text.Start, 0, w, c), c, 0, true)
				bd.lines(bd.layout(hs[1].sg, text.End, 0, w, c), c, 0, true)
				continue
			default:
				for _, h := range hs {
					bd.addLines(r, bd.layout(h.sg, text.Center, 0, w, c), x0, c)
				}
			}
			bd.rows = append(bd.rows, r)
		}
		rows := bd.rows[k:]
		if len(rows) == 0 {
			continue
		}
		rows[0].before = before
		before = c.lead * 0.5
		for i, r := range rows {
			r.keep = i < len(rows)-1 && (len(rows) <= maxWholeCode || i == 0 || i == len(rows)-2)
		}
	}
	bd.prev = prevBlock
}

// addLines puts the first line of blk into row r at x (from the text
// block's left), on a baseline shared with what r already holds, and sets
// r's height; a hemistich is one line.
func (bd *builder) addLines(r *row, blk text.Block, x float64, c ctx) {
	if len(blk.Lines) == 0 {
		return
	}
	l := &blk.Lines[0]
	asc, desc := metrics(l, c.size)
	h := max(c.lead, asc+desc, r.h)
	r.h = h
	base := (h-(asc+desc))/2 + asc
	for i := range r.els {
		r.els[i].y = max(r.els[i].y, base)
		base = r.els[i].y
	}
	r.els = append(r.els, el{kind: elText, x: x, y: base, line: l, tag: bd.leafTag()})
	bd.noteRefs(r, l)
	if at := bd.textAt(l); !r.at.ok {
		r.at = at
	}
}
