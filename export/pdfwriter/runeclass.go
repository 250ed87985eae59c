package pdfwriter

import (
	"unicode"

	"golang.org/x/text/unicode/bidi"
)

// What ShowGlyphs asks of a character, several times for each glyph: for
// U+0000..U+07FF (Latin, Arabic, Hebrew and their marks) from a table
// filled once, above it from the Unicode tables.
const (
	runeMn        = 1 << iota // a non-spacing mark (Mn)
	runeInvisible             // a mark or a format character (Mn, Me, Cf)
	runeStrong                // not neutral for bidi (L, R, AL, EN, AN)
	runeLTR                   // left-to-right or a number for bidi (L, EN, AN)
	runeSpace                 // white space (unicode.IsSpace)
)

// lowRuneLimit is the first character lowRuneClass does not hold.
const lowRuneLimit = 0x800

var lowRuneClass = func() (t [lowRuneLimit]uint8) {
	for r := range t {
		t[r] = runeClassOf(rune(r))
	}
	return t
}()

// runeClassOf is the class of r from the Unicode tables.
func runeClassOf(r rune) uint8 {
	var c uint8
	if unicode.Is(unicode.Mn, r) {
		c |= runeMn
	}
	if unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) {
		c |= runeInvisible
	}
	if unicode.IsSpace(r) {
		c |= runeSpace
	}
	switch bidiClass(r) {
	case bidi.L, bidi.EN, bidi.AN:
		c |= runeStrong | runeLTR
	case bidi.R, bidi.AL:
		c |= runeStrong
	}
	return c
}

// runeClass is the class of r.
func runeClass(r rune) uint8 {
	if uint32(r) < lowRuneLimit {
		return lowRuneClass[r]
	}
	return runeClassOf(r)
}

func bidiClass(r rune) bidi.Class {
	p, _ := bidi.LookupRune(r)
	return p.Class()
}
