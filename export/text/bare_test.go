package text

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// bookWords are the distinct words (split at white space) of the Markdown
// of the book in dir, sorted, and the book's language (book.yaml).
func bookWords(t *testing.T, dir string) ([]string, string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no Markdown in %s (%v)", dir, err)
	}
	seen := map[string]bool{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range strings.Fields(string(b)) {
			seen[w] = true
		}
	}
	yaml, err := os.ReadFile(filepath.Join(dir, "book.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	lang := ""
	for _, l := range strings.Split(string(yaml), "\n") {
		if v, ok := strings.CutPrefix(l, "language:"); ok {
			lang = strings.Trim(strings.TrimSpace(v), `"'`)
		}
	}
	if lang == "" {
		t.Fatalf("%s: no language in book.yaml", dir)
	}
	words := make([]string, 0, len(seen))
	for w := range seen {
		words = append(words, w)
	}
	slices.Sort(words)
	return words, lang
}

// Shaped bare (Glyphs: the positioning features that cannot change a
// glyph turned off), every word of the samples and of the test books
// (Arabic with and without harakat, Persian, Urdu in Nastaliq, Pashto,
// Kurdish, Hebrew, English) and a few pointed Hebrew and vocalised Arabic
// words, one a line as the EPUB shapes them, in every style of the default fonts, gives the very glyphs, in
// the very order and faces, that shaping with every feature gives.
func TestGlyphsBareAsPositioned(t *testing.T) {
	dirs, _ := filepath.Glob("../../testdata/books/*")
	dirs = append(dirs, "../../samples")
	bareFaces := map[string]bool{}
	for _, dir := range dirs {
		words, lang := bookWords(t, dir)
		// Pointed Hebrew: a face whose plan lacks mark composes these
		// into presentation forms (go-text's hasGposMark), so mark must
		// stay on; and vocalised Arabic, whose harakat mark and mkmk place.
		words = append(words, "יִשְׂרָאֵל", "אַבְרָהָם", "שָׁלוֹם", "ײַ", "وَٱلْكِتَابُ", "بِسْمِ", "ٱلْخَطِّ")
		// The book's fonts, as a build loads them.
		fs, err := Load(Spec{Lang: lang})
		if err != nil {
			t.Fatal(err)
		}
		dir := RTL
		if lang == "en" {
			dir = LTR
		}
		// Both engines start empty and each keeps its own pieces: the
		// bare one never finds one shaped with every feature.
		bare, full := NewEngine(fs), NewEngine(fs)
		for _, role := range []Role{Body, Heading, Mono} {
			for _, bold := range []bool{false, true} {
				for _, italic := range []bool{false, true} {
					st := Style{Role: role, Bold: bold, Italic: italic, Size: 10}
					for chunk := range slices.Chunk(words, 64) {
						p := Paragraph{Spans: []Span{{Text: strings.Join(chunk, "\n"), Style: st}}, Dir: dir, Lang: lang}
						var got, want []faceGlyph
						bare.Glyphs(p, func(f *Face, g uint16) {
							got = append(got, faceGlyph{f.id, g})
							if len(f.glyphFeatures) > 0 {
								bareFaces[f.Name] = true
							}
						})
						full.glyphs(p, false, func(f *Face, g uint16) { want = append(want, faceGlyph{f.id, g}) })
						if !slices.Equal(got, want) {
							t.Errorf("%s, %+v, words %q…: bare shaping gave other glyphs", lang, st, chunk[0])
						}
					}
				}
			}
		}
	}
	// The default fonts have positioning to turn off in every face: the
	// comparison is of bare shaping in each of those drawn with.
	for _, name := range []string{"Amiri-Regular", "Amiri-Bold", "Amiri-Slanted", "NotoKufiArabic-Bold", "NotoNastaliqUrdu-Regular",
		"NotoSans-Regular", "NotoSansMono-Regular", "NotoSansHebrew-Bold", "NotoSerifHebrew-Regular"} {
		if !bareFaces[name] {
			t.Errorf("no word was shaped bare in %s", name)
		}
	}
}

// A piece Glyphs shaped bare, whose positions are not HarfBuzz's, is kept
// in the cache, but Layout never takes it: laid out after Glyphs has
// shaped the same words with the same engine (its cache and its workers'
// tables), a paragraph's lines are those of an engine that never shaped
// bare.
func TestBarePiecesNotLaidOut(t *testing.T) {
	e := newTestEngine(t)
	const ar = "كتب الورّاق في سوق الكتب «فهرسًا» يتأمّله طويلًا"
	const en = "AVATAR WAVY Toy Yours, LTA."
	paras := []Paragraph{
		para(ar, RTL),
		{Spans: []Span{{Text: en, Style: Style{Size: 12}}}, Dir: LTR, Lang: "en"},
		{Spans: []Span{{Text: en, Style: Style{Size: 12, Bold: true}}}, Dir: LTR, Lang: "en"},
	}
	for _, p := range paras {
		before := e.cache.cached()
		e.Glyphs(p, func(*Face, uint16) {})
		bare := e.cache.cached()
		if bare == before {
			t.Fatalf("%q: Glyphs cached no bare piece", joinSpans(p.Spans))
		}
		got := e.Layout(p, 1000)
		if e.cache.cached() == bare {
			t.Errorf("%q: Layout shaped nothing after Glyphs", joinSpans(p.Spans))
		}
		if want := newTestEngine(t).Layout(p, 1000); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: laid out after Glyphs, the lines differ from a fresh engine's", joinSpans(p.Spans))
		}
		// Glyphs still takes Layout's pieces when it finds them.
		again := e.cache.cached()
		e.Glyphs(p, func(*Face, uint16) {})
		if e.cache.cached() != again {
			t.Errorf("%q: Glyphs shaped again what Layout and Glyphs had cached", joinSpans(p.Spans))
		}
	}
	// The bare pieces are placed otherwise than Layout's of the same
	// words, which the cache holds too: else this test could not tell
	// which Layout took.
	moved := 0
	for i := range e.cache.shards {
		for _, v := range e.cache.shards[i].m {
			if !v.key.bare {
				continue
			}
			twin := v.key
			twin.bare = false
			full := e.cache.get(e.cache.hash(&twin), &twin)
			if full == nil {
				t.Errorf("%q: no piece laid out for the bare one", v.key.text)
				continue
			}
			if !reflect.DeepEqual(full.val.glyphs, v.val.glyphs) {
				moved++
			}
		}
	}
	if moved < 3 {
		t.Errorf("%d pieces placed otherwise when shaped bare: the test text no longer tells", moved)
	}
}
