package pdf

import (
	"strconv"
	"strings"
	"time"

	"github.com/warraq/warraq/export/collection"
)

// setup is the page geometry and typographic defaults of one book, derived from
// Config.PDF with any zero value replaced by Warraq's default, so that a Book
// built by hand (tests, library users) still lays out.
type setup struct {
	W, H                       float64 // page size, pt
	Top, Bottom, Inner, Outer  float64 // margins, pt
	Size                       float64 // body font size, pt
	Lead                       float64 // body line height, pt
	Indent                     bool    // first-line indent (true) or space between paragraphs
	Recto                      bool    // articles start on a recto page
	Arabic                     bool    // arabic-indic digits
	TOCDepth                   int
	RTL                        bool
	Lang                       string
	TextW, TextH               float64 // the text block
	HeadGap                    float64 // distance from the text block's top to the running head's baseline
	NoteSize, NoteLead, Paragr float64
}

// Page sizes in points (ISO 216 and US), portrait.
var pageSizes = map[string][2]float64{
	"a4":     {595.28, 841.89},
	"a5":     {419.53, 595.28},
	"b5":     {498.90, 708.66},
	"letter": {612, 792},
	"6x9":    {432, 648},
}

func newSetup(b *collection.Book) setup {
	c := b.Config.PDF
	s := setup{W: c.Width, H: c.Height}
	if s.W <= 0 || s.H <= 0 {
		sz, ok := pageSizes[strings.ToLower(c.Size)]
		if !ok {
			sz = pageSizes["a5"]
		}
		s.W, s.H = sz[0], sz[1]
	}
	// Default margins scale with the page: A5 gets about 17 mm inside, 14 mm outside.
	def := func(v, frac float64) float64 {
		if v > 0 {
			return v
		}
		return s.W * frac
	}
	s.Top = def(c.Margins.Top, 0.13)
	s.Bottom = def(c.Margins.Bottom, 0.14)
	s.Inner = def(c.Margins.Inner, 0.12)
	s.Outer = def(c.Margins.Outer, 0.10)
	s.Size = c.FontSize
	if s.Size <= 0 {
		s.Size = 11
	}
	lead := c.Leading
	if lead <= 0 {
		lead = 1.7
	}
	s.Lead = s.Size * lead
	s.Indent = c.Paragraph != "space"
	s.Recto = c.ArticleStart == "recto"
	s.Arabic = c.Digits == "arabic-indic"
	s.TOCDepth = c.TOCDepth
	if s.TOCDepth <= 0 {
		s.TOCDepth = 1
	}
	s.RTL = b.Meta.Direction != "ltr"
	s.Lang = b.Meta.Language
	if s.Lang == "" {
		s.Lang = "ar"
	}
	s.TextW = s.W - s.Inner - s.Outer
	s.TextH = s.H - s.Top - s.Bottom
	s.HeadGap = s.Top * 0.45
	s.NoteSize = s.Size * 0.8
	s.NoteLead = s.NoteSize * (lead - 0.15)
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

var arabicIndic = []rune("٠١٢٣٤٥٦٧٨٩")

// digits writes n with the book's digits.
func (s setup) digits(n int) string { return formatDigits(strconv.Itoa(n), s.Arabic) }

func formatDigits(v string, arabic bool) string {
	if !arabic {
		return v
	}
	var b strings.Builder
	for _, r := range v {
		if r >= '0' && r <= '9' {
			r = arabicIndic[r-'0']
		}
		b.WriteRune(r)
	}
	return b.String()
}

// frontNumber is the printed number of front-matter page n (1-based): lower-case
// roman with latin digits, and the abjad letters Arabic books traditionally use
// for their preliminary pages with arabic-indic digits.
func (s setup) frontNumber(n int) string {
	if s.Arabic {
		return abjad(n)
	}
	return roman(n)
}

func roman(n int) string {
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}

// abjad writes n (1..1999) in abjad numerals, highest value first (e.g. 11 = يا).
func abjad(n int) string {
	ones := []string{"", "أ", "ب", "ج", "د", "هـ", "و", "ز", "ح", "ط"}
	tens := []string{"", "ي", "ك", "ل", "م", "ن", "س", "ع", "ف", "ص"}
	hundreds := []string{"", "ق", "ر", "ش", "ت", "ث", "خ", "ذ", "ض", "ظ"}
	if n <= 0 || n >= 2000 {
		return strconv.Itoa(n)
	}
	var b strings.Builder
	if n >= 1000 {
		b.WriteString("غ")
		n -= 1000
	}
	b.WriteString(hundreds[n/100])
	b.WriteString(tens[n/10%10])
	b.WriteString(ones[n%10])
	return b.String()
}

var monthsAr = []string{"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"}
var monthsFa = []string{"ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه", "اوت", "سپتامبر", "اکتبر", "نوامبر", "دسامبر"}

// date writes t as "day month year" with the month named in the language.
func (s setup) date(t time.Time, lang string) string {
	base := strings.ToLower(lang)
	if i := strings.IndexAny(base, "-_"); i >= 0 {
		base = base[:i]
	}
	var month string
	switch base {
	case "ar":
		month = monthsAr[t.Month()-1]
	case "fa":
		month = monthsFa[t.Month()-1]
	default:
		month = t.Month().String()
	}
	return s.digits(t.Day()) + " " + month + " " + s.digits(t.Year())
}

// words for the few strings the layout itself prints.
func (s setup) word(key string) string {
	base := strings.ToLower(s.Lang)
	if i := strings.IndexAny(base, "-_"); i >= 0 {
		base = base[:i]
	}
	ar := map[string]string{"contents": "المحتويات", "sep": "، "}
	fa := map[string]string{"contents": "فهرست مطالب", "sep": "، "}
	en := map[string]string{"contents": "Contents", "sep": ", "}
	switch base {
	case "ar", "ur", "ps", "sd", "ug", "ku", "ckb":
		return ar[key]
	case "fa":
		return fa[key]
	}
	return en[key]
}
