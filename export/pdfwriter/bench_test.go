package pdfwriter

import (
	"bytes"
	"io"
	"testing"
)

// BenchmarkWrite300Pages lays out and writes a 300-page book page: 35
// right-to-left lines of 60 glyphs each, with spaces, marks and a Latin
// word per line, in two fonts.
func BenchmarkWrite300Pages(b *testing.B) {
	amiri := embedded(b, "Amiri")
	mono := embedded(b, "Noto Sans Mono")
	letters := []string{"ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر", "ز", "س", "ش"}
	b.ReportAllocs()
	var size int
	for b.Loop() {
		d := New(Info{Title: "Benchmark", Lang: "ar", RTL: true})
		fa, _ := d.AddFont(amiri)
		fm, _ := d.AddFont(mono)
		line := make([]Glyph, 0, 64)
		for p := 0; p < 300; p++ {
			page := d.NewPage(420, 595)
			for l := 0; l < 35; l++ {
				line = line[:0]
				x := 380.0
				for i := 0; i < 60; i++ {
					g := Glyph{Font: fa, Size: 11, GID: uint16(200 + (p*7+l*3+i)%400), Y: 560 - 15*float64(l), Advance: 5.5, RTL: true}
					switch {
					case i%7 == 6:
						g.GID, g.Text, g.Advance = 3, " ", 3+float64(l%5)*0.25 // justified spaces
					case i%5 == 4:
						g.Mark, g.Advance, g.Text = true, 0, "َ"
					case i == 30:
						g.Font, g.Text, g.RTL = fm, "Go", false
					default:
						g.Text = letters[(i+l)%len(letters)]
					}
					x -= g.Advance
					g.X = x
					line = append(line, g)
				}
				page.ShowGlyphs(line)
			}
			page.LinkURI(10, 10, 20, 10, "https://example.org")
		}
		var out bytes.Buffer
		if err := d.Write(&out); err != nil {
			b.Fatal(err)
		}
		size = out.Len()
		io.Discard.Write(out.Bytes())
	}
	b.ReportMetric(float64(size)/1e6, "MB/book")
}
