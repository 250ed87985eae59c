package config

import (
	"fmt"
	"strings"
	"testing"

	"github.com/warraq/warraq/export/diag"
)

// Documents whose aliases would expand them beyond the limits are refused at
// the line of the alias that crosses it, before any walker follows them.
func TestExpansionLimits(t *testing.T) {
	long := strings.Repeat("ب", 100_000) // 200 KB
	refs := strings.TrimSuffix(strings.Repeat("*t, ", 200), ", ")
	laughs := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	for i := 'b'; i <= 'j'; i++ {
		laughs += fmt.Sprintf("%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	many := "a: &a x\nlist:\n" + strings.Repeat("  - *a\n", MaxAliases+1)
	for _, tt := range []struct {
		name, src, want string
	}{
		{"one long string named 200 times", "title: &t \"" + long + "\"\ntags: [" + refs + "]\n",
			"a.md:3: alias *t makes the YAML larger than 1 MB (the limit) once aliases are written out"},
		{"billion laughs", laughs, "a.md:5: alias *c: aliases are used more than 1000 times"},
		{"many small aliases", many, fmt.Sprintf("a.md:%d: alias *a: aliases are used more than 1000 times (the limit)", 3+MaxAliases+1)},
		{"alias inside its own value", "a: &x [1, *x]\n", "a.md:2: alias *x is used inside the value it names"},
		{"too large as written", "title: \"" + strings.Repeat("x", MaxBytes) + "\"\n", "a.md:2: YAML is 1.0 MB, more than the 1 MB a book.yaml or front matter may have"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var diags []diag.Diagnostic
			root, ok := Parse([]byte(tt.src), diag.List{File: "a.md", Offset: 1, Diags: &diags})
			if ok || root != nil || len(diags) != 1 || !strings.HasPrefix(diags[0].String(), tt.want) {
				t.Errorf("ok=%v, diagnostics %v\nwant %q", ok, diags, tt.want)
			}
		})
	}
	// Aliases that stay within the limits are what YAML is for.
	var diags []diag.Diagnostic
	src := "author: &a سلمى\nparts:\n  - {title: أ, by: *a}\n  - {title: ب, by: *a}\n"
	if root, ok := Parse([]byte(src), diag.List{File: "book.yaml", Diags: &diags}); !ok || root == nil || len(diags) != 0 {
		t.Errorf("ordinary aliases refused: %v", diags)
	}
}

// Measuring is linear in the document, however the aliases nest: each node
// is measured once.
func BenchmarkExpansionLaughs(b *testing.B) {
	src := "a: &a [x, x]\n"
	for i := 1; i < 60; i++ {
		src += fmt.Sprintf("a%d: &a%d [*a%s, *a%s]\n", i, i, prev(i), prev(i))
	}
	for b.Loop() {
		var diags []diag.Diagnostic
		if _, ok := Parse([]byte(src), diag.List{File: "book.yaml", Diags: &diags}); ok {
			b.Fatal("2^60 expansion accepted")
		}
	}
}

func prev(i int) string {
	if i == 1 {
		return ""
	}
	return fmt.Sprint(i - 1)
}
