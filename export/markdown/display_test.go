package markdown

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/warraq/warraq/export/doc"
)

// verseText writes a verse as its stanzas, lines and hemistichs.
func verseText(v *doc.Verse) string {
	var st []string
	for _, s := range v.Stanzas {
		var ls []string
		for _, l := range s {
			var hs []string
			for _, h := range l.Hemistichs {
				hs = append(hs, doc.PlainText(h))
			}
			ls = append(ls, fmt.Sprintf("%d:%s", l.Line, strings.Join(hs, " | ")))
		}
		st = append(st, strings.Join(ls, " / "))
	}
	return strings.Join(st, " // ")
}

// TestVerse: a fenced verse block becomes verse: a bayt's hemistichs split
// at a tab or at two spaces or more, a line without one a hemistich alone,
// blank lines between stanzas; each line keeps its file line. Another info
// string stays code.
func TestVerse(t *testing.T) {
	src := "قبله.\n\n```verse\nأَلا لَيتَ الشَبابَ يَعودُ يَوماً    فَأُخبِرَهُ بِما فَعَلَ المَشيبُ\nالخيل والليل\tوالبيداء تعرفني\n\n\nبيت   واحد  هنا   وثان\nشطر وحده\n```\n\n```Poem\nسطر\n```\n\n```go\nx  := 1\n```\n"
	res := read(t, src)
	if len(res.Diagnostics) > 0 {
		t.Errorf("diagnostics: %v", diagStrings(res.Diagnostics))
	}
	bs := res.Doc.Blocks
	if len(bs) != 4 {
		t.Fatalf("%d blocks", len(bs))
	}
	v, ok := bs[1].(*doc.Verse)
	if !ok {
		t.Fatalf("block 1 is %T", bs[1])
	}
	want := "4:أَلا لَيتَ الشَبابَ يَعودُ يَوماً | فَأُخبِرَهُ بِما فَعَلَ المَشيبُ / 5:الخيل والليل | والبيداء تعرفني // " +
		"8:بيت | واحد هنا وثان / 9:شطر وحده"
	if got := verseText(v); got != want {
		t.Errorf("verse\n got %s\nwant %s", got, want)
	}
	if v, ok := bs[2].(*doc.Verse); !ok || verseText(v) != "13:سطر" {
		t.Errorf("```Poem: %T", bs[2])
	}
	if c, ok := bs[3].(*doc.CodeBlock); !ok || c.Text != "x  := 1" {
		t.Errorf("```go: %#v", bs[3])
	}
	if n := doc.Words(res.Doc); n != 23 {
		t.Errorf("%d words, want 23", n)
	}
}

// TestPullQuote: a block quote opening with [!pullquote] (any case, on its
// own line or before the text) is a pull quote without the marker; other
// block quotes stay quotations; an empty pull quote is left out with a
// warning on its line.
func TestPullQuote(t *testing.T) {
	for _, tt := range []struct {
		src  string
		kind doc.QuoteKind
		text []string
	}{
		{"> [!pullquote]\n> الكتاب الجيد صديق لا يخون.", doc.PullQuote, []string{"الكتاب الجيد صديق لا يخون."}},
		{"> [!PullQuote] الكتاب *الجيد*\n>\n> فقرة ثانية", doc.PullQuote, []string{"الكتاب الجيد", "فقرة ثانية"}},
		{"> [!pullquote]\n>\n> بعد سطر فارغ", doc.PullQuote, []string{"بعد سطر فارغ"}},
		{"> اقتباس عادي [!pullquote]", doc.BlockQuote, []string{"اقتباس عادي [!pullquote]"}},
		{"> [!NOTE]\n> تنبيه", doc.BlockQuote, []string{"[!NOTE] تنبيه"}},
	} {
		res := read(t, tt.src)
		q, ok := res.Doc.Blocks[0].(*doc.Quote)
		if !ok {
			t.Errorf("%q: %T", tt.src, res.Doc.Blocks[0])
			continue
		}
		var text []string
		for _, b := range q.Blocks {
			text = append(text, doc.PlainText(b.(*doc.Paragraph).Content))
		}
		if q.Kind != tt.kind || !reflect.DeepEqual(text, tt.text) {
			t.Errorf("%q: kind %d %q, want %d %q", tt.src, q.Kind, text, tt.kind, tt.text)
		}
	}
	res := read(t, "قبل\n\n> [!pullquote]\n\nبعد")
	if len(res.Doc.Blocks) != 2 || len(res.Diagnostics) != 1 || !strings.HasPrefix(res.Diagnostics[0].String(), "a.md:3:") {
		t.Errorf("empty pull quote: %d blocks, %v", len(res.Doc.Blocks), diagStrings(res.Diagnostics))
	}
}
