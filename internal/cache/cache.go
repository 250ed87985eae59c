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
}

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
	return &Store{dir: dir, limit: limit}, nil
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

// Put stores data under key. Failing to (a full disk, a read-only cache)
// is not an error of the build: the entry is simply not there next time.
func (s *Store) Put(key [32]byte, data []byte) {
	if s == nil {
		return
	}
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
	// One write: a filling build puts thousands of entries.
	entry := make([]byte, 0, len(magic)+sumLen+len(data))
	entry = append(append(append(entry, magic...), checksum(data)...), data...)
	_, err = f.Write(entry)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), p)
	}
	if err != nil {
		os.Remove(f.Name())
		return
	}
	s.mu.Lock()
	s.written += int64(len(data))
	s.mu.Unlock()
}

// Trim removes the entries used least recently until the directory holds
// at most nine tenths of its limit. A build calls it once, at its end, if
// it wrote anything; temporary files left by a build that died are
// removed once they are an hour old.
func (s *Store) Trim() {
	if s == nil {
		return
	}
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
