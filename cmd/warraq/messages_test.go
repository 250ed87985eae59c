package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/warraq/warraq/internal/testdir"
)

// dated is an article with front matter, dated so that no test meets the
// no-date warning by accident.
func dated(title, body string) string {
	return "---\ntitle: " + title + "\ndate: 2025-01-01\n---\n\n" + body
}

// pngHeader is a PNG whose header claims w x h pixels and that has no
// pixels: a build must refuse it from the header alone.
func pngHeader(w, h uint32) string {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2
	binary.Write(&b, binary.BigEndian, uint32(len(ihdr)))
	chunk := append([]byte("IHDR"), ihdr...)
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.String()
}

func utf16LE(s string) string {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return string(b)
}

// Every case of issue 18, as a user meets it: the exit code, the message
// (on stderr, or stdout for check and list), and for builds that fail, that
// the outputs of an earlier build are as they were and no temporary file is
// left.
func TestMessages(t *testing.T) {
	ok := dated("أ", "نص\n")
	bomb := "---\ntitle: &t \"" + strings.Repeat("ب", 100_000) + "\"\ntags: [" + strings.TrimSuffix(strings.Repeat("*t, ", 200), ", ") + "]\n---\n\nنص\n"
	parts := "date: 2025-01-01\nparts:\n  - title: الأول\n    articles: [a.md]\n  - title: الثاني\n    articles: [b.md]\n"
	tests := []struct {
		name    string
		files   map[string]string
		args    []string // "DIR" is the collection
		code    int
		out     string // in stdout
		err     string // in stderr
		not     string // in neither
		earlier bool   // a failed build: earlier outputs stay, no temporaries
	}{
		{name: "--version", args: []string{"--version"}, code: 0, out: "warraq "},
		{name: "unknown flag names the command once", args: []string{"build", "--colour"}, code: 2,
			err: "unknown flag: --colour (see 'warraq build --help')", not: "warraq warraq"},
		{name: "unknown flag at the top", args: []string{"--colour"}, code: 2, err: "(see 'warraq --help')", not: "warraq warraq"},
		{name: "UTF-16 without a byte-order mark", files: map[string]string{"a.md": utf16LE(ok)}, args: []string{"build", "DIR"}, code: 1,
			err: "a.md: the file is UTF-16 (little-endian), not UTF-8; save it as UTF-8", not: "no title", earlier: true},
		{name: "script link written with a reference", files: map[string]string{"a.md": dated("أ", "[x](jav&#x61;script:alert(1))\n")},
			args: []string{"check", "DIR"}, code: 0, out: `a.md:6: warning: link "javascript:alert(1)" is not http, https or mailto; shown as plain text`, not: "jav&"},
		{name: "a failing list writes nothing and says no more", files: map[string]string{"a.md": "---\ntitle: أ\ndate: 12\n---\n"},
			args: []string{"list", "DIR"}, code: 1, err: "warraq: 1 error\n", not: "nothing written"},
		{name: "duplicate explicit heading ID", files: map[string]string{"a.md": dated("أ", "## أ {#sec}\n\nنص\n\n## ب {#sec}\n\nنص\n")},
			args: []string{"check", "DIR"}, code: 0, out: `a.md:10: warning: heading ID "sec" is already the anchor of the heading on line 6; this one is "sec-2"`},
		{name: "alias bomb in front matter", files: map[string]string{"a.md": bomb}, args: []string{"build", "DIR"}, code: 1,
			err: "a.md:3: alias *t makes the YAML larger than 1 MB (the limit) once aliases are written out", earlier: true},
		{name: "font size zero", files: map[string]string{"book.yaml": "pdf:\n  font-size: 0\n", "a.md": ok}, args: []string{"build", "DIR"}, code: 1,
			err: "book.yaml:2: pdf.font-size: want a length from 6pt to 36pt, got 0pt", earlier: true},
		{name: "font size 1000", files: map[string]string{"book.yaml": "pdf:\n  font-size: 1000\n", "a.md": ok}, args: []string{"check", "DIR"}, code: 1,
			out: "book.yaml:2: pdf.font-size: want a length from 6pt to 36pt, got 1,000pt"},
		{name: "margins larger than the page", files: map[string]string{"book.yaml": "pdf:\n  margins: 300mm\n", "a.md": ok}, args: []string{"check", "DIR"}, code: 1,
			out: "book.yaml:2: pdf.margins: inner 850.4pt and outer 850.4pt leave a text block 0pt wide on the 419.5pt × 595.3pt page (A5)"},
		{name: "a 100 m page", files: map[string]string{"book.yaml": "pdf:\n  size: 100000mmx100000mm\n", "a.md": ok}, args: []string{"check", "DIR"}, code: 1,
			out: `book.yaml:2: pdf.size: "100000mmx100000mm": the width, 283,464.6pt, is more than 14,400pt (200in, 5080mm), the largest page PDF viewers show`},
		{name: "10mmx10mm says why", files: map[string]string{"book.yaml": "pdf:\n  size: 10mmx10mm\n", "a.md": ok}, args: []string{"check", "DIR"}, code: 1,
			out: `book.yaml:2: pdf.size: "10mmx10mm": the width, 28.3pt, is less than 72pt (1in), the smallest page Warraq sets`, not: "unknown page size"},
		{name: "an article in no part", files: map[string]string{"book.yaml": parts, "a.md": ok, "b.md": ok, "c.md": ok},
			args: []string{"check", "DIR", "--strict"}, code: 1,
			out: "book.yaml:3: c.md is in no part, so it is not in the book: add it to a part's articles:, or to exclude: to leave it out"},
		{name: "--tag narrows the parts", files: map[string]string{"book.yaml": parts, "a.md": dated("أ", "نص\n"),
			"b.md": "---\ntitle: ب\ndate: 2025-01-01\ntags: [x]\n---\n\nنص\n"},
			args: []string{"check", "DIR", "--strict", "--tag", "x"}, code: 0, err: "ok: 1 article, 0 images, 0 warnings"},
		{name: "no date anywhere", files: map[string]string{"a.md": "# أ\n\nنص\n"}, args: []string{"check", "DIR"}, code: 0,
			out: "book.yaml: warning: the book has no date"},
		{name: "an article of 50 MB", files: map[string]string{"a.md": ok, "big.md": "sparse:50"}, args: []string{"build", "DIR"}, code: 1,
			err: "big.md: the file is 50 MB, more than the 1 MB an article may have", earlier: true},
		{name: "an image of 100 megapixels", files: map[string]string{"a.md": dated("أ", "![صورة](big.png)\n"), "big.png": pngHeader(9990, 9990)},
			args: []string{"build", "DIR"}, code: 1, err: "a.md:6: image big.png: 9990 x 9990 pixels (100 megapixels) is more than the 50 megapixels an image may have", earlier: true},
		{name: "quotations 20 deep", files: map[string]string{"a.md": dated("أ", strings.Repeat("> ", 20)+"نص\n")},
			args: []string{"check", "DIR"}, code: 0, out: "a.md:6: warning: quotations, lists or HTML blocks nested more than 8 deep"},
		{name: "HTML 513 deep", files: map[string]string{"a.md": dated("أ", strings.Repeat("<div>", 513)+"نص"+strings.Repeat("</div>", 513)+"\n")},
			args: []string{"check", "DIR"}, code: 0, out: "a.md:6: warning: raw HTML nested more than 64 deep", not: "no text"},
		{name: "a table of 500 columns", files: map[string]string{"a.md": dated("أ", "|"+strings.Repeat(" x |", 500)+"\n|"+strings.Repeat("---|", 500)+"\n")},
			args: []string{"check", "DIR"}, code: 0, out: "a.md:6: warning: a table of 500 columns is wider than a page holds legibly"},
		{name: "cover -o x.gif", files: map[string]string{"a.md": ok}, args: []string{"cover", "DIR", "-o", "x.gif"}, code: 2,
			err: "cover -o x.gif: the name must end in .png, .jpg or .jpeg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := testdir.Write(t, nil)
			for name, body := range tt.files {
				var size int64
				if _, err := fmt.Sscanf(body, "sparse:%d", &size); err == nil {
					f, err := os.Create(filepath.Join(dir, name))
					if err != nil {
						t.Fatal(err)
					}
					f.Truncate(size << 20)
					f.Close()
					continue
				}
				if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			out := filepath.Join(dir, "dist")
			if tt.earlier {
				// The earlier outputs have the names this build would write.
				yaml, _ := os.ReadFile(filepath.Join(dir, "book.yaml"))
				os.WriteFile(filepath.Join(dir, "book.yaml"), append(yaml, "\nslug: x\n"...), 0o644)
				os.MkdirAll(out, 0o755)
				for _, f := range []string{"x.epub", "x.pdf"} {
					os.WriteFile(filepath.Join(out, f), []byte("earlier"), 0o644)
				}
			}
			args := append([]string(nil), tt.args...)
			for i, a := range args {
				if a == "DIR" {
					args[i] = dir
				}
			}
			code, stdout, stderr := warraq(t, args...)
			if code != tt.code || !strings.Contains(stdout, tt.out) || !strings.Contains(stderr, tt.err) ||
				tt.not != "" && strings.Contains(stdout+stderr, tt.not) {
				t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s\nwant exit %d, %q on stdout and %q on stderr, never %q", code, stdout, stderr, tt.code, tt.out, tt.err, tt.not)
			}
			if tt.earlier {
				names := []string{}
				es, _ := os.ReadDir(out)
				for _, e := range es {
					names = append(names, e.Name())
					if data, _ := os.ReadFile(filepath.Join(out, e.Name())); string(data) != "earlier" {
						t.Errorf("%s was changed", e.Name())
					}
				}
				if strings.Join(names, " ") != "x.epub x.pdf" {
					t.Errorf("dist holds %q", names)
				}
			}
		})
	}
}

// cover writes what its -o asks for: standard output for "-", and the
// format its name ends in.
func TestCoverOutputs(t *testing.T) {
	dir := testdir.Write(t, map[string]string{"book.yaml": "title: غلاف\ndate: 2025-01-01\n", "a.md": "# أ\n\nنص\n"})
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"cover", dir, "-o", "-"}, &out, &errb); code != 0 || !bytes.HasPrefix(out.Bytes(), []byte("\x89PNG")) {
		t.Errorf("cover -o -: exit %d, %d bytes on stdout starting %.8q\n%s", code, out.Len(), out.Bytes(), errb.String())
	}
	if _, err := os.Stat("-"); err == nil {
		t.Errorf("cover -o - wrote a file named -")
	}
	for _, tt := range []struct{ name, magic string }{{"c.jpg", "\xFF\xD8\xFF"}, {"c.JPEG", "\xFF\xD8\xFF"}, {"c.png", "\x89PNG"}} {
		p := filepath.Join(t.TempDir(), tt.name)
		if code, _, stderr := warraq(t, "cover", dir, "-o", p); code != 0 {
			t.Fatalf("%s: exit %d %s", tt.name, code, stderr)
		}
		if data, _ := os.ReadFile(p); !bytes.HasPrefix(data, []byte(tt.magic)) {
			t.Errorf("%s starts %.4q, not %q", tt.name, data, tt.magic)
		}
	}
}

// init in a folder that has articles writes a book.yaml for them and no
// example article, which would have joined their book.
func TestInitWithArticles(t *testing.T) {
	dir := testdir.Write(t, map[string]string{"one.md": dated("أ", "نص\n"), "sub/two.md": dated("ب", "نص\n")})
	code, _, stderr := warraq(t, "init", dir)
	if code != 0 || !strings.Contains(stderr, "has 2 Markdown files: writing book.yaml for them, and no example article") {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "first-article.md")); err == nil {
		t.Errorf("init added its example article to a collection")
	}
	code, stdout, stderr := warraq(t, "list", dir)
	if code != 0 || strings.Count(stdout, "\n") != 2 {
		t.Errorf("list after init: exit %d\n%s%s", code, stdout, stderr)
	}
}

// list and check take build's --out: a Markdown file in a custom output
// directory inside the collection is left out by all three alike.
func TestOutDirNeverRead(t *testing.T) {
	dir := testdir.Write(t, map[string]string{"book.yaml": "date: 2025-01-01\n", "a.md": dated("أ", "نص\n"), "site/old.md": dated("قديم", "نص\n")})
	out := filepath.Join(dir, "site")
	_, listed, _ := warraq(t, "list", dir, "--out", out)
	code, stdout, stderr := warraq(t, "build", dir, "--out", out, "--json", "-q")
	if code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	if strings.Count(listed, "\n") != 1 || strings.Contains(listed, "old.md") || strings.Count(stdout, `"path": "`) != 3 {
		t.Errorf("list --out says:\n%s\nbuild --out wrote:\n%s", listed, stdout)
	}
	if _, _, stderr := warraq(t, "check", dir, "--out", out); !strings.Contains(stderr, "ok: 1 article") {
		t.Errorf("check --out: %s", stderr)
	}
}

// A build that cannot write (the disk is full, here a file size limit)
// names the file and the reason once, and leaves nothing behind.
func TestDiskFull(t *testing.T) {
	if testing.Short() {
		t.Skip("a child process")
	}
	dir := testdir.Write(t, map[string]string{"book.yaml": "date: 2025-01-01\nslug: full\n", "a.md": dated("أ", "نص\n")})
	out := filepath.Join(dir, "dist")
	os.MkdirAll(out, 0o755)
	os.WriteFile(filepath.Join(out, "full.epub"), []byte("earlier"), 0o644)
	cmd := helper([]string{"WARRAQ_RLIMIT_FSIZE=20000"}, "build", dir, "-q")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	msg := stderr.String()
	if err == nil || !strings.Contains(msg, "warraq: cannot write "+filepath.Join(out, "full.epub")+": file too large") ||
		strings.Contains(msg, "epub: epub:") {
		t.Errorf("%v\n%s", err, msg)
	}
	if got, _ := os.ReadDir(out); len(got) != 1 {
		t.Errorf("dist holds %d files after a failed build", len(got))
	}
	if data, _ := os.ReadFile(filepath.Join(out, "full.epub")); string(data) != "earlier" {
		t.Errorf("the earlier EPUB was changed")
	}
}
