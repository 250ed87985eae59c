package collection

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/internal/slug"
)

// The seed corpora live in testdata/fuzz/<target>/ (committed); f.Add gives a
// few more. Run one with: go test -run='^$' -fuzz=FuzzFrontMatter ./export/collection

// FuzzFrontMatter feeds arbitrary bytes to the article reader: it must never
// panic, every problem must name the file and a line inside it, and a file
// it accepts must give a body that is valid UTF-8 without CR or BOM.
func FuzzFrontMatter(f *testing.F) {
	f.Add([]byte("---\ntitle: عنوان\ndate: 2025-03-01\ntags: [أ, ب]\n---\n\n# نص\n"))
	f.Add([]byte("---\r\ntitle: x\r\n...\r\nbody"))
	f.Add([]byte("---\ntitle: &a [*a]\n---\n"))
	f.Add([]byte("\xEF\xBB\xBF---\ndate: 12\nweight: x\n---\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var diags []diag.Diagnostic
		lines := 1 + bytes.Count(data, []byte{'\n'}) + bytes.Count(data, []byte{'\r'})
		text, ok := normalizeText(data, "a.md", &diags)
		if ok {
			var fm frontMatter
			var body []byte
			var bodyLine int
			fm, body, bodyLine, ok = splitFrontMatter(text, "a.md", &diags)
			if ok {
				if bytes.ContainsAny(body, "\r") || bytes.HasPrefix(body, []byte("\xEF\xBB\xBF")) {
					t.Fatalf("body keeps CR or BOM: %q", body)
				}
				if bodyLine < 1 || bodyLine > lines+1 {
					t.Fatalf("body line %d outside 1..%d", bodyLine, lines+1)
				}
				if fm.TitleLine > lines {
					t.Fatalf("title line %d after the last line %d", fm.TitleLine, lines)
				}
				if fm.Dir != "" && fm.Dir != "rtl" && fm.Dir != "ltr" {
					t.Fatalf("dir %q accepted", fm.Dir)
				}
			}
		}
		if !ok && countErrors(diags) == 0 {
			t.Fatal("rejected without an error")
		}
		if ok && countErrors(diags) > 0 {
			t.Fatalf("accepted with errors: %v", diags)
		}
		for _, d := range diags {
			if d.File != "a.md" || d.Line < 0 || d.Line > lines+1 || d.Message == "" {
				t.Fatalf("bad diagnostic %+v (file has %d lines)", d, lines)
			}
		}
	})
}

// FuzzBookYAML feeds arbitrary text to the book.yaml parser: no panic, every
// problem at a line of the file, and a config without errors must survive
// fillDefaults with a direction.
func FuzzBookYAML(f *testing.F) {
	f.Add("title: كتاب\nauthor: [أ, ب]\nparts: year\npdf:\n  size: A4\n  margins: 15mm\n")
	f.Add("cover:\n  image: c.png\n  background: \"#ffffff\"\nparts:\n  - title: x\n    articles: [a.md]\n")
	f.Add("a: &x [*x, *x]\ntitle: *x\n")
	f.Add("pdf: {size: 10inx12in, font-size: 9pt, leading: 2}\n")
	f.Fuzz(func(t *testing.T, src string) {
		var diags []diag.Diagnostic
		lines := 1 + strings.Count(src, "\n") + strings.Count(src, "\r")
		cfg, info := parseConfig([]byte(src), BookFile, []string{"pdf", "epub"}, &diags)
		for _, d := range diags {
			if d.File != BookFile || d.Line < 0 || d.Line > lines+1 || d.Message == "" {
				t.Fatalf("bad diagnostic %+v (file has %d lines)", d, lines)
			}
		}
		if countErrors(diags) > 0 {
			return
		}
		if cfg.Parts.Mode == "list" && len(info.partArticleLines) != len(cfg.Parts.List) {
			t.Fatal("part lines out of step with parts")
		}
		if len(info.articleLines) != len(cfg.Articles) {
			t.Fatal("article lines out of step with articles")
		}
		fillDefaults(&cfg)
		if cfg.Direction != "rtl" && cfg.Direction != "ltr" {
			t.Fatalf("direction %q", cfg.Direction)
		}
	})
}

// FuzzArticle runs a whole article through the loader's stages after
// reading — front matter, Markdown, heading anchors, word count, link and
// image classification — with no panic, unique heading IDs and every
// diagnostic inside the file.
func FuzzArticle(f *testing.F) {
	f.Add([]byte("---\ntitle: x\n---\n# عنوان\n\n## قسم {#a}\n\n## قسم\n\n[r](#قسم) ![i](../x.png) [j](javascript:x)\n"))
	f.Add([]byte("# \u202Eعنوان\u202C\n\n> > > - [x](b.md#h-1)\n\n| a | b |\n|---|---|\n| ![](c.webp) | d[^1] |\n\n[^1]: note\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var diags []diag.Diagnostic
		lines := 1 + bytes.Count(data, []byte{'\n'}) + bytes.Count(data, []byte{'\r'})
		text, ok := normalizeText(data, "a.md", &diags)
		if !ok {
			return
		}
		fm, body, bodyLine, ok := splitFrontMatter(text, "a.md", &diags)
		if !ok {
			return
		}
		a := &Article{Path: "a.md", Title: fm.Title, Lang: "ar", Dir: "rtl", source: body, BodyLine: bodyLine}
		(&loader{}).readBody(a, &diags)
		b := &Book{byPath: map[string]*Article{"a.md": a}}
		seen := map[string]bool{}
		for _, h := range a.Headings {
			if seen[h.ID] || h.ID == "" || slug.Make(h.ID) == "" {
				t.Fatalf("heading ID %q empty, repeated or not ASCII", h.ID)
			}
			seen[h.ID] = true
		}
		doc.InspectDocument(a.Model(), func(n any) bool {
			if l, ok := n.(*doc.Link); ok {
				b.resolve(a, l.Dest)
				if l.Line < 1 || l.Line > lines+1 {
					t.Fatalf("link on line %d of %d", l.Line, lines)
				}
			}
			return true
		})
		for _, d := range diags {
			if d.File != "a.md" || d.Line < 0 || d.Line > lines+1 {
				t.Fatalf("bad diagnostic %+v", d)
			}
		}
	})
}

// validUTF8 answers as utf8.Valid: on every string of up to three bytes,
// each after runs of ASCII of every length up to nine (where the eight
// bytes at a time start and stop), and on whatever the fuzzer finds.
func FuzzValidUTF8(f *testing.F) {
	for _, s := range []string{"", "abc", "كتب الورّاق", "\xff", "\xed\xa0\x80", "𝔸\xf4\x90\x80\x80", "abcdefgh\xc2", "\xc2\x80abcdefghi\xe0\xa0"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, p []byte) {
		if got, want := validUTF8(p), utf8.Valid(p); got != want {
			t.Fatalf("validUTF8(%q) = %v, want %v", p, got, want)
		}
	})
}

func TestValidUTF8(t *testing.T) {
	valid, invalid := 0, 0
	check := func(p []byte) {
		want := utf8.Valid(p)
		if got := validUTF8(p); got != want {
			t.Fatalf("validUTF8(%q) = %v, want %v", p, got, want)
		}
		if want {
			valid++
		} else {
			invalid++
		}
	}
	for v := range 1 << 16 {
		for pre := 0; pre <= 9; pre++ {
			check([]byte("abcdefghi"[:pre] + string([]byte{byte(v)}) + "xyz"[:pre%4]))
			check([]byte("abcdefghi"[:pre] + string([]byte{byte(v), byte(v >> 8)}) + "xyz"[:pre%4]))
		}
	}
	for v := range 1 << 24 {
		if v&0xC0 == 0xC0 { // three bytes from a lead byte on: the others are checked above
			check([]byte{byte(v), byte(v >> 8), byte(v >> 16)})
		}
	}
	if valid < 1<<19 || invalid < 1<<20 {
		t.Fatalf("%d valid and %d invalid strings checked", valid, invalid)
	}
}
