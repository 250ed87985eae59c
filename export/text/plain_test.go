package text

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/go-text/typesetting/bidi"
)

// levelsByBidi is what go-text's bidi algorithm gives each character of
// text in a right-to-left paragraph.
func levelsByBidi(w *worker, text []rune) []bidi.Level {
	lv := make([]bidi.Level, len(text))
	runs := w.bidi.Segment(text, bidi.RightToLeft)
	charLevels(lv, &runs)
	return lv
}

func TestPlainRTLProbe(t *testing.T) {
	w := &worker{}
	for _, r := range "بالعربيّة،؛؟ .:,!()[]«»%+-#\"'\u064e\u0651\u0640" {
		if !w.plainRTL([]rune{r}) {
			t.Errorf("%U is not taken as plain right-to-left", r)
		}
	}
	// Latin letters, European, Arabic-Indic and Persian digits, the
	// paragraph separator, and a mix with one of them.
	for _, s := range []string{"a", "Z", "1", "\u0661", "\u06f1", "\n", "\u00e9", "كتابa", "سنة 1952"} {
		if w.plainRTL([]rune(s)) {
			t.Errorf("%q is taken as plain right-to-left", s)
		}
	}
	// Isolate and embedding marks, beyond the characters probed, are never plain.
	for _, r := range "\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u202e" {
		if w.plainRTL([]rune{r}) {
			t.Errorf("%U is taken as plain right-to-left", r)
		}
	}
}

// TestPlainRTLMatchesBidi checks the shortcut against the algorithm it
// skips: random texts of the characters it accepts are at level 1
// throughout, and random texts with others in them are not taken.
func TestPlainRTLMatchesBidi(t *testing.T) {
	w := &worker{}
	var plain, other []rune
	for r := rune(0); r < lowRunes; r++ {
		if w.plainRTL([]rune{r}) {
			plain = append(plain, r)
		} else {
			other = append(other, r)
		}
	}
	if len(plain) < 200 || len(other) < 200 {
		t.Fatalf("%d plain and %d other characters below U+%04X: the probe is broken", len(plain), len(other), lowRunes)
	}
	rng := rand.New(rand.NewPCG(1, 17))
	for i := range 3000 {
		text := make([]rune, 1+rng.IntN(40))
		for j := range text {
			text[j] = plain[rng.IntN(len(plain))]
		}
		mixed := i%2 == 1
		if mixed {
			text[rng.IntN(len(text))] = other[rng.IntN(len(other))]
		}
		got := w.plainRTL(text)
		if mixed {
			if got {
				t.Fatalf("%q (%U) taken as plain with a character that is not", string(text), text)
			}
			continue
		}
		if !got {
			t.Fatalf("%q (%U) not taken as plain", string(text), text)
		}
		if lv := levelsByBidi(w, text); slices.ContainsFunc(lv, func(l bidi.Level) bool { return l != 1 }) {
			t.Fatalf("%q (%U): bidi levels %v, the shortcut gives all 1", string(text), text, lv)
		}
	}
}

// TestResolveLevelsShortcut checks that a paragraph's levels are the same
// whether or not the shortcut is taken.
func TestResolveLevelsShortcut(t *testing.T) {
	e := newTestEngine(t)
	w := e.pool.get(len(e.fs.all))
	for _, s := range []string{
		"طريقة الكلمة بالكلمة: أن ينظر المترجم إلى كل كلمة يونانية (وما تدلّ عليه)، فيأتي بلفظة عربية ترادفها!",
		"«هذه» أشياء لا تصنعها الخوارزميات؟ ", " ،. ", "ـــ", "\u064e",
	} {
		p := para(s, RTL)
		w.sc.readText(&p, s)
		e.resolveLevels(w, &w.sc, &p, bidi.RightToLeft)
		if !w.plainRTL(w.sc.clean) {
			t.Fatalf("%q: the shortcut is not taken", s)
		}
		if want := levelsByBidi(w, w.sc.clean); !slices.Equal(w.sc.level, want) {
			t.Errorf("%q: levels %v, bidi gives %v", s, w.sc.level, want)
		}
	}
}

// TestInheritedTable checks the bit set of isInherited against the
// Unicode tables it was made from.
func TestInheritedTable(t *testing.T) {
	n := 0
	for r := rune(0); r < 0x3000; r++ {
		want := r >= 0x300 && inherited(r)
		if isInherited(r) != want {
			t.Errorf("isInherited(%U) = %v, want %v", r, !want, want)
		}
		if want && r < lowRunes {
			n++
		}
	}
	if n < 100 {
		t.Errorf("only %d inherited characters below U+%04X: the table is not filled", n, lowRunes)
	}
}
