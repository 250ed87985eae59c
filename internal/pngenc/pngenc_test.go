package pngenc

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	_ "image/jpeg"

	"github.com/klauspost/compress/zlib"
	_ "golang.org/x/image/webp"
)

// sizes are the odd shapes every colour model is tried at: one pixel, one
// column, one row, odd sides (chroma subsampling leaves a half block), and
// one large enough for several IDAT chunks.
var sizes = []image.Point{{1, 1}, {1, 9}, {9, 1}, {7, 5}, {33, 17}, {301, 257}}

// fill sets every pixel of m from the pixel's position and seed: smooth
// runs and noise, so that every filter has something to do.
func fill(m image.Image, seed uint64, alpha, grey bool) image.Image {
	r := rand.New(rand.NewPCG(seed, 7))
	b := m.Bounds()
	set := func(x, y int, c color.NRGBA) {
		if !alpha {
			c.A = 0xff
		}
		if grey {
			c.G, c.B = c.R, c.R
		}
		switch m := m.(type) {
		case *image.YCbCr, *image.NYCbCrA:
			yy, cb, cr := color.RGBToYCbCr(c.R, c.G, c.B)
			var yc *image.YCbCr
			if n, ok := m.(*image.NYCbCrA); ok {
				yc = &n.YCbCr
				n.A[n.AOffset(x, y)] = c.A
			} else {
				yc = m.(*image.YCbCr)
			}
			yc.Y[yc.YOffset(x, y)] = yy
			yc.Cb[yc.COffset(x, y)], yc.Cr[yc.COffset(x, y)] = cb, cr
		case *image.Paletted:
			m.SetColorIndex(x, y, uint8(r.IntN(len(m.Palette))))
		case interface{ Set(x, y int, c color.Color) }:
			m.Set(x, y, c)
		}
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBA{uint8(3 * x), uint8(5 * y), uint8(x * y), uint8(255 - 2*x)}
			if r.IntN(4) == 0 {
				c.G = uint8(r.Uint32())
			}
			if (x+y)%5 == 0 {
				c.A = []uint8{0, 1, 128, 254, 255}[r.IntN(5)]
			}
			set(x, y, c)
		}
	}
	return m
}

// want is the colour the encoder promises for the pixel at x, y:
// color.NRGBAModel's, except for Y'CbCr, converted to 8 bits directly
// (transparent black where the alpha is 0).
func want(m image.Image, x, y int) color.NRGBA {
	switch m := m.(type) {
	case *image.YCbCr:
		c := m.YCbCrAt(x, y)
		r, g, b := color.YCbCrToRGB(c.Y, c.Cb, c.Cr)
		return color.NRGBA{r, g, b, 0xff}
	case *image.NYCbCrA:
		c := m.NYCbCrAAt(x, y)
		if c.A == 0 {
			return color.NRGBA{}
		}
		r, g, b := color.YCbCrToRGB(c.Y, c.Cb, c.Cr)
		return color.NRGBA{r, g, b, c.A}
	}
	return color.NRGBAModel.Convert(m.At(x, y)).(color.NRGBA)
}

type testImage struct {
	name          string
	make          func(r image.Rectangle) image.Image
	alpha, grey   bool
	wantColorType byte
}

func testImages() []testImage {
	pal := color.Palette{color.NRGBA{0, 0, 0, 0xff}, color.NRGBA{200, 30, 40, 0x80}, color.RGBA{10, 20, 30, 0xff}, color.NRGBA{0xff, 0xff, 0xff, 0}}
	greyPal := color.Palette{color.Gray{0}, color.Gray{90}, color.Gray{255}}
	var out []testImage
	for _, alpha := range []bool{false, true} {
		ct := map[bool]byte{false: 2, true: 6}[alpha]
		out = append(out,
			testImage{"NRGBA", func(r image.Rectangle) image.Image { return image.NewNRGBA(r) }, alpha, false, ct},
			testImage{"RGBA", func(r image.Rectangle) image.Image { return image.NewRGBA(r) }, alpha, false, ct},
			testImage{"RGBA64", func(r image.Rectangle) image.Image { return image.NewRGBA64(r) }, alpha, false, ct},
			testImage{"NYCbCrA", func(r image.Rectangle) image.Image { return image.NewNYCbCrA(r, image.YCbCrSubsampleRatio420) }, alpha, false, ct},
			testImage{"grey NRGBA", func(r image.Rectangle) image.Image { return image.NewNRGBA(r) }, alpha, true, map[bool]byte{false: 0, true: 4}[alpha]},
		)
	}
	for _, ratio := range []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio420} {
		out = append(out, testImage{"YCbCr " + ratio.String(), func(r image.Rectangle) image.Image { return image.NewYCbCr(r, ratio) }, false, false, 2})
	}
	return append(out,
		testImage{"Gray", func(r image.Rectangle) image.Image { return image.NewGray(r) }, false, false, 0},
		testImage{"Gray16", func(r image.Rectangle) image.Image { return image.NewGray16(r) }, false, false, 0},
		testImage{"Paletted", func(r image.Rectangle) image.Image { return image.NewPaletted(r, pal) }, false, false, 3},
		testImage{"grey Paletted", func(r image.Rectangle) image.Image { return image.NewPaletted(r, greyPal) }, false, false, 3},
		testImage{"CMYK", func(r image.Rectangle) image.Image { return image.NewCMYK(r) }, false, false, 2},
	)
}

func TestRoundTrip(t *testing.T) {
	for i, ti := range testImages() {
		for _, size := range sizes {
			for _, origin := range []image.Point{{-3, 2}, {3, 5}} {
				// An origin away from (0, 0), as a sub-image has (a Y'CbCr
				// image's rows are read a row at a time from one at x >= 0).
				r := image.Rectangle{Min: origin}
				r.Max = r.Min.Add(size)
				m := fill(ti.make(r), uint64(i), ti.alpha, ti.grey)
				name := fmt.Sprintf("%s alpha=%v %dx%d at %v", ti.name, ti.alpha, size.X, size.Y, origin)
				var buf bytes.Buffer
				if err := Encode(&buf, m); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if ct := buf.Bytes()[25]; ct != ti.wantColorType && size.X*size.Y > 1 {
					t.Errorf("%s: colour type %d, want %d", name, ct, ti.wantColorType)
				}
				got, err := png.Decode(bytes.NewReader(buf.Bytes()))
				if err != nil {
					t.Fatalf("%s: image/png cannot decode it: %v", name, err)
				}
				if got.Bounds().Size() != size {
					t.Fatalf("%s: decoded %v", name, got.Bounds())
				}
				bad := 0
				for y := range size.Y {
					for x := range size.X {
						g := color.NRGBAModel.Convert(got.At(x, y)).(color.NRGBA)
						if w := want(m, r.Min.X+x, r.Min.Y+y); g != w && bad < 3 {
							t.Errorf("%s: pixel %d,%d is %v, want %v", name, x, y, g, w)
							bad++
						}
					}
				}
			}
		}
	}
}

// TestColourTypes checks the colour type is the smallest that holds the
// image when one pixel alone makes the difference.
func TestColourTypes(t *testing.T) {
	for _, tc := range []struct {
		odd  color.NRGBA // the last pixel of an opaque grey image
		want byte
	}{
		{color.NRGBA{9, 9, 9, 0xff}, 0},
		{color.NRGBA{9, 9, 9, 0xfe}, 4},
		{color.NRGBA{9, 9, 10, 0xff}, 2},
		{color.NRGBA{9, 9, 10, 0xfe}, 6},
	} {
		m := image.NewNRGBA(image.Rect(0, 0, 6, 4))
		for i := range m.Pix {
			m.Pix[i] = uint8(i/4) | 0x80
			if i%4 == 3 {
				m.Pix[i] = 0xff
			}
		}
		m.SetNRGBA(5, 3, tc.odd)
		var buf bytes.Buffer
		if err := Encode(&buf, m); err != nil {
			t.Fatal(err)
		}
		if ct := buf.Bytes()[25]; ct != tc.want {
			t.Errorf("with %v: colour type %d, want %d", tc.odd, ct, tc.want)
		}
	}
}

func TestDeterministic(t *testing.T) {
	m := fill(image.NewRGBA(image.Rect(0, 0, 300, 200)), 1, true, false)
	var a, b bytes.Buffer
	if err := Encode(&a, m); err != nil {
		t.Fatal(err)
	}
	if err := Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two encodings of one image differ")
	}
}

// TestBytesPinned checks that the bytes of an encoding are the ones this
// encoder with the klauspost/compress of go.sum gives, whichever Go built
// the test: the reason the package exists. The hash changes only with this
// encoder or with a version of klauspost/compress (say which in the commit).
func TestBytesPinned(t *testing.T) {
	m := fill(image.NewNRGBA(image.Rect(0, 0, 200, 150)), 2, true, false)
	var buf bytes.Buffer
	if err := Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	const want = "b854c2077497374b7c7576a55d4197fd2e4c84434cf2b246e14d80e69b0065a7"
	if got := fmt.Sprintf("%x", sha256.Sum256(buf.Bytes())); got != want {
		t.Errorf("SHA-256 of the encoding is %s, want %s", got, want)
	}
}

// unfilter reverses filter type t on row (PNG specification, section 9.2),
// for TestFilters: written from the decoder's side, separately from the
// encoder's filters.
func unfilter(t byte, row, prev []byte, bpp int) []byte {
	out := make([]byte, len(row))
	for i := range row {
		var left, upLeft int
		if i >= bpp {
			left, upLeft = int(out[i-bpp]), int(prev[i-bpp])
		}
		up := int(prev[i])
		var pred int
		switch t {
		case 1:
			pred = left
		case 2:
			pred = up
		case 3:
			pred = (left + up) / 2
		case 4:
			p := left + up - upLeft
			d := func(v int) int { return max(p-v, v-p) }
			switch {
			case d(left) <= d(up) && d(left) <= d(upLeft):
				pred = left
			case d(up) <= d(upLeft):
				pred = up
			default:
				pred = upLeft
			}
		}
		out[i] = row[i] + byte(pred)
	}
	return out
}

// TestFilters checks every filter's output, not only the ones chosen, and
// that the choice is the least sum of absolute values.
func TestFilters(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var f filterer
	for _, bpp := range []int{1, 2, 3, 4} {
		for n := range 50 {
			cur, prev := make([]byte, bpp*(1+n%9)), make([]byte, bpp*(1+n%9))
			for i := range cur {
				cur[i], prev[i] = uint8(r.Uint32()), uint8(r.Uint32())
				if n%3 == 0 { // smooth rows, so that the predictors matter
					cur[i], prev[i] = uint8(i*n), uint8(i*n+n/2)
				}
			}
			chosen := f.filter(cur, prev, bpp)
			least, first := -1, -1
			for tp, row := range f.out {
				if got := unfilter(byte(tp), row[1:], prev, bpp); !bytes.Equal(got, cur) {
					t.Fatalf("bpp %d, filter %d: unfiltered %v, want %v", bpp, tp, got, cur)
				}
				own, above := bytes.Clone(row), append([]byte{0}, prev...)
				if Unfilter(own, above, bpp); !bytes.Equal(own[1:], cur) {
					t.Fatalf("bpp %d, filter %d: Unfilter gives %v, want %v", bpp, tp, own[1:], cur)
				}
				sum := 0
				for _, v := range row[1:] {
					sum += absByte(v)
				}
				if least < 0 || sum < least {
					least, first = sum, tp
				}
			}
			if int(chosen[0]) != first {
				t.Fatalf("bpp %d: chose filter %d, the first of the least sum is %d", bpp, chosen[0], first)
			}
			sum := 0
			for _, v := range chosen[1:] {
				sum += absByte(v)
			}
			if sum != least {
				t.Fatalf("bpp %d: chose filter %d of sum %d, least is %d", bpp, chosen[0], sum, least)
			}
		}
	}
	// Rows that repeat: Up leaves only zeros.
	row := []byte{9, 200, 3, 77, 140, 5}
	if got := f.filter(row, row, 3)[0]; got != 2 {
		t.Errorf("a row equal to the one above: filter %d, want 2 (Up)", got)
	}
}

// benchImages are the images BenchmarkLevels encodes: the files named in
// $PNGENC_BENCH (comma-separated), or two made here, a photograph-like
// noisy gradient and a flat drawing.
func benchImages(b *testing.B) map[string]image.Image {
	out := map[string]image.Image{}
	if list := os.Getenv("PNGENC_BENCH"); list != "" {
		for _, name := range strings.Split(list, ",") {
			data, err := os.ReadFile(name)
			if err != nil {
				b.Fatal(err)
			}
			m, _, err := image.Decode(bytes.NewReader(data))
			if err != nil {
				b.Fatalf("%s: %v", name, err)
			}
			out[name[strings.LastIndex(name, "/")+1:]] = m
		}
		return out
	}
	r := rand.New(rand.NewPCG(5, 6))
	photo := image.NewRGBA(image.Rect(0, 0, 800, 600))
	flat := image.NewRGBA(image.Rect(0, 0, 800, 600))
	for y := range 600 {
		for x := range 800 {
			n := uint8(r.IntN(12))
			photo.SetRGBA(x, y, color.RGBA{uint8(x/4) + n, uint8(y/3) + n, uint8((x+y)/7) + n, 0xff})
			c := color.RGBA{250, 250, 245, 0xff}
			if (x/40+y/30)%3 == 0 || x%100 < 2 {
				c = color.RGBA{30, 60, 120, 0xff}
			}
			flat.SetRGBA(x, y, c)
		}
	}
	out["photo"], out["flat"] = photo, flat
	return out
}

// BenchmarkLevels compares the levels with image/png at its best
// compression, reporting each encoding's size.
func BenchmarkLevels(b *testing.B) {
	for name, m := range benchImages(b) {
		b.Run(name+"/image-png-best", func(b *testing.B) {
			enc := png.Encoder{CompressionLevel: png.BestCompression}
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := enc.Encode(&buf, m); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(buf.Len()), "bytes")
		})
		for level := 1; level <= 9; level++ {
			b.Run(fmt.Sprintf("%s/level-%d", name, level), func(b *testing.B) {
				var buf bytes.Buffer
				for b.Loop() {
					buf.Reset()
					if err := encode(&buf, m, level, nil); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(buf.Len()), "bytes")
			})
		}
	}
}

// A paletted image is written paletted at the least bit depth that holds
// its palette, with a tRNS chunk up to its last colour that is not opaque,
// and read back by image/png as the same indices and colours; one with an
// index past its palette is written in full colour instead.
func TestPalettedDepths(t *testing.T) {
	for _, tc := range []struct {
		colours, depth int
		alphaAt        int // the colour made translucent, or -1
	}{
		{1, 1, -1}, {2, 1, 0}, {3, 2, -1}, {4, 2, 3}, {5, 4, -1}, {16, 4, 7}, {17, 8, -1}, {200, 8, 150}, {256, 8, 255},
	} {
		var pal color.Palette
		for i := range tc.colours {
			c := color.NRGBA{uint8(i), uint8(255 - i), uint8(i * 7), 0xff}
			if i == tc.alphaAt {
				c.A = 0x40
			}
			pal = append(pal, c)
		}
		for _, size := range sizes {
			p := fill(image.NewPaletted(image.Rectangle{Min: image.Pt(2, -1), Max: image.Pt(2, -1).Add(size)}, pal), uint64(tc.colours), false, false).(*image.Paletted)
			name := fmt.Sprintf("%d colours %dx%d", tc.colours, size.X, size.Y)
			var buf bytes.Buffer
			if err := Encode(&buf, p); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			data := buf.Bytes()
			if depth, ct := data[24], data[25]; ct != 3 || int(depth) != tc.depth {
				t.Errorf("%s: colour type %d at depth %d, want 3 at %d", name, ct, depth, tc.depth)
			}
			if got := bytes.Contains(data, []byte("tRNS")); got != (tc.alphaAt >= 0) {
				t.Errorf("%s: tRNS chunk %v, want %v", name, got, tc.alphaAt >= 0)
			}
			dec, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			q, ok := dec.(*image.Paletted)
			if !ok || len(q.Palette) != len(pal) {
				t.Fatalf("%s: decoded as %T", name, dec)
			}
			for i := range pal {
				if g, w := color.NRGBAModel.Convert(q.Palette[i]), color.NRGBAModel.Convert(pal[i]); g != w {
					t.Errorf("%s: colour %d is %v, want %v", name, i, g, w)
				}
			}
			for y := range size.Y {
				if g, w := q.Pix[y*q.Stride:][:size.X], p.Pix[p.PixOffset(2, -1+y):][:size.X]; !bytes.Equal(g, w) {
					t.Fatalf("%s: row %d is %v, want %v", name, y, g, w)
				}
			}
		}
	}
	p := image.NewPaletted(image.Rect(0, 0, 3, 2), color.Palette{color.NRGBA{1, 2, 3, 0xff}, color.NRGBA{4, 5, 6, 0xff}})
	p.Pix[4] = 9 // past the palette: image/png's At would panic on it
	var buf bytes.Buffer
	if err := Encode(&buf, p); err != nil {
		t.Fatal(err)
	}
	if ct := buf.Bytes()[25]; ct == 3 {
		t.Errorf("an index past the palette written paletted")
	}
}

// Paletted gives the same pixels with a palette of the colours in the order
// they first appear, and declines an image of more than 256 colours or of
// greys alone.
func TestPaletted(t *testing.T) {
	m := image.NewNRGBA(image.Rect(-1, 3, 40, 13))
	for y := m.Rect.Min.Y; y < m.Rect.Max.Y; y++ {
		for x := m.Rect.Min.X; x < m.Rect.Max.X; x++ {
			m.SetNRGBA(x, y, color.NRGBA{uint8(x / 3 % 8 * 30), uint8(y % 4), 7, uint8(255 - (x/3+y)%3)}) // runs of three
		}
	}
	p, ok := Paletted(m)
	if !ok {
		t.Fatal("declined an image of few colours")
	}
	if first := color.NRGBAModel.Convert(p.Palette[0]); first != m.At(-1, 3) {
		t.Errorf("first colour %v, want the first pixel's %v", first, m.At(-1, 3))
	}
	for y := m.Rect.Min.Y; y < m.Rect.Max.Y; y++ {
		for x := m.Rect.Min.X; x < m.Rect.Max.X; x++ {
			if g, w := color.NRGBAModel.Convert(p.At(x, y)), m.At(x, y); g != w {
				t.Fatalf("pixel %d,%d is %v, want %v", x, y, g, w)
			}
		}
	}
	many := image.NewNRGBA(image.Rect(0, 0, 257, 1))
	for x := range 257 {
		many.SetNRGBA(x, 0, color.NRGBA{uint8(x), uint8(x >> 8), 1, 0xff})
	}
	if _, ok := Paletted(many); ok {
		t.Error("257 colours made paletted")
	}
	if _, ok := Paletted(many.SubImage(image.Rect(1, 0, 257, 1))); !ok {
		t.Error("256 colours declined")
	}
	grey := image.NewGray(image.Rect(0, 0, 9, 9))
	if _, ok := Paletted(grey); ok {
		t.Error("a grey image made paletted")
	}
}

// chunkTypes lists a PNG file's chunk types in order.
func chunkTypes(t *testing.T, file []byte) []string {
	t.Helper()
	var out []string
	for at := 8; at+12 <= len(file); {
		n := int(file[at])<<24 | int(file[at+1])<<16 | int(file[at+2])<<8 | int(file[at+3])
		out = append(out, string(file[at+4:at+8]))
		at += 12 + n
	}
	return out
}

// iccpChunk is an iCCP chunk holding a profile header of colour space cs.
func iccpChunk(cs string) Chunk {
	p := make([]byte, 200)
	p[3] = 200
	copy(p[16:], cs)
	copy(p[36:], "acsp")
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, 9)
	zw.Write(p)
	zw.Close()
	return Chunk{Type: "iCCP", Data: append([]byte("p\x00\x00"), z.Bytes()...)}
}

// The colour chunks given come right after IHDR, before the palette, and
// an ICC profile is kept only where it describes the colour type written:
// an RGB one makes a grey image RGB, a grey one is left out of a colour
// image.
func TestEncodeWithColour(t *testing.T) {
	grey := fill(image.NewGray(image.Rect(0, 0, 7, 5)), 1, false, true)
	colour := fill(image.NewRGBA(image.Rect(0, 0, 7, 5)), 2, false, false)
	few, _ := Paletted(fill(image.NewRGBA(image.Rect(0, 0, 7, 5)), 3, false, false))
	gama := Chunk{Type: "gAMA", Data: []byte{0, 0, 0xb1, 0x8f}}
	for _, tt := range []struct {
		name   string
		m      image.Image
		chunks []Chunk
		ct     byte
		types  string
	}{
		{"grey, RGB profile", grey, []Chunk{gama, iccpChunk("RGB ")}, 2, "IHDR gAMA iCCP IDAT IEND"},
		{"grey, grey profile", grey, []Chunk{iccpChunk("GRAY"), gama}, 0, "IHDR iCCP gAMA IDAT IEND"},
		{"colour, grey profile", colour, []Chunk{iccpChunk("GRAY"), gama}, 2, "IHDR gAMA IDAT IEND"},
		{"colour, CMYK profile", colour, []Chunk{iccpChunk("CMYK")}, 2, "IHDR IDAT IEND"},
		{"paletted, RGB profile", few, []Chunk{iccpChunk("RGB ")}, 3, "IHDR iCCP PLTE IDAT IEND"},
		{"paletted, grey profile", few, []Chunk{iccpChunk("GRAY")}, 3, "IHDR PLTE IDAT IEND"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := EncodeWith(&b, tt.m, tt.chunks); err != nil {
				t.Fatal(err)
			}
			got, err := png.Decode(bytes.NewReader(b.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			if ct := b.Bytes()[25]; ct != tt.ct {
				t.Errorf("colour type %d, want %d", ct, tt.ct)
			}
			if types := strings.Join(chunkTypes(t, b.Bytes()), " "); types != tt.types {
				t.Errorf("chunks %s, want %s", types, tt.types)
			}
			bd := tt.m.Bounds()
			for y := bd.Min.Y; y < bd.Max.Y; y++ {
				for x := bd.Min.X; x < bd.Max.X; x++ {
					if g, w := color.NRGBAModel.Convert(got.At(x, y)), want(tt.m, x, y); g != w {
						t.Fatalf("pixel %d,%d: %v, want %v", x, y, g, w)
					}
				}
			}
		})
	}
}
