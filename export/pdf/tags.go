package pdf

import (
	"crypto/sha256"
	"strconv"
	"strings"

	"github.com/warraq/warraq/export/pdfwriter"
	"github.com/warraq/warraq/export/text"
)

// The PDF is tagged (PDF/UA-1): every line, image and path the layout
// draws belongs to an element of the structure tree, or is an artifact.
//
// Articles are laid out in parallel, so the layout cannot build the
// writer's tree as it goes: each block records a snode (plain data, like a
// row), its drawing elements (el) point at it, and the paginator, which
// takes the articles in book order, turns an article's snodes into
// pdfwriter elements (attach) before drawing its pages. The tree is thus in
// document order whatever page a footnote or a floated figure lands on. An
// el with no snode is an artifact: rules, tints, the task box, kashida is
// drawn inside its line's tag, since the line's text stands for it.

// snode is a structure element as the layout records it.
type snode struct {
	kind  string // a PDF standard structure type: Sect, H2, P, LI, TD...
	alt   string
	lang  string
	id    string
	scope string // a table header cell's /Scope
	kids  []*snode
	elem  *pdfwriter.StructElem // once attached
}

// add appends a child of the given kind; on a nil node (a builder made for
// a single block, as tests do) it returns a node of no tree.
func (n *snode) add(kind string) *snode {
	k := &snode{kind: kind}
	if n != nil {
		n.kids = append(n.kids, k)
	}
	return k
}

// attach makes n and its descendants elements under parent, in order.
func attach(n *snode, parent *pdfwriter.StructElem) {
	e := parent.Add(n.kind)
	n.elem = e
	if n.alt != "" {
		e.SetAlt(n.alt)
	}
	if n.lang != "" {
		e.SetLang(n.lang)
	}
	if n.scope != "" {
		e.SetScope(n.scope)
	}
	if n.id != "" {
		e.SetID(n.id)
	}
	if n.kind == "TD" || n.kind == "TH" {
		e.KeepEmpty() // an empty cell still takes its place in the row
	}
	for _, k := range n.kids {
		attach(k, e)
	}
}

// headingTag is the structure type of a heading of the given level under
// the article's title (H1, or H2 when the book has parts).
func headingTag(level, base int) string {
	return "H" + strconv.Itoa(min(max(level+base-1, 1), 6))
}

// open starts a block element of the given kind in the current container
// and makes it the one lines are tagged with.
func (bd *builder) open(kind string) *snode {
	bd.leaf = bd.cur.add(kind)
	return bd.leaf
}

// within runs f with a new container of the given kind (a list, a
// quotation) as the current one.
func (bd *builder) within(kind string, f func(n *snode)) {
	outer, leaf := bd.cur, bd.leaf
	bd.cur = outer.add(kind)
	f(bd.cur)
	bd.cur, bd.leaf = outer, leaf
}

// leafTag is the element the lines being added belong to: the open block,
// or a new paragraph when no block opened one.
func (bd *builder) leafTag() *snode {
	if bd.leaf == nil {
		bd.open("P")
	}
	return bd.leaf
}

// tagged draws what f draws on pg as the content of n, or as an artifact of
// kind art when n is nil.
func (em *emitter) tagged(pg *pdfwriter.Page, n *snode, art string, f func()) {
	var e *pdfwriter.StructElem
	if n != nil {
		e = n.elem
	}
	em.mark(pg, e, art, f)
}

// mark draws what f draws on pg as the content of e, or as an artifact of
// kind art when e is nil. Links drawn meanwhile become Link elements in e.
func (em *emitter) mark(pg *pdfwriter.Page, e *pdfwriter.StructElem, art string, f func()) {
	if e != nil {
		pg.Tag(e)
	} else {
		pg.Artifact(art)
	}
	outer := em.cur
	em.cur = e
	f()
	em.cur = outer
	pg.EndMarked()
}

// asArtifact returns a copy of r whose drawing is all artifact: a table's
// header row repeated on a new page.
func asArtifact(r *row) *row {
	c := *r
	c.els = append([]el(nil), r.els...)
	for i := range c.els {
		c.els[i].tag = nil
	}
	c.at = textAt{} // nor does a page begin there
	c.artifact = true
	if r.keyed == 1 { // what it draws differs from r's by its tags alone
		c.key = sha256.Sum256(append(r.key[:], "artifact"...))
	}
	return &c
}

// runElems makes the elements of l's runs that are not their line's: a
// Link for a linked run, a Reference for a note's number, children of the
// element being drawn (none outside one).
func (em *emitter) runElems(l *text.Line) map[*text.Run]*pdfwriter.StructElem {
	if em.cur == nil {
		return nil
	}
	var out map[*text.Run]*pdfwriter.StructElem
	for i := range l.Runs {
		r := &l.Runs[i]
		kind := ""
		switch {
		case len(r.Style.Link) >= 2:
			kind = "Link"
		case r.Style.Tag > 0:
			kind = "Reference"
		}
		if kind == "" || len(r.Glyphs) == 0 {
			continue
		}
		if out == nil {
			out = map[*text.Run]*pdfwriter.StructElem{}
		}
		out[r] = em.cur.Add(kind)
	}
	return out
}

// runText is the text a run's glyphs stand for, in reading order: a link's
// description (/Contents).
func runText(r *text.Run) string {
	var b strings.Builder
	for i := range r.Glyphs {
		k := i
		if r.RTL {
			k = len(r.Glyphs) - 1 - i
		}
		b.WriteString(r.Glyphs[k].Text)
	}
	return strings.TrimSpace(b.String())
}
