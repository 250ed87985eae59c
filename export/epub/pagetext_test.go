package epub

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/warraq/warraq/export/text"
)

// The page reader records each character once per style (textReader); the
// sets and words must be those of recording every character and every
// field of strings.Fields, whatever the text: spaces of every kind,
// letters beyond the Basic Multilingual Plane, styles and languages in
// turn.
func TestTextReaderRecordsAll(t *testing.T) {
	alphabet := []rune("كتب قلم abc \t\n\u00a0\u0085\u1680\u2003\u200b\u202f\u3000«»،.0١😀𝔸\u064b")
	styles := []textStyle{{role: text.Body}, {role: text.Body, bold: true}, {role: text.Heading, bold: true}, {role: text.Mono, lang: "ur"}}
	langs := []string{"", "en", "ur"}
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		got, want := newPageText(), newPageText()
		rd := textReader{pt: got}
		for range 1 + rng.IntN(20) {
			var b strings.Builder
			for range rng.IntN(40) {
				b.WriteRune(alphabet[rng.IntN(len(alphabet))])
			}
			st, lang := styles[rng.IntN(len(styles))], langs[rng.IntN(len(langs))]
			rd.add(b.String(), st, lang)
			addAll(want, b.String(), st, lang)
		}
		rd.release()
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: recorded\n%v\nwant\n%v", round, got, want)
		}
	}
}

// addAll records text as the reader did before it kept what it had seen.
func addAll(pt *pageText, s string, st textStyle, lang string) {
	if pt.words[lang] == nil {
		pt.words[lang] = map[string]bool{}
	}
	for _, w := range strings.Fields(s) {
		pt.words[lang][w] = true
	}
	for _, r := range s {
		if unicode.IsSpace(r) {
			continue
		}
		if pt.styles[st] == nil {
			pt.styles[st] = map[rune]bool{}
		}
		pt.styles[st][r] = true
		pt.runes[r] = true
	}
}
