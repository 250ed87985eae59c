// Package text is Warraq's text engine: it turns styled runs of a paragraph into
// lines of positioned glyphs. Pipeline: styled spans -> bidi (go-text bidi, UAX #9)
// -> itemisation by script, face and style -> shaping (go-text HarfBuzz port) ->
// line breaking at UAX #14 opportunities (go-text segmenter) -> per-line visual
// reordering (UAX #9 L1-L4) -> justification -> positioned glyphs.
//
// It knows nothing about Markdown or PDF: the PDF layout and the cover use it.
// An Engine is safe for concurrent use.
//
// Decisions worth knowing:
//   - Shaping is HarfBuzz's, untouched: each segment (a word with its trailing
//     space, cut further where style, face, script or bidi level change) is
//     shaped with the buffer's direction, script and language (the span's,
//     else the paragraph's) and the font's default features, exactly as
//     hb-shape does. Words are shaped in font units and cached per engine,
//     so a book shapes each distinct word once per face and language.
//   - Clusters follow HarfBuzz cluster level 1 (monotone characters): a harakah
//     is its own cluster unless HarfBuzz has to merge it (shadda reordering,
//     ligatures). Every character belongs to exactly one cluster, whose source
//     text is Glyph.Text on its first glyph in reading order.
//   - Characters no face can draw are reported in Block.Missing and drawn as
//     the span face's .notdef, never dropped. Controls (tab, newline) are
//     shaped as spaces; a newline is a forced line break.
//   - Code spans (Role Mono) are left-to-right bidi isolates, and a paragraph
//     may set other stretches apart (Paragraph.Isolates); the isolate marks
//     are given to the bidi algorithm only, never to shaping or the text.
//   - Trailing spaces of a line hang (zero advance, UAX #9 L1 level); Width and
//     Left describe the pen's extent without them.
//   - Justified paragraphs are broken by total fit (Knuth and Plass): spaces
//     may shrink a little and stretch, and the breaks minimise the sum of
//     every line's badness (breaking.go). With Paragraph.Kashida, joins
//     between Arabic letters may be lengthened first (kashida.go): a kashida
//     is not a glyph, so the text and HarfBuzz's glyphs stay as they were.
package text

// Direction is a paragraph's base direction.
type Direction int

const (
	LTR Direction = iota
	RTL
)

// Align says where a paragraph's lines sit between its margins. Start and End
// are relative to the paragraph direction.
type Align int

const (
	Justify Align = iota
	Start
	Center
	End
	// JustifyAll justifies every line, the last one too: a hemistich of
	// verse filling its half of the line.
	JustifyAll
)

// Style is how a span is drawn. Only Role, Bold, Italic, Size, Lang and
// NoBreak matter to the engine; the other fields are carried through to
// Run.Style for the layout.
type Style struct {
	Role         Role
	Bold, Italic bool
	Size         float64 // pt
	Lang         string  // BCP 47, for shaping; "" is the paragraph's language
	// NoBreak keeps a line from breaking between two characters of
	// NoBreak spans (a name and its version: "Go 1.26"), where UAX #14
	// would allow it; a forced break still breaks.
	NoBreak bool
	Color   [3]float64 // RGB 0..1 (zero = black)
	Decor   Decoration // lines and tints the layout draws with the run
	Link    string     // opaque; "" when not a link (layout makes annotations)
	Rise    float64    // baseline shift in pt (superscripts, subscripts)
	Tag     int        // opaque to the engine (layout uses it, e.g. note numbers)
}

// Decoration is what the layout draws with a run besides its glyphs.
type Decoration uint8

const (
	Underline Decoration = 1 << iota
	Strike
	Highlight // a tint behind the run
)

// Span is a piece of paragraph text in one style.
type Span struct {
	Text  string
	Style Style
}

// Paragraph is the engine's input: styled text plus the paragraph settings.
type Paragraph struct {
	Spans    []Span
	Dir      Direction // paragraph base direction
	Lang     string    // BCP 47, for shaping ("ar", "fa", "ur", "en"...)
	Align    Align
	Indent   float64   // first-line indent, pt, on the start side
	Isolates []Isolate // stretches set apart for the bidi algorithm; they may nest
	// Kashida lets justification lengthen joins between Arabic letters
	// (a kashida) before it stretches spaces; see kashida.go.
	Kashida bool
	// Balance breaks a paragraph that is not justified into lines of
	// near-equal length, no more of them than filling each line would
	// give, and avoids a last line of one word: titles, headings, captions.
	Balance bool
}

// Isolate sets a stretch of a paragraph apart for the bidi algorithm, as
// the marks LRI, RLI or FSI ... PDI would (UAX #9): its text is ordered in
// its own direction and the text around it is ordered as if it were one
// neutral character. This is what HTML's dir attribute does to an inline
// element. The marks are never part of the text, so copying the paragraph
// gives back exactly its spans.
type Isolate struct {
	Start, End int // byte offsets in the concatenated span text
	Dir        Direction
	Auto       bool // the direction of its first strong character (FSI); Dir is ignored
}

// Block is a laid-out paragraph.
type Block struct {
	Lines   []Line
	Missing []MissingRune // characters no face in the chain can draw (drawn as .notdef)
}

// MissingRune is a character that no face in the fallback chain can draw.
type MissingRune struct {
	Rune   rune
	Offset int      // byte offset in the concatenated span text
	Faces  []string // names of the faces tried, in order
}

// Line is one line of a Block.
type Line struct {
	Width   float64 // the width the glyphs occupy after justification/alignment is applied
	Left    float64 // where the pen starts: the glyphs' advances cover [Left, Left+Width]
	Ascent  float64 // max ascent of the faces/sizes used, pt (positive)
	Descent float64 // max descent, pt (positive)
	Runs    []Run   // in visual order, left to right
	Last    bool    // last line of the paragraph
}

// Run is a visual run of glyphs in one face, style and direction.
type Run struct {
	Face   *Face
	Style  Style
	RTL    bool
	Glyphs []Glyph // visual order, left to right
	// Kashidas are the lengthened joins justification drew between the
	// run's letters, left to right. They are drawing, not text: the glyph
	// to the left of each one has its width in its Advance.
	Kashidas []Kashida
}

// Kashida is a lengthened join between two Arabic letters: the face's
// tatweel glyph stretched to Width, its left end at X on the line, Y off the
// baseline (both like a Glyph's). Natural is the tatweel's own advance,
// pt: its outline is drawn with [0, Natural] stretched to [0, Width] and
// the ink beyond either end, which overlaps the letters it joins, as it is.
type Kashida struct {
	GID            uint16
	X, Y           float64
	Width, Natural float64
}

// Glyph is one positioned glyph.
type Glyph struct {
	// GID, Mark and order share one word: a glyph takes 56 bytes, not 72,
	// and a book's layout holds millions.
	GID  uint16
	Mark bool // a non-spacing mark (harakat) or zero-advance glyph

	order int32 // index in the paragraph's logical glyph sequence (ReadingOrder)

	// X, Y is where the glyph is drawn: from the line's left edge and
	// baseline (y up), pt, offsets and justification included.
	X, Y float64
	// Advance is the pen's move after the glyph, pt: 0 for marks; a
	// justified space's stretch and a kashida to its right are included.
	Advance float64
	Cluster int // byte offset in the paragraph text of the cluster's first char
	// Text is the cluster's source text on its first glyph in reading order
	// (a ligature carries all its characters); "" on the cluster's other glyphs.
	Text string
}

// PlacedGlyph is a glyph with the run it belongs to.
type PlacedGlyph struct {
	Glyph
	Run *Run
}
