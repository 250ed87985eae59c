package collection

import (
	"fmt"
	"strings"
	"testing"
	"time"
	utf16pkg "unicode/utf16"

	"github.com/warraq/warraq/internal/testdir"
)

func warnings(b *Book) []string {
	var out []string
	for _, d := range b.Diagnostics {
		out = append(out, d.String())
	}
	return out
}

// An article that a list of parts leaves out although the selection would
// take it is said, with the fix; drafts and what the filters leave out are
// not. Filters given on the command line narrow the parts silently (a part
// they empty is dropped), while book.yaml's own filters on a listed article
// still warn.
func TestSelectionAndParts(t *testing.T) {
	yaml := "parts:\n  - title: الأول\n    articles: [a.md, b.md]\n  - title: الثاني\n    articles: [c.md]\n"
	files := map[string]string{
		"book.yaml":      yaml,
		"a.md":           article("title: أ\ndate: 2024-01-01\ntags: [x]", "نص\n"),
		"b.md":           article("title: ب\ndate: 2024-02-01\ntags: [y]", "نص\n"),
		"c.md":           article("title: ج\ndate: 2025-03-01\ntags: [y]", "نص\n"),
		"new.md":         article("title: جديد\ndate: 2025-04-01", "نص\n"),
		"draft.md":       article("title: مسودة\ndraft: true", "نص\n"),
		"notes/idea.md":  article("title: فكرة", "نص\n"),
		"excluded/ex.md": article("title: مستبعد", "نص\n"),
	}
	unplaced := func(p string) string {
		return "book.yaml:2: warning: " + p + " is in no part, so it is not in the book: add it to a part's articles:, or to exclude: to leave it out"
	}
	tests := []struct {
		name     string
		extra    string // appended to book.yaml
		opt      Options
		articles string
		warn     []string
	}{
		{"unlisted articles are named", "exclude: [excluded/**]\n", Options{}, "a.md b.md c.md",
			[]string{unplaced("new.md"), unplaced("notes/idea.md")}},
		{"with --drafts a draft is missed too", "exclude: [excluded/**]\n", Options{Drafts: true}, "a.md b.md c.md",
			[]string{unplaced("draft.md"), unplaced("new.md"), unplaced("notes/idea.md")}},
		{"--tag narrows the parts", "exclude: [notes/**, excluded/**, new.md]\n", Options{Tags: []string{"y"}}, "b.md c.md", nil},
		{"--since empties the first part", "exclude: [notes/**, excluded/**, new.md]\n", Options{Since: date(2025, 1, 1)}, "c.md", nil},
		{"book.yaml's tags on a listed article warn", "exclude: [notes/**, excluded/**, new.md]\ntags: [y]\n", Options{}, "b.md c.md",
			[]string{"book.yaml:3: warning: a.md is listed but left out: it has none of the tags y"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := map[string]string{}
			for k, v := range files {
				fs[k] = v
			}
			fs["book.yaml"] = yaml + tt.extra
			b := load(t, fs, tt.opt)
			var got []string
			for _, a := range b.Articles {
				got = append(got, a.Path)
			}
			if strings.Join(got, " ") != tt.articles {
				t.Errorf("articles %q, want %q", got, tt.articles)
			}
			if w := warnings(b); strings.Join(w, "\n") != strings.Join(tt.warn, "\n") {
				t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(w, "\n"), strings.Join(tt.warn, "\n"))
			}
			for _, p := range b.Parts {
				if len(p.Articles) == 0 {
					t.Errorf("part %q is empty", p.Title)
				}
			}
		})
	}
}

// A collection of many articles and a short list of parts names twenty and
// counts the rest.
func TestManyUnplaced(t *testing.T) {
	fs := map[string]string{"book.yaml": "parts:\n  - title: أ\n    articles: [a00.md]\ndate: 2025-01-01\n"}
	for i := 0; i < 30; i++ {
		fs[fmt.Sprintf("a%02d.md", i)] = article("title: أ", "نص\n")
	}
	w := warnings(load(t, fs, Options{}))
	if len(w) != 21 || !strings.Contains(w[20], "and 9 more articles are in no part") {
		t.Errorf("%d warnings, the last %q", len(w), w[len(w)-1])
	}
}

func date(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// utf16 encodes s as UTF-16, little- or big-endian, without a byte-order mark.
func utf16(s string, big bool) string {
	var b []byte
	for _, u := range utf16pkg.Encode([]rune(s)) {
		if big {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return string(b)
}

// A file saved as UTF-16 is named as such, with or without a byte-order
// mark, in any of the book's scripts, whether it would pass for UTF-8 or
// not; UTF-8 text in those scripts is never taken for it.
func TestUTF16Refused(t *testing.T) {
	arabic := "---\ntitle: عنوان المقالة\n---\n\nنص عربي طويل بما يكفي ليملأ رأس الملف كله بالحروف العربية وحدها دون غيرها.\n"
	english := "---\ntitle: A title\n---\n\nAn English text long enough to fill the head of the file.\n"
	hebrew := "---\ntitle: כותרת\n---\n\nטקסט בעברית ארוך מספיק כדי למלא את ראש הקובץ באותיות עבריות בלבד.\n"
	for _, tt := range []struct {
		name, data, want string
	}{
		{"Arabic, little-endian", utf16(arabic, false), "a.md: the file is UTF-16 (little-endian), not UTF-8; save it as UTF-8"},
		{"English, big-endian", utf16(english, true), "a.md: the file is UTF-16 (big-endian), not UTF-8; save it as UTF-8"},
		{"Hebrew, little-endian", utf16(hebrew, false), "a.md: the file is UTF-16 (little-endian), not UTF-8; save it as UTF-8"},
		{"with a byte-order mark", "\xFF\xFE" + utf16(english, false), "a.md: the file is UTF-16 (little-endian, with a byte-order mark), not UTF-8; save it as UTF-8"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := loadErr(t, testdir.Write(t, map[string]string{"book.yaml": "date: 2025-01-01\n", "a.md": tt.data}), Options{})
			if strings.Join(got, "\n") != tt.want {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
	for _, text := range []string{arabic, english, hebrew} {
		if enc := utf16Encoding([]byte(text)); enc != "" {
			t.Errorf("UTF-8 taken for %s: %q", enc, text[:30])
		}
	}
}
