// Package serve is `warraq serve`: a live preview of a book's web edition.
// It builds the book, serves the site from memory on a local address,
// watches the collection, and rebuilds when a file changes; the open page
// reloads itself (live.js, over an event stream), shows a failed build's
// problems over the page with their file and line, and recovers when they
// are fixed. The PDF is rebuilt in the background after each good build
// and offered from the page.
//
// Nothing is written to disk: the preview is not a build, and a half-typed
// article must not replace anyone's outputs.
package serve

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/warraq/warraq/export"
	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/html"
	"github.com/warraq/warraq/export/pdf"
	"github.com/warraq/warraq/export/render"
	"github.com/warraq/warraq/internal/cache"
)

//go:embed live.js
var liveJS []byte

// Options configure a preview.
type Options struct {
	Dir       string             // the collection
	Addr      string             // host:port to listen on; "127.0.0.1:0" picks a port
	Selection collection.Options // --tag, --drafts...
	// Show writes a diagnostic as the user reads it (paths relative to the
	// directory they named); nil uses its String.
	Show func(diag.Diagnostic) string
	// Log receives one line per rebuild and per problem; nil discards.
	Log io.Writer
	// Cache keeps per-article work between rebuilds (internal/cache); nil
	// keeps nothing.
	Cache *cache.Store
	// Quiet is how long the sources must stay unchanged before a rebuild:
	// an editor saving writes several times. Default 150 ms.
	Quiet time.Duration
}

// Server is a running preview.
type Server struct {
	o   Options
	log io.Writer

	mu      sync.Mutex
	version int               // counts builds, good or bad
	site    map[string][]byte // the last good site
	errors  []string          // the last build's problems; nil when it succeeded
	pdf     []byte            // the last good PDF
	pdfNote string            // "building", "ready", "failed: ..."
	changed chan struct{}     // closed and replaced at each change of state

	pdfRun chan *render.Input // the next PDF to make; holds one at most
	cache  html.Cache         // the cover, kept while it does not change
}

// New makes a server for o; Build and Serve run it.
func New(o Options) *Server {
	if o.Quiet <= 0 {
		o.Quiet = 150 * time.Millisecond
	}
	if o.Show == nil {
		o.Show = diag.Diagnostic.String
	}
	s := &Server{o: o, log: o.Log, changed: make(chan struct{}), pdfRun: make(chan *render.Input, 1), pdfNote: "waiting"}
	if s.log == nil {
		s.log = io.Discard
	}
	return s
}

// Run builds the book, listens on o.Addr, calls ready with the preview's
// URL, and serves until ctx is cancelled; then it stops accepting, ends the
// open event streams and returns nil.
func Run(ctx context.Context, o Options, ready func(url string)) error {
	s := New(o)
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return err
	}
	w, err := newWatcher(o.Dir, o.Selection.OutDir)
	if err != nil {
		ln.Close()
		return err
	}
	defer w.close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go s.pdfLoop(ctx)
	s.Build()
	srv := &http.Server{Handler: s.Handler(ln.Addr()), ReadHeaderTimeout: 10 * time.Second}
	srv.BaseContext = func(net.Listener) context.Context { return ctx }
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	if ready != nil {
		ready("http://" + ln.Addr().String() + "/")
	}
	for {
		select {
		case <-ctx.Done():
			shut, done := context.WithTimeout(context.Background(), 2*time.Second)
			defer done()
			srv.Shutdown(shut)
			return nil
		case err := <-served:
			return err
		case err := <-w.errors:
			fmt.Fprintln(s.log, "watching:", err)
		case <-w.events:
			s.settle(ctx, w)
			s.Build()
		}
	}
}

// settle waits until the sources have been quiet for o.Quiet.
func (s *Server) settle(ctx context.Context, w *watcher) {
	t := time.NewTimer(s.o.Quiet)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-w.events:
			t.Reset(s.o.Quiet)
		case <-t.C:
			return
		}
	}
}

// Build rebuilds the web edition now and tells the open pages; a good
// build queues the PDF.
func (s *Server) Build() {
	start := time.Now()
	site, in, problems := s.build()
	s.mu.Lock()
	s.version++
	s.errors = problems
	if problems == nil {
		s.site = site
		s.pdfNote = "building"
	}
	s.notify()
	s.mu.Unlock()
	if problems != nil {
		fmt.Fprintf(s.log, "build failed:\n  %s\n", strings.Join(problems, "\n  "))
		return
	}
	fmt.Fprintf(s.log, "rebuilt %d articles in %.2fs\n", len(in.Book.Articles), time.Since(start).Seconds())
	select { // replace a PDF not yet started: only the newest matters
	case <-s.pdfRun:
	default:
	}
	s.pdfRun <- in
}

// build makes the site; the input it was made from goes to the PDF, whose
// pages share its articles' digests.
func (s *Server) build() (map[string][]byte, *render.Input, []string) {
	sel := s.o.Selection
	sel.Cache = s.o.Cache // the articles as read, so a save reads the one article it changed
	p, err := export.Prepare(s.o.Dir, sel)
	if err != nil {
		return nil, nil, s.problems(err)
	}
	in := s.input(p)
	files, err := s.cache.Site(in, siteOptions(p))
	if err != nil {
		return nil, nil, s.problems(err)
	}
	site := make(map[string][]byte, len(files))
	for _, f := range files {
		site[f.Name] = f.Data
	}
	return site, in, nil
}

func siteOptions(p *export.Prepared) html.Options {
	if o, ok := p.Book.Formats["html"].(html.Options); ok {
		return o
	}
	return html.DefaultOptions()
}

func (s *Server) input(p *export.Prepared) *render.Input {
	return &render.Input{Book: p.Book, Fonts: p.Fonts, Engine: p.Engine, Cover: p.Cover, Templates: p.Templates, Cache: s.o.Cache,
		Digests: render.NewDigests(p.Book)} // each article's made once, for the EPUB's pages, the site's and the PDF's
}

// problems are a failed build's messages, as the user reads them.
func (s *Server) problems(err error) []string {
	var de *diag.Errors
	var d diag.Diagnostic
	var out []string
	switch {
	case errors.As(err, &de):
		for _, d := range *de {
			out = append(out, s.o.Show(d))
		}
	case errors.As(err, &d):
		out = append(out, s.o.Show(d))
	default:
		out = append(out, err.Error())
	}
	return out
}

// notify wakes every event stream; s.mu is held.
func (s *Server) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// pdfLoop makes the PDF of each good build, one at a time, newest first.
func (s *Server) pdfLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case in := <-s.pdfRun:
			var buf bytes.Buffer
			_, err := pdf.Renderer{}.Render(&buf, in, in.Book.Formats["pdf"])
			s.o.Cache.Trim()
			s.mu.Lock()
			if len(s.pdfRun) == 0 { // no newer build waiting: this one is current
				if err != nil {
					s.pdfNote = "failed: " + strings.Join(s.problems(err), "; ")
				} else {
					s.pdf, s.pdfNote = buf.Bytes(), "ready"
				}
				s.notify()
			}
			s.mu.Unlock()
			if err == nil {
				fmt.Fprintf(s.log, "PDF ready (%d KB)\n", buf.Len()>>10)
			}
		}
	}
}

// state is what the event stream tells a page.
type state struct {
	Version int      `json:"version"`
	Errors  []string `json:"errors"`
	PDF     string   `json:"pdf"`
}

func (s *Server) current() (state, chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return state{Version: s.version, Errors: s.errors, PDF: s.pdfNote}, s.changed
}

// Handler serves the preview. addr is the address listened on: when it is
// a loopback one, requests must name a loopback host, so a web page cannot
// reach the preview through a DNS name of its own (DNS rebinding).
func (s *Server) Handler(addr net.Addr) http.Handler {
	local := false
	if ta, ok := addr.(*net.TCPAddr); ok {
		local = ta.IP.IsLoopback()
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/_warraq/events", s.events)
	mux.HandleFunc("/_warraq/live.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Write(liveJS)
	})
	mux.HandleFunc("/_warraq/book.pdf", s.servePDF)
	mux.HandleFunc("/", s.page)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if local && !loopbackHost(r.Host) {
			http.Error(w, "warraq serve answers on localhost only", http.StatusForbidden)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		mux.ServeHTTP(w, r)
	})
}

func loopbackHost(h string) bool {
	if host, _, err := net.SplitHostPort(h); err == nil {
		h = host
	}
	h = strings.Trim(h, "[]")
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// events streams the state: once at once, then at every change.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	for {
		st, changed := s.current()
		data, _ := json.Marshal(st)
		if _, err := fmt.Fprintf(w, "event: state\ndata: %s\n\n", data); err != nil {
			return
		}
		fl.Flush()
		select {
		case <-changed:
		case <-r.Context().Done(): // the page went, or the server is stopping
			return
		}
	}
}

func (s *Server) servePDF(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	data, note := s.pdf, s.pdfNote
	s.mu.Unlock()
	if data == nil {
		http.Error(w, "the PDF is not ready: "+note, http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	http.ServeContent(w, r, "book.pdf", time.Time{}, bytes.NewReader(data))
}

// page serves a file of the site; pages get the live script, and before
// any build has succeeded every page is the list of problems.
func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
	if name == "" {
		name = "index.html"
	}
	s.mu.Lock()
	site, version := s.site, s.version
	s.mu.Unlock()
	if site == nil {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>warraq serve</title></head><body><main><h1>warraq serve</h1><p>Waiting for the first good build.</p></main>%s</body></html>\n", liveTag(version))
		return
	}
	data, ok := site[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ctype)
	if path.Ext(name) == ".html" {
		data = inject(data, liveTag(version))
	}
	w.Write(data)
}

func liveTag(version int) string {
	return `<script src="/_warraq/live.js" data-version="` + strconv.Itoa(version) + `"></script>`
}

// inject puts tag before the page's </body>.
func inject(page []byte, tag string) []byte {
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(append([]byte(nil), page...), tag...)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}
