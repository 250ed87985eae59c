package export

import (
	"archive/zip"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/internal/testdir"
)

// The web edition is a directory: written beside its place, swapped in
// whole, and left as it was by a build that fails.
func TestSiteWrittenWhole(t *testing.T) {
	dir := testdir.Write(t, small)
	out := t.TempDir()
	m, err := Build(context.Background(), dir, Options{Formats: []string{"html"}, OutDir: out})
	if err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(out, "ktab-sghyr")
	if len(m.Outputs) != 1 || m.Outputs[0].Path != site || m.Outputs[0].Format != "html" || len(m.Outputs[0].SHA256) != 64 {
		t.Fatalf("outputs %+v", m.Outputs)
	}
	if got := listDir(t, out); !slices.Equal(got, []string{"ktab-sghyr"}) {
		t.Errorf("out holds %v, want the site alone", got)
	}
	index, err := os.ReadFile(filepath.Join(site, "index.html"))
	if err != nil || !strings.Contains(string(index), "الأولى") {
		t.Fatalf("index.html: %v", err)
	}
	// A stale file of an earlier site does not survive a rebuild.
	os.WriteFile(filepath.Join(site, "stale.html"), []byte("x"), 0o644)
	m2, err := Build(context.Background(), dir, Options{Formats: []string{"html"}, OutDir: out})
	if err != nil {
		t.Fatal(err)
	}
	if m2.Outputs[0].SHA256 != m.Outputs[0].SHA256 {
		t.Error("the same book gave another site")
	}
	if _, err := os.Stat(filepath.Join(site, "stale.html")); !errors.Is(err, os.ErrNotExist) {
		t.Error("the previous site was not replaced whole")
	}
	if got := listDir(t, out); !slices.Equal(got, []string{"ktab-sghyr"}) {
		t.Errorf("out holds %v after a rebuild: temporary directories left", got)
	}
	// A failed build leaves the site as it was.
	before := listDir(t, site)
	os.WriteFile(filepath.Join(dir, "b.md"), []byte("---\ntitle: [\n---\n"), 0o644)
	if _, err := Build(context.Background(), dir, Options{Formats: []string{"html,epub"}, OutDir: out}); err == nil {
		t.Fatal("a broken article built")
	}
	if got := listDir(t, site); !slices.Equal(got, before) {
		t.Errorf("the site changed after a failed build: %v", got)
	}
	if got := listDir(t, out); !slices.Equal(got, []string{"ktab-sghyr"}) {
		t.Errorf("out holds %v after a failed build", got)
	}
}

func TestPlainBuildWritesNoSite(t *testing.T) {
	formats, err := pick(nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range formats {
		names = append(names, f.Format())
	}
	if !slices.Equal(names, []string{"epub", "pdf"}) {
		t.Errorf("a build without --format writes %v; the web edition is written when asked for", names)
	}
	if !slices.Contains(Formats, "html") {
		t.Error("html is not a format")
	}
}

func TestCancelledSiteLeavesNothing(t *testing.T) {
	dir := testdir.Write(t, small)
	out := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	_, err := Build(ctx, dir, Options{Formats: []string{"html"}, OutDir: out, Selection: collection.Options{
		Probe: func(stage, item string) {
			if stage == "render" {
				cancel()
			}
		},
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want cancelled", err)
	}
	if got := listDir(t, out); len(got) != 0 {
		t.Errorf("a cancelled build left %v", got)
	}
}

// house is a collection with a house style and a replaced template.
var house = map[string]string{
	"book.yaml":                      "title: كتاب\nstyle: look/house.css\ntemplates: look/templates\n",
	"look/house.css":                 "h1 { color: #7a1f1f; }\n",
	"look/templates/part.xhtml":      "unused",
	"look/templates/titlepage.xhtml": `{{template "start" .}}<body><section class="mine"><h1>{{.Book.Title}}</h1></section></body>{{template "end" .}}`,
	"a.md":                           "---\ntitle: الأولى\ndate: 2025-01-01\n---\n\nنص.\n",
}

func TestHouseStyleInTheEPUB(t *testing.T) {
	dir := testdir.Write(t, house)
	m, err := Build(context.Background(), dir, Options{Formats: []string{"epub"}})
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(m.Outputs[0].Path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	files := map[string]string{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		files[f.Name] = string(b)
	}
	if files["OEBPS/css/style.css"] != house["look/house.css"] {
		t.Errorf("style.css = %q", files["OEBPS/css/style.css"])
	}
	if !strings.Contains(files["OEBPS/content.opf"], `href="css/style.css" media-type="text/css"`) {
		t.Error("style.css is not in the manifest")
	}
	for name, data := range files {
		if !strings.HasSuffix(name, ".xhtml") {
			continue
		}
		book, style := strings.Index(data, "css/book.css"), strings.Index(data, "css/style.css")
		if book < 0 || style < book {
			t.Errorf("%s: the house style is not linked after the built-in one", name)
		}
	}
	if !strings.Contains(files["OEBPS/text/titlepage.xhtml"], `<section class="mine"><h1>كتاب</h1></section>`) {
		t.Errorf("the book's titlepage.xhtml is not used:\n%s", files["OEBPS/text/titlepage.xhtml"])
	}
}

func TestBrokenHouseStyle(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  map[string]string
		want  string
		check bool // Check reports it too (found before any renderer)
	}{
		{"syntax", map[string]string{"look/templates/part.xhtml": "<h1>\n{{.Part.Title</h1>"}, "look/templates/part.xhtml:2: template: bad character U+003C '<'", true},
		{"unknown name", map[string]string{"look/templates/artcle.xhtml": "x"}, "look/templates/artcle.xhtml: Warraq has no template called artcle.xhtml; did you mean article.xhtml?", true},
		{"missing field", map[string]string{"look/templates/titlepage.xhtml": "{{template \"start\" .}}<body>\n<h1>{{.Book.Titel}}</h1></body>{{template \"end\" .}}"}, "look/templates/titlepage.xhtml:2: template: .Book.Titel: no field Titel here; did you mean Title?", true},
		// The web edition's templates are checked by an EPUB build too: what
		// a build reports does not depend on --format.
		{"missing field in a web page", map[string]string{"look/templates/layout.html": "{{define \"head\"}}<title>{{.Title}}</title>{{end}}\n{{define \"header\"}}{{end}}\n{{define \"pager\"}}{{with .Next}}<a href=\"{{.Herf}}\">{{.Label}}</a>{{end}}{{end}}\n{{define \"foot\"}}{{end}}"}, "look/templates/layout.html:3: template: .Herf: no field Herf here; did you mean Href?", true},
		{"unknown function", map[string]string{"look/templates/part.xhtml": "<h1>\n{{upper .Part.Title}}</h1>"}, `look/templates/part.xhtml:2: template: function "upper" not defined`, true},
		{"no data", map[string]string{"look/templates/container.xml": "<container>\n{{.Version}}</container>"}, "look/templates/container.xml:2: template: .Version: this template is given no data, so it has no .Version", true},
		{"direction", map[string]string{"look/house.css": "p { color: red;\n  direction: rtl; }\n"}, "look/house.css:2: direction: EPUB forbids this property", true},
		{"no file", map[string]string{"book.yaml": "title: كتاب\nstyle: nowhere.css\n"}, "book.yaml:2: style: no such file or directory nowhere.css", true},
		{"outside", map[string]string{"book.yaml": "title: كتاب\ntemplates: ../elsewhere\n"}, "book.yaml:2: templates: \"../elsewhere\" is outside the collection; refused", true},
		{"not a directory", map[string]string{"book.yaml": "title: كتاب\ntemplates: a.md\n"}, "book.yaml:2: templates: a.md is not a directory", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{}
			for k, v := range house {
				files[k] = v
			}
			for k, v := range tc.edit {
				files[k] = v
			}
			dir := testdir.Write(t, files)
			_, err := Build(context.Background(), dir, Options{Formats: []string{"epub"}})
			var de *diag.Errors
			if !errors.As(err, &de) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("build: %v\nwant a diagnostic %s", err, tc.want)
			}
			if _, err := os.Stat(filepath.Join(dir, "dist", "ktab.epub")); !errors.Is(err, os.ErrNotExist) {
				t.Error("an EPUB was written")
			}
			_, _, err = Check(context.Background(), dir, collection.Options{})
			if found := err != nil && strings.Contains(err.Error(), tc.want); found != tc.check {
				t.Errorf("check found it: %v, want %v (%v)", found, tc.check, err)
			}
		})
	}
}

func TestStyleWarnings(t *testing.T) {
	files := map[string]string{}
	for k, v := range house {
		files[k] = v
	}
	files["look/house.css"] = "@import url(other.css);\nbody { background: url('paper.png'); }\np { font-family: x; src: url(data:font/woff2;base64,AAAA); }\n"
	p, err := Prepare(testdir.Write(t, files), collection.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range p.Warnings {
		got = append(got, w.String())
	}
	want := []string{
		"look/house.css:1: warning: @import is not followed: the file it names is not part of the book; put its rules in this file",
		"look/house.css:1: warning: url(other.css): other.css is not packaged with the book; use a data: URL, or one of the embedded fonts by name",
		"look/house.css:2: warning: url(paper.png): paper.png is not packaged with the book; use a data: URL, or one of the embedded fonts by name",
	}
	if !slices.Equal(got, want) {
		t.Errorf("warnings\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
