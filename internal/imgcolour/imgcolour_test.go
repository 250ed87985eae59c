package imgcolour

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"testing"

	"github.com/klauspost/compress/zlib"

	"github.com/warraq/warraq/internal/imgcolour/imgcolourtest"
	"github.com/warraq/warraq/internal/pngenc"
)

func photo(t *testing.T) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, 24, 16))
	for i := range m.Pix {
		m.Pix[i] = byte(i * 5)
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// iccpProfile inflates an iCCP chunk's profile.
func iccpProfile(t *testing.T, data []byte) []byte {
	t.Helper()
	_, z, ok := bytes.Cut(data, []byte{0})
	if !ok || len(z) == 0 || z[0] != 0 {
		t.Fatalf("iCCP chunk %q…: no name or method", data[:min(len(data), 20)])
	}
	zr, err := zlib.NewReader(bytes.NewReader(z[1:]))
	if err != nil {
		t.Fatal(err)
	}
	p, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// A JPEG's profile, in pieces in any order, is read whole, and written
// into another JPEG it comes back the same; the file still decodes.
func TestJPEG(t *testing.T) {
	plain := photo(t)
	big := imgcolourtest.Profile("RGB ", 150_000, 3) // three segments
	for _, tt := range []struct {
		name string
		file []byte
		want []byte
	}{
		{"one piece", imgcolourtest.JPEG(plain, big[:4000:4000], 4000, 1), nil}, // its header says 150,000 bytes
		{"pieces out of order", imgcolourtest.JPEG(plain, big, 60_000, 3, 1, 2), big},
		{"a piece missing", imgcolourtest.JPEG(plain, big, 60_000, 3, 1), nil},
		{"a piece twice", imgcolourtest.JPEG(plain, big, 60_000, 1, 2, 2), nil},
		{"small", imgcolourtest.JPEG(plain, imgcolourtest.Profile("GRAY", 600, 1), 65_000, 1), imgcolourtest.Profile("GRAY", 600, 1)},
		{"not a profile", imgcolourtest.JPEG(plain, append([]byte("xxxx"), big[4:]...), 60_000, 1, 2, 3), nil},
		{"none", plain, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			info := Read("jpeg", tt.file)
			if !bytes.Equal(info.icc, tt.want) || info.Empty() != (tt.want == nil) {
				t.Fatalf("read %d bytes of profile, want %d", len(info.icc), len(tt.want))
			}
			other := photo(t)
			out := info.JPEG(other)
			if tt.want == nil {
				if !bytes.Equal(out, other) {
					t.Error("a JPEG was changed with no profile to carry")
				}
				return
			}
			if out[2] != 0xff || out[3] != 0xe2 {
				t.Errorf("the profile is not right after SOI: % x", out[:4])
			}
			if again := Read("jpeg", out); !bytes.Equal(again.icc, tt.want) {
				t.Errorf("written and read again: %d bytes, want %d", len(again.icc), len(tt.want))
			}
			if _, err := jpeg.Decode(bytes.NewReader(out)); err != nil {
				t.Errorf("the JPEG written does not decode: %v", err)
			}
		})
	}
	// After a JFIF APP0 segment, which must come first.
	jfif := append(append([]byte{0xff, 0xd8, 0xff, 0xe0, 0, 16}, "JFIF\x00\x01\x02\x00\x00\x01\x00\x01\x00\x00"...), plain[2:]...)
	out := Read("jpeg", imgcolourtest.JPEG(plain, big, 65_000, 1, 2, 3)).JPEG(jfif)
	if out[2] != 0xff || out[3] != 0xe0 || out[20] != 0xff || out[21] != 0xe2 {
		t.Errorf("not APP0 then APP2: % x", out[:22])
	}
	if again := Read("jpeg", out); !bytes.Equal(again.icc, big) {
		t.Errorf("after APP0: read back %d bytes, want %d", len(again.icc), len(big))
	}
}

// A PNG's colour chunks are read as they are, those before its pixels;
// written with pngenc they come back the same.
func TestPNG(t *testing.T) {
	chunks := []pngenc.Chunk{
		{Type: "gAMA", Data: []byte{0, 0, 0xb1, 0x8f}},
		imgcolourtest.ICCPChunk(imgcolourtest.Profile("RGB ", 3000, 9)),
		{Type: "cHRM", Data: bytes.Repeat([]byte{0, 1, 2, 3}, 8)},
		{Type: "sRGB", Data: []byte{0}},
	}
	m := image.NewRGBA(image.Rect(0, 0, 5, 3))
	for i := range m.Pix {
		m.Pix[i] = byte(i*31 + 1)
	}
	var b bytes.Buffer
	if err := pngenc.EncodeWith(&b, m, chunks); err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(b.Bytes())); err != nil {
		t.Fatal(err)
	}
	// A chunk after the pixels is not the image's colour.
	file := b.Bytes()
	iend := file[len(file)-12:]
	late := append(append(append([]byte(nil), file[:len(file)-12]...), 0, 0, 0, 1, 's', 'R', 'G', 'B', 1, 0, 0, 0, 0), iend...)
	got := Read("png", late).PNGChunks()
	if len(got) != len(chunks) {
		t.Fatalf("%d chunks, want %d", len(got), len(chunks))
	}
	for i, c := range got {
		if c.Type != chunks[i].Type || !bytes.Equal(c.Data, chunks[i].Data) {
			t.Errorf("chunk %d: %s %q, want %s %q", i, c.Type, c.Data, chunks[i].Type, chunks[i].Data)
		}
	}
	if !Read("png", photo(t)).Empty() || !Read("png", file[:30]).Empty() {
		t.Error("colour read from a file that is not a PNG, or cut short")
	}
}

// A JPEG's or WebP's profile becomes an iCCP chunk, which pngenc writes
// in a file image/png reads, and which holds the profile.
func TestPNGChunksFromProfile(t *testing.T) {
	p := imgcolourtest.Profile("RGB ", 5001, 2)
	info := Read("jpeg", imgcolourtest.JPEG(photo(t), p, 65_000, 1))
	ch := info.PNGChunks()
	if len(ch) != 1 || ch[0].Type != "iCCP" || !bytes.Equal(iccpProfile(t, ch[0].Data), p) {
		t.Fatalf("chunks %v: want one iCCP holding the profile", ch)
	}
	grey := image.NewGray(image.Rect(0, 0, 4, 4))
	var b bytes.Buffer
	if err := pngenc.EncodeWith(&b, grey, ch); err != nil {
		t.Fatal(err)
	}
	m, err := png.Decode(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	// An RGB profile: the grey pixels are written RGB for it to apply.
	if ct := b.Bytes()[25]; ct != 2 {
		t.Errorf("colour type %d, want 2 (RGB) for an RGB profile", ct)
	}
	if m.At(1, 1) != (color.NRGBA{0, 0, 0, 255}) && m.At(1, 1) != (color.RGBA{0, 0, 0, 255}) {
		t.Errorf("pixel %v, want black", m.At(1, 1))
	}
	if got := Read("png", b.Bytes()).PNGChunks(); len(got) != 1 || !bytes.Equal(iccpProfile(t, got[0].Data), p) {
		t.Errorf("the PNG written says %v", got)
	}
}

// An extended WebP's ICCP chunk is its profile; a simple WebP has none.
func TestWebP(t *testing.T) {
	p := imgcolourtest.Profile("RGB ", 501, 4) // an odd size: the chunk is padded
	chunk := func(typ string, data []byte) []byte {
		c := binary.LittleEndian.AppendUint32([]byte(typ), uint32(len(data)))
		c = append(c, data...)
		if len(data)%2 == 1 {
			c = append(c, 0)
		}
		return c
	}
	riff := func(chunks ...[]byte) []byte {
		body := []byte("WEBP")
		for _, c := range chunks {
			body = append(body, c...)
		}
		return append(binary.LittleEndian.AppendUint32([]byte("RIFF"), uint32(len(body))), body...)
	}
	vp8x := chunk("VP8X", []byte{0x20, 0, 0, 0, 3, 0, 0, 2, 0, 0})
	image := chunk("VP8L", []byte{0x2f, 1, 2, 3, 4})
	if got := Read("webp", riff(vp8x, chunk("ICCP", p), image)); !bytes.Equal(got.icc, p) {
		t.Errorf("extended WebP: %d bytes of profile, want %d", len(got.icc), len(p))
	}
	if got := Read("webp", riff(vp8x, chunk("ICCP", p[:300]), image)); !got.Empty() {
		t.Error("a profile cut short was carried")
	}
	if got := Read("webp", riff(image, chunk("ICCP", p))); !got.Empty() {
		t.Error("a simple WebP's stray chunk was read as its profile")
	}
	if got := Read("webp", riff(vp8x, chunk("ICCP", p), image)[:200]); !got.Empty() {
		t.Error("a file cut short was read")
	}
}

// A PNG's profile goes into a JPEG made of it (the cover command writes a
// PNG cover as JPEG); its gamma alone does not.
func TestPNGToJPEG(t *testing.T) {
	p := imgcolourtest.Profile("RGB ", 777, 5)
	withProfile := Read("jpeg", imgcolourtest.JPEG(photo(t), p, 65_000, 1)).PNGChunks()
	m := image.NewRGBA(image.Rect(0, 0, 6, 6))
	var b bytes.Buffer
	if err := pngenc.EncodeWith(&b, m, withProfile); err != nil {
		t.Fatal(err)
	}
	out := Read("png", b.Bytes()).JPEG(photo(t))
	if got := Read("jpeg", out); !bytes.Equal(got.icc, p) {
		t.Errorf("JPEG from a PNG with a profile: %d bytes of profile, want %d", len(got.icc), len(p))
	}
	b.Reset()
	if err := pngenc.EncodeWith(&b, m, []pngenc.Chunk{{Type: "gAMA", Data: []byte{0, 0, 0xb1, 0x8f}}}); err != nil {
		t.Fatal(err)
	}
	if plain := photo(t); !bytes.Equal(Read("png", b.Bytes()).JPEG(plain), plain) {
		t.Error("a gamma alone was written into a JPEG")
	}
}

// Whatever the bytes, reading them does not fail, and a profile read comes
// back whole from a JPEG written with it and from the iCCP chunk made of
// it; a PNG written with the chunks read decodes.
func FuzzRead(f *testing.F) {
	plain := photo(&testing.T{})
	p := imgcolourtest.Profile("RGB ", 300, 1)
	f.Add("jpeg", imgcolourtest.JPEG(plain, p, 100, 2, 1, 3))
	var b bytes.Buffer
	pngenc.EncodeWith(&b, image.NewGray(image.Rect(0, 0, 3, 2)), []pngenc.Chunk{
		imgcolourtest.ICCPChunk(imgcolourtest.Profile("GRAY", 200, 2)), {Type: "gAMA", Data: []byte{0, 0, 0xb1, 0x8f}}})
	f.Add("png", b.Bytes())
	webp := append([]byte("RIFF\x00\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x20\x00\x00\x00\x00\x00\x00\x00\x00\x00ICCP\x2c\x01\x00\x00"), p...)
	f.Add("webp", webp)
	f.Fuzz(func(t *testing.T, format string, data []byte) {
		i := Read(format, data)
		chunks := i.PNGChunks()
		if len(i.icc) > 0 {
			if got := Read("jpeg", i.JPEG(plain)); !bytes.Equal(got.icc, i.icc) {
				t.Fatalf("profile of %d bytes came back as %d", len(i.icc), len(got.icc))
			}
			if format != "png" && (len(chunks) != 1 || !bytes.Equal(iccpProfile(t, chunks[0].Data), i.icc)) {
				t.Fatalf("the iCCP chunk does not hold the profile")
			}
		}
		var out bytes.Buffer
		if err := pngenc.EncodeWith(&out, image.NewRGBA(image.Rect(0, 0, 2, 2)), chunks); err != nil {
			t.Fatal(err)
		}
		if _, err := png.Decode(bytes.NewReader(out.Bytes())); err != nil {
			t.Fatalf("a PNG written with the chunks read does not decode: %v", err)
		}
	})
}
