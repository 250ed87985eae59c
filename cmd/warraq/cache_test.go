package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warraq/warraq/export"
)

// TestMain points the default build cache at a temporary directory (on
// Linux and Windows; macOS keeps caches under ~/Library/Caches): the
// tests' builds must not fill the user's (each test binary is another
// Warraq, whose entries no later run could use).
//
// The child processes some tests start (TestHelperCommand, TestHelperBuild:
// this binary again) share the parent's directory, named in
// testCacheOwner, and leave it to the parent to remove: a child ends in
// os.Exit, past any clean-up of its own, and a directory of its own would
// outlive it (hundreds of MB for each large book built).
func TestMain(m *testing.M) {
	if dir := os.Getenv(testCacheOwner); dir != "" {
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "warraq-test-cache-")
	if err == nil {
		os.Setenv("XDG_CACHE_HOME", dir)
		os.Setenv("LocalAppData", dir)
		os.Setenv(testCacheOwner, dir)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// testCacheOwner is the environment variable that gives child processes
// the test binary's cache directory.
const testCacheOwner = "WARRAQ_TEST_CACHE_DIR"

// The child processes build into the parent's cache directory, and make
// none of their own.
func TestChildrenShareTheCache(t *testing.T) {
	if os.Getenv("WARRAQ_ARGS") != "" || os.Getenv("WARRAQ_HELPER") != "" {
		t.Skip("helper process")
	}
	parent := os.Getenv(testCacheOwner)
	if parent == "" || os.Getenv("XDG_CACHE_HOME") != parent {
		t.Fatalf("TestMain set no cache directory: %s=%q, XDG_CACHE_HOME=%q", testCacheOwner, parent, os.Getenv("XDG_CACHE_HOME"))
	}
	tmp := t.TempDir() // the child's temporary directory, for what it leaves there
	cmd := helper([]string{"TMPDIR=" + tmp}, "version")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("warraq version in a child: %v\n%s", err, out)
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "warraq-test-cache-*")); len(left) > 0 {
		t.Errorf("a child process left a cache directory of its own: %v", left)
	}
}

// build caches by default, --cache names the directory, --no-cache writes
// none, and the outputs are the same bytes every way.
func TestCacheFlags(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1735689600")
	objStreams := 0 // in the PDF: each is kept in the cache too
	sums := func(args ...string) map[string]string {
		t.Helper()
		code, stdout, stderr := warraq(t, append([]string{"build", "../../samples", "--out", t.TempDir(), "--json", "-q", "--format", "pdf"}, args...)...)
		if code != 0 {
			t.Fatalf("build %v: exit %d\n%s", args, code, stderr)
		}
		var m export.Manifest
		json.Unmarshal([]byte(stdout), &m)
		s := map[string]string{}
		for _, o := range m.Outputs {
			s[o.Format] = o.SHA256
			if data, err := os.ReadFile(o.Path); err == nil && o.Format == "pdf" {
				objStreams = strings.Count(string(data), "/Type /ObjStm")
			}
		}
		return s
	}
	entries := func(dir string) int {
		n := 0
		filepath.WalkDir(filepath.Join(dir, "build"), func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				n++
			}
			return nil
		})
		return n
	}
	def, _ := os.UserCacheDir()
	def = filepath.Join(def, "warraq")
	os.RemoveAll(def)
	none := sums("--no-cache")
	if n := entries(def); n != 0 {
		t.Errorf("--no-cache wrote %d cache entries", n)
	}
	// Three entries per article, its body as read, its layouts and its
	// pages, one per object stream, and two per image (the samples' are
	// PNGs): what loading made of the file, and its samples as the PDF
	// deflates them.
	if objStreams == 0 {
		t.Fatal("the PDF has no object streams")
	}
	images, _ := filepath.Glob("../../samples/images/*.png")
	if len(images) == 0 {
		t.Fatal("the samples have no PNG")
	}
	want := 21 + objStreams + 2*len(images)
	if got := sums(); got["pdf"] != none["pdf"] || entries(def) != want {
		t.Errorf("the default cache: %v (want %v), %d entries in %s (want three per article, %d object streams and two per image, %d)", got, none, entries(def), def, objStreams, want)
	}
	mine := t.TempDir()
	for range 2 {
		if got := sums("--cache", mine); got["pdf"] != none["pdf"] || entries(mine) != want {
			t.Errorf("--cache: %v, %d entries, want %d", got, entries(mine), want)
		}
	}
	code, _, stderr := warraq(t, "build", "../../samples", "--no-cache", "--cache", mine)
	if code != exitUsage || !strings.Contains(stderr, "give one of them") {
		t.Errorf("--cache with --no-cache: exit %d\n%s", code, stderr)
	}
}
