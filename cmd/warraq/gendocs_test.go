package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The release's man pages and completions: one page per command, dated from
// SOURCE_DATE_EPOCH, the same bytes on every run.
func TestGenDocs(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000") // 2023-11-14
	var runs [2]map[string][]byte
	for i := range runs {
		dir := t.TempDir()
		if code, _, stderr := warraq(t, "gen-docs", dir); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		runs[i] = map[string][]byte{}
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				data, _ := os.ReadFile(p)
				rel, _ := filepath.Rel(dir, p)
				runs[i][filepath.ToSlash(rel)] = data
			}
			return nil
		})
	}
	for _, f := range []string{"man/warraq.1", "man/warraq-build.1", "man/warraq-check.1", "man/warraq-version.1",
		"completions/warraq.bash", "completions/warraq.zsh", "completions/warraq.fish", "completions/warraq.ps1"} {
		if len(runs[0][f]) == 0 {
			t.Errorf("%s not written", f)
		}
	}
	if _, ok := runs[0]["man/warraq-gen-docs.1"]; ok {
		t.Error("the hidden gen-docs command got a man page")
	}
	for f, data := range runs[0] {
		if !bytes.Equal(data, runs[1][f]) {
			t.Errorf("%s differs between two runs", f)
		}
	}
	page := string(runs[0]["man/warraq-build.1"])
	if !strings.Contains(page, `"Nov 2023"`) || !strings.Contains(page, "SLUG.epub") || !strings.Contains(page, "--json") {
		t.Errorf("warraq-build.1:\n%s", page)
	}
	if !strings.Contains(string(runs[0]["man/warraq.1"]), "130 interrupted") {
		t.Error("warraq.1 does not give the exit codes")
	}
}
