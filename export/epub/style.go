package epub

import (
	"bytes"
	"cmp"
	"fmt"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/warraq/warraq/export/locale"
	"github.com/warraq/warraq/export/render"
	"github.com/warraq/warraq/export/text"
	"github.com/warraq/warraq/fonts"
	"github.com/warraq/warraq/internal/runememo"
	"github.com/warraq/warraq/templates"
)

// embeddedFace is a font file in the package.
type embeddedFace struct {
	face   *text.Face
	family string
	style  fonts.Style
	href   string // under OEBPS/
	data   []byte
}

// fallbackFaces finds, for letters of the book the body face cannot draw
// (an Arabic word in a book set in a Latin-only font), the first proportional
// face of the set's fallback chain that can, so the reader does not fall back
// to whatever its system has.
func (p *packager) fallbackFaces() []*text.Face {
	fs := p.opt.Fonts
	body := fs.Face(text.Body, false, false)
	if body == nil {
		return nil
	}
	missing := map[rune]bool{}
	lacks := runememo.New(func(r rune) bool {
		return r > 0x7f && (unicode.IsLetter(r) || unicode.IsNumber(r)) && !body.HasRune(r)
	})
	scanRune := func(r rune) {
		if lacks.Is(r) && !missing[r] {
			missing[r] = true
		}
	}
	scan := func(s string) {
		for _, r := range s {
			scanRune(r)
		}
	}
	meta := p.b.Meta
	scan(meta.Title + meta.Subtitle + strings.Join(meta.Authors, "") + meta.Publisher)
	p.scanGenerated(scan)
	for _, a := range p.b.Articles {
		scan(a.Title + a.Subtitle + strings.Join(a.Authors, "") + strings.Join(a.Tags, ""))
		text, alt := a.Chars() // every character of the body's text and images' alternative texts
		for _, c := range text {
			scanRune(c.R)
		}
		for _, r := range alt {
			scanRune(r)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	runes := make([]rune, 0, len(missing))
	for r := range missing {
		runes = append(runes, r)
	}
	sort.Slice(runes, func(i, j int) bool { return runes[i] < runes[j] })
	// Heading and code faces are not candidates: a body word set in Kufi or
	// in a monospace face would stand out.
	skip := map[*text.Face]bool{body: true, fs.Face(text.Heading, false, false): true, fs.Face(text.Mono, false, false): true}
	var out []*text.Face
	for _, r := range runes {
		for _, f := range fs.Faces() {
			if fam, ok := fonts.Lookup(f.Family); skip[f] || (ok && fam.Mono) || f.Style != fonts.Regular {
				continue
			}
			if f.HasRune(r) {
				if !slices.Contains(out, f) {
					out = append(out, f)
				}
				break
			}
		}
	}
	return out
}

// scanGenerated passes scan what the pages add to the book's own words:
// part titles, labels, dates and numbers in the book's digits.
func (p *packager) scanGenerated(scan func(string)) {
	scan(p.loc.Labels.Contents + p.number(1234567890))
	for _, part := range p.b.Parts {
		scan(part.Title)
	}
	for _, a := range p.b.Articles {
		loc := locale.For(cmp.Or(a.Lang, p.lang))
		if a.SourceURL != "" {
			scan(loc.Labels.Source)
		}
		if !a.Date.IsZero() {
			scan(loc.Date(a.Date, p.native, p.b.Meta.Calendars...) + p.loc.Date(a.Date, p.native, p.b.Meta.Calendars...))
		}
	}
}

func familyName(f *text.Face) string {
	if f.Family != "" {
		return f.Family
	}
	return strings.TrimSuffix(path.Base(f.File), path.Ext(f.File))
}

func fontMediaType(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("OTTO")):
		return "font/otf"
	case bytes.HasPrefix(data, []byte("wOFF")):
		return "font/woff"
	case bytes.HasPrefix(data, []byte("wOF2")):
		return "font/woff2"
	}
	return "font/ttf"
}

type cssFace struct{ Family, Style, Weight, URL string }

type cssView struct {
	Faces                                 []cssFace
	BodyStack, HeadingStack, MonoStack    string
	LineHeight, ListStyle, EmphasisColour string
	HeadingLineHeight                     string
	// Langs set the languages with families of their own (an Urdu
	// quotation in Nastaliq inside an Arabic book) in those.
	Langs []cssLang
}

// cssLang is the font stacks and line height of one language's families.
type cssLang struct {
	Lang                               string
	BodyStack, HeadingStack, MonoStack string
	LineHeight, HeadingLineHeight      string
}

// italicFaces reports whether the font set has a real italic body face
// for emphasis.
func italicFaces(fs *text.FontSet) bool {
	f := fs.Face(text.Body, false, true)
	return f == nil || f.Style == fonts.Italic
}

// stylesheet adds the stylesheet, which declares the fonts it embeds: the
// faces the pages use, subset to the book's characters, and the fallbacks
// the book's letters need. It reads the pages, so it comes after them.
func (p *packager) stylesheet(m *manifest) error {
	v := cssView{LineHeight: "1.8", HeadingLineHeight: "1.5", ListStyle: listStyle(p.loc, p.native)}
	if fs := p.opt.Fonts; fs != nil {
		if p.fallbacksAhead != nil {
			r := <-p.fallbacksAhead
			if r.err != nil {
				return fmt.Errorf("epub: %w", r.err)
			}
			p.fallbacks = r.faces
		} else {
			p.fallbacks = p.fallbackFaces()
		}
		// Without a real italic face, emphasis is shown in colour: browsers
		// would otherwise slant the letters, which Arabic never does.
		italic := italicFaces(fs)
		if !italic {
			v.EmphasisColour = render.EmphasisColour
		}
		var pt *pageText
		var err error
		if m.pages != nil {
			pt, err = m.pages.pageText(m)
		} else {
			pt, err = readPages(m.files, italic, fs)
		}
		if err != nil {
			return fmt.Errorf("epub: reading the pages for their fonts: %w", err)
		}
		p.faces = p.embeddedFaces(p.usedFaces(pt))
		if err := p.subsetFaces(pt); err != nil {
			return fmt.Errorf("epub: %w", err)
		}
	}
	for _, f := range p.faces {
		cf := cssFace{Family: f.family, Style: "normal", Weight: "normal", URL: "../" + f.href}
		if f.style == fonts.Italic || f.style == fonts.BoldItalic {
			cf.Style = "italic"
		}
		if f.style == fonts.Bold || f.style == fonts.BoldItalic {
			cf.Weight = "bold"
		}
		v.Faces = append(v.Faces, cf)
	}
	stack := func(lang string, role text.Role, generic string) string {
		var names []string
		if fs := p.opt.Fonts; fs != nil {
			// The role's face, then its companions the book embeds (Latin
			// in a Kufi heading in Noto Sans before the body's serif), then
			// the body face and the fallbacks.
			faces := []*text.Face{fs.FaceFor(lang, role, false, false)}
			for _, f := range p.faces {
				if slices.Contains(fs.CompanionsFor(lang, role, true, false), f.face) || slices.Contains(fs.CompanionsFor(lang, role, false, false), f.face) {
					faces = append(faces, f.face)
				}
			}
			faces = append(faces, fs.FaceFor(lang, text.Body, false, false))
			for _, f := range append(faces, p.fallbacks...) {
				if f != nil {
					if n := templates.CSSString(familyName(f)); !slices.Contains(names, n) {
						names = append(names, n)
					}
				}
			}
		}
		return strings.Join(append(names, generic), ", ")
	}
	v.BodyStack, v.HeadingStack, v.MonoStack = stack("", text.Body, "serif"), stack("", text.Heading, "serif"), stack("", text.Mono, "monospace")
	if fs := p.opt.Fonts; fs != nil {
		v.LineHeight, v.HeadingLineHeight = lineHeights(fs, p.lang, v.LineHeight, v.HeadingLineHeight)
		for _, l := range fs.Languages() {
			cl := cssLang{Lang: l, BodyStack: stack(l, text.Body, "serif"), HeadingStack: stack(l, text.Heading, "serif"), MonoStack: stack(l, text.Mono, "monospace")}
			cl.LineHeight, cl.HeadingLineHeight = lineHeights(fs, l, v.LineHeight, v.HeadingLineHeight)
			v.Langs = append(v.Langs, cl)
		}
	}
	var buf bytes.Buffer
	if err := p.templates().Execute(&buf, "book.css", v); err != nil {
		return err
	}
	m.add(cssFile, buf.Bytes(), "css", "text/css", "", false)
	if s := p.b.Style; s != nil {
		m.add(styleFile, s.Data, "css-style", "text/css", "", false)
	}
	return nil
}

// lineHeights raises the text's and the headings' line heights to the
// least the language's body family needs (fonts.Family.Leading: Nastaliq's
// 2.5), as the PDF does.
func lineHeights(fs *text.FontSet, lang, body, heading string) (string, string) {
	min := fs.Leading(lang)
	raise := func(v string) string {
		if f, err := strconv.ParseFloat(v, 64); err == nil && f < min {
			return strconv.FormatFloat(min, 'f', -1, 64)
		}
		return v
	}
	return raise(body), raise(heading)
}

// listStyle is the CSS counter style of ordered lists: the language's own
// digits when the book asks for them.
func listStyle(l *locale.Locale, native bool) string {
	switch {
	case !native:
		return "decimal"
	case l.Lang == "ur":
		return "urdu"
	case l.Zero == '\u06F0':
		return "persian"
	case l.Zero == '\u0660':
		return "arabic-indic"
	}
	return "decimal"
}
