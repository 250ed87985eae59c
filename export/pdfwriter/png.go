package pdfwriter

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"hash/crc32"
	"image/color"
	"image/png"
	"io"
	"slices"
	"strconv"

	"github.com/klauspost/compress/zlib"

	"github.com/warraq/warraq/internal/pngenc"
)

// PNG images in a PDF.
//
// PDF's FlateDecode, given a PNG predictor (/DecodeParms with /Predictor
// 15), reads rows exactly as a PNG's image data holds them: a zlib stream
// of rows, each after the type of the filter that predicts its bytes from
// those to its left and above. So a non-interlaced PNG of grey (at 1 to 8
// bits), RGB (8 bits) or palette indices (1 to 8 bits), with no
// transparency but a palette's, goes into the file as it is: its IDAT
// chunks' data is the XObject's stream, and its palette an /Indexed colour
// space (passPNG). A palette's transparency (its tRNS chunk, an alpha for
// each of its first colours) becomes a soft mask made from the indices:
// a drawing with a clear ground, which loading writes paletted when it has
// few colours, was three times larger as decoded RGB and its mask.
// Nothing is decoded or compressed again: a 2400 x 3200 photograph saved
// as PNG was decoded and deflated at the best level in 2.4 s of CPU, and
// the samples, deflated without prediction, took twice the file's bytes.
//
// Every other PNG (an alpha channel or a grey or RGB tRNS chunk, which
// become a soft mask; interlaced; 16 bits a sample, carried at 8 as
// before) is decoded,
// and its samples and alpha are filtered as a PNG encoder filters them
// (pngenc.Filterer) and deflated (decodePNG; the levels are at
// decodedBestUpTo).

// pngFile is what passPNG reads of a PNG file's chunks.
type pngFile struct {
	w, h       int
	depth      int
	colourType byte
	interlaced bool
	palette    []byte // PLTE's data
	trns       []byte // tRNS's data, not nil when there is one (a palette's: its colours' alphas)
	iccp       []byte // an iCCP chunk's data (icc.go)
	idat       []byte // the IDAT chunks' data, joined
}

// readPNGChunks reads the chunks of a PNG file: false when it is not one
// passPNG can trust (a checksum that does not match, a chunk out of its
// place, a critical chunk it does not know, a dimension over 2^31 - 1).
// image/png decides what is wrong with such a file.
func readPNGChunks(data []byte) (pngFile, bool) {
	var p pngFile
	if !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
		return p, false
	}
	rest := data[8:]
	var idats [][]byte
	seenIHDR, idatDone := false, false
	for {
		if len(rest) < 12 {
			return p, false
		}
		n := binary.BigEndian.Uint32(rest)
		if uint64(n) > uint64(len(rest)-12) {
			return p, false
		}
		typ, body := string(rest[4:8]), rest[8:8+n]
		if crc32.ChecksumIEEE(rest[4:8+n]) != binary.BigEndian.Uint32(rest[8+n:]) {
			return p, false
		}
		rest = rest[12+n:]
		if !seenIHDR && typ != "IHDR" {
			return p, false
		}
		if len(idats) > 0 && typ != "IDAT" {
			idatDone = true
		}
		switch typ {
		case "IHDR":
			if seenIHDR || n != 13 {
				return p, false
			}
			seenIHDR = true
			w, h := binary.BigEndian.Uint32(body), binary.BigEndian.Uint32(body[4:])
			if w == 0 || h == 0 || w > 1<<31-1 || h > 1<<31-1 || body[10] != 0 || body[11] != 0 || body[12] > 1 {
				return p, false
			}
			p.w, p.h, p.depth, p.colourType, p.interlaced = int(w), int(h), int(body[8]), body[9], body[12] == 1
		case "PLTE":
			if p.palette != nil || len(idats) > 0 {
				return p, false
			}
			p.palette = body
		case "tRNS":
			if p.trns != nil || len(idats) > 0 || (p.colourType == 3 && (p.palette == nil || n > 256)) {
				return p, false // where image/png refuses it, or reads it differently
			}
			p.trns = body
		case "iCCP":
			if p.iccp == nil {
				p.iccp = body
			}
		case "IDAT":
			if idatDone {
				return p, false
			}
			idats = append(idats, body)
		case "IEND":
			if len(idats) == 0 || n != 0 {
				return p, false
			}
			if len(idats) == 1 {
				p.idat = idats[0]
			} else {
				p.idat = bytes.Join(idats, nil)
			}
			return p, true
		default:
			if typ[0]&0x20 == 0 { // a critical chunk
				return p, false
			}
		}
	}
}

// passPNG returns the image a PNG file is when its image data can be the
// XObject's stream as it is (the package comment above says which), and
// false for any other, or one whose data does not decode to exactly its
// rows.
func passPNG(data []byte) (*Image, bool) {
	p, img, ok := passable(data)
	if !ok {
		return nil, false
	}
	top, alpha, ok := checkRows(p, img.colours)
	if !ok {
		return nil, false
	}
	img.passed(p, top)
	if alpha != nil {
		img.alpha = deflateAlpha(alpha, p.w, p.h)
	}
	return img, true
}

// passable reads a PNG file's chunks and returns the image it is when it
// is of a kind PDF reads as it is, before its rows are checked (checkRows)
// and its colour space set (passed).
func passable(data []byte) (pngFile, *Image, bool) {
	p, ok := readPNGChunks(data)
	if !ok || p.interlaced || (p.trns != nil && p.colourType != 3) {
		return p, nil, false
	}
	img := &Image{w: p.w, h: p.h, bpc: p.depth, colours: 1, data: p.idat}
	switch {
	case p.colourType == 0 && (p.depth == 1 || p.depth == 2 || p.depth == 4 || p.depth == 8) && p.palette == nil:
		// (image/png refuses a grey PNG with a palette.)
		img.colorSpace = "/DeviceGray"
	case p.colourType == 2 && p.depth == 8:
		img.colorSpace, img.colours = "/DeviceRGB", 3
	case p.colourType == 3 && (p.depth == 1 || p.depth == 2 || p.depth == 4 || p.depth == 8):
		if len(p.palette) == 0 || len(p.palette)%3 != 0 || len(p.palette)/3 > 1<<p.depth {
			return p, nil, false
		}
	default:
		return p, nil, false
	}
	n := img.colours
	if p.colourType == 3 {
		n = 3 // a palette's colours are RGB
	}
	img.setPNGProfile(p.iccp, n)
	return p, img, true
}

// setPNGProfile gives img the profile of a PNG's iCCP chunk data, if it
// holds a valid one for n colour components.
func (img *Image) setPNGProfile(iccp []byte, n int) {
	if z, sum := pngProfile(iccp, n); z != nil {
		img.icc, img.iccN, img.iccSum = z, n, sum
	}
}

// setDecodedProfile gives a decoded PNG (data, its file) its profile:
// its samples are img.colours a pixel.
func (img *Image) setDecodedProfile(data []byte) {
	if p, ok := readPNGChunks(data); ok {
		img.setPNGProfile(p.iccp, img.colours)
	}
}

// passed completes an image passable returned, whose rows hold palette
// indices up to top (for a palette's PNG).
func (img *Image) passed(p pngFile, top int) {
	img.top = top
	if p.colourType == 3 {
		img.colorSpace = indexedSpace(p.palette, top)
	}
}

// indexedSpace is the /Indexed colour space of a PNG palette. An index
// past the palette is opaque black, as image/png decodes it: the table
// is lengthened to the largest index the rows hold (top).
func indexedSpace(plte []byte, top int) string {
	n := len(plte) / 3
	table := plte
	if top >= n {
		table = append(bytes.Clone(plte), make([]byte, 3*(top+1-n))...)
		n = top + 1
	}
	return "[/Indexed /DeviceRGB " + strconv.Itoa(n-1) + " <" + hex.EncodeToString(table) + ">]"
}

// maxPassPixels bounds what checkRows inflates: the collection refuses
// larger images before a renderer sees them, and a PNG that claims more
// is decoded, and refused, by image/png.
const maxPassPixels = 1 << 28

// checkRows inflates a PNG's image data a row at a time and reports
// whether it is exactly h rows of the width, colours and depth, each after
// a filter type PNG defines, with a zlib checksum that matches and nothing
// after the stream. For palette indices it also returns the largest
// index (the rows are unfiltered for it) and, when the palette's tRNS
// makes any pixel less than opaque, each pixel's alpha, as image/png reads
// it: a colour's entry in tRNS, or opaque past its end.
func checkRows(p pngFile, colours int) (top int, alpha []byte, ok bool) {
	if int64(p.w)*int64(p.h) > maxPassPixels {
		return 0, nil, false
	}
	src := bytes.NewReader(p.idat)
	zr, err := zlib.NewReader(src)
	if err != nil {
		return 0, nil, false
	}
	defer zr.Close()
	bits := p.w * colours * p.depth
	n := (bits + 7) / 8
	bpp := max(1, colours*p.depth/8)
	row, prev := make([]byte, 1+n), make([]byte, 1+n)
	indexed := p.colourType == 3
	var unpacked []byte
	if indexed {
		unpacked = make([]byte, p.w)
		if slices.ContainsFunc(p.trns, func(a byte) bool { return a != 0xff }) {
			alpha = make([]byte, p.w*p.h)
		}
	}
	translucent := false
	for y := range p.h {
		if _, err := io.ReadFull(zr, row); err != nil || row[0] > 4 {
			return 0, nil, false
		}
		if indexed {
			pngenc.Unfilter(row, prev, bpp)
			idx := indices(unpacked, row[1:], p.depth)
			top = max(top, int(slices.Max(idx)))
			if alpha != nil && indexAlpha(alpha[y*p.w:][:p.w], idx, p.trns) {
				translucent = true
			}
			row, prev = prev, row
		}
	}
	var one [1]byte
	if k, err := zr.Read(one[:]); k != 0 || err != io.EOF || src.Len() != 0 {
		return 0, nil, false
	}
	if !translucent {
		alpha = nil
	}
	return top, alpha, true
}

// indices returns the len(buf) palette indices of depth bits packed in
// row: row itself at 8 bits, else unpacked into buf.
func indices(buf, row []byte, depth int) []byte {
	if depth == 8 {
		return row[:len(buf)]
	}
	perByte, mask := 8/depth, byte(1<<depth-1)
	for x := range buf {
		buf[x] = row[x/perByte] >> (8 - depth*(x%perByte+1)) & mask
	}
	return buf
}

// indexAlpha sets dst to the alpha of each pixel of the palette indices
// idx, as image/png reads tRNS (opaque past its end), and reports whether
// any is not opaque.
func indexAlpha(dst, idx, trns []byte) bool {
	translucent := false
	for x, i := range idx {
		a := byte(0xff)
		if int(i) < len(trns) {
			a = trns[i]
		}
		dst[x] = a
		translucent = translucent || a != 0xff
	}
	return translucent
}

// A decoded PNG's filtered samples are deflated at the best level up to
// decodedBestUpTo pixels, and at decodedLargeLevel above: filtered rows
// hold long runs of small values, which klauspost's best levels search at
// length. Measured on a 2400 x 3200 photograph with an alpha channel
// (23 MB of RGB samples): level 9 took 7.2 s for 6.52 MB, level 8 2.2 s
// for 6.41, level 6 0.31 s for 6.66 (unfiltered, as before, level 9 took
// 0.8 s for 12.6 MB); on a 1000 x 1000 screenshot, level 9 0.48 s for
// 80 KB, level 6 14 ms for 102 KB (unfiltered at level 9, 0.51 s for
// 121 KB). A quarter of a million pixels at level 9 takes about a tenth
// of a second.
const (
	decodedBestUpTo   = 1 << 18
	decodedLargeLevel = 6
)

// decodePNG decodes a PNG to 8-bit grey or RGB samples and, when any pixel
// is not opaque, an 8-bit alpha channel for the soft mask, each filtered
// row by row as a PNG encoder filters (pngenc.Filterer) and deflated.
func decodePNG(data []byte) (*Image, error) {
	m, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	bnd := m.Bounds()
	w, h := bnd.Dx(), bnd.Dy()
	img := &Image{w: w, h: h, bpc: 8, colorSpace: "/DeviceRGB", colours: 3, top: -1}
	switch m.ColorModel() {
	case color.GrayModel, color.Gray16Model:
		img.colorSpace, img.colours = "/DeviceGray", 1
	}
	img.setDecodedProfile(data)
	read := pngenc.Rows(m)
	nrgba := make([]byte, 4*w)
	cur, prev := make([]byte, img.colours*w), make([]byte, img.colours*w)
	alpha := make([]byte, w*h)
	opaque := true
	var f pngenc.Filterer
	z := deflater{level: decodedLevel(w, h)}
	img.data = bytes.Clone(z.deflateFrom(func(out io.Writer) {
		for y := range h {
			read(bnd.Min.Y+y, nrgba)
			a := alpha[y*w:][:w]
			for x := range w {
				px := nrgba[4*x:][:4]
				if img.colours == 1 {
					cur[x] = px[0]
				} else {
					cur[3*x], cur[3*x+1], cur[3*x+2] = px[0], px[1], px[2]
				}
				a[x] = px[3]
				opaque = opaque && px[3] == 0xff
			}
			out.Write(f.Filter(cur, prev, img.colours))
			cur, prev = prev, cur
		}
	}))
	if !opaque {
		img.alpha = deflateAlpha(alpha, w, h)
	}
	return img, nil
}

// deflateAlpha is the soft mask's stream of 8-bit alpha samples, w a row:
// filtered as a PNG encoder filters them and deflated.
func deflateAlpha(alpha []byte, w, h int) []byte {
	var f pngenc.Filterer
	z := deflater{level: decodedLevel(w, h)}
	return bytes.Clone(z.deflateFrom(func(out io.Writer) {
		zero := make([]byte, w)
		for y := range h {
			above := zero
			if y > 0 {
				above = alpha[(y-1)*w:][:w]
			}
			out.Write(f.Filter(alpha[y*w:][:w], above, 1))
		}
	}))
}

// decodedLevel is the deflate level of a w x h image's samples or alpha.
func decodedLevel(w, h int) int {
	if w*h > decodedBestUpTo {
		return decodedLargeLevel
	}
	return resourceLevel
}
