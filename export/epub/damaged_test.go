package epub

import (
	"errors"
	"maps"
	"testing"

	"github.com/warraq/warraq/export/text"
	"github.com/warraq/warraq/internal/cache"
	"github.com/warraq/warraq/internal/cache/wire/wiretest"
)

var errMiss = errors.New("miss")

// A damaged article, page or glyph entry is a miss: cut, lengthened and
// with bytes changed, it never panics, never makes the decoder allocate
// much more than its size, and a cut one is always refused.
func TestDamagedEntries(t *testing.T) {
	b := testBook(t)
	opt := testOptions(t)
	opt.PageBreaks = testBreaks(b, 2)
	store, err := cache.Open(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(store.Flush)
	opt.Cache = store
	_, p := writeKept(t, b, opt)
	a := b.Articles[1] // the first has an image, and is never kept
	key, ok := p.articles.key(p, a, p.docs[a])
	if !ok {
		t.Fatal("no key")
	}
	data, ok := store.Get(key)
	if !ok {
		t.Fatal("no article entry")
	}
	// An entry is read twice, as the packer does: checked whole, then
	// into the book's text.
	article := func(d []byte) error {
		_, page, ok := decodeArticle(d)
		if !ok {
			return errMiss
		}
		readPage(&page, newPageText())
		return nil
	}
	if article(data) != nil {
		t.Fatal("the entry as stored is refused")
	}
	// A rune is some 50 bytes in a map, and one or more encoded.
	wiretest.Decode(t, data, 64, true, article)

	// A page's entry is the article's without the marker ids.
	_, page, _ := decodeArticle(data)
	pt := newPageText()
	pd := readPage(&page, pt)
	one := appendPage(nil, pt, pd)
	got, gotData, ok := decodePage(one)
	if !ok || !maps.Equal(got.runes, pt.runes) || string(gotData.data) != string(pd.data) {
		t.Fatal("the page entry did not come back")
	}
	wiretest.Decode(t, one, 64, true, func(d []byte) error {
		if _, _, ok := decodePage(d); !ok {
			return errMiss
		}
		return nil
	})

	fs := opt.Fonts
	gc := newGlyphCache(store, fs)
	faces := fs.Faces()
	glyphs := map[*text.Face]map[uint16]bool{}
	for i, f := range faces[:3] {
		glyphs[f] = map[uint16]bool{}
		for g := range 200 {
			glyphs[f][uint16(g*(i+1)*7)] = true
		}
	}
	enc, ok := gc.encode(glyphs)
	if !ok {
		t.Fatal("the glyphs were not encoded")
	}
	// Cut between two faces, it is refused too (version 2).
	wiretest.Decode(t, enc, 64, true, func(d []byte) error {
		if _, ok := gc.decode(d); !ok {
			return errMiss
		}
		return nil
	})
}

// A page's entry is a function of the page: its sets are written in order,
// so two builds of the same book fill their caches with the same bytes.
func TestPageEntryInOrder(t *testing.T) {
	pt := newPageText()
	for i, lang := range []string{"ar", "en", "fa", "he"} {
		pt.words[lang] = map[string]bool{}
		for w := range 40 {
			pt.words[lang][string(rune('a'+w%26))+string(rune('0'+w/26+i))] = true
		}
		for k, role := range []text.Role{0, 1, 2} {
			st := textStyle{role: role, bold: k%2 == 1, italic: i%2 == 1, lang: lang}
			pt.styles[st] = map[rune]bool{}
			for r := range 30 {
				pt.styles[st][rune(0x621+r*(k+1))] = true
				pt.runes[rune(0x621+r*(k+1))] = true
			}
		}
	}
	pd := &packedData{crc: 7, size: 3, data: []byte{1, 2, 3}}
	first := appendPage(nil, pt, pd)
	for range 20 {
		if again := appendPage(nil, pt, pd); string(again) != string(first) {
			t.Fatal("the same page's entry came out in another order")
		}
	}
	got, _, ok := decodePage(first)
	if !ok || !maps.Equal(got.runes, pt.runes) || len(got.words) != len(pt.words) || len(got.styles) != len(pt.styles) {
		t.Fatal("the ordered entry did not come back")
	}
	for lang, ws := range pt.words {
		if !maps.Equal(got.words[lang], ws) {
			t.Errorf("%s: the words did not come back", lang)
		}
	}
	for st, rs := range pt.styles {
		if !maps.Equal(got.styles[st], rs) {
			t.Errorf("%v: the style's characters did not come back", st)
		}
	}
}
