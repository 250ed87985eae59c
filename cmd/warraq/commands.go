package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // decodes a JPEG cover to write it as PNG
	_ "image/png"  // decodes a PNG cover
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/warraq/warraq/export"
	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/fonts"
	"github.com/warraq/warraq/internal/imgcolour"
	"github.com/warraq/warraq/internal/slug"
	"github.com/warraq/warraq/templates"
)

func (a *app) listCmd() *cobra.Command {
	var sel selection
	var asJSON bool
	var out string
	c := &cobra.Command{
		Use:   "list [DIR]",
		Short: "List the articles build would include, in book order",
		Long: `List prints one line per selected article, in book order, with five
tab-separated fields: part, date, title, words, path. "-" stands for a
missing part or date. With --json it prints them as JSON instead
(schema/list.v1.json), with the warnings loading gave.`,
		Args: maxOneDir,
		RunE: func(cmd *cobra.Command, args []string) error {
			rep := &listReport{result: newResult("list"), Articles: []export.ArticleManifest{}}
			err := a.list(args, &sel, asJSON, out, rep)
			return a.report(asJSON, rep, &rep.result, err)
		},
	}
	sel.flags(c)
	outFlag(c, &out)
	c.Flags().BoolVar(&asJSON, "json", false, "print the articles and warnings as JSON on stdout (schema/list.v1.json)")
	return c
}

func (a *app) list(args []string, sel *selection, asJSON bool, out string, rep *listReport) error {
	dir, opt, err := sel.forDir(args)
	if err != nil {
		return err
	}
	opt.Probe, opt.OutDir = a.probe, out
	b, err := export.Load(dir, opt)
	if err != nil {
		return a.contentErr(dir, err, false)
	}
	for _, d := range b.Diagnostics {
		rep.Diagnostics = append(rep.Diagnostics, displayDiag(dir, d))
	}
	for _, ar := range b.Articles {
		am := export.ArticleManifest{Path: ar.Path, Title: ar.Title, Words: ar.Words}
		if ar.Part != nil {
			am.Part = ar.Part.Title
		}
		if !ar.Date.IsZero() {
			am.Date = ar.Date.Format("2006-01-02")
		}
		rep.Articles = append(rep.Articles, am)
		if asJSON {
			continue
		}
		part, date := "-", "-"
		if am.Part != "" {
			part = oneLine(am.Part)
		}
		if am.Date != "" {
			date = am.Date
		}
		fmt.Fprintf(a.stdout, "%s\t%s\t%s\t%d\t%s\n", part, date, oneLine(ar.Title), ar.Words, ar.Path)
	}
	return nil
}

// outFlag is build's --out for the commands that read a collection as
// build does: the output directory is never read as input, so they must
// know it to leave out the same files.
func outFlag(c *cobra.Command, out *string) {
	c.Flags().StringVarP(out, "out", "o", "", "the output directory build writes to, which is never read (default DIR/dist)")
}

// oneLine keeps tab-separated output one record per line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func (a *app) checkCmd() *cobra.Command {
	var sel selection
	var asJSON bool
	var out string
	c := &cobra.Command{
		Use:   "check [DIR]",
		Short: "Check everything build would read and print every problem",
		Long: `Check reads the collection as build would — book.yaml, front matter,
images, links between articles, fonts and the characters they cannot draw —
and prints every problem as file:line: message. It exits with 1 when there is
an error (with --strict, when there is any problem at all). The EPUB and PDF
warnings are the ones build gives, whatever formats it writes. With --json,
stdout carries one JSON document (schema/check.v1.json) and the messages go
to stderr.`,
		Args: maxOneDir,
		RunE: func(cmd *cobra.Command, args []string) error {
			rep := &checkReport{result: newResult("check"), Strict: sel.strict}
			err := a.check(cmd.Context(), args, &sel, asJSON, out, rep)
			return a.report(asJSON, rep, &rep.result, err)
		},
	}
	sel.flags(c)
	outFlag(c, &out)
	c.Flags().BoolVar(&asJSON, "json", false, "print the problems and a summary as JSON on stdout (schema/check.v1.json)")
	return c
}

func (a *app) check(ctx context.Context, args []string, sel *selection, asJSON bool, outDir string, rep *checkReport) error {
	dir, opt, err := sel.forDir(args)
	if err != nil {
		return err
	}
	opt.Probe, opt.OutDir = a.probe, outDir
	out := a.stdout
	if asJSON {
		out = a.stderr
	}
	p, diags, err := export.Check(ctx, dir, opt)
	if err != nil {
		var ce *diag.Errors
		if !errors.As(err, &ce) {
			return a.contentErr(dir, err, false)
		}
		f := a.classify(dir, err, false)
		for _, d := range f.diags {
			fmt.Fprintln(out, d)
		}
		n := countSeverity(*ce, diag.Error)
		return &exitError{f.code, &diagnosed{fmt.Sprintf("%s, %s", pluralize(n, "error"), pluralize(len(*ce)-n, "warning")), f.diags}}
	}
	if opt.Strict {
		diags = diag.Strict(diags)
	}
	for _, d := range diags {
		d = displayDiag(dir, d)
		rep.Diagnostics = append(rep.Diagnostics, d)
		fmt.Fprintln(out, d)
	}
	b := p.Book
	n := countSeverity(diags, diag.Error)
	rep.Summary = &checkSummary{Articles: len(b.Articles), Images: len(b.Assets), Errors: n, Warnings: len(diags) - n}
	if n > 0 && !opt.Strict {
		return &exitError{exitContent, &diagnosed{pluralize(n, "error"), rep.Diagnostics}}
	}
	summary := fmt.Sprintf("%s, %s, %s", pluralize(len(b.Articles), "article"), pluralize(len(b.Assets), "image"), pluralize(len(diags), "warning"))
	if n > 0 {
		return &exitError{exitContent, &diagnosed{summary + " (errors under --strict)", rep.Diagnostics}}
	}
	fmt.Fprintln(a.stderr, "ok:", summary)
	return nil
}

func (a *app) initCmd() *cobra.Command {
	var withTemplates bool
	c := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Start a new collection: a book.yaml and one example article",
		Long: `Init starts a collection in DIR: a commented book.yaml and an example article.
With --templates it also copies Warraq's built-in templates into DIR/templates,
to change them for this book; in a collection that already has a book.yaml it
writes only the templates, and says what to add to book.yaml.`,
		Args: maxOneDir,
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := dirArg(args)
			_, err := os.Stat(filepath.Join(dir, collection.BookFile))
			exists := err == nil
			if exists && !withTemplates {
				return &exitError{exitContent, fmt.Errorf("%s already has a %s; nothing written", dir, collection.BookFile)}
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return &exitError{exitContent, fmt.Errorf("cannot create %s: %w", dir, unwrapPath(err))}
			}
			var files []initFile
			if !exists {
				book := fmt.Sprintf(initBook, strconv.Quote(initTitle(dir)))
				if withTemplates {
					book = strings.Replace(book, "# templates: templates ", "templates: templates   ", 1)
				}
				files = append(files, initFile{collection.BookFile, book}, initFile{"first-article.md", initArticle})
			}
			if withTemplates {
				files = append(files, templateFiles()...)
			}
			// A folder that already holds articles gets a book.yaml for them,
			// not an example article that would become part of their book.
			if n := markdownFiles(dir); n > 0 {
				files = files[:1]
				fmt.Fprintf(a.stderr, "%s has %d Markdown file%s: writing book.yaml for them, and no example article\n", dir, n, plural(n))
			}
			for _, f := range files {
				p := filepath.Join(dir, filepath.FromSlash(f.name))
				if _, err := os.Stat(p); err == nil {
					return &exitError{exitContent, fmt.Errorf("%s exists; nothing overwritten", p)}
				}
			}
			for _, f := range files {
				p := filepath.Join(dir, filepath.FromSlash(f.name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					return &exitError{exitContent, fmt.Errorf("cannot create %s: %w", filepath.Dir(p), unwrapPath(err))}
				}
				if err := writeAtomic(p, []byte(f.body)); err != nil {
					return &exitError{exitContent, err}
				}
				if !strings.HasPrefix(f.name, "templates/") {
					fmt.Fprintln(a.stderr, "wrote", p)
				}
			}
			if withTemplates {
				fmt.Fprintf(a.stderr, "wrote %d templates to %s\n", len(templates.Replaceable()), filepath.Join(dir, "templates"))
				if exists {
					fmt.Fprintf(a.stderr, "next: add  templates: templates  to %s, and delete the templates you do not change\n", filepath.Join(dir, collection.BookFile))
					return nil
				}
			}
			fmt.Fprintf(a.stderr, "next: warraq build %s\n", dir)
			return nil
		},
	}
	c.Flags().BoolVar(&withTemplates, "templates", false, "copy the built-in templates into DIR/templates, to change them")
	return c
}

type initFile struct{ name, body string }

// templateFiles are the built-in templates, to copy into templates/.
func templateFiles() []initFile {
	out := []initFile{{"templates/README.txt", templatesReadme}}
	for _, n := range templates.Replaceable() {
		data, err := templates.Source(n)
		if err != nil {
			panic(err) // embedded
		}
		out = append(out, initFile{"templates/" + n, string(data)})
	}
	return out
}

// initTitle is the new book's title: its directory's name, or a default.
func initTitle(dir string) string {
	abs, _ := filepath.Abs(dir)
	title := filepath.Base(abs)
	if title == "." || title == string(filepath.Separator) || slug.Make(title) == "" && !hasLetter(title) {
		title = "كتابي"
	}
	return title
}

// markdownFiles counts the Markdown files a build of dir would find (hidden
// directories and dist/ aside).
func markdownFiles(dir string) int {
	n := 0
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && p != dir && (strings.HasPrefix(d.Name(), ".") || p == filepath.Join(dir, "dist")) {
			return filepath.SkipDir
		}
		if ext := strings.ToLower(filepath.Ext(p)); !d.IsDir() && (ext == ".md" || ext == ".markdown") {
			n++
		}
		return nil
	})
	return n
}

func hasLetter(s string) bool {
	for _, r := range s {
		if r > 127 || (r|0x20 >= 'a' && r|0x20 <= 'z') {
			return true
		}
	}
	return false
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// writeAtomic writes data to p through a temporary file in the same directory.
func writeAtomic(p string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(p), "."+filepath.Base(p)+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", p, unwrapPath(err))
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, p)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("cannot write %s: %w", p, unwrapPath(err))
	}
	return nil
}

func (a *app) fontsCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "fonts",
		Short: "List the embedded font families, by script",
		Long: `Fonts lists the families embedded in warraq: first by script, with the
languages whose books use each by default, then each family's files,
licence and source. A book names one in book.yaml (fonts: {body: ...}) or
gives its own font files.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			a.listFontsByScript()
			for _, f := range fonts.Families() {
				fmt.Fprintln(a.stdout)
				fmt.Fprintf(a.stdout, "%s — %s\n", f.Name, f.Role)
				var styles []string
				for _, s := range []fonts.Style{fonts.Regular, fonts.Bold, fonts.Italic, fonts.BoldItalic} {
					if file, ok := f.Files[s]; ok {
						styles = append(styles, fmt.Sprintf("%s (%s)", file, s))
					}
				}
				fmt.Fprintf(a.stdout, "  files:   %s\n", strings.Join(styles, ", "))
				fmt.Fprintf(a.stdout, "  scripts: %s\n", strings.Join(f.Scripts, ", "))
				if f.Leading > 0 {
					fmt.Fprintf(a.stdout, "  leading: at least %g times the font size\n", f.Leading)
				}
				fmt.Fprintf(a.stdout, "  licence: SIL Open Font License 1.1 (fonts/licenses/%s)\n", f.License)
				fmt.Fprintf(a.stdout, "  source:  Debian package %s\n", f.Source)
			}
			return nil
		},
	}
}

// listFontsByScript prints, for each script the embedded families cover,
// the families and the languages of that script whose books they set by
// default.
func (a *app) listFontsByScript() {
	scripts := []struct {
		code, name string
		langs      []string
	}{
		{"Arab", "Arabic script", []string{"ar", "fa", "ur", "ps", "ckb"}},
		{"Hebr", "Hebrew script", []string{"he", "yi"}},
		{"Latn", "Latin script", []string{"en"}},
		{"Grek", "Greek script", nil},
		{"Cyrl", "Cyrillic script", nil},
	}
	for i, sc := range scripts {
		if i > 0 {
			fmt.Fprintln(a.stdout)
		}
		fmt.Fprintf(a.stdout, "%s (%s)\n", sc.name, sc.code)
		for _, f := range fonts.Families() {
			if !slices.Contains(f.Scripts, sc.code) {
				continue
			}
			var uses []string
			if f.Mono {
				uses = append(uses, "code in every book")
			}
			for _, l := range sc.langs {
				d := fonts.DefaultsFor(l)
				var roles []string
				if d.Body == f.Name {
					roles = append(roles, "text")
				}
				if d.Heading == f.Name {
					roles = append(roles, "headings")
				}
				if len(roles) > 0 {
					uses = append(uses, l+" "+strings.Join(roles, " and "))
				}
			}
			line := "  " + f.Name
			if len(uses) > 0 {
				line += " — default for " + strings.Join(uses, ", ")
			}
			fmt.Fprintln(a.stdout, line)
		}
	}
}

func (a *app) coverCmd() *cobra.Command {
	var sel selection
	var out string
	c := &cobra.Command{
		Use:   "cover [DIR]",
		Short: "Write the book's cover as an image (1600 x 2560 pixels)",
		Long: `Cover writes the cover the EPUB carries as an image: PNG or JPEG, as the
name given with -o ends (.png, .jpg, .jpeg); "-o -" writes it to standard
output, as PNG unless the supplied cover is a JPEG.`,
		Args: maxOneDir,
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, opt, err := sel.forDir(args)
			if err != nil {
				return err
			}
			kind, err := coverKind(out)
			if err != nil {
				return err
			}
			opt.Probe = a.probe
			p, err := export.Prepare(dir, opt)
			if err != nil {
				return a.contentErr(dir, err, true)
			}
			p.Cover.UseCache(cacheDir())
			img, err := p.Cover.Raster()
			if err != nil {
				return &exitError{exitContent, fmt.Errorf("cover: %w", err)}
			}
			if kind == "" {
				kind = img.MediaType
			}
			data, err := encodeAs(img.Data, img.MediaType, kind)
			if err != nil {
				return &exitError{exitContent, fmt.Errorf("cover: %w", err)}
			}
			if out == "-" {
				_, err := a.stdout.Write(data)
				return err
			}
			if out == "" {
				ext := ".png"
				if kind == "image/jpeg" {
					ext = ".jpg"
				}
				out = filepath.Join(dir, "dist", p.Book.Meta.Slug+"-cover"+ext)
				if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
					return &exitError{exitContent, fmt.Errorf("cannot create %s: %w", filepath.Dir(out), unwrapPath(err))}
				}
			}
			if err := writeAtomic(out, data); err != nil {
				return &exitError{exitContent, err}
			}
			fmt.Fprintf(a.stderr, "wrote %s (%d x %d, %s)\n", out, img.Width, img.Height, kind)
			return nil
		},
	}
	sel.flags(c)
	c.Flags().StringVarP(&out, "output", "o", "", "image file to write, .png or .jpg, or - for standard output (default DIR/dist/<slug>-cover.png)")
	return c
}

// coverKind is the media type the cover's file name asks for: "" for
// standard output or the default name (the cover's own type).
func coverKind(out string) (string, error) {
	if out == "" || out == "-" {
		return "", nil
	}
	switch strings.ToLower(filepath.Ext(out)) {
	case ".png":
		return "image/png", nil
	case ".jpg", ".jpeg":
		return "image/jpeg", nil
	}
	return "", usageErr("cover -o %s: the name must end in .png, .jpg or .jpeg (the format written), or be - for standard output", out)
}

// encodeAs re-encodes image data of media type from as media type to.
func encodeAs(data []byte, from, to string) ([]byte, error) {
	if from == to {
		return data, nil
	}
	img, format, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	colour := imgcolour.Read(format, data) // a supplied cover's profile stays
	if to == "image/jpeg" {
		return colour.EncodeJPEG(img, 92)
	}
	return colour.EncodePNG(img)
}
