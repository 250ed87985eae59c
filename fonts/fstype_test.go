package fonts

import (
	"encoding/binary"
	"errors"
	"testing"
)

// TestCheckEmbedding reads the fsType of each embedded file (all
// installable, 0) and of copies with each permission written in.
func TestCheckEmbedding(t *testing.T) {
	for _, f := range Families() {
		for st, file := range f.Files {
			data, _, _ := f.Face(st)
			if fs, ok := FSType(data); !ok || fs != 0 || CheckEmbedding(data) != nil {
				t.Errorf("%s: fsType %#x ok=%v", file, fs, ok)
			}
		}
	}
	data, _, _ := families[0].Face(Regular)
	for _, tc := range []struct {
		fsType     uint16
		restricted bool
	}{
		{0x0000, false}, // installable
		{0x0002, true},  // restricted licence
		{0x0004, false}, // preview and print
		{0x0008, false}, // editable
		{0x0006, false}, // restricted with print: the less restrictive applies
		{0x0104, true},  // no subsetting
		{0x0204, true},  // bitmap embedding only
	} {
		err := CheckEmbedding(withFSType(t, data, tc.fsType))
		if errors.Is(err, ErrRestricted) != tc.restricted {
			t.Errorf("fsType %#04x: %v", tc.fsType, err)
		}
	}
	if _, ok := FSType([]byte("not a font")); ok {
		t.Error("fsType read from text")
	}
}

func withFSType(t *testing.T, data []byte, fsType uint16) []byte {
	t.Helper()
	out := append([]byte(nil), data...)
	n := int(binary.BigEndian.Uint16(out[4:6]))
	for i := range n {
		rec := 12 + 16*i
		if string(out[rec:rec+4]) == "OS/2" {
			off := binary.BigEndian.Uint32(out[rec+8 : rec+12])
			binary.BigEndian.PutUint16(out[off+8:off+10], fsType)
			return out
		}
	}
	t.Fatal("no OS/2 table")
	return nil
}
