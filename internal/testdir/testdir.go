// Package testdir writes small collections for tests: the one fixture the
// CLI, pipeline and collection tests share; and records what a load of
// one parses (Parsed).
package testdir

import (
	"os"
	"path/filepath"
	"testing"
)

// Write writes files (slash paths -> contents) under a new temporary
// directory and returns its path.
func Write(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, body := range files {
		abs := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(abs, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
