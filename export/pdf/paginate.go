package pdf

import (
	"crypto/sha256"
	"fmt"
	"math"
	"slices"

	ot "github.com/go-text/typesetting/font/opentype"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/pdfwriter"
	"github.com/warraq/warraq/export/render"
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
	outlines map[outlineKey][]ot.Segment   // kashida glyphs' outlines
	shapes   map[shapeKey]*pdfwriter.Shape // kashidas' stretched outlines
	buf      []pdfwriter.Glyph
	order    []text.PlacedGlyph // a line's glyphs in reading order, reused
	err      error
	cur      *pdfwriter.StructElem // the element being drawn (tags.go)

	// While a page's body is recorded (pagecache.go): the faces asked
	// for, in order.
	recording bool
	recFaces  []*text.Face
	recSeen   map[*text.Face]bool
}

func newEmitter(d *pdfwriter.Document, e *text.Engine, s setup) *emitter {
	return &emitter{doc: d, engine: e, s: s,
		fonts: map[*text.Face]*pdfwriter.Font{}, images: map[*doc.Asset]*pdfwriter.Image{},
		outlines: map[outlineKey][]ot.Segment{}, shapes: map[shapeKey]*pdfwriter.Shape{}, recSeen: map[*text.Face]bool{}}
}

func (em *emitter) font(f *text.Face) *pdfwriter.Font {
	if em.recording && !em.recSeen[f] {
		em.recSeen[f] = true
		em.recFaces = append(em.recFaces, f)
	}
	if pf, ok := em.fonts[f]; ok {
		return pf
	}
	pf, err := em.doc.AddFontSum(f.Data, f.Digest())
	if err != nil && em.err == nil {
		em.err = fmt.Errorf("font %s: %w", f.File, err)
	}
	if pf != nil && f.Cascade {
		pf.SetCascade() // Nastaliq: its steps drawn in the glyphs, the text on the baseline
	}
	em.fonts[f] = pf
	return pf
}

// descent is the descent per pt of size the PDF declares for f's font.
func (em *emitter) descent(f *text.Face) float64 {
	if pf := em.font(f); pf != nil {
		return pf.Descent()
	}
	return -math.Abs(f.Descent())
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
	elems := em.runElems(l)
	em.order = l.AppendReadingOrder(em.order[:0])
	// What a glyph takes from its run, looked up once for the glyphs of a
	// run in a row (the fonts' map, the elements' map).
	var (
		run  *text.Run
		f    *pdfwriter.Font
		col  pdfwriter.Color
		elem *pdfwriter.StructElem
	)
	for i := range em.order {
		g := &em.order[i]
		if g.Run != run {
			run = g.Run
			f, col, elem = em.font(run.Face), rgb(run.Style.Color), elems[run]
		}
		if f == nil {
			continue
		}
		buf = append(buf, pdfwriter.Glyph{
			Font: f, Size: run.Style.Size, Color: col, GID: g.GID,
			X: x + g.X, Y: y + g.Y, Advance: g.Advance, Text: g.Text, Mark: g.Mark, RTL: run.RTL,
			Lang: run.Style.Lang, Elem: elem,
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
		default:
			continue
		}
		pg.LinkIn(elems[r], runText(r))
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
				asc, desc := r.Face.Ascent()*size, -r.Face.Descent()*size
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
		em.tagged(pg, r.els[i].tag, "Layout", func() { em.el(pg, &r.els[i], x, top) })
	}
}

// el draws one drawing element of a row whose top-left corner is at (x, top).
func (em *emitter) el(pg *pdfwriter.Page, e *el, x, top float64) {
	{
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
	partHead *text.Line // the current part's title, for running heads that show it

	deferred []*row // figures waiting for the top of the next page
	cont     *note  // the end of a note that did not fit on the previous page

	pages    int            // body pages emitted
	destPage map[string]int // named destination -> body page number
	fills    *[]pageFill    // when not nil, each body page's fill (tests)
	stats    *pageStats     // when not nil, what the page cache did (tests)
	// expand lays out an article paginated from its skeleton (skeleton.go).
	expand func(*laidArticle) ([]*row, error)
	breaks []render.PageBreak // where each body page's text begins (pages.go)
	// On a layout worker (sketch.go): the sketch pages are drawn on, the
	// article's elements there, and the pages planned.
	sketch  *sketcher
	known   []*pdfwriter.StructElem
	planned []*pagePlan
	part    *collection.Part // the part whose title page is being set, until its break is recorded
	flex    float64          // the spaces above the page's rows but the first
}

// noteSep is the room above the notes, with their rule; it includes
// NoteRaise, which lifts the notes so that their last baseline is where a
// body line's would be.
func (p *pager) noteSep() float64 { return p.s.NoteLead*0.8 + p.s.NoteRaise }

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
	return need+nh <= p.s.TextH+0.01+p.shrinkable(r.before)
}

// shrinkable is how far the spaces above the page's headings and blocks may
// shrink if a row whose space above is before joins them.
func (p *pager) shrinkable(before float64) float64 {
	if len(p.rows) == 0 {
		return 0
	}
	return spaceShrink * (p.flex + before)
}

func (p *pager) place(r *row) {
	if len(p.rows) == 0 && r.head != nil {
		p.put(asArtifact(r.head)) // its cells were read where the table began
	}
	p.put(r)
}

func (p *pager) put(r *row) {
	y := p.used
	if len(p.rows) > 0 {
		y += r.before
		p.flex += r.before
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
	k := p.breakAt(false)
	if p.hole(k) > maxHole*p.s.Lead {
		k = max(k, p.breakAt(true))
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
	p.flush(true)
	p.placeDeferred()
	for _, c := range carry {
		p.add(c)
	}
	p.add(r)
}

// maxHole is the most room, in body lines, a page may leave at its foot to
// hold a lead-in with the block it introduces.
const maxHole = 2

// breakAt returns how many of the page's rows stay on it when the page must
// break: the rows after the last one that may end a page move on. With
// soft, soft keeps may end a page too. 0 when none may.
func (p *pager) breakAt(soft bool) int {
	k := len(p.rows)
	for k > 0 && (p.rows[k-1].r.keep || p.rows[k-1].r.soft && !soft) {
		k--
	}
	return k
}

// hole is the room the page would leave at its foot if it ended after its
// first k rows (notes left aside).
func (p *pager) hole(k int) float64 {
	if k == 0 {
		return 0
	}
	last := p.rows[k-1]
	return p.s.TextH - p.notesH - (last.y + last.r.h)
}

// recount recomputes the notes and height after rows were taken off the page.
func (p *pager) recount() {
	rows := p.rows
	p.rows, p.used, p.notes, p.notesH, p.flex = nil, 0, nil, 0, 0
	if p.cont != nil {
		p.notes, p.notesH = []*note{p.cont}, p.noteSep()+p.cont.height()
	}
	for _, pr := range rows {
		p.put(pr.r)
	}
}

// flush emits the page being filled, if it has anything on it. A full page
// (one that ends because what comes next does not fit, not at an article's
// end) is justified vertically first (justify), so that it ends on the same
// baseline as the page facing it. On a layout worker's pager (sketch.go)
// the page is planned and its body drawn on the worker's sketch, for the
// paginator to emit in book order.
func (p *pager) flush(full bool) {
	if len(p.rows) == 0 && p.cont == nil {
		return
	}
	pl, carry := p.plan(full)
	if p.sketch != nil {
		pl.rows = slices.Clone(pl.rows)
		p.sketchPage(pl)
		p.planned = append(p.planned, pl)
	} else {
		p.emit(pl)
	}
	p.rows, p.used, p.notes, p.notesH, p.flex = p.rows[:0], 0, nil, 0, 0
	p.cont = nil
	if len(carry) > 0 {
		p.cont = &note{rows: carry}
	}
	p.recount()
	p.opening = false
}

// pagePlan is a body page as pagination leaves it: its rows in their
// places, the notes at its foot, what it begins with and the
// destinations on it; for a page planned by a layout worker, its body
// drawn and recorded there (sketch.go).
type pagePlan struct {
	fill      pageFill
	at        textAt // where its text begins (ok false: none)
	dests     []planDest
	rows      []placed
	noteRows  []*row
	noteH     float64
	sep       float64
	sketch    *pdfwriter.Recording // the body drawn on a sketch, or nil
	faces     []*text.Face         // ...the faces drawing it asked for, in order
	faceFonts []*pdfwriter.Font    // ...and the sketch's font of each
}

// planDest is a named destination on a page, y from the page's bottom.
type planDest struct {
	name string
	y    float64
}

// plan settles the page being filled: the notes that fit at its foot (the
// rest, carry, continue on the next page), the rows justified, where its
// text begins and its destinations.
func (p *pager) plan(full bool) (pl *pagePlan, carry []*row) {
	top := p.s.H - p.s.Top
	// Notes too long for the room under the text (only when one line and
	// its notes exceed a whole page) continue at the foot of the next page.
	var noteRows []*row
	noteH, sep := 0.0, p.noteSep()
	if len(p.notes) > 0 {
		room := p.s.TextH - (p.used - spaceShrink*p.flex) - sep // the spaces above rows may yet shrink
		for _, nt := range p.notes {
			for _, r := range nt.rows {
				if len(carry) == 0 && (noteH+r.h <= room+0.01 || len(noteRows) == 0) {
					noteRows = append(noteRows, r)
					noteH += r.h
				} else {
					carry = append(carry, r)
				}
			}
		}
	}
	foot := p.s.TextH // where the text must end
	if len(noteRows) > 0 {
		foot -= noteH + sep
	}
	before := foot - p.used
	if full || p.used > foot {
		p.justify(foot, full)
	}
	pl = &pagePlan{fill: pageFill{full: full, slack: before, left: foot - p.used},
		rows: p.rows, noteRows: noteRows, noteH: noteH, sep: sep}
	for _, pr := range p.rows {
		if pr.r.at.ok && !pr.r.floated {
			pl.at = pr.r.at
			break
		}
	}
	for _, pr := range p.rows {
		for _, d := range pr.r.dests {
			pl.dests = append(pl.dests, planDest{d, top - pr.y})
		}
	}
	return pl, carry
}

// emit writes a planned page: the next body page of the document.
func (p *pager) emit(pl *pagePlan) {
	p.pages++
	pg := p.doc.NewPage(p.s.W, p.s.H)
	n := pg.Index() + 1
	x := p.s.left(n)
	top := p.s.H - p.s.Top
	p.record(pl.fill)
	p.pageBreak(pl.at)
	for _, d := range pl.dests {
		p.doc.AddDest(d.name, pg, d.y)
		p.destPage[d.name] = p.pages
	}
	// The body: replayed from a worker's sketch, taken from the page
	// cache, or drawn (and recorded for it).
	var ap *articlePages
	if p.art != nil {
		ap = p.art.pages
	}
	// An article's page body is drawn from x = 0 and moved to its side
	// of the spread (Origin), so that it is the same on either side.
	bx := x
	if p.art != nil {
		pg.Origin(x)
		bx = 0
	}
	var key [32]byte
	cached, recorded := false, false
	if pl.sketch != nil {
		cached = p.em.replaySketch(pg, pl, p.art.elems)
		if cached && p.stats != nil {
			p.stats.sketched++
		}
		pl.sketch = nil
	}
	if ap != nil && !cached {
		var ok bool
		if key, ok = p.bodyKey(ap, bx, top, pl.rows, pl.noteRows, pl.noteH, pl.sep); ok {
			if data, hit := ap.cached[key]; hit {
				var patched bool
				if cached, patched = p.em.replayPage(pg, data, ap.elems); cached {
					ap.used[key] = data
					p.stats.count(patched)
				}
			}
			if !cached {
				recorded = true
				pg.Record(ap.elems)
				p.em.startRecording()
			}
		}
	}
	if !cached {
		p.drawBody(pg, bx, top, pl.rows, pl.noteRows, pl.noteH, pl.sep)
		if p.art != nil && ap == nil && p.stats != nil {
			p.stats.inOrder++
		}
	}
	var faces []*text.Face
	if recorded {
		faces = p.em.stopRecording()
	}
	pg.Furniture()
	if !p.opening {
		kind := p.s.HeadEven
		if n%2 == 1 {
			kind = p.s.HeadOdd
		}
		p.runningHead(pg, n, p.head(kind), p.s.digits(p.pages))
	}
	pg.Close()
	if recorded {
		ap.fresh = true
		if p.stats != nil {
			p.stats.recorded++
		}
		if r := pg.Recorded(); r != nil {
			if data := p.em.encodePage(faces, r); data != nil {
				ap.used[key] = data
				if p.stats != nil {
					p.stats.stored++
				}
			}
		}
	}
	p.opening = false
}

// drawBody draws the page's rows and notes.
func (p *pager) drawBody(pg *pdfwriter.Page, x, top float64, rows []placed, noteRows []*row, noteH, sep float64) {
	for _, pr := range rows {
		p.em.row(pg, p.drawn(pr.r), x, top-pr.y)
	}
	if len(noteRows) > 0 {
		y := p.s.TextH - noteH - sep
		lx := x
		if p.s.RTL {
			lx = x + p.s.TextW*0.7
		}
		rule := sep - p.s.NoteRaise
		p.em.mark(pg, nil, "Layout", func() { pg.StrokeLine(lx, top-y-rule/2, lx+p.s.TextW*0.3, top-y-rule/2, 0.5, p.s.Colors.Rules) })
		y += rule
		for _, r := range noteRows {
			p.em.row(pg, p.drawn(r), x, top-y)
			y += r.h
		}
	}
}

// bodyKey is the page cache's key of the page's body (pagecache.go): what
// drawBody will draw, and where.
func (p *pager) bodyKey(ap *articlePages, x, top float64, rows []placed, noteRows []*row, noteH, sep float64) ([32]byte, bool) {
	k := pageKeyer{ok: true, b: make([]byte, 0, 64*(len(rows)+len(noteRows)+2))}
	k.b = append(k.b, pageCacheVersion)
	k.num(x)
	k.num(top)
	for _, pr := range rows {
		k.row(pr.r, ap.ids, p.em.engine, pr.y)
	}
	k.b = append(k.b, 0xff)
	if len(noteRows) > 0 {
		k.num(noteH)
		k.num(sep)
		for _, r := range noteRows {
			k.row(r, ap.ids, p.em.engine, 0)
		}
	}
	return sha256.Sum256(k.b), k.ok
}

// runningHead sets the head line in the top margin: the title centred and the
// folio at the outer edge.
func (p *pager) runningHead(pg *pdfwriter.Page, n int, head *text.Line, folio string) {
	s := p.s
	x := s.left(n)
	base := s.H - s.Top + s.HeadGap
	p.em.mark(pg, nil, "Pagination", func() {
		if head != nil {
			a, b := lineExtent(head)
			p.em.line(pg, head, x+s.TextW/2-(a+b)/2, base)
		}
		pg.StrokeLine(x, base-s.Size*0.45, x+s.TextW, base-s.Size*0.45, 0.3, s.Colors.Rules)
	})
	p.folio(pg, n, folio, base, false)
}

// head is the running head that shows kind (pdf.theme.running-head): the
// book's title, the part's, the article's or its authors, falling back to
// the book's title where the page has no part or the article no author.
func (p *pager) head(kind string) *text.Line {
	var h *text.Line
	switch kind {
	case "none":
		return nil
	case "part":
		h = p.partHead
	case "article":
		if p.art != nil {
			h = p.art.head
		}
	case "author":
		if p.art != nil {
			h = p.art.author
		}
	}
	if h == nil {
		h = p.bookHead
	}
	return h
}

// folio sets a page number at the outer edge of the head line, or centred at
// the foot when foot is true.
func (p *pager) folio(pg *pdfwriter.Page, n int, folio string, base float64, foot bool) {
	s := p.s
	fl := shortLine(p.em.engine, folio, text.Style{Role: text.Body, Size: s.Size * 0.85, Color: s.Colors.Text}, s.RTL, s.Lang)
	if fl == nil {
		return
	}
	a, b := lineExtent(fl)
	x := s.left(n)
	switch {
	case foot:
		x += s.TextW/2 - (a+b)/2
	case s.innerLeft(n):
		x += s.TextW - b
	default:
		x -= a
	}
	p.em.mark(pg, nil, "Pagination", func() { p.em.line(pg, fl, x, base) })
}

// blank emits an empty page (the verso left before a recto opening).
func (p *pager) blank() {
	p.doc.NewPage(p.s.W, p.s.H).Close()
	p.pages++
	p.record(pageFill{slack: p.s.TextH, left: p.s.TextH})
}

// newPage ends the page being filled and, for recto, makes sure the next page
// is odd by leaving a blank verso.
func (p *pager) newPage(recto bool) {
	if len(p.deferred) > 0 {
		p.flush(false)
		p.placeDeferred()
	}
	p.flush(false)
	for p.cont != nil { // a note's end never spills onto the next article's opening
		p.flush(false)
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
				for _, g := range grp {
					g.floated = true
				}
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
	need, flex := 0.0, 0.0
	for i, r := range rows {
		need += r.h
		if i > 0 || len(p.rows) > 0 {
			need += r.before
			flex += r.before
		}
	}
	return p.used+need+p.notesH <= p.s.TextH+0.01+p.shrinkable(flex)
}

// placeDeferred puts the floating figures at the top of the (fresh) page.
func (p *pager) placeDeferred() {
	d := p.deferred
	p.deferred = nil
	for _, r := range d {
		p.add(r)
	}
}

// Vertical justification. A full page's rows rarely add up to the text
// block's height: a heading or a table row is not a whole number of body
// lines, and a row kept with the next one leaves room unused. So the spaces
// above headings and blocks are flexible, as a space between words is: a
// row fits on a page if those spaces can shrink by spaceShrink to make
// room, and the room a full page leaves is shared out among them (each up
// to spaceStretch of its height), then among all the gaps between rows,
// each by at most leadStretch of a body line. Beyond that the page ends
// short: lines standing visibly further apart than on the facing page are
// worse than a short page.
const (
	spaceShrink  = 0.3
	spaceStretch = 1.5
	leadStretch  = 0.12
)

// justify moves the rows of the page being filled so that the last one
// ends at foot: up when the page is overfull (its flexible spaces shrink),
// down when it is full (stretch) and there is room left.
func (p *pager) justify(foot float64, stretch bool) {
	n := len(p.rows)
	slack := foot - p.used
	if n < 2 || (slack > 0 && !stretch) || math.Abs(slack) <= 0.01 {
		return
	}
	flexible := p.flex
	fromSpaces := max(min(slack, flexible*spaceStretch), -flexible*spaceShrink)
	perGap := 0.0
	if slack > 0 {
		perGap = min((slack-fromSpaces)/float64(n-1), p.s.Lead*leadStretch)
	}
	shift := 0.0
	for i := 1; i < n; i++ {
		if flexible > 0 {
			shift += p.rows[i].r.before * fromSpaces / flexible
		}
		shift += perGap
		p.rows[i].y += shift
	}
	p.used += shift
}

// pageFill is what pagination did to one body page, for tests and
// measurements: how much room was left above the foot before the page was
// justified, and after.
type pageFill struct {
	full        bool    // the page ended because the next row did not fit
	slack, left float64 // pt
}

// record notes the fill of the page being emitted, when asked to.
func (p *pager) record(f pageFill) {
	if p.fills != nil {
		*p.fills = append(*p.fills, f)
	}
}
