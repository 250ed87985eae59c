package pdfwriter

import (
	"bytes"
	"strings"
	"testing"
)

// A form drawn on two pages of a streaming document is written once, with
// the first page, and both pages' resources name that one object; its
// content is the paths drawn into it, and drawing into it once it is
// written is an error Finish reports.
func TestFormSharedAndWrittenOnce(t *testing.T) {
	var out bytes.Buffer
	d := NewStream(&out, Info{})
	f := d.NewForm(-2, -2, 12, 2)
	f.PathAt(0, 0).MoveTo(1, 0).LineTo(0, 1).LineTo(-1, 0).Close().Fill(Color{R: 1})
	f.PathAt(10, 0).MoveTo(1, 0).LineTo(0, 1).LineTo(-1, 0).Close().Fill(Color{R: 1})
	p1 := d.NewPage(100, 100)
	p1.DrawForm(f, 20, 30)
	p1.DrawForm(f, 20, 40)
	p1.Close()
	p2 := d.NewPage(100, 100)
	p2.DrawForm(f, 50, 60)
	p2.Close()
	if err := d.Finish(); err != nil {
		t.Fatal(err)
	}
	ctx := readBack(t, out.Bytes())
	var refs []string
	for pg, want := range []int{2, 1} {
		pd, _, _, err := ctx.PageDict(pg+1, false)
		if err != nil {
			t.Fatal(err)
		}
		xobj := dict(t, ctx, dict(t, ctx, pd["Resources"])["XObject"])
		refs = append(refs, xobj[f.res].String())
		c := string(streamData(t, ctx, pd["Contents"]))
		if n := strings.Count(c, "/"+f.res+" Do"); n != want {
			t.Errorf("page %d paints the form %d times, want %d:\n%s", pg+1, n, want, c)
		}
	}
	if refs[0] != refs[1] {
		t.Errorf("the pages name different objects for one form: %v", refs)
	}
	pd, _, _, _ := ctx.PageDict(1, false)
	xo := dict(t, ctx, dict(t, ctx, pd["Resources"])["XObject"])[f.res]
	sd, _, err := ctx.DereferenceStreamDict(xo)
	if err != nil || sd == nil {
		t.Fatalf("no form stream: %v", err)
	}
	if st := sd.NameEntry("Subtype"); st == nil || *st != "Form" {
		t.Errorf("Subtype %v, want Form", st)
	}
	if bb := sd.ArrayEntry("BBox"); len(bb) != 4 || intOf(t, ctx, bb[2]) != 12 {
		t.Errorf("BBox %v, want [-2 -2 12 2]", bb)
	}
	fc := string(streamData(t, ctx, xo))
	if strings.Count(fc, "\nf Q") != 2 || !strings.Contains(fc, "1 0 0 1 10 0 cm") {
		t.Errorf("form content is not the two paths drawn into it:\n%s", fc)
	}

	// Drawing into the form once it is in the file is a mistake.
	var out2 bytes.Buffer
	d2 := NewStream(&out2, Info{})
	g := d2.NewForm(0, 0, 1, 1)
	q := d2.NewPage(10, 10)
	q.DrawForm(g, 0, 0)
	q.Close()
	g.Path().MoveTo(0, 0).LineTo(1, 1).Stroke(1, Color{})
	if err := d2.Finish(); err == nil || !strings.Contains(err.Error(), "after it was written") {
		t.Errorf("Finish = %v, want the late drawing reported", err)
	}
}
