package wire

import "testing"

// FuzzReader reads arbitrary bytes as a script of reads: each byte of ops
// says which read comes next, over data. Whatever the bytes, no read
// panics, none returns more bytes than the entry had left, a count is
// never more than the bytes left can hold, and once a read fails the
// reader reads nothing more.
func FuzzReader(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sample())
	f.Add([]byte{7, 7, 7}, []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 5})
	f.Add([]byte{5, 5}, []byte{2, 1})
	f.Fuzz(func(t *testing.T, ops, data []byte) {
		r := NewReader(data)
		for _, op := range ops {
			left := r.Len()
			failed := r.Err() != nil
			var got int // bytes handed out
			switch op % 12 {
			case 0:
				r.Uint()
			case 1:
				r.Int()
			case 2:
				r.Bool()
			case 3:
				r.Fixed64()
			case 4:
				got = len(r.Str())
			case 5:
				got = len(r.Raw())
			case 6:
				got = len(r.Bytes(int(op) / 12))
			case 7:
				if n := r.Count(); n > r.Len() {
					t.Fatalf("count %d with %d bytes left", n, r.Len())
				}
			case 8:
				if i := r.Index(int(op) / 12); i < 0 || (i >= int(op)/12 && r.Err() == nil) {
					t.Fatalf("index %d, bound %d", i, int(op)/12)
				}
			case 9:
				r.End()
			case 10:
				got = len(r.Rest())
			case 11:
				size := int(op)/12 + 1
				if n := r.CountOf(size); n*size > r.Len() {
					t.Fatalf("%d items of %d bytes with %d bytes left", n, size, r.Len())
				}
			}
			if got > left {
				t.Fatalf("read %d bytes of %d", got, left)
			}
			if r.Len() > left {
				t.Fatalf("%d bytes left after a read, %d before", r.Len(), left)
			}
			if failed && (r.Err() == nil || got != 0) {
				t.Fatal("a failed reader read on")
			}
		}
	})
}
