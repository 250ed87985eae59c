package templates

import (
	"bytes"
	"strings"
	"testing"
)

func TestCSSString(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Amiri", `"Amiri"`},
		{`My "Font"`, `"My \"Font\""`},
		{`a\b`, `"a\\b"`},
		{"x\ny", `"x\a y"`},
		{"نسخ", `"نسخ"`},
	} {
		if got := CSSString(tc.in); got != tc.want {
			t.Errorf("CSSString(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestExecute(t *testing.T) {
	var buf bytes.Buffer
	if err := Execute(&buf, "container.xml", nil); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), XMLDeclaration+"<container ") {
		t.Errorf("container.xml does not start with the XML declaration and its root:\n%s", buf.String())
	}
	if err := Execute(&buf, "missing.xhtml", nil); err == nil {
		t.Error("no error for a template that does not exist")
	}
	names := strings.Join(Names(), " ")
	for _, want := range []string{"article.xhtml", "book.css", "content.opf", "nav.xhtml", "toc.ncx"} {
		if !strings.Contains(names, want) {
			t.Errorf("template %s missing from %s", want, names)
		}
	}
}
