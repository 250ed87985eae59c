package fonts

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// The OS/2 table's fsType bits that forbid what Warraq does with a font
// (OpenType spec, OS/2 table, fsType): it embeds every font it uses in
// the PDF and the EPUB, cut down to the glyphs the book needs.
const (
	fsRestricted = 0x0002 // "Restricted License embedding": may not be embedded at all
	fsNoSubset   = 0x0100 // may not be subset before embedding
	fsBitmapOnly = 0x0200 // only its bitmaps may be embedded, no outlines
)

// ErrRestricted is returned by CheckEmbedding for a font whose licence
// forbids embedding it as Warraq must.
var ErrRestricted = errors.New("the font's licence forbids embedding it")

// CheckEmbedding reads the embedding permissions (OS/2 fsType) of a
// TrueType or OpenType file and returns an error wrapping ErrRestricted
// when they forbid embedding, subsetting or embedding outlines. A font
// without an OS/2 table, or one it cannot read, is allowed: parsing it
// reports what is wrong.
func CheckEmbedding(data []byte) error {
	fsType, ok := FSType(data)
	if !ok {
		return nil
	}
	switch {
	case fsType&fsRestricted != 0 && fsType&0x000C == 0:
		// The spec: when bit 1 is set with bits 2 or 3, the less
		// restrictive of them applies.
		return fmt.Errorf("%w (OS/2 fsType %#04x: restricted licence embedding)", ErrRestricted, fsType)
	case fsType&fsBitmapOnly != 0:
		return fmt.Errorf("%w (OS/2 fsType %#04x: bitmap embedding only)", ErrRestricted, fsType)
	case fsType&fsNoSubset != 0:
		return fmt.Errorf("%w (OS/2 fsType %#04x: no subsetting, and Warraq embeds only the glyphs a book uses)", ErrRestricted, fsType)
	}
	return nil
}

// FSType returns the OS/2 fsType of a single TrueType/OpenType font file;
// ok is false when the file has no readable OS/2 table.
func FSType(data []byte) (fsType uint16, ok bool) {
	t, ok := Table(data, "OS/2")
	if !ok || len(t) < 10 {
		return 0, false
	}
	return binary.BigEndian.Uint16(t[8:10]), true
}

// Table returns the bytes of the table tag of a single TrueType/OpenType
// font file, from its offset to the end of the file (enough to read the
// table's fixed fields); ok is false when the file has no such table.
func Table(data []byte, tag string) ([]byte, bool) {
	if len(data) < 12 {
		return nil, false
	}
	n := int(binary.BigEndian.Uint16(data[4:6]))
	for i := range n {
		rec := 12 + 16*i
		if rec+16 > len(data) {
			return nil, false
		}
		if string(data[rec:rec+4]) != tag {
			continue
		}
		off := int(binary.BigEndian.Uint32(data[rec+8 : rec+12]))
		if off < 0 || off > len(data) {
			return nil, false
		}
		return data[off:], true
	}
	return nil, false
}
