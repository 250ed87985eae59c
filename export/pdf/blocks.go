package pdf

import (
	"fmt"
	"sort"
	"strings"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/text"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// builder turns one article's goldmark document into rows.
type builder struct {
	s    setup
	e    *text.Engine
	b    *collection.Book
	a    *collection.Article
	dir  text.Direction
	lang string

	rows    []*row
	notes   map[int]*note
	diags   []diag.Diagnostic
	missing map[rune]bool

	prev   prevKind // what the last block was, for spacing and indents
	marker *el      // a list marker waiting for the first line of its item
}

type prevKind int

const (
	prevNone prevKind = iota // start of the body: no indent, no space
	prevPara
	prevHeading
	prevBlock
)

// ctx is what nesting changes: indents, size and colour.
type ctx struct {
	start, end float64 // indents on the start and end side, pt
	size       float64
	lead       float64
	color      [3]float64
	tight      bool // inside a tight list: no space between items
}

func (bd *builder) width(c ctx) float64 { return bd.s.TextW - c.start - c.end }

// leftOf returns the x of a column that has indents c, from the text block's left.
func (bd *builder) leftOf(c ctx) float64 {
	if bd.dir == text.RTL {
		return c.end
	}
	return c.start
}

func (bd *builder) layout(spans []text.Span, align text.Align, indent float64, w float64, dir text.Direction, lang string, offs []spanOff) text.Block {
	blk := bd.e.Layout(text.Paragraph{Spans: spans, Dir: dir, Lang: lang, Align: align, Indent: indent}, w)
	if len(blk.Missing) > 0 {
		bd.reportMissing(blk.Missing, offs)
	}
	return blk
}

// spanOff maps a byte offset of the paragraph text to a source offset.
type spanOff struct{ text, src int }

func (bd *builder) reportMissing(m []text.MissingRune, offs []spanOff) {
	for _, mr := range m {
		if bd.missing[mr.Rune] {
			continue
		}
		bd.missing[mr.Rune] = true
		line := bd.a.TitleLine
		if len(offs) > 0 {
			i := sort.Search(len(offs), func(i int) bool { return offs[i].text > mr.Offset }) - 1
			if i < 0 {
				i = 0
			}
			if offs[i].src >= 0 {
				line = bd.a.Line(offs[i].src)
			}
		}
		faces := strings.Join(mr.Faces, ", ")
		if faces == "" {
			faces = "any font"
		}
		bd.diags = append(bd.diags, diag.Diagnostic{
			File: bd.a.Path, Line: line, Severity: diag.Warning,
			Message: fmt.Sprintf("U+%04X %c has no glyph in %s", mr.Rune, mr.Rune, faces),
		})
	}
}

// lines appends a laid-out block as rows. Widows and orphans: a page may not
// break after a paragraph's first line or before its last, so at least two
// lines stay together at either end; keepAll keeps every line together.
func (bd *builder) lines(blk text.Block, c ctx, before float64, keepAll bool) []*row {
	n := len(blk.Lines)
	out := make([]*row, 0, n)
	x := bd.leftOf(c)
	for i := range blk.Lines {
		l := &blk.Lines[i]
		asc, desc := metrics(l, c.size)
		h := c.lead
		if asc+desc > h {
			h = asc + desc
		}
		base := (h-(asc+desc))/2 + asc
		r := &row{h: h, keep: keepAll || (i == 0 && n > 1) || i == n-2}
		if i == 0 {
			r.before = before
			if bd.marker != nil {
				m := *bd.marker
				m.y = base
				r.els = append(r.els, m)
				bd.marker = nil
			}
		}
		r.els = append(r.els, el{kind: elText, x: x, y: base, line: l})
		for j := range l.Runs {
			if t := l.Runs[j].Style.Tag; t > 0 {
				if nt := bd.notes[t]; nt != nil && !hasNote(r.notes, nt) {
					r.notes = append(r.notes, nt)
				}
			}
		}
		out = append(out, r)
	}
	bd.rows = append(bd.rows, out...)
	return out
}

func hasNote(ns []*note, n *note) bool {
	for _, x := range ns {
		if x == n {
			return true
		}
	}
	return false
}

// spacing is the space above a block of kind k after the previous block.
func (bd *builder) spacing(k prevKind, c ctx) float64 {
	switch {
	case bd.prev == prevNone:
		return 0
	case bd.prev == prevHeading:
		return c.lead * 0.25
	case k == prevPara && bd.prev == prevPara && bd.s.Indent:
		return 0
	case c.tight:
		return 0
	}
	return bd.s.Paragr
}

func (bd *builder) blocks(n ast.Node, c ctx) {
	for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
		bd.block(ch, c)
	}
}

func (bd *builder) block(n ast.Node, c ctx) {
	switch n := n.(type) {
	case *ast.Heading:
		bd.heading(n, c)
	case *ast.Paragraph:
		if img := soleImage(n); img != nil {
			bd.figure(img, c)
			return
		}
		bd.paragraph(n, c)
	case *ast.TextBlock:
		bd.paragraph(n, c)
	case *ast.Blockquote:
		q := c
		q.start += c.size * 1.5
		q.end += c.size * 1.5
		q.size = c.size * 0.92
		q.lead = c.lead * 0.92
		q.color = [3]float64{0.2, 0.2, 0.2}
		before := bd.spacing(prevBlock, c)
		bd.prev = prevBlock
		k := len(bd.rows)
		bd.blocks(n, q)
		if len(bd.rows) > k {
			bd.rows[k].before = before
		}
		bd.prev = prevBlock
	case *ast.List:
		bd.list(n, c)
	case *ast.FencedCodeBlock:
		bd.code(n, c)
	case *ast.CodeBlock:
		bd.code(n, c)
	case *east.Table:
		bd.table(n, c)
	case *ast.ThematicBreak:
		r := &row{h: c.lead * 1.2, before: bd.spacing(prevBlock, c)}
		w := bd.width(c)
		x := bd.leftOf(c)
		r.els = append(r.els, el{kind: elLine, x: x + w*0.35, y: r.h / 2, w: x + w*0.65, h: r.h / 2, width: 0.6, color: ruleCol})
		bd.rows = append(bd.rows, r)
		bd.prev = prevBlock
	case *ast.HTMLBlock, *east.FootnoteList, *ast.LinkReferenceDefinition:
		// Raw HTML has no place on a printed page; notes go to the page foot.
	default:
		bd.blocks(n, c)
	}
}

func soleImage(p ast.Node) *ast.Image {
	if p.ChildCount() != 1 {
		return nil
	}
	img, _ := p.FirstChild().(*ast.Image)
	return img
}

func (bd *builder) paragraph(n ast.Node, c ctx) {
	before := bd.spacing(prevPara, c)
	indent := 0.0
	if bd.s.Indent && bd.prev == prevPara && !c.tight {
		indent = c.size * 1.5
	}
	st := text.Style{Role: text.Body, Size: c.size, Color: c.color}
	segs := bd.inline(n, st)
	for _, sg := range segs {
		blk := bd.layout(sg.spans, text.Justify, indent, bd.width(c), bd.dir, bd.lang, sg.offs)
		if len(blk.Lines) == 0 {
			continue
		}
		bd.lines(blk, c, before, false)
		before, indent = 0, 0
	}
	bd.prev = prevPara
}

func (bd *builder) heading(n *ast.Heading, c ctx) {
	scale := map[int]float64{1: 1.5, 2: 1.35, 3: 1.18}[n.Level]
	if scale == 0 {
		scale = 1.05
	}
	h := c
	h.size = c.size * scale
	h.lead = h.size * 1.5
	before := c.lead * 1.1
	if bd.prev == prevNone {
		before = 0
	}
	st := text.Style{Role: text.Heading, Bold: true, Size: h.size, Color: c.color}
	segs := bd.inline(n, st)
	var rows []*row
	for _, sg := range segs {
		blk := bd.layout(sg.spans, text.Start, 0, bd.width(c), bd.dir, bd.lang, sg.offs)
		rows = append(rows, bd.lines(blk, h, before, true)...)
		before = 0
	}
	if len(rows) > 0 {
		if id, ok := n.AttributeString("id"); ok {
			if b, ok := id.([]byte); ok {
				rows[0].dests = append(rows[0].dests, headingDest(bd.a, string(b)))
			} else if s, ok := id.(string); ok {
				rows[0].dests = append(rows[0].dests, headingDest(bd.a, s))
			}
		}
		rows[len(rows)-1].keep = true // never at the foot of a page: kept with what follows
	}
	bd.prev = prevHeading
}

func articleDest(a *collection.Article) string { return "a/" + a.Slug }
func headingDest(a *collection.Article, id string) string {
	if id == "" {
		return articleDest(a)
	}
	return "a/" + a.Slug + "/" + id
}

func (bd *builder) list(n *ast.List, c ctx) {
	before := bd.spacing(prevBlock, c)
	markerW := c.size * 1.6
	if n.IsOrdered() {
		// Room for the widest number in the list.
		last := n.Start + n.ChildCount() - 1
		markerW = c.size * (0.6*float64(len(fmt.Sprint(last))) + 1.0)
	}
	in := c
	in.start += markerW
	in.tight = n.IsTight
	depth := 0
	for p := n.Parent(); p != nil; p = p.Parent() {
		if _, ok := p.(*ast.List); ok {
			depth++
		}
	}
	bullets := []string{"•", "◦", "▪"}
	num := n.Start
	first := true
	for it := n.FirstChild(); it != nil; it = it.NextSibling() {
		label := bullets[depth%len(bullets)]
		if n.IsOrdered() {
			label = bd.s.digits(num) + string(n.Marker)
			num++
		}
		// The trailing space is drawn in the gap before the text, so extractors
		// that join lines by position read "1. word", not "1.word".
		ml := bd.short(label+" ", text.Style{Role: text.Body, Size: c.size, Color: c.color}, bd.dir)
		if ml != nil {
			minX, maxX := inkExtent(ml)
			gap := c.size * 0.4
			var x float64
			if bd.dir == text.RTL {
				// The marker sits to the right of the item, its end (left edge) toward the text.
				x = bd.s.TextW - in.start + gap - minX
			} else {
				x = in.start - gap - maxX
			}
			bd.marker = &el{kind: elText, x: x, line: ml}
		}
		k := len(bd.rows)
		bd.prev = prevNone // an item's first block starts without space or indent
		bd.blocks(it, in)
		if bd.marker != nil && len(bd.rows) > k {
			// The item opens with a block that is not a paragraph (code, a table,
			// an image): its first row takes the marker at its first baseline.
			m := *bd.marker
			m.y = firstBaseline(bd.rows[k], c.size)
			bd.rows[k].els = append(bd.rows[k].els, m)
		}
		if first && len(bd.rows) > k {
			bd.rows[k].before = before
		} else if !n.IsTight && len(bd.rows) > k {
			bd.rows[k].before = bd.s.Paragr * 0.6
		}
		bd.marker = nil
		bd.prev = prevPara
		first = false
	}
	bd.prev = prevBlock
}

// firstBaseline is the baseline of a row's first line of text, or where a
// line of body text would sit in a row that has none (an image).
func firstBaseline(r *row, size float64) float64 {
	for _, e := range r.els {
		if e.kind == elText && e.line != nil {
			return e.y
		}
	}
	return min(size, r.h)
}

// short lays out a short single-line text (markers, folios, labels).
func (bd *builder) short(s string, st text.Style, dir text.Direction) *text.Line {
	blk := bd.e.Layout(text.Paragraph{Spans: []text.Span{{Text: s, Style: st}}, Dir: dir, Lang: bd.lang, Align: text.Start}, 1e5)
	if len(blk.Lines) == 0 {
		return nil
	}
	return &blk.Lines[0]
}

// code sets a code block left to right in the monospaced face on a tinted
// ground. Long lines wrap; each line is its own row so blocks split across pages.
func (bd *builder) code(n ast.Node, c ctx) {
	before := bd.spacing(prevBlock, c)
	size := c.size * 0.82
	lead := size * 1.45
	pad := size * 0.6
	w := bd.width(c)
	x := bd.leftOf(c)
	var src []string
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		s := strings.TrimRight(string(seg.Value(bd.a.Source)), "\n")
		src = append(src, strings.ReplaceAll(s, "\t", "    "))
	}
	for len(src) > 0 && strings.TrimSpace(src[len(src)-1]) == "" {
		src = src[:len(src)-1]
	}
	if len(src) == 0 {
		return
	}
	var rows []*row
	st := text.Style{Role: text.Mono, Size: size}
	for i, s := range src {
		off := -1
		if i < lines.Len() {
			off = lines.At(i).Start
		}
		var blk text.Block
		if strings.TrimSpace(s) != "" {
			blk = bd.layout([]text.Span{{Text: s, Style: st}}, text.Start, 0, w-2*pad, text.LTR, "en", []spanOff{{0, off}})
		}
		if len(blk.Lines) == 0 {
			rows = append(rows, &row{h: lead})
			continue
		}
		for j := range blk.Lines {
			l := &blk.Lines[j]
			asc, desc := metrics(l, size)
			base := (lead-(asc+desc))/2 + asc
			rows = append(rows, &row{h: lead, els: []el{{kind: elText, x: x + pad, y: base, line: l}}})
		}
	}
	// Padding above the first and below the last line, and the tint under every row.
	rows[0].h += pad
	for i := range rows[0].els {
		rows[0].els[i].y += pad
	}
	rows[len(rows)-1].h += pad
	for i, r := range rows {
		r.els = append([]el{{kind: elRect, x: x, y: 0, w: w, h: r.h, color: tint}}, r.els...)
		r.keep = (i == 0 && len(rows) > 1) || i == len(rows)-2
	}
	rows[0].before = before
	bd.rows = append(bd.rows, rows...)
	bd.prev = prevBlock
}

// figure places an image scaled to the column, never taller than most of the
// page, centred, with its title or alt text as caption.
func (bd *builder) figure(img *ast.Image, c ctx) {
	asset := bd.asset(string(img.Destination))
	if asset == nil || asset.Width <= 0 || asset.Height <= 0 {
		return
	}
	before := bd.spacing(prevBlock, c)
	w := bd.width(c)
	iw := float64(asset.Width)
	if iw > w {
		iw = w
	}
	ih := iw * float64(asset.Height) / float64(asset.Width)
	caption := string(img.Title)
	if caption == "" {
		caption = plainText(img, bd.a.Source)
	}
	maxH := bd.s.TextH * 0.8
	if ih > maxH {
		ih = maxH
		iw = ih * float64(asset.Width) / float64(asset.Height)
	}
	x := bd.leftOf(c) + (w-iw)/2
	r := &row{h: ih + c.size*0.5, before: before, keep: caption != "", float: 1}
	r.els = []el{{kind: elImage, x: x, y: 0, w: iw, h: ih, asset: asset}}
	bd.rows = append(bd.rows, r)
	if caption != "" {
		cc := c
		cc.size = c.size * 0.85
		cc.lead = cc.size * 1.5
		cc.color = grey
		blk := bd.layout([]text.Span{{Text: caption, Style: text.Style{Role: text.Body, Italic: true, Size: cc.size, Color: grey}}},
			text.Center, 0, w, bd.dir, bd.lang, []spanOff{{0, segStart(img)}})
		r.float += len(bd.lines(blk, cc, 0, true))
		bd.rows[len(bd.rows)-1].keep = false
	}
	bd.prev = prevBlock
}

func segStart(n ast.Node) int {
	for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
		if t, ok := ch.(*ast.Text); ok {
			return t.Segment.Start
		}
	}
	if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		return n.Lines().At(0).Start
	}
	return -1
}

func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// asset finds an image through the collection, which loaded and checked it.
func (bd *builder) asset(dest string) *collection.Asset { return bd.b.Asset(bd.a, dest) }
