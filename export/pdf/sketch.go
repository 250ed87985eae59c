package pdf

import (
	"slices"

	"github.com/warraq/warraq/export/pdfwriter"
)

// Drawing an article's pages on the layout workers. Each article begins on
// a page of its own, with nothing carried over from the one before (no
// rows, notes or figures waiting: newPage ends them all), so where its
// pages break does not depend on what came before; nor does its pages'
// body, drawn from x = 0 and moved to its side of the spread (Origin).
// What does depend on the order is the page's number (its folio, running
// head, the blank verso before a recto, destinations and page breaks), the
// glyphs' codes and the fonts' resource names, the fonts' registration and
// the structure elements and marked content the body adds to the document.
//
// So a layout worker, once an article is laid out, paginates it on a pager
// of its own and draws each page's body on a sketch (pdfwriter.NewSketch),
// recording it; the paginator, in book order, emits the planned pages and
// replays each body (pdfwriter's Replay, as the page cache does), which
// does all that depends on the order exactly as drawing the page there
// would: the file is the same, byte for byte. A page drawing an image is
// drawn in order (the document registers its images), as is any page whose
// recording does not fit (a glyph in another font instance than on the
// sketch). The page cache keeps its own drawing: with a cache, articles
// are not sketched.
//
// Sketching costs CPU time of its own (recording what drawing does to the
// document, and replaying it), worth paying only when the paginator would
// otherwise hold the workers back. So a worker sketches an article only
// when articles laid out before it are waiting for the paginator; when the
// paginator keeps up (or waits for this very article), the article goes to
// it unsketched, to be drawn there as before. Either way the bytes are the
// same.

// sketchMode says which articles the layout workers sketch: those laid
// out while others wait for the paginator (sketchWhenBehind), all (tests)
// or none.
type sketchMode int

const (
	sketchWhenBehind sketchMode = iota
	sketchAlways
	sketchNever
)

var sketchPages = sketchWhenBehind

// sketcher is a layout worker's sketch and the emitter that draws on it.
type sketcher struct {
	doc *pdfwriter.Document
	em  *emitter
}

// takeSketcher returns an idle sketcher, made when none is.
func (l *bookLayout) takeSketcher() *sketcher {
	select {
	case sk := <-l.sketchers:
		return sk
	default:
	}
	d := pdfwriter.NewSketch()
	return &sketcher{doc: d, em: newEmitter(d, l.e, l.s)}
}

func (l *bookLayout) putSketcher(sk *sketcher) {
	select {
	case l.sketchers <- sk:
	default:
	}
}

// sketch paginates a laid-out article on a pager of its own and draws its
// pages' bodies on a sketch: its plans, for the paginator to emit.
func (l *bookLayout) sketch(la *laidArticle) {
	sk := l.takeSketcher()
	defer l.putSketcher(sk)
	sk.em.err = nil
	attach(la.tag, sk.doc.FreshStructure())
	sp := &pager{em: sk.em, s: l.s, sketch: sk, known: treeElems(la.tag), art: la, opening: true}
	sp.addRows(la.rows)
	sp.newPage(false)
	la.plans, la.sketched = sp.planned, true
}

// treeElems is the elements of a structure tree's nodes, in preorder.
func treeElems(root *snode) []*pdfwriter.StructElem {
	var out []*pdfwriter.StructElem
	var walk func(n *snode)
	walk = func(n *snode) {
		out = append(out, n.elem)
		for _, k := range n.kids {
			walk(k)
		}
	}
	if root != nil {
		walk(root)
	}
	return out
}

// sketchPage draws a planned page's body on the worker's sketch and keeps
// its recording in the plan; a page with an image is left to be drawn in
// order.
func (p *pager) sketchPage(pl *pagePlan) {
	for _, pr := range pl.rows {
		if hasImage(pr.r) {
			return
		}
	}
	for _, r := range pl.noteRows {
		if hasImage(r) {
			return
		}
	}
	pg := p.sketch.doc.SketchPage(p.s.W, p.s.H, p.known)
	p.em.startRecording()
	p.drawBody(pg, 0, p.s.H-p.s.Top, pl.rows, pl.noteRows, pl.noteH, pl.sep)
	faces := p.em.stopRecording()
	r := pg.Sketched()
	if r == nil || p.em.err != nil {
		return
	}
	pl.sketch, pl.faces = r, slices.Clone(faces)
	pl.faceFonts = make([]*pdfwriter.Font, len(faces))
	for i, f := range faces {
		pl.faceFonts[i] = p.em.fonts[f]
	}
}

func hasImage(r *row) bool {
	for i := range r.els {
		if r.els[i].asset != nil {
			return true
		}
	}
	return r.head != nil && hasImage(r.head)
}

// replaySketch draws a page's body from its sketch's recording, asking for
// its faces in the order drawing it did; false when it cannot (pg is then
// untouched but for fonts registered and glyphs numbered as drawing would
// have: the caller draws it).
func (em *emitter) replaySketch(pg *pdfwriter.Page, pl *pagePlan, known []*pdfwriter.StructElem) bool {
	for _, f := range pl.faces {
		em.font(f)
	}
	if em.err != nil {
		return false
	}
	ok := pl.sketch.Rebind(func(sf *pdfwriter.Font) *pdfwriter.Font {
		for i, f := range pl.faceFonts {
			if f == sf {
				return em.fonts[pl.faces[i]]
			}
		}
		return nil
	})
	if !ok {
		return false
	}
	drawn, _ := pg.Replay(pl.sketch, known)
	return drawn
}
