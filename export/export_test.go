package export

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/internal/testdir"
)

var small = map[string]string{
	"book.yaml": "title: كتاب صغير\nauthor: كاتب\n",
	"a.md":      "---\ntitle: الأولى\ndate: 2025-01-01\n---\n\nنص المقالة الأولى، وفيه رابط إلى [الثانية](b.md).\n",
	"b.md":      "---\ntitle: الثانية\ndate: 2025-02-01\n---\n\n## قسم\n\nنص المقالة الثانية.\n",
}

// listDir returns the names in dir, to catch temporary files left behind.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func TestBuildManifest(t *testing.T) {
	dir := testdir.Write(t, small)
	var stages []string
	m, err := Build(context.Background(), dir, Options{Selection: collection.Options{Epoch: time.Unix(1735689600, 0)}, Progress: func(s string, done, total int) {
		if done > total {
			t.Errorf("progress %d of %d", done, total)
		}
		stages = append(stages, s)
	}})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(listDir(t, filepath.Join(dir, "dist")), " "); got != "ktab-sghyr.epub ktab-sghyr.pdf" {
		t.Errorf("dist holds %q", got)
	}
	if len(m.Outputs) != 2 || m.Outputs[0].Format != "epub" || m.Outputs[1].Format != "pdf" {
		t.Fatalf("outputs %+v", m.Outputs)
	}
	for _, o := range m.Outputs {
		data, err := os.ReadFile(o.Path)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		if int64(len(data)) != o.Bytes || hex.EncodeToString(sum[:]) != o.SHA256 {
			t.Errorf("%s: manifest says %d bytes %s, file has %d bytes %x", o.Format, o.Bytes, o.SHA256, len(data), sum)
		}
		if fi, _ := os.Stat(o.Path); fi.Mode().Perm() != 0o644 {
			t.Errorf("%s mode %v, want 0644", o.Path, fi.Mode().Perm())
		}
	}
	if m.Outputs[1].Pages < 3 || m.Outputs[0].Pages != 0 {
		t.Errorf("pages: epub %d, pdf %d", m.Outputs[0].Pages, m.Outputs[1].Pages)
	}
	if len(m.Articles) != 2 || m.Articles[0].Path != "a.md" || m.Articles[1].Title != "الثانية" {
		t.Errorf("articles %+v", m.Articles)
	}
	if m.Book.Modified != "2025-01-01T00:00:00Z" || m.Book.Slug != "ktab-sghyr" {
		t.Errorf("book %+v", m.Book)
	}
	if stages[0] != "load" || stages[len(stages)-1] != "done" {
		t.Errorf("stages %q", stages)
	}
	if _, err := zip.OpenReader(m.Outputs[0].Path); err != nil {
		t.Errorf("EPUB is not a zip: %v", err)
	}
}

func TestBuildOneFormat(t *testing.T) {
	dir := testdir.Write(t, small)
	out := filepath.Join(t.TempDir(), "new", "out")
	m, err := Build(context.Background(), dir, Options{Formats: []string{"pdf"}, OutDir: out})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Outputs) != 1 || m.Outputs[0].Path != filepath.Join(out, "ktab-sghyr.pdf") {
		t.Errorf("outputs %+v", m.Outputs)
	}
	if _, err := os.Stat(filepath.Join(dir, "dist")); !errors.Is(err, os.ErrNotExist) {
		t.Error("dist created although --out was given")
	}
	_, err = Build(context.Background(), dir, Options{Formats: []string{"epub,docx"}})
	var fe *FormatError
	if !errors.As(err, &fe) || fe.Format != "docx" {
		t.Errorf("err %v, want a FormatError for docx", err)
	}
}

// A failed build must leave the previous outputs byte for byte and no
// temporary file behind.
func TestFailedBuildKeepsEarlierOutputs(t *testing.T) {
	dir := testdir.Write(t, small)
	m, err := Build(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	before := map[string][]byte{}
	for _, o := range m.Outputs {
		before[o.Path], _ = os.ReadFile(o.Path)
	}
	if err := os.WriteFile(filepath.Join(dir, "b.md"), []byte("---\ntitle: [\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Build(context.Background(), dir, Options{})
	var ce *diag.Errors
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "b.md:2: malformed YAML") {
		t.Fatalf("err %v, want b.md:2: malformed YAML", err)
	}
	for p, data := range before {
		now, _ := os.ReadFile(p)
		if !bytes.Equal(now, data) {
			t.Errorf("%s changed by a failed build", p)
		}
	}
	if n := len(listDir(t, filepath.Join(dir, "dist"))); n != 2 {
		t.Errorf("dist holds %v", listDir(t, filepath.Join(dir, "dist")))
	}
}

// Cancelling (what SIGINT does in the CLI) while the renderers run removes
// their temporary files and leaves earlier outputs untouched.
func TestCancelledBuild(t *testing.T) {
	dir := testdir.Write(t, small)
	m, err := Build(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	old, _ := os.ReadFile(m.Outputs[1].Path)
	// Change the book so a completed build would change the PDF.
	if err := os.WriteFile(filepath.Join(dir, "c.md"), []byte("# ثالثة\n\nنص جديد.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err = Build(ctx, dir, Options{Progress: func(stage string, _, _ int) {
		if stage == "render" {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
	now, _ := os.ReadFile(m.Outputs[1].Path)
	if !bytes.Equal(old, now) {
		t.Error("an interrupted build changed the earlier PDF")
	}
	if got := listDir(t, filepath.Join(dir, "dist")); len(got) != 2 {
		t.Errorf("dist holds %q after an interrupted build", got)
	}
}

func TestUnwritableOutDir(t *testing.T) {
	dir := testdir.Write(t, small)
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Build(context.Background(), dir, Options{OutDir: filepath.Join(file, "out")})
	if err == nil || !strings.Contains(err.Error(), "output directory "+filepath.Join(file, "out")+": not a directory") {
		t.Errorf("err %v", err)
	}
}

func TestStrictFailsOnWarnings(t *testing.T) {
	files := map[string]string{"book.yaml": "date: 2025-01-01\n", "a.md": "# عنوان\n\n![صورة](https://example.com/a.png)\n"}
	dir := testdir.Write(t, files)
	m, err := Build(context.Background(), dir, Options{Formats: []string{"pdf"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Warnings) != 1 || !strings.Contains(m.Warnings[0], `a.md:3: warning: remote image "https://example.com/a.png" is never fetched`) {
		t.Errorf("warnings %q", m.Warnings)
	}
	out := t.TempDir()
	_, err = Build(context.Background(), dir, Options{Formats: []string{"pdf"}, OutDir: out, Selection: collection.Options{Strict: true}})
	if err == nil || !strings.Contains(err.Error(), "a.md:3: remote image") {
		t.Errorf("strict: err %v", err)
	}
	if got := listDir(t, out); len(got) != 0 {
		t.Errorf("strict failure wrote %q", got)
	}
}

// Hostile but valid input builds without a panic: a 50,000-character word,
// a paragraph as large as an article may be, lists and quotes nested 100 deep, raw HTML with scripts,
// bidi overrides and zero-width characters in titles.
func TestHostileInputBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a large book")
	}
	paragraph := 1<<20 - 100 // bytes: the most an article may have
	if raceDetector {
		paragraph /= 16
	}
	var nested strings.Builder
	for i := 0; i < 100; i++ {
		nested.WriteString(strings.Repeat("  ", i) + "- مستوى\n")
	}
	files := map[string]string{
		"book.yaml": "title: \"\u202Eكتاب\u202C\u200B معادٍ\"\n",
		"word.md":   "---\ntitle: كلمة طويلة\ndate: 2025-01-01\n---\n\n" + strings.Repeat("ب", 50000) + "\n",
		"para.md":   "---\ntitle: فقرة ضخمة\ndate: 2025-01-02\n---\n\n" + strings.Repeat("كلمة عربية وword لاتينية ", paragraph/45) + "\n",
		"nest.md":   "---\ntitle: تداخل\ndate: 2025-01-03\n---\n\n" + nested.String() + "\n" + strings.Repeat("> ", 100) + "اقتباس\n",
		"html.md": "---\ntitle: \"\u202Bعنوان\u202C بالعكس\u200F\"\ndate: 2025-01-04\n---\n\n<script>alert(1)</script>\n\n" +
			"<iframe src=\"https://evil.example\"></iframe>\n\nنص <b onclick=\"steal()\">عريض</b> و[رابط](javascript:alert(1)).\n",
	}
	dir := testdir.Write(t, files)
	m, err := Build(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if m.Book.Slug != "ktab-mad" {
		t.Errorf("slug %q: bidi controls must not reach file names", m.Book.Slug)
	}
	for _, o := range m.Outputs {
		if o.Bytes == 0 {
			t.Errorf("%s is empty", o.Format)
		}
	}
	// The script, the iframe, the handler and the javascript: link are each
	// reported at their line (the EPUB drops them; the PDF never draws HTML).
	for _, at := range []string{"html.md:6: warning:", "html.md:8: warning:", "html.md:10: warning:"} {
		found := false
		for _, w := range m.Warnings {
			found = found || strings.HasPrefix(w, at)
		}
		if !found {
			t.Errorf("no warning at %s in %q", at, m.Warnings)
		}
	}
}
