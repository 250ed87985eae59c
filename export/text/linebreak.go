package text

// Line-break opportunities for the plainest paragraphs without go-text's
// segmenter. The segmenter (segmenter.Segmenter.Init) works out grapheme,
// word and line boundaries for every character of a paragraph; Layout needs
// only the line boundaries, and most paragraphs of an Arabic book are made
// of a handful of UAX #14 line-break classes whose rules reduce to a few
// comparisons: letters (AL), digits (NU), harakat (CM), the space (SP), the
// full stop, comma and colon (IS), the question and exclamation marks
// (EX), brackets (OP, CP) and guillemets (QU). For a paragraph of those
// characters only, simpleBreaks gives the very opportunities the segmenter
// gives (TestSimpleBreaksMatchSegmenter and FuzzSimpleBreaks compare the
// two); any other character, and the segmenter does the work.
//
// Under go-text v0.3.5's rules (segmenter/unicode14_rules.go), at a
// position with P the class of the last character before it that is not a
// mark (a mark after a space or at the start counting as AL, LB10), B that
// of the last one that is neither a mark nor a space (B2 the P before B),
// C the class of the character after the position and N that of the one
// after C, the first that applies of:
//   - C = SP: no break (LB7); C = CM after anything but a space: none (LB9);
//   - C = EX or CP: none (LB13);
//   - B = OP: none (LB14);
//   - B is "«" at the start or after SP, OP or QU: none (LB15a);
//   - C is "»" and N is SP, QU, CP, EX or IS, or the end: none (LB15b);
//   - C = IS: a break after a space before a digit (LB15c), else none (LB15d);
//   - P = SP: a break (LB18);
//   - C or P = QU: none (LB19, LB19a: none of these characters is East
//     Asian);
//   - C = OP: none after AL or NU (LB30), else a break (LB31);
//   - C = AL or NU: a break after EX (LB31), none after AL, NU, IS or CP
//     (LB23, LB25, LB28, LB29, LB30);
//   - the end of the paragraph is a mandatory break (LB3).
//
// No rule that involves other classes (hyphens, other quotation marks,
// zero-width joiners and spaces, ...) can apply to such a paragraph.

// Line-break classes of the characters simpleBreaks handles; 0 is any other.
const (
	lbAL uint8 = iota + 1
	lbNU
	lbCM
	lbSP
	lbIS
	lbEX
	lbOP
	lbCP
	lbQU
)

// simpleRunes are the characters simpleBreaks handles, with their
// line-break class (Unicode's LineBreak.txt, as go-text's tables have it).
var simpleRunes = func() map[rune]uint8 {
	m := map[rune]uint8{' ': lbSP, '.': lbIS, ',': lbIS, ':': lbIS, ';': lbIS, '\u060C': lbIS,
		'!': lbEX, '?': lbEX, '\u061B': lbEX, '\u061F': lbEX, '\u06D4': lbEX, '\u06D5': lbAL,
		'(': lbOP, '[': lbOP, ')': lbCP, ']': lbCP, '\u00AB': lbQU, '\u00BB': lbQU}
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
	// p, b, b2 as above; bi and br are where B is and its character.
	var p, b, b2 uint8
	bi, br := 0, rune(0)
	for i, r := range text {
		c := class(r)
		if c == p && c == lbAL || c == lbCM && p != lbSP && i > 0 {
			// Inside a word, the most of any text: a letter after a letter
			// (LB28; LB14 or LB15a when p is a mark's, LB10) and a mark
			// after anything but a space (LB9) take no break.
			if c == lbAL {
				b2, b, bi, br = p, c, i, r
			}
			continue
		}
		switch {
		case c == 0:
			clear(brk[:i])
			return false
		case i == 0:
		case c == lbSP:
		case c == lbCM && p != lbSP:
		case c == lbEX || c == lbCP:
		case b == lbOP:
		case b == lbQU && br == '\u00AB' && (bi == 0 || b2 == lbSP || b2 == lbOP || b2 == lbQU):
		case r == '\u00BB' && (i == n-1 || isAny(class(text[i+1]), lbSP, lbQU, lbCP, lbEX, lbIS)):
		case c == lbIS:
			if p == lbSP && i+1 < n && class(text[i+1]) == lbNU {
				brk[i] = brkAllowed
			}
		case p == lbSP:
			brk[i] = brkAllowed
		case c == lbQU || p == lbQU:
		case c == lbOP:
			if p != lbAL && p != lbNU {
				brk[i] = brkAllowed
			}
		default: // AL or NU
			if p == lbEX {
				brk[i] = brkAllowed
			}
		}
		switch {
		case c == lbSP:
			p = c
		case c == lbCM:
			if i == 0 || p == lbSP {
				p = lbAL // LB10; else the mark goes with what it follows
			}
		default:
			b2, b, bi, br, p = p, c, i, r, c
		}
	}
	brk[n] = brkMandatory
	return true
}

func isAny(c uint8, of ...uint8) bool {
	for _, o := range of {
		if c == o {
			return true
		}
	}
	return false
}
