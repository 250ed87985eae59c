package export

import (
	"testing"

	"github.com/warraq/warraq/templates"
)

// Every built-in template, supplied by a book as it is, passes the check
// against the data the formats really give it: the check finds no problem
// where there is none, and every view the formats list is the right one.
func TestBuiltinTemplatesMatchTheirViews(t *testing.T) {
	var files []templates.File
	for _, n := range templates.Replaceable() {
		data, err := templates.Source(n)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, templates.File{Name: n, Path: "templates/" + n, Data: data})
	}
	v := views()
	for _, page := range []string{"article.xhtml", "content.opf", "book.css", "container.xml", "article.html", "web.css"} {
		if _, ok := v[page]; !ok {
			t.Errorf("no view for %s", page)
		}
	}
	if _, err := templates.New(files, v); err != nil {
		t.Errorf("the built-in templates do not match the formats' views: %v", err)
	}
}
