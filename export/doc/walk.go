package doc

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Inspect visits blocks and everything inside them in document order: each
// Block, then what it holds (list items' blocks, table cells, a figure's
// image and caption, a heading's inlines...), each Inline and what it holds.
// f receives a Block or an Inline; returning false skips what the node holds.
func Inspect(blocks []Block, f func(node any) bool) {
	for _, b := range blocks {
		inspectBlock(b, f)
	}
}

// InspectDocument is Inspect over a document's blocks, then its notes'.
func InspectDocument(d *Document, f func(node any) bool) {
	if d == nil {
		return
	}
	Inspect(d.Blocks, f)
	for _, n := range d.Notes {
		Inspect(n.Blocks, f)
	}
}

// AllBlocks lists d's blocks, its notes' included, in the order
// InspectDocument visits them. A block's index here is its number in the
// model's structure, the same in every copy of the model (each decoding
// of it): it is how a place found in one copy (where a print page begins)
// is found in another.
func AllBlocks(d *Document) []Block {
	var out []Block
	InspectDocument(d, func(n any) bool {
		if b, ok := n.(Block); ok {
			out = append(out, b)
		}
		return true
	})
	return out
}

func inspectBlock(b Block, f func(any) bool) {
	if !f(b) {
		return
	}
	switch b := b.(type) {
	case *Paragraph:
		inspectInlines(b.Content, f)
	case *Heading:
		inspectInlines(b.Content, f)
	case *Quote:
		Inspect(b.Blocks, f)
	case *Verse:
		for _, st := range b.Stanzas {
			for _, l := range st {
				for _, h := range l.Hemistichs {
					inspectInlines(h, f)
				}
			}
		}
	case *Div:
		Inspect(b.Blocks, f)
	case *List:
		for _, it := range b.Items {
			Inspect(it.Blocks, f)
		}
	case *Table:
		for _, rows := range [][]*Row{b.Head, b.Body} {
			for _, r := range rows {
				for _, c := range r.Cells {
					inspectInlines(c.Content, f)
				}
			}
		}
	case *Figure:
		if b.Image != nil {
			inspectInline(b.Image, f)
		}
		inspectInlines(b.Caption, f)
	case *DefList:
		for _, it := range b.Items {
			inspectInlines(it.Term, f)
			for _, d := range it.Defs {
				Inspect(d, f)
			}
		}
	}
}

func inspectInlines(in []Inline, f func(any) bool) {
	for _, n := range in {
		inspectInline(n, f)
	}
}

func inspectInline(n Inline, f func(any) bool) {
	if !f(n) {
		return
	}
	switch n := n.(type) {
	case *Span:
		inspectInlines(n.Content, f)
	case *Link:
		inspectInlines(n.Content, f)
	}
}

// PlainText is the text of inline content as a reader sees it: a line
// break reads as a space; images and note references add nothing.
func PlainText(in []Inline) string {
	var b strings.Builder
	writeText(&b, in)
	return b.String()
}

func writeText(b *strings.Builder, in []Inline) {
	for _, n := range in {
		switch n := n.(type) {
		case *Text:
			b.WriteString(n.Text)
		case *Span:
			writeText(b, n.Content)
		case *Link:
			writeText(b, n.Content)
		case *Break:
			b.WriteByte(' ')
		}
	}
}

// Words counts the words of a document, its notes included: runs of
// characters between spaces and block boundaries that hold at least one
// letter or digit (punctuation alone is not a word).
func Words(d *Document) int {
	var c wordCounter
	InspectDocument(d, func(node any) bool {
		switch x := node.(type) {
		case *Paragraph:
			c.inlines(x.Content)
		case *Heading:
			c.inlines(x.Content)
		case *CodeBlock:
			c.n += CountWords(x.Text)
		case *Verse:
			for _, st := range x.Stanzas {
				for _, l := range st {
					for _, h := range l.Hemistichs {
						c.inlines(h)
					}
				}
			}
		case *Figure:
			c.inlines(x.Caption)
		case *Table:
			for _, rows := range [][]*Row{x.Head, x.Body} {
				for _, r := range rows {
					for _, cell := range r.Cells {
						c.inlines(cell.Content)
					}
				}
			}
		case *DefList:
			for _, it := range x.Items {
				c.inlines(it.Term)
			}
		case Inline:
			return false // counted with their block
		}
		return true
	})
	return c.n
}

// wordCounter counts the words of inline content as CountWords counts
// those of its PlainText, without making the text: making it was most of
// what counting a book's words allocated.
type wordCounter struct {
	n       int
	counted bool // the current run already counts as a word
}

// inlines counts the words of in, as of PlainText(in) on its own.
func (c *wordCounter) inlines(in []Inline) {
	c.counted = false
	c.content(in)
}

func (c *wordCounter) content(in []Inline) {
	for _, n := range in {
		switch n := n.(type) {
		case *Text:
			c.text(n.Text)
		case *Span:
			c.content(n.Content)
		case *Link:
			c.content(n.Content)
		case *Break:
			c.counted = false // a space
		}
	}
}

// count counts a character of class k (wordClass): a word begins at a
// letter or digit after white space. It and wordClass are small enough to
// be inlined in the loops that decode the text (a call per character was a
// third of counting the words).
func (c *wordCounter) count(k uint8) {
	switch {
	case k&wordSpace != 0:
		c.counted = false
	case !c.counted && k&wordAlnum != 0:
		c.n++
		c.counted = true
	}
}

// wordClass is r's part in counting words: lowWord's, or wordClassOf's.
func wordClass(r rune) uint8 {
	if uint32(r) < lowWordRunes {
		return lowWord[r]
	}
	return wordClassOf(r)
}

func (c *wordCounter) text(s string) {
	for i := 0; i < len(s); {
		// decodeRune's characters of one and two bytes, written out: a
		// call per character was a third of counting the words.
		var r rune
		switch b := s[i]; {
		case b < utf8.RuneSelf:
			r = rune(b)
			i++
		case b >= 0xC2 && b < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			r = rune(b&0x1F)<<6 | rune(s[i+1]&0x3F)
			i += 2
		default:
			var size int
			r, size = decodeRune(s[i:])
			i += size
		}
		c.count(wordClass(r))
	}
}

// A character's part in counting words: white space (IsSpace), or a
// letter or digit (isAlnum).
const (
	wordSpace = 1 << iota
	wordAlnum
)

func wordClassOf(r rune) uint8 {
	var k uint8
	if IsSpace(r) {
		k |= wordSpace
	}
	if isAlnum(r) {
		k |= wordAlnum
	}
	return k
}

// lowWord is wordClassOf of the characters below U+0800 (Latin, Arabic,
// Hebrew), looked up once: calling IsSpace and isAlnum for each character
// was half of what counting a book's words took.
const lowWordRunes = 0x800

var lowWord = func() (t [lowWordRunes]uint8) {
	for r := range rune(lowWordRunes) {
		t[r] = wordClassOf(r)
	}
	return t
}()

// decodeRune is utf8.DecodeRuneInString(s), s not empty, with the
// characters of two bytes (Arabic, Hebrew: most of an Arabic book)
// decoded here without a call.
func decodeRune(s string) (rune, int) {
	c := s[0]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	if c >= 0xC2 && c < 0xE0 && len(s) > 1 && s[1]&0xC0 == 0x80 {
		return rune(c&0x1F)<<6 | rune(s[1]&0x3F), 2
	}
	return utf8.DecodeRuneInString(s)
}

// isAlnum is unicode.IsLetter(r) || unicode.IsDigit(r), from a table below
// U+0800 (Latin, Arabic, Hebrew): past Latin-1, unicode.IsLetter searches
// the whole letter table for each word's first letter.
func isAlnum(r rune) bool {
	if r >= 0 && r < lowAlnumRunes {
		return lowAlnum[r>>6]&(1<<(r&63)) != 0
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

const lowAlnumRunes = 0x800

var lowAlnum = func() (t [lowAlnumRunes / 64]uint64) {
	for r := range rune(lowAlnumRunes) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			t[r>>6] |= 1 << (r & 63)
		}
	}
	return t
}()

// CountWords counts runs of non-space characters that hold at least one
// letter or digit.
func CountWords(s string) int {
	var c wordCounter
	c.text(s)
	return c.n
}

// IsSpace is unicode.IsSpace without its table search for the characters
// between Latin-1 and U+1680, the first space character after it: the
// letters of Arabic and Hebrew, of which a book has millions, were most of
// the time counting words and reading pages took.
func IsSpace(r rune) bool {
	if r > 0xff && r < 0x1680 {
		return false
	}
	return unicode.IsSpace(r)
}

// CharUse is a character of a document's text and the line it first
// appears on.
type CharUse struct {
	R    rune
	Line int
}

// Chars are the distinct characters of d's text, its Text and CodeBlock
// nodes (notes included), in the order they first appear, each with that
// line (a code block's own line for each of its lines); and, apart, those
// of its images' alternative texts that the text lacks, in order too. The
// checks that look at every character a reader may see (which font draws
// it) look at these instead, once per character rather than once per use.
// Bytes that are not UTF-8 are U+FFFD, as ranging over the text gives them.
func Chars(d *Document) (text []CharUse, alt []rune) {
	var seen runeSet
	add := func(s string, line int) {
		for i := 0; i < len(s); {
			var r rune // as in wordCounter.text
			switch b := s[i]; {
			case b < utf8.RuneSelf:
				r = rune(b)
				i++
			case b >= 0xC2 && b < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
				r = rune(b&0x1F)<<6 | rune(s[i+1]&0x3F)
				i += 2
			default:
				var size int
				r, size = decodeRune(s[i:])
				i += size
			}
			if seen.add(r) {
				text = append(text, CharUse{r, line})
			}
		}
	}
	var alts []string
	InspectDocument(d, func(n any) bool {
		switch x := n.(type) {
		case *Text:
			add(x.Text, x.Line)
		case *CodeBlock:
			for i, l := range strings.Split(x.Text, "\n") {
				add(l, x.Line+i)
			}
		case *Image:
			alts = append(alts, x.Alt)
		}
		return true
	})
	for _, s := range alts {
		for _, r := range s {
			if seen.add(r) {
				alt = append(alt, r)
			}
		}
	}
	return text, alt
}

// runeSet is a set of characters: a bit for each of the Basic
// Multilingual Plane, a map for the rest. Looking up every character of
// every article in a map was most of what Chars took.
type runeSet struct {
	bmp  [1 << 16 / 64]uint64
	rest map[rune]bool
}

// add adds r, and reports whether it was not in the set.
func (s *runeSet) add(r rune) bool {
	if r >= 0 && r < 1<<16 {
		w, bit := &s.bmp[r>>6], uint64(1)<<(r&63)
		if *w&bit != 0 {
			return false
		}
		*w |= bit
		return true
	}
	if s.rest[r] {
		return false
	}
	if s.rest == nil {
		s.rest = map[rune]bool{}
	}
	s.rest[r] = true
	return true
}

// Facts are Words(d) and Chars(d) found in one walk, each character of
// the text decoded once for both: counting the words, then walking the
// same text again for its characters, was two fifths of what finding a
// body's facts took. The walk visits the blocks and inlines in Inspect's
// order.
func Facts(d *Document) (words int, text []CharUse, alt []rune) {
	if d == nil {
		return 0, nil, nil
	}
	f := factsWalker{}
	f.blocks(d.Blocks)
	for _, n := range d.Notes {
		f.blocks(n.Blocks)
	}
	for _, s := range f.alts {
		for _, r := range s {
			if f.seen.add(r) {
				alt = append(alt, r)
			}
		}
	}
	return f.words.n, f.text, alt
}

type factsWalker struct {
	words wordCounter
	seen  runeSet
	text  []CharUse
	alts  []string // the images' alternative texts, in order
}

func (f *factsWalker) blocks(bs []Block) {
	for _, b := range bs {
		switch b := b.(type) {
		case *Paragraph:
			f.inlines(b.Content)
		case *Heading:
			f.inlines(b.Content)
		case *CodeBlock:
			f.code(b.Text, b.Line)
		case *Quote:
			f.blocks(b.Blocks)
		case *Verse:
			for _, st := range b.Stanzas {
				for _, l := range st {
					for _, h := range l.Hemistichs {
						f.inlines(h)
					}
				}
			}
		case *Div:
			f.blocks(b.Blocks)
		case *List:
			for _, it := range b.Items {
				f.blocks(it.Blocks)
			}
		case *Table:
			for _, rows := range [][]*Row{b.Head, b.Body} {
				for _, r := range rows {
					for _, c := range r.Cells {
						f.inlines(c.Content)
					}
				}
			}
		case *Figure:
			if b.Image != nil {
				f.alts = append(f.alts, b.Image.Alt)
			}
			f.inlines(b.Caption)
		case *DefList:
			for _, it := range b.Items {
				f.inlines(it.Term)
				for _, d := range it.Defs {
					f.blocks(d)
				}
			}
		}
	}
}

// inlines is wordCounter.inlines and Chars's visit of in's texts and
// images.
func (f *factsWalker) inlines(in []Inline) {
	f.words.counted = false
	f.content(in)
}

func (f *factsWalker) content(in []Inline) {
	for _, n := range in {
		switch n := n.(type) {
		case *Text:
			f.textOf(n.Text, n.Line)
		case *Span:
			f.content(n.Content)
		case *Link:
			f.content(n.Content)
		case *Image:
			f.alts = append(f.alts, n.Alt)
		case *Break:
			f.words.counted = false
		}
	}
}

// textOf is wordCounter.text and Chars's add of s, at line.
func (f *factsWalker) textOf(s string, line int) {
	c := &f.words
	for i := 0; i < len(s); {
		var r rune // as in wordCounter.text
		switch b := s[i]; {
		case b < utf8.RuneSelf:
			r = rune(b)
			i++
		case b >= 0xC2 && b < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			r = rune(b&0x1F)<<6 | rune(s[i+1]&0x3F)
			i += 2
		default:
			var size int
			r, size = decodeRune(s[i:])
			i += size
		}
		c.count(wordClass(r))
		if f.seen.add(r) {
			f.text = append(f.text, CharUse{r, line})
		}
	}
}

// code is a code block's words, counted apart as CountWords counts them,
// and its characters, each line's at its own line, the line ends left
// out (Chars splits the text at them).
func (f *factsWalker) code(s string, line int) {
	words := f.words
	f.words = wordCounter{}
	for {
		k := strings.IndexByte(s, '\n')
		if k < 0 {
			f.textOf(s, line)
			break
		}
		f.textOf(s[:k], line)
		f.words.counted = false // the line end is a space
		s = s[k+1:]
		line++
	}
	f.words = wordCounter{n: words.n + f.words.n, counted: words.counted}
}
