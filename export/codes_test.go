package export

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/internal/testdir"
)

// TestDiagnosticCodes gives one small collection per code the loader and
// the checks can produce and expects that code on the problem: the codes are
// a contract (schema/diagnostic.v1.json), so each must mean what it says.
func TestDiagnosticCodes(t *testing.T) {
	const art = "# أ\n\nنص\n"
	tests := []struct {
		name  string
		files map[string]string
		want  diag.Code
	}{
		{"yaml", map[string]string{"book.yaml": "title: [x\n", "a.md": art}, diag.YAMLSyntax},
		{"unknown key", map[string]string{"book.yaml": "titel: x\n", "a.md": art}, diag.UnknownKey},
		{"moved key", map[string]string{"book.yaml": "pdf:\n  digits: latin\n", "a.md": art}, diag.UnknownKey},
		{"duplicate key", map[string]string{"book.yaml": "title: x\ntitle: y\n", "a.md": art}, diag.DuplicateKey},
		{"wrong type", map[string]string{"book.yaml": "drafts: maybe\n", "a.md": art}, diag.InvalidValue},
		{"bad language", map[string]string{"book.yaml": "language: 12\n", "a.md": art}, diag.InvalidValue},
		{"front matter value", map[string]string{"a.md": "---\ntitle: أ\ndate: soon\n---\nنص\n"}, diag.InvalidValue},
		{"not utf-8", map[string]string{"a.md": "# أ\n\n\xff\n"}, diag.Encoding},
		{"unclosed front matter", map[string]string{"a.md": "---\ntitle: أ\n"}, diag.FrontMatter},
		{"no title", map[string]string{"a.md": "نص بلا عنوان\n"}, diag.FrontMatter},
		{"empty", map[string]string{"a.md": "\n\n", "b.md": art}, diag.EmptyArticle},
		{"title only", map[string]string{"a.md": "---\ntitle: أ\n---\n"}, diag.EmptyArticle},
		{"outside", map[string]string{"a.md": "# أ\n\n![صورة](../x.png)\n"}, diag.PathOutside},
		{"absolute", map[string]string{"a.md": "# أ\n\n![صورة](/etc/x.png)\n"}, diag.PathOutside},
		{"missing image", map[string]string{"a.md": "# أ\n\n![صورة](x.png)\n"}, diag.Image},
		{"not an image", map[string]string{"a.md": "# أ\n\n![صورة](x.png)\n", "x.png": "text"}, diag.Image},
		{"remote image", map[string]string{"a.md": "# أ\n\n![صورة](https://example.com/x.png)\n"}, diag.RemoteImage},
		{"no alt", map[string]string{"a.md": "# أ\n\n![](https://example.com/x.png)\n"}, diag.ImageAlt},
		{"broken link", map[string]string{"a.md": "# أ\n\n[ب](b.md)\n"}, diag.Link},
		{"raw html", map[string]string{"a.md": "# أ\n\n<script>x</script>\n"}, diag.RawHTML},
		{"empty selection", map[string]string{"book.yaml": "tags: [none]\n", "a.md": art}, diag.Selection},
		{"no such article", map[string]string{"book.yaml": "articles: [b.md]\n", "a.md": art}, diag.Selection},
		{"duplicate slug", map[string]string{"a.md": "---\ntitle: أ\nslug: x\n---\nنص\n", "b.md": "---\ntitle: ب\nslug: x\n---\nنص\n"}, diag.DuplicateSlug},
		{"no font file", map[string]string{"book.yaml": "fonts: {body: nope.ttf}\n", "a.md": art}, diag.Font},
		{"not a font", map[string]string{"book.yaml": "fonts: {body: f.ttf}\n", "f.ttf": "not a font", "a.md": art}, diag.Font},
		{"cover colour", map[string]string{"book.yaml": "cover: {background: \"#000000\", foreground: \"#010101\"}\n", "a.md": art}, diag.Cover},
		{"missing glyph", map[string]string{"a.md": "# أ\n\nنص 😀\n"}, diag.MissingGlyph},
		{"unreadable book.yaml", map[string]string{"book.yaml/x": "", "b.md": art}, diag.Unreadable},
	}
	known := map[diag.Code]bool{}
	for _, c := range diag.Codes {
		known[c.Code] = true
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := testdir.Write(t, tt.files)
			_, ds, err := Check(context.Background(), dir, collection.Options{})
			if ce, ok := errors.AsType[*diag.Errors](err); ok {
				ds = *ce
			} else if err != nil {
				t.Fatal(err)
			}
			var got []diag.Code
			for _, d := range ds {
				if !known[d.Code] {
					t.Errorf("%s: code %q is not in the vocabulary", d, d.Code)
				}
				got = append(got, d.Code)
			}
			if !slices.Contains(got, tt.want) {
				t.Errorf("codes %v, want %s among them\n%v", got, tt.want, ds)
			}
		})
	}
}
