package collection

import (
	"fmt"
	"strings"
	"testing"
	"time"
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
