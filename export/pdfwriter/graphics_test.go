package pdfwriter

import (
	"strings"
	"testing"
)

// TestPathAt: a path drawn at an origin is written in coordinates relative
// to it, moved there by a translation that applies to it alone, so the
// same shape at two places writes the same path operators.
func TestPathAt(t *testing.T) {
	d, _, _ := newTestDoc(t)
	p := d.NewPage(400, 600)
	for _, x := range []float64{100, 250.5} {
		p.PathAt(x, 200).MoveTo(0, 0).LineTo(10, 0).QuadTo(12, 2.5, 10, 5).Close().Fill(Color{0, 0, 0})
	}
	p.FillRect(1, 1, 2, 2, Color{1, 0, 0})
	_, content := pageFonts(t, readBack(t, writeDoc(t, d)), 1)
	s := string(content)
	for _, want := range []string{"q 1 0 0 1 100 200 cm 0 0 0 rg\n0 0 m\n10 0 l\n", "q 1 0 0 1 250.5 200 cm 0 0 0 rg\n0 0 m\n10 0 l\n", "f Q\nq 1 0 0 rg 1 1 2 2 re f Q"} {
		if !strings.Contains(s, want) {
			t.Errorf("content lacks %q:\n%s", want, s)
		}
	}
	if strings.Count(s, " q") > 0 || strings.Count(s, "Q") != strings.Count(s, "q ") {
		t.Errorf("unbalanced q/Q:\n%s", s)
	}
}
