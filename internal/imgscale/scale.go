// Package imgscale draws an image scaled into a rectangle of another with a
// separable kernel (x/image/draw's Catmull-Rom or bilinear), a few rows at a
// time.
//
// x/image/draw's Kernel.Scale filters every source row horizontally into a
// buffer of float64 samples as wide as the destination and as tall as the
// source, then filters that buffer's columns: a landscape phone photograph
// (4000 x 3000) fitted on a 1600-pixel cover took a 154 MB buffer and 1.25 s,
// most of it reading the buffer a column at a time. Here a source row is
// filtered horizontally once, when the first destination row that needs it
// comes, into a ring of as many rows as one destination row reads; each
// destination row is then made from the ring. The buffer is a few hundred
// kilobytes whatever the source's height, and every access goes along a row.
//
// The kernels and their widening to the scale when shrinking are x/image's.
// A source row is read as 8-bit NRGBA by pngenc.Rows (which reads every
// image type, Y'CbCr and palettes a row at a time), and filtered as float32
// premultiplied samples in the source's gamma-encoded values (as x/image's);
// a result is rounded to the nearest 8-bit value where x/image truncates
// its 16-bit one, so the two differ by at most one level in a channel.
package imgscale

import (
	"image"
	"math"

	xdraw "golang.org/x/image/draw"

	"github.com/warraq/warraq/internal/pngenc"
)

// Over draws src scaled to fill r of dst, over what dst holds there (the
// Porter-Duff over operator; over a transparent dst it is src's pixels).
// Only the part of r inside dst's bounds is drawn, but the scale is r's.
func Over(dst *image.RGBA, r image.Rectangle, src image.Image, k *xdraw.Kernel) {
	sb := src.Bounds()
	if r.Empty() || sb.Empty() {
		return
	}
	clip := r.Intersect(dst.Bounds())
	if clip.Empty() {
		return
	}
	dw, dh := r.Dx(), r.Dy()
	hor := newTaps(k, dw, sb.Dx())
	ver := newTaps(k, dh, sb.Dy())
	// Only the columns of clip are drawn: the horizontal filter makes
	// those, and the vertical one reads them.
	x0, x1 := clip.Min.X-r.Min.X, clip.Max.X-r.Min.X
	y0, y1 := clip.Min.Y-r.Min.Y, clip.Max.Y-r.Min.Y
	cols := x1 - x0
	span := 1
	for y := y0; y < y1; y++ {
		span = max(span, ver.n(y))
	}
	read := pngenc.Rows(src)
	nrgba := make([]byte, 4*sb.Dx())
	in := make([]float32, 4*sb.Dx())
	ring := make([]float32, 4*cols*span)
	acc := make([]float32, 4*cols)
	next := ver.first[y0] // the next source row to filter
	for y := y0; y < y1; y++ {
		lo := ver.first[y]
		hi := lo + ver.n(y)
		next = max(next, lo)
		for ; next < hi; next++ {
			read(sb.Min.Y+next, nrgba)
			premultiply(in, nrgba)
			row := ring[4*cols*(next%span):][:4*cols]
			for x := x0; x < x1; x++ {
				w := hor.weights(x)
				s := in[4*hor.first[x]:][:4*len(w)]
				var pr, pg, pb, pa float32
				for i, wi := range w {
					p := s[4*i : 4*i+4 : 4*i+4]
					pr += p[0] * wi
					pg += p[1] * wi
					pb += p[2] * wi
					pa += p[3] * wi
				}
				o := row[4*(x-x0) : 4*(x-x0)+4 : 4*(x-x0)+4]
				o[0], o[1], o[2], o[3] = pr, pg, pb, pa
			}
		}
		clear(acc)
		for i, wi := range ver.weights(y) {
			row := ring[4*cols*((lo+i)%span):][:4*cols]
			for j, v := range row {
				acc[j] += v * wi
			}
		}
		out := dst.Pix[dst.PixOffset(r.Min.X+x0, r.Min.Y+y):][:4*cols]
		for j := 0; j < len(acc); j += 4 {
			// A kernel with negative lobes rings past the range a
			// premultiplied colour may take: clamp alpha to [0, 1] and
			// each colour to [0, alpha].
			a := min(max(acc[j+3], 0), 1)
			rest := 1 - a
			o := out[j : j+4 : j+4]
			o[0] = to8(min(max(acc[j], 0), a), o[0], rest)
			o[1] = to8(min(max(acc[j+1], 0), a), o[1], rest)
			o[2] = to8(min(max(acc[j+2], 0), a), o[2], rest)
			o[3] = to8(a, o[3], rest)
		}
	}
}

// to8 is the 8-bit value of v (premultiplied, 0 to 1) over d, of which
// rest shows through.
func to8(v float32, d uint8, rest float32) uint8 {
	return uint8(min((v+float32(d)/255*rest)*255+0.5, 255))
}

// taps are the source columns (or rows) each destination column (or row)
// reads, first[i] to first[i]+n(i), and their weights, which add up to 1.
type taps struct {
	first []int
	at    []int // weights of i: w[at[i]:at[i+1]]
	w     []float32
}

func (t *taps) n(i int) int             { return t.at[i+1] - t.at[i] }
func (t *taps) weights(i int) []float32 { return t.w[t.at[i]:t.at[i+1]] }

// newTaps spreads sn source samples over dn destination ones as x/image's
// kernel scaler does: a destination sample's centre falls at
// (i+0.5)*sn/dn-0.5 in the source, and when shrinking the kernel is
// widened by the scale so that every source sample counts.
func newTaps(k *xdraw.Kernel, dn, sn int) taps {
	scale := float64(sn) / float64(dn)
	half, arg := k.Support, 1.0
	if scale > 1 {
		half *= scale
		arg = 1 / scale
	}
	t := taps{first: make([]int, dn), at: make([]int, dn+1)}
	ws := make([]float64, 0, int(2*half)+2)
	for i := range dn {
		c := (float64(i)+0.5)*scale - 0.5
		lo := max(int(math.Floor(c-half)), 0)
		hi := min(int(math.Ceil(c+half)), sn)
		// Leading and trailing taps of weight 0 are dropped; one inside
		// is kept, so that the taps stay a run of samples.
		ws = ws[:0]
		total := 0.0
		for s := lo; s < hi; s++ {
			w := 0.0
			if d := math.Abs(c-float64(s)) * arg; d < k.Support {
				w = k.At(d)
			}
			if w == 0 && len(ws) == 0 {
				lo++
				continue
			}
			ws = append(ws, w)
			total += w
		}
		for len(ws) > 0 && ws[len(ws)-1] == 0 {
			ws = ws[:len(ws)-1]
		}
		if len(ws) == 0 || total == 0 {
			// No sample in reach (a source narrower than a tap): the
			// nearest one, whole.
			lo, ws, total = min(max(int(math.Round(c)), 0), sn-1), append(ws[:0], 1), 1
		}
		t.first[i] = lo
		for _, w := range ws {
			t.w = append(t.w, float32(w/total))
		}
		t.at[i+1] = len(t.w)
	}
	return t
}

// premultiply sets in to the samples of a row of 8-bit NRGBA pixels,
// premultiplied, from 0 to 1.
func premultiply(in []float32, nrgba []byte) {
	for i := 0; i < len(nrgba); i += 4 {
		a := unit8[nrgba[i+3]]
		o := in[i : i+4 : i+4]
		o[0], o[1], o[2], o[3] = unit8[nrgba[i]]*a, unit8[nrgba[i+1]]*a, unit8[nrgba[i+2]]*a, a
	}
}

// unit8 are the 8-bit values as samples, the nearest float32 to v/255.
var unit8 = func() (t [256]float32) {
	for i := range t {
		t[i] = float32(i) / 255
	}
	return t
}()
