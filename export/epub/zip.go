package epub

import (
	"archive/zip"
	"fmt"
	"hash/crc32"
	"io"
	"path"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/klauspost/compress/flate"
)

// entry is one file of the OCF container: its data, or once packed
// (pagePacker) that data deflated.
type entry struct {
	name   string
	data   []byte
	packed *packedData
	// clean is set on a page made by execute, which checked that it is
	// valid UTF-8 of characters XML allows (the page's reader need not:
	// at 1,000 articles checking each text again was 2% of the EPUB's
	// instructions).
	clean bool
}

// packedData is a file's data deflated (getDeflater), with what the zip
// records of the data itself.
type packedData struct {
	data []byte
	crc  uint32
	size uint64
}

// Files are deflated at fixed levels by klauspost/compress, so the same
// book always gives the same bytes (for one version of the compressor,
// which go.sum pins), whichever Go toolchain built Warraq: the standard
// library's compress/flate is part of the toolchain, and Go 1.27 changed
// its output (built with Go 1.27.3, the samples' EPUB was 309,103 bytes
// against 297,636 with Go 1.26.8, the fonts 2.4 KB and the cover 9.1 KB
// larger). The text (pages, stylesheet, package document, navigation) is
// deflated at level 8: on a 1,000-article book's 8.7 MB of pages it took
// 0.22 s against the standard library's 0.33 s at level 9, for 0.3% fewer
// bytes (the samples' text 138 bytes fewer). The fonts, subset to a few
// hundred kilobytes, get level 9, the best: on the samples' six subsets
// 209,408 bytes against Go 1.26's 207,021 at its level 9, in the same
// 16 ms.
const (
	textLevel = 8
	fontLevel = flate.BestCompression
)

// deflateID names the compressors and levels, for cache keys.
const deflateID = "klauspost-8,klauspost-9"

// deflater is a compressor at one of those levels, reused.
type deflater struct {
	*flate.Writer
	font bool // at fontLevel, from fontDeflaters; else textLevel, textDeflaters
}

// isFont reports whether the file named name is one of the book's fonts.
func isFont(name string) bool {
	ext := path.Ext(name)
	return ext == ".ttf" || ext == ".otf"
}

// textDeflaters and fontDeflaters are compressors at those levels, reused.
var (
	textDeflaters = sync.Pool{New: func() any { return newDeflater(false) }}
	fontDeflaters = sync.Pool{New: func() any { return newDeflater(true) }}
)

func newDeflater(font bool) *deflater {
	level := textLevel
	if font {
		level = fontLevel
	}
	w, _ := flate.NewWriter(nil, level) // the level is valid
	return &deflater{w, font}
}

// getDeflater returns a compressor for the file named name, writing to out;
// putDeflater gives it back once closed (or to be reset).
func getDeflater(name string, out io.Writer) *deflater {
	pool := &textDeflaters
	if isFont(name) {
		pool = &fontDeflaters
	}
	w := pool.Get().(*deflater)
	w.Reset(out)
	return w
}

func putDeflater(w *deflater) {
	if w.font {
		fontDeflaters.Put(w)
	} else {
		textDeflaters.Put(w)
	}
}

// writeZip writes the container: mimetype first, stored, with no extra field
// and no data descriptor (readers and epubcheck look for it at a fixed
// offset), then every entry deflated, in the given order, all stamped with t.
func writeZip(w io.Writer, files []entry, t time.Time) error {
	z := zip.NewWriter(w)
	// Entries are written one after another: when the next is made, the
	// zip writer has closed the compressor of the last (cur), which goes
	// back to its pool.
	var cur *deflater
	name := "" // the entry being made
	release := func() {
		if cur != nil {
			putDeflater(cur)
			cur = nil
		}
	}
	defer release()
	z.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		release()
		cur = getDeflater(name, out)
		return cur, nil
	})
	date, clock := dosTime(t)
	mt := []byte("application/epub+zip")
	h := &zip.FileHeader{
		Name: "mimetype", Method: zip.Store,
		CRC32: crc32.ChecksumIEEE(mt), CompressedSize64: uint64(len(mt)), UncompressedSize64: uint64(len(mt)),
	}
	// The DOS fields are set directly: setting Modified would add an
	// extended-timestamp extra field, which EPUB forbids on mimetype.
	h.ModifiedDate, h.ModifiedTime = date, clock //nolint:staticcheck
	f, err := z.CreateRaw(h)
	if err != nil {
		return fmt.Errorf("epub: %w", err)
	}
	if _, err := f.Write(mt); err != nil {
		return fmt.Errorf("epub: %w", err)
	}
	for _, e := range files {
		if e.packed != nil {
			if err := writePacked(z, e, date, clock); err != nil {
				return fmt.Errorf("epub: %s: %w", e.name, err)
			}
			continue
		}
		name = e.name
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		if compressed[path.Ext(e.name)] {
			h.Method = zip.Store // deflating PNG or JPEG data costs time and saves nothing
		}
		h.ModifiedDate, h.ModifiedTime = date, clock //nolint:staticcheck
		f, err := z.CreateHeader(h)
		if err != nil {
			return fmt.Errorf("epub: %s: %w", e.name, err)
		}
		if _, err := f.Write(e.data); err != nil {
			return fmt.Errorf("epub: %s: %w", e.name, err)
		}
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("epub: %w", err)
	}
	return nil
}

// writePacked writes an entry deflated beforehand, with the headers
// CreateHeader gives an entry it deflates itself: version 2.0, a data
// descriptor after the data (flag 0x8) and zeros in the local header where
// the descriptor has the CRC and sizes, the UTF-8 flag (0x800) when the
// name needs it. The bytes are those the entry would have had unpacked
// (TestPackedEntrySameBytes).
func writePacked(z *zip.Writer, e entry, date, clock uint16) error {
	h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Flags: 0x8, CreatorVersion: 20, ReaderVersion: 20}
	if needsUTF8(e.name) {
		h.Flags |= 0x800
	}
	h.ModifiedDate, h.ModifiedTime = date, clock //nolint:staticcheck
	h.CRC32 = e.packed.crc
	h.CompressedSize64, h.UncompressedSize64 = uint64(len(e.packed.data)), e.packed.size
	if h.CompressedSize64 >= 1<<32-1 || h.UncompressedSize64 >= 1<<32-1 {
		return fmt.Errorf("a packed page over 4 GB")
	}
	f, err := z.CreateRaw(h)
	if err != nil {
		return err
	}
	_, err = f.Write(e.packed.data)
	return err
}

// needsUTF8 reports whether CreateHeader would mark name as UTF-8: it holds
// a character outside the part of ASCII every zip reader reads alike, and
// is valid UTF-8.
func needsUTF8(name string) bool {
	need := false
	for _, r := range name {
		if r < 0x20 || r > 0x7d || r == 0x5c {
			if r == utf8.RuneError {
				return false
			}
			need = true
		}
	}
	return need
}

// dosTime converts t (UTC) to the MS-DOS date and time zip stores, which
// cannot go before 1980.
func dosTime(t time.Time) (date, clock uint16) {
	t = t.UTC()
	if t.Year() < 1980 {
		t = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if t.Year() > 2107 {
		t = time.Date(2107, 12, 31, 23, 59, 58, 0, time.UTC)
	}
	date = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	clock = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	return date, clock
}

// compressed lists file types whose data is already compressed.
var compressed = map[string]bool{".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".webp": true, ".woff": true, ".woff2": true}
