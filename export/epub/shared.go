package epub

import (
	"strings"

	"github.com/warraq/warraq/export/render"
	"github.com/warraq/warraq/export/xhtml"
	"github.com/warraq/warraq/templates"
)

// File is a file another HTML output of the book takes from the EPUB.
type File struct {
	Name string // slash-separated, relative to the output's root
	Data []byte
}

// Stylesheet is the EPUB's stylesheet, for another HTML output of the same
// book (the web edition) to look the same: css/book.css, the font files it
// declares (fonts/..., which its url()s name from css/), made exactly as
// the EPUB makes them, and css/style.css when the book has a style:. The
// fonts are those the EPUB embeds, subset as the EPUB subsets them to the
// words of its pages, and to extra: the words the other output writes that
// the EPUB does not (its own labels), each set in the body face.
func Stylesheet(in *render.Input, tpl *templates.Set, extra []string) ([]File, error) {
	p := newPackager(in.Book, job{Fonts: in.Fonts, Engine: in.Engine, Templates: tpl, Cache: in.Cache, Digests: in.Digests})
	p.claimNames()
	var m manifest
	if in.Cache != nil {
		// Read as the EPUB reads them, so that a rebuild (the live
		// preview's) finds the text of the pages an edit left alone in
		// the cache; not compressed, since they are not kept.
		p.startPages(&m, true)
	}
	for _, stage := range []func(*manifest) error{p.titlePage, p.contentsPage, p.bodyMatter} {
		if err := stage(&m); err != nil {
			return nil, err
		}
	}
	if len(extra) > 0 {
		var page strings.Builder
		page.WriteString(`<html xmlns="http://www.w3.org/1999/xhtml"><body>`)
		for _, w := range extra {
			page.WriteString("<p>" + xhtml.Escape(w) + "</p>")
		}
		page.WriteString("</body></html>")
		m.files = append(m.files, entry{name: "OEBPS/text/extra.xhtml", data: []byte(page.String())})
		if m.pages != nil {
			m.pages.added(&m)
		}
	}
	pages := len(m.files)
	if err := p.stylesheet(&m); err != nil {
		return nil, err
	}
	var out []File
	for _, f := range m.files[pages:] { // the stylesheets, not the pages read for their words
		out = append(out, File{Name: strings.TrimPrefix(f.name, "OEBPS/"), Data: f.data})
	}
	for _, f := range p.faces {
		out = append(out, File{Name: f.href, Data: f.data})
	}
	return out, nil
}
