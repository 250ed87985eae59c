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
	n := 0
	InspectDocument(d, func(node any) bool {
		switch x := node.(type) {
		case *Paragraph:
			n += CountWords(PlainText(x.Content))
		case *Heading:
			n += CountWords(PlainText(x.Content))
		case *CodeBlock:
			n += CountWords(x.Text)
		case *Verse:
			for _, st := range x.Stanzas {
				for _, l := range st {
					for _, h := range l.Hemistichs {
						n += CountWords(PlainText(h))
					}
				}
			}
		case *Figure:
			n += CountWords(PlainText(x.Caption))
		case *Table:
			for _, rows := range [][]*Row{x.Head, x.Body} {
				for _, r := range rows {
					for _, c := range r.Cells {
						n += CountWords(PlainText(c.Content))
					}
				}
			}
		case *DefList:
			for _, it := range x.Items {
				n += CountWords(PlainText(it.Term))
			}
		case Inline:
			return false // counted with their block
		}
		return true
	})
	return n
}

// CountWords counts runs of non-space characters that hold at least one
// letter or digit.
func CountWords(s string) int {
	n := 0
	counted := false // the current run already counts as a word
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		switch {
		case IsSpace(r):
			counted = false
		case !counted && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			n++
			counted = true
		}
	}
	return n
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
	seen := map[rune]bool{}
	add := func(s string, line int) {
		for _, r := range s {
			if !seen[r] {
				seen[r] = true
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
			if !seen[r] {
				seen[r] = true
				alt = append(alt, r)
			}
		}
	}
	return text, alt
}
