package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warraq/warraq/export"
	"github.com/warraq/warraq/internal/testdir"
)

// The templates init --templates copies out, used unchanged, give the very
// bytes the built-in ones give: a book starts from exactly what it had.
func TestInitTemplatesChangeNothing(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1735689600")
	dir := filepath.Join(t.TempDir(), "book")
	code, _, stderr := warraq(t, "init", "--templates", dir)
	if code != 0 || !strings.Contains(stderr, "templates to ") {
		t.Fatalf("init --templates: exit %d\n%s", code, stderr)
	}
	yaml, _ := os.ReadFile(filepath.Join(dir, "book.yaml"))
	if !regexp.MustCompile(`(?m)^templates: templates\b`).Match(yaml) {
		t.Fatalf("book.yaml does not use the templates:\n%s", yaml)
	}
	sums := func(out string) map[string]string {
		code, stdout, stderr := warraq(t, "build", dir, "--format", "epub,html", "--out", out, "--json", "-q")
		if code != 0 {
			t.Fatalf("build: exit %d\n%s", code, stderr)
		}
		var m export.Manifest
		json.Unmarshal([]byte(stdout), &m)
		s := map[string]string{}
		for _, o := range m.Outputs {
			s[o.Format] = o.SHA256
		}
		return s
	}
	with := sums(filepath.Join(t.TempDir(), "with"))
	os.WriteFile(filepath.Join(dir, "book.yaml"), bytes.Replace(yaml, []byte("\ntemplates: templates"), []byte("\n# templates: templates"), 1), 0o644)
	without := sums(filepath.Join(t.TempDir(), "without"))
	if with["epub"] == "" || with["epub"] != without["epub"] || with["html"] != without["html"] {
		t.Errorf("copied templates give other outputs: %v, built-in %v", with, without)
	}
	// In a collection that has its book.yaml, only the templates are
	// written, and never over existing ones.
	os.RemoveAll(filepath.Join(dir, "templates"))
	code, _, stderr = warraq(t, "init", "--templates", dir)
	if code != 0 || !strings.Contains(stderr, "add  templates: templates  to") {
		t.Errorf("init --templates in a collection: exit %d\n%s", code, stderr)
	}
	if code, _, stderr := warraq(t, "init", "--templates", dir); code != 1 || !strings.Contains(stderr, "nothing overwritten") {
		t.Errorf("init --templates over templates: exit %d\n%s", code, stderr)
	}
}

func TestBuildWebEdition(t *testing.T) {
	out := t.TempDir()
	code, _, stderr := warraq(t, "build", "../../samples", "--format", "html", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	site := filepath.Join(out, "dafatir-al-warraq")
	if !strings.Contains(stderr, "wrote "+site) {
		t.Errorf("stderr: %s", stderr)
	}
	for _, f := range []string{"index.html", "search.html", "paper-in-baghdad.html", "css/book.css", "search/index.js"} {
		if _, err := os.Stat(filepath.Join(site, f)); err != nil {
			t.Errorf("no %s: %v", f, err)
		}
	}
}

// syncBuffer is a buffer two goroutines may use.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serve answers on 127.0.0.1 and stops with exit 0 when interrupted.
func TestServeStartsAndStops(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "book")
	if code, _, stderr := warraq(t, "init", dir); code != 0 {
		t.Fatal(stderr)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var stderr syncBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"serve", dir, "--port", "0"}, &bytes.Buffer{}, &stderr) }()
	re := regexp.MustCompile(`at (http://127\.0\.0\.1:\d+/)`)
	var url string
	for end := time.Now().Add(30 * time.Second); url == "" && time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		if m := re.FindStringSubmatch(stderr.String()); m != nil {
			url = m[1]
		}
	}
	if url == "" {
		cancel()
		t.Fatalf("serve did not say where it listens:\n%s", stderr.String())
	}
	resp, err := http.Get(url + "first-article.html")
	if err != nil || resp.StatusCode != 200 {
		t.Errorf("the preview does not serve the article: %v %v", err, resp)
	} else {
		resp.Body.Close()
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 || !strings.Contains(stderr.String(), "stopped") {
			t.Errorf("exit %d\n%s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
}

func TestServeUsage(t *testing.T) {
	for _, args := range [][]string{{"serve", "--port", "70000"}, {"serve", "--host", "example.com"}, {"serve", "a", "b"}} {
		if code, _, stderr := warraq(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2\n%s", args, code, stderr)
		}
	}
	// The port is taken: a content error, said plainly.
	ln, err := (&net0{}).listen()
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	code, _, stderr := warraq(t, "serve", "../../samples", "--port", ln.port())
	if code != 1 || !strings.Contains(stderr, "address already in use") {
		t.Errorf("busy port: exit %d\n%s", code, stderr)
	}
}

// net0 holds a loopback port, to find it busy.
type net0 struct{ l net.Listener }

func (n *net0) listen() (*net0, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	n.l = l
	return n, err
}
func (n *net0) Close()       { n.l.Close() }
func (n *net0) port() string { return strconv.Itoa(n.l.Addr().(*net.TCPAddr).Port) }

// check reports a book's broken templates at their file and line, as a
// content error, with the template code in --json.
func TestCheckBrokenTemplates(t *testing.T) {
	dir := testdir.Write(t, map[string]string{
		"book.yaml":            "title: كتاب\ntemplates: look\n",
		"look/part.xhtml":      "<h1>\n{{.Part.Titel}}</h1>",
		"look/article.html":    "{{template \"head\" .}}\n{{if .Article}}\n<p>",
		"look/titlepage.xhtml": "{{template \"start\" .}}<body>\n\n{{range .Contents}}{{.Lable}}{{end}}</body>{{template \"end\" .}}",
		"a.md":                 "---\ntitle: الأولى\n---\n\nنص.\n",
	})
	code, stdout, stderr := warraq(t, "check", dir)
	out := stdout + stderr
	for _, want := range []string{
		"/look/article.html:3: template: unexpected EOF",
		"/look/part.xhtml:2: template: .Part.Titel: no field Titel here; did you mean Title?",
		"/look/titlepage.xhtml:3: template: .Lable: no field Lable here; did you mean Label?",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("check does not say\n%s\nit says\n%s", want, out)
		}
	}
	if code != exitContent {
		t.Errorf("check: exit %d, want %d", code, exitContent)
	}
	c, _ := jsonRun(t, "check", "check", dir)
	if len(c.Diagnostics) == 0 || c.Diagnostics[0].Code != "template" {
		t.Errorf("check --json: %+v", c.Diagnostics)
	}
}
