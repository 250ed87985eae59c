// Package epub writes a Book as an EPUB 3.3 package: our own packager on
// archive/zip and the templates in /templates (DEVELOPERS.md says why not go-epub).
//
// The package holds, in reading order, a cover page, a title page, a visible
// table of contents, a page for each titled part and one XHTML document per
// article, rendered from the goldmark AST the collection parsed. Navigation
// is nav.xhtml (toc and landmarks) plus toc.ncx for EPUB 2 readers. Fonts are
// embedded and declared in the stylesheet; direction comes from dir attributes
// only, since EPUB forbids the CSS direction property.
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
	"github.com/warraq/warraq/export/text"
)

// The exported surface in brief:
//
//	type Options struct {
//	    Fonts *text.FontSet          // the faces to embed (those the book uses)
//	    Cover *cover.Image           // raster cover: {Data []byte; MediaType string; Width, Height int}
//	    Warn  func(diag.Diagnostic)
//	}
//	func Write(w io.Writer, b *collection.Book, opt Options) error   // same inputs, same bytes

// Options are what the EPUB needs beyond the Book.
type Options struct {
	// Fonts supplies the faces to embed: the body, heading and mono faces in
	// each style the set has (fallback-only faces are not embedded). Nil
	// embeds none and leaves readers to their own fonts.
	Fonts *text.FontSet
	// Cover is the raster cover image; nil makes a book without a cover page.
	Cover *cover.Image
	// Warn receives problems found while rendering (an image without alt
	// text, raw HTML that was removed), as file:line diagnostics. May be nil.
	Warn func(diag.Diagnostic)
}

// Write writes b as an EPUB to w. Everything is rendered before the first
// byte is written, so an error leaves w untouched.
func Write(w io.Writer, b *collection.Book, opt Options) error {
	if b == nil {
		return errors.New("epub: no book")
	}
	p := newPackager(b, opt)
	files, err := p.build()
	if err != nil {
		return err
	}
	return writeZip(w, files, p.modified)
}
