package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/internal/cache"
	"github.com/warraq/warraq/internal/testdir"
)

const article = "---\ntitle: مقالة\ndate: 2025-01-01\n---\n\nنص المقالة.\n"

func newTest(t *testing.T) (*Server, string, *httptest.Server) {
	dir := testdir.Write(t, map[string]string{"book.yaml": "title: كتاب\n", "a.md": article})
	s := New(Options{Dir: dir})
	srv := httptest.NewServer(s.Handler(&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)}))
	t.Cleanup(srv.Close)
	return s, dir, srv
}

func get(t *testing.T, url string, host string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if host != "" {
		req.Host = host
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestBuildAndRecover(t *testing.T) {
	s, dir, srv := newTest(t)
	s.Build()
	code, page := get(t, srv.URL+"/a.html", "")
	if code != 200 || !strings.Contains(page, "نص المقالة.") {
		t.Fatalf("a.html: %d\n%s", code, page)
	}
	if !strings.Contains(page, `<script src="/_warraq/live.js" data-version="1"></script></body>`) {
		t.Error("the live script is not in the page, before </body>")
	}
	if st, _ := s.current(); st.Version != 1 || st.Errors != nil {
		t.Errorf("state %+v", st)
	}
	os.WriteFile(filepath.Join(dir, "a.md"), []byte("---\ntitle: [\n---\n\nنص.\n"), 0o644)
	s.Build()
	st, _ := s.current()
	if st.Version != 2 || len(st.Errors) != 1 || !strings.HasPrefix(st.Errors[0], "a.md:2: malformed YAML") {
		t.Errorf("state after a broken front matter: %+v", st)
	}
	// The last good site is still served, for the overlay to sit on.
	if code, page := get(t, srv.URL+"/a.html", ""); code != 200 || !strings.Contains(page, "نص المقالة.") {
		t.Errorf("the last good page is gone: %d", code)
	}
	os.WriteFile(filepath.Join(dir, "a.md"), []byte(article+"\nإضافة.\n"), 0o644)
	s.Build()
	if st, _ := s.current(); st.Version != 3 || st.Errors != nil {
		t.Errorf("state after the fix: %+v", st)
	}
	if _, page := get(t, srv.URL+"/a.html", ""); !strings.Contains(page, "إضافة.") {
		t.Error("the fixed page is not served")
	}
}

func TestOnlyLocalHosts(t *testing.T) {
	s, _, srv := newTest(t)
	s.Build()
	for host, want := range map[string]int{"": 200, "localhost:8000": 200, "[::1]:8000": 200, "evil.example:8000": 403, "192.168.1.5": 403} {
		if code, _ := get(t, srv.URL+"/", host); code != want {
			t.Errorf("Host %q: %d, want %d", host, code, want)
		}
	}
	// Listening on every interface (--host 0.0.0.0) answers any name.
	open := httptest.NewServer(s.Handler(&net.TCPAddr{IP: net.IPv4zero}))
	defer open.Close()
	if code, _ := get(t, open.URL+"/", "phone.local"); code != 200 {
		t.Errorf("--host 0.0.0.0 refused a name: %d", code)
	}
}

func TestEventsAndPDF(t *testing.T) {
	s, _, srv := newTest(t)
	if code, _ := get(t, srv.URL+"/_warraq/book.pdf", ""); code != http.StatusServiceUnavailable {
		t.Errorf("book.pdf before any build: %d", code)
	}
	if _, page := get(t, srv.URL+"/", ""); !strings.Contains(page, "Waiting for the first good build") {
		t.Error("no waiting page before the first build")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	go s.pdfLoop(ctx)
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/_warraq/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Errorf("events served as %s", ct)
	}
	events := make(chan state, 8)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if d, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				var st state
				json.Unmarshal([]byte(d), &st)
				events <- st
			}
		}
	}()
	next := func() state {
		select {
		case st := <-events:
			return st
		case <-ctx.Done():
			t.Fatal("no event")
		}
		return state{}
	}
	if st := next(); st.Version != 0 {
		t.Errorf("first event %+v", st)
	}
	s.Build()
	for st := next(); st.PDF != "ready"; st = next() {
		if st.Version != 1 || strings.HasPrefix(st.PDF, "failed") {
			t.Fatalf("event %+v", st)
		}
	}
	code, pdf := get(t, srv.URL+"/_warraq/book.pdf", "")
	if code != 200 || !strings.HasPrefix(pdf, "%PDF-") {
		t.Errorf("book.pdf: %d %.10q", code, pdf)
	}
}

func TestInject(t *testing.T) {
	if got := string(inject([]byte("<p>x</p></body></html>"), "<s>")); got != "<p>x</p><s></body></html>" {
		t.Errorf("inject = %s", got)
	}
	if got := string(inject([]byte("<p>x</p>"), "<s>")); got != "<p>x</p><s>" {
		t.Errorf("inject without body = %s", got)
	}
}

func TestWatcherSeesSourcesOnly(t *testing.T) {
	dir := testdir.Write(t, map[string]string{"a.md": article, "dist/old.epub": "x", ".git/HEAD": "x"})
	w, err := newWatcher(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	changed := func(do func()) bool {
		do()
		select {
		case <-w.events:
			return true
		case <-time.After(300 * time.Millisecond):
			return false
		}
	}
	if changed(func() { os.WriteFile(filepath.Join(dir, "dist", "new.epub"), []byte("x"), 0o644) }) {
		t.Error("a write to the output directory counts as a change")
	}
	if changed(func() { os.WriteFile(filepath.Join(dir, ".a.md.swp"), []byte("x"), 0o644) }) {
		t.Error("an editor's swap file counts as a change")
	}
	if !changed(func() { os.WriteFile(filepath.Join(dir, "a.md"), []byte(article+"x"), 0o644) }) {
		t.Error("an edited article goes unseen")
	}
	// A new directory is watched as it appears.
	if !changed(func() { os.Mkdir(filepath.Join(dir, "more"), 0o755) }) {
		t.Error("a new directory goes unseen")
	}
	time.Sleep(100 * time.Millisecond)
	if !changed(func() { os.WriteFile(filepath.Join(dir, "more", "b.md"), []byte(article), 0o644) }) {
		t.Error("an article in a new directory goes unseen")
	}
}

// With a cache, a rebuild after a save parses the article saved and reads
// the others as the build before read them.
func TestRebuildReadsTheSavedArticle(t *testing.T) {
	dir := testdir.Write(t, map[string]string{"book.yaml": "title: كتاب\n", "a.md": article,
		"b.md": strings.Replace(article, "مقالة", "ثانية", 1)})
	store, err := cache.Open(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	var parsed testdir.Parsed
	s := New(Options{Dir: dir, Cache: store, Selection: collection.Options{Probe: parsed.Probe}})
	s.Build()
	if got := parsed.Take(); !slices.Equal(got, []string{"a.md", "b.md"}) {
		t.Fatalf("the first build parsed %q", got)
	}
	os.WriteFile(filepath.Join(dir, "a.md"), []byte(article+"\nإضافة.\n"), 0o644)
	s.Build()
	if st, _ := s.current(); st.Errors != nil {
		t.Fatalf("state after the save: %+v", st)
	}
	if got := parsed.Take(); !slices.Equal(got, []string{"a.md"}) {
		t.Errorf("the rebuild after a save parsed %q, want the saved article alone", got)
	}
}
