package export

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/internal/corpus"
)

// BenchmarkBuild times the whole pipeline — load, fonts, cover, EPUB and PDF
// side by side — on generated collections; the stages have their own
// benchmarks in their packages.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{10, 100} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			dir := b.TempDir()
			if err := corpus.Generate(dir, n, 1); err != nil {
				b.Fatal(err)
			}
			out := b.TempDir()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := Build(context.Background(), dir, Options{OutDir: out, Selection: collection.Options{Epoch: time.Unix(1735689600, 0)}}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPrepare times what every command does before rendering: loading
// the collection, the font set, the text engine and the cover design.
func BenchmarkPrepare(b *testing.B) {
	dir := b.TempDir()
	if err := corpus.Generate(dir, 100, 1); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Prepare(dir, Options{}.Selection); err != nil {
			b.Fatal(err)
		}
	}
}
