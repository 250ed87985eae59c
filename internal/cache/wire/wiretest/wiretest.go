// Package wiretest damages cache entries for the tests of the formats
// written with package wire: each format's decoder must take a truncated
// or corrupted entry as a miss, without a panic and without allocating
// much more than the entry's size.
package wiretest

import (
	"encoding/binary"
	"fmt"
	"runtime"
	"testing"
)

// maxPlaces bounds the places an entry is cut and changed at: an entry
// of up to this many bytes is damaged at every byte, a longer one at its
// first and last 512 and evenly between.
const maxPlaces = 4096

// places lists the offsets below n to damage an entry of n bytes at.
func places(n int) []int {
	var out []int
	if n <= maxPlaces {
		for i := range n {
			out = append(out, i)
		}
		return out
	}
	step := (n - 1024) / (maxPlaces - 1024)
	for i := 0; i < n; i++ {
		out = append(out, i)
		if i >= 512 && i < n-512-step {
			i += step - 1
		}
	}
	return out
}

// Decode calls decode on data damaged in every way below, failing t when
// decode panics or allocates more than perByte bytes for each byte it was
// given (and 64 KiB besides):
//   - cut at every place (a proper prefix): when cutsFail, decode must
//     report an error. Every format can tell a cut entry (it ends where
//     its counts say) except a list read to its end, cut between items.
//   - with a byte after its end: decode must report an error.
//   - with the byte at every place set to 0x00, 0x80 (a varint that goes
//     on) and 0xff, where that changes it, and replaced by the largest
//     length that passes Count there: the number of bytes after it.
//
// It returns how many of the changed entries decoded without error: a
// changed byte can be a valid value (a float, a length that still
// fits), which the cache's checksum, not the format, is there to catch.
// data is left as it was.
func Decode(t *testing.T, data []byte, perByte uint64, cutsFail bool, decode func([]byte) error) (accepted int) {
	t.Helper()
	var before, after runtime.MemStats
	try := func(name string, d []byte) error {
		t.Helper()
		var err error
		runtime.ReadMemStats(&before)
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Fatalf("%s: panic: %v", name, p)
				}
			}()
			err = decode(d)
		}()
		runtime.ReadMemStats(&after)
		if got, limit := after.TotalAlloc-before.TotalAlloc, perByte*uint64(len(d))+64<<10; got > limit {
			t.Errorf("%s: allocated %d bytes, more than %d", name, got, limit)
		}
		return err
	}
	at := places(len(data))
	for _, n := range at {
		if err := try(fmt.Sprintf("cut at %d of %d bytes", n, len(data)), data[:n:n]); err == nil && cutsFail {
			t.Errorf("an entry cut at %d of %d bytes decoded", n, len(data))
		}
	}
	if err := try("a byte after the end", append(data[:len(data):len(data)], 0)); err == nil {
		t.Error("an entry with a byte after its end decoded")
	}
	d := append([]byte(nil), data...)
	var long []byte
	for _, i := range at {
		for _, v := range []byte{0x00, 0x80, 0xff} {
			if data[i] == v {
				continue
			}
			d[i] = v
			if try(fmt.Sprintf("byte %d of %d set to %#x", i, len(data), v), d) == nil {
				accepted++
			}
			d[i] = data[i]
		}
		long = binary.AppendUvarint(append(long[:0], data[:i]...), uint64(len(data)-i-1))
		long = append(long, data[i+1:]...)
		if try(fmt.Sprintf("byte %d of %d replaced by the count of the bytes after it", i, len(data)), long) == nil {
			accepted++
		}
	}
	return accepted
}
