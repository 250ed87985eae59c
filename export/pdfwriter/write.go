package pdfwriter

import (
	"bufio"
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
)

// objWriter numbers and collects the indirect objects of the file.
type objWriter struct {
	objs     [][]byte // by object number - 1
	content  deflater // page content streams
	resource deflater // everything else

	packed map[int]bool // objects to write in object streams (objstream.go)
}

// reserve allocates an object number whose body is set later.
func (w *objWriter) reserve() int {
	w.objs = append(w.objs, nil)
	return len(w.objs)
}

func (w *objWriter) set(n int, body string) { w.objs[n-1] = []byte(body) }

func (w *objWriter) add(body string) int {
	n := w.reserve()
	w.set(n, body)
	return n
}

// stream returns a stream object's body; dict holds the extra entries.
// Compressed streams use the resource level; see contentStream.
func (w *objWriter) stream(dict string, data []byte, compress bool) string {
	return w.streamWith(&w.resource, dict, data, compress)
}

// contentStream is stream for page content, at the fast level.
func (w *objWriter) contentStream(data []byte) string {
	return w.streamWith(&w.content, "", data, true)
}

func (w *objWriter) streamWith(z *deflater, dict string, data []byte, compress bool) string {
	filter := ""
	if compress {
		data = z.deflate(data)
		filter = " /Filter /FlateDecode"
	}
	if dict != "" {
		dict = " " + dict
	}
	return "<<" + dict + filter + " /Length " + strconv.Itoa(len(data)) + " >>\nstream\n" + string(data) + "\nendstream"
}

// Write writes the document as PDF 1.7. The same calls give the same bytes:
// object order follows the calls, maps are sorted, no clock is read and the
// file /ID is a hash of the content.
func (d *Document) Write(out io.Writer) error {
	if len(d.pages) == 0 {
		return fmt.Errorf("pdfwriter: document has no pages")
	}
	w := &objWriter{content: deflater{level: contentLevel}, resource: deflater{level: resourceLevel}}
	catalog := w.reserve()
	pagesRef := w.reserve()

	fontRefs := map[*fontInstance]int{}
	for _, f := range d.fonts {
		if len(f.instances) > 0 {
			w.writeFont(f, fontRefs)
		}
	}
	imgRefs := map[*Image]int{}
	for _, img := range d.images {
		imgRefs[img] = w.writeImage(img)
	}

	pageRefs := make([]int, len(d.pages))
	for i := range d.pages {
		pageRefs[i] = w.reserve()
	}
	destArray := func(name string) (string, bool) {
		ds, ok := d.dests[name]
		if !ok {
			return "", false
		}
		return fmt.Sprintf("[%d 0 R /XYZ null %s null]", pageRefs[ds.page.index], num(ds.y)), true
	}
	for i, p := range d.pages {
		var contents int
		if p.packed != nil {
			contents = w.add(w.stream("/Filter /FlateDecode", p.packed, false)) // what contentStream makes of the content
		} else {
			contents = w.add(w.contentStream(p.content.Bytes()))
		}
		var res strings.Builder
		res.WriteString("<< /ProcSet [/PDF /Text /ImageB /ImageC]")
		if len(p.fonts) > 0 {
			res.WriteString(" /Font <<")
			for _, in := range sortedInstances(p.fonts) {
				fmt.Fprintf(&res, " /%s %d 0 R", in.res, fontRefs[in])
			}
			res.WriteString(" >>")
		}
		if len(p.images) > 0 {
			res.WriteString(" /XObject <<")
			imgs := make([]*Image, 0, len(p.images))
			for img := range p.images {
				imgs = append(imgs, img)
			}
			sort.Slice(imgs, func(a, b int) bool { return imgs[a].res < imgs[b].res })
			for _, img := range imgs {
				fmt.Fprintf(&res, " /%s %d 0 R", img.res, imgRefs[img])
			}
			res.WriteString(" >>")
		}
		res.WriteString(" >>")
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
			pagesRef, num(p.width), num(p.height), res.String(), contents)
		if len(annots) > 0 {
			body += " /Annots [" + strings.Join(annots, " ") + "]"
		}
		body += d.pageStruct(p)
		w.set(pageRefs[i], body+" >>")
	}
	kids := make([]string, len(pageRefs))
	for i, r := range pageRefs {
		kids[i] = strconv.Itoa(r) + " 0 R"
	}
	w.set(pagesRef, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(pageRefs)))

	var cat strings.Builder
	fmt.Fprintf(&cat, "<< /Type /Catalog /Pages %d 0 R", pagesRef)
	meta := w.add(w.stream("/Type /Metadata /Subtype /XML", d.xmp(), false))
	fmt.Fprintf(&cat, " /Metadata %d 0 R", meta)
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
			arr, _ := destArray(n)
			cat.WriteString(" " + name(n) + " " + arr)
		}
		cat.WriteString(" >>")
	}
	if len(d.outlines) > 0 {
		root := w.reserve()
		first, last, count := w.writeOutlines(d.outlines, root, d.dests)
		w.set(root, fmt.Sprintf("<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>", first, last, count))
		fmt.Fprintf(&cat, " /Outlines %d 0 R /PageMode /UseOutlines", root)
	}
	cat.WriteString(d.writeStructure(w, pageRefs) + " >>")
	w.set(catalog, cat.String())
	info := w.add(d.infoDict())

	return w.finish(out, catalog, info)
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

// finish writes header, objects, cross-reference table and trailer.
func (w *objWriter) finish(out io.Writer, catalog, info int) error {
	if len(w.packed) > 0 {
		return w.finishPacked(out, catalog, info)
	}
	bw := bufio.NewWriter(out)
	var pos int
	put := func(s string) {
		n, _ := bw.WriteString(s)
		pos += n
	}
	// The binary comment tells transfer tools the file is binary.
	put("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(w.objs))
	h := md5.New()
	for i, body := range w.objs {
		offsets[i] = pos
		put(strconv.Itoa(i+1) + " 0 obj\n")
		n, _ := bw.Write(body)
		pos += n
		put("\nendobj\n")
		h.Write(body)
	}
	xref := pos
	put(fmt.Sprintf("xref\n0 %d\n0000000000 65535 f \n", len(w.objs)+1))
	for _, o := range offsets {
		put(fmt.Sprintf("%010d 00000 n \n", o))
	}
	// The /ID is derived from the content, never from the clock, so the
	// same book gives the same bytes.
	id := hex.EncodeToString(h.Sum(nil))
	put(fmt.Sprintf("trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n",
		len(w.objs)+1, catalog, info, id, id, xref))
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("pdfwriter: write: %w", err)
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

// writeImage writes an image XObject (and its soft mask) and returns its
// object number.
func (w *objWriter) writeImage(img *Image) int {
	dict := fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent %d",
		img.w, img.h, img.colorSpace, img.bpc)
	if img.dct {
		if img.decode != "" {
			dict += " /Decode " + img.decode
		}
		return w.add(w.stream(dict+" /Filter /DCTDecode", img.data, false))
	}
	// PNG samples were compressed when the image was added (decodePNG).
	if img.alpha != nil {
		mask := w.add(w.stream(fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode",
			img.w, img.h), img.alpha, false))
		dict += fmt.Sprintf(" /SMask %d 0 R", mask)
	}
	return w.add(w.stream(dict+" /Filter /FlateDecode", img.data, false))
}
