package pdf

import (
	"testing"
	"unicode"
)

// TestWordClass checks lineWords' table against the Unicode tables it
// was made from, and the characters above it.
func TestWordClass(t *testing.T) {
	spaces, formats := 0, 0
	for r := rune(0); r < 0x3000; r++ {
		space, format := wordClass(r)
		if space != unicode.IsSpace(r) || format != unicode.Is(unicode.Cf, r) {
			t.Errorf("wordClass(%U) = %v, %v; want %v, %v", r, space, format, unicode.IsSpace(r), unicode.Is(unicode.Cf, r))
		}
		if r < lowWordRunes && space {
			spaces++
		}
		if r < lowWordRunes && format {
			formats++
		}
	}
	if spaces < 5 || formats < 5 {
		t.Errorf("%d spaces and %d format controls below U+%04X: the table is not filled", spaces, formats, lowWordRunes)
	}
}
