package pdfwriter

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/warraq/warraq/fonts"
)

// fuzzTexts are glyph texts that exercise every branch of the encoding:
// none, spaces, marks, ligatures of several characters, ZWNJ, invalid UTF-8.
var fuzzTexts = []string{"", " ", "ب", "A", "7", "َ", "لأَ", "\u200c", "\u00a0", "fi", "\xff\xfe", "(", "٢"}

// FuzzWriter drives the writer with arbitrary glyphs, paths, links and
// outlines decoded from the input, and checks that pdfcpu reads and
// validates whatever comes out.
func FuzzWriter(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
	f.Add(bytes.Repeat([]byte{0, 0x10, 0x20, 0x30, 0x40, 6, 0x41, 0}, 12))
	f.Add([]byte("\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"))
	amiri, _, _ := mustFamily(f, "Amiri").Face(fonts.Regular)
	mono, _, _ := mustFamily(f, "Noto Sans Mono").Face(fonts.Regular)
	f.Fuzz(func(t *testing.T, data []byte) {
		d := New(Info{Title: string(data[:min(len(data), 8)]), Lang: "ar", RTL: len(data)%2 == 0})
		fa, err := d.AddFont(amiri)
		if err != nil {
			t.Fatal(err)
		}
		fm, err := d.AddFont(mono)
		if err != nil {
			t.Fatal(err)
		}
		page := d.NewPage(200, 300)
		var line []Glyph
		var outline *Outline
		r := bytes.NewReader(data)
		u16 := func() uint16 { var v uint16; binary.Read(r, binary.BigEndian, &v); return v }
		f32 := func() float64 {
			v := u16()
			if v&0x8000 != 0 { // sometimes a raw float: NaN, Inf, huge
				return float64(math.Float32frombits(uint32(v)<<16 | uint32(u16())))
			}
			return float64(int16(v<<1)) / 64
		}
		for r.Len() > 0 {
			op, _ := r.ReadByte()
			switch op % 8 {
			case 0, 1, 2: // a glyph
				font := fa
				if op&0x80 != 0 {
					font = fm
				}
				line = append(line, Glyph{Font: font, Size: f32(), GID: u16(), X: f32(), Y: f32(), Advance: f32(),
					Text: fuzzTexts[int(u16())%len(fuzzTexts)], Mark: op&0x10 != 0, RTL: op&0x20 != 0,
					Color: Color{f32(), 0.5, 0}})
			case 3:
				page.ShowGlyphs(line)
				line = nil
			case 4:
				page.Path().MoveTo(f32(), f32()).QuadTo(f32(), f32(), f32(), f32()).LineTo(f32(), f32()).Close().Fill(Color{1, 0, 0})
				page.StrokeLine(f32(), f32(), f32(), f32(), f32(), Color{0, 0, 1})
			case 5:
				name := fuzzTexts[int(u16())%len(fuzzTexts)]
				d.AddDest(name, page, f32())
				page.LinkDest(f32(), f32(), f32(), f32(), name)
				page.LinkURI(f32(), f32(), f32(), f32(), name)
				outline = d.AddOutline(outline, name, name)
			case 6:
				page = d.NewPage(100+float64(u16()%1000), 100+float64(u16()%1000))
			case 7:
				d.SetPageLabels([]PageLabel{{FirstPage: int(u16() % 4), Style: []string{"D", "r", "A", "", "x"}[u16()%5], Prefix: fuzzTexts[int(u16())%len(fuzzTexts)], Start: int(int16(u16()))}})
			}
		}
		page.ShowGlyphs(line)
		var out bytes.Buffer
		if err := d.Write(&out); err != nil {
			t.Fatalf("Write: %v", err)
		}
		readBack(t, out.Bytes())
		// scripts/check-pdfwriter.sh sets this to run qpdf --check on every
		// seed's output too: pdfcpu and qpdf disagree on what they forgive.
		if dir := os.Getenv("WARRAQ_FUZZ_PDF_DIR"); dir != "" {
			name := fmt.Sprintf("%x.pdf", sha256.Sum256(data))
			if err := os.WriteFile(filepath.Join(dir, name), out.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func mustFamily(t testing.TB, name string) fonts.Family {
	fam, ok := fonts.Lookup(name)
	if !ok {
		t.Fatalf("no embedded family %q", name)
	}
	return fam
}
