package export

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/internal/par"
	"github.com/warraq/warraq/internal/runememo"
)

// Check reads the collection in dir as Build would and reports every
// problem it finds without writing anything: loading errors (as
// *diag.Errors), and the warnings any build would give. Renderers report
// nothing of their own, so Check runs none.
func Check(ctx context.Context, dir string, sel collection.Options) (*Prepared, []diag.Diagnostic, error) {
	sel.Strict = false // the caller decides what counts as an error
	p, err := Prepare(dir, sel)
	if err != nil {
		return nil, nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	return p, p.Warnings, nil
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
	// Most of a book's characters are asked about thousands of times.
	fine := runememo.New(func(r rune) bool {
		if unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return true
		}
		for _, f := range faces {
			if f.HasRune(r) {
				return true
			}
		}
		return false
	})
	missing := func(file string, line int, r rune) diag.Diagnostic {
		return diag.Diagnostic{File: file, Line: line, Severity: diag.Warning, Code: diag.MissingGlyph,
			Message: fmt.Sprintf("U+%04X %c has no glyph in %s", r, r, strings.Join(names, ", "))}
	}
	check := func(out *[]diag.Diagnostic, file string, line int, s string, reported map[rune]bool) {
		for _, r := range s {
			if fine.Is(r) || reported[r] {
				continue
			}
			reported[r] = true
			*out = append(*out, missing(file, line, r))
		}
	}
	b := p.Book
	var out []diag.Diagnostic
	check(&out, collection.BookFile, 0, b.Meta.Title+b.Meta.Subtitle+strings.Join(b.Meta.Authors, ""), map[rune]bool{})
	// The articles side by side, their warnings in book order.
	each := make([][]diag.Diagnostic, len(b.Articles))
	err := par.Each(len(b.Articles), 0, func(i int) string { return b.Articles[i].Path }, func(i int) error {
		a, out := b.Articles[i], &each[i]
		reported := map[rune]bool{}
		check(out, a.Path, a.TitleLine, a.Title+a.Subtitle, reported)
		// Each character once, at the line it first appears on: what
		// walking the text and reporting each once gives.
		chars, _ := a.Chars()
		for _, c := range chars {
			if fine.Is(c.R) || reported[c.R] {
				continue
			}
			reported[c.R] = true
			*out = append(*out, missing(a.Path, c.Line, c.R))
		}
		return nil
	})
	if err != nil {
		panic(err) // as it would have without the goroutines
	}
	for _, d := range each {
		out = append(out, d...)
	}
	return out
}
