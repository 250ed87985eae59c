// Package export is Warraq's pipeline as a library: it loads a collection,
// prepares the fonts, the text engine and the cover, and runs the EPUB and
// PDF renderers side by side, writing each output atomically.
//
// The command-line tool is a thin layer over Build; anything a CI job or an
// editor's own program needs should be reachable from here.
package export

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/cover"
	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/epub"
	"github.com/warraq/warraq/export/pdf"
	"github.com/warraq/warraq/export/text"
)

// Formats Build can write, in the order they are reported.
var Formats = []string{"epub", "pdf"}

// Options configure one Build.
type Options struct {
	Formats   []string // "epub", "pdf"; empty means both
	OutDir    string   // where outputs go; "" means DIR/dist
	Selection collection.Options

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
	Modified   string `json:"modified"` // RFC 3339, UTC
}

// Output is one written file.
type Output struct {
	Format string `json:"format"`
	Path   string `json:"path"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
	Pages  int    `json:"pages,omitempty"` // PDF only
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
// renderers need. Build makes one; `warraq check` and `warraq cover` use it too.
type Prepared struct {
	Book     *collection.Book
	Fonts    *text.FontSet
	Engine   *text.Engine
	Cover    *cover.Cover
	Warnings []diag.Diagnostic // from loading and the cover, in order
}

// Prepare loads the collection in dir and sets up fonts, text engine and cover.
// Errors are *diag.Errors whenever they concern the sources.
func Prepare(dir string, sel collection.Options) (*Prepared, error) {
	b, err := collection.Load(dir, sel)
	if err != nil {
		return nil, err
	}
	p := &Prepared{Book: b, Warnings: append([]diag.Diagnostic(nil), b.Diagnostics...)}
	f := b.Config.Fonts
	p.Fonts, err = text.NewFontSet(f.Body, f.Heading, f.Mono, b.Root)
	if err != nil {
		return nil, &diag.Errors{{File: collection.BookFile, Severity: diag.Error, Message: "fonts: " + err.Error()}}
	}
	p.Engine = text.NewEngine(p.Fonts)
	cov, diags, err := cover.New(b, p.Engine)
	if err != nil {
		return nil, &diag.Errors{{File: collection.BookFile, Severity: diag.Error, Message: "cover: " + err.Error()}}
	}
	p.Cover = cov
	p.Warnings = append(p.Warnings, diags...)
	if sel.Strict {
		if e := strictErrors(p.Warnings); e != nil {
			return nil, e
		}
	}
	return p, nil
}

// strictErrors turns warnings into errors for --strict.
func strictErrors(ws []diag.Diagnostic) error {
	if len(ws) == 0 {
		return nil
	}
	e := make(diag.Errors, len(ws))
	for i, w := range ws {
		w.Severity = diag.Error
		e[i] = w
	}
	return &e
}

// Build loads the collection in dir and writes the requested formats. Each
// output is written to a temporary file in the output directory and renamed
// only when every renderer has succeeded, so an error or a cancelled ctx
// leaves earlier outputs as they were and no temporary file behind.
func Build(ctx context.Context, dir string, opt Options) (*Manifest, error) {
	formats, err := normalizeFormats(opt.Formats)
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
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b := p.Book
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return nil, fmt.Errorf("output directory %s: %w", outDir, unwrap(err))
	}

	progress("render", 1)
	var (
		mu        sync.Mutex
		warnings  = append([]diag.Diagnostic(nil), p.Warnings...)
		done      = 1
		abandoned bool
	)
	warn := func(d diag.Diagnostic) {
		mu.Lock()
		warnings = append(warnings, d)
		mu.Unlock()
	}
	outs := make([]*pending, len(formats))
	var wg sync.WaitGroup
	for i, f := range formats {
		final := filepath.Join(outDir, b.Meta.Slug+"."+f)
		pw, err := newPending(ctx, outDir, final)
		if err != nil {
			for _, o := range outs[:i] {
				o.discard()
			}
			return nil, fmt.Errorf("output directory %s: cannot write: %w", outDir, unwrap(err))
		}
		outs[i] = pw
		pw.out.Format = f
		wg.Add(1)
		go func() {
			defer wg.Done()
			pw.err = render(f, pw, p, warn)
			if pw.err == nil {
				pw.err = pw.finish()
			}
			mu.Lock()
			done++
			if !abandoned {
				progress(f, done)
			}
			mu.Unlock()
		}()
	}
	// On cancellation return at once: the temporary files go now, and a
	// renderer still running fails at its next write.
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-ctx.Done():
		mu.Lock()
		abandoned = true // no progress reports after Build returns
		mu.Unlock()
		for _, o := range outs {
			o.discard()
		}
		return nil, ctx.Err()
	}

	var errs []error
	for _, o := range outs {
		if o.err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", o.out.Format, o.err))
		}
	}
	if ctx.Err() != nil {
		errs = append([]error{ctx.Err()}, errs...)
	}
	sortDiagnostics(warnings)
	if len(errs) == 0 && sel.Strict {
		if e := strictErrors(warnings); e != nil {
			errs = append(errs, e)
		}
	}
	if len(errs) > 0 {
		for _, o := range outs {
			o.discard()
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, errors.Join(errs...)
	}
	for _, o := range outs {
		if err := o.commit(); err != nil {
			for _, o := range outs {
				o.discard()
			}
			return nil, err
		}
	}
	progress("done", total)

	m := &Manifest{
		Book: BookInfo{Title: b.Meta.Title, Slug: b.Meta.Slug, Identifier: b.Meta.Identifier,
			Modified: b.Modified.UTC().Format("2006-01-02T15:04:05Z")},
		Warnings: []string{},
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
	for _, w := range warnings {
		m.Warnings = append(m.Warnings, w.String())
	}
	m.Diagnostics = warnings
	return m, nil
}

// render runs one renderer, turning a panic into an error: a bug in a
// renderer must not print a stack trace at the user.
func render(format string, w io.Writer, p *Prepared, warn func(diag.Diagnostic)) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error (please report it with the input that caused it): %v", r)
		}
	}()
	switch format {
	case "epub":
		img, err := p.Cover.Raster()
		if err != nil {
			return fmt.Errorf("cover: %w", err)
		}
		return epub.Write(w, p.Book, epub.Options{Fonts: p.Fonts, Cover: img, Warn: warn})
	case "pdf":
		res, err := pdf.Write(w, p.Book, pdf.Options{Engine: p.Engine, Cover: p.Cover, Warn: warn})
		if pw, ok := w.(*pending); ok {
			pw.out.Pages = res.Pages
		}
		return err
	}
	return fmt.Errorf("unknown format %q", format)
}

func normalizeFormats(in []string) ([]string, error) {
	if len(in) == 0 {
		return append([]string(nil), Formats...), nil
	}
	want := map[string]bool{}
	for _, f := range in {
		for _, s := range strings.Split(f, ",") {
			s = strings.ToLower(strings.TrimSpace(s))
			if s == "" {
				continue
			}
			ok := false
			for _, k := range Formats {
				ok = ok || k == s
			}
			if !ok {
				return nil, &FormatError{Format: s}
			}
			want[s] = true
		}
	}
	var out []string
	for _, k := range Formats {
		if want[k] {
			out = append(out, k)
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
	if e.Format == "" {
		return "no output format given (use epub, pdf or both)"
	}
	return fmt.Sprintf("unknown format %q (use epub, pdf or both)", e.Format)
}

func sortDiagnostics(ds []diag.Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		if ds[i].File != ds[j].File {
			return ds[i].File < ds[j].File
		}
		return ds[i].Line < ds[j].Line
	})
}

func unwrap(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// pending is an output being written: a temporary file beside its final
// name, hashed and counted as it is written, and refusing writes once the
// build is cancelled. Its mutex lets a cancelled Build discard the file while
// a renderer may still be writing to it.
type pending struct {
	ctx   context.Context
	mu    sync.Mutex
	f     *os.File // nil once closed
	buf   *bufio.Writer
	sum   hash.Hash
	tmp   string
	final string
	out   Output
	err   error

	committed, discarded bool
}

func newPending(ctx context.Context, dir, final string) (*pending, error) {
	f, err := os.CreateTemp(dir, "."+filepath.Base(final)+".*.tmp")
	if err != nil {
		return nil, err
	}
	p := &pending{ctx: ctx, f: f, sum: sha256.New(), tmp: f.Name(), final: final}
	p.buf = bufio.NewWriterSize(io.MultiWriter(f, p.sum), 256<<10)
	p.out.Path = final
	return p, nil
}

var errDiscarded = errors.New("output discarded")

func (p *pending) Write(b []byte) (int, error) {
	if err := p.ctx.Err(); err != nil {
		return 0, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.discarded {
		return 0, errDiscarded
	}
	n, err := p.buf.Write(b)
	p.out.Bytes += int64(n)
	return n, err
}

// finish flushes and closes the temporary file.
func (p *pending) finish() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.discarded {
		return errDiscarded
	}
	if err := p.buf.Flush(); err != nil {
		return err
	}
	if err := p.f.Chmod(0o644); err != nil {
		return err
	}
	f := p.f
	p.f = nil
	if err := f.Close(); err != nil {
		return err
	}
	p.out.SHA256 = hex.EncodeToString(p.sum.Sum(nil))
	return p.ctx.Err()
}

func (p *pending) commit() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := os.Rename(p.tmp, p.final); err != nil {
		return fmt.Errorf("%s: %w", p.final, unwrap(err))
	}
	p.committed = true
	return nil
}

// discard removes the temporary file unless it was committed.
func (p *pending) discard() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.committed || p.discarded {
		return
	}
	p.discarded = true
	if p.f != nil {
		p.f.Close()
		p.f = nil
	}
	os.Remove(p.tmp)
}
