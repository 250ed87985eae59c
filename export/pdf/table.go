package pdf

import (
	"math"
	"sort"

	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/text"
)

// table sets a table across the column: columns in the reading direction
// (the first on the right in a right-to-left article), cells wrapped, rules
// between rows, and the header rows repeated on every page the table reaches.
func (bd *builder) table(t *doc.Table, c ctx) {
	before := bd.spacing(prevBlock, c)
	size := c.size * 0.88
	lead := size * 1.45
	padX, padY := size*0.6, size*0.3
	ncol := len(t.Columns)
	var cells [][]*doc.Cell
	var header []bool
	for _, rows := range [][]*doc.Row{t.Head, t.Body} {
		for _, r := range rows {
			ncol = max(ncol, len(r.Cells))
			cells = append(cells, r.Cells)
			header = append(header, len(header) < len(t.Head))
		}
	}
	if ncol == 0 || len(cells) == 0 {
		return
	}
	style := func(head bool) text.Style {
		return text.Style{Role: text.Body, Bold: head, Size: size, Color: c.color}
	}
	cc := c
	cc.size, cc.lead = size, lead
	// Natural widths: each cell set on one line.
	segsOf := make([][][]seg, len(cells))
	natural := make([]float64, ncol)
	for i, row := range cells {
		segsOf[i] = make([][]seg, ncol)
		for j, cell := range row {
			segs := bd.inline(cell.Content, style(header[i]), cc)
			if n := len(segs); n > 0 && j < len(row)-1 {
				// A space after the cell's text: extractors that join the
				// cells of a row by position then read separate words.
				segs[n-1].add(" ", style(header[i]))
			}
			segsOf[i][j] = segs
			for _, sg := range segs {
				blk := bd.layout(sg, text.Start, 0, 1e5, cc)
				for k := range blk.Lines {
					a, b := lineExtent(&blk.Lines[k])
					if w := b - a + 2*padX; w > natural[j] {
						natural[j] = w
					}
				}
			}
		}
	}
	widths := fitColumns(natural, bd.width(c), size*3)
	// Column j's left edge, from the text block's left: the first column takes
	// the start side.
	colX := make([]float64, ncol)
	x := bd.leftOf(c)
	if c.dir == text.RTL {
		x += bd.width(c)
		for j := 0; j < ncol; j++ {
			x -= widths[j]
			colX[j] = x
		}
	} else {
		for j := 0; j < ncol; j++ {
			colX[j] = x
			x += widths[j]
		}
	}
	tableW := 0.0
	for _, w := range widths {
		tableW += w
	}
	left, right := bd.leftOf(c), bd.leftOf(c)+tableW
	if c.dir == text.RTL {
		left, right = bd.leftOf(c)+bd.width(c)-tableW, bd.leftOf(c)+bd.width(c)
	}
	var head *row
	var out []*row
	for i := range cells {
		r := &row{}
		type cellLines struct {
			blk text.Block
			col int
		}
		var laid []cellLines
		maxLines := 1
		for j := range cells[i] {
			align := cellAlign(t, j, c.dir)
			n := 0
			for _, sg := range segsOf[i][j] {
				blk := bd.layout(sg, align, 0, widths[j]-2*padX, cc)
				laid = append(laid, cellLines{blk: blk, col: j})
				n += len(blk.Lines)
			}
			if n > maxLines {
				maxLines = n
			}
		}
		r.h = float64(maxLines)*lead + 2*padY
		if header[i] {
			r.els = append(r.els, el{kind: elRect, x: left, y: 0, w: right - left, h: r.h, color: tint})
		}
		lineNo := map[int]int{}
		for _, cl := range laid {
			for k := range cl.blk.Lines {
				l := &cl.blk.Lines[k]
				asc, desc := metrics(l, size)
				y := padY + float64(lineNo[cl.col])*lead + (lead-(asc+desc))/2 + asc
				lineNo[cl.col]++
				r.els = append(r.els, el{kind: elText, x: colX[cl.col] + padX, y: y, line: l})
				bd.noteRefs(r, l)
			}
		}
		if header[i] || i == 0 {
			r.els = append(r.els, el{kind: elLine, x: left, y: 0, w: right, h: 0, width: 0.9, color: ruleCol})
		}
		wid := 0.4
		if header[i] || i == len(cells)-1 {
			wid = 0.9
		}
		r.els = append(r.els, el{kind: elLine, x: left, y: r.h, w: right, h: r.h, width: wid, color: ruleCol})
		if header[i] {
			r.keep = true
			head = r
		} else {
			r.head = head
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		return
	}
	out[0].before = before
	// Two body rows at least on either side of a page break, so a totals
	// row never goes alone under a repeated header.
	nb := len(t.Body)
	if nb >= 2 {
		out[len(out)-2].keep = true
	}
	if nb >= 3 {
		out[len(out)-nb].keep = true
	}
	// A table that fits on a page floats whole to the next page's top when
	// it does not fit in the room left, unless the text before is tied to
	// it (a heading or a lead-in): then it splits instead.
	h := 0.0
	for _, r := range out {
		h += r.h
	}
	if h <= bd.s.TextH*0.8 && !c.note {
		out[0].float = len(out)
	}
	bd.rows = append(bd.rows, out...)
	bd.prev = prevBlock
}

// cellAlign maps a column alignment, which names physical sides, to the
// engine's start/end alignment in direction dir.
func cellAlign(t *doc.Table, col int, dir text.Direction) text.Align {
	if col >= len(t.Columns) {
		return text.Start
	}
	switch t.Columns[col] {
	case doc.AlignCenter:
		return text.Center
	case doc.AlignLeft:
		if dir == text.RTL {
			return text.End
		}
		return text.Start
	case doc.AlignRight:
		if dir == text.RTL {
			return text.Start
		}
		return text.End
	}
	return text.Start
}

// fitColumns shares total among columns: when the natural widths fit they are
// stretched in proportion; otherwise narrow columns keep their width and the
// rest share what is left equally (water filling), none below min.
func fitColumns(natural []float64, total, min float64) []float64 {
	n := len(natural)
	w := make([]float64, n)
	sum := 0.0
	for _, v := range natural {
		sum += v
	}
	if sum <= total && sum > 0 {
		// A narrow table gets some air but is not stretched across the page,
		// which would part its columns; it stands at the start side.
		target := math.Min(total, math.Max(sum*1.4, total*0.6))
		for i, v := range natural {
			w[i] = v * target / sum
		}
		return w
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return natural[idx[a]] < natural[idx[b]] })
	left := total
	for k, i := range idx {
		share := left / float64(n-k)
		v := natural[i]
		if v < min {
			v = min
		}
		if v > share {
			v = share
		}
		w[i] = v
		left -= v
	}
	return w
}
