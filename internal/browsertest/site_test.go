//go:build browser

package browsertest

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/warraq/warraq/export"
	"github.com/warraq/warraq/export/collection"
)

// buildSite writes the web edition of the collection in dir and returns the
// site's directory.
func buildSite(t *testing.T, dir string) string {
	t.Helper()
	m, err := export.Build(context.Background(), dir, export.Options{Formats: []string{"html"}, OutDir: t.TempDir(), Selection: collection.Options{}})
	if err != nil {
		t.Fatalf("building %s: %v", dir, err)
	}
	return m.Outputs[0].Path
}

// The web edition's pages, in the samples and the books in other
// languages, open with no console error and no failed load, use the
// embedded fonts, and fit a phone's width without scrolling sideways.
func TestWebEditionPages(t *testing.T) {
	ctx := browser(t)
	c := listen(ctx)
	for _, book := range []string{"../../samples", "../../testdata/books/fa", "../../testdata/books/he", "../../testdata/books/en"} {
		site := buildSite(t, book)
		base := serveDir(t, site)
		pages, _ := filepath.Glob(filepath.Join(site, "*.html"))
		sort.Strings(pages)
		if len(pages) < 3 {
			t.Fatalf("%s: %d pages", book, len(pages))
		}
		for _, width := range []int64{375, 1200} {
			vp := chromedp.EmulateViewport(width, 800)
			if width < 600 {
				vp = chromedp.EmulateViewport(width, 800, chromedp.EmulateScale(2), chromedp.EmulateMobile)
			}
			if err := chromedp.Do(ctx, vp); err != nil {
				t.Fatal(err)
			}
			for _, p := range pages {
				name := filepath.Base(p)
				url := base + "/" + name
				if name == "search.html" {
					url += "?q=" + firstWord(t, p)
				}
				if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitReady("body")); err != nil {
					t.Fatalf("%s: %v", url, err)
				}
				eval[bool](ctx, t, `document.fonts.ready.then(() => true)`)
				if eval[bool](ctx, t, `document.documentElement.scrollWidth > document.documentElement.clientWidth + 1`) {
					t.Errorf("%s at %d px scrolls sideways (widest: %s)", url, width, eval[string](ctx, t, widest))
				}
				used := eval[[]string](ctx, t, `Array.from(document.fonts).filter(f => f.status === "loaded").map(f => f.family.replace(/"/g, ""))`)
				if !strings.Contains(strings.Join(used, ","), "Amiri") && !strings.Contains(strings.Join(used, ","), "Noto") {
					t.Errorf("%s: no embedded font loaded (%v)", url, used)
				}
				for _, e := range c.take() {
					t.Errorf("%s: %s", url, e)
				}
			}
		}
	}
}

// widest names the element that sticks out furthest, for the message.
const widest = `(() => { let w = document.documentElement.clientWidth, best = "", max = w;
  for (const e of document.querySelectorAll("body *")) { const r = e.getBoundingClientRect();
    const over = Math.max(r.right, w - r.left); if (over > max) { max = over; best = e.tagName + "." + e.className; } }
  return best + " " + Math.round(max) + "px"; })()`

// firstWord is a word of the book, to search for.
func firstWord(t *testing.T, searchPage string) string {
	data, err := os.ReadFile(filepath.Join(filepath.Dir(searchPage), "search", "index.js"))
	if err != nil {
		t.Fatal(err)
	}
	var ix struct {
		Terms []string `json:"terms"`
	}
	js := strings.TrimSuffix(strings.TrimPrefix(string(data), "window.warraqSearchIndex = "), ";\n")
	if err := json.Unmarshal([]byte(js), &ix); err != nil {
		t.Fatal(err)
	}
	return ix.Terms[len(ix.Terms)/2]
}
