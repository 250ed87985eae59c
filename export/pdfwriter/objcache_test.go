package pdfwriter

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
)

// memCache is a StreamCache in memory that counts what it is asked (by
// the goroutines that compress object streams).
type memCache struct {
	mu         sync.Mutex
	entries    map[[32]byte][]byte
	gets, hits int
	puts       int
}

func newMemCache() *memCache { return &memCache{entries: map[[32]byte][]byte{}} }

func (c *memCache) Get(key [32]byte) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gets++
	data, ok := c.entries[key]
	if ok {
		c.hits++
	}
	return bytes.Clone(data), ok
}

func (c *memCache) Put(key [32]byte, data []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.puts++
	c.entries[key] = data
}

// tagged writes a tagged book of 24 pages, 50 paragraphs each (some 1,200
// packed objects: several object streams), with cache c when it is not
// nil; the paragraph edited gets a longer line.
func tagged(t *testing.T, c StreamCache, edited int) []byte {
	t.Helper()
	var out bytes.Buffer
	d := NewStream(&out, Info{Title: "كتاب", Producer: "Warraq", Lang: "ar", RTL: true})
	if c != nil {
		d.CacheObjectStreams(c, []byte("this build"))
	}
	ar, lat := loadFace(t, d, "Amiri"), loadFace(t, d, "Noto Sans Mono")
	root := d.Structure()
	line := buildLine(t, ar, lat, 380, 500, 10)
	k := 0
	for p := range 24 {
		pg := d.NewPage(400, 600)
		sect := root.Add("Sect")
		sect.SetAlt(fmt.Sprintf("القسم %d", p))
		for i := range 50 {
			para := sect.Add("P")
			pg.Tag(para)
			n := 1 + i%len(line.glyphs)
			if k == edited {
				n = len(line.glyphs)
				para.SetAlt("فقرة حُرّرت")
			}
			pg.ShowGlyphs(line.glyphs[:n])
			pg.EndMarked()
			k++
		}
		pg.Close()
	}
	if err := d.Finish(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestObjectStreamCache checks that a document taking its object streams
// from the cache is, byte for byte, the document written without one:
// filling it, from it, after an edit (which takes the streams it did not
// change and compresses the others), and with entries that are not their
// streams' (which are not used).
func TestObjectStreamCache(t *testing.T) {
	const late = 24*50 - 3 // a paragraph on the last page
	cold := tagged(t, nil, -1)
	c := newMemCache()
	if fill := tagged(t, c, -1); !bytes.Equal(fill, cold) {
		t.Fatal("filling the cache changed the file")
	}
	streams := c.puts
	if streams < 3 || c.hits != 0 || len(c.entries) != streams {
		t.Fatalf("filling: %d streams put, %d hits, %d entries; want 3 or more put, none found", streams, c.hits, len(c.entries))
	}
	readBack(t, cold) // strictly valid, its cross-reference stream predicted

	c.gets, c.hits, c.puts = 0, 0, 0
	if warm := tagged(t, c, -1); !bytes.Equal(warm, cold) {
		t.Fatal("the file from the cache differs from the one without it")
	}
	if c.hits != streams || c.puts != 0 {
		t.Errorf("warm: %d of %d streams from the cache, %d put; want all, none", c.hits, streams, c.puts)
	}

	// An edit near the end changes the streams holding its objects (and
	// the parent tree's), not those before.
	coldEdit := tagged(t, nil, late)
	if bytes.Equal(coldEdit, cold) {
		t.Fatal("the edit changed nothing")
	}
	c.gets, c.hits, c.puts = 0, 0, 0
	if edit := tagged(t, c, late); !bytes.Equal(edit, coldEdit) {
		t.Fatal("after an edit, the file from the cache differs from the one without it")
	}
	if c.puts == 0 || c.hits == 0 || c.hits+c.puts != c.gets {
		t.Errorf("after an edit: %d streams found, %d compressed again, of %d; want some of each", c.hits, c.puts, c.gets)
	}

	// Every entry swapped for another's: each is the wrong stream, and
	// none is used.
	var keys [][32]byte
	for k := range c.entries {
		keys = append(keys, k)
	}
	first := c.entries[keys[0]]
	for i := range keys[:len(keys)-1] {
		c.entries[keys[i]] = c.entries[keys[i+1]]
	}
	c.entries[keys[len(keys)-1]] = first
	c.gets, c.hits, c.puts = 0, 0, 0
	if swapped := tagged(t, c, -1); !bytes.Equal(swapped, cold) {
		t.Fatal("entries that are other streams' changed the file")
	}
	if c.puts != streams {
		t.Errorf("with every entry another stream's: %d of %d compressed again", c.puts, streams)
	}
}
