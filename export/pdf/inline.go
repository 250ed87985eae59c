package pdf

import (
	"strings"

	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/text"
)

// seg is a run of inline content up to a hard line break: each becomes a
// paragraph of its own for the engine, set without indent or space between.
type seg struct {
	spans    []text.Span
	isolates []text.Isolate
	n        int  // bytes of text so far
	cut      bool // the next text starts a span of its own: an isolate starts or ends before it
}

func (s *seg) add(t string, st text.Style) {
	if t == "" {
		return
	}
	// Merge with the previous span when the style is the same: fewer, longer
	// runs shape better (kerning and joining across what were node boundaries).
	if k := len(s.spans); k > 0 && !s.cut && s.spans[k-1].Style == st {
		s.spans[k-1].Text += t
	} else {
		s.spans = append(s.spans, text.Span{Text: t, Style: st})
	}
	s.cut = false
	s.n += len(t)
}

// endsInSpace reports whether the text so far is empty or ends with a space.
func (s *seg) endsInSpace() bool {
	k := len(s.spans)
	return k == 0 || strings.HasSuffix(s.spans[k-1].Text, " ")
}

// Link styles are opaque to the engine; the layout reads them back when it
// draws a line: "U" + URL for external links, "D" + destination name inside the book.
const (
	linkURI  = 'U'
	linkDest = 'D'
)

// inliner collects inline content as styled spans, cut into segs at hard
// line breaks.
type inliner struct {
	bd   *builder
	lang string // the paragraph's language
	segs []seg
	open []text.Isolate // isolates not closed yet, Start in the current seg
	// imageGap: an image was just taken out of the text, and the spaces on
	// either side of it would print as one wider gap.
	imageGap bool
}

// inline collects in as styled spans from the base style st, in the
// paragraph settings of c. Images in it wait in bd.figures for the end of
// the block.
func (bd *builder) inline(in []doc.Inline, st text.Style, c ctx) []seg {
	il := &inliner{bd: bd, lang: c.lang, segs: []seg{{}}}
	il.walk(in, st)
	out := il.segs[:0]
	for _, s := range il.segs {
		if len(s.spans) > 0 {
			out = append(out, s)
		}
	}
	return out
}

func (il *inliner) cur() *seg { return &il.segs[len(il.segs)-1] }

func (il *inliner) walk(in []doc.Inline, st text.Style) {
	for _, n := range in {
		gap := il.imageGap
		il.imageGap = false
		switch n := n.(type) {
		case *doc.Text:
			t := n.Text
			if gap && strings.HasPrefix(t, " ") && il.cur().endsInSpace() {
				t = t[1:]
			}
			il.cur().add(t, st)
		case *doc.Span:
			il.span(n, st)
		case *doc.Link:
			il.walk(n.Content, il.bd.linkStyle(st, n.Target))
		case *doc.Image:
			il.bd.figures = append(il.bd.figures, n)
			il.imageGap = true
		case *doc.NoteRef:
			fs := st
			fs.Size = st.Size * 0.62
			fs.Rise = st.Size * 0.38
			fs.Tag = n.Note.Number
			fs.Bold, fs.Italic = false, false
			fs.Role = text.Body
			fs.Decor = 0
			il.cur().add(il.bd.s.digits(n.Note.Number), fs)
		case *doc.Break:
			il.lineBreak()
		}
	}
}

func (il *inliner) span(sp *doc.Span, st text.Style) {
	switch sp.Kind {
	case doc.Emph:
		st.Italic = true
		if c := il.bd.s.EmphColor; c != nil && st.Role == text.Body {
			st.Color = *c
		}
	case doc.Strong:
		st.Bold = true
	case doc.Strike:
		st.Decor |= text.Strike
	case doc.Underline:
		st.Decor |= text.Underline
	case doc.Mark:
		st.Decor |= text.Highlight
	case doc.Code, doc.Kbd:
		st.Role = text.Mono
		st.Bold, st.Italic = false, false
		st.Size *= 0.88
	case doc.Sub:
		st.Rise -= st.Size * 0.15
		st.Size *= 0.7
	case doc.Sup:
		st.Rise += st.Size * 0.35
		st.Size *= 0.7
	case doc.Small:
		st.Size *= 0.85
	}
	if sp.NoBreak {
		st.NoBreak = true // the engine breaks no line inside (a name and its version)
	}
	switch sp.Lang {
	case "":
	case il.lang:
		st.Lang = "" // the paragraph's, so the span still merges with its neighbours
	default:
		st.Lang = sp.Lang
	}
	if sp.Dir == "" {
		il.walk(sp.Content, st)
		return
	}
	// A direction makes the span an isolate, as HTML's dir attribute does.
	is := text.Isolate{Start: il.cur().n}
	switch sp.Dir {
	case "rtl":
		is.Dir = text.RTL
	case "ltr":
		is.Dir = text.LTR
	default:
		is.Auto = true
	}
	il.open = append(il.open, is)
	il.cur().cut = true
	il.walk(sp.Content, st)
	is = il.open[len(il.open)-1]
	il.open = il.open[:len(il.open)-1]
	il.closeIsolate(is)
	il.cur().cut = true
}

// closeIsolate ends is at the current end of text.
func (il *inliner) closeIsolate(is text.Isolate) {
	s := il.cur()
	if is.End = s.n; is.End > is.Start {
		s.isolates = append(s.isolates, is)
	}
}

// lineBreak starts a new seg; the isolates open go on in it.
func (il *inliner) lineBreak() {
	for i := range il.open {
		il.closeIsolate(il.open[i])
		il.open[i].Start = 0
	}
	il.segs = append(il.segs, seg{cut: true})
}

// linkStyle is st for a link's content: a link to a URL or to a place in the
// book, or st itself when the link leads nowhere the book can follow. Links
// print like the text around them unless the book gives them a colour: on
// paper a coloured word is only a stain.
func (bd *builder) linkStyle(st text.Style, t doc.Target) text.Style {
	switch {
	case t.URL != "":
		st.Link = string(linkURI) + t.URL
	case t.Article != "" && bd.arts[t.Article] != nil:
		st.Link = string(linkDest) + headingDest(bd.arts[t.Article], t.Fragment)
	default:
		return st
	}
	if c := bd.s.LinkColor; c != nil {
		st.Color = *c
	}
	return st
}
