package text

// Line-break opportunities for the plainest paragraphs without go-text's
// segmenter. The segmenter (segmenter.Segmenter.Init) works out grapheme,
// word and line boundaries for every character of a paragraph; Layout needs
// only the line boundaries, and most paragraphs of an Arabic book are made
// of a handful of UAX #14 line-break classes whose rules reduce to a few
// comparisons: letters (AL), digits (NU), harakat (CM), the space (SP), the
// full stop, comma and colon (IS) and the question and exclamation marks
// (EX). For a paragraph of those characters only, simpleBreaks gives the
// very opportunities the segmenter gives (TestSimpleBreaksMatchSegmenter
// and FuzzSimpleBreaks compare the two); any other character, and the
// segmenter does the work.
//
// Under go-text v0.3.5's rules (segmenter/unicode14_rules.go), with P the
// class of the last character before the position that is not a mark (a
// mark after a space or at the start counting as AL, LB10), C the class of
// the character after it and N that of the one after C:
//   - C = SP or EX: no break (LB7, LB13);
//   - C = CM: a break after a space only (LB9 keeps it with anything else;
//     after a space, LB10 makes it AL and LB18 breaks);
//   - C = IS: a break after a space before a digit only (LB15c), else none
//     (LB15d);
//   - C = AL or NU: a break after a space (LB18) or EX (nothing forbids it:
//     LB31); none after AL, NU or IS (LB23, LB25, LB28, LB29);
//   - the end of the paragraph is a mandatory break (LB3).
//
// No rule that involves other classes (quotation marks, brackets, hyphens,
// zero-width joiners and spaces, ...) can apply to such a paragraph.

// Line-break classes of the characters simpleBreaks handles; 0 is any other.
const (
	lbAL uint8 = iota + 1
	lbNU
	lbCM
	lbSP
	lbIS
	lbEX
)

// simpleRunes are the characters simpleBreaks handles, with their
// line-break class (Unicode's LineBreak.txt, as go-text's tables have it).
var simpleRunes = func() map[rune]uint8 {
	m := map[rune]uint8{' ': lbSP, '.': lbIS, ',': lbIS, ':': lbIS, ';': lbIS, '\u060C': lbIS,
		'!': lbEX, '?': lbEX, '\u061B': lbEX, '\u061F': lbEX, '\u06D4': lbEX, '\u06D5': lbAL}
	add := func(lo, hi rune, c uint8) {
		for r := lo; r <= hi; r++ {
			m[r] = c
		}
	}
	add('A', 'Z', lbAL)
	add('a', 'z', lbAL)
	add('0', '9', lbNU)
	add('\u0620', '\u064A', lbAL) // letters and the tatweel
	add('\u064B', '\u065F', lbCM) // harakat
	add('\u0660', '\u0669', lbNU) // Arabic-Indic digits
	add('\u066E', '\u066F', lbAL)
	m['\u0670'] = lbCM // superscript alef
	add('\u0671', '\u06D3', lbAL)
	add('\u06F0', '\u06F9', lbNU) // Extended Arabic-Indic digits
	return m
}()

// simpleLimit bounds the characters simpleBreaks handles.
const simpleLimit = 0x700

// simpleClass is simpleRunes as an array.
var simpleClass = func() (t [simpleLimit]uint8) {
	for r, c := range simpleRunes {
		t[r] = c
	}
	return t
}()

// simpleBreaks fills brk (len(text)+1 entries, all 0) with text's line-break
// opportunities, as findBreaks reads them from the segmenter, and reports
// true, when every character of text is one it handles; else it leaves brk
// all 0 and reports false.
func simpleBreaks(text []rune, brk []uint8) bool {
	n := len(text)
	if n == 0 {
		return false
	}
	class := func(r rune) uint8 {
		if r < 0 || r >= simpleLimit {
			return 0
		}
		return simpleClass[r]
	}
	p := class(text[0])
	switch p {
	case 0:
		return false
	case lbCM:
		p = lbAL // LB10
	}
	for i := 1; i < n; i++ {
		c := class(text[i])
		switch c {
		case 0:
			clear(brk[:i])
			return false
		case lbSP, lbEX:
			p = c
		case lbCM:
			if p == lbSP {
				brk[i] = brkAllowed
				p = lbAL
			}
		case lbIS:
			if p == lbSP && i+1 < n && class(text[i+1]) == lbNU {
				brk[i] = brkAllowed
			}
			p = c
		default: // AL, NU
			if p == lbSP || p == lbEX {
				brk[i] = brkAllowed
			}
			p = c
		}
	}
	brk[n] = brkMandatory
	return true
}
