package cover

import (
	"bytes"
	"encoding/binary"
	"hash/adler32"
	"image"
	"image/color"
	stddraw "image/draw"
	"image/png"
	"math"
	"slices"
	"testing"

	"github.com/klauspost/compress/zlib"
	"golang.org/x/image/vector"
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
	drawn := clone(img)
	data, err := encodeFlat(canvasOf(img), paints)
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
	if data, err = encodeFlat(canvasOf(img), paints); err != nil {
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

// canvasOf is img as a canvas whose background is img's top-left pixel:
// the tiles with only that colour on them are left out.
func canvasOf(img *image.RGBA) *canvas {
	b := img.Bounds()
	cv := newCanvas(b.Dx(), b.Dy(), img.RGBAAt(b.Min.X, b.Min.Y))
	whole := *img
	whole.Rect = image.Rect(0, 0, b.Dx(), b.Dy())
	cv.store(&whole)
	return cv
}

// rasterizeRGBA is how rasterize drew before the canvas: on a whole RGBA
// image filled with the background, each item straight on it.
func rasterizeRGBA(d *design, w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	stddraw.Draw(img, img.Bounds(), image.NewUniform(color.RGBA{d.bg.R, d.bg.G, d.bg.B, 255}), image.Point{}, stddraw.Src)
	sx, sy := float64(w)/d.w, float64(h)/d.h
	var z vector.Rasterizer
	for _, it := range d.items {
		segs, c := itemSegs(it)
		if r := segsRect(segs, sx, sy).Intersect(img.Bounds()); !r.Empty() {
			fillSegs(&z, img, segs, c, r, sx, sy)
		}
	}
	return img
}

// The cover drawn on the canvas and encoded from its runs (rasterize,
// encodeFlat) is the cover drawn on a whole RGBA image, counted and mapped
// pixel by pixel and encoded from that image's rows (rasterizeRGBA,
// plainFlat): the same pixels once decoded, and the same bytes. On every test book in
// every style (the samples' alone with -short), on a cover of another
// size, whose tiles on the right and at the foot are cut, and on an image
// with no two equal rows next to each other.
func TestEncodeFlatAsPlain(t *testing.T) {
	e := engine(t)
	type sample struct {
		name   string
		canvas *canvas
		rgba   *image.RGBA
		paints []color.RGBA
	}
	var samples []sample
	for i, tc := range cases {
		if testing.Short() && i > 0 {
			break
		}
		for _, st := range styleNames() {
			b := *tc.b
			b.Config.Cover.Style = st
			c, _, err := New(&b, e)
			if err != nil {
				t.Fatal(err)
			}
			samples = append(samples, sample{tc.name + "/" + st, rasterize(c.raster, RasterWidth, RasterHeight), rasterizeRGBA(c.raster, RasterWidth, RasterHeight), c.raster.paints()})
			if i == 0 {
				d, _ := c.design(297.0 / 210)
				samples = append(samples, sample{tc.name + "/" + st + "/a4", rasterize(d, 999, 1413), rasterizeRGBA(d, 999, 1413), d.paints()})
			}
		}
	}
	disc := image.NewRGBA(image.Rect(0, 0, 301, 203))
	for y := range 203 {
		for x := range 301 {
			d := math.Hypot(float64(x-150), float64(y-100)) - 90 + float64(y%3)*0.2
			a := math.Max(0, math.Min(1, 0.5-d/1.5))
			disc.SetRGBA(x, y, color.RGBA{blend(0x12, 0xf4, a), blend(0x3a, 0xec, a), blend(0x3c, 0xd8, a), 255})
		}
	}
	paints := []color.RGBA{disc.RGBAAt(0, 0), {0xf4, 0xec, 0xd8, 255}}
	samples = append(samples, sample{"disc", canvasOf(disc), disc, paints})
	for _, s := range samples {
		if got := s.canvas.image(); !bytes.Equal(got.Pix, s.rgba.Pix) {
			t.Errorf("%s: the canvas's pixels are not the RGBA image's", s.name)
		}
		want := plainFlat(t, s.rgba, s.paints)
		got, err := encodeFlat(s.canvas, s.paints)
		if err != nil {
			t.Fatal(err)
		}
		samePixels(t, s.name, got, want)
		if !bytes.Equal(got, want) {
			t.Errorf("%s: encodeFlat gives %d bytes, the plain way %d, not the same", s.name, len(got), len(want))
		}
	}
}

// samePixels decodes two PNGs and reports any pixel that differs.
func samePixels(t *testing.T, name string, a, b []byte) {
	t.Helper()
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if ia.Bounds() != ib.Bounds() {
		t.Fatalf("%s: %v against %v", name, ia.Bounds(), ib.Bounds())
	}
	r := ia.Bounds()
	if pa, ok := ia.(*image.Paletted); ok {
		if pb, ok := ib.(*image.Paletted); ok {
			// Entry by entry, then index by index.
			ca, cb := make([]color.Color, len(pa.Palette)), make([]color.Color, len(pb.Palette))
			for i, c := range pa.Palette {
				ca[i] = color.RGBA64Model.Convert(c)
			}
			for i, c := range pb.Palette {
				cb[i] = color.RGBA64Model.Convert(c)
			}
			for i := range pa.Pix {
				if ca[pa.Pix[i]] != cb[pb.Pix[i]] {
					t.Fatalf("%s: pixel %d is %v, not %v", name, i, ca[pa.Pix[i]], cb[pb.Pix[i]])
				}
			}
			return
		}
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if ca, cb := color.RGBA64Model.Convert(ia.At(x, y)), color.RGBA64Model.Convert(ib.At(x, y)); ca != cb {
				t.Fatalf("%s: pixel (%d, %d) is %v, not %v", name, x, y, ca, cb)
			}
		}
	}
}

// writePaletted's PNG is read back by image/png as the image written:
// with 24 colours (its own chunks, holding klauspost's zlib stream of the
// rows, with the checksum given), in several IDAT chunks (noise does not
// compress), and with 16 colours and with a transparent one (encodePNG's).
func TestWritePaletted(t *testing.T) {
	for _, tc := range []struct {
		name  string
		w, h  int
		n     int
		alpha bool
		flat  bool
	}{
		{"24 noise", 300, 310, 24, false, false},
		{"24 flat", 1600, 40, 24, false, true},
		{"256 noise", 97, 1000, 256, false, false},
		{"16 noise", 120, 50, 16, false, false},
		{"24 transparent", 50, 60, 24, true, false},
	} {
		var pal color.Palette
		for i := range tc.n {
			c := color.RGBA{uint8(i * 7), uint8(255 - i), uint8(i * 13), 255}
			if tc.alpha && i == 3 {
				c = color.RGBA{10, 20, 30, 128}
			}
			pal = append(pal, c)
		}
		p := image.NewPaletted(image.Rect(0, 0, tc.w, tc.h), pal)
		seed := uint32(1)
		for i := range p.Pix {
			seed = seed*1664525 + 1013904223
			p.Pix[i] = uint8((seed >> 16) % uint32(tc.n))
			if tc.flat {
				p.Pix[i] = uint8(i / tc.w % 3)
			}
		}
		row := func(y int, dst []byte) { copy(dst, p.Pix[y*p.Stride:][:tc.w]) }
		got, err := writePaletted(tc.w, tc.h, pal, row, rowsAdler(tc.w, tc.h, row))
		if err != nil {
			t.Fatal(err)
		}
		if tc.n <= 16 || tc.alpha {
			// Left to encodePNG.
			want, err := encodePNG(p)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s: %d bytes, encodePNG's %d, not the same", tc.name, len(got), len(want))
			}
		} else if want := zlibRows(t, p); !bytes.Equal(idatData(t, got), want) {
			// The header, and the checksum summed from the rows given, are
			// the ones klauspost's zlib writes at the same level.
			t.Errorf("%s: the IDAT chunks hold %d bytes, not the %d of klauspost's zlib stream of the rows", tc.name, len(idatData(t, got)), len(want))
		}
		dec, err := png.Decode(bytes.NewReader(got))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		q, ok := dec.(*image.Paletted)
		if !ok || !bytes.Equal(q.Pix, p.Pix) || len(q.Palette) != len(pal) {
			t.Fatalf("%s: decoded as %T, not the image written", tc.name, dec)
		}
		for i := range pal {
			if color.NRGBAModel.Convert(q.Palette[i]) != color.NRGBAModel.Convert(pal[i]) {
				t.Errorf("%s: palette entry %d is %v, not %v", tc.name, i, q.Palette[i], pal[i])
			}
		}
		if chunks := bytes.Count(got, []byte("IDAT")); tc.name == "24 noise" && chunks < 2 {
			t.Errorf("%s: %d IDAT chunks for %d bytes, want one per 32 KiB", tc.name, chunks, len(got))
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
	w, h := b.Dx(), b.Dy()
	row := func(y int, dst []byte) { copy(dst, p.Pix[y*p.Stride:][:w]) }
	data, err := writePaletted(w, h, pal, row, rowsAdler(w, h, row))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// zlibRows is the zlib stream of p's rows, each after a filter byte of 0,
// as klauspost's zlib writes it at the level of a generated cover's PNG.
func zlibRows(t *testing.T, p *image.Paletted) []byte {
	var buf bytes.Buffer
	zw, err := zlib.NewWriterLevel(&buf, pngLevel)
	if err != nil {
		t.Fatal(err)
	}
	for y := range p.Rect.Dy() {
		zw.Write([]byte{0})
		zw.Write(p.Pix[y*p.Stride:][:p.Rect.Dx()])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// idatData is the data of a PNG's IDAT chunks, one after the other.
func idatData(t *testing.T, data []byte) []byte {
	var out []byte
	for at := 8; at+12 <= len(data); {
		n := int(binary.BigEndian.Uint32(data[at:]))
		if at+12+n > len(data) {
			t.Fatalf("a chunk of %d bytes at %d runs past the end (%d)", n, at, len(data))
		}
		if string(data[at+4:at+8]) == "IDAT" {
			out = append(out, data[at+8:at+8+n]...)
		}
		at += 12 + n
	}
	return out
}

// adler.run sums runs of equal bytes as hash/adler32 sums them byte by
// byte, across runs long enough to wrap both sums many times.
func TestAdlerRuns(t *testing.T) {
	var data []byte
	sum := adlerStart
	seed := uint32(7)
	for _, n := range []int{1, 0, 3, 5552, 5553, 65521, 65522, 200000, 17, 1} {
		seed = seed*1664525 + 1013904223
		v := byte(seed >> 24)
		sum = sum.run(v, n)
		data = append(data, bytes.Repeat([]byte{v}, n)...)
		if got, want := sum.sum(), adler32.Checksum(data); got != want {
			t.Fatalf("after %d bytes: %08x, hash/adler32 %08x", len(data), got, want)
		}
	}
	// The same bytes as two parts, the second summed on its own and then
	// appended.
	for _, cut := range []int{0, 1, 5553, len(data) / 2, len(data) - 1, len(data)} {
		head, tail := adlerStart, adler{}
		for _, v := range data[:cut] {
			head = head.run(v, 1)
		}
		for _, v := range data[cut:] {
			tail = tail.run(v, 1)
		}
		if got, want := head.then(tail, len(data)-cut).sum(), adler32.Checksum(data); got != want {
			t.Fatalf("cut at %d: %08x, hash/adler32 %08x", cut, got, want)
		}
	}
}
