package pdf

import (
	"strings"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/text"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// seg is a run of inline content up to a hard line break: each becomes a
// paragraph of its own for the engine, set without indent or space between.
type seg struct {
	spans []text.Span
	offs  []spanOff
	n     int
}

func (s *seg) add(t string, st text.Style, src int) {
	if t == "" {
		return
	}
	// Merge with the previous span when the style is the same: fewer, longer
	// runs shape better (kerning and joining across what were node boundaries).
	if k := len(s.spans); k > 0 && s.spans[k-1].Style == st {
		s.spans[k-1].Text += t
	} else {
		s.spans = append(s.spans, text.Span{Text: t, Style: st})
	}
	s.offs = append(s.offs, spanOff{text: s.n, src: src})
	s.n += len(t)
}

// Link styles are opaque to the engine; the layout reads them back when it
// draws a line: "U" + URL for external links, "D" + destination name inside the book.
const (
	linkURI  = 'U'
	linkDest = 'D'
)

// inline collects n's inline children as styled spans.
func (bd *builder) inline(n ast.Node, st text.Style) []seg {
	segs := []seg{{}}
	lastSrc := -1
	var walk func(n ast.Node, st text.Style)
	walk = func(n ast.Node, st text.Style) {
		for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
			cur := &segs[len(segs)-1]
			switch t := ch.(type) {
			case *ast.Text:
				lastSrc = t.Segment.Start
				cur.add(string(t.Segment.Value(bd.a.Source)), st, lastSrc)
				if t.HardLineBreak() {
					segs = append(segs, seg{})
				} else if t.SoftLineBreak() {
					cur.add(" ", st, lastSrc)
				}
			case *ast.String:
				cur.add(string(t.Value), st, lastSrc)
			case *ast.CodeSpan:
				cs := st
				cs.Role = text.Mono
				cs.Bold, cs.Italic = false, false
				cs.Size = st.Size * 0.88
				walk(t, cs)
			case *ast.Emphasis:
				es := st
				if t.Level >= 2 {
					es.Bold = true
				} else {
					es.Italic = true
				}
				walk(t, es)
			case *ast.Link:
				walk(t, bd.linkStyle(st, string(t.Destination)))
			case *ast.AutoLink:
				url := string(t.URL(bd.a.Source))
				dest := url
				if t.AutoLinkType == ast.AutoLinkEmail && len(dest) > 0 {
					dest = "mailto:" + dest
				}
				cur.add(string(t.Label(bd.a.Source)), bd.linkStyle(st, dest), lastSrc)
			case *ast.Image:
				// An image inside running text: its words stand in for it.
				cur.add(plainText(t, bd.a.Source), st, lastSrc)
			case *ast.RawHTML:
				// dropped: raw HTML has no printed form
			case *east.FootnoteLink:
				fs := st
				fs.Size = st.Size * 0.62
				fs.Rise = st.Size * 0.38
				fs.Tag = t.Index
				fs.Bold, fs.Italic = false, false
				fs.Role = text.Body
				cur.add(bd.s.digits(t.Index), fs, lastSrc)
			case *east.FootnoteBacklink:
			case *east.TaskCheckBox:
				box := "☐ "
				if t.IsChecked {
					box = "☑ "
				}
				if !bd.canDraw(box) {
					box = "[ ] "
					if t.IsChecked {
						box = "[x] "
					}
				}
				cur.add(box, st, lastSrc)
			default:
				walk(ch, st)
			}
		}
	}
	walk(n, st)
	out := segs[:0]
	for _, s := range segs {
		if len(s.spans) > 0 {
			out = append(out, s)
		}
	}
	return out
}

func (bd *builder) canDraw(s string) bool {
	for _, r := range s {
		if r == ' ' {
			continue
		}
		ok := false
		for _, f := range bd.e.FontSet().Faces() {
			if f.HasRune(r) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

func (bd *builder) linkStyle(st text.Style, dest string) text.Style {
	t := bd.b.Resolve(bd.a, dest)
	switch {
	case t.External != "":
		st.Link = string(linkURI) + t.External
	case t.Article != nil:
		st.Link = string(linkDest) + headingDest(t.Article, t.Fragment)
	default:
		return st
	}
	st.Color = linkBlue
	return st
}

// footnotes lays out the article's notes at the text width before the body,
// so that body rows can point at the notes they reference.
func (bd *builder) footnotes(doc ast.Node) {
	size := bd.s.NoteSize
	c := ctx{size: size, lead: bd.s.NoteLead}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		fn, ok := n.(*east.Footnote)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		nt := &note{num: fn.Index}
		first := true
		for p := fn.FirstChild(); p != nil; p = p.NextSibling() {
			st := text.Style{Role: text.Body, Size: size}
			segs := bd.inline(p, st)
			for _, sg := range segs {
				if first {
					// The note's number, then its text.
					num := text.Span{Text: bd.s.digits(fn.Index) + " ", Style: text.Style{Role: text.Body, Bold: true, Size: size}}
					sg.spans = append([]text.Span{num}, sg.spans...)
					for i := range sg.offs {
						sg.offs[i].text += len(num.Text)
					}
					sg.offs = append([]spanOff{{0, segStart(p)}}, sg.offs...)
					first = false
				}
				blk := bd.layout(sg.spans, text.Justify, 0, bd.s.TextW, bd.dir, bd.lang, sg.offs)
				save := bd.rows
				bd.rows = nil
				nt.rows = append(nt.rows, bd.lines(blk, c, 0, true)...)
				bd.rows = save
			}
		}
		if len(nt.rows) > 0 {
			bd.notes[fn.Index] = nt
		}
		return ast.WalkSkipChildren, nil
	})
}

// opening is the head of an article's first page: title, subtitle, author,
// date and tags, set lower than the body's first line.
func (bd *builder) opening() {
	s := bd.s
	a := bd.a
	sink := &row{h: s.TextH * 0.1, keep: true, dests: []string{articleDest(a)}}
	bd.rows = append(bd.rows, sink)
	add := func(txt string, st text.Style, lead, before float64) {
		if txt == "" {
			return
		}
		c := ctx{size: st.Size, lead: lead}
		blk := bd.layout([]text.Span{{Text: txt, Style: st}}, text.Center, 0, s.TextW, bd.dir, bd.lang, []spanOff{{0, -1}})
		bd.lines(blk, c, before, true)
	}
	ts := s.Size * 1.9
	add(a.Title, text.Style{Role: text.Heading, Bold: true, Size: ts}, ts*1.45, 0)
	add(a.Subtitle, text.Style{Role: text.Body, Italic: true, Size: s.Size * 1.15, Color: grey}, s.Size*1.15*1.6, s.Size*0.3)
	sep := s.labels().Sep
	add(join(a.Authors, sep), text.Style{Role: text.Body, Bold: true, Size: s.Size}, s.Lead, s.Size*0.6)
	if !a.Date.IsZero() {
		add(s.date(a.Date, a.Lang), text.Style{Role: text.Body, Size: s.Size * 0.9, Color: grey}, s.Lead*0.9, 0)
	}
	add(join(a.Tags, sep), text.Style{Role: text.Body, Size: s.Size * 0.82, Color: grey}, s.Lead*0.85, 0)
	// A short rule closes the opening.
	r := &row{h: s.Lead * 1.6, keep: true}
	r.els = []el{{kind: elLine, x: s.TextW * 0.42, y: r.h / 2, w: s.TextW * 0.58, h: r.h / 2, width: 0.7, color: ruleCol}}
	bd.rows = append(bd.rows, r)
	bd.prev = prevNone
}

func join(xs []string, sep string) string {
	out := ""
	for i, x := range xs {
		if i > 0 {
			out += sep
		}
		out += x
	}
	return out
}

// layoutArticle lays an article out into rows, independent of pages.
func layoutArticle(s setup, e *text.Engine, b *collection.Book, a *collection.Article) *laidArticle {
	bd := &builder{s: s, e: e, b: b, a: a, notes: map[int]*note{}, missing: map[rune]bool{}}
	bd.dir = text.RTL
	if a.Dir == "ltr" || (a.Dir == "" && !s.RTL) {
		bd.dir = text.LTR
	}
	bd.lang = a.Lang
	if bd.lang == "" {
		bd.lang = s.Lang
	}
	bd.opening()
	if a.AST != nil {
		bd.footnotes(a.AST)
		bd.blocks(a.AST, ctx{size: s.Size, lead: s.Lead})
	}
	if n := len(bd.rows); n > 0 {
		bd.rows[n-1].keep = false
	}
	la := &laidArticle{a: a, rows: bd.rows, diags: bd.diags}
	la.head = bd.head(a.Title, s.TextW*0.75)
	return la
}

// head lays out a running head, shortened at a word boundary with an
// ellipsis when the title is wider than width.
func (bd *builder) head(title string, width float64) *text.Line {
	st := text.Style{Role: text.Body, Italic: true, Size: bd.s.Size * 0.8, Color: grey}
	words := strings.Fields(title)
	t := title
	for {
		l := bd.short(t, st, bd.dir)
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

// laidArticle is an article laid out, waiting for pagination.
type laidArticle struct {
	a     *collection.Article
	rows  []*row
	head  *text.Line // running head
	diags []diag.Diagnostic
}
