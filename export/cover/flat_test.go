package cover

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"slices"
	"testing"
)

// A cover of flat colours with anti-aliased edges is written paletted, the
// painted colours exactly and every pixel within a few levels of what was
// drawn; a cover with a gradient, where a palette would band, stays RGB.
func TestFlatCoverPaletted(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 400, 300))
	bg, fg := color.RGBA{0x12, 0x3a, 0x3c, 255}, color.RGBA{0xf4, 0xec, 0xd8, 255}
	for y := range 300 {
		for x := range 400 {
			// A disc with an anti-aliased edge: many blends of the two colours.
			d := math.Hypot(float64(x-200), float64(y-150)) - 100
			a := math.Max(0, math.Min(1, 0.5-d/1.5))
			img.SetRGBA(x, y, color.RGBA{blend(bg.R, fg.R, a), blend(bg.G, fg.G, a), blend(bg.B, fg.B, a), 255})
		}
	}
	paints := []color.RGBA{bg, fg}
	data, err := encodeFlat(img, paints)
	if err != nil {
		t.Fatal(err)
	}
	dec, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	p, ok := dec.(*image.Paletted)
	if !ok || len(p.Palette) > flatPaletteSize {
		t.Fatalf("decoded as %T, want a palette of at most %d colours", dec, flatPaletteSize)
	}
	for _, c := range paints {
		if !slices.Contains(p.Palette, color.Color(c)) {
			t.Errorf("painted colour %v is not in the palette %v", c, p.Palette)
		}
	}
	worst := 0
	for y := range 300 {
		for x := range 400 {
			r1, g1, b1, _ := img.At(x, y).RGBA()
			r2, g2, b2, _ := p.At(x, y).RGBA()
			for _, d := range []int{int(r1>>8) - int(r2>>8), int(g1>>8) - int(g2>>8), int(b1>>8) - int(b2>>8)} {
				worst = max(worst, d, -d)
			}
		}
	}
	// 255 levels between the two colours in 22 steps: 6 either side.
	if worst > 8 {
		t.Errorf("a pixel moved by %d levels", worst)
	}
	rgb, _ := encodePNG(img)
	if len(data) >= len(rgb) {
		t.Errorf("paletted %d bytes, RGB %d", len(data), len(rgb))
	}

	for y := range 300 {
		for x := range 400 {
			img.SetRGBA(x, y, color.RGBA{uint8(x * 255 / 399), uint8(y * 255 / 299), 80, 255})
		}
	}
	if data, err = encodeFlat(img, paints); err != nil {
		t.Fatal(err)
	}
	if dec, _ = png.Decode(bytes.NewReader(data)); dec == nil {
		t.Fatal("gradient cover does not decode")
	}
	if _, ok := dec.(*image.Paletted); ok {
		t.Error("a gradient was written with a palette")
	}
}

func blend(a, b uint8, t float64) uint8 { return uint8(math.Round(float64(a)*(1-t) + float64(b)*t)) }
