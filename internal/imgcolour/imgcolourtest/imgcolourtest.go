// Package imgcolourtest makes ICC profiles, and the chunks and segments
// that carry them in image files, for tests.
package imgcolourtest

import (
	"bytes"
	"encoding/binary"

	"github.com/klauspost/compress/zlib"

	"github.com/warraq/warraq/internal/pngenc"
)

// Profile makes the header of an ICC profile of colour space cs ("RGB ",
// "GRAY", "CMYK"), size bytes long, its other bytes a pattern of seed.
func Profile(cs string, size int, seed byte) []byte {
	p := make([]byte, size)
	for i := range p {
		p[i] = byte(i)*7 + seed
	}
	binary.BigEndian.PutUint32(p, uint32(size))
	copy(p[16:], cs)
	copy(p[36:], "acsp")
	return p
}

// ICCP is the data of a PNG iCCP chunk holding profile p.
func ICCP(p []byte) []byte {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(p)
	zw.Close()
	return append([]byte("ICC Profile\x00\x00"), z.Bytes()...)
}

// ICCPChunk is a PNG iCCP chunk holding profile p, for pngenc.EncodeWith.
func ICCPChunk(p []byte) pngenc.Chunk { return pngenc.Chunk{Type: "iCCP", Data: ICCP(p)} }

// JPEG inserts p into a JPEG file after its SOI, as APP2 segments of at
// most piece bytes, their sequence numbers (1-based) in the order given;
// with no order, all of them in sequence.
func JPEG(jpg, p []byte, piece int, order ...int) []byte {
	var pieces [][]byte
	for len(p) > 0 {
		k := min(piece, len(p))
		pieces, p = append(pieces, p[:k]), p[k:]
	}
	if len(order) == 0 {
		for i := range pieces {
			order = append(order, i+1)
		}
	}
	out := append([]byte(nil), jpg[:2]...)
	for _, i := range order {
		body := append([]byte("ICC_PROFILE\x00"), byte(i), byte(len(pieces)))
		body = append(body, pieces[i-1]...)
		out = binary.BigEndian.AppendUint16(append(out, 0xff, 0xe2), uint16(len(body)+2))
		out = append(out, body...)
	}
	return append(out, jpg[2:]...)
}
