package epub

import (
	"strings"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/text"
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
// fonts are those the EPUB embeds, whole or subset as the EPUB does.
func Stylesheet(b *collection.Book, fs *text.FontSet, tpl *templates.Set) ([]File, error) {
	p := newPackager(b, job{Fonts: fs, Templates: tpl})
	p.claimNames()
	var m manifest
	if err := p.stylesheet(&m); err != nil {
		return nil, err
	}
	var out []File
	for _, f := range m.files {
		out = append(out, File{Name: strings.TrimPrefix(f.name, "OEBPS/"), Data: f.data})
	}
	for _, f := range p.faces {
		out = append(out, File{Name: f.href, Data: f.data})
	}
	return out, nil
}
