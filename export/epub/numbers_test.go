package epub

import (
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/warraq/warraq/export/text"
	"github.com/warraq/warraq/internal/corpus"
)

// subsetGlyphs shapes the words of book dir for its subsets as the EPUB
// does, with an engine of its own, and returns the glyphs each face drew
// and how many words (lines) were shaped.
func subsetGlyphs(t *testing.T, dir string) (map[string][]uint16, int) {
	t.Helper()
	p, pt, fs := pagesToShape(t, dir)
	p.opt.Engine = text.NewEngine(fs)
	extra := strings.Split(readerRunes+p.listDigits(), "")
	out := map[string][]uint16{}
	for f, gs := range p.shapeWords(pt, extra, nil) {
		out[f.Name] = gs
	}
	// The lines shaped: a face's words, once per embedded style and language.
	lines := 0
	reps := scriptLetters(pt.runes)
	for _, ws := range pt.words {
		base := append(slices.Collect(maps.Keys(ws)), extra...)
		plain := ""
		if numbersByCharacter {
			plain = numberRunes(fs, text.Style{Role: text.Body, Lang: p.lang}, base, map[faceRunes]bool{})
		}
		lines += len(base) + len(inContext(base, reps, plain))
	}
	return out, lines
}

// pagesToShape makes the pages of book dir as the EPUB does, up to where
// their words are shaped for the subsets: the packager with its faces
// chosen, the pages' text and the font set.
func pagesToShape(tb testing.TB, dir string) (*packager, *pageText, *text.FontSet) {
	tb.Helper()
	book := loadBook(tb, dir)
	opt := testOptions(tb)
	p := newPackager(book, job{Fonts: opt.Fonts})
	p.claimNames()
	var m manifest
	for _, stage := range []func(*manifest) error{p.titlePage, p.contentsPage, p.bodyMatter} {
		if err := stage(&m); err != nil {
			tb.Fatal(err)
		}
	}
	fs := opt.Fonts
	pt, err := readPages(m.files, italicFaces(fs), fs)
	if err != nil {
		tb.Fatal(err)
	}
	p.fallbacks = p.fallbackFaces()
	p.faces = p.embeddedFaces(p.usedFaces(pt))
	return p, pt, fs
}

// Shaping the numbers by character gives every face the glyphs that
// shaping each number after a letter of each script gives, on books of
// each language, the samples and a generated book of dates and figures;
// and on the generated book it shapes fewer lines.
func TestNumbersByCharacterSameGlyphs(t *testing.T) {
	gen := t.TempDir()
	if err := corpus.Generate(gen, 40, 3); err != nil {
		t.Fatal(err)
	}
	books, _ := filepath.Glob("../../testdata/books/*")
	books = append(books, "../../samples", gen)
	for _, dir := range books {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			defer func() { numbersByCharacter = true }()
			numbersByCharacter = false
			want, all := subsetGlyphs(t, dir)
			numbersByCharacter = true
			got, fewer := subsetGlyphs(t, dir)
			if !maps.EqualFunc(got, want, slices.Equal[[]uint16]) {
				for f := range want {
					if !slices.Equal(got[f], want[f]) {
						t.Errorf("%s: %d glyphs by character, %d number by number", f, len(got[f]), len(want[f]))
					}
				}
			}
			if dir == gen && fewer >= all {
				t.Errorf("the numbers by character shaped %d lines of the body face, against %d", fewer, all)
			}
		})
	}
}

func TestNumberForm(t *testing.T) {
	for w, want := range map[string]string{
		"1998": "1998|", "1998.": "1998|.", "٣٤٪": "٣٤|٪", "۱۴۰۲،": "۱۴۰۲|،", "7": "7|",
		"19٩٨": "", "1,200": "", "(12)": "", ".5": "", "12a": "", "": "", "12..": "",
	} {
		d, end, ok := numberForm(w)
		got := ""
		if ok {
			got = d + "|"
			if end != 0 {
				got += string(end)
			}
		}
		if got != want {
			t.Errorf("numberForm(%q) = %q, want %q", w, got, want)
		}
	}
	lines := numberLines([]string{"1998.", "12", "٣٤٪"}, []rune("Aء"))
	want := []string{"A 1", "ء 1", "A 1.", "ء 1.", "A 12", "ء 12", "A 18", "ء 18", "A 19", "ء 19", "A ٣٤", "ء ٣٤", "A ٣٪", "ء ٣٪", "A ٣", "ء ٣"}
	slices.Sort(lines)
	slices.Sort(want)
	if !slices.Equal(lines, want) {
		t.Errorf("numberLines = %q, want %q", lines, want)
	}
}

// singleGlyphs reads the fonts' tables: Amiri's digits change only one at
// a time (its contextual forms need a sign before them that no number here
// has), Noto Nastaliq Urdu's digits and spaces take part in its
// contextual substitutions.
func TestSingleGlyphs(t *testing.T) {
	fs, err := text.NewFontSet("", "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]*text.Face{}
	for _, f := range fs.Faces() {
		names[f.Name] = f
	}
	for _, c := range []struct {
		face  string
		runes string
		want  bool
	}{
		{"Amiri-Regular", "0123456789.% ", true},
		{"Amiri-Regular", "٠١٢٣٤٥٦٧٨٩٪ ", true},
		{"NotoSans-Bold", "0123456789 ", true},
		{"NotoNastaliqUrdu-Regular", "0123456789 ", false},
		{"NotoNastaliqUrdu-Regular", "۰۱۲۳۴۵۶۷۸۹ ", false},
	} {
		f := names[c.face]
		if f == nil {
			t.Fatalf("no face %s", c.face)
		}
		if got := singleGlyphs(f, []rune(c.runes)); got != c.want {
			t.Errorf("singleGlyphs(%s, %q) = %v", c.face, c.runes, got)
		}
	}
}

// singleGlyphs may be asked of the same face by two renderers at once (the
// EPUB and the web edition share the font set): it reads the font's own
// character map, never the face's caching one. Under -race (CI runs it)
// this fails if it writes anything shared.
func TestSingleGlyphsShared(t *testing.T) {
	fs, err := text.NewFontSet("", "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	f := fs.Faces()[0]
	var wg sync.WaitGroup
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := rune('0' + w); r < 0x700; r += 2 {
				singleGlyphs(f, []rune{r, ' '})
			}
		}()
	}
	wg.Wait()
}

// shapeLines shapes lines as shapeWords does (sorted, in chunks, a line
// each) in style st and returns the glyphs each face drew.
func shapeLines(eng *text.Engine, lines []string, st text.Style, dir text.Direction) map[string][]uint16 {
	lines = slices.Sorted(slices.Values(lines))
	set := map[string]map[uint16]bool{}
	for _, chunk := range chunks(lines) {
		eng.Glyphs(text.Paragraph{Spans: []text.Span{{Text: strings.Join(chunk, "\n"), Style: st}}, Dir: dir, Lang: st.Lang}, func(f *text.Face, g uint16) {
			if set[f.Name] == nil {
				set[f.Name] = map[uint16]bool{}
			}
			set[f.Name][g] = true
		})
	}
	out := map[string][]uint16{}
	for f, gs := range set {
		out[f] = slices.Sorted(maps.Keys(gs))
	}
	return out
}

// After a letter of each script, in every style of the default fonts, in
// an Arabic and an English book, the short numbers give the glyphs the
// numbers give, each after the letter (with a bullet line last, as the
// reader's characters always are).
func TestNumberLinesSameGlyphs(t *testing.T) {
	fs, err := text.NewFontSet("", "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	eng := text.NewEngine(fs)
	compared := 0
	numbers := []string{"1998", "1998.", "2003،", "33%", "7", "12:", "٣٤٪", "١٤٠٢", "٩٨.", "۱۴۰۲", "۳۵،", "0", "905", "1,"}
	for _, lang := range []string{"ar", "en"} {
		dir := text.RTL
		if lang == "en" {
			dir = text.LTR
		}
		for _, l := range []rune("Aءאб") {
			for _, role := range []text.Role{text.Body, text.Heading, text.Mono} {
				for _, bold := range []bool{false, true} {
					st := text.Style{Role: role, Bold: bold, Size: 10, Lang: lang}
					plain := numberRunes(fs, st, numbers, map[faceRunes]bool{})
					var whole, short []string
					var byChar []string
					for _, w := range numbers {
						if !strings.ContainsFunc(w, func(r rune) bool { return !strings.ContainsRune(plain, r) }) {
							byChar = append(byChar, w)
							whole = append(whole, string(l)+" "+w)
						}
					}
					if len(byChar) == 0 {
						continue
					}
					compared++
					short = numberLines(byChar, []rune{l})
					last := string(l) + " \u25e6"
					want := shapeLines(eng, append(whole, last), st, dir)
					got := shapeLines(eng, append(short, last), st, dir)
					if !maps.EqualFunc(got, want, slices.Equal[[]uint16]) {
						t.Errorf("%s %c %v bold %v: short numbers %v, numbers %v", lang, l, role, bold, got, want)
					}
				}
			}
		}
	}
	if compared < 20 {
		t.Errorf("the numbers were shaped by character in %d styles and scripts, not in the body faces", compared)
	}
}
