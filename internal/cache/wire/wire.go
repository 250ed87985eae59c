// Package wire is the encoding the build cache's entries are written in:
// varints, lengths before what they count, one-byte flags, fixed-size
// fields. What each entry holds, and how it encodes its floats, is its
// format's business (export/doc's document model, export/text's memo,
// export/pdf's skeleton and page entry, export/pdfwriter's recording,
// export/epub's page entries); this package is what they share.
//
// A cache entry is read as untrusted input: a file can be truncated or
// damaged, or written by another build of Warraq. So the Reader checks
// every read. The first one that fails (a varint cut short or too long, a
// length longer than what is left, a flag neither 0 nor 1) marks the
// reader failed: it and every read after it return the zero value (nil
// for bytes) and consume nothing, and Err reports it. A decoder reads
// straight on and checks Err once, or End once at the end of its entry,
// and the caller treats the error as a miss. No read allocates more than
// the bytes the entry has left, so a damaged length cannot make a decoder
// allocate without bound; counts of things that each take at least a byte
// are bounded the same way (Count).
//
// The package imports nothing but the standard library and knows nothing
// of books: it is the one Warraq package export/pdfwriter imports (for its
// recorded pages), so the PDF writer still depends on no part of the
// pipeline.
package wire

import (
	"encoding/binary"
	"errors"
)

// ErrCorrupt is what a Reader reports once a read has failed.
var ErrCorrupt = errors.New("cache entry damaged")

// Writer appends an entry's fields to a byte slice.
type Writer struct {
	b []byte
}

// NewWriter returns a Writer that appends to b (which may be nil, or have
// room made for the entry).
func NewWriter(b []byte) Writer { return Writer{b: b} }

// Uint writes v as an unsigned varint.
func (w *Writer) Uint(v uint64) { w.b = binary.AppendUvarint(w.b, v) }

// Int writes v as a signed (zig-zag) varint.
func (w *Writer) Int(v int64) { w.b = binary.AppendVarint(w.b, v) }

// Bool writes v as one byte, 1 or 0.
func (w *Writer) Bool(v bool) {
	if v {
		w.b = append(w.b, 1)
	} else {
		w.b = append(w.b, 0)
	}
}

// Fixed64 writes v as eight bytes, little-endian.
func (w *Writer) Fixed64(v uint64) { w.b = binary.LittleEndian.AppendUint64(w.b, v) }

// Str writes s's length, then s.
func (w *Writer) Str(s string) {
	w.Uint(uint64(len(s)))
	w.b = append(w.b, s...)
}

// Raw writes b's length, then b.
func (w *Writer) Raw(b []byte) {
	w.Uint(uint64(len(b)))
	w.b = append(w.b, b...)
}

// Bytes writes b as it is, without its length (a fixed-size field, such
// as a key, or what the reader knows the length of).
func (w *Writer) Bytes(b []byte) { w.b = append(w.b, b...) }

// Data is what was written.
func (w *Writer) Data() []byte { return w.b }

// Len is how many bytes were written.
func (w *Writer) Len() int { return len(w.b) }

// Reset forgets what was written, keeping the memory.
func (w *Writer) Reset() { w.b = w.b[:0] }

// Reader reads an entry a Writer wrote; see the package comment for what
// a failed read does.
type Reader struct {
	b   []byte
	bad bool
}

// NewReader returns a Reader of data. The slices Raw and Bytes return are
// data's own.
func NewReader(data []byte) Reader { return Reader{b: data} }

// fail marks the reader failed; it has nothing left to read.
func (r *Reader) fail() {
	r.bad, r.b = true, nil
}

// Fail marks the reader failed, as a read that fails does: for a check
// of the format's own (a tree deeper than it can be).
func (r *Reader) Fail() { r.fail() }

// Err is ErrCorrupt once a read has failed, else nil.
func (r *Reader) Err() error {
	if r.bad {
		return ErrCorrupt
	}
	return nil
}

// End is Err, or ErrCorrupt if bytes are left: for a decoder that has
// read all its entry holds.
func (r *Reader) End() error {
	if r.bad || len(r.b) != 0 {
		return ErrCorrupt
	}
	return nil
}

// Len is how many bytes are left to read.
func (r *Reader) Len() int { return len(r.b) }

// Uint reads an unsigned varint.
func (r *Reader) Uint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

// Int reads a signed varint.
func (r *Reader) Int() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

// Count reads a length or a number of items that each take at least one
// byte of what follows: it fails if it is more than the bytes left, so
// what a decoder allocates for it is bounded by the entry's size.
func (r *Reader) Count() int {
	v := r.Uint()
	if v > uint64(len(r.b)) {
		r.fail()
		return 0
	}
	return int(v)
}

// CountOf reads a number of items that each take at least size bytes of
// what follows: it fails if they cannot fit in the bytes left. It bounds
// what a decoder allocates for them by the entry's size more tightly
// than Count where an item is large in memory.
func (r *Reader) CountOf(size int) int {
	v := r.Uint()
	if size < 1 || v > uint64(len(r.b)/size) {
		r.fail()
		return 0
	}
	return int(v)
}

// Index reads an unsigned varint that must be less than n (an index into
// something of n elements); it fails, returning 0, otherwise. With n <= 0
// every value fails.
func (r *Reader) Index(n int) int {
	v := r.Uint()
	if n <= 0 || v >= uint64(n) {
		r.fail()
		return 0
	}
	return int(v)
}

// Bool reads a flag Bool wrote: a byte that must be 0 or 1.
func (r *Reader) Bool() bool {
	if len(r.b) == 0 || r.b[0] > 1 {
		r.fail()
		return false
	}
	v := r.b[0] == 1
	r.b = r.b[1:]
	return v
}

// Fixed64 reads eight bytes, little-endian.
func (r *Reader) Fixed64() uint64 {
	if len(r.b) < 8 {
		r.fail()
		return 0
	}
	v := binary.LittleEndian.Uint64(r.b)
	r.b = r.b[8:]
	return v
}

// Bytes reads n bytes, not copied (the result's capacity is its length,
// so appending to it cannot overwrite the entry); nil if fewer are left.
func (r *Reader) Bytes(n int) []byte {
	if n < 0 || n > len(r.b) {
		r.fail()
		return nil
	}
	v := r.b[:n:n]
	r.b = r.b[n:]
	return v
}

// Raw reads a length and as many bytes, not copied (as Bytes).
func (r *Reader) Raw() []byte { return r.Bytes(r.Count()) }

// Str reads a length and as many bytes, as a string.
func (r *Reader) Str() string { return string(r.Raw()) }

// Rest returns the bytes left, not copied, and leaves none.
func (r *Reader) Rest() []byte {
	v := r.b
	r.b = r.b[len(r.b):]
	return v
}
