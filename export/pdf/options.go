package pdf

import (
	"fmt"
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
	FrontNumbers  string  // front matter folios: "auto" (default: abjad for Arabic books, roman otherwise), "abjad", "roman"
	Tags          bool    // print each article's tags under its title; false
	LinkColor     string  // "none" (default: links print like the text around them) or "#rrggbb"
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
		Justify: "kashida", FrontNumbers: "auto", LinkColor: "none",
	}
}

// decodeOptions reads the pdf: section of book.yaml (n may be nil).
func decodeOptions(n *yaml.Node, r diag.List) Options {
	o := DefaultOptions()
	if n == nil {
		return o
	}
	config.Map(n, r, "pdf", config.Fields{
		"size": func(n *yaml.Node) {
			var s string
			config.Str(r, "pdf.size", &s)(n)
			if s == "" {
				return
			}
			w, h, err := pageSize(s)
			if err != nil {
				r.Errorf(n.Line, "pdf.size: %v", err)
				return
			}
			o.Size, o.Width, o.Height = s, w, h
		},
		"margins": func(n *yaml.Node) {
			// A margin left out keeps its default; none can be zero.
			m := &o.Margins
			if n.Kind == yaml.ScalarNode {
				var v float64
				config.Length(r, "pdf.margins", &v)(n)
				if v > 0 {
					*m = Margins{v, v, v, v}
				}
				return
			}
			set := func(key string, dst *float64) func(*yaml.Node) {
				return func(n *yaml.Node) {
					var v float64
					config.Length(r, "pdf.margins."+key, &v)(n)
					if v > 0 {
						*dst = v
					}
				}
			}
			config.Map(n, r, "pdf.margins", config.Fields{
				"top": set("top", &m.Top), "bottom": set("bottom", &m.Bottom),
				"inner": set("inner", &m.Inner), "outer": set("outer", &m.Outer),
			})
		},
		"font-size":     positive(r, "pdf.font-size", &o.FontSize, config.Length),
		"leading":       positive(r, "pdf.leading", &o.Leading, config.Number),
		"paragraph":     config.OneOf(r, "pdf.paragraph", &o.Paragraph, "indent", "space"),
		"article-start": config.OneOf(r, "pdf.article-start", &o.ArticleStart, "page", "recto"),
		"toc-depth":     config.IntRange(r, "pdf.toc-depth", &o.TOCDepth, 1, 3),
		"justify":       config.OneOf(r, "pdf.justify", &o.Justify, "kashida", "spaces"),
		"front-numbers": config.OneOf(r, "pdf.front-numbers", &o.FrontNumbers, "auto", "abjad", "roman"),
		"tags":          config.Bool(r, "pdf.tags", &o.Tags),
		"link-color": func(n *yaml.Node) {
			var v string
			config.Str(r, "pdf.link-color", &v)(n)
			if v == "" {
				return
			}
			if _, err := parseColor(v); err != nil {
				r.Errorf(n.Line, "pdf.link-color: %v", err)
				return
			}
			o.LinkColor = v
		},
		"digits": func(n *yaml.Node) {
			r.Errorf(n.Line, "pdf.digits: digits are set for the whole book now, so every format numbers alike: write digits: %s at the top level", strings.TrimSpace(n.Value))
		},
	})
	return o
}

// positive decodes a number with dec and keeps it only when above zero (the
// default stays otherwise).
func positive(r diag.List, key string, dst *float64, dec func(diag.List, string, *float64) func(*yaml.Node)) func(*yaml.Node) {
	return func(n *yaml.Node) {
		var v float64
		dec(r, key, &v)(n)
		if v > 0 {
			*dst = v
		}
	}
}

// pageSize converts a size name or "WIDTHxHEIGHT" (each with its unit) into points.
func pageSize(s string) (w, h float64, err error) {
	key := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	if wh, ok := pageSizes[key]; ok {
		return wh[0], wh[1], nil
	}
	if a, b, ok := strings.Cut(key, "x"); ok {
		w, err1 := config.ParseLength(a)
		h, err2 := config.ParseLength(b)
		if err1 == nil && err2 == nil && w >= 72 && h >= 72 {
			return w, h, nil
		}
	}
	return 0, 0, fmt.Errorf("unknown page size %q (use A5, A4, B5, Letter, 6x9 or WIDTHxHEIGHT like 148mmx210mm)", s)
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
