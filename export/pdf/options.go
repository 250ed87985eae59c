package pdf

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/warraq/warraq/export/config"
	"github.com/warraq/warraq/export/diag"
)

// Options is the pdf: section of book.yaml with every default applied.
// Lengths are in points (book.yaml may give "15mm", "0.75in", "12pt" or a
// bare number of points).
type Options struct {
	Size          string  // the size as given: A5 (default), A4, B5, Letter, 6x9 or "WIDTHxHEIGHT"
	Width, Height float64 // the page, pt
	Margins       Margins
	FontSize      float64 // body size, pt; 11
	Leading       float64 // line height as a multiple of the font size; 1.7
	Paragraph     string  // "indent" (first-line indent, default) or "space" (between paragraphs)
	ArticleStart  string  // "page" (any new page, default) or "recto"
	TOCDepth      int     // 1: parts and articles (default); 2: and their level-2 headings
	Justify       string  // "kashida" (default): lengthen joins of Arabic letters before spaces; "spaces": spaces only
	FrontNumbers  string  // front matter folios: "auto" (default: the language's, abjad for Arabic books, Hebrew letters for Hebrew ones, roman otherwise), "abjad", "hebrew", "roman"
	Tags          bool    // print each article's tags under its title; false
	LinkColor     string  // "none" (default: links print like the text around them) or "#rrggbb"
	Theme         Theme   // colours, heading sizes, ornaments, running heads (theme.go)
}

// Margins in points. Facing pages mirror inner and outer.
type Margins struct {
	Top, Bottom, Inner, Outer float64
}

// Page sizes in points (ISO 216 and US), portrait.
var pageSizes = map[string][2]float64{
	"a4":     {595.28, 841.89},
	"a5":     {419.53, 595.28},
	"a6":     {297.64, 419.53},
	"b5":     {498.90, 708.66},
	"letter": {612, 792},
	"6x9":    {432, 648},
}

// DefaultOptions are the options of a book.yaml without a pdf: section.
func DefaultOptions() Options {
	return Options{
		Size: "A5", Width: pageSizes["a5"][0], Height: pageSizes["a5"][1],
		Margins:  Margins{Top: 54, Bottom: 54, Inner: 54, Outer: 40},
		FontSize: 11, Leading: 1.7, Paragraph: "indent", ArticleStart: "page", TOCDepth: 1,
		Justify: "kashida", FrontNumbers: "auto", LinkColor: "none", Theme: defaultTheme(),
	}
}

// Ranges of the pdf: settings. A page side stays within what PDF viewers
// show (ISO 32000-1, annex C: 14,400 units), and the margins must leave a
// text block that holds a line of a dozen ems and a few lines, with room for
// the running head and the folio.
const (
	minPage, maxPage       = 72.0, 14400.0 // pt, each side
	minFontSize, maxFontSz = 6.0, 36.0     // pt
	minLeading, maxLeading = 1.0, 3.0
	minMeasure             = 12  // ems of the body size across the text block
	minLines               = 6   // body lines down it
	minHeadRoom            = 2.0 // top and bottom margins, in body sizes
)

// decodeOptions reads the pdf: section of book.yaml (n may be nil).
func decodeOptions(n *yaml.Node, r diag.List) Options {
	o := DefaultOptions()
	if n == nil {
		return o
	}
	var lines struct{ size, fontSize, leading, top, bottom, inner, outer, link int }
	var theme *yaml.Node // decoded last: it may not repeat font-size or link-color
	config.Map(n, r, "pdf", config.Fields{
		"size": func(n *yaml.Node) {
			var s string
			config.Str(r, "pdf.size", &s)(n)
			if s == "" {
				return
			}
			w, h, err := pageSize(s)
			if err != nil {
				r.At(n.Column).Errorf(diag.InvalidValue, n.Line, "pdf.size: %v", err)
				return
			}
			o.Size, o.Width, o.Height = s, w, h
			lines.size = n.Line
		},
		"margins": func(n *yaml.Node) {
			// A margin left out keeps its default.
			m := &o.Margins
			margin := func(key string, dst *float64, line *int) func(*yaml.Node) {
				return func(n *yaml.Node) {
					if config.IsNull(n) {
						return
					}
					config.LengthRange(r, key, dst, 0, maxPage/2)(n)
					*line = n.Line
				}
			}
			if n.Kind == yaml.ScalarNode {
				v := -1.0
				margin("pdf.margins", &v, &lines.top)(n)
				if v >= 0 {
					*m = Margins{v, v, v, v}
					lines.bottom, lines.inner, lines.outer = lines.top, lines.top, lines.top
				}
				return
			}
			config.Map(n, r, "pdf.margins", config.Fields{
				"top":    margin("pdf.margins.top", &m.Top, &lines.top),
				"bottom": margin("pdf.margins.bottom", &m.Bottom, &lines.bottom),
				"inner":  margin("pdf.margins.inner", &m.Inner, &lines.inner),
				"outer":  margin("pdf.margins.outer", &m.Outer, &lines.outer),
			})
		},
		"font-size": func(n *yaml.Node) {
			config.LengthRange(r, "pdf.font-size", &o.FontSize, minFontSize, maxFontSz)(n)
			lines.fontSize = n.Line
		},
		"leading": func(n *yaml.Node) {
			config.NumberRange(r, "pdf.leading", &o.Leading, minLeading, maxLeading)(n)
			lines.leading = n.Line
		},
		"paragraph":     config.OneOf(r, "pdf.paragraph", &o.Paragraph, "indent", "space"),
		"article-start": config.OneOf(r, "pdf.article-start", &o.ArticleStart, "page", "recto"),
		"toc-depth":     config.IntRange(r, "pdf.toc-depth", &o.TOCDepth, 1, 3),
		"justify":       config.OneOf(r, "pdf.justify", &o.Justify, "kashida", "spaces"),
		"front-numbers": config.OneOf(r, "pdf.front-numbers", &o.FrontNumbers, "auto", "abjad", "hebrew", "roman"),
		"tags":          config.Bool(r, "pdf.tags", &o.Tags),
		"link-color": func(n *yaml.Node) {
			var v string
			config.Str(r, "pdf.link-color", &v)(n)
			if v == "" {
				return
			}
			if _, err := parseColor(v); err != nil {
				r.At(n.Column).Errorf(diag.InvalidValue, n.Line, "pdf.link-color: %v", err)
				return
			}
			o.LinkColor = v
			lines.link = n.Line
		},
		"theme": func(n *yaml.Node) { theme = n },
		"digits": func(n *yaml.Node) {
			r.At(n.Column).Errorf(diag.UnknownKey, n.Line, "pdf.digits: digits are set for the whole book now, so every format numbers alike: write digits: %s at the top level", strings.TrimSpace(n.Value))
		},
	})
	if theme != nil {
		lines.fontSize = decodeTheme(theme, r, &o, lines.fontSize, lines.link)
	}
	checkTextBlock(o, r, lines.size, lines.fontSize, lines.top, lines.bottom, lines.inner, lines.outer)
	return o
}

// checkTextBlock reports margins that leave too small a text block on the
// page, or too little room above and below it, at the line of the setting
// that last made it so (the margin, else the font size, else the size).
func checkTextBlock(o Options, r diag.List, size, fontSize, top, bottom, inner, outer int) {
	blame := func(lines ...int) int {
		for _, l := range lines {
			if l > 0 {
				return l
			}
		}
		return 0
	}
	m := o.Margins
	pt := config.Points
	page := fmt.Sprintf("the %s × %s page (%s)", pt(o.Width), pt(o.Height), o.Size)
	ok := true
	if w, min := o.Width-m.Inner-m.Outer, minMeasure*o.FontSize; w < min {
		ok = false
		r.Errorf(diag.InvalidValue, blame(inner, outer, fontSize, size), "pdf.margins: inner %s and outer %s leave a text block %s wide on %s; "+
			"at %s type it must be at least %s wide (%d ems)", pt(m.Inner), pt(m.Outer), pt(max(w, 0)), page, pt(o.FontSize), pt(min), minMeasure)
	}
	if h, min := o.Height-m.Top-m.Bottom, minLines*o.FontSize*o.Leading; h < min {
		ok = false
		r.Errorf(diag.InvalidValue, blame(top, bottom, fontSize, size), "pdf.margins: top %s and bottom %s leave a text block %s high on %s; "+
			"it must hold at least %d lines (%s)", pt(m.Top), pt(m.Bottom), pt(max(h, 0)), page, minLines, pt(min))
	}
	if !ok {
		return // the text block is the problem to solve first
	}
	for _, e := range []struct {
		key  string
		v    float64
		line int
		what string
	}{{"top", m.Top, top, "running head"}, {"bottom", m.Bottom, bottom, "page number"}} {
		if min := minHeadRoom * o.FontSize; e.v < min {
			r.Errorf(diag.InvalidValue, blame(e.line, fontSize, size), "pdf.margins.%s: %s leaves no room for the %s: at least %s (twice the font size)", e.key, pt(e.v), e.what, pt(min))
		}
	}
}

// pageSize converts a size name or "WIDTHxHEIGHT" (each with its unit) into
// points; the error says why a size is refused.
func pageSize(s string) (w, h float64, err error) {
	key := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	if wh, ok := pageSizes[key]; ok {
		return wh[0], wh[1], nil
	}
	a, b, ok := strings.Cut(key, "x")
	if !ok {
		names := make([]string, 0, len(pageSizes))
		for k := range pageSizes {
			names = append(names, k)
		}
		sort.Strings(names)
		msg := fmt.Sprintf("unknown page size %q (use A4, A5, A6, B5, Letter, 6x9 or WIDTHxHEIGHT like 148mmx210mm)", s)
		if sg := config.Suggest(key, names); sg != "" {
			msg += fmt.Sprintf("; did you mean %q?", strings.ToUpper(sg[:1])+sg[1:])
		}
		return 0, 0, errors.New(msg)
	}
	for i, side := range []string{a, b} {
		v, err := config.ParseLength(side)
		if err != nil {
			return 0, 0, fmt.Errorf("%q: %v", s, err)
		}
		what := [2]string{"width", "height"}[i]
		switch {
		case v < minPage:
			return 0, 0, fmt.Errorf("%q: the %s, %s, is less than %s (1in), the smallest page Warraq sets", s, what, config.Points(v), config.Points(minPage))
		case v > maxPage:
			return 0, 0, fmt.Errorf("%q: the %s, %s, is more than %s (200in, 5080mm), the largest page PDF viewers show", s, what, config.Points(v), config.Points(maxPage))
		}
		if i == 0 {
			w = v
		} else {
			h = v
		}
	}
	return w, h, nil
}

// parseColor reads "none" (ok false) or a colour "#rrggbb" as RGB in 0..1.
func parseColor(s string) (c [3]float64, err error) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "none") {
		return c, nil
	}
	h := strings.TrimPrefix(s, "#")
	if len(h) != 6 {
		return c, fmt.Errorf("colour %q is not none or #rrggbb", s)
	}
	for i := range 3 {
		v, err := strconv.ParseUint(h[2*i:2*i+2], 16, 8)
		if err != nil {
			return c, fmt.Errorf("colour %q is not none or #rrggbb", s)
		}
		c[i] = float64(v) / 255
	}
	return c, nil
}
