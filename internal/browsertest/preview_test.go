//go:build browser

package browsertest

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/warraq/warraq/internal/serve"
	"github.com/warraq/warraq/internal/testdir"
)

const previewArticle = "---\ntitle: مقالة المعاينة\ndate: 2025-01-01\n---\n\nالفقرة الأولى من المقالة.\n"

// The editor's loop: the preview loads; an edit to the article appears
// without reloading by hand; a broken front matter shows its file and line
// over the page; fixing it brings the page back; the PDF is offered.
func TestPreview(t *testing.T) {
	dir := testdir.Write(t, map[string]string{
		"book.yaml": "title: كتاب المعاينة\n",
		"one.md":    previewArticle,
		"two.md":    "---\ntitle: مقالة ثانية\ndate: 2025-02-01\n---\n\nنص آخر.\n",
	})
	sctx, stop := context.WithCancel(context.Background())
	urls := make(chan string, 1)
	served := make(chan error, 1)
	go func() {
		served <- serve.Run(sctx, serve.Options{Dir: dir, Addr: "127.0.0.1:0", Quiet: 50 * time.Millisecond},
			func(u string) { urls <- u })
	}()
	var base string
	select {
	case base = <-urls:
	case err := <-served:
		t.Fatalf("serve: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("the preview did not start")
	}
	ctx := browser(t)
	c := listen(ctx)
	write := func(body string) {
		if err := os.WriteFile(filepath.Join(dir, "one.md"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// waitText polls js until it is true; the page reloads meanwhile, so
	// an evaluation that finds no page counts as false.
	waitText := func(what, js string) {
		t.Helper()
		var last error
		for end := time.Now().Add(20 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
			ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
			if err == nil && ok {
				return
			}
			last = err
		}
		page, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
		t.Fatalf("waiting for %s (%v); the page says:\n%s", what, last, page)
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(base+"one.html"), chromedp.WaitVisible("#warraq-bar")); err != nil {
		t.Fatal(err)
	}
	if got := eval[string](ctx, t, `document.querySelector("h1").textContent`); got != "مقالة المعاينة" {
		t.Fatalf("the preview shows %q", got)
	}
	// A marker that a reload by the page itself would wipe; a hand reload
	// is what the test must not need.
	eval[bool](ctx, t, `(window.warraqMarker = true)`)

	write(previewArticle + "\nفقرة أضافها المحرر للتو.\n")
	waitText("the edit", `document.body.innerText.includes("فقرة أضافها المحرر للتو")`)
	if eval[bool](ctx, t, `window.warraqMarker === true`) {
		t.Error("the page changed without reloading: not the rebuilt page")
	}

	write("---\ntitle: [مقالة\n---\n\nنص.\n")
	waitText("the overlay", `!!document.getElementById("warraq-errors")`)
	overlay := eval[string](ctx, t, `document.getElementById("warraq-errors").innerText`)
	if !strings.Contains(overlay, "one.md:2:") || !strings.Contains(overlay, "malformed YAML") {
		t.Errorf("overlay %q, want one.md:2: malformed YAML", overlay)
	}

	write(previewArticle + "\nعاد النص سليمًا.\n")
	waitText("recovery", `!document.getElementById("warraq-errors") && document.body.innerText.includes("عاد النص سليمًا")`)

	waitText("the PDF", `(document.getElementById("warraq-pdf") || {}).tagName === "A"`)
	resp, err := http.Get(base + "_warraq/book.pdf")
	if err != nil {
		t.Fatal(err)
	}
	pdf, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Errorf("book.pdf: %d, %.20q", resp.StatusCode, pdf)
	}
	for _, e := range c.take() {
		if !strings.Contains(e, "_warraq/events") { // the stream is cut when the page reloads
			t.Error(e)
		}
	}

	// Ctrl-C: Run returns, and the address is free again.
	stop()
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("serve returned %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the preview did not stop")
	}
	if _, err := http.Get(base); err == nil {
		t.Error("the preview still answers after stopping")
	}
}
