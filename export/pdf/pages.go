package pdf

import (
	"unicode"
	"unicode/utf8"

	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/render"
	"github.com/warraq/warraq/export/text"
)

// Where each page begins, for the EPUB's page list: a row whose text opens
// a page tells the model position of its first word, counted in the words
// (runs of characters between white space) of the innermost block, in the
// order the block's lines are laid out, which is the order the XHTML writes
// them in (export/xhtml counts them the same way).

// textAt is the model position of a row's first word.
type textAt struct {
	ok bool
	// block is the block's number (render.PageBreak.Block): 0 for the
	// article's opening (its title), -1 for a block the layout made (a
	// note's first paragraph with its number: withLead).
	block int
	word  int
}

// numberOf is block b's number in the article's model, as
// render.PageBreak.Block gives it.
func (bd *builder) numberOf(b doc.Block) int {
	if b == nil {
		return 0
	}
	if n, ok := bd.blockNum[b]; ok {
		return n
	}
	return -1
}

// numberBlocks numbers d's blocks for numberOf.
func numberBlocks(d *doc.Document) map[doc.Block]int {
	blocks := doc.AllBlocks(d)
	num := make(map[doc.Block]int, len(blocks))
	for i, b := range blocks {
		if _, dup := num[b]; !dup {
			num[b] = i + 1
		}
	}
	return num
}

// textAt returns where line l, about to be added, begins, and counts its
// words.
func (bd *builder) textAt(l *text.Line) textAt {
	at := textAt{ok: true, block: bd.numberOf(bd.inBlock), word: bd.words}
	if bd.inBlock == nil {
		at.word = 0
	}
	n, joined := bd.lineWords(l)
	if bd.joinNext && n > 0 {
		// The line before ended in a hyphen the line broke after: its
		// last word goes on here, as one word of the XHTML.
		at.word--
		n--
	}
	bd.words += n
	bd.joinNext = joined
	return at
}

// lineWords counts the words of a laid-out line, and reports whether its
// last word goes on on the next line (the line broke after a hyphen): the
// words of its text in reading order, as strings.Fields splits them, and
// its last character that is not a format control (Cf).
func (bd *builder) lineWords(l *text.Line) (int, bool) {
	bd.order = l.AppendReadingOrder(bd.order[:0])
	n, inWord, last := 0, false, rune(-1)
	for i := range bd.order {
		s := bd.order[i].Text
		for k := 0; k < len(s); {
			// Decoded here for ASCII and the two-byte characters
			// (Arabic, Hebrew, their marks), by utf8 for the others:
			// ranging over the string called the runtime for each
			// letter of the book.
			var r rune
			if c := s[k]; c < utf8.RuneSelf {
				r = rune(c)
				k++
			} else if c >= 0xc2 && c < 0xe0 && k+1 < len(s) && s[k+1]&0xc0 == 0x80 {
				r = rune(c&0x1f)<<6 | rune(s[k+1]&0x3f)
				k += 2
			} else {
				var size int
				r, size = utf8.DecodeRuneInString(s[k:])
				k += size
			}
			space, format := wordClass(r)
			if space {
				inWord = false
			} else if !inWord {
				n, inWord = n+1, true
			}
			if !format {
				last = r
			}
		}
	}
	return n, last == '-' || last == '־'
}

// wordClass reports whether r is a space (unicode.IsSpace) and whether it
// is a format control (Cf), from a table below U+0800, where the letters
// of Arabic and Latin text are.
func wordClass(r rune) (space, format bool) {
	if r >= 0 && r < lowWordRunes {
		c := lowWordClass[r]
		return c&1 != 0, c&2 != 0
	}
	return unicode.IsSpace(r), unicode.Is(unicode.Cf, r)
}

const lowWordRunes = 0x800

var lowWordClass = func() (t [lowWordRunes]uint8) {
	for r := range rune(lowWordRunes) {
		if unicode.IsSpace(r) {
			t[r] |= 1
		}
		if unicode.Is(unicode.Cf, r) {
			t[r] |= 2
		}
	}
	return t
}()

// pageBreak records where the page being emitted begins: at at, its first
// row with text (pager.plan), if it belongs to an article; a figure
// floated there from earlier in the text does not count (the page's text
// begins after it).
func (p *pager) pageBreak(at textAt) {
	if p.art == nil {
		// A part's title page: its break is the part's, once.
		if p.part != nil {
			p.breaks = append(p.breaks, render.PageBreak{Page: p.pages, Label: p.s.digits(p.pages), Part: p.part})
			p.part = nil
		}
		return
	}
	if at.ok {
		p.breaks = append(p.breaks, render.PageBreak{Page: p.pages, Label: p.s.digits(p.pages), Article: p.art.a,
			Block: at.block, Word: at.word})
	}
}
