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

// TestFillShape: a shape painted at several places writes what drawing its
// path there with PathAt and Fill writes, each time, and the path it came
// from paints nothing.
func TestFillShape(t *testing.T) {
	draw := func(pa *Path) *Path {
		return pa.MoveTo(0, 0).LineTo(10, 0).QuadTo(12, 2.5, 10, 5).Close().MoveTo(1, 1).CurveTo(2, 2, 3, 2, 4, 1).Close()
	}
	places := [][2]float64{{100, 200}, {0, 0}, {250.5, -3.25}}
	content := func(shape bool) string {
		d, _, _ := newTestDoc(t)
		p := d.NewPage(400, 600)
		var s *Shape
		if shape {
			s = draw(p.Path()).Shape()
		}
		for i, at := range places {
			c := Color{float64(i) / 2, 0, 1}
			if shape {
				p.FillShape(s, at[0], at[1], c)
			} else {
				draw(p.PathAt(at[0], at[1])).Fill(c)
			}
		}
		_, b := pageFonts(t, readBack(t, writeDoc(t, d)), 1)
		return string(b)
	}
	want, got := content(false), content(true)
	if got != want {
		t.Errorf("shapes wrote\n%s\nwant, as paths,\n%s", got, want)
	}
	if n := strings.Count(got, "f Q"); n != len(places) {
		t.Errorf("%d fills, want %d:\n%s", n, len(places), got)
	}
}
