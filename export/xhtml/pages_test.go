package xhtml

import (
	"strings"
	"testing"

	"github.com/warraq/warraq/export/doc"
)

// TestPageBreaks: a marker goes just before the word of its block it names,
// words counted across inline elements and line breaks, in a paragraph, a
// table's cells one after the other and a code block; markers naming no
// word of their block are not written, and Output.Pages lists those that are.
func TestPageBreaks(t *testing.T) {
	d := read(t, "كلمة *أولى ثانية*<br>ثالثة رابعة\n\n| أ ب | ج |\n|---|---|\n| د | هـ و |\n\n```\nfunc main() {}\n```\n", "ar")
	para, table, code := d.Blocks[0], d.Blocks[1], d.Blocks[2]
	o := Options{Lang: "ar", EPUBTypes: true, PageBreaks: map[doc.Block][]PageBreak{
		para:  {{Word: 3, ID: "page-7", Label: "٧"}, {Word: 9, ID: "page-8", Label: "٨"}},
		table: {{Word: 4, ID: "page-9", Label: "٩"}},
		code:  {{Word: 1, ID: "page-10", Label: "١٠"}},
	}}
	out := Render(d, o)
	for _, want := range []string{
		`<br/><span id="page-7" epub:type="pagebreak" role="doc-pagebreak" aria-label="٧"></span>ثالثة`,
		`<td><span id="page-9" epub:type="pagebreak" role="doc-pagebreak" aria-label="٩"></span>هـ و</td>`,
		`func <span id="page-10" epub:type="pagebreak" role="doc-pagebreak" aria-label="١٠"></span>main()`,
	} {
		if !strings.Contains(out.Body, want) {
			t.Errorf("no %s in\n%s", want, out.Body)
		}
	}
	if strings.Contains(out.Body, "page-8") {
		t.Error("a marker past its block's last word was written")
	}
	if got := strings.Join(out.Pages, " "); got != "page-7 page-9 page-10" {
		t.Errorf("Pages = %q", got)
	}
}
