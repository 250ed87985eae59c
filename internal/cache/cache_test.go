package cache

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

func TestPutGet(t *testing.T) {
	s, err := Open(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Flush() // before the directory is removed
	k := Key([]byte("a"), []byte("b"))
	if _, ok := s.Get(k); ok {
		t.Fatal("a hit in an empty cache")
	}
	s.Put(k, []byte("layout"))
	if got, ok := s.Get(k); !ok || string(got) != "layout" {
		t.Errorf("Get = %q, %v", got, ok)
	}
	s.Put(k, []byte("again"))
	if got, _ := s.Get(k); string(got) != "again" {
		t.Errorf("Get after a second Put = %q", got)
	}
	if Key([]byte("ab"), []byte("c")) == Key([]byte("a"), []byte("bc")) {
		t.Error("the parts of a key run into each other")
	}
	var none *Store
	none.Put(k, []byte("x"))
	if _, ok := none.Get(k); ok {
		t.Error("a nil store hit")
	}
	none.Trim()
}

// A damaged entry is a miss, never an error or wrong bytes, and it goes.
func TestCorruptEntries(t *testing.T) {
	s, _ := Open(t.TempDir(), 0)
	k := Key([]byte("k"))
	for name, damage := range map[string]func([]byte) []byte{
		"flipped":   func(b []byte) []byte { b[len(b)-1] ^= 1; return b },
		"truncated": func(b []byte) []byte { return b[:len(b)-3] },
		"header":    func(b []byte) []byte { return b[:10] },
		"empty":     func([]byte) []byte { return nil },
		"foreign":   func([]byte) []byte { return []byte("not a cache entry at all, but long enough to hold a checksum") },
	} {
		s.Put(k, []byte("a layout of some length"))
		s.Flush()
		p := s.path(k)
		b, _ := os.ReadFile(p)
		os.WriteFile(p, damage(b), 0o644)
		if got, ok := s.Get(k); ok {
			t.Errorf("%s: a damaged entry gave %q", name, got)
		}
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s: the damaged entry is still there", name)
		}
	}
}

// Builds side by side read whole entries or none while others write them.
func TestConcurrent(t *testing.T) {
	s, _ := Open(t.TempDir(), 0)
	k := Key([]byte("shared"))
	payload := func(i int) []byte { return bytes.Repeat([]byte{byte(i)}, 50000+i) }
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 20 {
				s.Put(k, payload(i))
				if got, ok := s.Get(k); ok {
					n := int(got[0])
					if !bytes.Equal(got, payload(n)) {
						t.Errorf("writer %d, round %d: a torn entry of %d bytes", i, j, len(got))
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	s.Flush()
	left, _ := filepath.Glob(filepath.Join(s.dir, "*", ".tmp-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// Past its limit the cache drops the entries used least recently, down to
// nine tenths of the limit.
func TestTrim(t *testing.T) {
	dir := t.TempDir()
	s, _ := Open(dir, 10*1000)
	base := time.Now().Add(-time.Hour)
	var keys [][32]byte
	for i := range 20 {
		k := Key(fmt.Appendf(nil, "%d", i))
		keys = append(keys, k)
		s.Put(k, make([]byte, 1000-len(magic)-sumLen))
		s.Flush()
		at := base.Add(time.Duration(i) * time.Minute)
		os.Chtimes(s.path(k), at, at)
	}
	// Reading entry 0 makes it the newest.
	if _, ok := s.Get(keys[0]); !ok {
		t.Fatal("entry 0 missing")
	}
	s.Trim()
	var kept []int
	for i, k := range keys {
		if _, err := os.Stat(s.path(k)); err == nil {
			kept = append(kept, i)
		}
	}
	want := []int{0, 12, 13, 14, 15, 16, 17, 18, 19} // 9 of 1,000 bytes
	if fmt.Sprint(kept) != fmt.Sprint(want) {
		t.Errorf("kept %v, want %v", kept, want)
	}
	// Trim walks the directory only after a build wrote something.
	os.WriteFile(filepath.Join(s.dir, "stray"), make([]byte, 50000), 0o644)
	s.Trim()
	if _, err := os.Stat(filepath.Join(s.dir, "stray")); err != nil {
		t.Error("Trim ran without anything written")
	}
	// Another cache beside the store's is never counted nor trimmed.
	os.WriteFile(filepath.Join(dir, "cover.png"), make([]byte, 50000), 0o644)
	s.Put(keys[19], []byte("again"))
	s.Trim()
	if _, err := os.Stat(filepath.Join(dir, "cover.png")); err != nil {
		t.Error("Trim removed a file outside its directory")
	}
}

// A store remembers the directories it made; one removed behind its back
// (another build's trim, or by hand) is made again.
func TestPutAfterDirectoryRemoved(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	k := Key([]byte("entry"))
	s.Put(k, []byte("one"))
	s.Flush()
	if err := os.RemoveAll(filepath.Join(dir, "build")); err != nil {
		t.Fatal(err)
	}
	s.Put(k, []byte("two"))
	s.Flush() // Get reads the file, not the entry being written
	if got, ok := s.Get(k); !ok || string(got) != "two" {
		t.Fatalf("got %q, %v after the directory was removed; want \"two\"", got, ok)
	}
}

// Put returns before its entry is written: Get finds the entry meanwhile
// (a copy: what the caller does with it does not reach the file), the last
// Put of a key wins whatever order the writes end in, and Flush (and Trim)
// return only once every entry is in its file.
func TestPutInBackground(t *testing.T) {
	s, err := Open(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	var keys [][32]byte
	for i := range 200 {
		k := Key(fmt.Appendf(nil, "%d", i))
		keys = append(keys, k)
		data := bytes.Repeat([]byte{byte(i)}, 20000)
		s.Put(k, data)
		got, ok := s.Get(k)
		if !ok || !bytes.Equal(got, data) {
			t.Fatalf("entry %d: Get right after Put = %d bytes, %v", i, len(got), ok)
		}
		clear(got)
	}
	last := Key([]byte("last"))
	for i := range 50 {
		s.Put(last, fmt.Appendf(nil, "version %d", i))
	}
	s.Flush()
	s.mu.Lock()
	inflight, slots := len(s.inflight), len(s.slots)
	s.mu.Unlock()
	if inflight != 0 || slots != 0 {
		t.Fatalf("after Flush: %d entries in flight, %d writes under way", inflight, slots)
	}
	for i, k := range keys {
		b, err := os.ReadFile(s.path(k))
		if err != nil || len(b) != len(magic)+sumLen+20000 || b[len(b)-1] != byte(i) {
			t.Fatalf("entry %d after Flush: %d bytes, %v", i, len(b), err)
		}
	}
	if b, err := os.ReadFile(s.path(last)); err != nil || !bytes.HasSuffix(b, []byte("version 49")) {
		t.Errorf("the last of a key's Puts did not win: %q, %v", b, err)
	}
	left, _ := filepath.Glob(filepath.Join(s.dir, "*", ".tmp-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	// Trim waits for the writes too: what it counts is on disk.
	small, _ := Open(t.TempDir(), 100*1000)
	for i := range 50 {
		small.Put(Key(fmt.Appendf(nil, "%d", i)), make([]byte, 10000))
	}
	small.Trim()
	var total int64
	filepath.WalkDir(small.dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			info, _ := d.Info()
			total += info.Size()
		}
		return nil
	})
	if total > 100*1000 || total == 0 {
		t.Errorf("after Trim the store holds %d bytes, limit 100,000", total)
	}
}
