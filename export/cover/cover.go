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
	"fmt"
	"strings"
	"sync"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/text"
	"github.com/warraq/warraq/internal/par"
)

// Raster size of the EPUB cover, in pixels: the 1:1.6 portrait most reading
// apps and stores expect.
const (
	RasterWidth  = 1600
	RasterHeight = 2560
)

// styleNames lists the generated cover styles, for book.yaml's cover.style.
func styleNames() []string { return []string{"classic", "band", "minimal"} }

// Image is an encoded cover image, ready to be stored in an EPUB or written
// to a file.
type Image struct {
	Data      []byte
	MediaType string // "image/png" or "image/jpeg"
	Width     int    // pixels
	Height    int
}

// Cover is a designed cover. It is immutable once made, so Raster and Draw
// may be called any number of times, in any order, from any goroutine.
type Cover struct {
	engine *text.Engine
	pal    palette
	style  string

	// generated cover
	content content
	lang    string

	// the generated design at the raster's proportions, made by New
	raster *design

	// supplied cover
	image *collection.Asset

	// cacheDir holds generated covers' PNGs by design ("" none).
	cacheDir string

	// drawn is the raster image, made once (RasterOnce).
	drawn struct {
		once sync.Once
		img  *Image
		err  error
	}
}

// UseCache makes Raster keep generated covers' PNGs in dir, and read them
// from there, by a hash of their design ("" turns the cache off). Call it
// before the cover is shared between goroutines and before Raster.
func (c *Cover) UseCache(dir string) { c.cacheDir = dir }

// New designs the cover of b: the supplied image fitted on a background when
// book.yaml names one, otherwise a typographic cover from the book's metadata.
// The diagnostics are warnings about book.yaml (a small or oddly shaped image,
// an unreadable colour, a character no font has); the error is for what makes
// a cover impossible.
func New(b *collection.Book, e *text.Engine) (*Cover, []diag.Diagnostic, error) {
	if b == nil || e == nil {
		return nil, nil, errors.New("cover: no book or no text engine")
	}
	var diags []diag.Diagnostic
	warn := func(msg string) {
		diags = append(diags, diag.Diagnostic{File: collection.BookFile, Severity: diag.Warning, Code: diag.Cover, Message: msg})
	}
	cfg := b.Config.Cover
	pal, msgs := resolvePalette(b.Meta.Title, cfg.Background, cfg.Foreground)
	for _, m := range msgs {
		warn(m)
	}
	c := &Cover{engine: e, pal: pal, style: "classic", lang: b.Meta.Language}
	if s := strings.ToLower(strings.TrimSpace(cfg.Style)); s != "" {
		known := false
		for _, k := range styleNames() {
			known = known || s == k
		}
		if known {
			c.style = s
		} else {
			warn(fmt.Sprintf("cover.style: unknown style %q (known: %s); using classic", cfg.Style, strings.Join(styleNames(), ", ")))
		}
	}

	if a := b.CoverAsset(); a != nil {
		if a.Width <= 0 || a.Height <= 0 || len(a.Data) == 0 {
			return nil, diags, fmt.Errorf("book.yaml: cover image %s: empty or unreadable", a.Path)
		}
		c.image = a
		if cfg.Background == "" {
			e := b.CoverEdge()
			c.pal.bg = rgb{e[0], e[1], e[2]}
		}
		if a.Height < 1400 {
			warn(fmt.Sprintf("cover image %s is %d px tall; 1400 px or more (ideally %dx%d) looks sharp in reading apps", a.Path, a.Height, RasterWidth, RasterHeight))
		}
		if r := float64(a.Height) / float64(a.Width); r < 1.6*0.85 || r > 1.6*1.15 {
			warn(fmt.Sprintf("cover image %s is %dx%d (1:%.2f), far from the 1:1.6 portrait of e-book covers; it is fitted whole with the background colour around it", a.Path, a.Width, a.Height, r))
		}
		return c, diags, nil
	}

	year := 0
	if !b.Meta.Date.IsZero() {
		year = b.Meta.Date.Year()
	}
	// The year is a generated number: it follows the digits book.yaml asks for.
	c.content = makeContent(b.Meta.Title, b.Meta.Subtitle, b.Meta.Authors, b.Meta.Publisher, year, b.Meta.Language, b.Meta.RTL(), b.Meta.NativeDigits)
	if c.content.title == "" {
		return nil, diags, errors.New("book.yaml: the book has no title to put on its cover")
	}
	// The texts' faces are parsed side by side (most of a small book's
	// cover time is parsing them one after another as the design meets them).
	ct := c.content
	c.engine.FontSet().Warm(c.lang,
		[]string{ct.subtitle, ct.authors, ct.imprint, ct.title},
		[]text.Style{{Role: text.Body}, {Role: text.Heading}, {Role: text.Body}, {Role: text.Heading, Bold: true}})
	// Lay out now, to report what the editor may want to change.
	var rep report
	c.raster, rep = c.design(float64(RasterHeight) / RasterWidth)
	seen := map[rune]bool{}
	for _, m := range rep.missing {
		if !seen[m.Rune] {
			seen[m.Rune] = true
			warn(fmt.Sprintf("cover: no font has the character %q (U+%04X); it is drawn as a box", m.Rune, m.Rune))
		}
	}
	if rep.titleSize < minTitleSize {
		warn(fmt.Sprintf("cover: the title is too long to set large (%.1f%% of the cover's width); a shorter title, with the rest as subtitle, reads better", rep.titleSize/designWidth*100))
	}
	return c, diags, nil
}

// minTitleSize is the title size, in design units, under which a title no
// longer reads as one from across a shop (or as a store thumbnail).
const minTitleSize = 36

// design lays out the generated cover for a page of the given aspect (height
// divided by width).
func (c *Cover) design(aspect float64) (*design, report) {
	dir := text.LTR
	if c.content.rtl {
		dir = text.RTL
	}
	s := &setter{e: c.engine, dir: dir, lang: c.lang, bounds: map[glyphKey]box{}}
	return generated(s, c.content, c.pal, c.style, aspect)
}

// RasterOnce is Raster made once: every call returns the first call's
// image, and a call while another is making it waits for that one. So a
// build can start drawing the cover early (a generated one takes some
// 0.2 s) and use it when it needs it.
func (c *Cover) RasterOnce() (*Image, error) {
	c.drawn.once.Do(func() {
		c.drawn.err = par.Do("", func() error {
			var err error
			c.drawn.img, err = c.Raster()
			return err
		})
	})
	return c.drawn.img, c.drawn.err
}

// RasterFormat is the media type and size of the image Raster returns,
// known without making it.
func (c *Cover) RasterFormat() (mediaType string, width, height int) {
	switch a := c.image; {
	case a == nil:
		return "image/png", RasterWidth, RasterHeight
	case c.keepsSupplied():
		return a.MediaType, a.Width, a.Height
	case a.MediaType == "image/jpeg":
		return "image/jpeg", RasterWidth, RasterHeight
	}
	return "image/png", RasterWidth, RasterHeight
}

// Thumbnail returns a generated cover drawn w pixels wide, in the cover's
// proportions, as a PNG (the web edition's index page shows it 480 wide):
// drawn at that size, it is sharper than Raster's image scaled down, and
// takes a few milliseconds where scaling took a fifth of a second. For a
// supplied cover it returns nil: scale Raster's image.
func (c *Cover) Thumbnail(w int) (*Image, error) {
	if c.image != nil || w <= 0 || w > RasterWidth {
		return nil, nil
	}
	h := w * RasterHeight / RasterWidth
	data, err := encodeFlat(rasterize(c.raster, w, h), c.raster.paints())
	if err != nil {
		return nil, err
	}
	return &Image{Data: data, MediaType: "image/png", Width: w, Height: h}, nil
}

// Raster returns the cover as a 1600 x 2560 image for the EPUB: a PNG for a
// generated cover; for a supplied one, the file itself when it already has
// the cover's proportions, otherwise the image fitted on the background.
func (c *Cover) Raster() (*Image, error) {
	if c.image != nil {
		if c.keepsSupplied() || c.cacheDir == "" {
			return c.rasterSupplied()
		}
		// Fitting a photograph and encoding it takes a second or more, on
		// every build: the result is kept like a generated cover's.
		key := suppliedKey(c.image, c.pal.bg)
		if data := readCache(c.cacheDir, key); data != nil {
			mt, w, h := c.RasterFormat()
			return &Image{Data: data, MediaType: mt, Width: w, Height: h}, nil
		}
		img, err := c.rasterSupplied()
		if err == nil {
			writeCache(c.cacheDir, key, img.Data)
		}
		return img, err
	}
	var key string
	if c.cacheDir != "" {
		key = cacheKey(c.raster, RasterWidth, RasterHeight)
		if data := readCache(c.cacheDir, key); data != nil {
			return &Image{Data: data, MediaType: "image/png", Width: RasterWidth, Height: RasterHeight}, nil
		}
	}
	data, err := encodeFlat(rasterize(c.raster, RasterWidth, RasterHeight), c.raster.paints())
	if err != nil {
		return nil, err
	}
	if key != "" {
		writeCache(c.cacheDir, key, data)
	}
	return &Image{Data: data, MediaType: "image/png", Width: RasterWidth, Height: RasterHeight}, nil
}
