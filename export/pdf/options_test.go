package pdf

import (
	"strings"
	"testing"

	"github.com/warraq/warraq/export/config"
	"github.com/warraq/warraq/export/diag"
)

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
