package pdf

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/render"
	"github.com/warraq/warraq/internal/corpus"
)

// The pages drawn by the layout workers and replayed in order make the PDF
// that drawing them in order makes, byte for byte, on books with notes,
// tables, links, images, kashidas, Nastaliq (a cascade font), parts and
// more than one language; and every page but those with an image is
// replayed.
func TestSketchedSameAsDrawn(t *testing.T) {
	books := map[string]string{"samples": samplesDir()}
	for _, lang := range []string{"fa", "ur", "he", "en", "mixed", "ckb", "ps"} {
		books[lang] = filepath.Join(samplesDir(), "..", "testdata", "books", lang)
	}
	dir := t.TempDir()
	if err := corpus.Generate(dir, 12, 3); err != nil {
		t.Fatal(err)
	}
	books["corpus"] = dir
	defer func() { sketchPages = sketchWhenBehind }()
	for name, dir := range books {
		b, err := collection.Load(dir, collection.Options{Formats: testFormats})
		if err != nil {
			t.Fatal(err)
		}
		o, ok := b.Formats["pdf"].(Options)
		if !ok {
			o = DefaultOptions()
		}
		build := func(mode sketchMode) ([]byte, pageStats) {
			sketchPages = mode
			var buf bytes.Buffer
			var st pageStats
			if _, err := write(&buf, &render.Input{Book: b, Engine: testEngine(t)}, o, nil, &st); err != nil {
				t.Fatal(err)
			}
			return buf.Bytes(), st
		}
		drawn, st0 := build(sketchNever)
		sketched, st := build(sketchAlways)
		if some, _ := build(sketchWhenBehind); !bytes.Equal(drawn, some) {
			t.Errorf("%s: the PDF with some pages sketched differs from the one drawn in order", name)
		}
		if !bytes.Equal(drawn, sketched) {
			t.Errorf("%s: the PDF with sketched pages (%d bytes) differs from the one drawn in order (%d)", name, len(sketched), len(drawn))
		}
		if st0.sketched != 0 {
			t.Errorf("%s: %d pages replayed from sketches with sketching off", name, st0.sketched)
		}
		// Only a page with an image is drawn in order; the corpus has none.
		if st.sketched == 0 || st.inOrder > bytes.Count(sketched, []byte("/Subtype /Image")) || name == "corpus" && st.inOrder > 0 {
			t.Errorf("%s: %d pages replayed from sketches, %d drawn in order", name, st.sketched, st.inOrder)
		}
		if st0.inOrder != st.sketched+st.inOrder {
			t.Errorf("%s: %d article pages drawn in order, %d sketched and %d drawn with sketches", name, st0.inOrder, st.sketched, st.inOrder)
		}
		t.Logf("%s: %d pages replayed from sketches, %d drawn in order", name, st.sketched, st.inOrder)
	}
}
