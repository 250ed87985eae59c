package export

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/markdown"
	"github.com/warraq/warraq/internal/pdfread"
)

// The mixed-script collection (testdata/books/mixed) holds one case per
// paragraph in tokens.md, each with the visual order a reader must see and
// the markup the XHTML must hold written under it; running.md puts the same
// kinds of tokens in long justified paragraphs. These tests build it and
// read both formats back: the PDF's glyph positions and their Unicode, the
// EPUB's XHTML.

const mixedBook = "../testdata/books/mixed"

// mixedCase is one paragraph of tokens.md and what it must look like.
type mixedCase struct {
	line   int    // in tokens.md
	src    string // the paragraph as typed
	visual string // left to right: Arabic runs as |, spaces left out
	html   string // a piece of the article's XHTML
}

var caseComment = regexp.MustCompile(`^<!-- visual: (\S+) html: (.*) -->$`)

func mixedCases(t *testing.T) []mixedCase {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(mixedBook, "tokens.md"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	var out []mixedCase
	for i := 1; i < len(lines); i++ {
		m := caseComment.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		out = append(out, mixedCase{line: i, src: lines[i-1], visual: m[1], html: m[2]})
	}
	if len(out) < 40 {
		t.Fatalf("tokens.md has %d cases, want at least 40", len(out))
	}
	return out
}

// buildMixed builds the collection in dir (the mixed book, or a copy of it)
// and returns the manifest's files by format.
func buildMixed(t *testing.T, dir string, formats ...string) map[string][]byte {
	t.Helper()
	out := t.TempDir()
	m, err := Build(context.Background(), dir, Options{Formats: formats, OutDir: out, Selection: collection.Options{OutDir: out}})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, o := range m.Outputs {
		if files[o.Format], err = os.ReadFile(o.Path); err != nil {
			t.Fatal(err)
		}
	}
	return files
}

// isArabic reports a character written as | in the visual strings.
func isArabic(r rune) bool {
	return r >= 0x600 && r <= 0x6FF || r >= 0x750 && r <= 0x77F || r >= 0x8A0 && r <= 0x8FF ||
		r >= 0xFB50 && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFF
}

// visualOrder is a PDF line as a reader sees it: its glyphs sorted from left
// to right, each written as its ToUnicode text without marks and format
// characters, spaces left out, each run of Arabic characters as |.
func visualOrder(l pdfread.Line) string {
	gs := append([]pdfread.Glyph(nil), l.Glyphs...)
	sort.SliceStable(gs, func(i, j int) bool { return gs[i].X < gs[j].X })
	var b strings.Builder
	arabic := false
	for _, g := range gs {
		for _, r := range g.Text {
			switch {
			case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Cf, r) || unicode.IsSpace(r):
			case isArabic(r):
				if !arabic {
					b.WriteByte('|')
				}
				arabic = true
			default:
				b.WriteRune(r)
				arabic = false
			}
		}
	}
	return b.String()
}

// bare is text without spaces, marks and format characters: how a line's
// text and a paragraph's are compared.
func bare(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
}

// printed is a paragraph's or heading's text as the book prints it
// (quotation marks rewritten by the mixed-script pass).
func printed(src string) string {
	r := markdown.Read(markdown.Source{File: "tokens.md", Text: []byte(src), Line: 1, Lang: "ar"})
	if len(r.Doc.Blocks) == 0 {
		return ""
	}
	switch b := r.Doc.Blocks[0].(type) {
	case *doc.Paragraph:
		return doc.PlainText(b.Content)
	case *doc.Heading:
		return doc.PlainText(b.Content)
	}
	return ""
}

// pdfLines are every text line of a PDF, page after page.
func pdfLines(t *testing.T, data []byte) []pdfread.Line {
	t.Helper()
	d, err := pdfread.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	var out []pdfread.Line
	for p := 1; p <= d.Pages; p++ {
		out = append(out, d.Lines[p]...)
	}
	return out
}

// TestMixedCasesPDF: each case of tokens.md is one line of the PDF, and its
// glyphs, read back with their positions and Unicode, stand in the visual
// order written under the case.
func TestMixedCasesPDF(t *testing.T) {
	cases := mixedCases(t)
	lines := pdfLines(t, buildMixed(t, mixedBook, "pdf")["pdf"])
	byText := map[string][]pdfread.Line{}
	for _, l := range lines {
		byText[bare(l.Text)] = append(byText[bare(l.Text)], l)
	}
	for _, c := range cases {
		want := bare(printed(c.src))
		found := byText[want]
		if len(found) != 1 {
			t.Errorf("tokens.md:%d %s: %d lines of the PDF hold exactly this paragraph (split across lines, or not found)", c.line, c.src, len(found))
			continue
		}
		if got := visualOrder(found[0]); got != c.visual {
			t.Errorf("tokens.md:%d %s:\n visual %s\n   want %s", c.line, c.src, got, c.visual)
		}
		if strings.ContainsAny(found[0].Text, "\u2066\u2067\u2068\u2069\u2011") {
			t.Errorf("tokens.md:%d: the copied text holds isolate marks or a no-break hyphen: %q", c.line, found[0].Text)
		}
	}
}

// TestMixedCasesXHTML: the XHTML of each case holds the markup written
// under it: isolates as spans with dir, bound stretches with class nowrap.
func TestMixedCasesXHTML(t *testing.T) {
	cases := mixedCases(t)
	epub := buildMixed(t, mixedBook, "epub")["epub"]
	page := epubFile(t, epub, "tokens")
	for _, c := range cases {
		if !strings.Contains(page, c.html) {
			t.Errorf("tokens.md:%d %s: the XHTML lacks\n %s", c.line, c.src, c.html)
		}
	}
}

// epubFile returns the XHTML of the article whose file name contains name.
func epubFile(t *testing.T, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "OEBPS/text/") && strings.Contains(f.Name, name) {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("no document %s in the EPUB", name)
	return ""
}

// boundStretches lists the stretches of running.md the model keeps on one
// line, each with whether it is also set apart left to right.
func boundStretches(t *testing.T) map[string]bool {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(mixedBook, "running.md"))
	if err != nil {
		t.Fatal(err)
	}
	body := data[bytes.Index(data[3:], []byte("---\n"))+7:]
	r := markdown.Read(markdown.Source{File: "running.md", Text: body, Line: 1, Lang: "ar"})
	out := map[string]bool{}
	doc.InspectDocument(r.Doc, func(n any) bool {
		if s, ok := n.(*doc.Span); ok && s.NoBreak {
			out[doc.PlainText(s.Content)] = s.Dir == "ltr"
		}
		return true
	})
	if len(out) < 20 {
		t.Fatalf("running.md binds %d stretches, want at least 20", len(out))
	}
	return out
}

// TestMixedRunningTextPDF sets running.md at nine font sizes, so that its
// names and versions fall at every place in the line, and checks that none
// is split across two lines, that each reads left to right as typed, and
// that the test did put some at the very start or end of a line.
func TestMixedRunningTextPDF(t *testing.T) {
	bound := boundStretches(t)
	src, err := os.ReadFile(filepath.Join(mixedBook, "running.md"))
	if err != nil {
		t.Fatal(err)
	}
	atEdge := 0
	for size := 9.0; size <= 13; size += 0.5 {
		dir := t.TempDir()
		book := fmt.Sprintf("title: سطور\nlanguage: ar\npdf: {font-size: %g}\n", size)
		for name, data := range map[string]string{"book.yaml": book, "running.md": string(src)} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		lines := pdfLines(t, buildMixed(t, dir, "pdf")["pdf"])
		for tok, ltr := range bound {
			want := strings.Count(string(src), tok)
			whole, visual := 0, 0
			for _, l := range lines {
				text := bare(l.Text)
				whole += strings.Count(text, bare(tok))
				if ltr {
					visual += strings.Count(visualOrder(l), bare(tok))
				}
				if strings.HasPrefix(strings.TrimLeft(text, "(«“"), bare(tok)) || strings.HasSuffix(strings.TrimRight(text, ".،؛)»”"), bare(tok)) {
					atEdge++
				}
			}
			if whole != want {
				t.Errorf("font size %g: %q is whole on %d lines, written %d times: split across lines", size, tok, whole, want)
			}
			if ltr && visual != want {
				t.Errorf("font size %g: %q reads left to right as typed on %d lines, written %d times", size, tok, visual, want)
			}
		}
	}
	if atEdge < 5 {
		t.Errorf("only %d bound stretches began or ended a line at any size: the test proves little", atEdge)
	}
}

// TestMixedRunningTextXHTML: every stretch the model binds in running.md
// is a nowrap span in the XHTML.
func TestMixedRunningTextXHTML(t *testing.T) {
	page := epubFile(t, buildMixed(t, mixedBook, "epub")["epub"], "running")
	for tok := range boundStretches(t) {
		if !strings.Contains(page, `class="nowrap">`+tok+"</span>") && !strings.Contains(page, `class="nowrap">`+escapeXHTML(tok)+"</span>") {
			t.Errorf("%q is not a nowrap span in the XHTML", tok)
		}
	}
}

func escapeXHTML(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// TestSameTextMixed: the EPUB and the PDF of the mixed-script book say the
// same words, isolates, bound names and rewritten quotation marks included.
func TestSameTextMixed(t *testing.T) {
	compareFormats(t, mixedBook)
}
