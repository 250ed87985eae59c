package serve

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/warraq/warraq/internal/cache"
	"github.com/warraq/warraq/internal/corpus"
)

// BenchmarkBuildSamples is one rebuild of the preview after an edit: the
// samples loaded and their web edition made, the cover kept from the build
// before (it was 70% of a rebuild when drawn each time).
func BenchmarkBuildSamples(b *testing.B) {
	s := New(Options{Dir: "../../samples"})
	for b.Loop() {
		if _, _, p := s.build(); p != nil {
			b.Fatal(p)
		}
	}
}

// BenchmarkRebuildAfterEdit is the preview of a large book as an editor
// works on it: each round adds a paragraph to the article in the middle
// and rebuilds, with a build cache as `warraq serve` has. WARRAQ_PREVIEW_N
// sets the articles (default 200):
//
//	WARRAQ_PREVIEW_N=1000 go test ./internal/serve -run '^$' -bench RebuildAfterEdit -benchtime 5x
func BenchmarkRebuildAfterEdit(b *testing.B) {
	n := 200
	if v, err := strconv.Atoi(os.Getenv("WARRAQ_PREVIEW_N")); err == nil && v > 0 {
		n = v
	}
	dir := b.TempDir()
	if err := corpus.Generate(dir, n, 1); err != nil {
		b.Fatal(err)
	}
	store, err := cache.Open(b.TempDir(), 0)
	if err != nil {
		b.Fatal(err)
	}
	s := New(Options{Dir: dir, Cache: store})
	if _, _, p := s.build(); p != nil { // the first build, which fills the cache
		b.Fatal(p)
	}
	art := filepath.Join(dir, fmt.Sprintf("maqala-%04d.md", n/2))
	round := 0
	for b.Loop() {
		round++
		f, err := os.OpenFile(art, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			b.Fatal(err)
		}
		fmt.Fprintf(f, "\nوفي المراجعة رقم %d أضاف المحرر هذه الفقرة ليرى أثرها في المعاينة.\n", round)
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
		if _, _, p := s.build(); p != nil {
			b.Fatal(p)
		}
	}
}
