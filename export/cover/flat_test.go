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
	drawn := clone(img) // encodeFlat writes its indices over img's pixels
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
			r1, g1, b1, _ := drawn.At(x, y).RGBA()
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
	rgb, _ := encodePNG(drawn)
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

func clone(img *image.RGBA) *image.RGBA {
	c := *img
	c.Pix = slices.Clone(img.Pix)
	return &c
}

func blend(a, b uint8, t float64) uint8 { return uint8(math.Round(float64(a)*(1-t) + float64(b)*t)) }

// encodeFlat, which counts and maps rows equal to the one above at once and
// writes its indices over the pixels, gives the bytes of the plain way:
// every pixel counted, a paletted image made and every pixel mapped. On the
// samples' cover in each style (rows of frame and background repeat), and
// on a cover that has no two equal rows next to each other.
func TestEncodeFlatAsPlain(t *testing.T) {
	e := engine(t)
	var imgs []*image.RGBA
	for _, st := range styleNames() {
		b := *cases[0].b
		b.Config.Cover.Style = st
		c, _, err := New(&b, e)
		if err != nil {
			t.Fatal(err)
		}
		imgs = append(imgs, rasterize(c.raster, RasterWidth, RasterHeight))
	}
	disc := image.NewRGBA(image.Rect(0, 0, 301, 203))
	for y := range 203 {
		for x := range 301 {
			d := math.Hypot(float64(x-150), float64(y-100)) - 90 + float64(y%3)*0.2
			a := math.Max(0, math.Min(1, 0.5-d/1.5))
			disc.SetRGBA(x, y, color.RGBA{blend(0x12, 0xf4, a), blend(0x3a, 0xec, a), blend(0x3c, 0xd8, a), 255})
		}
	}
	imgs = append(imgs, disc)
	for k, img := range imgs {
		paints := []color.RGBA{img.RGBAAt(0, 0), {0xf4, 0xec, 0xd8, 255}}
		want := plainFlat(t, img, paints)
		got, err := encodeFlat(clone(img), paints)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("image %d: encodeFlat gives %d bytes, the plain way %d, not the same", k, len(got), len(want))
		}
	}
}

// plainFlat is encodeFlat done pixel by pixel, into an image of its own.
func plainFlat(t *testing.T, img *image.RGBA, paints []color.RGBA) []byte {
	b := img.Bounds()
	count := map[color.RGBA]int{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			count[img.RGBAAt(x, y)]++
		}
	}
	var colours []color.RGBA
	for c := range count {
		colours = append(colours, c)
	}
	key := func(c color.RGBA) uint32 { return uint32(c.R)<<24 | uint32(c.G)<<16 | uint32(c.B)<<8 | uint32(c.A) }
	slices.SortFunc(colours, func(a, b color.RGBA) int {
		if count[a] != count[b] {
			return count[b] - count[a]
		}
		return int(key(a)) - int(key(b))
	})
	pal, nearest := flatPalette(colours, count, paints)
	index := map[color.RGBA]uint8{}
	for k, c := range colours {
		index[c] = uint8(nearest[k])
	}
	p := image.NewPaletted(b, pal)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			p.SetColorIndex(x, y, index[img.RGBAAt(x, y)])
		}
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.DefaultCompression}).Encode(&buf, p); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
