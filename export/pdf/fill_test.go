package pdf

import (
	"bytes"
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/render"
	"github.com/warraq/warraq/internal/corpus"
)

// fillBooks are the collections page make-up is held to: the samples, the
// Persian, Urdu, Hebrew and English test books and a generated corpus.
func fillBooks(t *testing.T) map[string]string {
	books := map[string]string{"samples": samplesDir()}
	for _, lang := range []string{"fa", "ur", "he", "en"} {
		books[lang] = filepath.Join(samplesDir(), "..", "testdata", "books", lang)
	}
	dir := t.TempDir()
	if err := corpus.Generate(dir, 12, 3); err != nil {
		t.Fatal(err)
	}
	books["corpus"] = dir
	return books
}

// layOut writes the book at dir with options o and returns the PDF and
// every body page's fill.
func layOut(t *testing.T, dir string, o Options) ([]byte, []pageFill, *collection.Book) {
	t.Helper()
	b, err := collection.Load(dir, collection.Options{Formats: testFormats})
	if err != nil {
		t.Fatal(err)
	}
	var fills []pageFill
	var buf bytes.Buffer
	if _, err := write(&buf, &render.Input{Book: b, Engine: testEngine(t)}, o, &fills, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), fills, b
}

// TestPageFill: every body page that ends because the next row does not
// fit (not an article's last page, not the one before an opening) ends at
// the foot of the text block once justified vertically, or at worst two
// lines short; and facing pages that are both full end on the same
// baseline, with footnotes or without. The room left before justification
// is logged: it is what the keep rules cost.
func TestPageFill(t *testing.T) {
	allFull, allExact := 0, 0
	for name, dir := range fillBooks(t) {
		t.Run(name, func(t *testing.T) {
			o := DefaultOptions()
			data, fills, b := layOut(t, dir, o)
			s := newSetup(b, o)
			full, exact, worst, over2 := 0, 0, 0.0, 0
			for i, f := range fills {
				if !f.full {
					continue
				}
				full++
				if f.left > maxHole*s.Lead+0.01 {
					t.Errorf("body page %d ends %.1f lines short", i+1, f.left/s.Lead)
				}
				if f.left < 0.05 {
					exact++
				}
				if f.slack > maxHole*s.Lead {
					over2++
				}
				worst = math.Max(worst, f.slack/s.Lead)
			}
			if full == 0 {
				t.Fatal("no full page: the test proves nothing")
			}
			allFull, allExact = allFull+full, allExact+exact
			t.Logf("%d full pages, %d end at the foot; before justification %d were more than two lines short (worst %.1f lines)",
				full, exact, over2, worst)

			// The last baseline of each page, as a reader's software finds it.
			r := readBack(t, data)
			front := r.pages - len(fills)
			foot := map[int]float64{}
			for i, f := range fills {
				if !f.full {
					continue
				}
				lo := math.Inf(1)
				for _, l := range r.lines[front+i+1] {
					if l.text != "" && l.y < s.H-s.Top {
						lo = math.Min(lo, l.y)
					}
				}
				foot[front+i+1] = lo
			}
			pairs := 0
			for n, y := range foot {
				if n%2 == 1 {
					continue // spreads are an even page and the odd one after it
				}
				if y2, ok := foot[n+1]; ok {
					pairs++
					// Lines may be nudged by up to maxNudgePt (nudge.go).
					if math.Abs(y-y2) > maxNudgePt+0.05 {
						t.Errorf("spread %d-%d: last baselines at %.2f and %.2f", n, n+1, y, y2)
					}
				}
			}
			if name == "samples" && pairs == 0 {
				t.Error("no spread of two full pages: the test proves nothing")
			}
			t.Log(fmt.Sprintf("%d spreads of two full pages", pairs))
		})
	}
	if 20*allExact < 19*allFull {
		t.Errorf("%d of %d full pages end at the foot; want 19 in 20", allExact, allFull)
	}
}
