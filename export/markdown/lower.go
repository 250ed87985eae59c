package markdown

import (
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/doc"
)

// blockSink is where lowered blocks go: the Markdown container being
// lowered and, inside it, the raw HTML elements (a <div dir="ltr"> around
// Markdown paragraphs) opened and not yet closed.
type blockSink struct {
	frames []blockFrame
	opened map[string]int // raw elements open, by name: a stray end tag needs no search
}

type blockFrame struct {
	tag    string // the raw HTML element; "" for the Markdown container
	blocks *[]doc.Block
}

func newBlockSink(out *[]doc.Block) *blockSink {
	return &blockSink{frames: []blockFrame{{blocks: out}}}
}

func (s *blockSink) add(bs ...doc.Block) {
	f := &s.frames[len(s.frames)-1]
	*f.blocks = append(*f.blocks, bs...)
}

// open adds b, a container from raw HTML, and sends what follows into inner
// until the element closes.
func (s *blockSink) open(tag string, b doc.Block, inner *[]doc.Block) {
	s.add(b)
	s.frames = append(s.frames, blockFrame{tag: tag, blocks: inner})
	if s.opened == nil {
		s.opened = map[string]int{}
	}
	s.opened[tag]++
}

// isOpen reports whether a raw element called tag is open in this container.
func (s *blockSink) isOpen(tag string) bool { return s.opened[tag] > 0 }

// close ends the innermost open raw element called tag (and any opened
// inside it); an end tag with no element to close is ignored.
func (s *blockSink) close(tag string) {
	if !s.isOpen(tag) {
		return
	}
	for i := len(s.frames) - 1; i > 0; i-- {
		if s.frames[i].tag == tag {
			for _, f := range s.frames[i:] {
				s.opened[f.tag]--
			}
			s.frames = s.frames[:i]
			return
		}
	}
}

func (l *lowerer) blocks(parent ast.Node) []doc.Block {
	var out []doc.Block
	s := newBlockSink(&out)
	for c := parent.FirstChild(); c != nil; c = c.NextSibling() {
		l.block(s, c)
	}
	return out
}

func (l *lowerer) block(s *blockSink, n ast.Node) {
	pos := doc.Pos{Line: l.nodeLine(n)}
	switch n := n.(type) {
	case *ast.Heading:
		s.add(&doc.Heading{Pos: pos, Level: n.Level, ID: attrString(n, "id"),
			Class: cleanClass(attrString(n, "class")), Content: l.inlines(n)})
	case *ast.Paragraph:
		if img, ok := soleImage(n); ok {
			if f := l.figure(img); f != nil {
				s.add(f)
			}
			return
		}
		l.paragraph(s, pos, n)
	case *ast.TextBlock:
		l.paragraph(s, pos, n)
	case *ast.ThematicBreak:
		s.add(&doc.Rule{Pos: pos})
	case *ast.CodeBlock:
		s.add(l.code(pos, n, ""))
	case *ast.FencedCodeBlock:
		if b := l.fenced(pos, n); b != nil { // code or verse (display.go)
			s.add(b)
		}
	case *ast.Blockquote:
		if b := l.quote(pos, n); b != nil { // a block or a pull quote (display.go)
			s.add(b)
		}
	case *ast.List:
		s.add(l.list(pos, n))
	case *ast.HTMLBlock:
		l.htmlBlock(s, n)
	case *east.Table:
		s.add(l.table(pos, n))
	case *east.FootnoteList:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if fn, ok := c.(*east.Footnote); ok && fn.Index > 0 {
				note := l.note(fn.Index)
				note.Pos = doc.Pos{Line: l.nodeLine(fn)}
				note.Blocks = l.blocks(fn)
			}
		}
	case *ast.LinkReferenceDefinition:
	default:
		if n.Type() == ast.TypeInline {
			// Inline content where a block was expected: keep its text.
			l.paragraph(s, pos, n)
			return
		}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			l.block(s, c)
		}
	}
}

func (l *lowerer) paragraph(s *blockSink, pos doc.Pos, n ast.Node) {
	if in := l.inlines(n); len(in) > 0 {
		s.add(&doc.Paragraph{Pos: pos, Content: in})
	}
}

func soleImage(p *ast.Paragraph) (*ast.Image, bool) {
	img, ok := p.FirstChild().(*ast.Image)
	return img, ok && p.ChildCount() == 1
}

// figure lowers an image that stands alone as a paragraph; its title is
// the caption. Nil when the image is left out.
func (l *lowerer) figure(n *ast.Image) *doc.Figure {
	img := l.image(n)
	if img == nil {
		return nil
	}
	f := &doc.Figure{Pos: img.Pos, Image: img}
	if img.Title != "" {
		f.Caption = tidy([]doc.Inline{&doc.Text{Pos: img.Pos, Text: img.Title}})
	}
	return f
}

// image lowers a Markdown image, or returns nil when the book leaves it out.
func (l *lowerer) image(n *ast.Image) *doc.Image {
	img := &doc.Image{
		Pos:   doc.Pos{Line: l.nodeLine(n)},
		Src:   decode(n.Destination, true),
		Alt:   strings.TrimSpace(l.plainText(n)),
		Title: decode(n.Title, true),
	}
	if img.Alt == "" {
		l.diags.Warnf(diag.ImageAlt, img.Line, "image %q has no alt text (describe it for readers who cannot see it)", img.Src)
	}
	if !l.keepImage(img.Src, img.Line) {
		return nil
	}
	return img
}

func (l *lowerer) code(pos doc.Pos, n ast.Node, lang string) *doc.CodeBlock {
	var b strings.Builder
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		b.Write(seg.Value(l.src))
	}
	// Trailing newline and blank lines carry nothing a reader sees.
	text := strings.TrimRight(b.String(), " \t\n")
	if f := strings.Fields(decode([]byte(lang), true)); len(f) > 0 {
		lang = f[0]
	}
	return &doc.CodeBlock{Pos: pos, Lang: lang, Text: text}
}

func (l *lowerer) list(pos doc.Pos, n *ast.List) *doc.List {
	lst := &doc.List{Pos: pos, Ordered: n.IsOrdered(), Start: n.Start, Tight: n.IsTight}
	if lst.Ordered {
		lst.Delim = n.Marker
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		it := &doc.Item{Pos: doc.Pos{Line: l.nodeLine(c)}, Task: taskOf(c)}
		it.Blocks = l.blocks(c)
		lst.Items = append(lst.Items, it)
	}
	return lst
}

// taskOf reads a task list item's check box, which goldmark puts at the
// start of the item's first paragraph.
func taskOf(item ast.Node) doc.Task {
	first := item.FirstChild()
	if first == nil {
		return doc.NoTask
	}
	box, ok := first.FirstChild().(*east.TaskCheckBox)
	switch {
	case !ok:
		return doc.NoTask
	case box.IsChecked:
		return doc.TaskDone
	}
	return doc.TaskOpen
}

func (l *lowerer) table(pos doc.Pos, t *east.Table) *doc.Table {
	tbl := &doc.Table{Pos: pos}
	for _, a := range t.Alignments {
		tbl.Columns = append(tbl.Columns, map[east.Alignment]doc.Align{
			east.AlignLeft: doc.AlignLeft, east.AlignRight: doc.AlignRight, east.AlignCenter: doc.AlignCenter,
		}[a])
	}
	for r := t.FirstChild(); r != nil; r = r.NextSibling() {
		row := &doc.Row{}
		for c := r.FirstChild(); c != nil; c = c.NextSibling() {
			row.Cells = append(row.Cells, &doc.Cell{Content: l.inlines(c)})
		}
		for len(tbl.Columns) < len(row.Cells) {
			tbl.Columns = append(tbl.Columns, doc.AlignNone)
		}
		if _, head := r.(*east.TableHeader); head {
			tbl.Head = append(tbl.Head, row)
		} else {
			tbl.Body = append(tbl.Body, row)
		}
	}
	return tbl
}

func attrString(n ast.Node, name string) string {
	v, ok := n.AttributeString(name)
	if !ok {
		return ""
	}
	switch v := v.(type) {
	case []byte:
		return string(v)
	case string:
		return v
	}
	return ""
}

var classClean = regexp.MustCompile(`[^A-Za-z0-9_ -]+`)

// cleanClass keeps class names a stylesheet can select.
func cleanClass(s string) string {
	if s == "" {
		return ""
	}
	return strings.Join(strings.Fields(classClean.ReplaceAllString(s, "")), " ")
}

// plainText is the decoded text of a node's inline content, without
// lowering it (an image's alt text: nothing inside it enters the book).
func (l *lowerer) plainText(n ast.Node) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.WriteString(decode(t.Segment.Value(l.src), !t.IsRaw()))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}
