package pdfwriter

import (
	"bytes"
	"crypto/sha256"
	"strconv"
	"strings"

	"github.com/warraq/warraq/internal/imgcolour"
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

// pngProfile returns the zlib stream of a PNG's iCCP chunk (its data
// iccp) when it holds a valid profile for n components (the stream is the
// PDF's profile stream as it is), and the profile's SHA-256.
func pngProfile(iccp []byte, n int) ([]byte, [32]byte) {
	prof, z := imgcolour.ICCP(iccp)
	if !imgcolour.ValidProfile(prof, n) {
		return nil, [32]byte{}
	}
	return z, sha256.Sum256(prof)
}

// jpegProfile joins the ICC profile a JPEG's APP2 segments carry (each
// "ICC_PROFILE\0", its sequence number from 1, their count, and a piece)
// and returns it deflated, and its SHA-256, when the pieces are all there
// and make a valid profile for n components.
func jpegProfile(pieces [][]byte, n int) ([]byte, [32]byte) {
	prof := imgcolour.JoinJPEG(pieces)
	if !imgcolour.ValidProfile(prof, n) {
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
