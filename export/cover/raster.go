package cover

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/adler32"
	"hash/crc32"
	"image"
	"image/color"
	"math"
	"slices"
	"sort"

	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/klauspost/compress/flate"
	"github.com/warraq/warraq/internal/pngenc"
	"golang.org/x/image/vector"
)

// rasterize draws a design on a w x h canvas. Each item is filled with its
// own mask, clipped to the item's bounds, so the cost is the ink, not the page.
//
// The canvas keeps only the tiles something was drawn on (canvas): drawing
// on a full RGBA image filled with the background wrote and faulted in
// 16 MB for a cover whose items cover a quarter of it (the classic style:
// 1.0 of 4.1 million pixels), and the encoder then read all of it back.
func rasterize(d *design, w, h int) *canvas {
	cv := newCanvas(w, h, color.RGBA{d.bg.R, d.bg.G, d.bg.B, 255})
	bounds := image.Rect(0, 0, w, h)
	sx, sy := float64(w)/d.w, float64(h)/d.h
	type fill struct {
		segs []seg
		c    rgb
		r    image.Rectangle
	}
	fills := make([]fill, 0, len(d.items))
	largest, area := 0, 0
	for _, it := range d.items {
		segs, c := itemSegs(it)
		r := segsRect(segs, sx, sy).Intersect(bounds)
		if r.Empty() {
			continue
		}
		fills = append(fills, fill{segs, c, r})
		if r.Dx() > floatingThreshold || r.Dy() > floatingThreshold {
			largest = max(largest, r.Dx()*r.Dy())
		}
		area = max(area, r.Dx()*r.Dy())
	}
	var z vector.Rasterizer
	// The rasterizer keeps one buffer of coverage for the items larger
	// than floatingThreshold, grown to each larger item and read before it
	// is written: fresh from the system, each of its pages was mapped on
	// the first read and copied on the first write. Made at the largest
	// size at once and cleared (a Reset to a size it holds writes zeros
	// over it), it is allocated once and each page faulted in once.
	if largest > 0 {
		z.Reset(largest, 1)
		z.Reset(largest, 1)
	}
	cv.scratch = make([]byte, 4*area)
	for _, f := range fills {
		img := cv.load(f.r)
		fillSegs(&z, img, f.segs, f.c, f.r, sx, sy)
		cv.store(img)
	}
	return cv
}

// tileSize is the side of a canvas tile in pixels: 32 x 32 RGBA pixels
// are 4 KiB, a page.
const (
	tileSize  = 32
	tileBytes = 4 * tileSize * tileSize
)

// canvas is a w x h RGBA image that is its background colour wherever
// nothing was drawn. It is kept in tiles of tileSize x tileSize pixels,
// row by row, and a tile exists only once something other than the
// background was drawn on it. An item is drawn on an RGBA image of its
// own rectangle (load: the canvas's pixels there), which is then copied
// back (store), so the drawing itself is x/image/vector's as before: the
// same masks blended over the same pixels, the same result.
type canvas struct {
	w, h  int
	bg    uint32 // the background pixel as a little-endian word (R first)
	bgRow []byte // a row of background pixels
	cols  int    // tiles across
	tiles [][]byte
	slab  []byte // tiles to come, made 64 at a time
	// scratch is the pixels of the item being drawn (4 bytes a pixel).
	scratch []byte
}

func newCanvas(w, h int, bg color.RGBA) *canvas {
	c := &canvas{w: w, h: h, cols: (w + tileSize - 1) / tileSize}
	c.bg = uint32(bg.R) | uint32(bg.G)<<8 | uint32(bg.B)<<16 | uint32(bg.A)<<24
	c.bgRow = make([]byte, 4*max(w, tileSize))
	for i := 0; i < len(c.bgRow); i += 4 {
		binary.LittleEndian.PutUint32(c.bgRow[i:], c.bg)
	}
	c.tiles = make([][]byte, c.cols*((h+tileSize-1)/tileSize))
	return c
}

// pieces calls f for each tile r (within the canvas) overlaps: the tile's
// index and the part of r on it.
func (c *canvas) pieces(r image.Rectangle, f func(t int, q image.Rectangle)) {
	for ty := r.Min.Y / tileSize; ty*tileSize < r.Max.Y; ty++ {
		for tx := r.Min.X / tileSize; tx*tileSize < r.Max.X; tx++ {
			t := image.Rect(tx*tileSize, ty*tileSize, (tx+1)*tileSize, (ty+1)*tileSize)
			f(ty*c.cols+tx, r.Intersect(t))
		}
	}
}

// tileOffset is where pixel (x, y) lies in its tile's bytes.
func tileOffset(x, y int) int { return 4 * (y%tileSize*tileSize + x%tileSize) }

// load returns an RGBA image of the rectangle r of the canvas, in scratch
// (which must hold it).
func (c *canvas) load(r image.Rectangle) *image.RGBA {
	img := &image.RGBA{Pix: c.scratch[:4*r.Dx()*r.Dy()], Stride: 4 * r.Dx(), Rect: r}
	c.pieces(r, func(t int, q image.Rectangle) {
		n := 4 * q.Dx()
		for y := q.Min.Y; y < q.Max.Y; y++ {
			dst := img.Pix[img.PixOffset(q.Min.X, y):][:n]
			if tile := c.tiles[t]; tile != nil {
				copy(dst, tile[tileOffset(q.Min.X, y):])
			} else {
				copy(dst, c.bgRow)
			}
		}
	})
	return img
}

// store copies img back onto the canvas. A tile that does not exist is
// made only if img has other pixels than the background on it.
func (c *canvas) store(img *image.RGBA) {
	c.pieces(img.Rect, func(t int, q image.Rectangle) {
		n := 4 * q.Dx()
		if c.tiles[t] == nil {
			blank := true
			for y := q.Min.Y; y < q.Max.Y && blank; y++ {
				blank = bytes.Equal(img.Pix[img.PixOffset(q.Min.X, y):][:n], c.bgRow[:n])
			}
			if blank {
				return
			}
			if len(c.slab) == 0 {
				c.slab = make([]byte, 64*tileBytes)
			}
			tile := c.slab[:tileBytes:tileBytes]
			c.slab = c.slab[tileBytes:]
			for i := 0; i < len(tile); i += 4 * tileSize {
				copy(tile[i:], c.bgRow[:4*tileSize])
			}
			c.tiles[t] = tile
		}
		tile := c.tiles[t]
		for y := q.Min.Y; y < q.Max.Y; y++ {
			copy(tile[tileOffset(q.Min.X, y):][:n], img.Pix[img.PixOffset(q.Min.X, y):])
		}
	})
}

// pixelRun is n pixels of the value v (a little-endian word, as canvas.bg).
type pixelRun struct {
	v uint32
	n int32
}

// appendRuns appends row y's pixels to runs as runs of equal pixels, each
// as long as it goes within the row: two rows have the same pixels if and
// only if they have the same runs.
func (c *canvas) appendRuns(runs []pixelRun, y int) []pixelRun {
	first := len(runs)
	add := func(v uint32, n int) {
		if k := len(runs) - 1; k >= first && runs[k].v == v {
			runs[k].n += int32(n)
		} else {
			runs = append(runs, pixelRun{v, int32(n)})
		}
	}
	row := c.tiles[y/tileSize*c.cols:][:c.cols]
	for tx, tile := range row {
		n := min(tileSize, c.w-tx*tileSize)
		if tile == nil {
			add(c.bg, n)
			continue
		}
		p := tile[tileOffset(0, y):][:4*n]
		for i := 0; i < len(p); {
			v, j := binary.LittleEndian.Uint32(p[i:]), i+4
			// Two pixels at a time while both are v, then one.
			for vv := uint64(v) | uint64(v)<<32; j+8 <= len(p) && binary.LittleEndian.Uint64(p[j:]) == vv; {
				j += 8
			}
			for j < len(p) && binary.LittleEndian.Uint32(p[j:]) == v {
				j += 4
			}
			add(v, (j-i)/4)
			i = j
		}
	}
	return runs
}

// sameAsAbove reports whether row y has the pixels of row y-1, when both
// lie in the same row of tiles: compared a tile at a time, as memory,
// which is quicker than reading the row as runs.
func (c *canvas) sameAsAbove(y int) bool {
	if y%tileSize == 0 {
		return false
	}
	for tx, tile := range c.tiles[y/tileSize*c.cols:][:c.cols] {
		if tile != nil {
			n := 4 * min(tileSize, c.w-tx*tileSize)
			if !bytes.Equal(tile[tileOffset(0, y):][:n], tile[tileOffset(0, y-1):][:n]) {
				return false
			}
		}
	}
	return true
}

// image returns the canvas as one RGBA image (loaded as an item would be,
// into a scratch of the whole canvas).
func (c *canvas) image() *image.RGBA {
	c.scratch = make([]byte, 4*c.w*c.h)
	return c.load(image.Rect(0, 0, c.w, c.h))
}

// floatingThreshold is the width or height over which vector.Rasterizer
// accumulates in floating point (its floatingPointMathThreshold).
const floatingThreshold = 512

// paints is the colours d fills with, the background first, once each.
func (d *design) paints() []color.RGBA {
	out := []color.RGBA{{d.bg.R, d.bg.G, d.bg.B, 255}}
	for _, it := range d.items {
		_, c := itemSegs(it)
		if p := (color.RGBA{c.R, c.G, c.B, 255}); !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// itemSegs is what a display-list item fills, in design units, and in which
// colour.
func itemSegs(it item) ([]seg, rgb) {
	switch {
	case it.shape != nil:
		return it.shape.segs, it.shape.color
	case it.text != nil:
		return glyphPaths(it.text), it.text.color
	}
	return nil, rgb{}
}

// segsRect is the pixel rectangle segs (design units) scaled by sx, sy
// cover, with a pixel to spare on every side (empty for no segments).
func segsRect(segs []seg, sx, sy float64) image.Rectangle {
	if len(segs) == 0 {
		return image.Rectangle{}
	}
	b := noBox()
	for _, s := range segs {
		for _, p := range s.pts[:npts(s.op)] {
			b = b.union(box{p.X * sx, p.Y * sy, p.X * sx, p.Y * sy})
		}
	}
	return image.Rect(int(math.Floor(b.x0))-1, int(math.Floor(b.y0))-1, int(math.Ceil(b.x1))+1, int(math.Ceil(b.y1))+1)
}

// fillSegs fills segs (design units) scaled by sx, sy onto the rectangle r
// of img (segsRect's, within img) in colour c.
func fillSegs(z *vector.Rasterizer, img *image.RGBA, segs []seg, c rgb, r image.Rectangle, sx, sy float64) {
	z.Reset(r.Dx(), r.Dy())
	ox, oy := float64(r.Min.X), float64(r.Min.Y)
	tx := func(p point) (float32, float32) { return float32(p.X*sx - ox), float32(p.Y*sy - oy) }
	open := false
	for _, s := range segs {
		switch s.op {
		case 'M':
			if open {
				z.ClosePath()
			}
			z.MoveTo(tx(s.pts[0]))
			open = true
		case 'L':
			z.LineTo(tx(s.pts[0]))
		case 'Q':
			ax, ay := tx(s.pts[0])
			bx, by := tx(s.pts[1])
			z.QuadTo(ax, ay, bx, by)
		case 'C':
			ax, ay := tx(s.pts[0])
			bx, by := tx(s.pts[1])
			cx, cy := tx(s.pts[2])
			z.CubeTo(ax, ay, bx, by, cx, cy)
		case 'Z':
			z.ClosePath()
			open = false
		}
	}
	if open {
		z.ClosePath()
	}
	z.Draw(img, r, image.NewUniform(color.RGBA{c.R, c.G, c.B, 255}), image.Point{})
}

func npts(op byte) int {
	switch op {
	case 'M', 'L':
		return 1
	case 'Q':
		return 2
	case 'C':
		return 3
	}
	return 0
}

// glyphPaths turns a placed line's glyphs into outline paths in design units.
func glyphPaths(t *textLine) []seg {
	var out []seg
	for _, r := range t.line.Runs {
		if r.Face == nil || r.Face.Font() == nil || r.Face.UnitsPerEm == 0 {
			continue
		}
		k := r.Style.Size / float64(r.Face.UnitsPerEm)
		for _, g := range r.Glyphs {
			o, ok := r.Face.Font().GlyphDataOutline(font.GID(g.GID))
			if !ok {
				continue
			}
			gx, gy := t.x+g.X, t.y-g.Y-r.Style.Rise
			pt := func(p font.SegmentPoint) point {
				return point{gx + float64(p.X)*k, gy - float64(p.Y)*k}
			}
			for _, s := range o.Segments {
				var sg seg
				switch s.Op {
				case ot.SegmentOpMoveTo:
					if len(out) > 0 && out[len(out)-1].op != 'Z' {
						out = append(out, seg{op: 'Z'})
					}
					sg.op = 'M'
				case ot.SegmentOpLineTo:
					sg.op = 'L'
				case ot.SegmentOpQuadTo:
					sg.op = 'Q'
				case ot.SegmentOpCubeTo:
					sg.op = 'C'
				}
				for i, p := range s.ArgsSlice() {
					sg.pts[i] = pt(p)
				}
				out = append(out, sg)
			}
			if len(out) > 0 && out[len(out)-1].op != 'Z' {
				out = append(out, seg{op: 'Z'})
			}
		}
	}
	return out
}

// encodePNG encodes img with pngenc, whose bytes depend on the pixels and
// go.sum alone (not on the Go toolchain's deflate, as image/png's do).
func encodePNG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	if err := pngenc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("cover: encoding PNG: %w", err)
	}
	return buf.Bytes(), nil
}

// encodeFlat encodes a generated cover as a paletted PNG of 24 colours, a
// third the size of RGB (the samples' cover: 32.1 KB against 91 KB), which
// counts in an EPUB meant for phones. A generated cover is the few colours
// its design paints (paints: the background, the text, the ornaments) and
// the anti-aliased edges between them: a few hundred colours, most of them
// rare. The painted colours are kept exactly; the other entries go to the
// edges, each time to the colour farthest from every entry so far, so the
// edges keep evenly spaced steps and no pixel moves far. A palette of the
// 64 most frequent colours moved the samples' pixels by up to 14 levels
// of a channel (24 on the band style); this one by 15 at most (7 on the
// minimal style). If more than 1% of the pixels would move further than 16
// (the distance in RGB: a design with gradients), the cover stays RGB.
//
// The size of the palette and the compression level were chosen together,
// side by side on the samples' cover: 64 colours at the best level took 88
// ms for 32.6 KB, at the default level 13 ms for 35.7 KB (over the EPUB's
// size bar); these 24 colours take 13 ms at the default level for 32.1 KB
// (29.6 KB on the band style against 31.7, 23.3 on the minimal one against
// 25.3). A build pays this once per design with a cache (cache.go), every
// time without one.
//
// Each row is read as runs of equal pixels (canvas.appendRuns: a tile
// nothing was drawn on is one run of the background), and a row with the
// pixels of the previous row (a third to a half of a generated cover's
// rows, where only the frame or the bands cross the background; found by
// comparing its tiles' bytes, canvas.sameAsAbove, or else its runs) is
// counted and mapped with that row. The rows of indices go to the compressor one at a
// time (writePaletted), so no image of indices is made.
func encodeFlat(cv *canvas, paints []color.RGBA) ([]byte, error) {
	w, h := cv.w, cv.h
	if w <= 0 || h <= 0 {
		return encodePNG(cv.image())
	}
	// The runs of the rows, those of a row equal to the one above left
	// out: row y's runs are all[start[y]:end[y]], and rows[k] is how many
	// rows have the k-th distinct list of runs.
	var all []pixelRun
	start, end := make([]int32, h), make([]int32, h)
	var lists []int32 // the start of each distinct list
	var rows []int
	for y := range h {
		if cv.sameAsAbove(y) {
			start[y], end[y] = start[y-1], end[y-1]
			rows[len(rows)-1]++
			continue
		}
		s := len(all)
		all = cv.appendRuns(all, y)
		if y > 0 && slices.Equal(all[s:], all[start[y-1]:end[y-1]]) {
			all = all[:s]
			start[y], end[y] = start[y-1], end[y-1]
			rows[len(rows)-1]++
			continue
		}
		start[y], end[y] = int32(s), int32(len(all))
		lists = append(lists, int32(s))
		rows = append(rows, 1)
	}
	colour := func(v uint32) color.RGBA { return color.RGBA{uint8(v), uint8(v >> 8), uint8(v >> 16), uint8(v >> 24)} }
	count := map[color.RGBA]int{}
	for k, s := range lists {
		e := int32(len(all))
		if k+1 < len(lists) {
			e = lists[k+1]
		}
		for _, r := range all[s:e] {
			count[colour(r.v)] += int(r.n) * rows[k]
		}
	}
	colours := make([]color.RGBA, 0, len(count))
	for c := range count {
		colours = append(colours, c)
	}
	// Most frequent first; ties by value, so the palette is the same every time.
	sort.Slice(colours, func(i, j int) bool {
		a, b := colours[i], colours[j]
		if count[a] != count[b] {
			return count[a] > count[b]
		}
		return uint32(a.R)<<24|uint32(a.G)<<16|uint32(a.B)<<8|uint32(a.A) < uint32(b.R)<<24|uint32(b.G)<<16|uint32(b.B)<<8|uint32(b.A)
	})
	pal, nearest := flatPalette(colours, count, paints)
	moved := 0
	for k, c := range colours {
		if distance(c, pal[nearest[k]].(color.RGBA)) > 16*16 {
			moved += count[c]
		}
	}
	if moved*100 > w*h {
		return encodePNG(cv.image())
	}
	index := make(map[uint32]uint8, len(colours))
	for k, c := range colours {
		index[uint32(c.R)|uint32(c.G)<<8|uint32(c.B)<<16|uint32(c.A)<<24] = uint8(nearest[k])
	}
	// The palette index of each run, looked up once, and a row of each
	// index, copied from for the longer runs.
	idx := make([]uint8, len(all))
	for k, r := range all {
		idx[k] = index[r.v]
	}
	fills := make([][]byte, len(pal))
	for i := range fills {
		fills[i] = bytes.Repeat([]byte{uint8(i)}, w)
	}
	// row(y, dst) writes row y's indices into dst, which holds row y-1's:
	// a row with the runs of the one before is left as it is. The zlib
	// stream's checksum is summed from the runs, a run at a time
	// (adler.run), rather than over the 4 MB of indices.
	row := func(y int, dst []byte) {
		if y > 0 && start[y] == start[y-1] {
			return
		}
		x := 0
		for k := start[y]; k < end[y]; k++ {
			b := dst[x : x+int(all[k].n)]
			if i := idx[k]; len(b) <= 8 {
				for j := range b {
					b[j] = i
				}
			} else {
				copy(b, fills[i])
			}
			x += len(b)
		}
	}
	sum := adlerStart
	var line adler // the sums of the last row summed, filter byte first, from zero
	for y := range h {
		if y == 0 || start[y] != start[y-1] {
			line = adler{}.run(0, 1)
			for k := start[y]; k < end[y]; k++ {
				line = line.run(idx[k], int(all[k].n))
			}
		}
		sum = sum.then(line, 1+w)
	}
	return writePaletted(w, h, pal, row, sum.sum())
}

// adler is the running state of an Adler-32 checksum (RFC 1950): the sum
// of the bytes and the sum of those sums, each modulo adlerMod.
type adler struct{ a, b uint64 }

const adlerMod = 65521

// adlerStart is the state before any byte.
var adlerStart = adler{1, 0}

// run is the state after n more bytes of value v: each adds v to a, and
// the new a to b, so n of them add n*v to a and n*a + v*n(n+1)/2 to b.
func (s adler) run(v byte, n int) adler {
	k := uint64(n)
	s.b = (s.b + k%adlerMod*s.a + uint64(v)*(k*(k+1)/2%adlerMod)) % adlerMod
	s.a = (s.a + uint64(v)*k) % adlerMod
	return s
}

// then is the state after m more bytes whose own sums, from zero, are o:
// each of them adds s.a to b besides what it adds from zero.
func (s adler) then(o adler, m int) adler {
	return adler{(s.a + o.a) % adlerMod, (s.b + uint64(m)%adlerMod*s.a + o.b) % adlerMod}
}

// sum is the checksum as zlib's trailer holds it.
func (s adler) sum() uint32 { return uint32(s.b<<16 | s.a) }

// rowsAdler is the Adler-32 of the rows row gives (each after a filter
// byte of 0), for a writePaletted whose rows come from an image.
func rowsAdler(w, h int, row func(y int, dst []byte)) uint32 {
	line := make([]byte, 1+w)
	sum := adler32.New()
	for y := range h {
		row(y, line[1:])
		sum.Write(line)
	}
	return sum.Sum32()
}

// writePaletted encodes a paletted image given row by row (row(y, dst)
// writes row y's indices into dst, which holds row y-1's) whose rows,
// each after its filter byte, have the Adler-32 sum. A whole image would
// be 4 MB of indices to write and read again (a generated cover's rows
// come from its runs); so the chunks are written here: the signature,
// IHDR (8-bit indices, colour type 3), PLTE, the zlib stream of the rows
// (each after a filter byte of 0, none, as PNG encoders write paletted
// images) in IDAT chunks of 32 KiB, and IEND, each chunk with its CRC-32.
//
// The deflate stream is klauspost/compress's at level 8 (pngLevel), not
// the standard library's: the bytes must not depend on the Go toolchain
// that built Warraq, and Go 1.27 changed compress/flate's output (the
// samples' cover was 32,139 bytes built with Go 1.26.8, 41,210 with Go
// 1.27.3); go.sum pins klauspost's. On the samples' cover, side by side: Go
// 1.26's level 6 took 13.7 ms for 31,992 bytes of IDAT; klauspost's level
// 6 6.3 ms for 41,018, level 8 10.5 ms for 35,774, level 9 76 ms for
// 34,858. A palette of 16 colours or fewer (packed 2, 4 or 8 indices to a
// byte) or with a transparent colour (a tRNS chunk) goes to encodePNG; a
// generated cover has neither.
func writePaletted(w, h int, pal color.Palette, row func(y int, dst []byte), sum uint32) ([]byte, error) {
	opaque := true
	for _, c := range pal {
		_, _, _, a := c.RGBA()
		opaque = opaque && a == 0xffff
	}
	if len(pal) <= 16 || len(pal) > 256 || !opaque {
		p := image.NewPaletted(image.Rect(0, 0, w, h), pal)
		for y := range h {
			if y > 0 {
				copy(p.Pix[y*p.Stride:][:w], p.Pix[(y-1)*p.Stride:])
			}
			row(y, p.Pix[y*p.Stride:][:w])
		}
		return encodePNG(p)
	}
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, 3 // bit depth, colour type: indexed; then compression, filter and interlace methods 0
	writeChunk(&out, "IHDR", ihdr[:])
	plte := make([]byte, 0, 3*len(pal))
	for _, c := range pal {
		r, g, b, _ := c.RGBA()
		plte = append(plte, uint8(r>>8), uint8(g>>8), uint8(b>>8))
	}
	writeChunk(&out, "PLTE", plte)
	idat := bufio.NewWriterSize(chunkWriter{&out, "IDAT"}, 1<<15)
	// The zlib stream (RFC 1950): its header (deflate with a 32 KiB window,
	// level bits 3 for a level of 7 or more, the check bits), the deflate
	// stream and the Adler-32 of what was compressed, which is given
	// (summed from a generated cover's runs) rather than summed here.
	idat.Write([]byte{0x78, 0xda})
	zw, err := flate.NewWriter(idat, pngLevel)
	if err != nil {
		return nil, fmt.Errorf("cover: encoding PNG: %w", err)
	}
	line := make([]byte, 1+w) // line[0]: filter type 0
	for y := range h {
		row(y, line[1:])
		zw.Write(line) // writes to a bytes.Buffer do not fail
	}
	zw.Close()
	var trailer [4]byte
	binary.BigEndian.PutUint32(trailer[:], sum)
	idat.Write(trailer[:])
	idat.Flush()
	writeChunk(&out, "IEND", nil)
	return out.Bytes(), nil
}

// pngLevel is the deflate level of a generated cover's PNG (writePaletted).
const pngLevel = 8

// chunkWriter writes each Write as a PNG chunk of its type.
type chunkWriter struct {
	out *bytes.Buffer
	typ string
}

func (c chunkWriter) Write(p []byte) (int, error) {
	writeChunk(c.out, c.typ, p)
	return len(p), nil
}

// writeChunk appends a PNG chunk: its length, type, data and the CRC-32
// of type and data.
func writeChunk(out *bytes.Buffer, typ string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	out.Write(n[:])
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	out.WriteString(typ)
	out.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	out.Write(n[:])
}

// flatPaletteSize is how many colours a flat cover's palette has.
const flatPaletteSize = 24

// flatPalette picks a flat cover's palette among its colours (most frequent
// first): the painted colours that occur, then, until the palette is full
// or every colour is in it, the colour farthest from the palette so far
// (the first of them in the order given). nearest[k] is the entry
// colours[k] takes.
func flatPalette(colours []color.RGBA, count map[color.RGBA]int, paints []color.RGBA) (color.Palette, []int) {
	var pal color.Palette
	nearest := make([]int, len(colours))
	far := make([]int, len(colours)) // squared distance to the palette
	for k := range far {
		far[k] = math.MaxInt
	}
	add := func(c color.RGBA) {
		pal = append(pal, c)
		for k, o := range colours {
			if d := distance(o, c); d < far[k] {
				far[k], nearest[k] = d, len(pal)-1
			}
		}
	}
	for _, c := range paints {
		if count[c] > 0 && !slices.Contains(pal, color.Color(c)) && len(pal) < flatPaletteSize {
			add(c)
		}
	}
	for len(pal) < flatPaletteSize {
		best := -1
		for k, d := range far {
			if d > 0 && (best < 0 || d > far[best]) {
				best = k
			}
		}
		if best < 0 {
			break
		}
		add(colours[best])
	}
	return pal, nearest
}

// distance is the squared distance of two colours in RGB.
func distance(a, b color.RGBA) int {
	dr, dg, db := int(a.R)-int(b.R), int(a.G)-int(b.G), int(a.B)-int(b.B)
	return dr*dr + dg*dg + db*db
}
