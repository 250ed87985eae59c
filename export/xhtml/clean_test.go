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

// validXML looks at eight bytes at a time: it must find what the check
// byte by byte finds (a control, U+FFFE/U+FFFF) wherever it stands in
// longer text, across the words too.
func TestValidXMLLongText(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []byte{0, 0x09, 0x0a, 0x0d, 0x1f, 0x20, ' ', 'a', 0x7f, 0xc3, 0xa9, 0xd8, 0xa7, 0xef, 0xbf, 0xbe, 0xbd, 0xee, 0xf0, 0xff}
	for range 20000 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			if r.IntN(4) == 0 {
				b[i] = alphabet[r.IntN(len(alphabet))]
			} else {
				b[i] = "abcdefgh"[r.IntN(8)]
			}
		}
		want := validXMLBytes(b, 0, len(b)) // the check byte by byte
		if utf8.Valid(b) {
			for _, c := range string(b) {
				if !xmlChar(c) && want {
					t.Fatalf("validXMLBytes(%q) = true, but it holds %U", b, c)
				}
			}
		}
		if got := validXML(b); got != want {
			t.Fatalf("validXML(%q) = %v, want %v", b, got, want)
		}
		if got := validXML(string(b)); got != want {
			t.Fatalf("validXML(string %q) = %v, want %v", b, got, want)
		}
	}
}
