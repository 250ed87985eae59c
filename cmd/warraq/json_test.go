package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/internal/testdir"
	"github.com/warraq/warraq/schema"
)

// report is the part of every --json document the tests read.
type report struct {
	OK          bool              `json:"ok"`
	ExitCode    int               `json:"exit_code"`
	Error       string            `json:"error"`
	Diagnostics []diag.Diagnostic `json:"diagnostics"`
	Outputs     []struct {
		Format, Path, SHA256 string
	} `json:"outputs"`
	Articles []struct{ Path string } `json:"articles"`
	Summary  *checkSummary           `json:"summary"`
}

// jsonRun runs a command with --json, checks that stdout is one document
// following the schema, that its exit_code is the process's, and that its
// error is the summary stderr ends with.
func jsonRun(t *testing.T, schemaName string, args ...string) (report, string) {
	t.Helper()
	code, stdout, stderr := warraq(t, append(args, "--json")...)
	if err := schema.Validate(schemaName, []byte(stdout)); err != nil {
		t.Fatalf("warraq %s: %v\n%s", strings.Join(args, " "), err, stdout)
	}
	var r report
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatal(err)
	}
	if r.ExitCode != code || r.OK != (code == 0) {
		t.Errorf("warraq %s: exit %d, report says ok %v exit_code %d", strings.Join(args, " "), code, r.OK, r.ExitCode)
	}
	if !r.OK && !strings.HasSuffix(strings.TrimSpace(stderr), "warraq: "+r.Error) {
		t.Errorf("report error %q, stderr ends:\n%s", r.Error, stderr)
	}
	return r, stderr
}

func codes(ds []diag.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, string(d.Code))
	}
	return out
}

// The samples, an init book and the test books in four languages give
// reports that follow the schemas, and say the same in every command.
func TestJSONGoodBooks(t *testing.T) {
	initBook := filepath.Join(t.TempDir(), "book")
	if code, _, stderr := warraq(t, "init", initBook); code != 0 {
		t.Fatal(stderr)
	}
	// TestBuildSamples validates the samples' manifest with both formats;
	// here the EPUB alone is enough to compare the commands, and quicker.
	// The init book is built in every format, the web edition included.
	for _, b := range []struct{ dir, formats string }{{"../../samples", "epub"}, {initBook, "epub,pdf,html"}} {
		dir := b.dir
		t.Run(filepath.Base(dir), func(t *testing.T) {
			out := t.TempDir()
			m, _ := jsonRun(t, "manifest", "build", dir, "-q", "--format", b.formats, "--out", out)
			if !m.OK || len(m.Outputs) != len(strings.Split(b.formats, ",")) || len(m.Articles) == 0 {
				t.Fatalf("manifest %+v", m)
			}
			for _, o := range m.Outputs {
				if _, err := os.Stat(o.Path); err != nil {
					t.Error(err)
				}
			}
			c, _ := jsonRun(t, "check", "check", dir)
			if !c.OK || c.Summary == nil || c.Summary.Articles != len(m.Articles) || c.Summary.Errors != 0 ||
				c.Summary.Warnings != len(m.Diagnostics) || !slices.Equal(codes(c.Diagnostics), codes(m.Diagnostics)) {
				t.Errorf("check %+v, build %+v", c, m.Diagnostics)
			}
			l, _ := jsonRun(t, "list", "list", dir)
			if !l.OK || !slices.Equal(l.Articles, m.Articles) {
				t.Errorf("list %+v, build %+v", l.Articles, m.Articles)
			}
		})
	}
	for _, lang := range []string{"en", "fa", "he", "ur"} {
		c, _ := jsonRun(t, "check", "check", "../../testdata/books/"+lang)
		if !c.OK || c.Summary.Articles == 0 {
			t.Errorf("%s: %+v", lang, c)
		}
	}
}

// Failing books: every diagnostic is in the report, with its code, file,
// line and (for YAML values) column; check says the same problems as text
// and as JSON; nothing is written. (Problems in book.yaml stop the loader
// before the articles are read, so they get a book of their own.)
func TestJSONFailingBooks(t *testing.T) {
	yamlBook := testdir.Write(t, map[string]string{
		"book.yaml": "title: كتاب\npdf:\n  font-size: big\n  colour: red\n",
		"a.md":      "# أ\n\nنص\n",
	})
	articles := testdir.Write(t, map[string]string{
		"book.yaml": "date: 2025-01-01\n",
		"a.md":      "# أ\n\nنص ![صورة](missing.png) و![بعيد](https://example.com/x.png)\n",
		"b.md":      "---\ntitle: ب\n---\nنص \xff\n",
		"c.md":      "---\ntitle: ج\ndate: 2025\n---\nنص\n",
	})
	for _, tt := range []struct {
		dir  string
		want []diag.Diagnostic
	}{
		{yamlBook, []diag.Diagnostic{
			{File: yamlBook + "/book.yaml", Line: 3, Column: 14, Severity: diag.Error, Code: diag.InvalidValue},
			{File: yamlBook + "/book.yaml", Line: 4, Column: 3, Severity: diag.Error, Code: diag.UnknownKey},
		}},
		{articles, []diag.Diagnostic{
			{File: articles + "/a.md", Line: 3, Severity: diag.Warning, Code: diag.RemoteImage},
			{File: articles + "/a.md", Line: 3, Severity: diag.Error, Code: diag.Image},
			{File: articles + "/b.md", Line: 4, Severity: diag.Error, Code: diag.Encoding},
			{File: articles + "/c.md", Line: 3, Column: 7, Severity: diag.Error, Code: diag.InvalidValue},
		}},
	} {
		dir := tt.dir
		out := filepath.Join(t.TempDir(), "dist")
		m, _ := jsonRun(t, "manifest", "build", dir, "--out", out)
		if m.OK || m.ExitCode != exitContent || len(m.Outputs) != 0 || len(m.Articles) != 0 {
			t.Errorf("report %+v", m)
		}
		var got []diag.Diagnostic
		for _, d := range m.Diagnostics {
			if d.Message == "" {
				t.Errorf("%s: no message", d)
			}
			d.Message = ""
			got = append(got, d)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("diagnostics\n%#v\nwant\n%#v", got, tt.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("a failed build created %s", out)
		}

		code, text, _ := warraq(t, "check", dir)
		c, _ := jsonRun(t, "check", "check", dir)
		if code != exitContent || c.Summary != nil {
			t.Errorf("check: exit %d, summary %+v", code, c.Summary)
		}
		var lines []string
		for _, d := range c.Diagnostics {
			lines = append(lines, d.String())
		}
		if got := strings.TrimSpace(text); got != strings.Join(lines, "\n") {
			t.Errorf("check text:\n%s\ncheck --json:\n%s", got, strings.Join(lines, "\n"))
		}
		if !slices.Equal(c.Diagnostics, m.Diagnostics) {
			t.Errorf("check %v\nbuild %v", c.Diagnostics, m.Diagnostics)
		}
		l, _ := jsonRun(t, "list", "list", dir)
		if l.OK || len(l.Articles) != 0 || !slices.Equal(l.Diagnostics, m.Diagnostics) {
			t.Errorf("list %+v", l)
		}
	}
}

// Each way a command can end has its exit code, in the report too.
func TestJSONExitCodes(t *testing.T) {
	warn := testdir.Write(t, map[string]string{"book.yaml": "date: 2025-01-01\n", "a.md": "# أ\n\nنص ![بعيد](https://example.com/x.png)\n"})
	tests := []struct {
		name   string
		schema string
		args   []string
		code   int
		codes  []string
	}{
		{"warning", "manifest", []string{"build", warn, "-q", "--format", "epub", "--out", t.TempDir()}, exitOK, []string{"image-remote"}},
		{"strict", "manifest", []string{"build", warn, "--strict", "--format", "epub", "--out", t.TempDir()}, exitContent, []string{"image-remote"}},
		{"check strict", "check", []string{"check", warn, "--strict"}, exitContent, []string{"image-remote"}},
		{"list strict", "list", []string{"list", warn, "--strict"}, exitContent, []string{"image-remote"}},
		{"unknown format", "manifest", []string{"build", warn, "--format", "docx"}, exitUsage, []string{"usage"}},
		{"bad date", "check", []string{"check", warn, "--since", "yesterday"}, exitUsage, []string{"usage"}},
		{"no such directory", "list", []string{"list", filepath.Join(warn, "nope")}, exitEnv, []string{"unreadable"}},
		{"output is under a file", "manifest", []string{"build", warn, "--format", "epub", "--out", filepath.Join(warn, "a.md", "dist")}, exitEnv, []string{"output"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := jsonRun(t, tt.schema, tt.args...)
			if r.ExitCode != tt.code || !slices.Equal(codes(r.Diagnostics), tt.codes) {
				t.Errorf("exit %d, codes %v; want %d, %v", r.ExitCode, codes(r.Diagnostics), tt.code, tt.codes)
			}
			if tt.code == exitContent && r.Diagnostics[0].Severity != diag.Error {
				t.Errorf("--strict reports a warning as %v", r.Diagnostics[0].Severity)
			}
		})
	}
}

// `warraq version --json` follows its schema and names every embedded font
// file with the version its name table gives.
func TestVersionJSON(t *testing.T) {
	code, stdout, _ := warraq(t, "version", "--json")
	if code != 0 {
		t.Fatal(code)
	}
	if err := schema.Validate("version", []byte(stdout)); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	var v versionInfo
	json.Unmarshal([]byte(stdout), &v)
	got := map[string]string{}
	for _, f := range v.Fonts {
		got[f.File] = f.Version
	}
	// From each file's name table, read with fc-query when writing this
	// test: "Version 0.113", "Version 2.102; ttfautohint …".
	for file, want := range map[string]string{"Amiri-Regular.ttf": "0.113", "NotoKufiArabic-Bold.ttf": "2.102",
		"NotoNaskhArabic-Regular.ttf": "2.004", "NotoSans-Bold.ttf": "2.004", "NotoSansMono-Regular.ttf": "2.006",
		"NotoNastaliqUrdu-Regular.ttf": "2.000", "NotoSerifHebrew-Regular.ttf": "2.000", "NotoSansHebrew-Bold.ttf": "3.000"} {
		if got[file] != want {
			t.Errorf("%s: version %q, want %q", file, got[file], want)
		}
	}
	if len(v.Fonts) != 18 {
		t.Errorf("%d font files, want the 18 embedded", len(v.Fonts))
	}
	_, text, _ := warraq(t, "version")
	if !strings.Contains(text, "Noto Kufi Arabic 2.102\n") || !strings.Contains(text, "go:     "+v.Go) {
		t.Errorf("version:\n%s", text)
	}
}

// Errors from the operating system while writing (a full disk, a read-only
// file system) exit 3 with code output, naming the file; a content error
// that comes with an unreadable file exits 3 too.
func TestEnvironmentalExit(t *testing.T) {
	a := &app{}
	full := fmt.Errorf("epub: %w", &fs.PathError{Op: "write", Path: "/out/.book.epub.123.tmp", Err: syscall.ENOSPC})
	rename := fmt.Errorf("/out/book.pdf: %w", syscall.EROFS)
	for _, err := range []error{full, rename} {
		f := a.classify(".", err, true)
		if f.code != exitEnv || len(f.diags) != 1 || f.diags[0].Code != diag.Output || !strings.Contains(f.summary, err.Error()) {
			t.Errorf("%v: %+v", err, f)
		}
	}
	if f := a.classify(".", full, true); f.diags[0].File != "/out/.book.epub.123.tmp" {
		t.Errorf("file %q", f.diags[0].File)
	}
	mixed := &diag.Errors{
		{File: "a.md", Line: 2, Severity: diag.Error, Code: diag.UnknownKey, Message: "x"},
		{File: "b.md", Severity: diag.Error, Code: diag.Unreadable, Message: "cannot read: input/output error"},
	}
	if f := a.classify("book", mixed, true); f.code != exitEnv || f.diags[0].File != "book/a.md" {
		t.Errorf("%+v", f)
	}
	if f := a.classify("book", fmt.Errorf("pdf: %w", context.Canceled), true); f.code != exitInterrupt || f.diags[0].Code != diag.Interrupted {
		t.Errorf("%+v", f)
	}
}
