package pdf

import (
	"math"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/pdfwriter"
	"github.com/warraq/warraq/export/text"
)

// tocEntry is a line of the table of contents: a part, an article or (with
// toc-depth 2) a level-2 heading.
type tocEntry struct {
	level  int // 0 part, 1 article, 2 heading
	title  string
	dest   string
	blk    text.Block
	size   float64
	lead   float64
	indent float64
	before float64
	h      float64
	page   int     // index among the contents pages
	y      float64 // top of the entry, from the top of the text block
	out    *pdfwriter.Outline
}

func (l *bookLayout) tocEntries(parts []*collection.Part) []*tocEntry {
	var out []*tocEntry
	s := l.s
	hasParts := false
	for _, pt := range parts {
		if pt.Title != "" {
			hasParts = true
		}
	}
	step := s.Size * 1.3
	for pi, pt := range parts {
		ind := 0.0
		if pt.Title != "" && len(pt.Articles) > 0 {
			out = append(out, &tocEntry{level: 0, title: pt.Title, dest: partDest(pi), size: s.Size * 1.05, before: s.Lead * 0.7})
		}
		if hasParts {
			ind = step
		}
		for _, a := range pt.Articles {
			out = append(out, &tocEntry{level: 1, title: a.Title, dest: articleDest(a), size: s.Size * 0.95, indent: ind, before: s.Lead * 0.15})
			if s.TOCDepth < 2 {
				continue
			}
			for _, h := range a.Headings {
				if h.Level == 2 {
					out = append(out, &tocEntry{level: 2, title: h.Text, dest: headingDest(a, h.ID), size: s.Size * 0.85, indent: ind + step})
				}
			}
		}
	}
	return out
}

// numberWidth is the column kept for page numbers: four digits whatever the
// final numbers are, so the contents' length is known before the body is set.
func (l *bookLayout) numberWidth() float64 {
	ln := shortLine(l.e, l.s.digits(8888), text.Style{Role: text.Body, Size: l.s.Size}, l.s.RTL, l.s.Lang)
	if ln == nil {
		return l.s.Size * 2.5
	}
	a, b := lineExtent(ln)
	return b - a
}

func (l *bookLayout) tocHeading() float64 { return l.s.TextH*0.08 + l.s.Size*1.8*1.6 + l.s.Lead }

// layoutTOC sets every entry's lines and assigns entries to pages; it returns
// the number of pages the contents take.
func (l *bookLayout) layoutTOC(toc []*tocEntry) int {
	s := l.s
	numCol := l.numberWidth()
	numW := numCol + s.Size*1.5
	for _, t := range toc {
		st := text.Style{Role: text.Body, Size: t.size, Bold: t.level == 0, Color: s.Colors.Text}
		if t.level == 0 {
			st.Role = text.Heading
		}
		if t.level == 2 {
			st.Color = s.Colors.Muted
		}
		t.lead = t.size * 1.55
		t.blk = l.e.Layout(text.Paragraph{Spans: []text.Span{{Text: t.title, Style: st}}, Dir: l.dir(), Lang: s.Lang, Align: text.Start},
			s.TextW-t.indent-numW)
		n := len(t.blk.Lines)
		if n == 0 {
			n = 1
		}
		t.h = float64(n) * t.lead
	}
	page, y := 0, l.tocHeading()
	for i, t := range toc {
		need := t.before + t.h
		if t.level == 0 && i+1 < len(toc) {
			need += toc[i+1].before + toc[i+1].h // a part's line stays with its first article
		}
		if y > 0 && y+need > s.TextH {
			page++
			y = 0
		}
		if y > 0 {
			y += t.before
		}
		t.page, t.y = page, y
		y += t.h
	}
	return page + 1
}

// drawTOC fills the contents pages once the body has fixed every page number.
func (l *bookLayout) drawTOC(toc []*tocEntry, pages []*pdfwriter.Page, first int, destPage map[string]int) {
	s := l.s
	if len(pages) == 0 {
		return
	}
	top := s.H - s.Top
	hs := s.Size * 1.8 * s.HeadScale
	l.centred(pages[0], l.toc, "H1", s.loc.Labels.Contents, text.Style{Role: text.Heading, Bold: true, Size: hs, Color: s.Colors.Headings}, hs*1.6, s.Top+s.TextH*0.08, text.Center)
	l.doc.AddDest("contents", pages[0], s.H-s.Top)
	for i, pg := range pages {
		n := pg.Index() + 1
		pgr := &pager{em: l.em, s: s} // the folio is an artifact
		pgr.folio(pg, n, s.frontNumber(first+i+1), s.Bottom*0.5, true)
	}
	gap := s.Size * 0.6
	numCol := l.numberWidth()
	numW := numCol + s.Size*1.5
	// The page numbers stand in a column as wide as the widest of them,
	// at the end edge, each aligned on its units digit (flush right, in
	// either direction: digits run left to right); the leaders run on one
	// grid anchored at the column, so every row's dots line up and end at
	// the same distance from the numbers.
	rows := map[int]*pdfwriter.Form{} // leader rows, by their number of dots
	nums := make([]*text.Line, len(toc))
	col := 0.0
	for i, t := range toc {
		if num := destPage[t.dest]; num > 0 {
			nums[i] = shortLine(l.e, s.digits(num), text.Style{Role: text.Body, Size: t.size, Bold: t.level == 0, Color: s.Colors.Text}, s.RTL, s.Lang)
			if nums[i] != nil {
				a, b := inkExtent(nums[i])
				col = math.Max(col, b-a)
			}
		}
	}
	for i, t := range toc {
		pg := pages[t.page]
		n := pg.Index() + 1
		item := l.toc.Add("TOCI")
		x0 := s.left(n)
		y := top - t.y
		numLine := nums[i]
		var lastBase, textA, textB float64
		for i := range t.blk.Lines {
			ln := &t.blk.Lines[i]
			asc, desc := metrics(ln, t.size)
			base := y - (t.lead-(asc+desc))/2 - asc - float64(i)*t.lead
			lx := x0 + t.indent
			if s.RTL {
				lx = x0 + numW // the start (right) edge is indented by the width left of it
			}
			l.em.mark(pg, item, "", func() { l.em.line(pg, ln, lx, base) })
			lastBase = base
			textA, textB = lineExtent(ln)
			textA += lx
			textB += lx
		}
		if numLine != nil {
			_, b := inkExtent(numLine)
			if s.RTL {
				edge := x0 + col // the numbers' right edges
				l.em.mark(pg, item, "", func() { l.em.line(pg, numLine, edge-b, lastBase) })
				l.em.mark(pg, nil, "Layout", func() { l.leaders(pg, rows, edge+gap, textA-gap, lastBase, edge+gap) })
			} else {
				edge := x0 + s.TextW
				l.em.mark(pg, item, "", func() { l.em.line(pg, numLine, edge-b, lastBase) })
				l.em.mark(pg, nil, "Layout", func() { l.leaders(pg, rows, textB+gap, edge-col-gap, lastBase, edge-col-gap) })
			}
		}
		pg.LinkDest(x0, y-t.h, s.TextW, t.h, t.dest)
		pg.LinkIn(item.Add("Link"), t.title)
	}
}

// leaders draws dot leaders between from and to, the dots on a grid of
// leaderStep pt through anchor (the side of the numbers), so the dots of
// successive entries line up in columns and all end at the anchor. A row
// of n dots is a form drawn once (rows holds them by n) and painted at the
// row's first dot: a book of 1,800 articles had 81,000 dots, each a path
// of some 210 bytes on contents pages all drawn at the end of the build.
func (l *bookLayout) leaders(pg *pdfwriter.Page, rows map[int]*pdfwriter.Form, from, to, base, anchor float64) {
	step := l.s.Size * leaderStep
	r := l.s.Size * 0.045 // dot radius: about a full stop's
	x0 := anchor + math.Ceil((from+r-anchor)/step)*step
	n := 0
	for x := x0; x+r <= to+0.01; x += step {
		n++
	}
	if n == 0 {
		return
	}
	f := rows[n]
	if f == nil {
		// The box leaves a dot's width around the dots, so that clipping
		// to it never touches their anti-aliased edges.
		f = l.doc.NewForm(-2*r, -2*r, float64(n-1)*step+2*r, 2*r)
		for i := 0; i < n; i++ {
			dot(f.PathAt(float64(i)*step, 0), r, l.s.Colors.Rules)
		}
		rows[n] = f
	}
	pg.DrawForm(f, x0, base+r)
}

// leaderStep is the distance between two leader dots, in ems.
const leaderStep = 0.4

// dot fills a circle of radius r centred on the path's origin.
func dot(pa *pdfwriter.Path, r float64, c pdfwriter.Color) {
	const k = 0.5523 // cubic Bézier approximation of a quarter circle
	pa.MoveTo(r, 0).
		CurveTo(r, k*r, k*r, r, 0, r).
		CurveTo(-k*r, r, -r, k*r, -r, 0).
		CurveTo(-r, -k*r, -k*r, -r, 0, -r).
		CurveTo(k*r, -r, r, -k*r, r, 0).
		Close().Fill(c)
}

// outline mirrors the contents as PDF bookmarks.
func (l *bookLayout) outline(toc []*tocEntry) {
	l.doc.AddOutline(nil, l.s.loc.Labels.Contents, "contents")
	var part, art *pdfwriter.Outline
	for _, t := range toc {
		switch t.level {
		case 0:
			part = l.doc.AddOutline(nil, t.title, t.dest)
			art = nil
		case 1:
			art = l.doc.AddOutline(part, t.title, t.dest)
		case 2:
			parent := art
			if parent == nil {
				parent = part
			}
			l.doc.AddOutline(parent, t.title, t.dest)
		}
	}
}
