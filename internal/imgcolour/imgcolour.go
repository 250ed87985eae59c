// Package imgcolour reads what an image file says about its colours, so
// that an image Warraq writes again says the same: a photograph scaled
// down, a WebP carried as PNG, a supplied cover fitted on its ground. A
// phone's Display P3 photograph or a camera's Adobe RGB one means other
// colours than the same samples in sRGB; a reading system or a PDF viewer
// that manages colour shows them only if the file keeps its ICC profile.
//
// What is read: a JPEG's ICC profile (its APP2 "ICC_PROFILE" pieces,
// joined), a WebP's (its ICCP chunk), and a PNG's iCCP, sRGB, gAMA and
// cHRM chunks, as they are. A profile whose header does not hold up (its
// size, its signature) is not carried, nor one over MaxProfile bytes.
package imgcolour

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/jpeg"
	"io"
	"slices"

	"github.com/klauspost/compress/zlib"

	"github.com/warraq/warraq/internal/pngenc"
)

// MaxProfile bounds an ICC profile's size (the largest printer profiles
// are a few megabytes).
const MaxProfile = 8 << 20

// Info is what an image file says about its colours; the zero Info says
// nothing.
type Info struct {
	chunks []pngenc.Chunk // a PNG's colour chunks, as they were
	icc    []byte         // a JPEG's or a WebP's ICC profile
}

// Read returns what data, an image file of the format image.Decode named
// ("jpeg", "png", "webp"), says about its colours.
func Read(format string, data []byte) Info {
	switch format {
	case "png":
		i := Info{chunks: pngChunks(data)}
		for _, c := range i.chunks {
			if c.Type != "iCCP" {
				continue
			}
			if p, _ := ICCP(c.Data); ValidProfile(p, 0) {
				i.icc = p
			}
		}
		return i
	case "jpeg":
		return Info{icc: jpegProfile(data)}
	case "webp":
		return Info{icc: webpProfile(data)}
	}
	return Info{}
}

// Empty reports whether the file said nothing about its colours.
func (i Info) Empty() bool { return len(i.chunks) == 0 && len(i.icc) == 0 }

// PNGChunks returns the chunks for pngenc.EncodeWith that say the same: a
// PNG's own, or an iCCP chunk holding a JPEG's or WebP's profile.
func (i Info) PNGChunks() []pngenc.Chunk {
	if len(i.chunks) > 0 || len(i.icc) == 0 {
		return i.chunks
	}
	var b bytes.Buffer
	b.WriteString("ICC profile\x00\x00") // its name, then compression method 0
	zw, _ := zlib.NewWriterLevel(&b, zlib.BestCompression)
	zw.Write(i.icc)
	zw.Close()
	return []pngenc.Chunk{{Type: "iCCP", Data: b.Bytes()}}
}

// JPEG returns jpg, a JPEG file as image/jpeg writes it, with the file's
// ICC profile in APP2 segments after its start (after a JFIF APP0 segment
// if it has one). Without a profile it returns jpg: a PNG's gamma or
// chromaticities alone are not carried into a JPEG.
func (i Info) JPEG(jpg []byte) []byte {
	if len(i.icc) == 0 || len(jpg) < 2 || jpg[0] != 0xff || jpg[1] != 0xd8 {
		return jpg
	}
	at := 2
	if len(jpg) >= 6 && jpg[2] == 0xff && jpg[3] == 0xe0 {
		at = 4 + int(binary.BigEndian.Uint16(jpg[4:]))
	}
	const piece = 65535 - 2 - 14 // a segment's length, less its own two bytes and the header
	count := (len(i.icc) + piece - 1) / piece
	out := make([]byte, 0, len(jpg)+len(i.icc)+18*count)
	out = append(out, jpg[:at]...)
	for k := range count {
		p := i.icc[k*piece : min(len(i.icc), (k+1)*piece)]
		out = append(out, 0xff, 0xe2)
		out = binary.BigEndian.AppendUint16(out, uint16(2+14+len(p)))
		out = append(out, "ICC_PROFILE\x00"...)
		out = append(out, byte(k+1), byte(count))
		out = append(out, p...)
	}
	return append(out, jpg[at:]...)
}

// EncodeJPEG writes m as a JPEG of that quality (image/jpeg, whose bytes
// have not changed in many Go versions) that holds the file's profile.
func (i Info) EncodeJPEG(m image.Image, quality int) ([]byte, error) {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: quality}); err != nil {
		return nil, err
	}
	return i.JPEG(b.Bytes()), nil
}

// EncodePNG writes m as a PNG (pngenc, not image/png: its deflate is the
// Go toolchain's) that says of its colours what the file said.
func (i Info) EncodePNG(m image.Image) ([]byte, error) {
	var b bytes.Buffer
	if err := pngenc.EncodeWith(&b, m, i.PNGChunks()); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// ValidProfile reports whether p looks like an ICC profile: its header's
// size is its length and its signature "acsp". With n of 1, 3 or 4 its
// data colour space must also be grey, RGB or CMYK to match (n of 0
// accepts any of them).
func ValidProfile(p []byte, n int) bool {
	if len(p) < 132 || len(p) > MaxProfile || binary.BigEndian.Uint32(p) != uint32(len(p)) || string(p[36:40]) != "acsp" {
		return false
	}
	switch string(p[16:20]) {
	case "GRAY":
		return n == 1 || n == 0
	case "RGB ":
		return n == 3 || n == 0
	case "CMYK":
		return n == 4 || n == 0
	}
	return false
}

// JoinJPEG joins the pieces of a JPEG's ICC profile, each an APP2
// segment's data after "ICC_PROFILE\0" (its sequence number from 1, their
// count, a piece of the profile), in any order. It returns nil unless
// every piece is there once.
func JoinJPEG(pieces [][]byte) []byte {
	if len(pieces) == 0 || len(pieces) > 255 {
		return nil
	}
	count := len(pieces)
	pieces = slices.Clone(pieces)
	slices.SortStableFunc(pieces, func(a, b []byte) int { return int(a[0]) - int(b[0]) })
	var prof []byte
	for i, p := range pieces {
		if len(p) < 2 || int(p[0]) != i+1 || int(p[1]) != count {
			return nil
		}
		if len(prof)+len(p)-2 > MaxProfile {
			return nil
		}
		prof = append(prof, p[2:]...)
	}
	return prof
}

// pngChunks returns a PNG's colour chunks, those before its palette and
// pixels.
func pngChunks(data []byte) []pngenc.Chunk {
	if len(data) < 8 || string(data[:8]) != "\x89PNG\r\n\x1a\n" {
		return nil
	}
	var out []pngenc.Chunk
	for at := 8; at+12 <= len(data); {
		n, typ := binary.BigEndian.Uint32(data[at:]), string(data[at+4:at+8])
		if uint64(n) > uint64(len(data)-at-12) {
			return nil
		}
		switch typ {
		case "iCCP":
			if n > MaxProfile {
				return nil
			}
			fallthrough
		case "sRGB", "gAMA", "cHRM":
			out = append(out, pngenc.Chunk{Type: typ, Data: bytes.Clone(data[at+8 : at+8+int(n)])})
		case "PLTE", "IDAT", "IEND":
			return out
		}
		at += 12 + int(n)
	}
	return out
}

// jpegProfile returns the ICC profile a JPEG's APP2 segments carry, from
// the segments before its scan.
func jpegProfile(data []byte) []byte {
	if len(data) < 4 || data[0] != 0xff || data[1] != 0xd8 {
		return nil
	}
	var pieces [][]byte
	for at := 2; at+4 <= len(data); {
		if data[at] != 0xff {
			return nil
		}
		m := data[at+1]
		switch {
		case m == 0xff: // fill byte
			at++
			continue
		case m == 0xd8 || m == 0x01 || (m >= 0xd0 && m <= 0xd7):
			at += 2 // no length
			continue
		case m == 0xda || m == 0xd9: // the scan, or the end
			return profileOf(JoinJPEG(pieces))
		}
		n := int(binary.BigEndian.Uint16(data[at+2:]))
		if n < 2 || at+2+n > len(data) {
			return nil
		}
		if body := data[at+4 : at+2+n]; m == 0xe2 && len(body) >= 14 && string(body[:12]) == "ICC_PROFILE\x00" {
			pieces = append(pieces, body[12:])
		}
		at += 2 + n
	}
	return nil
}

// webpProfile returns the ICC profile of an extended WebP (a VP8X chunk
// first, then ICCP).
func webpProfile(data []byte) []byte {
	if len(data) < 12 || string(data[:4]) != "RIFF" || string(data[8:12]) != "WEBP" {
		return nil
	}
	for at := 12; at+8 <= len(data); {
		typ, n := string(data[at:at+4]), binary.LittleEndian.Uint32(data[at+4:])
		if uint64(n) > uint64(len(data)-at-8) {
			return nil
		}
		if typ == "ICCP" {
			return profileOf(data[at+8 : at+8+int(n)])
		}
		if at == 12 && typ != "VP8X" {
			return nil // a simple WebP: its only chunk is the image
		}
		at += 8 + int(n) + int(n&1) // chunks are padded to even sizes
	}
	return nil
}

// ICCP returns the ICC profile a PNG's iCCP chunk data holds, inflated
// (no more than MaxProfile+1 bytes of it), and its zlib stream as the
// chunk holds it; nil and nil when the chunk is malformed (its name not 1
// to 79 bytes, a compression method other than 0) or does not inflate.
// The profile is not checked: see ValidProfile.
func ICCP(data []byte) (profile, stream []byte) {
	name, rest, ok := bytes.Cut(data, []byte{0})
	if !ok || len(name) == 0 || len(name) > 79 || len(rest) < 1 || rest[0] != 0 {
		return nil, nil
	}
	zr, err := zlib.NewReader(bytes.NewReader(rest[1:]))
	if err != nil {
		return nil, nil
	}
	defer zr.Close()
	p, err := io.ReadAll(io.LimitReader(zr, MaxProfile+1))
	if err != nil {
		return nil, nil
	}
	return p, rest[1:]
}

// profileOf returns a copy of p when it is a valid profile.
func profileOf(p []byte) []byte {
	if !ValidProfile(p, 0) {
		return nil
	}
	return bytes.Clone(p)
}
