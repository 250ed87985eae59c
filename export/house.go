package export

import (
	"errors"
	"path"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/render"
	"github.com/warraq/warraq/templates"
)

// bookTemplates parses the templates the book supplies (book.yaml's
// templates:) over the built-in ones. A template that does not parse, that
// names a field its page's data does not have, or that html/template cannot
// escape, is an error at its file and line, found here so that check
// reports it and no renderer starts.
func bookTemplates(b *collection.Book) (*templates.Set, error) {
	if len(b.Templates) == 0 {
		return templates.Builtin(), nil
	}
	files := make([]templates.File, len(b.Templates))
	for i, f := range b.Templates {
		files[i] = templates.File{Name: path.Base(f.Path), Path: f.Path, Data: f.Data}
	}
	return templates.New(files, views())
}

// views are the data every format gives each of its templates.
func views() templates.Views {
	all := templates.Views{}
	for _, r := range registry {
		if t, ok := r.(render.Templated); ok {
			for name, v := range t.Views() {
				all[name] = v
			}
		}
	}
	return all
}

// templateError makes a renderer's failure in a template the book supplied
// (a field it names that the page does not have) a diagnostic at that
// template's line, as loading reports everything else.
func templateError(err error) error {
	var d diag.Diagnostic
	if errors.As(err, &d) {
		return &diag.Errors{d}
	}
	return err
}
