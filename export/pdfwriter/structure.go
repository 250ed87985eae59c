package pdfwriter

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Tagged PDF (PDF/UA-1, ISO 14289-1). A document becomes tagged when its
// caller asks for the structure root (Document.Structure): from then on
// every glyph run, path and image it draws belongs either to a structure
// element (Page.Tag, with a marked-content identifier, MCID) or to an
// artifact (Page.Artifact), and Write adds the structure tree, its
// ParentTree, /MarkInfo /Marked true, /DisplayDocTitle and pdfuaid:part 1.
//
// The marked content of the structure goes AROUND what ShowGlyphs writes:
// its /Span /ActualText sequences nest inside a tag's BDC ... EMC, and the
// tag opens and closes outside BT ... ET, so nothing changes inside a text
// object and extraction by position (pdf.js, poppler, MuPDF) reads the same
// stream it read before. poppler's `pdfinfo -struct-text` reads the text
// through the tree, element by element, and honours the nested /ActualText.
//
// Elements are kept in the order they were added, which the layout makes
// the reading order; where they are drawn (a footnote at the page's foot, a
// figure floated to the next page) does not change it. An element that
// nothing was drawn into is left out of the file.

// StructElem is an element of the structure tree: a heading, a paragraph,
// a list item, a table cell, a figure. Its Type is a standard structure
// type of PDF 1.7 (14.8.4), so no role map is needed.
type StructElem struct {
	tree   *structTree
	typ    string
	parent *StructElem
	kids   []structKid
	alt    string
	lang   string
	actual string
	attrs  string // the /A attribute object's entries ("/O /Table /Scope /Column")
	keep   bool   // written even without content
	id     string // /ID, in the tree's IDTree

	ref int // object number while writing; 0 when left out
}

// structKid is one child of an element, in reading order: an element, a
// run of marked-content sequences on a page, or a link annotation (OBJR).
type structKid struct {
	elem  *StructElem
	annot *link
	// page is the page's index + 1 for marked content (0: none), mcid the
	// first identifier there and n how many follow it in a row (each a
	// child of its own in the file). A book has millions of identifiers,
	// most given to the element before in a row (a paragraph's tag and the
	// spans of its lines): kept one each, they were 75 MB at 1,000 articles.
	page, mcid, n int32
}

// mcidRun is n marked-content identifiers in a row belonging to one
// element: a page's ParentTree entries, run-length encoded.
type mcidRun struct {
	elem *StructElem
	n    int32
}

// structTree is the document's structure: its root and the next number
// tree key (StructParents of pages, StructParent of annotations), given out
// in the order pages and annotations are written.
type structTree struct {
	root    *StructElem
	nextKey int
	rec     *Recording // the page body being recorded (record.go), if any
	nums    []parentEntry
}

// parentEntry is one ParentTree entry: for a page, the element of each
// MCID; for an annotation, its Link element.
type parentEntry struct {
	key   int
	elems []mcidRun   // a page's, by MCID
	elem  *StructElem // an annotation's
}

// Structure returns the root (Document) element of the structure tree,
// making the document a tagged PDF.
func (d *Document) Structure() *StructElem {
	if d.tree == nil {
		d.tree = &structTree{}
		d.tree.root = &StructElem{tree: d.tree, typ: "Document"}
	}
	return d.tree.root
}

// Tagged reports whether the document is a tagged PDF.
func (d *Document) Tagged() bool { return d.tree != nil }

// Add appends a child element of type typ (a PDF standard structure type:
// "Sect", "H1", "P", "L", "LI", "Table", "TD", "Figure", "Link"...).
func (e *StructElem) Add(typ string) *StructElem {
	k := &StructElem{tree: e.tree, typ: typ, parent: e}
	e.kids = append(e.kids, structKid{elem: k})
	if e.tree != nil && e.tree.rec != nil && e.tree.rec.page != nil && e.tree.rec.page.recording() != nil {
		e.tree.rec.add(e, typ, k)
	}
	return k
}

// Type returns the element's structure type.
func (e *StructElem) Type() string { return e.typ }

// SetAlt sets the alternate description (/Alt): a figure's alt text.
func (e *StructElem) SetAlt(s string) { e.alt = s }

// SetLang sets the element's natural language (/Lang), where it differs
// from its parent's.
func (e *StructElem) SetLang(s string) { e.lang = s }

// SetID gives the element an identifier, unique in the document (PDF/UA
// asks one of every Note).
func (e *StructElem) SetID(id string) { e.id = id }

// KeepEmpty writes the element even if nothing is drawn into it (an empty
// table cell, which keeps the table regular).
func (e *StructElem) KeepEmpty() { e.keep = true }

// SetActualText sets the text the element's content stands for.
func (e *StructElem) SetActualText(s string) { e.actual = s }

// SetScope sets a table header cell's /Scope: "Column", "Row" or "Both".
func (e *StructElem) SetScope(s string) { e.attrs = "/O /Table /Scope /" + s }

// Tag starts a marked-content sequence on the page belonging to e: what is
// drawn until EndMarked is e's content. Tags do not nest; a nil e starts an
// artifact instead.
func (p *Page) Tag(e *StructElem) {
	if e == nil || e.tree == nil || p.doc.tree != e.tree {
		p.Artifact("")
		return
	}
	p.open = e
	p.body().WriteString("/" + e.marker() + " <<" + p.nestedMCID() + ">> BDC\n")
}

// nestedMCID gives the next marked-content identifier of the page to the
// open element and returns the property list entry naming it ("/MCID 7 "),
// or "" when no element is open.
//
// ShowGlyphs opens marked-content sequences of its own (the /ActualText
// spans and the boundaries pdf.js needs; text.go) inside a tag. Each gets
// an identifier of the open element, because poppler (22.12) ends an
// element's content at the first EMC inside it that closes a sequence
// without one: with plain /Span BMC there, `pdfinfo -struct-text` gave
// the first word of each line and 9.6% of the samples' words.
func (p *Page) nestedMCID() string {
	var b [24]byte
	return string(p.appendNestedMCID(b[:0]))
}

// appendNestedMCID is nestedMCID appending to b.
func (p *Page) appendNestedMCID(b []byte) []byte {
	e := p.open
	if p.inner != nil {
		e = p.inner
	}
	if e == nil {
		return b
	}
	if r := p.recording(); r != nil {
		r.ops = append(r.ops, recOp{kind: opMCID, elem: r.elemID(e)})
	}
	b = append(b, "/MCID "...)
	b = strconv.AppendInt(b, int64(p.giveMCID(e)), 10)
	return append(b, ' ')
}

// writeSpanOpen writes "/Span <<" and the nested identifier, if any, to
// the page's content: what every span of ShowGlyphs starts with.
func (p *Page) writeSpanOpen(b *bytes.Buffer) {
	var buf [32]byte
	b.Write(p.appendNestedMCID(append(buf[:0], "/Span <<"...)))
}

// giveMCID gives element e the page's next marked-content identifier,
// kept in runs on both sides: the page's identifiers of one element in a
// row, and the element's identifiers on one page in a row.
func (p *Page) giveMCID(e *StructElem) int32 {
	mcid := int32(p.nextMCID)
	p.nextMCID++
	if r := len(p.mcids) - 1; r >= 0 && p.mcids[r].elem == e {
		p.mcids[r].n++
	} else {
		p.mcids = append(p.mcids, mcidRun{elem: e, n: 1})
	}
	page := int32(p.index + 1)
	if k := len(e.kids) - 1; k >= 0 && e.kids[k].page == page && e.kids[k].mcid+e.kids[k].n == mcid {
		e.kids[k].n++
	} else {
		e.kids = append(e.kids, structKid{page: page, mcid: mcid, n: 1})
	}
	return mcid
}

// textSpan is what a run of glyphs inside a tag may differ in: its
// language (a Latin name inside Arabic, from the author's lang attribute)
// and its element (a link's text is its Link element's, a note reference's
// its Reference's).
type textSpan struct {
	lang string
	elem *StructElem
}

// setSpan starts the glyphs of span s: a marked-content sequence inside the
// open tag with /Lang and an identifier of the span's element (or of the
// tag's; see nestedMCID). Outside a tag it does nothing.
func (e *textEmitter) setSpan(s textSpan) {
	p := e.page
	if s == e.span || p.open == nil {
		return
	}
	e.flush()
	if e.span != (textSpan{}) {
		e.b.WriteString("EMC\n")
		e.span, p.inner = textSpan{}, nil
	}
	if s == (textSpan{}) {
		return
	}
	if s.elem != nil && s.elem.tree == p.doc.tree {
		p.inner = s.elem
	}
	props := p.nestedMCID()
	if s.lang != "" {
		props += "/Lang " + textString(s.lang)
	}
	e.b.WriteString("/Span <<" + props + ">> BDC\n")
	e.span = s
}

// writeEmptySpan writes an empty marked-content sequence, the boundary
// pdf.js needs (text.go): with an identifier inside a tag (see nestedMCID).
func (p *Page) writeEmptySpan(b *bytes.Buffer) {
	if p.open == nil {
		b.WriteString("/Span BMC EMC\n")
		return
	}
	p.writeSpanOpen(b)
	b.WriteString(">> BDC EMC\n")
}

// writeSpan opens a plain marked-content sequence for ShowGlyphs: /Span
// BMC, or with an identifier inside a tag (see nestedMCID).
func (p *Page) writeSpan(b *bytes.Buffer) {
	if p.open == nil {
		b.WriteString("/Span BMC\n")
		return
	}
	p.writeSpanOpen(b)
	b.WriteString(">> BDC\n")
}

// marker is the tag written in the content stream: the element's type, or
// Span for the grouping types that hold no content of their own.
func (e *StructElem) marker() string {
	if e.typ == "" {
		return "Span"
	}
	return e.typ
}

// Artifact starts a marked-content sequence of page furniture that is not
// part of the text (a running head, a folio, a rule, a table's ruling):
// kind is "Pagination", "Layout", "Page" or "" (none given).
func (p *Page) Artifact(kind string) {
	p.open, p.inner = nil, nil
	b := p.body()
	if kind == "" {
		b.WriteString("/Artifact BMC\n")
		return
	}
	b.WriteString("/Artifact <</Type /" + kind + ">> BDC\n")
}

// EndMarked ends the sequence Tag or Artifact started.
func (p *Page) EndMarked() {
	p.open, p.inner = nil, nil
	p.body().WriteString("EMC\n")
}

// LinkIn makes the page's most recent link annotation part of e (a Link
// element) with contents as its /Contents, the description PDF/UA asks for.
func (p *Page) LinkIn(e *StructElem, contents string) {
	if len(p.links) == 0 || e == nil || e.tree != p.doc.tree {
		return
	}
	if contents == "" {
		contents = p.links[len(p.links)-1].uri // a description is required
	}
	l := &p.links[len(p.links)-1]
	l.elem, l.contents, l.page = e, contents, p.index
	if r := p.recording(); r != nil {
		r.ops = append(r.ops, recOp{kind: opLinkIn, elem: r.elemID(e), s: contents})
	}
}

// pageStruct is what a page's dictionary gets in a tagged document:
// /StructParents when it holds tagged content, and /Tabs /S (the tab order
// follows the structure). It gives out the page's ParentTree key.
func (d *Document) pageStruct(p *Page) string {
	t := d.tree
	if t == nil {
		return ""
	}
	s := " /Tabs /S"
	if len(p.mcids) > 0 {
		t.nums = append(t.nums, parentEntry{key: t.nextKey, elems: p.mcids})
		s += " /StructParents " + strconv.Itoa(t.nextKey)
		t.nextKey++
	}
	return s
}

// annotStruct is what the link annotation l of page p gets in a tagged
// document: its /StructParent and /Contents. ref is the annotation's object
// number, for the element's OBJR.
func (d *Document) annotStruct(l *link, ref int) string {
	t := d.tree
	if t == nil || l.elem == nil {
		return ""
	}
	l.ref = ref
	l.elem.kids = append(l.elem.kids, structKid{annot: l})
	t.nums = append(t.nums, parentEntry{key: t.nextKey, elem: l.elem})
	s := " /StructParent " + strconv.Itoa(t.nextKey) + " /Contents " + textString(l.contents)
	t.nextKey++
	return s
}

// writeStructure writes the structure tree once every page and annotation
// is written and returns the catalog's entries.
func (d *Document) writeStructure(w *objWriter) string {
	t := d.tree
	if t == nil {
		return " /MarkInfo << /Marked false >>"
	}
	rootRef := w.reserve()
	number(t.root, w)
	var kids []string
	if t.root.ref != 0 {
		kids = append(kids, strconv.Itoa(t.root.ref)+" 0 R")
		writeElem(t.root, rootRef, w, d.pages)
	}
	parents := w.reserve()
	w.setPackedFunc(parents, t.parentTree)
	ids := ""
	if names := idNames(t.root); len(names) > 0 {
		ids = " /IDTree << /Names [" + strings.Join(names, " ") + "] >>"
	}
	w.setPacked(rootRef, fmt.Sprintf("<< /Type /StructTreeRoot /K [%s] /ParentTree %d 0 R /ParentTreeNextKey %d%s >>",
		strings.Join(kids, " "), parents, t.nextKey, ids))
	return fmt.Sprintf(" /StructTreeRoot %d 0 R /MarkInfo << /Marked true >>", rootRef)
}

// parentTree writes the ParentTree: for each page the element of each of
// its marked-content identifiers, for each annotation its element. It is
// the file's largest object (some 18 MB at 1,000 articles), so it is
// written where it goes rather than held (setPackedFunc).
func (t *structTree) parentTree(b bodyWriter) {
	b.WriteString("<< /Nums [")
	var num []byte
	for _, n := range t.nums {
		b.WriteByte(' ')
		b.Write(strconv.AppendInt(num[:0], int64(n.key), 10))
		b.WriteByte(' ')
		if n.elem != nil {
			b.Write(strconv.AppendInt(num[:0], int64(n.elem.ref), 10))
			b.WriteString(" 0 R")
			continue
		}
		b.WriteString("[")
		first := true
		for _, r := range n.elems {
			ref := strconv.AppendInt(num[:0], int64(r.elem.ref), 10)
			for range r.n {
				if !first {
					b.WriteByte(' ')
				}
				first = false
				b.Write(ref)
				b.WriteString(" 0 R")
			}
			num = ref
		}
		b.WriteString("]")
	}
	b.WriteString(" ] >>")
}

// number reserves object numbers, in reading order, for e and its
// descendants that have content; the others keep ref 0 and are left out.
func number(e *StructElem, w *objWriter) {
	if !hasContent(e) {
		return
	}
	e.ref = w.reserve()
	for _, k := range e.kids {
		if k.elem != nil {
			number(k.elem, w)
		}
	}
}

func hasContent(e *StructElem) bool {
	if e.keep {
		return true
	}
	for _, k := range e.kids {
		if k.page > 0 || k.annot != nil || (k.elem != nil && hasContent(k.elem)) {
			return true
		}
	}
	return false
}

// idNames is the IDTree's /Names array: each written element's ID and
// reference, sorted by ID as a name tree requires.
func idNames(root *StructElem) []string {
	type named struct {
		id  string
		ref int
	}
	var all []named
	var walk func(e *StructElem)
	walk = func(e *StructElem) {
		if e.ref == 0 {
			return
		}
		if e.id != "" {
			all = append(all, named{e.id, e.ref})
		}
		for _, k := range e.kids {
			if k.elem != nil {
				walk(k.elem)
			}
		}
	}
	walk(root)
	sort.Slice(all, func(a, b int) bool { return all[a].id < all[b].id })
	out := make([]string, len(all))
	for i, n := range all {
		out[i] = literal(n.id) + " " + strconv.Itoa(n.ref) + " 0 R"
	}
	return out
}

// writeElem writes e (numbered) and its numbered descendants; parent is
// the object number of its parent element or of the tree root.
func writeElem(e *StructElem, parent int, w *objWriter, pages []*Page) {
	w.setPackedFunc(e.ref, func(b bodyWriter) { elemBody(b, e, parent, pages) })
	for _, k := range e.kids {
		if k.elem != nil && k.elem.ref != 0 {
			writeElem(k.elem, e.ref, w, pages)
		}
	}
}

// elemBody writes the dictionary of element e.
func elemBody(b bodyWriter, e *StructElem, parent int, pages []*Page) {
	// Written number by number, not with fmt: a tagged book's elements
	// are written twice (for the /ID, then into their object streams)
	// after its last page, when nothing else runs.
	var nb [20]byte
	num := func(v int) { b.Write(strconv.AppendInt(nb[:0], int64(v), 10)) }
	b.WriteString("<< /Type /StructElem /S /")
	b.WriteString(e.typ)
	b.WriteString(" /P ")
	num(parent)
	b.WriteString(" 0 R")
	pg := -1 // the element's /Pg: the page of its first marked content
	for _, k := range e.kids {
		if k.page > 0 {
			pg = int(k.page) - 1
			break
		}
	}
	if pg >= 0 {
		b.WriteString(" /Pg ")
		num(pages[pg].ref)
		b.WriteString(" 0 R")
	}
	b.WriteString(" /K [")
	for i, k := range e.kids {
		if i > 0 {
			b.WriteByte(' ')
		}
		switch {
		case k.elem != nil:
			if k.elem.ref == 0 {
				continue
			}
			num(k.elem.ref)
			b.WriteString(" 0 R")
		case k.page > 0:
			for m := k.mcid; m < k.mcid+k.n; m++ {
				if m > k.mcid {
					b.WriteByte(' ')
				}
				if int(k.page)-1 == pg {
					num(int(m))
				} else {
					b.WriteString("<< /Type /MCR /Pg ")
					num(pages[k.page-1].ref)
					b.WriteString(" 0 R /MCID ")
					num(int(m))
					b.WriteString(" >>")
				}
			}
		case k.annot != nil:
			b.WriteString("<< /Type /OBJR /Pg ")
			num(pages[k.annot.page].ref)
			b.WriteString(" 0 R /Obj ")
			num(k.annot.ref)
			b.WriteString(" 0 R >>")
		}
	}
	b.WriteString("]")
	if e.alt != "" {
		b.WriteString(" /Alt " + textString(e.alt))
	}
	if e.actual != "" {
		b.WriteString(" /ActualText " + textString(e.actual))
	}
	if e.lang != "" {
		b.WriteString(" /Lang " + textString(e.lang))
	}
	if e.attrs != "" {
		b.WriteString(" /A << " + e.attrs + " >>")
	}
	if e.id != "" {
		b.WriteString(" /ID " + literal(e.id))
	}
	b.WriteString(" >>")
}

// pdfuaXMP claims PDF/UA-1 in the XMP metadata (ISO 14289-1, 5).
const pdfuaXMP = "<rdf:Description rdf:about=\"\" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n<pdfuaid:part>1</pdfuaid:part>\n</rdf:Description>\n"
