package pdfwriter

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/klauspost/compress/zlib"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/warraq/warraq/internal/pngenc"
)

// testPNG describes a PNG written by hand (build), to have the depths,
// filters and chunk cuts that encoders seldom write.
type testPNG struct {
	w, h, depth int
	colourType  byte
	interlaced  bool
	plte, trns  []byte
	trnsFirst   bool     // tRNS before PLTE, where image/png refuses it
	iccp        []byte   // an iCCP chunk's data
	rows        [][]byte // unfiltered, packed
	cut         int      // the zlib stream's bytes an IDAT chunk; 0: one chunk
	extra       []byte   // bytes after the zlib stream, in the last IDAT
	filter5     bool     // the second row's filter type is 5, which PNG lacks
}

func (p testPNG) channels() int {
	return map[byte]int{0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[p.colourType]
}

// build writes the file, each row filtered with filter type y % 5 (all
// five, in turn), and returns it with its IDAT data joined.
func (p testPNG) build(t testing.TB) (file, idat []byte) {
	t.Helper()
	bpp := max(1, p.channels()*p.depth/8)
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	prev := make([]byte, len(p.rows[0]))
	for y, cur := range p.rows {
		ft := byte(y % 5)
		out := []byte{ft}
		for i, x := range cur {
			var a, c byte
			if i >= bpp {
				a, c = cur[i-bpp], prev[i-bpp]
			}
			b := prev[i]
			switch ft {
			case 0:
				out = append(out, x)
			case 1:
				out = append(out, x-a)
			case 2:
				out = append(out, x-b)
			case 3:
				out = append(out, x-byte((uint16(a)+uint16(b))/2))
			case 4:
				out = append(out, x-pngenc.Paeth(a, b, c))
			}
		}
		if p.filter5 && y == 1 {
			out[0] = 5
		}
		zw.Write(out)
		prev = cur
	}
	zw.Close()
	idat = append(z.Bytes(), p.extra...)
	var f bytes.Buffer
	f.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		var n [4]byte
		binary.BigEndian.PutUint32(n[:], uint32(len(data)))
		f.Write(n[:])
		f.WriteString(typ)
		f.Write(data)
		binary.BigEndian.PutUint32(n[:], crc32.ChecksumIEEE(append([]byte(typ), data...)))
		f.Write(n[:])
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, uint32(p.w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(p.h))
	ihdr[8], ihdr[9] = byte(p.depth), p.colourType
	if p.interlaced {
		ihdr[12] = 1
	}
	chunk("IHDR", ihdr)
	chunk("tEXt", []byte("Comment\x00written by hand"))
	if p.iccp != nil {
		chunk("iCCP", p.iccp)
	}
	if p.trns != nil && p.trnsFirst {
		chunk("tRNS", p.trns)
	}
	if p.plte != nil {
		chunk("PLTE", p.plte)
	}
	if p.trns != nil && !p.trnsFirst {
		chunk("tRNS", p.trns)
	}
	cut := p.cut
	if cut == 0 {
		cut = len(idat)
	}
	for rest := idat; len(rest) > 0; {
		k := min(cut, len(rest))
		chunk("IDAT", rest[:k])
		rest = rest[k:]
	}
	chunk("IEND", nil)
	return f.Bytes(), idat
}

// samples packs the w values of a row at depth bits.
func samples(depth int, vals []int) []byte {
	perByte := 8 / depth
	if depth >= 8 {
		out := make([]byte, len(vals))
		for i, v := range vals {
			out[i] = byte(v)
		}
		return out
	}
	out := make([]byte, (len(vals)+perByte-1)/perByte)
	for i, v := range vals {
		out[i/perByte] |= byte(v) << (8 - depth*(i%perByte+1))
	}
	return out
}

// imageStream writes a document with img on its page and returns the
// XObject's stream dictionary, decoded by pdfcpu (which applies the
// predictor), and the context to read it in.
func imageStream(t *testing.T, d *Document, img *Image) (*model.Context, *types.StreamDict) {
	t.Helper()
	d.NewPage(100, 100).DrawImage(img, 10, 10, 50, 50)
	ctx, xobj := pageXObjects(t, d)
	sd, _, err := ctx.DereferenceStreamDict(xobj[img.res])
	if err != nil || sd == nil {
		t.Fatalf("no XObject %s: %v", img.res, err)
	}
	if err := sd.Decode(); err != nil {
		t.Fatalf("pdfcpu cannot decode the image: %v", err)
	}
	return ctx, sd
}

// A PNG that PDF reads as it is goes in as it is: the XObject's stream is
// its IDAT data, and what a PDF reader decodes from it (pdfcpu here,
// predictor and all) is the image's rows, which mean the colours
// image/png decodes from the file.
func TestPNGPassedThrough(t *testing.T) {
	const w, h = 13, 7
	grey := func(depth int) testPNG {
		p := testPNG{w: w, h: h, depth: depth, colourType: 0, cut: 9}
		for y := range h {
			vals := make([]int, w)
			for x := range vals {
				vals[x] = (x*7 + y*3) % (1 << depth)
			}
			p.rows = append(p.rows, samples(depth, vals))
		}
		return p
	}
	indexed := func(depth, colours, top int) testPNG {
		p := testPNG{w: w, h: h, depth: depth, colourType: 3, cut: 5}
		for i := range colours {
			p.plte = append(p.plte, byte(i*40), byte(255-i*3), byte(i*i))
		}
		for y := range h {
			vals := make([]int, w)
			for x := range vals {
				vals[x] = (x + 2*y) % colours
			}
			if y == h-1 {
				vals[w-1] = top
			}
			p.rows = append(p.rows, samples(depth, vals))
		}
		return p
	}
	rgb := testPNG{w: w, h: h, depth: 8, colourType: 2, cut: 17}
	for y := range h {
		row := make([]byte, 3*w)
		for i := range row {
			row[i] = byte(i*11 + y*57)
		}
		rgb.rows = append(rgb.rows, row)
	}
	clear := func(p testPNG, trns ...byte) testPNG {
		p.trns = trns
		return p
	}
	cases := []struct {
		name string
		p    testPNG
		cs   string // ColorSpace's name, or Indexed's entries
		n    int
		mask bool // a soft mask, from a palette's tRNS
	}{
		{"grey, 1 bit", grey(1), "DeviceGray", 0, false},
		{"grey, 2 bits", grey(2), "DeviceGray", 0, false},
		{"grey, 4 bits", grey(4), "DeviceGray", 0, false},
		{"grey, 8 bits", grey(8), "DeviceGray", 0, false},
		{"RGB", rgb, "DeviceRGB", 0, false},
		{"palette of 2, 1 bit", indexed(1, 2, 1), "Indexed", 2, false},
		{"palette of 3, 2 bits", indexed(2, 3, 2), "Indexed", 3, false},
		{"palette of 11, 4 bits", indexed(4, 11, 10), "Indexed", 11, false},
		{"palette of 200, 8 bits", indexed(8, 200, 199), "Indexed", 200, false},
		// An index past the palette is black, as image/png has it.
		{"an index past a palette of 3", indexed(2, 3, 3), "Indexed", 4, false},
		{"an index past a palette of 200", indexed(8, 200, 230), "Indexed", 231, false},
		// A palette's transparency is a soft mask; a colour past its
		// tRNS is opaque, and so is a tRNS of opaque colours only. A tRNS
		// longer than the palette makes the colours past it black (an
		// index past the palette) with its alpha, as image/png has it.
		{"palette of 2, 1 bit, one colour clear", clear(indexed(1, 2, 1), 0), "Indexed", 2, true},
		{"palette of 11, 4 bits, tRNS of 4", clear(indexed(4, 11, 10), 0, 128, 255, 7), "Indexed", 11, true},
		{"palette of 3, tRNS past it", clear(indexed(2, 3, 3), 10, 20, 30, 40), "Indexed", 4, true},
		{"palette of 200, 8 bits, tRNS of 150", clear(indexed(8, 200, 199), slices.Repeat([]byte{0, 90, 255}, 50)...), "Indexed", 200, true},
		{"palette of 200, an opaque tRNS", clear(indexed(8, 200, 199), 255, 255, 255), "Indexed", 200, false},
	}
	for _, c := range cases {
		file, idat := c.p.build(t)
		m, err := png.Decode(bytes.NewReader(file))
		if err != nil {
			t.Fatalf("%s: the test's PNG does not decode: %v", c.name, err)
		}
		d := New(Info{})
		img, err := d.AddImage(file, "image/png")
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !bytes.Equal(img.data, idat) {
			t.Errorf("%s: the stream is not the file's image data", c.name)
		}
		ctx, sd := imageStream(t, d, img)
		var want []byte
		for _, r := range c.p.rows {
			want = append(want, r...)
		}
		if !bytes.Equal(sd.Content, want) {
			t.Errorf("%s: pdfcpu decodes\n%x\nwant the rows\n%x", c.name, sd.Content, want)
		}
		if got := intOf(t, ctx, sd.Dict["BitsPerComponent"]); got != c.p.depth {
			t.Errorf("%s: BitsPerComponent %d", c.name, got)
		}
		var alpha []byte
		if o, ok := sd.Find("SMask"); ok {
			mask, _, err := ctx.DereferenceStreamDict(o)
			if err != nil || mask.Decode() != nil || len(mask.Content) != w*h {
				t.Fatalf("%s: the soft mask does not decode to %d samples: %v", c.name, w*h, err)
			}
			alpha = mask.Content
		}
		if (alpha != nil) != c.mask {
			t.Fatalf("%s: a soft mask %v, want %v", c.name, alpha != nil, c.mask)
		}
		// What the samples mean, against image/png's colours.
		var table []byte
		if c.cs == "Indexed" {
			arr, err := ctx.DereferenceArray(sd.Dict["ColorSpace"])
			if err != nil || len(arr) != 4 || arr[0].String() != "Indexed" || arr[1].String() != "DeviceRGB" {
				t.Fatalf("%s: ColorSpace %v", c.name, sd.Dict["ColorSpace"])
			}
			if hival := intOf(t, ctx, arr[2]); hival != c.n-1 {
				t.Errorf("%s: hival %d, want %d", c.name, hival, c.n-1)
			}
			hs, ok := arr[3].(types.HexLiteral)
			if !ok {
				t.Fatalf("%s: lookup %T", c.name, arr[3])
			}
			if table, err = hs.Bytes(); err != nil || len(table) != 3*c.n {
				t.Fatalf("%s: lookup of %d bytes (%v)", c.name, len(table), err)
			}
		} else if cs := sd.NameEntry("ColorSpace"); cs == nil || *cs != c.cs {
			t.Fatalf("%s: ColorSpace %v, want %s", c.name, cs, c.cs)
		}
		stride := (w*c.p.channels()*c.p.depth + 7) / 8
		for y := range h {
			row := sd.Content[y*stride:][:stride]
			for x := range w {
				var got color.NRGBA
				switch c.cs {
				case "DeviceRGB":
					got = color.NRGBA{row[3*x], row[3*x+1], row[3*x+2], 255}
				default:
					v := int(row[x*c.p.depth/8])
					if c.p.depth < 8 {
						v = v >> (8 - c.p.depth*(x%(8/c.p.depth)+1)) & (1<<c.p.depth - 1)
					}
					if c.cs == "Indexed" {
						got = color.NRGBA{table[3*v], table[3*v+1], table[3*v+2], 255}
					} else {
						g := byte(v * 255 / (1<<c.p.depth - 1))
						got = color.NRGBA{g, g, g, 255}
					}
				}
				if alpha != nil {
					got.A = alpha[y*w+x]
				}
				want := color.NRGBAModel.Convert(m.At(x, y)).(color.NRGBA)
				if want.A == 0 {
					want.R, want.G, want.B = 0, 0, 0 // NRGBA of a clear pixel says nothing of its colour
					got.R, got.G, got.B = 0, 0, 0
				}
				if got != want {
					t.Fatalf("%s: pixel %d,%d is %v in the PDF, %v in the PNG", c.name, x, y, got, want)
				}
			}
		}
	}
}

// A PNG PDF cannot read as it is, or whose data is not exactly its rows,
// is decoded by image/png: its samples (and alpha) are what image/png
// gives, or AddImage fails as image/png does.
func TestPNGDecoded(t *testing.T) {
	grey := testPNG{w: 5, h: 3, depth: 8, colourType: 0}
	for y := range 3 {
		grey.rows = append(grey.rows, []byte{byte(y), 50, 100, 150, byte(200 + y)})
	}
	with := func(f func(*testPNG)) testPNG {
		p := grey
		f(&p)
		return p
	}
	ga := testPNG{w: 2, h: 2, depth: 8, colourType: 4, rows: [][]byte{{10, 255, 20, 128}, {30, 0, 40, 255}}}
	for _, c := range []struct {
		name  string
		p     testPNG
		fails bool
	}{
		{"grey with alpha", ga, false},
		{"a palette's tRNS before its PLTE", testPNG{w: 2, h: 1, depth: 8, colourType: 3, plte: []byte{1, 2, 3, 4, 5, 6},
			trns: []byte{0}, trnsFirst: true, rows: [][]byte{{0, 1}}}, true},
		{"a transparent grey (tRNS)", with(func(p *testPNG) { p.trns = []byte{0, 50} }), false},
		{"16 bits", with(func(p *testPNG) {
			p.depth = 16
			p.rows = [][]byte{{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, {11, 12, 13, 14, 15, 16, 17, 18, 19, 20}, {21, 22, 23, 24, 25, 26, 27, 28, 29, 30}}
		}), false},
		{"interlaced", with(func(p *testPNG) { p.interlaced, p.w, p.h, p.rows = true, 1, 1, [][]byte{{77}} }), false},
		{"a filter type PNG lacks", with(func(p *testPNG) { p.filter5 = true }), true},
		{"more rows than the height", with(func(p *testPNG) { p.h = 2 }), true},
	} {
		file, idat := c.p.build(t)
		m, decErr := png.Decode(bytes.NewReader(file))
		d := New(Info{})
		img, err := d.AddImage(file, "image/png")
		if (decErr != nil) != c.fails || (err != nil) != c.fails {
			t.Fatalf("%s: image/png says %v, AddImage %v", c.name, decErr, err)
		}
		if c.fails {
			continue
		}
		if bytes.Equal(img.data, idat) {
			t.Errorf("%s: passed through", c.name)
		}
		ctx, sd := imageStream(t, d, img)
		b := m.Bounds()
		comps := 3
		if cs := sd.NameEntry("ColorSpace"); cs != nil && *cs == "DeviceGray" {
			comps = 1
		}
		if len(sd.Content) != comps*b.Dx()*b.Dy() {
			t.Fatalf("%s: %d sample bytes for %d×%d×%d", c.name, len(sd.Content), b.Dx(), b.Dy(), comps)
		}
		var alpha []byte
		if o, ok := sd.Find("SMask"); ok {
			mask, _, err := ctx.DereferenceStreamDict(o)
			if err != nil || mask.Decode() != nil {
				t.Fatalf("%s: the soft mask does not decode: %v", c.name, err)
			}
			alpha = mask.Content
		}
		for y := range b.Dy() {
			for x := range b.Dx() {
				want := color.NRGBAModel.Convert(m.At(x, y)).(color.NRGBA)
				k := y*b.Dx() + x
				got := color.NRGBA{sd.Content[comps*k], sd.Content[comps*k], sd.Content[comps*k], 255}
				if comps == 3 {
					got.G, got.B = sd.Content[3*k+1], sd.Content[3*k+2]
				}
				if alpha != nil {
					got.A = alpha[k]
				}
				if got != want {
					t.Fatalf("%s: pixel %d,%d is %v in the PDF, %v in the PNG", c.name, x, y, got, want)
				}
			}
		}
	}
}

// A damaged chunk, or a PNG cut short, is never passed through: image/png
// is asked, and its error is AddImage's.
func TestPNGDamaged(t *testing.T) {
	p := testPNG{w: 4, h: 2, depth: 8, colourType: 2, cut: 8, rows: [][]byte{make([]byte, 12), bytes.Repeat([]byte{9}, 12)}}
	file, _ := p.build(t)
	flip := bytes.Clone(file)
	flip[len(flip)-30] ^= 1 // inside the last IDAT chunk: its CRC no longer matches
	for name, data := range map[string][]byte{"a checksum that does not match": flip, "cut short": file[:len(file)-20]} {
		if _, ok := passPNG(data); ok {
			t.Errorf("%s: passed through", name)
		}
		if _, err := New(Info{}).AddImage(data, "image/png"); err == nil || !strings.Contains(err.Error(), "png") {
			t.Errorf("%s: AddImage error %v", name, err)
		}
	}
	// What image/png refuses is never passed through: a grey PNG with a
	// palette, an IEND chunk with data.
	g := testPNG{w: 2, h: 1, depth: 8, colourType: 0, plte: []byte{1, 2, 3}, rows: [][]byte{{5, 6}}}
	gp, _ := g.build(t)
	end := bytes.Clone(file)
	end = append(end[:len(end)-12], 0, 0, 0, 1, 'I', 'E', 'N', 'D', 0)
	end = binary.BigEndian.AppendUint32(end, crc32.ChecksumIEEE([]byte("IEND\x00")))
	for name, data := range map[string][]byte{"a grey PNG with a palette": gp, "IEND with data": end} {
		if _, err := png.Decode(bytes.NewReader(data)); err == nil {
			t.Fatalf("%s: image/png decodes it; the test wants a file it refuses", name)
		}
		if _, ok := passPNG(data); ok {
			t.Errorf("%s: passed through", name)
		}
	}
	// Data after the zlib stream: not passed through; image/png decides.
	p.extra = []byte{1, 2, 3}
	file, idat := p.build(t)
	if _, ok := passPNG(file); ok {
		t.Error("data after the zlib stream: passed through")
	}
	if img, err := New(Info{}).AddImage(file, "image/png"); err == nil && bytes.Equal(img.data, idat) {
		t.Error("data after the zlib stream: in the PDF")
	}
}

// The photograph the package comment measures, in small: an opaque RGB
// image from an encoder is passed through, and one with alpha decoded.
func TestEncodedPNGs(t *testing.T) {
	opaque := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for i := range opaque.Pix {
		opaque.Pix[i] = byte(i * 7)
		if i%4 == 3 {
			opaque.Pix[i] = 255
		}
	}
	if _, ok := passPNG(encodePNG(t, opaque)); !ok {
		t.Error("an opaque RGB PNG from image/png is not passed through")
	}
	clear := image.NewNRGBA(image.Rect(0, 0, 40, 30))
	if _, ok := passPNG(encodePNG(t, clear)); ok {
		t.Error("a PNG with alpha is passed through")
	}
}

// FuzzPNG: whatever the bytes, passPNG does not fail badly, and a file it
// passes through is one image/png decodes, to the pixels its rows hold as
// PDF's predictor reads them (pngenc.Unfilter, the same filters as image/png's);
// AddImage then fails only where image/png does.
func FuzzPNG(f *testing.F) {
	grey := testPNG{w: 5, h: 3, depth: 4, colourType: 0, cut: 7}
	for y := range 3 {
		grey.rows = append(grey.rows, samples(4, []int{y, 5, 10, 15, 3}))
	}
	pal := testPNG{w: 6, h: 2, depth: 2, colourType: 3, plte: []byte{1, 2, 3, 40, 50, 60, 200, 100, 0},
		rows: [][]byte{samples(2, []int{0, 1, 2, 3, 2, 1}), samples(2, []int{2, 2, 1, 1, 0, 0})}}
	rgb := testPNG{w: 2, h: 2, depth: 8, colourType: 2, rows: [][]byte{{1, 2, 3, 4, 5, 6}, {7, 8, 9, 10, 11, 12}}}
	clear := pal
	clear.trns = []byte{0, 128}
	for _, p := range []testPNG{grey, pal, rgb, clear} {
		file, _ := p.build(f)
		f.Add(file)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// Every chunk's CRC made right, so that a mutated chunk is read
		// and not refused at its checksum.
		for rest := data[min(8, len(data)):]; len(rest) >= 12; {
			n := int(binary.BigEndian.Uint32(rest))
			if n < 0 || n > len(rest)-12 {
				break
			}
			binary.BigEndian.PutUint32(rest[8+n:], crc32.ChecksumIEEE(rest[4:8+n]))
			rest = rest[12+n:]
		}
		// The collection refuses large images before a renderer sees
		// them; here a file that claims many pixels is only read by
		// passPNG (which inflates a row at a time), not decoded.
		if cfg, err := png.DecodeConfig(bytes.NewReader(data)); err == nil && cfg.Width*cfg.Height > 1<<16 {
			passPNG(data)
			return
		}
		img, ok := passPNG(data)
		m, err := png.Decode(bytes.NewReader(data))
		if !ok {
			if _, aerr := New(Info{}).AddImage(data, "image/png"); (aerr != nil) != (err != nil) {
				t.Fatalf("AddImage: %v; image/png: %v", aerr, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("passed through a file image/png refuses: %v", err)
		}
		if b := m.Bounds(); b.Dx() != img.w || b.Dy() != img.h {
			t.Fatalf("%d×%d passed, image/png %v", img.w, img.h, b)
		}
		p, _ := readPNGChunks(data)
		// A palette's transparency: its soft mask's samples, a row of
		// img.w each.
		var alpha []byte
		if img.alpha != nil {
			zr, err := zlib.NewReader(bytes.NewReader(img.alpha))
			if err != nil {
				t.Fatal(err)
			}
			row, prev := make([]byte, 1+img.w), make([]byte, 1+img.w)
			for range img.h {
				if _, err := io.ReadFull(zr, row); err != nil {
					t.Fatal(err)
				}
				pngenc.Unfilter(row, prev, 1)
				alpha = append(alpha, row[1:]...)
				row, prev = prev, row
			}
		}
		zr, err := zlib.NewReader(bytes.NewReader(img.data))
		if err != nil {
			t.Fatal(err)
		}
		n := (img.w*img.colours*img.bpc + 7) / 8
		bpp := max(1, img.colours*img.bpc/8)
		row, prev := make([]byte, 1+n), make([]byte, 1+n)
		for y := range img.h {
			if _, err := io.ReadFull(zr, row); err != nil {
				t.Fatal(err)
			}
			pngenc.Unfilter(row, prev, bpp)
			for x := range img.w {
				var got color.NRGBA
				switch {
				case img.colours == 3:
					got = color.NRGBA{row[1+3*x], row[2+3*x], row[3+3*x], 255}
				default:
					v := int(row[1+x*img.bpc/8])
					if img.bpc < 8 {
						v = v >> (8 - img.bpc*(x%(8/img.bpc)+1)) & (1<<img.bpc - 1)
					}
					if p.colourType == 3 {
						got = color.NRGBA{0, 0, 0, 255} // past the palette: black
						if 3*v+2 < len(p.palette) {
							got = color.NRGBA{p.palette[3*v], p.palette[3*v+1], p.palette[3*v+2], 255}
						}
					} else {
						g := byte(v * 255 / (1<<img.bpc - 1))
						got = color.NRGBA{g, g, g, 255}
					}
				}
				if alpha != nil {
					got.A = alpha[y*img.w+x]
				}
				want := color.NRGBAModel.Convert(m.At(x, y)).(color.NRGBA)
				if want.A == 0 {
					got.R, got.G, got.B, want.R, want.G, want.B = 0, 0, 0, 0, 0, 0 // a clear pixel's colour does not show
				}
				if got != want {
					t.Fatalf("pixel %d,%d: %v as PDF reads it, %v in image/png", x, y, got, want)
				}
			}
			row, prev = prev, row
		}
	})
}
