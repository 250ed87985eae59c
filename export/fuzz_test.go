package export

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/doc"
)

// FuzzCollection loads whole collections — a book.yaml and two articles,
// front matter and body — as a build does, with the formats' own sections
// decoded: no panic, no hang (scripts/fuzz.sh bounds each run's time and
// memory), every problem at a file of the collection and a line inside it,
// and a loaded book whose structure stays within the nesting limits.
// The seed corpus is in testdata/fuzz/FuzzCollection; run it with
// go test -run='^$' -fuzz=FuzzCollection ./export
func FuzzCollection(f *testing.F) {
	samples := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join("..", "samples", name))
		if err != nil {
			f.Fatal(err)
		}
		return data
	}
	f.Add(string(samples("book.yaml")), samples("paper-in-baghdad.md"), samples("naskh-script.md"))
	f.Add("parts:\n  - title: أ\n    articles: [a.md]\npdf: {size: 10mmx10mm, font-size: 0}\n",
		[]byte("---\ntitle: &t أ\ntags: [*t, *t]\n---\n\n> > > > > > > > > > نص\n"), []byte("# ب\n\n<div><div><b>نص</div>\n"))
	f.Add("title: x\ndate: 2025-01-01\npdf:\n  margins: {inner: 300mm}\nepub: {toc-depth: 9}\n",
		[]byte("---\ntitle: أ\n---\n\n## أ {#s}\n\n## ب {#s}\n\n[[[[x](b.md)]]]\n"), []byte("\xff\xfe#\x00 \x00b\x00"))
	f.Fuzz(func(t *testing.T, book string, a, b []byte) {
		dir := t.TempDir()
		files := map[string][]byte{"a.md": a, "b.md": b}
		if book != "" {
			files[collection.BookFile] = []byte(book)
		}
		lines := map[string]int{}
		for name, data := range files {
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
			lines[name] = 1 + bytes.Count(data, []byte{'\n'}) + bytes.Count(data, []byte{'\r'})
		}
		bk, err := Load(dir, collection.Options{})
		var diags []diag.Diagnostic
		var de *diag.Errors
		switch {
		case err == nil:
			diags = bk.Diagnostics
		case errors.As(err, &de):
			diags = *de
		default:
			t.Fatalf("not a list of problems: %v", err)
		}
		for _, d := range diags {
			n, known := lines[d.File]
			if d.File == collection.BookFile && !known {
				n, known = 1, true // problems with no book.yaml to blame are the whole book's
			}
			if !known && d.File != dir || d.Line < 0 || d.Line > n+1 || d.Message == "" {
				t.Fatalf("diagnostic outside the collection: %+v (%v)", d, lines)
			}
		}
		if err != nil {
			return
		}
		for _, art := range bk.Articles {
			if d := nesting(art.Model().Blocks); d > 8 {
				t.Fatalf("%s: blocks nested %d deep", art.Path, d)
			}
			if strings.TrimSpace(art.Title) == "" {
				t.Fatalf("%s has no title and no error", art.Path)
			}
		}
	})
}

// nesting is how deeply quotations, lists, divisions and definition lists
// nest in bs.
func nesting(bs []doc.Block) int {
	deepest := 0
	for _, b := range bs {
		var inner [][]doc.Block
		switch b := b.(type) {
		case *doc.Quote:
			inner = [][]doc.Block{b.Blocks}
		case *doc.Div:
			inner = [][]doc.Block{b.Blocks}
		case *doc.List:
			for _, it := range b.Items {
				inner = append(inner, it.Blocks)
			}
		case *doc.DefList:
			for _, it := range b.Items {
				inner = append(inner, it.Defs...)
			}
		}
		for _, in := range inner {
			deepest = max(deepest, 1+nesting(in))
		}
	}
	return deepest
}
