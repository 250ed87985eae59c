package fontsubset

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"reflect"
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
	// The seed has long loca offsets (an older subset); its own subset has
	// short ones, which the subsetter reads too.
	short, err := Subset(small, Text{Runes: []rune("سلام لا")}, Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(short.Data, 100, byte(0xff))
	f.Add(short.Data, 2000, byte(0))
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

// face returns a style of an embedded family.
func face(t testing.TB, family string, st fonts.Style) []byte {
	t.Helper()
	fam, ok := fonts.Lookup(family)
	if !ok {
		t.Fatalf("no %s", family)
	}
	data, _, ok := fam.Face(st)
	if !ok {
		t.Fatalf("no %s %v", family, st)
	}
	return data
}

// locaGlyph returns glyph g's bytes as the font's loca places them, in
// either format (head.indexToLocFormat).
func locaGlyph(t testing.TB, data []byte, g int) []byte {
	t.Helper()
	s, err := readSFNT(data)
	if err != nil {
		t.Fatal(err)
	}
	loca := s.tables["loca"]
	var start, end int
	switch format := s.tables["head"].u16(50); format {
	case 0:
		start, end = 2*loca.u16(2*g), 2*loca.u16(2*g+2)
	case 1:
		start, end = loca.u32(4*g), loca.u32(4*g+4)
	default:
		t.Fatalf("indexToLocFormat %d", format)
	}
	return s.tables["glyf"][start:end]
}

// sameGlyphs checks that every glyph of subset s draws as its original
// in the whole font, with the same advance (go-text's parse of both), and
// that its bytes are the original's (instructions included), with the
// components of a composite glyph renumbered, and nothing after them but
// the zeros that pad it to the next glyph's start.
func sameGlyphs(t *testing.T, full []byte, s *Font) {
	t.Helper()
	f, orig := parse(t, s.Data), parse(t, full)
	for i, old := range s.Old {
		got, _ := f.GlyphDataOutline(font.GID(i))
		want, _ := orig.GlyphDataOutline(font.GID(old))
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("glyph %d (old %d): outline differs", i, old)
		}
		if a, b := f.HorizontalAdvance(font.GID(i)), orig.HorizontalAdvance(font.GID(old)); a != b {
			t.Fatalf("glyph %d (old %d): advance %v, want %v", i, old, a, b)
		}
		sub, src := locaGlyph(t, s.Data, i), rd(locaGlyph(t, full, int(old)))
		if len(sub) < len(src) {
			t.Fatalf("glyph %d (old %d): %d bytes of %d", i, old, len(sub), len(src))
		}
		renumbered := bytes.Clone(src)
		components(src, func(at int) {
			be.PutUint16(renumbered[at:], uint16(slices.Index(s.Old, uint16(src.u16(at)))))
		})
		if !bytes.Equal(sub[:len(src)], renumbered) || bytes.ContainsFunc(sub[len(src):], func(r rune) bool { return r != 0 }) {
			t.Fatalf("glyph %d (old %d): its bytes differ", i, old)
		}
	}
}

// A subset's loca has short offsets whenever its glyphs, padded to even
// lengths, come to at most 131,070 bytes (65,535 words), long ones
// otherwise; each glyph starts where its format needs it to (an even
// offset, or a multiple of 4 for long offsets, as the specification
// recommends), and draws as in the whole font.
func TestLocaFormats(t *testing.T) {
	runes := func(ranges ...[2]rune) []rune {
		var rs []rune
		for _, r := range ranges {
			for c := r[0]; c <= r[1]; c++ {
				rs = append(rs, c)
			}
		}
		return rs
	}
	for _, c := range []struct {
		name   string
		full   []byte
		runes  []rune
		format int
	}{
		{"Amiri, a word", amiri(t), []rune("سلام"), 0},
		{"Noto Sans, ASCII", face(t, "Noto Sans", fonts.Regular), runes([2]rune{' ', '~'}), 0},
		{"Noto Sans, U+0020 to U+2BFF", face(t, "Noto Sans", fonts.Regular), runes([2]rune{' ', 0x2BFF}), 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := Subset(c.full, Text{Runes: c.runes}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			sf, err := readSFNT(s.Data)
			if err != nil {
				t.Fatal(err)
			}
			src, err := readSFNT(c.full)
			if err != nil {
				t.Fatal(err)
			}
			p := &plan{s: src, longLoca: src.tables["head"].u16(50) != 0}
			even := 0 // the glyphs' bytes, each padded to an even length
			for _, old := range s.Old {
				even += (len(p.glyph(int(old))) + 1) &^ 1
			}
			format := sf.tables["head"].u16(50)
			if format != c.format || (format == 0) != (even <= 131070) {
				t.Fatalf("indexToLocFormat %d for %d glyphs of %d bytes, want %d (and short exactly when at most 131,070)", format, len(s.Old), even, c.format)
			}
			entry, align := 2, 2
			if format == 1 {
				entry, align = 4, 4
			}
			if len(sf.tables["loca"]) != entry*(len(s.Old)+1) {
				t.Errorf("loca of %d bytes for %d glyphs", len(sf.tables["loca"]), len(s.Old))
			}
			for i := range s.Old {
				off := 2 * sf.tables["loca"].u16(2*i)
				if format == 1 {
					off = sf.tables["loca"].u32(4 * i)
				}
				if off%align != 0 {
					t.Fatalf("glyph %d at %d", i, off)
				}
			}
			sameGlyphs(t, c.full, s)
		})
	}
}

// A subset with short loca offsets subsets again: its glyphs are read
// through their short offsets.
func TestSubsetOfASubset(t *testing.T) {
	first, err := Subset(amiri(t), Text{Runes: []rune("سلام لا")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := readSFNT(first.Data); s.tables["head"].u16(50) != 0 {
		t.Fatal("the first subset has long loca offsets")
	}
	second, err := Subset(first.Data, Text{Runes: []rune("سلا")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(second.Old) >= len(first.Old) {
		t.Errorf("%d glyphs of %d", len(second.Old), len(first.Old))
	}
	sameGlyphs(t, first.Data, second)
}

// A subset's directory lists its tables by tag, each with its checksum;
// their data start with loca and glyf, then follow in tag order, each on
// a 4-byte boundary and padded with zeros to the next; and the whole
// file's checksum is the one head's adjustment makes it.
func TestTableLayout(t *testing.T) {
	s, err := Subset(face(t, "Noto Sans", fonts.Regular), Text{Runes: []rune("Warraq 123")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := s.Data
	n := int(be.Uint16(d[4:]))
	type entry struct {
		tag      string
		sum      uint32
		off, len int
	}
	var dir []entry
	for i := range n {
		e := d[12+16*i:]
		dir = append(dir, entry{string(e[:4]), be.Uint32(e[4:]), int(be.Uint32(e[8:])), int(be.Uint32(e[12:]))})
	}
	var tags, order []string
	for _, e := range dir {
		tags = append(tags, e.tag)
	}
	if !slices.IsSorted(tags) || !slices.Contains(tags, "fpgm") || !slices.Contains(tags, "GPOS") {
		t.Fatalf("directory %q: want it sorted, hinting and layout tables in it", tags)
	}
	byOff := slices.Clone(dir)
	slices.SortFunc(byOff, func(a, b entry) int { return a.off - b.off })
	at := 12 + 16*n
	for _, e := range byOff {
		if e.off != at {
			t.Fatalf("%s at %d, want %d", e.tag, e.off, at)
		}
		end := (e.off + e.len + 3) &^ 3
		if slices.ContainsFunc(d[e.off+e.len:end], func(b byte) bool { return b != 0 }) {
			t.Errorf("%s padded with other than zeros", e.tag)
		}
		data := bytes.Clone(d[e.off : e.off+e.len])
		if e.tag == "head" {
			clear(data[8:12]) // its checksum is taken without the adjustment
		}
		if checksum(data) != e.sum {
			t.Errorf("%s: checksum %#x in the directory, %#x of its data", e.tag, e.sum, checksum(data))
		}
		order = append(order, e.tag)
		at = end
	}
	if at != len(d) {
		t.Errorf("tables end at %d of %d bytes", at, len(d))
	}
	want := append([]string{"loca", "glyf"}, slices.DeleteFunc(slices.Clone(tags), func(s string) bool { return s == "loca" || s == "glyf" })...)
	if !slices.Equal(order, want) {
		t.Errorf("data in the order %q, want %q", order, want)
	}
	if sum := checksum(d); sum != 0xB1B0AFBA {
		t.Errorf("file checksum %#x, want 0xB1B0AFBA", sum)
	}
}
