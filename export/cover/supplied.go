package cover

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	stddraw "image/draw"
	_ "image/jpeg" // decode supplied JPEG covers
	_ "image/png"  // decode supplied PNG covers
	"math"

	xdraw "golang.org/x/image/draw"

	"github.com/warraq/warraq/internal/imgcolour"
	"github.com/warraq/warraq/internal/imgscale"
)

// fitRect returns the largest rectangle with the image's proportions that fits
// a w x h area, centred: (x, y) is its top-left corner.
func fitRect(imgW, imgH int, w, h float64) (x, y, fw, fh float64) {
	s := math.Min(w/float64(imgW), h/float64(imgH))
	fw, fh = float64(imgW)*s, float64(imgH)*s
	return (w - fw) / 2, (h - fh) / 2, fw, fh
}

// keepsSupplied reports whether the supplied image is the raster cover as
// it is: a JPEG or PNG with the cover's proportions (within 2%).
func (c *Cover) keepsSupplied() bool {
	a := c.image
	want := float64(RasterHeight) / RasterWidth
	r := float64(a.Height) / float64(a.Width)
	return math.Abs(r-want)/want <= 0.02 && (a.MediaType == "image/jpeg" || a.MediaType == "image/png")
}

// rasterSupplied returns the supplied image as is when its proportions are
// already the cover's (within 2%), and otherwise fits it whole, without
// stretching or cropping, on a 1600 x 2560 ground of the background colour.
func (c *Cover) rasterSupplied() (*Image, error) {
	a := c.image
	if c.keepsSupplied() {
		return &Image{Data: a.Data, MediaType: a.MediaType, Width: a.Width, Height: a.Height}, nil
	}
	src, format, err := image.Decode(bytes.NewReader(a.Data))
	if err != nil {
		return nil, fmt.Errorf("book.yaml: cover image %s: decoding: %w", a.Path, err)
	}
	dst := image.NewRGBA(image.Rect(0, 0, RasterWidth, RasterHeight))
	bg := c.pal.bg
	stddraw.Draw(dst, dst.Bounds(), image.NewUniform(color.RGBA{bg.R, bg.G, bg.B, 255}), image.Point{}, stddraw.Src)
	x, y, w, h := fitRect(src.Bounds().Dx(), src.Bounds().Dy(), RasterWidth, RasterHeight)
	r := image.Rect(int(math.Round(x)), int(math.Round(y)), int(math.Round(x+w)), int(math.Round(y+h)))
	// Catmull-Rom, a few rows at a time (imgscale): x/image/draw's own
	// scaler held a buffer of 154 MB and took 1.25 s for a 4000 x 3000
	// photograph.
	imgscale.Over(dst, r, src, xdraw.CatmullRom)
	out := &Image{MediaType: "image/png", Width: RasterWidth, Height: RasterHeight}
	// The fitted cover keeps the image's colour profile, which the ground
	// (its edge colour, or one book.yaml names) is then read in too.
	colour := imgcolour.Read(format, a.Data)
	if a.MediaType == "image/jpeg" {
		// A photograph stays a JPEG: as a PNG it would be several times larger.
		if out.Data, err = colour.EncodeJPEG(dst, 90); err != nil {
			return nil, fmt.Errorf("cover: encoding JPEG: %w", err)
		}
		out.MediaType = "image/jpeg"
		return out, nil
	}
	if out.Data, err = colour.EncodePNG(dst); err != nil {
		return nil, fmt.Errorf("cover: encoding PNG: %w", err)
	}
	return out, nil
}
