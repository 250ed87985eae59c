package pdfwriter

import (
	"fmt"
	"strconv"

	"github.com/warraq/warraq/internal/cache/wire"
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
// nothing was drawn into is left out of the file. A finished element (an
// article) is closed (Close): kept encoded until the end, not as objects
// (structure_closed.go).

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
	closed bool   // Close was called on it or an ancestor: kept encoded (structure_closed.go)
	id     string // /ID, in the tree's IDTree
	num    int32  // its number in the tree: 1 for the root, then in the order added
}

// structKid is one child of an element, in reading order: an element, a
// closed element (its subtree encoded), or a run of marked-content
// sequences on a page. Link annotations, the other kind of child, are
// added when the page dictionaries are written, after all the rest
// (structTree.annots).
type structKid struct {
	elem *StructElem
	// closed is the closed subtree's index in structTree.closed + 1 (0:
	// none).
	closed int32
	// page is the page's index + 1 for marked content (0: none), mcid the
	// first identifier there and n how many follow it in a row (each a
	// child of its own in the file). A book has millions of identifiers,
	// most given to the element before in a row (a paragraph's tag and the
	// spans of its lines): kept one each, they were 75 MB at 1,000 articles.
	page, mcid, n int32
}

// mcidRun is n marked-content identifiers in a row belonging to one
// element (by its number): a page's ParentTree entries, run-length encoded.
type mcidRun struct {
	elem, n int32
}

// structTree is the document's structure: its root and the next number
// tree key (StructParents of pages, StructParent of annotations), given out
// in the order pages and annotations are written.
type structTree struct {
	doc     *Document
	root    *StructElem
	nextKey int
	rec     *Recording // the page body being recorded (record.go), if any
	nums    []parentEntry

	// parents holds each element's parent's number, by number (the root's
	// is 0): what a link's annotation needs to give its ancestors content.
	parents []int32
	// closed are the subtrees Close encoded, and types the structure types
	// they name by index (structure_closed.go).
	closed  []closedTree
	types   []string
	typeNum map[string]int
	enc     wire.Writer // Close's scratch
	// annots are the link annotations of each element (by number), in the
	// order the page dictionaries were written: the last of its children.
	annots map[int32][]annotKid
	// refs is each element's object number while writing (0: left out).
	refs []int32
}

// annotKid is a link annotation child of an element: the page it is on
// (its index) and its object number.
type annotKid struct{ page, ref int32 }

// parentEntry is one ParentTree entry: for a page, the element of each
// MCID; for an annotation, its Link element (by number).
type parentEntry struct {
	key   int
	elems []mcidRun // a page's, by MCID
	elem  int32     // an annotation's
}

// Structure returns the root (Document) element of the structure tree,
// making the document a tagged PDF.
func (d *Document) Structure() *StructElem {
	if d.tree == nil {
		d.tree = &structTree{doc: d, parents: []int32{0, 0}, typeNum: map[string]int{}, annots: map[int32][]annotKid{}}
		d.tree.root = &StructElem{tree: d.tree, typ: "Document", num: 1}
	}
	return d.tree.root
}

// Tagged reports whether the document is a tagged PDF.
func (d *Document) Tagged() bool { return d.tree != nil }

// Add appends a child element of type typ (a PDF standard structure type:
// "Sect", "H1", "P", "L", "LI", "Table", "TD", "Figure", "Link"...).
func (e *StructElem) Add(typ string) *StructElem {
	if !e.usable() {
		return &StructElem{typ: typ} // of no tree: what is drawn into it is an artifact
	}
	t := e.tree
	k := &StructElem{tree: t, typ: typ, parent: e, num: int32(len(t.parents))}
	t.parents = append(t.parents, e.num)
	e.kids = append(e.kids, structKid{elem: k})
	if t.rec != nil && t.rec.page != nil && t.rec.page.recording() != nil {
		t.rec.add(e, typ, k)
	}
	return k
}

// usable reports whether e belongs to a tree and may still change; using
// an element after Close is a mistake of the caller, which Finish reports.
func (e *StructElem) usable() bool { return e.tree != nil && !e.usedClosed() }

// usedClosed reports whether e is closed, recording the mistake if it is.
func (e *StructElem) usedClosed() bool {
	if !e.closed {
		return false
	}
	if d := e.tree.doc; d.err == nil {
		d.err = fmt.Errorf("pdfwriter: structure element %s used after it was closed", e.typ)
	}
	return true
}

// Type returns the element's structure type.
func (e *StructElem) Type() string { return e.typ }

// SetAlt sets the alternate description (/Alt): a figure's alt text.
func (e *StructElem) SetAlt(s string) {
	if !e.usedClosed() {
		e.alt = s
	}
}

// SetLang sets the element's natural language (/Lang), where it differs
// from its parent's.
func (e *StructElem) SetLang(s string) {
	if !e.usedClosed() {
		e.lang = s
	}
}

// SetID gives the element an identifier, unique in the document (PDF/UA
// asks one of every Note).
func (e *StructElem) SetID(id string) {
	if !e.usedClosed() {
		e.id = id
	}
}

// KeepEmpty writes the element even if nothing is drawn into it (an empty
// table cell, which keeps the table regular).
func (e *StructElem) KeepEmpty() {
	if !e.usedClosed() {
		e.keep = true
	}
}

// SetActualText sets the text the element's content stands for.
func (e *StructElem) SetActualText(s string) {
	if !e.usedClosed() {
		e.actual = s
	}
}

// SetScope sets a table header cell's /Scope: "Column", "Row" or "Both".
func (e *StructElem) SetScope(s string) {
	if !e.usedClosed() {
		e.attrs = "/O /Table /Scope /" + s
	}
}

// Tag starts a marked-content sequence on the page belonging to e: what is
// drawn until EndMarked is e's content. Tags do not nest; a nil e starts an
// artifact instead.
func (p *Page) Tag(e *StructElem) {
	if e == nil || e.tree == nil || p.doc.tree != e.tree || e.usedClosed() {
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
	b = appendInt(b, int(p.giveMCID(e)))
	return append(b, ' ')
}

// appendSpanOpen appends "/Span <<" and the nested identifier, if any, to
// b: what every span of ShowGlyphs starts with.
func (p *Page) appendSpanOpen(b []byte) []byte {
	return p.appendNestedMCID(append(b, "/Span <<"...))
}

// giveMCID gives element e the page's next marked-content identifier,
// kept in runs on both sides: the page's identifiers of one element in a
// row, and the element's identifiers on one page in a row.
func (p *Page) giveMCID(e *StructElem) int32 {
	mcid := int32(p.nextMCID)
	p.nextMCID++
	// A sketch's elements are not written: the replay gives the
	// document's theirs.
	if p.doc.sketch || e.usedClosed() { // closed while its tag was open: Finish reports it
		return mcid
	}
	if r := len(p.mcids) - 1; r >= 0 && p.mcids[r].elem == e.num {
		p.mcids[r].n++
	} else {
		p.mcids = append(p.mcids, mcidRun{elem: e.num, n: 1})
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
		e.out = append(e.out, "EMC\n"...)
		e.span, p.inner = textSpan{}, nil
		e.bound = true
	}
	if s == (textSpan{}) {
		return
	}
	if s.elem != nil && s.elem.tree == p.doc.tree && !s.elem.usedClosed() {
		p.inner = s.elem
	}
	e.out = p.appendSpanOpen(e.out)
	if s.lang != "" {
		e.out = append(e.out, "/Lang "...)
		e.out = append(e.out, textString(s.lang)...)
	}
	e.out = append(e.out, ">> BDC\n"...)
	e.span = s
	e.bound = true
}

// appendEmptySpan appends an empty marked-content sequence, the boundary
// pdf.js needs (text.go): with an identifier inside a tag (see nestedMCID).
func (p *Page) appendEmptySpan(b []byte) []byte {
	if p.open == nil {
		return append(b, "/Span BMC EMC\n"...)
	}
	return append(p.appendSpanOpen(b), ">> BDC EMC\n"...)
}

// appendSpan opens a plain marked-content sequence for ShowGlyphs: /Span
// BMC, or with an identifier inside a tag (see nestedMCID).
func (p *Page) appendSpan(b []byte) []byte {
	if p.open == nil {
		return append(b, "/Span BMC\n"...)
	}
	return append(p.appendSpanOpen(b), ">> BDC\n"...)
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
	if len(p.links) == 0 || e == nil || e.tree != p.doc.tree || e.usedClosed() {
		return
	}
	if contents == "" {
		contents = p.links[len(p.links)-1].uri // a description is required
	}
	l := &p.links[len(p.links)-1]
	l.elem, l.contents, l.page = e.num, contents, p.index
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
	if t == nil || l.elem == 0 {
		return ""
	}
	t.annots[l.elem] = append(t.annots[l.elem], annotKid{page: int32(l.page), ref: int32(ref)})
	t.nums = append(t.nums, parentEntry{key: t.nextKey, elem: l.elem})
	s := " /StructParent " + strconv.Itoa(t.nextKey) + " /Contents " + textString(l.contents)
	t.nextKey++
	return s
}

// pdfuaXMP claims PDF/UA-1 in the XMP metadata (ISO 14289-1, 5).
const pdfuaXMP = "<rdf:Description rdf:about=\"\" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n<pdfuaid:part>1</pdfuaid:part>\n</rdf:Description>\n"
