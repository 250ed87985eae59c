package collection

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"

	"github.com/warraq/warraq/export/config"
	"github.com/warraq/warraq/export/diag"
	"github.com/warraq/warraq/fonts"
	"github.com/warraq/warraq/internal/slug"
)

// configInfo is what parsing book.yaml learns beyond Config: parsed dates and
// the lines of entries that later stages may need to blame.
type configInfo struct {
	date, since, until time.Time
	articleLines       []int
	partLines          []int   // line of each part's title/entry
	partArticleLines   [][]int // line of each article of each part
	coverLine          int
	fontLines          map[string]int // fonts.body/heading/mono -> line
	orderLine          int
}

var colorRE = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// parseConfig decodes book.yaml. Every problem is appended to diags with the
// file name and line.
func parseConfig(src []byte, file string, diags *[]diag.Diagnostic) (Config, configInfo) {
	var cfg Config
	var info configInfo
	r := diag.List{File: file, Diags: diags}
	root, ok := config.Parse(src, r)
	if !ok || root == nil {
		return cfg, info
	}
	var parts *yaml.Node
	config.Map(root, r, "book.yaml", config.Fields{
		"title":     config.Str(r, "title", &cfg.Title),
		"subtitle":  config.Str(r, "subtitle", &cfg.Subtitle),
		"author":    config.StrList(r, "author", &cfg.Author),
		"publisher": config.Str(r, "publisher", &cfg.Publisher),
		"language": func(n *yaml.Node) {
			config.Str(r, "language", &cfg.Language)(n)
			if cfg.Language != "" {
				if _, err := language.Parse(cfg.Language); err != nil {
					r.Errorf(n.Line, "language: %q is not a BCP 47 language tag (e.g. ar, ar-EG, fa, en)", cfg.Language)
				}
			}
		},
		"direction":   config.OneOf(r, "direction", &cfg.Direction, "rtl", "ltr"),
		"identifier":  config.Str(r, "identifier", &cfg.Identifier),
		"date":        config.Date(r, "date", &info.date, &cfg.Date),
		"rights":      config.Str(r, "rights", &cfg.Rights),
		"description": config.Str(r, "description", &cfg.Description),
		"subjects":    config.StrList(r, "subjects", &cfg.Subjects),
		"slug": func(n *yaml.Node) {
			config.Str(r, "slug", &cfg.Slug)(n)
			if cfg.Slug != "" && slug.Make(cfg.Slug) != cfg.Slug {
				r.Errorf(n.Line, "slug: %q is not a file-name-safe slug (lower-case ASCII letters, digits and dashes, e.g. %q)", cfg.Slug, slug.Make(cfg.Slug))
			}
		},
		"cover":    func(n *yaml.Node) { info.coverLine = n.Line; decodeCover(n, r, &cfg.Cover) },
		"include":  config.StrList(r, "include", &cfg.Include),
		"exclude":  config.StrList(r, "exclude", &cfg.Exclude),
		"tags":     config.StrList(r, "tags", &cfg.Tags),
		"since":    config.Date(r, "since", &info.since, &cfg.Since),
		"until":    config.Date(r, "until", &info.until, &cfg.Until),
		"drafts":   config.Bool(r, "drafts", &cfg.Drafts),
		"articles": config.StrListLines(r, "articles", &cfg.Articles, &info.articleLines),
		"order": func(n *yaml.Node) {
			if !config.IsNull(n) {
				info.orderLine = n.Line
			}
			config.OneOf(r, "order", &cfg.Order, "date", "date-desc", "title", "weight", "manual")(n)
		},
		"parts": func(n *yaml.Node) { parts = n },
		"fonts": func(n *yaml.Node) {
			info.fontLines = map[string]int{}
			font := func(key string, dst *string) func(*yaml.Node) {
				return func(n *yaml.Node) {
					info.fontLines[key] = n.Line + r.Offset
					config.Str(r, "fonts."+key, dst)(n)
				}
			}
			config.Map(n, r, "fonts", config.Fields{
				"body":    font("body", &cfg.Fonts.Body),
				"heading": font("heading", &cfg.Fonts.Heading),
				"mono":    font("mono", &cfg.Fonts.Mono),
			})
		},
		"pdf": func(n *yaml.Node) { decodePDF(n, r, &cfg.PDF) },
		"epub": func(n *yaml.Node) {
			config.Map(n, r, "epub", config.Fields{
				"digits":    config.OneOf(r, "epub.digits", &cfg.EPUB.Digits, "latin", "arabic-indic"),
				"toc-depth": tocDepth(r, "epub.toc-depth", &cfg.EPUB.TOCDepth),
			})
		},
	})
	if parts != nil {
		decodeParts(parts, r, &cfg.Parts, &info)
	}
	return cfg, info
}

func tocDepth(r diag.List, key string, dst *int) func(*yaml.Node) {
	return func(n *yaml.Node) {
		v := 0
		config.Int(r, key, &v)(n)
		if v < 0 || v > 3 {
			r.Errorf(n.Line, "%s: want 1, 2 or 3, got %d", key, v)
			return
		}
		if v != 0 {
			*dst = v
		}
	}
}

func decodeCover(n *yaml.Node, r diag.List, c *Cover) {
	if config.IsNull(n) {
		return
	}
	if n.Kind == yaml.ScalarNode {
		v := strings.TrimSpace(n.Value)
		if v != "generated" {
			c.Image = v
		}
		return
	}
	config.Map(n, r, "cover", config.Fields{
		"image":      config.Str(r, "cover.image", &c.Image),
		"style":      config.OneOf(r, "cover.style", &c.Style, "classic", "band", "minimal"),
		"background": colour(r, "cover.background", &c.Background),
		"foreground": colour(r, "cover.foreground", &c.Foreground),
	})
	if c.Image == "generated" {
		c.Image = ""
	}
}

func colour(r diag.List, key string, dst *string) func(*yaml.Node) {
	return func(n *yaml.Node) {
		var v string
		config.Str(r, key, &v)(n)
		if v == "" {
			return
		}
		if !colorRE.MatchString(v) {
			r.Errorf(n.Line, "%s: want a colour like \"#1f3a5f\", got %q", key, v)
			return
		}
		*dst = strings.ToLower(v)
	}
}

func decodeParts(n *yaml.Node, r diag.List, p *Parts, info *configInfo) {
	if config.IsNull(n) {
		return
	}
	switch n.Kind {
	case yaml.ScalarNode:
		config.OneOf(r, "parts", &p.Mode, "none", "year", "month", "tag")(n)
	case yaml.SequenceNode:
		p.Mode = "list"
		for _, item := range n.Content {
			item = config.Deref(item)
			var spec PartSpec
			var lines []int
			config.Map(item, r, "parts", config.Fields{
				"title":    config.Str(r, "parts.title", &spec.Title),
				"articles": config.StrListLines(r, "parts.articles", &spec.Articles, &lines),
			})
			if item.Kind == yaml.MappingNode && spec.Title == "" {
				r.Errorf(item.Line, "parts: every part needs a title")
			}
			p.List = append(p.List, spec)
			info.partLines = append(info.partLines, item.Line+r.Offset)
			info.partArticleLines = append(info.partArticleLines, lines)
		}
		if len(p.List) == 0 {
			r.Errorf(n.Line, "parts: the list is empty")
		}
	default:
		r.Errorf(n.Line, "parts: want none, year, month, tag or a list of parts, got %s", config.KindName(n))
	}
}

func decodePDF(n *yaml.Node, r diag.List, p *PDF) {
	config.Map(n, r, "pdf", config.Fields{
		"size": func(n *yaml.Node) {
			config.Str(r, "pdf.size", &p.Size)(n)
			if p.Size == "" {
				return
			}
			w, h, err := pageSize(p.Size)
			if err != nil {
				r.Errorf(n.Line, "pdf.size: %v", err)
				return
			}
			p.Width, p.Height = w, h
		},
		"margins": func(n *yaml.Node) {
			if n.Kind == yaml.ScalarNode {
				var v float64
				length(r, "pdf.margins", &v)(n)
				p.Margins = Margins{v, v, v, v}
				return
			}
			config.Map(n, r, "pdf.margins", config.Fields{
				"top":    length(r, "pdf.margins.top", &p.Margins.Top),
				"bottom": length(r, "pdf.margins.bottom", &p.Margins.Bottom),
				"inner":  length(r, "pdf.margins.inner", &p.Margins.Inner),
				"outer":  length(r, "pdf.margins.outer", &p.Margins.Outer),
			})
		},
		"font-size":     length(r, "pdf.font-size", &p.FontSize),
		"leading":       config.Number(r, "pdf.leading", &p.Leading),
		"paragraph":     config.OneOf(r, "pdf.paragraph", &p.Paragraph, "indent", "space"),
		"article-start": config.OneOf(r, "pdf.article-start", &p.ArticleStart, "page", "recto"),
		"digits":        config.OneOf(r, "pdf.digits", &p.Digits, "latin", "arabic-indic"),
		"toc-depth":     tocDepth(r, "pdf.toc-depth", &p.TOCDepth),
	})
}

func length(r diag.List, key string, dst *float64) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if config.IsNull(n) {
			return
		}
		if n.Kind == yaml.ScalarNode {
			if v, err := parseLength(n.Value); err == nil {
				*dst = v
				return
			}
		}
		r.Errorf(n.Line, "%s: want a length like 15mm, 0.75in, 12pt or a number of points, got %s", key, config.KindName(n))
	}
}

var units = map[string]float64{"": 1, "pt": 1, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72, "pc": 12, "px": 0.75}

// parseLength converts "15mm", "0.75in", "12pt" or "12" into points.
func parseLength(s string) (float64, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	i := len(s)
	for i > 0 && s[i-1] >= 'a' && s[i-1] <= 'z' {
		i--
	}
	num, unit := strings.TrimSpace(s[:i]), s[i:]
	f, ok := units[unit]
	if !ok {
		return 0, fmt.Errorf("unknown unit %q in %q (use mm, cm, in, pt)", unit, s)
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || v < 0 || v > 1e5 {
		return 0, fmt.Errorf("not a length: %q", s)
	}
	return v * f, nil
}

var pageSizes = map[string][2]float64{
	"a4":     {595.28, 841.89},
	"a5":     {419.53, 595.28},
	"a6":     {297.64, 419.53},
	"b5":     {498.90, 708.66},
	"letter": {612, 792},
	"6x9":    {432, 648},
}

// pageSize converts a size name or "WIDTHxHEIGHT" (each with its unit) into points.
func pageSize(s string) (w, h float64, err error) {
	key := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	if wh, ok := pageSizes[key]; ok {
		return wh[0], wh[1], nil
	}
	if a, b, ok := strings.Cut(key, "x"); ok {
		w, err1 := parseLength(a)
		h, err2 := parseLength(b)
		if err1 == nil && err2 == nil && w >= 72 && h >= 72 {
			return w, h, nil
		}
	}
	return 0, 0, fmt.Errorf("unknown page size %q (use A5, A4, B5, Letter, 6x9 or WIDTHxHEIGHT like 148mmx210mm)", s)
}

// rtlLanguages are the base languages written right to left.
var rtlLanguages = map[string]bool{
	"ar": true, "fa": true, "ur": true, "he": true, "yi": true, "ps": true, "ckb": true,
	"sd": true, "ug": true, "dv": true, "syr": true,
}

func directionOf(lang string) string {
	base := strings.ToLower(lang)
	if i := strings.IndexAny(base, "-_"); i >= 0 {
		base = base[:i]
	}
	if rtlLanguages[base] {
		return "rtl"
	}
	return "ltr"
}

// fillDefaults applies every default the Config comments promise.
func fillDefaults(c *Config) {
	if c.Language == "" {
		c.Language = "ar"
	}
	if c.Direction == "" {
		c.Direction = directionOf(c.Language)
	}
	if len(c.Include) == 0 {
		c.Include = []string{"**/*.md"}
	}
	if c.Order == "" {
		c.Order = "date"
	}
	if c.Parts.Mode == "" {
		c.Parts.Mode = "none"
	}
	if c.Cover.Style == "" {
		c.Cover.Style = "classic"
	}
	if c.Fonts.Body == "" {
		c.Fonts.Body = fonts.DefaultBody
	}
	if c.Fonts.Heading == "" {
		c.Fonts.Heading = fonts.DefaultHeading
	}
	if c.Fonts.Mono == "" {
		c.Fonts.Mono = fonts.DefaultMono
	}
	p := &c.PDF
	if p.Size == "" {
		p.Size = "A5"
		p.Width, p.Height, _ = pageSize("A5")
	}
	// Each margin left out takes its default; a margin cannot be set to zero.
	for _, m := range []struct {
		v   *float64
		def float64
	}{{&p.Margins.Top, 54}, {&p.Margins.Bottom, 54}, {&p.Margins.Inner, 54}, {&p.Margins.Outer, 40}} {
		if *m.v == 0 {
			*m.v = m.def
		}
	}
	if p.FontSize == 0 {
		p.FontSize = 11
	}
	if p.Leading == 0 {
		p.Leading = 1.7
	}
	if p.Paragraph == "" {
		p.Paragraph = "indent"
	}
	if p.ArticleStart == "" {
		p.ArticleStart = "page"
	}
	if p.Digits == "" {
		p.Digits = "latin"
	}
	if p.TOCDepth == 0 {
		p.TOCDepth = 1
	}
	if c.EPUB.Digits == "" {
		c.EPUB.Digits = "latin"
	}
	if c.EPUB.TOCDepth == 0 {
		c.EPUB.TOCDepth = 2
	}
}
