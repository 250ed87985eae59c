// Package markdown is Warraq's Markdown reader: it parses an article with the
// one goldmark configuration the book uses (GFM, footnotes, the language's
// quotation marks and Arabic punctuation, heading attributes) and lowers
// goldmark's tree, and the raw HTML in it, into the document model
// (export/doc) that every format renders. It is the only package that
// imports goldmark.
package markdown

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/warraq/warraq/export/locale"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// newParser returns a goldmark instance for documents in language lang
// (BCP 47). GFM (tables, strikethrough, autolinks, task lists) and footnotes
// are on. The typographer turns straight quotes into the marks the language
// uses (export/locale). Raw HTML stays in the tree as RawHTML/HTMLBlock
// nodes, for the lowering to read.
func newParser(lang string) goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(
			gfm{},
			extension.Footnote,
			extension.NewTypographer(extension.WithTypographicSubstitutions(quotes(lang))),
		),
		goldmark.WithParserOptions(
			parser.WithAttribute(),
			parser.WithInlineParsers(
				util.Prioritized(labelLimit{}, 199), // just before the link parser
				util.Prioritized(&procliticQuotes{lang: lang}, 9990),
				util.Prioritized(&arabicPunctuation{lang: lang}, 9990),
			),
		),
	)
}

// gfm is goldmark's extension.GFM (autolinks, tables, strikethrough,
// task lists, extended in that order) with its autolink parser behind
// quickLinkify.
type gfm struct{}

func (gfm) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(
		util.Prioritized(quickLinkify{extension.NewLinkifyParser()}, 999), // as extension.Linkify
	))
	extension.Table.Extend(m)
	extension.Strikethrough.Extend(m)
	extension.TaskList.Extend(m)
}

// quickLinkify is goldmark's autolink parser, asked only where a link can
// start. It is called at every space and at the start of every line, and
// after the one character it may step over (a space, * _ ~ or an opening
// bracket) it looks for http:, https:, ftp: or www., then for an e-mail
// address, which starts with an ASCII letter, digit or symbol: after a
// space, a control character or a byte past ASCII (an Arabic word), it
// finds nothing and moves nothing. Asking it there anyway, before each of
// an Arabic book's words, was 4.5% of the instructions of loading one.
type quickLinkify struct{ parser.InlineParser }

func (q quickLinkify) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if len(line) == 0 {
		return q.InlineParser.Parse(parent, block, pc)
	}
	rest := line
	switch line[0] {
	case ' ', '*', '_', '~', '(':
		rest = line[1:]
	}
	if len(rest) == 0 || rest[0] <= ' ' || rest[0] >= utf8.RuneSelf {
		return nil
	}
	return q.InlineParser.Parse(parent, block, pc)
}

// parse parses src as a document in language lang.
func parse(src []byte, lang string) ast.Node {
	return parserFor(lang).Parse(text.NewReader(src))
}

// parsers are the parsers made so far, by language. A goldmark parser
// sets itself up on its first parse and keeps what each parse finds in
// that parse's context, so one serves every article in its language, at
// once: making one for each article was 5% of the CPU time of loading a
// 1,000-article book.
var parsers sync.Map // string → parser.Parser

func parserFor(lang string) parser.Parser {
	if p, ok := parsers.Load(lang); ok {
		return p.(parser.Parser)
	}
	p, _ := parsers.LoadOrStore(lang, newParser(lang).Parser())
	return p.(parser.Parser)
}

func quotes(lang string) extension.TypographicSubstitutions {
	s := extension.TypographicSubstitutions{
		extension.Ellipsis: []byte("…"),
		extension.EnDash:   []byte("–"),
		extension.EmDash:   []byte("—"),
		// goldmark's default is the entity "&rsquo;", which the model
		// would keep as those seven characters.
		extension.Apostrophe: []byte("’"),
	}
	loc := locale.For(lang)
	// In right-to-left text the opening mark comes first in logical order; bidi
	// mirroring is not applied to « », so the source order gives the right shape.
	s[extension.LeftDoubleQuote] = []byte(loc.Quotes.Open)
	s[extension.RightDoubleQuote] = []byte(loc.Quotes.Close)
	if loc.Guillemets() {
		s[extension.LeftSingleQuote] = []byte("‹")
		s[extension.RightSingleQuote] = []byte("›")
		s[extension.LeftAngleQuote] = []byte("«")
		s[extension.RightAngleQuote] = []byte("»")
		return s
	}
	s[extension.LeftSingleQuote] = []byte("‘")
	s[extension.RightSingleQuote] = []byte("’")
	return s
}

// procliticQuotes handles a straight double quote that follows a one-letter
// Arabic proclitic (و ف ب ك ل, written joined to the next word: و"باز").
// goldmark's typographer sees a letter on both sides of such a quote, cannot
// tell whether it opens or closes, and leaves it straight; in Arabic it always
// opens. The matching quote is closed here too, because the typographer only
// closes quotes it opened itself. It runs just before the typographer and
// returns nil for every other quote.
type procliticQuotes struct{ lang string }

var procliticKey = parser.NewContextKey()

func (p *procliticQuotes) Trigger() []byte { return []byte{'"'} }

func (p *procliticQuotes) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if !locale.For(p.lang).Guillemets() {
		return nil
	}
	line, _ := block.PeekLine()
	next := ' '
	if len(line) > 1 {
		next, _ = utf8.DecodeRune(line[1:])
	}
	open, _ := pc.Get(procliticKey).(int)
	if open > 0 && !unicode.IsLetter(next) && !unicode.IsDigit(next) {
		pc.Set(procliticKey, open-1)
		block.Advance(1)
		return ast.NewString([]byte("»"))
	}
	before := block.PrecendingCharacter()
	_, seg := block.Position()
	pos := seg.Start
	if !strings.ContainsRune("وفبكل", before) || !unicode.IsLetter(next) || !procliticStartsWord(block.Source(), pos) {
		return nil
	}
	pc.Set(procliticKey, open+1)
	block.Advance(1)
	return ast.NewString([]byte("«"))
}

// procliticStartsWord reports whether the proclitic just before offset pos in
// src begins a word, so that a quote inside a longer word is left alone.
func procliticStartsWord(src []byte, pos int) bool {
	_, n := utf8.DecodeLastRune(src[:pos]) // the proclitic itself
	if pos-n <= 0 {
		return true
	}
	r, _ := utf8.DecodeLastRune(src[:pos-n])
	return !unicode.IsLetter(r) && !unicode.IsMark(r)
}

// arabicPunctuation writes the Arabic comma and question mark (، ؟) where a
// source typed in a Latin keyboard layout has , or ? right after an
// Arabic word, in languages written in Arabic script. A mark after a digit or a
// Latin letter (3,5 or Unicode?) is left as typed. The semicolon is left alone:
// a trigger on ';' would split text where character references (&#1575;) end,
// and goldmark resolves those within one text segment.
type arabicPunctuation struct{ lang string }

var arabicMarks = map[byte]string{',': "،", '?': "؟"}

func (p *arabicPunctuation) Trigger() []byte { return []byte{',', '?'} }

func (p *arabicPunctuation) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if !locale.For(p.lang).Guillemets() {
		return nil
	}
	line, _ := block.PeekLine()
	before := block.PrecendingCharacter()
	if !unicode.Is(unicode.Arabic, before) || unicode.IsDigit(before) {
		return nil
	}
	if len(line) > 1 {
		next, _ := utf8.DecodeRune(line[1:])
		if !unicode.IsSpace(next) && !unicode.IsPunct(next) && !unicode.Is(unicode.Arabic, next) {
			return nil
		}
	}
	block.Advance(1)
	return ast.NewString([]byte(arabicMarks[line[0]]))
}
