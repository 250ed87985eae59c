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
