package xhtml

import (
	"strings"

	"github.com/warraq/warraq/export/doc"
)

// pullQuote writes a pull quote as an aside, with the DPUB-ARIA role (and
// EPUB's epub:type when asked) that says it repeats the text for show.
func (w *writer) pullQuote(b *strings.Builder, q *doc.Quote, rtl bool) {
	attrs := ""
	if w.o.EPUBTypes {
		attrs = ` epub:type="pullquote"`
	}
	b.WriteString(`<aside` + attrs + ` role="doc-pullquote" class="pullquote">` + "\n")
	w.blocks(b, q.Blocks, rtl)
	b.WriteString("</aside>\n")
}

// verse writes verse as a div of stanzas, each a div of lines; a line is a
// paragraph whose hemistichs are spans with a space between them, so that a
// reading system without the stylesheet still reads "sadr ʿajuz".
func (w *writer) verse(b *strings.Builder, v *doc.Verse, rtl bool) {
	b.WriteString(`<div class="verse">` + "\n")
	for _, st := range v.Stanzas {
		b.WriteString(`<div class="stanza">` + "\n")
		for _, l := range st {
			cls := "bayt"
			if len(l.Hemistichs) == 1 {
				cls = "bayt single"
			}
			b.WriteString(`<p class="` + cls + `">`)
			for i, h := range l.Hemistichs {
				if i > 0 {
					b.WriteString(" ")
				}
				in := w.inlines(h)
				attrs := ` class="hemistich"`
				if dir := in.isolate(rtl); dir != "" {
					attrs += ` dir="` + dir + `"`
				}
				b.WriteString("<span" + attrs + ">" + in.markup() + "</span>")
			}
			b.WriteString("</p>\n")
		}
		b.WriteString("</div>\n")
	}
	b.WriteString("</div>\n")
}
