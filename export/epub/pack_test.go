package epub

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/warraq/warraq/internal/cache"
)

// A page packed ahead (read for its text and deflated) must give the zip
// the bytes it would have had deflated by writeZip, and the packer the
// same text readPages finds in the whole pages. The pages here are more
// than one batch, have a name that needs the UTF-8 flag, an empty page and
// files that are not pages.
func TestPagePackerSameBytesAndText(t *testing.T) {
	fs := testOptions(t).Fonts
	var raw []entry
	words := []string{"كتاب", "<b>قلم</b>", "<code>x := 1</code>", "<em>ورق</em>", "<h2>باب</h2>", "<span lang=\"en\">paper</span>", "١٢٣"}
	for i := 0; i < 700; i++ {
		var b strings.Builder
		b.WriteString(`<html xmlns="http://www.w3.org/1999/xhtml" lang="ar"><body><p>`)
		for j := 0; j < 400+i%37; j++ {
			b.WriteString(words[(i*7+j)%len(words)] + fmt.Sprintf(" %c ", rune(0x0621+(i+j)%26)))
		}
		b.WriteString("</p></body></html>")
		raw = append(raw, entry{name: fmt.Sprintf("OEBPS/text/a-%d.xhtml", i), data: []byte(b.String())})
	}
	raw = append(raw,
		entry{name: "OEBPS/text/صفحة.xhtml", data: []byte(`<html xmlns="http://www.w3.org/1999/xhtml"><body><p>صفحة</p></body></html>`)},
		entry{name: "OEBPS/text/empty.xhtml", data: []byte(`<html xmlns="http://www.w3.org/1999/xhtml"></html>`)},
		entry{name: "OEBPS/css/book.css", data: []byte("p { margin: 0 }")},
		entry{name: "OEBPS/images/a.png", data: []byte("not deflated")})
	total := 0
	for _, e := range raw {
		total += len(e.data)
	}
	if total < packBatch+packBatch/4 {
		t.Fatalf("the pages are %d bytes, not more than a batch", total)
	}

	want, err := readPages(raw, true, fs)
	if err != nil {
		t.Fatal(err)
	}
	m := manifest{pages: newPagePacker(true, fs)}
	for _, e := range raw {
		m.files = append(m.files, entry{name: e.name, data: bytes.Clone(e.data)})
		m.pages.added(&m)
	}
	if m.files[0].packed == nil {
		t.Error("no page was packed before the last was added")
	}
	got, err := m.pages.pageText(&m)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the packer's text differs from readPages': %d against %d characters, %d against %d styles",
			len(got.runes), len(want.runes), len(got.styles), len(want.styles))
	}
	for i, e := range m.files {
		page := strings.HasSuffix(e.name, ".xhtml")
		if page != (e.packed != nil) || page != (e.data == nil) {
			t.Errorf("%s: packed %v, data kept %v", e.name, e.packed != nil, e.data != nil)
		}
		if !page && !bytes.Equal(e.data, raw[i].data) {
			t.Errorf("%s: changed", e.name)
		}
	}

	stamp := time.Date(2024, 5, 6, 7, 8, 10, 0, time.UTC)
	var a, b bytes.Buffer
	if err := writeZip(&a, raw, stamp); err != nil {
		t.Fatal(err)
	}
	if err := writeZip(&b, m.files, stamp); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Errorf("the zip with packed pages differs: %d bytes against %d", b.Len(), a.Len())
	}
	if !maps.Equal(got.runes, want.runes) {
		t.Error("characters differ")
	}

	// With a cache: filling it, from it, and with its entries damaged, the
	// text and the zip are the same, and the warm packer reads no page.
	dir := t.TempDir()
	store, err := cache.Open(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(store.Flush) // its writes end before its directory goes
	pages := 0
	for _, e := range raw {
		if strings.HasSuffix(e.name, ".xhtml") {
			pages++
		}
	}
	for _, round := range []string{"filling the cache", "from the cache", "damaged entries"} {
		if round == "damaged entries" {
			entries, _ := filepath.Glob(filepath.Join(dir, "build", "*", "*"))
			for _, e := range entries {
				data, _ := os.ReadFile(e)
				os.WriteFile(e, data[:len(data)-1], 0o644)
			}
		}
		m := manifest{pages: newPagePacker(true, fs)}
		m.pages.cache = newPageCache(store, true, m.pages.own, false)
		for _, e := range raw {
			data := bytes.Clone(e.data)
			if round == "from the cache" && strings.HasSuffix(e.name, ".xhtml") {
				// The page's entry under the key of bytes that are not
				// XML: the packer must take it and not read the page.
				pt := newPageText()
				if err := pt.read(e.data, true, e.clean, m.pages.own); err != nil {
					t.Fatal(err)
				}
				d := entry{data: bytes.Clone(e.data)}
				d.deflate()
				data = []byte("<not read " + e.name + ">")
				m.pages.cache.put(m.pages.cache.key(data), pt, d.packed)
			}
			m.files = append(m.files, entry{name: e.name, data: data})
			m.pages.added(&m)
		}
		got, err := m.pages.pageText(&m)
		if err != nil {
			t.Fatalf("%s: %v", round, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the text differs", round)
		}
		var c bytes.Buffer
		if err := writeZip(&c, m.files, stamp); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(c.Bytes(), a.Bytes()) {
			t.Errorf("%s: the zip differs", round)
		}
		store.Flush() // Put writes on other goroutines; count what it wrote
		if entries, _ := filepath.Glob(filepath.Join(dir, "build", "*", "*")); round == "filling the cache" && len(entries) != pages {
			t.Errorf("%d entries for %d pages", len(entries), pages)
		}
	}
}

// A page that is not well-formed XML is reported when the text is asked
// for, as readPages reports it.
func TestPagePackerBadPage(t *testing.T) {
	fs := testOptions(t).Fonts
	m := manifest{pages: newPagePacker(true, fs)}
	m.add("text/bad.xhtml", []byte("<html><p>unclosed</html>"), "bad", xhtmlType, "", true)
	if _, err := m.pages.pageText(&m); err == nil {
		t.Error("a page that is not XML was read without an error")
	}
}

// packRest deflates the files left (fonts, package documents) beforehand;
// the zip must be the bytes writeZip gives them deflating them itself,
// whatever their names, sizes and types.
func TestPackRestSameZip(t *testing.T) {
	var font bytes.Buffer
	for i := range 200000 {
		font.WriteByte(byte(i*i>>3) ^ byte(i>>7))
	}
	files := []entry{
		{name: "META-INF/container.xml", data: []byte(`<?xml version="1.0"?><container/>`)},
		{name: "OEBPS/content.opf", data: bytes.Repeat([]byte("<item id=\"a\"/>\n"), 3000)},
		{name: "OEBPS/fonts/Amiri-Regular.ttf", data: font.Bytes()},
		{name: "OEBPS/fonts/خط.otf", data: font.Bytes()[:1000]},
		{name: "OEBPS/empty.css", data: nil},
		{name: "OEBPS/images/cover.png", data: testPNG(t)},
		{name: "OEBPS/images/photo.jpg", data: []byte("stored as it is")},
	}
	packed := make([]entry, len(files))
	for i, e := range files {
		packed[i] = entry{name: e.name, data: bytes.Clone(e.data)}
	}
	if err := packRest(packed); err != nil {
		t.Fatal(err)
	}
	for _, e := range packed {
		if stored := strings.HasSuffix(e.name, ".png") || strings.HasSuffix(e.name, ".jpg"); stored != (e.packed == nil) {
			t.Errorf("%s: packed %v", e.name, e.packed != nil)
		}
	}
	stamp := time.Date(2025, 1, 2, 3, 4, 6, 0, time.UTC)
	var a, b bytes.Buffer
	if err := writeZip(&a, files, stamp); err != nil {
		t.Fatal(err)
	}
	if err := writeZip(&b, packed, stamp); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Errorf("the zip with the files packed beforehand differs: %d bytes against %d", b.Len(), a.Len())
	}
}
