package collection

import (
	"strings"

	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/internal/slug"
)

// readBodies reads every article's body into the document model in
// parallel, bounded by GOMAXPROCS. Each goroutine touches only its own
// article and diagnostics slice, and the slices are merged in article order,
// so the result does not depend on scheduling.
func (l *loader) readBodies(arts []*Article) {
	diags := make([][]diag.Diagnostic, len(arts))
	paths := make([]string, len(arts))
	for i, a := range arts {
		paths[i] = a.Path
	}
	l.each("lower", paths, func(i int) {
		l.readBody(arts[i], &diags[i])
	}, diags)
	for _, d := range diags {
		l.diags = append(l.diags, d...)
	}
}

func (l *loader) readBody(a *Article, diags *[]diag.Diagnostic) {
	res, facts := l.readMarkdown(a)
	*diags = append(*diags, res.Diagnostics...)
	a.source = nil // the model holds everything from here on
	d := res.Doc
	if a.Title == "" {
		a.Title, a.TitleLine = res.Title, res.TitleLine
	}
	if a.Title == "" {
		*diags = append(*diags, diag.Diagnostic{File: a.Path, Line: a.BodyLine, Severity: diag.Error, Code: diag.FrontMatter,
			Message: "no title: add title: to the front matter or start the article with a # heading"})
	}
	if len(d.Blocks) == 0 && len(res.Diagnostics) == 0 { // else what was left out is already said

		*diags = append(*diags, diag.Diagnostic{File: a.Path, Line: a.BodyLine, Severity: diag.Warning, Code: diag.EmptyArticle, Message: "the article has a title but no text"})
	}
	a.anchors = map[string]string{}
	doc.Inspect(d.Blocks, func(n any) bool {
		h, ok := n.(*doc.Heading)
		if !ok {
			// No paragraph holds a heading: the walk need not go
			// through every paragraph's text.
			_, para := n.(*doc.Paragraph)
			_, inline := n.(doc.Inline)
			return !para && !inline
		}
		text := strings.TrimSpace(doc.PlainText(h.Content))
		a.anchors[h.ID] = h.ID
		ascii, ok := res.Slugs[text]
		if !ok {
			ascii = slug.Make(text)
		}
		for _, alias := range []string{slug.Unicode(text), ascii} {
			if _, taken := a.anchors[alias]; alias != "" && !taken {
				a.anchors[alias] = h.ID
			}
		}
		if h.Level == 2 || h.Level == 3 {
			a.Headings = append(a.Headings, Heading{Level: h.Level, Text: text, ID: h.ID})
		}
		return false
	})
	a.Words = facts.words
	a.setChars(facts.chars, facts.alt)
	// Held encoded from here on; the links' targets and the images'
	// files are set once every article is read (refs.go).
	a.SetModel(d)
}

// useImage decides whether an image the body names enters the book, and
// records the file to load. Remote images are never fetched; paths that
// leave the collection are refused.
func (a *Article) useImage(src string, line int, d diag.List) bool {
	kind, key, _ := classify(a.Path, src)
	switch kind {
	case destEmpty:
		d.Warnf(diag.Image, line, "image without a path; left out")
	case destExternal:
		d.Warnf(diag.RemoteImage, line, "remote image %q is never fetched; left out (copy it into the collection)", src)
	case destScheme:
		d.Warnf(diag.Image, line, "image %q is not a file of the collection; left out", src)
	case destFragment:
		d.Errorf(diag.Image, line, "image %q: not a file", src)
	case destAbsolute:
		d.Errorf(diag.PathOutside, line, "image %q: absolute paths are refused; give a path relative to the article", src)
	case destEscapes:
		d.Errorf(diag.PathOutside, line, "image %q: the path leaves the collection; refused", src)
	case destPath:
		a.images = append(a.images, imageUse{key: key, line: line})
		return true
	}
	return false
}
