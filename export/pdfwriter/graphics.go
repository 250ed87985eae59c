package pdfwriter

import "bytes"

// FillRect fills the rectangle with its lower-left corner at (x, y), pt.
func (p *Page) FillRect(x, y, w, h float64, c Color) {
	b := p.body()
	b.WriteString("q " + rgb(c) + " rg " + num(x) + " " + num(y) + " " + num(w) + " " + num(h) + " re f Q\n")
}

// StrokeLine draws a straight line of the given width.
func (p *Page) StrokeLine(x1, y1, x2, y2, width float64, c Color) {
	b := p.body()
	b.WriteString("q " + rgb(c) + " RG " + num(width) + " w " + num(x1) + " " + num(y1) + " m " + num(x2) + " " + num(y2) + " l S Q\n")
}

func rgb(c Color) string {
	var b [48]byte
	return string(appendRGB(b[:0], c))
}

// appendRGB appends rgb(c) to b.
func appendRGB(b []byte, c Color) []byte {
	b = appendNum(b, clamp01(c.R), 3)
	b = append(b, ' ')
	b = appendNum(b, clamp01(c.G), 3)
	b = append(b, ' ')
	return appendNum(b, clamp01(c.B), 3)
}

// Path is a vector path under construction; Fill or Stroke paints it on the
// page it came from. Coordinates are pt from the page's lower-left corner,
// or from the path's origin (PathAt).
type Path struct {
	doc    *Document
	page   *Page // the page it paints on, or nil
	form   *Form // the form it paints into, or nil
	ops    bytes.Buffer
	cx, cy float64 // current point, for QuadTo
	open   bool    // a subpath has been started
	ox, oy float64 // origin, pt from the page's lower-left corner
	buf    []byte  // scratch for writing numbers
}

// write appends the numbers, separated by spaces, then op, to the path.
func (pa *Path) write(op string, v ...float64) {
	b := pa.buf[:0]
	for i, x := range v {
		if i > 0 {
			b = append(b, ' ')
		}
		b = appendNum(b, x, 3)
	}
	pa.buf = append(b, op...)
	pa.ops.Write(pa.buf)
}

// Path starts a new, empty path on the page.
func (p *Page) Path() *Path { return p.PathAt(0, 0) }

// PathAt starts a new, empty path whose coordinates are relative to (x, y).
// A shape drawn many times at different places (a glyph outline) then
// repeats the same numbers, which the content stream's compression removes.
func (p *Page) PathAt(x, y float64) *Path {
	pa := p.doc.newPath(x, y)
	pa.page = p
	return pa
}

func (d *Document) newPath(x, y float64) *Path {
	pa := &Path{doc: d, ox: x, oy: y}
	// The buffer the last path painted gave back: a book's kashidas are
	// tens of thousands of paths.
	if b := d.pathOps; b != nil {
		pa.ops = *bytes.NewBuffer(b)
		d.pathOps = nil
	}
	return pa
}

// MoveTo starts a new subpath at (x, y).
func (pa *Path) MoveTo(x, y float64) *Path {
	pa.write(" m\n", x, y)
	pa.cx, pa.cy, pa.open = x, y, true
	return pa
}

// LineTo adds a straight segment to (x, y).
func (pa *Path) LineTo(x, y float64) *Path {
	if !pa.open {
		return pa.MoveTo(x, y)
	}
	pa.write(" l\n", x, y)
	pa.cx, pa.cy = x, y
	return pa
}

// CurveTo adds a cubic Bézier segment with control points (x1, y1), (x2, y2)
// ending at (x3, y3).
func (pa *Path) CurveTo(x1, y1, x2, y2, x3, y3 float64) *Path {
	if !pa.open {
		pa.MoveTo(x1, y1)
	}
	pa.write(" c\n", x1, y1, x2, y2, x3, y3)
	pa.cx, pa.cy = x3, y3
	return pa
}

// QuadTo adds a quadratic Bézier segment with control point (x1, y1) ending
// at (x2, y2), written as the equivalent cubic (PDF has no quadratic curves).
func (pa *Path) QuadTo(x1, y1, x2, y2 float64) *Path {
	if !pa.open {
		pa.MoveTo(x1, y1)
	}
	c1x, c1y := pa.cx+2.0/3*(x1-pa.cx), pa.cy+2.0/3*(y1-pa.cy)
	c2x, c2y := x2+2.0/3*(x1-x2), y2+2.0/3*(y1-y2)
	return pa.CurveTo(c1x, c1y, c2x, c2y, x2, y2)
}

// Close closes the current subpath.
func (pa *Path) Close() *Path {
	if pa.open {
		pa.ops.WriteString("h\n")
	}
	return pa
}

// Fill fills the path (non-zero winding) with c. Fill and Stroke end the
// path: it is painted once.
func (pa *Path) Fill(c Color) {
	pa.paint(rgb(c)+" rg\n", "f")
}

// Stroke strokes the path with a line of the given width in c.
func (pa *Path) Stroke(width float64, c Color) {
	pa.paint(rgb(c)+" RG "+num(width)+" w\n", "S")
}

func (pa *Path) paint(state, op string) {
	if pa.ops.Len() == 0 {
		return
	}
	var b *bytes.Buffer
	if pa.form != nil {
		b = pa.form.body()
	} else {
		b = pa.page.body()
	}
	writePainted(b, pa.ox, pa.oy, []byte(state), pa.ops.Bytes(), op)
	pa.end()
}

// writePainted writes a path's operators ops painted by op in graphics
// state state, with its origin at (ox, oy).
// It is assembled in the buffer's free space and written at once: a
// book's kashidas are tens of thousands of painted shapes.
func writePainted(b *bytes.Buffer, ox, oy float64, state []byte, ops []byte, op string) {
	out := append(b.AvailableBuffer(), "q "...)
	if ox != 0 || oy != 0 {
		out = append(out, "1 0 0 1 "...)
		out = appendNum(out, ox, 3)
		out = append(out, ' ')
		out = appendNum(out, oy, 3)
		out = append(out, " cm "...)
	}
	out = append(out, state...)
	out = append(out, ops...)
	out = append(out, op...)
	out = append(out, " Q\n"...)
	b.Write(out)
}

// end ends the path, its buffer kept for the document's next path.
func (pa *Path) end() {
	pa.doc.pathOps = pa.ops.Bytes()[:0]
	pa.ops, pa.open = bytes.Buffer{}, false
}

// Shape is a path kept to be painted many times (FillShape): its operators
// are formatted once. A justified line's kashidas mostly share one width,
// and a book has tens of thousands of them.
type Shape struct {
	ops []byte
}

// Shape ends the path without painting it and returns its drawing, whose
// coordinates are relative to the origin FillShape is given.
func (pa *Path) Shape() *Shape {
	s := &Shape{ops: bytes.Clone(pa.ops.Bytes())}
	pa.end()
	return s
}

// FillShape fills s (non-zero winding) with c, its origin at (x, y) on the
// page: the same bytes as drawing its path with PathAt(x, y) and Fill(c).
func (p *Page) FillShape(s *Shape, x, y float64, c Color) {
	if s == nil || len(s.ops) == 0 {
		return
	}
	var st [48]byte
	writePainted(p.body(), x, y, append(appendRGB(st[:0], c), " rg\n"...), s.ops, "f")
}

// DrawImage draws img into the rectangle with its lower-left corner at
// (x, y), w by h pt.
func (p *Page) DrawImage(img *Image, x, y, w, h float64) {
	if img == nil || img.doc != p.doc {
		return
	}
	p.images[img] = true
	if r := p.recording(); r != nil {
		r.bad = true // image resource names are not replayed
	}
	p.body().WriteString("q " + num(w) + " 0 0 " + num(h) + " " + num(x) + " " + num(y) + " cm /" + img.res + " Do Q\n")
}
