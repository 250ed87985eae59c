//go:build browser

package browsertest

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/warraq/warraq/internal/testdir"
)

// The checks above pass only if they can fail: a page with a console
// error, a missing image and a block wider than a phone is caught by each.
func TestChecksCatchFaults(t *testing.T) {
	dir := testdir.Write(t, map[string]string{
		"bad.html": `<!DOCTYPE html><html lang="en"><head><link rel="icon" href="data:,"><title>x</title></head>` +
			`<body><div style="width:2000px">wide</div><img src="missing.png" alt="x"><script>console.error("canary")</script></body></html>`,
	})
	base := serveDir(t, dir)
	ctx := browser(t)
	c := listen(ctx)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(375, 800), chromedp.Navigate(base+"/bad.html"), chromedp.WaitReady("body")); err != nil {
		t.Fatal(err)
	}
	if !eval[bool](ctx, t, `document.documentElement.scrollWidth > document.documentElement.clientWidth + 1`) {
		t.Error("the overflow check misses a 2000 px block")
	}
	errs := c.take()
	if len(errs) < 2 {
		t.Errorf("the console check caught %v; want the console error and the failed load", errs)
	}
}
