// Package epub writes a Book as an EPUB 3.3 package: our own packager on
// archive/zip and the templates in /templates (DEVELOPERS.md says why not go-epub).
//
// This package is the packaging: the files and their names, the package
// document, navigation, stylesheet, fonts and the zip container. The
// package holds, in reading order, a cover page, a title page, a visible
// table of contents, a page for each titled part and one XHTML document per
// article, whose body export/xhtml writes from the article's document
// model. Navigation is nav.xhtml (toc and landmarks) plus toc.ncx for EPUB 2
// readers. Fonts are embedded and declared in the stylesheet; direction
// comes from dir attributes only, since EPUB forbids the CSS direction
// property. Labels, dates and digits come from export/locale.
//
// Output is a function of the Book and Options alone: no clock, no map order,
// fixed zip entry order and timestamps, so the same inputs give the same bytes.
package epub

import (
	"errors"
	"io"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/cover"
	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/render"
	"github.com/warraq/warraq/export/text"
	"github.com/warraq/warraq/internal/cache"
	"github.com/warraq/warraq/templates"
	"go.yaml.in/yaml/v3"
)

// Renderer is the EPUB format.
type Renderer struct{}

// Format is "epub".
func (Renderer) Format() string { return "epub" }

// Options decodes book.yaml's epub: section.
func (Renderer) Options(n *yaml.Node, r diag.List) any { return decodeOptions(n, r) }

// RastersCover marks the EPUB as showing the cover as an image
// (render.CoverImage).
func (Renderer) RastersCover() {}

// ReadsPages marks the EPUB as carrying the print edition's pages (its
// page list; render.PageReader).
func (Renderer) ReadsPages() {}

// Render writes the book as an EPUB; opts is what Options returned.
func (Renderer) Render(w io.Writer, in *render.Input, opts any) (render.Result, error) {
	o, ok := opts.(Options)
	if !ok {
		o = DefaultOptions()
	}
	return render.Result{}, Write(w, in, o)
}

// Write writes the book as an EPUB to w with options o.
func Write(w io.Writer, in *render.Input, o Options) error {
	j := job{Fonts: in.Fonts, Engine: in.Engine, TOCDepth: o.TOCDepth, Templates: in.Templates, PageBreaks: in.PageBreaks, Cache: in.Cache, Digests: in.Digests}
	if c := in.Cover; c != nil {
		// The pages need only the image's type and size; its data is
		// added last, so a cover not drawn yet is drawn meanwhile.
		j.Cover = &cover.Image{}
		j.Cover.MediaType, j.Cover.Width, j.Cover.Height = c.RasterFormat()
		j.CoverData = c.RasterOnce
		go func() { _, _ = c.RasterOnce() }()
	}
	return write(w, in.Book, j)
}

// job is what the EPUB needs beyond the Book.
type job struct {
	// Fonts supplies the faces to embed: the body, heading and mono faces in
	// each style the set has, and those of its fallback faces the book's
	// letters need. Nil embeds none and leaves readers to their own fonts.
	Fonts *text.FontSet
	// Engine shapes the book's words for the font subsets; the pipeline's
	// shared engine, whose cache the PDF fills with the same words. Nil
	// makes one over Fonts.
	Engine *text.Engine
	// Cover is the raster cover image; nil makes a book without a cover page.
	Cover *cover.Image
	// CoverData, when set, gives the cover image's data, which Cover then
	// lacks; its type and size must be Cover's.
	CoverData func() (*cover.Image, error)
	TOCDepth  int
	// Templates are the book's templates; nil uses the built-in ones.
	Templates *templates.Set
	// PageBreaks are where the print edition's pages begin (pagelist.go).
	PageBreaks []render.PageBreak
	// Cache, when set, keeps the glyphs the subsets need between builds
	// (glyphcache.go).
	Cache *cache.Store
	// Digests are the articles' digests, shared with the PDF (nil: each
	// made when asked for).
	Digests *render.Digests
}

// write writes b as an EPUB to w.
func write(w io.Writer, b *collection.Book, opt job) error {
	if b == nil {
		return errors.New("epub: no book")
	}
	p := newPackager(b, opt)
	files, err := p.build()
	if err != nil {
		return err
	}
	if err := packRest(files); err != nil {
		return err
	}
	return writeZip(w, files, p.modified)
}

// Views are the data each of the EPUB's templates is given, for a book's
// templates to be checked against while the book loads.
func (Renderer) Views() templates.Views {
	return templates.Views{
		"cover.xhtml": page{}, "titlepage.xhtml": page{}, "contents.xhtml": page{},
		"part.xhtml": page{}, "article.xhtml": page{}, "nav.xhtml": page{},
		"toc.ncx": &packageView{}, "content.opf": &packageView{},
		"container.xml": nil, "book.css": cssView{},
	}
}
