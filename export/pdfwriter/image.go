package pdfwriter

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"image/png"
	"strconv"
)

// Image is an image added to a document.
type Image struct {
	doc  *Document
	res  string // resource name, e.g. Im2
	ref  int    // the XObject's number, once written (by its first page)
	w, h int

	// What is written: a DCT stream passed through, or Flate-compressed
	// samples with an optional soft mask. Samples are compressed as soon as
	// the image is added: kept raw until the file is written, a book of a
	// hundred 1920 x 1080 screenshots held 830 MB of them.
	dct        bool
	colorSpace string
	bpc        int
	decode     string // /Decode array for Adobe-inverted CMYK JPEGs
	data       []byte // JPEG file, or samples (zlib-compressed)
	alpha      []byte // 8-bit alpha samples (zlib-compressed), nil when opaque
}

// Size returns the image size in pixels.
func (img *Image) Size() (w, h int) { return img.w, img.h }

// AddImage adds a JPEG (passed through as DCTDecode) or PNG (decoded and
// stored Flate-compressed, alpha as a soft mask). mediaType is
// "image/jpeg" or "image/png"; when empty the type is sniffed. The same
// bytes added twice give the same *Image.
func (d *Document) AddImage(data []byte, mediaType string) (*Image, error) {
	id := dataID(data)
	if img, ok := d.imgByID[id]; ok {
		return img, nil
	}
	if mediaType == "" {
		switch {
		case bytes.HasPrefix(data, []byte{0xFF, 0xD8}):
			mediaType = "image/jpeg"
		case bytes.HasPrefix(data, []byte("\x89PNG")):
			mediaType = "image/png"
		}
	}
	var img *Image
	var err error
	switch mediaType {
	case "image/jpeg", "image/jpg":
		img, err = parseJPEG(data)
	case "image/png":
		img, err = decodePNG(data)
	default:
		return nil, fmt.Errorf("pdfwriter: image type %q not supported (JPEG or PNG)", mediaType)
	}
	if err != nil {
		return nil, fmt.Errorf("pdfwriter: %s: %w", mediaType, err)
	}
	img.doc = d
	img.res = "Im" + strconv.Itoa(len(d.images)+1)
	d.images = append(d.images, img)
	d.imgByID[id] = img
	return img, nil
}

// parseJPEG reads the frame header (SOFn) for size and components, and the
// Adobe APP14 marker that says whether CMYK samples are stored inverted.
func parseJPEG(data []byte) (*Image, error) {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return nil, errors.New("not a JPEG file")
	}
	img := &Image{dct: true, data: data}
	adobe := false
	p := 2
	for p+4 <= len(data) {
		if data[p] != 0xFF {
			return nil, fmt.Errorf("bad marker at byte %d", p)
		}
		m := data[p+1]
		if m == 0xFF { // fill byte
			p++
			continue
		}
		if m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7) {
			p += 2
			continue
		}
		seg := int(be.Uint16(data[p+2:]))
		if seg < 2 || p+2+seg > len(data) {
			return nil, fmt.Errorf("truncated segment at byte %d", p)
		}
		body := data[p+4 : p+2+seg]
		switch {
		case m == 0xEE && len(body) >= 5 && string(body[:5]) == "Adobe":
			adobe = true
		case m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC:
			if len(body) < 6 {
				return nil, errors.New("truncated frame header")
			}
			img.bpc = int(body[0])
			img.h, img.w = int(be.Uint16(body[1:])), int(be.Uint16(body[3:]))
			switch body[5] {
			case 1:
				img.colorSpace = "/DeviceGray"
			case 3:
				img.colorSpace = "/DeviceRGB"
			case 4:
				img.colorSpace = "/DeviceCMYK"
			default:
				return nil, fmt.Errorf("%d colour components not supported", body[5])
			}
			if img.w == 0 || img.h == 0 {
				return nil, errors.New("zero width or height")
			}
			// Photoshop writes CMYK JPEGs with inverted samples and marks
			// them with APP14 "Adobe", which comes before the frame header.
			if body[5] == 4 && adobe {
				img.decode = "[1 0 1 0 1 0 1 0]"
			}
			return img, nil
		case m == 0xDA:
			return nil, errors.New("no frame header before the scan")
		}
		p += 2 + seg
	}
	return nil, errors.New("no frame header")
}

// decodePNG decodes a PNG to 8-bit gray or RGB samples and, when any pixel
// is not opaque, an 8-bit alpha channel for the soft mask.
func decodePNG(data []byte) (*Image, error) {
	m, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	bnd := m.Bounds()
	w, h := bnd.Dx(), bnd.Dy()
	img := &Image{w: w, h: h, bpc: 8}
	gray := false
	switch m.ColorModel() {
	case color.GrayModel, color.Gray16Model:
		gray = true
	}
	var samples, alpha []byte
	opaque := true
	if gray {
		img.colorSpace = "/DeviceGray"
		samples = make([]byte, 0, w*h)
	} else {
		img.colorSpace = "/DeviceRGB"
		samples = make([]byte, 0, 3*w*h)
	}
	alpha = make([]byte, 0, w*h)
	for y := bnd.Min.Y; y < bnd.Max.Y; y++ {
		for x := bnd.Min.X; x < bnd.Max.X; x++ {
			c := color.NRGBAModel.Convert(m.At(x, y)).(color.NRGBA)
			if gray {
				samples = append(samples, c.R)
			} else {
				samples = append(samples, c.R, c.G, c.B)
			}
			alpha = append(alpha, c.A)
			if c.A != 0xFF {
				opaque = false
			}
		}
	}
	z := deflater{level: resourceLevel}
	img.data = bytes.Clone(z.deflate(samples))
	if !opaque {
		img.alpha = bytes.Clone(z.deflate(alpha))
	}
	return img, nil
}
