// Package templates holds the page templates and stylesheets of the HTML
// outputs, embedded so that the single binary carries them: the EPUB's
// (.xhtml, .xml, .opf, .ncx, book.css) and the web edition's (.html,
// web.css), with the web edition's search script (search.js).
//
// The markup files are html/template templates: every value is escaped by
// context, and only values of type html/template.HTML (article markup
// export/xhtml has already made well-formed) are inserted as they are.
// The .css files are text/templates, since CSS is not HTML. The data each
// template reads is defined by the package that executes it (export/epub,
// export/html).
//
// A book can replace any of them by name (book.yaml's templates:): New
// parses the replacements over the built-in set, and every problem in one —
// a syntax error, a name Warraq has no template for, markup html/template
// cannot escape — is reported with the file and line.
package templates

import (
	"embed"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	texttemplate "text/template"

	"github.com/warraq/warraq/export/diag"
)

//go:embed *.xhtml *.xml *.opf *.ncx *.css *.html *.js
var files embed.FS

// Set is one book's templates: the built-in ones, with the book's own in
// place of those it replaces. A Set is safe for concurrent use.
type Set struct {
	epub *htmltemplate.Template // .xhtml .xml .opf .ncx: one tree, sharing "start" and "end"
	web  *htmltemplate.Template // .html: one tree, sharing the layout's blocks
	css  *texttemplate.Template
	// paths names the book's replacements, for messages: template name ->
	// path shown to the user ("templates/article.xhtml").
	paths map[string]string
}

// File is a template a book supplies.
type File struct {
	Name string // the template it replaces: its file name, e.g. "article.xhtml"
	Path string // where it is, as messages show it (relative to the collection)
	Data []byte
}

// group is the tree a template's file name belongs to.
func group(name string) string {
	switch path.Ext(name) {
	case ".xhtml", ".xml", ".opf", ".ncx":
		return "epub"
	case ".html":
		return "web"
	case ".css":
		return "css"
	}
	return ""
}

// Builtin is the built-in set.
var Builtin = sync.OnceValue(func() *Set {
	s, err := New(nil, nil)
	if err != nil {
		panic(err) // the embedded templates are tested
	}
	return s
})

// New parses the built-in templates with files in place of the ones they
// name, and checks each of the book's against the data views says it will
// be given: a field the data does not have is reported now, not when the
// template runs. The error is a *diag.Errors listing every problem, each
// at its file and line.
func New(replace []File, views Views) (*Set, error) {
	s := &Set{
		epub:  htmltemplate.New("").Option("missingkey=error"),
		web:   htmltemplate.New("").Option("missingkey=error"),
		css:   texttemplate.New("").Option("missingkey=error").Funcs(texttemplate.FuncMap{"cssString": CSSString}),
		paths: map[string]string{},
	}
	var errs diag.Errors
	own := map[string]File{}
	broken := map[string]bool{} // groups with a template that does not parse: not checked further
	for _, f := range replace {
		if !slices.Contains(Replaceable(), f.Name) {
			errs = append(errs, unknown(f))
			continue
		}
		own[f.Name] = f
		s.paths[f.Name] = f.Path
	}
	for _, name := range Names() {
		if group(name) == "" {
			continue // search.js is a file, not a template
		}
		src, p := builtin(name), ""
		if f, ok := own[name]; ok {
			src, p = string(f.Data), f.Path
		}
		if err := s.parse(name, src); err != nil {
			if p == "" {
				panic(fmt.Sprintf("templates: built-in %s: %v", name, err))
			}
			errs = append(errs, s.diagnostic(err, name))
			broken[group(name)] = true
		}
	}
	if len(own) > 0 {
		errs = append(errs, s.check(views, broken)...)
	}
	// html/template escapes a template when it first runs; make it run now,
	// with no data, so markup it cannot escape is reported with the book
	// rather than halfway through writing it.
	for _, name := range slices.Sorted(mapKeys(own)) {
		if g := group(name); g == "epub" || g == "web" {
			t := s.epub
			if g == "web" {
				t = s.web
			}
			var he *htmltemplate.Error
			if err := t.ExecuteTemplate(io.Discard, name, nil); errors.As(err, &he) {
				errs = append(errs, s.diagnostic(err, name))
			}
		}
	}
	if len(errs) > 0 {
		return nil, &errs
	}
	return s, nil
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func (s *Set) parse(name, src string) error {
	var err error
	switch group(name) {
	case "epub":
		_, err = s.epub.New(name).Parse(src)
	case "web":
		_, err = s.web.New(name).Parse(src)
	case "css":
		_, err = s.css.New(name).Parse(src)
	}
	return err
}

func unknown(f File) diag.Diagnostic {
	msg := fmt.Sprintf("Warraq has no template called %s", f.Name)
	near := Replaceable()
	if s := closest(f.Name, near); s != "" {
		msg += fmt.Sprintf("; did you mean %s?", s)
	} else {
		msg += " (" + strings.Join(near, ", ") + ")"
	}
	if group(f.Name) == "css" {
		msg += "; a stylesheet of your own goes in book.yaml's style:"
	}
	return diag.Diagnostic{File: f.Path, Severity: diag.Error, Code: diag.Template, Message: msg}
}

// closest is the name within two edits of want, if any.
func closest(want string, names []string) string {
	best, bestD := "", 3
	for _, n := range names {
		if d := distance(want, n); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// errPos finds "NAME:LINE:" in a template package's message: where
// text/template and html/template say a problem is.
var errPos = regexp.MustCompile(`(?:^|[\s:])([\w.-]+\.(?:xhtml|xml|opf|ncx|html|css)):(\d+):(?:\d+:)?\s*`)

// diagnostic turns a template package's error in the template called name
// into file:line: message, naming the book's file.
func (s *Set) diagnostic(err error, name string) diag.Diagnostic {
	msg := err.Error()
	d := diag.Diagnostic{File: s.paths[name], Severity: diag.Error, Code: diag.Template}
	if m := errPos.FindStringSubmatchIndex(msg); m != nil {
		file := msg[m[2]:m[3]]
		if p, ok := s.paths[file]; ok {
			d.File = p
		} else if file != name {
			d.File = "" // a built-in the book's template calls
		}
		d.Line, _ = strconv.Atoi(msg[m[4]:m[5]])
		msg = msg[m[1]:]
		if d.File == "" {
			msg = file + ": " + msg
			d.File = s.paths[name]
			d.Line = 0
		}
	}
	msg = strings.TrimPrefix(msg, "template: ")
	msg = strings.TrimPrefix(msg, "html/template:")
	d.Message = "template: " + strings.TrimSpace(msg)
	return d
}

// XMLDeclaration starts every XML file of the EPUB. Execute writes it before
// the XML and XHTML templates (html/template would escape it inside one).
const XMLDeclaration = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

// Execute renders the built-in template called name with data.
func Execute(w io.Writer, name string, data any) error {
	return Builtin().Execute(w, name, data)
}

// Execute renders the template called name (its file name, e.g.
// "content.opf") with data. A failure in a template the book supplied is a
// diag.Diagnostic naming its file and line.
func (s *Set) Execute(w io.Writer, name string, data any) error {
	var err error
	switch group(name) {
	case "css":
		err = s.css.ExecuteTemplate(w, name, data)
	case "web":
		err = s.web.ExecuteTemplate(w, name, data)
	case "epub":
		if _, err = io.WriteString(w, XMLDeclaration); err == nil {
			err = s.epub.ExecuteTemplate(w, name, data)
		}
	default:
		err = fmt.Errorf("no template %s", name)
	}
	if err == nil {
		return nil
	}
	if _, own := s.paths[name]; own {
		return s.diagnostic(err, name)
	}
	return fmt.Errorf("templates: %s: %w", name, err)
}

// Replaced reports whether the book supplies the template called name.
func (s *Set) Replaced(name string) bool { _, ok := s.paths[name]; return ok }

// Names lists the embedded files: the templates a book may replace, and
// the web edition's search script.
func Names() []string {
	entries, _ := fs.ReadDir(files, ".")
	var out []string
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") {
			out = append(out, e.Name())
		}
	}
	return out
}

// Replaceable lists the templates a book may replace: every embedded file
// but the search script.
func Replaceable() []string {
	var out []string
	for _, n := range Names() {
		if group(n) != "" {
			out = append(out, n)
		}
	}
	return out
}

// Source is the built-in file called name, for `warraq init --templates`
// to copy out and for the web edition's script.
func Source(name string) ([]byte, error) { return files.ReadFile(name) }

func builtin(name string) string {
	b, err := files.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// CSSString quotes s as a CSS string, for font family names that come from
// font files or book.yaml.
func CSSString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, "\\%x ", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
