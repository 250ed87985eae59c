package pdf

import (
	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/pdfwriter"
	"github.com/warraq/warraq/export/text"
)

// An article is laid out, independently of pages, into a list of rows: the
// smallest pieces the paginator may put on a page (a line of a paragraph, a
// table row, an image). Rows know their height and their drawing, measured
// from their own top-left corner, so articles can be laid out in parallel and
// paginated afterwards in one sequential pass.
type row struct {
	h      float64 // height on the page
	before float64 // space above; dropped at the top of a page
	keep   bool    // no page break between this row and the next one
	// soft: no page break here either, unless holding the rows together
	// would leave more than maxHole empty at the page's foot (a lead-in
	// and the block it introduces).
	soft  bool
	notes []*note // footnotes first referenced on this row
	head  *row    // table header to repeat when this row opens a page
	float int     // a figure: this row and the next float-1 may move to the next page's top
	dests []string
	els   []el
	at    textAt // where its text begins in the model (pages.go)
	// floated: a figure (and its caption) moved to a later page's top, out
	// of the text's order, so a page does not begin there for the EPUB.
	floated bool
	// key is the hash of what the row draws, for the page cache
	// (pagecache.go), when keyed is 1; -1: the row cannot be cached; 0:
	// not yet computed.
	key   [32]byte
	keyed int8
	// idx is the row's place in its article's skeleton (skeleton.go);
	// artifact: a copy of a row drawn as an artifact (asArtifact).
	idx      int
	artifact bool
}

type elKind uint8

const (
	elText elKind = iota
	elRect
	elLine
	elImage
)

// el is one drawing instruction of a row. Coordinates are from the row's
// top-left corner with y growing downwards: for text, the line's left edge and
// baseline; for rectangles and images, the top-left corner; for lines, both ends
// (x,y)-(w,h).
type el struct {
	kind  elKind
	x, y  float64
	w, h  float64
	line  *text.Line
	color pdfwriter.Color
	asset *doc.Asset
	width float64 // stroke width
	tag   *snode  // the structure element it draws; nil: an artifact (tags.go)
}

// note is a footnote laid out at the text width, set at the foot of the page on
// which its reference falls.
type note struct {
	num  int
	rows []*row
	h    float64
}

func (n *note) height() float64 {
	if n.h == 0 {
		for _, r := range n.rows {
			n.h += r.h
		}
	}
	return n.h
}

// lineExtent is the horizontal extent of a line's ink boxes (from the glyph
// origins and advances), whatever alignment the engine applied.
func lineExtent(l *text.Line) (minX, maxX float64) {
	first := true
	for i := range l.Runs {
		for _, g := range l.Runs[i].Glyphs {
			a, b := g.X, g.X+g.Advance
			if first || a < minX {
				minX = a
			}
			if first || b > maxX {
				maxX = b
			}
			first = false
		}
	}
	return minX, maxX
}

// inkExtent is lineExtent without the spaces at either end of the line.
func inkExtent(l *text.Line) (minX, maxX float64) {
	first := true
	for i := range l.Runs {
		for _, g := range l.Runs[i].Glyphs {
			if g.Text == " " {
				continue
			}
			a, b := g.X, g.X+g.Advance
			if first || a < minX {
				minX = a
			}
			if first || b > maxX {
				maxX = b
			}
			first = false
		}
	}
	if first {
		return lineExtent(l)
	}
	return minX, maxX
}

// metrics returns a line's ascent and descent, falling back to the font size
// when the engine reports none (an empty line).
func metrics(l *text.Line, size float64) (asc, desc float64) {
	asc, desc = l.Ascent, l.Descent
	if asc <= 0 {
		asc = size * 0.8
	}
	if desc <= 0 {
		desc = size * 0.3
	}
	return asc, desc
}

func rgb(c [3]float64) pdfwriter.Color { return pdfwriter.Color{R: c[0], G: c[1], B: c[2]} }

var (
	grey     = [3]float64{0.35, 0.35, 0.35}
	tint     = pdfwriter.Color{R: 0.95, G: 0.95, B: 0.94}
	ruleCol  = pdfwriter.Color{R: 0.25, G: 0.25, B: 0.25}
	markTint = pdfwriter.Color{R: 1, G: 0.94, B: 0.6}
)
