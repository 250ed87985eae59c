// Package xhtml writes an article's document (export/doc) as XHTML: the
// markup of its body and of its footnotes, well-formed whatever the text
// holds, for a page template to put in a document of its own.
//
// It owns how each block and inline of the model looks in HTML (a heading
// keeps the ID the model gave it, code is set left to right, a table's
// header cells are scoped to their columns), the footnotes with their
// references and links back (DPUB-ARIA roles, and EPUB's epub:type when
// asked), and the direction isolates: a run written against the
// paragraph's direction at its start or end is wrapped in a span with its
// own dir, so readers that guess a paragraph's direction from its first
// letter guess right.
//
// It knows nothing of files or packages: where a link to another article
// leads and where an image is found are the caller's, through Options. So
// the EPUB and a web edition write their pages with the same markup.
package xhtml

import (
	"strings"
	"sync"

	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/locale"
)

// Options say what the document's markup depends on beyond the document.
type Options struct {
	// Lang is the document's BCP 47 language: the words the markup adds
	// (a footnote's "back to text", a task's "done") are in it.
	Lang string
	// Dir is the document's direction, "rtl" or "ltr"; "" takes the
	// language's.
	Dir string
	// Digits writes the numbers the markup adds (footnote numbers); nil
	// writes ASCII digits.
	Digits func(n int) string
	// Href returns the href of a link to an article of the book (Target
	// has Article set), or "" to show the link's content as plain text.
	// Nil shows every such link as plain text.
	Href func(doc.Target) string
	// Src returns an image's src, or "" to leave the image out. Nil uses
	// the path the source gave.
	Src func(*doc.Image) string
	// EPUBTypes marks footnotes and their references with epub:type as
	// well as their roles, so EPUB reading systems show the notes as
	// pop-ups; the page must declare the epub namespace.
	EPUBTypes bool
	// PageBreaks are the print pages that begin in each block (pages.go).
	PageBreaks map[doc.Block][]PageBreak
	// Size is about how many bytes the body's markup takes, when the
	// caller can tell (0 when not): the body is written into memory made
	// that large at once, not grown to it by doubling.
	Size int
}

// Output is a document's markup.
type Output struct {
	Body  string // the body's blocks, one per line
	Notes string // an aside per footnote, in number order; "" without notes
	// Pages are the ids of the page break markers written, in order.
	Pages []string
}

// Render writes d with o.
func Render(d *doc.Document, o Options) Output {
	if d == nil {
		return Output{}
	}
	w := newWriter(d, o)
	w.spare, _ = spareInlines.Get().(*inline)
	var body, notes strings.Builder
	body.Grow(o.Size)
	w.blocks(&body, d.Blocks, w.rtl)
	for _, n := range d.Notes {
		w.note(&notes, n)
	}
	if in := w.spare; in != nil && cap(in.charBuf) <= maxSpareChars {
		in.reset()
		spareInlines.Put(in)
	}
	return Output{Body: body.String(), Notes: notes.String(), Pages: w.written}
}

// spareInlines keep the memory of blocks' inline content from one
// document to the next (writer.newInline), for those of up to
// maxSpareChars characters: each article growing its own was 9 MB of a
// 1,000-article EPUB's allocations.
var spareInlines sync.Pool

const maxSpareChars = 1 << 16

// direction is o's direction, or its language's.
func (o Options) direction() string {
	if o.Dir == "rtl" || o.Dir == "ltr" {
		return o.Dir
	}
	return locale.Direction(o.Lang)
}
