package export

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/warraq/warraq/internal/cache"
	"github.com/warraq/warraq/internal/corpus"
)

// BenchmarkRebuild measures what the cache is for: an editor changes one
// article of a large book and builds again. Each round builds the book
// (EPUB and PDF) without a cache, then with an empty one (filling it),
// then edits one article and builds with the filled cache, and reports the
// three times and edit/cold, the rebuild as a fraction of a cold build.
// WARRAQ_REBUILD_N sets the articles (default 1000):
//
//	go test ./export -run '^$' -bench Rebuild -benchtime 3x
func BenchmarkRebuild(b *testing.B) {
	n := 1000
	if v, err := strconv.Atoi(os.Getenv("WARRAQ_REBUILD_N")); err == nil && v > 0 {
		n = v
	}
	dir := b.TempDir()
	if err := corpus.Generate(dir, n, 1); err != nil {
		b.Fatal(err)
	}
	// Each build is timed on the clock and in CPU seconds (user and
	// system, this process): on a machine shared with other work the CPU
	// time is the steadier figure.
	var cpu [3]float64
	timed := func(store *cache.Store, i int) float64 {
		c0 := cpuSeconds()
		start := time.Now()
		cachedBuild(b, dir, store)
		cpu[i] += cpuSeconds() - c0
		return time.Since(start).Seconds()
	}
	var cold, filling, edit float64
	round := 0
	for b.Loop() {
		round++
		store, err := cache.Open(filepath.Join(b.TempDir(), "cache"), 0)
		if err != nil {
			b.Fatal(err)
		}
		cold += timed(nil, 0)
		filling += timed(store, 1)
		editArticle(b, filepath.Join(dir, "maqala-"+fmt.Sprintf("%04d", n/2)+".md"))
		edit += timed(store, 2)
	}
	r := float64(round)
	b.ReportMetric(cold/r, "cold-s")
	b.ReportMetric(filling/r, "filling-s")
	b.ReportMetric(edit/r, "edit-s")
	b.ReportMetric(edit/cold, "edit/cold")
	b.ReportMetric(cpu[0]/r, "cold-cpu-s")
	b.ReportMetric(cpu[1]/r, "filling-cpu-s")
	b.ReportMetric(cpu[2]/r, "edit-cpu-s")
	b.ReportMetric(cpu[2]/cpu[0], "edit/cold-cpu")
}
