package cache

import (
	"crypto/sha256"
	"encoding/binary"
	"reflect"
	"strings"
	"testing"
)

// A hasher's sum is the SHA-256 of the bytes appended, however they pass
// through its buffer (short and long strings, raw bytes), and a hasher
// reused after Sum starts afresh.
func TestHasherSum(t *testing.T) {
	long := strings.Repeat("ورق وحبر ", 3000) // more than a chunk
	var want []byte
	str := func(s string) {
		want = binary.AppendUvarint(want, uint64(len(s)))
		want = append(want, s...)
	}
	str("a")
	str(long)
	want = append(want, long[:9000]...)
	str("b")
	want = binary.AppendUvarint(want, 7)
	for round := range 3 {
		h := NewHasher()
		h.Str("a")
		h.Str(long)
		h.Raw([]byte(long[:9000]))
		h.Str("b")
		h.Uint(7)
		if got := h.Sum(); got != sha256.Sum256(want) {
			t.Fatalf("round %d: the sum is not the SHA-256 of the bytes appended", round)
		}
	}
	// Values: equal values hash alike, a changed field changes the sum,
	// and a shared pointer is written as a reference.
	type node struct {
		Name string
		Next *node
	}
	sum := func(v any) [32]byte {
		h := NewHasher()
		h.Value(reflect.ValueOf(v))
		return h.Sum()
	}
	a := &node{Name: "a"}
	a.Next = a // a cycle ends
	b := &node{Name: "a"}
	b.Next = b
	if sum(a) != sum(b) {
		t.Error("equal values hash apart")
	}
	b.Name = "b"
	if sum(a) == sum(b) {
		t.Error("a changed field kept the sum")
	}
}
