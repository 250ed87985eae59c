package typstbook

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/internal/testdir"
)

// TestWrite: the Typst document sets the page and type it is given and
// says the book's words: markup characters escaped, headings, tables,
// verse, pull quotes and notes in Typst's own forms.
func TestWrite(t *testing.T) {
	dir := testdir.Write(t, map[string]string{
		"book.yaml": "title: كتاب\nlanguage: ar\n",
		"a.md": "---\ntitle: مقالة\n---\n\nنص فيه #وسم و*تأكيد* و$5 و[رابط](https://x.org)[^1].\n\n## قسم\n\n" +
			"| أ | ب |\n|---|---|\n| 1 | 2 |\n\n> [!pullquote]\n> قول بارز\n\n```verse\nصدر    عجز\n```\n\n[^1]: حاشية.\n",
	})
	b, err := collection.Load(dir, collection.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	s := Settings{Width: 419.53, Height: 595.28, Top: 54, Bottom: 54, Inner: 54, Outer: 40, Size: 11, Leading: 1.7, Font: "Amiri"}
	if err := Write(out, b, s); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join(out, "book.typ"))
	if err != nil {
		t.Fatal(err)
	}
	typ := string(src)
	for _, want := range []string{
		"width: 419.53pt, height: 595.28pt, margin: (inside: 54pt, outside: 40pt, top: 54pt, bottom: 54pt)",
		`font: "Amiri", size: 11pt`, "leading: 0.7em",
		`نص فيه \#وسم و#emph[تأكيد] و\$5 ورابط#footnote[حاشية.].`,
		"\n== مقالة\n", "\n=== قسم\n",
		"#table(columns: 2", "table.header(", "[*أ*]", "[1],",
		"stroke: (top: 0.6pt, bottom: 0.6pt)", "قول بارز",
		"grid(columns: 2", "[صدر],  [عجز],",
	} {
		if !strings.Contains(typ, want) {
			t.Errorf("book.typ lacks %q:\n%s", want, typ)
		}
	}
}
