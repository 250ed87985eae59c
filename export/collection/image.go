package collection

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // JPEG and PNG are the formats both EPUB and PDF carry as is
	_ "image/png"  // registers PNG with package image (pngenc writes them)
	"io"
	"io/fs"
	"os"
	"path/filepath"

	_ "golang.org/x/image/webp" // registers WebP with package image
	"golang.org/x/sync/semaphore"

	"github.com/warraq/warraq/export/config"
	"github.com/warraq/warraq/internal/imgcolour"
	"github.com/warraq/warraq/internal/par"
	"github.com/warraq/warraq/internal/pngenc"
)

// maxImageFileBytes bounds one image file as read: a 48-megapixel PNG of a
// photograph is about 100 MB.
const maxImageFileBytes = 128 << 20

// imageLoad is the outcome of loading one image file: an asset, or the
// problem that refuses it; note is a warning about an asset that was kept.
type imageLoad struct {
	asset         *Asset
	problem, note string
	edge          [3]uint8 // the cover's: the mean colour of its outermost pixels (edgeColour)
}

// imageBytes is the size of the image files together (those that can be
// read: the others are refused one by one).
func (l *loader) imageBytes(keys []string) int64 {
	var total int64
	for _, k := range keys {
		if st, err := os.Stat(filepath.Join(l.root, filepath.FromSlash(k))); err == nil && st.Mode().IsRegular() {
			total += st.Size()
		}
	}
	return total
}

// loadImages loads the files in parallel, no more than decodeBudget of
// decoded pixels at a time.
func (l *loader) loadImages(keys []string, coverKey string) []imageLoad {
	out := make([]imageLoad, len(keys))
	budget := semaphore.NewWeighted(decodeBudget)
	_ = par.Each(len(keys), 0, func(i int) string { return keys[i] }, func(i int) error {
		err := par.Do(keys[i], func() error {
			if l.opt.Probe != nil {
				l.opt.Probe("image", keys[i])
			}
			out[i] = l.loadImage(keys[i], keys[i] == coverKey, budget)
			return nil
		})
		if p, ok := err.(*par.Panic); ok { // a decoder bug on a hostile file
			out[i] = imageLoad{problem: fmt.Sprintf("cannot decode (internal error, please report it with the file): %v", p.Value)}
		}
		return nil
	})
	return out
}

// loadImage reads and validates the image at key (relative to the root):
// its header first, so that an image too large is refused before a pixel
// is decoded, then every pixel, so that a corrupt file fails here and not in
// a reader's application. An image larger than maxSide on a side is scaled
// down; WebP is carried as PNG, which every EPUB reader and PDF can show,
// or as JPEG when it is a lossy one (a photograph).
//
// For the supplied cover (cover), loading also finds the colour the cover
// is fitted on when book.yaml names none (edgeColour): the cover used to
// decode the whole file again for it on every build.
func (l *loader) loadImage(key string, cover bool, budget *semaphore.Weighted) imageLoad {
	fail := func(format string, args ...any) imageLoad { return imageLoad{problem: fmt.Sprintf(format, args...)} }
	abs := filepath.Join(l.root, filepath.FromSlash(key))
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fail("file not found")
		}
		return fail("cannot read: %s", unwrapPathError(err))
	}
	if !within(l.realRoot, real) {
		return fail("symbolic link points outside the collection; refused")
	}
	f, err := os.Open(real)
	if err != nil {
		return fail("cannot read: %s", unwrapPathError(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return fail("not a regular file")
	}
	if st.Size() > maxImageFileBytes {
		return fail("the file is %s, more than the %s an image may have", config.Size(st.Size()), config.Size(maxImageFileBytes))
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return fail("cannot read: %s", err)
	}
	if name := unsupportedFormat(data[:min(len(data), 16)]); name != "" {
		return fail("%s images are not supported (use JPEG, PNG or WebP)", name)
	}
	ckey, cached := l.imageKey(data, cover)
	if cached {
		if ld, ok := l.cachedImage(ckey, key, data); ok {
			return ld
		}
	}
	if l.opt.Probe != nil {
		l.opt.Probe("decode", key)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if errors.Is(err, image.ErrFormat) {
		return fail("not a JPEG, PNG or WebP image")
	}
	if err != nil {
		return fail("corrupt image: %s", err)
	}
	w, h := cfg.Width, cfg.Height
	if px := int64(w) * int64(h); px > maxPixels || w <= 0 || h <= 0 {
		return fail("%d x %d pixels (%s megapixels) is more than the %d megapixels an image may have; "+
			"scale it down (a printed page needs at most about 9)", w, h, megapixels(px), maxPixels/1_000_000)
	}
	weight := min(decodeCost(format, data, w, h), decodeBudget)
	if err := budget.Acquire(context.Background(), weight); err != nil {
		return fail("cannot decode: %s", err)
	}
	defer budget.Release(weight)
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return fail("corrupt or truncated image: %s", err)
	}
	a := &Asset{Path: key, Data: data, Width: w, Height: h}
	var ld imageLoad
	// x/image/webp gives a lossy WebP without alpha as Y'CbCr, as a JPEG
	// decodes: a photograph.
	_, lossy := img.(*image.YCbCr)
	lossy = lossy && format == "webp"
	if k := (max(w, h) + maxSide - 1) / maxSide; k > 1 {
		img = shrink(img, k)
		b := img.Bounds()
		a.Width, a.Height = b.Dx(), b.Dy()
		ld.note = fmt.Sprintf("%d x %d pixels is more than a page or screen shows; set at %d x %d (give a smaller file to choose how)",
			w, h, a.Width, a.Height)
	}
	// A file written again, scaled down or converted, says of its colours
	// what the file said (imgcolour): a Display P3 photograph stays one in
	// the EPUB and the PDF.
	switch {
	case format == "jpeg" && ld.note != "":
		// image/jpeg's encoder does not use compress/flate and has written
		// the same bytes for many Go versions, so it stays.
		jpg, err := imgcolour.Read(format, data).EncodeJPEG(img, 90)
		if err != nil {
			return fail("cannot scale down: %s", err)
		}
		a.Data, a.MediaType = jpg, "image/jpeg"
	case format == "jpeg":
		a.MediaType = "image/jpeg"
	case format == "png" && ld.note == "":
		a.MediaType = "image/png"
		// A full-colour PNG of 256 colours or fewer (a drawing, a pattern,
		// a chart) is written again paletted, the same pixels and what it
		// says of its colours (a profile, a gamma: a chart exported from a
		// Mac carries Display P3), when that is smaller: the samples' 480 x
		// 480 pattern, 48 colours, goes from 19,443 bytes of RGB to 6,524.
		if len(data) > 25 && data[24] == 8 && (data[25] == 2 || data[25] == 6) {
			if p, ok := pngenc.Paletted(img); ok {
				if out, err := imgcolour.Read(format, data).EncodePNG(p); err == nil && len(out) < len(data) {
					a.Data = out
				}
			}
		}
	case format == "png" || format == "webp":
		// Not every EPUB reader or PDF can show WebP: carry it as PNG,
		// under a name with the extension that matches, paletted when it
		// has few enough colours. pngenc rather than image/png, whose
		// deflate is the Go toolchain's (its bytes changed in Go 1.27): the
		// same sources give the same file.
		colour := imgcolour.Read(format, data)
		p, few := pngenc.Paletted(img)
		if lossy && !few {
			// A lossy WebP is a photograph compressed as a JPEG is, and as
			// PNG it was ten times its file (a 1280 x 2032 photograph:
			// 101 KB of WebP, 1.07 MB of PNG, 0.5 s to write): it is
			// carried as a JPEG at quality 90, as a JPEG scaled down is.
			jpg, err := colour.EncodeJPEG(img, 90)
			if err != nil {
				return fail("cannot convert to JPEG: %s", err)
			}
			a.Data, a.MediaType, a.Path = jpg, "image/jpeg", key+renamedExt["image/jpeg"]
			break
		}
		if few {
			img = p
		}
		out, err := colour.EncodePNG(img)
		if err != nil {
			return fail("cannot convert to PNG: %s", err)
		}
		a.Data, a.MediaType = out, "image/png"
		if format == "webp" {
			a.Path = key + renamedExt["image/png"]
		}
	default:
		return fail("%s images are not supported (use JPEG, PNG or WebP)", format)
	}
	ld.asset = a
	if cover {
		// The colour of the image as carried: the decoded file, or the
		// file written again (paletted, from WebP, scaled down) decoded.
		if &a.Data[0] != &data[0] {
			if img, _, err = image.Decode(bytes.NewReader(a.Data)); err != nil {
				return fail("cannot decode what was made of it: %s", err)
			}
		}
		ld.edge = edgeColour(img)
	}
	if cached {
		l.putImage(ckey, key, data, ld)
	}
	return ld
}

// renamedExt is what a file carried in another format (a WebP) adds to its
// name, by the format it is carried in.
var renamedExt = map[string]string{"image/png": ".png", "image/jpeg": ".jpg"}

// edgeColour is the mean colour of an image's outermost pixels (each
// channel of the premultiplied colour, as color.Color's RGBA gives it, to
// 8 bits): the natural colour to extend a supplied cover with.
func edgeColour(img image.Image) [3]uint8 {
	b := img.Bounds()
	var r, g, bl, n uint64
	add := func(x, y int) {
		cr, cg, cb, _ := img.At(x, y).RGBA()
		r, g, bl, n = r+uint64(cr>>8), g+uint64(cg>>8), bl+uint64(cb>>8), n+1
	}
	for x := b.Min.X; x < b.Max.X; x++ {
		add(x, b.Min.Y)
		add(x, b.Max.Y-1)
	}
	for y := b.Min.Y + 1; y < b.Max.Y-1; y++ {
		add(b.Min.X, y)
		add(b.Max.X-1, y)
	}
	if n == 0 {
		return [3]uint8{}
	}
	return [3]uint8{uint8(r / n), uint8(g / n), uint8(bl / n)}
}

func megapixels(px int64) string {
	return fmt.Sprintf("%.0f", float64(px)/1e6)
}

// decodeCost estimates the bytes image.Decode holds for a w x h image:
// its pixels as Go stores them, the coefficients of a progressive JPEG
// (4 bytes a sample until the last scan), and the file itself.
func decodeCost(format string, data []byte, w, h int) int64 {
	px := int64(w) * int64(h)
	perPixel := int64(4) // RGBA, NRGBA, or YCbCr with its chroma
	switch format {
	case "png":
		if len(data) > 24 && data[24] == 16 { // IHDR bit depth
			perPixel = 8
		}
	case "jpeg":
		if bytes.Contains(data[:min(len(data), 64<<10)], []byte{0xFF, 0xC2}) { // SOF2: progressive
			perPixel += 12
		}
	}
	return px*perPixel + int64(len(data))
}

// shrink reduces m by the whole factor k, each pixel of the result the
// average of a k x k block of m. A box filter is what resampling kernels
// amount to at reductions this large, and it reads each pixel once: on a
// 9990 x 9990 PNG it takes under a second where x/image/draw's CatmullRom
// took 13 s and BiLinear 9 s (ApproxBiLinear 2 s, with aliasing).
func shrink(m image.Image, k int) *image.RGBA {
	b := m.Bounds()
	w, h := (b.Dx()+k-1)/k, (b.Dy()+k-1)/k
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	sums := make([]uint32, 4*w) // premultiplied r, g, b, a of each output column
	counts := make([]uint32, w)
	for oy := 0; oy < h; oy++ {
		clear(sums)
		clear(counts)
		for y := b.Min.Y + oy*k; y < min(b.Min.Y+(oy+1)*k, b.Max.Y); y++ {
			addRow(m, y, k, sums, counts)
		}
		row := dst.Pix[oy*dst.Stride:]
		for ox := 0; ox < w; ox++ {
			n := max(counts[ox], 1)
			for c := 0; c < 4; c++ {
				row[4*ox+c] = uint8((sums[4*ox+c] + n/2) / n)
			}
		}
	}
	return dst
}

// addRow adds row y of m to the sums of the output columns, premultiplied,
// eight bits a channel; the common decoded types are read directly.
func addRow(m image.Image, y, k int, sums, counts []uint32) {
	b := m.Bounds()
	add := func(x int, r, g, bl, a uint32) {
		o := (x - b.Min.X) / k
		s := sums[4*o : 4*o+4]
		s[0] += r
		s[1] += g
		s[2] += bl
		s[3] += a
		counts[o]++
	}
	switch src := m.(type) {
	case *image.RGBA:
		p := src.Pix[src.PixOffset(b.Min.X, y):]
		for x := b.Min.X; x < b.Max.X; x++ {
			i := 4 * (x - b.Min.X)
			add(x, uint32(p[i]), uint32(p[i+1]), uint32(p[i+2]), uint32(p[i+3]))
		}
	case *image.NRGBA:
		p := src.Pix[src.PixOffset(b.Min.X, y):]
		for x := b.Min.X; x < b.Max.X; x++ {
			i := 4 * (x - b.Min.X)
			a := uint32(p[i+3])
			add(x, uint32(p[i])*a/255, uint32(p[i+1])*a/255, uint32(p[i+2])*a/255, a)
		}
	case *image.YCbCr:
		for x := b.Min.X; x < b.Max.X; x++ {
			yi, ci := src.YOffset(x, y), src.COffset(x, y)
			r, g, bl := color.YCbCrToRGB(src.Y[yi], src.Cb[ci], src.Cr[ci])
			add(x, uint32(r), uint32(g), uint32(bl), 255)
		}
	case *image.Gray:
		p := src.Pix[src.PixOffset(b.Min.X, y):]
		for x := b.Min.X; x < b.Max.X; x++ {
			v := uint32(p[x-b.Min.X])
			add(x, v, v, v, 255)
		}
	default:
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := m.At(x, y).RGBA()
			add(x, r>>8, g>>8, bl>>8, a>>8)
		}
	}
}
