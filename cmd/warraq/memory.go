package main

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"

	"github.com/warraq/warraq/export/collection"
)

// The Go runtime collects when the heap has grown to twice what the last
// collection left live, so a build's peak memory is about twice its live
// heap plus the program: 230 MB for a 1,000-article book whose live heap
// peaks at 85 MB. The command gives the runtime a soft memory limit
// (debug.SetMemoryLimit) of memoryFloor while the live heap leaves room
// under it, so such a book peaks near 145 MB for some 20% more CPU time.
// Once the live heap passes memoryRoomy of it, the limit becomes
// memoryLarge, and past memoryRoomy of that memoryLimit, where the runtime
// doubles as usual: a limit the live heap nearly fills makes it collect
// almost without pause (a fixed 120 MiB made a 1,800-article build take
// 2.5 times the CPU time, and 1.4 times the live heap 1.7 times). A book
// whose Markdown predicts a heap past the floor starts with memoryLarge
// (sizeMemory). GOMEMLIMIT, when set, replaces all of this.
const (
	memoryTiny  = 80 << 20 // a tiny book's limit (memoryTinyBook), GOGC off under it
	memoryFloor = 120 << 20
	memoryLarge = 200 << 20 // a large book's limit while its live heap leaves room
	// memoryLarger is the step after memoryLarge. The 5,000-article book's
	// live heap peaks near 154 MiB, just past memoryRoomy(memoryLarge)
	// (153 MiB) in some runs and not in others: straight to memoryLimit
	// those runs peaked at 246-277 MiB against 215-218 (scripts/compare.sh's
	// bar is 250 MiB; five runs of eleven). With this step three runs
	// peaked at 228-239 MiB, for the same CPU time (31.2-32.5 s against
	// 30.5-32.9 s).
	memoryLarger = 224 << 20
	memoryLimit  = 800 << 20 // the limits on input keep the live heap under 500 MB (README, guarantees)
)

// memoryTiers are the soft limits below memoryLimit, each kept while the
// live heap is no more than memoryRoomy of it. A build starts at
// memoryFloor, or memoryTiny for a tiny book (sizeMemory).
var memoryTiers = [...]int64{memoryTiny, memoryFloor, memoryLarge, memoryLarger}

// memoryRoomy is the largest live heap a soft limit of limit leaves room
// for: the limit is 1.3 times it (61 MiB for memoryTiny, 92 MiB for
// memoryFloor, 153 MiB for memoryLarge, 172 MiB for memoryLarger).
func memoryRoomy(limit int64) uint64 { return uint64(limit) * 10 / 13 }

// memorySmallBook is the most Markdown a book may have for its build to
// start under memoryFloor. The live heap is about 12 times the Markdown
// (85 MB for the 6.9 MB of 1,000 generated articles, 141 MB for 12.4 MB),
// so a larger book would pass memoryRoomy(memoryFloor) anyway, after paying for
// collecting hard on the way (50% more CPU time at 1,800 articles).
const memorySmallBook = 7 << 20

// memoryTinyBook is the most Markdown a book may have for its collector to
// wait for the soft limit, the doubling rule off (about 150 generated
// articles): memoryTiny up to memoryTinierBook, memoryFloor above.
//
// The doubling rule off, the heap grows to the limit before the first
// collection, each of its pages fresh from the system: under 120 MiB a
// ten-article build (live heap about 25 MB, some 150 MB allocated) faulted
// in 28,000 pages and spent a sixth of its CPU time in the kernel. Under
// memoryTiny it faults in 19,600 and collects a few more times, for the
// same CPU time within the noise (0.47 s at 120, 96 and 80 MiB, 0.48 s at
// 64; medians of 21 alternating runs on a busy machine) and a peak of 93 MB
// instead of 128; at 100 articles 1.44 s either way, 96 MB instead of 133.
const memoryTinyBook = 1 << 20

// memoryTinierBook is the most Markdown a book may have for its collector
// to wait for memoryTiny rather than memoryFloor (about 110 generated
// articles). A larger live heap is marked more often under memoryTiny for
// the same pages saved: at 150 articles (1.0 MB) 1.91 s of CPU against 1.85
// s under memoryFloor (7 runs each), at 100 (0.69 MB) 1.44 s under either.
const memoryTinierBook = 768 << 10

// sizeMemory starts a book over memorySmallBook at memoryLarge, and for a
// book of memoryTinyBook or less turns the doubling rule off, and lowers the
// limit to memoryTiny for one of memoryTinierBook or less, so that the
// runtime collects only as the program nears the limit (unless GOGC says
// otherwise: the limit then stays). With GOMEMLIMIT set, or the limit
// raised already, it changes nothing.
func sizeMemory(b *collection.Book) {
	total := 0
	for _, a := range b.Articles {
		total += a.Bytes
	}
	if os.Getenv("GOMEMLIMIT") != "" || debug.SetMemoryLimit(-1) >= memoryLarge {
		return
	}
	switch {
	case total > memorySmallBook:
		raiseLimit(memoryLarge)
	case total <= memoryTinyBook && os.Getenv("GOGC") == "":
		debug.SetGCPercent(-1)
		if total <= memoryTinierBook {
			debug.SetMemoryLimit(memoryTiny)
		}
	}
}

// raiseLimit sets the soft limit to limit and brings back the doubling
// rule sizeMemory turned off (a GOGC of the user's stays).
func raiseLimit(limit int64) {
	debug.SetMemoryLimit(limit)
	if old := debug.SetGCPercent(100); old != -1 {
		debug.SetGCPercent(old)
	}
}

// memoryTarget is the soft limit for a live heap of live bytes: the first
// tier that leaves it room, else memoryLimit.
func memoryTarget(live uint64) int64 {
	for _, t := range memoryTiers {
		if live <= memoryRoomy(t) {
			return t
		}
	}
	return memoryLimit
}

// followMemory raises the soft limit, set to memoryFloor before (and
// perhaps lowered to memoryTiny since), to memoryTarget of the live heap
// (as of the last collection) as it grows, until stop is closed. It never
// lowers it: sizeMemory may have raised it, and a book that is not tiny
// stays at memoryFloor or above.
func followMemory(stop <-chan struct{}) {
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		metrics.Read(live)
		if t := memoryTarget(live[0].Value.Uint64()); t > debug.SetMemoryLimit(-1) {
			raiseLimit(t)
		}
		if debug.SetMemoryLimit(-1) >= memoryLimit {
			return // nothing is above memoryLimit
		}
	}
}
