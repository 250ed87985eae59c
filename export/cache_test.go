package export

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/internal/cache"
	"github.com/warraq/warraq/internal/corpus"
	"github.com/warraq/warraq/internal/testdir"
)

// cachedBuild builds dir's EPUB and PDF with the cache store (nil: none) and
// returns the files' bytes by format.
func cachedBuild(t testing.TB, dir string, store *cache.Store) map[string][]byte {
	t.Helper()
	return probedBuild(t, dir, store, nil)
}

// probedBuild is cachedBuild with a probe (collection.Options.Probe).
func probedBuild(t testing.TB, dir string, store *cache.Store, probe func(stage, item string)) map[string][]byte {
	t.Helper()
	out := t.TempDir()
	m, err := Build(context.Background(), dir, Options{OutDir: out, Cache: store,
		Selection: collection.Options{Epoch: time.Unix(1735689600, 0), Probe: probe}})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, o := range m.Outputs {
		data, err := os.ReadFile(o.Path)
		if err != nil {
			t.Fatal(err)
		}
		files[o.Format] = data
	}
	return files
}

// editArticle changes a word of one article and adds a paragraph to it, as
// an editor would.
func editArticle(t testing.TB, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(data), "ال", "ول", 1) + "\n\nفقرة أضافها المحرر في آخر المقالة، بعد أن قرأها مرة أخرى.\n"
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// The cache never changes what a build writes: a cold build with it, a warm
// one, one after an edit, and one whose entries are all damaged give the
// bytes of a build without it.
func TestCachedBuildsAreColdBuilds(t *testing.T) {
	if _, err := OpenCache(t.TempDir()); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := corpus.Generate(dir, 12, 7); err != nil {
		t.Fatal(err)
	}
	cdir := t.TempDir()
	store, err := cache.Open(cdir, 0)
	if err != nil {
		t.Fatal(err)
	}
	same := func(what string, got, want map[string][]byte) {
		t.Helper()
		for _, f := range []string{"epub", "pdf"} {
			if len(want[f]) == 0 || !bytes.Equal(got[f], want[f]) {
				t.Errorf("%s: the %s differs from a build without a cache (%d bytes, want %d)", what, f, len(got[f]), len(want[f]))
			}
		}
	}
	cold := cachedBuild(t, dir, nil)
	same("cold, filling the cache", cachedBuild(t, dir, store), cold)
	entries, _ := filepath.Glob(filepath.Join(cdir, "build", "*", "*"))
	// The store writes its entries on other goroutines; Build waits for
	// them: none is still being written, none comes after.
	if tmp, _ := filepath.Glob(filepath.Join(cdir, "build", "*", ".tmp-*")); len(tmp) > 0 {
		t.Fatalf("Build returned with entries being written: %v", tmp)
	}
	store.Flush()
	if after, _ := filepath.Glob(filepath.Join(cdir, "build", "*", "*")); len(after) != len(entries) {
		t.Fatalf("Build returned with %d cache entries written, %d once the store was flushed", len(entries), len(after))
	}
	// Four per article (48: its body as read, its layouts and its pages
	// in the PDF, its page in the EPUB), the EPUB's other pages and its
	// shaped chunks of words.
	if len(entries) <= 48 {
		t.Fatalf("%d cache entries, want more than 48: four per article, and the EPUB's other pages and chunks of words", len(entries))
	}
	// The bodies parsed (the others read from the cache).
	var parsed testdir.Parsed
	same("warm", probedBuild(t, dir, store, parsed.Probe), cold)
	if got := parsed.Take(); len(got) != 0 {
		t.Errorf("a warm build parsed %q", got)
	}

	editArticle(t, filepath.Join(dir, "maqala-0005.md"))
	edited := cachedBuild(t, dir, nil)
	if bytes.Equal(edited["pdf"], cold["pdf"]) {
		t.Fatal("the edit changed nothing")
	}
	same("after an edit", probedBuild(t, dir, store, parsed.Probe), edited)
	if got := parsed.Take(); !slices.Equal(got, []string{"maqala-0005.md"}) {
		t.Errorf("a build after an edit parsed %q, want the edited article alone", got)
	}

	// An edit that makes an early article pages longer: every page after
	// it moves (other folios, the articles' pages in the page cache found
	// again at other numbers).
	early := filepath.Join(dir, "maqala-0002.md")
	data, err := os.ReadFile(early)
	if err != nil {
		t.Fatal(err)
	}
	// Its words bring letters no other article has (ڤ, ڨ, ۋ, Ž): the
	// EPUB's font subsets must grow by their glyphs, and the rebuild,
	// which shapes only the chunks of words that changed, must find the
	// glyphs a cold build finds.
	para := "\n\nوزاد المحرر فقرة أخرى في الورق والحبر والمداد، وفيها اسم لاتيني نادر: Xylographica Quixote Žižka، " +
		"ومدن كتبها الرحالة بحروف لا يعرفها الخط القديم: ڤينيسيا وڨالمة وۋلادة. " +
		strings.Repeat("وكان الناسخ يعيد السطر إذا أخطأ فيه، ولا يترك في الصفحة أثرًا لخطئه. ", 10)
	if err := os.WriteFile(early, append(data, strings.Repeat(para, 5)...), 0o644); err != nil {
		t.Fatal(err)
	}
	longer := cachedBuild(t, dir, nil)
	if len(longer["pdf"]) <= len(edited["pdf"]) {
		t.Fatal("the longer article did not make the PDF longer")
	}
	if fontBytes(t, longer["epub"]) <= fontBytes(t, edited["epub"]) {
		t.Fatal("the new letters did not grow the EPUB's font subsets")
	}
	same("after an edit adding pages to an early article", cachedBuild(t, dir, store), longer)
	edited = longer

	for _, e := range entries {
		data, _ := os.ReadFile(e)
		os.WriteFile(e, data[:len(data)/2], 0o644)
	}
	same("with every entry damaged", cachedBuild(t, dir, store), edited)
	same("after repairing them", cachedBuild(t, dir, store), edited)

	// Entries whose checksums pass but whose payloads are cut: what a
	// format change without a new version would look like. Each format
	// finds it by itself (internal/cache/wire) and the step runs again.
	entries, _ = filepath.Glob(filepath.Join(cdir, "build", "*", "*"))
	for _, e := range entries {
		var key [32]byte
		if _, err := hex.Decode(key[:], []byte(filepath.Base(filepath.Dir(e))+filepath.Base(e))); err != nil {
			t.Fatalf("%s: not an entry's name", e)
		}
		if data, ok := store.Get(key); ok && len(data) > 1 {
			store.Put(key, data[:len(data)*2/3])
		}
	}
	store.Flush()
	parsed.Take() // none since: the builds between had no probe
	same("with every payload cut, its checksum passing", probedBuild(t, dir, store, parsed.Probe), edited)
	if got := parsed.Take(); len(got) != 12 {
		t.Errorf("with every payload cut, %d articles parsed, want all 12", len(got))
	}
	same("after rewriting them", probedBuild(t, dir, store, parsed.Probe), edited)
	if got := parsed.Take(); len(got) != 0 {
		t.Errorf("after rewriting the cut entries, %q parsed", got)
	}
}

// fontBytes is the size of the font files in an EPUB.
func fontBytes(t *testing.T, epub []byte) int64 {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(epub), int64(len(epub)))
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	for _, f := range zr.File {
		if strings.Contains(f.Name, "/fonts/") || strings.HasPrefix(f.Name, "fonts/") {
			n += int64(f.UncompressedSize64)
		}
	}
	if n == 0 {
		t.Fatal("the EPUB has no fonts")
	}
	return n
}

// The books whose PDFs draw what the generated corpus does not: Nastaliq,
// whose letters share /ActualText spans with the letter before them, and
// Latin inside Arabic in every position. Filling the cache and building
// from it give the bytes of a build without it.
func TestCachedLanguageBooksAreColdBuilds(t *testing.T) {
	for _, book := range []string{"ur", "mixed", "he"} {
		t.Run(book, func(t *testing.T) {
			dir := filepath.Join("..", "testdata", "books", book)
			store, err := cache.Open(t.TempDir(), 0)
			if err != nil {
				t.Fatal(err)
			}
			cold := cachedBuild(t, dir, nil)
			for _, what := range []string{"filling the cache", "from the cache"} {
				got := cachedBuild(t, dir, store)
				for _, f := range []string{"epub", "pdf"} {
					if len(cold[f]) == 0 || !bytes.Equal(got[f], cold[f]) {
						t.Errorf("%s, %s: the %s differs from a build without a cache", book, what, f)
					}
				}
			}
		})
	}
}
