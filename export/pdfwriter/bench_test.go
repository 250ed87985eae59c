package pdfwriter

import (
	"bytes"
	"io"
	"runtime"
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

// BenchmarkStructureHeld draws 300 tagged articles of 65 elements each
// (a heading, paragraphs with a link and a note reference, a list, a
// figure, a note) on two pages each, and reports what the document's
// heap grows by an article (from the 100th to the 300th, so that what
// any document holds does not count): with each article's subtree
// closed once drawn, as export/pdf does, and left open; and the closed
// trees' bytes an article. The rest of what an article leaves is its
// pages' (kept for their dictionaries, written at the end).
func BenchmarkStructureHeld(b *testing.B) {
	heap := func() uint64 {
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	for _, close := range []bool{false, true} {
		name := "open"
		if close {
			name = "closed"
		}
		b.Run(name, func(b *testing.B) {
			const from, to = 100, 300
			var grew float64
			var encoded int
			for b.Loop() {
				d := NewStream(io.Discard, Info{Title: "Benchmark"})
				root := d.Structure()
				var at uint64
				for a := range to {
					if a == from {
						at = heap()
					}
					sect := root.Add("Sect")
					pg := d.NewPage(420, 595)
					mark := func(e *StructElem) {
						pg.Tag(e)
						pg.FillRect(10, 10, 5, 5, Color{})
						pg.EndMarked()
					}
					mark(sect.Add("H2"))
					for i := range 14 {
						if i == 7 {
							pg.Close()
							pg = d.NewPage(420, 595)
						}
						p := sect.Add("P")
						mark(p)
						mark(p.Add("Link"))
						mark(p.Add("Reference"))
						mark(p)
					}
					l := sect.Add("L")
					for range 6 {
						li := l.Add("LI")
						mark(li.Add("Lbl"))
						mark(li.Add("LBody"))
					}
					fig := sect.Add("Figure")
					fig.SetAlt("شكل")
					mark(fig)
					note := sect.Add("Note")
					note.SetID("n")
					mark(note)
					pg.Close()
					if close {
						sect.Close()
					}
				}
				grew = float64(heap()-at) / (to - from)
				encoded = 0
				for _, c := range d.tree.closed {
					encoded += len(c.data)
				}
				if n := len(d.tree.parents) - 2; n != to*65 {
					b.Fatalf("%d elements, want %d", n, to*65)
				}
				if err := d.Finish(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(grew, "B/article")
			b.ReportMetric(float64(encoded)/to, "encoded-B/article")
		})
	}
}
