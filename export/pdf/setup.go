package pdf

import (
	"strings"
	"time"

	"github.com/warraq/warraq/export/collection"
	"github.com/warraq/warraq/export/locale"
	"github.com/warraq/warraq/export/render"
	"github.com/warraq/warraq/export/text"
	"github.com/warraq/warraq/fonts"
)

// setup is the page geometry and typographic settings of one book, derived
// from its Options (whose defaults are applied where they are decoded).
type setup struct {
	W, H                       float64         // page size, pt
	Top, Bottom, Inner, Outer  float64         // margins, pt
	Size                       float64         // body font size, pt
	Lead                       float64         // body line height, pt
	Indent                     bool            // first-line indent (true) or space between paragraphs
	Recto                      bool            // articles start on a recto page
	Kashida                    bool            // justify Arabic with kashida before spaces
	Tags                       bool            // print articles' tags
	HeadBase                   int             // the structure level of an article's title: 1, or 2 under parts
	LinkColor                  *[3]float64     // links' colour; nil: the text's
	Colors                     themeColors     // the theme's colours
	EmphColor                  *[3]float64     // emphasis, when the body family has no italic; nil: italic
	HeadScale                  float64         // the theme's heading size, as a multiple of the built-in sizes
	Ornament, PartOrnament     string          // the theme's ornaments
	HeadOdd, HeadEven          string          // what the running heads of odd and even pages show
	Native                     bool            // numbers in the language's own digits
	Front                      locale.Numerals // the front matter's folios: abjad, Hebrew letters or roman
	TOCDepth                   int
	RTL                        bool
	Lang                       string
	loc                        *locale.Locale // the book language's table
	TextW, TextH               float64        // the text block
	NoteRaise                  float64        // how far notes sit above the foot (footDrops)
	HeadGap                    float64        // distance from the text block's top to the running head's baseline
	NoteSize, NoteLead, Paragr float64
	// Calendars are book.yaml's dates: the calendars dates are written in.
	Calendars []locale.Calendar
}

// fontLeading raises the leading to the least the body family of the
// book's language needs (fonts.Family.Leading: Nastaliq's words climb
// and descend far more than Naskh's).
func fontLeading(o Options, fs *text.FontSet, lang string) Options {
	if fs != nil {
		o.Leading = max(o.Leading, fs.Leading(lang))
	}
	return o
}

func newSetup(b *collection.Book, o Options) setup {
	s := setup{W: o.Width, H: o.Height,
		Top: o.Margins.Top, Bottom: o.Margins.Bottom, Inner: o.Margins.Inner, Outer: o.Margins.Outer,
		Size: o.FontSize, Lead: o.FontSize * o.Leading,
		Indent: o.Paragraph != "space", Recto: o.ArticleStart == "recto", Kashida: o.Justify == "kashida",
		Native: b.Meta.NativeDigits, Calendars: b.Meta.Calendars, TOCDepth: o.TOCDepth,
		RTL: b.Meta.Direction != "ltr", Lang: b.Meta.Language,
	}
	if s.Lang == "" {
		s.Lang = "ar"
	}
	s.loc = locale.For(s.Lang)
	s.Tags = o.Tags
	s.HeadBase = 1
	for _, p := range b.Parts {
		if p.Title != "" {
			s.HeadBase = 2
		}
	}
	if c, err := parseColor(o.LinkColor); err == nil && !strings.EqualFold(strings.TrimSpace(o.LinkColor), "none") {
		s.LinkColor = &c
	}
	s.Colors, s.HeadScale = o.Theme.colors(), o.Theme.HeadingScale
	if s.HeadScale <= 0 {
		s.HeadScale = 1
	}
	s.Ornament, s.PartOrnament = o.Theme.Ornament, o.Theme.PartOrnament
	s.HeadOdd, s.HeadEven = o.Theme.runningHeads(s.RTL)
	s.Front = locale.Numerals(o.FrontNumbers)
	if o.FrontNumbers == "auto" || o.FrontNumbers == "" {
		s.Front = s.loc.Front
	}
	s.TextW = s.W - s.Inner - s.Outer
	s.TextH = s.H - s.Top - s.Bottom
	s.HeadGap = s.Top * 0.45
	s.NoteSize = s.Size * 0.8
	s.NoteLead = s.NoteSize * (o.Leading - 0.15)
	s.Paragr = s.Lead * 0.5
	return s
}

// left returns the x of the text block on physical page n (1-based). The inner
// margin faces the spine: a left-to-right book binds on the left, so its odd
// (recto) pages lie on the right of a spread with the inner margin on their
// left; a right-to-left book binds on the right and everything mirrors.
func (s setup) left(n int) float64 {
	if s.innerLeft(n) {
		return s.Inner
	}
	return s.Outer
}

// innerLeft reports whether the spine is on the left of physical page n.
func (s setup) innerLeft(n int) bool { return (n%2 == 1) != s.RTL }

// digits writes n with the book's digits.
func (s setup) digits(n int) string { return s.loc.Number(n, s.Native) }

// frontNumber is the printed number of front-matter page n (1-based), in
// the numerals of the book's language or pdf.front-numbers: the abjad
// letters of Arabic books, the Hebrew letters of Hebrew ones, or lower-case
// roman numerals.
func (s setup) frontNumber(n int) string { return locale.FrontNumber(n, s.Front) }

// date writes t as "day month year" in the words and digits of language lang.
func (s setup) date(t time.Time, lang string) string {
	return locale.For(lang).Date(t, s.Native, s.Calendars...)
}

// emphasis sets EmphColor when the book's body family has no italic face,
// as the EPUB does: emphasis is then drawn upright in colour.
func (s *setup) emphasis(fs *text.FontSet) {
	if f := fs.FaceFor(s.Lang, text.Body, false, true); f != nil && f.Style != fonts.Italic {
		c, _ := parseColor(render.EmphasisColour)
		s.EmphColor = &c
	}
}

// footDrops sets NoteRaise: a page's last line of text is a body line or a
// note, and the two sit at different depths in their rows; the notes are
// raised by the difference, so that facing pages, with notes or without,
// end on the same baseline.
func (s *setup) footDrops(e *text.Engine) {
	drop := func(size, lead float64) float64 {
		l := shortLine(e, "نص text", text.Style{Role: text.Body, Size: size}, s.RTL, s.Lang)
		if l == nil {
			return 0
		}
		asc, desc := metrics(l, size)
		return (max(lead, asc+desc)-(asc+desc))/2 + desc
	}
	s.NoteRaise = max(0, drop(s.Size, s.Lead)-drop(s.NoteSize, s.NoteLead))
}
