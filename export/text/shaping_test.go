package text

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/warraq/warraq/fonts"
)

// hbGlyph is one glyph of hb-shape's text output: gid=cluster@x,y+advance.
type hbGlyph struct {
	gid, cluster, x, y, adv int
}

func parseHB(t *testing.T, s string) []hbGlyph {
	t.Helper()
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	var out []hbGlyph
	for _, f := range strings.Split(s, "|") {
		var g hbGlyph
		gid, rest, _ := strings.Cut(f, "=")
		clusterPos, adv, _ := strings.Cut(rest, "+")
		cluster, pos, hasPos := strings.Cut(clusterPos, "@")
		var err error
		if g.gid, err = strconv.Atoi(gid); err != nil {
			t.Fatalf("bad hb-shape glyph %q", f)
		}
		g.cluster, _ = strconv.Atoi(cluster)
		g.adv, _ = strconv.Atoi(adv)
		if hasPos {
			x, y, _ := strings.Cut(pos, ",")
			g.x, _ = strconv.Atoi(x)
			g.y, _ = strconv.Atoi(y)
		}
		out = append(out, g)
	}
	return out
}

// TestMatchesHarfBuzz compares the engine's glyphs with hb-shape's, recorded
// in testdata/hbshape.txt by testdata/hbshape.sh: same glyph IDs, clusters,
// advances and mark offsets, in the same visual order. Sizes equal to the
// font's units per em make pt and font units the same numbers.
func TestMatchesHarfBuzz(t *testing.T) {
	f, err := os.Open("testdata/hbshape.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cases := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		parts := strings.SplitN(sc.Text(), "|", 4)
		if len(parts) != 4 {
			continue
		}
		file, lang, text, ref := parts[0], parts[1], parts[2], parts[3]
		cases++
		t.Run(file+"/"+text, func(t *testing.T) {
			e, face := engineFor(t, file)
			if msg := compareHB(t, e, face, lang, text, ref); msg != "" {
				t.Error(msg)
			}
		})
	}
	if cases < 10 {
		t.Fatalf("only %d reference cases read", cases)
	}
}

// engineFor returns an engine whose body face is the embedded file.
func engineFor(t *testing.T, file string) (*Engine, *Face) {
	t.Helper()
	fs, err := NewFontSet(familyOfFile(t, file), "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	face := fs.Face(Body, strings.Contains(file, "Bold"), strings.Contains(file, "Slanted"))
	if face.File != file {
		t.Fatalf("face for %s is %s", file, face.File)
	}
	return NewEngine(fs), face
}

// compareHB lays text out on one line in face and compares the glyphs with
// hb-shape's output ref; it returns a description of the first difference.
func compareHB(t *testing.T, e *Engine, face *Face, lang, text, ref string) string {
	t.Helper()
	size := float64(face.UnitsPerEm)
	const width = 1e7
	b := e.Layout(Paragraph{Spans: []Span{{Text: text, Style: Style{Size: size,
		Bold:   face.Style == fonts.Bold || face.Style == fonts.BoldItalic,
		Italic: face.Style == fonts.Italic || face.Style == fonts.BoldItalic}}},
		Dir: RTL, Lang: lang, Align: Start}, width)
	if len(b.Lines) != 1 || len(b.Missing) != 0 {
		return fmt.Sprintf("%d lines, missing %v", len(b.Lines), b.Missing)
	}
	want := parseHB(t, ref)
	var got []Glyph
	for _, r := range b.Lines[0].Runs {
		if r.Face != face {
			return fmt.Sprintf("run drawn with %s, want %s", r.Face.Name, face.Name)
		}
		got = append(got, r.Glyphs...)
	}
	if len(got) != len(want) {
		return fmt.Sprintf("%d glyphs, hb-shape has %d\n got %v\nwant %v", len(got), len(want), got, want)
	}
	// hb-shape's clusters count characters; the engine's count bytes.
	var byteOf []int
	for off := range text {
		byteOf = append(byteOf, off)
	}
	pen := width - b.Lines[0].Width
	for i, g := range got {
		w := want[i]
		w.cluster = byteOf[w.cluster]
		dx := g.X - pen
		if int(g.GID) != w.gid || g.Cluster != w.cluster || g.Advance != float64(w.adv) ||
			dx != float64(w.x) || g.Y != float64(w.y) {
			return fmt.Sprintf("glyph %d: got %d=%d@%g,%g+%g, hb-shape %d=%d@%d,%d+%d",
				i, g.GID, g.Cluster, dx, g.Y, g.Advance, w.gid, w.cluster, w.x, w.y, w.adv)
		}
		pen += g.Advance
	}
	checkCoverage(t, text, b)
	return ""
}

// TestMatchesHarfBuzzWords compares every Arabic word of the sample articles
// (the words shapecheck.py looks for in our PDFs) with hb-shape's glyphs,
// recorded by testdata/hbwords.sh, in the body, heading and emphasis faces.
func TestMatchesHarfBuzzWords(t *testing.T) {
	files, err := filepath.Glob("testdata/hbwords/*.txt")
	if err != nil || len(files) < 5 {
		t.Fatalf("reference files: %v %v", files, err)
	}
	for _, path := range files {
		file := strings.TrimSuffix(filepath.Base(path), ".txt") + ".ttf"
		t.Run(file, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			e, face := engineFor(t, file)
			words, bad := 0, 0
			for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
				word, ref, ok := strings.Cut(line, "|")
				if !ok {
					t.Fatalf("bad line %q", line)
				}
				words++
				if msg := compareHB(t, e, face, "ar", word, ref); msg != "" {
					if bad++; bad <= 5 {
						t.Errorf("%s: %s", word, msg)
					}
				}
			}
			if bad > 0 || words < 400 {
				t.Errorf("%d of %d words differ from hb-shape", bad, words)
			}
		})
	}
}

// TestMatchesHarfBuzzUrduAndHebrew compares every Urdu word of
// testdata/books/ur in Noto Nastaliq Urdu, and every Hebrew word of
// testdata/books/he in the Hebrew faces, with hb-shape's glyphs and
// positions in that language (testdata/hbwords.sh): Nastaliq's cascade
// (each letter of a word set lower than the one before, joined by cursive
// attachment) is all in the positions, so they must be HarfBuzz's exactly.
func TestMatchesHarfBuzzUrduAndHebrew(t *testing.T) {
	for _, lang := range []string{"ur", "he"} {
		files, err := filepath.Glob("testdata/hbwords/" + lang + "/*.txt")
		if err != nil || len(files) < 2 {
			t.Fatalf("%s reference files: %v %v", lang, files, err)
		}
		for _, path := range files {
			file := strings.TrimSuffix(filepath.Base(path), ".txt") + ".ttf"
			t.Run(lang+"/"+file, func(t *testing.T) {
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				e, face := engineFor(t, file)
				words, bad := 0, 0
				for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
					word, ref, ok := strings.Cut(line, "|")
					if !ok {
						t.Fatalf("bad line %q", line)
					}
					words++
					if msg := compareHB(t, e, face, lang, word, ref); msg != "" {
						if bad++; bad <= 5 {
							t.Errorf("%s: %s", word, msg)
						}
					}
				}
				if bad > 0 || words < 300 {
					t.Errorf("%d of %d words differ from hb-shape", bad, words)
				}
			})
		}
	}
}

func familyOfFile(t *testing.T, file string) string {
	for _, fam := range fonts.Families() {
		for _, f := range fam.Files {
			if f == file {
				return fam.Name
			}
		}
	}
	t.Fatalf("no embedded family has %s", file)
	return ""
}

// checkCoverage asserts that every input character belongs to exactly one
// glyph cluster: the clusters' Text, in reading order line after line, spell
// the input exactly, and each Cluster is the byte offset of its Text.
func checkCoverage(t *testing.T, text string, b Block) {
	t.Helper()
	var sb strings.Builder
	for li, l := range b.Lines {
		for _, g := range l.ReadingOrder() {
			if g.Text == "" {
				continue
			}
			if sb.Len() != g.Cluster {
				t.Fatalf("line %d: cluster %q at byte %d, expected byte %d", li, g.Text, g.Cluster, sb.Len())
			}
			sb.WriteString(g.Text)
		}
	}
	if sb.String() != text {
		t.Fatalf("clusters spell %q, input is %q", sb.String(), text)
	}
}

func almost(a, b float64) bool { return math.Abs(a-b) < 1e-6 }
