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
//
// A table too wide for the column is set in smaller type, down to
// minTableScale of its size; if its columns still cannot each have
// minColumnEms, it is set in groups of consecutive columns, one under the
// other, each with its header rows: 500 columns used to overprint into one
// illegible block.
func (bd *builder) table(t *doc.Table, c ctx) {
	before := bd.spacing(prevBlock, c)
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
	tt := &tableLayout{bd: bd, t: t, c: c, cells: cells, header: header}
	base := c.size * 0.88
	all := make([]int, ncol)
	for j := range all {
		all[j] = j
	}
	natural := tt.natural(all, base)
	size, groups := fitTable(natural, bd.width(c), base)
	for i, cols := range groups {
		if size != base || len(groups) > 1 {
			natural = tt.natural(cols, size)
		}
		tt.tag = bd.cur.add("Table")
		rows := tt.rows(cols, size, natural)
		if len(rows) == 0 {
			continue
		}
		rows[0].before = before
		if i > 0 {
			rows[0].before = bd.s.Paragr
		}
		bd.keepTable(rows, len(t.Body), c)
		bd.rows = append(bd.rows, rows...)
	}
	bd.prev = prevBlock
}

// keepTable ties a table's rows for the paginator: two body rows at least
// on either side of a page break, so a totals row never goes alone under a
// repeated header; and a table that fits on a page floats whole to the next
// page's top when it does not fit in the room left, unless the text before
// is tied to it (a heading or a lead-in): then it splits instead.
func (bd *builder) keepTable(rows []*row, body int, c ctx) {
	if body >= 2 {
		rows[len(rows)-2].keep = true
	}
	if body >= 3 && body <= len(rows) {
		rows[len(rows)-body].keep = true
	}
	h := 0.0
	for _, r := range rows {
		h += r.h
	}
	if h <= bd.s.TextH*0.8 && !c.note {
		rows[0].float = len(rows)
	}
}

// Wide tables: type is made smaller down to this share of a table's size,
// and a column is never narrower than this many ems of it.
const (
	minTableScale = 0.7
	minColumnEms  = 3.0
)

// fitTable returns the type size a table with these natural column widths
// (at size) is set in across width, and its columns in the groups set one
// under the other: one group unless the columns cannot each have their
// least width at the smallest size. Then consecutive columns are packed
// into groups with their natural widths where they fit, so that a column
// of short entries is not broken inside them.
func fitTable(natural []float64, width, size float64) (float64, [][]int) {
	sum := 0.0
	for _, w := range natural {
		sum += w
	}
	scale := 1.0
	if sum > width {
		scale = max(width/sum, minTableScale)
	}
	size *= scale
	minCol := size * minColumnEms
	all := make([]int, len(natural))
	for j := range all {
		all[j] = j
	}
	if float64(len(natural))*minCol <= width {
		return size, [][]int{all}
	}
	var groups [][]int
	used := width // of the group being filled
	for j, w := range natural {
		want := min(max(w*scale, minCol), width/2)
		if used+want > width {
			groups = append(groups, nil)
			used = 0
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], j)
		used += want
	}
	return size, groups
}

// tableLayout is one table being set.
type tableLayout struct {
	bd     *builder
	t      *doc.Table
	c      ctx
	cells  [][]*doc.Cell // rows of cells, header rows first
	tag    *snode        // the Table element of the columns being laid out
	header []bool        // whether each row is a header row

	segsSize  float64
	segsCache [][][]seg
}

func (tt *tableLayout) style(head bool, size float64) text.Style {
	return text.Style{Role: text.Body, Bold: head, Size: size, Color: tt.c.color}
}

// segs are the cells of every row as segments at size (laid out once a
// size: a wide table is measured at its first size and set at another).
func (tt *tableLayout) segs(size float64) [][][]seg {
	if tt.segsSize == size && tt.segsCache != nil {
		return tt.segsCache
	}
	cc := tt.c
	cc.size, cc.lead = size, size*1.45
	out := make([][][]seg, len(tt.cells))
	for i, row := range tt.cells {
		out[i] = make([][]seg, len(row))
		st := tt.style(tt.header[i], size)
		for j, cell := range row {
			segs := tt.bd.inline(cell.Content, st, cc)
			if n := len(segs); n > 0 && j < len(row)-1 {
				// A space after the cell's text: extractors that join the
				// cells of a row by position then read separate words.
				segs[n-1].add(" ", st)
			}
			out[i][j] = segs
		}
	}
	tt.segsSize, tt.segsCache = size, out
	return out
}

// cellSegs are the segments of row i's cell in column j, if it has one.
func cellSegs(segs [][][]seg, i, j int) []seg {
	if j < len(segs[i]) {
		return segs[i][j]
	}
	return nil
}

// natural is the width of each of the columns cols with every cell set on
// one line at size.
func (tt *tableLayout) natural(cols []int, size float64) []float64 {
	cc := tt.c
	cc.size, cc.lead = size, size*1.45
	padX := size * 0.6
	segs := tt.segs(size)
	natural := make([]float64, len(cols))
	for i := range tt.cells {
		for k, j := range cols {
			for _, sg := range cellSegs(segs, i, j) {
				blk := tt.bd.layout(sg, text.Start, 0, 1e5, cc)
				for l := range blk.Lines {
					a, b := lineExtent(&blk.Lines[l])
					natural[k] = max(natural[k], b-a+2*padX)
				}
			}
		}
	}
	return natural
}

// rows lays out the columns cols of the table at size, whose natural
// widths are natural: one row of the page for each of the table's.
func (tt *tableLayout) rows(cols []int, size float64, natural []float64) []*row {
	bd, c, t := tt.bd, tt.c, tt.t
	lead := size * 1.45
	padX, padY := size*0.6, size*0.3
	cc := c
	cc.size, cc.lead = size, lead
	widths := fitColumns(natural, bd.width(c), size*minColumnEms)
	segs := tt.segs(size)
	// Column k's left edge, from the text block's left: the first column
	// takes the start side.
	colX := make([]float64, len(cols))
	x := bd.leftOf(c)
	if c.dir == text.RTL {
		x += bd.width(c)
		for k := range cols {
			x -= widths[k]
			colX[k] = x
		}
	} else {
		for k := range cols {
			colX[k] = x
			x += widths[k]
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
	var thead, tbody *snode
	for i := range tt.cells {
		r := &row{}
		var tr *snode
		cellKind := "TD"
		switch {
		case tt.header[i]:
			if thead == nil {
				thead = tt.tag.add("THead")
			}
			tr, cellKind = thead.add("TR"), "TH"
		default:
			if tbody == nil {
				tbody = tt.tag.add("TBody")
			}
			tr = tbody.add("TR")
		}
		cellTags := make([]*snode, len(cols))
		for k := range cols {
			cellTags[k] = tr.add(cellKind)
			if cellKind == "TH" {
				cellTags[k].scope = "Column"
			}
		}
		type cellLines struct {
			blk text.Block
			col int
		}
		var laid []cellLines
		maxLines := 1
		for k, j := range cols {
			align := cellAlign(t, j, c.dir)
			n := 0
			for _, sg := range cellSegs(segs, i, j) {
				blk := bd.layout(sg, align, 0, widths[k]-2*padX, cc)
				laid = append(laid, cellLines{blk: blk, col: k})
				n += len(blk.Lines)
			}
			maxLines = max(maxLines, n)
		}
		r.h = float64(maxLines)*lead + 2*padY
		if tt.header[i] {
			r.els = append(r.els, el{kind: elRect, x: left, y: 0, w: right - left, h: r.h, color: tint})
		}
		lineNo := map[int]int{}
		for _, cl := range laid {
			for k := range cl.blk.Lines {
				l := &cl.blk.Lines[k]
				asc, desc := metrics(l, size)
				y := padY + float64(lineNo[cl.col])*lead + (lead-(asc+desc))/2 + asc
				lineNo[cl.col]++
				r.els = append(r.els, el{kind: elText, x: colX[cl.col] + padX, y: y, line: l, tag: cellTags[cl.col]})
				bd.noteRefs(r, l)
			}
		}
		if tt.header[i] || i == 0 {
			r.els = append(r.els, el{kind: elLine, x: left, y: 0, w: right, h: 0, width: 0.9, color: bd.s.Colors.Rules})
		}
		wid := 0.4
		if tt.header[i] || i == len(tt.cells)-1 {
			wid = 0.9
		}
		r.els = append(r.els, el{kind: elLine, x: left, y: r.h, w: right, h: r.h, width: wid, color: bd.s.Colors.Rules})
		if tt.header[i] {
			r.keep = true
			head = r
		} else {
			r.head = head
		}
		out = append(out, r)
	}
	return out
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
