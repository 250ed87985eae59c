package text

import (
	"bytes"
	"encoding/binary"
)

// go-text reads a post table of version 2 into a string per glyph, names
// the engine never asks for (it asks no glyph names, underline metrics
// aside, which version 3 keeps): a quarter of parsing Amiri's faces, 6,800
// glyphs each, and 2 MB of strings per ten-article build. A face is parsed
// through namelessPost, which reads the file as it is but for the post
// table's version, read as 3 (names kept elsewhere, none here). The font
// files embedded in the PDF and the EPUB are Data, untouched
// (TestNamelessPostParsesTheSame).

// postVersion2 and postVersion3 are the post table's versions with and
// without glyph names.
const (
	postVersion2 = 0x00020000
	postVersion3 = 0x00030000
)

// namelessPost is a font file (a bytes.Reader) whose post table's version,
// at at (-1: none), reads as 3.
type namelessPost struct {
	*bytes.Reader
	at int64
}

// newNamelessPost reads data as namelessPost does when data is a TrueType
// or OpenType file (not a collection, nor WOFF) whose post table is of
// version 2; otherwise as it is.
func newNamelessPost(data []byte) namelessPost {
	r := namelessPost{Reader: bytes.NewReader(data), at: -1}
	if len(data) < 12 {
		return r
	}
	switch binary.BigEndian.Uint32(data) {
	case 0x00010000, 0x74727565, 0x4f54544f: // 1.0, 'true', 'OTTO'
	default:
		return r
	}
	n := int(binary.BigEndian.Uint16(data[4:6]))
	for i := range n {
		rec := 12 + 16*i
		if rec+16 > len(data) {
			return r
		}
		if string(data[rec:rec+4]) != "post" {
			continue
		}
		off := int64(binary.BigEndian.Uint32(data[rec+8 : rec+12]))
		if off+4 <= int64(len(data)) && binary.BigEndian.Uint32(data[off:]) == postVersion2 {
			r.at = off
		}
		return r
	}
	return r
}

// ReadAt reads as bytes.Reader does, with the post table's version as 3
// when what is read holds it whole (go-text reads a table at once).
func (r namelessPost) ReadAt(p []byte, off int64) (int, error) {
	n, err := r.Reader.ReadAt(p, off)
	if r.at >= off && r.at+4 <= off+int64(n) {
		binary.BigEndian.PutUint32(p[r.at-off:], postVersion3)
	}
	return n, err
}
