package collection

import (
	"encoding/hex"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/markdown"
	"github.com/warraq/warraq/internal/cache"
	"github.com/warraq/warraq/internal/testdir"
)

// entries lists the keys of the entries in the store at dir.
func entries(t *testing.T, dir string) [][32]byte {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "build", "*", "*"))
	var keys [][32]byte
	for _, f := range files {
		var k [32]byte
		if _, err := hex.Decode(k[:], []byte(filepath.Base(filepath.Dir(f))+filepath.Base(f))); err != nil {
			t.Fatalf("%s: not an entry's name", f)
		}
		keys = append(keys, k)
	}
	return keys
}

// A collection whose bodies give the loader's every kind of outcome:
// warnings from lowering and from the image hook, in an order, images used
// twice and left out, a title taken from a heading, notes, links.
var bodyFiles = map[string]string{
	"book.yaml": "title: كتاب\ndate: 2025-01-01\n",
	"a.md": article("title: الأولى\ndate: 2025-01-02",
		"# عنوان آخر\n\nنص فيه حاشية[^1] وصورة ![ورقة](img/p.png) ورابط [إلى الثانية](b.md#قسم).\n\n"+
			"![](https://example.com/x.png)\n\n![ورقة ثانية](img/p.png \"عنوان الصورة\")\n\n"+
			"<script>alert(1)</script>\n\n| أ | ب |\n|:--|--:|\n| ١ | ٢ |\n\n[^1]: الحاشية، وفيها Go 1.26 و«اقتباس».\n"),
	"b.md": "---\ndate: 2025-01-03\n---\n# الثانية\n\n## قسم\n\nنص [رابط مكسور](nowhere.md).\n\n```verse\nصدر البيت ... عجز البيت\n```\n",
	"c.md": article("title: Third\ndate: 2025-01-04\nlang: en", "Text with عربي inside, and ![pic](../outside.png).\n"),
}

// Loading from the cache gives the book a load without it gives: every
// article's model, title, headings and images, and every diagnostic in
// its order. A warm load parses no body; an edited one parses that body
// alone; a damaged entry, or one whose images the hook now answers
// otherwise, is a miss.
func TestCachedBodiesAreReadBodies(t *testing.T) {
	files := map[string]string{"img/p.png": string(pngBytes(t, 4, 3))}
	for k, v := range bodyFiles {
		files[k] = v
	}
	files["c.md"] = article("title: Third\ndate: 2025-01-04\nlang: en", "Text with عربي inside, and ![pic](img/p.png).\n")
	dir := testdir.Write(t, files)
	cdir := t.TempDir()
	store, err := cache.Open(cdir, 0)
	if err != nil {
		t.Fatal(err)
	}
	var p testdir.Parsed
	cold, err := Load(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(cold.Diagnostics) < 3 || len(cold.Assets) != 1 {
		t.Fatalf("the collection gives %d diagnostics and %d images; the test wants warnings and an image", len(cold.Diagnostics), len(cold.Assets))
	}
	same := func(what string, want []string) {
		t.Helper()
		b, err := Load(dir, Options{Cache: store, Probe: p.Probe})
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		store.Flush()
		if got := p.Take(); !slices.Equal(got, want) {
			t.Errorf("%s: parsed %q, want %q", what, got, want)
		}
		if !reflect.DeepEqual(b, cold) {
			t.Errorf("%s: the book differs from one loaded without a cache", what)
			if !reflect.DeepEqual(b.Diagnostics, cold.Diagnostics) {
				t.Errorf("diagnostics\n%v\nwant\n%v", b.Diagnostics, cold.Diagnostics)
			}
		}
	}
	all := []string{"a.md", "b.md", "c.md"}
	same("filling the cache", all)
	if n := len(entries(t, cdir)); n != 4 {
		t.Fatalf("%d entries, want one per article and the image's (imagecache.go)", n)
	}
	same("from the cache", nil)

	// Entries whose checksum passes but whose payload is damaged.
	for _, k := range entries(t, cdir) {
		data, _ := store.Get(k)
		store.Put(k, data[:len(data)-1])
	}
	store.Flush()
	same("every entry cut", all)
	same("after rewriting them", nil)

	// An entry that says the hook kept an image it now leaves out: the
	// body is read again, and the article records its images once.
	images := 0
	for _, k := range entries(t, cdir) {
		data, _ := store.Get(k)
		res, facts, calls, ok := decodeBody(data)
		if !ok {
			if _, ok := (&loader{opt: Options{Cache: store}}).cachedImage(k, "img/p.png", []byte("file")); ok {
				images++
				continue
			}
			t.Fatal("an entry the loader wrote does not decode")
		}
		for i := range calls {
			calls[i].used = !calls[i].used
		}
		data, ok = encodeBody(res, facts, calls)
		if !ok {
			t.Fatal("a model read from the cache does not encode")
		}
		store.Put(k, data)
	}
	store.Flush()
	if images != 1 {
		t.Errorf("%d image entries, want 1", images)
	}
	same("the hook answering otherwise", []string{"a.md", "c.md"})
}

// An edited article is parsed again, the others are not; and a load that
// fails reports from the cache the errors it reports without it.
func TestCachedBodiesAfterAnEdit(t *testing.T) {
	dir := testdir.Write(t, bodyFiles)
	store, err := cache.Open(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	var p testdir.Parsed
	coldErrs := loadErr(t, dir, Options{})
	for _, what := range []string{"filling", "warm"} {
		if got := loadErr(t, dir, Options{Cache: store, Probe: p.Probe}); !slices.Equal(got, coldErrs) {
			t.Errorf("%s: errors\n%q\nwant\n%q", what, got, coldErrs)
		}
		store.Flush()
	}
	if got := p.Take(); !slices.Equal(got, []string{"a.md", "b.md", "c.md"}) {
		t.Errorf("parsed %q, want each article once", got)
	}
	files := map[string]string{"img/p.png": string(pngBytes(t, 4, 3))}
	for k, v := range bodyFiles {
		files[k] = v
	}
	files["c.md"] = article("title: Third\ndate: 2025-01-04\nlang: en", "Text with عربي inside.\n")
	dir = testdir.Write(t, files)
	cold, err := Load(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Load(dir, Options{Cache: store, Probe: p.Probe})
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Take(); !slices.Equal(got, []string{"c.md"}) {
		t.Errorf("after an edit, parsed %q, want the edited article alone", got)
	}
	if !reflect.DeepEqual(b, cold) {
		t.Error("after an edit, the book differs from one loaded without a cache")
	}
}

// A body entry keeps every field of a diagnostic, and the facts found in
// the body: a field added to diag.Diagnostic and not to the entry fails
// here rather than going missing from warm builds' warnings.
func TestBodyEntryKeepsEveryField(t *testing.T) {
	var d diag.Diagnostic
	v := reflect.ValueOf(&d).Elem()
	for i := range v.NumField() {
		switch f := v.Field(i); f.Kind() {
		case reflect.String:
			f.SetString("حقل " + v.Type().Field(i).Name)
		case reflect.Int:
			f.SetInt(int64(7 + i))
		default:
			t.Fatalf("diag.Diagnostic.%s is a %s: teach encodeBody and this test about it", v.Type().Field(i).Name, f.Kind())
		}
	}
	res := markdown.Result{Doc: &doc.Document{}, Title: "عنوان", TitleLine: 3, Diagnostics: []diag.Diagnostic{d}}
	facts := bodyFacts{words: 12, chars: []doc.CharUse{{R: 'ب', Line: 4}, {R: '\U0001F600', Line: 9}}, alt: []rune{'ج'}}
	calls := []imageCall{{src: "a.png", line: 5, used: true}}
	data, ok := encodeBody(res, facts, calls)
	if !ok {
		t.Fatal("the entry was not written")
	}
	gotRes, gotFacts, gotCalls, ok := decodeBody(data)
	if !ok || !reflect.DeepEqual(gotRes, res) || !reflect.DeepEqual(gotFacts, facts) || !reflect.DeepEqual(gotCalls, calls) {
		t.Errorf("the entry read back as\n%+v %+v %+v\nwant\n%+v %+v %+v", gotRes, gotFacts, gotCalls, res, facts, calls)
	}
}
