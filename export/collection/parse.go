package collection

import (
	"fmt"
	"runtime"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"golang.org/x/sync/errgroup"

	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/markdown"
)

// parseAll parses every article's Markdown in parallel, bounded by
// GOMAXPROCS. Each goroutine touches only its own article and diagnostics
// slice, and the slices are merged in article order, so the result does not
// depend on scheduling.
func (l *loader) parseAll(arts []*Article) {
	diags := make([][]diag.Diagnostic, len(arts))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, a := range arts {
		g.Go(func() error {
			defer recoverAs(a.Path, &diags[i])
			parseArticle(a, &diags[i])
			return nil
		})
	}
	_ = g.Wait()
	for _, d := range diags {
		l.diags = append(l.diags, d...)
	}
}

// recoverAs turns a panic while handling file into an error diagnostic: a bug
// triggered by one article must not crash the tool with a stack trace.
func recoverAs(file string, diags *[]diag.Diagnostic) {
	if r := recover(); r != nil {
		*diags = append(*diags, diag.Diagnostic{File: file, Severity: diag.Error,
			Message: fmt.Sprintf("internal error while reading this file (please report it with the file): %v", r)})
	}
}

func parseArticle(a *Article, diags *[]diag.Diagnostic) {
	doc := markdown.Parse(a.Source, a.Lang)
	a.Doc = doc
	if h, ok := doc.FirstChild().(*ast.Heading); ok && h.Level == 1 {
		text := strings.TrimSpace(inlineText(h, a.Source))
		if a.Title == "" || text == a.Title {
			if a.Title == "" {
				a.Title = text
				a.TitleLine = a.Line(nodeOffset(h))
			}
			doc.RemoveChild(doc, h)
		}
	}
	if a.Title == "" {
		*diags = append(*diags, diag.Diagnostic{File: a.Path, Line: a.BodyLine, Severity: diag.Error,
			Message: "no title: add title: to the front matter or start the article with a # heading"})
	}
	if doc.FirstChild() == nil {
		*diags = append(*diags, diag.Diagnostic{File: a.Path, Line: a.BodyLine, Severity: diag.Warning, Message: "the article has a title but no text"})
	}
	a.anchors = map[string]string{}
	used := map[string]bool{}
	n := 0
	_ = ast.Walk(doc, func(node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := node.(type) {
		case *ast.Heading:
			n++
			text := strings.TrimSpace(inlineText(t, a.Source))
			id := headingID(t, text, n, used)
			t.SetAttributeString("id", []byte(id))
			a.anchors[id] = id
			for _, alias := range []string{unicodeSlug(text), Slugify(text)} {
				if _, taken := a.anchors[alias]; alias != "" && !taken {
					a.anchors[alias] = id
				}
			}
			if t.Level == 2 || t.Level == 3 {
				a.Headings = append(a.Headings, Heading{Level: t.Level, Text: text, ID: id})
			}
		}
		return ast.WalkContinue, nil
	})
	a.Words = countWords(plainText(doc, a.Source))
}

// plainText is the document's inline text with a space at every block
// boundary and line break, so words split across inline nodes ("نص" and "."
// or "*كلـ*مة") count once.
func plainText(doc ast.Node, src []byte) []byte {
	var b []byte
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch t := n.(type) {
		case *ast.Text:
			if entering {
				b = append(b, t.Segment.Value(src)...)
				if t.SoftLineBreak() || t.HardLineBreak() {
					b = append(b, ' ')
				}
			}
		case *ast.String:
			if entering {
				b = append(b, t.Value...)
			}
		default:
			if n.Type() == ast.TypeBlock {
				b = append(b, ' ')
			}
		}
		return ast.WalkContinue, nil
	})
	return b
}

// headingID picks a heading's anchor: its explicit {#id} when it has one,
// else an ASCII slug of its text, else h-N; unique within the article.
func headingID(h *ast.Heading, text string, n int, used map[string]bool) string {
	id := ""
	if v, ok := h.AttributeString("id"); ok {
		if b, ok := v.([]byte); ok {
			id = sanitizeID(string(b))
		}
	}
	if id == "" {
		id = Slugify(text)
		if id != "" && (id[0] >= '0' && id[0] <= '9') {
			id = "h-" + id
		}
	}
	if id == "" {
		id = fmt.Sprintf("h-%d", n)
	}
	base := id
	for i := 2; used[id]; i++ {
		id = fmt.Sprintf("%s-%d", base, i)
	}
	used[id] = true
	return id
}

// sanitizeID keeps an explicit ID usable as an XML ID and a PDF destination:
// letters, digits, '-', '_' and '.', starting with a letter.
func sanitizeID(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.') {
			b.WriteRune(r)
		}
	}
	id := b.String()
	if id != "" && !unicode.IsLetter(rune(id[0])) {
		id = "h-" + id
	}
	return id
}

// unicodeSlug is the fragment most Markdown tools generate for a heading:
// lower case, letters and digits of any script kept, spaces made hyphens.
// Links written for those tools resolve through it.
func unicodeSlug(s string) string {
	var b strings.Builder
	for _, r := range stripInvisible(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '_' || r == '-':
			b.WriteRune(unicode.ToLower(r))
		case unicode.IsSpace(r):
			b.WriteByte('-')
		}
	}
	return b.String()
}

// inlineText is the plain text of a node's inline content.
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
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

// countWords counts runs of non-space characters that hold at least one
// letter or digit: punctuation alone is not a word.
func countWords(b []byte) int {
	n := 0
	counted := false // the current run already counts as a word
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		switch {
		case unicode.IsSpace(r):
			counted = false
		case !counted && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			n++
			counted = true
		}
	}
	return n
}

// nodeOffset finds a byte offset in the source for any node: its first text
// segment, else the first line of its nearest block.
func nodeOffset(n ast.Node) int {
	found := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			found = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if found >= 0 {
		return found
	}
	for p := n; p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines() != nil && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return 0
}
