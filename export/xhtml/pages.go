package xhtml

import (
	"strings"

	"github.com/warraq/warraq/export/doc"
)

// Page breaks of the print edition (the EPUB's page list). The caller says
// where each page begins as a word of a block: the words of a block are the
// runs of characters between white space (a line break counts as white
// space) of its inline content, counted in the order the block's inline
// content is written, table cells and hemistichs one after the other; the
// PDF's layout counts them alike (export/pdf/pages.go). A marker, an empty
// span with the page's number as its label, goes just before that word.

// PageBreak is a print page that begins in a block, at word Word.
type PageBreak struct {
	Word  int
	ID    string // the marker's id, unique in the document
	Label string // the printed page number
}

// enter makes bl the block whose words are counted, and returns a function
// that restores the block it is nested in.
func (w *writer) enter(bl doc.Block) func() {
	outer, words := w.inBlock, w.words
	w.inBlock, w.words = bl, 0
	return func() { w.inBlock, w.words = outer, words }
}

// pageBreaks puts the markers of the current block that fall among the
// words of in before their words, and counts them.
func (w *writer) pageBreaks(in *inline) {
	marks := w.o.PageBreaks[w.inBlock]
	if len(marks) == 0 || w.inBlock == nil {
		// Most blocks. The words counted are only ever compared with
		// the marks of the block they are in (enter), so those of a
		// block without marks need no counting.
		return
	}
	var starts []pos
	wordStarts(in, func(p pos) { starts = append(starts, p) })
	for k := len(marks) - 1; k >= 0; k-- { // from the end, so earlier positions stay valid
		j := marks[k].Word - w.words
		if j < 0 || j >= len(starts) || w.inBlock == nil {
			continue
		}
		mk := w.marker(marks[k])
		if mk == "" {
			continue
		}
		at := in.split(starts[j])
		in.toks = append(in.toks[:at], append([]token{{kind: tVoid, s: mk}}, in.toks[at:]...)...)
	}
	w.words += len(starts)
}

// wordStarts counts the words of in (runs of characters between white
// space and void elements), calling at, when set, with where each begins.
func wordStarts(in *inline, at func(pos)) int {
	n, space := 0, true
	for i, t := range in.toks {
		switch t.kind {
		case tText:
			for off, r := range t.s {
				s := doc.IsSpace(r)
				if !s && space {
					n++
					if at != nil {
						at(pos{i, off})
					}
				}
				space = s
			}
		case tVoid:
			space = true
		}
	}
	return n
}

// pageBreaksText is pageBreaks for text written as it is (a code block):
// it returns s escaped, with the markers.
func (w *writer) pageBreaksText(s string) string {
	marks := w.o.PageBreaks[w.inBlock]
	if len(marks) == 0 {
		return Escape(s) // no words to count (pageBreaks)
	}
	var b strings.Builder
	n, space, last := 0, true, 0
	for off, r := range s {
		sp := doc.IsSpace(r)
		if !sp && space {
			for _, m := range marks {
				if m.Word-w.words == n {
					b.WriteString(Escape(s[last:off]) + w.marker(m))
					last = off
				}
			}
			n++
		}
		space = sp
	}
	b.WriteString(Escape(s[last:]))
	w.words += n
	return b.String()
}

// leadingBreaks writes the markers of pages that begin with the current
// block (a figure, whose picture comes before its caption's words).
func (w *writer) leadingBreaks() string {
	var s string
	for _, m := range w.o.PageBreaks[w.inBlock] {
		if m.Word == w.words {
			s += w.marker(m)
		}
	}
	return s
}

// marker is a page break's markup, once; it records the id as written.
func (w *writer) marker(m PageBreak) string {
	for _, id := range w.written {
		if id == m.ID {
			return ""
		}
	}
	w.written = append(w.written, m.ID)
	return PageMarker(m.ID, m.Label, w.o.EPUBTypes)
}

// PageMarker is the markup of a page break: an empty span labelled with
// the page's number, for DPUB-ARIA and (epubTypes) EPUB reading systems.
func PageMarker(id, label string, epubTypes bool) string {
	t := ""
	if epubTypes {
		t = ` epub:type="pagebreak"`
	}
	return `<span id="` + Escape(id) + `"` + t + ` role="doc-pagebreak" aria-label="` + Escape(label) + `"></span>`
}
