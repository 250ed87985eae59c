package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/warraq/warraq/export"
)

// buildFlags are build's options as the command line gives them.
type buildFlags struct {
	sel            selection
	cache          cacheFlags
	formats        []string
	out            string
	asJSON         bool
	quiet, verbose bool
}

func (a *app) buildCmd() *cobra.Command {
	var fl buildFlags
	c := &cobra.Command{
		Use:   "build [DIR]",
		Short: "Build the EPUB and PDF (and, when asked, the web edition) of a collection",
		Long: `Build reads the collection in DIR (default: the current directory) and
writes SLUG.epub and SLUG.pdf into --out (default DIR/dist); --format html
writes the web edition, a static site, into the directory SLUG/ there. Each
output is written to a temporary file or directory and put in place at the
end: a failed or interrupted build leaves earlier outputs untouched. With
--json, stdout carries one JSON document (schema/manifest.v1.json) whether
the build succeeds or fails.`,
		Args: maxOneDir,
		RunE: func(cmd *cobra.Command, args []string) error {
			rep := &buildReport{result: newResult("manifest"), Outputs: []export.Output{},
				Articles: []export.ArticleManifest{}, Warnings: []string{}}
			err := a.build(cmd.Context(), args, &fl, rep)
			return a.report(fl.asJSON, rep, &rep.result, err)
		},
	}
	fl.sel.flags(c)
	fl.cache.flags(c)
	f := c.Flags()
	f.StringSliceVarP(&fl.formats, "format", "f", nil, "formats to write: epub, pdf, html (the web edition); default epub and pdf")
	f.StringVarP(&fl.out, "out", "o", "", "output directory (default DIR/dist)")
	f.BoolVar(&fl.asJSON, "json", false, "print the manifest (outputs, articles, diagnostics) as JSON on stdout, also when the build fails (schema/manifest.v1.json)")
	f.BoolVarP(&fl.quiet, "quiet", "q", false, "print nothing but errors")
	f.BoolVarP(&fl.verbose, "verbose", "v", false, "print each stage as it runs")
	_ = c.RegisterFlagCompletionFunc("format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return export.Formats, cobra.ShellCompDirectiveNoFileComp
	})
	return c
}

// build runs one build, reports on stderr, and fills rep with the manifest.
func (a *app) build(ctx context.Context, args []string, fl *buildFlags, rep *buildReport) error {
	dir, opt, err := fl.sel.forDir(args)
	if err != nil {
		return err
	}
	opt.Probe = a.probe
	store, cacheRoot, err := fl.cache.open()
	if err != nil {
		return err
	}
	bo := export.Options{Formats: fl.formats, OutDir: fl.out, Selection: opt, Cache: store, CacheDir: cacheRoot, Loaded: sizeMemory}
	var bar *progressBar
	if !fl.quiet {
		bar = newProgress(a.stderr, fl.verbose)
		bo.Progress = bar.update
	}
	start := time.Now()
	m, err := export.Build(ctx, dir, bo)
	bar.clear()
	if err != nil {
		return a.contentErr(dir, err, true)
	}
	if !fl.quiet {
		for _, d := range m.Diagnostics {
			fmt.Fprintln(a.stderr, display(dir, d))
		}
		for _, o := range m.Outputs {
			extra := ""
			if o.Pages > 0 {
				extra = fmt.Sprintf(", %d pages", o.Pages)
			}
			fmt.Fprintf(a.stderr, "wrote %s (%s%s)\n", shortPath(o.Path), size(o.Bytes), extra)
		}
		if fl.verbose {
			fmt.Fprintf(a.stderr, "%d articles in %.2fs\n", len(m.Articles), time.Since(start).Seconds())
		}
	}
	rep.Book, rep.Outputs, rep.Articles = &m.Book, m.Outputs, m.Articles
	for _, d := range m.Diagnostics {
		rep.Warnings = append(rep.Warnings, display(dir, d))
		rep.Diagnostics = append(rep.Diagnostics, displayDiag(dir, d))
	}
	return nil
}

// shortPath shows p relative to the working directory when it is below it.
func shortPath(p string) string {
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	if r, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return p
}

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// progressBar draws stage progress on stderr: a bar redrawn in place when
// stderr is a terminal; with -v, one line per stage otherwise; else nothing.
type progressBar struct {
	out     io.Writer
	tty     bool
	verbose bool
	drawn   bool
	start   time.Time
}

func newProgress(w io.Writer, verbose bool) *progressBar {
	p := &progressBar{out: w, verbose: verbose, start: time.Now()}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.tty = true
	}
	return p
}

var stageNames = map[string]string{
	"load": "loading articles", "render": "rendering", "epub": "EPUB written",
	"pdf": "PDF written", "html": "web edition written", "done": "done",
}

func (p *progressBar) update(stage string, done, total int) {
	name := stageNames[stage]
	if name == "" {
		name = stage
	}
	switch {
	case p.tty:
		const width = 24
		n := width * done / max(total, 1)
		fmt.Fprintf(p.out, "\r\x1b[K[%s%s] %s", strings.Repeat("#", n), strings.Repeat(".", width-n), name)
		p.drawn = true
	case p.verbose:
		fmt.Fprintf(p.out, "%6.2fs %s\n", time.Since(p.start).Seconds(), name)
	}
}

func (p *progressBar) clear() {
	if p != nil && p.drawn {
		fmt.Fprint(p.out, "\r\x1b[K")
		p.drawn = false
	}
}
