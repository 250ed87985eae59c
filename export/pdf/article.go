package pdf

import (
	"strconv"
	"strings"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/pdfwriter"
	"github.com/warraq/warraq/export/text"
)

// laidArticle is an article laid out, waiting for pagination.
type laidArticle struct {
	a      *collection.Article
	rows   []*row
	head   *text.Line    // running head with the article's title
	author *text.Line    // running head with its authors, when the theme shows them
	tag    *snode        // its structure: a Sect (tags.go)
	pages  *articlePages // its cached pages (pagecache.go); nil without a cache
	// skel: the article was paginated from its skeleton, not laid out
	// (skeleton.go); input is the hash its skeleton is kept under, when
	// inputOK, and skelData the skeleton to keep.
	skel     *skeleton
	input    [32]byte
	inputOK  bool
	skelData []byte
	// sketched: its pages were planned and drawn on a layout worker
	// (sketch.go), plans; elems its structure's elements, in preorder.
	sketched bool
	plans    []*pagePlan
	elems    []*pdfwriter.StructElem
}

// layoutArticle lays an article out into rows, independent of pages; arts
// are the book's articles by path, for the links between them.
func layoutArticle(s setup, e *text.Engine, arts map[string]*collection.Article, a *collection.Article) *laidArticle {
	return layoutWith(s, e, nil, arts, a)
}

// layoutWith is layoutArticle taking its paragraphs' lines from memo where
// it has them (see cache.go).
func layoutWith(s setup, e *text.Engine, memo *text.Memo, arts map[string]*collection.Article, a *collection.Article) *laidArticle {
	bd := &builder{s: s, e: e, memo: memo, a: a, arts: arts, notes: map[int]*note{}, leadIn: -1}
	bd.dir = text.RTL
	if a.Dir == "ltr" || (a.Dir == "" && !s.RTL) {
		bd.dir = text.LTR
	}
	bd.lang = a.Lang
	if bd.lang == "" {
		bd.lang = s.Lang
	}
	sect := &snode{kind: "Sect"}
	if bd.lang != s.Lang {
		sect.lang = bd.lang
	}
	bd.cur = sect
	bd.opening()
	var notes []*snode
	// The article's model, decoded for this layout and let go with the
	// builder: the rows keep none of it.
	if d := a.Model(); d != nil {
		bd.blockNum = numberBlocks(d)
		notes = bd.footnotes(d.Notes)
		bd.blocks(d.Blocks, ctx{size: s.Size, lead: s.Lead, dir: bd.dir, lang: bd.lang, color: s.Colors.Text})
	}
	// The notes are read after the article's text, as the EPUB puts them.
	sect.kids = append(sect.kids, notes...)
	if n := len(bd.rows); n > 0 {
		bd.rows[n-1].keep = false
	}
	la := &laidArticle{a: a, rows: bd.rows, tag: sect}
	if s.HeadOdd == "article" || s.HeadEven == "article" {
		la.head = bd.head(a.Title, s.TextW*0.75)
	}
	if s.HeadOdd == "author" || s.HeadEven == "author" {
		la.author = bd.head(s.loc.Join(a.Authors), s.TextW*0.75)
	}
	return la
}

// opening is the head of an article's first page: title, subtitle, author,
// date and tags, set lower than the body's first line.
func (bd *builder) opening() {
	s := bd.s
	a := bd.a
	sink := &row{h: s.TextH * 0.1, keep: true, dests: []string{articleDest(a)}}
	bd.rows = append(bd.rows, sink)
	c := ctx{dir: bd.dir, lang: bd.lang, color: s.Colors.Text}
	add := func(txt string, st text.Style, lead, before float64) {
		if txt == "" {
			return
		}
		if st.Role == text.Heading {
			bd.open(headingTag(1, s.HeadBase))
		} else {
			bd.open("P")
		}
		c.size, c.lead = st.Size, lead
		blk := bd.display(seg{spans: []text.Span{{Text: txt, Style: st}}}, text.Center, s.TextW, c)
		bd.lines(blk, c, before, true)
	}
	ts := s.Size * 1.9 * s.HeadScale
	muted := s.Colors.Muted
	add(a.Title, text.Style{Role: text.Heading, Bold: true, Size: ts, Color: s.Colors.Headings}, ts*1.45, 0)
	add(a.Subtitle, text.Style{Role: text.Body, Italic: true, Size: s.Size * 1.15, Color: muted}, s.Size*1.15*1.6, s.Size*0.3)
	add(s.loc.Join(a.Authors), text.Style{Role: text.Body, Bold: true, Size: s.Size, Color: s.Colors.Text}, s.Lead, s.Size*0.6)
	if !a.Date.IsZero() {
		add(s.date(a.Date, a.Lang), text.Style{Role: text.Body, Size: s.Size * 0.9, Color: muted}, s.Lead*0.9, 0)
	}
	if s.Tags {
		add(s.loc.Join(a.Tags), text.Style{Role: text.Body, Size: s.Size * 0.82, Color: muted}, s.Lead*0.85, 0)
	}
	// A short rule closes the opening.
	r := &row{h: s.Lead * 1.6, keep: true}
	r.els = []el{{kind: elLine, x: s.TextW * 0.42, y: r.h / 2, w: s.TextW * 0.58, h: r.h / 2, width: 0.7, color: s.Colors.Rules}}
	bd.rows = append(bd.rows, r)
	bd.prev = prevNone
	bd.leaf = nil
}

// footnotes lays out the article's notes at the text width before the body,
// so that body rows can point at the notes they reference. A note opens
// with its number in bold.
func (bd *builder) footnotes(notes []*doc.Note) []*snode {
	c := ctx{size: bd.s.NoteSize, lead: bd.s.NoteLead, tight: true, note: true, dir: bd.dir, lang: bd.lang, color: bd.s.Colors.Text}
	body, cur := bd.rows, bd.cur
	var tags []*snode
	for _, n := range notes {
		num := &doc.Span{Kind: doc.Strong, Content: []doc.Inline{&doc.Text{Text: bd.s.digits(n.Number) + " "}}}
		bd.rows, bd.prev = nil, prevNone
		bd.cur, bd.leaf = &snode{kind: "Note", id: "note/" + bd.a.Slug + "/" + strconv.Itoa(n.Number)}, nil
		bd.blocks(withLead(n.Blocks, num), c)
		if len(bd.rows) > 0 {
			bd.notes[n.Number] = &note{num: n.Number, rows: bd.rows}
			tags = append(tags, bd.cur)
		}
	}
	bd.rows, bd.prev = body, prevNone
	bd.cur, bd.leaf = cur, nil
	return tags
}

// head lays out a running head, shortened at a word boundary with an
// ellipsis when the title is wider than width.
func (bd *builder) head(title string, width float64) *text.Line {
	st := text.Style{Role: text.Body, Italic: true, Size: bd.s.Size * 0.8, Color: bd.s.Colors.Muted}
	words := strings.Fields(title)
	t := title
	for {
		l := bd.short(t, st, bd.dir, bd.lang)
		if l == nil {
			return nil
		}
		if a, b := lineExtent(l); b-a <= width || len(words) <= 1 {
			return l
		}
		words = words[:len(words)-1]
		t = strings.Join(words, " ") + "…"
	}
}
