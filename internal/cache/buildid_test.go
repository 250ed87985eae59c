package cache

import (
	"bytes"
	"crypto/sha256"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The build ID read from an executable is the one the Go toolchain reports,
// for the formats Warraq is released in.
func TestGoBuildIDAsTheToolchainReadsIt(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module hello\n\ngo 1.22\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n\nfunc main() {}\n"), 0o644)
	exes := map[string]string{"linux (this test)": self}
	for _, target := range []string{"darwin/arm64", "windows/amd64"} {
		goos, goarch, _ := strings.Cut(target, "/")
		out := filepath.Join(dir, goos)
		cmd := exec.Command("go", "build", "-o", out, ".")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0", "GOFLAGS=")
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build for %s: %v\n%s", target, err, b)
		}
		exes[target] = out
	}
	for name, exe := range exes {
		want, err := exec.Command("go", "tool", "buildid", exe).Output()
		if err != nil {
			t.Fatalf("%s: go tool buildid: %v", name, err)
		}
		f, err := os.Open(exe)
		if err != nil {
			t.Fatal(err)
		}
		got := goBuildID(f)
		f.Close()
		if string(got) != strings.TrimSpace(string(want)) {
			t.Errorf("%s: build ID %q, the toolchain says %q", name, got, want)
		}
	}
}

// Without a build ID of four parts, an executable is known by the hash of
// its content: a file that is no executable, and one whose ID was blanked.
func TestExecutableIDWithoutBuildID(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain")
	os.WriteFile(plain, []byte("not an executable"), 0o644)
	if got, want := executableID(plain), sha256.Sum256([]byte("not an executable")); !bytes.Equal(got, want[:]) {
		t.Errorf("plain file: %x, want its SHA-256 %x", got, want)
	}

	self, _ := os.Executable()
	b, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(self)
	id := goBuildID(f)
	f.Close()
	if id == nil {
		t.Fatal("the test binary has no build ID")
	}
	withID := executableID(self)
	blank := bytes.Replace(b, id, bytes.ReplaceAll(id, []byte("/"), []byte("_")), 1)
	if bytes.Equal(blank, b) {
		t.Fatal("the build ID is not in the file")
	}
	blanked := filepath.Join(dir, "blanked")
	os.WriteFile(blanked, blank, 0o755)
	want := sha256.Sum256(blank)
	if got := executableID(blanked); !bytes.Equal(got, want[:]) {
		t.Errorf("blanked ID: %x, want the file's SHA-256 %x", got, want)
	}
	if bytes.Equal(withID, want[:]) || withID == nil {
		t.Errorf("with its ID the executable is known by %x", withID)
	}
}
