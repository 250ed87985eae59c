// Package pdfwriter writes PDF files from positioned glyphs, paths, images,
// links and outlines. It knows nothing about Markdown or book layout: the
// layout (export/pdf) and the cover give it pages to draw.
//
// Fonts are Type0 with CIDFontType2 descendants, Identity-H encoding, our own
// TrueType subsetting, and ToUnicode CMaps built so that copying and searching
// right-to-left text gives the source back in pdf.js, poppler and MuPDF (see
// the comments on ShowGlyphs for the encoding and why each part is there).
// A CID stands for a (glyph, text, width) triple, mapped to the subset's
// glyph by a CIDToGIDMap, so one glyph can carry different texts and widths.
//
// CFF-flavoured OpenType fonts ('OTTO') are embedded whole as
// FontFile3/OpenType under a CIDFontType0: CFF subsetting is not
// implemented, and without a CIDToGIDMap a CID is its glyph, so such a
// glyph's width is its own advance (positions come from TJ numbers) and a
// glyph needing a second text goes to a second font object. Extraction from
// CFF fonts has not been measured; the embedded fonts are all TrueType.
//
// Output is deterministic: the same calls give the same bytes (no clock,
// sorted maps, a content-derived /ID, fixed Flate levels).
package pdfwriter

import (
	"bytes"
	"crypto/sha256"
	"fmt"
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
// writes them as one PDF. It is not safe for concurrent use.
//
// A document made by NewStream writes each page's content to its output as
// soon as the page is closed, and frees it, so the memory a book takes grows
// with its largest page and its fonts, not with its length (a 1,000-article
// book held 56 MB of compressed page content and the same again while
// writing it out). Fonts are written last, when every glyph is known; so are
// the small page dictionaries, whose links may point to destinations that
// later pages define. A document made by New holds everything until Write.
type Document struct {
	info     Info
	pages    []*Page
	fonts    []*Font
	fontByID map[[32]byte]*Font
	images   []*Image
	imgByID  map[[32]byte]*Image
	dests    map[string]dest
	outlines []*Outline // top level
	labels   []PageLabel
	nextRes  int        // resource-name counter for font instances
	recGen   uint32     // recordings made so far (record.go)
	nforms   int        // forms made so far (NewForm), for their names
	w        *objWriter // the file being written: from NewStream, or from Write
	stream   bool       // made by NewStream
	sketch   bool       // made by NewSketch: never written (sketch.go)
	err      error      // the first misuse (drawing on a closed page)

	tree *structTree // nil: not a tagged PDF (structure.go)

	objCache *objStreamCache // where object streams are kept (CacheObjectStreams), or nil
	imgCache *objStreamCache // where decoded PNGs are kept (CacheImages), or nil

	lines lineScratch // ShowGlyphs' (text.go)
	// A sketch's (sketch.go): the known elements of its pages and their
	// numbers.
	sketchKnown []*StructElem
	sketchIDs   map[*StructElem]int
	sketchSize  int // a page body's room to begin with
	// sketchCodes are, by a sketch's font instance and code, the instance
	// and code replaying its glyph here gave (record.go): replaying the
	// next page with it needs no lookup of the glyph's text.
	sketchCodes map[*fontInstance][]got
	pathOps     []byte // a painted path's buffer, for the next path (graphics.go)
}

type dest struct {
	page *Page
	y    float64
}

// Page is one page of a document. Its drawing methods append to the page's
// content stream in call order, until the page is closed.
type Page struct {
	doc           *Document
	index         int
	width, height float64
	content       bytes.Buffer
	fonts         map[*fontInstance]bool
	images        map[*Image]bool
	forms         map[*Form]bool // nil until a form is drawn
	links         []link

	// Set when the page is closed (and, streaming, its content written):
	// what the page dictionary, written at the end, refers to.
	closed    bool
	ref       int    // the page object's number, reserved by NewPage when streaming
	contents  int    // the content stream's object number
	resources string // the resource dictionary

	mcids    []mcidRun // the element of each marked-content identifier, in runs (structure.go)
	nextMCID int       // the next identifier to give out

	// Recording and replaying the body (record.go): the recording, the
	// furniture's content once Furniture was called, and a replayed body's
	// compressed segment and its checksum (write.go).
	rec        *Recording
	furn       *bytes.Buffer
	rawContent []byte
	rawSum     uint32
	// origin: the body is drawn moved right by dx (Origin).
	origin bool
	dx     float64
	// bodyLen is the body's length uncompressed (for the checksum).
	bodyLen int
	open    *StructElem // the element whose marked content is open, if any
	inner   *StructElem // the element of ShowGlyphs' open span, if any (structure.go)
}

// body is the page's content stream to draw into. Drawing on a closed page
// is a mistake of the caller: it is recorded (Finish returns it) and the
// drawing goes nowhere.
func (p *Page) body() *bytes.Buffer {
	if p.closed {
		if p.doc.err == nil {
			p.doc.err = fmt.Errorf("pdfwriter: drawing on page %d after it was closed", p.index+1)
		}
		return &bytes.Buffer{}
	}
	if p.furn != nil {
		return p.furn
	}
	return &p.content
}

type link struct {
	x, y, w, h float64
	uri, dest  string
	// In a tagged PDF (structure.go): the Link element's number (0:
	// none), the description, the page index and, while writing, the
	// object number.
	elem      int32
	contents  string
	page, ref int
}

// Color is an RGB colour, components in 0..1.
type Color struct{ R, G, B float64 }

// Glyph is one positioned glyph, as the text engine shaped and placed it.
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

	// In a tagged PDF (structure.go): Lang is the glyph's language (BCP 47)
	// when it differs from its element's, and Elem the element its text
	// belongs to when not the open tag's (a Link, a Reference), or nil.
	Lang string
	Elem *StructElem
}

// Outline is an entry of the document outline (bookmarks).
type Outline struct {
	title, dest string
	kids        []*Outline
}

// PageLabel starts a page-label range at the 0-based page FirstPage. Style
// is "D" (decimal), "r"/"R" (roman), "a"/"A" (letters) or "" (prefix only).
type PageLabel struct {
	FirstPage int
	Style     string
	Prefix    string
	Start     int // first number of the range; 0 means 1
}

// New returns an empty document, held in memory until Write.
func New(info Info) *Document {
	return &Document{
		info:     info,
		fontByID: map[[32]byte]*Font{},
		imgByID:  map[[32]byte]*Image{},
		dests:    map[string]dest{},
	}
}

// NewStream returns an empty document that writes to out as it goes: the
// file's header at once, each page when it is closed (Page.Close), and the
// rest when Finish is called. Nothing is written to out after an error.
func NewStream(out io.Writer, info Info) *Document {
	d := New(info)
	d.stream = true
	d.w = newObjWriter(out)
	return d
}

func dataID(data []byte) [32]byte { return sha256.Sum256(data) }

// NewPage appends a page of the given size in points.
func (d *Document) NewPage(width, height float64) *Page {
	p := &Page{doc: d, index: len(d.pages), width: width, height: height,
		fonts: map[*fontInstance]bool{}, images: map[*Image]bool{}}
	d.pages = append(d.pages, p)
	if d.w != nil {
		p.ref = d.w.reserve()
		if b := d.w.takeSpare(); b != nil {
			p.content = *bytes.NewBuffer(b)
		}
	}
	return p
}

// Close ends the page: nothing more may be drawn on it (destinations and
// links may still be put on it: they are written at the end). A streaming document writes the page's
// content out now and frees it. Closing a page twice does nothing; pages
// left open are closed, in order, by Finish or Write.
func (p *Page) Close() {
	if p.closed {
		return
	}
	p.closed = true
	p.stopRecording()
	if p.doc.w != nil {
		p.doc.w.closePage(p)
	}
}

// PageCount returns the number of pages.
func (d *Document) PageCount() int { return len(d.pages) }

// Index returns the 0-based page index.
func (p *Page) Index() int { return p.index }

// Width returns the page width in points.
func (p *Page) Width() float64 { return p.width }

// Height returns the page height in points.
func (p *Page) Height() float64 { return p.height }

// AddDest defines the named destination name at height y (pt, from the
// bottom) on page; links and outline entries refer to it by name. Defining a
// name again moves it.
func (d *Document) AddDest(name string, page *Page, y float64) {
	if page == nil || page.doc != d {
		return
	}
	d.dests[name] = dest{page, y}
}

// AddOutline adds an outline entry under parent (nil: top level) that opens
// the named destination dest. Entries keep the order they were added in.
func (d *Document) AddOutline(parent *Outline, title, dest string) *Outline {
	o := &Outline{title: title, dest: dest}
	if parent == nil {
		d.outlines = append(d.outlines, o)
	} else {
		parent.kids = append(parent.kids, o)
	}
	return o
}

// SetPageLabels replaces the page labels (the numbers viewers show, e.g.
// roman for the front matter).
func (d *Document) SetPageLabels(labels []PageLabel) {
	d.labels = append([]PageLabel(nil), labels...)
}

// LinkURI makes the rectangle (x, y from the bottom left, pt) a link to uri.
func (p *Page) LinkURI(x, y, w, h float64, uri string) {
	p.links = append(p.links, link{x: x + p.shift(), y: y, w: w, h: h, uri: uri})
	if r := p.recording(); r != nil {
		r.linkOp(0, uri, x, y, w, h)
	}
}

// LinkDest makes the rectangle a link to the named destination dest. A link
// to a name never given to AddDest is left out of the file.
func (p *Page) LinkDest(x, y, w, h float64, dest string) {
	p.links = append(p.links, link{x: x + p.shift(), y: y, w: w, h: h, dest: dest})
	if r := p.recording(); r != nil {
		r.linkOp(1, dest, x, y, w, h)
	}
}
