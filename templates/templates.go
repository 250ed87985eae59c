// Package templates holds the EPUB's page templates and stylesheet, embedded
// so that the single binary carries them.
//
// The XML and XHTML files are html/template templates: every value is escaped
// by context, and only values of type html/template.HTML (article markup
// export/xhtml has already made well-formed) are inserted as they are.
// book.css is a text/template, since CSS is not HTML. The data each template
// reads is defined by package export/epub.
package templates

import (
	"embed"
	"fmt"
	htmltemplate "html/template"
	"io"
	"strings"
	"sync"
	texttemplate "text/template"
)

//go:embed *.xhtml *.xml *.opf *.ncx *.css
var files embed.FS

type parsed struct {
	markup *htmltemplate.Template
	css    *texttemplate.Template
}

// load parses the templates once; the result is never modified afterwards.
var load = sync.OnceValues(func() (*parsed, error) {
	m, err := htmltemplate.New("").ParseFS(files, "*.xhtml", "*.xml", "*.opf", "*.ncx")
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	c, err := texttemplate.New("").Funcs(texttemplate.FuncMap{"cssString": CSSString}).ParseFS(files, "*.css")
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	return &parsed{markup: m, css: c}, nil
})

// XMLDeclaration starts every XML file of the EPUB. Execute writes it before
// the XML and XHTML templates (html/template would escape it inside one).
const XMLDeclaration = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

// Execute renders the template called name (its file name, e.g. "content.opf")
// with data.
func Execute(w io.Writer, name string, data any) error {
	p, err := load()
	if err != nil {
		return err
	}
	if strings.HasSuffix(name, ".css") {
		err = p.css.ExecuteTemplate(w, name, data)
	} else if _, err = io.WriteString(w, XMLDeclaration); err == nil {
		err = p.markup.ExecuteTemplate(w, name, data)
	}
	if err != nil {
		return fmt.Errorf("templates: %s: %w", name, err)
	}
	return nil
}

// Names lists the templates, for tests.
func Names() []string {
	entries, _ := files.ReadDir(".")
	var out []string
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") {
			out = append(out, e.Name())
		}
	}
	return out
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
