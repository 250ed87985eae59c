package pdf

import (
	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"

	"github.com/warraq/warraq/export/pdfwriter"
	"github.com/warraq/warraq/export/text"
)

// Kashidas are drawn as paths, not as text: the face's tatweel outline,
// its middle stretched to the kashida's width. As text, a stretched
// tatweel would need a glyph scaled per use or several overlapping ones,
// and every extractor would read a character the author never typed (a
// tatweel, or the ZWJ the writer gives text-less glyphs): copying
// "الكـتاب" out of the page would not find "الكتاب". As a path it is ink
// only. The letter to its left carries the kashida's width in its advance,
// so the writer's gap-free widths (pdfwriter/text.go) cover it and no
// extractor sees a gap inside the word.

type outlineKey struct {
	face *text.Face
	gid  uint16
}

// kashidaOutline returns the outline of face's glyph gid in font units
// (y up), cached; nil when the glyph has none.
func (em *emitter) kashidaOutline(f *text.Face, gid uint16) []ot.Segment {
	k := outlineKey{f, gid}
	if o, ok := em.outlines[k]; ok {
		return o
	}
	var segs []ot.Segment
	if ff := f.Font(); ff != nil {
		if o, ok := ff.GlyphDataOutline(font.GID(gid)); ok {
			segs = o.Segments
		}
	}
	em.outlines[k] = segs
	return segs
}

// shapeKey is what a stretched kashida's drawing depends on.
type shapeKey struct {
	face                 *text.Face
	gid                  uint16
	size, natural, width float64
}

// maxShapes bounds the stretched outlines kept: most repeats are along a
// line or a page, and a book has thousands of distinct ones.
const maxShapes = 512

// kashidas draws the kashidas of line l, whose left edge and baseline are
// at (x, y), in their runs' colours.
func (em *emitter) kashidas(pg *pdfwriter.Page, l *text.Line, x, y float64) {
	for i := range l.Runs {
		r := &l.Runs[i]
		if len(r.Kashidas) == 0 || r.Face == nil || r.Face.UnitsPerEm == 0 {
			continue
		}
		for _, k := range r.Kashidas {
			if k.Natural <= 0 {
				continue
			}
			s := em.kashidaShape(pg, r, k)
			if s == nil {
				continue
			}
			pg.FillShape(s, x+k.X, y+k.Y, rgb(r.Style.Color))
		}
	}
}

// kashidaShape returns the drawing of kashida k of run r, made once for
// every use of the same glyph at the same size and width; nil when the
// glyph has no outline.
func (em *emitter) kashidaShape(pg *pdfwriter.Page, r *text.Run, k text.Kashida) *pdfwriter.Shape {
	key := shapeKey{r.Face, k.GID, r.Style.Size, k.Natural, k.Width}
	if s, ok := em.shapes[key]; ok {
		return s
	}
	segs := em.kashidaOutline(r.Face, k.GID)
	if len(segs) == 0 {
		return nil
	}
	scale := r.Style.Size / float64(r.Face.UnitsPerEm)
	// stretch maps a point of the outline: the part over the glyph's
	// advance scales to the kashida's width, the ink outside it (the
	// overlaps with the joined letters) moves.
	stretch := func(p ot.SegmentPoint) (float64, float64) {
		px := float64(p.X) * scale
		switch {
		case px > k.Natural:
			px += k.Width - k.Natural
		case px > 0:
			px *= k.Width / k.Natural
		}
		return px, float64(p.Y) * scale
	}
	path := pg.Path()
	for _, s := range segs {
		switch s.Op {
		case ot.SegmentOpMoveTo:
			path.Close()
			path.MoveTo(stretch(s.Args[0]))
		case ot.SegmentOpLineTo:
			path.LineTo(stretch(s.Args[0]))
		case ot.SegmentOpQuadTo:
			x1, y1 := stretch(s.Args[0])
			x2, y2 := stretch(s.Args[1])
			path.QuadTo(x1, y1, x2, y2)
		case ot.SegmentOpCubeTo:
			x1, y1 := stretch(s.Args[0])
			x2, y2 := stretch(s.Args[1])
			x3, y3 := stretch(s.Args[2])
			path.CurveTo(x1, y1, x2, y2, x3, y3)
		}
	}
	path.Close()
	s := path.Shape()
	if len(em.shapes) >= maxShapes {
		clear(em.shapes)
	}
	em.shapes[key] = s
	return s
}
