package wire

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"testing"
)

// sample writes one field of every kind, with values at the edges.
func sample() []byte {
	w := NewWriter(nil)
	w.Uint(0)
	w.Uint(math.MaxUint64)
	w.Int(math.MinInt64)
	w.Int(-1)
	w.Bool(true)
	w.Bool(false)
	w.Fixed64(math.Float64bits(-0.5))
	w.Str("ورّاق")
	w.Str("")
	w.Raw([]byte{0, 1, 2})
	w.Bytes([]byte("key!"))
	w.Uint(3) // an index below 4
	w.Uint(2) // a count of the two bytes after it
	w.Bytes([]byte{9, 9})
	w.Uint(2) // two items of three bytes
	w.Bytes([]byte{1, 2, 3, 4, 5, 6})
	return w.Data()
}

// readSample reads what sample wrote, in order, and reports the values
// that differ from what was written.
func readSample(r *Reader) []string {
	var bad []string
	check := func(what string, ok bool) {
		if !ok {
			bad = append(bad, what)
		}
	}
	check("uint 0", r.Uint() == 0)
	check("uint max", r.Uint() == math.MaxUint64)
	check("int min", r.Int() == math.MinInt64)
	check("int -1", r.Int() == -1)
	check("true", r.Bool())
	check("false", !r.Bool())
	check("fixed64", math.Float64frombits(r.Fixed64()) == -0.5)
	check("str", r.Str() == "ورّاق")
	check("empty str", r.Str() == "")
	check("raw", bytes.Equal(r.Raw(), []byte{0, 1, 2}))
	check("bytes", string(r.Bytes(4)) == "key!")
	check("index", r.Index(4) == 3)
	n := r.Count()
	check("count", n == 2)
	check("counted", bytes.Equal(r.Bytes(n), []byte{9, 9}))
	n = r.CountOf(3)
	check("count of", n == 2)
	check("items", bytes.Equal(r.Bytes(3*n), []byte{1, 2, 3, 4, 5, 6}))
	return bad
}

func TestRoundTrip(t *testing.T) {
	data := sample()
	r := NewReader(data)
	if bad := readSample(&r); len(bad) > 0 {
		t.Fatalf("read back wrong: %v", bad)
	}
	if err := r.End(); err != nil {
		t.Fatalf("End after reading everything: %v", err)
	}
}

// The encoding is the one the cache's entries have always had: these
// bytes are what the formats wrote before they shared this package, and
// a change to them must change the formats' version numbers.
func TestEncodingIsStable(t *testing.T) {
	var want []byte
	want = binary.AppendUvarint(want, 300)
	want = binary.AppendVarint(want, -300)
	want = append(want, 1, 0)
	want = binary.LittleEndian.AppendUint64(want, math.Float64bits(1.5))
	want = binary.AppendUvarint(want, 3)
	want = append(want, "abc"...)
	want = binary.AppendUvarint(want, 2)
	want = append(want, 7, 8)
	want = append(want, 5, 6)
	w := NewWriter([]byte{})
	w.Uint(300)
	w.Int(-300)
	w.Bool(true)
	w.Bool(false)
	w.Fixed64(math.Float64bits(1.5))
	w.Str("abc")
	w.Raw([]byte{7, 8})
	w.Bytes([]byte{5, 6})
	if !bytes.Equal(w.Data(), want) || w.Len() != len(want) {
		t.Fatalf("wrote % x, want % x", w.Data(), want)
	}
	w.Reset()
	if w.Len() != 0 {
		t.Fatal("Reset kept bytes")
	}
}

// Every truncation of an entry fails somewhere, and from the first
// failure on every read gives the zero value.
func TestTruncated(t *testing.T) {
	data := sample()
	for n := range len(data) {
		r := NewReader(data[:n])
		readSample(&r)
		if r.Err() == nil {
			t.Fatalf("cut at %d of %d bytes: no read failed", n, len(data))
		}
		if !errors.Is(r.End(), ErrCorrupt) {
			t.Fatalf("cut at %d: End = %v", n, r.End())
		}
		if r.Uint() != 0 || r.Int() != 0 || r.Bool() || r.Fixed64() != 0 || r.Str() != "" || r.Raw() != nil || r.Bytes(0) != nil || r.Count() != 0 || r.Len() != 0 {
			t.Fatalf("cut at %d: a failed reader read something", n)
		}
	}
}

func TestEndWithBytesLeft(t *testing.T) {
	r := NewReader([]byte{1, 2})
	r.Uint()
	if r.Err() != nil || r.End() == nil {
		t.Fatalf("one byte left: Err %v, End %v", r.Err(), r.End())
	}
	if got := r.Rest(); !bytes.Equal(got, []byte{2}) || r.End() != nil {
		t.Fatalf("Rest = % x, End %v", got, r.End())
	}
}

// Each read refuses what its writer cannot have written.
func TestRefuses(t *testing.T) {
	uv := func(v uint64) []byte { return binary.AppendUvarint(nil, v) }
	cases := []struct {
		name string
		data []byte
		read func(r *Reader)
	}{
		{"varint of eleven bytes", bytes.Repeat([]byte{0x80}, 10), func(r *Reader) { r.Uint() }},
		{"varint overflowing 64 bits", append(bytes.Repeat([]byte{0xff}, 9), 0x02), func(r *Reader) { r.Uint() }},
		{"signed varint cut short", []byte{0x80}, func(r *Reader) { r.Int() }},
		{"flag 2", []byte{2}, func(r *Reader) { r.Bool() }},
		{"flag 0x80", []byte{0x80}, func(r *Reader) { r.Bool() }},
		{"fixed64 of 7 bytes", make([]byte, 7), func(r *Reader) { r.Fixed64() }},
		{"count past the end", append(uv(3), 1, 2), func(r *Reader) { r.Count() }},
		{"huge count", uv(math.MaxUint64), func(r *Reader) { r.Count() }},
		{"items past the end", append(uv(2), 1, 2, 3, 4, 5), func(r *Reader) { r.CountOf(3) }},
		{"huge count of items", uv(math.MaxUint64), func(r *Reader) { r.CountOf(8) }},
		{"items of no size", uv(0), func(r *Reader) { r.CountOf(0) }},
		{"string past the end", append(uv(3), 'a', 'b'), func(r *Reader) { r.Str() }},
		{"raw of 2^62 bytes", uv(1 << 62), func(r *Reader) { r.Raw() }},
		{"index equal to the bound", uv(4), func(r *Reader) { r.Index(4) }},
		{"index into nothing", uv(0), func(r *Reader) { r.Index(0) }},
		{"negative byte count", nil, func(r *Reader) { r.Bytes(-1) }},
		{"a check of the format's", []byte{1}, func(r *Reader) { r.Fail() }},
		{"bytes past the end", []byte{1}, func(r *Reader) { r.Bytes(2) }},
	}
	for _, c := range cases {
		r := NewReader(c.data)
		c.read(&r)
		if !errors.Is(r.Err(), ErrCorrupt) {
			t.Errorf("%s: read without error", c.name)
		}
	}
}

// The slices a Reader hands out are the entry's bytes, with no room to
// append over what follows them.
func TestBytesAreCapped(t *testing.T) {
	data := []byte{2, 'a', 'b', 'c'}
	r := NewReader(data)
	b := r.Raw()
	_ = append(b, 'X')
	if data[3] != 'c' || cap(b) != 2 {
		t.Fatalf("appending to a read slice wrote into the entry: %q, cap %d", data, cap(b))
	}
}
