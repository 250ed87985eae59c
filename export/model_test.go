package export

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/internal/cache"
	"github.com/warraq/warraq/internal/testdir"
)

// An article holds its model encoded, and each format decodes its own
// copy (collection.Article.Model); a model that cannot be encoded (nested
// deeper than export/doc's limit: lowering never makes one, but SetModel
// takes any) is held as it is, and is built as one held encoded: the same
// bytes in every format, cold, filling a cache and from it. The model
// here is the loaded one with its first paragraph's text wrapped in 300
// spans that change nothing (no kind, language, direction or class),
// which every format writes as their content alone.
func TestUnencodableModelBuilds(t *testing.T) {
	dir := testdir.Write(t, map[string]string{
		"book.yaml": "title: كتاب صغير\nauthor: كاتب\n",
		"a.md": "---\ntitle: الأولى\ndate: 2025-01-01\n---\n\nنص المقالة الأولى فيه **عريض** وحاشية[^1]، وفيه رابط إلى [الثانية](b.md).\n\n" +
			"## قسم\n\n- عنصر أول\n- عنصر ثان\n\n> اقتباس قصير.\n\n[^1]: نص الحاشية.\n",
		"b.md": "---\ntitle: الثانية\ndate: 2025-02-01\n---\n\n## قسم\n\nنص المقالة الثانية.\n",
	})
	deepen := func(b *collection.Book) {
		a := b.Articles[0]
		d := a.Model()
		p := d.Blocks[0].(*doc.Paragraph)
		for range 300 {
			p.Content = []doc.Inline{&doc.Span{Content: p.Content}}
		}
		a.SetModel(d)
		if _, ok := a.ModelData(); ok || a.Model() != d {
			t.Fatal("the deepened model was encoded")
		}
	}
	build := func(store *cache.Store, loaded func(*collection.Book)) map[string][]byte {
		t.Helper()
		out := t.TempDir()
		_, err := Build(context.Background(), dir, Options{OutDir: out, Cache: store, Formats: []string{"epub", "pdf", "html"},
			Selection: collection.Options{Epoch: time.Unix(1735689600, 0)}, Loaded: loaded})
		if err != nil {
			t.Fatal(err)
		}
		files := map[string][]byte{}
		err = filepath.WalkDir(out, func(path string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			data, err := os.ReadFile(path)
			files[path[len(out):]] = data
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return files
	}
	same := func(what string, got, want map[string][]byte) {
		t.Helper()
		if len(got) != len(want) || len(want) < 5 {
			t.Errorf("%s: %d files, want %d", what, len(got), len(want))
		}
		for name, data := range want {
			if !bytes.Equal(got[name], data) {
				t.Errorf("%s: %s differs from the build of the model held encoded", what, name)
			}
		}
	}
	want := build(nil, nil)
	same("cold", build(nil, deepen), want)
	store, err := cache.Open(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	same("filling a cache", build(store, deepen), want)
	same("from the cache", build(store, deepen), want)
}
