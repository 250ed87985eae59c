package pdfwriter

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/klauspost/compress/zlib"
)

// Colour profiles. A photograph often says in its file which colours its
// samples mean: an ICC profile in a PNG's iCCP chunk or in a JPEG's APP2
// segments (a phone's Display P3, a camera's Adobe RGB). An EPUB carries
// the file and reading systems apply the profile; the PDF gives the image
// an /ICCBased colour space with the same profile, so that a viewer that
// manages colour shows the same colours, and one that does not reads the
// profile's number of components (/N) as DeviceGray, DeviceRGB or
// DeviceCMYK, as before. A profile whose header does not describe the
// image's colours, or that does not inflate, is left out.

// maxProfile bounds a profile's size (the largest printer profiles are a
// few megabytes).
const maxProfile = 8 << 20

// validProfile reports whether p looks like an ICC profile of n colour
// components: its header's size is its length, its signature "acsp", and
// its data colour space grey, RGB or CMYK to match n.
func validProfile(p []byte, n int) bool {
	if len(p) < 132 || len(p) > maxProfile || binary.BigEndian.Uint32(p) != uint32(len(p)) || string(p[36:40]) != "acsp" {
		return false
	}
	switch string(p[16:20]) {
	case "GRAY":
		return n == 1
	case "RGB ":
		return n == 3
	case "CMYK":
		return n == 4
	}
	return false
}

// pngProfile returns the zlib stream of a PNG's iCCP chunk (its data
// iccp) when it holds a valid profile for n components (the stream is the
// PDF's profile stream as it is), and the profile's SHA-256.
func pngProfile(iccp []byte, n int) ([]byte, [32]byte) {
	name, rest, ok := bytes.Cut(iccp, []byte{0})
	if !ok || len(name) == 0 || len(name) > 79 || len(rest) < 1 || rest[0] != 0 {
		return nil, [32]byte{}
	}
	z := rest[1:]
	zr, err := zlib.NewReader(bytes.NewReader(z))
	if err != nil {
		return nil, [32]byte{}
	}
	defer zr.Close()
	prof, err := io.ReadAll(io.LimitReader(zr, maxProfile+1))
	if err != nil || !validProfile(prof, n) {
		return nil, [32]byte{}
	}
	return z, sha256.Sum256(prof)
}

// jpegProfile joins the ICC profile a JPEG's APP2 segments carry (each
// "ICC_PROFILE\0", its sequence number from 1, their count, and a piece)
// and returns it deflated, and its SHA-256, when the pieces are all there
// and make a valid profile for n components.
func jpegProfile(pieces [][]byte, n int) ([]byte, [32]byte) {
	if len(pieces) == 0 || int(pieces[0][1]) != len(pieces) {
		return nil, [32]byte{}
	}
	count := len(pieces)
	slices.SortStableFunc(pieces, func(a, b []byte) int { return int(a[0]) - int(b[0]) })
	var prof []byte
	for i, p := range pieces {
		if int(p[0]) != i+1 || int(p[1]) != count {
			return nil, [32]byte{}
		}
		prof = append(prof, p[2:]...)
	}
	if !validProfile(prof, n) {
		return nil, [32]byte{}
	}
	z := deflater{level: resourceLevel}
	return bytes.Clone(z.deflate(prof)), sha256.Sum256(prof)
}

// profileSpace returns the colour space cs with its device space (the
// base of an /Indexed space) replaced by /ICCBased ref.
func profileSpace(cs string, n, ref int) string {
	device := map[int]string{1: "/DeviceGray", 3: "/DeviceRGB", 4: "/DeviceCMYK"}[n]
	return strings.Replace(cs, device, "[/ICCBased "+strconv.Itoa(ref)+" 0 R]", 1)
}

// profileRef writes an image's profile stream the first time the profile
// is used and returns its object number: the photographs of a book often
// share one (by its bytes, however its file compressed it).
func (w *objWriter) profileRef(img *Image) int {
	if ref, ok := w.profiles[img.iccSum]; ok {
		return ref
	}
	ref := w.addStream("/N "+strconv.Itoa(img.iccN)+" /Filter /FlateDecode", img.icc, false)
	if w.profiles == nil {
		w.profiles = map[[32]byte]int{}
	}
	w.profiles[img.iccSum] = ref
	return ref
}
