package pdfwriter

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

func encodePNG(t testing.TB, m image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestImages(t *testing.T) {
	rgba := image.NewNRGBA(image.Rect(0, 0, 3, 2))
	rgba.Set(0, 0, color.NRGBA{255, 0, 0, 128})
	opaque := image.NewRGBA(image.Rect(0, 0, 4, 5))
	for i := range opaque.Pix {
		opaque.Pix[i] = 0xFF
	}
	gray := image.NewGray(image.Rect(0, 0, 7, 1))
	var jb bytes.Buffer
	if err := jpeg.Encode(&jb, opaque, nil); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, mediaType string
		data            []byte
		w, h            int
		filter, cs      string
		smask           bool
	}{
		{"png with alpha", "image/png", encodePNG(t, rgba), 3, 2, "FlateDecode", "DeviceRGB", true},
		{"opaque png", "image/png", encodePNG(t, opaque), 4, 5, "FlateDecode", "DeviceRGB", false},
		{"gray png", "", encodePNG(t, gray), 7, 1, "FlateDecode", "DeviceGray", false},
		{"jpeg", "image/jpeg", jb.Bytes(), 4, 5, "DCTDecode", "DeviceRGB", false},
	}
	d := New(Info{})
	p := d.NewPage(100, 100)
	var imgs []*Image
	for _, c := range cases {
		img, err := d.AddImage(c.data, c.mediaType)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if w, h := img.Size(); w != c.w || h != c.h {
			t.Errorf("%s: Size() = %d×%d, want %d×%d", c.name, w, h, c.w, c.h)
		}
		p.DrawImage(img, 10, 10, 50, 40)
		imgs = append(imgs, img)
	}
	ctx, xobj := pageXObjects(t, d)
	for i, c := range cases {
		sd, _, err := ctx.DereferenceStreamDict(xobj[imgs[i].res])
		if err != nil || sd == nil {
			t.Fatalf("%s: no XObject %s", c.name, imgs[i].res)
		}
		if f := sd.NameEntry("Filter"); f == nil || *f != c.filter {
			t.Errorf("%s: Filter %v, want %s", c.name, f, c.filter)
		}
		if cs := sd.NameEntry("ColorSpace"); cs == nil || *cs != c.cs {
			t.Errorf("%s: ColorSpace %v, want %s", c.name, cs, c.cs)
		}
		if w, h := intOf(t, ctx, sd.Dict["Width"]), intOf(t, ctx, sd.Dict["Height"]); w != c.w || h != c.h {
			t.Errorf("%s: %d×%d in the file", c.name, w, h)
		}
		if _, ok := sd.Find("SMask"); ok != c.smask {
			t.Errorf("%s: SMask present %v, want %v", c.name, ok, c.smask)
		}
		if c.filter == "FlateDecode" {
			if err := sd.Decode(); err != nil {
				t.Fatal(err)
			}
			comps := 3
			if c.cs == "DeviceGray" {
				comps = 1
			}
			if len(sd.Content) != c.w*c.h*comps {
				t.Errorf("%s: %d sample bytes, want %d", c.name, len(sd.Content), c.w*c.h*comps)
			}
		}
	}
}

// jpegHeader builds the markers parseJPEG reads: optional APP14 "Adobe",
// then a baseline frame header with n components.
func jpegHeader(adobe bool, n byte) []byte {
	b := []byte{0xFF, 0xD8}
	if adobe {
		b = append(b, 0xFF, 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 2)
	}
	b = append(b, 0xFF, 0xC0, 0, byte(8+3*int(n)), 8, 0, 20, 0, 30, n)
	for i := byte(0); i < n; i++ {
		b = append(b, i+1, 0x11, 0)
	}
	return append(b, 0xFF, 0xD9)
}

func TestParseJPEG(t *testing.T) {
	for _, c := range []struct {
		name   string
		data   []byte
		cs     string
		decode string
		err    bool
	}{
		{"gray", jpegHeader(false, 1), "/DeviceGray", "", false},
		{"cmyk", jpegHeader(false, 4), "/DeviceCMYK", "", false},
		{"adobe cmyk is inverted", jpegHeader(true, 4), "/DeviceCMYK", "[1 0 1 0 1 0 1 0]", false},
		{"two components", jpegHeader(false, 2), "", "", true},
		{"truncated", jpegHeader(false, 3)[:8], "", "", true},
		{"not jpeg", []byte("GIF89a"), "", "", true},
	} {
		img, err := parseJPEG(c.data)
		if (err != nil) != c.err {
			t.Errorf("%s: error %v, want error %v", c.name, err, c.err)
			continue
		}
		if err != nil {
			continue
		}
		if img.colorSpace != c.cs || img.decode != c.decode || img.w != 30 || img.h != 20 {
			t.Errorf("%s: %s decode %q %d×%d", c.name, img.colorSpace, img.decode, img.w, img.h)
		}
	}
	if _, err := New(Info{}).AddImage([]byte("GIF89a"), "image/gif"); err == nil {
		t.Error("GIF accepted")
	}
}

// PNGs taken from the image cache are the PNGs decoded, or the fact that
// a PNG was passed through as it is (png.go) with its palette's largest
// index and the alpha of its transparency: a document that
// finds them there writes the same bytes as one that decodes them, and
// does not put them again; a damaged entry is a miss and is put again.
func TestImageCache(t *testing.T) {
	rgba := image.NewNRGBA(image.Rect(0, 0, 30, 20))
	for i := range rgba.Pix {
		rgba.Pix[i] = uint8(i * 13)
	}
	// 16 bits a sample: decoded, as an alpha channel is (png.go).
	gray := image.NewGray16(image.Rect(0, 0, 9, 4))
	for i := range gray.Pix {
		gray.Pix[i] = uint8(i * 29)
	}
	// Opaque RGB and a palette: passed through, and the cache keeps
	// that they were (and the palette's largest index).
	opaque := image.NewRGBA(image.Rect(0, 0, 12, 7))
	for i := range opaque.Pix {
		opaque.Pix[i] = uint8(i*31) | uint8(255*(i%4/3))
	}
	pal := image.NewPaletted(image.Rect(0, 0, 10, 3), color.Palette{color.RGBA{1, 2, 3, 255}, color.RGBA{200, 100, 50, 255}, color.RGBA{9, 9, 9, 255}})
	for i := range pal.Pix {
		pal.Pix[i] = uint8(i % 3)
	}
	// A palette with a translucent colour: passed through, its alpha in
	// the entry.
	clear := image.NewPaletted(image.Rect(0, 0, 11, 5), color.Palette{color.NRGBA{1, 2, 3, 0}, color.NRGBA{200, 100, 50, 128}, color.RGBA{9, 9, 9, 255}})
	for i := range clear.Pix {
		clear.Pix[i] = uint8(i % 3)
	}
	pngs := [][]byte{encodePNG(t, rgba), encodePNG(t, gray), encodePNG(t, opaque), encodePNG(t, pal), encodePNG(t, clear)}
	for i, data := range pngs {
		img, passed := passPNG(data)
		if passed != (i >= 2) {
			t.Fatalf("PNG %d: passed through %v", i, passed)
		}
		if passed && (img.alpha != nil) != (i == 4) {
			t.Fatalf("PNG %d: a soft mask %v", i, img.alpha != nil)
		}
	}
	n := len(pngs)
	write := func(c StreamCache) []byte {
		var out bytes.Buffer
		d := New(Info{Title: "صور"})
		if c != nil {
			d.CacheImages(c, []byte("this build"))
		}
		pg := d.NewPage(200, 200)
		for i, data := range pngs {
			img, err := d.AddImage(data, "image/png")
			if err != nil {
				t.Fatal(err)
			}
			pg.DrawImage(img, 10, float64(10+50*i), 40, 30)
		}
		if err := d.Write(&out); err != nil {
			t.Fatal(err)
		}
		return out.Bytes()
	}
	want := write(nil)
	c := newMemCache()
	if got := write(c); !bytes.Equal(got, want) || c.puts != n || c.hits != 0 {
		t.Fatalf("filling the cache: %d puts, %d hits, same bytes %v", c.puts, c.hits, bytes.Equal(got, want))
	}
	if got := write(c); !bytes.Equal(got, want) || c.puts != n || c.hits != n {
		t.Fatalf("from the cache: %d puts, %d hits, same bytes %v", c.puts, c.hits, bytes.Equal(got, want))
	}
	for k, v := range c.entries {
		v[len(v)/2] ^= 1
		c.entries[k] = v
	}
	if got := write(c); !bytes.Equal(got, want) || c.puts != 2*n {
		t.Fatalf("damaged entries: %d puts, same bytes %v", c.puts, bytes.Equal(got, want))
	}
	for k, v := range c.entries {
		c.entries[k] = v[:len(v)-40]
	}
	if got := write(c); !bytes.Equal(got, want) || c.puts != 3*n {
		t.Fatalf("cut entries: %d puts, same bytes %v", c.puts, bytes.Equal(got, want))
	}
}
