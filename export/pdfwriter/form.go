package pdfwriter

import (
	"bytes"
	"fmt"
	"strconv"
)

// Form is a form XObject: a drawing written once into the file and painted
// wherever DrawForm places it, as often as wanted, for some twenty bytes of
// page content each time. A row of contents leaders drawn as paths took
// some 210 bytes a dot on pages that stay open until the end of a build.
type Form struct {
	doc     *Document
	res     string     // resource name, e.g. Fm1
	ref     int        // the XObject's number, once written (by its first page)
	bbox    [4]float64 // x0 y0 x1 y1, in the form's own coordinates
	content bytes.Buffer
}

// NewForm returns an empty form whose drawing is clipped to the box from
// (x0, y0) to (x1, y1), in the form's own coordinates: its origin is the
// point DrawForm is given. Draw into it (Form.Path) before any page that
// shows it is closed: the form is written with the first such page.
func (d *Document) NewForm(x0, y0, x1, y1 float64) *Form {
	d.nforms++
	return &Form{doc: d, res: "Fm" + strconv.Itoa(d.nforms), bbox: [4]float64{x0, y0, x1, y1}}
}

// Path starts a new, empty path in the form's coordinates; Fill and Stroke
// paint it into the form.
func (f *Form) Path() *Path { return f.PathAt(0, 0) }

// PathAt starts a new, empty path in the form whose coordinates are relative
// to (x, y).
func (f *Form) PathAt(x, y float64) *Path {
	pa := f.doc.newPath(x, y)
	pa.form = f
	return pa
}

// body is the form's content stream to draw into; a form already written
// cannot change (the mistake is recorded, as drawing on a closed page is).
func (f *Form) body() *bytes.Buffer {
	if f.ref != 0 {
		if f.doc.err == nil {
			f.doc.err = fmt.Errorf("pdfwriter: drawing into form %s after it was written", f.res)
		}
		return &bytes.Buffer{}
	}
	return &f.content
}

// DrawForm paints f with its origin at (x, y) on the page.
func (p *Page) DrawForm(f *Form, x, y float64) {
	if f == nil || f.doc != p.doc {
		return
	}
	if p.forms == nil {
		p.forms = map[*Form]bool{}
	}
	p.forms[f] = true
	if r := p.recording(); r != nil {
		r.bad = true // XObject resource names are not replayed
	}
	b := p.body()
	b.WriteString("q 1 0 0 1 " + num(x) + " " + num(y) + " cm /" + f.res + " Do Q\n")
}

// writeForm writes a form XObject and returns its object number. Its
// content is dropped: it is in the file.
func (w *objWriter) writeForm(f *Form) int {
	dict := "/Type /XObject /Subtype /Form /BBox [" + num(f.bbox[0]) + " " + num(f.bbox[1]) + " " +
		num(f.bbox[2]) + " " + num(f.bbox[3]) + "]"
	n := w.addStream(dict, f.content.Bytes(), true)
	f.content = bytes.Buffer{}
	return n
}
