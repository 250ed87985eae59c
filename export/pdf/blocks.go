package pdf

import (
	"fmt"
	"strings"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/locale"
	"github.com/warraq/warraq/export/text"
)

// builder turns one article's document into rows.
type builder struct {
	s    setup
	e    *text.Engine
	memo *text.Memo // the article's layouts from the last build; nil without a cache
	a    *collection.Article
	arts map[string]*collection.Article // the book's articles by path, for links
	dir  text.Direction                 // the article's
	lang string

	rows  []*row
	notes map[int]*note // by note number

	// cur is the structure element blocks go into (the article's Sect, a
	// list item's body, a quotation); leaf the block whose lines are being
	// added (tags.go).
	cur, leaf *snode
	// inBlock is the innermost block being laid out and words the words of
	// its text laid out so far: where each row's text begins (pages.go);
	// blockNum numbers the model's blocks as doc.AllBlocks does, from 1.
	inBlock  doc.Block
	blockNum map[doc.Block]int
	words    int
	joinNext bool               // the last line broke after a hyphen, inside a word
	order    []text.PlacedGlyph // lineWords' glyphs, reused

	prev    prevKind     // what the last block was, for spacing and indents
	marker  []el         // a list marker waiting for its item's first line, y from the baseline
	figures []*doc.Image // images met in running text, set after their block

	// leadIn is the last row of a paragraph ending with a colon, which
	// introduces the block after it; -1 when the last block was not one.
	leadIn int
	// tieFrom, tieN: rows tieFrom to tieFrom+tieN-1 keep with the row after
	// each, as they are laid out (a heading with two lines after it).
	tieFrom, tieN int
}

type prevKind int

const (
	prevNone prevKind = iota // start of the body: no indent, no space
	prevPara
	prevHeading
	prevBlock
)

// ctx is what nesting changes: indents, size, colour, direction, language.
type ctx struct {
	start, end float64 // indents on the start and end side, pt
	size       float64
	lead       float64
	color      [3]float64
	tight      bool           // inside a tight list or a note: no space between blocks
	note       bool           // in a footnote, at the foot of the page
	dir        text.Direction // of the paragraphs
	lang       string         // their shaping language
	depth      int            // lists around the block
	quotes     int            // quotations around the block
}

func (bd *builder) width(c ctx) float64 { return bd.s.TextW - c.start - c.end }

// leftOf returns the x of a column that has indents c, from the text block's left.
func (bd *builder) leftOf(c ctx) float64 {
	if c.dir == text.RTL {
		return c.end
	}
	return c.start
}

// layout sets one segment of inline content in the column of c; justified
// text takes kashidas when the book's justify option asks for them.
func (bd *builder) layout(sg seg, align text.Align, indent, w float64, c ctx) text.Block {
	return bd.memo.Layout(bd.e, text.Paragraph{Spans: sg.spans, Isolates: sg.isolates, Dir: c.dir, Lang: c.lang, Align: align, Indent: indent,
		Kashida: bd.s.Kashida}, w)
}

// display sets a display line (a title, a heading, a caption): broken into
// lines of near-equal length, never ending on a lone word when it can help it.
func (bd *builder) display(sg seg, align text.Align, w float64, c ctx) text.Block {
	return bd.memo.Layout(bd.e, text.Paragraph{Spans: sg.spans, Isolates: sg.isolates, Dir: c.dir, Lang: c.lang, Align: align, Balance: true}, w)
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
			bd.placeMarker(r, base)
		}
		r.els = append(r.els, el{kind: elText, x: x, y: base, line: l, tag: bd.leafTag()})
		bd.noteRefs(r, l)
		r.at = bd.textAt(l)
		out = append(out, r)
	}
	bd.rows = append(bd.rows, out...)
	return out
}

// noteRefs records on r the notes whose references line l prints.
func (bd *builder) noteRefs(r *row, l *text.Line) {
	for j := range l.Runs {
		if t := l.Runs[j].Style.Tag; t > 0 {
			if nt := bd.notes[t]; nt != nil && !hasNote(r.notes, nt) {
				r.notes = append(r.notes, nt)
			}
		}
	}
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

func (bd *builder) blocks(bs []doc.Block, c ctx) {
	for _, b := range bs {
		bd.block(b, c)
	}
}

func (bd *builder) block(b doc.Block, c ctx) {
	outer, words := bd.inBlock, bd.words
	bd.inBlock, bd.words, bd.joinNext = b, 0, false
	defer func() { bd.inBlock, bd.words = outer, words }()
	lead := -1
	if bd.leadIn >= 0 {
		switch b.(type) {
		case *doc.List, *doc.Table, *doc.CodeBlock, *doc.Quote, *doc.Verse, *doc.DefList:
			lead = bd.leadIn
		}
		bd.leadIn = -1
	}
	switch b := b.(type) {
	case *doc.Paragraph:
		bd.paragraph(b.Content, c)
	case *doc.Heading:
		bd.heading(b, c)
	case *doc.CodeBlock:
		bd.code(b, c)
	case *doc.Quote:
		if b.Kind == doc.PullQuote {
			bd.pullQuote(b, c) // display.go
		} else {
			bd.quote(b, c)
		}
	case *doc.Verse:
		bd.verse(b, c) // display.go
	case *doc.List:
		bd.list(b, c)
	case *doc.Table:
		bd.table(b, c)
	case *doc.Figure:
		bd.figure(b.Image, b.Caption, c)
	case *doc.Rule:
		bd.rule(c)
	case *doc.Div:
		bd.div(b, c)
	case *doc.DefList:
		bd.defList(b, c)
	}
	bd.inlineFigures(c)
	bd.tie(bd.tieFrom, bd.tieN)
	// A lead-in is held with the first two rows of the block it introduces,
	// softly (see row.soft).
	for i := lead; i >= 0 && i <= lead+1 && i < len(bd.rows)-1; i++ {
		if !bd.rows[i].keep {
			bd.rows[i].soft = true
		}
	}
}

// tie keeps rows from to from+n-1 each with the row after it, as far as
// they are laid out, and remembers the rest for the rows to come.
func (bd *builder) tie(from, n int) {
	for i := from; i < from+n && i < len(bd.rows); i++ {
		bd.rows[i].keep = true
	}
	if from+n <= len(bd.rows) {
		bd.tieN = 0
		return
	}
	bd.tieFrom, bd.tieN = from, n
}

// endsWithColon reports whether inline content ends with a colon: a lead-in
// ("as the table shows:") that belongs with the block after it.
func endsWithColon(in []doc.Inline) bool {
	for len(in) > 0 {
		switch n := in[len(in)-1].(type) {
		case *doc.Text:
			t := strings.TrimRight(n.Text, " \t\n\u00a0")
			return strings.HasSuffix(t, ":") || strings.HasSuffix(t, "：")
		case *doc.Span:
			in = n.Content
		case *doc.Link:
			in = n.Content
		default:
			return false
		}
	}
	return false
}

// inlineFigures sets the images met in the running text of the block just
// laid out (a paragraph, a table's cells, a heading) as figures after it,
// without caption: a line of type has no room for a picture, and the EPUB
// shows it in place but prints its alt text nowhere, so neither does this.
func (bd *builder) inlineFigures(c ctx) {
	figs := bd.figures
	bd.figures = nil
	for _, img := range figs {
		bd.figure(img, nil, c)
	}
}

func (bd *builder) paragraph(in []doc.Inline, c ctx) {
	before := bd.spacing(prevPara, c)
	indent := 0.0
	if bd.s.Indent && bd.prev == prevPara && !c.tight {
		indent = c.size * 1.5
	}
	st := text.Style{Role: text.Body, Size: c.size, Color: c.color}
	k := len(bd.rows)
	bd.open("P")
	defer func() { bd.leaf = nil }()
	for _, sg := range bd.inline(in, st, c) {
		blk := bd.layout(sg, text.Justify, indent, bd.width(c), c)
		if len(blk.Lines) == 0 {
			continue
		}
		bd.lines(blk, c, before, false)
		before, indent = 0, 0
	}
	if len(bd.rows) > k && endsWithColon(in) {
		bd.leadIn = len(bd.rows) - 1
	}
	bd.prev = prevPara
}

func (bd *builder) heading(h *doc.Heading, c ctx) {
	scale := map[int]float64{2: 1.35, 3: 1.18}[h.Level]
	if scale == 0 {
		scale = 1.05
	}
	scale *= bd.s.HeadScale
	hc := c
	hc.size = c.size * scale
	hc.lead = hc.size * 1.5
	before := c.lead * 1.1
	if bd.prev == prevNone {
		before = 0
	}
	col := c.color
	if col == bd.s.Colors.Text {
		col = bd.s.Colors.Headings // a heading inside a quotation keeps the quotation's colour
	}
	st := text.Style{Role: text.Heading, Bold: true, Size: hc.size, Color: col}
	var rows []*row
	bd.open(headingTag(h.Level, bd.s.HeadBase))
	defer func() { bd.leaf = nil }()
	for _, sg := range bd.inline(h.Content, st, hc) {
		blk := bd.display(sg, text.Start, bd.width(c), hc)
		rows = append(rows, bd.lines(blk, hc, before, true)...)
		before = 0
	}
	if len(rows) > 0 {
		rows[0].dests = append(rows[0].dests, headingDest(bd.a, h.ID))
		// Never at the foot of a page: kept with two rows of what follows.
		bd.tie(len(bd.rows)-1, 2)
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

// Nesting: each quotation or list indents its content and a quotation sets
// it a little smaller, but only the first smallerQuotes quotations shrink
// it, and no indent makes the column narrower than minNestedMeasure of the
// text block. Without a floor, quotations 12 deep printed at 40% of the
// body size and 20 deep at 1 pt, one letter a line.
const (
	smallerQuotes    = 2 // 0.92 x 0.92: 85%
	minNestedMeasure = 0.5
)

// indent returns want, or less when an indent of it on sides sides would
// leave the column c narrower than minNestedMeasure of the text block.
func (bd *builder) indent(c ctx, want float64, sides int) float64 {
	room := (bd.width(c) - bd.s.TextW*minNestedMeasure) / float64(sides)
	return max(min(want, room), 0)
}

// quote sets a block quotation indented on both sides, a little smaller and greyer.
func (bd *builder) quote(q *doc.Quote, c ctx) {
	in := c
	step := bd.indent(c, c.size*1.5, 2)
	in.start += step
	in.end += step
	if c.quotes < smallerQuotes {
		in.size = c.size * 0.92
		in.lead = c.lead * 0.92
	}
	in.quotes = c.quotes + 1
	in.color = [3]float64{0.2, 0.2, 0.2}
	before := bd.spacing(prevBlock, c)
	bd.prev = prevBlock
	k := len(bd.rows)
	bd.within("BlockQuote", func(*snode) { bd.blocks(q.Blocks, in) })
	if len(bd.rows) > k {
		bd.rows[k].before = before
	}
	bd.prev = prevBlock
}

// div sets its blocks in its own direction and language.
func (bd *builder) div(d *doc.Div, c ctx) {
	switch d.Dir {
	case "rtl":
		c.dir = text.RTL
	case "ltr":
		c.dir = text.LTR
	}
	if d.Lang == "" || d.Lang == c.lang {
		bd.blocks(d.Blocks, c)
		return
	}
	c.lang = d.Lang
	bd.within("Div", func(n *snode) {
		n.lang = d.Lang
		bd.blocks(d.Blocks, c)
	})
}

func (bd *builder) rule(c ctx) {
	r := &row{h: c.lead * 1.2, before: bd.spacing(prevBlock, c)}
	w := bd.width(c)
	x := bd.leftOf(c)
	if k := bd.s.Ornament; k == "rule" || k == "" {
		r.els = append(r.els, el{kind: elLine, x: x + w*0.35, y: r.h / 2, w: x + w*0.65, h: r.h / 2, width: 0.6, color: bd.s.Colors.Rules})
	} else {
		for _, e := range ornament(k, w, r.h, c.size, bd.s.Colors.Rules) {
			e.x, e.w = e.x+x, e.w+x
			r.els = append(r.els, e)
		}
	}
	bd.rows = append(bd.rows, r)
	bd.prev = prevBlock
}

func (bd *builder) list(l *doc.List, c ctx) {
	before := bd.spacing(prevBlock, c)
	markerW := c.size * 1.6
	if l.Ordered {
		// Room for the widest number in the list.
		last := l.Start + len(l.Items) - 1
		markerW = c.size * (0.6*float64(len(fmt.Sprint(last))) + 1.0)
	}
	in := c
	in.start += bd.indent(c, markerW, 1)
	in.tight = l.Tight
	in.depth = c.depth + 1
	bullets := locale.For(c.lang).Bullets
	list, outer := bd.cur.add("L"), bd.cur
	defer func() { bd.cur, bd.leaf = outer, nil }()
	for i, it := range l.Items {
		item := list.add("LI")
		lbl := item.add("Lbl")
		bd.cur, bd.leaf = item.add("LBody"), nil
		label := bullets[c.depth%len(bullets)]
		if l.Ordered {
			label = bd.s.digits(l.Start+i) + string(l.Delim)
		}
		if it.Task != doc.NoTask {
			bd.marker = bd.taskBox(it.Task == doc.TaskDone, c, in)
		} else {
			bd.marker = bd.listMarker(label, c, in)
			for j := range bd.marker {
				bd.marker[j].tag = lbl
			}
		}
		k := len(bd.rows)
		bd.prev = prevNone // an item's first block starts without space or indent
		bd.blocks(it.Blocks, in)
		if len(bd.rows) > k {
			// The item opens with a block that is not a paragraph (code, a table,
			// an image): its first row takes the marker at its first baseline.
			bd.placeMarker(bd.rows[k], firstBaseline(bd.rows[k], c.size))
		}
		if i == 0 && len(bd.rows) > k {
			bd.rows[k].before = before
		} else if !l.Tight && len(bd.rows) > k {
			bd.rows[k].before = bd.s.Paragr * 0.6
		}
		bd.marker = nil
		bd.prev = prevPara
		bd.leadIn = -1 // an item's last paragraph introduces nothing after the list
		if i == len(l.Items)-1 && i > 0 && k > 0 && len(bd.rows) > k {
			bd.rows[k-1].keep = true // the last item never alone on a page
		}
	}
	bd.prev = prevBlock
}

// placeMarker draws the marker waiting for a first line, if any, on r at
// baseline base.
func (bd *builder) placeMarker(r *row, base float64) {
	for _, m := range bd.marker {
		m.y += base
		if m.kind == elLine {
			m.h += base
		}
		r.els = append(r.els, m)
	}
	bd.marker = nil
}

// listMarker lays out an item's number or bullet, placed in the gap before
// the item's start edge (in is the item's context, c the list's).
func (bd *builder) listMarker(label string, c, in ctx) []el {
	// The trailing space is drawn in the gap before the text, so extractors
	// that join lines by position read "1. word", not "1.word".
	ml := bd.short(label+" ", text.Style{Role: text.Body, Size: c.size, Color: c.color}, c.dir, c.lang)
	if ml == nil {
		return nil
	}
	minX, maxX := inkExtent(ml)
	gap := c.size * 0.4
	var x float64
	if c.dir == text.RTL {
		// The marker sits to the right of the item, its end (left edge) toward the text.
		x = bd.s.TextW - in.start + gap - minX
	} else {
		x = in.start - gap - maxX
	}
	return []el{{kind: elText, x: x, line: ml}}
}

// taskBox draws a task item's check box, ticked when done, where other
// items have their bullet: no font Warraq embeds has the ballot box
// characters, and the EPUB's box is a symbol, not a word, so the printed
// words stay the same.
func (bd *builder) taskBox(done bool, c, in ctx) []el {
	sz := c.size * 0.62
	gap := c.size * 0.4
	x := in.start - gap - sz
	if c.dir == text.RTL {
		x = bd.s.TextW - in.start + gap
	}
	w, col := c.size*0.055, rgb(c.color)
	top := -sz * 1.05
	bottom := top + sz
	els := []el{
		{kind: elLine, x: x, y: top, w: x + sz, h: top, width: w, color: col},
		{kind: elLine, x: x + sz, y: top, w: x + sz, h: bottom, width: w, color: col},
		{kind: elLine, x: x + sz, y: bottom, w: x, h: bottom, width: w, color: col},
		{kind: elLine, x: x, y: bottom, w: x, h: top, width: w, color: col},
	}
	if done {
		els = append(els,
			el{kind: elLine, x: x + sz*0.2, y: top + sz*0.5, w: x + sz*0.42, h: top + sz*0.78, width: w * 1.6, color: col},
			el{kind: elLine, x: x + sz*0.42, y: top + sz*0.78, w: x + sz*0.82, h: top + sz*0.2, width: w * 1.6, color: col})
	}
	return els
}

// withLead returns blocks with lead set at the start of their first
// paragraph, or as a paragraph of its own when they open with another kind
// of block. The document is shared with the other formats and never
// changed: the paragraph is a copy.
func withLead(blocks []doc.Block, lead ...doc.Inline) []doc.Block {
	out := make([]doc.Block, 0, len(blocks)+1)
	if len(blocks) > 0 {
		if p, ok := blocks[0].(*doc.Paragraph); ok {
			cp := *p
			cp.Content = append(append([]doc.Inline(nil), lead...), p.Content...)
			return append(append(out, &cp), blocks[1:]...)
		}
	}
	return append(append(out, &doc.Paragraph{Content: lead}), blocks...)
}

// defList sets each term in bold on a line of its own, kept with its
// definitions, which follow indented on the start side.
func (bd *builder) defList(dl *doc.DefList, c ctx) {
	before := bd.spacing(prevBlock, c)
	in := c
	in.start += bd.indent(c, c.size*1.5, 1)
	st := text.Style{Role: text.Body, Bold: true, Size: c.size, Color: c.color}
	list, outer := bd.cur.add("L"), bd.cur
	defer func() { bd.cur, bd.leaf = outer, nil }()
	for i, it := range dl.Items {
		item := list.add("LI")
		bd.cur = item
		bd.open("Lbl")
		bd.cur = item.add("LBody")
		k := len(bd.rows)
		for _, sg := range bd.inline(it.Term, st, c) {
			bd.lines(bd.layout(sg, text.Start, 0, bd.width(c), c), c, 0, true)
		}
		if len(bd.rows) > k {
			bd.rows[k].before = bd.s.Paragr * 0.6
			if i == 0 {
				bd.rows[k].before = before
			}
			bd.rows[len(bd.rows)-1].keep = true
		}
		bd.leaf = nil
		for _, d := range it.Defs {
			bd.prev = prevNone
			bd.blocks(d, in)
		}
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
func (bd *builder) short(s string, st text.Style, dir text.Direction, lang string) *text.Line {
	blk := bd.memo.Layout(bd.e, text.Paragraph{Spans: []text.Span{{Text: s, Style: st}}, Dir: dir, Lang: lang, Align: text.Start}, 1e5)
	if len(blk.Lines) == 0 {
		return nil
	}
	return &blk.Lines[0]
}

// maxWholeCode is the longest code block (in lines) never split across pages.
const maxWholeCode = 8

// code sets a code block left to right in the monospaced face on a tinted
// ground. Long lines wrap; each line is its own row so blocks longer than
// maxWholeCode lines split across pages.
func (bd *builder) code(cb *doc.CodeBlock, c ctx) {
	if cb.Text == "" {
		return
	}
	before := bd.spacing(prevBlock, c)
	size := c.size * 0.82
	lead := size * 1.45
	pad := size * 0.6
	w := bd.width(c)
	x := bd.leftOf(c)
	var rows []*row
	st := text.Style{Role: text.Mono, Size: size}
	tag := bd.cur.add("Code")
	for _, s := range strings.Split(cb.Text, "\n") {
		s = strings.ReplaceAll(s, "\t", "    ")
		var blk text.Block
		if strings.TrimSpace(s) != "" {
			blk = bd.memo.Layout(bd.e, text.Paragraph{Spans: []text.Span{{Text: s, Style: st}}, Dir: text.LTR, Lang: "en", Align: text.Start}, w-2*pad)
		}
		if len(blk.Lines) == 0 {
			rows = append(rows, &row{h: lead})
			continue
		}
		for j := range blk.Lines {
			l := &blk.Lines[j]
			asc, desc := metrics(l, size)
			base := (lead-(asc+desc))/2 + asc
			rows = append(rows, &row{h: lead, els: []el{{kind: elText, x: x + pad, y: base, line: l, tag: tag}}, at: bd.textAt(l)})
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
		// A short block stays whole; a longer one splits, two lines at least
		// on either side.
		r.keep = i < len(rows)-1 && (len(rows) <= maxWholeCode || i == 0 || i == len(rows)-2)
	}
	rows[0].before = before
	bd.rows = append(bd.rows, rows...)
	bd.prev = prevBlock
}

// figure places an image scaled to the column, never taller than most of the
// page (than a quarter of it in a note), centred, with its caption below.
func (bd *builder) figure(img *doc.Image, caption []doc.Inline, c ctx) {
	if img == nil || img.Asset == nil || img.Asset.Width <= 0 || img.Asset.Height <= 0 {
		return
	}
	asset := img.Asset
	before := bd.spacing(prevBlock, c)
	w := bd.width(c)
	iw := min(float64(asset.Width), w)
	ih := iw * float64(asset.Height) / float64(asset.Width)
	maxH := bd.s.TextH * 0.8
	if c.note {
		maxH = bd.s.TextH * 0.25
	}
	if ih > maxH {
		ih = maxH
		iw = ih * float64(asset.Width) / float64(asset.Height)
	}
	x := bd.leftOf(c) + (w-iw)/2
	r := &row{h: ih + c.size*0.5, before: before, keep: len(caption) > 0, float: 1}
	// An image without a text alternative is decoration, as in the EPUB
	// (alt=""); the loader has warned about it.
	var fig *snode
	if alt := strings.TrimSpace(img.Alt); alt != "" {
		fig = bd.cur.add("Figure")
		fig.alt = alt
	}
	r.els = []el{{kind: elImage, x: x, y: 0, w: iw, h: ih, asset: asset, tag: fig}}
	r.at = textAt{ok: true, block: bd.numberOf(bd.inBlock), word: bd.words} // a page opening with a figure begins before it
	bd.rows = append(bd.rows, r)
	if len(caption) > 0 {
		cc := c
		cc.size = c.size * 0.85
		cc.lead = cc.size * 1.5
		cc.color = bd.s.Colors.Muted
		st := text.Style{Role: text.Body, Italic: true, Size: cc.size, Color: cc.color}
		bd.open("P") // a caption: beside the figure, since a reader of the figure hears its /Alt instead of its content
		defer func() { bd.leaf = nil }()
		for _, sg := range bd.inline(caption, st, cc) {
			r.float += len(bd.lines(bd.display(sg, text.Center, w, cc), cc, 0, true))
		}
		bd.rows[len(bd.rows)-1].keep = false
	}
	bd.prev = prevBlock
}
