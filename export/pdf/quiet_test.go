package pdf

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/render"
	"github.com/warraq/warraq/export/text"
)

// allText is every line of text a reader's software finds in the PDF.
func allText(t *testing.T, data []byte) string {
	r := readBack(t, data)
	var sb strings.Builder
	for p := 1; p <= r.pages; p++ {
		for _, l := range r.lines[p] {
			sb.WriteString(strings.ReplaceAll(l.text, "\u200f", ""))
			sb.WriteByte('\n')
		}
	}
	return sb.String()
}

// TestQuietPages: by default the pages print no tags and no urn:uuid; tags
// come back with pdf.tags, and an ISBN identifier is printed on the
// colophon under the language's own name for it.
func TestQuietPages(t *testing.T) {
	b, err := collection.Load(samplesDir(), collection.Options{Formats: testFormats})
	if err != nil {
		t.Fatal(err)
	}
	tags := "نشر رقمي، طباعة، تقنية"
	build := func(o Options) string {
		var buf bytes.Buffer
		if _, err := Write(&buf, &render.Input{Book: b, Engine: testEngine(t)}, o); err != nil {
			t.Fatal(err)
		}
		return allText(t, buf.Bytes())
	}
	o := DefaultOptions()
	quiet := build(o)
	if strings.Contains(quiet, tags) || strings.Contains(quiet, "urn:uuid") || strings.Contains(quiet, "ردمك") {
		t.Error("the default book prints tags, its urn:uuid or an ISBN it does not have")
	}
	o.Tags = true
	b.Meta.Identifier = "urn:isbn:978-9953-0-1234-5"
	loud := build(o)
	if !strings.Contains(loud, tags) {
		t.Error("pdf.tags: true prints no tags")
	}
	if !strings.Contains(loud, "ردمك 978-9953-0-1234-5") {
		t.Error("the colophon does not print the ISBN")
	}
}

// TestLinkColor: links print in the text's colour unless pdf.link-color
// gives one.
func TestLinkColor(t *testing.T) {
	b, err := collection.Load(samplesDir(), collection.Options{Formats: testFormats})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		opt  string
		want [3]float64
	}{{"none", [3]float64{}}, {"#1a3380", [3]float64{0x1a / 255.0, 0x33 / 255.0, 0x80 / 255.0}}} {
		o := DefaultOptions()
		o.LinkColor = tt.opt
		bd := &builder{s: newSetup(b, o), a: b.Articles[0]}
		st := bd.linkStyle(text.Style{}, doc.Target{URL: "https://example.org"})
		if st.Color != tt.want || st.Link == "" {
			t.Errorf("link-color %s: link style %+v, want colour %v", tt.opt, st, tt.want)
		}
	}
	if _, err := parseColor("blue"); err == nil {
		t.Error(`parseColor("blue") succeeded`)
	}
}

// TestEmphasisWithoutItalic: a Hebrew book's family has no italic face, so
// emphasis is drawn upright in the EPUB's emphasis colour, not invisibly
// in the regular face; an Arabic book's Amiri has one and draws no colour.
func TestEmphasisWithoutItalic(t *testing.T) {
	c, err := parseColor(render.EmphasisColour)
	if err != nil {
		t.Fatal(err)
	}
	op := fmt.Sprintf("%.3g %.3g %.3g rg", c[0], c[1], c[2])
	for _, tc := range []struct {
		lang, src string
		coloured  bool
	}{
		{"he", "זה משפט עם *הדגשה* באמצע.\n", true},
		{"ar", "هذه جملة فيها *توكيد* في وسطها.\n", false},
	} {
		b := handBook(t, tc.lang, "rtl", tc.src)
		fs, err := text.Load(text.Spec{Lang: tc.lang})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := Write(&buf, &render.Input{Book: b, Engine: text.NewEngine(fs)}, DefaultOptions()); err != nil {
			t.Fatal(err)
		}
		if got := bytes.Contains(contentOf(t, buf.Bytes()), []byte(op)); got != tc.coloured {
			t.Errorf("%s: emphasis drawn in %s: %v, want %v", tc.lang, op, got, tc.coloured)
		}
	}
}
