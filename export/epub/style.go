package epub

import (
	"bytes"
	"cmp"
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/warraq/warraq/export/doc"
	"github.com/warraq/warraq/export/locale"
	"github.com/warraq/warraq/export/text"
	"github.com/warraq/warraq/fonts"
	"github.com/warraq/warraq/templates"
)

// embeddedFace is a font file in the package.
type embeddedFace struct {
	family string
	style  fonts.Style
	href   string // under OEBPS/
	data   []byte
}

// embeddedFaces lists the font files to embed: each role's faces, the
// companions its headings need, then the fallback faces the book's text
// needs, once each.
func (p *packager) embeddedFaces(companions []*text.Face) []embeddedFace {
	fs := p.opt.Fonts
	if fs == nil {
		return nil
	}
	var out []embeddedFace
	seen := map[*text.Face]bool{}
	var use []*text.Face
	for _, role := range []text.Role{text.Body, text.Heading, text.Mono} {
		for _, st := range []fonts.Style{fonts.Regular, fonts.Bold, fonts.Italic, fonts.BoldItalic} {
			use = append(use, fs.Face(role, st == fonts.Bold || st == fonts.BoldItalic, st == fonts.Italic || st == fonts.BoldItalic))
		}
	}
	use = append(use, companions...)
	for _, f := range append(use, p.fallbacks...) {
		if f == nil || seen[f] || len(f.Data) == 0 {
			continue
		}
		seen[f] = true
		base := path.Base(strings.ReplaceAll(f.File, `\`, "/"))
		ext := strings.ToLower(path.Ext(base))
		if ext != ".otf" {
			ext = ".ttf"
		}
		out = append(out, embeddedFace{
			family: familyName(f), style: f.Style, data: f.Data,
			href: p.claim("fonts/", strings.TrimSuffix(base, path.Ext(base)), ext, "font"),
		})
	}
	return out
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
	scan := func(s string) {
		for _, r := range s {
			if r > 0x7f && (unicode.IsLetter(r) || unicode.IsNumber(r)) && !missing[r] && !body.HasRune(r) {
				missing[r] = true
			}
		}
	}
	meta := p.b.Meta
	scan(meta.Title + meta.Subtitle + strings.Join(meta.Authors, "") + meta.Publisher)
	p.scanGenerated(scan)
	for _, a := range p.b.Articles {
		scan(a.Title + a.Subtitle + strings.Join(a.Authors, "") + strings.Join(a.Tags, ""))
		scanDocument(a.Doc, scan)
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

// companionFaces are the faces that set, in headings, the letters the
// heading face lacks (its family's companions: Latin in a Kufi heading in
// Noto Sans Bold), embedded only when a heading of the book has such a
// letter.
func (p *packager) companionFaces() []*text.Face {
	fs := p.opt.Fonts
	head := fs.Face(text.Heading, false, false)
	// The stylesheet sets every heading bold (and emphasis in a heading
	// upright), so the bold companion is the only one a heading uses.
	comps := fs.Companions(text.Heading, true, false)
	if head == nil || len(comps) == 0 {
		return nil
	}
	needed := false
	scan := func(s string) {
		for _, r := range s {
			if !needed && unicode.IsLetter(r) && !head.HasRune(r) && comps[0].HasRune(r) {
				needed = true
			}
		}
	}
	scan(p.b.Meta.Title)
	for _, part := range p.b.Parts {
		scan(part.Title)
	}
	for _, a := range p.b.Articles {
		scan(a.Title)
		doc.InspectDocument(a.Doc, func(n any) bool {
			if h, ok := n.(*doc.Heading); ok {
				scan(doc.PlainText(h.Content))
			}
			_, inline := n.(doc.Inline)
			return !inline
		})
	}
	if !needed {
		return nil
	}
	return comps
}

// scanDocument passes scan every text of a document a reader may see:
// its words, its code, its images' text alternatives.
func scanDocument(d *doc.Document, scan func(string)) {
	doc.InspectDocument(d, func(n any) bool {
		switch x := n.(type) {
		case *doc.Text:
			scan(x.Text)
		case *doc.CodeBlock:
			scan(x.Text)
		case *doc.Image:
			scan(x.Alt)
		}
		return true
	})
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
			scan(loc.Date(a.Date, p.native) + p.loc.Date(a.Date, p.native))
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
}

// stylesheet adds the stylesheet, which declares the fonts it embeds:
// the role faces and the fallbacks the book's letters need.
func (p *packager) stylesheet(m *manifest) error {
	var companions []*text.Face
	if p.opt.Fonts != nil {
		p.fallbacks = p.fallbackFaces()
		companions = p.companionFaces()
	}
	p.faces = p.embeddedFaces(companions)
	v := cssView{LineHeight: "1.8", ListStyle: listStyle(p.loc, p.native)}
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
	stack := func(role text.Role, generic string) string {
		var names []string
		if fs := p.opt.Fonts; fs != nil {
			// The role's face, then its companions the book embeds (Latin in
			// a Kufi heading in Noto Sans before the body's serif), then
			// the body face and the fallbacks.
			faces := []*text.Face{fs.Face(role, false, false)}
			for _, f := range companions {
				if slices.Contains(fs.Companions(role, true, false), f) {
					faces = append(faces, f)
				}
			}
			faces = append(faces, fs.Face(text.Body, false, false))
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
	v.BodyStack, v.HeadingStack, v.MonoStack = stack(text.Body, "serif"), stack(text.Heading, "serif"), stack(text.Mono, "monospace")
	if fs := p.opt.Fonts; fs != nil {
		// Without a real italic face, emphasis is shown in colour: browsers
		// would otherwise slant the letters, which Arabic never does.
		if f := fs.Face(text.Body, false, true); f != nil && f.Style != fonts.Italic {
			v.EmphasisColour = "#8a2c1b"
		}
	}
	var buf bytes.Buffer
	if err := templates.Execute(&buf, "book.css", v); err != nil {
		return fmt.Errorf("epub: %w", err)
	}
	m.add(cssFile, buf.Bytes(), "css", "text/css", "", false)
	return nil
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
