package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/doc"
)

// How deeply an article may nest. Deeper structure says nothing a reader
// can follow, and left alone it cost the formats dearly: blockquotes 20
// deep printed at 1 pt, raw HTML 513 deep was emptied (the HTML5 parser
// gives up at 512 open elements), and every level of it made some part of
// the pipeline scan the levels above. What is deeper is kept, its text and
// its blocks, one level up, with a warning.
const (
	// maxBlockDepth is containers of blocks: quotations, lists, raw HTML
	// divisions and definition lists, one inside another.
	maxBlockDepth = 8
	// maxInlineDepth is spans and links inside one another.
	maxInlineDepth = 16
	// maxHTMLDepth is raw HTML elements open at once in one fragment, or in
	// one paragraph's inline tags.
	maxHTMLDepth = 64
	// maxLabels is link and image labels ("[", "![") open at once in a
	// paragraph. goldmark checks each "]" against everything parsed since
	// its "[", so 100,000 nested brackets took 20 s (a 1 MB article of them
	// would take half an hour); past this depth a "[" is plain text, as it
	// is when no "]" closes it.
	maxLabels = 64
	// maxDestScan is the bytes goldmark may read, in all, looking for the
	// ends of link destinations in one paragraph. After "](" it reads to the
	// next space (or after "](<" to the next ">") before it knows whether a
	// link forms, and does so again from the next "](" when none does, so a
	// line of 80,000 "[a](" took 27 s (a 1 MB article of them, five
	// minutes). Past this budget a "]" followed by "(" is text. Real
	// paragraphs read a few kilobytes: a paragraph would need some 40,000
	// links with 100-byte addresses to reach it.
	maxDestScan = 4 << 20
	// maxOpeners is block markers (">", "-", "1.") that open blocks on one
	// line. goldmark measures each opener's column from the start of the
	// line, so a line of 100,000 "> " took 13 s; the markers past this many
	// are read as text (escaped). A line of them nests deeper than
	// maxBlockDepth anyway, and is warned about.
	maxOpeners = 32
	// maxColumns is the columns a table has before it is said to be too
	// wide: an A5 page holds 16 at the smallest type the PDF sets tables in.
	maxColumns = 16
)

// limitDepth keeps containers at most maxBlockDepth deep and spans at most
// maxInlineDepth deep, moving what is deeper up into the last container
// allowed, and warns once for each, at the first line concerned. Lists of
// blocks and inlines are rebuilt only where something moves.
func (l *lowerer) limitDepth(blocks []doc.Block) []doc.Block {
	f := flattener{l: l}
	return f.blocks(blocks, 0)
}

type flattener struct {
	l                      *lowerer
	warnedBlock, warnedTxt bool
}

// blocks limits bs, whose containers are depth deep.
func (f *flattener) blocks(bs []doc.Block, depth int) []doc.Block {
	if depth < maxBlockDepth {
		for _, b := range bs {
			f.limit(b, depth)
		}
		return bs
	}
	var out []doc.Block
	for _, b := range bs {
		if inner, ok := containerOf(b); ok {
			if !f.warnedBlock {
				f.warnedBlock = true
				f.l.diags.Warnf(diag.Limit, blockLine(b), "quotations, lists or HTML blocks nested more than %d deep: the deeper ones are set at the %dth level", maxBlockDepth, maxBlockDepth)
			}
			if dl, ok := b.(*doc.DefList); ok {
				for _, it := range dl.Items {
					it.Term = f.inlines(it.Term, 0, dl.Line)
				}
			}
			for _, bs := range inner {
				out = append(out, f.blocks(bs, depth)...)
			}
			continue
		}
		f.limit(b, depth)
		out = append(out, b)
	}
	return out
}

// containerOf returns the lists of blocks b holds when it is a container.
func containerOf(b doc.Block) ([][]doc.Block, bool) {
	switch b := b.(type) {
	case *doc.Quote:
		return [][]doc.Block{b.Blocks}, true
	case *doc.Div:
		return [][]doc.Block{b.Blocks}, true
	case *doc.List:
		inner := make([][]doc.Block, 0, len(b.Items))
		for _, it := range b.Items {
			inner = append(inner, it.Blocks)
		}
		return inner, true
	case *doc.DefList:
		var inner [][]doc.Block
		for _, it := range b.Items {
			inner = append(inner, it.Defs...)
		}
		return inner, true
	}
	return nil, false
}

// limit limits what b, depth deep, holds, in place.
func (f *flattener) limit(b doc.Block, depth int) {
	switch b := b.(type) {
	case *doc.Paragraph:
		b.Content = f.inlines(b.Content, 0, b.Line)
	case *doc.Heading:
		b.Content = f.inlines(b.Content, 0, b.Line)
	case *doc.Figure:
		b.Caption = f.inlines(b.Caption, 0, b.Line)
	case *doc.Table:
		if n := len(b.Columns); n > maxColumns {
			f.l.diags.Warnf(diag.Limit, b.Line, "a table of %d columns is wider than a page holds legibly (%d): the PDF sets it in smaller type, "+
				"and in groups of columns one under the other if it must", n, maxColumns)
		}
		for _, rows := range [][]*doc.Row{b.Head, b.Body} {
			for _, r := range rows {
				for _, c := range r.Cells {
					c.Content = f.inlines(c.Content, 0, b.Line)
				}
			}
		}
	case *doc.Quote:
		b.Blocks = f.blocks(b.Blocks, depth+1)
	case *doc.Div:
		b.Blocks = f.blocks(b.Blocks, depth+1)
	case *doc.List:
		for _, it := range b.Items {
			it.Blocks = f.blocks(it.Blocks, depth+1)
		}
	case *doc.DefList:
		for _, it := range b.Items {
			it.Term = f.inlines(it.Term, 0, b.Line)
			for i, d := range it.Defs {
				it.Defs[i] = f.blocks(d, depth+1)
			}
		}
	}
}

// inlines limits the nesting of spans and links in in; line is the
// block's, for the warning.
func (f *flattener) inlines(in []doc.Inline, depth, line int) []doc.Inline {
	if depth < maxInlineDepth {
		// No span here is replaced: the list stays as it is.
		for _, n := range in {
			switch x := n.(type) {
			case *doc.Span:
				x.Content = f.inlines(x.Content, depth+1, line)
			case *doc.Link:
				x.Content = f.inlines(x.Content, depth+1, line)
			}
		}
		return in
	}
	var out []doc.Inline
	for _, n := range in {
		var content *[]doc.Inline
		switch x := n.(type) {
		case *doc.Span:
			content = &x.Content
		case *doc.Link:
			content = &x.Content
		default:
			out = append(out, n)
			continue
		}
		if !f.warnedTxt {
			f.warnedTxt = true
			f.l.diags.Warnf(diag.Limit, line, "emphasis, links or HTML spans nested more than %d deep: the deeper ones are left out, their text kept", maxInlineDepth)
		}
		out = append(out, f.inlines(*content, depth, line)...)
	}
	return out
}

func blockLine(b doc.Block) int {
	switch b := b.(type) {
	case *doc.Quote:
		return b.Line
	case *doc.Div:
		return b.Line
	case *doc.List:
		return b.Line
	case *doc.DefList:
		return b.Line
	}
	return 0
}

// labelLimit keeps at most maxLabels link and image labels open in a
// paragraph. It runs before goldmark's link parser and counts the labels
// that parser opens ("[", "![") and closes ("]": each closes the last
// one open, link or not); past the limit it takes "[" as text. It also
// keeps goldmark's search for link destinations within maxDestScan bytes
// a paragraph (see destScan).
type labelLimit struct{}

var labelsKey, destKey = parser.NewContextKey(), parser.NewContextKey()

// destScan is what a paragraph's link destinations have cost so far: the
// bytes goldmark read for them, and the extent of the last run it read
// (from "](" to the space or ">" that ends it), so that each "](" inside
// that run is costed without reading it again.
type destScan struct {
	read       int
	start, end int // absolute offsets in the source
	angle      bool
}

// cost returns the bytes goldmark reads for a destination that starts at
// line[i], where line begins at the source's offset at: to the next space
// or tab, or after "<" to the next ">", within the line.
func (d *destScan) cost(line []byte, i, at int) int {
	angle := i < len(line) && line[i] == '<'
	pos := at + i
	if d.end > 0 && angle == d.angle && pos >= d.start && pos < d.end {
		return d.end - pos
	}
	j := i
	for j < len(line) && !(angle && line[j] == '>') && (angle || (line[j] != ' ' && line[j] != '\t' && line[j] != '\n')) {
		j++
	}
	d.start, d.end, d.angle = pos, at+j, angle
	return j - i
}

func (labelLimit) Trigger() []byte { return []byte{'[', '!', ']'} }

func (labelLimit) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	open, _ := pc.Get(labelsKey).(int)
	n := 1
	switch line[0] {
	case ']':
		if len(line) > 1 && line[1] == '(' {
			d, _ := pc.Get(destKey).(*destScan)
			if d == nil {
				d = &destScan{}
				pc.Set(destKey, d)
			}
			i := 2
			for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
				i++
			}
			if d.read += d.cost(line, i, seg.Start); d.read > maxDestScan {
				block.Advance(1)
				return ast.NewTextSegment(seg.WithStop(seg.Start + 1))
			}
		}
		if open > 0 {
			pc.Set(labelsKey, open-1)
		}
		return nil
	case '!':
		if len(line) < 2 || line[1] != '[' {
			return nil
		}
		n = 2
	}
	if open >= maxLabels {
		block.Advance(n)
		return ast.NewTextSegment(seg.WithStop(seg.Start + n))
	}
	pc.Set(labelsKey, open+1)
	return nil
}

// CloseBlock forgets the labels of a paragraph that ends: goldmark's link
// parser drops those still open then too.
func (labelLimit) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	pc.Set(labelsKey, 0)
	pc.Set(destKey, nil)
}

// capOpeners returns src with the block markers past the maxOpeners-th on
// any line escaped, so that they are text; src itself when no line has
// that many (a thematic break made of spaced dashes is left alone).
func capOpeners(src []byte) []byte {
	var out []byte // nil until a line needs changing
	start := 0
	for start < len(src) {
		end := len(src)
		if i := bytes.IndexByte(src[start:], '\n'); i >= 0 {
			end = start + i
		}
		if at := excessOpener(src[start:end]); at >= 0 {
			if out == nil {
				out = append(make([]byte, 0, len(src)+1), src[:start]...)
			}
			out = append(append(append(out, src[start:start+at]...), '\\'), src[start+at:end]...)
		} else if out != nil {
			out = append(out, src[start:end]...)
		}
		if end < len(src) && out != nil {
			out = append(out, '\n')
		}
		start = end + 1
	}
	if out == nil {
		return src
	}
	return out
}

// excessOpener returns the offset in line of the block marker after the
// first maxOpeners, at which an escape makes it text, or -1. A bullet
// needs a space or tab after it; an ordered marker is up to nine digits
// then "." or ")" and a space; the escape goes before "." or ")".
func excessOpener(line []byte) int {
	if isBreakLine(line) {
		return -1
	}
	i, n := 0, 0
	for {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i >= len(line) {
			return -1
		}
		at, next := -1, i
		switch c := line[i]; {
		case c == '>':
			at, next = i, i+1
		case c == '-' || c == '*' || c == '+':
			if i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t') {
				at, next = i, i+1
			}
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j < len(line) && (line[j] == '.' || line[j] == ')') && (j+1 == len(line) || line[j+1] == ' ' || line[j+1] == '\t') {
				at, next = j, j+1
			}
		}
		if at < 0 {
			return -1
		}
		if n++; n > maxOpeners {
			return at
		}
		i = next
	}
}

// isBreakLine reports a thematic break: three or more of one of - * _,
// with spaces and tabs between.
func isBreakLine(line []byte) bool {
	var mark byte
	n := 0
	for _, c := range line {
		switch {
		case c == ' ' || c == '\t':
		case (c == '-' || c == '*' || c == '_') && (mark == 0 || c == mark):
			mark = c
			n++
		default:
			return false
		}
	}
	return n >= 3
}
