// Package pngenc writes images as PNG files whose bytes depend only on the
// image and on go.sum, not on the Go toolchain: the pixel data is deflated
// by klauspost/compress at a fixed level, where image/png uses the standard
// library's compress/flate, whose output changed in Go 1.27.
//
// An *image.Paletted of at most 256 colours, every pixel's index in its
// palette, is written paletted (colour type 3), its indices packed 1, 2 or
// 4 to a byte when the palette is that small, with a tRNS chunk when a
// colour is not opaque, and no filter on its rows (prediction from the
// neighbours means nothing between palette indices). Paletted gives such
// an image of any other with few enough colours.
//
// Every other image is written with 8 bits a sample, non-interlaced, in the
// smallest of PNG's colour types that holds it exactly at that depth:
// grey (0) when every pixel is an opaque grey, grey with alpha (4) when
// every pixel is grey, RGB (2) when every pixel is opaque, RGBA (6)
// otherwise. Colours are converted to non-premultiplied 8-bit RGBA as
// color.NRGBAModel does, except that a Y'CbCr image's colours are
// converted by color.YCbCrToRGB (image/png writes them as 16-bit RGB,
// whose high bytes are these), with the alpha of an NYCbCrA beside them
// (rather than premultiplied and divided again, which can lose one in
// the last bit). An image of 16 bits a sample loses its low bytes.
package pngenc

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"io"

	"github.com/klauspost/compress/zlib"
)

// Level is the deflate level of the pixel data of an image of at most
// bestUpTo pixels: the best, as image/png's BestCompression was where
// this package replaced it. Measured with BenchmarkLevels against
// image/png at BestCompression, on the same 8-bit pixels: the samples'
// 480 x 480 pattern 0.3% larger in 30 ms against 85 (level 8: 11% larger),
// their 600 x 360 chart, paletted, 665 bytes against 1,396 at level 8.
const Level = 9

// A larger image is deflated at largeLevel: there klauspost's level 9
// spends seven to ten times level 8's time for a few percent. A 1667 x
// 2646 photograph: 5.2 s at level 9 (1.0% larger than image/png's best,
// which took 8.2 s), 0.77 s at level 8 (4.5% larger); a 1900 x 1000
// drawing 0.27 s and 91 ms, 1.9% smaller and 2.4% larger; a 4096 x 4096
// drawing of 42 colours, paletted: 757,116 bytes in 3.3 s, 826,552 in
// 0.33 s. A supplied cover fitted on its ground (1600 x 2560) is encoded
// on every build without a cache, and a book's images are.
const (
	bestUpTo   = 1 << 20
	largeLevel = 8
)

// Encode writes m to w as a PNG file.
func Encode(w io.Writer, m image.Image) error { return EncodeWith(w, m, nil) }

// Chunk is a PNG chunk: its type and its data.
type Chunk struct {
	Type string
	Data []byte
}

// EncodeWith writes m to w as Encode does, with the chunks given after
// IHDR, before any palette and the pixels: what the file m was read from
// said of its colours (iCCP, sRGB, gAMA, cHRM), carried over when the
// image is written again. An ICC profile must describe the colour type
// written: with an RGB profile, an image whose pixels are all grey is
// written RGB (or paletted) rather than grey, and a grey profile is left
// out unless the image is written grey.
func EncodeWith(w io.Writer, m image.Image, chunks []Chunk) error {
	level := Level
	if b := m.Bounds(); b.Dx()*b.Dy() > bestUpTo {
		level = largeLevel
	}
	return encode(w, m, level, chunks)
}

// profileSpace returns the colour space of the ICC profile an iCCP
// chunk's data holds ("RGB ", "GRAY", ...), or "" when it does not inflate
// that far.
func profileSpace(iccp []byte) string {
	_, z, ok := bytes.Cut(iccp, []byte{0})
	if !ok || len(z) < 1 || z[0] != 0 {
		return ""
	}
	zr, err := zlib.NewReader(bytes.NewReader(z[1:]))
	if err != nil {
		return ""
	}
	var head [20]byte
	if _, err := io.ReadFull(zr, head[:]); err != nil {
		return ""
	}
	return string(head[16:20])
}

// colourChunks returns the chunks to write for an image of colour type
// ct: those given, without an ICC profile that does not describe ct.
func colourChunks(chunks []Chunk, ct byte) [][2]string {
	var out [][2]string
	for _, c := range chunks {
		if c.Type == "iCCP" {
			grey := ct == 0 || ct == 4
			if sp := profileSpace(c.Data); (sp == "GRAY") != grey || (sp != "GRAY" && sp != "RGB ") {
				continue
			}
		}
		out = append(out, [2]string{c.Type, string(c.Data)})
	}
	return out
}

// colourProfile reports whether chunks hold an RGB ICC profile.
func colourProfile(chunks []Chunk) bool {
	for _, c := range chunks {
		if c.Type == "iCCP" && profileSpace(c.Data) == "RGB " {
			return true
		}
	}
	return false
}

// Rows returns a function that writes row y of m (b.Min.Y <= y <
// b.Max.Y) into dst, 4 bytes a pixel, as non-premultiplied 8-bit RGBA:
// the colours color.NRGBAModel gives (but for Y'CbCr images, as the
// package comment says), read directly from the image types decoders
// return.
func Rows(m image.Image) func(y int, dst []byte) { return rowReader(m) }

// Filterer filters rows as Encode does, choosing each row's filter. PDF's
// FlateDecode reads rows so filtered with /Predictor 15 in its
// /DecodeParms, so a PDF writer can give its images the same prediction.
type Filterer struct{ f filterer }

// Filter returns cur filtered against prev (the row above, unfiltered;
// zeros for the first row), the filter's type byte first; bpp is the
// bytes a pixel (1 for depths under 8). The result is valid until the
// next call.
func (f *Filterer) Filter(cur, prev []byte, bpp int) []byte { return f.f.filter(cur, prev, bpp) }

func encode(w io.Writer, m image.Image, level int, colour []Chunk) error {
	b := m.Bounds()
	width, height := b.Dx(), b.Dy()
	if width <= 0 || height <= 0 || width > 1<<31-1 || height > 1<<31-1 {
		return errors.New("pngenc: image of " + b.String() + " cannot be written as PNG")
	}
	if p, ok := m.(*image.Paletted); ok && indexed(p) {
		return encodePaletted(w, p, level, colour)
	}
	read := rowReader(m)
	colourType, channels := chooseColourType(m, read, colourProfile(colour))

	out, zw, err := start(w, width, height, 8, colourType, level, colourChunks(colour, colourType))
	if err != nil {
		return err
	}
	nrgba := make([]byte, 4*width)
	cur, prev := make([]byte, channels*width), make([]byte, channels*width)
	var f filterer
	for y := range height {
		read(b.Min.Y+y, nrgba)
		pack(cur, nrgba, channels)
		zw.Write(f.filter(cur, prev, channels)) // an error is kept in out.err
		cur, prev = prev, cur
	}
	return out.finish(zw)
}

// start writes the signature, IHDR and the chunks given (PLTE, tRNS) and
// returns the zlib writer of the IDAT chunks, which finish closes.
func start(w io.Writer, width, height int, depth, colourType byte, level int, chunks [][2]string) (*chunkWriter, *zlib.Writer, error) {
	out := &chunkWriter{w: w}
	if _, err := io.WriteString(w, "\x89PNG\r\n\x1a\n"); err != nil {
		return nil, nil, err
	}
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(width))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(height))
	ihdr[8], ihdr[9] = depth, colourType // then compression, filter and interlace methods 0
	out.chunk("IHDR", ihdr[:])
	for _, c := range chunks {
		out.chunk(c[0], []byte(c[1]))
	}
	// IDAT chunks of up to 64 KiB (bufio passes a larger write through
	// whole, as one chunk): a decoder may start before the last one.
	out.idat = bufio.NewWriterSize(writerFunc(func(p []byte) (int, error) {
		out.chunk("IDAT", p)
		return len(p), out.err
	}), 1<<16)
	zw, err := zlib.NewWriterLevel(out.idat, level)
	return out, zw, err
}

// finish closes the zlib stream and writes the last IDAT and IEND.
func (c *chunkWriter) finish(zw *zlib.Writer) error {
	zw.Close()
	c.idat.Flush()
	c.chunk("IEND", nil)
	return c.err
}

// indexed reports whether p can be written paletted: 1 to 256 colours,
// and every pixel's index among them.
func indexed(p *image.Paletted) bool {
	n := len(p.Palette)
	if n == 0 || n > 256 {
		return false
	}
	if n == 256 {
		return true
	}
	b := p.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for _, k := range p.Pix[p.PixOffset(b.Min.X, y):][:b.Dx()] {
			if int(k) >= n {
				return false
			}
		}
	}
	return true
}

// encodePaletted writes p with colour type 3, at the least bit depth that
// holds its indices.
func encodePaletted(w io.Writer, p *image.Paletted, level int, colour []Chunk) error {
	b := p.Bounds()
	width, height := b.Dx(), b.Dy()
	depth := 8
	switch n := len(p.Palette); {
	case n <= 2:
		depth = 1
	case n <= 4:
		depth = 2
	case n <= 16:
		depth = 4
	}
	plte := make([]byte, 0, 3*len(p.Palette))
	alpha := make([]byte, 0, len(p.Palette))
	opaqueFrom := 0 // the tRNS chunk stops before the opaque colours at the end
	for i, c := range p.Palette {
		n := color.NRGBAModel.Convert(c).(color.NRGBA)
		plte = append(plte, n.R, n.G, n.B)
		alpha = append(alpha, n.A)
		if n.A != 0xff {
			opaqueFrom = i + 1
		}
	}
	chunks := append(colourChunks(colour, 3), [2]string{"PLTE", string(plte)})
	if opaqueFrom > 0 {
		chunks = append(chunks, [2]string{"tRNS", string(alpha[:opaqueFrom])})
	}
	out, zw, err := start(w, width, height, byte(depth), 3, level, chunks)
	if err != nil {
		return err
	}
	perByte := 8 / depth
	row := make([]byte, 1+(width+perByte-1)/perByte) // row[0]: filter type 0, none
	for y := b.Min.Y; y < b.Max.Y; y++ {
		clear(row)
		for i, k := range p.Pix[p.PixOffset(b.Min.X, y):][:width] {
			row[1+i/perByte] |= k << (8 - depth*(i%perByte+1))
		}
		zw.Write(row) // an error is kept in out.err
	}
	return out.finish(zw)
}

// Paletted returns m as a paletted image when m has at most 256 colours and
// not all of them grey (a grey image is as small written grey), its palette
// in the order the colours first appear, row by row: the same pixels, in a
// file that for a drawing or a pattern is often a third of RGB's.
func Paletted(m image.Image) (*image.Paletted, bool) {
	b := m.Bounds()
	if b.Empty() {
		return nil, false
	}
	read := rowReader(m)
	index := make(map[[4]byte]uint8, 256)
	var pal color.Palette
	grey := true
	p := image.NewPaletted(b, nil)
	row := make([]byte, 4*b.Dx())
	var last [4]byte // the colour before, and its index: runs skip the map
	lastK := -1
	for y := b.Min.Y; y < b.Max.Y; y++ {
		read(y, row)
		dst := p.Pix[p.PixOffset(b.Min.X, y):][:b.Dx()]
		for i := range dst {
			c := [4]byte(row[4*i : 4*i+4])
			if lastK >= 0 && c == last {
				dst[i] = uint8(lastK)
				continue
			}
			k, ok := index[c]
			if !ok {
				if len(pal) == 256 {
					return nil, false
				}
				k = uint8(len(pal))
				index[c] = k
				pal = append(pal, color.NRGBA{c[0], c[1], c[2], c[3]})
				grey = grey && c[0] == c[1] && c[0] == c[2]
			}
			dst[i] = k
			last, lastK = c, int(k)
		}
	}
	if grey {
		return nil, false
	}
	p.Palette = pal
	return p, true
}

// rowReader returns a function that writes row y of m into dst as
// non-premultiplied 8-bit RGBA, reading the types that decoders and the
// collection's scaler return directly.
func rowReader(m image.Image) func(y int, dst []byte) {
	b := m.Bounds()
	switch m := m.(type) {
	case *image.NRGBA:
		return func(y int, dst []byte) { copy(dst, m.Pix[m.PixOffset(b.Min.X, y):]) }
	case *image.RGBA:
		return func(y int, dst []byte) {
			src := m.Pix[m.PixOffset(b.Min.X, y):][:len(dst)]
			for i := 0; i < len(src); i += 4 {
				unpremultiply(dst[i:i+4], src[i:i+4])
			}
		}
	case *image.YCbCr:
		if hs, ok := chromaShift[m.SubsampleRatio]; ok && b.Min.X >= 0 {
			// A row's chroma is one row of Cb and Cr, each sample under
			// 1 << hs pixels: the offsets a row at a time, not a pixel.
			return func(y int, dst []byte) {
				c0 := m.COffset(b.Min.X, y) - b.Min.X>>hs
				for i, yy := range m.Y[m.YOffset(b.Min.X, y):][:b.Dx()] {
					ci := c0 + (b.Min.X+i)>>hs
					d := dst[4*i : 4*i+4 : 4*i+4]
					d[0], d[1], d[2] = color.YCbCrToRGB(yy, m.Cb[ci], m.Cr[ci])
					d[3] = 0xff
				}
			}
		}
		return func(y int, dst []byte) {
			for x := b.Min.X; x < b.Max.X; x++ {
				yi, ci := m.YOffset(x, y), m.COffset(x, y)
				d := dst[4*(x-b.Min.X):][:4]
				d[0], d[1], d[2] = color.YCbCrToRGB(m.Y[yi], m.Cb[ci], m.Cr[ci])
				d[3] = 0xff
			}
		}
	case *image.NYCbCrA:
		return func(y int, dst []byte) {
			for x := b.Min.X; x < b.Max.X; x++ {
				yi, ci := m.YOffset(x, y), m.COffset(x, y)
				d := dst[4*(x-b.Min.X):][:4]
				if d[3] = m.A[m.AOffset(x, y)]; d[3] == 0 {
					d[0], d[1], d[2] = 0, 0, 0 // as color.NRGBAModel gives it
				} else {
					d[0], d[1], d[2] = color.YCbCrToRGB(m.Y[yi], m.Cb[ci], m.Cr[ci])
				}
			}
		}
	case *image.Gray:
		return func(y int, dst []byte) {
			for i, v := range m.Pix[m.PixOffset(b.Min.X, y):][:b.Dx()] {
				dst[4*i], dst[4*i+1], dst[4*i+2], dst[4*i+3] = v, v, v, 0xff
			}
		}
	case *image.Paletted:
		var table [256]color.NRGBA // an index past the palette: transparent black
		for i, c := range m.Palette[:min(len(m.Palette), 256)] {
			table[i] = color.NRGBAModel.Convert(c).(color.NRGBA)
		}
		return func(y int, dst []byte) {
			for i, k := range m.Pix[m.PixOffset(b.Min.X, y):][:b.Dx()] {
				c := table[k]
				dst[4*i], dst[4*i+1], dst[4*i+2], dst[4*i+3] = c.R, c.G, c.B, c.A
			}
		}
	}
	return func(y int, dst []byte) {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBAModel.Convert(m.At(x, y)).(color.NRGBA)
			d := dst[4*(x-b.Min.X):][:4]
			d[0], d[1], d[2], d[3] = c.R, c.G, c.B, c.A
		}
	}
}

// chromaShift is how far a column is shifted right to find its chroma
// sample, for each subsampling a JPEG or a WebP has.
var chromaShift = map[image.YCbCrSubsampleRatio]int{
	image.YCbCrSubsampleRatio444: 0, image.YCbCrSubsampleRatio440: 0,
	image.YCbCrSubsampleRatio422: 1, image.YCbCrSubsampleRatio420: 1,
	image.YCbCrSubsampleRatio411: 2, image.YCbCrSubsampleRatio410: 2,
}

// unpremultiply converts one premultiplied RGBA pixel to non-premultiplied,
// as color.NRGBAModel does (the 16-bit quotient's high byte).
func unpremultiply(d, s []byte) {
	switch a := uint32(s[3]); a {
	case 0:
		d[0], d[1], d[2], d[3] = 0, 0, 0, 0
	case 0xff:
		copy(d, s)
	default:
		d[0] = uint8(uint32(s[0]) * 0xffff / a >> 8)
		d[1] = uint8(uint32(s[1]) * 0xffff / a >> 8)
		d[2] = uint8(uint32(s[2]) * 0xffff / a >> 8)
		d[3] = uint8(a)
	}
}

// chooseColourType returns the PNG colour type that holds every pixel of
// m, and its number of samples a pixel. It reads the rows until a pixel
// that is not grey and one that is not opaque have been seen (whether
// the image is opaque is asked of the image when it can tell). With
// colour (the file has an RGB profile), a grey image is written RGB.
func chooseColourType(m image.Image, read func(y int, dst []byte), colour bool) (colourType byte, channels int) {
	opaque, knowOpaque := true, false
	if o, ok := m.(interface{ Opaque() bool }); ok {
		opaque, knowOpaque = o.Opaque(), true
	}
	grey := !colour
	b := m.Bounds()
	row := make([]byte, 4*b.Dx())
	for y := b.Min.Y; y < b.Max.Y && (grey || (opaque && !knowOpaque)); y++ {
		read(y, row)
		for i := 0; i < len(row); i += 4 {
			grey = grey && row[i] == row[i+1] && row[i] == row[i+2]
			opaque = opaque && row[i+3] == 0xff
		}
	}
	switch {
	case grey && opaque:
		return 0, 1
	case grey:
		return 4, 2
	case opaque:
		return 2, 3
	}
	return 6, 4
}

// pack writes the samples of the colour type with that many channels from
// an NRGBA row: grey (the red sample), grey and alpha, RGB or RGBA.
func pack(dst, nrgba []byte, channels int) {
	switch channels {
	case 1:
		for i := range dst {
			dst[i] = nrgba[4*i]
		}
	case 2:
		for i := 0; i < len(dst); i += 2 {
			dst[i], dst[i+1] = nrgba[2*i], nrgba[2*i+3]
		}
	case 3:
		for i, j := 0, 0; i < len(dst); i, j = i+3, j+4 {
			dst[i], dst[i+1], dst[i+2] = nrgba[j], nrgba[j+1], nrgba[j+2]
		}
	default:
		copy(dst, nrgba)
	}
}

// filterer chooses each row's filter as PNG encoders commonly do (the PNG
// specification, section 12.8, suggests it): it tries the five filters
// and keeps the one whose output bytes, read as signed, have the least
// sum of absolute values, a rough guess at which will deflate best. The
// filters predict each byte from the one bpp bytes to its left (a), the
// one above (b) and the one above that (c), zero outside the image.
type filterer struct {
	out [5][]byte // each filter's row, its type byte first
}

func (f *filterer) filter(cur, prev []byte, bpp int) []byte {
	for t := range f.out {
		if len(f.out[t]) != 1+len(cur) {
			f.out[t] = make([]byte, 1+len(cur))
		}
		f.out[t][0] = byte(t)
	}
	n := len(cur)
	none, sub, up, avg, paeth := f.out[0][1:1+n], f.out[1][1:1+n], f.out[2][1:1+n], f.out[3][1:1+n], f.out[4][1:1+n]
	prev = prev[:n]
	copy(none, cur)
	// The sums are taken as the rows are made, in one pass: a pass for
	// each filter, and five more for the sums, took 41 ns a byte of a
	// photograph's rows.
	var sNone, sSub, sUp, sAvg, sPaeth int
	k := min(bpp, n)
	for i := range k { // a and c are zero: Paeth predicts b, Sub nothing
		x, b := cur[i], prev[i]
		sub[i], up[i], avg[i], paeth[i] = x, x-b, x-b/2, x-b
		sNone += absByte(x)
		sSub += absByte(x)
		sUp += absByte(x - b)
		sAvg += absByte(x - b/2)
		sPaeth += absByte(x - b)
	}
	for i := k; i < n; i++ {
		x, a, b, c := cur[i], cur[i-bpp], prev[i], prev[i-bpp]
		d0, d1, d2 := x-a, x-b, x-byte((uint16(a)+uint16(b))/2)
		d3 := x - Paeth(a, b, c)
		sub[i], up[i], avg[i], paeth[i] = d0, d1, d2, d3
		sNone += absByte(x)
		sSub += absByte(d0)
		sUp += absByte(d1)
		sAvg += absByte(d2)
		sPaeth += absByte(d3)
	}
	best, bestSum := 0, sNone
	for t, sum := range [5]int{sNone, sSub, sUp, sAvg, sPaeth} {
		if sum < bestSum {
			best, bestSum = t, sum
		}
	}
	return f.out[best]
}

// Paeth is PNG's Paeth predictor: whichever of a (left), b (above) and c
// (above left) is nearest to a + b - c, preferring a, then b, on a tie.
// Its absolute values and comparisons compile to conditional moves, and
// it inlines: a photograph's rows mispredicted the branches of the
// textbook form, and a call that did not inline cost as much again.
func Paeth(a, b, c byte) byte {
	pa, pb := int(b)-int(c), int(a)-int(c)
	pc := max(pa+pb, -pa-pb)
	pa, pb = max(pa, -pa), max(pb, -pb)
	pred := c
	if pb <= pc {
		pred = b
	}
	if pa <= min(pb, pc) {
		pred = a
	}
	return pred
}

// Unfilter undoes the filter of row (its type in row[0], its bytes after)
// in place, given prev, the row above unfiltered (its first byte unused;
// zeros for the first row): the inverse of Filterer.Filter, and what a
// PDF reader's PNG predictor does.
func Unfilter(row, prev []byte, bpp int) {
	cur, up := row[1:], prev[1:]
	switch row[0] {
	case 1:
		for i := bpp; i < len(cur); i++ {
			cur[i] += cur[i-bpp]
		}
	case 2:
		for i := range cur {
			cur[i] += up[i]
		}
	case 3:
		for i := range cur {
			var a byte
			if i >= bpp {
				a = cur[i-bpp]
			}
			cur[i] += byte((uint16(a) + uint16(up[i])) / 2)
		}
	case 4:
		for i := range cur {
			var a, c byte
			if i >= bpp {
				a, c = cur[i-bpp], up[i-bpp]
			}
			cur[i] += Paeth(a, up[i], c)
		}
	}
}

// absByte is the absolute value of v read as a signed byte.
func absByte(v byte) int { return absInt(int(int8(v))) }

// absInt is the absolute value of v, without a branch.
func absInt(v int) int {
	m := v >> 63
	return (v ^ m) - m
}

// chunkWriter writes PNG chunks to w, keeping the first error.
type chunkWriter struct {
	w    io.Writer
	err  error
	idat *bufio.Writer // the zlib stream, cut into IDAT chunks
}

// chunk writes one chunk: its length, type and data, and the CRC-32 of the
// type and data.
func (c *chunkWriter) chunk(typ string, data []byte) {
	if c.err != nil {
		return
	}
	var head [8]byte
	binary.BigEndian.PutUint32(head[:4], uint32(len(data)))
	copy(head[4:], typ)
	crc := crc32.Update(crc32.ChecksumIEEE(head[4:]), crc32.IEEETable, data)
	var tail [4]byte
	binary.BigEndian.PutUint32(tail[:], crc)
	for _, p := range [][]byte{head[:], data, tail[:]} {
		if _, err := c.w.Write(p); err != nil {
			c.err = err
			return
		}
	}
}

type writerFunc func(p []byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
