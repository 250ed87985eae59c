package cover

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"

	"github.com/warraq/warraq/export/collection"
)

// A generated cover's PNG depends only on its display list, so it is kept
// in a cache directory (the CLI passes the user's cache directory) under a
// hash of that list: rebuilding a book, or another book with the same
// title, author and palette, skips the drawing and encoding (70 of the 110
// ms a ten-article book spent on its cover, measured side by side). The
// hash covers every segment and colour drawn, the raster size, this
// encoding's version and the Go, x/image and klauspost/compress versions
// that draw and compress it, so a hit gives the bytes a miss would write. Each file ends with the SHA-256 of its PNG:
// a truncated or altered file is a miss, and is replaced.

// rasterVersion changes whenever the drawing or the encoding changes.
const rasterVersion = "warraq cover raster 4" // 4: klauspost/compress at level 8 (3: the standard library at its default level)

// cacheKey is the name of the design's entry: a hash of what the raster
// draws and of the code that draws it.
func cacheKey(d *design, w, h int) string {
	sum := sha256.New()
	var buf []byte
	f := func(v float64) { buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(v)) }
	buf = append(buf, rasterVersion...)
	buf = append(buf, runtime.Version()...)
	buf = append(buf, drawingModules()...)
	buf = binary.LittleEndian.AppendUint32(buf, uint32(w))
	buf = binary.LittleEndian.AppendUint32(buf, uint32(h))
	f(d.w)
	f(d.h)
	buf = append(buf, d.bg.R, d.bg.G, d.bg.B)
	for _, it := range d.items {
		segs, c := itemSegs(it)
		buf = append(buf, 'I', c.R, c.G, c.B)
		for _, s := range segs {
			buf = append(buf, s.op)
			for _, p := range s.pts[:npts(s.op)] {
				f(p.X)
				f(p.Y)
			}
		}
		sum.Write(buf)
		buf = buf[:0]
	}
	sum.Write(buf)
	return hex.EncodeToString(sum.Sum(nil))
}

// suppliedKey is the name of the entry of a supplied image fitted on the
// cover's ground (rasterSupplied): a hash of the image file, the ground's
// colour and the code that scales and encodes it. The entry holds the
// fitted image, JPEG or PNG as rasterSupplied makes it.
func suppliedKey(a *collection.Asset, bg rgb) string {
	sum := sha256.New()
	var buf []byte
	buf = append(buf, "warraq cover supplied 3\x00"...)
	buf = append(buf, rasterVersion...)
	buf = append(buf, runtime.Version()...)
	buf = append(buf, drawingModules()...)
	buf = binary.LittleEndian.AppendUint32(buf, RasterWidth)
	buf = binary.LittleEndian.AppendUint32(buf, RasterHeight)
	buf = append(buf, bg.R, bg.G, bg.B)
	buf = append(buf, a.MediaType...)
	buf = append(buf, 0)
	sum.Write(buf)
	sum.Write(a.Data)
	return hex.EncodeToString(sum.Sum(nil))
}

// drawingModules is the versions of the modules that draw and encode a
// cover, from the binary's build information ("" when it has none).
func drawingModules() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	var s string
	for _, m := range info.Deps {
		if m.Path == "golang.org/x/image" || m.Path == "github.com/klauspost/compress" {
			s += m.Path + "@" + m.Version + m.Sum
		}
	}
	return s
}

// cachePath is where the entry of key lives under dir.
func cachePath(dir, key string) string {
	return filepath.Join(dir, "cover", key[:2], key+".png")
}

// readCache returns the cached PNG of key, or nil.
func readCache(dir, key string) []byte {
	data, err := os.ReadFile(cachePath(dir, key))
	if err != nil || len(data) < sha256.Size {
		return nil
	}
	png, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if got := sha256.Sum256(png); !bytes.Equal(got[:], sum) {
		return nil
	}
	return png
}

// writeCache stores png as key's entry, atomically (a build running at the
// same time reads the old entry, the new one or none). A cache that cannot
// be written only costs time: errors are ignored.
func writeCache(dir, key string, png []byte) {
	path := cachePath(dir, key)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return
	}
	sum := sha256.Sum256(png)
	_, err = f.Write(append(png[:len(png):len(png)], sum[:]...))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
}
