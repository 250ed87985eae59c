package pdfwriter

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/go-text/typesetting/font"
	"github.com/warraq/warraq/fonts"
)

func embedded(t testing.TB, family string) []byte {
	t.Helper()
	fam, ok := fonts.Lookup(family)
	if !ok {
		t.Fatalf("no embedded family %q", family)
	}
	data, _, _ := fam.Face(fonts.Regular)
	return data
}

// TestSubsetComposites: composite glyphs keep their components, renumbered,
// and draw the same outline as in the original font.
func TestSubsetComposites(t *testing.T) {
	data := embedded(t, "Amiri")
	s, err := parseSFNT(data)
	if err != nil {
		t.Fatal(err)
	}
	orig, err := font.ParseTTF(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var composites []uint16
	for g := 1; g < s.numGlyphs && len(composites) < 40; g++ {
		n := 0
		components(s.glyph(g), func(int) { n++ })
		if n > 0 {
			composites = append(composites, uint16(g))
		}
	}
	if len(composites) == 0 {
		t.Fatal("Amiri has no composite glyphs to test with")
	}
	used := map[uint16]bool{}
	for _, g := range composites {
		used[g] = true
	}
	order := s.closure(used)
	if len(order) <= len(composites) {
		t.Fatalf("closure of %d composites has %d glyphs: components missing", len(composites), len(order))
	}
	sub := s.subset(order, nil)
	ss, err := parseSFNT(sub)
	if err != nil {
		t.Fatalf("subset does not parse: %v", err)
	}
	if ss.numGlyphs != len(order) {
		t.Errorf("subset numGlyphs %d, want %d", ss.numGlyphs, len(order))
	}
	face, err := font.ParseTTF(bytes.NewReader(sub))
	if err != nil {
		t.Fatalf("go-text cannot read the subset: %v", err)
	}
	for newGID, oldGID := range order {
		a, _ := face.GlyphDataOutline(font.GID(newGID))
		b, _ := orig.GlyphDataOutline(font.GID(oldGID))
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Errorf("glyph %d (was %d): outline differs after subsetting", newGID, oldGID)
		}
		if face.HorizontalAdvance(font.GID(newGID)) != orig.HorizontalAdvance(font.GID(oldGID)) {
			t.Errorf("glyph %d (was %d): advance differs", newGID, oldGID)
		}
	}
}

// TestSubsetChecksums: every table checksum is right and the whole file
// sums to the magic number head.checkSumAdjustment aims at; short and long
// loca formats both round-trip.
func TestSubsetChecksums(t *testing.T) {
	data := embedded(t, "Amiri")
	s, err := parseSFNT(data)
	if err != nil {
		t.Fatal(err)
	}
	all := map[uint16]bool{}
	for g := 0; g < s.numGlyphs; g++ {
		all[uint16(g)] = true
	}
	for _, c := range []struct {
		name     string
		used     map[uint16]bool
		longLoca bool
	}{
		{"few glyphs", map[uint16]bool{3: true, 10: true, 200: true}, false},
		{"every glyph", all, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			sub := s.subset(s.closure(c.used), nil)
			if got := checksum(sub); got != 0xB1B0AFBA {
				t.Errorf("file checksum %#x, want 0xB1B0AFBA", got)
			}
			n := int(be.Uint16(sub[4:]))
			for i := 0; i < n; i++ {
				rec := sub[12+16*i:]
				tag := string(rec[:4])
				off, length := be.Uint32(rec[8:]), be.Uint32(rec[12:])
				table := append([]byte(nil), sub[off:off+length]...)
				if tag == "head" {
					be.PutUint32(table[8:], 0)
				}
				if got, want := be.Uint32(rec[4:]), checksum(table); got != want {
					t.Errorf("table %q checksum %#x, want %#x", tag, got, want)
				}
				if off%4 != 0 {
					t.Errorf("table %q at unaligned offset %d", tag, off)
				}
			}
			ss, err := parseSFNT(sub)
			if err != nil {
				t.Fatal(err)
			}
			if ss.longLoca != c.longLoca {
				t.Errorf("long loca = %v, want %v", ss.longLoca, c.longLoca)
			}
		})
	}
}

func TestParseSFNTMetrics(t *testing.T) {
	for _, c := range []struct {
		family, ps string
		fixed      bool
	}{
		{"Amiri", "Amiri-Regular", false},
		{"Noto Sans Mono", "NotoSansMono-Regular", true},
	} {
		s, err := parseSFNT(embedded(t, c.family))
		if err != nil {
			t.Fatal(err)
		}
		if s.postscriptName != c.ps || s.fixedPitch != c.fixed || s.cff {
			t.Errorf("%s: name %q fixed %v cff %v", c.family, s.postscriptName, s.fixedPitch, s.cff)
		}
		if s.ascent <= 0 || s.descent >= 0 || s.capHeight <= 0 || s.unitsPerEm == 0 {
			t.Errorf("%s: ascent %d descent %d capHeight %d", c.family, s.ascent, s.descent, s.capHeight)
		}
	}
}

// TestParseSFNTDamaged: truncating or corrupting a font gives an error or
// a usable font, never a panic.
func TestParseSFNTDamaged(t *testing.T) {
	data := embedded(t, "Noto Sans Mono")
	for _, n := range []int{0, 11, 12, 100, 300, len(data) / 2} {
		if _, err := parseSFNT(data[:n]); err == nil {
			t.Errorf("font cut to %d bytes parsed without error", n)
		}
	}
	bad := append([]byte(nil), data...)
	be.PutUint32(bad[12+8:], 0xFFFFFFF0) // first table's offset far outside
	if _, err := parseSFNT(bad); err == nil {
		t.Error("table outside the file parsed without error")
	}
}
