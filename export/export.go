// Package export is Warraq's pipeline as a library: it loads a collection
// into the document model (reporting every problem), prepares the fonts,
// the text engine and the cover, and runs the renderers of the formats asked
// for side by side, writing each output atomically.
//
// The command-line tool is a thin layer over Build; anything a CI job or an
// editor's own program needs should be reachable from here.
package export

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/cover"
	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/epub"
	"github.com/warraq/warraq/export/html"
	"github.com/warraq/warraq/export/pdf"
	"github.com/warraq/warraq/export/render"
	"github.com/warraq/warraq/export/text"
	"github.com/warraq/warraq/internal/cache"
	"github.com/warraq/warraq/internal/par"
	"github.com/warraq/warraq/templates"
	"go.yaml.in/yaml/v3"
)

// registry lists the output formats, in the order they are reported. A
// format is a package implementing render.Renderer and one line here.
var registry = []render.Renderer{epub.Renderer{}, pdf.Renderer{}, html.Renderer{}}

// Formats are the names of the formats Build can write, in report order.
var Formats = func() []string {
	var out []string
	for _, r := range registry {
		out = append(out, r.Format())
	}
	return out
}()

// Options configure one Build.
type Options struct {
	Formats   []string // "epub", "pdf", "html"; empty means epub and pdf (see pick)
	OutDir    string   // where outputs go; "" means DIR/dist
	Selection collection.Options
	// Cache keeps per-article work between builds (OpenCache); nil keeps
	// nothing. The outputs are the same bytes either way.
	Cache *cache.Store

	// CacheDir, when set, keeps what a build may reuse across builds (the
	// generated cover's PNG, by its design); the output is the same bytes
	// with or without it.
	CacheDir string

	// Loaded, when set, is called with the book once it is loaded and
	// before anything is rendered (the CLI sizes its memory by it).
	Loaded func(*collection.Book)

	// Progress, when set, is called as each stage starts (done of total
	// stages finished), from one goroutine at a time.
	Progress func(stage string, done, total int)
}

// Manifest describes what a build wrote; the CLI prints it with --json.
type Manifest struct {
	Book     BookInfo          `json:"book"`
	Outputs  []Output          `json:"outputs"`
	Articles []ArticleManifest `json:"articles"`
	Warnings []string          `json:"warnings"`

	// Diagnostics are the warnings as values, for callers that print them
	// their own way (the CLI shows paths relative to the directory given).
	Diagnostics []diag.Diagnostic `json:"-"`
}

// BookInfo identifies the book a manifest is for.
type BookInfo struct {
	Title      string `json:"title"`
	Slug       string `json:"slug"`
	Identifier string `json:"identifier"`
	Modified   string `json:"modified,omitempty"` // RFC 3339, UTC; absent when the book has no date
}

// Output is one written file.
type Output struct {
	Format string `json:"format"`
	Path   string `json:"path"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
	Pages  int    `json:"pages,omitempty"` // paged formats only
}

// ArticleManifest is one article, in book order.
type ArticleManifest struct {
	Path  string `json:"path"`
	Title string `json:"title"`
	Part  string `json:"part,omitempty"`
	Date  string `json:"date,omitempty"` // YYYY-MM-DD
	Words int    `json:"words"`
}

// Prepared is a loaded book with its fonts, engine and cover: everything the
// renderers need, and every warning the build will give. Build makes one;
// `warraq check` and `warraq cover` use it too.
type Prepared struct {
	Book   *collection.Book
	Fonts  *text.FontSet
	Engine *text.Engine
	Cover  *cover.Cover
	// Templates are the book's templates: the built-in ones, with those
	// book.yaml's templates: replaces (parsed and checked).
	Templates *templates.Set
	// Warnings are every problem found that does not stop the build, sorted:
	// from loading, the formats' options, the cover and the characters no
	// font can draw. Renderers add none, so they do not depend on the
	// formats written.
	Warnings []diag.Diagnostic
}

// Load reads the collection in dir with the formats' book.yaml sections
// decoded (and checked) by the formats: the book every command starts
// from. With sel.Strict, a warning of loading is an error.
func Load(dir string, sel collection.Options) (*collection.Book, error) {
	b, err := load(dir, sel)
	if err == nil && sel.Strict && len(b.Diagnostics) > 0 {
		e := diag.Errors(diag.Strict(b.Diagnostics))
		return nil, &e
	}
	return b, err
}

func load(dir string, sel collection.Options) (*collection.Book, error) {
	sel.Formats = map[string]func(*yaml.Node, diag.List) any{}
	for _, r := range registry {
		sel.Formats[r.Format()] = r.Options
	}
	return collection.Load(dir, sel)
}

// Prepare loads the collection in dir and sets up fonts, text engine and
// cover, and finds the characters no font can draw. Errors are
// *diag.Errors whenever they concern the sources; with sel.Strict, every
// warning is one.
func Prepare(dir string, sel collection.Options) (*Prepared, error) {
	b, err := load(dir, sel)
	if err != nil {
		return nil, err
	}
	p := &Prepared{Book: b, Warnings: append([]diag.Diagnostic(nil), b.Diagnostics...)}
	uses := articleUses(b)
	p.Fonts, err = text.Load(fontSpec(b, uses))
	if err != nil {
		code := diag.Font
		if errors.As(err, new(*fs.PathError)) {
			code = diag.Unreadable // the file is there (the loader checked) but the machine will not give it
		}
		return nil, &diag.Errors{{File: collection.BookFile, Severity: diag.Error, Code: code, Message: "fonts: " + err.Error()}}
	}
	p.Engine = text.NewEngine(p.Fonts)
	// The templates are parsed, and the characters no font has looked
	// for, while the cover is designed: most of its time is waiting for
	// the faces it sets being parsed, with a core left idle (a ten-article
	// book started rendering 1 to 6 ms later with the three one after
	// another). Neither depends on the cover, nor the cover on them; a
	// panic in them is raised again here, as it was without the goroutine.
	var (
		tplErr   error
		glyphs   []diag.Diagnostic
		panicked any
		side     = make(chan struct{})
	)
	go func() {
		defer func() {
			panicked = recover()
			close(side)
		}()
		if p.Templates, tplErr = bookTemplates(b); tplErr == nil {
			glyphs = p.MissingGlyphs()
		}
	}()
	cov, diags, err := cover.New(b, p.Engine)
	<-side
	if panicked != nil {
		panic(panicked)
	}
	if err != nil {
		return nil, &diag.Errors{{File: collection.BookFile, Severity: diag.Error, Code: diag.Cover, Message: "cover: " + err.Error()}}
	}
	p.Cover = cov
	if tplErr != nil {
		return nil, tplErr
	}
	p.Warnings = append(p.Warnings, diags...)
	p.Warnings = append(p.Warnings, missingStyles(b, p.Fonts, uses)...)
	p.Warnings = append(p.Warnings, glyphs...)
	diag.Sort(p.Warnings, collection.BookFile)
	if sel.Strict && len(p.Warnings) > 0 {
		e := diag.Errors(diag.Strict(p.Warnings))
		return nil, &e
	}
	return p, nil
}

// Build loads the collection in dir and writes the requested formats. Each
// output is written to a temporary file in the output directory and renamed
// only when every renderer has succeeded, so an error, a panic or a
// cancelled ctx leaves earlier outputs as they were and no temporary file
// behind.
func Build(ctx context.Context, dir string, opt Options) (*Manifest, error) {
	formats, err := pick(opt.Formats)
	if err != nil {
		return nil, err
	}
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	outDir := opt.OutDir
	if outDir == "" {
		outDir = filepath.Join(absDir, "dist")
	}
	if outDir, err = filepath.Abs(outDir); err != nil {
		return nil, err
	}
	sel := opt.Selection
	sel.OutDir = outDir
	sel.Cache = opt.Cache
	// The loader puts the articles it read into the cache too: a build
	// that stops before rendering still waits for them to be written.
	defer opt.Cache.Flush()

	total := 2 + len(formats)
	progress := func(stage string, done int) {
		if opt.Progress != nil {
			opt.Progress(stage, done, total)
		}
	}
	progress("load", 0)
	p, err := Prepare(dir, sel)
	if err != nil {
		return nil, err
	}
	if opt.CacheDir != "" && p.Cover != nil {
		p.Cover.UseCache(opt.CacheDir)
	}
	if opt.Loaded != nil {
		opt.Loaded(p.Book)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return nil, fmt.Errorf("output directory %s: %w", outDir, unwrap(err))
	}
	removeStale(outDir)

	progress("render", 1)
	outs, err := p.render(ctx, formats, outDir, opt.Cache, sel.Probe, progress)
	opt.Cache.Trim()
	if err != nil {
		return nil, err
	}
	progress("done", total)
	return p.manifest(outs), nil
}

// render runs the renderers side by side, each into a temporary file, and
// renames them all once every one has succeeded.
func (p *Prepared) render(ctx context.Context, formats []render.Renderer, outDir string, store *cache.Store,
	probe func(stage, item string), progress func(string, int)) ([]*pending, error) {
	outs := make([]*pending, len(formats))
	discard := func() {
		for _, o := range outs {
			o.discard()
		}
	}
	for i, f := range formats {
		final := filepath.Join(outDir, p.Book.Meta.Slug+"."+f.Format())
		_, dir := f.(render.Directory)
		if dir {
			final = filepath.Join(outDir, p.Book.Meta.Slug) // a site: dist/<slug>/index.html
		}
		pw, err := newPending(ctx, outDir, final)
		if err != nil {
			discard()
			return nil, fmt.Errorf("output directory %s: cannot write: %w", outDir, unwrap(err))
		}
		pw.out.Format = f.Format()
		pw.unpack = dir
		outs[i] = pw
	}
	if p.Cover != nil && slices.ContainsFunc(formats, func(f render.Renderer) bool { _, ok := f.(render.CoverImage); return ok }) {
		// Made once (RasterOnce waits for it), on a core the renderers may
		// leave free: a small book's EPUB waits for the PDF's pages.
		go func() { _, _ = p.Cover.RasterOnce() }()
	}
	in := &render.Input{Book: p.Book, Fonts: p.Fonts, Engine: p.Engine, Cover: p.Cover, Templates: p.Templates, Cache: store, Probe: probe}
	if store != nil {
		in.Digests = render.NewDigests(p.Book)
	}
	var (
		mu        sync.Mutex
		done      = 1
		abandoned bool
	)
	finished := make(chan error, 1)
	feed := newPageFeed(formats) // the EPUB's page list from the PDF (pages.go)
	order := feed.order(len(formats))
	go func() {
		finished <- par.Each(len(formats), p.renderersAtOnce(len(formats)), func(i int) string { return "" }, func(k int) error {
			i := order[k]
			f, o := formats[i], outs[i]
			err := par.Do("", func() error {
				var breaks []render.PageBreak
				if i == feed.pager {
					defer func() { feed.publish(breaks) }()
				}
				if probe != nil {
					probe("render", f.Format())
				}
				fin, err := pagesFor(ctx, feed, f, in)
				if err != nil {
					return err
				}
				if i == feed.pager {
					cp := *fin
					cp.Paginated = feed.publish
					fin = &cp
				}
				res, err := f.Render(o, fin, p.Book.Formats[f.Format()])
				breaks = res.PageBreaks
				if err == nil {
					o.out.Pages = res.Pages
					err = o.finish()
				}
				return err
			})
			mu.Lock()
			done++
			if !abandoned {
				progress(f.Format(), done)
			}
			mu.Unlock()
			var we *WriteError
			switch {
			case errors.As(err, &we):
				return we // it names the file; what the renderer was writing into it does not matter
			case err != nil:
				return fmt.Errorf("%s: %w", f.Format(), err)
			}
			return nil
		})
	}()
	// On cancellation return at once: the temporary files go now, and a
	// renderer still running fails at its next write.
	var err error
	select {
	case err = <-finished:
	case <-ctx.Done():
		mu.Lock()
		abandoned = true // no progress reports after Build returns
		mu.Unlock()
		discard()
		return nil, ctx.Err()
	}
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		discard()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, templateError(err)
	}
	if err := commit(outs); err != nil {
		discard()
		return nil, err
	}
	return outs, nil
}

// sideBySide is the most Markdown a book may have for its formats to be
// rendered side by side. Each format's peak memory grows with the book, and
// side by side they add up: a 12 MB book of the densest text peaked at
// 745 MB for the PDF and 380 MB for the EPUB, 975 MB together. A larger book
// is rendered one format after the other.
const sideBySide = 8 << 20

// renderersAtOnce is how many of n renderers run at the same time.
func (p *Prepared) renderersAtOnce(n int) int {
	total := 0
	for _, a := range p.Book.Articles {
		total += a.Bytes
	}
	if total > sideBySide {
		return 1
	}
	return n
}

func (p *Prepared) manifest(outs []*pending) *Manifest {
	b := p.Book
	m := &Manifest{
		Book:     BookInfo{Title: b.Meta.Title, Slug: b.Meta.Slug, Identifier: b.Meta.Identifier},
		Warnings: []string{},
	}
	if !b.Modified.IsZero() {
		m.Book.Modified = b.Modified.UTC().Format("2006-01-02T15:04:05Z")
	}
	for _, o := range outs {
		m.Outputs = append(m.Outputs, o.out)
	}
	for _, a := range b.Articles {
		am := ArticleManifest{Path: a.Path, Title: a.Title, Words: a.Words}
		if a.Part != nil {
			am.Part = a.Part.Title
		}
		if !a.Date.IsZero() {
			am.Date = a.Date.Format("2006-01-02")
		}
		m.Articles = append(m.Articles, am)
	}
	for _, w := range p.Warnings {
		m.Warnings = append(m.Warnings, w.String())
	}
	m.Diagnostics = p.Warnings
	return m
}

// pick returns the renderers named in the --format values (each may be a
// comma-separated list), in registry order; none named means every format
// but those written only on request (the web edition).
func pick(in []string) ([]render.Renderer, error) {
	if len(in) == 0 {
		var out []render.Renderer
		for _, r := range registry {
			if _, ok := r.(interface{ OnRequest() }); !ok {
				out = append(out, r)
			}
		}
		return out, nil
	}
	want := map[string]bool{}
	for _, f := range in {
		for _, s := range strings.Split(f, ",") {
			s = strings.ToLower(strings.TrimSpace(s))
			if s == "" {
				continue
			}
			if !slices.Contains(Formats, s) {
				return nil, &FormatError{Format: s}
			}
			want[s] = true
		}
	}
	var out []render.Renderer
	for _, r := range registry {
		if want[r.Format()] {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return nil, &FormatError{}
	}
	return out, nil
}

// FormatError is an unknown or empty --format: a usage error.
type FormatError struct{ Format string }

func (e *FormatError) Error() string {
	known := strings.Join(Formats, ", ")
	if e.Format == "" {
		return "no output format given (use " + known + ")"
	}
	return fmt.Sprintf("unknown format %q (use %s)", e.Format, known)
}

func unwrap(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
