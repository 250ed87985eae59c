package pdfwriter

import (
	"bytes"
	"errors"
	"hash/adler32"
	"testing"

	"github.com/warraq/warraq/internal/cache/wire/wiretest"
)

// word is s drawn left to right in f from x, one glyph a letter (no
// shaping: what the writer does with the glyphs is all that is tested).
func word(t *testing.T, f *testFace, s string, x, y, size float64) []Glyph {
	t.Helper()
	var gs []Glyph
	for _, r := range s {
		g := Glyph{Font: f.pdf, Size: size, GID: f.gid(t, r), Text: string(r), X: x, Y: y, RTL: true}
		g.Advance = f.advance(g.GID, size)
		x += g.Advance
		gs = append(gs, g)
	}
	return gs
}

// replayDoc writes a two-page tagged document: page 1 shows first (new
// glyphs there renumber those of page 2), page 2 a body with a tag, a
// link, an element made while drawing and a line in a second font,
// recorded, moved right by dx (Origin), then a folio as furniture. With data, page 2's body is
// replayed from that encoded recording instead of drawn, and replay must
// say whether it compressed the body again. It returns the file and page
// 2's recording.
func replayDoc(t *testing.T, first string, dx float64, data []byte, recompressed bool) ([]byte, *Recording) {
	t.Helper()
	d, ar, lat, known := firstPage(t, first)
	p2 := known[2]

	pg := d.NewPage(400, 600)
	pg.Origin(dx)
	if data != nil {
		// Fonts by their order of first use: Amiri, then the mono font.
		r, err := DecodeRecording(data, func(i int) *Font { return []*Font{ar.pdf, lat.pdf}[i] })
		if err != nil {
			t.Fatal(err)
		}
		drawn, re := pg.Replay(r, known)
		r.Release() // the next case decodes into its slices
		if !drawn {
			t.Fatal("the recording was not replayed")
		}
		if re != recompressed {
			t.Errorf("first page %q: replay compressed the body again: %v, want %v", first, re, recompressed)
		}
	} else {
		pg.Record(known)
		pg.Tag(p2)
		pg.ShowGlyphs(word(t, ar, "كتب", 50, 500, 12))
		link := p2.Add("Link")
		pg.LinkURI(50, 480, 40, 14, "https://example.org/")
		pg.LinkIn(link, "كتب")
		pg.ShowGlyphs(append(word(t, ar, "ورق", 100, 480, 12), Glyph{Font: lat.pdf, Size: 10, GID: lat.gid(t, 'Q'), Text: "Q", X: 150, Y: 480, Advance: 6, Elem: link}))
		pg.EndMarked()
	}
	pg.Furniture()
	pg.Artifact("Pagination")
	pg.ShowGlyphs(word(t, ar, "٢", 200, 560, 9))
	pg.EndMarked()
	pg.Close()
	return writeDoc(t, d), pg.Recorded()
}

// firstPage starts replayDoc's document: its structure (a section of two
// paragraphs, the elements a recording of page 2 knows) and page 1,
// showing first in the first paragraph.
func firstPage(t *testing.T, first string) (d *Document, ar, lat *testFace, known []*StructElem) {
	t.Helper()
	d, ar, lat = newTestDoc(t)
	sect := d.Structure().Add("Sect")
	p1, p2 := sect.Add("P"), sect.Add("P")
	pg := d.NewPage(400, 600)
	pg.Tag(p1)
	pg.ShowGlyphs(word(t, ar, first, 50, 500, 12))
	pg.EndMarked()
	pg.Close()
	return d, ar, lat, []*StructElem{sect, p1, p2}
}

// A replayed body gives the bytes drawing it gives: with the glyph codes
// it was recorded with (its compressed stream as it was), and with codes
// that changed because an earlier page now draws other glyphs first.
func TestReplayIsDrawing(t *testing.T) {
	_, rec := replayDoc(t, "باب", 30, nil, false)
	if rec == nil {
		t.Fatal("no recording of page 2")
	}
	num := map[*Font]int{}
	for _, g := range rec.Keys {
		if _, ok := num[g.Font]; !ok {
			num[g.Font] = len(num)
		}
	}
	if len(num) != 2 {
		t.Fatalf("the recording has glyphs of %d fonts, want 2", len(num))
	}
	data := rec.Encode(func(f *Font) int { return num[f] })
	// On the page it was recorded on, on a page of the other side (moved
	// another way, its link too), with the codes recorded and others.
	for _, c := range []struct {
		first        string
		dx           float64
		recompressed bool
	}{{"باب", 30, false}, {"سمك", 30, true}, {"باب", 52.5, false}, {"سمك", 52.5, true}} {
		want, _ := replayDoc(t, c.first, c.dx, nil, false)
		got, _ := replayDoc(t, c.first, c.dx, data, c.recompressed)
		if !bytes.Equal(got, want) {
			t.Errorf("first page %q, moved %g: the replayed page differs from the drawn one (%d bytes, want %d)", c.first, c.dx, len(got), len(want))
		}
	}
	_, ar, _ := newTestDoc(t)
	if _, err := DecodeRecording(data, func(int) *Font { return nil }); err == nil {
		t.Error("a recording with fonts the document lacks was accepted")
	}
	for _, n := range []int{0, 1, len(data) / 2, len(data) - 1} {
		if _, err := DecodeRecording(data[:n], func(int) *Font { return ar.pdf }); err == nil {
			t.Errorf("a recording cut to %d bytes was accepted", n)
		}
	}
}

// A recording does not replay where its elements are not: another
// number of known elements.
func TestReplayRefusesOtherElements(t *testing.T) {
	_, rec := replayDoc(t, "باب", 30, nil, false)
	d, _, _ := newTestDoc(t)
	sect := d.Structure().Add("Sect")
	pg := d.NewPage(400, 600)
	if drawn, _ := pg.Replay(rec, []*StructElem{sect}); drawn {
		t.Error("replayed with one known element where the recording has three")
	}
}

// The checksum of a page's two segments is the Adler-32 of its content.
func TestAdlerCombine(t *testing.T) {
	x := bytes.Repeat([]byte("BT /F1 12 Tf [<0041>] TJ ET\n"), 3000)
	for _, c := range []struct{ a, b []byte }{{x, x[:7]}, {nil, x}, {x, nil}, {x[:1], x[5:]}, {x[:70000], x[100:]}} {
		want := adler32.Checksum(append(append([]byte(nil), c.a...), c.b...))
		if got := adlerCombine(adler32.Checksum(c.a), adler32.Checksum(c.b), len(c.b)); got != want {
			t.Errorf("%d + %d bytes: %08x, want %08x", len(c.a), len(c.b), got, want)
		}
	}
}

// A damaged recording is refused, or replays without a panic: cut,
// lengthened and with bytes changed, through DecodeRecording and Replay on
// a page of a document whose first page drew other glyphs first (so the
// body is renumbered, its holes read). A cut is always refused, and no
// decoding allocates much more than the recording's size.
func TestDamagedRecording(t *testing.T) {
	_, rec := replayDoc(t, "باب", 30, nil, false)
	fonts := map[*Font]int{}
	for _, g := range rec.Keys {
		if _, ok := fonts[g.Font]; !ok {
			fonts[g.Font] = len(fonts)
		}
	}
	data := rec.Encode(func(f *Font) int { return fonts[f] })
	d, ar, lat, known := firstPage(t, "سمك")
	font := func(i int) *Font {
		if i < 0 || i > 1 {
			return nil
		}
		return []*Font{ar.pdf, lat.pdf}[i]
	}
	replays := 0
	// A glyph is 40 bytes in memory and eight or more encoded.
	wiretest.Decode(t, data, 64, true, func(b []byte) error {
		r, err := DecodeRecording(b, font)
		if err != nil {
			return err
		}
		defer r.Release()
		if r.nholes > 0 {
			// Replay reads the holes only when it must renumber.
			body, err := inflate(r.body)
			if err == nil && decodeHoles(r.holeData, r.nholes, len(r.Keys), len(body)) == nil {
				return errors.New("damaged holes")
			}
		}
		return nil
	})
	// Replay, apart: it inflates the body, which a changed byte can make
	// as large as deflate allows.
	d2 := append([]byte(nil), data...)
	for i := range d2 {
		for _, v := range []byte{0x00, 0x80, 0xff} {
			d2[i] = v
			if r, err := DecodeRecording(d2, font); err == nil {
				if drawn, _ := d.NewPage(400, 600).Replay(r, known); drawn {
					replays++
				}
				r.Release()
			}
			d2[i] = data[i]
		}
	}
	t.Logf("%d bytes of recording; %d changed ones replayed", len(data), replays)
}
