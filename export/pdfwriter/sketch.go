package pdfwriter

import "bytes"

// A sketch is a document that is never written: a page's body is drawn on
// it only to be recorded (Record), and replayed on the document being
// written, in order (Page.Replay). It lets the many pages of a book be
// drawn in parallel, each worker on a sketch of its own, while everything
// that depends on the order of the pages (glyph codes, resource names,
// structure elements, marked-content identifiers, fonts' registration) is
// done by the replay, in order, exactly as drawing the page there would.
//
// A sketch's pages are not kept, and its recordings keep their bodies
// uncompressed: their glyph codes are the sketch's, so replaying them
// fills every hole anyway, and the page's content is compressed once, as
// the document's.

// NewSketch returns an empty sketch. Fonts are added to it as to any
// document; it is not safe for concurrent use.
func NewSketch() *Document {
	d := New(Info{})
	d.sketch = true
	return d
}

// sketchBodies are the bodies of replayed sketches, for the next pages
// sketched to draw into (Replay gives them back): a few dozen are in
// flight at a time (the pages of the articles laid out ahead).
var sketchBodies = make(chan []byte, 16)

// sketchSlices are a replayed sketch's slices, as sketchBodies.
var sketchSlices = make(chan *recSlices, 16)

// releaseSketch gives a replayed sketch's body and slices back.
func (r *Recording) releaseSketch() {
	select {
	case sketchBodies <- r.body:
	default:
	}
	select {
	case sketchSlices <- &recSlices{keys: clearAll(r.Keys), ops: clearAll(r.ops), rects: r.rects[:0], holes: r.holes[:0]}:
	default:
	}
	r.body, r.raw, r.Keys, r.ops, r.rects, r.holes = nil, false, nil, nil, nil, nil
}

// SketchPage starts a page of the sketch whose body is recorded, as
// Record(known) does: a page of no document's page list.
func (d *Document) SketchPage(width, height float64, known []*StructElem) *Page {
	p := &Page{doc: d, width: width, height: height, fonts: map[*fontInstance]bool{}, images: map[*Image]bool{}}
	// The pages of one article share their known elements: numbered once.
	if len(known) != len(d.sketchKnown) || len(known) > 0 && &known[0] != &d.sketchKnown[0] {
		d.sketchKnown = known
		d.sketchIDs = make(map[*StructElem]int, len(known))
		for i, e := range known {
			d.sketchIDs[e] = i
		}
	}
	p.record(known, d.sketchIDs)
	select {
	case sl := <-sketchSlices:
		r := p.rec
		r.Keys, r.ops, r.rects, r.holes = sl.keys, sl.ops, sl.rects, sl.holes
	default:
	}
	var b []byte
	select {
	case b = <-sketchBodies:
	default:
	}
	if cap(b) < d.sketchSize {
		b = make([]byte, 0, d.sketchSize) // about the last page's: the body is not copied as it grows
	}
	p.content = *bytes.NewBuffer(b[:0])
	return p
}

// Sketched ends a page SketchPage started and returns its recording, its
// body uncompressed; nil when it cannot be replayed (it drew an image, or
// into an element it was not given).
func (p *Page) Sketched() *Recording {
	r := p.rec
	p.stopRecording()
	p.closed, p.rec = true, nil
	if r == nil || r.bad {
		return nil
	}
	r.body, r.n, r.raw = p.content.Bytes(), p.content.Len(), true
	p.doc.sketchSize = r.n + r.n/4
	r.page, r.knownIDs, r.ids = nil, nil, nil
	p.content = bytes.Buffer{}
	if r.body == nil {
		r.body = []byte{}
	}
	return r
}

// FreshStructure gives the sketch a new structure tree, forgetting the
// last (a sketch draws one article after another: their elements need not
// be kept), and returns its root.
func (d *Document) FreshStructure() *StructElem {
	d.tree, d.sketchKnown, d.sketchIDs = nil, nil, nil
	return d.Structure()
}

// Rebind replaces each recorded glyph's font by font(it): a sketch's fonts
// by the document's the recording is to be replayed on. False, leaving
// the recording unusable, when font returns nil.
func (r *Recording) Rebind(font func(*Font) *Font) bool {
	for i := range r.Keys {
		f := font(r.Keys[i].Font)
		if f == nil {
			r.bad = true
			return false
		}
		r.Keys[i].Font = f
	}
	return true
}

// ForgetSketches drops what replaying sketches kept (the codes their
// glyphs came to), once none is left to replay.
func (d *Document) ForgetSketches() { d.sketchCodes = nil }
