package pdfwriter

import (
	"bytes"
	"fmt"
	"hash/adler32"
	"image"
	"image/color"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// drawBook draws the same small book on d: pages of text in two fonts, an
// image shown on two pages, a link forward to a destination a later page
// defines, a link to a name never defined, and an outline. With stream, each
// page is closed as soon as it is drawn, except the first (a contents page
// drawn last, as the PDF renderer does).
func drawBook(t testing.TB, d *Document, stream bool) {
	t.Helper()
	ar, lat := loadFace(t, d, "Amiri"), loadFace(t, d, "Noto Sans Mono")
	m := image.NewRGBA(image.Rect(0, 0, 4, 3))
	for i := range m.Pix {
		m.Pix[i] = uint8(i * 7)
	}
	m.Set(0, 0, color.RGBA{1, 2, 3, 128})
	img, err := d.AddImage(encodePNG(t, m), "image/png")
	if err != nil {
		t.Fatal(err)
	}
	contents := d.NewPage(420, 595)
	for i := 0; i < 5; i++ {
		pg := d.NewPage(420, 595)
		for j := 0; j < 3; j++ {
			pg.ShowGlyphs(buildLine(t, ar, lat, 380, 500-float64(40*j+i), 12+float64(i)).glyphs)
		}
		pg.FillRect(10, 10, 20, 20, Color{R: 1})
		if i%2 == 1 {
			pg.DrawImage(img, 50, 50, 40, 30)
		}
		if i == 1 {
			pg.LinkDest(10, 100, 50, 12, "later")
			pg.LinkDest(10, 120, 50, 12, "nowhere")
			pg.LinkURI(10, 140, 50, 12, "https://example.org/(a)")
		}
		if i == 3 {
			d.AddDest("later", pg, 300)
		}
		if stream {
			pg.Close()
		}
	}
	contents.ShowGlyphs(buildLine(t, ar, lat, 380, 500, 14).glyphs)
	contents.LinkDest(10, 100, 50, 12, "later")
	d.AddDest("contents", contents, 595)
	d.AddOutline(d.AddOutline(nil, "المحتويات", "contents"), "later", "later")
	d.SetPageLabels([]PageLabel{{FirstPage: 0, Style: "r"}, {FirstPage: 1, Style: "D"}})
}

// TestStreamSameAsWrite checks that a document written page by page as the
// pages are closed reads the same as one held in memory until Write: the
// same pages, content streams, fonts, images, links and destinations. Only
// the objects' order and numbers differ.
func TestStreamSameAsWrite(t *testing.T) {
	d := newDoc()
	drawBook(t, d, false)
	held := writeDoc(t, d)

	var out bytes.Buffer
	s := NewStream(&out, d.info)
	drawBook(t, s, true)
	if err := s.Finish(); err != nil {
		t.Fatal(err)
	}
	streamed := out.Bytes()

	a, b := readBack(t, held), readBack(t, streamed)
	if a.PageCount != 6 || b.PageCount != a.PageCount {
		t.Fatalf("pages: held %d, streamed %d, want 6", a.PageCount, b.PageCount)
	}
	for i := 1; i <= a.PageCount; i++ {
		pa, _, _, err := a.PageDict(i, false)
		if err != nil {
			t.Fatal(err)
		}
		pb, _, _, err := b.PageDict(i, false)
		if err != nil {
			t.Fatal(err)
		}
		if ca, cb := streamData(t, a, pa["Contents"]), streamData(t, b, pb["Contents"]); !bytes.Equal(ca, cb) {
			t.Errorf("page %d: content differs:\nheld:     %.200q\nstreamed: %.200q", i, ca, cb)
		}
		ra, rb := dict(t, a, pa["Resources"]), dict(t, b, pb["Resources"])
		for _, kind := range []string{"Font", "XObject"} {
			if ka, kb := resourceNames(t, a, ra[kind]), resourceNames(t, b, rb[kind]); ka != kb {
				t.Errorf("page %d: %s resources: held %q, streamed %q", i, kind, ka, kb)
			}
		}
		if na, nb := annotations(t, a, pa), annotations(t, b, pb); na != nb {
			t.Errorf("page %d: links: held %q, streamed %q", i, na, nb)
		}
	}
	if !strings.Contains(annotations(t, b, pageDict(t, b, 3)), "later") {
		t.Error("the forward link to a later page's destination is missing")
	}
	if strings.Contains(string(streamed), "nowhere") {
		t.Error("a link to an undefined destination was written")
	}
	// Fonts are subset to every glyph of every page: both files embed the
	// same programs.
	for _, f := range [][]byte{[]byte("FontFile2"), []byte("/Subtype /Image")} {
		if bytes.Count(held, f) != bytes.Count(streamed, f) {
			t.Errorf("%s: held %d, streamed %d", f, bytes.Count(held, f), bytes.Count(streamed, f))
		}
	}
}

func newDoc() *Document {
	return New(Info{Title: "كتاب", Producer: "Warraq", Created: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), Lang: "ar", RTL: true})
}

func pageDict(t testing.TB, ctx *model.Context, i int) types.Dict {
	t.Helper()
	d, _, _, err := ctx.PageDict(i, false)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// resourceNames lists a resource dictionary's names, each with its font's
// BaseFont or its image's size.
func resourceNames(t testing.TB, ctx *model.Context, o types.Object) string {
	t.Helper()
	if o == nil {
		return ""
	}
	var names []string
	for k, v := range dict(t, ctx, o) {
		if sd, _, err := ctx.DereferenceStreamDict(v); err == nil && sd != nil {
			names = append(names, fmt.Sprintf("%s=%vx%v", k, sd.Dict["Width"], sd.Dict["Height"]))
			continue
		}
		names = append(names, fmt.Sprintf("%s=%v", k, dict(t, ctx, v)["BaseFont"]))
	}
	sort.Strings(names)
	return strings.Join(names, " ")
}

// annotations lists a page's links: rectangle and target.
func annotations(t testing.TB, ctx *model.Context, pd types.Dict) string {
	t.Helper()
	arr, err := ctx.DereferenceArray(pd["Annots"])
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range arr {
		ad := dict(t, ctx, a)
		target := fmt.Sprint(ad["Dest"])
		if act, ok := ad["A"]; ok {
			target = fmt.Sprint(dict(t, ctx, act)["URI"])
		}
		out = append(out, fmt.Sprint(ad["Rect"])+" "+target)
	}
	return strings.Join(out, "; ")
}

// TestDrawAfterClose checks that drawing on a closed page is reported, not
// written somewhere wrong.
func TestDrawAfterClose(t *testing.T) {
	var out bytes.Buffer
	d := NewStream(&out, Info{})
	pg := d.NewPage(100, 100)
	pg.Close()
	pg.FillRect(0, 0, 1, 1, Color{})
	if err := d.Finish(); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Fatalf("Finish after drawing on a closed page: %v, want an error", err)
	}
	if err := newDoc().Finish(); err == nil {
		t.Error("Finish on a document made by New: no error")
	}
	if err := NewStream(&out, Info{}).Write(&out); err == nil {
		t.Error("Write on a streaming document: no error")
	}
}

// TestStreamWritesAsItGoes checks what streaming is for: a closed page's
// content is in the output before the document is finished — compressed
// while the next page is drawn, it is written when that page is closed —
// and the page no longer holds it.
func TestStreamWritesAsItGoes(t *testing.T) {
	var out bytes.Buffer
	d := NewStream(&out, Info{})
	for i := 0; i < 4; i++ {
		pg := d.NewPage(100, 100)
		x := uint32(i + 1)
		rnd := func() float64 { x = x*1664525 + 1013904223; return float64(x>>8) / 1e4 }
		for j := 0; j < 4000; j++ { // some 100 KB compressed, more than the write buffer
			pg.StrokeLine(rnd(), rnd(), rnd(), rnd(), 1, Color{})
		}
		before := out.Len()
		pg.Close()
		if i > 0 && out.Len() <= before {
			t.Fatalf("page %d: nothing of page %d written when it was closed", i+1, i)
		}
		if c := d.w.pending; c == nil || c.n != pg.contents {
			t.Fatalf("page %d: not the one page being compressed after Close", i+1)
		}
		if pg.content.Cap() != 0 {
			t.Fatalf("page %d: content still held after Close (%d bytes)", i+1, pg.content.Cap())
		}
	}
	if err := d.Finish(); err != nil {
		t.Fatal(err)
	}
	readBack(t, out.Bytes())
}

// TestAdlerSum: the word-at-a-time Adler-32 is hash/adler32's, at every
// length around its eight-byte steps and its blocks, and with every byte
// 0xff (the largest sums: the blocks must reduce before B overflows).
func TestAdlerSum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	data := make([]byte, 3*5552+17)
	for i := range data {
		data[i] = byte(rng.Uint32())
	}
	full := bytes.Repeat([]byte{0xff}, 200000)
	for _, p := range [][]byte{data, full} {
		for n := 0; n <= len(p); n += 1 + n/64 {
			if got, want := adlerSum(p[:n]), adler32.Checksum(p[:n]); got != want {
				t.Fatalf("adlerSum of %d bytes = %08x, want %08x", n, got, want)
			}
		}
		if got, want := adlerSum(p), adler32.Checksum(p); got != want {
			t.Fatalf("adlerSum of %d bytes = %08x, want %08x", len(p), got, want)
		}
	}
}
