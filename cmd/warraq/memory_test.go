package main

import (
	"os"
	"runtime/debug"
	"testing"

	"github.com/warraq/warraq/export/collection"
)

// The soft limit is the floor while the live heap leaves it room, and the
// old ceiling (the runtime's own doubling) once it does not.
func TestMemoryTarget(t *testing.T) {
	for _, c := range []struct {
		live uint64
		want int64
	}{
		{0, memoryTiny},
		{40 << 20, memoryTiny},
		{memoryRoomy(memoryTiny), memoryTiny},
		{memoryRoomy(memoryTiny) + 1, memoryFloor},
		{memoryRoomy(memoryFloor), memoryFloor},
		{memoryRoomy(memoryFloor) + 1, memoryLarge},
		{150 << 20, memoryLarge},
		{memoryRoomy(memoryLarge), memoryLarge},
		{memoryRoomy(memoryLarge) + 1, memoryLarger},
		{160 << 20, memoryLarger},
		{memoryRoomy(memoryLarger), memoryLarger},
		{memoryRoomy(memoryLarger) + 1, memoryLimit},
		{300 << 20, memoryLimit},
	} {
		if got := memoryTarget(c.live); got != c.want {
			t.Errorf("live %d MiB: limit %d MiB, want %d", c.live>>20, got>>20, c.want>>20)
		}
	}
	for _, l := range memoryTiers {
		if uint64(l) < memoryRoomy(l)*5/4 {
			t.Errorf("a limit of %d MiB leaves the live heap too little room", l>>20)
		}
	}
	if memoryRoomy(memoryFloor) <= memoryRoomy(memoryTiny) || memoryRoomy(memoryLarge) <= memoryRoomy(memoryFloor) || memoryRoomy(memoryLarger) <= memoryRoomy(memoryLarge) || memoryLarger >= memoryLimit {
		t.Error("the tiers are out of order")
	}
}

// A book larger than memorySmallBook raises the limit to memoryLarge before
// rendering; a smaller one leaves it.
func TestSizeMemory(t *testing.T) {
	if os.Getenv("GOMEMLIMIT") != "" {
		t.Fatal("run without GOMEMLIMIT")
	}
	old := debug.SetMemoryLimit(memoryFloor)
	defer debug.SetMemoryLimit(old)
	book := func(sizes ...int) *collection.Book {
		b := &collection.Book{}
		for _, n := range sizes {
			b.Articles = append(b.Articles, &collection.Article{Bytes: n})
		}
		return b
	}
	sizeMemory(book(3<<20, 3<<20))
	if got := debug.SetMemoryLimit(-1); got != memoryFloor {
		t.Errorf("a 6 MiB book set the limit to %d MiB", got>>20)
	}
	sizeMemory(book(3<<20, 3<<20, 2<<20))
	if got := debug.SetMemoryLimit(-1); got != memoryLarge {
		t.Errorf("an 8 MiB book set the limit to %d MiB", got>>20)
	}
}

// A book of memoryTinyBook or less is collected only as memory nears the
// limit, memoryTiny for one of memoryTinierBook or less; lifting the limit
// brings the doubling rule back. A GOGC of the user's is left alone, and so
// is the limit then.
func TestTinyBookPacedByLimit(t *testing.T) {
	if os.Getenv("GOMEMLIMIT") != "" {
		t.Fatal("run without GOMEMLIMIT")
	}
	oldLimit, oldPercent := debug.SetMemoryLimit(-1), debug.SetGCPercent(100)
	defer func() {
		debug.SetMemoryLimit(oldLimit)
		debug.SetGCPercent(oldPercent)
	}()
	tinier := &collection.Book{Articles: []*collection.Article{{Bytes: memoryTinierBook}}}
	book := &collection.Book{Articles: []*collection.Article{{Bytes: memoryTinyBook}}}
	larger := &collection.Book{Articles: []*collection.Article{{Bytes: memoryTinyBook + 1}}}
	for _, c := range []struct {
		gogc          string
		b             *collection.Book
		sized, lifted int
		limit         int64
	}{
		{"", tinier, -1, 100, memoryTiny},
		{"", book, -1, 100, memoryFloor},
		{"", larger, 100, 100, memoryFloor},
		{"50", tinier, 50, 50, memoryFloor},
	} {
		t.Setenv("GOGC", c.gogc)
		debug.SetMemoryLimit(memoryFloor)
		debug.SetGCPercent(100)
		if c.gogc != "" {
			debug.SetGCPercent(50)
		}
		sizeMemory(c.b)
		if got := debug.SetMemoryLimit(-1); got != c.limit {
			t.Errorf("GOGC=%q, %d bytes: the limit is %d MiB, want %d", c.gogc, c.b.Articles[0].Bytes, got>>20, c.limit>>20)
		}
		if got := debug.SetGCPercent(c.sized); got != c.sized {
			t.Errorf("GOGC=%q, %d bytes: GC percent %d, want %d", c.gogc, c.b.Articles[0].Bytes, got, c.sized)
		}
		raiseLimit(memoryLimit)
		if got := debug.SetMemoryLimit(-1); got != memoryLimit {
			t.Errorf("GOGC=%q: lifted, the limit is %d MiB", c.gogc, got>>20)
		}
		if got := debug.SetGCPercent(c.lifted); got != c.lifted {
			t.Errorf("GOGC=%q: lifted, GC percent %d, want %d", c.gogc, got, c.lifted)
		}
	}
}
