// Package html writes a book's web edition: a static site to put on a
// columnist's own server or open from disk. An index page with the cover
// and the contents, one page per article with links to the previous and
// next, and a search page whose index (export/search) is built here and
// searched in the browser.
//
// It is an HTML output beside the EPUB, and looks like it: the articles'
// markup is export/xhtml's, the stylesheet and its fonts are the EPUB's
// (epub.Stylesheet), and web.css adds only what a site needs (a page width
// for phones, the header, the pager). The pages are templates/*.html, which
// a book may replace (templates:), as it may add a stylesheet (style:).
//
// The output is a directory (render.Directory): Render writes it as a tar
// stream, which the pipeline unpacks; Site gives the files themselves, for
// the live preview. Like every format, the site is a function of the book
// alone: the same book gives the same bytes.
package html

import (
	"archive/tar"
	"bytes"
	"fmt"
	"io"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/render"
	"github.com/warraq/warraq/templates"
)

// Renderer is the web edition.
type Renderer struct{}

// Format is "html".
func (Renderer) Format() string { return "html" }

// Directory marks the web edition as a directory of files.
func (Renderer) Directory() {}

// OnRequest keeps the web edition out of a plain build: it is written when
// --format names it.
func (Renderer) OnRequest() {}

// Options decodes book.yaml's html: section.
func (Renderer) Options(n *yaml.Node, r diag.List) any { return decodeOptions(n, r) }

// Render writes the site as a tar stream; opts is what Options returned.
func (Renderer) Render(w io.Writer, in *render.Input, opts any) (render.Result, error) {
	o, ok := opts.(Options)
	if !ok {
		o = DefaultOptions()
	}
	files, err := Site(in, o)
	if err != nil {
		return render.Result{}, err
	}
	return render.Result{}, writeTar(w, files, in.Book.Modified)
}

// File is one file of the site.
type File struct {
	Name string // slash-separated, relative to the site's root
	Data []byte
}

// writeTar writes files as a tar stream that depends on nothing but them
// and t: fixed modes, owners and times.
func writeTar(w io.Writer, files []File, t time.Time) error {
	tw := tar.NewWriter(w)
	t = t.UTC().Truncate(time.Second)
	for _, f := range files {
		h := &tar.Header{Typeflag: tar.TypeReg, Name: f.Name, Size: int64(len(f.Data)), Mode: 0o644, ModTime: t}
		if err := tw.WriteHeader(h); err != nil {
			return fmt.Errorf("html: %s: %w", f.Name, err)
		}
		if _, err := tw.Write(f.Data); err != nil {
			return fmt.Errorf("html: %s: %w", f.Name, err)
		}
	}
	return tw.Close()
}

// ReadTar reads a stream Render wrote back into files, for tests and tools.
func ReadTar(data []byte) ([]File, error) {
	tr := tar.NewReader(bytes.NewReader(data))
	var out []File
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			return nil, err
		}
		out = append(out, File{Name: h.Name, Data: b})
	}
}

// Views are the data each of the web edition's templates is given, for a
// book's templates to be checked against while the book loads.
func (Renderer) Views() templates.Views {
	return templates.Views{"index.html": page{}, "article.html": page{}, "search.html": page{}, "web.css": nil}
}
