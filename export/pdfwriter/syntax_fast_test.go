package pdfwriter

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// TestAppendNumFastAsStrconv checks that appendNum's integer path writes
// what strconv's would, on random values of every magnitude a page has and
// on the values nearest the halfway points, where the two could differ.
func TestAppendNumFastAsStrconv(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 17))
	var vals []float64
	for i := 0; i < 200000; i++ {
		mag := math.Pow(10, float64(r.IntN(15)-6)) // 1e-6 .. 1e8
		v := r.Float64() * mag
		if r.IntN(2) == 0 {
			v = -v
		}
		vals = append(vals, v)
	}
	for k := -3000; k <= 3000; k++ {
		for _, prec := range []float64{10, 100, 1000} {
			h := (float64(k) + 0.5) / prec // halfway, as near as a float gets
			vals = append(vals, h, math.Nextafter(h, math.Inf(1)), math.Nextafter(h, math.Inf(-1)), float64(k)/prec)
		}
	}
	vals = append(vals, 0, math.Copysign(0, -1), 1e9, -1e9, 1<<31/1000.0, 2147483.6475, -0.0004, 0.0005, 0.0015, 0.125, 0.375, 1e-300, math.NaN(), math.Inf(1))
	fast := 0
	for _, v := range vals {
		for _, prec := range []int{0, 1, 2, 3} {
			want := string(appendNumSlow([]byte("x"), clampNum(v), prec))
			got := string(appendNum([]byte("x"), v, prec))
			if got != want {
				t.Fatalf("appendNum(%v, %d) = %q, strconv gives %q", v, prec, got, want)
			}
			if _, ok := appendNumFast(nil, clampNum(v), prec); ok {
				fast++
			}
		}
	}
	// The integer path must be the one taken, or it speeds nothing up.
	if fast < len(vals)*4*9/10 {
		t.Errorf("the integer path took %d of %d values", fast, len(vals)*4)
	}
}

func clampNum(v float64) float64 {
	if v != v || v > 1e9 || v < -1e9 {
		return 0
	}
	return v
}

// TestActualTextAsBefore checks the /ActualText strings ShowGlyphs now
// builds in reused buffers against the string functions they replace:
// UTF-16 with surrogate pairs, U+FFFD for invalid text, and a group's
// texts joined and reversed by character.
func TestActualTextAsBefore(t *testing.T) {
	texts := []string{"", "a", "لا", "بِسْمِ", "\U0001F600x", "\xff\xfe", "ـٰ", "שָׁלוֹם", "\u200f "}
	var sc lineScratch
	for _, s := range texts {
		if got, want := string(appendUTF16Hex([]byte("<"), s)), "<"+utf16Hex(s); got != want {
			t.Errorf("appendUTF16Hex(%q) = %s, want %s", s, got, want)
		}
	}
	for i := range texts {
		for j := i; j <= len(texts); j++ {
			group := texts[i:j]
			r := []rune(strings.Join(group, ""))
			slices.Reverse(r)
			want := "<FEFF" + utf16Hex(string(r)) + ">"
			if got := string(sc.groupText(group)); got != want {
				t.Errorf("groupText(%q) = %s, want %s", group, got, want)
			}
		}
	}
}

// TestBaselineAsCounted checks baseline's shortcut for a line on one
// height against the count it skips: the most frequent height of the
// spacing glyphs, the lowest on a tie, the last one counted among equal
// heights (+0 and -0), the first glyph's without spacing glyphs.
func TestBaselineAsCounted(t *testing.T) {
	counted := func(glyphs []Glyph) float64 {
		count := map[float64]int{}
		best, bestN := glyphs[0].Y, 0
		for i := range glyphs {
			if !isSpacing(&glyphs[i]) {
				continue
			}
			y := glyphs[i].Y
			count[y]++
			if n := count[y]; n > bestN || (n == bestN && y < best) {
				best, bestN = y, n
			}
		}
		return best
	}
	negZero, nan := math.Copysign(0, -1), math.NaN()
	sp := func(y float64) Glyph { return Glyph{Y: y, Advance: 5} }
	mark := func(y float64) Glyph { return Glyph{Y: y, Mark: true} }
	lines := [][]Glyph{
		{sp(10), sp(10), mark(12), sp(10)},
		{mark(3), sp(10)},
		{mark(3), mark(4)},
		{sp(0), sp(negZero)},
		{sp(negZero), sp(0)},
		{sp(nan)},
		{sp(10), sp(nan), sp(10)},
		{sp(10), sp(12), sp(12)},
		{sp(12), sp(10)},
	}
	for i, l := range lines {
		got, want := baseline(l), counted(l)
		if math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("line %d: baseline %v, counted %v", i, got, want)
		}
	}
}

// TestIsSpaceTextAsUnicode checks isSpaceText's byte-wise path against
// unicode.IsSpace on every character, alone and after a space, and on
// invalid UTF-8.
func TestIsSpaceTextAsUnicode(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		for _, s := range []string{string(r), " " + string(r), string(r) + "\u00a0"} {
			want := true
			for _, c := range s {
				want = want && unicode.IsSpace(c)
			}
			if got := isSpaceText(s); got != want {
				t.Fatalf("isSpaceText(%q) = %v, unicode.IsSpace says %v", s, got, want)
			}
		}
	}
	for _, s := range []string{"", "\xff", " \xa0", "\u3000\u2028", "\t\n\v\f\r "} {
		want := s != ""
		for _, c := range s {
			want = want && unicode.IsSpace(c)
		}
		if got := isSpaceText(s); got != want {
			t.Errorf("isSpaceText(%q) = %v, want %v", s, got, want)
		}
	}
}

// BenchmarkIsSpaceText is isSpaceText on a line's worth of glyph texts:
// letters, a mark, spaces, a Latin word (25% faster than a loop over
// unicode.IsSpace).
func BenchmarkIsSpaceText(b *testing.B) {
	texts := []string{"ب", "ت", " ", "ث", "ج", "حَ", "خ", "د", "Go", "لا", "\u00a0", "ر"}
	n := 0
	for b.Loop() {
		for _, s := range texts {
			if isSpaceText(s) {
				n++
			}
		}
	}
	if n == 0 {
		b.Fatal("no space found")
	}
}

// TestAppendIntAsStrconv checks appendInt against strconv.AppendInt on
// every number to 100,000, around the powers of ten, and at the ends.
func TestAppendIntAsStrconv(t *testing.T) {
	vals := []int{-1, -99, -100, math.MinInt64, math.MaxInt64, math.MaxInt32, 1<<31 + 7}
	for v := 0; v <= 100000; v++ {
		vals = append(vals, v)
	}
	for p := 100; p > 0 && p < math.MaxInt64/10; p *= 10 {
		vals = append(vals, p-1, p, p+1, p*7+3)
	}
	for _, v := range vals {
		if got, want := string(appendInt([]byte("x"), v)), "x"+strconv.Itoa(v); got != want {
			t.Fatalf("appendInt(%d) = %q, want %q", v, got, want)
		}
	}
}
