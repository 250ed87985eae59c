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
	p, pt, fs := pagesToShape(b, dir)
	extra := strings.Split(readerRunes+p.listDigits(), "")
	b.ResetTimer()
	for b.Loop() {
		p.opt.Engine = text.NewEngine(fs)
		p.shapeWords(pt, extra, nil)
	}
}
