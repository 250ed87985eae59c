package export

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/fonts"
	"github.com/warraq/warraq/internal/testdir"
)

func writeFace(t *testing.T, dir, name, family string, st fonts.Style, fsType uint16) {
	t.Helper()
	fam, _ := fonts.Lookup(family)
	data, _, _ := fam.Face(st)
	data = append([]byte(nil), data...)
	n := int(binary.BigEndian.Uint16(data[4:6]))
	for i := range n {
		if rec := 12 + 16*i; string(data[rec:rec+4]) == "OS/2" {
			off := binary.BigEndian.Uint32(data[rec+8 : rec+12])
			binary.BigEndian.PutUint16(data[off+8:off+10], fsType)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestMissingStyleWarned: a family given as files without an italic face,
// in a book with emphasis, is warned about at its book.yaml line, saying
// what is drawn instead; one with every face the book uses is not; the
// language's default families (Nastaliq has no italic) are never.
func TestMissingStyleWarned(t *testing.T) {
	article := "---\ntitle: مقالة\ndate: 2025-01-01\n---\n\nنص فيه *تأكيد* و**شدة**.\n"
	for _, tc := range []struct {
		name, yaml string
		want       []string
	}{
		{"regular and bold", "fonts:\n  body:\n    regular: r.ttf\n    bold: b.ttf\n",
			[]string{"book.yaml:4: warning: fonts.body: r.ttf has no italic face, for emphasis: its regular face is drawn instead (give fonts.body.italic: a font file)"}},
		{"one file", "fonts:\n  body: r.ttf\n", []string{
			"book.yaml:3: warning: fonts.body: r.ttf has no bold face, for strong text: its regular face is drawn instead",
			"book.yaml:3: warning: fonts.body: r.ttf has no italic face, for emphasis: its regular face is drawn instead"}},
		{"every face", "fonts:\n  body: {regular: r.ttf, bold: b.ttf, italic: i.ttf, bold-italic: i.ttf}\n", nil},
		{"an embedded family", "fonts:\n  body: Noto Naskh Arabic\n",
			[]string{"book.yaml:3: warning: fonts.body: Noto Naskh Arabic has no italic face, for emphasis: its regular face is drawn instead"}},
		{"the language's defaults", "language: ur\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := testdir.Write(t, map[string]string{"book.yaml": "title: كتاب\n" + tc.yaml, "a.md": article})
			writeFace(t, dir, "r.ttf", "Amiri", fonts.Regular, 0)
			writeFace(t, dir, "b.ttf", "Amiri", fonts.Bold, 0)
			writeFace(t, dir, "i.ttf", "Amiri", fonts.Italic, 0)
			p, err := Prepare(dir, collection.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, w := range p.Warnings {
				if w.Code == diag.FontStyle {
					got = append(got, w.String())
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("warnings %q, want %q", got, tc.want)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tc.want[i]) {
					t.Errorf("warning %q, want %q", got[i], tc.want[i])
				}
			}
		})
	}
}

// TestRestrictedFontRefused: a font file whose licence forbids embedding
// is an error at its book.yaml line, naming the file and the permission.
func TestRestrictedFontRefused(t *testing.T) {
	dir := testdir.Write(t, map[string]string{"book.yaml": "title: كتاب\nfonts:\n  body:\n    regular: r.ttf\n    bold: locked.ttf\n", "a.md": "# أ\n\nنص\n"})
	writeFace(t, dir, "r.ttf", "Amiri", fonts.Regular, 0)
	writeFace(t, dir, "locked.ttf", "Amiri", fonts.Bold, 0x0002)
	_, err := Prepare(dir, collection.Options{})
	var de *diag.Errors
	if !errors.As(err, &de) || !strings.Contains(err.Error(), "book.yaml:5: fonts.body.bold: locked.ttf: the font's licence forbids embedding it (OS/2 fsType 0x0002: restricted licence embedding)") {
		t.Errorf("restricted font: %v", err)
	}
}
