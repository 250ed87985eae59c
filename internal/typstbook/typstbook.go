// Package typstbook writes a loaded book as one Typst document set like
// Warraq's PDF (page size and margins, Amiri at the body size, first-line
// indents, justified paragraphs), so that scripts/typography.sh can compare
// Warraq's line and page composition with Typst's on the same text.
//
// It is a measuring instrument, not a format: it reads the document model
// the renderers read and writes what Typst needs to set the same words
// (paragraphs, headings, lists, quotations, verse, code, tables, figures,
// notes, the contents). Links become plain text; the title page is the
// title alone.
package typstbook

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/doc"
)

// Settings are the page and type the document is set in, in points.
type Settings struct {
	Width, Height             float64
	Top, Bottom, Inner, Outer float64
	Size, Leading             float64 // body size; baseline distance as a multiple of it
	Font                      string
}

// Write writes b as DIR/book.typ, with the images it shows under DIR.
func Write(dir string, b *collection.Book, s Settings) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	w := &writer{dir: dir, book: b}
	w.preamble(s)
	parts := b.Parts
	for _, pt := range parts {
		if pt.Title != "" && len(pt.Articles) > 0 {
			fmt.Fprintf(&w.out, "\n#pagebreak(to: \"odd\")\n= %s\n", esc(pt.Title))
		}
		for _, a := range pt.Articles {
			if err := w.article(a); err != nil {
				return err
			}
		}
	}
	return os.WriteFile(filepath.Join(dir, "book.typ"), []byte(w.out.String()), 0o644)
}

type writer struct {
	dir  string
	book *collection.Book
	out  strings.Builder
}

func (w *writer) preamble(s Settings) {
	m := w.book.Meta
	dir := "rtl"
	if !m.RTL() {
		dir = "ltr"
	}
	fmt.Fprintf(&w.out, "// Written by internal/typstbook from %s; do not edit.\n", filepath.Base(w.book.Root))
	fmt.Fprintf(&w.out, "#set document(title: %s)\n", quote(m.Title))
	fmt.Fprintf(&w.out, "#set page(width: %gpt, height: %gpt, margin: (inside: %gpt, outside: %gpt, top: %gpt, bottom: %gpt), numbering: \"1\")\n",
		s.Width, s.Height, s.Inner, s.Outer, s.Top, s.Bottom)
	// Lines are given edges at the baseline and one em above it, so the
	// baseline distance is one em plus the leading, as in Warraq.
	fmt.Fprintf(&w.out, "#set text(lang: %s, dir: %s, font: %s, size: %gpt, top-edge: 1em, bottom-edge: 0em)\n",
		quote(m.Language), dir, quote(s.Font), s.Size)
	fmt.Fprintf(&w.out, "#set par(justify: true, leading: %gem, spacing: %gem, first-line-indent: 1.5em)\n", s.Leading-1, s.Leading-1)
	w.out.WriteString(`#show heading.where(level: 1): it => { pagebreak(weak: true, to: "odd"); v(30%); align(center, text(size: 2em, it.body)) }
#show heading.where(level: 2): it => { pagebreak(weak: true); v(8%); align(center, text(size: 1.7em, it.body)) }
#show heading.where(level: 3): set text(size: 1.3em)
#show heading.where(level: 4): set text(size: 1.15em)
`)
	fmt.Fprintf(&w.out, "#align(center + horizon, text(size: 2.4em, weight: \"bold\", %s))\n", quote(m.Title))
	w.out.WriteString("#pagebreak()\n#outline(depth: 3)\n")
}

func (w *writer) article(a *collection.Article) error {
	fmt.Fprintf(&w.out, "\n== %s\n", esc(a.Title))
	if a.Subtitle != "" {
		fmt.Fprintf(&w.out, "#align(center, emph(%s))\n", quote(a.Subtitle))
	}
	if len(a.Authors) > 0 {
		fmt.Fprintf(&w.out, "#align(center, strong(%s))\n", quote(strings.Join(a.Authors, "، ")))
	}
	d := a.Model()
	if d == nil {
		return nil
	}
	return w.blocks(d.Blocks, 0)
}

func (w *writer) blocks(bs []doc.Block, depth int) error {
	for _, b := range bs {
		if err := w.block(b, depth); err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) block(b doc.Block, depth int) error {
	ind := strings.Repeat("  ", depth)
	o := &w.out
	switch b := b.(type) {
	case *doc.Paragraph:
		fmt.Fprintf(o, "\n%s%s\n", ind, w.inlines(b.Content))
	case *doc.Heading:
		fmt.Fprintf(o, "\n%s %s\n", strings.Repeat("=", min(b.Level+1, 6)), w.inlines(b.Content))
	case *doc.CodeBlock:
		fmt.Fprintf(o, "\n#block(width: 100%%, fill: luma(242), inset: 6pt, align(left, text(dir: ltr, raw(%s, block: true))))\n", quote(b.Text))
	case *doc.Quote:
		if b.Kind == doc.PullQuote {
			o.WriteString("\n#block(width: 100%, inset: (x: 2em, y: 0.5em), stroke: (top: 0.6pt, bottom: 0.6pt), align(center, text(size: 1.3em)[")
			if err := w.blocks(b.Blocks, 0); err != nil {
				return err
			}
			o.WriteString("]))\n")
			break
		}
		o.WriteString("\n#quote(block: true)[")
		if err := w.blocks(b.Blocks, 0); err != nil {
			return err
		}
		o.WriteString("]\n")
	case *doc.Verse:
		// Hemistichs in two columns of a grid, each centred.
		o.WriteString("\n#align(center, grid(columns: 2, column-gutter: 2em, row-gutter: 0.7em,\n")
		for si, st := range b.Stanzas {
			if si > 0 {
				o.WriteString("  [], [],\n")
			}
			for _, l := range st {
				for i := range 2 {
					h := ""
					if i < len(l.Hemistichs) {
						h = w.inlines(l.Hemistichs[i])
					}
					fmt.Fprintf(o, "  [%s],", h)
				}
				o.WriteString("\n")
			}
		}
		o.WriteString("))\n")
	case *doc.List:
		for i, it := range b.Items {
			mark := "- "
			if b.Ordered {
				mark = fmt.Sprintf("%d. ", b.Start+i)
			}
			fmt.Fprintf(o, "\n%s%s", ind, mark)
			for j, ib := range it.Blocks {
				if p, ok := ib.(*doc.Paragraph); ok && j == 0 {
					o.WriteString(w.inlines(p.Content) + "\n")
					continue
				}
				if err := w.block(ib, depth+1); err != nil {
					return err
				}
			}
		}
		o.WriteString("\n")
	case *doc.Table:
		w.table(b)
	case *doc.Figure:
		return w.figure(b)
	case *doc.Rule:
		o.WriteString("\n#align(center, line(length: 30%))\n")
	case *doc.Div:
		return w.blocks(b.Blocks, depth)
	case *doc.DefList:
		for _, it := range b.Items {
			fmt.Fprintf(o, "\n/ %s: ", w.inlines(it.Term))
			for _, d := range it.Defs {
				for _, db := range d {
					if p, ok := db.(*doc.Paragraph); ok {
						o.WriteString(w.inlines(p.Content) + " ")
					}
				}
			}
			o.WriteString("\n")
		}
	}
	return nil
}

func (w *writer) table(t *doc.Table) {
	ncol := len(t.Columns)
	for _, r := range append(append([]*doc.Row(nil), t.Head...), t.Body...) {
		ncol = max(ncol, len(r.Cells))
	}
	if ncol == 0 {
		return
	}
	fmt.Fprintf(&w.out, "\n#table(columns: %d, stroke: (x: none), align: start,\n", ncol)
	row := func(r *doc.Row, head bool) {
		for j := range ncol {
			c := ""
			if j < len(r.Cells) {
				c = w.inlines(r.Cells[j].Content)
			}
			if head {
				c = "*" + c + "*"
			}
			fmt.Fprintf(&w.out, "  [%s],\n", c)
		}
	}
	if len(t.Head) > 0 {
		w.out.WriteString("  table.header(\n")
		for _, r := range t.Head {
			row(r, true)
		}
		w.out.WriteString("  ),\n")
	}
	for _, r := range t.Body {
		row(r, false)
	}
	w.out.WriteString(")\n")
}

func (w *writer) figure(f *doc.Figure) error {
	if f.Image == nil || f.Image.Asset == nil {
		return nil
	}
	a := f.Image.Asset
	name := filepath.Join("images", strings.ReplaceAll(a.Path, "/", "_"))
	ext := ".png"
	if a.MediaType == "image/jpeg" {
		ext = ".jpg"
	}
	name = strings.TrimSuffix(name, filepath.Ext(name)) + ext
	if err := os.MkdirAll(filepath.Join(w.dir, "images"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(w.dir, name), a.Data, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(&w.out, "\n#figure(image(%s, width: 80%%), caption: [%s])\n", quote(filepath.ToSlash(name)), w.inlines(f.Caption))
	return nil
}

// inlines writes inline content as Typst markup: emphasis, strong and
// code keep their look; links, spans and images keep their words; notes
// become Typst footnotes at their reference.
func (w *writer) inlines(in []doc.Inline) string {
	var b strings.Builder
	for _, n := range in {
		switch n := n.(type) {
		case *doc.Text:
			b.WriteString(esc(n.Text))
		case *doc.Span:
			inner := w.inlines(n.Content)
			switch n.Kind {
			case doc.Emph:
				fmt.Fprintf(&b, "#emph[%s]", inner)
			case doc.Strong:
				fmt.Fprintf(&b, "#strong[%s]", inner)
			case doc.Code, doc.Kbd:
				fmt.Fprintf(&b, "#raw(%s)", quote(plain(n.Content)))
			default:
				b.WriteString(inner)
			}
		case *doc.Link:
			b.WriteString(w.inlines(n.Content))
		case *doc.NoteRef:
			if n.Ref > 0 || n.Note == nil {
				continue
			}
			var note []string
			for _, nb := range n.Note.Blocks {
				if p, ok := nb.(*doc.Paragraph); ok {
					note = append(note, w.inlines(p.Content))
				}
			}
			fmt.Fprintf(&b, "#footnote[%s]", strings.Join(note, " "))
		case *doc.Break:
			b.WriteString("\\\n")
		}
	}
	return b.String()
}

// plain is the text of inline content.
func plain(in []doc.Inline) string {
	var b strings.Builder
	doc.Inspect([]doc.Block{&doc.Paragraph{Content: in}}, func(n any) bool {
		if t, ok := n.(*doc.Text); ok {
			b.WriteString(t.Text)
		}
		return true
	})
	return b.String()
}

// esc backslash-escapes the characters Typst markup gives a meaning to, so
// text is set as it reads; newlines become spaces.
func esc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '*', '_', '#', '$', '[', ']', '<', '>', '@', '`', '~', '/', '=', '-', '+', '"', '\'':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// quote writes s as a Typst string literal.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}
