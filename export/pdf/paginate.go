package pdf

import (
	"fmt"
	"math"

	ot "github.com/go-text/typesetting/font/opentype"

	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/pdfwriter"
	"github.com/warraq/warraq/export/text"
)

// emitter turns rows into pdfwriter calls. It registers each font face and
// image with the document on first use.
type emitter struct {
	doc      *pdfwriter.Document
	engine   *text.Engine
	s        setup
	fonts    map[*text.Face]*pdfwriter.Font
	images   map[*doc.Asset]*pdfwriter.Image
	outlines map[outlineKey][]ot.Segment // kashida glyphs' outlines
	buf      []pdfwriter.Glyph
	err      error
}

func newEmitter(d *pdfwriter.Document, e *text.Engine, s setup) *emitter {
	return &emitter{doc: d, engine: e, s: s,
		fonts: map[*text.Face]*pdfwriter.Font{}, images: map[*doc.Asset]*pdfwriter.Image{},
		outlines: map[outlineKey][]ot.Segment{}}
}

func (em *emitter) font(f *text.Face) *pdfwriter.Font {
	if pf, ok := em.fonts[f]; ok {
		return pf
	}
	pf, err := em.doc.AddFont(f.Data)
	if err != nil && em.err == nil {
		em.err = fmt.Errorf("font %s: %w", f.File, err)
	}
	em.fonts[f] = pf
	return pf
}

// descent is the descent per pt of size the PDF declares for f's font.
func (em *emitter) descent(f *text.Face) float64 {
	if pf := em.font(f); pf != nil {
		return pf.Descent()
	}
	return -math.Abs(f.Descent)
}

// line draws a laid-out line with its left edge at x and baseline at y (page
// coordinates, y up), with its runs' decorations, and makes link annotations
// over its linked runs.
func (em *emitter) line(pg *pdfwriter.Page, l *text.Line, x, y float64) {
	if l == nil {
		return
	}
	y += lineNudge(l, y, em.descent)
	em.decorate(pg, l, x, y, true)
	buf := em.buf[:0]
	for _, g := range l.ReadingOrder() {
		f := em.font(g.Run.Face)
		if f == nil {
			continue
		}
		buf = append(buf, pdfwriter.Glyph{
			Font: f, Size: g.Run.Style.Size, Color: rgb(g.Run.Style.Color), GID: g.GID,
			X: x + g.X, Y: y + g.Y, Advance: g.Advance, Text: g.Text, Mark: g.Mark, RTL: g.Run.RTL,
		})
	}
	if len(buf) > 0 {
		pg.ShowGlyphs(buf)
	}
	em.buf = buf
	em.kashidas(pg, l, x, y)
	em.decorate(pg, l, x, y, false)
	for i := range l.Runs {
		r := &l.Runs[i]
		if len(r.Style.Link) < 2 || len(r.Glyphs) == 0 {
			continue
		}
		a, b := runExtent(r)
		asc, desc := metrics(l, r.Style.Size)
		rx, ry, rw, rh := x+a, y-desc, b-a, asc+desc
		switch target := r.Style.Link[1:]; r.Style.Link[0] {
		case linkURI:
			pg.LinkURI(rx, ry, rw, rh, target)
		case linkDest:
			pg.LinkDest(rx, ry, rw, rh, target)
		}
	}
}

// decorate draws the decorations of l's runs that go under the glyphs (a
// highlight's tint) or over them (underline and strike-through lines).
func (em *emitter) decorate(pg *pdfwriter.Page, l *text.Line, x, y float64, under bool) {
	for i := range l.Runs {
		r := &l.Runs[i]
		if r.Style.Decor == 0 || len(r.Glyphs) == 0 || r.Face == nil {
			continue
		}
		a, b := runExtent(r)
		size := r.Style.Size
		base := y + r.Style.Rise
		if under {
			if r.Style.Decor&text.Highlight != 0 {
				asc, desc := r.Face.Ascent*size, -r.Face.Descent*size
				pg.FillRect(x+a, base-desc, b-a, asc+desc, markTint)
			}
			continue
		}
		w, col := size*0.06, rgb(r.Style.Color)
		if r.Style.Decor&text.Underline != 0 {
			pg.StrokeLine(x+a, base-size*0.12, x+b, base-size*0.12, w, col)
		}
		if r.Style.Decor&text.Strike != 0 {
			pg.StrokeLine(x+a, base+size*0.3, x+b, base+size*0.3, w, col)
		}
	}
}

func runExtent(r *text.Run) (a, b float64) {
	for i, g := range r.Glyphs {
		if i == 0 || g.X < a {
			a = g.X
		}
		if i == 0 || g.X+g.Advance > b {
			b = g.X + g.Advance
		}
	}
	return a, b
}

// row draws r with its top-left corner at (x, top) in page coordinates.
func (em *emitter) row(pg *pdfwriter.Page, r *row, x, top float64) {
	for i := range r.els {
		e := &r.els[i]
		switch e.kind {
		case elText:
			em.line(pg, e.line, x+e.x, top-e.y)
		case elRect:
			pg.FillRect(x+e.x, top-e.y-e.h, e.w, e.h, e.color)
		case elLine:
			pg.StrokeLine(x+e.x, top-e.y, x+e.w, top-e.h, e.width, e.color)
		case elImage:
			img, ok := em.images[e.asset]
			if !ok {
				var err error
				img, err = em.doc.AddImage(e.asset.Data, e.asset.MediaType)
				if err != nil {
					if em.err == nil {
						em.err = fmt.Errorf("%s: %w", e.asset.Path, err)
					}
					img = nil
				}
				em.images[e.asset] = img
			}
			if img != nil {
				pg.DrawImage(img, x+e.x, top-e.y-e.h, e.w, e.h)
			}
		}
	}
}

// placed is a row on the page being filled, at y below the text block's top.
type placed struct {
	r *row
	y float64
}

// pager fills body pages one after the other. It holds only the page being
// filled: a finished page goes to the PDF writer at once and its rows are
// dropped, so memory does not grow with the book.
type pager struct {
	em    *emitter
	doc   *pdfwriter.Document
	s     setup
	front int // physical pages before the body

	rows   []placed
	used   float64
	notes  []*note
	notesH float64

	art      *laidArticle
	opening  bool // the page being filled opens an article: no running head
	bookHead *text.Line

	deferred []*row // figures waiting for the top of the next page
	cont     *note  // the end of a note that did not fit on the previous page

	pages    int            // body pages emitted
	destPage map[string]int // named destination -> body page number
}

func (p *pager) noteSep() float64 { return p.s.NoteLead * 0.8 }

// fits reports whether r fits on the page with the notes it brings.
func (p *pager) fits(r *row) bool {
	need := p.used + r.h
	if len(p.rows) > 0 {
		need += r.before
	}
	nh := p.notesH
	for _, n := range r.notes {
		if !hasNote(p.notes, n) {
			if nh == 0 {
				nh = p.noteSep()
			}
			// A long note may be split: its reference needs only its first
			// lines on the page, the rest continue at the next page's foot.
			if len(n.rows) > 4 {
				nh += n.rows[0].h + n.rows[1].h
			} else {
				nh += n.height()
			}
		}
	}
	return need+nh <= p.s.TextH+0.01
}

func (p *pager) place(r *row) {
	if len(p.rows) == 0 && r.head != nil {
		p.put(r.head)
	}
	p.put(r)
}

func (p *pager) put(r *row) {
	y := p.used
	if len(p.rows) > 0 {
		y += r.before
	}
	p.rows = append(p.rows, placed{r, y})
	p.used = y + r.h
	for _, n := range r.notes {
		if !hasNote(p.notes, n) {
			if len(p.notes) == 0 {
				p.notesH = p.noteSep()
			}
			p.notes = append(p.notes, n)
			p.notesH += n.height()
		}
	}
}

// add puts r on the page, or ends the page at the last place the keep rules
// allow and carries the rows after it to the next page.
func (p *pager) add(r *row) {
	if p.fits(r) || len(p.rows) == 0 {
		p.place(r)
		return
	}
	k := len(p.rows)
	for k > 0 && p.rows[k-1].r.keep {
		k--
	}
	if k == 0 {
		k = len(p.rows) // one chain longer than a page: break it here
	}
	var carry []*row
	for _, pr := range p.rows[k:] {
		carry = append(carry, pr.r)
	}
	p.rows = p.rows[:k]
	p.recount()
	p.flush()
	p.placeDeferred()
	for _, c := range carry {
		p.add(c)
	}
	p.add(r)
}

// recount recomputes the notes and height after rows were taken off the page.
func (p *pager) recount() {
	rows := p.rows
	p.rows, p.used, p.notes, p.notesH = nil, 0, nil, 0
	if p.cont != nil {
		p.notes, p.notesH = []*note{p.cont}, p.noteSep()+p.cont.height()
	}
	for _, pr := range rows {
		p.put(pr.r)
	}
}

// flush emits the page being filled, if it has anything on it.
func (p *pager) flush() {
	if len(p.rows) == 0 && p.cont == nil {
		return
	}
	p.pages++
	pg := p.doc.NewPage(p.s.W, p.s.H)
	n := pg.Index() + 1
	x := p.s.left(n)
	top := p.s.H - p.s.Top
	for _, pr := range p.rows {
		for _, d := range pr.r.dests {
			p.doc.AddDest(d, pg, top-pr.y)
			p.destPage[d] = p.pages
		}
		p.em.row(pg, pr.r, x, top-pr.y)
	}
	var carry []*row
	if len(p.notes) > 0 {
		// Notes too long for the room under the text (only when one line and
		// its notes exceed a whole page) continue at the foot of the next page.
		sep := p.noteSep()
		room := p.s.TextH - p.used - sep
		var rows []*row
		h := 0.0
		for _, nt := range p.notes {
			for _, r := range nt.rows {
				if len(carry) == 0 && (h+r.h <= room+0.01 || len(rows) == 0) {
					rows = append(rows, r)
					h += r.h
				} else {
					carry = append(carry, r)
				}
			}
		}
		y := p.s.TextH - h - sep
		lx := x
		if p.s.RTL {
			lx = x + p.s.TextW*0.7
		}
		pg.StrokeLine(lx, top-y-sep/2, lx+p.s.TextW*0.3, top-y-sep/2, 0.5, ruleCol)
		y += sep
		for _, r := range rows {
			p.em.row(pg, r, x, top-y)
			y += r.h
		}
	}
	if !p.opening {
		head := p.bookHead
		if n%2 == 1 && p.art != nil {
			head = p.art.head
		}
		p.runningHead(pg, n, head, p.s.digits(p.pages))
	}
	p.rows, p.used, p.notes, p.notesH = p.rows[:0], 0, nil, 0
	p.cont = nil
	if len(carry) > 0 {
		p.cont = &note{rows: carry}
	}
	p.recount()
	p.opening = false
}

// runningHead sets the head line in the top margin: the title centred and the
// folio at the outer edge.
func (p *pager) runningHead(pg *pdfwriter.Page, n int, head *text.Line, folio string) {
	s := p.s
	x := s.left(n)
	base := s.H - s.Top + s.HeadGap
	if head != nil {
		a, b := lineExtent(head)
		p.em.line(pg, head, x+s.TextW/2-(a+b)/2, base)
	}
	p.folio(pg, n, folio, base, false)
	pg.StrokeLine(x, base-s.Size*0.45, x+s.TextW, base-s.Size*0.45, 0.3, ruleCol)
}

// folio sets a page number at the outer edge of the head line, or centred at
// the foot when foot is true.
func (p *pager) folio(pg *pdfwriter.Page, n int, folio string, base float64, foot bool) {
	s := p.s
	fl := shortLine(p.em.engine, folio, text.Style{Role: text.Body, Size: s.Size * 0.85}, s.RTL, s.Lang)
	if fl == nil {
		return
	}
	a, b := lineExtent(fl)
	x := s.left(n)
	switch {
	case foot:
		p.em.line(pg, fl, x+s.TextW/2-(a+b)/2, base)
	case s.innerLeft(n):
		p.em.line(pg, fl, x+s.TextW-b, base)
	default:
		p.em.line(pg, fl, x-a, base)
	}
}

// blank emits an empty page (the verso left before a recto opening).
func (p *pager) blank() {
	p.doc.NewPage(p.s.W, p.s.H)
	p.pages++
}

// newPage ends the page being filled and, for recto, makes sure the next page
// is odd by leaving a blank verso.
func (p *pager) newPage(recto bool) {
	if len(p.deferred) > 0 {
		p.flush()
		p.placeDeferred()
	}
	p.flush()
	for p.cont != nil { // a note's end never spills onto the next article's opening
		p.flush()
	}
	if recto && (p.front+p.pages)%2 == 1 {
		p.blank()
	}
}

func shortLine(e *text.Engine, s string, st text.Style, rtl bool, lang string) *text.Line {
	dir := text.LTR
	if rtl {
		dir = text.RTL
	}
	blk := e.Layout(text.Paragraph{Spans: []text.Span{{Text: s, Style: st}}, Dir: dir, Lang: lang, Align: text.Start}, 1e5)
	if len(blk.Lines) == 0 {
		return nil
	}
	return &blk.Lines[0]
}

// addRows paginates an article's rows. A figure that does not fit in the space
// left on a page floats to the top of the next one while the text after it
// fills the page, instead of leaving a hole; figures keep their order.
func (p *pager) addRows(rows []*row) {
	for i := 0; i < len(rows); i++ {
		r := rows[i]
		if r.float > 0 && i+r.float <= len(rows) && len(p.rows) > 0 && !p.rows[len(p.rows)-1].r.keep {
			grp := rows[i : i+r.float]
			if len(p.deferred) > 0 || !p.fitsAll(grp) {
				p.deferred = append(p.deferred, grp...)
				i += r.float - 1
				continue
			}
		}
		p.add(r)
	}
}

// fitsAll reports whether rows fit, one after the other, in what is left of the page.
func (p *pager) fitsAll(rows []*row) bool {
	need := 0.0
	for i, r := range rows {
		need += r.h
		if i > 0 || len(p.rows) > 0 {
			need += r.before
		}
	}
	return p.used+need+p.notesH <= p.s.TextH+0.01
}

// placeDeferred puts the floating figures at the top of the (fresh) page.
func (p *pager) placeDeferred() {
	d := p.deferred
	p.deferred = nil
	for _, r := range d {
		p.add(r)
	}
}
