package markdown

import (
	"bytes"
	"testing"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

func textOf(n ast.Node, src []byte) string {
	var b bytes.Buffer
	ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
		case *ast.String:
			b.Write(t.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

func TestQuotesFollowLanguage(t *testing.T) {
	tests := []struct{ lang, src, want string }{
		{"ar", `قال "مرحبا" لنا`, "قال «مرحبا» لنا"},
		{"fa-IR", `"سلام"`, "«سلام»"},
		{"en", `say "hi"`, "say “hi”"},
	}
	for _, tt := range tests {
		src := []byte(tt.src)
		if got := textOf(parse(src, tt.lang), src); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.lang, got, tt.want)
		}
	}
}

func TestExtensions(t *testing.T) {
	src := []byte("| أ | ب |\n|---|---|\n| 1 | 2 |\n\nنص[^1]\n\n[^1]: حاشية\n\n~~محذوف~~\n")
	doc := parse(src, "ar")
	seen := map[ast.NodeKind]bool{}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			seen[n.Kind()] = true
		}
		return ast.WalkContinue, nil
	})
	for _, k := range []ast.NodeKind{east.KindTable, east.KindFootnoteLink, east.KindFootnote, east.KindStrikethrough} {
		if !seen[k] {
			t.Errorf("%v not parsed", k)
		}
	}
}

func TestQuotesAfterProclitics(t *testing.T) {
	tests := []struct{ src, want string }{
		{`«حرف» و"باز" معًا`, "«حرف» و«باز» معًا"},
		{`قرأ ف"الكتاب" جميل`, "قرأ ف«الكتاب» جميل"},
		{`كلمة"داخلية"`, `كلمة"داخلية"`}, // not a proclitic: left for the reader to see
		{`قال "نعم" ثم و"لا".`, "قال «نعم» ثم و«لا»."},
	}
	for _, tt := range tests {
		src := []byte(tt.src)
		if got := textOf(parse(src, "ar"), src); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.src, got, tt.want)
		}
	}
	src := []byte(`and"so"`)
	if got := textOf(parse(src, "en"), src); got != `and"so"` {
		t.Errorf("English changed: %q", got)
	}
}

func TestArabicPunctuation(t *testing.T) {
	tests := []struct{ lang, src, want string }{
		{"ar", "نعم, ولكن لماذا?", "نعم، ولكن لماذا؟"},
		{"ar", "العدد 3,5 و HarfBuzz, ثم Unicode?", "العدد 3,5 و HarfBuzz, ثم Unicode?"},
		{"ar", "الرقم ٣,٥", "الرقم ٣,٥"},
		{"fa", "چرا?", "چرا؟"},
		{"en", "why?", "why?"},
	}
	for _, tt := range tests {
		src := []byte(tt.src)
		if got := textOf(parse(src, tt.lang), src); got != tt.want {
			t.Errorf("%s %q: got %q, want %q", tt.lang, tt.src, got, tt.want)
		}
	}
}
