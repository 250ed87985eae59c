package export

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/html"
	"github.com/warraq/warraq/export/render"
)

// BenchmarkUnpackSite is what writing the web edition as a directory adds
// to writing it as one stream: unpacking the samples' site beside its place
// and swapping it in.
func BenchmarkUnpackSite(b *testing.B) {
	p, err := Prepare("../samples", collection.Options{})
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	in := &render.Input{Book: p.Book, Fonts: p.Fonts, Engine: p.Engine, Cover: p.Cover, Templates: p.Templates}
	if _, err := (html.Renderer{}).Render(&buf, in, p.Book.Formats["html"]); err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	final := filepath.Join(dir, "site")
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		pw, err := newPending(context.Background(), dir, final)
		if err != nil {
			b.Fatal(err)
		}
		pw.unpack = true
		if _, err := pw.Write(buf.Bytes()); err != nil {
			b.Fatal(err)
		}
		if err := pw.finish(); err != nil {
			b.Fatal(err)
		}
		if err := commit([]*pending{pw}); err != nil {
			b.Fatal(err)
		}
	}
}
