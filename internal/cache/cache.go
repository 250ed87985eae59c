// Package cache is Warraq's build cache: a directory of entries, each the
// result of a pure step of a build (an article's layout), found again by a
// key that hashes everything the result depends on. It makes a rebuild
// after an edit cost about what the edit changed.
//
// The cache never decides what a build writes: an entry that is missing,
// unreadable, truncated or corrupt (its checksum is wrong) is a miss, and
// the step runs again. Entries are written to a temporary file and renamed
// into place, so builds running at the same time see whole entries or
// none. The directory is bounded: once it holds more than its limit, the
// entries used least recently go first.
package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// DefaultLimit bounds the cache directory. An article's layouts take about
// 75 KB (a 1,000-article book of 8.7 MB of Markdown, 75 MB), so the default
// holds some thirteen such books.
const DefaultLimit = 1 << 30

// Store is a cache directory. A nil *Store caches nothing: Get misses and
// Put does nothing, so callers need no other branch.
type Store struct {
	dir   string
	limit int64

	mu      sync.Mutex
	written int64           // bytes Put since the last trim
	dirs    map[string]bool // subdirectories made by this Store

	// Put hands its entry to a goroutine of its own and returns: a filling
	// build puts thousands, and creating, writing and renaming a file
	// each need not hold up the layout. slots bounds the writes under
	// way (a Put waits for one); inflight holds their entries, which Get
	// returns meanwhile; idle signals (under mu) that none is left.
	slots    chan struct{}
	inflight map[[32]byte]*pending
	idle     *sync.Cond
}

// pending is an entry's payload being written.
type pending struct{ data []byte }

// writers is how many entries are written at once. Every entry waiting
// is in memory: a few keep the writes going without holding many.
const writers = 4

// Dir is where Warraq caches by default: the user's cache directory
// ($XDG_CACHE_HOME or ~/.cache on Linux, ~/Library/Caches on macOS,
// %LocalAppData% on Windows), under warraq.
func Dir() (string, error) {
	d, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "warraq"), nil
}

// Open opens (creating it) the cache directory dir, holding at most limit
// bytes (DefaultLimit when limit <= 0). The entries are in its
// subdirectory build, which is all the store reads, writes and trims: other
// caches may share dir.
func Open(dir string, limit int64) (*Store, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	dir = filepath.Join(dir, "build")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	s := &Store{dir: dir, limit: limit, slots: make(chan struct{}, writers), inflight: map[[32]byte]*pending{}}
	s.idle = sync.NewCond(&s.mu)
	return s, nil
}

// Key hashes the parts of a key; each part is length-prefixed, so no two
// lists of parts give the same key.
func Key(parts ...[]byte) [32]byte {
	h := sha256.New()
	var n [8]byte
	for _, p := range parts {
		l := len(p)
		for i := range n {
			n[i] = byte(l >> (8 * i))
		}
		h.Write(n[:])
		h.Write(p)
	}
	var k [32]byte
	copy(k[:], h.Sum(nil))
	return k
}

// An entry's file: magic, the CRC-32C of the payload (4 bytes, little
// endian), the payload. A checksum, not a hash: it finds a torn or damaged
// file, and costs a tenth of SHA-256 on the 75 MB a 1,000-article book
// writes.
var magic = []byte("warraq-cache-2\n")

const sumLen = 4

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func checksum(b []byte) []byte {
	return binary.LittleEndian.AppendUint32(nil, crc32.Checksum(b, castagnoli))
}

func (s *Store) path(key [32]byte) string {
	h := hex.EncodeToString(key[:])
	return filepath.Join(s.dir, h[:2], h[2:])
}

// Get returns the entry under key, if there is a whole one.
func (s *Store) Get(key [32]byte) ([]byte, bool) {
	if s == nil {
		return nil, false
	}
	s.mu.Lock()
	e, ok := s.inflight[key]
	s.mu.Unlock()
	if ok {
		return bytes.Clone(e.data), true
	}
	p := s.path(key)
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, false
	}
	if len(data) < len(magic)+sumLen || !bytes.Equal(data[:len(magic)], magic) {
		os.Remove(p) // corrupt: it will be written again
		return nil, false
	}
	sum, payload := data[len(magic):len(magic)+sumLen], data[len(magic)+sumLen:]
	if !bytes.Equal(checksum(payload), sum) {
		os.Remove(p)
		return nil, false
	}
	// Mark it used: trimming removes the entries unused the longest.
	now := time.Now()
	os.Chtimes(p, now, now)
	return payload, true
}

// Put stores data under key. It keeps data until the entry is written: the
// caller must not change it after. Failing to write (a full disk, a
// read-only cache) is not an error of the build: the entry is simply not
// there next time. The entry is written on another goroutine (Get finds it
// meanwhile); Flush waits for every write Put started.
func (s *Store) Put(key [32]byte, data []byte) {
	if s == nil {
		return
	}
	entry := &pending{data}
	s.slots <- struct{}{}
	s.mu.Lock()
	s.inflight[key] = entry
	s.mu.Unlock()
	go func() {
		s.write(key, entry)
		s.mu.Lock()
		if s.isInflight(key, entry) {
			delete(s.inflight, key)
		}
		<-s.slots
		s.idle.Broadcast()
		s.mu.Unlock()
	}()
}

// Flush waits until the entries Put has handed on are written (or have
// failed to be). Trim flushes first; a build that ends calls Trim.
func (s *Store) Flush() {
	if s == nil {
		return
	}
	s.mu.Lock()
	for len(s.slots) > 0 {
		s.idle.Wait()
	}
	s.mu.Unlock()
}

// write writes an entry (magic, checksum, payload) to its file.
func (s *Store) write(key [32]byte, entry *pending) {
	p := s.path(key)
	dir := filepath.Dir(p)
	s.mu.Lock()
	made := s.dirs[dir]
	s.mu.Unlock()
	if !made {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return
		}
		s.mu.Lock()
		if s.dirs == nil {
			s.dirs = map[string]bool{}
		}
		s.dirs[dir] = true
		s.mu.Unlock()
	}
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil && made {
		// Removed since (by hand, or by another build's trim): make it again.
		if os.MkdirAll(dir, 0o755) == nil {
			f, err = os.CreateTemp(dir, ".tmp-*")
		}
	}
	if err != nil {
		return
	}
	// The header, then the payload as it is: a filling build puts some
	// 160 MB, which a single write would first copy.
	head := append(append(make([]byte, 0, len(magic)+sumLen), magic...), checksum(entry.data)...)
	_, err = f.Write(head)
	if err == nil {
		_, err = f.Write(entry.data)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	// Renamed under mu, and only if no later Put of the key came since:
	// writes of one key may finish in any order, the last Put must win.
	s.mu.Lock()
	if err == nil {
		if s.isInflight(key, entry) {
			err = os.Rename(f.Name(), p)
		} else {
			err = errSuperseded
		}
	}
	if err == nil {
		s.written += int64(len(entry.data))
	}
	s.mu.Unlock()
	if err != nil {
		os.Remove(f.Name())
	}
}

var errSuperseded = errors.New("cache: a later Put of the key")

// isInflight reports whether entry is the one being written under key
// (s.mu held).
func (s *Store) isInflight(key [32]byte, entry *pending) bool {
	return s.inflight[key] == entry
}

// Trim removes the entries used least recently until the directory holds
// at most nine tenths of its limit. A build calls it once, at its end, if
// it wrote anything; temporary files left by a build that died are
// removed once they are an hour old. It waits for the writes under way
// first (Flush).
func (s *Store) Trim() {
	if s == nil {
		return
	}
	s.Flush()
	s.mu.Lock()
	written := s.written
	s.written = 0
	s.mu.Unlock()
	if written == 0 {
		return
	}
	type entry struct {
		path string
		size int64
		used time.Time
	}
	var all []entry
	var total int64
	filepath.WalkDir(s.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".tmp-") {
			if time.Since(info.ModTime()) > time.Hour {
				os.Remove(p)
			}
			return nil
		}
		all = append(all, entry{p, info.Size(), info.ModTime()})
		total += info.Size()
		return nil
	})
	if total <= s.limit {
		return
	}
	slices.SortFunc(all, func(a, b entry) int { return a.used.Compare(b.used) })
	for _, e := range all {
		if total <= s.limit/10*9 {
			break
		}
		if err := os.Remove(e.path); err == nil || errors.Is(err, fs.ErrNotExist) {
			total -= e.size
		}
	}
}

// BuildID identifies the running Warraq: a hash of its Go build ID, whose
// last part is a hash of the executable's content, or of the executable
// itself when it has none (see executableID). A key includes it, so a Warraq
// built from other code never reads what this one wrote (a version number
// would not change with a local edit). It is nil when the executable cannot
// be read; a caller then caches nothing.
var BuildID = sync.OnceValue(func() []byte {
	exe, err := os.Executable()
	if err != nil {
		return nil
	}
	return executableID(exe)
})
