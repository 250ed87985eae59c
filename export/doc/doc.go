// Package doc is Warraq's document model: the one description of an
// article's body that every output format renders. It is built once, when a
// collection is loaded (export/markdown lowers goldmark's tree and the raw
// HTML in it), and read, never changed, by the renderers.
//
// Everything in it is final text: backslash escapes and entities decoded,
// typographic quotes and Arabic punctuation applied, raw HTML reduced to the
// same blocks and spans Markdown makes (or left out, with a warning, while
// loading). Links carry where they lead inside or outside the book, images
// the loaded file. So a renderer decides how things look, never what the
// book says: the EPUB and the PDF cannot disagree about the words.
//
// Every block and most inlines carry the file line they come from, for
// diagnostics that point at the source.
package doc

// Document is one article's body.
type Document struct {
	Blocks []Block
	// Notes are the footnotes, numbered from 1 in the order of their first
	// reference; Notes[i].Number == i+1.
	Notes []*Note
}

// Pos is where a node starts in its file: a 1-based line, 0 when unknown.
type Pos struct{ Line int }

// Position returns the node's line.
func (p Pos) Position() int { return p.Line }

// Block is a paragraph-level node: *Paragraph, *Heading, *CodeBlock, *Quote,
// *Verse, *List, *Table, *Figure, *Rule, *Div or *DefList.
type Block interface {
	Position() int
	block()
}

// Inline is a node inside a paragraph: *Text, *Span, *Link, *Image,
// *NoteRef or *Break.
type Inline interface{ inline() }

// Paragraph is a block of running text.
type Paragraph struct {
	Pos
	Content []Inline
}

// Heading is a section heading inside an article (the article's own title
// is not one). Levels run from 2, below the article title, and never skip
// one: a source that jumps from ## to #### gets levels 2 and 3.
type Heading struct {
	Pos
	Level   int    // 2..6
	ID      string // unique in the article: the anchor links and contents point at
	Class   string // from {.class} or raw HTML, for stylesheets
	Content []Inline
}

// CodeBlock is preformatted text, set left to right in the monospaced face.
type CodeBlock struct {
	Pos
	Lang string // the fence's info word ("go"), "" when none
	Text string // lines joined with "\n", no trailing newline or blank lines
}

// Quote is a block quotation, or a pull quote.
type Quote struct {
	Pos
	Kind   QuoteKind
	Blocks []Block
}

// QuoteKind is what a Quote is.
type QuoteKind int

const (
	// BlockQuote quotes another text, set apart from the article's own.
	BlockQuote QuoteKind = iota
	// PullQuote repeats a few of the article's words, set large to catch
	// the eye (Markdown: a block quote opening with [!pullquote]).
	PullQuote
)

// Verse is poetry set line by line (Markdown: a fenced block whose info
// string is verse). Each line is a bayt of two hemistichs, the sadr and the
// ʿajuz, set side by side with a gap between them, or a line of one;
// stanzas are set apart.
type Verse struct {
	Pos
	Stanzas [][]*VerseLine
}

// VerseLine is one line of verse: one or two hemistichs.
type VerseLine struct {
	Pos
	Hemistichs [][]Inline
}

// List is a bulleted or numbered list.
type List struct {
	Pos
	Ordered bool
	Start   int  // number of the first item, for ordered lists
	Delim   byte // '.' or ')' after the numbers of an ordered list
	Tight   bool // items hold one paragraph each and no space between them
	Items   []*Item
}

// Item is one list item.
type Item struct {
	Pos
	Task   Task
	Blocks []Block
}

// Task says whether a list item is a task list entry, and its state.
type Task int

const (
	NoTask Task = iota
	TaskOpen
	TaskDone
)

// Table is a table of inline cells.
type Table struct {
	Pos
	Columns []Align // one per column, the widest row's count
	Head    []*Row  // header rows (usually one, possibly none)
	Body    []*Row
}

// Row is a table row; it may have fewer cells than the table has columns.
type Row struct {
	Cells []*Cell
}

// Cell is a table cell.
type Cell struct {
	Content []Inline
}

// Align is a column's alignment.
type Align int

const (
	AlignNone Align = iota // the reading direction's start
	AlignLeft
	AlignRight
	AlignCenter
)

// Figure is an image standing alone as a block, with its caption (the
// image's title, when it has one).
type Figure struct {
	Pos
	Image   *Image
	Caption []Inline
}

// Rule is a thematic break.
type Rule struct{ Pos }

// Div groups blocks that share a language, a direction or a class: raw
// HTML's div, section, aside and the like.
type Div struct {
	Pos
	Lang, Dir string // "" when inherited; Dir is "rtl" or "ltr"
	Class     string
	Blocks    []Block
}

// DefList is a definition list (raw HTML dl).
type DefList struct {
	Pos
	Items []*DefItem
}

// DefItem is a term and its definitions.
type DefItem struct {
	Term []Inline
	Defs [][]Block
}

// Note is a footnote.
type Note struct {
	Pos
	Number int // 1-based, the order of first reference
	Refs   int // how many references point at it
	Blocks []Block
}

// Text is a run of characters.
type Text struct {
	Pos
	Text string
}

// Span is inline content with a meaning or a look: emphasis, code, a
// language or direction change, a stretch kept on one line.
type Span struct {
	Kind      SpanKind
	Lang, Dir string // "" when inherited; Dir is "rtl", "ltr" or "auto"
	Class     string
	Title     string // abbr's expansion, for instance
	// NoBreak keeps the content on one line: no line break inside it,
	// wherever the line-breaking rules would allow one (a name and its
	// version, "Go 1.26"; a token with hyphens, "USB-C"). It changes no
	// character: copying the text gives back what was typed.
	NoBreak bool
	// Mixed marks a span the mixed-script pass made (an isolate or a
	// stretch kept on one line), not one the author wrote. Formats render
	// it like any other span; the pass itself reads its content as part of
	// the text around it.
	Mixed   bool
	Content []Inline
}

// SpanKind is what a Span means.
type SpanKind int

const (
	Plain     SpanKind = iota // only Lang, Dir or Class matter
	Emph                      // *x*, <em>, <i>, <cite>, <dfn>, <var>
	Strong                    // **x**, <strong>, <b>
	Strike                    // ~~x~~, <del>, <s>
	Underline                 // <u>, <ins>
	Code                      // `x`, <code>, <samp>: text only, set as code
	Kbd                       // <kbd>
	Sub                       // <sub>
	Sup                       // <sup>
	Mark                      // <mark>
	Small                     // <small>
	Abbr                      // <abbr title="...">
)

// Link is a hyperlink. A zero Target means the link leads nowhere the book
// can follow (the loader warned): renderers show its content as plain text.
type Link struct {
	Pos
	Dest    string // the destination as written, decoded
	Title   string
	Target  Target
	Content []Inline
}

// Target is where a link leads.
type Target struct {
	URL      string // an absolute http, https or mailto URL when the link leaves the book
	Article  string // the target article's path when it stays inside the book
	Fragment string // a heading ID in that article, or "" for its start
}

// IsZero reports a link that leads nowhere.
func (t Target) IsZero() bool { return t == Target{} }

// Image is a picture inside running text, or a Figure's picture.
type Image struct {
	Pos
	Src   string // the path as written, decoded
	Alt   string // text alternative ("" when the author gave none: the loader warned)
	Title string
	Asset *Asset // the loaded file; images the book leaves out are not in the model
}

// Asset is an image file of the collection, loaded and checked.
type Asset struct {
	Path      string // slash-separated, relative to the collection; unique key
	Data      []byte // the file's bytes (WebP already converted to PNG)
	MediaType string // "image/jpeg" or "image/png"
	Width     int    // pixels
	Height    int
}

// NoteRef is a footnote reference.
type NoteRef struct {
	Pos
	Note *Note
	Ref  int // 0 for the note's first reference, 1 for the second...
}

// Break is a hard line break.
type Break struct{}

func (*Paragraph) block() {}
func (*Heading) block()   {}
func (*CodeBlock) block() {}
func (*Quote) block()     {}
func (*Verse) block()     {}
func (*List) block()      {}
func (*Table) block()     {}
func (*Figure) block()    {}
func (*Rule) block()      {}
func (*Div) block()       {}
func (*DefList) block()   {}

func (*Text) inline()    {}
func (*Span) inline()    {}
func (*Link) inline()    {}
func (*Image) inline()   {}
func (*NoteRef) inline() {}
func (*Break) inline()   {}
