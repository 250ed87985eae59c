package collection

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/warraq/warraq/export/config"
	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/internal/slug"
	"github.com/warraq/warraq/internal/testdir"
)

func load(t *testing.T, fs map[string]string, opt Options) *Book {
	t.Helper()
	b, err := Load(testdir.Write(t, fs), opt)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return b
}

// loadErr loads a collection that must fail and returns its diagnostics as lines.
func loadErr(t *testing.T, dir string, opt Options) []string {
	t.Helper()
	b, err := Load(dir, opt)
	if err == nil {
		t.Fatalf("Load succeeded with %d articles; want an error", len(b.Articles))
	}
	var e *diag.Errors
	if !errors.As(err, &e) {
		t.Fatalf("error is %T, want *diag.Errors: %v", err, err)
	}
	var out []string
	for _, d := range *e {
		out = append(out, d.String())
	}
	return out
}

func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(0, 0, color.RGBA{200, 10, 10, 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func jpegBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, image.NewGray(image.Rect(0, 0, w, h)), nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// hugePNGHeader is a PNG whose header claims w x h pixels and which has no
// pixel data: Load must refuse it from the header alone.
func hugePNGHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2 // 8-bit RGB
	binary.Write(&b, binary.BigEndian, uint32(len(ihdr)))
	chunk := append([]byte("IHDR"), ihdr...)
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

func article(fm, body string) string {
	return "---\n" + fm + "\n---\n" + body
}

func TestLoadErrors(t *testing.T) {
	ok := article("title: أ\ndate: 2025-01-02", "نص.\n")
	tests := []struct {
		name  string
		files map[string]string
		opt   Options
		want  string // one diagnostic line, exactly
	}{
		{"unknown book key", map[string]string{"book.yaml": "title: كتاب\ntitel: x\n", "a.md": ok},
			Options{}, `book.yaml:2: unknown key "titel" (did you mean "title"?)`},
		{"malformed book.yaml", map[string]string{"book.yaml": "title: [unclosed\nauthor: x\n", "a.md": ok},
			Options{}, `book.yaml:2: malformed YAML: did not find expected ',' or ']'`},
		{"unsafe book slug", map[string]string{"book.yaml": "title: x\nslug: Dafatir Al/Warraq\n", "a.md": ok},
			Options{}, `book.yaml:2: slug: "Dafatir Al/Warraq" is not a file-name-safe slug (lower-case ASCII letters, digits and dashes, e.g. "dafatir-al-warraq")`},
		{"number for a date", map[string]string{"book.yaml": "title: x\ndate: 2025\n", "a.md": ok},
			Options{}, `book.yaml:2: date: want a date like 2025-03-14, got the number 2025`},
		{"list for a title", map[string]string{"book.yaml": "title: [a, b]\n", "a.md": ok},
			Options{}, `book.yaml:1: title: want text, got a list`},
		{"bad order", map[string]string{"book.yaml": "order: dat\n", "a.md": ok},
			Options{}, `book.yaml:1: order: want one of date, date-desc, title, weight, manual, got "dat" (did you mean "date"?)`},
		{"duplicate key", map[string]string{"book.yaml": "title: a\ntitle: b\n", "a.md": ok},
			Options{}, `book.yaml:2: duplicate key "title" (first on line 1)`},
		{"bad language", map[string]string{"book.yaml": "language: arabic-please\n", "a.md": ok},
			Options{}, `book.yaml:1: language: "arabic-please" is not a BCP 47 language tag (e.g. ar, ar-EG, fa, en)`},
		{"unknown font family", map[string]string{"book.yaml": "fonts:\n  heading: Amiry\n", "a.md": ok},
			Options{}, `book.yaml:2: fonts.heading: "Amiry" is not an embedded family (Amiri, Noto Kufi Arabic, Noto Naskh Arabic, Noto Nastaliq Urdu, Noto Sans, Noto Sans Hebrew, Noto Sans Mono, Noto Serif Hebrew) nor a .ttf/.otf file; did you mean "Amiri"?`},
		{"missing font file", map[string]string{"book.yaml": "title: x\nfonts: {body: fonts/x.otf}\n", "a.md": ok},
			Options{}, `book.yaml:2: fonts.body: no font file fonts/x.otf`},
		{"unknown front matter key", map[string]string{"a.md": article("title: أ\ntilte: ب", "نص\n")},
			Options{}, `a.md:3: unknown key "tilte" (did you mean "title"?)`},
		{"malformed front matter", map[string]string{"a.md": article("title: أ\ntags: [x", "نص\n")},
			Options{}, `a.md:3: malformed YAML: did not find expected ',' or ']'`},
		{"number for an article date", map[string]string{"a.md": article("title: أ\ndate: 12", "نص\n")},
			Options{}, `a.md:3: date: want a date like 2025-03-14, got the number 12`},
		{"draft not a boolean", map[string]string{"a.md": article("title: أ\ndraft: maybe", "نص\n")},
			Options{}, `a.md:3: draft: want true or false, got "maybe"`},
		{"unclosed front matter", map[string]string{"a.md": "---\ntitle: أ\n\nنص\n"},
			Options{}, `a.md:1: front matter opened with --- is never closed (add a --- line after it)`},
		{"not UTF-8", map[string]string{"a.md": "# عنوان\n\nسطر\n\xff\xfe latin-1\n"},
			Options{}, `a.md:4: not valid UTF-8 (byte 0xFF); save the file as UTF-8`},
		{"empty file", map[string]string{"a.md": " \n\n"}, Options{}, `a.md: empty article`},
		{"no title", map[string]string{"a.md": article("date: 2025-01-01", "نص بلا عنوان\n")},
			Options{}, `a.md:4: no title: add title: to the front matter or start the article with a # heading`},
		{"duplicate slug", map[string]string{
			"a.md": article("title: أ\nslug: same", "نص\n"), "b.md": article("title: ب\nslug: same", "نص\n")},
			Options{}, `b.md:3: slug "same" is already used by a.md (line 3)`},
		{"non-ASCII slug", map[string]string{"a.md": article("title: أ\nslug: مقال", "نص\n")},
			Options{}, `a.md:3: slug: "مقال" must be lower-case ASCII letters, digits and hyphens, e.g. "mqal"`},
		{"empty selection: drafts", map[string]string{"a.md": article("title: أ\ndraft: true", "نص\n")},
			Options{}, `empty selection: no article matches include [**/*.md] (1 draft left out; use --drafts)`},
		{"empty selection: tags", map[string]string{"a.md": article("title: أ\ntags: [x]", "نص\n")},
			Options{Tags: []string{"y"}}, `empty selection: no article matches include [**/*.md] (1 without the tags y)`},
		{"no markdown at all", map[string]string{"notes.txt": "x"},
			Options{}, `empty selection: no Markdown file matches include [**/*.md]`},
		{"listed article missing", map[string]string{"book.yaml": "articles:\n  - a.md\n  - gone.md\n", "a.md": ok},
			Options{}, `book.yaml:3: articles: no such article "gone.md"`},
		{"listed article escapes", map[string]string{"book.yaml": "articles: [../x.md]\n", "a.md": ok},
			Options{}, `book.yaml:1: articles: "../x.md" is outside the collection; refused`},
		{"manual order without list", map[string]string{"book.yaml": "title: x\norder: manual\n", "a.md": ok},
			Options{}, `book.yaml:2: order: manual needs an articles: list (or a list of parts)`},
		{"article in two parts", map[string]string{"book.yaml": "parts:\n  - title: أ\n    articles: [a.md]\n  - title: ب\n    articles: [a.md]\n", "a.md": ok},
			Options{}, `book.yaml:5: parts: a.md is already in part "أ" (line 3)`},
		{"article in two untitled parts", map[string]string{"book.yaml": "parts:\n  - articles: [a.md]\n  - articles: [a.md]\n", "a.md": ok},
			Options{}, `book.yaml:3: parts: a.md is already in part 1 (line 2)`},
		{"missing image", map[string]string{"a.md": article("title: أ", "نص\n\n![صورة](img/none.png)\n")},
			Options{}, `a.md:6: image img/none.png: file not found`},
		{"image escapes", map[string]string{"sub/a.md": article("title: أ", "![صورة](../../etc/passwd)\n")},
			Options{}, `sub/a.md:4: image "../../etc/passwd": the path leaves the collection; refused`},
		{"absolute image", map[string]string{"a.md": article("title: أ", "![صورة](/etc/passwd)\n")},
			Options{}, `a.md:4: image "/etc/passwd": absolute paths are refused; give a path relative to the article`},
		{"corrupt image", map[string]string{"a.md": article("title: أ", "![صورة](x.png)\n"), "x.png": "\x89PNG\r\n\x1a\nnot really"},
			Options{}, `a.md:4: image x.png: corrupt image: unexpected EOF`},
		{"not an image", map[string]string{"a.md": article("title: أ", "![صورة](x.jpg)\n"), "x.jpg": "hello"},
			Options{}, `a.md:4: image x.jpg: not a JPEG, PNG or WebP image`},
		{"svg image", map[string]string{"a.md": article("title: أ", "![صورة](x.svg)\n"), "x.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"},
			Options{}, `a.md:4: image x.svg: SVG images are not supported (use JPEG, PNG or WebP)`},
		{"huge image", map[string]string{"a.md": article("title: أ", "![صورة](big.png)\n"), "big.png": string(hugePNGHeader(20000, 20000))},
			Options{}, `a.md:4: image big.png: 20000 x 20000 pixels (400 megapixels) is more than the 50 megapixels an image may have; scale it down (a printed page needs at most about 9)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := testdir.Write(t, tt.files)
			got := loadErr(t, dir, tt.opt)
			for i, g := range got {
				got[i] = strings.TrimPrefix(g, dir+": ")
			}
			for _, g := range got {
				if g == tt.want {
					return
				}
			}
			t.Errorf("diagnostics:\n  %s\nwant the line:\n  %s", strings.Join(got, "\n  "), tt.want)
		})
	}
}

func TestLoadImageProblems(t *testing.T) {
	gif, err := os.ReadFile("testdata/tiny.gif")
	if err != nil {
		t.Fatal(err)
	}
	full := pngBytes(t, 40, 30)
	j := jpegBytes(t, 64, 64)
	truncJPEG := j[:len(j)-40]
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"truncated PNG", full[:len(full)-20], "a.md:4: image x.img: corrupt or truncated image: png: invalid format: unexpected EOF"},
		{"truncated JPEG", truncJPEG, "a.md:4: image x.img: corrupt or truncated image: invalid JPEG format: short Huffman data"},
		{"GIF", gif, "a.md:4: image x.img: GIF images are not supported (use JPEG, PNG or WebP)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := testdir.Write(t, map[string]string{"book.yaml": "date: 2025-01-01\n", "a.md": article("title: أ", "![صورة](x.img)\n"), "x.img": string(tt.data)})
			got := loadErr(t, dir, Options{})
			if len(got) != 1 || got[0] != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSymlinkOutsideRefused(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.png")
	if err := os.WriteFile(secret, pngBytes(t, 2, 2), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "other.md"), []byte(article("title: x", "y\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := testdir.Write(t, map[string]string{"book.yaml": "date: 2025-01-01\n", "a.md": article("title: أ", "![صورة](img.png)\n")})
	if err := os.Symlink(secret, filepath.Join(dir, "img.png")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	got := loadErr(t, dir, Options{})
	want := "a.md:4: image img.png: symbolic link points outside the collection; refused"
	if !reflect.DeepEqual(got, []string{want}) {
		t.Errorf("got %q, want %q", got, want)
	}

	// A Markdown file linked from outside is refused too, not read.
	dir2 := testdir.Write(t, map[string]string{"book.yaml": "date: 2025-01-01\n", "a.md": article("title: أ", "نص\n")})
	if err := os.Symlink(filepath.Join(outside, "other.md"), filepath.Join(dir2, "b.md")); err != nil {
		t.Fatal(err)
	}
	got = loadErr(t, dir2, Options{})
	if len(got) != 1 || !strings.HasPrefix(got[0], "b.md: symbolic link points outside the collection") {
		t.Errorf("got %q", got)
	}
}

func TestEpoch(t *testing.T) {
	dir := testdir.Write(t, map[string]string{"a.md": article("title: أ\ndate: 2024-05-06", "نص\n"), "b.md": article("title: ب\ndate: 2025-02-03", "نص\n")})
	for _, tt := range []struct {
		epoch time.Time
		want  time.Time
	}{
		{time.Time{}, time.Date(2025, 2, 3, 0, 0, 0, 0, time.UTC)},
		{time.Unix(1700000000, 0), time.Unix(1700000000, 0).UTC()},
	} {
		b, err := Load(dir, Options{Epoch: tt.epoch})
		if err != nil {
			t.Fatal(err)
		}
		if !b.Modified.Equal(tt.want) || b.Modified.Location() != time.UTC {
			t.Errorf("Epoch %v: Modified %v, want %v UTC", tt.epoch, b.Modified, tt.want)
		}
	}
	// No dates anywhere: none is invented (not the clock, not 1970), and
	// the book says so; the book's own date comes next after the articles'.
	b, err := Load(testdir.Write(t, map[string]string{"a.md": "# عنوان\n\nنص\n"}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := "book.yaml: warning: the book has no date: give book.yaml a date:"
	if !b.Modified.IsZero() || !b.Meta.Date.IsZero() || len(b.Diagnostics) != 1 || !strings.HasPrefix(b.Diagnostics[0].String(), want) {
		t.Errorf("Modified %v, Date %v, diagnostics %v; want no date and %q", b.Modified, b.Meta.Date, b.Diagnostics, want)
	}
	b, err = Load(testdir.Write(t, map[string]string{"book.yaml": "date: 2023-04-05\n", "a.md": "# عنوان\n\nنص\n"}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Date(2023, 4, 5, 0, 0, 0, 0, time.UTC); !b.Modified.Equal(d) || !b.Meta.Date.Equal(d) || len(b.Diagnostics) != 0 {
		t.Errorf("Modified %v, Date %v, diagnostics %v; want book.yaml's date", b.Modified, b.Meta.Date, b.Diagnostics)
	}
}

func TestBOMCRLFAndTitleFromHeading(t *testing.T) {
	src := "\xEF\xBB\xBF---\r\ndate: 2025-03-01\r\n---\r\n\r\n# عنوان المقالة\r\n\r\nفقرة أولى فيها ثلاث كلمات\r\n\r\n## قسم\r\n\r\nنص.\r\n"
	b := load(t, map[string]string{"a.md": src}, Options{})
	a := b.Articles[0]
	if a.Title != "عنوان المقالة" || a.TitleLine != 5 {
		t.Errorf("title %q line %d, want %q line 5", a.Title, a.TitleLine, "عنوان المقالة")
	}
	model := a.Model()
	if d := doc.PlainText(model.Blocks[0].(*doc.Paragraph).Content); strings.ContainsAny(d, "\r\uFEFF") {
		t.Errorf("text keeps CR or BOM: %q", d)
	}
	if _, ok := model.Blocks[0].(*doc.Heading); ok {
		t.Error("the H1 used as title is still in the model")
	}
	if len(a.Headings) != 1 || a.Headings[0].Text != "قسم" {
		t.Fatalf("Headings %+v", a.Headings)
	}
	// The line of a node maps back to the file.
	if got := model.Blocks[0].Position(); got != 7 {
		t.Errorf("first paragraph on line %d, want 7", got)
	}
	if a.Words != 7 { // five in the paragraph, the heading, "نص."
		t.Errorf("Words = %d, want 7", a.Words)
	}
}

func TestHeadingIDs(t *testing.T) {
	src := article("title: أ", "## مقدمة\n\n## مقدمة\n\n### 2025 in review\n\n## Intro {#custom}\n\n#### عميق\n\n## !!!\n")
	b := load(t, map[string]string{"a.md": src}, Options{})
	a := b.Articles[0]
	var ids []string
	doc.Inspect(a.Model().Blocks, func(n any) bool {
		if h, ok := n.(*doc.Heading); ok {
			ids = append(ids, h.ID)
		}
		return true
	})
	want := []string{"mqdma", "mqdma-2", "h-2025-in-review", "custom", "myq", "h-6"}
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("ids %q, want %q", ids, want)
	}
	var levels []int
	for _, h := range a.Headings {
		levels = append(levels, h.Level)
	}
	// "#### عميق" follows a level-2 heading: it becomes level 3, since
	// levels never skip.
	if !reflect.DeepEqual(levels, []int{2, 2, 3, 2, 3, 2}) {
		t.Errorf("Headings levels %v, want 2 2 3 2 3 2", levels)
	}
}

func TestSelection(t *testing.T) {
	fs := map[string]string{
		"2024/a.md":      article("title: a\ndate: 2024-03-01\ntags: [سياسة]", "x\n"),
		"2024/b.md":      article("title: b\ndate: 2024-12-31\ntags: [أدب]", "x\n"),
		"2025/c.md":      article("title: c\ndate: 2025-01-01\ntags: [أدب, سفر]", "x\n"),
		"drafts/d.md":    article("title: d\ndate: 2025-02-01", "x\n"),
		"e.md":           article("title: e\ndate: 2025-03-01\ndraft: true", "x\n"),
		".hidden/f.md":   article("title: f", "x\n"),
		"dist/g.md":      article("title: g", "x\n"),
		"out/h.md":       article("title: h", "x\n"),
		"README.md":      "# README\n\ntext\n",
		"notes/todo.txt": "not markdown",
	}
	tests := []struct {
		name, yaml string
		opt        Options
		want       []string
	}{
		// Undated articles come last, by path.
		{"default", "", Options{}, []string{"2024/a.md", "2024/b.md", "2025/c.md", "drafts/d.md", "README.md", "out/h.md"}},
		{"drafts", "", Options{Drafts: true}, []string{"2024/a.md", "2024/b.md", "2025/c.md", "drafts/d.md", "e.md", "README.md", "out/h.md"}},
		{"exclude dir and base name", "exclude: [drafts, README.md, out]\n", Options{}, []string{"2024/a.md", "2024/b.md", "2025/c.md"}},
		{"include", "include: [\"2024/*.md\"]\n", Options{}, []string{"2024/a.md", "2024/b.md"}},
		{"tags from book.yaml", "tags: [أدب]\n", Options{}, []string{"2024/b.md", "2025/c.md"}},
		{"tags from options win", "tags: [أدب]\n", Options{Tags: []string{"سياسة"}}, []string{"2024/a.md"}},
		{"until includes its day", "until: 2024-12-31\n", Options{}, []string{"2024/a.md", "2024/b.md"}},
		{"since and until", "", Options{Since: day("2024-06-01"), Until: day("2025-01-31")}, []string{"2024/b.md", "2025/c.md"}},
		{"explicit out dir skipped", "", Options{OutDir: "OUT"}, []string{"2024/a.md", "2024/b.md", "2025/c.md", "drafts/d.md", "README.md", "dist/g.md"}},
		{"articles list is the order", "articles: [2025/c.md, \"2024/*.md\"]\n", Options{}, []string{"2025/c.md", "2024/a.md", "2024/b.md"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := map[string]string{}
			for k, v := range fs {
				m[k] = v
			}
			if tt.yaml != "" {
				m["book.yaml"] = tt.yaml
			}
			dir := testdir.Write(t, m)
			opt := tt.opt
			if opt.OutDir == "OUT" {
				opt.OutDir = filepath.Join(dir, "out")
			}
			b, err := Load(dir, opt)
			if err != nil {
				t.Fatal(err)
			}
			if got := paths(b); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("selected %q, want %q", got, tt.want)
			}
		})
	}
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func paths(b *Book) []string {
	var out []string
	for i, a := range b.Articles {
		if a.Index != i {
			panic("Index out of step")
		}
		out = append(out, a.Path)
	}
	return out
}

func TestOrder(t *testing.T) {
	fs := map[string]string{
		"a.md": article("title: بيت\ndate: 2025-02-01\nweight: 3", "x\n"),
		"b.md": article("title: أمل\ndate: 2024-01-01\nweight: 1", "x\n"),
		"c.md": article("title: تمر\nweight: 1", "x\n"),
		"d.md": article("title: ثوب\ndate: 2024-01-01\nweight: 2", "x\n"),
	}
	tests := []struct{ order, articles string }{
		{"date", "b.md d.md a.md c.md"},
		{"date-desc", "a.md b.md d.md c.md"},
		{"title", "b.md a.md c.md d.md"},
		{"weight", "b.md c.md d.md a.md"},
	}
	for _, tt := range tests {
		t.Run(tt.order, func(t *testing.T) {
			m := map[string]string{"book.yaml": "order: " + tt.order + "\n"}
			for k, v := range fs {
				m[k] = v
			}
			b := load(t, m, Options{})
			if got := strings.Join(paths(b), " "); got != tt.articles {
				t.Errorf("order %s: %s, want %s", tt.order, got, tt.articles)
			}
		})
	}
	// Bidi controls and zero-width characters in a title do not move it.
	t.Run("title with controls", func(t *testing.T) {
		m := map[string]string{
			"book.yaml": "order: title\n",
			"x.md":      article("title: \"\u202Eثوب\u202C\"", "x\n"),
			"y.md":      article("title: \"\u200Bأمل\"", "x\n"),
			"z.md":      article("title: بيت", "x\n"),
		}
		if got := strings.Join(paths(load(t, m, Options{})), " "); got != "y.md z.md x.md" {
			t.Errorf("title order with controls: %s", got)
		}
	})
	t.Run("manual", func(t *testing.T) {
		m := map[string]string{"book.yaml": "order: manual\narticles: [d.md, a.md, c.md]\n"}
		for k, v := range fs {
			m[k] = v
		}
		if got := strings.Join(paths(load(t, m, Options{})), " "); got != "d.md a.md c.md" {
			t.Errorf("manual: %s", got)
		}
	})
}

func TestParts(t *testing.T) {
	fs := map[string]string{
		"a.md": article("title: a\ndate: 2024-03-05\ntags: [سفر]", "x\n"),
		"b.md": article("title: b\ndate: 2024-03-20\ntags: [أدب, سفر]", "x\n"),
		"c.md": article("title: c\ndate: 2025-01-09", "x\n"),
		"d.md": article("title: d", "x\n"),
	}
	tests := []struct {
		name, yaml string
		want       string // part: articles | part: articles
	}{
		{"none", "parts: none\n", ": a.md b.md c.md d.md"},
		{"year", "parts: year\n", "2024: a.md b.md | 2025: c.md | بلا تاريخ: d.md"},
		{"month arabic", "parts: month\n", "مارس 2024: a.md b.md | يناير 2025: c.md | بلا تاريخ: d.md"},
		{"month english", "language: en\nparts: month\n", "March 2024: a.md b.md | January 2025: c.md | Undated: d.md"},
		{"tag", "parts: tag\n", "سفر: a.md | أدب: b.md | مقالات أخرى: c.md d.md"},
		{"year, newest first", "parts: year\norder: date-desc\n", "2025: c.md | 2024: b.md a.md | بلا تاريخ: d.md"},
		{"list keeps listed order", "parts:\n  - title: الأول\n    articles: [c.md, a.md]\n  - title: الثاني\n    articles: [d.md]\n", "الأول: c.md a.md | الثاني: d.md"},
		{"list with order", "order: date-desc\nparts:\n  - title: الأول\n    articles: [a.md, c.md]\n  - title: الثاني\n    articles: [\"*.md\"]\n", "الأول: c.md a.md | الثاني: b.md d.md"},
		{"list without titles", "parts:\n  - articles: [a.md]\n  - articles: [c.md]\n", "الجزء 1: a.md | الجزء 2: c.md"},
		{"untitled part in Urdu", "language: ur\ndigits: arabic-indic\nparts:\n  - title: پہلا\n    articles: [a.md]\n  - articles: [c.md]\n", "پہلا: a.md | حصہ ۲: c.md"},
		{"untitled part in Hebrew", "language: he\nparts:\n  - articles: [a.md]\n", "חלק 1: a.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := map[string]string{"book.yaml": tt.yaml}
			for k, v := range fs {
				m[k] = v
			}
			b := load(t, m, Options{})
			var parts []string
			for i, p := range b.Parts {
				if p.Slug != "part-"+strconv.Itoa(i+1) {
					t.Errorf("part %d slug %q", i, p.Slug)
				}
				var as []string
				for _, a := range p.Articles {
					if a.Part != p {
						t.Errorf("%s.Part is not its part", a.Path)
					}
					as = append(as, a.Path)
				}
				parts = append(parts, p.Title+": "+strings.Join(as, " "))
			}
			if got := strings.Join(parts, " | "); got != tt.want {
				t.Errorf("parts\n  %s\nwant\n  %s", got, tt.want)
			}
		})
	}
}

func TestMetaDefaults(t *testing.T) {
	b := load(t, map[string]string{"a.md": article("title: أ\ndate: 2025-01-02", "x\n")}, Options{})
	m := b.Meta
	base := filepath.Base(b.Root)
	if m.Title != base || m.Language != "ar" || m.Direction != "rtl" || !m.RTL() {
		t.Errorf("meta %+v", m)
	}
	if m.Slug != slug.Make(base) {
		t.Errorf("slug %q, want %q", m.Slug, slug.Make(base))
	}
	c := b.Config
	if c.Order != "date" || c.Parts.Mode != "none" || c.Fonts.Body == "" || c.Digits != "latin" {
		t.Errorf("defaults not filled: %+v", c)
	}

	// Identifier: stable for the same title and authors, different otherwise;
	// bidi controls in the title change neither the identifier nor the slug.
	yamlFor := func(title string) map[string]string {
		return map[string]string{"book.yaml": "title: \"" + title + "\"\nauthor: [س, ص]\n", "a.md": article("title: أ", "x\n")}
	}
	b1 := load(t, yamlFor("مقالات 2025"), Options{})
	b2 := load(t, yamlFor("\u202Bمقالات\u200F 2025\u202C"), Options{})
	b3 := load(t, yamlFor("مقالات 2026"), Options{})
	if b1.Meta.Identifier != b2.Meta.Identifier || b1.Meta.Identifier == b3.Meta.Identifier ||
		!strings.HasPrefix(b1.Meta.Identifier, "urn:uuid:") || len(b1.Meta.Identifier) != len("urn:uuid:")+36 {
		t.Errorf("identifiers %q %q %q", b1.Meta.Identifier, b2.Meta.Identifier, b3.Meta.Identifier)
	}
	if b1.Meta.Slug != "mqalat-2025" || b2.Meta.Slug != "mqalat-2025" {
		t.Errorf("slugs %q %q, want mqalat-2025", b1.Meta.Slug, b2.Meta.Slug)
	}
	named := load(t, map[string]string{"book.yaml": "title: مقالات\nslug: maqalat-2025\n", "a.md": article("title: أ", "x\n")}, Options{})
	if named.Meta.Slug != "maqalat-2025" {
		t.Errorf("book.yaml slug: got %q, want maqalat-2025", named.Meta.Slug)
	}
	if b2.Meta.Title != "\u202Bمقالات\u200F 2025\u202C" {
		t.Errorf("title text must be kept as written, got %q", b2.Meta.Title)
	}
}

func TestConfigValues(t *testing.T) {
	src := `title: كتاب
author: واحد
cover:
  image: c.png
  style: band
  background: "#1F3A5F"
parts: year
pdf:
  size: 148mmx210mm
  margins: 15mm
  font-size: 12pt
  leading: 1.5
epub:
  toc-depth: 1
`
	var diags []diag.Diagnostic
	cfg, _ := parseConfig([]byte(src), BookFile, []string{"pdf", "epub"}, &diags)
	if len(diags) != 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	fillDefaults(&cfg)
	if !reflect.DeepEqual(cfg.Author, []string{"واحد"}) || cfg.Cover.Image != "c.png" || cfg.Cover.Style != "band" ||
		cfg.Cover.Background != "#1f3a5f" || cfg.Parts.Mode != "year" {
		t.Errorf("config %+v", cfg)
	}
	// The formats' sections are kept, with their lines, for the formats to decode.
	if n := cfg.Sections["pdf"]; n == nil || n.Line != 9 {
		t.Errorf("pdf section %+v, want the mapping on line 9", n)
	}
	if n := cfg.Sections["epub"]; n == nil || n.Line != 14 {
		t.Errorf("epub section %+v, want the mapping on line 14", n)
	}
	// Without a format to own it, a section is an unknown key.
	diags = nil
	parseConfig([]byte(src), BookFile, []string{"epub"}, &diags)
	if len(diags) != 1 || !strings.Contains(diags[0].String(), `book.yaml:8: unknown key "pdf"`) {
		t.Errorf("diagnostics %v", diags)
	}
}

func TestSlugs(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"مقالات 2025", "mqalat-2025"},
		{"دفاتر الورّاق", "dfatr-alwraq"},
		{"Café au lait!", "cafe-au-lait"},
		{"٢٠٢٥ عامٌ جديد", "2025-am-jdyd"},
		{"\u202Eevil\u202C\u200B name", "evil-name"},
		{"!!!", ""},
		{"日本語", ""},
	} {
		if got := slug.Make(tt.in); got != tt.want {
			t.Errorf("slug.Make(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestArticleSlugs(t *testing.T) {
	b := load(t, map[string]string{
		"x/note.md": article("title: a\ndate: 2024-01-01", "x\n"),
		"y/note.md": article("title: b\ndate: 2024-01-02", "x\n"),
		"z.md":      article("title: c\ndate: 2024-01-03\nslug: note", "x\n"),
		"مقال.md":   article("title: d\ndate: 2024-01-04", "x\n"),
	}, Options{})
	var got []string
	for _, a := range b.Articles {
		got = append(got, a.Slug)
	}
	if want := []string{"note-2", "note-3", "note", "mqal"}; !reflect.DeepEqual(got, want) {
		t.Errorf("slugs %q, want %q", got, want)
	}
}

func TestLinksAndImages(t *testing.T) {
	webp, err := os.ReadFile("testdata/tiny.webp")
	if err != nil {
		t.Fatal(err)
	}
	b := load(t, map[string]string{
		"a.md": article("title: أ\ndate: 2024-01-01", `## مقدمة الكتاب

![نقش](img/p.png) ![](img/p.png) ![صورة](img/w.webp) ![بعيد](http://example.com/x.jpg) ![ج](sub/../img/j.jpg)

[ب](b.md) [قسم](b.md#section) [يونيكود](b.md#قسم-ثان) [هنا](#مقدمة-الكتاب) [خارج](https://example.org)
[مسودة](c.md) [مفقود](gone.md) [سكربت](javascript:alert(1)) [خطأ](b.md#nope) [ملف](notes.txt)
`),
		"b.md":       article("title: ب\ndate: 2024-01-02", "## Section\n\n## قسم ثان\n"),
		"c.md":       article("title: ج\ndraft: true", "x\n"),
		"notes.txt":  "x",
		"img/p.png":  string(pngBytes(t, 5, 4)),
		"img/j.jpg":  string(jpegBytes(t, 8, 8)),
		"img/w.webp": string(webp),
	}, Options{})
	a, bArt := b.Articles[0], b.Articles[1]

	var assets []string
	for _, as := range b.Assets {
		assets = append(assets, as.Path+" "+as.MediaType+" "+strconv.Itoa(as.Width)+"x"+strconv.Itoa(as.Height))
	}
	wantAssets := []string{"img/j.jpg image/jpeg 8x8", "img/p.png image/png 5x4", "img/w.webp.png image/png 3x2"}
	if !reflect.DeepEqual(assets, wantAssets) {
		t.Errorf("assets %q, want %q", assets, wantAssets)
	}
	// The model's images carry their files; the remote one is not in it.
	images := map[string]*Asset{}
	targets := map[string]doc.Target{}
	doc.InspectDocument(a.Model(), func(n any) bool {
		switch n := n.(type) {
		case *doc.Image:
			images[n.Src] = n.Asset
		case *doc.Link:
			targets[n.Dest] = n.Target
		}
		return true
	})
	if w := images["img/w.webp"]; w == nil || !bytes.HasPrefix(w.Data, []byte("\x89PNG")) {
		t.Error("WebP not converted to PNG")
	}
	if _, ok := images["http://example.com/x.jpg"]; ok || images["img/p.png"] == nil || images["img/p.png"] != images["sub/../img/j.jpg"] && images["sub/../img/j.jpg"] == nil {
		t.Errorf("images %v: the remote one must be left out, the others loaded", images)
	}
	for _, tt := range []struct {
		dest string
		want doc.Target
	}{
		{"b.md", doc.Target{Article: "b.md"}},
		{"b.md#section", doc.Target{Article: "b.md", Fragment: "section"}},
		{"b.md#قسم-ثان", doc.Target{Article: "b.md", Fragment: "qsm-than"}},
		{"#مقدمة-الكتاب", doc.Target{Article: "a.md", Fragment: "mqdma-alktab"}},
		{"https://example.org", doc.Target{URL: "https://example.org"}},
		{"c.md", doc.Target{}},
		{"javascript:alert(1)", doc.Target{}},
		{"b.md#nope", doc.Target{Article: "b.md"}},
	} {
		if got := targets[tt.dest]; got != tt.want {
			t.Errorf("link %q leads to %+v, want %+v", tt.dest, got, tt.want)
		}
	}

	for _, tt := range []struct {
		dest string
		want Target
	}{
		{"b.md", Target{Article: bArt}},
		{"b.md#section", Target{Article: bArt, Fragment: "section"}},
		{"b.md#قسم-ثان", Target{Article: bArt, Fragment: "qsm-than"}},
		{"#مقدمة-الكتاب", Target{Article: a, Fragment: "mqdma-alktab"}},
		{"https://example.org", Target{External: "https://example.org"}},
		{"mailto:x@example.org", Target{External: "mailto:x@example.org"}},
		{"c.md", Target{}},
		{"gone.md", Target{}},
		{"javascript:alert(1)", Target{}},
		{"../outside.md", Target{}},
		{"b.md#nope", Target{Article: bArt}},
	} {
		if got, _ := b.resolve(a, tt.dest); got != tt.want {
			t.Errorf("Resolve(%q) = %+v, want %+v", tt.dest, got, tt.want)
		}
	}

	var warnings []string
	for _, d := range b.Diagnostics {
		if d.Severity != diag.Warning {
			t.Errorf("error among warnings: %v", d)
		}
		warnings = append(warnings, d.String())
	}
	want := []string{
		`a.md:7: warning: image "img/p.png" has no alt text (describe it for readers who cannot see it)`,
		`a.md:7: warning: remote image "http://example.com/x.jpg" is never fetched; left out (copy it into the collection)`,
		`a.md:10: warning: link "c.md": c.md is not in the book; shown as plain text`,
		`a.md:10: warning: link "gone.md": gone.md does not exist; shown as plain text`,
		`a.md:10: warning: link "javascript:alert(1)" is not http, https or mailto; shown as plain text`,
		`a.md:10: warning: link "b.md#nope": b.md has no heading with anchor "nope"`,
		`a.md:10: warning: link "notes.txt": notes.txt is not an article of the book; shown as plain text`,
	}
	if !reflect.DeepEqual(warnings, want) {
		t.Errorf("warnings:\n  %s\nwant:\n  %s", strings.Join(warnings, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestArticleLanguage(t *testing.T) {
	b := load(t, map[string]string{
		"a.md": article("title: a\ndate: 2024-01-01", "x\n"),
		"b.md": article("title: b\ndate: 2024-01-02\nlang: en", "x\n"),
		"c.md": article("title: c\ndate: 2024-01-03\nlang: en\ndir: rtl", "x\n"),
	}, Options{})
	var got []string
	for _, a := range b.Articles {
		got = append(got, a.Lang+"/"+a.Dir)
	}
	if want := []string{"ar/rtl", "en/ltr", "en/rtl"}; !reflect.DeepEqual(got, want) {
		t.Errorf("lang/dir %q, want %q", got, want)
	}
}

func TestCoverAsset(t *testing.T) {
	b := load(t, map[string]string{
		"book.yaml":     "cover: art/cover.jpg\n",
		"a.md":          article("title: a", "x\n"),
		"art/cover.jpg": string(jpegBytes(t, 16, 24)),
	}, Options{})
	c := b.CoverAsset()
	if c == nil || c.MediaType != "image/jpeg" || c.Width != 16 || c.Height != 24 || len(b.Assets) != 0 {
		t.Errorf("cover %+v, assets %d", c, len(b.Assets))
	}
	dir := testdir.Write(t, map[string]string{"book.yaml": "title: x\ncover:\n  image: none.png\ndate: 2025-01-01\n", "a.md": article("title: a", "x\n")})
	got := loadErr(t, dir, Options{})
	if want := "book.yaml:3: image none.png: file not found"; !reflect.DeepEqual(got, []string{want}) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// Loading is parallel; the result must not depend on scheduling.
func TestLoadDeterministic(t *testing.T) {
	m := map[string]string{}
	for i := 0; i < 60; i++ {
		m["a"+strconv.Itoa(i)+".md"] = article("title: مقالة "+strconv.Itoa(i)+"\ndate: 2024-01-0"+strconv.Itoa(1+i%9), "## قسم\n\n## قسم\n\nنص [x](a"+strconv.Itoa((i+1)%60)+".md#qsm-2)\n")
	}
	dir := testdir.Write(t, m)
	var first string
	for run := 0; run < 4; run++ {
		b, err := Load(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var sb strings.Builder
		for _, a := range b.Articles {
			sb.WriteString(a.Path + a.Slug + a.Title)
			for _, h := range a.Headings {
				sb.WriteString(h.ID)
			}
		}
		if run == 0 {
			first = sb.String()
		} else if sb.String() != first {
			t.Fatal("two loads of the same collection differ")
		}
	}
}

func TestSuggest(t *testing.T) {
	known := []string{"title", "subtitle", "author", "date", "tags"}
	for _, tt := range []struct{ in, want string }{
		{"titel", "title"}, {"Title", "title"}, {"authors", "author"}, {"tag", "tags"}, {"colour", ""}, {"x", ""},
	} {
		if got := config.Suggest(tt.in, known); got != tt.want {
			t.Errorf("config.Suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestGlob(t *testing.T) {
	for _, tt := range []struct {
		pat, path string
		want      bool
	}{
		{"**/*.md", "a.md", true},
		{"**/*.md", "x/y/a.md", true},
		{"2024/*.md", "2024/a.md", true},
		{"2024/*.md", "2024/x/a.md", false},
		{"2024/**", "2024/x/a.md", true},
		{"README.md", "x/README.md", true},
		{"x/**/b/*.md", "x/b/c.md", true},
		{"x/**/b/*.md", "x/1/2/b/c.md", true},
		{"x/**/b/*.md", "x/1/2/c.md", false},
	} {
		if got := matchGlob(tt.pat, tt.path); got != tt.want {
			t.Errorf("matchGlob(%q, %q) = %v", tt.pat, tt.path, got)
		}
	}
}

// One run reports the problems of every article, not only the first stage's.
func TestEveryProblemInOneRun(t *testing.T) {
	dir := testdir.Write(t, map[string]string{
		"a.md": article("title: أ\ndate: 2025", "نص\n"),
		"b.md": article("title: ب", "![صورة](none.png)\n"),
		"c.md": article("date: 2025-01-01", "نص بلا عنوان\n"),
		"d.md": article("title: د", "[إلى أ](a.md)\n"),
	})
	got := loadErr(t, dir, Options{})
	want := []string{
		"a.md:3: date: want a date like 2025-03-14, got the number 2025",
		"b.md:4: image none.png: file not found",
		"c.md:4: no title: add title: to the front matter or start the article with a # heading",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestParseDate(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"2025-03-01", "2025-03-01T00:00:00Z"},
		{"2025-03-01T01:30:00+03:00", "2025-03-01T01:30:00Z"},
		{"2025-03-01T23:00:00-05:00", "2025-03-01T23:00:00Z"},
		{"2025-03-01 10:00:00", "2025-03-01T10:00:00Z"},
		{"2025-03-01T10:00:00Z", "2025-03-01T10:00:00Z"},
	} {
		got, err := config.ParseDate(tt.in)
		if err != nil || got.Format(time.RFC3339) != tt.want {
			t.Errorf("config.ParseDate(%q) = %v, %v; want %s", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"2025", "2025-3-1", "01/03/2025", "yesterday", "2025-02-30"} {
		if _, err := config.ParseDate(bad); err == nil {
			t.Errorf("config.ParseDate(%q) accepted", bad)
		}
	}
}

// A date the Hijri calendar of dates: cannot write (the Umm al-Qura tables
// run from 1343 to 1500 AH) is a warning at its front matter line; a date
// inside them, an undated article and a book without hijri are not.
func TestHijriDateOutOfRange(t *testing.T) {
	fs := map[string]string{
		"book.yaml": "title: كتاب\ndates: [gregorian, hijri]\ndate: 2024-01-01\n",
		"old.md":    "---\ntitle: قديم\nauthor: كاتب\ndate: 1900-03-01\n---\n\nنص.\n",
		"late.md":   "---\ntitle: بعيد\ndate: 2080-01-01\n---\n\nنص.\n",
		"new.md":    "---\ntitle: جديد\ndate: 2024-03-11\n---\n\nنص.\n",
		"none.md":   "# بلا تاريخ\n\nنص.\n",
	}
	b := load(t, fs, Options{})
	var got []string
	for _, d := range b.Diagnostics {
		got = append(got, d.String())
	}
	want := []string{
		"late.md:3: warning: date: 2080-01-01 is outside the Hijri (Umm al-Qura) calendar Warraq writes (1924-08-02 to 2077-11-16), so this article's date is written in the Gregorian calendar in its place (book.yaml's dates: asks for hijri)",
		"old.md:4: warning: date: 1900-03-01 is outside the Hijri (Umm al-Qura) calendar Warraq writes (1924-08-02 to 2077-11-16), so this article's date is written in the Gregorian calendar in its place (book.yaml's dates: asks for hijri)",
	}
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	fs["book.yaml"] = "title: كتاب\ndates: solar-hijri\ndate: 2024-01-01\n"
	if b := load(t, fs, Options{}); len(b.Diagnostics) != 0 {
		t.Errorf("solar Hijri dates: %v", b.Diagnostics)
	}
}
