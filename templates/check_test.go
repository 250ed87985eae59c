package templates

import (
	"errors"
	"strings"
	"testing"

	"github.com/warraq/warraq/export/diag"
)

type (
	testPage struct {
		Title   string
		Items   []testItem
		ByName  map[string]testItem
		Article *testItem
		Any     any
	}
	testItem struct {
		Label    string
		Children []testItem
	}
)

func (testItem) Upper() string      { return "" }
func (*testItem) Pointer() testItem { return testItem{} }

// The check follows the data's type through every construct text/template
// has, and reports a name the data lacks at its line.
func TestCheckFields(t *testing.T) {
	views := Views{"article.xhtml": testPage{}, "container.xml": nil}
	for _, tc := range []struct {
		name, src string
		want      string // "" when the template is right
	}{
		{"fields", "{{.Title}} {{.Article.Label}}", ""},
		{"method", "{{.Article.Upper}} {{.Article.Pointer.Label}}", ""},
		{"range", "{{range .Items}}{{.Label}}{{range .Children}}{{.Label}}{{end}}{{end}}", ""},
		{"range variables", "{{range $i, $it := .Items}}{{$i}}{{$it.Label}}{{$.Title}}{{end}}", ""},
		{"with and else", "{{with .Article}}{{.Label}}{{else}}{{.Title}}{{end}}", ""},
		{"map and index", "{{.ByName.x.Label}} {{(index .Items 0).Label}} {{(index .ByName \"x\").Children}}", ""},
		{"variable", "{{$a := .Article}}{{$a.Label}}", ""},
		{"interface", "{{.Any.Whatever.Goes}}", ""},
		{"defined template", "{{define \"item\"}}{{.Label}}{{end}}{{range .Items}}{{template \"item\" .}}{{end}}", ""},
		{"missing", "<p>\n{{.Titel}}</p>", "tpl/article.xhtml:2: template: .Titel: no field Titel here; did you mean Title?"},
		{"missing in range", "{{range .Items}}\n\n{{.Title}}{{end}}", "tpl/article.xhtml:3: template: .Title: no field Title here (it has Label, Children)"},
		{"missing after with", "{{with .Article}}{{.Label}}{{end}}{{.Label}}", "tpl/article.xhtml:1: template: .Label: no field Label here"},
		{"missing in variable", "{{range $it := .Items}}{{$it.Lable}}{{end}}", "tpl/article.xhtml:1: template: $it.Lable: no field Lable here; did you mean Label?"},
		{"field of text", "{{.Title.Size}}", "tpl/article.xhtml:1: template: .Title.Size: a text has no field Size"},
		{"range over text", "{{range .Title}}{{end}}", "tpl/article.xhtml:1: template: range can't iterate over string"},
		{"defined template given the wrong data", "{{define \"item\"}}\n{{.Label}}{{end}}{{template \"item\" .}}", "tpl/article.xhtml:2: template: .Label: no field Label here"},
	} {
		_, err := New([]File{{Name: "article.xhtml", Path: "tpl/article.xhtml", Data: []byte(tc.src)}}, views)
		if tc.want == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		var de *diag.Errors
		if !errors.As(err, &de) || len(*de) != 1 {
			t.Errorf("%s: error %v, want one diagnostic", tc.name, err)
			continue
		}
		if got := (*de)[0].String(); !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

// A problem in a built-in template a book's template calls with the
// wrong data is not the built-in's: only the book's files are reported,
// and a template the book does not replace is not checked at all.
func TestCheckReportsOnlyTheBooksFiles(t *testing.T) {
	views := Views{"article.xhtml": testPage{}, "part.xhtml": testItem{}}
	if _, err := New([]File{{Name: "nav.xhtml", Path: "tpl/nav.xhtml", Data: []byte("{{.Nothing}}")}}, views); err != nil {
		t.Errorf("a template no view names was checked: %v", err)
	}
	if _, err := New([]File{{Name: "article.xhtml", Path: "tpl/article.xhtml", Data: []byte(`{{template "start" .}}{{.Title}}{{template "end" .}}`)}}, views); err != nil {
		t.Errorf("the built-in page.xhtml was reported: %v", err)
	}
}
