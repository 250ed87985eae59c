package fontsubset

import (
	"encoding/binary"
	"errors"
	"fmt"
)

var be = binary.BigEndian

// malformed is raised (as a panic) by a reader that runs off its data;
// Subset recovers it into an error, so a damaged font fails the subset and
// never the program.
type malformed struct{ what string }

func (m malformed) Error() string { return "malformed font: " + m.what }

// rd reads big-endian values from one table or subtable, checking every
// access against its length.
type rd []byte

func (r rd) check(off, n int) {
	if off < 0 || n < 0 || off+n > len(r) {
		panic(malformed{fmt.Sprintf("read of %d bytes at %d in a %d-byte table", n, off, len(r))})
	}
}

func (r rd) u16(off int) int     { r.check(off, 2); return int(be.Uint16(r[off:])) }
func (r rd) i16(off int) int     { r.check(off, 2); return int(int16(be.Uint16(r[off:]))) }
func (r rd) u32(off int) int     { r.check(off, 4); return int(be.Uint32(r[off:])) }
func (r rd) bytes(off, n int) rd { r.check(off, n); return r[off : off+n] }

// sub is the subtable at off, from there to the end of r: OpenType gives a
// subtable's start, not its length.
func (r rd) sub(off int) rd {
	r.check(off, 0)
	return r[off:]
}

// at16 follows the 16-bit offset stored at off; nil for a NULL offset.
func (r rd) at16(off int) rd {
	o := r.u16(off)
	if o == 0 {
		return nil
	}
	return r.sub(o)
}

// node is a table being written: its own bytes, and the offsets in them that
// point to child tables. A table's children are laid out after it, so each
// written table is one contiguous block, its offsets relative to its start,
// as OpenType requires for nearly every offset.
type node struct {
	data []byte
	refs []ref
}

type ref struct {
	at   int
	wide bool
	to   *node
}

func (n *node) u16(v int)       { n.data = be.AppendUint16(n.data, uint16(v)) }
func (n *node) u32(v int)       { n.data = be.AppendUint32(n.data, uint32(v)) }
func (n *node) raw(b []byte)    { n.data = append(n.data, b...) }
func (n *node) off16(c *node)   { n.refs = append(n.refs, ref{len(n.data), false, c}); n.u16(0) }
func (n *node) off32(c *node)   { n.refs = append(n.refs, ref{len(n.data), true, c}); n.u32(0) }
func (n *node) put16(at, v int) { be.PutUint16(n.data[at:], uint16(v)) }

var errOverflow = errors.New("a subtable grew past what a 16-bit offset can reach")

// bytes lays out n and its children. Identical children within one block are
// written once (OpenType allows shared subtables), which keeps coverage and
// anchor tables from multiplying.
func (n *node) bytes() ([]byte, error) {
	out := append([]byte(nil), n.data...)
	placed := map[string]int{}
	for _, r := range n.refs {
		if r.to == nil {
			continue
		}
		b, err := r.to.bytes()
		if err != nil {
			return nil, err
		}
		off, ok := placed[string(b)]
		if !ok {
			for len(out)%2 != 0 {
				out = append(out, 0)
			}
			off = len(out)
			placed[string(b)] = off
			out = append(out, b...)
		}
		if r.wide {
			be.PutUint32(out[r.at:], uint32(off))
		} else {
			if off > 0xFFFF {
				return nil, errOverflow
			}
			be.PutUint16(out[r.at:], uint16(off))
		}
	}
	return out, nil
}
