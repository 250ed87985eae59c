package pdfwriter

import (
	"bytes"
	"strings"
	"testing"

	"github.com/go-text/typesetting/font"
)

// TestCascade: a cascade font draws a raised glyph on the baseline as a
// composite of the original moved up (no text rise in the content), and
// the subset holds that composite with the original's outline moved by
// exactly the offset; a font without SetCascade raises the text instead.
func TestCascade(t *testing.T) {
	for _, cascade := range []bool{false, true} {
		d := New(Info{Title: "t"})
		tf := loadFace(t, d, "Noto Nastaliq Urdu")
		if cascade {
			tf.pdf.SetCascade()
		}
		p := d.NewPage(400, 400)
		alef, beh := tf.gid(t, 'ا'), tf.gid(t, 'ب')
		size := 20.0
		p.ShowGlyphs([]Glyph{
			{Font: tf.pdf, Size: size, GID: beh, X: 200, Y: 100 + 0.3*size, Advance: tf.advance(beh, size), Text: "ب", RTL: true},
			{Font: tf.pdf, Size: size, GID: alef, X: 180, Y: 100, Advance: tf.advance(alef, size), Text: "ا", RTL: true},
			{Font: tf.pdf, Size: size, GID: alef, X: 160, Y: 100, Advance: tf.advance(alef, size), Text: "ا", RTL: true},
		})
		content := p.body().String()
		if got := strings.Contains(content, "6 Ts"); got == cascade {
			t.Errorf("cascade %v: content %q", cascade, content)
		}
		moved := tf.pdf.shifts()
		if !cascade {
			if len(moved) != 0 {
				t.Errorf("moved glyphs without SetCascade: %v", moved)
			}
			continue
		}
		// 0.3 em of a 1000-unit font: 300 units.
		if len(moved) != 1 || moved[0] != (shifted{beh, 300}) {
			t.Fatalf("moved glyphs %v, want beh up 300", moved)
		}
		order := tf.pdf.sfnt.closure(tf.pdf.used())
		sub, err := font.ParseTTF(bytes.NewReader(tf.pdf.sfnt.subset(order, moved)))
		if err != nil {
			t.Fatal(err)
		}
		var newBeh int
		for i, g := range order {
			if g == beh {
				newBeh = i
			}
		}
		orig := outlinePoints(t, sub, newBeh)
		up := outlinePoints(t, sub, len(order))
		if len(orig) == 0 || len(orig) != len(up) {
			t.Fatalf("outline points: %d, moved %d", len(orig), len(up))
		}
		for i := range orig {
			if up[i][0] != orig[i][0] || up[i][1] != orig[i][1]+300 {
				t.Fatalf("point %d: %v, want %v moved up 300", i, up[i], orig[i])
			}
		}
		if sub.HorizontalAdvance(font.GID(len(order))) != sub.HorizontalAdvance(font.GID(newBeh)) {
			t.Error("the moved glyph's advance differs from the original's")
		}
		var b bytes.Buffer
		if err := d.Write(&b); err != nil {
			t.Fatal(err)
		}
	}
}

func outlinePoints(t *testing.T, f *font.Face, gid int) [][2]float32 {
	t.Helper()
	o, ok := f.GlyphData(font.GID(gid)).(font.GlyphOutline)
	if !ok {
		t.Fatalf("glyph %d has no outline", gid)
	}
	var pts [][2]float32
	for _, s := range o.Segments {
		for _, a := range s.ArgsSlice() {
			pts = append(pts, [2]float32{a.X, a.Y})
		}
	}
	return pts
}
