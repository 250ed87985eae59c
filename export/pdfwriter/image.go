package pdfwriter

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strconv"
)

// Image is an image added to a document.
type Image struct {
	doc  *Document
	res  string // resource name, e.g. Im2
	ref  int    // the XObject's number, once written (by its first page)
	w, h int

	// What is written: a DCT stream passed through, or Flate-compressed
	// samples with an optional soft mask, their rows filtered as PNG
	// filters them (png.go). Samples are compressed as soon as the image
	// is added: kept raw until the file is written, a book of a hundred
	// 1920 x 1080 screenshots held 830 MB of them.
	dct        bool
	colorSpace string
	bpc        int
	decode     string   // /Decode array for Adobe-inverted CMYK JPEGs
	colours    int      // the samples a pixel the PNG predictor reads (1 or 3); 0 for a JPEG
	top        int      // a palette PNG passed through: its largest index (png.go), -1 for one decoded
	icc        []byte   // the zlib stream of its colour profile (icc.go), or nil
	iccN       int      // the profile's colour components
	iccSum     [32]byte // the profile's SHA-256, for images that share it
	data       []byte   // JPEG file, or samples (zlib-compressed, PNG-filtered rows)
	alpha      []byte   // 8-bit alpha samples (zlib-compressed, PNG-filtered rows), nil when opaque
}

// Size returns the image size in pixels.
func (img *Image) Size() (w, h int) { return img.w, img.h }

// AddImage adds a JPEG (passed through as DCTDecode) or PNG (its image
// data passed through when PDF reads it as it is, or else decoded and
// stored Flate-compressed, alpha as a soft mask: png.go). mediaType is
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
		img, err = d.decodePNGCached(data, id)
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
	var profile [][]byte // APP2 ICC_PROFILE pieces: sequence number, count, data
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
		case m == 0xE2 && len(body) >= 14 && string(body[:12]) == "ICC_PROFILE\x00":
			profile = append(profile, body[12:])
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
			if z, sum := jpegProfile(profile, int(body[5])); z != nil {
				img.icc, img.iccN, img.iccSum = z, int(body[5]), sum
			}
			return img, nil
		case m == 0xDA:
			return nil, errors.New("no frame header before the scan")
		}
		p += 2 + seg
	}
	return nil, errors.New("no frame header")
}

// imageCacheVersion changes whenever an image's entry (its key, its
// bytes) changes meaning.
const imageCacheVersion = 3

// CacheImages has the document keep the PNGs it decodes in c, as the
// samples and alpha it writes, compressed, under the SHA-256 of id (the
// executable's hash, as for CacheObjectStreams) and of the PNG file, and
// take them from c when a later build adds the same file. Decoding a PNG
// and deflating its samples at the best level is the PDF's largest cost
// for a book with photographs saved as PNG: a 2400 x 3200 one took 0.9 s
// of a rebuild's 1.4 s, every rebuild. An entry whose checksum is not its
// own is not used.
func (d *Document) CacheImages(c StreamCache, id []byte) {
	d.imgCache = streamCache(c, "png", imageCacheVersion, resourceLevel, id)
}

// decodePNGCached is the PNG's image data as it is when it can be
// (passPNG), else decodePNG, through the image cache when there is one;
// id is the file's SHA-256. The cache keeps a decoded PNG's samples, and
// that a PNG was passed through (checking its rows inflates the whole
// image: 0.15 s of a rebuild for a 2400 x 3200 photograph).
func (d *Document) decodePNGCached(data []byte, id [32]byte) (*Image, error) {
	if d.imgCache == nil {
		if img, ok := passPNG(data); ok {
			return img, nil
		}
		return decodePNG(data)
	}
	key := sha256.Sum256(append(slices.Clip(d.imgCache.prefix), id[:]...))
	if entry, ok := d.imgCache.store.Get(key); ok {
		if img, ok := parseImageEntry(entry, data); ok {
			return img, nil
		}
	}
	img, ok := passPNG(data)
	var err error
	if !ok {
		img, err = decodePNG(data)
	}
	if err == nil {
		d.imgCache.store.Put(key, imageEntry(img))
	}
	return img, err
}

// imageEntry is a PNG as the image cache keeps it: its width and height
// (4 bytes each), a byte saying what follows, and the SHA-256 of all that.
// For a PNG passed through the byte is 2 and the largest palette index
// follows (4 bytes), then the compressed alpha of a palette's
// transparency: the data is the file's. For one decoded it is 1 for grey
// samples, 0 for RGB, and the compressed samples and alpha follow. Each
// stream comes after its length (4 bytes; an alpha of length 0 is none).
func imageEntry(img *Image) []byte {
	var b []byte
	b = binary.BigEndian.AppendUint32(b, uint32(img.w))
	b = binary.BigEndian.AppendUint32(b, uint32(img.h))
	stream := func(p []byte) {
		b = binary.BigEndian.AppendUint32(b, uint32(len(p)))
		b = append(b, p...)
	}
	switch {
	case img.top >= 0:
		b = append(b, 2)
		b = binary.BigEndian.AppendUint32(b, uint32(img.top))
	case img.colorSpace == "/DeviceGray":
		b = append(b, 1)
		stream(img.data)
	default:
		b = append(b, 0)
		stream(img.data)
	}
	stream(img.alpha)
	sum := sha256.Sum256(b)
	return append(b, sum[:]...)
}

// parseImageEntry reads what imageEntry wrote of the PNG file data;
// false when the entry is damaged or does not describe the file.
func parseImageEntry(b, data []byte) (*Image, bool) {
	if len(b) < 4+4+1+4+sha256.Size {
		return nil, false
	}
	body, sum := b[:len(b)-sha256.Size], b[len(b)-sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return nil, false
	}
	w, h := int(binary.BigEndian.Uint32(body)), int(binary.BigEndian.Uint32(body[4:]))
	rest := body[9:]
	part := func() ([]byte, bool) {
		if len(rest) < 4 {
			return nil, false
		}
		n := binary.BigEndian.Uint32(rest)
		if uint64(n) > uint64(len(rest)-4) {
			return nil, false
		}
		p := rest[4 : 4+n]
		rest = rest[4+n:]
		return p, true
	}
	var img *Image
	var ok bool
	switch body[8] {
	case 2:
		var p pngFile
		if p, img, ok = passable(data); !ok || len(rest) < 4 || img.w != w || img.h != h {
			return nil, false
		}
		img.passed(p, int(binary.BigEndian.Uint32(rest)))
		rest = rest[4:]
	case 0, 1:
		img = &Image{w: w, h: h, bpc: 8, colorSpace: "/DeviceRGB", colours: 3, top: -1}
		if body[8] == 1 {
			img.colorSpace, img.colours = "/DeviceGray", 1
		}
		img.setDecodedProfile(data)
		if img.data, ok = part(); !ok {
			return nil, false
		}
	default:
		return nil, false
	}
	if img.alpha, ok = part(); !ok || len(rest) != 0 {
		return nil, false
	}
	if len(img.alpha) == 0 {
		img.alpha = nil
	}
	return img, true
}
