package pdfwriter

import (
	"bytes"
	"sort"
	"strconv"

	"github.com/warraq/warraq/internal/cache/wire"
)

// Closed elements. A book's structure tree has some 65 elements an
// article, and kept as objects until the file was written (an element
// 150 bytes and more, with its children's slice: 13 KB an article,
// BenchmarkStructureHeld) it was the largest part of a long book's memory
// that grew with the book: 22 MB at 1,800 generated articles, of a live
// heap of about 100 MB. Nothing of an
// article's elements changes once its last page is drawn, but for the
// link annotations (written with the page dictionaries, at the end) and
// the object numbers (given out at the end, in reading order, to the
// elements with content). So Close encodes a finished subtree into a few
// bytes an element (varints in internal/cache/wire's fields, the
// structure types by index) and the objects go; the annotations are kept
// apart, by element number, and object numbers in a table by element
// number, made at the end. The file is written from the encoded form, the
// same bytes as from the objects.
//
// An element's record, in reading order (each child element's record
// follows its parent's, in the order of the children):
//
//	number, type index, flags (one byte), the strings flags name
//	(alt, actual text, lang, attributes, ID), the count of children,
//	then each child: number<<2 (an element), page<<2|1 mcid n (marked
//	content), index<<2|2 (a closed subtree, encoded apart)
//
// Flags: keep, content (the element or a descendant has marked content
// or is kept; annotations aside, as they come later), and which strings
// follow.

// closedTree is a subtree Close encoded.
type closedTree struct {
	data    []byte
	root    int32 // its element's number
	content bool  // whether it is written, annotations aside
}

const (
	kidElem = iota
	kidMarked
	kidClosed
)

const (
	flagKeep = 1 << iota
	flagContent
	flagAlt
	flagActual
	flagLang
	flagAttrs
	flagID
)

// Close ends e: nothing more is added to e or its descendants, set on them
// or drawn into them (the pages that hold their content may stay open;
// their link annotations come later, as for any element). The document
// then keeps them encoded, some 12 bytes an element, until it writes
// them: a book's tree takes the memory of the article being drawn, not
// of the book. Using one of them afterwards is an error Finish reports.
// Closing the root, or an element closed already, does nothing.
func (e *StructElem) Close() {
	t := e.tree
	if t == nil || e.closed || e.parent == nil {
		return
	}
	p := e.parent
	i := t.close(e)
	for k := len(p.kids) - 1; k >= 0; k-- {
		if p.kids[k].elem == e {
			p.kids[k] = structKid{closed: int32(i) + 1}
			break
		}
	}
}

// close encodes e's subtree as a closed tree, marks its elements closed
// and drops what they held; it returns the tree's index.
func (t *structTree) close(e *StructElem) int {
	t.enc.Reset()
	content := t.encode(e)
	t.closed = append(t.closed, closedTree{data: bytes.Clone(t.enc.Data()), root: e.num, content: content})
	return len(t.closed) - 1
}

// encode appends e's record and its descendants' to t.enc and reports
// whether e has content (annotations aside).
func (t *structTree) encode(e *StructElem) bool {
	w := &t.enc
	w.Uint(uint64(e.num))
	ti, ok := t.typeNum[e.typ]
	if !ok {
		ti = len(t.types)
		t.typeNum[e.typ] = ti
		t.types = append(t.types, e.typ)
	}
	w.Uint(uint64(ti))
	flags := 0
	if e.keep {
		flags |= flagKeep
	}
	for _, s := range []struct {
		v    string
		flag int
	}{{e.alt, flagAlt}, {e.actual, flagActual}, {e.lang, flagLang}, {e.attrs, flagAttrs}, {e.id, flagID}} {
		if s.v != "" {
			flags |= s.flag
		}
	}
	at := w.Len()
	w.Uint(uint64(flags)) // one byte (below 128): content is set in it below
	for _, s := range []string{e.alt, e.actual, e.lang, e.attrs, e.id} {
		if s != "" {
			w.Str(s)
		}
	}
	w.Uint(uint64(len(e.kids)))
	content := e.keep
	for _, k := range e.kids {
		switch {
		case k.elem != nil:
			w.Uint(uint64(k.elem.num) << 2)
		case k.closed > 0:
			w.Uint(uint64(k.closed-1)<<2 | kidClosed)
			content = content || t.closed[k.closed-1].content
		default:
			w.Uint(uint64(k.page)<<2 | kidMarked)
			w.Uint(uint64(k.mcid))
			w.Uint(uint64(k.n))
			content = true
		}
	}
	for _, k := range e.kids {
		if k.elem != nil {
			content = t.encode(k.elem) || content
		}
	}
	if content {
		w.Data()[at] |= flagContent
	}
	*e = StructElem{tree: t, typ: e.typ, num: e.num, closed: true}
	return content
}

// elemRec is an element decoded from its closed tree, or (closed > 0) the
// place of a closed subtree among its parent's descendants.
type elemRec struct {
	num, parent int32
	closed      int32 // the closed subtree's index + 1
	flags       uint8
	typ         string
	alt, actual string
	lang, attrs string
	id          string
	kids        []kidRec
	k0, k1      int // kids' bounds in the decoding frame's kids
}

// kidRec is a child: an element or a closed subtree (a is its number or
// index), or marked content (page index + 1, first MCID, count).
type kidRec struct {
	kind    uint8
	a, b, c int32
}

// structWalk reads the closed trees in reading order, one element at a
// time (next), decoding a closed tree when it comes to it: a frame per
// closed tree open, reused.
type structWalk struct {
	t      *structTree
	frames []walkFrame
	depth  int
}

type walkFrame struct {
	recs []elemRec
	kids []kidRec
	pos  int
}

// walk starts a walk from the closed tree i (the root's, at the end).
func (t *structTree) walk(i int) *structWalk {
	wk := &structWalk{t: t}
	wk.push(i, 0)
	return wk
}

func (wk *structWalk) push(i int, parent int32) {
	if wk.depth == len(wk.frames) {
		wk.frames = append(wk.frames, walkFrame{})
	}
	f := &wk.frames[wk.depth]
	wk.depth++
	f.recs, f.kids, f.pos = f.recs[:0], f.kids[:0], 0
	r := wire.NewReader(wk.t.closed[i].data)
	wk.t.decode(&r, parent, f)
	for k := range f.recs {
		f.recs[k].kids = f.kids[f.recs[k].k0:f.recs[k].k1]
	}
}

// decode reads an element's record and its descendants' into f, in
// reading order.
func (t *structTree) decode(r *wire.Reader, parent int32, f *walkFrame) {
	e := elemRec{num: int32(r.Uint()), parent: parent}
	e.typ = t.types[r.Index(len(t.types))]
	e.flags = uint8(r.Uint())
	for _, s := range []struct {
		p    *string
		flag uint8
	}{{&e.alt, flagAlt}, {&e.actual, flagActual}, {&e.lang, flagLang}, {&e.attrs, flagAttrs}, {&e.id, flagID}} {
		if e.flags&s.flag != 0 {
			*s.p = r.Str()
		}
	}
	n := r.Count()
	e.k0 = len(f.kids)
	for range n {
		v := r.Uint()
		k := kidRec{kind: uint8(v & 3), a: int32(v >> 2)}
		if k.kind == kidMarked {
			k.b, k.c = int32(r.Uint()), int32(r.Uint())
		}
		f.kids = append(f.kids, k)
	}
	e.k1 = len(f.kids)
	f.recs = append(f.recs, e)
	for k := e.k0; k < e.k1; k++ {
		switch kid := f.kids[k]; kid.kind {
		case kidElem:
			t.decode(r, e.num, f)
		case kidClosed:
			f.recs = append(f.recs, elemRec{closed: kid.a + 1, parent: e.num})
		}
	}
}

// next returns the next element in reading order, or nil at the end; it
// is valid until the next call. A closed subtree with no content is passed
// over (refs marks those that have it through an annotation).
func (wk *structWalk) next() *elemRec {
	t := wk.t
	for wk.depth > 0 {
		f := &wk.frames[wk.depth-1]
		if f.pos == len(f.recs) {
			wk.depth--
			continue
		}
		e := &f.recs[f.pos]
		f.pos++
		if e.closed == 0 {
			return e
		}
		if c := &t.closed[e.closed-1]; c.content || t.refs[c.root] != 0 {
			wk.push(int(e.closed-1), e.parent)
		}
	}
	return nil
}

// written reports whether e is written: it has content (or a descendant
// has), or a link annotation is among its descendants' or its own.
func (e *elemRec) written(t *structTree) bool {
	return e.flags&flagContent != 0 || t.refs[e.num] != 0
}

// writeStructure writes the structure tree once every page and annotation
// is written and returns the catalog's entries.
func (d *Document) writeStructure(w *objWriter) string {
	t := d.tree
	if t == nil {
		return " /MarkInfo << /Marked false >>"
	}
	rootRef := w.reserve()
	rootTree := t.close(t.root)
	// An element whose descendant has a link annotation has content: -1
	// marks it until it is numbered.
	t.refs = make([]int32, len(t.parents))
	for n := range t.annots {
		for m := n; m != 0 && t.refs[m] == 0; m = t.parents[m] {
			t.refs[m] = -1
		}
	}
	// Object numbers in reading order, for the elements written.
	type named struct {
		id  string
		ref int32
	}
	var ids []named
	count := 0
	for wk, e := t.walk(rootTree), (*elemRec)(nil); ; {
		if e = wk.next(); e == nil {
			break
		}
		if !e.written(t) {
			continue
		}
		t.refs[e.num] = int32(w.reserve())
		count++
		if e.id != "" {
			ids = append(ids, named{e.id, t.refs[e.num]})
		}
	}
	t.refs[0] = int32(rootRef) // the root element's parent
	kids := ""
	if count > 0 {
		kids = strconv.Itoa(int(t.refs[t.root.num])) + " 0 R"
		w.setPackedRun(rootRef+1, count, func() func(bodyWriter) {
			wk := t.walk(rootTree)
			var buf []byte // the walk's: a walk is written on one goroutine
			return func(b bodyWriter) {
				e := wk.next()
				for !e.written(t) {
					e = wk.next()
				}
				buf = t.appendElemBody(buf[:0], e, d.pages)
				b.Write(buf)
			}
		})
	}
	parents := w.reserve()
	w.setPackedFunc(parents, t.parentTree)
	idTree := ""
	if len(ids) > 0 {
		sort.Slice(ids, func(a, b int) bool { return ids[a].id < ids[b].id })
		var b bytes.Buffer
		b.WriteString(" /IDTree << /Names [")
		for i, n := range ids {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(literal(n.id) + " " + strconv.Itoa(int(n.ref)) + " 0 R")
		}
		b.WriteString("] >>")
		idTree = b.String()
	}
	w.setPacked(rootRef, "<< /Type /StructTreeRoot /K ["+kids+"] /ParentTree "+strconv.Itoa(parents)+
		" 0 R /ParentTreeNextKey "+strconv.Itoa(t.nextKey)+idTree+" >>")
	return " /StructTreeRoot " + strconv.Itoa(rootRef) + " 0 R /MarkInfo << /Marked true >>"
}

// parentTree writes the ParentTree: for each page the element of each of
// its marked-content identifiers, for each annotation its element. It is
// the file's largest object (some 18 MB at 1,000 articles), so it is
// written where it goes rather than held (setPackedFunc).
func (t *structTree) parentTree(w bodyWriter) {
	// Appended to a buffer written every 32 KiB, not number by number to
	// w: it holds an entry for each marked-content sequence of the book.
	b := make([]byte, 0, 40<<10)
	b = append(b, "<< /Nums ["...)
	for _, n := range t.nums {
		if len(b) >= 32<<10 {
			w.Write(b)
			b = b[:0]
		}
		b = append(b, ' ')
		b = appendInt(b, n.key)
		b = append(b, ' ')
		if n.elems == nil {
			b = appendInt(b, int(t.refs[n.elem]))
			b = append(b, " 0 R"...)
			continue
		}
		b = append(b, '[')
		first := true
		var rb [24]byte
		for _, r := range n.elems {
			ref := append(appendInt(rb[:0], int(t.refs[r.elem])), " 0 R"...)
			for range r.n {
				if !first {
					b = append(b, ' ')
				}
				first = false
				b = append(b, ref...)
			}
		}
		b = append(b, ']')
	}
	b = append(b, " ] >>"...)
	w.Write(b)
}

// appendElemBody appends the dictionary of element e to b.
func (t *structTree) appendElemBody(b []byte, e *elemRec, pages []*Page) []byte {
	// Appended number by number, not with fmt, and written by the caller
	// at once: a tagged book's elements are written twice (for the file's
	// /ID, then into their object streams) after its last page, when
	// nothing else runs, and written piece by piece to the writer they
	// were 2% of a 1,000-article PDF's instructions.
	b = append(b, "<< /Type /StructElem /S /"...)
	b = append(b, e.typ...)
	b = append(b, " /P "...)
	b = appendInt(b, int(t.refs[e.parent]))
	b = append(b, " 0 R"...)
	pg := -1 // the element's /Pg: the page of its first marked content
	for _, k := range e.kids {
		if k.kind == kidMarked {
			pg = int(k.a) - 1
			break
		}
	}
	if pg >= 0 {
		b = append(b, " /Pg "...)
		b = appendInt(b, pages[pg].ref)
		b = append(b, " 0 R"...)
	}
	b = append(b, " /K ["...)
	for i, k := range e.kids {
		if i > 0 {
			b = append(b, ' ') // even before a child left out: the bytes as they always were
		}
		switch k.kind {
		case kidElem, kidClosed:
			n := k.a
			if k.kind == kidClosed {
				n = t.closed[k.a].root
			}
			if ref := t.refs[n]; ref != 0 {
				b = appendInt(b, int(ref))
				b = append(b, " 0 R"...)
			}
		case kidMarked:
			for m := k.b; m < k.b+k.c; m++ {
				if m > k.b {
					b = append(b, ' ')
				}
				if int(k.a)-1 == pg {
					b = appendInt(b, int(m))
				} else {
					b = append(b, "<< /Type /MCR /Pg "...)
					b = appendInt(b, pages[k.a-1].ref)
					b = append(b, " 0 R /MCID "...)
					b = appendInt(b, int(m))
					b = append(b, " >>"...)
				}
			}
		}
	}
	for i, a := range t.annots[e.num] {
		if len(e.kids)+i > 0 {
			b = append(b, ' ')
		}
		b = append(b, "<< /Type /OBJR /Pg "...)
		b = appendInt(b, pages[a.page].ref)
		b = append(b, " 0 R /Obj "...)
		b = appendInt(b, int(a.ref))
		b = append(b, " 0 R >>"...)
	}
	b = append(b, "]"...)
	if e.alt != "" {
		b = append(b, " /Alt "+textString(e.alt)...)
	}
	if e.actual != "" {
		b = append(b, " /ActualText "+textString(e.actual)...)
	}
	if e.lang != "" {
		b = append(b, " /Lang "+textString(e.lang)...)
	}
	if e.attrs != "" {
		b = append(b, " /A << "+e.attrs+" >>"...)
	}
	if e.id != "" {
		b = append(b, " /ID "+literal(e.id)...)
	}
	return append(b, " >>"...)
}
