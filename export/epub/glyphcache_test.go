package epub

import (
	"bytes"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"testing"

	"github.com/warraq/warraq/export/fontsubset"
	"github.com/warraq/warraq/export/text"
	"github.com/warraq/warraq/internal/cache"
)

// bookWords is a sorted list of words as a book gives them: numbers, Latin
// and Arabic words, and numbers after a letter (inContext).
func bookWords(n int) []string {
	var ws []string
	for i := range n {
		ws = append(ws, fmt.Sprint(i), fmt.Sprintf("ـ %d", i), fmt.Sprintf("word%dx", i), fmt.Sprintf("كلمة%dب", i))
	}
	slices.Sort(ws)
	return ws
}

// A chunk ends where its words say, not where a count of words does: a
// word added to the list changes the chunk it falls in and leaves the
// others as they were.
func TestChunksAreContentDefined(t *testing.T) {
	words := bookWords(3000)
	before := chunks(words)
	if len(before) < 100 {
		t.Fatalf("%d words in %d chunks, want some 190", len(words), len(before))
	}
	if got := slices.Concat(before...); !slices.Equal(got, words) {
		t.Fatal("the chunks are not the words, in order")
	}
	for _, c := range before {
		if len(c) > chunkMax+chunkWords*4 {
			t.Errorf("a chunk of %d words", len(c))
		}
	}
	keys := func(cs [][]string) map[string]bool {
		m := map[string]bool{}
		for _, c := range cs {
			m[fmt.Sprint(c)] = true
		}
		return m
	}
	was := keys(before)
	for _, w := range []string{"0a", "ـ 1500x", "مدينة", "word1500"} {
		edited := append(slices.Clone(words), w)
		slices.Sort(edited)
		changed := 0
		for k := range keys(chunks(edited)) {
			if !was[k] {
				changed++
			}
		}
		if changed == 0 || changed > 2 {
			t.Errorf("adding %q changed %d of %d chunks, want one or two", w, changed, len(before))
		}
	}
}

// Where most words end in punctuation, and so allow no cut after them,
// the chunks are still about chunkWords long: a word whose hash says to
// cut has the chunk end at the next place that allows it.
func TestChunksWherePunctuationAbounds(t *testing.T) {
	var words []string
	for i := range 4000 {
		w := fmt.Sprintf("كلمة%dب", i)
		if i%4 != 0 {
			w += "،"
		}
		words = append(words, w)
	}
	slices.Sort(words)
	cut := chunks(words)
	if got := slices.Concat(cut...); !slices.Equal(got, words) {
		t.Fatal("the chunks are not the words, in order")
	}
	if mean := len(words) / len(cut); mean > 2*chunkWords {
		t.Errorf("%d words in %d chunks: %d a chunk, want %d or so", len(words), len(cut), mean, chunkWords)
	}
}

// A chunk is cut only where neither word's edge takes its script or
// direction from the other.
func TestCanCut(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"كتاب", "كتب", true},
		{"كتابٌ", "كتب", true},  // a mark on a letter
		{"ـ 12", "ـ 13", true},  // a number after a letter, then a letter
		{"12", "13.", true},     // no letters either side
		{"كتاب:", "كتب", false}, // the colon would take b's direction
		{"كتاب", "«كتب", false}, // the guillemet would take a's script
		{"12", "كتب", false},    // the number would take b's script
		{"كتاب", "12", false},
	} {
		if got := canCut(c.a, c.b); got != c.want {
			t.Errorf("canCut(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

// A chunk's glyphs come back from the cache as they went in, under the key
// of the same words, language and style only.
func TestGlyphCacheRoundTrip(t *testing.T) {
	gc, fs := testGlyphCache(t)
	faces := fs.Faces()
	glyphs := map[*text.Face]map[uint16]bool{
		faces[0]:            {0: true, 3: true, 65535: true, 700: true},
		faces[len(faces)-1]: {12: true},
	}
	st := text.Style{Role: text.Body, Size: 10, Lang: "ar"}
	key := gc.key([]string{"كتاب", "كتب"}, "ar", text.RTL, st)
	gc.put(key, glyphs)
	got, ok := gc.get(key)
	if !ok || len(got) != len(glyphs) {
		t.Fatalf("got %v, %v; want %v", got, ok, glyphs)
	}
	for f, set := range glyphs {
		if !maps.Equal(got[f], set) {
			t.Errorf("face %s: got %v, want %v", f.Name, got[f], set)
		}
	}
	st.Bold = true
	for _, k := range [][32]byte{
		gc.key([]string{"كتاب", "كتب"}, "ar", text.RTL, st),
		gc.key([]string{"كتاب"}, "ar", text.RTL, text.Style{Role: text.Body, Size: 10, Lang: "ar"}),
		gc.key([]string{"كتاب", "كتب"}, "fa", text.RTL, text.Style{Role: text.Body, Size: 10, Lang: "ar"}),
	} {
		if k == key {
			t.Error("two chunks share a key")
		}
	}
	// A face the font set does not have is not cached.
	other := &text.Face{}
	key2 := gc.key([]string{"x"}, "en", text.LTR, st)
	gc.put(key2, map[*text.Face]map[uint16]bool{other: {1: true}})
	if _, ok := gc.get(key2); ok {
		t.Error("glyphs of a face outside the font set were cached")
	}
	// An entry that does not decode is a miss.
	gc.store.Put(key2, []byte{200})
	if _, ok := gc.get(key2); ok {
		t.Error("a bad entry was a hit")
	}
	if newGlyphCache(nil, fs) != nil {
		t.Error("a glyph cache without a store")
	}
}

// A subset's key changes with its face, characters and glyphs (a nil list
// of glyphs is not an empty one), and a face outside the font set, or no
// cache, has none.
func TestSubsetKey(t *testing.T) {
	gc, fs := testGlyphCache(t)
	faces := fs.Faces()
	base := fontsubset.Text{Runes: []rune("بت"), Shaped: []uint16{3, 7}}
	key, ok := gc.subsetKey(faces[0], base)
	if !ok {
		t.Fatal("a face of the font set has no subset key")
	}
	if again, _ := gc.subsetKey(faces[0], fontsubset.Text{Runes: []rune("بت"), Shaped: []uint16{3, 7}}); again != key {
		t.Error("the same subset, two keys")
	}
	seen := map[[32]byte]string{key: "base"}
	for name, c := range map[string]struct {
		f *text.Face
		t fontsubset.Text
	}{
		"another face":      {faces[1], base},
		"another character": {faces[0], fontsubset.Text{Runes: []rune("بث"), Shaped: []uint16{3, 7}}},
		"another glyph":     {faces[0], fontsubset.Text{Runes: []rune("بت"), Shaped: []uint16{3, 8}}},
		"glyphs moved":      {faces[0], fontsubset.Text{Runes: []rune("بت"), Shaped: []uint16{37}}},
		"no glyphs":         {faces[0], fontsubset.Text{Runes: []rune("بت")}},
		"empty glyphs":      {faces[0], fontsubset.Text{Runes: []rune("بت"), Shaped: []uint16{}}},
	} {
		k, ok := gc.subsetKey(c.f, c.t)
		if !ok {
			t.Errorf("%s: no key", name)
		}
		if other, dup := seen[k]; dup {
			t.Errorf("%s: the key of %s", name, other)
		}
		seen[k] = name
	}
	if _, ok := gc.subsetKey(&text.Face{}, base); ok {
		t.Error("a face outside the font set has a key")
	}
	var none *glyphCache
	if _, ok := none.subsetKey(faces[0], base); ok {
		t.Error("no cache, yet a key")
	}
}

// testGlyphCache is a glyph cache of the default font set in a new store.
func testGlyphCache(t *testing.T) (*glyphCache, *text.FontSet) {
	t.Helper()
	fs, err := text.NewFontSet("", "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	store, err := cache.Open(filepath.Join(t.TempDir(), "c"), 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(store.Flush) // its writes end before its directory goes
	gc := newGlyphCache(store, fs)
	if gc == nil {
		t.Fatal("no glyph cache with a store")
	}
	return gc, fs
}

// A cached subset comes back whole; an entry cut short under a good
// checksum, or empty, is a miss, never a font with its end missing.
func TestSubsetEntry(t *testing.T) {
	gc, _ := testGlyphCache(t)
	font := bytes.Repeat([]byte("OTTO\x00\x01"), 300)
	var key [32]byte
	key[0] = 1
	gc.putSubset(key, font)
	gc.store.Flush()
	if got, ok := gc.subset(key); !ok || !bytes.Equal(got, font) {
		t.Fatalf("the subset did not come back whole (%d bytes, %v)", len(got), ok)
	}
	data, _ := gc.store.Get(key)
	for _, cut := range [][]byte{data[:len(data)-1], data[:len(data)/2], data[:1], {}, append(data, 0)} {
		gc.store.Put(key, cut)
		gc.store.Flush()
		if got, ok := gc.subset(key); ok {
			t.Errorf("an entry of %d bytes (of %d) gave a subset of %d bytes", len(cut), len(data), len(got))
		}
	}
}
