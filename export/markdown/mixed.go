package markdown

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/bidi"

	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/locale"
)

// The mixed-script pass: after lowering, every block's inline content is
// read once more, as the characters a reader sees, and three things are
// made explicit in the model so that every format shows them the same way.
// The README's "Latin inside Arabic" section says the same for users.
//
// Quotation marks. A quotation is a pair of marks, straight or curly, of
// one family (double: " “ ” „ « », single: ' ‘ ’ ‚ ‹ ›). Whether a mark
// opens or closes is read from its neighbours (a space or an opening
// bracket before it and a letter after it opens), and only where both
// sides agree from its shape; a straight mark between two letters (צה"ל,
// an inch) is no quotation mark, and a single one is an apostrophe (’).
//   - In Arabic, Persian and Urdu text every quotation is marked « » and a
//     quotation inside it with the language's inner marks (“ ”), whatever
//     was typed.
//   - A quotation of two or more Latin words that outnumber the others,
//     inside text in another script, keeps the marks of its own language
//     (English “ ” and ‘ ’ inside, or those of the span's lang), and is set
//     apart as a whole, left to right, marks included.
//   - In other languages a quotation keeps the kind that was typed (double
//     or single) and takes the language's marks of that kind.
//
// Isolation. In right-to-left text, a left-to-right token (a run of Latin
// letters and digits with the symbols that belong to it: C++, C#, .NET,
// Node.js, x86-64, an e-mail address, a URL, a path, #tag, @handle) is set
// apart so that it reads as typed: the bidi algorithm would otherwise give
// its leading and trailing symbols the paragraph's direction ("++C").
// Tokens next to each other with only spaces and Latin punctuation between
// them form one stretch ("Hello, world"; "Go 1.26"); an Arabic letter, an
// Arabic comma or guillemets end it, and brackets and a number after a name
// are kept with it. A number before a Latin word is not: "16 GB" reads from
// right to left like the rest of the sentence. Numbers alone are left to
// the bidi algorithm, which already shows them the way Arabic readers
// expect (37.5% as %37.5, 2025/03/15, 10:30, 1.2.3, a range 813-833 read
// from right to left), except Latin digits joined by hyphens in three or
// more parts or after a sign (2025-03-15, +966-50-123-4567, -5), which it
// would reverse piece by piece, and which are set apart too. In
// left-to-right text it is the other way round: each run of Arabic or
// Hebrew words is set apart right to left, so a number or a mark after it
// stays in the sentence's order. The stretch becomes a doc.Span with Dir,
// which formats show as an isolate (HTML's dir, the text engine's
// Isolates).
//
// Binding. No line may break inside a token that has a hyphen, or a slash
// before a letter (USB-C, QwQ-32B, DeepSeek/R1), when it is at most 24
// characters long (URLs and longer tokens may still break); in
// left-to-right text only when it looks like a name or code (a digit, a
// capital, a slash: USB-C, /etc/hosts), so "well-known" still breaks at its
// hyphen. Nor may a line break between a name and the version or model
// number after it (Go 1.26, Qwen 2.5, Windows 11, DeepSeek R1, DeepSeek /
// R1), with a short capitalised word after the number (iPhone 16 Pro). A
// name starts with a capital or has one inside (macOS), but in
// left-to-right text not just the capital that starts a sentence ("In
// 2025"); a version starts with a digit or is a short mix of letters and
// digits (R1, H100). Bound stretches are doc.Span.NoBreak.
//
// No character is added or removed by isolation and binding: copying or
// searching the book gives back what was typed. Code spans, note
// references and images are left alone, and a span with a direction of its
// own is read as a piece of text in that direction.

// objectRune stands for an inline that is not text (code, an image, a note
// reference, a span the author gave a direction) in a flattened unit.
const objectRune = '\uFFFC'

// maxBound is the longest token, in characters, kept from breaking.
const maxBound = 24

// mixScripts runs the mixed-script pass over a document whose language is
// lang.
func mixScripts(d *doc.Document, lang string) {
	m := &mixer{}
	if b, ok := runeBufs.Get().(*[]rune); ok {
		m.buf = *b
	}
	c := mixCtx{lang: lang, rtl: locale.Direction(lang) == "rtl"}
	m.blocks(d.Blocks, c)
	for _, n := range d.Notes {
		m.blocks(n.Blocks, c)
	}
	if cap(m.buf) <= maxPooledRunes {
		runeBufs.Put(&m.buf)
	}
}

// runeBufs are mixers' character buffers, passed from an article to the
// next: each article grew its own from nothing, 5% of what loading a
// book allocated. Nothing keeps a buffer's characters once its unit is
// done with (flatten).
var runeBufs sync.Pool // *[]rune

// maxPooledRunes bounds the buffers kept: one a very long paragraph grew
// is left to the collector.
const maxPooledRunes = 1 << 16

type mixCtx struct {
	lang  string
	rtl   bool
	bound bool // inside a span kept on one line already
}

type mixer struct {
	buf []rune
}

func (m *mixer) blocks(bs []doc.Block, c mixCtx) {
	for _, b := range bs {
		switch x := b.(type) {
		case *doc.Paragraph:
			x.Content = m.inlines(x.Content, c)
		case *doc.Heading:
			x.Content = m.inlines(x.Content, c)
		case *doc.Quote:
			m.blocks(x.Blocks, c)
		case *doc.List:
			for _, it := range x.Items {
				m.blocks(it.Blocks, c)
			}
		case *doc.Table:
			for _, rows := range [][]*doc.Row{x.Head, x.Body} {
				for _, r := range rows {
					for _, cell := range r.Cells {
						cell.Content = m.inlines(cell.Content, c)
					}
				}
			}
		case *doc.Figure:
			x.Caption = m.inlines(x.Caption, c)
		case *doc.Div:
			dc := c
			if x.Lang != "" {
				dc.lang = x.Lang
			}
			switch x.Dir {
			case "rtl":
				dc.rtl = true
			case "ltr":
				dc.rtl = false
			}
			m.blocks(x.Blocks, dc)
		case *doc.DefList:
			for _, it := range x.Items {
				it.Term = m.inlines(it.Term, c)
				for _, d := range it.Defs {
					m.blocks(d, c)
				}
			}
		}
	}
}

// inlines rewrites one unit of inline content: its quotation marks, then
// its isolates and bound stretches.
func (m *mixer) inlines(in []doc.Inline, c mixCtx) []doc.Inline {
	if len(in) == 0 {
		return in
	}
	in = unwrapMixed(in)
	m.nested(in, c)
	u := m.flatten(in)
	if !u.mixed(c.rtl) {
		return in // one script, no quotation mark, no number: nothing to do
	}
	latin, changed := u.quotes(c.lang)
	// Rewritten marks can pair otherwise when read again: a pair of single
	// marks made double, with a stray mark made an opener of that family
	// between them, pairs the stray one. So the marks are read again until
	// they stay as they are, and a later pass finds nothing to change.
	for round := 1; changed; round++ {
		u = m.flatten(in) // the marks may have changed length
		if round == quoteRounds {
			break
		}
		latin, changed = u.quotes(c.lang)
	}
	return m.apply(in, u.plan(c.rtl, c.bound, latin))
}

// quoteRounds is how many times a unit's marks are read at most. Of the
// 1,845 inputs FuzzMixScripts had gathered, 130 settled in two readings
// and one in three.
const quoteRounds = 4

// nested rewrites the spans the author gave a direction of their own, each
// as a unit in that direction.
func (m *mixer) nested(in []doc.Inline, c mixCtx) {
	for _, n := range in {
		switch x := n.(type) {
		case *doc.Span:
			if x.Kind == doc.Code || x.Kind == doc.Kbd {
				continue
			}
			sc := c
			if x.Lang != "" {
				sc.lang = x.Lang
			}
			if x.Dir == "" {
				sc.bound = c.bound || x.NoBreak
				m.nested(x.Content, sc)
				continue
			}
			switch x.Dir {
			case "rtl":
				sc.rtl = true
			case "ltr":
				sc.rtl = false
			default: // auto: the first strong letter's
				sc.rtl = firstStrongRTL(doc.PlainText(x.Content), c.rtl)
			}
			sc.bound = c.bound || x.NoBreak
			x.Content = m.inlines(x.Content, sc)
		case *doc.Link:
			m.nested(x.Content, c)
		}
	}
}

func firstStrongRTL(s string, def bool) bool {
	for _, r := range s {
		switch {
		case isRTLLetter(r):
			return true
		case isLTRLetter(r):
			return false
		}
	}
	return def
}

// opaque reports a span whose content is not part of the unit's text: code
// (set apart left to right by every format) and a span with a direction of
// its own, unless the pass made it.
func (m *mixer) opaque(s *doc.Span) bool {
	return s.Kind == doc.Code || s.Kind == doc.Kbd || (s.Dir != "" && !s.Mixed)
}

// unwrapMixed replaces the spans an earlier run of the pass made in a unit
// with their content, so that running the pass over its own output starts
// from the text it started from the first time (with the quotation marks
// already set) and makes the same spans again. Spans with a direction of
// their own are units of their own: inlines unwraps them when it gets there.
func unwrapMixed(in []doc.Inline) []doc.Inline {
	found := false
	for _, n := range in {
		switch x := n.(type) {
		case *doc.Span:
			if x.Mixed {
				found = true
			} else if x.Dir == "" && x.Kind != doc.Code && x.Kind != doc.Kbd {
				x.Content = unwrapMixed(x.Content)
			}
		case *doc.Link:
			x.Content = unwrapMixed(x.Content)
		}
	}
	if !found {
		return in
	}
	out := make([]doc.Inline, 0, len(in)+2)
	for _, n := range in {
		if x, ok := n.(*doc.Span); ok && x.Mixed {
			out = append(out, unwrapMixed(x.Content)...)
			continue
		}
		out = append(out, n)
	}
	return out
}

// unit is one stretch of inline content read as characters: the text of
// its Text nodes, objectRune for each inline that is not text and '\n' for
// a line break.
type unit struct {
	r     []rune
	marks map[int]textAt // where each quotation mark is in its Text node
	// markAt are the keys of marks in increasing order: the quotation
	// marks' characters, for quotes to look at without a look-up for
	// each character of the unit.
	markAt []int
	// classes are the classes of all of r's characters (class), and
	// joiner says whether r has a hyphen, a slash or a backslash: what
	// mixed and plan ask of the whole unit, found as flattenTo reads
	// it, without reading it again.
	classes uint8
	joiner  bool
	langs   []langAt // where the language changes, in order
	bound   [][2]int // the spans kept on one line already
}

type textAt struct {
	t   *doc.Text
	off int // byte offset in t.Text
}

type langAt struct {
	from int
	lang string
}

// lang is the language of character i ("" for the unit's).
func (u *unit) lang(i int) string {
	k := sort.Search(len(u.langs), func(k int) bool { return u.langs[k].from > i })
	if k == 0 {
		return ""
	}
	return u.langs[k-1].lang
}

func (m *mixer) flatten(in []doc.Inline) *unit {
	// The characters go in the mixer's buffer, reused by the next unit:
	// a unit is done with before another is flattened.
	u := &unit{r: m.buf[:0]}
	m.flattenTo(u, in, "")
	m.buf = u.r
	return u
}

func (m *mixer) flattenTo(u *unit, in []doc.Inline, lang string) {
	setLang := func(l string) {
		if n := len(u.langs); n > 0 && u.langs[n-1].from == len(u.r) {
			u.langs[n-1].lang = l
		} else if n > 0 && u.langs[n-1].lang == l || n == 0 && l == "" {
			return
		} else {
			u.langs = append(u.langs, langAt{len(u.r), l})
		}
	}
	for _, n := range in {
		switch x := n.(type) {
		case *doc.Text:
			// As ranging over the text, with room made at once (a
			// character per byte at most) and the characters of two
			// bytes, most of an Arabic book's, decoded here.
			// Each character's class is looked up as it is decoded, and
			// whether it is a quotation mark asked only of the marks of
			// its length (" and ' in ASCII, « and » in two bytes).
			u.r = slices.Grow(u.r, len(x.Text))
			for off, size := 0, 0; off < len(x.Text); off += size {
				var r rune
				var quote bool
				switch c := x.Text[off]; {
				case c < utf8.RuneSelf:
					r, size = rune(c), 1
					u.classes |= lowClasses[c]
					switch c {
					case '"', '\'':
						quote = true
					case '-', '/', '\\':
						u.joiner = true
					}
				case c >= 0xC2 && c < 0xE0 && off+1 < len(x.Text) && x.Text[off+1]&0xC0 == 0x80:
					r, size = rune(c&0x1F)<<6|rune(x.Text[off+1]&0x3F), 2
					u.classes |= lowClasses[r]
					quote = r == '«' || r == '»'
				default:
					r, size = utf8.DecodeRuneInString(x.Text[off:])
					u.classes |= class(r)
					quote = isQuoteMark(r)
				}
				if quote {
					if u.marks == nil {
						u.marks = map[int]textAt{}
					}
					u.marks[len(u.r)] = textAt{x, off}
					u.markAt = append(u.markAt, len(u.r))
				}
				u.r = append(u.r, r)
			}
		case *doc.Span:
			if m.opaque(x) {
				u.r = append(u.r, objectRune)
				u.classes |= objectClass
				continue
			}
			from := len(u.r)
			if x.Lang == "" || x.Lang == lang {
				m.flattenTo(u, x.Content, lang)
			} else {
				setLang(x.Lang)
				m.flattenTo(u, x.Content, x.Lang)
				setLang(lang)
			}
			if x.NoBreak {
				u.bound = append(u.bound, [2]int{from, len(u.r)})
			}
		case *doc.Link:
			m.flattenTo(u, x.Content, lang)
		case *doc.Break:
			u.r = append(u.r, '\n')
			u.classes |= lowClasses['\n']
		default:
			u.r = append(u.r, objectRune)
			u.classes |= objectClass
		}
	}
}

// mixed reports whether a unit set in direction rtl has anything for the
// pass: a quotation mark, a digit, a letter of the other direction, or in
// left-to-right text a hyphen or slash (a token to bind).
func (u *unit) mixed(rtl bool) bool {
	if len(u.marks) > 0 {
		return true
	}
	other := uint8(clLTR)
	if !rtl {
		other = clRTL
	}
	return u.classes&(other|clDigit) != 0 || !rtl && u.joiner
}

// size is how many characters an inline stands for in its unit.
func (m *mixer) size(n doc.Inline) int {
	switch x := n.(type) {
	case *doc.Text:
		return utf8.RuneCountInString(x.Text)
	case *doc.Span:
		if m.opaque(x) {
			return 1
		}
		return m.sizeOf(x.Content)
	case *doc.Link:
		return m.sizeOf(x.Content)
	}
	return 1
}

func (m *mixer) sizeOf(in []doc.Inline) int {
	n := 0
	for _, x := range in {
		n += m.size(x)
	}
	return n
}

// Character classes. Most characters a book holds are below U+0800
// (Latin, Arabic, Hebrew); their classes are looked up once, in lowClasses.

const (
	clLTR  = 1 << iota // a letter or spacing mark written left to right
	clRTL              // a character written right to left (Arabic, Hebrew)
	clWord             // a letter, digit or mark
	clDigit
	clMark // a combining mark (unicode.IsMark)
)

const lowRunes = 0x800

var lowClasses = func() (t [lowRunes]uint8) {
	for r := range rune(lowRunes) {
		t[r] = classOf(r)
	}
	return t
}()

func classOf(r rune) uint8 {
	p, _ := bidi.LookupRune(r)
	var c uint8
	switch p.Class() {
	case bidi.L:
		if r > ' ' && r != objectRune && (unicode.IsLetter(r) || unicode.IsMark(r)) {
			c |= clLTR
		}
	case bidi.R, bidi.AL:
		c |= clRTL
	}
	if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
		c |= clWord
	}
	if unicode.IsDigit(r) {
		c |= clDigit
	}
	if unicode.IsMark(r) {
		c |= clMark
	}
	return c
}

var objectClass = classOf(objectRune)

func class(r rune) uint8 {
	if r >= 0 && r < lowRunes {
		return lowClasses[r]
	}
	return classOf(r)
}

// isLTRLetter reports a letter (or spacing mark) written left to right.
func isLTRLetter(r rune) bool { return class(r)&clLTR != 0 }

// isRTLLetter reports a character written right to left (Arabic, Hebrew).
func isRTLLetter(r rune) bool { return class(r)&clRTL != 0 }

func isDigit(r rune) bool { return class(r)&clDigit != 0 }

func isASCIIDigit(r rune) bool { return r >= '0' && r <= '9' }

// isAlnumLTR reports a character a left-to-right token is made of.
func isAlnumLTR(r rune) bool { return class(r)&(clLTR|clDigit) != 0 }

func isMark(r rune) bool { return class(r)&clMark != 0 }

func isWordRune(r rune) bool { return r == objectRune || class(r)&clWord != 0 }

// endsLatin reports a character that ends a left-to-right stretch: an
// Arabic or Hebrew letter, Arabic punctuation, guillemets, a line break or
// an inline that is not text.
func endsLatin(r rune) bool {
	return isRTLLetter(r) || (r >= 0x600 && r <= 0x6FF) || r == 0xFD3E || r == 0xFD3F ||
		strings.ContainsRune("«»‹›\n", r) || r == objectRune
}
