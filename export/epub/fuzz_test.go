package epub

import (
	"strings"
	"testing"
)

// FuzzMarkdownXHTML: whatever the Markdown (raw HTML, entities, control
// characters, broken UTF-8), the article document is well-formed XML with
// the XHTML root, unique ids, and no script survives.
func FuzzMarkdownXHTML(f *testing.F) {
	for _, s := range []string{articleOne, articleTwo, articleThree,
		"<div><p onclick=x>a<b>b</p></div>", "*a <b>b* c</b> [x](javascript:y) ![](z.png)",
		"&#0; &#xD800; &bogus; \x01\x7f \xff\xfe", "[^1]\n\n[^1]: <i>n", "| a |\n|---|\n| <td> |",
		"Latin **عربي** Latin", "<ul><li><ol><li>x</ul>", "<a href=x><a href=y>z</a></a>",
	} {
		f.Add(s)
	}
	root := f.TempDir()
	f.Fuzz(func(t *testing.T, src string) {
		for _, dir := range []string{"rtl", "ltr"} {
			doc, _ := renderArticle(t, root, src, "ar", dir)
			tree, err := decodeXML([]byte(doc))
			if err != nil {
				t.Fatalf("not well-formed XML: %v\nsource: %q\n%s", err, src, doc)
			}
			if tree.Name.Space != nsXHTML || tree.Name.Local != "html" {
				t.Fatalf("root element %v", tree.Name)
			}
			ids := map[string]bool{}
			var walk func(*element)
			walk = func(e *element) {
				if id, ok := e.attr("", "id"); ok {
					if ids[id] {
						t.Fatalf("duplicate id %q\nsource: %q", id, src)
					}
					ids[id] = true
				}
				for _, c := range e.Children {
					walk(c)
				}
			}
			walk(tree)
			for _, s := range tree.all("script") {
				t.Fatalf("script survived: %q", s.text())
			}
			for _, a := range tree.all("a") {
				if href, _ := a.attr("", "href"); strings.Contains(strings.ToLower(href), "javascript:") {
					t.Fatalf("javascript link survived: %q", href)
				}
			}
		}
	})
}
