package text

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-text/typesetting/segmenter"
)

// segmenterBreaks is what findBreaks reads from go-text's segmenter for
// text: brkAllowed or brkMandatory before each rune where it may break.
func segmenterBreaks(seg *segmenter.Segmenter, text []rune) []uint8 {
	brk := make([]uint8, len(text)+1)
	seg.Init(text)
	for it := seg.LineIterator(); it.Next(); {
		l := it.Line()
		end := l.Offset + len(l.Text)
		if l.IsMandatoryBreak {
			brk[end] = brkMandatory
		} else {
			brk[end] = brkAllowed
		}
	}
	return brk
}

// checkSimpleBreaks compares simpleBreaks with the segmenter on text: it
// must handle text exactly when every character is one of simpleRunes, and
// then give the segmenter's opportunities; else it must leave brk clear.
// It reports whether simpleBreaks handled text.
func checkSimpleBreaks(t testing.TB, seg *segmenter.Segmenter, text []rune) bool {
	t.Helper()
	want := true
	for _, r := range text {
		if _, ok := simpleRunes[r]; !ok {
			want = false
		}
	}
	if len(text) == 0 {
		want = false
	}
	got := make([]uint8, len(text)+1)
	ok := simpleBreaks(text, got)
	if ok != want {
		t.Fatalf("simpleBreaks(%q) handled it: %v, want %v", string(text), ok, want)
	}
	if !ok {
		if slices.ContainsFunc(got, func(b uint8) bool { return b != 0 }) {
			t.Fatalf("simpleBreaks(%q) refused it but left breaks %v", string(text), got)
		}
		return false
	}
	if exp := segmenterBreaks(seg, text); !slices.Equal(got, exp) {
		t.Fatalf("simpleBreaks(%q) = %v, the segmenter %v", string(text), got, exp)
	}
	return true
}

// classSamples are characters of each class simpleBreaks handles, and a
// few it does not.
var classSamples = []rune{' ', '.', '\u060C', '؟', '!', '1', '\u0663', 'a', 'ب', '\u064E', '\u0670', '(', ')', ']', '«', '»'}

// TestSimpleBreaksMatchSegmenter compares simpleBreaks with go-text's
// segmenter: every character it handles between every pair of sample
// characters, every text of up to five sample characters, and the lines of
// the samples, the test books and the benchmark's text, as they are and
// with every character simpleBreaks does not handle taken out.
func TestSimpleBreaksMatchSegmenter(t *testing.T) {
	var seg segmenter.Segmenter
	all := slices.Sorted(maps.Keys(simpleRunes))
	for _, r := range all {
		for _, a := range classSamples {
			for _, b := range classSamples {
				checkSimpleBreaks(t, &seg, []rune{a, r, b})
				checkSimpleBreaks(t, &seg, []rune{a, ' ', r, b, ' '})
			}
		}
	}
	var each func(prefix []rune, depth int)
	each = func(prefix []rune, depth int) {
		if len(prefix) > 0 {
			checkSimpleBreaks(t, &seg, prefix)
		}
		if depth == 0 {
			return
		}
		for _, r := range classSamples {
			each(append(prefix, r), depth-1)
		}
	}
	each(nil, 5)

	files := []string{"testdata/arabic.txt"}
	for _, glob := range []string{"../../samples/*.md", "../../testdata/books/*/*.md"} {
		m, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 20 {
		t.Fatalf("only %d files of text", len(files))
	}
	asIs, filtered := 0, 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if checkSimpleBreaks(t, &seg, []rune(line)) {
				asIs++
			}
			var kept []rune
			for _, r := range line {
				if _, ok := simpleRunes[r]; ok {
					kept = append(kept, r)
				}
			}
			if checkSimpleBreaks(t, &seg, kept) {
				filtered++
			}
		}
	}
	// The fast path is taken by real text, not only by these tests' own.
	if asIs < 100 || filtered < 500 {
		t.Fatalf("simpleBreaks handled %d lines as they are and %d filtered", asIs, filtered)
	}
}

// FuzzSimpleBreaks compares simpleBreaks with the segmenter on random text
// of the characters it handles (each pair of bytes picks one), and on any
// text (which it must refuse unless every character is one of them).
func FuzzSimpleBreaks(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3}, "قال: نعم، 12 مرة. لماذا؟ لا!")
	f.Add([]byte{200, 7, 9, 40, 1, 1}, "مُحَمَّدٌ .5 a.b")
	f.Add([]byte{}, "«نص» (قوس)")
	all := slices.Sorted(maps.Keys(simpleRunes))
	var seg segmenter.Segmenter
	f.Fuzz(func(t *testing.T, picks []byte, s string) {
		text := make([]rune, 0, len(picks)/2)
		for i := 0; i+1 < len(picks); i += 2 {
			// Bias towards spaces, marks and punctuation, where the rules are.
			k := int(picks[i])<<8 | int(picks[i+1])
			if k%4 == 0 {
				text = append(text, classSamples[(k/4)%len(classSamples)])
			} else {
				text = append(text, all[k%len(all)])
			}
		}
		checkSimpleBreaks(t, &seg, text)
		checkSimpleBreaks(t, &seg, []rune(s))
	})
}
