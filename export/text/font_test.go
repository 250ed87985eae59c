package text

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warraq/warraq/fonts"
)

// copyFont writes an embedded face's file into dir under name.
func copyFont(t *testing.T, dir, name, family string, st fonts.Style) {
	t.Helper()
	data, _, _ := mustFamily(t, family).Face(st)
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestFamilyOfFiles: a role given as the files of its faces draws each
// style with its own file, a style without a file with the nearest one
// (bold-italic with bold), and Missing says which styles stand in.
func TestFamilyOfFiles(t *testing.T) {
	dir := t.TempDir()
	copyFont(t, dir, "r.ttf", "Amiri", fonts.Regular)
	copyFont(t, dir, "b.ttf", "Amiri", fonts.Bold)
	copyFont(t, dir, "i.ttf", "Amiri", fonts.Italic)
	fs, err := Load(Spec{Lang: "ar", Root: dir, Body: FamilySpec{Files: map[fonts.Style]string{
		fonts.Regular: "r.ttf", fonts.Bold: "b.ttf", fonts.Italic: "i.ttf"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		bold, italic bool
		file         string
		missing      bool
	}{
		{false, false, "r.ttf", false}, {true, false, "b.ttf", false}, {false, true, "i.ttf", false},
		{true, true, "b.ttf", true}, // no bold-italic: the bold face
	} {
		st := styleOf(tc.bold, tc.italic)
		f := fs.Face(Body, tc.bold, tc.italic)
		if filepath.Base(f.File) != tc.file {
			t.Errorf("%s drawn with %s, want %s", st, f.File, tc.file)
		}
		drawn, missing := fs.Missing(Body, st)
		if missing != tc.missing || missing && drawn != fonts.Bold {
			t.Errorf("%s: Missing = %s, %v", st, drawn, missing)
		}
	}
	if f := fs.Face(Body, false, true); f.Style != fonts.Italic || !f.HasRune('ب') {
		t.Errorf("italic face %s style %s", f.Name, f.Style)
	}
	// Default families never report their missing styles: Kufi has no
	// italic by design, and the formats show emphasis their own way.
	if _, missing := fs.Missing(Heading, fonts.Italic); missing {
		t.Error("the default heading family reports a missing italic")
	}
	// A family named in book.yaml does.
	naskh, err := Load(Spec{Lang: "ar", Body: FamilySpec{Family: "Noto Naskh Arabic"}})
	if err != nil {
		t.Fatal(err)
	}
	if drawn, missing := naskh.Missing(Body, fonts.Italic); !missing || drawn != fonts.Regular {
		t.Errorf("Noto Naskh Arabic italic: %s %v, want regular drawn instead", drawn, missing)
	}
	if _, err := Load(Spec{Root: dir, Body: FamilySpec{Files: map[fonts.Style]string{fonts.Bold: "b.ttf"}}}); err == nil {
		t.Error("a family without a regular face loaded")
	}
}

// TestRestrictedFontRefused: a font whose licence forbids embedding (OS/2
// fsType bit 1, restricted licence) is refused, naming the file and why;
// one that allows preview and print embedding is used.
func TestRestrictedFontRefused(t *testing.T) {
	dir := t.TempDir()
	data, _, _ := mustFamily(t, "Amiri").Face(fonts.Regular)
	for name, fsType := range map[string]uint16{"restricted.ttf": 0x0002, "print.ttf": 0x0004} {
		if err := os.WriteFile(filepath.Join(dir, name), withFSType(t, data, fsType), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := NewFontSet("restricted.ttf", "", "", dir)
	if !errors.Is(err, fonts.ErrRestricted) || !strings.Contains(err.Error(), "restricted.ttf") || !strings.Contains(err.Error(), "restricted licence") {
		t.Errorf("restricted font: %v", err)
	}
	if _, err := NewFontSet("print.ttf", "", "", dir); err != nil {
		t.Errorf("a font that allows print embedding: %v", err)
	}
}

// withFSType returns a copy of a font file with its OS/2 fsType set.
func withFSType(t *testing.T, data []byte, fsType uint16) []byte {
	t.Helper()
	out := append([]byte(nil), data...)
	n := int(out[4])<<8 | int(out[5])
	for i := range n {
		rec := 12 + 16*i
		if string(out[rec:rec+4]) == "OS/2" {
			off := int(out[rec+8])<<24 | int(out[rec+9])<<16 | int(out[rec+10])<<8 | int(out[rec+11])
			out[off+8], out[off+9] = byte(fsType>>8), byte(fsType)
			if got, _ := fonts.FSType(out); got != fsType {
				t.Fatalf("fsType %#x written, %#x read", fsType, got)
			}
			return out
		}
	}
	t.Fatal("no OS/2 table")
	return nil
}

// TestLanguageFamilies: a book's language chooses its families, and a span
// in a language whose families differ is set in those: Urdu in Nastaliq
// inside an Arabic book, Arabic in Amiri inside an Urdu book; Hebrew in a
// Hebrew face either way.
func TestLanguageFamilies(t *testing.T) {
	faceOf := func(fs *FontSet, para, span, text string) string {
		b := NewEngine(fs).Layout(Paragraph{Dir: RTL, Lang: para, Spans: []Span{{Text: text, Style: Style{Size: 12, Lang: span}}}}, 1000)
		return b.Lines[0].Runs[0].Face.Family
	}
	ar, err := Load(Spec{Lang: "ar", Langs: []string{"ur", "he", "fa"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := ar.Languages(); len(got) != 2 || got[0] != "he" || got[1] != "ur" {
		t.Errorf("languages with families of their own: %v, want he and ur (Persian shares Arabic's)", got)
	}
	ur, err := Load(Spec{Lang: "ur", Langs: []string{"ar"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		fs               *FontSet
		para, span, text string
		want             string
	}{
		{ar, "ar", "", "كتاب", "Amiri"},
		{ar, "ar", "ur", "کتاب", "Noto Nastaliq Urdu"},
		{ar, "ar", "fa", "کتاب", "Amiri"},
		{ar, "ar", "", "ספר", "Noto Serif Hebrew"},
		{ur, "ur", "", "کتاب", "Noto Nastaliq Urdu"},
		{ur, "ur", "ar", "كتاب", "Amiri"},
	} {
		if got := faceOf(tc.fs, tc.para, tc.span, tc.text); got != tc.want {
			t.Errorf("%s in a %s paragraph (span %q): %s, want %s", tc.text, tc.para, tc.span, got, tc.want)
		}
	}
	if ur.Leading("ur") != 2.5 || ar.Leading("ar") != 0 || ar.Leading("ur") != 2.5 {
		t.Errorf("leading: ur book %g, ar book %g, ur span %g", ur.Leading("ur"), ar.Leading("ar"), ar.Leading("ur"))
	}
	he, err := Load(Spec{Lang: "he"})
	if err != nil {
		t.Fatal(err)
	}
	if b, h := he.Face(Body, false, false).Family, he.Face(Heading, true, false).Family; b != "Noto Serif Hebrew" || h != "Noto Sans Hebrew" {
		t.Errorf("Hebrew book: body %s, headings %s", b, h)
	}
}

// TestFacesParsedWhenUsed: making a font set parses no embedded face; an
// Arabic paragraph parses Amiri's regular face and none of the Hebrew or
// Nastaliq faces.
func TestFacesParsedWhenUsed(t *testing.T) {
	fs, err := Load(Spec{Lang: "ar"})
	if err != nil {
		t.Fatal(err)
	}
	parsed := func() map[string]bool {
		out := map[string]bool{}
		for _, f := range fs.Faces() {
			if f.face != nil {
				out[f.Name] = true
			}
		}
		return out
	}
	if p := parsed(); len(p) != 0 {
		t.Errorf("parsed before use: %v", p)
	}
	NewEngine(fs).Layout(Paragraph{Dir: RTL, Lang: "ar", Spans: []Span{{Text: "كتاب الورّاق", Style: Style{Size: 12}}}}, 1000)
	if p := parsed(); !p["Amiri-Regular"] || p["NotoSerifHebrew-Regular"] || p["NotoNastaliqUrdu-Regular"] || len(p) > 2 {
		t.Errorf("parsed after an Arabic paragraph: %v", p)
	}
}

// TestWarmFacesAreTheLayoutsFaces: the faces Warm would parse for a
// cover's texts (an Arabic title with a Latin year, in the heading's bold;
// Arabic authors in the body style) are exactly those that laying the
// texts out parses, the companion that sets the digits among them, and
// none once they are parsed.
func TestWarmFacesAreTheLayoutsFaces(t *testing.T) {
	texts := []string{"مدوّنة الاختبار، عدد المقالات: 10", "سلمى العطّار، نادر الحلّاق"}
	styles := []Style{{Role: Heading, Bold: true, Size: 12}, {Role: Body, Size: 12}}
	fs, err := Load(Spec{Lang: "ar"})
	if err != nil {
		t.Fatal(err)
	}
	warm := map[string]bool{}
	for _, f := range fs.warmFaces("ar", texts, styles) {
		warm[f.Name] = true
	}
	e := NewEngine(fs)
	for i, s := range texts {
		e.Layout(Paragraph{Dir: RTL, Lang: "ar", Spans: []Span{{Text: s, Style: styles[i]}}}, 1000)
	}
	parsed := map[string]bool{}
	for _, f := range fs.Faces() {
		if f.parsed.Load() {
			parsed[f.Name] = true
		}
	}
	if len(warm) < 3 || !maps.Equal(warm, parsed) {
		t.Errorf("Warm would parse %v; the layout parsed %v", warm, parsed)
	}
	if again := fs.warmFaces("ar", texts, styles); len(again) != 0 {
		t.Errorf("Warm would parse %d faces already parsed", len(again))
	}
}
