package export

import (
	"context"
	"os"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"testing"
	"time"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/internal/cache"
	"github.com/warraq/warraq/internal/corpus"
)

// BenchmarkProfile builds one generated collection of WARRAQ_PROFILE_N
// articles (EPUB and PDF), for scripts/profile.sh to take pprof profiles of:
//
//	WARRAQ_PROFILE_N=1000 go test ./export -run '^$' -bench Profile -benchtime 1x -cpuprofile cpu.out
//
// Without the variable it is skipped, so `go test -bench .` stays short.
// WARRAQ_PROFILE_DIR builds that collection instead of a generated one, and
// WARRAQ_PROFILE_CACHE builds with the cache in that directory: a first run
// fills it, and a run after editing an article profiles a rebuild.
func BenchmarkProfile(b *testing.B) {
	n, _ := strconv.Atoi(os.Getenv("WARRAQ_PROFILE_N"))
	if n <= 0 {
		b.Skip("WARRAQ_PROFILE_N not set")
	}
	dir := os.Getenv("WARRAQ_PROFILE_DIR")
	if dir == "" {
		dir = b.TempDir()
		if err := corpus.Generate(dir, n, 1); err != nil {
			b.Fatal(err)
		}
	}
	out := b.TempDir()
	var store *cache.Store
	if d := os.Getenv("WARRAQ_PROFILE_CACHE"); d != "" {
		var err error
		if store, err = cache.Open(d, 0); err != nil {
			b.Fatal(err)
		}
	}
	if path := os.Getenv("WARRAQ_PROFILE_PEAK"); path != "" {
		stop := peakHeap(b, path)
		defer stop()
	}
	b.ResetTimer()
	for b.Loop() {
		var formats []string
		if f := os.Getenv("WARRAQ_PROFILE_FORMAT"); f != "" {
			formats = []string{f}
		}
		if _, err := Build(context.Background(), dir, Options{Formats: formats, OutDir: out, Cache: store, Selection: collection.Options{Epoch: time.Unix(1735689600, 0)}}); err != nil {
			b.Fatal(err)
		}
	}
}

// peakHeap writes a heap profile to path each time the live heap (as the
// last collection measured it) passes its largest so far by 5%, so the file
// left is the heap at its peak. The total the process allocates between
// collections (HeapAlloc) is not the measure: it peaks when garbage has
// piled up, often after the live heap has fallen. It returns a function
// that stops the sampling.
func peakHeap(b *testing.B, path string) func() {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var peak uint64
		live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			metrics.Read(live)
			if v := live[0].Value.Uint64(); v > peak+peak/20 {
				peak = v
				f, err := os.Create(path)
				if err != nil {
					b.Error(err)
					return
				}
				// The profile's in-use figures are those of the same
				// collection the metric is from.
				if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
					b.Error(err)
				}
				f.Close()
			}
		}
	}()
	return func() { close(done); <-finished }
}
