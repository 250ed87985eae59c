package pdfwriter

import (
	"bufio"
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// objWriter numbers the indirect objects of the file and writes each one as
// soon as its body is known, keeping only their offsets for the
// cross-reference table. Numbers are handed out ahead (reserve) to objects
// written later: a page's object, written at the end, is referred to by the
// page tree and by destinations; the page tree by every page.
type objWriter struct {
	out      *bufio.Writer
	pos      int       // bytes written so far
	offsets  []int     // by object number - 1; -1 until the object is written
	hash     io.Writer // md, or a pipe to it while the document is finished (pipeHash)
	md       hash.Hash
	hashPipe *pipeWriter
	err      error    // the first write error; nothing is written after it
	resource deflater // streams other than page content and object streams
	catalog  int      // reserved first: object 1
	pageTree int      // reserved second: object 2

	packed   map[int]func(bodyWriter) // bodies of objects to write in object streams (objstream.go)
	runs     []packedRun              // and runs of them, written by a walk each
	hashBuf  *bufio.Writer            // on md, for setPackedFunc outside finish
	later    *laterHash               // packed objects the hash waits for (objstream.go), or nil
	objCache *objStreamCache          // where object streams are kept (CacheObjectStreams), or nil
	profiles map[[32]byte]int         // images' colour profiles written, by their SHA-256 (icc.go)

	// pending is the page content being compressed, written by sync;
	// segs the idle compressors, spare a written page's content buffer
	// for the next page to draw into (closePage).
	pending *pageContent
	segs    []*segmenter
	spare   []byte
}

func newObjWriter(out io.Writer) *objWriter {
	w := &objWriter{out: bufio.NewWriterSize(out, 64<<10), md: md5.New(),
		resource: deflater{level: resourceLevel}}
	w.hash = w.md
	// The binary comment tells transfer tools the file is binary.
	w.write("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	w.catalog = w.reserve()
	w.pageTree = w.reserve()
	return w
}

func (w *objWriter) write(s string) {
	if w.pending != nil {
		w.sync()
	}
	if w.err != nil {
		return
	}
	n, err := w.out.WriteString(s)
	w.pos += n
	w.err = err
}

func (w *objWriter) writeBytes(b []byte) {
	if w.pending != nil {
		w.sync()
	}
	if w.err != nil {
		return
	}
	n, err := w.out.Write(b)
	w.pos += n
	w.err = err
}

// reserve allocates an object number whose body is written later.
func (w *objWriter) reserve() int {
	w.offsets = append(w.offsets, -1)
	return len(w.offsets)
}

// pipeHash has the /ID's hash taken on another goroutine until closeHash:
// the end of a tagged book hashes its structure tree (50 MB at 1,000
// articles) while formatting it, and MD5 over it took as long as the
// formatting, on the one goroutine that writes the file.
func (w *objWriter) pipeHash() {
	// Packed objects the hash waits for hold the hash they were set
	// with (laterHash): it stays the one hashing.
	if w.hashPipe == nil && w.later == nil {
		w.hashPipe = newPipeWriter(w.md)
		w.hash = w.hashPipe
	}
}

// closeHash waits until the hash has taken everything written so far and
// has it taken here again.
func (w *objWriter) closeHash() {
	if w.hashPipe != nil {
		w.hashPipe.Close()
		w.hashPipe = nil
		w.hash = w.md
	}
}

// hashBody returns where a packed body is written for the hash, and a
// function to call after.
func (w *objWriter) hashBody() (bodyWriter, func()) {
	if w.later != nil {
		return &w.later.after, func() {}
	}
	if w.hashPipe != nil {
		return w.hashPipe, func() {}
	}
	if w.hashBuf == nil {
		w.hashBuf = bufio.NewWriterSize(w.md, 32<<10)
	}
	return w.hashBuf, func() { w.hashBuf.Flush() }
}

// sum is the /ID: the hash of everything hashed.
func (w *objWriter) sum() string {
	w.endLater()
	w.closeHash()
	return hex.EncodeToString(w.md.Sum(nil))
}

// put writes object n, made of the given parts (a stream's dictionary and
// data are written as they are, without joining them first), and hashes
// them for the file's /ID.
func (w *objWriter) put(n int, parts ...[]byte) {
	w.sync()
	w.offsets[n-1] = w.pos
	w.write(strconv.Itoa(n) + " 0 obj\n")
	for _, b := range parts {
		w.writeBytes(b)
		w.hash.Write(b)
	}
	w.write("\nendobj\n")
}

// putDeflated writes object n, a compressed stream: its dictionary (ending
// in "stream\n"), then its data in parts, which the /ID's hash does not
// read. What it hashes instead is sum, which must stand for the data: the
// content's Adler-32 and length, or nothing when what the stream holds was
// hashed already (an object stream's objects). The data is most of the
// file, and MD5 over it was 2% of a 1,000-article PDF's CPU, on the thread
// that writes the file.
func (w *objWriter) putDeflated(n int, dict, sum []byte, data ...[]byte) {
	w.sync()
	w.offsets[n-1] = w.pos
	w.write(strconv.Itoa(n) + " 0 obj\n")
	w.writeBytes(dict)
	w.hash.Write(dict)
	w.hash.Write(sum)
	for _, b := range data {
		w.writeBytes(b)
	}
	w.write("\nendstream\nendobj\n")
}

func (w *objWriter) set(n int, body string) { w.put(n, []byte(body)) }

func (w *objWriter) add(body string) int {
	n := w.reserve()
	w.set(n, body)
	return n
}

// addStream writes a stream object and returns its number; dict holds the
// extra entries. Compressed streams use the resource level; see the page
// content's in closePage.
func (w *objWriter) addStream(dict string, data []byte, compress bool) int {
	n := w.reserve()
	w.putStream(n, &w.resource, dict, data, compress)
	return n
}

func (w *objWriter) putStream(n int, z *deflater, dict string, data []byte, compress bool) {
	if compress {
		w.putFlate(n, dict, z.deflate(data))
		return
	}
	w.putRawStream(n, dict, data)
}

// putFlate writes object n, a stream of data compressed at the resource
// level (or the object level), with dict's extra entries.
func (w *objWriter) putFlate(n int, dict string, data []byte) {
	w.putRawStream(n, joinDict(dict, "/Filter /FlateDecode"), data)
}

func (w *objWriter) putRawStream(n int, dict string, data []byte) {
	if dict != "" {
		dict = " " + dict
	}
	w.put(n, []byte("<<"+dict+" /Length "+strconv.Itoa(len(data))+" >>\nstream\n"), data, []byte("\nendstream"))
}

func joinDict(a, b string) string {
	if a == "" {
		return b
	}
	return a + " " + b
}

// closePage writes a closed page's content stream, and any image it is the
// first to show, and keeps what its dictionary needs; the content is freed.
// Compressing the content is most of writing it: a streaming document
// compresses a page's content on another goroutine while the next page is
// drawn, and writes it before anything else is written (sync), so the file
// is the same as if it had been written here. A page being recorded is
// compressed here: its recording takes the body's segment when it closes.
func (w *objWriter) closePage(p *Page) {
	w.sync()
	p.contents = w.reserve()
	c := &pageContent{n: p.contents, raw: p.rawContent, sum: p.rawSum, bodyLen: p.bodyLen}
	if c.raw == nil {
		c.body = p.content.Bytes()
		c.bodyLen = len(c.body)
		p.bodyLen = c.bodyLen
	}
	if p.furn != nil {
		c.furn = p.furn.Bytes()
	}
	// A body moved by Origin: the move before it, in a segment of its
	// own, and its end before the furniture.
	if p.origin {
		c.head = []byte("q 1 0 0 1 " + num(p.dx) + " 0 cm\n")
		c.furn = append([]byte("Q\n"), c.furn...)
	}
	c.seg = w.takeSegmenter()
	if r := p.rec; r != nil && !r.bad && c.raw == nil {
		c.compress()
		r.body, r.sum, r.n = bytes.Clone(c.bodySeg), c.bodySum, c.bodyLen
		r.page, r.knownIDs, r.ids = nil, nil, nil
		w.putContent(c)
	} else {
		c.done = make(chan struct{})
		go func() {
			c.compress()
			close(c.done)
		}()
		w.pending = c
	}
	p.content, p.furn, p.rawContent = bytes.Buffer{}, nil, nil

	var res strings.Builder
	res.WriteString("<< /ProcSet [/PDF /Text /ImageB /ImageC]")
	if len(p.fonts) > 0 {
		res.WriteString(" /Font <<")
		for _, in := range sortedInstances(p.fonts) {
			if in.ref == 0 {
				in.ref = w.reserve() // the Type0 font, written at the end
			}
			fmt.Fprintf(&res, " /%s %d 0 R", in.res, in.ref)
		}
		res.WriteString(" >>")
	}
	if len(p.images) > 0 || len(p.forms) > 0 {
		res.WriteString(" /XObject <<")
		// Forms (Fm) before images (Im): the names' order.
		for _, f := range slices.SortedFunc(maps.Keys(p.forms), func(a, b *Form) int { return strings.Compare(a.res, b.res) }) {
			if f.ref == 0 {
				f.ref = w.writeForm(f)
			}
			fmt.Fprintf(&res, " /%s %d 0 R", f.res, f.ref)
		}
		for _, img := range slices.SortedFunc(maps.Keys(p.images), func(a, b *Image) int { return strings.Compare(a.res, b.res) }) {
			if img.ref == 0 {
				img.ref = w.writeImage(img)
			}
			fmt.Fprintf(&res, " /%s %d 0 R", img.res, img.ref)
		}
		res.WriteString(" >>")
	}
	res.WriteString(" >>")
	p.resources = res.String()
	p.fonts, p.images, p.forms = nil, nil, nil
}

// pageContent is a closed page's content stream: its parts as drawn,
// then, once compressed, its segments (syntax.go) in seg's buffer.
type pageContent struct {
	n                int    // the object number
	head, body, furn []byte // the move of an Origin body, the body, the furniture
	raw              []byte // a replayed body's segment, body nil
	sum              uint32 // the body's Adler-32 (given with raw)
	bodyLen          int
	seg              *segmenter
	done             chan struct{} // closed when compressed on another goroutine

	headSeg, bodySeg, tail []byte
	bodySum, total         uint32 // the body's checksum, the whole content's
}

// compress compresses the content's segments and takes its checksum.
func (c *pageContent) compress() {
	s := c.seg
	s.buf.Reset()
	c.bodySeg, c.bodySum = c.raw, c.sum
	if c.raw == nil {
		c.bodySum = adlerSum(c.body)
		c.bodySeg = s.segment(c.body, false)
	}
	sum := c.bodySum
	if c.head != nil {
		c.headSeg = s.segment(c.head, false)
		sum = adlerCombine(adlerSum(c.head), sum, c.bodyLen)
	}
	c.total = adlerCombine(sum, adlerSum(c.furn), len(c.furn))
	c.tail = s.segment(c.furn, true)
}

// putContent writes a compressed page content, then gives back its
// compressor and its body's buffer.
func (w *objWriter) putContent(c *pageContent) {
	var trailer [4]byte
	be.PutUint32(trailer[:], c.total)
	length := len(zlibHeader) + len(c.headSeg) + len(c.bodySeg) + len(c.tail) + len(trailer)
	// The /ID's hash reads the checksum and the length of what the
	// stream holds (the dictionary gives the compressed length).
	var sum [12]byte
	be.PutUint32(sum[:], c.total)
	be.PutUint64(sum[4:], uint64(len(c.head)+c.bodyLen+len(c.furn)))
	w.putDeflated(c.n, []byte("<< /Filter /FlateDecode /Length "+strconv.Itoa(length)+" >>\nstream\n"), sum[:], zlibHeader, c.headSeg, c.bodySeg, c.tail, trailer[:])
	w.segs = append(w.segs, c.seg)
	if c.body != nil && cap(c.body) > cap(w.spare) {
		w.spare = c.body[:0]
	}
}

// sync writes the page content being compressed, once it is.
func (w *objWriter) sync() {
	c := w.pending
	if c == nil {
		return
	}
	w.pending = nil
	<-c.done
	w.putContent(c)
}

func (w *objWriter) takeSegmenter() *segmenter {
	if n := len(w.segs); n > 0 {
		s := w.segs[n-1]
		w.segs = w.segs[:n-1]
		return s
	}
	return &segmenter{}
}

// takeSpare returns a buffer for a new page's content: the largest a
// written page left, emptied, or nil.
func (w *objWriter) takeSpare() []byte {
	b := w.spare
	w.spare = nil
	return b
}

// Write writes a document made by New as PDF 1.7 to out. The same calls
// give the same bytes: object order follows the calls, maps are sorted, no
// clock is read and the file /ID is a hash of the content.
func (d *Document) Write(out io.Writer) error {
	if d.stream {
		return fmt.Errorf("pdfwriter: Write on a streaming document (use Finish)")
	}
	if d.w != nil {
		return fmt.Errorf("pdfwriter: document already written")
	}
	if len(d.pages) == 0 {
		return fmt.Errorf("pdfwriter: document has no pages")
	}
	d.w = newObjWriter(out)
	for _, p := range d.pages {
		p.ref = d.w.reserve()
	}
	return d.finish()
}

// Finish writes the rest of a document made by NewStream: the pages still
// open, the fonts, the page dictionaries, navigation and metadata, the
// cross-reference table and the trailer.
func (d *Document) Finish() error {
	if !d.stream {
		return fmt.Errorf("pdfwriter: Finish on a document made by New (use Write)")
	}
	if len(d.pages) == 0 {
		return fmt.Errorf("pdfwriter: document has no pages")
	}
	return d.finish()
}

// finish writes everything that waits for the end, in this order: pages
// still open, fonts (subset to every glyph drawn), page dictionaries and
// their link annotations, the page tree, the document-level objects
// (metadata, outlines) and the catalog, the info dictionary, then the
// cross-reference table. Objects that must come last — built from the whole
// document, like a structure tree — are written in endObjects, and their
// catalog entries added in catalog.
func (d *Document) finish() error {
	w := d.w
	if d.err != nil {
		return d.err
	}
	w.pipeHash()
	defer w.closeHash()
	for _, p := range d.pages {
		p.Close()
		if p.contents == 0 { // closed before Write started the file
			w.closePage(p)
		}
	}
	var fonts []*Font
	for _, f := range d.fonts {
		if len(f.instances) > 0 {
			fonts = append(fonts, f)
		}
	}
	for i, fs := range prepareFonts(fonts) {
		w.writeFont(fonts[i], fs)
	}
	for _, p := range d.pages {
		w.set(p.ref, d.pageDict(p))
	}
	kids := make([]string, len(d.pages))
	for i, p := range d.pages {
		kids[i] = strconv.Itoa(p.ref) + " 0 R"
	}
	w.set(w.pageTree, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(d.pages)))
	entries := d.endObjects()
	w.set(w.catalog, d.catalog(entries))
	info := w.add(d.infoDict())
	if d.err != nil {
		return d.err
	}
	return w.finish(info, d.objCache)
}

// pageDict writes the link annotations of a closed page and returns its
// dictionary.
func (d *Document) pageDict(p *Page) string {
	w := d.w
	var annots []string
	for li := range p.links {
		l := &p.links[li]
		rect := fmt.Sprintf("[%s %s %s %s]", num(l.x), num(l.y), num(l.x+l.w), num(l.y+l.h))
		var action string
		if l.dest != "" || l.uri == "" {
			if _, ok := d.dests[l.dest]; !ok {
				continue // a dangling internal link would be an error in viewers
			}
			action = "/Dest " + name(l.dest)
		} else {
			action = "/A << /Type /Action /S /URI /URI " + literal(l.uri) + " >>"
		}
		ref := w.reserve()
		w.set(ref, "<< /Type /Annot /Subtype /Link /Rect "+rect+" /Border [0 0 0] "+action+d.annotStruct(l, ref)+" >>")
		annots = append(annots, strconv.Itoa(ref)+" 0 R")
	}
	body := fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %s %s] /Resources %s /Contents %d 0 R",
		w.pageTree, num(p.width), num(p.height), p.resources, p.contents)
	if len(annots) > 0 {
		body += " /Annots [" + strings.Join(annots, " ") + "]"
	}
	return body + d.pageStruct(p) + " >>"
}

// endObjects writes the document-level objects the catalog refers to and
// returns the catalog's entries for them.
func (d *Document) endObjects() []string {
	w := d.w
	var entries []string
	meta := w.addStream("/Type /Metadata /Subtype /XML", d.xmp(), false)
	entries = append(entries, fmt.Sprintf("/Metadata %d 0 R", meta))
	if len(d.outlines) > 0 {
		root := w.reserve()
		first, last, count := w.writeOutlines(d.outlines, root, d.dests)
		w.set(root, fmt.Sprintf("<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>", first, last, count))
		entries = append(entries, fmt.Sprintf("/Outlines %d 0 R /PageMode /UseOutlines", root))
	}
	// The structure tree, written last: pageDict gave out its ParentTree
	// keys (structure.go).
	return append(entries, strings.TrimSpace(d.writeStructure(w)))
}

// catalog returns the document catalog: the page tree, the entries that
// endObjects made, and the document-wide settings.
func (d *Document) catalog(entries []string) string {
	var cat strings.Builder
	fmt.Fprintf(&cat, "<< /Type /Catalog /Pages %d 0 R", d.w.pageTree)
	for _, e := range entries {
		cat.WriteString(" " + e)
	}
	if d.info.Lang != "" {
		cat.WriteString(" /Lang " + textString(d.info.Lang))
	}
	if d.info.RTL || d.Tagged() {
		cat.WriteString(" /ViewerPreferences <<")
		if d.info.RTL {
			cat.WriteString(" /Direction /R2L")
		}
		if d.Tagged() {
			cat.WriteString(" /DisplayDocTitle true") // PDF/UA: the title, not the file name
		}
		cat.WriteString(" >>")
	}
	if len(d.labels) > 0 {
		cat.WriteString(" /PageLabels " + d.pageLabels())
	}
	if len(d.dests) > 0 {
		names := make([]string, 0, len(d.dests))
		for n := range d.dests {
			names = append(names, n)
		}
		sort.Strings(names)
		cat.WriteString(" /Dests <<")
		for _, n := range names {
			ds := d.dests[n]
			cat.WriteString(" " + name(n) + " [" + strconv.Itoa(ds.page.ref) + " 0 R /XYZ null " + num(ds.y) + " null]")
		}
		cat.WriteString(" >>")
	}
	cat.WriteString(" >>")
	return cat.String()
}

func sortedInstances(m map[*fontInstance]bool) []*fontInstance {
	s := make([]*fontInstance, 0, len(m))
	for in := range m {
		s = append(s, in)
	}
	sort.Slice(s, func(a, b int) bool {
		if len(s[a].res) != len(s[b].res) {
			return len(s[a].res) < len(s[b].res)
		}
		return s[a].res < s[b].res
	})
	return s
}

// finish writes the cross-reference table and the trailer.
func (w *objWriter) finish(info int, cache *objStreamCache) error {
	w.sync()
	if len(w.packed) > 0 || len(w.runs) > 0 {
		return w.finishPacked(info, cache)
	}
	xref := w.pos
	w.write(fmt.Sprintf("xref\n0 %d\n0000000000 65535 f \n", len(w.offsets)+1))
	for i, o := range w.offsets {
		if o < 0 && w.err == nil {
			w.err = fmt.Errorf("object %d reserved but never written", i+1)
		}
		w.write(fmt.Sprintf("%010d 00000 n \n", o))
	}
	// The /ID is derived from the content, never from the clock, so the
	// same book gives the same bytes.
	id := w.sum()
	w.write(fmt.Sprintf("trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n",
		len(w.offsets)+1, w.catalog, info, id, id, xref))
	if w.err == nil {
		w.err = w.out.Flush()
	}
	if w.err != nil {
		return fmt.Errorf("pdfwriter: write: %w", w.err)
	}
	return nil
}

// writeOutlines writes the siblings items under parent and returns the
// first and last object numbers and the number of (open) descendants.
func (w *objWriter) writeOutlines(items []*Outline, parent int, dests map[string]dest) (first, last, count int) {
	refs := make([]int, len(items))
	for i := range items {
		refs[i] = w.reserve()
	}
	for i, o := range items {
		var b strings.Builder
		fmt.Fprintf(&b, "<< /Title %s /Parent %d 0 R", textString(o.title), parent)
		if i > 0 {
			fmt.Fprintf(&b, " /Prev %d 0 R", refs[i-1])
		}
		if i+1 < len(items) {
			fmt.Fprintf(&b, " /Next %d 0 R", refs[i+1])
		}
		if _, ok := dests[o.dest]; ok {
			b.WriteString(" /Dest " + name(o.dest))
		}
		count++
		if len(o.kids) > 0 {
			f, l, c := w.writeOutlines(o.kids, refs[i], dests)
			fmt.Fprintf(&b, " /First %d 0 R /Last %d 0 R /Count %d", f, l, c)
			count += c
		}
		b.WriteString(" >>")
		w.set(refs[i], b.String())
	}
	return refs[0], refs[len(refs)-1], count
}

func (d *Document) pageLabels() string {
	labels := append([]PageLabel(nil), d.labels...)
	sort.SliceStable(labels, func(a, b int) bool { return labels[a].FirstPage < labels[b].FirstPage })
	var b strings.Builder
	b.WriteString("<< /Nums [")
	// The number tree must cover page 0; a range there is decimal by default.
	if len(labels) == 0 || labels[0].FirstPage > 0 {
		b.WriteString(" 0 << /S /D >>")
	}
	seen := map[int]bool{}
	for _, l := range labels {
		if l.FirstPage < 0 || l.FirstPage >= len(d.pages) || seen[l.FirstPage] {
			continue
		}
		seen[l.FirstPage] = true
		fmt.Fprintf(&b, " %d <<", l.FirstPage)
		switch l.Style {
		case "D", "r", "R", "a", "A":
			b.WriteString(" /S /" + l.Style)
		}
		if l.Prefix != "" {
			b.WriteString(" /P " + textString(l.Prefix))
		}
		if l.Start > 1 {
			fmt.Fprintf(&b, " /St %d", l.Start)
		}
		b.WriteString(" >>")
	}
	b.WriteString(" ] >>")
	return b.String()
}

func (d *Document) infoDict() string {
	i := d.info
	var b strings.Builder
	b.WriteString("<<")
	for _, kv := range [][2]string{{"Title", i.Title}, {"Author", i.Author}, {"Subject", i.Subject},
		{"Keywords", i.Keywords}, {"Creator", i.Creator}, {"Producer", i.Producer}} {
		if kv[1] != "" {
			b.WriteString(" /" + kv[0] + " " + textString(kv[1]))
		}
	}
	if !i.Created.IsZero() {
		dt := textString(pdfDate(i.Created))
		b.WriteString(" /CreationDate " + dt + " /ModDate " + dt)
	}
	b.WriteString(" >>")
	return b.String()
}

// xmp is the XMP metadata packet: the same facts as the Info dictionary,
// which PDF 2.0 and archiving tools read instead.
func (d *Document) xmp() []byte {
	i := d.info
	esc := func(s string) string {
		var b bytes.Buffer
		for _, r := range s {
			switch r {
			case '&':
				b.WriteString("&amp;")
			case '<':
				b.WriteString("&lt;")
			case '>':
				b.WriteString("&gt;")
			case '"':
				b.WriteString("&quot;")
			default:
				if r < 0x20 && r != '\t' && r != '\n' && r != '\r' {
					continue
				}
				b.WriteRune(r)
			}
		}
		return b.String()
	}
	var b strings.Builder
	b.WriteString("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n" +
		"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n" +
		"<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n")
	b.WriteString("<dc:format>application/pdf</dc:format>\n")
	if i.Title != "" {
		b.WriteString("<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + esc(i.Title) + "</rdf:li></rdf:Alt></dc:title>\n")
	}
	if i.Author != "" {
		b.WriteString("<dc:creator><rdf:Seq><rdf:li>" + esc(i.Author) + "</rdf:li></rdf:Seq></dc:creator>\n")
	}
	if i.Subject != "" {
		b.WriteString("<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">" + esc(i.Subject) + "</rdf:li></rdf:Alt></dc:description>\n")
	}
	if i.Lang != "" {
		b.WriteString("<dc:language><rdf:Bag><rdf:li>" + esc(i.Lang) + "</rdf:li></rdf:Bag></dc:language>\n")
	}
	if !i.Created.IsZero() {
		t := i.Created.Format(time.RFC3339)
		b.WriteString("<xmp:CreateDate>" + t + "</xmp:CreateDate>\n<xmp:ModifyDate>" + t + "</xmp:ModifyDate>\n")
	}
	if i.Creator != "" {
		b.WriteString("<xmp:CreatorTool>" + esc(i.Creator) + "</xmp:CreatorTool>\n")
	}
	if i.Producer != "" {
		b.WriteString("<pdf:Producer>" + esc(i.Producer) + "</pdf:Producer>\n")
	}
	if i.Keywords != "" {
		b.WriteString("<pdf:Keywords>" + esc(i.Keywords) + "</pdf:Keywords>\n")
	}
	b.WriteString("</rdf:Description>\n")
	if d.Tagged() {
		b.WriteString(pdfuaXMP)
	}
	b.WriteString("</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>")
	return []byte(b.String())
}

// literal encodes s as a PDF literal string of bytes (URIs are 7-bit ASCII;
// other bytes are escaped in octal).
func literal(s string) string {
	var b strings.Builder
	b.WriteByte('(')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '(' || c == ')' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20 || c > 0x7e:
			fmt.Fprintf(&b, "\\%03o", c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte(')')
	return b.String()
}

// predictor is the /DecodeParms of a FlateDecode image stream whose rows
// are filtered as PNG filters them, each after its filter type.
func predictor(colours, bpc, columns int) string {
	return fmt.Sprintf(" /DecodeParms << /Predictor 15 /Colors %d /BitsPerComponent %d /Columns %d >>", colours, bpc, columns)
}

// writeImage writes an image XObject (and its soft mask) and returns its
// object number. The samples are dropped: they are in the file.
func (w *objWriter) writeImage(img *Image) int {
	cs := img.colorSpace
	if img.icc != nil {
		cs = profileSpace(cs, img.iccN, w.profileRef(img))
	}
	dict := fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent %d",
		img.w, img.h, cs, img.bpc)
	defer func() { img.data, img.alpha, img.icc = nil, nil, nil }()
	if img.dct {
		if img.decode != "" {
			dict += " /Decode " + img.decode
		}
		return w.addStream(dict+" /Filter /DCTDecode", img.data, false)
	}
	// PNG samples were compressed, their rows filtered as PNG filters
	// them, when the image was added (png.go).
	if img.alpha != nil {
		mask := w.addStream(fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode%s",
			img.w, img.h, predictor(1, 8, img.w)), img.alpha, false)
		dict += fmt.Sprintf(" /SMask %d 0 R", mask)
	}
	return w.addStream(dict+" /Filter /FlateDecode"+predictor(img.colours, img.bpc, img.w), img.data, false)
}
