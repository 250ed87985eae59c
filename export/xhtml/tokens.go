package xhtml

import (
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/bidi"
)

// A block's inline content (a paragraph, heading, table cell) is collected
// as tokens before it is written, because the runs written against the
// paragraph's direction at its edges are wrapped in direction isolates
// (isolate), which needs the whole paragraph's text.

type tokKind int

const (
	tText   tokKind = iota // plain text, escaped when written
	tOpen                  // a start tag
	tClose                 // an end tag
	tVoid                  // a self-closing element (br, img): neutral for bidi
	tOpaque                // finished markup with its own direction (code, note references): neutral for bidi
)

type token struct {
	kind tokKind
	s    string // text, or the markup of a tag
	name string // element name for tOpen/tClose
	// isolates: a start tag with a direction of its own (dir, bdi), whose
	// content is one neutral character to the text around it (UAX #9).
	isolates bool
}

// inline collects the tokens of one block's inline content.
type inline struct {
	toks  []token
	stack []string // open elements
	// charBuf is where chars lists the characters, kept from one call to
	// the next: a paragraph has one per character, and making the list
	// anew for each was 36 MB of a 1,000-article EPUB's allocations.
	charBuf []charInfo
}

// reset empties in for the next block's content, keeping its memory.
func (in *inline) reset() {
	clear(in.toks) // the strings go with the block
	in.toks, in.stack, in.charBuf = in.toks[:0], in.stack[:0], in.charBuf[:0]
}

func (in *inline) text(s string) {
	if s == "" {
		return
	}
	if n := len(in.toks); n > 0 && in.toks[n-1].kind == tText {
		in.toks[n-1].s += s
		return
	}
	in.toks = append(in.toks, token{kind: tText, s: s})
}

// open starts element name; attrs is escaped markup beginning with a space, or "".
func (in *inline) open(name, attrs string) {
	iso := name == "bdi" || strings.Contains(attrs, ` dir="`)
	in.toks = append(in.toks, token{kind: tOpen, s: "<" + name + attrs + ">", name: name, isolates: iso})
	in.stack = append(in.stack, name)
}

// close ends the innermost open element.
func (in *inline) close() {
	name := in.stack[len(in.stack)-1]
	in.stack = in.stack[:len(in.stack)-1]
	in.toks = append(in.toks, token{kind: tClose, s: "</" + name + ">", name: name})
}

func (in *inline) void(markup string)   { in.toks = append(in.toks, token{kind: tVoid, s: markup}) }
func (in *inline) opaque(markup string) { in.toks = append(in.toks, token{kind: tOpaque, s: markup}) }

// isOpen reports whether an element called name is open.
func (in *inline) isOpen(name string) bool {
	for _, e := range in.stack {
		if e == name {
			return true
		}
	}
	return false
}

// empty reports whether the content has no text and no elements.
func (in *inline) empty() bool {
	for _, t := range in.toks {
		if t.kind != tText || strings.TrimSpace(t.s) != "" {
			return false
		}
	}
	return true
}

func (in *inline) markup() string {
	var b strings.Builder
	in.writeMarkup(&b)
	return b.String()
}

// writeMarkup writes the markup of the tokens to b.
func (in *inline) writeMarkup(b *strings.Builder) {
	for _, t := range in.toks {
		if t.kind == tText {
			writeEscaped(b, t.s)
		} else {
			b.WriteString(t.s)
		}
	}
}

// Bidi classes that matter here, relative to the paragraph's direction.
type dirClass uint8

const (
	neutral  dirClass = iota
	same              // strong, in the paragraph's direction
	opposite          // strong, against it
	number            // European or Arabic digits
)

func classify(r rune, rtl bool) dirClass {
	if r >= 0 && r < lowRunes {
		return relative(lowKinds[r], rtl)
	}
	return relative(kindOf(r), rtl)
}

// kindAt is the kind of the character at s[i] and its length in bytes,
// as ranging over s gives it (U+FFFD, one byte, for a byte that is not
// UTF-8). The characters of one or two bytes (ASCII, Arabic, Hebrew) are
// decoded here, and their kinds found in lowKinds, without a call.
func kindAt(s string, i int) (bidiKind, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return lowKinds[c], 1
	}
	if c >= 0xC2 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
		return lowKinds[rune(c&0x1F)<<6|rune(s[i+1]&0x3F)], 2
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	if r < lowRunes {
		return lowKinds[r], size
	}
	return kindOf(r), size
}

// relative is a kind relative to the paragraph's direction.
func relative(k bidiKind, rtl bool) dirClass {
	switch k {
	case kindLTR:
		if rtl {
			return opposite
		}
		return same
	case kindRTL:
		if rtl {
			return same
		}
		return opposite
	case kindNumber:
		return number
	}
	return neutral
}

// bidiKind is what classify needs of a character's bidi class.
type bidiKind uint8

const (
	kindNeutral bidiKind = iota
	kindLTR              // L
	kindRTL              // R, AL
	kindNumber           // EN, AN
)

func kindOf(r rune) bidiKind {
	p, _ := bidi.LookupRune(r)
	switch p.Class() {
	case bidi.L:
		return kindLTR
	case bidi.R, bidi.AL:
		return kindRTL
	case bidi.EN, bidi.AN:
		return kindNumber
	}
	return kindNeutral
}

// lowRunes: the kinds of the characters below U+0800 (Latin, Arabic,
// Hebrew: most of what a book holds) are looked up once, in lowKinds.
// Looking up each character's bidi class in the Unicode tables, twice for
// every paragraph with a letter of the other direction, was most of the
// time spent isolating runs.
const lowRunes = 0x800

var lowKinds = func() (t [lowRunes]bidiKind) {
	for r := range rune(lowRunes) {
		t[r] = kindOf(r)
	}
	return t
}()

// pos is a character position in the token list.
type pos struct{ tok, off int }

type charInfo struct {
	tok, off int32 // where it is (pos), kept small: a paragraph has one per character
	size     uint8
	// class is the character's own class; for a character inside an
	// isolate it is neutral to the paragraph.
	class dirClass
}

func (c charInfo) at() pos { return pos{int(c.tok), int(c.off)} }

// isolate wraps a run written against the paragraph's direction at its start
// or its end (Latin at the edges of an Arabic paragraph, or Arabic at the
// edges of an English one) in a <span dir=...>: readers that guess a
// paragraph's direction from its first strong letter then guess right, and
// punctuation between the run and the paragraph edge stays on the
// paragraph's side. It returns the direction the whole block should carry
// instead when it has no letters in the paragraph's direction at all.
func (in *inline) isolate(rtl bool) (blockDir string) {
	oppDir := "ltr"
	if !rtl {
		oppDir = "rtl"
	}
	hasSame, hasOpp := in.strong(rtl)
	if !hasOpp {
		return ""
	}
	if !hasSame {
		return oppDir
	}
	chars := in.chars(rtl)
	// Trailing run first: wrapping it does not move earlier positions.
	last := -1
	for i := len(chars) - 1; i >= 0; i-- {
		if chars[i].class == same || chars[i].class == opposite {
			last = i
			break
		}
	}
	if last >= 0 && chars[last].class == opposite {
		end := last
		for i := last + 1; i < len(chars) && chars[i].class != same; i++ {
			if chars[i].class == number { // "Go 1.22": the version belongs to the name
				end = i
			}
		}
		start := last
		for i := last; i >= 0 && chars[i].class != same; i-- {
			if chars[i].class == opposite {
				start = i
			}
		}
		in.wrap(chars[start].at(), after(chars[end]), oppDir, rtl)
		// The tokens may have changed (split, wrapped in an isolate):
		// their characters are listed again. Unchanged, the list holds.
		chars = in.chars(rtl)
	}
	first := -1
	for i, c := range chars {
		if c.class == same || c.class == opposite {
			first = i
			break
		}
	}
	if first >= 0 && chars[first].class == opposite {
		end := first
		for i := first; i < len(chars) && chars[i].class != same; i++ {
			if chars[i].class == opposite || chars[i].class == number {
				end = i
			}
		}
		in.wrap(chars[first].at(), after(chars[end]), oppDir, rtl)
	}
	return ""
}

func after(c charInfo) pos { return pos{int(c.tok), int(c.off) + int(c.size)} }

// strong reports whether the text has letters in the paragraph's direction
// and letters against it, isolated or not: most paragraphs have only the
// first, and need no more than this.
func (in *inline) strong(rtl bool) (hasSame, hasOpp bool) {
	// In the paragraph's own terms: the letters of its direction, and
	// those against it.
	own, other := kindRTL, kindLTR
	if !rtl {
		own, other = kindLTR, kindRTL
	}
	for _, t := range in.toks {
		if t.kind != tText {
			continue
		}
		s := t.s
		for i := 0; i < len(s); {
			// kindAt, with its two common cases in the loop.
			var k bidiKind
			if c := s[i]; c < utf8.RuneSelf {
				k = lowKinds[c]
				i++
			} else if c >= 0xC2 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
				k = lowKinds[rune(c&0x1F)<<6|rune(s[i+1]&0x3F)]
				i += 2
			} else {
				var size int
				k, size = kindAt(s, i)
				i += size
			}
			switch k {
			case own:
				hasSame = true
			case other:
				hasOpp = true
			}
			if hasSame && hasOpp {
				return true, true
			}
		}
	}
	return hasSame, hasOpp
}

func (in *inline) chars(rtl bool) []charInfo {
	// Room for a character per byte of text, at most what it needs:
	// counting the characters first was another pass over the paragraph.
	n := 0
	for _, t := range in.toks {
		if t.kind == tText {
			n += len(t.s)
		}
	}
	out := slices.Grow(in.charBuf[:0], n)
	var open []bool // the elements open, whether each isolates
	depth := 0      // isolates open
	for i, t := range in.toks {
		switch t.kind {
		case tOpen:
			open = append(open, t.isolates)
			if t.isolates {
				depth++
			}
		case tClose:
			if n := len(open); n > 0 {
				if open[n-1] {
					depth--
				}
				open = open[:n-1]
			}
		case tText:
			s := t.s
			for off := 0; off < len(s); {
				// kindAt, with the characters of two bytes in the
				// loop.
				var k bidiKind
				var size, width int
				if c := s[off]; c >= 0xC2 && c < 0xE0 && off+1 < len(s) && s[off+1]&0xC0 == 0x80 {
					k, size, width = lowKinds[rune(c&0x1F)<<6|rune(s[off+1]&0x3F)], 2, 2
				} else {
					k, size = kindAt(s, off)
					width = size
					if size == 1 && c >= utf8.RuneSelf {
						// A byte that is not UTF-8 stands for
						// U+FFFD, and has always been taken as
						// long as that.
						width = utf8.RuneLen(utf8.RuneError)
					}
				}
				ci := charInfo{tok: int32(i), off: int32(off), size: uint8(width), class: relative(k, rtl)}
				if depth > 0 {
					ci.class = neutral
				}
				out = append(out, ci)
				off += size
			}
		}
	}
	in.charBuf = out[:0]
	return out
}

// split makes p a token boundary and returns the index of the token that
// starts there.
func (in *inline) split(p pos) int {
	t := in.toks[p.tok]
	if p.off == 0 {
		return p.tok
	}
	if p.off >= len(t.s) {
		return p.tok + 1
	}
	head := token{kind: tText, s: t.s[:p.off]}
	tail := token{kind: tText, s: t.s[p.off:]}
	in.toks = append(in.toks[:p.tok], append([]token{head, tail}, in.toks[p.tok+1:]...)...)
	return p.tok + 1
}

// wrap puts the text from a to b in a span with direction dir, widening the
// range over whole elements when it starts or ends inside one, as long as
// the widening takes in no letter written in the paragraph's direction.
func (in *inline) wrap(a, b pos, dir string, rtl bool) {
	j := in.split(b)
	n := len(in.toks)
	i := in.split(a)
	j += len(in.toks) - n // splitting at a inserted a token before j
	depth, unmatchedClose := 0, 0
	for k := i; k < j; k++ {
		switch in.toks[k].kind {
		case tOpen:
			depth++
		case tClose:
			if depth > 0 {
				depth--
			} else {
				unmatchedClose++
			}
		}
	}
	for depth > 0 && j < len(in.toks) {
		t := in.toks[j]
		if t.kind == tText && hasClass(t.s, same, rtl) {
			return
		}
		if t.kind == tOpen {
			depth++
		} else if t.kind == tClose {
			depth--
		}
		j++
	}
	for unmatchedClose > 0 && i > 0 {
		t := in.toks[i-1]
		if t.kind == tText && hasClass(t.s, same, rtl) {
			return
		}
		if t.kind == tClose {
			unmatchedClose++
		} else if t.kind == tOpen {
			unmatchedClose--
		}
		i--
	}
	if depth != 0 || unmatchedClose != 0 {
		return
	}
	open := token{kind: tOpen, s: `<span dir="` + dir + `">`, name: "span", isolates: true}
	closeTok := token{kind: tClose, s: "</span>", name: "span"}
	rest := append([]token{closeTok}, in.toks[j:]...)
	in.toks = append(in.toks[:j], rest...)
	rest = append([]token{open}, in.toks[i:]...)
	in.toks = append(in.toks[:i], rest...)
}

func hasClass(s string, c dirClass, rtl bool) bool {
	for _, r := range s {
		if classify(r, rtl) == c {
			return true
		}
	}
	return false
}
