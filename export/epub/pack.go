package epub

import (
	"bytes"
	"hash/crc32"
	"path"
	"strings"
	"sync"

	"github.com/warraq/warraq/export/text"
	"github.com/warraq/warraq/internal/par"
)

// pagePacker takes the XHTML pages as they are made, a batch at a time:
// it reads each page's text for the fonts (readPages) and compresses the
// page as the zip will store it, so a book's pages are held compressed
// (about a fifth of their size) until they are zipped rather than whole.
// The bytes written are the same: writeZip stores a packed page as it
// would have deflated it.
type pagePacker struct {
	italic  bool            // emphasis is set in italic faces
	own     map[string]bool // the languages with families of their own
	pending []int           // indexes in the manifest's files of pages not yet packed
	size    int             // their bytes
	text    *pageText       // the text of the pages packed so far
	err     error           // the first page that could not be read
	cache   *pageCache      // pages read and deflated by earlier builds (nil: none)
	artc    *articleCache   // article pages kept whole (articlecache.go; nil: none)
	// textOnly reads the pages' text and leaves them uncompressed: the
	// pages are read for their fonts only (Stylesheet). The cache keeps
	// such entries apart (newPageCache).
	textOnly bool
}

// packBatch is how many bytes of pages wait before they are packed: enough
// for the batch to keep every core busy.
const packBatch = 4 << 20

func newPagePacker(italic bool, fs *text.FontSet) *pagePacker {
	return &pagePacker{italic: italic, own: ownLanguages(fs), text: newPageText()}
}

// added notes that m's last file was just added.
func (k *pagePacker) added(m *manifest) {
	i := len(m.files) - 1
	if !strings.HasSuffix(m.files[i].name, ".xhtml") {
		return
	}
	k.pending = append(k.pending, i)
	k.size += len(m.files[i].data)
	if k.size >= packBatch {
		k.flush(m)
	}
}

// flush reads and compresses the pending pages, in parallel.
func (k *pagePacker) flush(m *manifest) {
	if len(k.pending) == 0 || k.err != nil {
		return
	}
	each := make([]*pageText, len(k.pending))
	err := par.Each(len(k.pending), par.Limit(), func(i int) string { return m.files[k.pending[i]].name }, func(i int) error {
		var err error
		each[i], err = k.pack(&m.files[k.pending[i]], nil)
		return err
	})
	if err != nil {
		k.err = err
		return
	}
	for _, pt := range each {
		k.text.merge(pt)
	}
	k.pending, k.size = k.pending[:0], 0
}

// pack reads a page's text and deflates it (or takes both from the
// cache); it touches nothing but the entry, so pages are packed in
// parallel.
//
// An article's page whose key in the article cache is known (am set) is
// kept there, with its page markers, rather than under its own hash.
func (k *pagePacker) pack(e *entry, am *missedArticle) (*pageText, error) {
	var key [32]byte
	if k.cache != nil && am == nil {
		key = k.cache.key(e.data)
		if pt, pd, ok := k.cache.get(key); ok {
			e.packed, e.data = pd, nil
			return pt, nil
		}
	}
	pt := newPageText()
	if err := pt.read(e.data, k.italic, e.clean, k.own); err != nil {
		return nil, err
	}
	if k.textOnly {
		e.packed, e.data = &packedData{}, nil
	} else {
		e.deflate()
	}
	switch {
	case am != nil:
		k.artc.put(am.key, am.ids, pt, e.packed)
	case k.cache != nil:
		k.cache.put(key, pt, e.packed)
	}
	return pt, nil
}

// packed takes a page packed beforehand (pack), or the error of packing
// it, as m's last file.
func (k *pagePacker) packed(pt *pageText, err error) {
	switch {
	case k.err != nil:
	case err != nil:
		k.err = err
	default:
		k.text.merge(pt)
	}
}

// pageText returns the text of every page added, once they are all in.
func (k *pagePacker) pageText(m *manifest) (*pageText, error) {
	k.flush(m)
	return k.text, k.err
}

// packRest deflates, side by side, the files the zip deflates that are not
// packed yet (the fonts, the package document, the navigation), so that
// writeZip, which writes one entry after another, only copies them.
func packRest(files []entry) error {
	var rest []int
	for i, e := range files {
		if e.packed == nil && !compressed[path.Ext(e.name)] {
			rest = append(rest, i)
		}
	}
	return par.Each(len(rest), par.Limit(), func(i int) string { return files[rest[i]].name }, func(i int) error {
		files[rest[i]].deflate()
		return nil
	})
}

// deflate compresses the entry's data as writeZip would and drops the data.
func (e *entry) deflate() {
	buf := deflateBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	w := getDeflater(e.name, buf)
	// Writing to a bytes.Buffer does not fail.
	_, _ = w.Write(e.data)
	_ = w.Close()
	putDeflater(w)
	e.packed = &packedData{data: bytes.Clone(buf.Bytes()), crc: crc32.ChecksumIEEE(e.data), size: uint64(len(e.data))}
	e.data = nil
	if buf.Cap() <= maxDeflateBuffer {
		deflateBuffers.Put(buf)
	}
}

// deflateBuffers are the memory entries are deflated into before they are
// copied out in their size, kept up to maxDeflateBuffer each: made and
// grown anew for each page, they were 9 MB of a 1,000-article book's
// allocations.
var deflateBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const maxDeflateBuffer = 4 << 20
