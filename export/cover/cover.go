// Package cover designs a book's cover once and draws it twice: as a raster
// image for the EPUB (1600 x 2560 px) and as vector graphics with real,
// searchable text on the first page of the PDF.
//
// The design is a small display list in abstract page units (design.go):
// filled shapes and lines of glyphs laid out by the text engine. The raster
// back end (raster.go) fills glyph outlines and shapes with x/image/vector;
// the PDF back end (pdf.go) shows the same glyphs as real text with pdfwriter
// and fills the same shapes as paths, so both covers have the same proportions.
package cover

import (
	"errors"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/text"
)

// CONTRACT:
//
//	type Image struct { Data []byte; MediaType string; Width, Height int }
//	type Cover struct{...}
//	// New designs the cover: a supplied image (b.Config.Cover.Image, loaded by
//	// collection as an Asset) fitted on a background, or a generated typographic cover.
//	func New(b *collection.Book, e *text.Engine) (*Cover, []collection.Diagnostic, error)
//	func (c *Cover) Raster() (*Image, error)           // 1600x2560 PNG (or the supplied JPEG/PNG fitted)
//	func (c *Cover) Draw(p *pdfwriter.Page)            // same design on a PDF page of any size

// Raster size of the EPUB cover, in pixels: the 1:1.6 portrait most reading
// apps and stores expect.
const (
	RasterWidth  = 1600
	RasterHeight = 2560
)

// Image is an encoded cover image, ready to be stored in an EPUB or written
// to a file.
type Image struct {
	Data      []byte
	MediaType string // "image/png" or "image/jpeg"
	Width     int    // pixels
	Height    int
}

// Cover is a designed cover. It is immutable once made, so Raster and Draw
// may be called any number of times, in any order.
type Cover struct {
	book   *collection.Book
	engine *text.Engine
}

// New designs the cover of b: the supplied image fitted on a background when
// book.yaml names one, otherwise a typographic cover from the book's metadata.
// The diagnostics are warnings about book.yaml (a small or oddly shaped image,
// an unreadable colour); the error is for what makes a cover impossible.
func New(b *collection.Book, e *text.Engine) (*Cover, []collection.Diagnostic, error) {
	if b == nil || e == nil {
		return nil, nil, errors.New("cover: no book or no text engine")
	}
	return &Cover{book: b, engine: e}, nil, nil
}

// Raster returns the cover as a 1600 x 2560 image for the EPUB.
func (c *Cover) Raster() (*Image, error) {
	return nil, errors.New("cover: raster not implemented yet")
}
