package export

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/yuin/goldmark/ast"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/diag"
)

// Check reads the collection in dir as Build would and reports every
// problem it finds without writing anything: loading errors (as
// *diag.Errors), warnings from loading and the cover, characters no
// font can draw, and the warnings of the renderers, which run with their
// output discarded. Diagnostics come sorted by file and line.
func Check(ctx context.Context, dir string, sel collection.Options) (*Prepared, []diag.Diagnostic, error) {
	sel.Strict = false // the caller decides what counts as an error
	p, err := Prepare(dir, sel)
	if err != nil {
		return nil, nil, err
	}
	missing := p.MissingGlyphs()
	diags := append(append([]diag.Diagnostic(nil), p.Warnings...), missing...)
	// The PDF layout reports the same characters as it draws them; say each once.
	seen := map[string]bool{}
	for _, d := range missing {
		seen[d.File+" "+codePoint.FindString(d.Message)] = true
	}
	var mu sync.Mutex
	warn := func(d diag.Diagnostic) {
		mu.Lock()
		defer mu.Unlock()
		if cp := codePoint.FindString(d.Message); cp != "" && seen[d.File+" "+cp] {
			return
		}
		diags = append(diags, d)
	}
	var wg sync.WaitGroup
	errs := make([]error, len(Formats))
	for i, f := range Formats {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = render(f, ctxDiscard{ctx}, p, warn)
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	for i, err := range errs {
		if err != nil {
			diags = append(diags, diag.Diagnostic{File: collection.BookFile, Severity: diag.Error,
				Message: fmt.Sprintf("%s: %v", Formats[i], err)})
		}
	}
	sort.SliceStable(diags, func(i, j int) bool {
		if diags[i].File != diags[j].File {
			return diags[i].File < diags[j].File
		}
		return diags[i].Line < diags[j].Line
	})
	return p, diags, nil
}

// codePoint finds the "U+XXXX" that missing-glyph warnings start with.
var codePoint = regexp.MustCompile(`^U\+[0-9A-F]{4,6}\b`)

// ctxDiscard throws output away and stops the renderer once ctx is done.
type ctxDiscard struct{ ctx context.Context }

func (d ctxDiscard) Write(b []byte) (int, error) {
	if err := d.ctx.Err(); err != nil {
		return 0, err
	}
	return io.Discard.Write(b)
}

// MissingGlyphs lists the characters of the book that no face of the font
// set can draw (they would print as empty boxes): one warning per character
// per article, at the line of its first use.
func (p *Prepared) MissingGlyphs() []diag.Diagnostic {
	faces := p.Fonts.Faces()
	var names []string
	seenName := map[string]bool{}
	for _, f := range faces {
		if !seenName[f.Family] {
			seenName[f.Family] = true
			names = append(names, f.Family)
		}
	}
	known := map[rune]bool{}
	drawable := func(r rune) bool {
		if ok, seen := known[r]; seen {
			return ok
		}
		ok := false
		for _, f := range faces {
			if f.HasRune(r) {
				ok = true
				break
			}
		}
		known[r] = ok
		return ok
	}
	var out []diag.Diagnostic
	check := func(file string, line int, s string, reported map[rune]bool) {
		for _, r := range s {
			if reported[r] || unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || drawable(r) {
				continue
			}
			reported[r] = true
			out = append(out, diag.Diagnostic{File: file, Line: line, Severity: diag.Warning,
				Message: fmt.Sprintf("U+%04X %c has no glyph in %s", r, r, strings.Join(names, ", "))})
		}
	}
	b := p.Book
	check(collection.BookFile, 0, b.Meta.Title+b.Meta.Subtitle+strings.Join(b.Meta.Authors, ""), map[rune]bool{})
	for _, a := range b.Articles {
		reported := map[rune]bool{}
		check(a.Path, a.TitleLine, a.Title+a.Subtitle, reported)
		_ = ast.Walk(a.AST, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			switch t := n.(type) {
			case *ast.Text:
				check(a.Path, a.Line(t.Segment.Start), string(t.Segment.Value(a.Source)), reported)
			case *ast.String:
				check(a.Path, a.Line(lineStart(t)), string(t.Value), reported)
			case *ast.CodeBlock, *ast.FencedCodeBlock:
				lines := n.Lines()
				for i := 0; i < lines.Len(); i++ {
					seg := lines.At(i)
					check(a.Path, a.Line(seg.Start), string(seg.Value(a.Source)), reported)
				}
			}
			return ast.WalkContinue, nil
		})
	}
	return out
}

// lineStart finds an offset for a node without its own segment.
func lineStart(n ast.Node) int {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines() != nil && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return 0
}
