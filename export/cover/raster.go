package cover

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"slices"
	"sort"

	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"golang.org/x/image/vector"
)

// rasterize draws a design on a w x h RGBA image. Each item is filled with its
// own mask, clipped to the item's bounds, so the cost is the ink, not the page.
func rasterize(d *design, w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	bg := d.bg
	draw.Draw(img, img.Bounds(), image.NewUniform(color.RGBA{bg.R, bg.G, bg.B, 255}), image.Point{}, draw.Src)
	sx, sy := float64(w)/d.w, float64(h)/d.h
	type fill struct {
		segs []seg
		c    rgb
		r    image.Rectangle
	}
	fills := make([]fill, 0, len(d.items))
	largest := 0
	for _, it := range d.items {
		segs, c := itemSegs(it)
		r := segsRect(segs, sx, sy).Intersect(img.Bounds())
		if r.Empty() {
			continue
		}
		fills = append(fills, fill{segs, c, r})
		if r.Dx() > floatingThreshold || r.Dy() > floatingThreshold {
			largest = max(largest, r.Dx()*r.Dy())
		}
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
	for _, f := range fills {
		fillSegs(&z, img, f.segs, f.c, f.r, sx, sy)
	}
	return img
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

// encodePNG encodes img deterministically (the encoder has no clock and no
// randomness; the same pixels give the same bytes).
func encodePNG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.DefaultCompression}
	if err := enc.Encode(&buf, img); err != nil {
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
// Pixels are counted and mapped a run of equal pixels at a time (flat
// colours come in long runs), and a row equal to the one above (a third to
// a half of a generated cover's rows, where only the frame or the bands
// cross the background) is compared whole and takes that row's counts and
// indices. The indices are written over the RGBA pixels they come from,
// which are read before they are overwritten (index j lies in pixel j/4),
// so no second image is made: 4 MB fewer to allocate and to fault in. The
// pixels of img are lost once it returns.
func encodeFlat(img *image.RGBA, paints []color.RGBA) ([]byte, error) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if w <= 0 || h <= 0 {
		return encodePNG(img)
	}
	count := map[color.RGBA]int{}
	// A pixel is read as one 32-bit word, compared with the last one read
	// and made a colour only where the run changes. Counting and mapping
	// the samples' cover (4.1 million pixels) took 36 ms read byte by byte,
	// 27 ms so (a benchmark of both, medians of 8 on a busy machine).
	pix := img.Pix
	word := func(i int) uint32 { return binary.LittleEndian.Uint32(pix[i : i+4]) }
	colour := func(w uint32) color.RGBA { return color.RGBA{uint8(w), uint8(w >> 8), uint8(w >> 16), uint8(w >> 24)} }
	row := func(y int) []byte { return pix[y*img.Stride : y*img.Stride+4*w] }
	// same[y]: row y has the pixels of row y-1.
	same := make([]bool, h)
	type run struct {
		c color.RGBA
		n int
	}
	var runs []run // the last row counted
	for y := range h {
		if y > 0 && bytes.Equal(row(y), row(y-1)) {
			same[y] = true
			for _, r := range runs {
				count[r.c] += r.n
			}
			continue
		}
		runs = runs[:0]
		for i, end := y*img.Stride, y*img.Stride+4*w; i < end; {
			v, n := word(i), 1
			for i += 4; i < end && word(i) == v; i += 4 {
				n++
			}
			c := colour(v)
			runs = append(runs, run{c, n})
			count[c] += n
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
		return encodePNG(img)
	}
	index := make(map[color.RGBA]uint8, len(colours))
	for k, c := range colours {
		index[c] = uint8(nearest[k])
	}
	// The indices, row y at y*w, over the pixels: writing index j (of
	// pixel j) changes byte j, which belongs to pixel j/4, already read.
	out := pix[:w*h]
	for y := range h {
		dst := out[y*w : (y+1)*w]
		if same[y] {
			copy(dst, out[(y-1)*w:y*w])
			continue
		}
		var last uint32
		var idx uint8
		for x, i := 0, y*img.Stride; x < w; x, i = x+1, i+4 {
			if v := word(i); v != last || x == 0 {
				last, idx = v, index[colour(v)]
			}
			dst[x] = idx
		}
	}
	p := &image.Paletted{Pix: out, Stride: w, Rect: img.Rect, Palette: pal}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.DefaultCompression}
	if err := enc.Encode(&buf, p); err != nil {
		return nil, fmt.Errorf("cover: encoding PNG: %w", err)
	}
	return buf.Bytes(), nil
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
