package markdown

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/internal/slug"
)

// numberHeadings makes heading levels consecutive and gives every heading a
// unique ID, in document order.
//
// Levels: below the article title (level 1), a heading is never more than
// one level deeper than the heading before it, because readers and screen
// readers navigate by that outline (Ace reports skipped levels).
//
// IDs: the heading's {#id} when it has one, else an ASCII slug of its text,
// else h-N (the Nth heading); unique in the article. An explicit ID that an
// earlier heading already has is renamed like the others, with a warning:
// links written to it reach the first heading only.
//
// slugs receives slug.Make of each heading text it made an ID from.
func numberHeadings(d *doc.Document, r diag.List, slugs map[string]string) {
	last := 1
	n := 0
	used := map[string]bool{}
	lines := map[string]int{} // where each ID was given
	doc.InspectDocument(d, func(node any) bool {
		h, ok := node.(*doc.Heading)
		if !ok {
			// Headings are blocks, and no paragraph holds one: the walk
			// need not go through every paragraph's text.
			_, para := node.(*doc.Paragraph)
			_, inline := node.(doc.Inline)
			return !para && !inline
		}
		h.Level = min(max(h.Level, 2), last+1, 6)
		last = h.Level
		n++
		explicit := sanitizeID(h.ID)
		h.ID = uniqueID(h.ID, strings.TrimSpace(doc.PlainText(h.Content)), n, used, slugs)
		if explicit != "" && h.ID != explicit {
			r.Warnf(diag.Link, h.Line, "heading ID %q is already the anchor of the heading on line %d; this one is %q (links to #%s reach the first)",
				explicit, lines[explicit], h.ID, explicit)
		}
		lines[h.ID] = h.Line
		return false
	})
}

func uniqueID(explicit, text string, n int, used map[string]bool, slugs map[string]string) string {
	id := sanitizeID(explicit)
	if id == "" {
		id = slug.Make(text)
		slugs[text] = id
		if id != "" && id[0] >= '0' && id[0] <= '9' {
			id = "h-" + id
		}
	}
	if id == "" {
		id = fmt.Sprintf("h-%d", n)
	}
	base := id
	for i := 2; used[id]; i++ {
		id = fmt.Sprintf("%s-%d", base, i)
	}
	used[id] = true
	return id
}

// sanitizeID keeps an explicit ID usable as an XML ID and a PDF destination:
// ASCII letters, digits, '-', '_' and '.', starting with a letter.
func sanitizeID(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.') {
			b.WriteRune(r)
		}
	}
	id := b.String()
	if id != "" && !unicode.IsLetter(rune(id[0])) {
		id = "h-" + id
	}
	return id
}
