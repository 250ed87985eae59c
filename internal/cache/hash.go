package cache

import (
	"crypto/sha256"
	"encoding"
	"encoding/binary"
	"fmt"
	"hash"
	"io"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// Hasher appends the bytes of values for a key: every exported field,
// following pointers (a value met again is written as a reference, so
// shared and cyclic values end), interfaces (with their dynamic type) and
// maps (sorted). Value panics on what it cannot hash: a function, a
// channel, or a struct of another module with unexported fields (state it
// may read through methods). The bytes go through a small buffer into
// SHA-256 (an article's document is megabytes).
type Hasher struct {
	buf  []byte
	sum  hash.Hash
	seen map[uintptr]int
}

// NewHasher starts a hasher. Hashers are reused (a build makes thousands):
// one is ended by Sum.
func NewHasher() *Hasher { return hashers.Get().(*Hasher) }

var hashers = sync.Pool{New: func() any {
	return &Hasher{buf: make([]byte, 0, 2*hasherChunk), sum: sha256.New(), seen: map[uintptr]int{}}
}}

// hasherChunk is how many bytes the buffer takes before they are hashed.
const hasherChunk = 8 << 10

func (h *Hasher) spill() {
	if len(h.buf) >= hasherChunk {
		h.sum.Write(h.buf)
		h.buf = h.buf[:0]
	}
}

// Sum is the SHA-256 of what has been appended. It ends the hasher,
// which must not be used after.
func (h *Hasher) Sum() [32]byte {
	h.sum.Write(h.buf)
	var out [32]byte
	h.sum.Sum(out[:0])
	h.sum.Reset()
	h.buf = h.buf[:0]
	clear(h.seen)
	hashers.Put(h)
	return out
}

// Raw appends b as it is.
func (h *Hasher) Raw(b []byte) {
	if len(h.buf)+len(b) > cap(h.buf) {
		h.sum.Write(h.buf)
		h.buf = h.buf[:0]
		if len(b) >= hasherChunk {
			h.sum.Write(b)
			return
		}
	}
	h.buf = append(h.buf, b...)
	h.spill()
}

// Uint appends a number.
func (h *Hasher) Uint(n uint64) { h.buf = binary.AppendUvarint(h.buf, n) }

// Bool appends a flag, as Uint of 1 or 0.
func (h *Hasher) Bool(v bool) {
	if v {
		h.Uint(1)
	} else {
		h.Uint(0)
	}
}

// Str appends a string, length first.
func (h *Hasher) Str(s string) {
	h.buf = binary.AppendUvarint(h.buf, uint64(len(s)))
	if len(h.buf)+len(s) > cap(h.buf) {
		h.sum.Write(h.buf)
		h.buf = h.buf[:0]
		if len(s) >= hasherChunk {
			io.WriteString(h.sum, s)
			return
		}
	}
	h.buf = append(h.buf, s...)
	h.spill()
}

// Value appends v (see Hasher).
func (h *Hasher) Value(v reflect.Value) {
	h.spill()
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			h.buf = append(h.buf, 0)
			return
		}
		if n, ok := h.seen[v.Pointer()]; ok {
			h.buf = append(h.buf, 1)
			h.buf = binary.AppendUvarint(h.buf, uint64(n))
			return
		}
		h.seen[v.Pointer()] = len(h.seen)
		h.buf = append(h.buf, 2)
		h.Value(v.Elem())
	case reflect.Interface:
		if v.IsNil() {
			h.buf = append(h.buf, 0)
			return
		}
		h.Str(v.Elem().Type().String())
		h.Value(v.Elem())
	case reflect.Struct:
		t := v.Type()
		if m, ok := v.Interface().(encoding.BinaryMarshaler); ok {
			// A time.Time: its fields are all unexported.
			data, err := m.MarshalBinary()
			if err != nil {
				panic(err)
			}
			h.Str(string(data))
			return
		}
		own := strings.HasPrefix(t.PkgPath(), "github.com/warraq/warraq/")
		for i := range v.NumField() {
			switch {
			case t.Field(i).IsExported():
				h.Value(v.Field(i))
			case !own:
				// Another package's state that a renderer may read
				// through its methods: it cannot be hashed.
				panic("cache: cannot hash a " + t.String())
			}
		}
	case reflect.Slice, reflect.Array:
		h.buf = binary.AppendUvarint(h.buf, uint64(v.Len()))
		if v.Type().Elem().Kind() == reflect.Uint8 {
			var sum [32]byte
			if v.Kind() == reflect.Slice {
				sum = sha256.Sum256(v.Bytes())
			} else {
				b := make([]byte, v.Len())
				reflect.Copy(reflect.ValueOf(b), v)
				sum = sha256.Sum256(b)
			}
			h.buf = append(h.buf, sum[:]...)
			return
		}
		for i := range v.Len() {
			h.Value(v.Index(i))
		}
	case reflect.Map:
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int {
			x, y := fmt.Sprint(a.Interface()), fmt.Sprint(b.Interface())
			if x < y {
				return -1
			}
			if x > y {
				return 1
			}
			return 0
		})
		h.buf = binary.AppendUvarint(h.buf, uint64(len(keys)))
		for _, k := range keys {
			h.Value(k)
			h.Value(v.MapIndex(k))
		}
	case reflect.String:
		h.Str(v.String())
	case reflect.Bool:
		if v.Bool() {
			h.buf = append(h.buf, 1)
		} else {
			h.buf = append(h.buf, 0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		h.buf = binary.AppendVarint(h.buf, v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		h.buf = binary.AppendUvarint(h.buf, v.Uint())
	case reflect.Float32, reflect.Float64:
		h.buf = binary.LittleEndian.AppendUint64(h.buf, math.Float64bits(v.Float()))
	default:
		panic("cache: cannot hash a " + v.Type().String())
	}
}
