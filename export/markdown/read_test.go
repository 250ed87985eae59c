package markdown

import (
	"reflect"
	"strings"
	"testing"

	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/internal/slug"
)

// read lowers src as an Arabic article body starting on line 1.
func read(t *testing.T, src string) Result {
	t.Helper()
	return Read(Source{File: "a.md", Text: []byte(src), Line: 1, Lang: "ar"})
}

func diagStrings(ds []diag.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.String())
	}
	return out
}

// TestLowering: what each Markdown and raw HTML construct becomes in the
// model. The model is what every format prints, so these are the book's
// words.
func TestLowering(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
		diags           []string
	}{
		{"escapes and entities are decoded once", `نجوم \*stars\* وشركة AT&amp;T وعلامة &copy; و\&amp; هنا.`,
			`p "نجوم *" span dir=ltr("stars") "* وشركة " span dir=ltr("AT&T") " وعلامة © و&" span dir=ltr("amp") "; هنا."`, nil},
		{"numeric references", `&#1575;&#x644; &#0;`, `p "ال �"`, nil},
		{"quotes and Arabic punctuation", `قال "مرحبا" لنا, أليس كذلك?`, `p "قال «مرحبا» لنا، أليس كذلك؟"`, nil},
		{"emphasis, code, strike", "*مائل* و**عريض** و`code &amp;` و~~محذوف~~",
			`p em("مائل") " و" strong("عريض") " و" code("code &amp;") " و" del("محذوف")`, nil},
		{"soft and hard breaks", "سطر أول\nسطر ثان  \nثالث", `p "سطر أول سطر ثان" br "ثالث"`, nil},
		{"raw div block", "<div>نص داخل div</div>", "div lang= dir= class=\n  p \"نص داخل \" span dir=ltr(\"div\")", nil},
		{"div around Markdown", "<div dir=\"ltr\" lang=\"en\">\n\nSome *markdown* here.\n\n</div>\n\nبعده",
			"div lang=en dir=ltr class=\n  p \"Some \" em(\"markdown\") \" here.\"\np \"بعده\"", nil},
		{"unclosed div ends with its container", "<section class=\"note\">\n\nفقرة\n", "div lang= dir= class=note\n  p \"فقرة\"", nil},
		{"raw inline image", `صورة خام: <img src="pic.png" alt="زخرفة">`, `p "صورة خام: " img<pic.png alt="زخرفة">`, nil},
		{"raw image without alt", `<img src="pic.png">`, `figure img<pic.png alt=""> caption=`,
			[]string{`a.md:1: warning: image "pic.png" has no alt text (describe it for readers who cannot see it)`}},
		{"decorative raw image", `<img src="pic.png" alt="">`, `figure img<pic.png alt=""> caption=`, nil},
		{"script block removed", "<script>alert(1)</script>\n\nنص", `p "نص"`,
			[]string{"a.md:1: warning: raw HTML <script> removed: not allowed in the book"}},
		{"inline script removed with its content", "قبل <script>x()</script> بعد", `p "قبل بعد"`,
			[]string{"a.md:1: warning: raw HTML <script> removed: not allowed in the book"}},
		{"event handler and script link", `<a href="javascript:x" onclick="y">رابط</a>`, `p link<>("رابط")`,
			[]string{"a.md:1: warning: raw HTML: event handler onclick on <a> removed",
				`a.md:1: warning: raw HTML: link to "javascript:x" removed: scripts are not allowed in the book`}},
		{"inline spans keep language and direction", `نص <span dir="ltr" lang="en">C++</span> و<bdi>X</bdi> و<abbr title="Portable Document Format">PDF</abbr>`,
			`p "نص " span lang=en dir=ltr("C++") " و" span dir=auto("X") " و" abbr title=Portable Document Format(span dir=ltr("PDF"))`, nil},
		{"raw tags close at the end of their Markdown container", `*مائل <b>عريض* بعد`, `p em("مائل " strong("عريض")) " بعد"`, nil},
		{"q gets the language's marks", `قال <q>مرحبا</q>`, `p "قال " span("«مرحبا»")`, nil},
		{"links do not nest", `[خارج <a href="b.md">داخل</a>](a.md)`, `p link<a.md>("خارج داخل")`, nil},
		{"unknown elements unwrap", `<font color="red">أحمر</font> <center>وسط</center>`, `p "أحمر وسط"`, nil},
		{"raw table", "<table><tr><th>أ</th><th colspan=2>ب</th></tr><tr><td>1</td><td><p>2</p><p>3</p></td></tr></table>",
			"table cols=[0 0]\n  head | \"أ\" | \"ب\"\n  row | \"1\" | \"2 3\"",
			[]string{"a.md:1: warning: raw HTML table: colspan and rowspan are not supported; each cell is set in one column"}},
		{"raw list", "<ol start=\"3\"><li>أ<li>ب</ol>", "list ordered=true start=3 tight=true\n  item task=0\n    p \"أ\"\n  item task=0\n    p \"ب\"", nil},
		{"definition list", "<dl><dt>مصطلح</dt><dd>تعريفه</dd></dl>", "dl\n  dt \"مصطلح\"\n  dd\n    p \"تعريفه\"", nil},
		{"figure with caption", `<figure><img src="b.png" alt="ب"><figcaption>تعليق</figcaption></figure>`,
			`figure img<b.png alt="ب"> caption="تعليق"`, nil},
		{"Markdown figure takes its title as caption", `![زخرفة](k.png "نجمة ثمانية")`, `figure img<k.png alt="زخرفة"> caption="نجمة ثمانية"`, nil},
		{"pre keeps its text", "<pre><code class=\"language-go\">a  &lt; b\n</code></pre>", `code(go) "a  < b"`, nil},
		{"fenced code is literal", "```go\ncode &amp; here\n\n\n```", `code(go) "code &amp; here"`, nil},
		{"task list", "* [ ] مفتوح\n* [x] منجز", "list ordered=false start=0 tight=true\n  item task=1\n    p \"مفتوح\"\n  item task=2\n    p \"منجز\"", nil},
		{"footnotes", "نص[^n] وآخر[^m]\n\n[^n]: الحاشية *الأولى*.\n[^m]: الثانية.",
			"p \"نص\" note1 \" وآخر\" note2\nnote 1 (1 refs)\n  p \"الحاشية \" em(\"الأولى\") \".\"\nnote 2 (1 refs)\n  p \"الثانية.\"", nil},
		{"heading levels never skip", "### أ\n\n##### ب\n\n## ج", "h2#a \"أ\"\nh3#b \"ب\"\nh2#j \"ج\"", nil},
		{"paragraph emptied by removed HTML disappears", "<iframe src=\"x\"></iframe>", "",
			[]string{"a.md:1: warning: raw HTML <iframe> removed: not allowed in the book"}},
		{"white space collapses across nodes", "أ  *ب*   ج", `p "أ " em("ب") " ج"`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := read(t, tc.src)
			if got := strings.TrimSpace(dump(r.Doc)); got != tc.want {
				t.Errorf("model:\n%s\nwant:\n%s", got, tc.want)
			}
			if got := diagStrings(r.Diagnostics); strings.Join(got, "\n") != strings.Join(tc.diags, "\n") {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.diags, "\n"))
			}
		})
	}
}

func TestTitleFromLeadingHeading(t *testing.T) {
	src := "# العنوان\n\nنص.\n"
	r := Read(Source{File: "a.md", Text: []byte(src), Line: 4, Lang: "ar"})
	if r.Title != "العنوان" || r.TitleLine != 4 || len(r.Doc.Blocks) != 1 {
		t.Errorf("title %q line %d, %d blocks", r.Title, r.TitleLine, len(r.Doc.Blocks))
	}
	// A front matter title that differs keeps the heading in the body.
	r = Read(Source{File: "a.md", Text: []byte(src), Line: 4, Lang: "ar", Title: "آخر"})
	if r.Title != "" || len(r.Doc.Blocks) != 2 {
		t.Errorf("title %q, %d blocks", r.Title, len(r.Doc.Blocks))
	}
}

func TestLinesPointAtTheSource(t *testing.T) {
	src := "فقرة أولى\n\n<div>\n\nثانية [رابط](x.md)\n\n</div>\n\n![صورة](a.png)\n"
	r := Read(Source{File: "a.md", Text: []byte(src), Line: 10, Lang: "ar"})
	d := dump(r.Doc)
	if r.Doc.Blocks[0].Position() != 10 || r.Doc.Blocks[1].Position() != 12 || r.Doc.Blocks[2].Position() != 18 {
		t.Errorf("lines %d %d %d\n%s", r.Doc.Blocks[0].Position(), r.Doc.Blocks[1].Position(), r.Doc.Blocks[2].Position(), d)
	}
}

func TestImageHook(t *testing.T) {
	var asked []string
	r := Read(Source{File: "a.md", Text: []byte("![أ](a.png) و<img src=\"b.png\" alt=\"ب\">\n"), Line: 1, Lang: "ar",
		Image: func(src string, line int, d diag.List) bool {
			asked = append(asked, src)
			if src == "b.png" {
				d.Warnf(diag.Image, line, "left out")
				return false
			}
			return true
		}})
	if strings.Join(asked, " ") != "a.png b.png" {
		t.Errorf("asked about %q", asked)
	}
	if got := strings.TrimSpace(dump(r.Doc)); got != `p img<a.png alt="أ"> " و"` {
		t.Errorf("model %s", got)
	}
	if got := diagStrings(r.Diagnostics); len(got) != 1 || got[0] != "a.md:1: warning: left out" {
		t.Errorf("diagnostics %q", got)
	}
}

// Result.Slugs holds slug.Make of the text of each heading whose ID was
// made from its text, and of no other: the loader takes a heading's ASCII
// alias from it.
func TestSlugsOfHeadingTexts(t *testing.T) {
	res := read(t, "# عنوان\n\n## قسم أول\n\n## Go 1.26 \"مع\" C++\n\n## مُعرَّف {#own}\n\n## قسم أول\n\nنص[^1]\n\n[^1]: حاشية\n")
	want := map[string]string{}
	for _, h := range []string{"قسم أول", "Go 1.26 «مع» C++"} {
		want[h] = slug.Make(h)
	}
	if !reflect.DeepEqual(res.Slugs, want) {
		t.Errorf("Slugs = %q, want %q", res.Slugs, want)
	}
	var ids []string
	doc.Inspect(res.Doc.Blocks, func(n any) bool {
		if h, ok := n.(*doc.Heading); ok {
			ids = append(ids, h.ID)
		}
		return true
	})
	if wantIDs := []string{slug.Make("قسم أول"), slug.Make("Go 1.26 «مع» C++"), "own", slug.Make("قسم أول") + "-2"}; !reflect.DeepEqual(ids, wantIDs) {
		t.Errorf("IDs = %q, want %q", ids, wantIDs)
	}
}
