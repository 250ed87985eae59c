// Package pdfwriter writes PDF files from positioned glyphs, paths, images,
// links and outlines. It knows nothing about Markdown or book layout: the
// layout (export/pdf) and the cover give it pages to draw.
//
// Fonts are Type0 with CIDFontType2 descendants, Identity-H encoding, our own
// TrueType subsetting, and ToUnicode CMaps built so that copying and searching
// right-to-left text gives the source back in pdf.js, poppler and MuPDF (see
// the comments on ShowGlyphs for the encoding and why each part is there).
package pdfwriter

// CONTRACT (implemented by the PDF-writer work; other packages code against it):
//
//	type Info struct {
//	    Title, Author, Subject, Keywords, Creator, Producer string
//	    Created time.Time   // never the clock: the caller passes the book's date
//	    Lang string         // catalog /Lang
//	    RTL  bool           // /ViewerPreferences /Direction /R2L
//	}
//	func New(info Info) *Document
//	func (d *Document) AddFont(data []byte) (*Font, error) // TrueType: subset at Write;
//	                                                       // CFF OpenType: embedded whole (FontFile3/OpenType)
//	func (d *Document) AddImage(data []byte, mediaType string) (*Image, error) // JPEG: DCT passthrough; PNG: Flate + SMask
//	func (img *Image) Size() (w, h int)
//	func (d *Document) NewPage(width, height float64) *Page   // pt
//	func (d *Document) PageCount() int
//
//	type Color struct{ R, G, B float64 }
//	type Glyph struct {
//	    Font    *Font
//	    Size    float64
//	    Color   Color
//	    GID     uint16
//	    X, Y    float64   // absolute page position of the glyph origin, pt, y up
//	    Advance float64   // pt, 0 for marks
//	    Text    string    // Unicode the glyph stands for ("" none)
//	    Mark    bool
//	    RTL     bool      // the glyph belongs to a right-to-left run
//	}
//	// ShowGlyphs draws one line; glyphs are given in reading order.
//	func (p *Page) ShowGlyphs(glyphs []Glyph)
//	func (p *Page) FillRect(x, y, w, h float64, c Color)
//	func (p *Page) StrokeLine(x1, y1, x2, y2, width float64, c Color)
//	func (p *Page) Path() *Path    // MoveTo, LineTo, CurveTo, QuadTo, Close; Fill(c) / Stroke(w, c)
//	func (p *Page) DrawImage(img *Image, x, y, w, h float64)
//	func (p *Page) LinkURI(x, y, w, h float64, uri string)
//	func (p *Page) LinkDest(x, y, w, h float64, dest string)   // to a named destination
//	func (p *Page) Index() int                                 // 0-based
//	func (d *Document) AddDest(name string, page *Page, y float64)  // named destination (XYZ)
//	func (d *Document) AddOutline(parent *Outline, title, dest string) *Outline // parent nil = top level
//	type PageLabel struct { FirstPage int; Style string /* "D","r","R","a","A","" */; Prefix string; Start int }
//	func (d *Document) SetPageLabels(labels []PageLabel)
//	func (d *Document) Write(w io.Writer) error   // deterministic bytes for the same calls

import (
	"errors"
	"io"
	"time"
)

// Info is the document metadata. Created is never the clock: the caller
// passes the book's date so that output is reproducible.
type Info struct {
	Title, Author, Subject, Keywords, Creator, Producer string
	Created                                             time.Time
	Lang                                                string // catalog /Lang
	RTL                                                 bool   // /ViewerPreferences /Direction /R2L
}

// Document collects pages, fonts, images, destinations and outlines and
// writes them as one PDF.
type Document struct {
	info  Info
	pages []*Page
}

// Font is a font added to a document.
type Font struct{}

// Image is an image added to a document.
type Image struct{ w, h int }

// Page is one page of a document.
type Page struct {
	doc           *Document
	index         int
	width, height float64
}

// Color is an RGB colour, components in 0..1.
type Color struct{ R, G, B float64 }

// Glyph is one positioned glyph.
type Glyph struct {
	Font    *Font
	Size    float64
	Color   Color
	GID     uint16
	X, Y    float64 // absolute page position of the glyph origin, pt, y up
	Advance float64 // pt, 0 for marks
	Text    string  // Unicode the glyph stands for ("" none)
	Mark    bool
	RTL     bool // the glyph belongs to a right-to-left run
}

// Path is a vector path under construction on a page.
type Path struct{ page *Page }

// Outline is an entry of the document outline (bookmarks).
type Outline struct{}

// PageLabel starts a page-label range.
type PageLabel struct {
	FirstPage int
	Style     string // "D", "r", "R", "a", "A", ""
	Prefix    string
	Start     int
}

// New returns an empty document.
func New(info Info) *Document { return &Document{info: info} }

// AddFont adds a TrueType or OpenType font.
func (d *Document) AddFont(data []byte) (*Font, error) {
	return nil, errors.New("pdfwriter: not implemented")
}

// AddImage adds a JPEG or PNG image.
func (d *Document) AddImage(data []byte, mediaType string) (*Image, error) {
	return nil, errors.New("pdfwriter: not implemented")
}

// Size returns the image size in pixels.
func (img *Image) Size() (w, h int) { return img.w, img.h }

// NewPage appends a page of the given size in points.
func (d *Document) NewPage(width, height float64) *Page {
	p := &Page{doc: d, index: len(d.pages), width: width, height: height}
	d.pages = append(d.pages, p)
	return p
}

// PageCount returns the number of pages.
func (d *Document) PageCount() int { return len(d.pages) }

// ShowGlyphs draws one line; glyphs are given in reading order.
func (p *Page) ShowGlyphs(glyphs []Glyph) {}

// FillRect fills a rectangle.
func (p *Page) FillRect(x, y, w, h float64, c Color) {}

// StrokeLine strokes a line.
func (p *Page) StrokeLine(x1, y1, x2, y2, width float64, c Color) {}

// Path starts a new path on the page.
func (p *Page) Path() *Path { return &Path{page: p} }

// MoveTo starts a subpath.
func (pa *Path) MoveTo(x, y float64) *Path { return pa }

// LineTo adds a line.
func (pa *Path) LineTo(x, y float64) *Path { return pa }

// CurveTo adds a cubic Bézier curve.
func (pa *Path) CurveTo(x1, y1, x2, y2, x3, y3 float64) *Path { return pa }

// QuadTo adds a quadratic Bézier curve.
func (pa *Path) QuadTo(x1, y1, x2, y2 float64) *Path { return pa }

// Close closes the current subpath.
func (pa *Path) Close() *Path { return pa }

// Fill fills the path.
func (pa *Path) Fill(c Color) {}

// Stroke strokes the path.
func (pa *Path) Stroke(width float64, c Color) {}

// DrawImage draws an image.
func (p *Page) DrawImage(img *Image, x, y, w, h float64) {}

// LinkURI adds a link to a URI.
func (p *Page) LinkURI(x, y, w, h float64, uri string) {}

// LinkDest adds a link to a named destination.
func (p *Page) LinkDest(x, y, w, h float64, dest string) {}

// Index returns the 0-based page index.
func (p *Page) Index() int { return p.index }

// Width returns the page width in points.
func (p *Page) Width() float64 { return p.width }

// Height returns the page height in points.
func (p *Page) Height() float64 { return p.height }

// AddDest adds a named destination.
func (d *Document) AddDest(name string, page *Page, y float64) {}

// AddOutline adds an outline entry.
func (d *Document) AddOutline(parent *Outline, title, dest string) *Outline { return &Outline{} }

// SetPageLabels sets the page labels.
func (d *Document) SetPageLabels(labels []PageLabel) {}

// Write writes the document.
func (d *Document) Write(w io.Writer) error { return errors.New("pdfwriter: not implemented") }
