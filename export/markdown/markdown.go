// Package markdown holds the one goldmark configuration that every stage reads
// Markdown with, so the EPUB and the PDF see the same document.
package markdown

import (
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// New returns a goldmark instance for documents in language lang (BCP 47).
// GFM (tables, strikethrough, autolinks, task lists) and footnotes are on. The
// typographer turns straight quotes into the marks the language uses: « » for
// Arabic, Persian and Urdu; “ ” ‘ ’ otherwise. Raw HTML stays in the AST as
// RawHTML/HTMLBlock nodes: renderers decide what to keep.
func New(lang string) goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			extension.Footnote,
			extension.NewTypographer(extension.WithTypographicSubstitutions(quotes(lang))),
		),
		goldmark.WithParserOptions(parser.WithAttribute()),
	)
}

// Parse parses src as a document in language lang.
func Parse(src []byte, lang string) ast.Node {
	return New(lang).Parser().Parse(text.NewReader(src))
}

// UsesGuillemets reports whether a language quotes with « ».
func UsesGuillemets(lang string) bool {
	base := strings.ToLower(lang)
	if i := strings.IndexAny(base, "-_"); i >= 0 {
		base = base[:i]
	}
	switch base {
	case "ar", "fa", "ur", "ps", "ku", "ckb", "sd", "ug":
		return true
	}
	return false
}

func quotes(lang string) extension.TypographicSubstitutions {
	s := extension.TypographicSubstitutions{
		extension.Ellipsis: []byte("…"),
		extension.EnDash:   []byte("–"),
		extension.EmDash:   []byte("—"),
	}
	if UsesGuillemets(lang) {
		// In right-to-left text the opening mark comes first in logical order; bidi
		// mirroring is not applied to « », so the source order gives the right shape.
		s[extension.LeftDoubleQuote] = []byte("«")
		s[extension.RightDoubleQuote] = []byte("»")
		s[extension.LeftSingleQuote] = []byte("‹")
		s[extension.RightSingleQuote] = []byte("›")
		s[extension.LeftAngleQuote] = []byte("«")
		s[extension.RightAngleQuote] = []byte("»")
		return s
	}
	s[extension.LeftDoubleQuote] = []byte("“")
	s[extension.RightDoubleQuote] = []byte("”")
	s[extension.LeftSingleQuote] = []byte("‘")
	s[extension.RightSingleQuote] = []byte("’")
	return s
}
