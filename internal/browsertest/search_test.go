//go:build browser

package browsertest

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/warraq/warraq/export/search"
	"github.com/warraq/warraq/internal/testdir"
)

// A reader types «الذكاء»; the book writes it with a shadda in one
// article and stretched with tatweel in another, and not at all in a
// third. The search page lists the first two, with the word marked.
func TestArabicSearch(t *testing.T) {
	dir := testdir.Write(t, map[string]string{
		"book.yaml": "title: عن الآلات\n",
		"one.md":    "---\ntitle: مقالة الشدة\ndate: 2025-01-01\n---\n\nكتب الباحث عن الذّكاء الاصطناعي كتابًا.\n",
		"two.md":    "---\ntitle: مقالة التطويل\ndate: 2025-02-01\n---\n\nوفي العنوان: الذكـاء بين البشر والآلة.\n",
		"three.md":  "---\ntitle: مقالة ثالثة\ndate: 2025-03-01\n---\n\nنص لا علاقة له بالموضوع.\n",
	})
	site := buildSite(t, dir)
	base := serveDir(t, site)
	ctx := browser(t)
	c := listen(ctx)
	for _, q := range []string{"الذكاء", "ذكاء", "الذّكَاء"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/search.html?q="+url.QueryEscape(q)),
			chromedp.WaitVisible("#search-results ol")); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		titles := eval[[]string](ctx, t, `Array.from(document.querySelectorAll("#search-results .result-title")).map(e => e.textContent)`)
		if !slices.Equal(titles, []string{"مقالة الشدة", "مقالة التطويل"}) {
			t.Errorf("%s found %v, want the two articles that say it", q, titles)
		}
		marks := eval[[]string](ctx, t, `Array.from(document.querySelectorAll("#search-results mark")).map(e => e.textContent)`)
		if !slices.Equal(marks, []string{"الذّكاء", "الذكـاء"}) {
			t.Errorf("%s marked %v, want the words as the articles write them", q, marks)
		}
		href := eval[string](ctx, t, `document.querySelector("#search-results a").getAttribute("href")`)
		if href != "one.html" {
			t.Errorf("the first result leads to %s", href)
		}
	}
	// Typing in the field searches as one types.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/search.html"), chromedp.WaitVisible("#site-search-q"),
		chromedp.SendKeys("#site-search-q", "التطويل"), chromedp.WaitVisible("#search-results ol")); err != nil {
		t.Fatal(err)
	}
	if got := eval[string](ctx, t, `document.querySelector("#search-results .result-title").textContent`); got != "مقالة التطويل" {
		t.Errorf("typing found %q", got)
	}
	// Nothing found says so.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/search.html?q="+url.QueryEscape("غائبة")), chromedp.WaitVisible(".search-summary")); err != nil {
		t.Fatal(err)
	}
	if got := eval[string](ctx, t, `document.querySelector(".search-summary").textContent`); !strings.Contains(got, "غائبة") {
		t.Errorf("no-result message %q", got)
	}
	for _, e := range c.take() {
		t.Error(e)
	}
}

// The page's script folds, splits and searches exactly as export/search
// does: the index holds what Go folded, and the query is folded in the
// browser.
func TestScriptMatchesGo(t *testing.T) {
	site := buildSite(t, "../../samples")
	base := serveDir(t, site)
	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/search.html"), chromedp.WaitReady("body")); err != nil {
		t.Fatal(err)
	}
	cases := []string{
		"الذّكاء", "الذكـاء", "أإآٱ", "مؤمن شيئ", "مدرسة", "على", "کتاب فارسی", "می\u200cخواهم", "ہے ھم", "خانۀ",
		"٢٠٢٤ و۱۴۰۳", "שָׁלוֹם", "Café ÉCOLE", "ΟΔΟΣ", "İstanbul ǅ", "«الخطّ»، والكتاب: C++ و Go 1.26!",
		"\U0001D400 ﬁ ﷲ ﻻ", "ﺍﻟﻌﺮﺑﻴﺔ",
	}
	for _, s := range cases {
		js, _ := json.Marshal(s)
		if got := eval[string](ctx, t, "warraqSearch.fold("+string(js)+")"); got != search.Fold(s) {
			t.Errorf("fold(%q): script %q, Go %q", s, got, search.Fold(s))
		}
		if got := eval[[]string](ctx, t, "warraqSearch.words("+string(js)+")"); !slices.Equal(got, search.Words(s)) {
			t.Errorf("words(%q): script %q, Go %q", s, got, search.Words(s))
		}
	}
	data, err := os.ReadFile(filepath.Join(site, "search", "index.js"))
	if err != nil {
		t.Fatal(err)
	}
	var ix search.Index
	if err := json.Unmarshal([]byte(strings.TrimSuffix(strings.TrimPrefix(string(data), "window.warraqSearchIndex = "), ";\n")), &ix); err != nil {
		t.Fatal(err)
	}
	// Queries: whole words, stems, prefixes, several words, and every
	// hundredth term of the index.
	queries := []string{"الخط", "خط", "الورق", "ورق بغداد", "ابن مقلة", "كتا", "2024", "٢٠٢٤", "النسخ الخط", "epub"}
	for i := 0; i < len(ix.Terms); i += 100 {
		queries = append(queries, ix.Terms[i])
	}
	for _, q := range queries {
		var want []int
		for _, r := range ix.Search(q, 50) {
			want = append(want, r.Doc, r.Score)
		}
		js, _ := json.Marshal(q)
		got := eval[[]int](ctx, t, "warraqSearch.search(window.warraqSearchIndex, "+string(js)+", 50).flatMap(r => [r.doc, r.score])")
		if !slices.Equal(got, want) {
			t.Errorf("search(%q): script %v, Go %v", q, got, want)
		}
	}
}
