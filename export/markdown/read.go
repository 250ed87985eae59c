package markdown

import (
	"bytes"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/locale"
)

// Source is one article's Markdown body, ready to read.
type Source struct {
	File string // for diagnostics, relative to the collection
	Text []byte // the body: front matter removed, LF line ends
	Line int    // the file line on which Text starts
	Lang string // BCP 47 language of the article
	// Title is the front matter's title. When it is empty, or equal to the
	// text of a level-1 heading that opens the body, that heading is the
	// article's title and leaves the body.
	Title string
	// Image is asked about every image, Markdown or raw HTML, before it
	// enters the model: it returns false to leave the image out, and
	// reports why in d. Nil keeps every image.
	Image func(src string, line int, d diag.List) bool
}

// Result is an article read into the document model.
type Result struct {
	Doc *doc.Document
	// Title and TitleLine are set when a leading level-1 heading became
	// the title.
	Title       string
	TitleLine   int
	Diagnostics []diag.Diagnostic
	// Slugs are slug.Make of heading texts, by text: those of the
	// headings whose IDs were made from their text, as read before the
	// mixed-script pass, for the loader not to make them again.
	Slugs map[string]string
}

// Read parses s and lowers it into the document model: text decoded, raw
// HTML reduced to the model's blocks and spans or left out with a warning,
// heading levels made consecutive and every heading given a unique ID; then
// the mixed-script pass (mixed.go) marks quotations by the language's rules,
// sets left-to-right tokens in right-to-left text apart (and the other way
// round) and binds names to their versions.
func Read(s Source) Result {
	res := lower(s)
	mixScripts(res.Doc, s.Lang)
	return res
}

// lower is Read without the mixed-script pass: the source's text as typed.
func lower(s Source) Result {
	var res Result
	src := capOpeners(s.Text) // the same lines; segments point into it
	l := &lowerer{
		src:        src,
		line0:      max(s.Line, 1),
		loc:        locale.For(s.Lang),
		diags:      diag.List{File: s.File, Diags: &res.Diagnostics},
		imageHook:  s.Image,
		notes:      map[int]*doc.Note{},
		firstTexts: map[ast.Node]int{},
	}
	for i := 0; ; {
		k := bytes.IndexByte(src[i:], '\n')
		if k < 0 {
			break
		}
		l.newlines = append(l.newlines, i+k)
		i += k + 1
	}
	root := parse(src, s.Lang)
	d := &doc.Document{Blocks: l.limitDepth(l.blocks(root))}
	if h, ok := firstHeading(d.Blocks); ok {
		t := strings.TrimSpace(doc.PlainText(h.Content))
		if s.Title == "" || t == s.Title {
			res.Title, res.TitleLine = t, h.Line
			d.Blocks = d.Blocks[1:]
		}
	}
	res.Slugs = map[string]string{}
	numberHeadings(d, l.diags, res.Slugs)
	for _, n := range l.notes {
		if n.Number > 0 {
			n.Blocks = l.limitDepth(n.Blocks)
			d.Notes = append(d.Notes, n)
		}
	}
	sort.Slice(d.Notes, func(i, j int) bool { return d.Notes[i].Number < d.Notes[j].Number })
	res.Doc = d
	return res
}

// firstHeading returns the body's first block when it is a level-1 heading
// (its level still as written: numberHeadings has not run).
func firstHeading(bs []doc.Block) (*doc.Heading, bool) {
	if len(bs) == 0 {
		return nil, false
	}
	h, ok := bs[0].(*doc.Heading)
	return h, ok && h.Level == 1
}

// lowerer turns one article's goldmark tree into the document model.
type lowerer struct {
	src       []byte
	line0     int
	newlines  []int // offsets of '\n' in src
	loc       *locale.Locale
	diags     diag.List
	imageHook func(src string, line int, d diag.List) bool
	notes     map[int]*doc.Note // by goldmark's footnote index
	// firstTexts remembers firstText of containers.
	firstTexts map[ast.Node]int
	// textBuf is the memory an inlineSink's pending text was in, for the
	// next block's (nil while a sink has it).
	textBuf []byte
	// texts are Text nodes made ahead, a chunk at a time (newText).
	texts []doc.Text
}

// newText is a new Text node: they are made 32 at a time, most of a
// model's nodes being Texts (100,000 allocations fewer for 1,000
// articles).
func (l *lowerer) newText() *doc.Text {
	if len(l.texts) == 0 {
		l.texts = make([]doc.Text, 32)
	}
	t := &l.texts[0]
	l.texts = l.texts[1:]
	return t
}

// line returns the file line of byte offset off in the source.
func (l *lowerer) line(off int) int {
	return l.line0 + sort.SearchInts(l.newlines, off)
}

// nodeLine finds a line for any goldmark node: its first text segment, else
// the first line of its nearest block.
func (l *lowerer) nodeLine(n ast.Node) int {
	if off := l.firstText(n); off >= 0 {
		return l.line(off)
	}
	for p := n; p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines() != nil && p.Lines().Len() > 0 {
			return l.line(p.Lines().At(0).Start)
		}
	}
	return l.line0
}

// firstText is the offset of the first text or raw HTML in n, in document
// order, or -1. It is remembered for containers: the lowering asks it of
// every container on the way down, which for blockquotes 20,000 deep was
// 200 million steps.
func (l *lowerer) firstText(n ast.Node) int {
	switch t := n.(type) {
	case *ast.Text:
		return t.Segment.Start
	case *ast.RawHTML:
		if t.Segments.Len() > 0 {
			return t.Segments.At(0).Start
		}
	}
	if n.FirstChild() == nil {
		return -1
	}
	memo := n.Type() == ast.TypeBlock && n.Kind() != ast.KindParagraph // containers of blocks
	if off, ok := l.firstTexts[n]; ok && memo {
		return off
	}
	off := -1
	for c := n.FirstChild(); c != nil && off < 0; c = c.NextSibling() {
		off = l.firstText(c)
	}
	if memo {
		l.firstTexts[n] = off
	}
	return off
}

// keepImage asks the loader whether an image enters the book.
func (l *lowerer) keepImage(src string, line int) bool {
	return l.imageHook == nil || l.imageHook(src, line, l.diags)
}

// note returns the footnote with goldmark's index i, made on first use.
func (l *lowerer) note(i int) *doc.Note {
	n := l.notes[i]
	if n == nil {
		n = &doc.Note{Number: i}
		l.notes[i] = n
	}
	return n
}
