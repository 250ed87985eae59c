package pdfwriter

import (
	"bytes"
	"testing"
)

// A page body drawn on a sketch and replayed in a document gives the file
// drawing it there gives: the glyphs' codes (renumbered: the sketch gave
// them its own), the fonts' resource names, the structure elements, marked
// content and links. A glyph the document puts in another font instance
// than the sketch did is refused, the page untouched, and drawing it then
// still gives the same file.
func TestSketchReplay(t *testing.T) {
	// body draws the page's body: a tag, two fonts, a link with its
	// element made while drawing.
	body := func(pg *Page, ar, lat *testFace, known []*StructElem) {
		pg.Tag(known[2])
		pg.ShowGlyphs(word(t, ar, "بكت", 50, 500, 12))
		link := known[2].Add("Link")
		pg.LinkURI(50, 480, 40, 14, "https://example.org/")
		pg.LinkIn(link, "بكت")
		pg.ShowGlyphs(word(t, lat, "kitab", 50, 460, 10))
		pg.EndMarked()
	}
	// build writes the two-page document: page 1 drawn (new glyphs there
	// renumber page 2's), page 2's body drawn or replayed from a sketch.
	build := func(sketched bool) []byte {
		d, ar, lat, known := firstPage(t, "كتب")
		pg := d.NewPage(400, 600)
		pg.Origin(30)
		drawn := false
		if sketched {
			s := NewSketch()
			sar, slat := loadFace(t, s, "Amiri"), loadFace(t, s, "Noto Sans Mono")
			sk := s.FreshStructure().Add("Sect")
			sp1, sp2 := sk.Add("P"), sk.Add("P")
			spg := s.SketchPage(400, 600, []*StructElem{sk, sp1, sp2})
			body(spg, sar, slat, []*StructElem{sk, sp1, sp2})
			r := spg.Sketched()
			if r == nil || !r.raw {
				t.Fatal("no sketch recorded")
			}
			if !r.Rebind(func(f *Font) *Font { return map[*Font]*Font{sar.pdf: ar.pdf, slat.pdf: lat.pdf}[f] }) {
				t.Fatal("a sketch's font has no counterpart")
			}
			drawn, _ = pg.Replay(r, known)
			if !drawn {
				t.Fatal("the sketch was not replayed")
			}
		}
		if !drawn {
			body(pg, ar, lat, known)
		}
		pg.Furniture()
		pg.ShowGlyphs(word(t, lat, "7", 200, 40, 9))
		pg.Close()
		return writeDoc(t, d)
	}
	if !bytes.Equal(build(true), build(false)) {
		t.Error("a replayed sketch differs from the page drawn")
	}

	// A relabelled CFF font (CID = GID: a second text for a glyph needs a
	// second instance): the document has glyph 36 as "A" already, the
	// sketch draws it as "Á" in its first instance; the document would
	// put it in its second.
	data := append([]byte(nil), embedded(t, "Noto Sans Mono")...)
	copy(data, "OTTO")
	glyphs := func(f *Font, text string) []Glyph {
		return []Glyph{{Font: f, Size: 10, GID: 36, X: 10, Y: 100, Advance: 6, Text: text}, {Font: f, Size: 10, GID: 37, X: 16, Y: 100, Advance: 6, Text: "B"}}
	}
	cff := func(sketched bool) []byte {
		d := New(Info{})
		f, err := d.AddFont(data)
		if err != nil {
			t.Fatal(err)
		}
		p1 := d.NewPage(200, 200)
		p1.ShowGlyphs(glyphs(f, "A"))
		p1.Close()
		pg := d.NewPage(200, 200)
		if sketched {
			s := NewSketch()
			sf, err := s.AddFont(data)
			if err != nil {
				t.Fatal(err)
			}
			spg := s.SketchPage(200, 200, nil)
			spg.ShowGlyphs(glyphs(sf, "Á"))
			r := spg.Sketched()
			r.Rebind(func(*Font) *Font { return f })
			if drawn, _ := pg.Replay(r, nil); drawn {
				t.Fatal("a glyph in another instance than on the sketch was replayed")
			}
		}
		pg.ShowGlyphs(glyphs(f, "Á"))
		pg.Close()
		return writeDoc(t, d)
	}
	if !bytes.Equal(cff(true), cff(false)) {
		t.Error("a refused sketch left the page or the fonts otherwise than drawing it")
	}
}
