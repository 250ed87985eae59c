package xhtml

import (
	"strings"
	"testing"
)

// writeEscaped must write what Escape returns, whatever the text: clean
// text, the characters escaped, controls and U+FFFE/U+FFFF that Clean
// drops (at the start, the middle, the end), and invalid UTF-8.
func TestWriteEscapedIsEscape(t *testing.T) {
	cases := []string{
		"", "plain", "نص عربي", `a & b < c > d "e" 'f'`, "line\r\nnext\ttab",
		"\x00start", "mid\x01dle & <x>", "end\x1f", "a\uFFFEb & c", "x < \uFFFF", "\uFFFD ok",
		"\xef\xbf\xbd\xef\xbf", "bad \xff utf-8 & more", "ends with \xef", "ﻻ & ﻷ\u200f",
		"\x0b<\x0c>", "\U0001F600 & \u2028", "lone \xed\xa0\x80 & x", "cut \xc3 & <", "نص \x7f\u0085 &\r",
	}
	for _, s := range cases {
		var b strings.Builder
		b.WriteString("[")
		writeEscaped(&b, s)
		if got, want := b.String(), "["+Escape(s); got != want {
			t.Errorf("writeEscaped(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzWriteEscaped(f *testing.F) {
	f.Add("a & b \x00 \uFFFF <c>")
	f.Fuzz(func(t *testing.T, s string) {
		var b strings.Builder
		writeEscaped(&b, s)
		if got, want := b.String(), Escape(s); got != want {
			t.Errorf("writeEscaped(%q) = %q, want %q", s, got, want)
		}
	})
}
