package epub

import (
	"os"
	"strings"
	"testing"

	"github.com/warraq/warraq/export/text"
)

// BenchmarkShapeWords shapes the words of the book in WARRAQ_SHAPE_DIR
// (default the samples) for the font subsets, with an engine whose cache
// is empty, as an EPUB built alone does.
func BenchmarkShapeWords(b *testing.B) {
	dir := os.Getenv("WARRAQ_SHAPE_DIR")
	if dir == "" {
		dir = "../../samples"
	}
	book := loadBook(b, dir)
	opt := testOptions(b)
	p := newPackager(book, job{Fonts: opt.Fonts})
	p.claimNames()
	var m manifest
	for _, stage := range []func(*manifest) error{p.titlePage, p.contentsPage, p.bodyMatter} {
		if err := stage(&m); err != nil {
			b.Fatal(err)
		}
	}
	fs := opt.Fonts
	pt, err := readPages(m.files, italicFaces(fs), fs)
	if err != nil {
		b.Fatal(err)
	}
	p.fallbacks = p.fallbackFaces()
	p.faces = p.embeddedFaces(p.usedFaces(pt))
	extra := strings.Split(readerRunes+p.listDigits(), "")
	b.ResetTimer()
	for b.Loop() {
		p.opt.Engine = text.NewEngine(fs)
		p.shapeWords(pt, extra, nil)
	}
}
