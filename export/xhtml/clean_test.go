package xhtml

import (
	"math/rand/v2"
	"testing"
	"unicode/utf8"
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

// xmlText looks at eight bytes at a time and decodes the characters of
// two bytes itself: it must say what utf8.Valid and a check of each
// character say, wherever a control, U+FFFE/U+FFFF or a bad byte stands
// in longer text, across the words too.
func TestXMLTextLongText(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []byte{0, 0x09, 0x0a, 0x0d, 0x1f, 0x20, ' ', 'a', 0x7f, 0x80, 0xc2, 0xc3, 0xa9, 0xd8, 0xa7, 0xdf, 0xe0, 0xed, 0xa0,
		0xef, 0xbf, 0xbe, 0xbd, 0xee, 0xf0, 0x9f, 0x98, 0xf4, 0x8f, 0xff}
	for range 50000 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			if r.IntN(3) == 0 {
				b[i] = alphabet[r.IntN(len(alphabet))]
			} else {
				b[i] = "abcdefgh"[r.IntN(8)]
			}
		}
		want := utf8.Valid(b)
		for _, c := range string(b) {
			if !xmlChar(c) {
				want = false
			}
		}
		if got := xmlText(b, utf8.DecodeRune); got != want {
			t.Fatalf("xmlText(%q) = %v, want %v", b, got, want)
		}
		if got := xmlText(string(b), utf8.DecodeRuneInString); got != want {
			t.Fatalf("xmlText(string %q) = %v, want %v", b, got, want)
		}
	}
}
