package templates

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/warraq/warraq/export/diag"
)

func TestCSSString(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Amiri", `"Amiri"`},
		{`My "Font"`, `"My \"Font\""`},
		{`a\b`, `"a\\b"`},
		{"x\ny", `"x\a y"`},
		{"نسخ", `"نسخ"`},
	} {
		if got := CSSString(tc.in); got != tc.want {
			t.Errorf("CSSString(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestExecute(t *testing.T) {
	var buf bytes.Buffer
	if err := Execute(&buf, "container.xml", nil); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), XMLDeclaration+"<container ") {
		t.Errorf("container.xml does not start with the XML declaration and its root:\n%s", buf.String())
	}
	if err := Execute(&buf, "missing.xhtml", nil); err == nil {
		t.Error("no error for a template that does not exist")
	}
	names := strings.Join(Names(), " ")
	for _, want := range []string{"article.xhtml", "book.css", "content.opf", "nav.xhtml", "toc.ncx"} {
		if !strings.Contains(names, want) {
			t.Errorf("template %s missing from %s", want, names)
		}
	}
}

func TestReplace(t *testing.T) {
	s, err := New([]File{{Name: "container.xml", Path: "tpl/container.xml", Data: []byte(`<container mine="{{.}}"/>`)}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := s.Execute(&buf, "container.xml", "x"); err != nil {
		t.Fatal(err)
	}
	if buf.String() != XMLDeclaration+`<container mine="x"/>` {
		t.Errorf("replacement not used: %s", buf.String())
	}
	if !s.Replaced("container.xml") || s.Replaced("nav.xhtml") {
		t.Error("Replaced is wrong")
	}
	// The built-in set is untouched.
	buf.Reset()
	if err := Execute(&buf, "container.xml", nil); err != nil || strings.Contains(buf.String(), "mine") {
		t.Errorf("the built-in container.xml changed: %v %s", err, buf.String())
	}
}

func TestBrokenTemplates(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      string // the diagnostic
	}{
		{"article.xhtml", "<p>\n{{.Article.Title}\n</p>", "tpl/article.xhtml:2: template: bad character U+007D '}'"},
		{"article.html", "{{template \"head\" .}}\n{{if .Article}}\n<p>", "tpl/article.html:3: template: unexpected EOF"},
		{"index.html", "<p>\n{{template \"nothing\" .}}</p>", `tpl/index.html:2: template: no such template "nothing"`},
		{"part.xhtml", "<p>\n{{if .Part}}<a href=\"{{else}}<b>{{end}}</p>", "tpl/part.xhtml:2: template: {{if}} branches end in different contexts"},
		{"artcle.xhtml", "<p/>", "tpl/artcle.xhtml: Warraq has no template called artcle.xhtml; did you mean article.xhtml?"},
		{"house.css", "p {}", "tpl/house.css: Warraq has no template called house.css"},
	} {
		_, err := New([]File{{Name: tc.name, Path: "tpl/" + tc.name, Data: []byte(tc.src)}}, nil)
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

func TestExecuteErrorNamesTheBooksFile(t *testing.T) {
	s, err := New([]File{{Name: "part.xhtml", Path: "tpl/part.xhtml", Data: []byte("<p>\n\n{{.Part.Titel}}</p>")}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = s.Execute(io.Discard, "part.xhtml", struct{ Part struct{ Title string } }{})
	var d diag.Diagnostic
	if !errors.As(err, &d) || d.File != "tpl/part.xhtml" || d.Line != 3 || !strings.Contains(d.Message, "Titel") {
		t.Errorf("error %#v, want tpl/part.xhtml:3 naming the field", err)
	}
}

func TestEveryTemplateIsCopiedOut(t *testing.T) {
	// init --templates copies Names(): each one must be a file a book can
	// hand back unchanged.
	var files []File
	for _, n := range Names() {
		if group(n) == "" {
			continue
		}
		data, err := Source(n)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, File{Name: n, Path: "templates/" + n, Data: data})
	}
	if _, err := New(files, nil); err != nil {
		t.Errorf("the built-in templates, supplied by a book, do not parse: %v", err)
	}
}
