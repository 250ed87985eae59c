package text

import (
	"encoding/binary"
	"reflect"
	"testing"

	"github.com/go-text/typesetting/font"
	"github.com/warraq/warraq/fonts"
)

// Every embedded face parses through namelessPost as it does read whole,
// but for the glyph names of a version-2 post table: the same character
// map, advances, outlines, layout tables, description and line metrics.
func TestNamelessPostParsesTheSame(t *testing.T) {
	named := 0
	eachEmbeddedFace(t, func(t *testing.T, data []byte) {
		orig := parseFace(t, data)
		r := newNamelessPost(data)
		nameless, err := font.ParseTTF(r)
		if err != nil {
			t.Fatal(err)
		}
		if r.at >= 0 {
			named++
			if orig.GlyphName(3) == "" || nameless.GlyphName(3) != "" {
				t.Errorf("glyph 3's name: %q read whole, %q through namelessPost", orig.GlyphName(3), nameless.GlyphName(3))
			}
		}
		if orig.Upem() != nameless.Upem() || orig.Describe() != nameless.Describe() {
			t.Errorf("upem or description differ: %v %v, %v %v", orig.Upem(), orig.Describe(), nameless.Upem(), nameless.Describe())
		}
		for _, m := range []font.LineMetric{font.UnderlinePosition, font.UnderlineThickness, font.StrikethroughPosition, font.StrikethroughThickness, font.XHeight, font.CapHeight} {
			if a, b := orig.LineMetric(m), nameless.LineMetric(m); a != b {
				t.Errorf("line metric %v: %v, %v", m, a, b)
			}
		}
		for r := rune(0); r < 0x30000; r++ {
			a, okA := orig.NominalGlyph(r)
			b, okB := nameless.NominalGlyph(r)
			if a != b || okA != okB {
				t.Fatalf("U+%04X: glyph %d %v, %d %v", r, a, okA, b, okB)
			}
		}
		maxp, _ := fonts.Table(data, "maxp")
		for g := range font.GID(binary.BigEndian.Uint16(maxp[4:6])) {
			if orig.HorizontalAdvance(g) != nameless.HorizontalAdvance(g) || !reflect.DeepEqual(orig.GlyphData(g), nameless.GlyphData(g)) {
				t.Fatalf("glyph %d: advance or outline differs", g)
			}
		}
		if !reflect.DeepEqual(orig.GSUB, nameless.GSUB) || !reflect.DeepEqual(orig.GPOS, nameless.GPOS) || !reflect.DeepEqual(orig.GDEF, nameless.GDEF) {
			t.Error("layout tables differ")
		}
	})
	if named == 0 {
		t.Error("no embedded face has glyph names: namelessPost changed nothing")
	}
	// Anything but a TrueType or OpenType file is read as it is.
	for _, data := range [][]byte{nil, []byte("wOFF0123456789"), []byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x00")} {
		if r := newNamelessPost(data); r.at != -1 {
			t.Errorf("%q: post table found at %d", data, r.at)
		}
	}
}
