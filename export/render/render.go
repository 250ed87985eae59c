// Package render is the contract between the pipeline and the output
// formats. Each format is a Renderer in a package of its own (export/epub,
// export/pdf), listed once in export's registry; the pipeline knows nothing
// else about it. Adding a format is a new package and one line there.
//
// A renderer reads the loaded book and writes one file. It reads no source
// file, parses no Markdown and decides nothing about what is valid: every
// problem was reported while loading, so what a build says does not depend
// on the formats it writes.
package render

import (
	"io"

	"go.yaml.in/yaml/v3"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/cover"
	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/text"
	"github.com/warraq/warraq/internal/cache"
	"github.com/warraq/warraq/templates"
)

// EmphasisColour is how every format shows emphasis when the book's body
// family has no italic face: Arabic is not slanted, and a regular face in
// place of the missing italic would make the emphasis invisible.
const EmphasisColour = "#8a2c1b"

// Renderer writes a book in one format.
type Renderer interface {
	// Format is the format's name: the --format value, the output file's
	// extension and the book.yaml key of its options ("epub", "pdf").
	Format() string
	// Options decodes the format's book.yaml section (nil when the book has
	// none), reporting problems to r with their lines, and returns the
	// options with every default applied. It runs while the book loads,
	// whatever formats are asked for, so a mistake in any section is
	// reported by every build and by check.
	Options(n *yaml.Node, r diag.List) any
	// Render writes the book to w with opts, the value Options returned.
	Render(w io.Writer, in *Input, opts any) (Result, error)
}

// Input is everything a renderer may use.
type Input struct {
	Book   *collection.Book
	Fonts  *text.FontSet
	Engine *text.Engine // shared text engine over Fonts (safe for concurrent use)
	Cover  *cover.Cover
	// Templates are the book's templates: the built-in ones, with those
	// its templates: directory replaces.
	Templates *templates.Set
	// Cache, when set, keeps the results of per-article work between
	// builds (internal/cache); a renderer's output is the same with it or
	// without it.
	Cache *cache.Store
	// Digests are the articles' digests, shared by the formats' caches;
	// nil makes each anew.
	Digests *Digests
	// PageBreaks are where the print edition's body pages begin, from the
	// PDF's layout, for a format that carries them (the EPUB's page list);
	// nil when there are none.
	PageBreaks []PageBreak
	// Paginated, when set, is given a Paginator's page breaks (those its
	// Result will carry) as soon as they are final, before it has finished
	// writing, so that a format waiting for them can start.
	Paginated func([]PageBreak)
	// Probe, when set, is called as each parallel task of a renderer
	// starts, with the stage and the item (an article's path); tests use
	// it to make a task fail.
	Probe func(stage, item string)
}

// Directory is a Renderer whose output is a directory of files (a web
// site) rather than one file. Its Render writes a tar stream of regular
// files with relative, slash-separated names; the pipeline unpacks it into
// a directory named after the book (no extension) and puts that in place
// only when every format has succeeded, as it does with files. A stream
// keeps the renderer as testable as the others (read the tar back) and
// gives the site one checksum for the manifest.
type Directory interface {
	Renderer
	// Directory marks the format; it does nothing.
	Directory()
}

// Templated is a Renderer that writes its pages with templates a book may
// replace (book.yaml's templates:). Views gives the data each template is
// executed with, so that the book's templates are checked while it loads,
// whatever formats are asked for.
type Templated interface {
	Renderer
	Views() templates.Views
}

// Paginator is a paged format whose Result says where its pages begin
// (the PDF).
type Paginator interface {
	Renderer
	// Paginates marks the format; it does nothing.
	Paginates()
}

// PageReader is a format that carries a paged format's pages (the EPUB's
// page list): it gets Input.PageBreaks from the Paginator's layout in the
// same build.
type PageReader interface {
	Renderer
	// ReadsPages marks the format; it does nothing.
	ReadsPages()
}

// CoverImage is a format that shows the cover as an image
// (cover.Cover.RasterOnce, the EPUB's): the pipeline has the image made while
// the formats run, before this one needs it.
type CoverImage interface {
	Renderer
	// RastersCover marks the format; it does nothing.
	RastersCover()
}

// Result is what a renderer reports about the file it wrote.
type Result struct {
	Pages int // pages of a paged format; 0 otherwise
	// PageBreaks are where its body pages begin (the PDF), in page order.
	PageBreaks []PageBreak
}

// PageBreak is where a page of the print edition begins, as a place in the
// document model: the first word printed on the page is word Word (counted
// from 0, words being runs of characters between white space) of the
// text of block Block, in the article Article. A page that begins with a
// part's title page has Part set and no Article.
//
// The block is given by its number, not as a doc.Block: each format
// decodes the article's model for itself (collection.Article.Model), so
// the PDF's blocks are not the EPUB's, and a block's number is the same
// in both.
type PageBreak struct {
	Page    int    // the body page, from 1
	Label   string // the number printed on the page
	Part    *collection.Part
	Article *collection.Article
	// Block is 0 for the article's start, before its title, and n for
	// its n-th block, counted from 1 in the order doc.AllBlocks lists
	// them.
	Block int
	Word  int
}
