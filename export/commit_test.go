package export

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/warraq/warraq/internal/testdir"
)

// earlier writes the outputs of an earlier build into out.
func earlier(t *testing.T, out string, names ...string) {
	t.Helper()
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(out, n), []byte("earlier "+n), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Outputs are committed as a unit: when the PDF cannot be renamed into
// place, the EPUB already renamed is put back as it was, the error names
// the PDF, and no temporary file is left.
func TestCommitIsAUnit(t *testing.T) {
	dir := testdir.Write(t, small)
	for _, tt := range []struct {
		name   string
		before []string // earlier outputs
	}{
		{"earlier outputs", []string{"ktab-sghyr.epub"}},
		{"no earlier EPUB", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := t.TempDir()
			earlier(t, out, tt.before...)
			// A directory where the PDF goes, with something in it: no rename can replace it.
			if err := os.MkdirAll(filepath.Join(out, "ktab-sghyr.pdf", "x"), 0o755); err != nil {
				t.Fatal(err)
			}
			_, err := Build(context.Background(), dir, Options{OutDir: out})
			var we *WriteError
			if !errors.As(err, &we) || we.Path != filepath.Join(out, "ktab-sghyr.pdf") ||
				!strings.HasPrefix(err.Error(), "cannot write "+filepath.Join(out, "ktab-sghyr.pdf")+": ") {
				t.Fatalf("err %v, want a WriteError naming the PDF", err)
			}
			want := strings.Join(append(append([]string{}, tt.before...), "ktab-sghyr.pdf"), " ")
			if got := strings.Join(listDir(t, out), " "); got != want {
				t.Errorf("out holds %q, want %q", got, want)
			}
			for _, n := range tt.before {
				if data, _ := os.ReadFile(filepath.Join(out, n)); string(data) != "earlier "+n {
					t.Errorf("%s is not the earlier output: %.20q", n, data)
				}
			}
		})
	}
}

// deadPID is the ID of a process that has ended.
func deadPID(t *testing.T) int {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

// A build removes what builds killed outright left in its output
// directory, puts back an earlier output one of them had moved aside, and
// leaves alone the files of a build still running and everything else.
func TestStaleTemporaries(t *testing.T) {
	dir := testdir.Write(t, small)
	out := t.TempDir()
	dead, live := strconv.Itoa(deadPID(t)), strconv.Itoa(os.Getppid())
	files := map[string]string{
		".ktab-sghyr.pdf.warraq-" + dead + "-1234.tmp": "half a PDF",
		".other.epub.warraq-" + dead + "-77.tmp":       "another book's",
		".lost.pdf.warraq-" + dead + "-5.old":          "earlier lost.pdf",
		".kept.pdf.warraq-" + dead + "-6.old":          "older kept.pdf",
		"kept.pdf":                                     "kept.pdf",
		".ktab-sghyr.epub.warraq-" + live + "-99.tmp":  "still being written",
		".notes.txt": "not ours",
		"ktab-sghyr.epub.warraq-" + dead + "-1.tmp.keep": "not ours either",
	}
	for n, body := range files {
		if err := os.WriteFile(filepath.Join(out, n), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Build(context.Background(), dir, Options{OutDir: out}); err != nil {
		t.Fatal(err)
	}
	want := []string{".ktab-sghyr.epub.warraq-" + live + "-99.tmp", ".notes.txt", "kept.pdf",
		"ktab-sghyr.epub", "ktab-sghyr.epub.warraq-" + dead + "-1.tmp.keep", "ktab-sghyr.pdf", "lost.pdf"}
	if got := listDir(t, out); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("out holds\n%q\nwant\n%q", got, want)
	}
	for n, body := range map[string]string{"lost.pdf": "earlier lost.pdf", "kept.pdf": "kept.pdf"} {
		if data, _ := os.ReadFile(filepath.Join(out, n)); string(data) != body {
			t.Errorf("%s holds %q, want %q", n, data, body)
		}
	}
}
