package epub

import (
	"bytes"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/warraq/warraq/export/doc"
)

// scanPage must walk a page exactly as encoding/xml's decoder does, or
// give up and leave it to the decoder: for every page of the test book
// and the samples, for pages with what the scanner reads and what it does
// not, and for those pages cut and changed at random, a page the scanner
// reads gives the text the decoder gives, and the decoder reads it
// without an error.
func TestScanPageAsDecoder(t *testing.T) {
	fs := testOptions(t).Fonts
	own := ownLanguages(fs)
	var pages [][]byte
	for _, b := range [][]byte{writeBook(t, testBook(t), testOptions(t)), writeBook(t, loadBook(t, "../../samples"), testOptions(t))} {
		_, files := readZip(t, b)
		for _, name := range slices.Sorted(maps.Keys(files)) {
			if strings.HasSuffix(name, ".xhtml") {
				pages = append(pages, files[name])
			}
		}
	}
	readable := len(pages) + 6 // the books' pages and the first six below
	const head = `<?xml version="1.0" encoding="UTF-8"?>` + "\n<!DOCTYPE html>\n" + `<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="ar" xml:lang="ar"><body>`
	for _, body := range []string{
		`<p class="x">نص &amp; &lt;b&gt; &quot;q&quot; &apos;a&apos; &#39; &#x41; &#1575; &nbsp;&hellip; &copy;</p>`,
		`<p><img src="a.png" alt="صورة &amp; «نص»"/><em>مائل</em><strong>عريض <em>و</em></strong></p>`,
		`<h2 epub:type='title' class = "t">عنوان<code>x := 1</code></h2><pre><code>a  b</code></pre>`,
		`<ol><li class="part">جزء<ol><li>مقالة</li></ol></li></ol><span lang="ur">اردو</span><p lang="en">English</p>`,
		`<p>a ]] > b</p><p title="]]>">c</p><p>` + "\u00a0\u2003\u3000" + `x</p>`,
		`<p>tab	and
newline</p><br/><hr />`,
		// What the scanner leaves to the decoder.
		`<!-- a comment --><p>x</p>`,
		`<p><![CDATA[<b>]]></p>`,
		`<?xml-stylesheet href="a"?><p>x</p>`,
		`<p>a` + "\r\n" + `b</p>`,
		`<p>&unknown;</p>`,
		`<p>&#X41;</p>`,
		`<p>&#xD800;</p>`,
		`<p>&#1;</p>`,
		`<p>&#99999999;</p>`,
		`<p>a]]>b</p>`,
		`<p x=y>a</p>`,
		`<p x>a</p>`,
		`<p>a</q>`,
		`<a:b:c>x</a:b:c>`,
		`<p>` + "\x01" + `</p>`,
		`<p>` + "\xff" + `</p>`,
		`<كلمة>x</كلمة>`,
		`<p title="a<b">x</p>`,
		`<p>unclosed`,
		`</p>`,
	} {
		pages = append(pages, []byte(head+body+"</body></html>\n"))
	}
	rng := rand.New(rand.NewPCG(3, 4))
	cuts := []string{"<", ">", "&", ";", "/", "\"", "'", "=", " ", "<!--", "-->", "\r", "&amp;", "</p>", "<p>", ":", "&#", "x"}
	for range 1500 {
		p := pages[rng.IntN(len(pages))]
		if len(p) > 3000 {
			start := rng.IntN(len(p) - 3000)
			p = p[start : start+3000]
		}
		b := bytes.Clone(p)
		for range 1 + rng.IntN(3) {
			at := rng.IntN(len(b) + 1)
			switch rng.IntN(3) {
			case 0:
				b = append(b[:at:at], append([]byte(cuts[rng.IntN(len(cuts))]), b[at:]...)...)
			case 1:
				b = append(b[:at:at], b[min(len(b), at+1+rng.IntN(8)):]...)
			default:
				b = b[:at]
			}
		}
		pages = append(pages, b)
	}

	scanned := 0
	for i, p := range pages {
		got := newPageText()
		w := pageWalker{rd: textReader{pt: got}, italic: true, own: own}
		w.reset()
		if !scanPage(p, &w) {
			if i < readable {
				t.Errorf("page %d is left to the decoder:\n%s", i, p)
			}
			continue
		}
		w.rd.release()
		scanned++
		want := newPageText()
		d := pageWalker{rd: textReader{pt: want}, italic: true, own: own}
		if err := d.decode(p); err != nil {
			t.Errorf("page %d: scanned, but the decoder refuses it: %v\n%s", i, err, p)
			continue
		}
		d.rd.release()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("page %d: the scanner's text differs from the decoder's\n%s", i, p)
		}
	}
	if scanned < len(pages)/10 {
		t.Errorf("only %d of %d pages scanned", scanned, len(pages))
	}
	t.Logf("%d of %d pages scanned", scanned, len(pages))
}

// xmlChars finds, byte by byte, what decoding each character finds: bytes
// that are not UTF-8, surrogates written in it, C0 controls but tab,
// newline and carriage return, U+FFFE and U+FFFF.
func TestXMLChars(t *testing.T) {
	decoded := func(s string) bool {
		for i := 0; i < len(s); {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 || r < 0x20 && r != '\t' && r != '\n' && r != '\r' ||
				r > 0xD7FF && r < 0xE000 || r == 0xFFFE || r == 0xFFFF {
				return false
			}
			i += size
		}
		return true
	}
	pieces := []string{"ك", "a", "\t", "\n", "\r", "\x00", "\x1f", "\x7f", "\uFFFD", "\uFFFC", "\uFFFE", "\uFFFF",
		"𝔸", "\U0010FFFF", "\xff", "\xed\xa0\x80", "\xef", "\xbf", "\xbe", "\xf4\x90\x80\x80", "\ud7ff", "\ue000"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(5) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		if s := b.String(); xmlChars(s) != decoded(s) {
			t.Fatalf("xmlChars(%q) = %v", s, xmlChars(s))
		}
	}
}

// The scanner takes a page made by execute as valid UTF-8 of characters
// XML allows, and does not check its text again (entry.clean): execute
// must make such pages of whatever an article holds, and the scanner must
// still check what a character reference gives.
func TestExecutedPagesClean(t *testing.T) {
	b := testBook(t)
	p := newPackager(b, job{Fonts: testOptions(t).Fonts})
	p.claimNames()
	a := b.Articles[0]
	a.Title += "\x01\x1f\uFFFE\uFFFF\xff\xc0"
	a.Authors = append(a.Authors, "\x02\uFFFF")
	page, _, err := p.articlePage(a, func(*doc.Image) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if !xmlChars(string(page)) {
		t.Fatalf("execute made a page with characters XML does not allow: %q", page)
	}
	if !strings.Contains(string(page), "\uFFFD") {
		t.Errorf("the title's invalid UTF-8 is not on the page as U+FFFD")
	}
	for _, raw := range []string{"&#1;", "a&#xFFFE;", "&#x1F;b"} {
		if _, ok := unescape(raw, true); ok {
			t.Errorf("unescape(%q) of a clean page takes the character it refers to", raw)
		}
	}
	if _, ok := unescape("\x01", false); ok {
		t.Errorf("unescape of a page not known to be clean takes a control character")
	}
}
