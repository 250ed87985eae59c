package xhtml

import (
	"strconv"
	"strings"

	"github.com/warraq/warraq/export/doc"
)

// spanTags are the elements of the span kinds.
var spanTags = map[doc.SpanKind]string{
	doc.Plain: "span", doc.Emph: "em", doc.Strong: "strong", doc.Strike: "del", doc.Underline: "u",
	doc.Code: "code", doc.Kbd: "kbd", doc.Sub: "sub", doc.Sup: "sup", doc.Mark: "mark", doc.Small: "small", doc.Abbr: "abbr",
}

// inlines collects inline content as tokens.
func (w *writer) inlines(content []doc.Inline) *inline {
	in := w.newInline()
	w.inlinesTo(in, content)
	w.pageBreaks(in)
	return in
}

// newInline is an empty inline content, in the memory of the last one
// written when there is one.
func (w *writer) newInline() *inline {
	in := w.spare
	if in == nil {
		return &inline{}
	}
	w.spare = nil
	in.reset()
	return in
}

func (w *writer) inlinesTo(in *inline, content []doc.Inline) {
	for _, n := range content {
		w.inline(in, n)
	}
}

func (w *writer) inline(in *inline, n doc.Inline) {
	switch x := n.(type) {
	case *doc.Text:
		in.text(x.Text)
	case *doc.Span:
		w.span(in, x)
	case *doc.Link:
		href := w.href(x.Target)
		if href == "" || in.isOpen("a") {
			w.inlinesTo(in, x.Content)
			return
		}
		attrs := ` href="` + Escape(href) + `"`
		if x.Title != "" {
			attrs += ` title="` + Escape(x.Title) + `"`
		}
		in.open("a", attrs)
		w.inlinesTo(in, x.Content)
		in.close()
	case *doc.Image:
		if m := w.img(x); m != "" {
			in.void(m)
		}
	case *doc.NoteRef:
		w.noteRef(in, x)
	case *doc.Break:
		in.void("<br/>")
	}
}

// NoBreakClass is the class of the spans a line must not break inside
// (doc.Span.NoBreak); a page's stylesheet gives it white-space: nowrap.
const NoBreakClass = "nowrap"

// span writes a span as the element of its kind, with the language,
// direction and class it carries. Code is set left to right and is
// neutral for the paragraph's direction; a span whose direction is "auto"
// is a bdi, which finds its direction in its own text; a plain span that
// changes nothing is its content alone.
func (w *writer) span(in *inline, s *doc.Span) {
	attrs := langAttrs(s.Lang)
	if s.Kind == doc.Code {
		dir := s.Dir
		if dir != "rtl" {
			dir = "ltr"
		}
		attrs = ` dir="` + dir + `"` + attrs
		if cls := cleanClass(s.Class); cls != "" {
			attrs += ` class="` + Escape(cls) + `"`
		}
		in.opaque("<code" + attrs + ">" + Escape(doc.PlainText(s.Content)) + "</code>")
		return
	}
	tag := spanTags[s.Kind]
	isolate := false
	switch s.Dir {
	case "rtl", "ltr":
		attrs += ` dir="` + s.Dir + `"`
	case "auto":
		if s.Kind == doc.Plain {
			tag = "bdi"
		} else {
			isolate = true
		}
	}
	cls := cleanClass(s.Class)
	if s.NoBreak {
		cls = strings.TrimSpace(cls + " " + NoBreakClass)
	}
	if cls != "" {
		attrs += ` class="` + Escape(cls) + `"`
	}
	if s.Kind == doc.Abbr && s.Title != "" {
		attrs += ` title="` + Escape(s.Title) + `"`
	}
	if tag == "span" && attrs == "" {
		w.inlinesTo(in, s.Content)
		return
	}
	if isolate {
		in.open("bdi", "")
	}
	in.open(tag, attrs)
	w.inlinesTo(in, s.Content)
	in.close()
	if isolate {
		in.close()
	}
}

// href is where a link leads, or "" when it is shown as plain text.
func (w *writer) href(t doc.Target) string {
	switch {
	case t.URL != "":
		u := strings.ToLower(t.URL)
		if strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "mailto:") {
			return URL(t.URL)
		}
	case t.Article != "" && w.o.Href != nil:
		return w.o.Href(t)
	}
	return ""
}

// img returns the img element for an image, or "" when it is left out.
func (w *writer) img(im *doc.Image) string {
	if im == nil {
		return ""
	}
	src := URL(im.Src)
	if w.o.Src != nil {
		src = w.o.Src(im)
	}
	if src == "" {
		return ""
	}
	attrs := ""
	if a := im.Asset; a != nil && a.Width > 0 && a.Height > 0 {
		attrs = ` width="` + strconv.Itoa(a.Width) + `" height="` + strconv.Itoa(a.Height) + `"`
	}
	return `<img src="` + Escape(src) + `" alt="` + Escape(im.Alt) + `"` + attrs + "/>"
}

// noteRef writes a footnote reference: its number, linked to the note. A
// reference inside a link cannot be a link itself: it keeps its number and
// the id the note links back to.
func (w *writer) noteRef(in *inline, r *doc.NoteRef) {
	if r.Note == nil {
		return
	}
	id, num := Escape(w.refID(r.Note, r.Ref)), Escape(w.number(r.Note.Number))
	if in.isOpen("a") {
		in.opaque(`<sup class="noteref" id="` + id + `">` + num + "</sup>")
		return
	}
	attrs := ""
	if w.o.EPUBTypes {
		attrs = ` epub:type="noteref"`
	}
	in.opaque(`<a` + attrs + ` role="doc-noteref" class="noteref" id="` + id + `" href="#` + Escape(w.noteID(r.Note)) + `">` + num + "</a>")
}
