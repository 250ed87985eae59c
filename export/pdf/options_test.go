package pdf

import (
	"strings"
	"testing"

	"github.com/warraq/warraq/export/config"
	"github.com/warraq/warraq/export/diag"
)

// decode reads a book.yaml whose pdf: section is src (indented under pdf:).
func decode(t *testing.T, src string) (Options, []diag.Diagnostic) {
	t.Helper()
	var diags []diag.Diagnostic
	r := diag.List{File: "book.yaml", Diags: &diags}
	root, ok := config.Parse([]byte("pdf:\n"+src), r)
	if !ok {
		t.Fatalf("YAML: %v", diags)
	}
	return decodeOptions(root.Content[1], r), diags
}

// Every number and length of the pdf: section is checked against its range,
// and the message gives the range; a value that is refused leaves the default.
func TestOptionRanges(t *testing.T) {
	for _, tt := range []struct {
		name, src, want string
		combined        bool // values fine alone, refused together
	}{
		{"font size zero", "  font-size: 0\n", "book.yaml:2: pdf.font-size: want a length from 6pt to 36pt, got 0pt", false},
		{"font size huge", "  font-size: 1000\n", "book.yaml:2: pdf.font-size: want a length from 6pt to 36pt, got 1,000pt", false},
		{"font size in mm", "  font-size: 20mm\n", "book.yaml:2: pdf.font-size: want a length from 6pt to 36pt, got 20mm (56.7pt)", false},
		{"font size unit", "  font-size: 11px2\n", `book.yaml:2: pdf.font-size: "11px2" is not a length (write a length like 15mm, 0.75in or 12pt)`, false},
		{"font size NaN", "  font-size: nan\n", `book.yaml:2: pdf.font-size: "nan" is not a length`, false},
		{"leading", "  leading: 0.5\n", "book.yaml:2: pdf.leading: want a number from 1 to 3, got the number 0.5", false},
		{"leading text", "  leading: double\n", `book.yaml:2: pdf.leading: want a number from 1 to 3, got "double"`, false},
		{"toc depth", "  toc-depth: 7\n", "book.yaml:2: pdf.toc-depth: want a whole number from 1 to 3, got the number 7", false},
		{"negative margin", "  margins: {top: -5mm}\n", `book.yaml:2: pdf.margins.top: "-5mm": a length cannot be negative`, false},
		{"unknown unit", "  margins: 2furlongs\n", `book.yaml:2: pdf.margins: unknown unit "furlongs" in "2furlongs" (use mm, cm, in, pt or pc)`, false},
		{"margins wider than the page", "  margins: {inner: 300pt, outer: 200pt}\n",
			"book.yaml:2: pdf.margins: inner 300pt and outer 200pt leave a text block 0pt wide on the 419.5pt × 595.3pt page (A5); at 11pt type it must be at least 132pt wide (12 ems)", true},
		{"margins taller than the page", "  size: A6\n  margins:\n    top: 200pt\n    bottom: 200pt\n",
			"book.yaml:4: pdf.margins: top 200pt and bottom 200pt leave a text block 19.5pt high on the 297.6pt × 419.5pt page (A6); it must hold at least 6 lines (112.2pt)", true},
		{"no room for the folio", "  margins: {bottom: 2mm}\n", "book.yaml:2: pdf.margins.bottom: 5.7pt leaves no room for the page number: at least 22pt (twice the font size)", false},
		{"type too large for the page", "  size: 3inx3in\n  margins: 0.2in\n  font-size: 30\n",
			"book.yaml:3: pdf.margins: inner 14.4pt and outer 14.4pt leave a text block 187.2pt wide on the 216pt × 216pt page (3inx3in); at 30pt type it must be at least 360pt wide (12 ems)", true},
		{"page too small", "  size: 10mmx10mm\n", `book.yaml:2: pdf.size: "10mmx10mm": the width, 28.3pt, is less than 72pt (1in), the smallest page Warraq sets`, false},
		{"page too large", "  size: 100000mmx210mm\n", `book.yaml:2: pdf.size: "100000mmx210mm": the width, 283,464.6pt, is more than 14,400pt (200in, 5080mm), the largest page PDF viewers show`, false},
		{"page height too large", "  size: 8in x 300in\n", `book.yaml:2: pdf.size: "8in x 300in": the height, 21,600pt, is more than 14,400pt`, false},
		{"page size typo", "  size: A55\n", `book.yaml:2: pdf.size: unknown page size "A55" (use A4, A5, A6, B5, Letter, 6x9 or WIDTHxHEIGHT like 148mmx210mm); did you mean "A5"?`, false},
		{"page size without unit number", "  size: mmx210mm\n", `book.yaml:2: pdf.size: "mmx210mm": "mm" has no number before its unit`, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o, diags := decode(t, tt.src)
			var msgs []string
			for _, d := range diags {
				msgs = append(msgs, d.String())
			}
			if len(diags) == 0 || !strings.HasPrefix(diags[0].String(), tt.want) || len(diags) > 1 && !tt.combined {
				t.Errorf("got %q\nwant %q", msgs, tt.want)
			}
			def := DefaultOptions()
			if !tt.combined && o.FontSize != def.FontSize || o.Leading != def.Leading || o.TOCDepth != def.TOCDepth {
				t.Errorf("a refused value was kept: %+v", o)
			}
		})
	}
}

// Values inside the ranges are kept as given, in points.
func TestOptionsInRange(t *testing.T) {
	o, diags := decode(t, "  size: 6in x 9in\n  margins: {top: 0.75in, bottom: 2cm, inner: 0, outer: 10mm}\n  font-size: 12pt\n  leading: 1.5\n")
	if len(diags) != 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	m := o.Margins
	if o.Width != 432 || o.Height != 648 || m.Top != 54 || m.Inner != 0 || o.FontSize != 12 || o.Leading != 1.5 ||
		m.Bottom < 56.69 || m.Bottom > 56.7 || m.Outer < 28.34 || m.Outer > 28.35 {
		t.Errorf("options %+v", o)
	}
	if o, diags := decode(t, "  size: 14400pt x 14400pt\n"); len(diags) != 0 || o.Width != 14400 {
		t.Errorf("the largest page: %v %+v", diags, o)
	}
}

func decodeYAML(t *testing.T, src string) (Options, []diag.Diagnostic) {
	var ds []diag.Diagnostic
	r := diag.List{File: "book.yaml", Diags: &ds}
	n, _ := config.Parse([]byte(src), r)
	return decodeOptions(n, r), ds
}

// TestOptionsTypography: the typography options decode, their defaults
// apply when they are left out, and a bad value is an error on its line.
func TestOptionsTypography(t *testing.T) {
	o, ds := decodeYAML(t, "justify: spaces\nfront-numbers: roman\ntags: true\nlink-color: \"#1A3380\"\n")
	if len(ds) > 0 || o.Justify != "spaces" || o.FrontNumbers != "roman" || !o.Tags || o.LinkColor != "#1A3380" {
		t.Errorf("decoded %+v, %v", o, ds)
	}
	d := DefaultOptions()
	if d.Justify != "kashida" || d.FrontNumbers != "auto" || d.Tags || d.LinkColor != "none" {
		t.Errorf("defaults %+v", d)
	}
	for _, tt := range []struct{ src, want string }{
		{"justify: kashidas\n", "book.yaml:1: pdf.justify"},
		{"size: A5\nfront-numbers: hindi\n", "book.yaml:2: pdf.front-numbers"},
		{"tags: maybe\n", "book.yaml:1: pdf.tags"},
		{"link-color: blue\n", "book.yaml:1: pdf.link-color"},
	} {
		_, ds := decodeYAML(t, tt.src)
		if len(ds) != 1 || !strings.HasPrefix(ds[0].String(), tt.want) {
			t.Errorf("%q: diagnostics %v, want one starting %q", tt.src, ds, tt.want)
		}
	}
}
