package xhtml

import (
	"math/rand/v2"
	"testing"
)

// Cleaned holds exactly for the text Clean leaves as it is.
func TestCleanedAsClean(t *testing.T) {
	cases := []string{
		"", "كتاب", "<p>a\tb\nc\r</p>", "a\x00b", "\x1f", "\x7f", "\uFFFD", "\uFFFE", "x\uFFFF",
		"\xEF\xBF", "\xEF\xBF\xBD", "\xff", "a\xc3", "\xed\xa0\x80", "\U0010FFFF", "\u200f\u061c",
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		b := make([]byte, r.IntN(8))
		for i := range b {
			b[i] = []byte{0, 0x1f, ' ', 'a', 0x7f, 0xc3, 0xa9, 0xef, 0xbf, 0xbe, 0xbd, 0xd8, 0xa7, 0xff}[r.IntN(14)]
		}
		cases = append(cases, string(b))
	}
	for _, s := range cases {
		if got, want := Cleaned([]byte(s)), Clean(s) == s; got != want {
			t.Errorf("Cleaned(%q) = %v, want %v", s, got, want)
		}
	}
}
