package doc

import (
	"testing"
	"unicode"
)

// IsSpace (counting words, the XHTML writer, the EPUB's page reader) asks
// unicode.IsSpace nothing between Latin-1 and U+1680, the first space
// character after it; it must answer as unicode.IsSpace everywhere.
func TestNoSpaceBetweenLatin1AndOgham(t *testing.T) {
	for r := rune(-1); r <= unicode.MaxRune+1; r++ {
		if IsSpace(r) != unicode.IsSpace(r) {
			t.Fatalf("IsSpace(%U) = %v", r, IsSpace(r))
		}
	}
	for r := rune(0x100); r < 0x1680; r++ {
		if unicode.IsSpace(r) {
			t.Fatalf("%U is white space", r)
		}
	}
	if !unicode.IsSpace(0x1680) {
		t.Fatal("U+1680 is not white space")
	}
}

func TestCountWords(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want int
	}{
		{"", 0},
		{"كتب الورّاق  كتابًا.", 3},
		{"«قال» — نعم", 2},
		{"a\u00a0b\u1680c\u2003d\u3000e\u0085f", 6},
		{"Go 1.26 و ٢٠٢٥", 4},
		{"... — !", 0},
	} {
		if got := CountWords(tc.s); got != tc.want {
			t.Errorf("CountWords(%q) = %d, want %d", tc.s, got, tc.want)
		}
	}
}
