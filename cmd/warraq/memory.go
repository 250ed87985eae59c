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
// Once the live heap passes memoryRoomy the limit becomes memoryLimit and
// the runtime doubles as usual: a limit the live heap nearly fills makes
// it collect almost without pause (a fixed 120 MiB made a 1,800-article
// build take 2.5 times the CPU time, and 1.4 times the live heap 1.7
// times); a book whose Markdown predicts such a heap starts with
// memoryLimit (sizeMemory). GOMEMLIMIT, when set, replaces all of this.
//
// A small book's collector waits for the floor (sizeMemory): the doubling
// rule cost a ten-article book some 12% of its CPU time (0.49 s against
// 0.43 s, medians of seven runs with GOGC=100 and GOGC=off), for a peak of
// 128 MB instead of 90. A large book keeps the doubling: pacing a 1,000-article
// build by the floor alone cost 15% more CPU time (10.6-11.5 s against
// 9.0-9.2, three runs each), the heap held near the limit, where the
// runtime returns memory and takes it back.
const (
	memoryFloor = 120 << 20
	memoryRoomy = memoryFloor * 10 / 13 // 92 MiB: the floor is 1.3 times it
	memoryLimit = 800 << 20             // the limits on input keep the live heap under 500 MB (README, guarantees)
)

// memorySmallBook is the most Markdown a book may have for its build to
// start under memoryFloor. The live heap is about 12 times the Markdown
// (85 MB for the 6.9 MB of 1,000 generated articles, 141 MB for 12.4 MB),
// so a larger book would pass memoryRoomy anyway, after paying for
// collecting hard on the way (50% more CPU time at 1,800 articles).
const memorySmallBook = 7 << 20

// memoryTinyBook is the most Markdown a book may have for its collector to
// wait for memoryFloor (about 150 generated articles).
const memoryTinyBook = 1 << 20

// sizeMemory lifts the soft limit to memoryLimit at once for a book over
// memorySmallBook, and for a book of memoryTinyBook or less turns the
// doubling rule off, so that the runtime collects only as the program
// nears memoryFloor (unless GOGC says otherwise). With GOMEMLIMIT set, or
// the limit lifted already, it changes nothing.
func sizeMemory(b *collection.Book) {
	total := 0
	for _, a := range b.Articles {
		total += a.Bytes
	}
	if os.Getenv("GOMEMLIMIT") != "" || debug.SetMemoryLimit(-1) >= memoryLimit {
		return
	}
	switch {
	case total > memorySmallBook:
		liftLimit()
	case total <= memoryTinyBook && os.Getenv("GOGC") == "":
		debug.SetGCPercent(-1)
	}
}

// liftLimit sets the soft limit to memoryLimit and brings back the
// doubling rule sizeMemory turned off (a GOGC of the user's stays).
func liftLimit() {
	debug.SetMemoryLimit(memoryLimit)
	if old := debug.SetGCPercent(100); old != -1 {
		debug.SetGCPercent(old)
	}
}

// memoryTarget is the soft limit for a live heap of live bytes.
func memoryTarget(live uint64) int64 {
	if live > memoryRoomy {
		return memoryLimit
	}
	return memoryFloor
}

// followMemory raises the soft limit, set to memoryFloor before, to
// memoryTarget of the live heap (as of the last collection) as it grows,
// until stop is closed.
func followMemory(stop <-chan struct{}) {
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	limit := int64(memoryFloor)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		metrics.Read(live)
		if memoryTarget(live[0].Value.Uint64()) > limit {
			liftLimit()
			return // nothing is above memoryLimit
		}
	}
}
