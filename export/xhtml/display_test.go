package xhtml

import (
	"strings"
	"testing"
)

// TestDisplayBlocks: a pull quote is an aside with the DPUB-ARIA role (and
// epub:type in EPUB pages); verse is a div of stanzas whose lines hold
// their hemistichs as spans with a space between them, a Latin hemistich
// isolated in its own direction.
func TestDisplayBlocks(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
		epub            bool
	}{
		{"pull quote", "> [!pullquote]\n> الكتاب *صديق*.", `<aside epub:type="pullquote" role="doc-pullquote" class="pullquote">` + "\n<p>الكتاب <em>صديق</em>.</p>\n</aside>", true},
		{"pull quote outside EPUB", "> [!pullquote] قول", `<aside role="doc-pullquote" class="pullquote">` + "\n<p>قول</p>\n</aside>", false},
		{"verse", "```verse\nصدر البيت    عجز البيت\nشطر وحده\n\nO Rose  thou art sick\n```",
			"<div class=\"verse\">\n<div class=\"stanza\">\n" +
				`<p class="bayt"><span class="hemistich">صدر البيت</span> <span class="hemistich">عجز البيت</span></p>` + "\n" +
				`<p class="bayt single"><span class="hemistich">شطر وحده</span></p>` + "\n</div>\n<div class=\"stanza\">\n" +
				`<p class="bayt"><span class="hemistich" dir="ltr">O Rose</span> <span class="hemistich" dir="ltr">thou art sick</span></p>` +
				"\n</div>\n</div>", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := options()
			o.EPUBTypes = tc.epub
			out := Render(read(t, tc.src, "ar"), o)
			if got := strings.TrimSuffix(out.Body, "\n"); got != tc.want {
				t.Errorf("%q:\n got %s\nwant %s", tc.src, got, tc.want)
			}
			wellFormed(t, out)
		})
	}
}
