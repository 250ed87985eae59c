package collection

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"golang.org/x/image/webp"

	"github.com/warraq/warraq/internal/cache"
	"github.com/warraq/warraq/internal/imgcolour"
	"github.com/warraq/warraq/internal/imgcolour/imgcolourtest"
	"github.com/warraq/warraq/internal/pngenc"
	"github.com/warraq/warraq/internal/testdir"
)

// sparse makes a file of size bytes that starts with head: the rest is a
// hole, so a test of a size limit writes almost nothing to the disk.
func sparse(t *testing.T, path, head string, size int64) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(head); err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
}

// Each limit of what a build reads is refused with its file (and line where
// there is one), the size found and the limit, before the content is read.
func TestSizeLimits(t *testing.T) {
	ok := "---\ntitle: أ\n---\n\nنص\n"
	const mb = 1 << 20
	tests := []struct {
		name   string
		files  map[string]string
		sparse map[string]int64 // files made of their content in files and a hole up to this size
		want   string
	}{
		{"article too large", map[string]string{"big.md": ok}, map[string]int64{"big.md": 50 * mb},
			"big.md: the file is 50 MB, more than the 1 MB an article may have (about 350 pages); split it into several articles"},
		{"book too large", nil, func() map[string]int64 {
			m := map[string]int64{}
			for i := 0; i < 37; i++ {
				m[fmt.Sprintf("a%02d.md", i)] = mb - 100
			}
			return m
		}(), "the 37 selected articles are 37.0 MB of Markdown, more than the 36 MB one book may have (about 15,000 pages); make volumes of it with since: and until:, tags: or --tag"},
		{"too much to read", nil, func() map[string]int64 {
			m := map[string]int64{}
			for i := 0; i < 65; i++ {
				m[fmt.Sprintf("a%02d.md", i)] = mb
			}
			return m
		}(), "the 65 Markdown files to read are 65 MB in all, more than the 64 MB one build reads; narrow include: and exclude:, or split the collection"},
		{"image file too large", map[string]string{"a.md": ok + "\n![صورة](x.png)\n", "x.png": string(hugePNGHeader(10, 10))},
			map[string]int64{"x.png": 129 * mb},
			"a.md:7: image x.png: the file is 129 MB, more than the 128 MB an image may have"},
		{"images too large together", map[string]string{"a.md": ok + "\n![أ](x.png) ![ب](y.png) ![ج](z.png)\n",
			"x.png": string(hugePNGHeader(10, 10)), "y.png": string(hugePNGHeader(10, 10)), "z.png": string(hugePNGHeader(10, 10))},
			map[string]int64{"x.png": 100 * mb, "y.png": 100 * mb, "z.png": 100 * mb},
			"book.yaml: the 3 image files of the book are 300 MB together, more than the 256 MB one book may carry; make them smaller (JPEG for photographs) or split the book"},
		{"font file too large", map[string]string{"a.md": ok, "book.yaml": "title: ك\nfonts:\n  body: big.ttf\n"},
			map[string]int64{"big.ttf": 33 * mb},
			"book.yaml:3: fonts.body: big.ttf is 33 MB, more than the 32 MB a font file may have"},
		{"font files too large together", map[string]string{"a.md": ok,
			"book.yaml": "fonts:\n  body:\n    regular: r.ttf\n    bold: b.ttf\n    italic: r.ttf\n    bold-italic: i.ttf\n"},
			map[string]int64{"r.ttf": 30 * mb, "b.ttf": 30 * mb, "i.ttf": 30 * mb},
			"book.yaml:6: fonts.body.bold-italic: with i.ttf, the font files of fonts: are 90 MB together, more than the 64 MB one book may have"},
		{"too many pixels", map[string]string{"a.md": ok + "\n![صورة](x.png)\n", "x.png": string(hugePNGHeader(9990, 9990))}, nil,
			"a.md:7: image x.png: 9990 x 9990 pixels (100 megapixels) is more than the 50 megapixels an image may have; scale it down (a printed page needs at most about 9)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := testdir.Write(t, tt.files)
			for name, size := range tt.sparse {
				sparse(t, filepath.Join(dir, name), tt.files[name]+ok, size)
			}
			got := loadErr(t, dir, Options{})
			for i, g := range got {
				got[i] = strings.TrimPrefix(g, dir+": ")
			}
			for _, g := range got {
				if g == tt.want {
					return
				}
			}
			t.Errorf("diagnostics:\n  %s\nwant the line:\n  %s", strings.Join(got, "\n  "), tt.want)
		})
	}
}

// An image larger than maxSide on a side is kept, scaled down by a whole
// factor, with a warning; its pixels are averaged, not dropped.
func TestLargeImageScaledDown(t *testing.T) {
	dir := testdir.Write(t, map[string]string{
		"book.yaml": "date: 2025-01-01\n",
		"a.md":      "---\ntitle: أ\n---\n\n![عريضة](wide.png) ![صورة](photo.jpg)\n",
		"wide.png":  string(pngBytes(t, maxSide+4, 3)),
		"photo.jpg": string(jpegBytes(t, 2*maxSide+1, 8)),
	})
	b, err := Load(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range b.Diagnostics {
		got = append(got, d.String())
	}
	want := []string{
		"a.md:5: warning: image photo.jpg: 8193 x 8 pixels is more than a page or screen shows; set at 2731 x 3 (give a smaller file to choose how)",
		"a.md:5: warning: image wide.png: 4100 x 3 pixels is more than a page or screen shows; set at 2050 x 2 (give a smaller file to choose how)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, a := range b.Assets {
		cfgW, cfgH := decodedSize(t, a.Data)
		if cfgW != a.Width || cfgH != a.Height || a.Width > maxSide {
			t.Errorf("%s: asset says %d x %d, its data %d x %d", a.Path, a.Width, a.Height, cfgW, cfgH)
		}
		if want := map[string]string{"wide.png": "image/png", "photo.jpg": "image/jpeg"}[a.Path]; a.MediaType != want {
			t.Errorf("%s carried as %s, want %s", a.Path, a.MediaType, want)
		}
	}
}

// An image Warraq encodes again, a WebP carried as PNG or a PNG scaled
// down, decodes to the pixels it had: the WebP's, or the scaled image's
// (its translucent pixels too).
func TestReencodedImagesKeepTheirPixels(t *testing.T) {
	webp, err := os.ReadFile("testdata/tiny.webp")
	if err != nil {
		t.Fatal(err)
	}
	wide := image.NewNRGBA(image.Rect(0, 0, maxSide+5, 4))
	for i := range wide.Pix {
		wide.Pix[i] = uint8(i*7 + i/4)
	}
	var widePNG bytes.Buffer
	if err := png.Encode(&widePNG, wide); err != nil {
		t.Fatal(err)
	}
	dir := testdir.Write(t, map[string]string{
		"book.yaml": "date: 2025-01-01\n",
		"a.md":      "---\ntitle: أ\n---\n\n![أ](w.webp) ![ب](wide.png)\n",
		"w.webp":    string(webp),
		"wide.png":  widePNG.String(),
	})
	b, err := Load(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	webpImage, _, err := image.Decode(bytes.NewReader([]byte(webp)))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]image.Image{"w.webp.png": webpImage, "wide.png": shrink(wide, 2)}
	if len(b.Assets) != len(want) {
		t.Fatalf("%d assets, want %d", len(b.Assets), len(want))
	}
	for _, a := range b.Assets {
		got, err := png.Decode(bytes.NewReader(a.Data))
		if err != nil {
			t.Fatalf("%s: %v", a.Path, err)
		}
		w := want[a.Path]
		if w == nil || got.Bounds().Size() != w.Bounds().Size() {
			t.Fatalf("%s: %v, want %v", a.Path, got.Bounds(), w)
		}
		for y := range w.Bounds().Dy() {
			for x := range w.Bounds().Dx() {
				g := color.NRGBAModel.Convert(got.At(x, y))
				wc := color.NRGBAModel.Convert(w.At(w.Bounds().Min.X+x, w.Bounds().Min.Y+y))
				if g != wc {
					t.Fatalf("%s: pixel %d,%d is %v, want %v", a.Path, x, y, g, wc)
				}
			}
		}
	}
}

// An image written again, scaled down or converted from WebP, says of its
// colours what its file said: a JPEG's or a WebP's ICC profile, a PNG's
// colour chunks. A Display P3 photograph larger than maxSide stays one.
func TestReencodedImagesKeepTheirColour(t *testing.T) {
	prof := imgcolourtest.Profile("RGB ", 3001, 11)

	// A colour JPEG, twice maxSide wide, its profile in two APP2 segments.
	big := image.NewRGBA(image.Rect(0, 0, 2*maxSide+1, 8))
	for i := range big.Pix {
		big.Pix[i] = byte(i / 3)
	}
	var jb bytes.Buffer
	if err := jpeg.Encode(&jb, big, nil); err != nil {
		t.Fatal(err)
	}
	jpg := imgcolourtest.JPEG(jb.Bytes(), prof, 2000)

	// A PNG maxSide+4 wide with a profile and a gamma.
	wide := image.NewRGBA(image.Rect(0, 0, maxSide+4, 3))
	for i := range wide.Pix {
		wide.Pix[i] = byte(i*7) | 0x80
	}
	chunks := append(imgcolour.Read("jpeg", jpg).PNGChunks(), pngenc.Chunk{Type: "gAMA", Data: []byte{0, 0, 0xb1, 0x8f}})
	var pb bytes.Buffer
	if err := pngenc.EncodeWith(&pb, wide, chunks); err != nil {
		t.Fatal(err)
	}

	// A WebP with its profile: the test file in an extended container.
	tiny, err := os.ReadFile("testdata/tiny.webp")
	if err != nil {
		t.Fatal(err)
	}
	chunk := func(typ string, data []byte) []byte {
		c := append(binary.LittleEndian.AppendUint32([]byte(typ), uint32(len(data))), data...)
		if len(data)%2 == 1 {
			c = append(c, 0)
		}
		return c
	}
	withProfile := func(file []byte) []byte {
		cfg, err := webp.DecodeConfig(bytes.NewReader(file))
		if err != nil {
			t.Fatal(err)
		}
		vp8x := []byte{0x20, 0, 0, 0, byte(cfg.Width - 1), 0, 0, byte(cfg.Height - 1), 0, 0}
		body := append([]byte("WEBP"), chunk("VP8X", vp8x)...)
		body = append(append(body, chunk("ICCP", prof)...), file[12:]...)
		return append(binary.LittleEndian.AppendUint32([]byte("RIFF"), uint32(len(body))), body...)
	}
	wp := withProfile(tiny)
	// A lossy WebP photograph, carried as JPEG, with its profile.
	photo, err := os.ReadFile("testdata/photo.webp")
	if err != nil {
		t.Fatal(err)
	}
	pp := withProfile(photo)

	dir := testdir.Write(t, map[string]string{
		"book.yaml":    "date: 2025-01-01\n",
		"a.md":         "---\ntitle: أ\n---\n\n![أ](p3.webp) ![ب](wide.png) ![ج](photo.jpg) ![د](p3photo.webp)\n",
		"p3.webp":      string(wp),
		"p3photo.webp": string(pp),
		"wide.png":     pb.String(),
		"photo.jpg":    string(jpg),
	})
	b, err := Load(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sources := map[string]imgcolour.Info{
		"p3.webp.png":      imgcolour.Read("webp", wp),
		"wide.png":         imgcolour.Read("png", pb.Bytes()),
		"photo.jpg":        imgcolour.Read("jpeg", jpg),
		"p3photo.webp.jpg": imgcolour.Read("webp", pp),
	}
	for _, src := range sources {
		if src.Empty() {
			t.Fatal("a test file has no colour to carry")
		}
	}
	if len(b.Assets) != len(sources) {
		t.Fatalf("%d assets, want %d", len(b.Assets), len(sources))
	}
	for _, a := range b.Assets {
		_, format, err := image.DecodeConfig(bytes.NewReader(a.Data))
		if err != nil {
			t.Fatalf("%s: %v", a.Path, err)
		}
		if bytes.Equal(a.Data, map[string][]byte{"p3.webp.png": wp, "wide.png": pb.Bytes(), "photo.jpg": jpg, "p3photo.webp.jpg": pp}[a.Path]) {
			t.Errorf("%s carried as it was: want it written again", a.Path)
		}
		got, want := imgcolour.Read(format, a.Data).PNGChunks(), sources[a.Path].PNGChunks()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s (%s) says %d colour chunks, want those of its file (%d)", a.Path, format, len(got), len(want))
		}
	}
}

func decodedSize(t *testing.T, data []byte) (int, int) {
	t.Helper()
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return cfg.Width, cfg.Height
}

// shrink averages each k x k block, premultiplied, from every image type
// the decoders return; a partial block at the edge averages what it has.
func TestShrinkAverages(t *testing.T) {
	rgba := image.NewRGBA(image.Rect(0, 0, 5, 2))
	for x := 0; x < 5; x++ {
		for y := 0; y < 2; y++ {
			rgba.SetRGBA(x, y, color.RGBA{uint8(40 * x), uint8(100 * y), 200, 255})
		}
	}
	nrgba := image.NewNRGBA(image.Rect(0, 0, 2, 2))
	nrgba.SetNRGBA(0, 0, color.NRGBA{255, 0, 0, 255})
	nrgba.SetNRGBA(1, 0, color.NRGBA{255, 0, 0, 255}) // two opaque red, two transparent
	gray := image.NewGray(image.Rect(0, 0, 2, 2))
	gray.Pix = []uint8{0, 100, 200, 100}
	ycc := image.NewYCbCr(image.Rect(0, 0, 2, 2), image.YCbCrSubsampleRatio420)
	for i := range ycc.Y {
		ycc.Y[i] = 235
	}
	ycc.Cb[0], ycc.Cr[0] = 128, 128
	paletted := image.NewPaletted(image.Rect(0, 0, 2, 2), color.Palette{color.Black, color.White})
	paletted.Pix = []uint8{0, 1, 1, 0}
	for _, tt := range []struct {
		name string
		m    image.Image
		want []color.RGBA
	}{
		{"RGBA with a partial block", rgba, []color.RGBA{{20, 50, 200, 255}, {100, 50, 200, 255}, {160, 50, 200, 255}}},
		{"NRGBA half transparent", nrgba, []color.RGBA{{128, 0, 0, 128}}},
		{"Gray", gray, []color.RGBA{{100, 100, 100, 255}}},
		{"YCbCr", ycc, []color.RGBA{{235, 235, 235, 255}}},
		{"Paletted (any other type)", paletted, []color.RGBA{{128, 128, 128, 255}}},
	} {
		got := shrink(tt.m, 2)
		if got.Bounds().Dx() != len(tt.want) || got.Bounds().Dy() != 1 {
			t.Errorf("%s: %v, want %d x 1", tt.name, got.Bounds(), len(tt.want))
			continue
		}
		for x, w := range tt.want {
			if c := got.RGBAAt(x, 0); c != w {
				t.Errorf("%s: pixel %d is %v, want %v", tt.name, x, c, w)
			}
		}
	}
}

// A full-colour PNG of few colours is carried paletted, smaller and with
// the same pixels, and one with a gamma or a profile keeps them; one of
// more than 256 colours is carried as it is.
func TestFewColoursCarriedPaletted(t *testing.T) {
	drawing := image.NewNRGBA(image.Rect(0, 0, 300, 200))
	photo := image.NewNRGBA(image.Rect(0, 0, 300, 200))
	for y := range 200 {
		for x := range 300 {
			c := color.NRGBA{240, 236, 220, 255}
			if (x/20+y/20)%3 == 0 {
				c = color.NRGBA{uint8(x / 30 * 20), 40, 90, 200}
			}
			drawing.SetNRGBA(x, y, c)
			photo.SetNRGBA(x, y, color.NRGBA{uint8(x), uint8(y), uint8(x ^ y), 255})
		}
	}
	var d, p bytes.Buffer
	if err := png.Encode(&d, drawing); err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(&p, photo); err != nil {
		t.Fatal(err)
	}
	// The same drawing with a gAMA chunk (gamma 1/2.2) after IHDR.
	gama := []byte{0, 0, 0, 4, 'g', 'A', 'M', 'A', 0, 0, 0xb1, 0x8f}
	gama = binary.BigEndian.AppendUint32(gama, crc32.ChecksumIEEE(gama[4:]))
	withGamma := append(append(append([]byte(nil), d.Bytes()[:33]...), gama...), d.Bytes()[33:]...)
	// And with an ICC profile.
	var pd bytes.Buffer
	if err := pngenc.EncodeWith(&pd, drawing, []pngenc.Chunk{imgcolourtest.ICCPChunk(imgcolourtest.Profile("RGB ", 900, 3))}); err != nil {
		t.Fatal(err)
	}
	dir := testdir.Write(t, map[string]string{
		"book.yaml":    "date: 2025-01-01\n",
		"a.md":         "---\ntitle: أ\n---\n\n![أ](drawing.png) ![ب](photo.png) ![ج](gamma.png) ![د](profiled.png)\n",
		"drawing.png":  d.String(),
		"photo.png":    p.String(),
		"gamma.png":    string(withGamma),
		"profiled.png": pd.String(),
	})
	b, err := Load(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Assets) != 4 {
		t.Fatalf("%d assets, want 4", len(b.Assets))
	}
	for _, a := range b.Assets {
		source := map[string][]byte{"drawing.png": d.Bytes(), "photo.png": p.Bytes(), "gamma.png": withGamma, "profiled.png": pd.Bytes()}[a.Path]
		if a.Path == "photo.png" {
			if !bytes.Equal(a.Data, source) {
				t.Errorf("%s: written again, want carried as it is", a.Path)
			}
		} else if ct := a.Data[25]; ct != 3 || len(a.Data) >= len(source) {
			t.Errorf("%s: colour type %d, %d bytes (from %d), want paletted and smaller", a.Path, ct, len(a.Data), len(source))
		}
		gotc, wantc := imgcolour.Read("png", a.Data).PNGChunks(), imgcolour.Read("png", source).PNGChunks()
		if (len(wantc) > 0) != (a.Path == "gamma.png" || a.Path == "profiled.png") {
			t.Fatalf("%s: the test file has %d colour chunks", a.Path, len(wantc))
		}
		if !reflect.DeepEqual(gotc, wantc) {
			t.Errorf("%s: %d colour chunks, want its file's %d", a.Path, len(gotc), len(wantc))
		}
		got, err := png.Decode(bytes.NewReader(a.Data))
		if err != nil {
			t.Fatalf("%s: %v", a.Path, err)
		}
		want := map[string]image.Image{"drawing.png": drawing, "photo.png": photo, "gamma.png": drawing, "profiled.png": drawing}[a.Path]
		for y := range 200 {
			for x := range 300 {
				if g, w := color.NRGBAModel.Convert(got.At(x, y)), want.At(x, y); g != w {
					t.Fatalf("%s: pixel %d,%d is %v, want %v", a.Path, x, y, g, w)
				}
			}
		}
	}
}

// Images loaded from the cache are the images loaded without it: the same
// assets (bytes, names, sizes) and warnings, in a book with a PNG carried
// as it is, one carried paletted, a WebP carried as PNG, a lossy one
// carried as JPEG, a PNG scaled down and a JPEG. A warm load decodes none;
// a damaged entry is a miss.
func TestCachedImagesAreLoadedImages(t *testing.T) {
	webp, err := os.ReadFile("testdata/tiny.webp")
	if err != nil {
		t.Fatal(err)
	}
	lossy, err := os.ReadFile("testdata/photo.webp")
	if err != nil {
		t.Fatal(err)
	}
	photo := image.NewNRGBA(image.Rect(0, 0, 60, 40))
	for i := range photo.Pix {
		photo.Pix[i] = uint8(i*7 + i/4)
	}
	wide := image.NewNRGBA(image.Rect(0, 0, maxSide+5, 4))
	copy(wide.Pix, photo.Pix)
	var photoPNG, widePNG, jpg bytes.Buffer
	for _, e := range []error{png.Encode(&photoPNG, photo), png.Encode(&widePNG, wide), jpeg.Encode(&jpg, photo, nil)} {
		if e != nil {
			t.Fatal(e)
		}
	}
	dir := testdir.Write(t, map[string]string{
		"book.yaml":  "date: 2025-01-01\n",
		"a.md":       "---\ntitle: أ\n---\n\n![أ](w.webp) ![ب](wide.png) ![ج](photo.png) ![د](few.png) ![هـ](photo.jpg) ![و](lossy.webp)\n",
		"w.webp":     string(webp),
		"lossy.webp": string(lossy),
		"wide.png":   widePNG.String(),
		"photo.png":  photoPNG.String(),
		"few.png":    string(pngBytes(t, 30, 20)),
		"photo.jpg":  jpg.String(),
	})
	cold, err := Load(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(cold.Assets) != 6 || len(cold.Diagnostics) == 0 {
		t.Fatalf("%d assets and %d diagnostics; the test wants 6 and the scaled image's warning", len(cold.Assets), len(cold.Diagnostics))
	}
	cdir := t.TempDir()
	store, err := cache.Open(cdir, 0)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var decoded []string
	probe := func(stage, item string) {
		if stage == "decode" {
			mu.Lock()
			decoded = append(decoded, item)
			mu.Unlock()
		}
	}
	load := func(what string, wantDecoded int) {
		t.Helper()
		decoded = nil
		b, err := Load(dir, Options{Cache: store, Probe: probe})
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		store.Flush()
		if len(decoded) != wantDecoded {
			t.Errorf("%s: decoded %q, want %d files", what, decoded, wantDecoded)
		}
		if !reflect.DeepEqual(b.Assets, cold.Assets) || !reflect.DeepEqual(b.Diagnostics, cold.Diagnostics) {
			t.Errorf("%s: the images or warnings differ from a load without the cache", what)
		}
	}
	load("filling the cache", 6)
	load("from the cache", 0)
	if n := len(entries(t, cdir)); n < 6 {
		t.Fatalf("%d entries, want at least the 6 images'", n)
	}
	for _, k := range entries(t, cdir) {
		data, _ := store.Get(k)
		store.Put(k, data[:len(data)-1])
	}
	store.Flush()
	load("every entry cut", 6)
	load("after rewriting them", 0)
}

// The supplied cover's edge colour is the mean of its outermost pixels as
// the cover carries it (the file, or what was written again from it), the
// same from the cache as decoded, and the same whether the file is also an
// article's image or not.
func TestCoverEdge(t *testing.T) {
	webp, err := os.ReadFile("testdata/tiny.webp")
	if err != nil {
		t.Fatal(err)
	}
	// A frame of two colours round a middle that does not count.
	framed := image.NewNRGBA(image.Rect(0, 0, 40, 64))
	for y := range 64 {
		for x := range 40 {
			c := color.NRGBA{250, 250, 250, 255}
			switch {
			case y == 0 || y == 63:
				c = color.NRGBA{200, 100, 0, 255}
			case x == 0 || x == 39:
				c = color.NRGBA{0, 50, 100, 255}
			}
			framed.Set(x, y, c)
		}
	}
	// 2*40 top and bottom, 2*62 at the sides.
	want := [3]uint8{uint8((80 * 200) / 204), uint8((80*100 + 124*50) / 204), uint8((124 * 100) / 204)}
	var framedPNG, framedJPEG bytes.Buffer
	if err := png.Encode(&framedPNG, framed); err != nil {
		t.Fatal(err)
	}
	if err := jpeg.Encode(&framedJPEG, framed, &jpeg.Options{Quality: 100}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, file string
		data       []byte
		shared     bool
	}{
		{"a PNG of three colours, carried paletted", "c.png", framedPNG.Bytes(), false},
		{"the same, also an article's image", "c.png", framedPNG.Bytes(), true},
		{"a JPEG", "c.jpg", framedJPEG.Bytes(), false},
		{"a WebP, carried as PNG", "c.webp", webp, false},
	} {
		md := "---\ntitle: أ\n---\n\nنص.\n"
		if c.shared {
			md += "\n![غلاف](" + c.file + ")\n"
		}
		dir := testdir.Write(t, map[string]string{
			"book.yaml": "date: 2025-01-01\ncover: " + c.file + "\n",
			"a.md":      md,
			c.file:      string(c.data),
		})
		store, err := cache.Open(t.TempDir(), 0)
		if err != nil {
			t.Fatal(err)
		}
		var edges [][3]uint8
		for range 2 { // filling the cache, then from it
			b, err := Load(dir, Options{Cache: store})
			if err != nil {
				t.Fatal(err)
			}
			store.Flush()
			a := b.CoverAsset()
			if a == nil {
				t.Fatalf("%s: no cover", c.name)
			}
			m, _, err := image.Decode(bytes.NewReader(a.Data))
			if err != nil {
				t.Fatalf("%s: the cover as carried: %v", c.name, err)
			}
			if got := b.CoverEdge(); got != edgeColour(m) {
				t.Errorf("%s: edge %v, the carried image's %v", c.name, got, edgeColour(m))
			}
			edges = append(edges, b.CoverEdge())
		}
		if edges[0] != edges[1] {
			t.Errorf("%s: edge %v decoded, %v from the cache", c.name, edges[0], edges[1])
		}
		if c.file == "c.png" && edges[0] != want {
			t.Errorf("%s: edge %v, want %v", c.name, edges[0], want)
		}
	}
}

// A lossy WebP, a photograph, is carried as a JPEG of its pixels, and one
// with an alpha channel or few colours as PNG: a JPEG cannot be clear, and
// a paletted PNG keeps every pixel.
func TestLossyWebPAsJPEG(t *testing.T) {
	files := map[string]string{"book.yaml": "date: 2025-01-01\n",
		"a.md": "---\ntitle: أ\n---\n\n![أ](photo.webp) ![ب](clear.webp) ![ج](tiny.webp)\n"}
	for _, name := range []string{"photo.webp", "clear.webp", "tiny.webp"} {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = string(data)
	}
	b, err := Load(testdir.Write(t, files), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"photo.webp.jpg": "jpeg", "clear.webp.png": "png", "tiny.webp.png": "png"}
	if len(b.Assets) != len(want) {
		t.Fatalf("%d assets, want %d", len(b.Assets), len(want))
	}
	for _, a := range b.Assets {
		m, format, err := image.Decode(bytes.NewReader(a.Data))
		if err != nil || format != want[a.Path] || a.MediaType != "image/"+format {
			t.Fatalf("%s: %s, %s (%v); want %s", a.Path, format, a.MediaType, err, want[a.Path])
		}
		src, _, err := image.Decode(bytes.NewReader([]byte(files[strings.TrimSuffix(strings.TrimSuffix(a.Path, ".jpg"), ".png")])))
		if err != nil {
			t.Fatal(err)
		}
		// The JPEG's pixels are the WebP's, but for its own compression:
		// on average within two levels in a channel.
		var sum, n float64
		for y := range src.Bounds().Dy() {
			for x := range src.Bounds().Dx() {
				r1, g1, b1, a1 := src.At(x, y).RGBA()
				r2, g2, b2, a2 := m.At(x, y).RGBA()
				for _, d := range [][2]uint32{{r1, r2}, {g1, g2}, {b1, b2}, {a1, a2}} {
					sum += math.Abs(float64(d[0]>>8) - float64(d[1]>>8))
					n++
				}
				if format == "png" {
					// A PNG holds the pixels (to a level: a clear one is
					// premultiplied on the way).
					p, q := color.NRGBAModel.Convert(m.At(x, y)).(color.NRGBA), color.NRGBAModel.Convert(src.At(x, y)).(color.NRGBA)
					for _, d := range [][2]int{{int(p.R), int(q.R)}, {int(p.G), int(q.G)}, {int(p.B), int(q.B)}, {int(p.A), int(q.A)}} {
						if d[0]-d[1] > 1 || d[1]-d[0] > 1 {
							t.Fatalf("%s: pixel %d,%d is %v, the WebP's %v", a.Path, x, y, p, q)
						}
					}
				}
			}
		}
		if mean := sum / n; mean > 2 {
			t.Errorf("%s: its pixels differ from the WebP's by %.2f levels on average", a.Path, mean)
		}
	}
}
