package pdfwriter

import (
	"bytes"
	"regexp"
	"strconv"
	"testing"
)

// Descent is the /Descent the font's FontDescriptor declares, per point
// of size, for three of the embedded faces.
func TestDescentAsDeclared(t *testing.T) {
	for _, family := range []string{"Amiri", "Noto Sans Mono", "Noto Naskh Arabic"} {
		var out bytes.Buffer
		d := NewStream(&out, Info{Title: "t"})
		f := loadFace(t, d, family)
		pg := d.NewPage(200, 200)
		pg.ShowGlyphs([]Glyph{{Font: f.pdf, Size: 10, GID: 3, Text: "a", X: 20, Y: 20, Advance: 5}})
		pg.Close()
		if err := d.Finish(); err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`/Descent (-?[0-9.]+)`).FindSubmatch(out.Bytes())
		if m == nil {
			t.Fatalf("%s: no /Descent in the file", family)
		}
		want, err := strconv.ParseFloat(string(m[1]), 64)
		if err != nil {
			t.Fatal(err)
		}
		if got := f.pdf.Descent(); got != want/1000 || got >= 0 {
			t.Errorf("%s: Descent() = %v, the file declares %v (per 1000)", family, got, want)
		}
	}
}
