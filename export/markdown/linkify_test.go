package markdown

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// quickLinkify must find the links goldmark's own GFM extension finds,
// and leave the rest of the text as that extension leaves it.
func TestQuickLinkifySameAsGFM(t *testing.T) {
	pieces := []string{
		"http://example.com", "https://a.org/x?y=1.", "ftp://f.net", "www.example.org", "WWW.x.y",
		"mail@example.com", "a.b@c.d", "x@y", "(www.a.b)", "*https://b.c*", "_w@x.yz_", "~ftp://q.r~",
		"مرحبا", "بالعالم", "١٢٣", "«نص»", "12", "-", "@", ".", "\t", "\\", "`code`", "[t http://in.label](u)",
		"h", "ht", "http:", "wwwx", "ä@b.cd", "é", "(", ")", "*", "_", "~", "<a@b.cd>", "!",
	}
	seps := []string{" ", "", "\n", "  ", " (", "*", "\t", "،"}
	md := func(ext goldmark.Extender) goldmark.Markdown {
		return goldmark.New(goldmark.WithExtensions(ext))
	}
	ours, theirs := md(gfm{}), md(extension.GFM)
	var inputs []string
	for i, p := range pieces {
		for j, q := range pieces {
			inputs = append(inputs, p+seps[(i+j)%len(seps)]+q+seps[j%len(seps)]+pieces[(i*7+j)%len(pieces)])
		}
	}
	inputs = append(inputs, strings.Join(pieces, " "), strings.Join(pieces, "\n"), strings.Join(pieces, ""))
	links := 0
	for _, in := range inputs {
		var a, b bytes.Buffer
		if err := ours.Convert([]byte(in), &a); err != nil {
			t.Fatal(err)
		}
		if err := theirs.Convert([]byte(in), &b); err != nil {
			t.Fatal(err)
		}
		if a.String() != b.String() {
			t.Errorf("%q:\n got %s\nwant %s", in, a.String(), b.String())
		}
		links += strings.Count(a.String(), "<a href=")
	}
	if links < len(inputs)/2 {
		t.Fatalf("only %d links in %d inputs: the inputs no longer try the autolinks", links, len(inputs))
	}
}
