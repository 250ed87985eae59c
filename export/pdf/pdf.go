// Package pdf lays a Book out as a printed book — cover, title page, table of
// contents, parts and articles, running heads, folios, footnotes — on top of the
// text engine (export/text) and writes it with export/pdfwriter.
//
// The body is laid out first, with page numbers starting at 1, so the table of
// contents, set afterwards in the front matter, prints the final numbers. The
// front matter's length does not depend on those numbers (the number column has
// a fixed width), so its pages are counted before the body and filled in last.
package pdf

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/cover"
	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/pdfwriter"
	"github.com/warraq/warraq/export/text"
)

// The exported surface in brief:
//
//	type Options struct {
//	    Engine *text.Engine          // shared engine (its FontSet holds the faces)
//	    Cover  *cover.Cover          // drawn as the first page (vector, real text)
//	    Warn   func(diag.Diagnostic)
//	}
//	type Result struct { Pages int }
//	func Write(w io.Writer, b *collection.Book, opt Options) (Result, error)

// Options configures Write.
type Options struct {
	Engine *text.Engine // shared engine (its FontSet holds the faces)
	Cover  *cover.Cover // drawn as the first page (vector, real text); nil: no cover page
	Warn   func(diag.Diagnostic)
}

// Result describes the written PDF.
type Result struct {
	Pages int
}

// Write lays b out and writes the PDF to w.
func Write(w io.Writer, b *collection.Book, opt Options) (Result, error) {
	if b == nil || opt.Engine == nil {
		return Result{}, errors.New("pdf: no book or no text engine")
	}
	s := newSetup(b)
	doc := pdfwriter.New(pdfwriter.Info{
		Title:    b.Meta.Title,
		Author:   join(b.Meta.Authors, s.word("sep")),
		Subject:  b.Meta.Description,
		Keywords: join(b.Meta.Subjects, ", "),
		Creator:  "Warraq",
		Producer: "Warraq",
		Created:  b.Modified,
		Lang:     s.Lang,
		RTL:      s.RTL,
	})
	em := newEmitter(doc, opt.Engine, s)
	lay := &bookLayout{s: s, e: opt.Engine, b: b, em: em, doc: doc}

	parts := b.Parts
	if len(parts) == 0 {
		parts = []*collection.Part{{Articles: b.Articles}}
	}
	toc := lay.tocEntries(parts)
	tocPages := lay.layoutTOC(toc)

	// Front matter: cover and its blank back, title page and colophon, contents;
	// padded to an even count so the body's page 1 is a recto.
	var front []*pdfwriter.Page
	newFront := func() *pdfwriter.Page {
		pg := doc.NewPage(s.W, s.H)
		front = append(front, pg)
		return pg
	}
	if opt.Cover != nil {
		if err := opt.Cover.Draw(doc, newFront()); err != nil {
			return Result{}, fmt.Errorf("pdf: cover: %w", err)
		}
		newFront()
	}
	lay.titlePage(newFront())
	lay.colophon(newFront())
	tocFirst := len(front)
	for i := 0; i < tocPages; i++ {
		newFront()
	}
	if len(front)%2 == 1 {
		newFront()
	}

	p := &pager{em: em, doc: doc, s: s, front: len(front), destPage: map[string]int{}}
	p.bookHead = shortLine(opt.Engine, b.Meta.Title, text.Style{Role: text.Body, Italic: true, Size: s.Size * 0.8, Color: grey}, s.RTL, s.Lang)
	if err := lay.body(p, parts, opt.Warn); err != nil {
		return Result{}, err
	}
	p.newPage(false) // the last page, and any figure still waiting for one
	if em.err != nil {
		return Result{}, em.err
	}
	lay.drawTOC(toc, front[tocFirst:tocFirst+tocPages], tocFirst, p.destPage)
	lay.outline(toc)
	doc.SetPageLabels(lay.labels(len(front), p.pages))
	if em.err != nil {
		return Result{}, em.err
	}
	if err := doc.Write(w); err != nil {
		return Result{}, fmt.Errorf("pdf: %w", err)
	}
	return Result{Pages: doc.PageCount()}, nil
}

// bookLayout holds what the stages of Write share.
type bookLayout struct {
	s   setup
	e   *text.Engine
	b   *collection.Book
	em  *emitter
	doc *pdfwriter.Document
}

// body lays the articles out in parallel, at most GOMAXPROCS at a time and a
// bounded window ahead of the paginator, and paginates them in book order.
// The window keeps memory flat: an article's rows are dropped once its pages
// are written.
func (l *bookLayout) body(p *pager, parts []*collection.Part, warn func(diag.Diagnostic)) error {
	var arts []*collection.Article
	partStart := map[int]int{} // article index -> part index that opens before it
	for pi, pt := range parts {
		if pt.Title != "" && len(pt.Articles) > 0 {
			partStart[len(arts)] = pi
		}
		arts = append(arts, pt.Articles...)
	}
	workers := runtime.GOMAXPROCS(0)
	results := make([]chan *laidArticle, len(arts))
	for i := range results {
		results[i] = make(chan *laidArticle, 1)
	}
	window := make(chan struct{}, 2*workers)
	sem := make(chan struct{}, workers)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i, a := range arts {
			select {
			case window <- struct{}{}:
			case <-stop:
				return
			}
			select {
			case sem <- struct{}{}:
			case <-stop:
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				results[i] <- layoutArticle(l.s, l.e, l.b, a)
			}()
		}
	}()
	defer func() {
		close(stop)
		wg.Wait()
	}()
	for i := range arts {
		if pi, ok := partStart[i]; ok {
			l.partPage(p, parts[pi], pi)
		}
		la := <-results[i]
		for _, d := range la.diags {
			if warn != nil {
				warn(d)
			}
		}
		p.newPage(l.s.Recto)
		p.art = la
		p.opening = true
		p.addRows(la.rows)
		<-window
		if l.em.err != nil {
			return l.em.err
		}
	}
	return nil
}

func partDest(i int) string { return fmt.Sprintf("part/%d", i+1) }

// partPage sets a part's title alone on a recto.
func (l *bookLayout) partPage(p *pager, pt *collection.Part, i int) {
	p.newPage(true)
	p.art = nil
	p.opening = true
	s := l.s
	sink := &row{h: s.TextH * 0.33, keep: true, dests: []string{partDest(i)}}
	p.add(sink)
	size := s.Size * 2.1
	blk := l.e.Layout(text.Paragraph{Spans: []text.Span{{Text: pt.Title, Style: text.Style{Role: text.Heading, Bold: true, Size: size}}},
		Dir: l.dir(), Lang: s.Lang, Align: text.Center}, s.TextW)
	bd := &builder{s: s, e: l.e, b: l.b, dir: l.dir()}
	for _, r := range bd.lines(blk, ctx{size: size, lead: size * 1.5}, 0, true) {
		p.add(r)
	}
	orn := &row{h: s.Lead * 1.5}
	orn.els = []el{{kind: elLine, x: s.TextW * 0.4, y: orn.h / 2, w: s.TextW * 0.6, h: orn.h / 2, width: 0.7, color: ruleCol}}
	p.add(orn)
	p.flush()
}

func (l *bookLayout) dir() text.Direction {
	if l.s.RTL {
		return text.RTL
	}
	return text.LTR
}

// centred draws a paragraph centred on the text block of physical page n with
// its first line's top at y (from the page top) and returns the y below it.
func (l *bookLayout) centred(pg *pdfwriter.Page, txt string, st text.Style, lead, y float64, align text.Align) float64 {
	if txt == "" {
		return y
	}
	s := l.s
	n := pg.Index() + 1
	blk := l.e.Layout(text.Paragraph{Spans: []text.Span{{Text: txt, Style: st}}, Dir: l.dir(), Lang: s.Lang, Align: align}, s.TextW)
	for i := range blk.Lines {
		ln := &blk.Lines[i]
		asc, desc := metrics(ln, st.Size)
		base := y + (lead-(asc+desc))/2 + asc
		l.em.line(pg, ln, s.left(n), s.H-base)
		y += lead
	}
	return y
}

func (l *bookLayout) titlePage(pg *pdfwriter.Page) {
	s, m := l.s, l.b.Meta
	y := s.Top + s.TextH*0.22
	ts := s.Size * 2.4
	y = l.centred(pg, m.Title, text.Style{Role: text.Heading, Bold: true, Size: ts}, ts*1.5, y, text.Center)
	y += s.Size
	l.centred(pg, m.Subtitle, text.Style{Role: text.Body, Italic: true, Size: s.Size * 1.3, Color: grey}, s.Size*1.3*1.6, y, text.Center)
	y = s.Top + s.TextH*0.58
	l.centred(pg, join(m.Authors, s.word("sep")), text.Style{Role: text.Body, Bold: true, Size: s.Size * 1.35}, s.Size*1.35*1.6, y, text.Center)
	l.centred(pg, m.Publisher, text.Style{Role: text.Body, Size: s.Size}, s.Lead, s.Top+s.TextH-s.Lead, text.Center)
}

// colophon sets the book's particulars at the foot of the title page's back.
func (l *bookLayout) colophon(pg *pdfwriter.Page) {
	s, m := l.s, l.b.Meta
	var lines []string
	add := func(v string) {
		if v != "" {
			lines = append(lines, v)
		}
	}
	add(m.Title)
	add(join(m.Authors, s.word("sep")))
	add(m.Publisher)
	if !m.Date.IsZero() {
		add(s.date(m.Date, s.Lang))
	}
	add(m.Rights)
	add(m.Identifier)
	size := s.Size * 0.8
	lead := size * 1.6
	st := text.Style{Role: text.Body, Size: size, Color: grey}
	// Measure first, so the block ends at the foot of the text area.
	h := 0.0
	for _, v := range lines {
		blk := l.e.Layout(text.Paragraph{Spans: []text.Span{{Text: v, Style: st}}, Dir: l.dir(), Lang: s.Lang, Align: text.Start}, s.TextW)
		h += float64(len(blk.Lines)) * lead
	}
	y := s.Top + s.TextH - h
	for _, v := range lines {
		y = l.centred(pg, v, st, lead, y, text.Start)
	}
}

// labels numbers the front matter (roman, or abjad letters with arabic-indic
// digits) and the body (from 1) as the pages print them.
func (l *bookLayout) labels(front, body int) []pdfwriter.PageLabel {
	var out []pdfwriter.PageLabel
	if l.s.Arabic {
		// PDF page labels have no arabic-indic style: each page gets its printed
		// number as a prefix.
		for i := 0; i < front; i++ {
			out = append(out, pdfwriter.PageLabel{FirstPage: i, Prefix: l.s.frontNumber(i + 1)})
		}
		for i := 0; i < body; i++ {
			out = append(out, pdfwriter.PageLabel{FirstPage: front + i, Prefix: l.s.digits(i + 1)})
		}
		return out
	}
	out = append(out, pdfwriter.PageLabel{FirstPage: 0, Style: "r", Start: 1})
	if body > 0 {
		out = append(out, pdfwriter.PageLabel{FirstPage: front, Style: "D", Start: 1})
	}
	return out
}
