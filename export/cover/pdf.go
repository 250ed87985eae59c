package cover

import (
	"fmt"

	"github.com/warraq/warraq/export/pdfwriter"
	"github.com/warraq/warraq/export/text"
)

func pdfColor(c rgb) pdfwriter.Color {
	return pdfwriter.Color{R: float64(c.R) / 255, G: float64(c.G) / 255, B: float64(c.B) / 255}
}

// Draw draws the cover on p, a page of doc, filling the page whatever its
// size: shapes as filled paths and text as real glyphs in reading order, so
// the cover's words can be searched and copied. The fonts and the image it
// needs are added to doc (a page does not know its document, hence doc).
func (c *Cover) Draw(doc *pdfwriter.Document, p *pdfwriter.Page) error {
	W, H := p.Width(), p.Height()
	if W <= 0 || H <= 0 {
		return fmt.Errorf("cover: page has no size (%gx%g pt)", W, H)
	}
	if c.image != nil {
		a := c.image
		img, err := doc.AddImage(a.Data, a.MediaType)
		if err != nil {
			return fmt.Errorf("book.yaml: cover image %s: %w", a.Path, err)
		}
		p.FillRect(0, 0, W, H, pdfColor(c.pal.bg))
		x, y, w, h := fitRect(a.Width, a.Height, W, H)
		p.DrawImage(img, x, H-y-h, w, h)
		return nil
	}
	d, _ := c.design(H / W)
	s := W / d.w
	p.FillRect(0, 0, W, H, pdfColor(d.bg))
	fonts := map[*text.Face]*pdfwriter.Font{}
	fontFor := func(f *text.Face) (*pdfwriter.Font, error) {
		if pf, ok := fonts[f]; ok {
			return pf, nil
		}
		pf, err := doc.AddFont(f.Data)
		if err != nil {
			return nil, fmt.Errorf("cover: font %s: %w", f.File, err)
		}
		fonts[f] = pf
		return pf, nil
	}
	for _, it := range d.items {
		switch {
		case it.shape != nil:
			path := p.Path()
			for _, sg := range it.shape.segs {
				q := sg.pts
				switch sg.op {
				case 'M':
					path.MoveTo(q[0].X*s, H-q[0].Y*s)
				case 'L':
					path.LineTo(q[0].X*s, H-q[0].Y*s)
				case 'Q':
					path.QuadTo(q[0].X*s, H-q[0].Y*s, q[1].X*s, H-q[1].Y*s)
				case 'C':
					path.CurveTo(q[0].X*s, H-q[0].Y*s, q[1].X*s, H-q[1].Y*s, q[2].X*s, H-q[2].Y*s)
				case 'Z':
					path.Close()
				}
			}
			path.Fill(pdfColor(it.shape.color))
		case it.text != nil:
			glyphs, err := pdfGlyphs(it.text, s, H, fontFor)
			if err != nil {
				return err
			}
			p.ShowGlyphs(glyphs)
		}
	}
	return nil
}

// pdfGlyphs converts a placed line to page glyphs in reading order, scaled by
// s from design units to points, y flipped for a page H pt tall.
func pdfGlyphs(t *textLine, s, H float64, fontFor func(*text.Face) (*pdfwriter.Font, error)) ([]pdfwriter.Glyph, error) {
	var glyphs []pdfwriter.Glyph
	for _, g := range t.line.ReadingOrder() {
		if g.Run == nil || g.Run.Face == nil {
			continue
		}
		f, err := fontFor(g.Run.Face)
		if err != nil {
			return nil, err
		}
		glyphs = append(glyphs, pdfwriter.Glyph{
			Font:    f,
			Size:    g.Run.Style.Size * s,
			Color:   pdfColor(t.color),
			GID:     g.GID,
			X:       (t.x + g.X) * s,
			Y:       H - (t.y-g.Y-g.Run.Style.Rise)*s,
			Advance: g.Advance * s,
			Text:    g.Text,
			Mark:    g.Mark,
			RTL:     g.Run.RTL,
		})
	}
	return glyphs, nil
}
