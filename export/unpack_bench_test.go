package export

import (
	"bytes"
	"os"
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
	tarFile := filepath.Join(dir, "site.tar")
	if err := os.WriteFile(tarFile, buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	final := filepath.Join(dir, "site")
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		tmp, err := unpackSite(tarFile, dir, final)
		if err != nil {
			b.Fatal(err)
		}
		if err := replaceDir(tmp, final); err != nil {
			b.Fatal(err)
		}
	}
}
