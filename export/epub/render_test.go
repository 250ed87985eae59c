package epub

import (
	"strings"
	"testing"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/markdown"
)

// renderArticle reads Markdown src as the only article of a hand-made book
// and returns its XHTML page and what reading it reported. Links are not
// resolved (that takes a collection: see TestLinksAndImages) and images
// have no file, so both are left as text or out.
func renderArticle(t testing.TB, src, lang, dir string) (string, []diag.Diagnostic) {
	t.Helper()
	res := markdown.Read(markdown.Source{File: "a.md", Text: []byte(src), Line: 1, Lang: lang, Title: "مقالة"})
	b := &collection.Book{Meta: collection.Meta{Title: "كتاب", Language: "ar", Direction: "rtl"}}
	a := &collection.Article{Path: "a.md", Title: "مقالة", Lang: lang, Dir: dir, Slug: "a"}
	a.SetModel(res.Doc)
	part := &collection.Part{Articles: []*collection.Article{a}}
	a.Part = part
	b.Parts, b.Articles = []*collection.Part{part}, []*collection.Article{a}
	p := newPackager(b, job{})
	p.docs[a] = "text/a.xhtml"
	data, err := p.article(a, "text/a.xhtml")
	if err != nil {
		t.Fatal(err)
	}
	return string(data), res.Diagnostics
}

// body returns the article's content after its header.
func body(doc string) string {
	_, after, _ := strings.Cut(doc, "</header>\n")
	before, _, _ := strings.Cut(after, "</section>\n</body>")
	return strings.TrimSpace(before)
}

func TestBidiIsolation(t *testing.T) {
	for _, tc := range []struct {
		src, lang, dir, want string
	}{
		{"Linux هو نظام تشغيل.", "ar", "rtl", `<p><span dir="ltr">Linux</span> هو نظام تشغيل.</p>`},
		{"أحب لغة Go 1.22.", "ar", "rtl", `<p>أحب لغة <span dir="ltr" class="nowrap">Go 1.22</span>.</p>`},
		{"قال: Hello, world!", "ar", "rtl", `<p>قال: <span dir="ltr">Hello, world</span>!</p>`},
		{"Linux وكذلك BSD", "ar", "rtl", `<p><span dir="ltr">Linux</span> وكذلك <span dir="ltr">BSD</span></p>`},
		{"**Linux هو** نظام", "ar", "rtl", `<p><strong><span dir="ltr">Linux</span> هو</strong> نظام</p>`},
		{"*Go* and Rust لغتان", "ar", "rtl", `<p><span dir="ltr"><em>Go</em> and Rust</span> لغتان</p>`},
		{"في الوسط Go ثم عربي", "ar", "rtl", `<p>في الوسط <span dir="ltr">Go</span> ثم عربي</p>`},
		{"نص عربي فقط.", "ar", "rtl", `<p>نص عربي فقط.</p>`},
		{"All English here.", "ar", "rtl", `<p dir="ltr">All English here.</p>`},
		{"`fmt.Println` تطبع سطرًا", "ar", "rtl", `<p><code dir="ltr">fmt.Println</code> تطبع سطرًا</p>`},
		{"كتاب is a book", "en", "ltr", `<p><span dir="rtl">كتاب</span> is a book</p>`},
		{"## Go في العمل", "ar", "rtl", `<h2 id="go-fy-alml"><span dir="ltr">Go</span> في العمل</h2>`},
		{`<div dir="ltr">

Linux هو

</div>`, "ar", "rtl", "<div dir=\"ltr\">\n<p>Linux <span dir=\"rtl\">هو</span></p>\n</div>"},
	} {
		doc, _ := renderArticle(t, tc.src, tc.lang, tc.dir)
		if got := body(doc); got != tc.want {
			t.Errorf("%q:\n got %s\nwant %s", tc.src, got, tc.want)
		}
		if _, err := decodeXML([]byte(doc)); err != nil {
			t.Errorf("%q: not well-formed: %v", tc.src, err)
		}
	}
}

func TestMarkdownElements(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"*م* **ع** ~~ش~~", `<p><em>م</em> <strong>ع</strong> <del>ش</del></p>`},
		{"a  \nb", "<p dir=\"ltr\">a<br/>b</p>"},
		{"1. أ\n2. ب", "<ol>\n<li>أ</li>\n<li>ب</li>\n</ol>"},
		{"3. أ", "<ol start=\"3\">\n<li>أ</li>\n</ol>"},
		{"- [x] تم", "<ul>\n<li class=\"task\"><span class=\"task-box\" role=\"img\" aria-label=\"تم\">☑</span> تم</li>\n</ul>"},
		{"> قول", "<blockquote>\n<p>قول</p>\n</blockquote>"},
		{"| أ | ب |\n|:--|:-:|\n| ج | د |", "<table>\n<thead>\n<tr><th scope=\"col\" class=\"align-left\">أ</th><th scope=\"col\" class=\"align-center\">ب</th></tr>\n</thead>\n<tbody>\n<tr><td class=\"align-left\">ج</td><td class=\"align-center\">د</td></tr>\n</tbody>\n</table>"},
		{"```\n<a & b>\n```", "<pre dir=\"ltr\"><code>&lt;a &amp; b&gt;</code></pre>"},
		{"***", "<hr/>"},
		{`نص \*ليس تأكيدًا\* و&amp; و&#1575;`, `<p>نص *ليس تأكيدًا* و&amp; وا</p>`},
		{"[مفقود](nowhere.md)", `<p>مفقود</p>`},
		{"![صورة](missing.png)", ``},
		{"\"اقتباس\"", `<p>«اقتباس»</p>`},
		{"نص&#0;فيه&#x1;تحكم", "<p>نص\uFFFDفيهتحكم</p>"},
		{"## أ {#same}\n\n## ب {#same}", "<h2 id=\"same\">أ</h2>\n<h2 id=\"same-2\">ب</h2>"},
		{"# أ\n\n#### ب\n\n## ج\n\n<h5>د</h5>", "<h2 id=\"a\">أ</h2>\n<h3 id=\"b\">ب</h3>\n<h2 id=\"j\">ج</h2>\n<h3 id=\"d\">د</h3>"},
	} {
		doc, _ := renderArticle(t, tc.src, "ar", "rtl")
		if got := body(doc); got != tc.want {
			t.Errorf("%q:\n got %q\nwant %q", tc.src, got, tc.want)
		}
		if _, err := decodeXML([]byte(doc)); err != nil {
			t.Errorf("%q: not well-formed: %v", tc.src, err)
		}
	}
}

// TestRawHTMLSanitised follows raw HTML from the Markdown to the page: what
// reading it reports (export/markdown lowers it) and what the EPUB shows.
func TestRawHTMLSanitised(t *testing.T) {
	for _, tc := range []struct {
		src, want string
		warns     []string
	}{
		{"<script>alert(1)</script>", ``, []string{"raw HTML <script> removed"}},
		{`<p onclick="x()">نص</p>`, `<p>نص</p>`, []string{"event handler onclick on <p> removed"}},
		{`<a href="javascript:alert(1)">نص</a>`, `<p>نص</p>`, []string{`link to "javascript:alert(1)" removed`}},
		{`<a href=" JaVa	Script:alert(1)">نص</a>`, `<p>نص</p>`, []string{"removed: scripts are not allowed"}},
		{`<img src="x.png" onerror="alert(1)">`, ``, []string{"event handler onerror on <img> removed"}},
		{`<div><li>بند</li></div>`, `<div><p>بند</p></div>`, nil},
		{`<ul><p>فقرة</p></ul>`, `<ul><li><p>فقرة</p></li></ul>`, nil},
		{`<p><span><div>كتلة</div></span></p>`, `<div><p>كتلة</p></div>`, nil},
		{`<h3><div>كتلة</div></h3>`, `<h2 id="ktla">كتلة</h2>`, nil},
		{`<p style="direction: ltr" lang="en" dir="ltr">x</p>`, `<div lang="en" xml:lang="en" dir="ltr"><p>x</p></div>`, nil},
		{`<div dir="ltr" class="code sample">x</div>`, `<div dir="ltr" class="code sample"><p>x</p></div>`, nil},
		{`<iframe src="https://example.com"></iframe>`, ``, []string{"raw HTML <iframe> removed"}},
		{`<svg><script>alert(1)</script></svg>`, ``, []string{"raw HTML <svg> removed"}},
		{`<object data="x"></object><embed src="y">`, ``, []string{"raw HTML <object> removed", "raw HTML <embed> removed"}},
		{`<style>p{direction:ltr}</style>`, ``, []string{"raw HTML <style> removed"}},
		{"<!-- تعليق -->", ``, nil},
		{`<p id="x">أ</p><p id="x">ب</p>`, `<p>أ</p><p>ب</p>`, nil},
		{`<center><font color="red">قديم</font></center>`, `<div><p>قديم</p></div>`, nil},
		{`<table><tr><td colspan="2" onclick="x">خ</td></tr></table>`, `<table><tbody><tr><td>خ</td></tr></tbody></table>`, []string{"onclick", "colspan and rowspan are not supported"}},
		{"نص <b>عريض", `<p>نص <strong>عريض</strong></p>`, nil},
		{"نص </i> بلا بداية", `<p>نص بلا بداية</p>`, nil},
		{"*مائل <b>عريض* بعد</b>", `<p><em>مائل <strong>عريض</strong></em> بعد</p>`, nil},
		{"نص <script>alert(1)</script> بعد", `<p>نص بعد</p>`, []string{"raw HTML <script> removed"}},
		{"نص <span onmouseover=\"x\">وسم</span>", `<p>نص وسم</p>`, []string{"onmouseover"}},
		{"نص <span lang=\"en\" dir=\"ltr\">word</span> و<bdi>كلمة</bdi>", `<p>نص <span lang="en" xml:lang="en" dir="ltr">word</span> و<bdi>كلمة</bdi></p>`, nil},
		{"<abbr title=\"هيئة\">هـ</abbr> و<kbd>Ctrl</kbd> و<mark>م</mark> وH<sub>2</sub>O", `<p><abbr title="هيئة">هـ</abbr> و<kbd>Ctrl</kbd> و<mark>م</mark> و<span dir="ltr">H<sub>2</sub>O</span></p>`, nil},
		{"<dl><dt>مصطلح</dt><dd>تعريفه</dd></dl>", `<dl><dt>مصطلح</dt><dd>تعريفه</dd></dl>`, nil},
		{"<figure><img src=\"x.png\" alt=\"ص\"><figcaption>تعليق</figcaption></figure>", ``, nil},
		{"نص <div>كتلة</div> داخل فقرة", `<p>نص كتلة داخل فقرة</p>`, nil},
		{"<bdo>معكوس</bdo> و<time datetime=\"أمس\">أمس</time> و<time datetime=\"2025-01-02\">يوم</time>", `<p>معكوس وأمس ويوم</p>`, nil},
		{`<table><tr><td colspan="0">ا</td><td rowspan="007">ب</td><td colspan="5000">ج</td></tr></table>`, `<table><tbody><tr><td>ا</td><td>ب</td><td>ج</td></tr></tbody></table>`, []string{"colspan and rowspan are not supported"}},
	} {
		doc, warns := renderArticle(t, tc.src, "ar", "rtl")
		got := strings.ReplaceAll(body(doc), "\n", "")
		if got != tc.want {
			t.Errorf("%q:\n got %s\nwant %s", tc.src, got, tc.want)
		}
		if _, err := decodeXML([]byte(doc)); err != nil {
			t.Errorf("%q: not well-formed: %v", tc.src, err)
		}
		for _, bad := range []string{"<script", "alert", "onclick", "onerror", "javascript", "style=", "<iframe", "<svg", "<object", "<embed"} {
			if strings.Contains(strings.ToLower(body(doc)), bad) {
				t.Errorf("%q: output keeps %q", tc.src, bad)
			}
		}
		var msgs []string
		for _, w := range warns {
			msgs = append(msgs, w.String())
			if w.File != "a.md" || w.Line != 1 {
				t.Errorf("%q: warning at %s:%d, want a.md:1", tc.src, w.File, w.Line)
			}
		}
		all := strings.Join(msgs, "\n")
		for _, w := range tc.warns {
			if !strings.Contains(all, w) {
				t.Errorf("%q: no warning containing %q in:\n%s", tc.src, w, all)
			}
		}
		if len(tc.warns) == 0 && len(warns) > 0 {
			t.Errorf("%q: unexpected warnings:\n%s", tc.src, all)
		}
	}
}
