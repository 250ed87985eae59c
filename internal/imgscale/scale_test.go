package imgscale

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math/rand"
	"runtime"
	"testing"

	xdraw "golang.org/x/image/draw"
)

// noisy returns an image of kind of w x h pixels: smooth gradients with
// noise, so that a wrong tap or weight shows.
func noisy(kind string, w, h int, seed int64) image.Image {
	rnd := rand.New(rand.NewSource(seed))
	px := func(x, y int) (uint8, uint8, uint8, uint8) {
		r := uint8((x*255/max(1, w-1) + rnd.Intn(40)) % 256)
		g := uint8((y*255/max(1, h-1) + rnd.Intn(40)) % 256)
		b := uint8(rnd.Intn(256))
		return r, g, b, uint8(rnd.Intn(256))
	}
	// Bounds that do not start at 0 (even ones: x/image/draw misreads the
	// chroma of a Y'CbCr image at an odd origin).
	rect := image.Rect(4, 2, 4+w, 2+h)
	switch kind {
	case "rgba opaque", "rgba":
		m := image.NewRGBA(rect)
		for y := rect.Min.Y; y < rect.Max.Y; y++ {
			for x := rect.Min.X; x < rect.Max.X; x++ {
				r, g, b, a := px(x-rect.Min.X, y-rect.Min.Y)
				if kind == "rgba opaque" {
					a = 255
				}
				m.Set(x, y, color.NRGBA{r, g, b, a})
			}
		}
		return m
	case "nrgba":
		m := image.NewNRGBA(rect)
		for y := rect.Min.Y; y < rect.Max.Y; y++ {
			for x := rect.Min.X; x < rect.Max.X; x++ {
				r, g, b, a := px(x-rect.Min.X, y-rect.Min.Y)
				m.SetNRGBA(x, y, color.NRGBA{r, g, b, a})
			}
		}
		return m
	case "gray", "gray16":
		var m draw.Image = image.NewGray(rect)
		if kind == "gray16" {
			m = image.NewGray16(rect)
		}
		for y := rect.Min.Y; y < rect.Max.Y; y++ {
			for x := rect.Min.X; x < rect.Max.X; x++ {
				r, _, _, _ := px(x-rect.Min.X, y-rect.Min.Y)
				m.Set(x, y, color.Gray{r})
			}
		}
		return m
	case "ycbcr420", "ycbcr444", "ycbcr422", "ycbcr440", "ycbcr411", "ycbcr410":
		ratio := map[string]image.YCbCrSubsampleRatio{"ycbcr420": image.YCbCrSubsampleRatio420,
			"ycbcr444": image.YCbCrSubsampleRatio444, "ycbcr422": image.YCbCrSubsampleRatio422,
			"ycbcr440": image.YCbCrSubsampleRatio440, "ycbcr411": image.YCbCrSubsampleRatio411, "ycbcr410": image.YCbCrSubsampleRatio410}[kind]
		m := image.NewYCbCr(rect, ratio)
		for i := range m.Y {
			m.Y[i] = uint8(rnd.Intn(256))
		}
		for i := range m.Cb {
			m.Cb[i], m.Cr[i] = uint8(64+rnd.Intn(128)), uint8(64+rnd.Intn(128))
		}
		return m
	case "paletted":
		pal := color.Palette{}
		for range 40 {
			pal = append(pal, color.NRGBA{uint8(rnd.Intn(256)), uint8(rnd.Intn(256)), uint8(rnd.Intn(256)), uint8(rnd.Intn(256))})
		}
		m := image.NewPaletted(rect, pal)
		for i := range m.Pix {
			m.Pix[i] = uint8(rnd.Intn(len(pal)))
		}
		return m
	}
	panic(kind)
}

func ground(w, h int, c color.RGBA) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(m, m.Bounds(), image.NewUniform(c), image.Point{}, draw.Src)
	return m
}

// Over draws what x/image/draw's kernel scaler draws, to within a level in
// a channel (x/image truncates its 16-bit results to 8 bits, Over rounds),
// for every kind of image the decoders give, shrinking, enlarging and
// both, with each kernel, over an opaque ground and over a clear one.
func TestMatchesXImage(t *testing.T) {
	kinds := []string{"rgba opaque", "rgba", "nrgba", "gray", "gray16", "ycbcr420", "ycbcr422", "ycbcr444", "ycbcr440", "ycbcr411", "ycbcr410", "paletted"}
	sizes := []struct{ sw, sh, dw, dh int }{
		{301, 457, 120, 170}, // shrunk by 2.5 and 2.7
		{37, 23, 90, 61},     // enlarged
		{200, 40, 90, 97},    // shrunk across, enlarged down
		{64, 64, 64, 64},     // the same size
		{1, 1, 5, 7},         // one pixel
		{3000, 2, 17, 3},     // very wide
	}
	kernels := map[string]*xdraw.Kernel{"catmull-rom": xdraw.CatmullRom, "bilinear": xdraw.BiLinear}
	grounds := map[string]color.RGBA{"opaque": {31, 58, 95, 255}, "clear": {}}
	for _, kind := range kinds {
		for _, s := range sizes {
			src := noisy(kind, s.sw, s.sh, int64(s.sw*s.dh))
			for kn, k := range kernels {
				for gn, gc := range grounds {
					name := fmt.Sprintf("%s %dx%d to %dx%d %s %s", kind, s.sw, s.sh, s.dw, s.dh, kn, gn)
					r := image.Rect(5, 3, 5+s.dw, 3+s.dh)
					want := ground(s.dw+9, s.dh+8, gc)
					k.Scale(want, r, src, src.Bounds(), xdraw.Over, nil)
					got := ground(s.dw+9, s.dh+8, gc)
					Over(got, r, src, k)
					if d, at := maxDiff(got, want); d > 1 {
						t.Errorf("%s: differs from x/image by %d at %v: got %v, want %v", name, d, at, got.At(at.X, at.Y), want.At(at.X, at.Y))
					}
				}
			}
		}
	}
}

func maxDiff(a, b *image.RGBA) (int, image.Point) {
	worst, at := 0, image.Point{}
	for i := range a.Pix {
		d := int(a.Pix[i]) - int(b.Pix[i])
		if d < 0 {
			d = -d
		}
		if d > worst {
			worst = d
			at = image.Pt(i/4%a.Bounds().Dx(), i/4/a.Bounds().Dx())
		}
	}
	return worst, at
}

// A rectangle partly outside dst draws the part inside, at the whole
// rectangle's scale, and leaves the rest of dst as it was.
func TestClipped(t *testing.T) {
	src := noisy("rgba opaque", 200, 300, 7)
	r := image.Rect(-20, -30, 80, 120)
	full := ground(100, 150, color.RGBA{})
	Over(full, image.Rect(0, 0, 100, 150), src, xdraw.CatmullRom)
	got := ground(60, 100, color.RGBA{200, 0, 0, 255})
	Over(got, r, src, xdraw.CatmullRom)
	for y := range 100 {
		for x := range 60 {
			if g, w := got.RGBAAt(x, y), full.RGBAAt(x+20, y+30); g != w {
				t.Fatalf("at %d,%d: %v, want %v (the full drawing's pixel)", x, y, g, w)
			}
		}
	}
	if d, _ := maxDiff(ground(10, 10, color.RGBA{}), ground(10, 10, color.RGBA{})); d != 0 {
		t.Fatal("maxDiff")
	}
	outside := ground(10, 10, color.RGBA{1, 2, 3, 255})
	Over(outside, image.Rect(20, 20, 40, 40), src, xdraw.CatmullRom)
	if d, _ := maxDiff(outside, ground(10, 10, color.RGBA{1, 2, 3, 255})); d != 0 {
		t.Error("a rectangle outside dst changed it")
	}
}

// The memory Over takes does not grow with the source's height: a source
// 6,000 rows tall shrunk to 1,500 takes less than a megabyte, where
// x/image's buffer is 19 MB (100 x 6,000 samples of 32 bytes).
func TestMemoryFollowsRows(t *testing.T) {
	src := noisy("ycbcr420", 400, 6000, 1)
	dst := image.NewRGBA(image.Rect(0, 0, 100, 1500))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	Over(dst, dst.Bounds(), src, xdraw.CatmullRom)
	runtime.ReadMemStats(&after)
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
		t.Errorf("scaling 400 x 6000 to 100 x 1500 allocated %d bytes, want under 1 MB", n)
	}
	before = after
	xdraw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), xdraw.Over, nil)
	runtime.ReadMemStats(&after)
	if n := after.TotalAlloc - before.TotalAlloc; n < 19_000_000 {
		t.Errorf("x/image allocated %d bytes; the comparison above assumes its 19 MB buffer", n)
	}
}

func BenchmarkOver(b *testing.B) {
	src := noisy("ycbcr420", 4000, 3000, 1)
	dst := image.NewRGBA(image.Rect(0, 0, 1600, 1200))
	b.Run("imgscale", func(b *testing.B) {
		for b.Loop() {
			Over(dst, dst.Bounds(), src, xdraw.CatmullRom)
		}
	})
	b.Run("x-image", func(b *testing.B) {
		for b.Loop() {
			xdraw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), xdraw.Over, nil)
		}
	})
}

// A paletted image scales to the same pixels as its colours in RGBA (a
// generated cover is paletted, and so are many drawings).
func TestPalettedAsRGBA(t *testing.T) {
	p := noisy("paletted", 150, 230, 3).(*image.Paletted)
	for i, c := range p.Palette {
		r, g, b, _ := c.RGBA()
		p.Palette[i] = color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 255}
	}
	rgba := image.NewRGBA(p.Bounds())
	draw.Draw(rgba, rgba.Bounds(), p, p.Bounds().Min, draw.Src)
	a, b := ground(61, 90, color.RGBA{}), ground(61, 90, color.RGBA{})
	Over(a, a.Bounds(), p, xdraw.CatmullRom)
	Over(b, b.Bounds(), rgba, xdraw.CatmullRom)
	if d, at := maxDiff(a, b); d != 0 {
		t.Errorf("paletted and RGBA differ by %d at %v", d, at)
	}
}
