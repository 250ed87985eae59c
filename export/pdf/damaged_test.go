package pdf

import (
	"bytes"
	"errors"
	"testing"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/render"
	"github.com/warraq/warraq/internal/cache/wire/wiretest"
)

// A damaged page entry or skeleton is a miss: the entry of every sample
// article (with -short, the smallest skeleton and the largest), cut,
// lengthened and with bytes changed, never panics, never makes the
// decoder allocate much more than its size, and a cut skeleton is always
// an error. (A build that meets a damaged entry is
// TestCachedBuildsAreColdBuilds's.)
func TestDamagedEntries(t *testing.T) {
	b, o, store := samplesWithCache(t)
	in := &render.Input{Book: b, Engine: testEngine(t), Cache: store}
	if _, err := Write(&bytes.Buffer{}, in, o); err != nil {
		t.Fatal(err)
	}
	c := newArticleCache(in, o)
	var smallest []byte
	skels := map[*collection.Article][]byte{}
	var least, most *collection.Article
	for _, a := range b.Articles {
		data, ok := store.Get(c.pageEntryKey(a.Path))
		if !ok {
			t.Fatalf("%s: no page entry", a.Path)
		}
		if smallest == nil || len(data) < len(smallest) {
			smallest = data
		}
		ent := decodePageEntry(data)
		if ent.skel == nil || len(ent.pages) == 0 {
			t.Fatalf("%s: the entry has %d pages, skeleton %v", a.Path, len(ent.pages), ent.skel != nil)
		}
		if _, err := decodeSkeleton(ent.skel, a, in.Engine); err != nil {
			t.Fatalf("%s: the skeleton as stored: %v", a.Path, err)
		}
		skels[a] = ent.skel
		if least == nil || len(ent.skel) < len(skels[least]) {
			least = a
		}
		if most == nil || len(ent.skel) > len(skels[most]) {
			most = a
		}
	}
	for _, a := range b.Articles {
		if testing.Short() && a != least && a != most {
			continue
		}
		skel := skels[a]
		// A row is some 300 bytes in memory and twelve or more encoded.
		accepted := wiretest.Decode(t, skel, 64, true, func(d []byte) error {
			_, err := decodeSkeleton(d, a, in.Engine)
			return err
		})
		t.Logf("%s: %d bytes of skeleton; %d changed ones decoded", a.Path, len(skel), accepted)
	}
	// An entry is its skeleton and its pages, one after the other: cut
	// between two pages, it is one with fewer pages (each page is keyed
	// by what it draws, so a missing one is drawn). Anything else damaged
	// is an empty entry: every page misses.
	errEmpty := errors.New("empty")
	wiretest.Decode(t, smallest, 4, false, func(d []byte) error {
		if ent := decodePageEntry(d); ent.skel == nil && len(ent.pages) == 0 {
			return errEmpty
		}
		return nil
	})
}
