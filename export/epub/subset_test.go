package epub

import (
	"fmt"
	"html"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/go-text/typesetting/font"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/locale"
	"github.com/warraq/warraq/export/text"
	"github.com/warraq/warraq/fonts"
)

// The fonts the EPUB embeds are subsets; a reader's shaper must draw every
// word of the book with them exactly as with the whole fonts. These tests
// build books, take each font out of the EPUB, and shape every word of the
// book's pages with Warraq's text engine (go-text's HarfBuzz) twice, with
// the subset and with the font it came from, in the language of the page,
// comparing glyph outlines and positions. The conformance script repeats the
// check with hb-shape (subsetcheck.py).

func TestSubsetShapesLikeFullFontSamples(t *testing.T) {
	checkSubsetShaping(t, loadBook(t, "../../samples"), testOptions(t))
}

func TestSubsetShapesLikeFullFontOtherLanguages(t *testing.T) {
	for _, lang := range []string{"fa", "ur", "he", "en", "ckb", "ps"} {
		t.Run(lang, func(t *testing.T) { checkSubsetShaping(t, loadBook(t, "../../testdata/books/"+lang), testOptions(t)) })
	}
}

// A font the user names by path in fonts: is subset like the embedded ones.
func TestUserFontSubset(t *testing.T) {
	fam, _ := fonts.Lookup("Noto Naskh Arabic")
	data, file, ok := fam.Face(fonts.Regular)
	if !ok {
		t.Fatal("no Noto Naskh Arabic")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, path.Base(file)), data, 0o644); err != nil {
		t.Fatal(err)
	}
	fs, err := text.NewFontSet(path.Base(file), "", "", dir)
	if err != nil {
		t.Fatal(err)
	}
	opt := testOptions(t)
	opt.Fonts = fs
	files := checkSubsetShaping(t, loadBook(t, "../../samples"), opt)
	if _, ok := files["OEBPS/fonts/"+strings.TrimSuffix(path.Base(file), ".ttf")+".ttf"]; !ok {
		t.Errorf("the user's font is not embedded: %v", slices.Sorted(maps.Keys(files)))
	}
}

var (
	headRE = regexp.MustCompile(`(?s)<head>.*?</head>`)
	tagRE  = regexp.MustCompile(`<[^>]*>`)
	langRE = regexp.MustCompile(`<html[^>]* lang="([^"]+)"`)
)

// pageWords reads the words of the book's XHTML pages by language, with a
// scan of its own (tags stripped), not the packager's.
func pageWords(files map[string][]byte) map[string][]string {
	seen := map[string]map[string]bool{}
	for name, data := range files {
		if !strings.HasSuffix(name, ".xhtml") {
			continue
		}
		lang := "ar"
		if m := langRE.FindSubmatch(data); m != nil {
			lang = string(m[1])
		}
		s := html.UnescapeString(tagRE.ReplaceAllString(headRE.ReplaceAllString(string(data), ""), " "))
		if seen[lang] == nil {
			seen[lang] = map[string]bool{}
		}
		for _, w := range strings.Fields(s) {
			seen[lang][w] = true
		}
	}
	out := map[string][]string{}
	for lang, ws := range seen {
		for w := range ws {
			out[lang] = append(out[lang], w)
		}
		slices.Sort(out[lang])
	}
	return out
}

// checkSubsetShaping builds the book and compares its fonts' shaping; it
// returns the EPUB's files.
func checkSubsetShaping(t *testing.T, b *collection.Book, opt job) map[string][]byte {
	_, files := readZip(t, writeBook(t, b, opt))
	words := pageWords(files)
	// A number or punctuation takes the script of the text around it, so it
	// is shaped after a letter of each script the book has, as well as alone.
	for lang, ws := range words {
		var context []string
		for _, l := range bookLetters(words) {
			for _, w := range ws {
				if !strings.ContainsFunc(w, unicode.IsLetter) {
					context = append(context, l+" "+w)
				}
			}
		}
		words[lang] = append(ws, context...)
	}
	if underRace {
		for lang, ws := range words {
			var sample []string
			for i := 0; i < len(ws); i += 10 {
				sample = append(sample, ws[i])
			}
			words[lang] = sample
		}
	}
	tmp := t.TempDir()
	checked := 0
	for name, data := range files {
		if !strings.HasPrefix(name, "OEBPS/fonts/") {
			continue
		}
		full := fullFont(t, path.Base(name))
		if len(data) >= len(full) {
			t.Errorf("%s: %d bytes, not smaller than the whole font (%d): not subset", name, len(data), len(full))
		}
		sub := filepath.Join(tmp, path.Base(name))
		if err := os.WriteFile(sub, data, 0o644); err != nil {
			t.Fatal(err)
		}
		fullPath := filepath.Join(tmp, "full-"+path.Base(name))
		if err := os.WriteFile(fullPath, full, 0o644); err != nil {
			t.Fatal(err)
		}
		for lang, ws := range words {
			a, n := shapeWords(t, sub, lang, ws)
			f, _ := shapeWords(t, fullPath, lang, ws)
			bad := 0
			for i, w := range ws {
				if a[i] != f[i] {
					bad++
					if bad <= 5 {
						t.Errorf("%s, %s: %q shapes as\n  %s\nwith the subset, as\n  %s\nwith the whole font", name, lang, w, a[i], f[i])
					}
				}
			}
			if bad > 0 {
				t.Errorf("%s, %s: %d of %d words shaped differently", name, lang, bad, len(ws))
			}
			checked += n
		}
	}
	if checked == 0 {
		t.Fatal("no word was shaped in an embedded font")
	}
	t.Logf("%s: %d word shapings in embedded fonts compared", b.Meta.Title, checked)
	return files
}

// bookLetters returns a letter of each script of the book (Latin, Arabic,
// Hebrew, Cyrillic, Greek): the first one in the words' order.
func bookLetters(words map[string][]string) []string {
	var out []string
	seen := map[string]bool{}
	for _, lang := range slices.Sorted(maps.Keys(words)) {
		for _, w := range words[lang] {
			for _, r := range w {
				if !unicode.IsLetter(r) {
					continue
				}
				for _, script := range []string{"Latin", "Arabic", "Hebrew", "Cyrillic", "Greek"} {
					if unicode.Is(unicode.Scripts[script], r) && !seen[script] {
						seen[script] = true
						out = append(out, string(r))
					}
				}
			}
		}
	}
	return out
}

// fullFont returns the embedded family file the EPUB's font came from.
func fullFont(t *testing.T, base string) []byte {
	t.Helper()
	for _, fam := range fonts.Families() {
		for st, file := range fam.Files {
			if file == base {
				data, _, ok := fam.Face(st)
				if !ok {
					t.Fatalf("%s: no data", base)
				}
				return data
			}
		}
	}
	t.Fatalf("%s is not an embedded family's file", base)
	return nil
}

// shapeWords shapes each word, on a line of its own, with the font file
// as the body face, and describes each line's glyphs drawn in that face:
// outline, advance and offset. It also returns how many words that face drew.
func shapeWords(t *testing.T, file, lang string, words []string) ([]string, int) {
	t.Helper()
	fs, err := text.NewFontSet(file, "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	face := fs.Face(text.Body, false, false)
	dir := text.LTR
	if locale.Direction(lang) == "rtl" {
		dir = text.RTL
	}
	p := text.Paragraph{Spans: []text.Span{{Text: strings.Join(words, "\n"), Style: text.Style{Size: 10}}}, Dir: dir, Lang: lang}
	blk := text.NewEngine(fs).Layout(p, 1e6)
	if len(blk.Lines) != len(words) {
		t.Fatalf("%d lines for %d words", len(blk.Lines), len(words))
	}
	out := make([]string, len(words))
	drawn := 0
	for i, l := range blk.Lines {
		var sb strings.Builder
		in := false
		for _, r := range l.Runs {
			if r.Face != face {
				fmt.Fprintf(&sb, "[other face %s: %d glyphs] ", r.Face.Name, len(r.Glyphs))
				continue
			}
			in = true
			for _, g := range r.Glyphs {
				fmt.Fprintf(&sb, "%s@%.2f,%.2f ", outline(face.Font(), g.GID), g.X, g.Y)
			}
		}
		if in {
			drawn++
		}
		out[i] = sb.String()
	}
	return out, drawn
}

// outline names a glyph by its drawing, which survives renumbering.
func outline(f *font.Face, gid uint16) string {
	o, ok := f.GlyphDataOutline(font.GID(gid))
	if !ok {
		return "?"
	}
	var sb strings.Builder
	for _, s := range o.Segments {
		fmt.Fprint(&sb, s.Op, s.ArgsSlice())
	}
	return fmt.Sprintf("%x", fnv(sb.String()))
}

func fnv(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}
