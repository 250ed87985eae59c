package pdf

import (
	"math"
	"sort"

	"github.com/warraq/warraq/export/text"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// table sets a GFM table across the column: columns in the reading direction
// (the first on the right in a right-to-left article), cells wrapped, rules
// between rows, and the header row repeated on every page the table reaches.
func (bd *builder) table(t *east.Table, c ctx) {
	before := bd.spacing(prevBlock, c)
	size := c.size * 0.88
	lead := size * 1.45
	padX, padY := size*0.6, size*0.3
	ncol := len(t.Alignments)
	var cells [][]ast.Node
	var header []bool
	for r := t.FirstChild(); r != nil; r = r.NextSibling() {
		var row []ast.Node
		for cell := r.FirstChild(); cell != nil; cell = cell.NextSibling() {
			row = append(row, cell)
		}
		if len(row) > ncol {
			ncol = len(row)
		}
		cells = append(cells, row)
		_, isHead := r.(*east.TableHeader)
		header = append(header, isHead)
	}
	if ncol == 0 || len(cells) == 0 {
		return
	}
	style := func(head bool) text.Style {
		return text.Style{Role: text.Body, Bold: head, Size: size, Color: c.color}
	}
	// Natural widths: each cell set on one line.
	segsOf := make([][][]seg, len(cells))
	natural := make([]float64, ncol)
	for i, row := range cells {
		segsOf[i] = make([][]seg, ncol)
		for j, cell := range row {
			segs := bd.inline(cell, style(header[i]))
			if n := len(segs); n > 0 && j < len(row)-1 {
				// A space after the cell's text: extractors that join the
				// cells of a row by position then read separate words.
				segs[n-1].add(" ", style(header[i]), -1)
			}
			segsOf[i][j] = segs
			for _, sg := range segs {
				blk := bd.e.Layout(text.Paragraph{Spans: sg.spans, Dir: bd.dir, Lang: bd.lang, Align: text.Start}, 1e5)
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
	if bd.dir == text.RTL {
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
	if bd.dir == text.RTL {
		left, right = bd.leftOf(c)+bd.width(c)-tableW, bd.leftOf(c)+bd.width(c)
	}
	var head *row
	var out []*row
	for i := range cells {
		r := &row{}
		type cellLines struct {
			blk  text.Block
			col  int
			keep bool
		}
		var laid []cellLines
		maxLines := 1
		for j := range cells[i] {
			align := cellAlign(t, j, bd.dir)
			n := 0
			for _, sg := range segsOf[i][j] {
				blk := bd.layout(sg.spans, align, 0, widths[j]-2*padX, bd.dir, bd.lang, sg.offs)
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
				for _, run := range l.Runs {
					if nt := bd.notes[run.Style.Tag]; run.Style.Tag > 0 && nt != nil && !hasNote(r.notes, nt) {
						r.notes = append(r.notes, nt)
					}
				}
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
	if len(out) > 0 {
		out[0].before = before
	}
	bd.rows = append(bd.rows, out...)
	bd.prev = prevBlock
}

// cellAlign maps a GFM column alignment, which names physical sides, to the
// engine's start/end alignment in direction dir.
func cellAlign(t *east.Table, col int, dir text.Direction) text.Align {
	if col >= len(t.Alignments) {
		return text.Start
	}
	switch t.Alignments[col] {
	case east.AlignCenter:
		return text.Center
	case east.AlignLeft:
		if dir == text.RTL {
			return text.End
		}
		return text.Start
	case east.AlignRight:
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
