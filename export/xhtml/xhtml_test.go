package xhtml

import (
	"bytes"
	"encoding/xml"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/locale"
	"github.com/warraq/warraq/export/markdown"
	"golang.org/x/text/unicode/bidi"
)

// read lowers Markdown into the model and does the loader's part the
// writer depends on: links to .md files lead to that article, web links
// out of the book, and every image has a 40x30 file.
func read(t testing.TB, src, lang string) *doc.Document {
	t.Helper()
	res := markdown.Read(markdown.Source{File: "a.md", Text: []byte(src), Line: 1, Lang: lang, Title: "مقالة"})
	doc.InspectDocument(res.Doc, func(n any) bool {
		switch x := n.(type) {
		case *doc.Link:
			d := strings.ToLower(x.Dest)
			switch {
			case strings.HasPrefix(d, "http:"), strings.HasPrefix(d, "https:"), strings.HasPrefix(d, "mailto:"):
				x.Target = doc.Target{URL: x.Dest}
			case strings.Contains(d, ".md"):
				art, frag, _ := strings.Cut(x.Dest, "#")
				x.Target = doc.Target{Article: art, Fragment: frag}
			}
		case *doc.Image:
			x.Asset = &doc.Asset{Path: x.Src, MediaType: "image/png", Width: 40, Height: 30}
		}
		return true
	})
	return res.Doc
}

// options are what a page in an Arabic book passes: links to article.html
// pages, images under img/, EPUB note semantics.
func options() Options {
	return Options{
		Lang: "ar", Dir: "rtl",
		Href: func(t doc.Target) string {
			h := strings.TrimSuffix(t.Article, ".md") + ".html"
			if t.Fragment != "" {
				h += "#" + t.Fragment
			}
			return h
		},
		Src:       func(img *doc.Image) string { return "img/" + img.Src },
		EPUBTypes: true,
	}
}

func TestBlocks(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"paragraph", "نص عربي.", "<p>نص عربي.</p>"},
		{"heading", "## عنوان {#unwan .wide}\n\n### فرع", `<h2 id="unwan" class="wide">عنوان</h2>` + "\n" + `<h3 id="fr">فرع</h3>`},
		{"code block", "```go\nif a < b {\n}\n```", "<pre dir=\"ltr\"><code class=\"language-go\">if a &lt; b {\n}</code></pre>"},
		{"code block without language", "    x := 1", `<pre dir="ltr"><code>x := 1</code></pre>`},
		{"quote", "> قول\n>\n> ثان", "<blockquote>\n<p>قول</p>\n<p>ثان</p>\n</blockquote>"},
		{"tight list", "- أ\n- ب\n  1. ج", "<ul>\n<li>أ</li>\n<li>ب\n<ol>\n<li>ج</li>\n</ol>\n</li>\n</ul>"},
		{"loose list", "- أ\n\n- ب", "<ul>\n<li><p>أ</p>\n</li>\n<li><p>ب</p>\n</li>\n</ul>"},
		{"ordered list from 3", "3) أ\n4) ب", "<ol start=\"3\">\n<li>أ</li>\n<li>ب</li>\n</ol>"},
		{"ordered list from 0", "0. أ", "<ol start=\"0\">\n<li>أ</li>\n</ol>"},
		{"task list", "- [x] تم\n- [ ] باق", "<ul>\n" +
			`<li class="task"><span class="task-box" role="img" aria-label="تم">☑</span> تم</li>` + "\n" +
			`<li class="task"><span class="task-box" role="img" aria-label="لم يتم">☐</span> باق</li>` + "\n</ul>"},
		{"table", "| أ | ب | ج |\n|:--|--:|:-:|\n| 1 | 2 |", "<table>\n<thead>\n" +
			`<tr><th scope="col" class="align-left">أ</th><th scope="col" class="align-right">ب</th><th scope="col" class="align-center">ج</th></tr>` +
			"\n</thead>\n<tbody>\n" +
			`<tr><td class="align-left">1</td><td class="align-right">2</td><td class="align-center"></td></tr>` +
			"\n</tbody>\n</table>"},
		{"raw table without header", "<table><tr><td>أ</td></tr></table>", "<table>\n<tbody>\n<tr><td>أ</td></tr>\n</tbody>\n</table>"},
		{"figure", `![نخلة في الواحة](palm.png "نخلة")`,
			`<figure class="image"><img src="img/palm.png" alt="نخلة في الواحة" width="40" height="30"/><figcaption>نخلة</figcaption></figure>`},
		{"figure without caption", `![نخلة](palm.png)`, `<figure class="image"><img src="img/palm.png" alt="نخلة" width="40" height="30"/></figure>`},
		{"rule", "أ\n\n---\n\nب", "<p>أ</p>\n<hr/>\n<p>ب</p>"},
		{"div", "<div lang=\"en\" dir=\"ltr\" class=\"note\">\n\nEnglish *text*.\n\n</div>",
			"<div lang=\"en\" xml:lang=\"en\" dir=\"ltr\" class=\"note\">\n<p>English <em>text</em>.</p>\n</div>"},
		{"definition list", "<dl><dt>حبر</dt><dd>مداد</dd><dd><p>أ</p><p>ب</p></dd><dt>قلم</dt></dl>",
			"<dl>\n<dt>حبر</dt>\n<dd>مداد</dd>\n<dd>\n<p>أ</p>\n<p>ب</p>\n</dd>\n<dt>قلم</dt>\n<dd></dd>\n</dl>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := Render(read(t, tc.src, "ar"), options())
			if got := strings.TrimSuffix(out.Body, "\n"); got != tc.want {
				t.Errorf("%q:\n got %s\nwant %s", tc.src, got, tc.want)
			}
			wellFormed(t, out)
		})
	}
}

func TestInlines(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"text escaped", `أ &lt; ب & "ج"`, `أ &lt; ب &amp; «ج»`},
		{"emphasis", "*م* و**ع** و~~ش~~", "<em>م</em> و<strong>ع</strong> و<del>ش</del>"},
		{"code", "ثم `a<b` هنا", `ثم <code dir="ltr">a&lt;b</code> هنا`},
		{"raw kinds", "<u>خط</u> و<kbd>Ctrl</kbd> و<sub>١</sub> و<sup>٢</sup> و<mark>م</mark> و<small>ص</small>",
			`<u>خط</u> و<kbd>Ctrl</kbd> و<sub>١</sub> و<sup>٢</sup> و<mark>م</mark> و<small>ص</small>`},
		{"abbr", `<abbr title="منظمة الصحة">م.ص</abbr> هنا`, `<abbr title="منظمة الصحة">م.ص</abbr> هنا`},
		{"span with language and direction", `قال <span lang="en" dir="ltr">hello</span> لنا`,
			`قال <span lang="en" xml:lang="en" dir="ltr">hello</span> لنا`},
		{"span with a class", `نص <span class="smallcaps">خاص</span>`, `نص <span class="smallcaps">خاص</span>`},
		{"plain span", `نص <span>عادي</span>`, `نص عادي`},
		{"bdi", `الاسم <bdi>Ali</bdi> هنا`, `الاسم <bdi>Ali</bdi> هنا`},
		{"auto direction on emphasis", `نص <em dir="auto">x</em> نص`, `نص <bdi><em>x</em></bdi> نص`},
		{"break", "سطر  \nسطر", "سطر<br/>سطر"},
		{"link out", `[موقع](<https://example.com/a b?x=1&y=ü> "عنوان") هنا`,
			`<a href="https://example.com/a%20b?x=1&amp;y=%C3%BC" title="عنوان">موقع</a> هنا`},
		{"link to an article", "[الثانية](second.md#qism) هنا", `<a href="second.html#qism">الثانية</a> هنا`},
		{"link nowhere", "[مكان](/etc/passwd) هنا", `مكان هنا`},
		{"image inline", "صورة ![نخلة](palm.png) هنا", `صورة <img src="img/palm.png" alt="نخلة" width="40" height="30"/> هنا`},
		{"image inside a link", "[![نخلة](palm.png)](https://example.com) هنا",
			`<a href="https://example.com"><img src="img/palm.png" alt="نخلة" width="40" height="30"/></a> هنا`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := Render(read(t, tc.src, "ar"), options())
			got := strings.TrimSuffix(out.Body, "\n")
			if want := "<p>" + tc.want + "</p>"; got != want {
				t.Errorf("%q:\n got %s\nwant %s", tc.src, got, want)
			}
			wellFormed(t, out)
		})
	}
}

func TestIsolation(t *testing.T) {
	for _, tc := range []struct{ src, lang, want string }{
		{"Linux هو نظام تشغيل.", "ar", `<p><span dir="ltr">Linux</span> هو نظام تشغيل.</p>`},
		{"أحب لغة Go 1.22.", "ar", `<p>أحب لغة <span dir="ltr" class="nowrap">Go 1.22</span>.</p>`},
		{"*Go* and Rust لغتان", "ar", `<p><span dir="ltr"><em>Go</em> and Rust</span> لغتان</p>`},
		{"في الوسط Go ثم عربي", "ar", `<p>في الوسط <span dir="ltr">Go</span> ثم عربي</p>`},
		{"All English here.", "ar", `<p dir="ltr">All English here.</p>`},
		{"كتاب is a book", "en", `<p><span dir="rtl">كتاب</span> is a book</p>`},
		{"- Linux هو", "ar", "<ul>\n<li><span dir=\"ltr\">Linux</span> هو</li>\n</ul>"},
		{"- Linux", "ar", "<ul>\n<li><span dir=\"ltr\">Linux</span></li>\n</ul>"},
		{"| Linux |\n|---|\n| عربي |", "ar", "<table>\n<thead>\n<tr><th scope=\"col\" dir=\"ltr\">Linux</th></tr>\n</thead>\n<tbody>\n<tr><td>عربي</td></tr>\n</tbody>\n</table>"},
		// Inside a left-to-right div, the edges are judged against ltr.
		{"<div dir=\"ltr\">\n\nLinux هو\n\n</div>", "ar", "<div dir=\"ltr\">\n<p>Linux <span dir=\"rtl\">هو</span></p>\n</div>"},
	} {
		o := options()
		o.Lang, o.Dir = tc.lang, ""
		out := Render(read(t, tc.src, tc.lang), o)
		if got := strings.TrimSuffix(out.Body, "\n"); got != tc.want {
			t.Errorf("%q:\n got %s\nwant %s", tc.src, got, tc.want)
		}
	}
}

func TestNotes(t *testing.T) {
	src := "أول[^a] وثان[^b] وأول ثانية[^a].\n\n[^a]: حاشية *أولى*.\n\n[^b]: فقرة.\n\n    ```\n    ودفتر.\n    ```\n"
	backlink := func(ref string) string {
		return `<a role="doc-backlink" class="backlink" href="#` + ref + `" title="العودة إلى النص" aria-label="العودة إلى النص">↩</a>`
	}
	for _, tc := range []struct {
		name        string
		o           func(*Options)
		body, notes string
	}{
		{"epub", func(*Options) {},
			`<p>أول<a epub:type="noteref" role="doc-noteref" class="noteref" id="fnref-1" href="#fn-1">1</a>` +
				` وثان<a epub:type="noteref" role="doc-noteref" class="noteref" id="fnref-2" href="#fn-2">2</a>` +
				` وأول ثانية<a epub:type="noteref" role="doc-noteref" class="noteref" id="fnref-1-2" href="#fn-1">1</a>.</p>`,
			`<aside epub:type="footnote" role="doc-footnote" class="footnote" id="fn-1">` + "\n" +
				`<p><span class="note-number">1</span> حاشية <em>أولى</em>. ` + backlink("fnref-1") + " " + backlink("fnref-1-2") + "</p>\n</aside>\n" +
				`<aside epub:type="footnote" role="doc-footnote" class="footnote" id="fn-2">` + "\n" +
				`<p><span class="note-number">2</span> فقرة.</p>` + "\n" +
				`<pre dir="ltr"><code>ودفتر.</code></pre>` + "\n" +
				`<p class="backlinks"> ` + backlink("fnref-2") + "</p>\n</aside>"},
		{"html, native digits", func(o *Options) {
			o.EPUBTypes = false
			o.Digits = func(n int) string { return locale.For("ar").Number(n, true) }
		},
			`<p>أول<a role="doc-noteref" class="noteref" id="fnref-1" href="#fn-1">١</a>` +
				` وثان<a role="doc-noteref" class="noteref" id="fnref-2" href="#fn-2">٢</a>` +
				` وأول ثانية<a role="doc-noteref" class="noteref" id="fnref-1-2" href="#fn-1">١</a>.</p>`,
			`<aside role="doc-footnote" class="footnote" id="fn-1">` + "\n" +
				`<p><span class="note-number">١</span> حاشية <em>أولى</em>. ` + backlink("fnref-1") + " " + backlink("fnref-1-2") + "</p>\n</aside>\n" +
				`<aside role="doc-footnote" class="footnote" id="fn-2">` + "\n" +
				`<p><span class="note-number">٢</span> فقرة.</p>` + "\n" +
				`<pre dir="ltr"><code>ودفتر.</code></pre>` + "\n" +
				`<p class="backlinks"> ` + backlink("fnref-2") + "</p>\n</aside>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := options()
			tc.o(&o)
			out := Render(read(t, src, "ar"), o)
			if got := strings.TrimSuffix(out.Body, "\n"); got != tc.body {
				t.Errorf("body:\n got %s\nwant %s", got, tc.body)
			}
			if got := strings.TrimSuffix(out.Notes, "\n"); got != tc.notes {
				t.Errorf("notes:\n got %s\nwant %s", got, tc.notes)
			}
			wellFormed(t, out)
		})
	}
}

func TestIDsAreUnique(t *testing.T) {
	// A heading's id comes first: the note that would take it gets another.
	out := Render(read(t, "## حاشية {#fn-1}\n\nنص[^1]\n\n[^1]: ح", "ar"), options())
	for _, want := range []string{`<h2 id="fn-1">`, `class="footnote" id="fn-1-2"`, `href="#fn-1-2"`} {
		if !strings.Contains(out.Body+out.Notes, want) {
			t.Errorf("no %s in:\n%s%s", want, out.Body, out.Notes)
		}
	}
	wellFormed(t, out)
}

func TestHooks(t *testing.T) {
	d := read(t, "[أ](b.md) ![ص](p.png)", "ar")
	// Without hooks: links into the book are text, images keep their path.
	out := Render(d, Options{Lang: "ar"})
	if want := `<p>أ <img src="p.png" alt="ص" width="40" height="30"/></p>` + "\n"; out.Body != want {
		t.Errorf("no hooks:\n got %s\nwant %s", out.Body, want)
	}
	// A hook that returns "" leaves the image out.
	o := options()
	o.Src = func(*doc.Image) string { return "" }
	if out := Render(d, o); strings.Contains(out.Body, "<img") || !strings.Contains(out.Body, `<a href="b.html">أ</a>`) {
		t.Errorf("image left out: got %s", out.Body)
	}
	if out := Render(nil, o); out.Body != "" || out.Notes != "" || out.Pages != nil {
		t.Errorf("nil document: %+v", out)
	}
}

func TestURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://example.com/a b":           "https://example.com/a%20b",
		"https://example.com/%41%4":         "https://example.com/%41%254",
		"https://ar.wikipedia.org/wiki/ورق": "https://ar.wikipedia.org/wiki/%D9%88%D8%B1%D9%82",
		`https://x.org/"<>[]`:               "https://x.org/%22%3C%3E%5B%5D",
		" mailto:a@b.org ":                  "mailto:a@b.org",
	} {
		if got := URL(in); got != want {
			t.Errorf("URL(%q) = %q, want %q", in, got, want)
		}
	}
}

// wellFormed parses the markup as the content of an XHTML body.
func wellFormed(t testing.TB, out Output) {
	t.Helper()
	page := `<body xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">` + out.Body + out.Notes + "</body>"
	if err := parse(page); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, page)
	}
}

func parse(page string) error {
	d := xml.NewDecoder(strings.NewReader(page))
	d.Strict = true
	ids := map[string]bool{}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if el, ok := tok.(xml.StartElement); ok {
			for _, a := range el.Attr {
				if a.Name.Local == "id" && a.Name.Space == "" {
					if ids[a.Value] {
						return &xml.SyntaxError{Msg: "duplicate id " + a.Value}
					}
					ids[a.Value] = true
				}
			}
		}
	}
}

// FuzzMarkdownXHTML: whatever the Markdown (raw HTML, entities, control
// characters, broken UTF-8), the markup is well-formed XML with unique ids,
// and no script survives.
func FuzzMarkdownXHTML(f *testing.F) {
	for _, s := range []string{
		"<div><p onclick=x>a<b>b</p></div>", "*a <b>b* c</b> [x](javascript:y) ![](z.png)",
		"&#0; &#xD800; &bogus; \x01\x7f \xff\xfe", "[^1]\n\n[^1]: <i>n", "| a |\n|---|\n| <td> |",
		"Latin **عربي** Latin", "<ul><li><ol><li>x</ul>", "<a href=x><a href=y>z</a></a>",
		"[a[^1]](https://x.org)\n\n[^1]: n", "<dl><dd>x</dd><dt>y</dt></dl>", "## fn-1\n\nx[^1]\n\n[^1]: y",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		for _, dir := range []string{"rtl", "ltr"} {
			o := options()
			o.Dir = dir
			out := Render(read(t, src, "ar"), o)
			page := `<body xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">` + out.Body + out.Notes + "</body>"
			if err := parse(page); err != nil {
				t.Fatalf("%v\nsource: %q\n%s", err, src, page)
			}
			low := bytes.ToLower([]byte(page))
			if bytes.Contains(low, []byte("<script")) || bytes.Contains(low, []byte(`href="javascript`)) || bytes.Contains(low, []byte(`src="javascript`)) {
				t.Fatalf("active content survived\nsource: %q\n%s", src, page)
			}
		}
	})
}

// xmlText, which Clean asks of the text, agrees with xmlChar on every
// character: controls, the characters next to U+FFFE and U+FFFF in their
// encodings, and letters of every length.
func TestXMLTextAsXMLChar(t *testing.T) {
	for _, r := range []rune{0, 1, 8, 9, 0xA, 0xB, 0xD, 0x1F, ' ', 0x7F, 0x80, 0x627, 0xD7FF, 0xE000, 0xFEFF, 0xFFBF, 0xFFBE, 0xFFFD, 0xFFFE, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF} {
		for _, s := range []string{string(r), "ا" + string(r) + "b", string(r) + "\uFFFD"} {
			want := true
			for _, c := range s {
				want = want && xmlChar(c)
			}
			if got := xmlText(s, utf8.DecodeRuneInString); got != want {
				t.Errorf("xmlText(%q) = %v, want %v", s, got, want)
			}
		}
	}
}

// classify answers from a table below U+0800 as the Unicode bidi tables
// answer everywhere.
func TestClassifyTable(t *testing.T) {
	for r := rune(0); r < lowRunes+0x100; r++ {
		for _, rtl := range []bool{false, true} {
			want := neutral
			p, _ := bidi.LookupRune(r)
			switch c := p.Class(); {
			case c == bidi.L && rtl, (c == bidi.R || c == bidi.AL) && !rtl:
				want = opposite
			case c == bidi.L, c == bidi.R, c == bidi.AL:
				want = same
			case c == bidi.EN, c == bidi.AN:
				want = number
			}
			if got := classify(r, rtl); got != want {
				t.Fatalf("classify(%U, %v) = %d, want %d", r, rtl, got, want)
			}
		}
	}
}

// strong and chars decode the characters of one and two bytes themselves;
// they must find what ranging over the text and classify find, bytes that
// are not UTF-8 included.
func TestCharsAsDecoded(t *testing.T) {
	pieces := []string{"ك", "a", " ", "1", "١", "۱", "\u064e", "א", "ß", "—", "𝔸", "\u200f", "\xff", "\xd8", "\xc0\x80", "\xe2\x80", "«", "€"}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 5000 {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		for _, rtl := range []bool{false, true} {
			in := &inline{toks: []token{{kind: tText, s: s}}}
			var want []charInfo
			wantSame, wantOpp := false, false
			for off, r := range s {
				c := classify(r, rtl)
				want = append(want, charInfo{off: int32(off), size: uint8(utf8.RuneLen(r)), class: c})
				wantSame = wantSame || c == same
				wantOpp = wantOpp || c == opposite
			}
			if got := in.chars(rtl); !slices.Equal(got, want) {
				t.Fatalf("chars(%q, %v) = %v, want %v", s, rtl, got, want)
			}
			if gotSame, gotOpp := in.strong(rtl); gotSame != wantSame || gotOpp != wantOpp {
				t.Fatalf("strong(%q, %v) = %v, %v; want %v, %v", s, rtl, gotSame, gotOpp, wantSame, wantOpp)
			}
		}
	}
}
