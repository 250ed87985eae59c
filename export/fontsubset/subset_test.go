package fontsubset

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/go-text/typesetting/font"

	"github.com/warraq/warraq/fonts"
)

func amiri(t testing.TB) []byte {
	t.Helper()
	fam, _ := fonts.Lookup("Amiri")
	data, _, ok := fam.Face(fonts.Regular)
	if !ok {
		t.Fatal("no Amiri")
	}
	return data
}

func parse(t testing.TB, data []byte) *font.Face {
	t.Helper()
	f, err := font.ParseTTF(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the subset does not parse: %v", err)
	}
	return f
}

func TestSubsetKeepsTheTextsGlyphs(t *testing.T) {
	full := amiri(t)
	text := "سلام"
	s, err := Subset(full, Text{Runes: []rune(text)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Old) < 5 || len(s.Old) > 400 || s.Old[0] != 0 {
		t.Errorf("%d glyphs, first %d: want .notdef and a few forms of four letters", len(s.Old), s.Old[0])
	}
	f, orig := parse(t, s.Data), parse(t, full)
	for _, r := range text {
		g, ok := f.NominalGlyph(r)
		want, _ := orig.NominalGlyph(r)
		if !ok || s.Old[g] != uint16(want) {
			t.Errorf("%U maps to %d (old %d), want old %d", r, g, s.Old[g], want)
		}
	}
	if _, ok := f.NominalGlyph('x'); ok {
		t.Error("a character not in the text is mapped")
	}
	for i := 1; i < len(s.Old); i++ {
		if s.Old[i] <= s.Old[i-1] {
			t.Fatalf("glyphs out of their original order at %d", i)
		}
	}
	if len(s.Data) > len(full)/10 {
		t.Errorf("%d bytes of %d", len(s.Data), len(full))
	}
}

// Shaped glyphs narrow the closure: the glyphs a word shapes to, and those
// on the way, instead of everything its letters could become.
func TestShapedGlyphsNarrowTheSubset(t *testing.T) {
	full := amiri(t)
	runes := []rune("مهما")
	wide, err := Subset(full, Text{Runes: runes}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	orig := parse(t, full)
	var shaped []uint16
	for _, r := range runes {
		g, _ := orig.NominalGlyph(r)
		shaped = append(shaped, uint16(g))
	}
	narrow, err := Subset(full, Text{Runes: runes, Shaped: shaped}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(narrow.Old) >= len(wide.Old) {
		t.Errorf("%d glyphs with the shaped glyphs, %d without: want fewer", len(narrow.Old), len(wide.Old))
	}
}

func TestRetainGIDs(t *testing.T) {
	s, err := Subset(amiri(t), Text{Runes: []rune("سلام")}, Options{RetainGIDs: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, g := range s.Old {
		if int(g) != i {
			t.Fatalf("glyph %d came from %d", i, g)
		}
	}
	f := parse(t, s.Data)
	orig := parse(t, amiri(t))
	g, _ := f.NominalGlyph('س')
	want, _ := orig.NominalGlyph('س')
	if g != want {
		t.Errorf("seen maps to %d, want %d as in the whole font", g, want)
	}
}

func TestRefused(t *testing.T) {
	full := amiri(t)
	for name, data := range map[string][]byte{
		"CFF":        append([]byte("OTTO"), full[4:]...),
		"collection": append([]byte("ttcf"), full[4:]...),
		"truncated":  full[:len(full)/3],
		"empty":      nil,
	} {
		_, err := Subset(data, Text{Runes: []rune("سلام")}, Options{})
		if !errors.Is(err, ErrUnsupported) {
			t.Errorf("%s: %v, want ErrUnsupported", name, err)
		}
	}
}

// A damaged font is refused with an error, never a panic or a hang. The
// seed is a subset of Amiri for "سلام لا" (this package's output, so small
// enough to fuzz quickly), with GSUB, GPOS and GDEF.
func FuzzSubset(f *testing.F) {
	small, err := os.ReadFile("testdata/amiri-salam.ttf")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(small, 100, byte(0xff))
	f.Add(small, 2000, byte(0))
	f.Fuzz(func(t *testing.T, data []byte, at int, b byte) {
		if at >= 0 && at < len(data) {
			data = append([]byte(nil), data...)
			data[at] = b
		}
		if s, err := Subset(data, Text{Runes: []rune("سلام لا")}, Options{}); err == nil && len(s.Data) == 0 {
			t.Error("no error and no font")
		}
	})
}

// BenchmarkSubsetAmiri subsets Amiri Regular for the Arabic alphabet with
// its common marks and Latin digits (the wide closure, no shaped glyphs).
func BenchmarkSubsetAmiri(b *testing.B) {
	full := amiri(b)
	var runes []rune
	for r := rune(0x0621); r <= 0x0652; r++ {
		runes = append(runes, r)
	}
	runes = append(runes, []rune("0123456789 .،؛؟«»")...)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Subset(full, Text{Runes: runes}, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestGlyphNames: a subset names every glyph, with its own name when
// asked and with a short name of its number otherwise; standard Macintosh
// names (.notdef, space) are kept either way.
func TestGlyphNames(t *testing.T) {
	post := func(data []byte) []byte {
		s, err := readSFNT(data)
		if err != nil {
			t.Fatal(err)
		}
		return s.tables["post"]
	}
	plain, err := Subset(amiri(t), Text{Runes: []rune("سلام ")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	named, err := Subset(amiri(t), Text{Runes: []rune("سلام ")}, Options{GlyphNames: true})
	if err != nil {
		t.Fatal(err)
	}
	p, q := post(plain.Data), post(named.Data)
	if be.Uint32(p) != 0x00020000 || be.Uint32(q) != 0x00020000 {
		t.Fatalf("post versions %#x and %#x, want format 2", be.Uint32(p), be.Uint32(q))
	}
	if !bytes.Contains(q, []byte("uni0633")) || bytes.Contains(p, []byte("uni0633")) {
		t.Errorf("own names in the default subset, or none in the named one")
	}
	// Every glyph has a distinct name: the standard ones by index, the
	// others as g and the glyph's number.
	n := int(be.Uint16(p[32:]))
	if n != len(plain.Old) {
		t.Fatalf("post names %d glyphs, the subset has %d", n, len(plain.Old))
	}
	var strs []string
	for at := 34 + 2*n; at < len(p); at += 1 + int(p[at]) {
		strs = append(strs, string(p[at+1:at+1+int(p[at])]))
	}
	seen := map[string]bool{}
	for i := 0; i < n; i++ {
		idx := int(be.Uint16(p[34+2*i:]))
		name := fmt.Sprintf("mac%d", idx)
		if idx >= 258 {
			name = strs[idx-258]
			if name != fmt.Sprintf("g%d", i) {
				t.Errorf("glyph %d named %q", i, name)
			}
		}
		if seen[name] {
			t.Errorf("two glyphs named %q", name)
		}
		seen[name] = true
	}
	if len(p) >= len(q) {
		t.Errorf("post table %d bytes with short names, %d with the font's own", len(p), len(q))
	}
}

// TestReadCmapAsParseTTF: the character map read on its own maps every
// character of the first three planes as go-text's whole-font parse does,
// in every embedded font, and a font whose cmap, head or maxp is broken is
// refused as ParseTTF refuses it (where ParseTTF does not panic: a
// zeroed head changes loca's format, and its glyf parser panics).
func TestReadCmapAsParseTTF(t *testing.T) {
	for _, fam := range fonts.Families() {
		for st := range fam.Files {
			data, file, _ := fam.Face(st)
			cmap, err := ReadCmap(data)
			if err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			whole := parse(t, data)
			for r := rune(0); r < 0x30000; r++ {
				g, ok := cmap.Lookup(r)
				wg, wok := whole.NominalGlyph(r)
				if g != wg || ok != wok {
					t.Fatalf("%s: %U maps to %d, %v; ParseTTF: %d, %v", file, r, g, ok, wg, wok)
				}
			}
		}
	}
	full := amiri(t)
	s, err := readSFNT(full)
	if err != nil {
		t.Fatal(err)
	}
	for _, tag := range []string{"cmap", "head", "maxp"} {
		broken := bytes.Clone(full)
		at := bytes.Index(full, s.tables[tag])
		clear(broken[at : at+min(len(s.tables[tag]), 64)])
		_, err := ReadCmap(broken)
		werr, panicked := parseTTFErr(broken)
		if !panicked && (err == nil) != (werr == nil) {
			t.Errorf("%s zeroed: ReadCmap says %v, ParseTTF %v", tag, err, werr)
		}
		if tag == "cmap" && err == nil {
			t.Errorf("a zeroed cmap read without error")
		}
	}
}

func parseTTFErr(data []byte) (err error, panicked bool) {
	defer func() {
		if recover() != nil {
			panicked = true
		}
	}()
	_, err = font.ParseTTF(bytes.NewReader(data))
	return err, false
}

// A kern table is left out of a font that has GPOS, and refuses the
// font that has none, whatever fonts were read before.
func TestKernWithoutGPOSRefusedAfterOneWith(t *testing.T) {
	rename := func(data []byte, from, to string) []byte {
		out := bytes.Clone(data)
		n := int(out[4])<<8 | int(out[5])
		for i := range n {
			e := 12 + 16*i
			if string(out[e:e+4]) == from {
				copy(out[e:e+4], to)
				return out
			}
		}
		t.Fatalf("no %s table", from)
		return nil
	}
	withGPOS := rename(amiri(t), "gasp", "kern")
	withoutGPOS := rename(withGPOS, "GPOS", "DSIG")
	for range 2 {
		if _, err := readSFNT(withGPOS); err != nil {
			t.Errorf("kern beside GPOS: %v", err)
		}
		if _, err := readSFNT(withoutGPOS); !errors.Is(err, ErrUnsupported) {
			t.Errorf("kern without GPOS, after a font with both: %v, want ErrUnsupported", err)
		}
	}
	if dropped["kern"] {
		t.Error("reading a font changed the package's table lists")
	}
}

// assemble lists the tables by tag, lays their data out in dataOrder (the
// unranked ones last, by tag), each on a word, and sets head's checksum
// adjustment so that the whole file sums to 0xB1B0AFBA.
func TestAssembleOrder(t *testing.T) {
	tables := map[string][]byte{
		"GSUB": []byte("gsub-data"), "GDEF": []byte("gdef"), "glyf": []byte("glyf-outlines"),
		"head": make([]byte, 54), "loca": []byte{0, 0, 0, 1}, "hmtx": []byte("hmtx!"),
		"name": []byte("name-table"), "post": []byte("post"),
	}
	data := assemble(tables)
	n := int(be.Uint16(data[4:]))
	if n != len(tables) {
		t.Fatalf("%d tables listed, want %d", n, len(tables))
	}
	type laid struct {
		tag string
		off int
	}
	var dir []laid
	for i := range n {
		e := data[12+16*i:]
		tag, off, l := string(e[:4]), int(be.Uint32(e[8:])), int(be.Uint32(e[12:]))
		if i > 0 && tag <= dir[i-1].tag {
			t.Errorf("directory: %q after %q, not in tag order", tag, dir[i-1].tag)
		}
		if off%4 != 0 || off+l > len(data) {
			t.Fatalf("%s at %d (%d bytes) in %d", tag, off, l, len(data))
		}
		if got := data[off : off+l]; tag != "head" && !bytes.Equal(got, tables[tag]) {
			t.Errorf("%s holds %q, want %q", tag, got, tables[tag])
		}
		if c := be.Uint32(e[4:]); tag != "head" && c != checksum(tables[tag]) {
			t.Errorf("%s: checksum %08x, want %08x", tag, c, checksum(tables[tag]))
		}
		dir = append(dir, laid{tag, off})
	}
	slices.SortFunc(dir, func(a, b laid) int { return a.off - b.off })
	var order []string
	for _, d := range dir {
		order = append(order, d.tag)
	}
	if want := []string{"head", "hmtx", "loca", "glyf", "name", "post", "GDEF", "GSUB"}; !slices.Equal(order, want) {
		t.Errorf("data laid out as %v, want %v", order, want)
	}
	if sum := checksum(data); sum != 0xB1B0AFBA {
		t.Errorf("the file sums to %08x, want b1b0afba", sum)
	}
}
