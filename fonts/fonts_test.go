package fonts

import (
	"bytes"
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"
)

func TestEveryFaceIsEmbedded(t *testing.T) {
	for _, f := range Families() {
		for style, file := range f.Files {
			data, got, ok := f.Face(style)
			if !ok || got != file {
				t.Errorf("%s %v: got %s ok=%v", f.Name, style, got, ok)
			}
			// TrueType fonts start with 0x00010000 or 'true'.
			if len(data) < 4 || !(bytes.Equal(data[:4], []byte{0, 1, 0, 0}) || string(data[:4]) == "true") {
				t.Errorf("%s: %s is not a TrueType font", f.Name, file)
			}
		}
		if len(f.LicenseText()) < 1000 {
			t.Errorf("%s: licence text missing", f.Name)
		}
	}
}

func TestLookupAndFallback(t *testing.T) {
	f, ok := Lookup("noto-kufi arabic")
	if !ok || f.Name != "Noto Kufi Arabic" {
		t.Fatalf("Lookup: %v %v", f.Name, ok)
	}
	if _, ok := Lookup("Comic Sans"); ok {
		t.Fatal("unknown family found")
	}
	_, file, ok := f.Face(BoldItalic)
	if ok || file != "NotoKufiArabic-Bold.ttf" {
		t.Errorf("bold-italic fallback: %s %v", file, ok)
	}
	_, file, ok = f.Face(Italic)
	if ok || file != "NotoKufiArabic-Regular.ttf" {
		t.Errorf("italic fallback: %s %v", file, ok)
	}
}

// TestCompanionsAreEmbedded: every companion a family names is an embedded
// family other than itself, for an ISO 15924 script code.
func TestCompanionsAreEmbedded(t *testing.T) {
	for _, f := range Families() {
		for script, name := range f.Companions {
			c, ok := Lookup(name)
			if !ok || c.Name == f.Name || len(script) != 4 {
				t.Errorf("%s: companion %q for %q", f.Name, name, script)
			}
		}
	}
	if k, _ := Lookup(DefaultHeading); k.Companions["Latn"] == "" {
		t.Error("the default heading family has no Latin companion")
	}
}

// TestEveryFileEmbedded: the files map holds every font file in files/,
// each byte for byte, and Face hands out slices an append cannot write
// beyond.
func TestEveryFileEmbedded(t *testing.T) {
	entries, err := os.ReadDir("files")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if filepath.Ext(e.Name()) != ".ttf" {
			continue
		}
		n++
		want, err := os.ReadFile(filepath.Join("files", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := files[e.Name()]; !ok || !bytes.Equal(got, want) {
			t.Errorf("%s: not embedded as it is on disk (found %v, %d bytes against %d)", e.Name(), ok, len(got), len(want))
		}
	}
	if n != len(files) {
		t.Errorf("%d font files on disk, %d embedded", n, len(files))
	}
	for _, f := range Families() {
		for style := range f.Files {
			data, _, _ := f.Face(style)
			if cap(data) != len(data) {
				t.Errorf("%s %v: capacity %d beyond the length %d", f.Name, style, cap(data), len(data))
			}
		}
	}
}

// TestDigests: Digest gives every embedded file's SHA-256 sum, and nothing
// for a name that is not one.
func TestDigests(t *testing.T) {
	for name, data := range files {
		got, ok := Digest(name)
		if want := sha256.Sum256(data); !ok || got != want {
			t.Errorf("%s: Digest %x, %v; the file's sum is %x", name, got, ok, want)
		}
	}
	if len(digests) != len(files) {
		t.Errorf("%d digests for %d files", len(digests), len(files))
	}
	if _, ok := Digest("Amiri.ttf"); ok {
		t.Error("a digest for a file that is not embedded")
	}
}
