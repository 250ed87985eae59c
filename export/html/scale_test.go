package html

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"testing"

	"github.com/warraq/warraq/internal/imgcolour"
	"github.com/warraq/warraq/internal/imgcolour/imgcolourtest"
	"github.com/warraq/warraq/internal/pngenc"
)

// The web edition's cover, scaled down for the index page, keeps its
// file's colour profile, as the EPUB's and the PDF's do.
func TestScaleKeepsTheProfile(t *testing.T) {
	prof := imgcolourtest.Profile("RGB ", 640, 5)
	m := image.NewRGBA(image.Rect(0, 0, 1600, 2560))
	for i := range m.Pix {
		m.Pix[i] = byte(i/4096) | 0x40
	}
	var jb bytes.Buffer
	if err := jpeg.Encode(&jb, m, nil); err != nil {
		t.Fatal(err)
	}
	jpg := imgcolourtest.JPEG(jb.Bytes(), prof, 65_000)
	want := imgcolour.Read("jpeg", jpg).PNGChunks()
	var pb bytes.Buffer
	if err := pngenc.EncodeWith(&pb, m, want); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		mediaType, format string
		data              []byte
	}{{"image/jpeg", "jpeg", jpg}, {"image/png", "png", pb.Bytes()}} {
		out, w, _, err := scale(tt.data, tt.mediaType, coverWidth)
		if err != nil || w != coverWidth {
			t.Fatalf("%s: %d wide, %v", tt.format, w, err)
		}
		got := imgcolour.Read(tt.format, out).PNGChunks()
		if len(got) != 1 || !bytes.Equal(got[0].Data, want[0].Data) {
			t.Errorf("%s scaled down says %d colour chunks, want its profile", tt.format, len(got))
		}
	}
}

// A paletted cover is scaled as the same pixels in RGBA are: the table
// imgscale reads it through gives the scaler the same samples.
func TestScalePaletted(t *testing.T) {
	p := image.NewPaletted(image.Rect(0, 0, 640, 1024), color.Palette{
		color.RGBA{20, 60, 70, 255}, color.RGBA{240, 230, 200, 255}, color.RGBA{200, 160, 40, 255}})
	for i := range p.Pix {
		p.Pix[i] = uint8((i/7 + i/640/11) % 3)
	}
	rgba := image.NewRGBA(p.Bounds())
	draw.Draw(rgba, p.Bounds(), p, image.Point{}, draw.Src)
	var pb, rb bytes.Buffer
	if err := pngenc.Encode(&pb, p); err != nil {
		t.Fatal(err)
	}
	if err := pngenc.Encode(&rb, rgba); err != nil {
		t.Fatal(err)
	}
	if pb.Bytes()[25] != 3 {
		t.Fatal("the test image was not written paletted")
	}
	fromP, _, _, err := scale(pb.Bytes(), "image/png", 300)
	if err != nil {
		t.Fatal(err)
	}
	fromRGBA, _, _, err := scale(rb.Bytes(), "image/png", 300)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(fromP, fromRGBA) {
		t.Error("a paletted image scaled differs from the same pixels in RGBA")
	}
}
