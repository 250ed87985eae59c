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
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/locale"
	"github.com/warraq/warraq/export/pdfwriter"
	"github.com/warraq/warraq/export/render"
	"github.com/warraq/warraq/export/text"
	"github.com/warraq/warraq/internal/cache"
	"github.com/warraq/warraq/internal/par"
	"go.yaml.in/yaml/v3"
)

// Renderer is the PDF format.
type Renderer struct{}

// Format is "pdf".
func (Renderer) Format() string { return "pdf" }

// Options decodes book.yaml's pdf: section.
func (Renderer) Options(n *yaml.Node, r diag.List) any { return decodeOptions(n, r) }

// Render writes the book as a PDF; opts is what Options returned.
func (Renderer) Render(w io.Writer, in *render.Input, opts any) (render.Result, error) {
	o, ok := opts.(Options)
	if !ok {
		o = DefaultOptions()
	}
	return Write(w, in, o)
}

// Paginates marks the PDF as saying where its pages begin (Result.PageBreaks;
// render.Paginator).
func (Renderer) Paginates() {}

// Write lays the book out with options o and writes the PDF to w.
func Write(w io.Writer, in *render.Input, o Options) (render.Result, error) {
	return write(w, in, o, nil, nil)
}

// write is Write; when fills is not nil it receives every body page's fill,
// and stats, when not nil, what the page cache did.
func write(w io.Writer, in *render.Input, o Options, fills *[]pageFill, stats *pageStats) (render.Result, error) {
	type Result = render.Result
	b := in.Book
	if b == nil || in.Engine == nil {
		return Result{}, errors.New("pdf: no book or no text engine")
	}
	s := newSetup(b, fontLeading(o, in.Engine.FontSet(), b.Meta.Language))
	s.footDrops(in.Engine)
	s.emphasis(in.Engine.FontSet())
	// The document streams: each page is written to w once closed, so a
	// long book never holds its pages in memory.
	doc := pdfwriter.NewStream(w, pdfwriter.Info{
		Title:    b.Meta.Title,
		Author:   s.loc.Join(b.Meta.Authors),
		Subject:  b.Meta.Description,
		Keywords: strings.Join(b.Meta.Subjects, ", "),
		Creator:  "Warraq",
		Producer: "Warraq",
		Created:  b.Modified,
		Lang:     s.Lang,
		RTL:      s.RTL,
	})
	if id := cache.BuildID(); in.Cache != nil && id != nil {
		doc.CacheObjectStreams(in.Cache, id)
		doc.CacheImages(in.Cache, id)
	}
	em := newEmitter(doc, in.Engine, s)
	lay := &bookLayout{s: s, e: in.Engine, b: b, em: em, doc: doc, arts: map[string]*collection.Article{},
		cache: newArticleCache(in, o), root: doc.Structure(), linkTable: linkTable(b), digests: in.Digests}
	for _, a := range b.Articles {
		lay.arts[a.Path] = a
	}

	parts := b.Parts
	if len(parts) == 0 {
		parts = []*collection.Part{{Articles: b.Articles}}
	}
	toc := lay.tocEntries(parts)
	tocPages := lay.layoutTOC(toc)

	// Front matter: cover and its blank back, title page and colophon, contents;
	// padded to an even count so the body's page 1 is a recto. Each page is
	// closed once drawn, but the contents pages stay open until the body's
	// page numbers are known.
	var front []*pdfwriter.Page
	newFront := func() *pdfwriter.Page {
		pg := doc.NewPage(s.W, s.H)
		front = append(front, pg)
		return pg
	}
	if in.Cover != nil {
		fig := lay.root.Add("Figure")
		fig.SetAlt(fmt.Sprintf(s.loc.Labels.CoverOf, b.Meta.Title))
		pg := newFront()
		pg.Tag(fig)
		err := in.Cover.Draw(doc, pg)
		pg.EndMarked()
		if err != nil {
			return Result{}, fmt.Errorf("pdf: cover: %w", err)
		}
		pg.Close()
		newFront().Close()
	}
	pg := newFront()
	lay.titlePage(pg)
	pg.Close()
	pg = newFront()
	lay.colophon(pg)
	pg.Close()
	lay.toc = lay.root.Add("TOC") // filled once the body has its page numbers
	tocFirst := len(front)
	for i := 0; i < tocPages; i++ {
		newFront()
	}
	if len(front)%2 == 1 {
		newFront().Close()
	}

	p := &pager{em: em, doc: doc, s: s, front: len(front), destPage: map[string]int{}, fills: fills, stats: stats, expand: lay.expand}
	p.bookHead = shortLine(in.Engine, b.Meta.Title, text.Style{Role: text.Body, Italic: true, Size: s.Size * 0.8, Color: s.Colors.Muted}, s.RTL, s.Lang)
	if err := lay.body(context.Background(), p, parts, in.Probe); err != nil {
		return Result{}, err
	}
	doc.ForgetSketches()
	p.newPage(false) // the last page, and any figure still waiting for one
	if em.err != nil {
		return Result{}, em.err
	}
	if in.Paginated != nil && (lay.cache.warm(len(b.Articles)) || smallBook(b)) {
		in.Paginated(p.breaks) // the EPUB's page list; what follows moves no page
	}
	lay.drawTOC(toc, front[tocFirst:tocFirst+tocPages], tocFirst, p.destPage)
	for _, pg := range front[tocFirst : tocFirst+tocPages] {
		pg.Close()
	}
	lay.outline(toc)
	doc.SetPageLabels(lay.labels(len(front), p.pages))
	if em.err != nil {
		return Result{}, em.err
	}
	if err := doc.Finish(); err != nil {
		return Result{}, fmt.Errorf("pdf: %w", err)
	}
	return Result{Pages: doc.PageCount(), PageBreaks: p.breaks}, nil
}

// bookLayout holds what the stages of Write share.
type bookLayout struct {
	s     setup
	e     *text.Engine
	b     *collection.Book
	arts  map[string]*collection.Article // by path, for links between articles
	em    *emitter
	doc   *pdfwriter.Document
	cache *articleCache // nil: lay every article out
	// linkTable hashes the articles' paths and slugs (skeleton.go).
	linkTable [32]byte
	// digests are the articles' digests, shared with the other formats
	// (nil: each made when asked for).
	digests *render.Digests
	// The structure tree (tags.go): its root, the contents' element and
	// the part the articles being paginated belong to.
	root, toc, part *pdfwriter.StructElem
	// sketchers are the idle layout workers' sketches (sketch.go);
	// ready counts the articles laid out and waiting for the paginator.
	sketchers chan *sketcher
	ready     atomic.Int32
}

// body lays the articles out in parallel, at most GOMAXPROCS at a time and a
// bounded window ahead of the paginator, and paginates them in book order.
// The window keeps memory flat: an article's rows are dropped once its pages
// are written, and no more than layoutBudget of Markdown is laid out ahead
// of the paginator, so a few very large articles are laid out one at a time
// on any number of CPUs. A panic while laying an article out is an error
// naming it.
func (l *bookLayout) body(ctx context.Context, p *pager, parts []*collection.Part, probe func(stage, item string)) error {
	var arts []*collection.Article
	partStart := map[int]int{} // article index -> part index that opens before it
	var titled []bool          // by article: whether its part has a title
	for pi, pt := range parts {
		if pt.Title != "" && len(pt.Articles) > 0 {
			partStart[len(arts)] = pi
		}
		arts = append(arts, pt.Articles...)
		for range pt.Articles {
			titled = append(titled, pt.Title != "")
		}
	}
	workers := par.Limit()
	l.sketchers = make(chan *sketcher, workers)
	return par.OrderedWeighted(ctx, len(arts), workers, 2*workers,
		func(i int) int64 { return int64(arts[i].Bytes) }, layoutBudget,
		func(i int) string { return arts[i].Path },
		func(i int) (*laidArticle, error) {
			if probe != nil {
				probe("pdf layout", arts[i].Path)
			}
			la := l.prepare(arts[i])
			l.ready.Add(1)
			return la, nil
		},
		func(i int, la *laidArticle) error {
			l.ready.Add(-1)
			if pi, ok := partStart[i]; ok {
				l.partPage(p, parts[pi], pi)
			}
			parent := l.root
			if titled[i] && l.part != nil {
				parent = l.part
			}
			attach(la.tag, parent)
			if ap := la.pages; ap != nil {
				ap.elems = make([]*pdfwriter.StructElem, len(ap.ids))
				for n, i := range ap.ids {
					ap.elems[i] = n.elem
				}
			}
			p.newPage(l.s.Recto)
			if la.skel != nil && p.stats != nil {
				p.stats.skeletal++
			}
			p.art = la
			p.opening = true
			if la.sketched {
				la.elems = treeElems(la.tag)
				for i, pl := range la.plans {
					p.emit(pl)
					la.plans[i] = nil
				}
				la.plans = nil
			} else {
				p.addRows(la.rows)
			}
			// Its last page is drawn now, not when the next article
			// begins (the same pages): its cached pages can be written.
			p.newPage(false)
			if l.cache != nil && l.em.err == nil {
				l.cache.storePages(la)
			}
			la.pages = nil
			// Nothing more is drawn into its elements: the writer keeps
			// them encoded, not as objects, until the end.
			la.tag.elem.Close()
			return l.em.err
		})
}

// layoutBudget is the Markdown laid out ahead of the paginator at once:
// its rows take about 110 bytes a byte (measured on prose; more on one long
// paragraph), so some 120 MB. The largest article (1 MB) is laid out alone.
const layoutBudget = 1 << 20

func partDest(i int) string { return fmt.Sprintf("part/%d", i+1) }

// partPage sets a part's title alone on a recto.
func (l *bookLayout) partPage(p *pager, pt *collection.Part, i int) {
	p.newPage(true)
	p.art, p.part = nil, pt
	p.opening = true
	s := l.s
	sink := &row{h: s.TextH * 0.33, keep: true, dests: []string{partDest(i)}}
	p.add(sink)
	if s.HeadOdd == "part" || s.HeadEven == "part" {
		p.partHead = shortLine(l.e, pt.Title, text.Style{Role: text.Body, Italic: true, Size: s.Size * 0.8, Color: s.Colors.Muted}, s.RTL, s.Lang)
	}
	size := s.Size * 2.1 * s.HeadScale
	blk := l.e.Layout(text.Paragraph{Spans: []text.Span{{Text: pt.Title, Style: text.Style{Role: text.Heading, Bold: true, Size: size, Color: s.Colors.Headings}}},
		Dir: l.dir(), Lang: s.Lang, Align: text.Center, Balance: true}, s.TextW)
	bd := &builder{s: s, e: l.e, cur: &snode{kind: "Part"}}
	bd.open("H1")
	attach(bd.cur, l.root)
	l.part = bd.cur.elem
	for _, r := range bd.lines(blk, ctx{size: size, lead: size * 1.5, dir: l.dir()}, 0, true) {
		p.add(r)
	}
	orn := &row{h: s.Lead * 1.5}
	if k := s.PartOrnament; k == "rule" || k == "" {
		orn.els = []el{{kind: elLine, x: s.TextW * 0.4, y: orn.h / 2, w: s.TextW * 0.6, h: orn.h / 2, width: 0.7, color: s.Colors.Rules}}
	} else {
		orn.els = ornament(k, s.TextW, orn.h, s.Size*1.3, s.Colors.Rules)
	}
	p.add(orn)
	p.flush(false)
}

func (l *bookLayout) dir() text.Direction {
	if l.s.RTL {
		return text.RTL
	}
	return text.LTR
}

// centred draws a paragraph on the text block of physical page n with its
// first line's top at y (from the page top) and returns the y below it;
// centred lines are balanced. It is an element of the given kind under parent.
func (l *bookLayout) centred(pg *pdfwriter.Page, parent *pdfwriter.StructElem, kind, txt string, st text.Style, lead, y float64, align text.Align) float64 {
	if txt == "" {
		return y
	}
	tag := parent.Add(kind)
	s := l.s
	n := pg.Index() + 1
	blk := l.e.Layout(text.Paragraph{Spans: []text.Span{{Text: txt, Style: st}}, Dir: l.dir(), Lang: s.Lang, Align: align,
		Balance: align == text.Center}, s.TextW)
	for i := range blk.Lines {
		ln := &blk.Lines[i]
		asc, desc := metrics(ln, st.Size)
		base := y + (lead-(asc+desc))/2 + asc
		l.em.mark(pg, tag, "", func() { l.em.line(pg, ln, s.left(n), s.H-base) })
		y += lead
	}
	return y
}

func (l *bookLayout) titlePage(pg *pdfwriter.Page) {
	s, m := l.s, l.b.Meta
	y := s.Top + s.TextH*0.22
	ts := s.Size * 2.4 * s.HeadScale
	y = l.centred(pg, l.root, "H1", m.Title, text.Style{Role: text.Heading, Bold: true, Size: ts, Color: s.Colors.Headings}, ts*1.5, y, text.Center)
	y += s.Size
	l.centred(pg, l.root, "P", m.Subtitle, text.Style{Role: text.Body, Italic: true, Size: s.Size * 1.3, Color: s.Colors.Muted}, s.Size*1.3*1.6, y, text.Center)
	y = s.Top + s.TextH*0.58
	l.centred(pg, l.root, "P", s.loc.Join(m.Authors), text.Style{Role: text.Body, Bold: true, Size: s.Size * 1.35, Color: s.Colors.Text}, s.Size*1.35*1.6, y, text.Center)
	l.centred(pg, l.root, "P", m.Publisher, text.Style{Role: text.Body, Size: s.Size, Color: s.Colors.Text}, s.Lead, s.Top+s.TextH-s.Lead, text.Center)
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
	add(s.loc.Join(m.Authors))
	add(m.Publisher)
	if !m.Date.IsZero() {
		add(s.date(m.Date, s.Lang))
	}
	add(m.Rights)
	// The identifier is printed only when it is an ISBN: a generated
	// urn:uuid means nothing to a reader.
	if isbn := m.ISBN(); isbn != "" {
		add(s.loc.Labels.ISBN + " " + isbn)
	}
	size := s.Size * 0.8
	lead := size * 1.6
	st := text.Style{Role: text.Body, Size: size, Color: s.Colors.Muted}
	// Measure first, so the block ends at the foot of the text area.
	h := 0.0
	for _, v := range lines {
		blk := l.e.Layout(text.Paragraph{Spans: []text.Span{{Text: v, Style: st}}, Dir: l.dir(), Lang: s.Lang, Align: text.Start}, s.TextW)
		h += float64(len(blk.Lines)) * lead
	}
	y := s.Top + s.TextH - h
	for _, v := range lines {
		y = l.centred(pg, l.root, "P", v, st, lead, y, text.Start)
	}
}

// labels numbers the front matter (abjad or Hebrew letters, or roman
// numerals) and the body (from 1, in the book's digits) as the pages print
// them. PDF page labels have neither abjad, Hebrew nor arabic-indic styles:
// such pages get their printed number as a prefix.
func (l *bookLayout) labels(front, body int) []pdfwriter.PageLabel {
	var out []pdfwriter.PageLabel
	if l.s.Front != locale.Roman {
		for i := 0; i < front; i++ {
			out = append(out, pdfwriter.PageLabel{FirstPage: i, Prefix: l.s.frontNumber(i + 1)})
		}
	} else {
		out = append(out, pdfwriter.PageLabel{FirstPage: 0, Style: "r", Start: 1})
	}
	if l.s.Native {
		for i := 0; i < body; i++ {
			out = append(out, pdfwriter.PageLabel{FirstPage: front + i, Prefix: l.s.digits(i + 1)})
		}
	} else if body > 0 {
		out = append(out, pdfwriter.PageLabel{FirstPage: front, Style: "D", Start: 1})
	}
	return out
}
